/* ic-drill-player.c — plays a drill while its incident is shown
 *
 * The incident's pages work as for a real incident; the player adds what
 * makes it a drill, on the incident's clock:
 *  - its scripted probes answer from the scenario (ic-probe-replay.c);
 *  - rolling back the culprit change — by the rollback timer's decision or
 *    any other way — is the fix: from then on the probes play their
 *    after-fix scripts; rolling back anything else changes nothing;
 *  - the scenario's timed events (a manager's "What's happening?", a second
 *    alert, the recovery after the fix) arrive at their times, as
 *    IcDrillPlayer::message and on the timeline;
 *  - pausing stops the drill's clock (its probes and events wait), and
 *    resolving or abandoning the incident ends the drill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-change.h"
#include "ic-drill-player.h"
#include "ic-probe-replay.h"
#include "ic-store-changes.h"
#include "ic-store-timeline.h"

struct _IcDrillPlayer
{
  GObject parent_instance;

  IcStore       *store;
  IcIncident    *incident;
  IcClock       *clock;
  IcDrillRecord *record;
  IcScenario    *scenario;
  GListModel    *changes;
  GPtrArray     *pending;     /* Pending: the events still to come, on the clock */
};

G_DEFINE_FINAL_TYPE (IcDrillPlayer, ic_drill_player, G_TYPE_OBJECT)

enum
{
  MESSAGE,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  IcDrillPlayer *self;  /* unowned: the player removes its deadlines first */
  guint          index;
  guint          deadline; /* 0 once it has come */
} Pending;

static void
clear_deadlines (IcDrillPlayer *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (self->pending, i);

      if (pending->deadline != 0)
        ic_clock_remove_deadline (self->clock, pending->deadline);
    }
  g_ptr_array_set_size (self->pending, 0);
}

static gboolean
event_due_cb (gpointer user_data)
{
  Pending *pending = user_data;
  IcDrillPlayer *self = pending->self;
  const IcScenarioEvent *event = g_ptr_array_index (self->scenario->events, pending->index);
  g_autofree char *text = NULL;
  g_autofree char *reference = g_strdup_printf ("drill-event:%u", pending->index);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) recorded = NULL;

  pending->deadline = 0;
  /* Translators: a drill's scripted message on the timeline, "From: text" */
  text = g_strdup_printf (_("%s: %s"), event->from, event->text);
  recorded = ic_store_add_timeline_event (self->store, self->incident, "drill-event", text,
                                          reference, &error);
  if (recorded == NULL)
    g_debug ("Could not record the drill's event: %s", error->message);
  g_signal_emit (self, signals[MESSAGE], 0, event->from, event->text,
                 ic_scenario_event_kind_to_string (event->kind));
  return G_SOURCE_REMOVE;
}

/* The incident's clock's time at which the drill's own clock reads @at_s
 * (from the start, or from the fix). */
static gint64
due_time (IcDrillPlayer         *self,
          const IcScenarioEvent *event)
{
  if (event->after_fix)
    return self->record->fixed_at + event->at_s * G_USEC_PER_SEC;
  return self->record->started_at + self->record->paused_us + event->at_s * G_USEC_PER_SEC;
}

/* (Re)schedules the events still to come; none while paused or ended. */
static void
schedule (IcDrillPlayer *self)
{
  gint64 now = ic_clock_get_now (self->clock);
  gint64 elapsed = ic_drill_record_get_elapsed (self->record, now);

  clear_deadlines (self);
  if (self->record->paused_at != 0 || self->record->ended_at != 0)
    return;
  for (guint i = 0; i < self->scenario->events->len; i++)
    {
      const IcScenarioEvent *event = g_ptr_array_index (self->scenario->events, i);
      Pending *pending;

      if (event->after_fix && self->record->fixed_at == 0)
        continue;
      /* Gone by (the app was closed, or it came while paused): not replayed. */
      if (event->after_fix ? due_time (self, event) < now
                           : event->at_s * G_USEC_PER_SEC < elapsed)
        continue;
      pending = g_new0 (Pending, 1);
      pending->self = self;
      pending->index = i;
      /* The clock owns nothing: the pending data goes with the player. */
      g_ptr_array_add (self->pending, pending);
      pending->deadline = ic_clock_add_deadline (self->clock, due_time (self, event),
                                                 event_due_cb, pending);
    }
}

static gboolean
reload (IcDrillPlayer  *self,
        GError        **error)
{
  IcDrillRecord *record = ic_store_get_drill (self->store, ic_incident_get_id (self->incident),
                                              error);

  if (record == NULL)
    return FALSE;
  g_clear_pointer (&self->record, ic_drill_record_free);
  self->record = record;
  if (self->record->ended_at != 0)
    ic_probe_replay_remove_drill (self->record->incident_id);
  else if (!ic_probe_replay_set_drill (self->clock, self->record, error))
    return FALSE;
  schedule (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
rolled_back_cb (IcChange      *change,
                GParamSpec    *pspec,
                IcDrillPlayer *self)
{
  g_autoptr(GError) error = NULL;

  if (ic_change_get_id (change) != self->record->culprit_change_id
      || ic_change_get_rolled_back_at (change) == 0 || self->record->fixed_at != 0)
    return;
  if (!ic_store_set_drill_fixed (self->store, self->record->incident_id,
                                 ic_change_get_rolled_back_at (change), &error)
      || !reload (self, &error))
    g_debug ("Could not record the drill's fix: %s", error->message);
}

static void
watch_changes (IcDrillPlayer *self,
               guint          position,
               guint          removed,
               guint          added,
               GListModel    *changes)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      g_signal_connect_object (change, "notify::rolled-back-at", G_CALLBACK (rolled_back_cb),
                               self, 0);
      rolled_back_cb (change, NULL, self);
    }
}

