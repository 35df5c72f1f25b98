/* ic-store-drills.c — drills: incidents that replay a scenario
 *
 * A drill is an ordinary incident (drill = 1) plus a row in `drills`: the
 * scenario's text, when the drill started, the change whose rollback is the
 * fix and when that happened, the time spent paused and how it ended.
 * Starting one inserts everything the scenario says the engineer would
 * find when paged — the alert, the facts, the changes of the last hours,
 * the scripted probes — in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-alert.h"
#include "ic-store-drills.h"
#include "ic-store-private.h"
#include "ic-timeline-event.h"

#define DRILL_COLUMNS \
  "incident_id, scenario_id, scenario, started_at, culprit_change_id, fixed_at, paused_at," \
  " paused_us, ended_at, abandoned"

void
ic_drill_record_free (IcDrillRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->scenario_id);
  g_free (record->scenario);
  g_free (record);
}

static IcDrillRecord *
record_from_row (sqlite3_stmt *stmt)
{
  IcDrillRecord *record = g_new0 (IcDrillRecord, 1);

  record->incident_id = sqlite3_column_int64 (stmt, 0);
  record->scenario_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->scenario = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->started_at = sqlite3_column_int64 (stmt, 3);
  record->culprit_change_id = sqlite3_column_int64 (stmt, 4);
  record->fixed_at = sqlite3_column_int64 (stmt, 5);
  record->paused_at = sqlite3_column_int64 (stmt, 6);
  record->paused_us = sqlite3_column_int64 (stmt, 7);
  record->ended_at = sqlite3_column_int64 (stmt, 8);
  record->abandoned = sqlite3_column_int (stmt, 9) != 0;
  return record;
}

/* The spec of the scripted probe @index of the drill @incident_id, with the
 * target the scenario shows. */
static char *
probe_spec (gint64      incident_id,
            guint       index,
            const char *target)
{
  g_autofree char *escaped = g_uri_escape_string (target, NULL, FALSE);

  return g_strdup_printf (IC_DRILL_PROBE_SCHEME "://drill/%" G_GINT64_FORMAT "/%u?target=%s",
                          incident_id, index, escaped);
}

