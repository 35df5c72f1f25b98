/* ic-probe-replay.c — a drill's probes: samples from the scenario's script
 *
 * A drill's probe has the target replay://drill/INCIDENT/PROBE. Checking it
 * contacts nothing: it answers what the scenario's script says for the
 * drill's own time (since it started, pauses left out, on the incident's
 * IcClock), or — once the culprit change has been rolled back — what the
 * after-fix script says for the time since then. The sample is built as a
 * live check's would be (state, latency, value, detail, a Redis cluster's
 * nodes with their utilisation and the skew warning), so the dashboard,
 * "Attach as Evidence" and the timeline treat it as any other.
 *
 * The app tells this module about each drill it shows
 * (ic_probe_replay_set_drill(), again whenever the drill's times change);
 * the table is the main thread's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-probe-private.h"
#include "ic-probe-redis-private.h"
#include "ic-probe-replay.h"
#include "ic-scenario.h"

/* A node at or above this share of its maxclients is near its limit. */
#define NEAR_LIMIT_PERCENT 80.0

typedef struct
{
  IcClock       *clock;
  IcScenario    *scenario;
  IcDrillRecord *record;
} Drill;

static GHashTable *drills;  /* gint64* incident id → Drill */

static void
drill_free (Drill *drill)
{
  g_clear_object (&drill->clock);
  ic_scenario_free (drill->scenario);
  ic_drill_record_free (drill->record);
  g_free (drill);
}

/**
 * ic_probe_replay_set_drill:
 * @clock: the incident's clock
 * @record: the drill as the store has it now
 *
 * Makes @record's probes answer from its scenario, on @clock; call it again
 * when the drill's times change (paused, resumed, fixed, ended).
 *
 * Returns: %FALSE with an #IC_SCENARIO_ERROR when the stored scenario
 *   cannot be read
 */
gboolean
ic_probe_replay_set_drill (IcClock             *clock,
                           const IcDrillRecord *record,
                           GError             **error)
{
  Drill *drill;
  IcScenario *scenario;

  g_return_val_if_fail (IC_IS_CLOCK (clock), FALSE);
  g_return_val_if_fail (record != NULL && record->scenario != NULL, FALSE);

  scenario = ic_scenario_parse (record->scenario, -1, record->scenario_id, error);
  if (scenario == NULL)
    return FALSE;
  if (drills == NULL)
    drills = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                    (GDestroyNotify) drill_free);
  drill = g_new0 (Drill, 1);
  drill->clock = g_object_ref (clock);
  drill->scenario = scenario;
  drill->record = g_memdup2 (record, sizeof *record);
  drill->record->scenario_id = g_strdup (record->scenario_id);
  drill->record->scenario = g_strdup (record->scenario);
  g_hash_table_replace (drills, g_memdup2 (&record->incident_id, sizeof (gint64)), drill);
  return TRUE;
}

void
ic_probe_replay_remove_drill (gint64 incident_id)
{
  if (drills != NULL)
    g_hash_table_remove (drills, &incident_id);
}

gboolean
ic_probe_replay_has_drill (gint64 incident_id)
{
  return drills != NULL && g_hash_table_contains (drills, &incident_id);
}

static IcProbeState
state_from_string (const char *state)
{
  if (g_str_equal (state, "degraded"))
    return IC_PROBE_STATE_DEGRADED;
  if (g_str_equal (state, "failing"))
    return IC_PROBE_STATE_FAILING;
  if (g_str_equal (state, "error"))
    return IC_PROBE_STATE_ERROR;
  return IC_PROBE_STATE_OK;
}

static GPtrArray *
nodes_from (const IcScenarioSample *scripted)
{
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);

  for (guint i = 0; i < scripted->nodes->len; i++)
    {
      const IcScenarioNode *from = g_ptr_array_index (scripted->nodes, i);
      IcProbeNode *node = ic_probe_node_new (from->address, from->role);

      node->primary = g_strdup (from->primary);
      node->latency_us = (gint64) (from->latency_ms * 1000);
      if (from->error != NULL)
        {
          node->has_error = TRUE;
          node->error_kind = IC_PROBE_ERROR_REFUSED;
          node->error = g_strdup (from->error);
          node->connected_clients = -1;
        }
      else
        {
          node->connected_clients = from->connected_clients;
          node->maxclients = from->maxclients;
          if (from->maxclients > 0)
            {
              node->has_utilisation = TRUE;
              node->utilisation = 100.0 * (double) from->connected_clients
                                  / (double) from->maxclients;
              node->near_limit = node->utilisation >= NEAR_LIMIT_PERCENT;
            }
        }
      g_ptr_array_add (nodes, node);
    }
  return nodes;
}

static IcProbeSample *
sample_for (const Drill *drill,
            guint        index)
{
  const IcScenarioProbe *probe = g_ptr_array_index (drill->scenario->probes, index);
  gint64 now = ic_clock_get_now (drill->clock);
  gint64 elapsed = ic_drill_record_get_elapsed (drill->record, now);
  gint64 fixed_for = drill->record->fixed_at != 0
                       ? MAX (now - drill->record->fixed_at, 0) / G_USEC_PER_SEC : -1;
  const IcScenarioSample *scripted = ic_scenario_probe_sample_at (probe,
                                                                  elapsed / G_USEC_PER_SEC,
                                                                  fixed_for);
  IcProbeSample *sample = _ic_probe_sample_new (state_from_string (scripted->state),
                                                (gint64) (scripted->latency_ms * 1000),
                                                scripted->detail);

  sample->time = now;
  sample->has_value = scripted->has_value;
  sample->value = scripted->value;
  if (sample->state == IC_PROBE_STATE_ERROR)
    {
      sample->has_error = TRUE;
      sample->error_kind = IC_PROBE_ERROR_FAILED;
    }
  if (scripted->nodes != NULL)
    {
      sample->nodes = nodes_from (scripted);
      sample->skew = _ic_probe_find_skew (sample->nodes);
    }
  return sample;
}

/* The checker of IC_PROBE_KIND_REPLAY (ic-probe.c's table): same contract
 * as ic_probe_run_async(). */
void
_ic_probe_replay_check_async (const IcProbeSpec    *spec,
                              const IcProbeOptions *options,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  const Drill *drill = drills != NULL ? g_hash_table_lookup (drills, &spec->drill) : NULL;

  g_task_set_source_tag (task, ic_probe_run_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (drill == NULL || spec->drill_probe >= drill->scenario->probes->len)
    {
      /* Not playing (the drill is not open, or is over): said as a check
       * that could not run, as a live probe's would be. */
      IcProbeSample *sample = _ic_probe_sample_new (IC_PROBE_STATE_ERROR, 0,
                                                    _("This drill is not being played"));

      sample->has_error = TRUE;
      sample->error_kind = IC_PROBE_ERROR_FAILED;
      g_task_return_pointer (task, sample, (GDestroyNotify) ic_probe_sample_free);
      return;
    }
  g_task_return_pointer (task, sample_for (drill, spec->drill_probe),
                         (GDestroyNotify) ic_probe_sample_free);
}
