/* ic-store-changes.c — recent changes and the decision-tree checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-change-private.h"
#include "ic-decision-check-private.h"
#include "ic-store-change-sources.h"
#include "ic-store-private.h"

/* Changes ---------------------------------------------------------------- */

/* Newest first: the list a responder scans for "what changed". */
static int
compare_changes (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gint64 ta = ic_change_get_changed_at ((IcChange *) a);
  gint64 tb = ic_change_get_changed_at ((IcChange *) b);
  gint64 ia = ic_change_get_id ((IcChange *) a);
  gint64 ib = ic_change_get_id ((IcChange *) b);

  if (ta != tb)
    return ta > tb ? -1 : 1;
  return ia > ib ? -1 : (ia < ib ? 1 : 0);
}

static void
change_notify_cb (IcChange   *change,
                  GParamSpec *pspec,
                  IcStore    *self)
{
  _ic_store_mark_dirty (self, G_OBJECT (change));

  if (g_str_equal (pspec->name, "changed-at"))
    {
      gint64 incident_id = ic_change_get_incident_id (change);
      GListStore *live = g_hash_table_lookup (self->changes, &incident_id);
      guint position;

      if (live != NULL && g_list_store_find (live, change, &position))
        {
          g_autoptr(IcChange) hold = g_object_ref (change);

          g_list_store_remove (live, position);
          g_list_store_insert_sorted (live, change, compare_changes, NULL);
        }
    }
}

static GListStore *
load_changes (IcStore  *self,
              gint64    incident_id,
              GError  **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_CHANGE);
  g_auto (IcStoreStmt) stmt_lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, IC_STORE_SELECT_CHANGES_SQL, &stmt_lent, error))
    return NULL;
  stmt = stmt_lent.stmt;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcChangeKind kind = IC_CHANGE_KIND_OTHER;
      g_autoptr(IcChange) change = NULL;

      ic_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);
      change = _ic_change_new (sqlite3_column_int64 (stmt, 0), incident_id, kind,
                               (const char *) sqlite3_column_text (stmt, 2),
                               sqlite3_column_int64 (stmt, 3), sqlite3_column_int (stmt, 4) != 0,
                               sqlite3_column_int64 (stmt, 5));
      _ic_change_set_origin (change, (const char *) sqlite3_column_text (stmt, 6),
                             (const char *) sqlite3_column_text (stmt, 7),
                             (const char *) sqlite3_column_text (stmt, 8),
                             (const char *) sqlite3_column_text (stmt, 9));
      g_signal_connect_object (change, "notify", G_CALLBACK (change_notify_cb), self, 0);
      g_list_store_append (result, change);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the changes from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * ic_store_get_changes:
 *
 * Returns: (transfer none) (nullable): the live list of @incident's recent
 *   changes (#IcChange), newest first. Edits to them are autosaved.
 */
GListModel *
ic_store_get_changes (IcStore    *self,
                     IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->changes, incident, load_changes);
}

/**
 * ic_store_add_change:
 * @description: what changed, e.g. "deploy v1.2.3"; must not be blank
 * @changed_at: when, µs since the epoch
 * @reversible: whether it can be rolled back
 *
 * Returns: (transfer full) (nullable): the change, also added to the live
 *   list; recorded on the timeline
 */
IcChange *
ic_store_add_change (IcStore       *self,
                     IcIncident    *incident,
                     IcChangeKind   kind,
                     const char    *description,
                     gint64         changed_at,
                     gboolean       reversible,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ref = NULL;
  GListModel *live;
  IcChange *change;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  clean = g_strstrip (g_strdup (description ? description : ""));
  if (*clean == '\0' || ic_change_kind_to_string (kind) == NULL || changed_at <= 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A change needs a kind, a description and a time"));
      return NULL;
    }
  if (!_ic_store_check_incident (self, incident, error))
    return NULL;
  live = ic_store_get_changes (self, incident);
  stmt = _ic_store_prepare (self, "INSERT INTO changes (incident_id, kind, description,"
                            " changed_at, reversible, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, ic_change_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, changed_at);
  sqlite3_bind_int (stmt, 5, reversible ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, ic_clock_get_now (self->clock));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add a change to"));
      return NULL;
    }
  change = _ic_change_new (sqlite3_last_insert_rowid (self->db), ic_incident_get_id (incident),
                           kind, clean, changed_at, reversible, 0);
  g_signal_connect_object (change, "notify", G_CALLBACK (change_notify_cb), self, 0);
  if (live != NULL)
    g_list_store_insert_sorted (G_LIST_STORE (live), change, compare_changes, NULL);

  /* Translators: a timeline entry, e.g. "Change added: Deploy — checkout v1.2.3 (reversible)" */
  text = g_strdup_printf (reversible ? _("Change added: %s — %s (reversible)")
                                     : _("Change added: %s — %s (not reversible)"),
                          ic_change_kind_get_label (kind), clean);
  ref = g_strdup_printf ("change:%" G_GINT64_FORMAT, ic_change_get_id (change));
  _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CHANGE_ADDED, text, ref);
  return change;
}

