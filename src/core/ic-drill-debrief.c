/* ic-drill-debrief.c — how a drill went, measured against its scenario
 *
 * The facts of a run are read from the store in one place
 * (ic_store_get_drill_facts()); what they mean is a pure function of the
 * facts and the scenario's truth (ic_drill_debrief_new()), tested from
 * tables. Times are counted from the page (the drill's start), on the
 * incident's clock, without the time the drill stood paused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-clock.h"
#include "ic-drill-debrief.h"
#include "ic-store-private.h"

void
ic_drill_facts_free (IcDrillFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->scenario_id);
  g_strfreev (facts->hypotheses);
  g_free (facts->first_rollback);
  g_free (facts->detection_gap);
  g_clear_pointer (&facts->pauses, g_array_unref);
  g_free (facts);
}

/**
 * ic_drill_facts_active_time:
 * @at: a time of the run
 *
 * Returns: the drill's own time from its start to @at (µs): the wall time
 *   less every pause before @at, so that a break in the middle of a drill
 *   does not count as time taken
 */
gint64
ic_drill_facts_active_time (const IcDrillFacts *facts,
                            gint64              at)
{
  gint64 active;

  g_return_val_if_fail (facts != NULL, 0);

  active = at - facts->started_at;
  for (guint i = 0; facts->pauses != NULL && i < facts->pauses->len; i++)
    {
      const IcDrillPause *pause = &g_array_index (facts->pauses, IcDrillPause, i);
      gint64 from = MAX (pause->paused_at, facts->started_at);
      gint64 until = MIN (pause->resumed_at != 0 ? pause->resumed_at : at, at);

      if (until > from)
        active -= until - from;
    }
  return MAX (active, 0);
}

/* One row of @sql (?1 = the incident), or FALSE with @error set. */
static gboolean
read_row (IcStore        *store,
          const char     *sql,
          gint64          incident_id,
          sqlite3_stmt  **out,
          GError        **error)
{
  sqlite3_stmt *stmt = _ic_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, store, rc, _("Cannot read the drill from"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  *out = stmt;
  return TRUE;
}

/**
 * ic_store_get_drill_facts:
 *
 * Returns: (transfer full) (nullable): what happened in the drill of
 *   @incident_id, or %NULL with @error set (%IC_STORE_ERROR_NOT_FOUND for
 *   an incident that is no drill)
 */
IcDrillFacts *
ic_store_get_drill_facts (IcStore  *store,
                          gint64    incident_id,
                          GError  **error)
{
  g_autoptr(IcDrillFacts) facts = g_new0 (IcDrillFacts, 1);
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 culprit = 0;
  guint n = 0;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  facts->incident_id = incident_id;
  if (!_ic_store_ensure_open (store, error)
      || !read_row (store, "SELECT d.scenario_id, d.started_at, d.ended_at, d.abandoned,"
                    " d.fixed_at, i.structure_completed_at, i.rollback_deadline,"
                    " d.culprit_change_id, COALESCE(p.detection_gap, '')"
                    " FROM drills d JOIN incidents i ON i.id = d.incident_id"
                    " LEFT JOIN postmortem p ON p.incident_id = d.incident_id"
                    " WHERE d.incident_id = ?1", incident_id, &stmt, error))
    return NULL;
  if (stmt == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This incident is not a drill"));
      return NULL;
    }
  facts->scenario_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  facts->started_at = sqlite3_column_int64 (stmt, 1);
  facts->ended_at = sqlite3_column_int64 (stmt, 2);
  facts->abandoned = sqlite3_column_int (stmt, 3) != 0;
  facts->fixed_at = sqlite3_column_int64 (stmt, 4);
  facts->structure_completed_at = sqlite3_column_int64 (stmt, 5);
  facts->rollback_deadline = sqlite3_column_int64 (stmt, 6);
  culprit = sqlite3_column_int64 (stmt, 7);
  facts->detection_gap = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The hypotheses, in the order they were written, for the first three;
   * their texts by rank. */
  stmt = _ic_store_prepare (store, "SELECT created_at, likelihood FROM hypotheses"
                            " WHERE incident_id = ?1 ORDER BY created_at, id LIMIT 3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n == 3)
        facts->third_hypothesis_at = sqlite3_column_int64 (stmt, 0);
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "wild-card") == 0)
        facts->wild_card_in_three = TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _ic_store_prepare (store, "SELECT text FROM hypotheses WHERE incident_id = ?1"
                            " ORDER BY rank", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (texts, (const char *) sqlite3_column_text (stmt, 0));
  facts->hypotheses = g_strv_builder_end (texts);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!read_row (store, "SELECT MIN(e.created_at) FROM evidence e"
                 " JOIN hypotheses h ON h.id = e.hypothesis_id WHERE h.incident_id = ?1",
                 incident_id, &stmt, error))
    return NULL;
  facts->first_evidence_at = stmt ? sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!read_row (store, "SELECT rolled_back_at, description, id FROM changes"
                 " WHERE incident_id = ?1 AND rolled_back_at IS NOT NULL"
                 " ORDER BY rolled_back_at, id LIMIT 1", incident_id, &stmt, error))
    return NULL;
  if (stmt != NULL)
    {
      facts->first_rollback_at = sqlite3_column_int64 (stmt, 0);
      facts->first_rollback = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      facts->first_rollback_is_culprit = culprit != 0 && sqlite3_column_int64 (stmt, 2) == culprit;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!read_row (store, "SELECT MIN(created_at) FROM status_updates WHERE incident_id = ?1",
                 incident_id, &stmt, error))
    return NULL;
  facts->first_status_update_at = stmt ? sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Its pauses, to leave out of every time. */
  stmt = _ic_store_prepare (store, "SELECT paused_at, COALESCE(resumed_at, 0) FROM drill_pauses"
                            " WHERE incident_id = ?1 ORDER BY paused_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  facts->pauses = g_array_new (FALSE, FALSE, sizeof (IcDrillPause));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcDrillPause pause = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (facts->pauses, pause);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, store, rc, _("Cannot read the drill from"));
      return NULL;
    }
  return g_steal_pointer (&facts);
}

