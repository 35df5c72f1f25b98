/* ic-hypothesis.c — one ranked hypothesis, and one piece of evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-hypothesis"

#include "config.h"

#include "ic-hypothesis-private.h"

struct _IcHypothesis
{
  GObject parent_instance;

  gint64 id;
  gint64 incident_id;
  int    rank;
  char  *text;
  int    likelihood;
  int    status;
  char  *test_command;
  gint64 status_changed_at;
};

enum {
  H_PROP_0,
  H_PROP_ID,
  H_PROP_INCIDENT_ID,
  H_PROP_RANK,
  H_PROP_TEXT,
  H_PROP_LIKELIHOOD,
  H_PROP_STATUS,
  H_PROP_TEST_COMMAND,
  H_PROP_STATUS_CHANGED_AT,
  H_N_PROPS
};

static GParamSpec *h_properties[H_N_PROPS];

G_DEFINE_FINAL_TYPE (IcHypothesis, ic_hypothesis, G_TYPE_OBJECT)

static void
ic_hypothesis_finalize (GObject *object)
{
  IcHypothesis *self = IC_HYPOTHESIS (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->test_command, g_free);

  G_OBJECT_CLASS (ic_hypothesis_parent_class)->finalize (object);
}

static void
ic_hypothesis_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IcHypothesis *self = IC_HYPOTHESIS (object);

  switch (prop_id)
    {
    case H_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case H_PROP_INCIDENT_ID:
      g_value_set_int64 (value, self->incident_id);
      break;
    case H_PROP_RANK:
      g_value_set_int (value, self->rank);
      break;
    case H_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case H_PROP_LIKELIHOOD:
      g_value_set_int (value, self->likelihood);
      break;
    case H_PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case H_PROP_TEST_COMMAND:
      g_value_set_string (value, self->test_command);
      break;
    case H_PROP_STATUS_CHANGED_AT:
      g_value_set_int64 (value, self->status_changed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_hypothesis_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IcHypothesis *self = IC_HYPOTHESIS (object);

  switch (prop_id)
    {
    case H_PROP_TEXT:
      ic_hypothesis_set_text (self, g_value_get_string (value));
      break;
    case H_PROP_LIKELIHOOD:
      ic_hypothesis_set_likelihood (self, (IcLikelihood) g_value_get_int (value));
      break;
    case H_PROP_TEST_COMMAND:
      ic_hypothesis_set_test_command (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_hypothesis_class_init (IcHypothesisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_hypothesis_finalize;
  object_class->get_property = ic_hypothesis_get_property;
  object_class->set_property = ic_hypothesis_set_property;

  h_properties[H_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  h_properties[H_PROP_INCIDENT_ID] =
    g_param_spec_int64 ("incident-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  h_properties[H_PROP_RANK] = g_param_spec_int ("rank", NULL, NULL, 0, G_MAXINT, 1, ro);
  h_properties[H_PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", rw);
  h_properties[H_PROP_LIKELIHOOD] =
    g_param_spec_int ("likelihood", NULL, NULL, IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_WILD_CARD,
                      IC_LIKELIHOOD_LIKELY, rw);
  h_properties[H_PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, IC_HYPOTHESIS_STATUS_OPEN,
                      IC_HYPOTHESIS_STATUS_REFUTED, IC_HYPOTHESIS_STATUS_OPEN, ro);
  h_properties[H_PROP_TEST_COMMAND] = g_param_spec_string ("test-command", NULL, NULL, "", rw);
  h_properties[H_PROP_STATUS_CHANGED_AT] =
    g_param_spec_int64 ("status-changed-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, H_N_PROPS, h_properties);
}

static void
ic_hypothesis_init (IcHypothesis *self)
{
  self->text = g_strdup ("");
  self->test_command = g_strdup ("");
}

IcHypothesis *
_ic_hypothesis_new (gint64              id,
                    gint64              incident_id,
                    int                 rank,
                    const char         *text,
                    IcLikelihood        likelihood,
                    IcHypothesisStatus  status,
                    const char         *test_command,
                    gint64              status_changed_at)
{
  IcHypothesis *self = g_object_new (IC_TYPE_HYPOTHESIS, NULL);

  self->id = id;
  self->incident_id = incident_id;
  self->rank = rank;
  g_free (self->text);
  self->text = g_strdup (text ? text : "");
  self->likelihood = likelihood;
  self->status = status;
  g_free (self->test_command);
  self->test_command = g_strdup (test_command ? test_command : "");
  self->status_changed_at = status_changed_at;
  return self;
}

void
_ic_hypothesis_set_rank (IcHypothesis *self,
                         int           rank)
{
  if (self->rank == rank)
    return;
  self->rank = rank;
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_RANK]);
}

void
_ic_hypothesis_set_status (IcHypothesis       *self,
                           IcHypothesisStatus  status,
                           gint64              when)
{
  if (self->status == (int) status)
    return;
  self->status = status;
  self->status_changed_at = when;
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_STATUS_CHANGED_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_STATUS]);
}

gint64
ic_hypothesis_get_id (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), 0);
  return self->id;
}

gint64
ic_hypothesis_get_incident_id (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), 0);
  return self->incident_id;
}

/**
 * ic_hypothesis_get_rank:
 *
 * Returns: 1 for the most likely; ranks of an incident are 1…n
 */