static gboolean
step_done (IcStore       *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, doing);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_parts (IcStore           *self,
              IcIncident        *incident,
              const IcScenario  *scenario,
              const char        *scenario_text,
              gint64             now,
              GError           **error)
{
  const char *doing = _("Cannot start the drill in");
  gint64 id = ic_incident_get_id (incident);
  gint64 culprit_id = 0;
  g_autoptr(sqlite3_stmt) facts = NULL;
  g_autoptr(sqlite3_stmt) change = NULL;
  g_autoptr(sqlite3_stmt) probe = NULL;
  g_autoptr(sqlite3_stmt) drill = NULL;

  facts = _ic_store_prepare (self, "UPDATE incidents SET drill = 1, last_known_good = ?2,"
                             " last_known_good_at = ?3, blast_radius = ?4,"
                             " error_rate = NULLIF(?5, -1.0) WHERE id = ?1", error);
  change = _ic_store_prepare (self, "INSERT INTO changes (incident_id, kind, description,"
                              " changed_at, reversible, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  probe = _ic_store_prepare (self, "INSERT INTO probes (incident_id, kind, name, config,"
                             " interval_ms, timeout_ms, failure_threshold, recovery_threshold,"
                             " created_at) VALUES (?1, ?2, ?3, json_object('spec', ?4), 5000,"
                             " 1000, 1, 1, ?5)", error);
  drill = _ic_store_prepare (self, "INSERT INTO drills (incident_id, scenario_id, scenario,"
                             " started_at, culprit_change_id) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (facts == NULL || change == NULL || probe == NULL || drill == NULL)
    return FALSE;

  sqlite3_bind_int64 (facts, 1, id);
  sqlite3_bind_text (facts, 2, scenario->last_known_good, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (facts, 3, now - scenario->last_known_good_ago_s * G_USEC_PER_SEC);
  sqlite3_bind_text (facts, 4, scenario->blast_radius, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (facts, 5, scenario->has_error_rate ? scenario->error_rate / 100.0 : -1.0);
  if (!step_done (self, facts, doing, error))
    return FALSE;

  for (guint i = 0; i < scenario->changes->len; i++)
    {
      const IcScenarioChange *c = g_ptr_array_index (scenario->changes, i);

      sqlite3_reset (change);
      sqlite3_bind_int64 (change, 1, id);
      sqlite3_bind_text (change, 2, ic_change_kind_to_string (c->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (change, 3, c->description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (change, 4, now - c->ago_s * G_USEC_PER_SEC);
      sqlite3_bind_int (change, 5, c->reversible);
      sqlite3_bind_int64 (change, 6, now);
      if (!step_done (self, change, doing, error))
        return FALSE;
      if (g_strcmp0 (c->id, scenario->culprit_change) == 0)
        culprit_id = sqlite3_last_insert_rowid (_ic_store_get_db (self));
    }

  for (guint i = 0; i < scenario->probes->len; i++)
    {
      const IcScenarioProbe *p = g_ptr_array_index (scenario->probes, i);
      g_autofree char *spec = probe_spec (id, i, p->target);

      sqlite3_reset (probe);
      sqlite3_bind_int64 (probe, 1, id);
      sqlite3_bind_text (probe, 2, ic_probe_kind_to_string (p->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (probe, 3, p->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (probe, 4, spec, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (probe, 5, now);
      if (!step_done (self, probe, doing, error))
        return FALSE;
    }

  sqlite3_bind_int64 (drill, 1, id);
  sqlite3_bind_text (drill, 2, scenario->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (drill, 3, scenario_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (drill, 4, now);
  if (culprit_id != 0)
    sqlite3_bind_int64 (drill, 5, culprit_id);
  return step_done (self, drill, doing, error);
}

/**
 * ic_store_start_drill:
 * @scenario: the parsed scenario
 * @scenario_text: the file it was parsed from, kept with the drill
 *
 * Creates the drill's incident as the scenario's alert would (drill = 1),
 * with its facts, its changes (at their times before now) and its scripted
 * probes, in one committed transaction.
 *
 * Returns: (transfer full) (nullable): the incident, also in the live list
 */
IcIncident *
ic_store_start_drill (IcStore           *self,
                      const IcScenario  *scenario,
                      const char        *scenario_text,
                      GError           **error)
{
  g_autoptr(IcAlert) alert = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *started = NULL;
  gint64 now;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (scenario_text != NULL, NULL);

  alert = ic_alert_parse (scenario->alert_payload, -1, error);
  if (alert == NULL || !_ic_store_ensure_open (self, error))
    return NULL;
  now = ic_clock_get_now (self->clock);
  draft = ic_alert_to_draft (alert);
  /* A drill is practice: never the same incident as a real alert's. */
  g_clear_pointer (&draft->alert_dedup_key, g_free);
  g_free (draft->service);
  draft->service = g_strdup (scenario->service);
  draft->severity = scenario->severity;
  draft->alert_time = now;
  /* Translators: the first timeline entry of a drill; %s is the scenario's title */
  started = g_strdup_printf (_("Drill started: %s"), scenario->title);
  ic_incident_draft_add_event (draft, "drill", started, scenario->id);

  if (!_ic_store_exec (self, "BEGIN IMMEDIATE", _("Cannot start the drill in"), error))
    return NULL;
  incident = _ic_store_insert_draft (self, draft, error);
  if (incident == NULL || !insert_parts (self, incident, scenario, scenario_text, now, error)
      || !_ic_store_exec (self, "COMMIT", _("Cannot start the drill in"), error))
    {
      sqlite3_exec (_ic_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      if (incident != NULL)
        _ic_store_untrack_incident (self, incident);
      return NULL;
    }
  /* The live object as the row now is (no write back: it is on disk). */
  self->loading = TRUE;
  g_object_set (incident, "drill", TRUE, "last-known-good", scenario->last_known_good,
                "last-known-good-at", now - scenario->last_known_good_ago_s * G_USEC_PER_SEC,
                "blast-radius", scenario->blast_radius,
                "error-rate", scenario->has_error_rate ? scenario->error_rate / 100.0 : -1.0,
                NULL);
  self->loading = FALSE;
  return g_steal_pointer (&incident);
}

static IcDrillRecord *
read_one (IcStore       *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                         _("This incident is not a drill"));
  else
    _ic_store_set_error (error, self, rc, _("Cannot read the drill from"));
  return NULL;
}

/**
 * ic_store_get_drill:
 *
 * Returns: (transfer full) (nullable): the drill of @incident_id, or %NULL
 *   with %IC_STORE_ERROR_NOT_FOUND when it is not a drill
 */
IcDrillRecord *
ic_store_get_drill (IcStore  *self,
                    gint64    incident_id,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "SELECT " DRILL_COLUMNS " FROM drills"
                                    " WHERE incident_id = ?1", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  return read_one (self, stmt, error);
}

/**
 * ic_store_get_last_drill_time:
 * @started_at: (out): when the latest drill started, 0 when there is none
 *
 * Returns: %FALSE with @error set when the store cannot be read
 */
gboolean
ic_store_get_last_drill_time (IcStore  *self,
                              gint64   *started_at,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (started_at != NULL, FALSE);

  *started_at = 0;
  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "SELECT COALESCE(MAX(started_at), 0) FROM drills",
                                    error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the drills from"));
      return FALSE;
    }
  *started_at = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * ic_store_list_drills:
 * @scenario_id: (nullable): only this scenario's runs
 *
 * Returns: (transfer full) (element-type IcDrillRecord) (nullable): the
 *   drills, oldest first
 */
GPtrArray *
ic_store_list_drills (IcStore     *self,
                      const char  *scenario_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "SELECT " DRILL_COLUMNS " FROM drills"
                                    " WHERE ?1 IS NULL OR scenario_id = ?1"
                                    " ORDER BY started_at, incident_id", error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, scenario_id, -1, SQLITE_TRANSIENT);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_drill_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the drills from"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
update (IcStore     *self,
        const char  *sql,
        gint64       incident_id,
        gint64       value,
        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  sqlite3_bind_int64 (stmt, 2, value);
  if (!step_done (self, stmt, _("Cannot save the drill in"), error))
    return FALSE;
  if (sqlite3_changes (_ic_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This incident is not a drill"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_set_drill_fixed:
 * @fixed_at: when the culprit change was rolled back
 *
 * Records the fix once: from then on the drill's probes answer their
 * after-fix scripts. A second call keeps the first time.
 */
gboolean
ic_store_set_drill_fixed (IcStore  *self,
                          gint64    incident_id,
                          gint64    fixed_at,
                          GError  **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  return update (self, "UPDATE drills SET fixed_at = COALESCE(fixed_at, ?2)"
                 " WHERE incident_id = ?1", incident_id, fixed_at, error);
}

/**
 * ic_store_set_drill_paused:
 *
 * Pauses the drill's clock now, or resumes it, adding the time paused to
 * what ic_drill_record_get_elapsed() leaves out. Pausing a paused drill
 * (or resuming a running one) changes nothing.
 */
gboolean
ic_store_set_drill_paused (IcStore  *self,
                           gint64    incident_id,
                           gboolean  paused,
                           GError  **error)
{
  gint64 now;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  now = ic_clock_get_now (self->clock);
  if (paused)
    return update (self, "UPDATE drills SET paused_at = COALESCE(paused_at, ?2)"
                   " WHERE incident_id = ?1", incident_id, now, error);
  return update (self, "UPDATE drills SET paused_us = paused_us"
                 " + CASE WHEN paused_at IS NULL THEN 0 ELSE MAX(?2 - paused_at, 0) END,"
                 " paused_at = NULL WHERE incident_id = ?1", incident_id, now, error);
}

/**
 * ic_store_end_drill:
 * @abandoned: whether it was given up rather than resolved
 *
 * Records the end of the drill, once.
 */
gboolean
ic_store_end_drill (IcStore  *self,
                    gint64    incident_id,
                    gboolean  abandoned,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "UPDATE drills SET ended_at = COALESCE(ended_at, ?2),"
                                    " abandoned = CASE WHEN ended_at IS NULL THEN ?3"
                                    " ELSE abandoned END WHERE incident_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  sqlite3_bind_int64 (stmt, 2, ic_clock_get_now (self->clock));
  sqlite3_bind_int (stmt, 3, abandoned);
  return step_done (self, stmt, _("Cannot save the drill in"), error);
}

/**
 * ic_drill_probe_dup_target:
 * @spec: a drill's probe's spec (replay://drill/…?target=…)
 *
 * Returns: (transfer full): the target the scenario shows for it (never
 *   contacted), or @spec itself when it names none
 */
char *
ic_drill_probe_dup_target (const char *spec)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *target;

  g_return_val_if_fail (spec != NULL, NULL);

  uri = g_uri_parse (spec, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri != NULL && g_uri_get_query (uri) != NULL)
    params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  target = params != NULL ? g_hash_table_lookup (params, "target") : NULL;
  return g_strdup (target != NULL ? target : spec);
}

/**
 * ic_drill_record_get_elapsed:
 * @now: the incident's clock's time
 *
 * Returns: the drill's own time at @now, in microseconds: since it started,
 *   without the time paused (and standing still while paused)
 */
gint64
ic_drill_record_get_elapsed (const IcDrillRecord *record,
                             gint64               now)
{
  gint64 until;

  g_return_val_if_fail (record != NULL, 0);

  until = record->paused_at != 0 ? record->paused_at : now;
  if (record->ended_at != 0)
    until = MIN (until, record->ended_at);
  return MAX (until - record->started_at - record->paused_us, 0);
}
