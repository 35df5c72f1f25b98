/* ic-store-hypotheses.c — ranked hypotheses, their evidence, the three-with-a-
 * wild-card rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-hypothesis-private.h"
#include "ic-store-private.h"

#define KIND_RULE_OVERRIDDEN "hypothesis-rule-overridden"

/* Hypotheses -------------------------------------------------------------- */

/* ic_hypothesis_check_test_command() in the store's error domain, for
 * adding and importing. */
gboolean
_ic_store_check_test_command (const char  *command,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ic_hypothesis_check_test_command (command, &local_error))
    return TRUE;
  g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID, local_error->message);
  return FALSE;
}

static void
hypothesis_notify_cb (IcHypothesis *hypothesis,
                      GParamSpec   *pspec,
                      IcStore      *self)
{
  /* Only what the responder edits in place is autosaved; rank and status
   * go through the store and are written at once. */
  if (g_str_equal (pspec->name, "text") || g_str_equal (pspec->name, "test-command")
      || g_str_equal (pspec->name, "likelihood"))
    _ic_store_mark_dirty (self, G_OBJECT (hypothesis));
}

static GListStore *
load_hypotheses (IcStore  *self,
                 gint64    incident_id,
                 GError  **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_HYPOTHESIS);
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, IC_STORE_SELECT_HYPOTHESES_SQL, &lent, error))
    return NULL;
  stmt = lent.stmt;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcLikelihood likelihood = IC_LIKELIHOOD_LIKELY;
      IcHypothesisStatus status = IC_HYPOTHESIS_STATUS_OPEN;
      g_autoptr(IcHypothesis) hypothesis = NULL;

      ic_likelihood_from_string ((const char *) sqlite3_column_text (stmt, 3), &likelihood);
      ic_hypothesis_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &status);
      hypothesis = _ic_hypothesis_new (sqlite3_column_int64 (stmt, 0), incident_id,
                                       sqlite3_column_int (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2), likelihood,
                                       status, (const char *) sqlite3_column_text (stmt, 5),
                                       sqlite3_column_int64 (stmt, 6));
      g_signal_connect_object (hypothesis, "notify", G_CALLBACK (hypothesis_notify_cb), self, 0);
      g_list_store_append (result, hypothesis);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the hypotheses from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * ic_store_get_hypotheses:
 *
 * Returns: (transfer none) (nullable): the live, rank-ordered list of
 *   @incident's #IcHypothesis
 */
GListModel *
ic_store_get_hypotheses (IcStore    *self,
                        IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->hypotheses, incident, load_hypotheses);
}

static void
record (IcStore      *self,
        IcHypothesis *hypothesis,
        const char   *kind,
        const char   *text)
{
  IcIncident *incident = ic_store_lookup_incident (self,
                                                   ic_hypothesis_get_incident_id (hypothesis));
  g_autofree char *ref = g_strdup_printf ("hypothesis:%" G_GINT64_FORMAT,
                                          ic_hypothesis_get_id (hypothesis));

  if (incident != NULL)
    _ic_store_record_event (self, incident, kind, text, ref);
}

/**
 * ic_store_add_hypothesis:
 * @text: the hypothesis; must not be blank
 * @test_command: (nullable): how to test it (copied, never run); one
 *   line of plain text (see ic_hypothesis_check_test_command())
 *
 * Adds a hypothesis at the bottom of the ranking.
 *
 * Returns: (transfer full) (nullable): the hypothesis
 */