static IcChange *
insert_draft (IcStore             *self,
              sqlite3_stmt        *stmt,
              IcIncident          *incident,
              const char          *source_name,
              const IcChangeDraft *draft,
              GError             **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (draft->description ? draft->description : ""));
  IcChange *change;
  int rc;

  /* A draft a source could not fill in is not a change. */
  if (*clean == '\0' || draft->changed_at <= 0 || draft->revision == NULL
      || ic_change_kind_to_string (draft->kind) == NULL)
    return NULL;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, ic_change_kind_to_string (draft->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, draft->changed_at);
  sqlite3_bind_int (stmt, 5, draft->reversible ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, ic_clock_get_now (self->clock));
  sqlite3_bind_text (stmt, 7, source_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, draft->revision, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, draft->author, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, draft->config_diff, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add the changes read to"));
      return NULL;
    }
  if (sqlite3_changes (self->db) == 0)
    return NULL;  /* read before */
  change = _ic_change_new (sqlite3_last_insert_rowid (self->db), ic_incident_get_id (incident),
                           draft->kind, clean, draft->changed_at, draft->reversible, 0);
  _ic_change_set_origin (change, source_name, draft->revision, draft->author,
                         draft->config_diff);
  return change;
}

/**
 * ic_store_merge_changes:
 * @source_name: the source's name (ic_change_source_dup_name())
 * @drafts: (element-type IcChangeDraft): what the source read
 * @n_added: (out) (optional): how many were new
 *
 * Adds the changes a source read to @incident's, in one transaction: a
 * revision of the source already there is left as it is (its rollback, its
 * edits kept), a draft without description, time or revision is skipped.
 * The new ones join the live list; their number goes on the timeline.
 */
gboolean
ic_store_merge_changes (IcStore     *self,
                        IcIncident  *incident,
                        const char  *source_name,
                        GPtrArray   *drafts,
                        guint       *n_added,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *live;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (source_name != NULL && drafts != NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  live = ic_store_get_changes (self, incident);
  stmt = _ic_store_prepare (self, "INSERT OR IGNORE INTO changes (incident_id, kind, description,"
                            " changed_at, reversible, created_at, source, revision, author,"
                            " config_diff) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                            error);
  if (stmt == NULL
      || !_ic_store_exec (self, "BEGIN IMMEDIATE", _("Cannot add the changes read to"), error))
    return FALSE;
  for (guint i = 0; i < drafts->len; i++)
    {
      g_autoptr(GError) local = NULL;
      IcChange *change = insert_draft (self, stmt, incident, source_name, drafts->pdata[i], &local);

      if (local != NULL)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (change != NULL)
        g_ptr_array_add (added, change);
    }
  if (!_ic_store_exec (self, "COMMIT", _("Cannot add the changes read to"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  for (guint i = 0; i < added->len; i++)
    {
      g_signal_connect_object (added->pdata[i], "notify", G_CALLBACK (change_notify_cb), self, 0);
      if (live != NULL)
        g_list_store_insert_sorted (G_LIST_STORE (live), added->pdata[i], compare_changes, NULL);
    }
  if (added->len > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u change read from %s",
                                                            "%u changes read from %s",
                                                            added->len),
                                               added->len, source_name);

      _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CHANGE_ADDED, text, NULL);
    }
  /* What a change did to configuration files is for the timeline too: the
   * renamed key is often the whole story. */
  for (guint i = 0; i < added->len; i++)
    if (ic_change_get_config_diff (added->pdata[i]) != NULL)
      {
        g_autofree char *ref = g_strdup_printf ("change:%" G_GINT64_FORMAT,
                                                ic_change_get_id (added->pdata[i]));
        /* Translators: a timeline entry: a change read from a repository, then its config diff */
        g_autofree char *text = g_strdup_printf (_("Config change: %s — %s"),
                                                 ic_change_get_description (added->pdata[i]),
                                                 ic_change_get_config_diff (added->pdata[i]));

        _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CHANGE_ADDED, text, ref);
      }
  if (n_added != NULL)
    *n_added = added->len;
  return TRUE;
}

/**
 * ic_store_roll_back_change:
 * @change: a reversible change of @incident, not yet rolled back
 *
 * Records that @change was rolled back now — any change, not only the
 * rollback candidate: the cause is not always the most recent one. As the
 * two-minute rule's rollback does, the incident becomes "mitigating" (from
 * investigating or identified) and the decision goes on the timeline.
 *
 * Returns: %FALSE with %IC_STORE_ERROR_INVALID for a change that cannot be
 *   rolled back, or the error of saving it
 */
gboolean
ic_store_roll_back_change (IcStore     *self,
                           IcIncident  *incident,
                           IcChange    *change,
                           GError     **error)
{
  gint64 now;
  gint64 mitigated_at = 0;
  g_autofree char *text = NULL;
  g_autofree char *ref = NULL;
  IcIncidentStatus status;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (IC_IS_CHANGE (change), FALSE);

  if (!ic_change_get_reversible (change))
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("“%s” cannot be rolled back: it is not reversible"),
                   ic_change_get_description (change));
      return FALSE;
    }
  if (ic_change_get_rolled_back_at (change) != 0)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("“%s” is already rolled back"), ic_change_get_description (change));
      return FALSE;
    }
  now = ic_clock_get_now (self->clock);
  ic_change_set_rolled_back_at (change, now);
  status = ic_incident_get_status (incident);
  if (status == IC_INCIDENT_STATUS_INVESTIGATING || status == IC_INCIDENT_STATUS_IDENTIFIED)
    {
      g_object_get (incident, "mitigated-at", &mitigated_at, NULL);
      if (mitigated_at == 0)
        g_object_set (incident, "mitigated-at", now, NULL);
      ic_incident_set_status (incident, IC_INCIDENT_STATUS_MITIGATING);
    }
  /* Translators: on the timeline; %s is the change, e.g. "checkout v1.2.3" */
  text = g_strdup_printf (_("Decision: roll back %s"), ic_change_get_description (change));
  ref = g_strdup_printf ("change:%" G_GINT64_FORMAT, ic_change_get_id (change));
  _ic_store_record_event (self, incident, "rollback-decision", text, ref);
  return ic_store_flush (self, error);
}

