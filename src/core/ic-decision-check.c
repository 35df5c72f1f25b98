/* ic-decision-check.c — one of the four decision-tree questions, answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-decision-check"

#include "config.h"

#include "ic-enum-types.h"

#include <glib/gi18n-lib.h>

#include "ic-decision-check-private.h"

struct _IcDecisionCheck
{
  GObject parent_instance;

  gint64 incident_id;
  int    step;
  int    answer;
  char  *note;
  gint64 answered_at;
};

enum {
  PROP_0,
  PROP_INCIDENT_ID,
  PROP_STEP,
  PROP_ANSWER,
  PROP_NOTE,
  PROP_ANSWERED_AT,
  PROP_IS_ANSWERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcDecisionCheck, ic_decision_check, G_TYPE_OBJECT)

static void
ic_decision_check_finalize (GObject *object)
{
  IcDecisionCheck *self = IC_DECISION_CHECK (object);

  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (ic_decision_check_parent_class)->finalize (object);
}

static void
ic_decision_check_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcDecisionCheck *self = IC_DECISION_CHECK (object);

  switch (prop_id)
    {
    case PROP_INCIDENT_ID:
      g_value_set_int64 (value, self->incident_id);
      break;
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    case PROP_ANSWER:
      g_value_set_enum (value, self->answer);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_ANSWERED_AT:
      g_value_set_int64 (value, self->answered_at);
      break;
    case PROP_IS_ANSWERED:
      g_value_set_boolean (value, ic_decision_check_get_is_answered (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_decision_check_class_init (IcDecisionCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_decision_check_finalize;
  object_class->get_property = ic_decision_check_get_property;

  properties[PROP_INCIDENT_ID] =
    g_param_spec_int64 ("incident-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STEP] = g_param_spec_int ("step", NULL, NULL, 1, IC_DECISION_CHECK_N_STEPS, 1,
                                            ro);
  properties[PROP_ANSWER] = g_param_spec_enum ("answer", NULL, NULL, IC_TYPE_CHECK_ANSWER,
                                               IC_CHECK_ANSWER_UNANSWERED, ro);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, "", ro);
  properties[PROP_ANSWERED_AT] =
    g_param_spec_int64 ("answered-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_IS_ANSWERED] = g_param_spec_boolean ("is-answered", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_decision_check_init (IcDecisionCheck *self)
{
  self->note = g_strdup ("");
  self->step = 1;
}

IcDecisionCheck *
_ic_decision_check_new (gint64         incident_id,
                        int            step,
                        IcCheckAnswer  answer,
                        const char    *note,
                        gint64         answered_at)
{
  IcDecisionCheck *self = g_object_new (IC_TYPE_DECISION_CHECK, NULL);

  self->incident_id = incident_id;
  self->step = step;
  self->answer = answer;
  g_free (self->note);
  self->note = g_strdup (note ? note : "");
  self->answered_at = answered_at;
  return self;
}

void
_ic_decision_check_set (IcDecisionCheck *self,
                        IcCheckAnswer    answer,
                        const char      *note,
                        gint64           answered_at)
{
  gboolean was_answered = ic_decision_check_get_is_answered (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->answer != (int) answer)
    {
      self->answer = answer;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER]);
    }
  if (g_strcmp0 (self->note, note ? note : "") != 0)
    {
      g_free (self->note);
      self->note = g_strdup (note ? note : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
  if (self->answered_at != answered_at)
    {
      self->answered_at = answered_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED_AT]);
    }
  if (was_answered != ic_decision_check_get_is_answered (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ANSWERED]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
ic_decision_check_get_incident_id (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), 0);
  return self->incident_id;
}

int
ic_decision_check_get_step (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), 0);
  return self->step;
}

IcCheckAnswer
ic_decision_check_get_answer (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), IC_CHECK_ANSWER_UNANSWERED);
  return (IcCheckAnswer) self->answer;
}

const char *
ic_decision_check_get_note (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), NULL);
  return self->note;
}

gint64
ic_decision_check_get_answered_at (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), 0);
  return self->answered_at;
}

gboolean
ic_decision_check_get_is_answered (IcDecisionCheck *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK (self), FALSE);
  return self->answer != IC_CHECK_ANSWER_UNANSWERED;
}

/**
 * ic_decision_check_get_question:
 * @step: 1 … %IC_DECISION_CHECK_N_STEPS, in the order they are asked
 *
 * Returns: the translated question
 */
const char *
ic_decision_check_get_question (int step)
{
  switch (step)
    {
    case 1:
      return _("Does it affect all users, or a subset?");
    case 2:
      return _("What changed in the last hour?");
    case 3:
      return _("Are we hitting a resource limit?");
    case 4:
      return _("Is the upstream dependency healthy?");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ic_decision_check_get_hint:
 *
 * Returns: the translated hint: what to look at to answer the question
 */
const char *
ic_decision_check_get_hint (int step)
{
  switch (step)
    {
    case 1:
      return _("Global or partial: one region, zone, read or write path, a share of traffic?");
    case 2:
      return _("Deploys, config pushes, DNS changes, migrations, feature flags — see the changes "
               "list.");
    case 3:
      return _("Connection pools, throttling, disk space, inodes, file descriptors, memory.");
    case 4:
      return _("Check health endpoints, not just error rates.");
    default:
      g_return_val_if_reached (NULL);
    }
}