IcHypothesis *
ic_store_add_hypothesis (IcStore       *self,
                         IcIncident    *incident,
                         const char    *text,
                         IcLikelihood   likelihood,
                         const char    *test_command,
                         GError       **error)
{
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *command = g_strstrip (g_strdup (test_command ? test_command : ""));
  g_autofree char *event = NULL;
  GListModel *live;
  IcHypothesis *hypothesis;
  int rank, rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  if (*clean == '\0' || ic_likelihood_to_string (likelihood) == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A hypothesis needs a text and a likelihood"));
      return NULL;
    }
  if (!_ic_store_check_test_command (command, error)
      || !_ic_store_check_incident (self, incident, error))
    return NULL;
  live = ic_store_get_hypotheses (self, incident);
  if (live == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED,
                           _("Cannot read the hypotheses"));
      return NULL;
    }
  rank = (int) g_list_model_get_n_items (live) + 1;
  if (!_ic_store_cached (self, IC_STORE_INSERT_HYPOTHESIS_SQL, &lent, error))
    return NULL;
  stmt = lent.stmt;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_int (stmt, 2, rank);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, ic_likelihood_to_string (likelihood), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, command, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, ic_clock_get_now (self->clock));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add a hypothesis to"));
      return NULL;
    }
  hypothesis = _ic_hypothesis_new (sqlite3_last_insert_rowid (self->db),
                                   ic_incident_get_id (incident), rank, clean, likelihood,
                                   IC_HYPOTHESIS_STATUS_OPEN, command, 0);
  g_signal_connect_object (hypothesis, "notify", G_CALLBACK (hypothesis_notify_cb), self, 0);
  g_list_store_append (G_LIST_STORE (live), hypothesis);
  /* Translators: timeline entry: "Hypothesis #2 added (wild card): DNS TTL expired" */
  event = g_strdup_printf (_("Hypothesis #%d added (%s): %s"), rank,
                           ic_likelihood_get_label (likelihood), clean);
  record (self, hypothesis, "hypothesis-added", event);
  return hypothesis;
}

/* Writes ranks 1…n in the live list's order, in one transaction. The detour
 * through large ranks keeps UNIQUE (incident_id, rank) true at every step. */
static gboolean
write_ranks (IcStore     *self,
             GListModel  *live,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = g_list_model_get_n_items (live);

  if (!_ic_store_exec (self, "SAVEPOINT ranks", _("Cannot rank the hypotheses in"), error))
    return FALSE;
  stmt = _ic_store_prepare (self, "UPDATE hypotheses SET rank = ?1 WHERE id = ?2", error);
  for (int pass = 0; stmt != NULL && pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);
          int rc;

          sqlite3_reset (stmt);
          sqlite3_bind_int (stmt, 1, (int) i + 1 + (pass == 0 ? 1000000 : 0));
          sqlite3_bind_int64 (stmt, 2, ic_hypothesis_get_id (hypothesis));
          if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
            {
              _ic_store_set_error (error, self, rc, _("Cannot rank the hypotheses in"));
              _ic_store_exec (self, "ROLLBACK TO ranks; RELEASE ranks", "", NULL);
              return FALSE;
            }
        }
    }
  if (stmt == NULL)
    {
      _ic_store_exec (self, "ROLLBACK TO ranks; RELEASE ranks", "", NULL);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);
      _ic_hypothesis_set_rank (hypothesis, (int) i + 1);
    }
  return _ic_store_exec (self, "RELEASE ranks", _("Cannot rank the hypotheses in"), error);
}

/**
 * ic_store_move_hypothesis:
 * @rank: the new rank, 1 … the number of hypotheses
 *
 * Re-ranks: the others shift to make room. Recorded on the timeline.
 */
gboolean
ic_store_move_hypothesis (IcStore       *self,
                          IcHypothesis  *hypothesis,
                          int            rank,
                          GError       **error)
{
  g_autoptr(IcHypothesis) hold = NULL;
  g_autofree char *event = NULL;
  gint64 incident_id;
  GListStore *live;
  guint position, n;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  incident_id = ic_hypothesis_get_incident_id (hypothesis);
  live = g_hash_table_lookup (self->hypotheses, &incident_id);
  if (live == NULL || !g_list_store_find (live, hypothesis, &position))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This hypothesis no longer exists"));
      return FALSE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (live));
  if (rank < 1 || (guint) rank > n)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("Rank %d is out of range: this incident has %u hypotheses"), rank, n);
      return FALSE;
    }
  if ((guint) rank == position + 1)
    return TRUE;
  hold = g_object_ref (hypothesis);
  g_list_store_remove (live, position);
  g_list_store_insert (live, (guint) rank - 1, hypothesis);
  if (!write_ranks (self, G_LIST_MODEL (live), error))
    {
      g_list_store_remove (live, (guint) rank - 1);
      g_list_store_insert (live, position, hypothesis);
      return FALSE;
    }
  event = g_strdup_printf (_("Hypothesis re-ranked to #%d: %s"), rank,
                           ic_hypothesis_get_text (hypothesis));
  record (self, hypothesis, "hypothesis-ranked", event);
  return TRUE;
}