/**
 * ic_store_delete_change:
 *
 * Removes a change entered by mistake; recorded on the timeline.
 */
gboolean
ic_store_delete_change (IcStore   *self,
                        IcChange  *change,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  gint64 incident_id;
  IcIncident *incident;
  GListStore *live;
  guint position;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_CHANGE (change), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "DELETE FROM changes WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_change_get_id (change));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot remove a change from"));
      return FALSE;
    }
  g_hash_table_remove (self->dirty, change);
  g_signal_handlers_disconnect_by_func (change, change_notify_cb, self);
  incident_id = ic_change_get_incident_id (change);
  live = g_hash_table_lookup (self->changes, &incident_id);
  if (live != NULL && g_list_store_find (live, change, &position))
    g_list_store_remove (live, position);
  incident = ic_store_lookup_incident (self, incident_id);
  if (incident != NULL)
    {
      text = g_strdup_printf (_("Change removed: %s"), ic_change_get_description (change));
      _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CHANGE_REMOVED, text, NULL);
    }
  return TRUE;
}

/**
 * ic_store_get_rollback_candidate:
 *
 * Returns: (transfer none) (nullable): the most recent reversible change
 *   that has not been rolled back yet
 */
IcChange *
ic_store_get_rollback_candidate (IcStore    *self,
                                 IcIncident *incident)
{
  GListModel *live;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  live = ic_store_get_changes (self, incident);
  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (live, i);

      if (ic_change_get_reversible (change) && ic_change_get_rolled_back_at (change) == 0)
        return change;
    }
  return NULL;
}