/* Pure --------------------------------------------------------------------- */

static void
item_free (IcDebriefItem *item)
{
  g_free (item->text);
  g_free (item);
}

void
ic_drill_debrief_free (IcDrillDebrief *debrief)
{
  if (debrief == NULL)
    return;
  g_ptr_array_unref (debrief->items);
  g_free (debrief->outcome);
  g_free (debrief);
}

static void
add (IcDrillDebrief    *debrief,
     IcDebriefItemKind  kind,
     gboolean           met,
     char              *text)
{
  IcDebriefItem *item = g_new0 (IcDebriefItem, 1);

  item->kind = kind;
  item->met = met;
  item->text = text;
  g_ptr_array_add (debrief->items, item);
  debrief->score += met;
}

/* "1:40": from the drill's start to @at. */
static char *
since_start (const IcDrillFacts *facts,
             gint64              at)
{
  return ic_format_elapsed (ic_drill_facts_active_time (facts, at));
}

static gboolean
gap_names_signal (const IcDrillFacts *facts,
                  const IcScenario   *scenario)
{
  g_autofree char *folded = g_utf8_casefold (facts->detection_gap ? facts->detection_gap : "", -1);

  for (guint i = 0; scenario->missing_signal_keywords[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (scenario->missing_signal_keywords[i], -1);

      if (*folded != '\0' && strstr (folded, word) != NULL)
        return TRUE;
    }
  return FALSE;
}

/**
 * ic_drill_debrief_new:
 *
 * Returns: (transfer full): the run measured against the scenario, each
 *   measure said in words
 */
IcDrillDebrief *
ic_drill_debrief_new (const IcDrillFacts *facts,
                      const IcScenario   *scenario)
{
  IcDrillDebrief *debrief = g_new0 (IcDrillDebrief, 1);
  guint cause_rank = 0;
  char *text;

  g_return_val_if_fail (facts != NULL && scenario != NULL, NULL);

  debrief->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  debrief->to_three_hypotheses = facts->third_hypothesis_at != 0
                                   ? ic_drill_facts_active_time (facts, facts->third_hypothesis_at)
                                   : -1;
  debrief->to_mitigation = facts->fixed_at != 0
                             ? ic_drill_facts_active_time (facts, facts->fixed_at) : -1;

  if (facts->structure_completed_at != 0)
    {
      g_autofree char *when = since_start (facts, facts->structure_completed_at);

      /* Translators: a drill's debrief; %s is a time like 0:45 */
      text = g_strdup_printf (_("Structured in %s: alert time, last known good and blast radius "
                                "before any command."), when);
    }
  else
    text = g_strdup (_("The structure step was never finished."));
  add (debrief, IC_DEBRIEF_STRUCTURE, facts->structure_completed_at != 0, text);

  if (facts->third_hypothesis_at != 0)
    {
      g_autofree char *when = since_start (facts, facts->third_hypothesis_at);

      text = facts->wild_card_in_three
               /* Translators: %s is a time like 1:40 */
               ? g_strdup_printf (_("Three hypotheses in %s — one was a wild card."), when)
               : g_strdup_printf (_("Three hypotheses in %s — none was a wild card."), when);
    }
  else
    text = g_strdup (_("Fewer than three hypotheses were written."));
  add (debrief, IC_DEBRIEF_HYPOTHESES,
       facts->third_hypothesis_at != 0 && facts->wild_card_in_three, text);

  for (guint i = 0; facts->hypotheses != NULL && facts->hypotheses[i] != NULL; i++)
    if (ic_scenario_text_names_cause (scenario, facts->hypotheses[i]))
      {
        cause_rank = i + 1;
        break;
      }
  if (cause_rank != 0)
    /* Translators: %u is the hypothesis' rank, 1 being the most likely */
    text = g_strdup_printf (_("The true cause was among the hypotheses, ranked %u."), cause_rank);
  else
    /* Translators: %s is the scenario's root cause */
    text = g_strdup_printf (_("The true cause was not among the hypotheses: %s"),
                            scenario->root_cause);
  add (debrief, IC_DEBRIEF_TRUE_CAUSE, cause_rank != 0, text);

  if (facts->first_evidence_at != 0)
    {
      g_autofree char *when = since_start (facts, facts->first_evidence_at);

      /* Translators: %s is a time like 2:10 */
      text = g_strdup_printf (_("First evidence attached at %s."), when);
    }
  else
    text = g_strdup (_("No evidence was attached to a hypothesis."));
  add (debrief, IC_DEBRIEF_EVIDENCE, facts->first_evidence_at != 0, text);

  {
    const IcScenarioChange *culprit = ic_scenario_find_change (scenario, scenario->culprit_change);
    gboolean in_time = facts->first_rollback_at != 0
                       && (facts->rollback_deadline == 0
                           || facts->first_rollback_at <= facts->rollback_deadline);

    if (facts->first_rollback_at == 0)
      /* Translators: %s is the change whose rollback was the fix */
      text = g_strdup_printf (_("Nothing was rolled back; the fix was to roll back “%s”."),
                              culprit->description);
    else
      {
        g_autofree char *when = since_start (facts, facts->first_rollback_at);
        const char *timing = in_time ? _("before the two-minute deadline")
                                     : _("after the two-minute deadline");

        if (facts->first_rollback_is_culprit)
          /* Translators: "Rolled back “X” at 1:50, before the two-minute deadline — the
           * change that caused it." */
          text = g_strdup_printf (_("Rolled back “%s” at %s, %s — the change that caused it."),
                                  facts->first_rollback, when, timing);
        else
          text = g_strdup_printf (_("Rolled back “%s” at %s, %s — not the change that caused "
                                    "it (“%s”)."), facts->first_rollback, when, timing,
                                  culprit->description);
      }
    add (debrief, IC_DEBRIEF_ROLLBACK, in_time && facts->first_rollback_is_culprit, text);
  }

  if (facts->first_status_update_at != 0)
    {
      g_autofree char *when = since_start (facts, facts->first_status_update_at);

      /* Translators: %s is a time like 3:05 */
      text = g_strdup_printf (_("First status update at %s."), when);
    }
  else
    text = g_strdup (_("No status update was sent."));
  add (debrief, IC_DEBRIEF_STATUS_UPDATE, facts->first_status_update_at != 0, text);

  if (gap_names_signal (facts, scenario))
    text = g_strdup (_("The postmortem’s detection gap names the missing signal."));
  else
    /* Translators: %s is the signal that would have caught it */
    text = g_strdup_printf (_("The postmortem’s detection gap does not name the missing signal: "
                              "%s"), scenario->missing_signal);
  add (debrief, IC_DEBRIEF_DETECTION_GAP, gap_names_signal (facts, scenario), text);

  if (facts->ended_at == 0)
    debrief->outcome = g_strdup (_("Still running."));
  else
    {
      g_autofree char *when = since_start (facts, facts->ended_at);

      debrief->outcome = facts->abandoned
                           /* Translators: %s is a time like 6:12 */
                           ? g_strdup_printf (_("Abandoned after %s."), when)
                           : g_strdup_printf (_("Resolved in %s."), when);
    }
  return debrief;
}