/* The model's rule (ic_hypothesis_refuse_status()), on the store's lists. */
static gboolean
check_transition (IcStore             *self,
                  IcHypothesis        *hypothesis,
                  IcHypothesisStatus   status,
                  GError             **error)
{
  gint64 incident_id = ic_hypothesis_get_incident_id (hypothesis);
  const char *why = ic_hypothesis_refuse_status (hypothesis, status,
                                                 ic_store_get_evidence (self, hypothesis),
                                                 g_hash_table_lookup (self->hypotheses,
                                                                      &incident_id));

  if (why == NULL)
    return TRUE;
  g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID, why);
  return FALSE;
}

/**
 * ic_store_set_hypothesis_status:
 * @status: open, testing, confirmed or refuted
 *
 * Refuting needs evidence against. Confirming marks the incident
 * identified (status and #IcIncident:identified-at), which stops the
 * rollback timer. Recorded on the timeline.
 */
gboolean
ic_store_set_hypothesis_status (IcStore             *self,
                                IcHypothesis        *hypothesis,
                                IcHypothesisStatus   status,
                                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *event = NULL;
  g_autofree char *lower = NULL;
  IcIncident *incident;
  gint64 now;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), FALSE);

  incident = ic_store_lookup_incident (self, ic_hypothesis_get_incident_id (hypothesis));
  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  if (incident == NULL || ic_store_get_hypotheses (self, incident) == NULL
      || !g_list_store_find (G_LIST_STORE (ic_store_get_hypotheses (self, incident)),
                             hypothesis, NULL))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This hypothesis no longer exists"));
      return FALSE;
    }
  if (ic_hypothesis_get_status (hypothesis) == status)
    return TRUE;
  if (!check_transition (self, hypothesis, status, error))
    return FALSE;
  now = ic_clock_get_now (self->clock);
  stmt = _ic_store_prepare (self, "UPDATE hypotheses SET status = ?1, status_changed_at = ?2"
                            " WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ic_hypothesis_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, ic_hypothesis_get_id (hypothesis));
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot change a hypothesis in"));
      return FALSE;
    }
  _ic_hypothesis_set_status (hypothesis, status, now);
  /* Translators: timeline entry: "Hypothesis confirmed: pool exhausted" */
  lower = g_utf8_strdown (ic_hypothesis_status_get_label (status), -1);
  event = g_strdup_printf (_("Hypothesis %s: %s"), lower, ic_hypothesis_get_text (hypothesis));
  record (self, hypothesis, "hypothesis-status", event);

  if (status == IC_HYPOTHESIS_STATUS_CONFIRMED)
    {
      gint64 identified = 0;

      g_object_get (incident, "identified-at", &identified, NULL);
      if (identified == 0)
        g_object_set (incident, "identified-at", now, NULL);
      if (ic_incident_get_status (incident) == IC_INCIDENT_STATUS_INVESTIGATING)
        ic_incident_set_status (incident, IC_INCIDENT_STATUS_IDENTIFIED);
      return ic_store_flush (self, error);
    }
  return TRUE;
}

/**
 * ic_store_delete_hypothesis:
 *
 * Removes a hypothesis and its evidence; the ranks below move up.
 */