int
ic_hypothesis_get_rank (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), 0);
  return self->rank;
}

const char *
ic_hypothesis_get_text (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), NULL);
  return self->text;
}

void
ic_hypothesis_set_text (IcHypothesis *self,
                        const char   *text)
{
  g_return_if_fail (IC_IS_HYPOTHESIS (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_TEXT]);
}

IcLikelihood
ic_hypothesis_get_likelihood (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), IC_LIKELIHOOD_LIKELY);
  return (IcLikelihood) self->likelihood;
}

void
ic_hypothesis_set_likelihood (IcHypothesis *self,
                              IcLikelihood  likelihood)
{
  g_return_if_fail (IC_IS_HYPOTHESIS (self));
  g_return_if_fail (likelihood <= IC_LIKELIHOOD_WILD_CARD);

  if (self->likelihood == (int) likelihood)
    return;
  self->likelihood = likelihood;
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_LIKELIHOOD]);
}

const char *
ic_hypothesis_get_test_command (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), NULL);
  return self->test_command;
}

void
ic_hypothesis_set_test_command (IcHypothesis *self,
                                const char   *command)
{
  g_return_if_fail (IC_IS_HYPOTHESIS (self));

  if (command == NULL)
    command = "";
  if (g_strcmp0 (self->test_command, command) == 0)
    return;
  g_free (self->test_command);
  self->test_command = g_strdup (command);
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_TEST_COMMAND]);
}

IcHypothesisStatus
ic_hypothesis_get_status (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), IC_HYPOTHESIS_STATUS_OPEN);
  return (IcHypothesisStatus) self->status;
}

gint64
ic_hypothesis_get_status_changed_at (IcHypothesis *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), 0);
  return self->status_changed_at;
}

/* Evidence --------------------------------------------------------------- */

struct _IcEvidence
{
  GObject parent_instance;

  gint64 id;
  gint64 hypothesis_id;
  int    stance;
  char  *text;
  gint64 probe_sample_id;
  gint64 created_at;
};

G_DEFINE_FINAL_TYPE (IcEvidence, ic_evidence, G_TYPE_OBJECT)

static void
ic_evidence_finalize (GObject *object)
{
  IcEvidence *self = IC_EVIDENCE (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ic_evidence_parent_class)->finalize (object);
}

static void
ic_evidence_class_init (IcEvidenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_evidence_finalize;
}

static void
ic_evidence_init (IcEvidence *self)
{
}

IcEvidence *
_ic_evidence_new (gint64      id,
                  gint64      hypothesis_id,
                  IcStance    stance,
                  const char *text,
                  gint64      probe_sample_id,
                  gint64      created_at)
{
  IcEvidence *self = g_object_new (IC_TYPE_EVIDENCE, NULL);

  self->id = id;
  self->hypothesis_id = hypothesis_id;
  self->stance = stance;
  self->text = g_strdup (text);
  self->probe_sample_id = probe_sample_id;
  self->created_at = created_at;
  return self;
}

gint64
ic_evidence_get_id (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), 0);
  return self->id;
}

gint64
ic_evidence_get_hypothesis_id (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), 0);
  return self->hypothesis_id;
}

IcStance
ic_evidence_get_stance (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), IC_STANCE_FOR);
  return (IcStance) self->stance;
}

const char *
ic_evidence_get_text (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), NULL);
  return self->text;
}

/**
 * ic_evidence_get_probe_sample_id:
 *
 * Returns: the probe sample this evidence was copied from, or 0
 */
gint64
ic_evidence_get_probe_sample_id (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), 0);
  return self->probe_sample_id;
}

gint64
ic_evidence_get_created_at (IcEvidence *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (self), 0);
  return self->created_at;
}
