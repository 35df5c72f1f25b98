/* ic-rollback-timer.c — the two-minute rule
 *
 * No clear hypothesis within the length (two minutes by default) → roll
 * back the most recent reversible change. The deadline is the incident's
 * rollback-deadline, a wall-clock time, so a restart resumes the countdown
 * (or asks at once, if it passed while the app was closed). The timer
 * stops for good when a hypothesis is confirmed (identified-at is set); it
 * never pauses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-rollback-timer"

#include "config.h"

#include "ic-enum-types.h"

#include <glib/gi18n-lib.h>

#include "ic-incident.h"
#include "ic-rollback-timer.h"

/* How much one "Extend" buys. */
#define EXTENSION_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

struct _IcRollbackTimer
{
  GObject              parent_instance;

  /* Owned */
  IcStore             *store;
  IcIncident          *incident;
  gint64               length_us;
  IcRollbackTimerState state;
  guint                deadline_id;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcRollbackTimer, ic_rollback_timer, G_TYPE_OBJECT)

static IcClock *
clock_of (IcRollbackTimer *self)
{
  return ic_store_get_clock (self->store);
}

static void
set_state (IcRollbackTimer      *self,
           IcRollbackTimerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
record (IcRollbackTimer *self,
        const char      *kind,
        const char      *text)
{
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  event = ic_store_add_timeline_event (self->store, self->incident, kind, text, NULL, &error);
  if (event == NULL)
    g_debug ("Could not record “%s”: %s", text, error->message);
}

static void
cancel_deadline (IcRollbackTimer *self)
{
  if (self->deadline_id != 0)
    ic_clock_remove_deadline (clock_of (self), self->deadline_id);
  self->deadline_id = 0;
}

static gboolean
expired_cb (gpointer user_data)
{
  IcRollbackTimer *self = user_data;

  self->deadline_id = 0;
  if (self->state != IC_ROLLBACK_TIMER_RUNNING)
    return G_SOURCE_REMOVE;
  set_state (self, IC_ROLLBACK_TIMER_EXPIRED);
  record (self, "rollback-timer", _("No clear hypothesis in time: rollback decision due"));
  g_signal_emit (self, signals[EXPIRED], 0);
  return G_SOURCE_REMOVE;
}

static void
arm (IcRollbackTimer *self,
     gint64           deadline)
{
  cancel_deadline (self);
  g_object_set (self->incident, "rollback-deadline", deadline, NULL);
  set_state (self, IC_ROLLBACK_TIMER_RUNNING);
  self->deadline_id = ic_clock_add_deadline (clock_of (self), deadline, expired_cb, self);
}

static void
identified_cb (IcRollbackTimer *self)
{
  gint64 identified = 0;

  g_object_get (self->incident, "identified-at", &identified, NULL);
  if (identified == 0 || self->state == IC_ROLLBACK_TIMER_STOPPED)
    return;
  cancel_deadline (self);
  if (self->state == IC_ROLLBACK_TIMER_RUNNING || self->state == IC_ROLLBACK_TIMER_EXPIRED)
    record (self, "rollback-timer", _("Rollback timer stopped: a clear hypothesis"));
  set_state (self, IC_ROLLBACK_TIMER_STOPPED);
}

static void
ic_rollback_timer_dispose (GObject *object)
{
  IcRollbackTimer *self = IC_ROLLBACK_TIMER (object);

  if (self->store != NULL)
    cancel_deadline (self);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_rollback_timer_parent_class)->dispose (object);
}