gboolean
ic_store_delete_hypothesis (IcStore       *self,
                            IcHypothesis  *hypothesis,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(IcHypothesis) hold = NULL;
  g_autofree char *event = NULL;
  gint64 incident_id, hypothesis_id;
  GListStore *live;
  guint position;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  incident_id = ic_hypothesis_get_incident_id (hypothesis);
  hypothesis_id = ic_hypothesis_get_id (hypothesis);
  live = g_hash_table_lookup (self->hypotheses, &incident_id);
  if (live == NULL || !g_list_store_find (live, hypothesis, &position))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This hypothesis no longer exists"));
      return FALSE;
    }
  stmt = _ic_store_prepare (self, "DELETE FROM hypotheses WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hypothesis_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot remove a hypothesis from"));
      return FALSE;
    }
  hold = g_object_ref (hypothesis);
  g_hash_table_remove (self->dirty, hypothesis);
  g_signal_handlers_disconnect_by_func (hypothesis, hypothesis_notify_cb, self);
  g_list_store_remove (live, position);
  g_hash_table_remove (self->evidence, &hypothesis_id);
  event = g_strdup_printf (_("Hypothesis removed: %s"), ic_hypothesis_get_text (hypothesis));
  record (self, hypothesis, "hypothesis-removed", event);
  return write_ranks (self, G_LIST_MODEL (live), error);
}

gboolean
_ic_store_write_hypothesis (IcStore       *self,
                            IcHypothesis  *hypothesis,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = g_strstrip (g_strdup (ic_hypothesis_get_text (hypothesis)));
  int rc;

  /* A text being retyped may be blank for a moment: keep the last one. */
  stmt = _ic_store_prepare (self, "UPDATE hypotheses SET text = COALESCE(NULLIF(?1, ''), text),"
                            " likelihood = ?2, test_command = ?3 WHERE id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ic_likelihood_to_string (ic_hypothesis_get_likelihood (hypothesis)),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ic_hypothesis_get_test_command (hypothesis), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, ic_hypothesis_get_id (hypothesis));
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot save a hypothesis to"));
      return FALSE;
    }
  return TRUE;
}

/* Evidence --------------------------------------------------------------- */

static GListStore *
load_evidence (IcStore  *self,
               gint64    hypothesis_id,
               GError  **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_EVIDENCE);
  g_auto (IcStoreStmt) stmt_lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, "SELECT id, stance, text, probe_sample_id, created_at"
                         " FROM evidence WHERE hypothesis_id = ?1 ORDER BY created_at, id",
                         &stmt_lent, error))
    return NULL;
  stmt = stmt_lent.stmt;
  sqlite3_bind_int64 (stmt, 1, hypothesis_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcStance stance = IC_STANCE_FOR;
      g_autoptr(IcEvidence) item = NULL;

      ic_stance_from_string ((const char *) sqlite3_column_text (stmt, 1), &stance);
      item = _ic_evidence_new (sqlite3_column_int64 (stmt, 0), hypothesis_id, stance,
                               (const char *) sqlite3_column_text (stmt, 2),
                               sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4));
      g_list_store_append (result, item);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the evidence from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * ic_store_get_evidence:
 *
 * Returns: (transfer none) (nullable): the live list of @hypothesis's
 *   #IcEvidence, oldest first
 */
GListModel *
ic_store_get_evidence (IcStore      *self,
                       IcHypothesis *hypothesis)
{
  g_autoptr(GError) error = NULL;
  GListStore *live;
  gint64 id;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), NULL);

  id = ic_hypothesis_get_id (hypothesis);
  live = g_hash_table_lookup (self->evidence, &id);
  if (live != NULL)
    return G_LIST_MODEL (live);
  if (!_ic_store_ensure_open (self, &error) || (live = load_evidence (self, id, &error)) == NULL)
    {
      g_debug ("No evidence for hypothesis %" G_GINT64_FORMAT ": %s", id, error->message);
      return NULL;
    }
  g_hash_table_insert (self->evidence, _ic_store_id_key (id), live);
  return G_LIST_MODEL (live);
}

