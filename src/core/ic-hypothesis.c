/* ic-hypothesis.c — one ranked hypothesis, and one piece of evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-hypothesis"

#include "config.h"

#include "ic-enum-types.h"

#include <glib/gi18n-lib.h>

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

G_DEFINE_QUARK (ic-hypothesis-error-quark, ic_hypothesis_error)

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
      g_value_set_enum (value, self->likelihood);
      break;
    case H_PROP_STATUS:
      g_value_set_enum (value, self->status);
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
      ic_hypothesis_set_likelihood (self, (IcLikelihood) g_value_get_enum (value));
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
    g_param_spec_enum ("likelihood", NULL, NULL, IC_TYPE_LIKELIHOOD, IC_LIKELIHOOD_LIKELY, rw);
  h_properties[H_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, IC_TYPE_HYPOTHESIS_STATUS,
                       IC_HYPOTHESIS_STATUS_OPEN, ro);
  /* Read-only: a new command goes through ic_hypothesis_set_test_command(), which checks it. */
  h_properties[H_PROP_TEST_COMMAND] = g_param_spec_string ("test-command", NULL, NULL, "", ro);
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

/**
 * ic_hypothesis_set_test_command:
 * @command: (nullable): the new command; %NULL or empty for none
 *
 * Changes the command (autosaved by the store), unless it is refused by
 * ic_hypothesis_check_test_command(): then nothing changes.
 *
 * Returns: %TRUE if the command was taken; %FALSE with @error set
 */
gboolean
ic_hypothesis_set_test_command (IcHypothesis  *self,
                                const char    *command,
                                GError       **error)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), FALSE);

  if (command == NULL)
    command = "";
  if (!ic_hypothesis_check_test_command (command, error))
    return FALSE;
  if (g_strcmp0 (self->test_command, command) == 0)
    return TRUE;
  g_free (self->test_command);
  self->test_command = g_strdup (command);
  g_object_notify_by_pspec (G_OBJECT (self), h_properties[H_PROP_TEST_COMMAND]);
  return TRUE;
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

/* Test commands -------------------------------------------------------------- */

/* Characters that break a command over lines or drive a terminal when the
 * command is pasted into one: C0 controls (line feed, carriage return,
 * tab, escape, …), DEL, C1 controls, and the Unicode line and paragraph
 * separators. */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029;
}

/* Characters that reorder how the text around them is displayed, so that
 * what a reader sees is not what a shell runs (CVE-2021-42574). */
static gboolean
is_direction_mark (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e
         || c == 0x200f || c == 0x061c;
}

static const char *
describe_control (gunichar c)
{
  switch (c)
    {
    case '\n':
      return _("a line break");
    case '\r':
      return _("a carriage return");
    case '\t':
      return _("a tab");
    case 0x1b:
      return _("an escape character");
    case 0x2028:
    case 0x2029:
      return _("a line separator");
    default:
      return _("a control character");
    }
}

/**
 * ic_hypothesis_check_test_command:
 * @command: a test command, as typed or read from a file
 *
 * A test command is copied into a terminal, never run here; it must be
 * one line of plain text, so that pasting it runs no more than it shows.
 * Control characters (C0 including line breaks, tabs and escape, DEL, C1,
 * the Unicode line separators) are refused. Direction marks, which the
 * terminal may need for right-to-left text, are kept, and shown visibly
 * (ic_hypothesis_make_test_command_visible()).
 *
 * Returns: %TRUE if @command can be kept; otherwise %FALSE with @error
 *   (%IC_HYPOTHESIS_ERROR_CONTROL_CHARACTER) naming the first bad
 *   character and its position, counted in characters from 1
 */