static void
status_cb (IcDrillPlayer *self)
{
  g_autoptr(GError) error = NULL;

  if (ic_incident_get_status (self->incident) != IC_INCIDENT_STATUS_RESOLVED
      || self->record->ended_at != 0)
    return;
  if (!ic_store_end_drill (self->store, self->record->incident_id, FALSE, &error)
      || !reload (self, &error))
    g_debug ("Could not record the drill's end: %s", error->message);
}

static void
ic_drill_player_dispose (GObject *object)
{
  IcDrillPlayer *self = IC_DRILL_PLAYER (object);

  if (self->clock != NULL)
    clear_deadlines (self);
  if (self->record != NULL)
    ic_probe_replay_remove_drill (self->record->incident_id);
  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  g_clear_object (&self->changes);
  g_clear_object (&self->incident);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ic_drill_player_parent_class)->dispose (object);
}

static void
ic_drill_player_finalize (GObject *object)
{
  IcDrillPlayer *self = IC_DRILL_PLAYER (object);

  g_clear_pointer (&self->record, ic_drill_record_free);
  g_clear_pointer (&self->scenario, ic_scenario_free);
  g_ptr_array_unref (self->pending);
  G_OBJECT_CLASS (ic_drill_player_parent_class)->finalize (object);
}

static void
ic_drill_player_class_init (IcDrillPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_drill_player_dispose;
  object_class->finalize = ic_drill_player_finalize;

  /**
   * IcDrillPlayer::message:
   * @from: who it comes from, e.g. "Engineering manager"
   * @text: what they say
   * @kind: "message", "alert" or "recovery"
   *
   * A scripted event has come, at its time on the drill's clock.
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                   G_TYPE_STRING, G_TYPE_STRING);
  /**
   * IcDrillPlayer::changed:
   *
   * Paused, resumed, fixed or ended.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ic_drill_player_init (IcDrillPlayer *self)
{
  self->pending = g_ptr_array_new_with_free_func (g_free);
}

/**
 * ic_drill_player_new:
 * @incident: a drill's incident
 *
 * Starts playing the drill: its probes answer from the scenario and its
 * events are scheduled, until the player goes.
 *
 * Returns: (transfer full) (nullable): the player, or %NULL with @error
 *   set (%IC_STORE_ERROR_NOT_FOUND when @incident is no drill)
 */
IcDrillPlayer *
ic_drill_player_new (IcStore     *store,
                     IcIncident  *incident,
                     GError     **error)
{
  g_autoptr(IcDrillPlayer) self = g_object_new (IC_TYPE_DRILL_PLAYER, NULL);

  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  self->store = g_object_ref (store);
  self->incident = g_object_ref (incident);
  self->clock = g_object_ref (ic_store_get_clock (store));
  self->record = ic_store_get_drill (store, ic_incident_get_id (incident), error);
  if (self->record == NULL)
    return NULL;
  self->scenario = ic_scenario_parse (self->record->scenario, -1, self->record->scenario_id,
                                      error);
  if (self->scenario == NULL || !reload (self, error))
    return NULL;
  self->changes = g_object_ref (ic_store_get_changes (store, incident));
  g_signal_connect_object (self->changes, "items-changed", G_CALLBACK (watch_changes), self,
                           G_CONNECT_SWAPPED);
  watch_changes (self, 0, 0, g_list_model_get_n_items (self->changes), self->changes);
  g_signal_connect_object (incident, "notify::status", G_CALLBACK (status_cb), self,
                           G_CONNECT_SWAPPED);
  status_cb (self);
  return g_steal_pointer (&self);
}

/**
 * ic_drill_player_get_title:
 *
 * Returns: the scenario's title
 */
const char *
ic_drill_player_get_title (IcDrillPlayer *self)
{
  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), NULL);
  return self->scenario->title;
}

gboolean
ic_drill_player_get_paused (IcDrillPlayer *self)
{
  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), FALSE);
  return self->record->paused_at != 0;
}

gboolean
ic_drill_player_get_fixed (IcDrillPlayer *self)
{
  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), FALSE);
  return self->record->fixed_at != 0;
}

gboolean
ic_drill_player_get_ended (IcDrillPlayer *self)
{
  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), FALSE);
  return self->record->ended_at != 0;
}

/**
 * ic_drill_player_set_paused:
 *
 * Pauses the drill's clock (recorded on the timeline), or resumes it.
 */
gboolean
ic_drill_player_set_paused (IcDrillPlayer  *self,
                            gboolean        paused,
                            GError        **error)
{
  g_autoptr(IcTimelineEvent) recorded = NULL;

  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), FALSE);

  if (paused == ic_drill_player_get_paused (self) || self->record->ended_at != 0)
    return TRUE;
  if (!ic_store_set_drill_paused (self->store, self->record->incident_id, paused, error))
    return FALSE;
  recorded = ic_store_add_timeline_event (self->store, self->incident, "drill",
                                          paused ? _("Drill paused") : _("Drill resumed"), NULL,
                                          NULL);
  return reload (self, error);
}

/**
 * ic_drill_player_abandon:
 *
 * Ends the drill unresolved (recorded on the timeline).
 */
gboolean
ic_drill_player_abandon (IcDrillPlayer  *self,
                         GError        **error)
{
  g_autoptr(IcTimelineEvent) recorded = NULL;

  g_return_val_if_fail (IC_IS_DRILL_PLAYER (self), FALSE);

  if (self->record->ended_at != 0)
    return TRUE;
  if (!ic_store_end_drill (self->store, self->record->incident_id, TRUE, error))
    return FALSE;
  recorded = ic_store_add_timeline_event (self->store, self->incident, "drill",
                                          _("Drill abandoned"), NULL, NULL);
  return reload (self, error);
}