/**
 * ic_store_add_evidence:
 * @stance: for or against
 * @text: what was seen; must not be blank
 * @probe_sample_id: the probe sample it was copied from, or 0
 *
 * Returns: (transfer full) (nullable): the evidence
 */
IcEvidence *
ic_store_add_evidence (IcStore       *self,
                       IcHypothesis  *hypothesis,
                       IcStance       stance,
                       const char    *text,
                       gint64         probe_sample_id,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *event = NULL;
  gint64 incident_id, now;
  GListStore *hypotheses;
  GListModel *live;
  IcEvidence *evidence;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), NULL);

  if (*clean == '\0' || ic_stance_to_string (stance) == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Evidence needs a text, for or against"));
      return NULL;
    }
  if (!_ic_store_ensure_open (self, error))
    return NULL;
  incident_id = ic_hypothesis_get_incident_id (hypothesis);
  hypotheses = g_hash_table_lookup (self->hypotheses, &incident_id);
  if (hypotheses == NULL || !g_list_store_find (hypotheses, hypothesis, NULL))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This hypothesis no longer exists; the evidence was not added"));
      return NULL;
    }
  live = ic_store_get_evidence (self, hypothesis);
  now = ic_clock_get_now (self->clock);
  stmt = _ic_store_prepare (self, "INSERT INTO evidence (hypothesis_id, stance, text,"
                            " probe_sample_id, created_at) VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ic_hypothesis_get_id (hypothesis));
  sqlite3_bind_text (stmt, 2, ic_stance_to_string (stance), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, probe_sample_id);
  sqlite3_bind_int64 (stmt, 5, now);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add evidence to"));
      return NULL;
    }
  evidence = _ic_evidence_new (sqlite3_last_insert_rowid (self->db),
                               ic_hypothesis_get_id (hypothesis), stance, clean,
                               probe_sample_id, now);
  if (live != NULL)
    g_list_store_append (G_LIST_STORE (live), evidence);
  /* Translators: timeline entry: "Evidence against “pool exhausted”: 12 of 200 in use" */
  event = g_strdup_printf (stance == IC_STANCE_FOR ? _("Evidence for “%s”: %s")
                                                   : _("Evidence against “%s”: %s"),
                           ic_hypothesis_get_text (hypothesis), clean);
  record (self, hypothesis, "evidence-added", event);
  return evidence;
}

/* The rule: three hypotheses, one of them a wild card ---------------------- */

/**
 * ic_store_get_hypothesis_rule_overridden:
 *
 * Returns: %TRUE if the responder chose, explicitly and on the record, to
 *   go on without three hypotheses
 */
gboolean
ic_store_get_hypothesis_rule_overridden (IcStore    *self,
                                         IcIncident *incident)
{
  GListModel *timeline;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  timeline = ic_store_get_timeline (self, incident);
  for (guint i = 0; timeline != NULL && i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_str_equal (ic_timeline_event_get_kind (event), KIND_RULE_OVERRIDDEN))
        return TRUE;
    }
  return FALSE;
}

/**
 * ic_store_get_hypotheses_ready:
 *
 * Returns: %TRUE when @incident has at least three hypotheses, one of them
 *   a wild card — or the rule was overridden
 */
gboolean
ic_store_get_hypotheses_ready (IcStore    *self,
                               IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  return ic_hypotheses_meet_rule (ic_store_get_hypotheses (self, incident))
         || ic_store_get_hypothesis_rule_overridden (self, incident);
}

/**
 * ic_store_override_hypothesis_rule:
 * @reason: (nullable): why, for the record
 *
 * Goes on without three hypotheses; recorded on the timeline.
 */
gboolean
ic_store_override_hypothesis_rule (IcStore     *self,
                                   IcIncident  *incident,
                                   const char  *reason,
                                   GError     **error)
{
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *text = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  text = *clean ? g_strdup_printf (_("Went on without three hypotheses: %s"), clean)
                : g_strdup (_("Went on without three hypotheses"));
  event = ic_store_add_timeline_event (self, incident, KIND_RULE_OVERRIDDEN, text, NULL, error);
  return event != NULL;
}