gboolean
ic_hypothesis_check_test_command (const char  *command,
                                  GError     **error)
{
  guint position = 1;

  g_return_val_if_fail (command != NULL, FALSE);

  if (!g_utf8_validate (command, -1, NULL))
    {
      g_set_error_literal (error, IC_HYPOTHESIS_ERROR, IC_HYPOTHESIS_ERROR_CONTROL_CHARACTER,
                           _("The test command is not UTF-8 text"));
      return FALSE;
    }
  for (const char *p = command; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_control (c))
        continue;
      /* Translators: "The test command holds a line break (U+000A) at character 12: …" */
      g_set_error (error, IC_HYPOTHESIS_ERROR, IC_HYPOTHESIS_ERROR_CONTROL_CHARACTER,
                   _("The test command holds %s (U+%04X) at character %u: a test command is "
                     "one line of plain text"), describe_control (c), (guint) c, position);
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_hypothesis_make_test_command_visible:
 * @command: a test command
 * @marked: (out) (optional): set to whether @command holds a direction
 *   mark or a control character
 *
 * Writes each direction mark (U+202A–U+202E, U+2066–U+2069, U+200E,
 * U+200F, U+061C) and each control character (which a database written
 * before they were refused may hold) as its code point, e.g. ⟨U+202E⟩, so
 * that the command reads in the order a shell runs it. Everything else is
 * kept as it is.
 *
 * Returns: (transfer full): the command as it should be shown
 */
char *
ic_hypothesis_make_test_command_visible (const char *command,
                                         gboolean   *marked)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean any = FALSE;

  g_return_val_if_fail (command != NULL, NULL);

  for (const char *p = command; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the byte as a code point, and on to the next one. */
          g_string_append_printf (out, "⟨0x%02X⟩", (guint) (guchar) *p++);
          any = TRUE;
          continue;
        }
      if (is_direction_mark (c) || is_control (c))
        {
          g_string_append_printf (out, "⟨U+%04X⟩", (guint) c);
          any = TRUE;
        }
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  if (marked != NULL)
    *marked = any;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The rules ----------------------------------------------------------------- */

/**
 * ic_hypothesis_refuse_status:
 * @status: the status asked for
 * @evidence: (nullable): @self's evidence (#IcEvidence)
 * @hypotheses: (nullable): the incident's hypotheses, @self among them
 *
 * A hypothesis is refuted on evidence against it, and there is one clear
 * hypothesis at a time: a second one cannot be confirmed.
 *
 * Returns: (nullable): why @self cannot take @status, in words; %NULL when
 *   it can
 */
const char *
ic_hypothesis_refuse_status (IcHypothesis       *self,
                             IcHypothesisStatus  status,
                             GListModel         *evidence,
                             GListModel         *hypotheses)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (self), NULL);

  if (ic_hypothesis_status_to_string (status) == NULL)
    return _("Unknown hypothesis status");
  if (status == IC_HYPOTHESIS_STATUS_REFUTED)
    {
      guint against = 0;

      for (guint i = 0; evidence != NULL && i < g_list_model_get_n_items (evidence); i++)
        {
          g_autoptr(IcEvidence) item = g_list_model_get_item (evidence, i);

          against += ic_evidence_get_stance (item) == IC_STANCE_AGAINST;
        }
      if (against == 0)
        return _("Refuting a hypothesis needs at least one piece of evidence against it");
    }
  if (status == IC_HYPOTHESIS_STATUS_CONFIRMED)
    {
      for (guint i = 0; hypotheses != NULL && i < g_list_model_get_n_items (hypotheses); i++)
        {
          g_autoptr(IcHypothesis) other = g_list_model_get_item (hypotheses, i);

          if (other != self && ic_hypothesis_get_status (other) == IC_HYPOTHESIS_STATUS_CONFIRMED)
            return _("Another hypothesis is already confirmed; there is one clear hypothesis "
                     "at a time");
        }
    }
  return NULL;
}

/**
 * ic_hypotheses_meet_rule:
 * @hypotheses: (nullable): an incident's hypotheses (#IcHypothesis)
 *
 * The rule before any command: at least three hypotheses, one of them an
 * improbable wild card (going on without is the responder's choice, on the
 * record: see ic_store_get_hypotheses_ready()).
 *
 * Returns: whether @hypotheses meet it
 */
gboolean
ic_hypotheses_meet_rule (GListModel *hypotheses)
{
  guint n = hypotheses != NULL ? g_list_model_get_n_items (hypotheses) : 0;
  gboolean wild = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);

      wild |= ic_hypothesis_get_likelihood (hypothesis) == IC_LIKELIHOOD_WILD_CARD;
    }
  return n >= 3 && wild;
}