gboolean
_ic_store_write_change (IcStore   *self,
                        IcChange  *change,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *description = g_strstrip (g_strdup (ic_change_get_description (change)));
  int rc;

  stmt = _ic_store_prepare (self, "UPDATE changes SET kind = ?1,"
                            " description = COALESCE(NULLIF(?2, ''), description),"
                            " changed_at = ?3, reversible = ?4, rolled_back_at = NULLIF(?5, 0)"
                            " WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  /* A description being retyped may be blank for a moment: keep the last
   * non-blank one in the database rather than failing every autosave. */
  sqlite3_bind_text (stmt, 1, ic_change_kind_to_string (ic_change_get_kind (change)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, ic_change_get_changed_at (change));
  sqlite3_bind_int (stmt, 4, ic_change_get_reversible (change) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, ic_change_get_rolled_back_at (change));
  sqlite3_bind_int64 (stmt, 6, ic_change_get_id (change));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot save a change to"));
      return FALSE;
    }
  return TRUE;
}

/* Decision checks -------------------------------------------------------- */

static GListStore *
load_checks (IcStore  *self,
             gint64    incident_id,
             GError  **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_DECISION_CHECK);
  g_auto (IcStoreStmt) insert_lent = { 0 };
  sqlite3_stmt *insert;
  g_auto (IcStoreStmt) stmt_lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, IC_STORE_INSERT_CHECKS_SQL, &insert_lent, error))
    return NULL;
  insert = insert_lent.stmt;
  for (int step = 1; step <= IC_DECISION_CHECK_N_STEPS; step++)
    {
      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, incident_id);
      sqlite3_bind_int (insert, 2, step);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        {
          _ic_store_set_error (error, self, rc, _("Cannot prepare the decision checks in"));
          return NULL;
        }
    }
  if (!_ic_store_cached (self, IC_STORE_SELECT_CHECKS_SQL, &stmt_lent, error))
    return NULL;
  stmt = stmt_lent.stmt;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcCheckAnswer answer = IC_CHECK_ANSWER_UNANSWERED;
      g_autoptr(IcDecisionCheck) check = NULL;

      ic_check_answer_from_string ((const char *) sqlite3_column_text (stmt, 1), &answer);
      check = _ic_decision_check_new (incident_id, sqlite3_column_int (stmt, 0), answer,
                                      (const char *) sqlite3_column_text (stmt, 2),
                                      sqlite3_column_int64 (stmt, 3));
      g_list_store_append (result, check);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the decision checks from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * ic_store_get_decision_checks:
 *
 * Returns: (transfer none) (nullable): the four #IcDecisionCheck of
 *   @incident, in the order they are asked
 */
GListModel *
ic_store_get_decision_checks (IcStore    *self,
                             IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->checks, incident, load_checks);
}

/**
 * ic_store_get_next_decision_check:
 *
 * Returns: (transfer none) (nullable): the first unanswered check, or
 *   %NULL when all four are answered
 */
IcDecisionCheck *
ic_store_get_next_decision_check (IcStore    *self,
                                  IcIncident *incident)
{
  GListModel *checks = ic_store_get_decision_checks (self, incident);

  for (guint i = 0; checks != NULL && i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(IcDecisionCheck) check = g_list_model_get_item (checks, i);

      if (!ic_decision_check_get_is_answered (check))
        return check;
    }
  return NULL;
}

/**
 * ic_store_answer_decision_check:
 * @answer: yes, no or unknown (or unanswered, to clear it)
 * @note: (nullable): what was seen
 *
 * Stores the answer with the current time and records it on the timeline.
 */
gboolean
ic_store_answer_decision_check (IcStore          *self,
                                IcDecisionCheck  *check,
                                IcCheckAnswer     answer,
                                const char       *note,
                                GError          **error)
{
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  g_autofree char *clean = g_strstrip (g_strdup (note ? note : ""));
  g_autofree char *text = NULL;
  g_autofree char *ref = NULL;
  gint64 incident_id, now;
  IcIncident *incident;
  int step, rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_DECISION_CHECK (check), FALSE);

  incident_id = ic_decision_check_get_incident_id (check);
  step = ic_decision_check_get_step (check);
  now = ic_clock_get_now (self->clock);

  incident = ic_store_lookup_incident (self, incident_id);
  if (incident == NULL || !_ic_store_check_incident (self, incident, error))
    {
      if (incident == NULL)
        g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                             _("The incident of this check no longer exists"));
      return FALSE;
    }
  if (ic_check_answer_to_string (answer) == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Unknown answer to a decision check"));
      return FALSE;
    }
  if (!_ic_store_cached (self, IC_STORE_ANSWER_CHECK_SQL, &lent, error))
    return FALSE;
  stmt = lent.stmt;
  if (answer == IC_CHECK_ANSWER_UNANSWERED)
    now = 0;
  sqlite3_bind_text (stmt, 1, ic_check_answer_to_string (answer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, incident_id);
  sqlite3_bind_int (stmt, 5, step);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot save a decision check to"));
      return FALSE;
    }
  _ic_decision_check_set (check, answer, clean, now);

  if (*clean != '\0')
    /* Translators: timeline entry: "Check 3 — Are we hitting a resource limit? Yes: pool at 100%" */
    text = g_strdup_printf (_("Check %d — %s %s: %s"), step, ic_decision_check_get_question (step),
                            ic_check_answer_get_label (answer), clean);
  else
    text = g_strdup_printf (_("Check %d — %s %s"), step, ic_decision_check_get_question (step),
                            ic_check_answer_get_label (answer));
  ref = g_strdup_printf ("check:%d", step);
  _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CHECK_ANSWERED, text, ref);
  return TRUE;
}