static void
ic_rollback_timer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcRollbackTimer *self = IC_ROLLBACK_TIMER (object);

  if (prop_id == PROP_STATE)
    g_value_set_enum (value, self->state);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_rollback_timer_class_init (IcRollbackTimerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_rollback_timer_dispose;
  object_class->get_property = ic_rollback_timer_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, IC_TYPE_ROLLBACK_TIMER_STATE, IC_ROLLBACK_TIMER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcRollbackTimer::expired:
   *
   * The deadline passed without a clear hypothesis: ask for the decision.
   */
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ic_rollback_timer_init (IcRollbackTimer *self)
{
}

/**
 * ic_rollback_timer_new:
 * @length_us: the rule's length (two minutes by default, from GSettings)
 *
 * Follows @incident's persisted deadline: a running countdown resumes, a
 * passed one expires at once (from the main loop), a confirmed hypothesis
 * keeps it stopped.
 *
 * Returns: (transfer full): the timer
 */
IcRollbackTimer *
ic_rollback_timer_new (IcStore    *store,
                       IcIncident *incident,
                       gint64      length_us)
{
  IcRollbackTimer *self;
  gint64 deadline = 0, identified = 0;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (length_us > 0, NULL);

  self = g_object_new (IC_TYPE_ROLLBACK_TIMER, NULL);
  self->store = g_object_ref (store);
  self->incident = g_object_ref (incident);
  self->length_us = length_us;
  g_signal_connect_object (incident, "notify::identified-at", G_CALLBACK (identified_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_get (incident, "rollback-deadline", &deadline, "identified-at", &identified, NULL);
  if (identified != 0)
    self->state = IC_ROLLBACK_TIMER_STOPPED;
  else if (deadline != 0)
    {
      self->state = IC_ROLLBACK_TIMER_RUNNING;
      self->deadline_id = ic_clock_add_deadline (clock_of (self), deadline, expired_cb, self);
    }
  return self;
}

IcRollbackTimerState
ic_rollback_timer_get_state (IcRollbackTimer *self)
{
  g_return_val_if_fail (IC_IS_ROLLBACK_TIMER (self), IC_ROLLBACK_TIMER_IDLE);
  return self->state;
}

gint64
ic_rollback_timer_get_deadline (IcRollbackTimer *self)
{
  gint64 deadline = 0;

  g_return_val_if_fail (IC_IS_ROLLBACK_TIMER (self), 0);
  g_object_get (self->incident, "rollback-deadline", &deadline, NULL);
  return deadline;
}

gint64
ic_rollback_timer_get_length (IcRollbackTimer *self)
{
  g_return_val_if_fail (IC_IS_ROLLBACK_TIMER (self), 0);
  return self->length_us;
}

/**
 * ic_rollback_timer_get_remaining:
 *
 * Returns: µs left while running (never negative), else 0
 */
gint64
ic_rollback_timer_get_remaining (IcRollbackTimer *self)
{
  g_return_val_if_fail (IC_IS_ROLLBACK_TIMER (self), 0);

  if (self->state != IC_ROLLBACK_TIMER_RUNNING)
    return 0;
  return MAX (ic_rollback_timer_get_deadline (self) - ic_clock_get_now (clock_of (self)), 0);
}

/**
 * ic_rollback_timer_start:
 *
 * Starts the countdown (when the structure step is done, or the incident
 * is created without it). Only once: a running or decided timer is left
 * as it is.
 */
static gboolean
is_investigating (IcIncident *incident)
{
  gint64 identified = 0;

  g_object_get (incident, "identified-at", &identified, NULL);
  return ic_incident_get_status (incident) == IC_INCIDENT_STATUS_INVESTIGATING && identified == 0;
}

void
ic_rollback_timer_start (IcRollbackTimer *self)
{
  g_autofree char *length = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (IC_IS_ROLLBACK_TIMER (self));

  if (self->state != IC_ROLLBACK_TIMER_IDLE)
    return;
  /* The rule is for the search for a cause: an incident whose cause is
   * known, or that is over, has nothing to roll back against the clock. */
  if (!is_investigating (self->incident))
    return;
  arm (self, ic_clock_get_now (clock_of (self)) + self->length_us);
  length = ic_format_elapsed (self->length_us);
  text = g_strdup_printf (_("Rollback timer started: %s to a clear hypothesis"), length);
  record (self, "rollback-timer", text);
}

static gboolean
roll_back (IcRollbackTimer  *self,
           GError          **error)
{
  IcChange *candidate = ic_store_get_rollback_candidate (self->store, self->incident);
  gint64 now = ic_clock_get_now (clock_of (self));
  g_autofree char *text = NULL;

  if (candidate == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("There is no reversible change to roll back: add the most recent "
                             "change first"));
      return FALSE;
    }
  ic_change_set_rolled_back_at (candidate, now);
  g_object_set (self->incident, "mitigated-at", now, NULL);
  ic_incident_set_status (self->incident, IC_INCIDENT_STATUS_MITIGATING);
  text = g_strdup_printf (_("Decision: roll back %s"), ic_change_get_description (candidate));
  record (self, "rollback-decision", text);
  return ic_store_flush (self->store, error);
}

/**
 * ic_rollback_timer_decide:
 * @decision: roll back, extend by a minute, or keep debugging
 * @reason: (nullable): why debugging goes on; required for that decision
 *
 * Records the decision on the timeline. Rolling back marks the rollback
 * candidate rolled back and the incident "mitigating".
 *
 * Returns: %FALSE with an error if the decision cannot be taken
 */
gboolean
ic_rollback_timer_decide (IcRollbackTimer     *self,
                          IcRollbackDecision   decision,
                          const char          *reason,
                          GError             **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *text = NULL;

  g_return_val_if_fail (IC_IS_ROLLBACK_TIMER (self), FALSE);

  if (self->state != IC_ROLLBACK_TIMER_EXPIRED && self->state != IC_ROLLBACK_TIMER_RUNNING)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("The rollback timer is not running"));
      return FALSE;
    }
  switch (decision)
    {
    case IC_ROLLBACK_DECISION_ROLL_BACK:
      if (!roll_back (self, error))
        return FALSE;
      cancel_deadline (self);
      set_state (self, IC_ROLLBACK_TIMER_DECIDED);
      return TRUE;
    case IC_ROLLBACK_DECISION_EXTEND:
      arm (self, ic_clock_get_now (clock_of (self)) + EXTENSION_US);
      record (self, "rollback-decision", _("Decision: extend the rollback timer by 1 minute"));
      return TRUE;
    case IC_ROLLBACK_DECISION_KEEP_DEBUGGING:
      if (*clean == '\0')
        {
          g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                               _("Say why debugging goes on instead of rolling back"));
          return FALSE;
        }
      cancel_deadline (self);
      text = g_strdup_printf (_("Decision: keep debugging — %s"), clean);
      record (self, "rollback-decision", text);
      set_state (self, IC_ROLLBACK_TIMER_DECIDED);
      return TRUE;
    default:
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Unknown rollback decision"));
      return FALSE;
    }
}
