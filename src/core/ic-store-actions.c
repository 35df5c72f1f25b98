/* ic-store-actions.c — actions planned and taken, reversible or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-status-update.h"
#include "ic-store-private.h"

/**
 * ic_store_action_needs_evidence:
 * @reversible: whether the action can be undone
 *
 * Returns: %TRUE when an irreversible action is about to be taken while no
 *   hypothesis is confirmed — the moment to ask for evidence first
 */
gboolean
ic_store_action_needs_evidence (IcStore    *self,
                                IcIncident *incident,
                                gboolean    reversible)
{
  gint64 identified = 0;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  g_object_get (incident, "identified-at", &identified, NULL);
  return !reversible && identified == 0;
}

/**
 * ic_store_add_action:
 * @text: the action; must not be blank
 * @reversible: whether it can be undone (a rollback can; a speculative fix
 *   usually cannot)
 * @taken: %TRUE if it was done, %FALSE if it is planned
 * @evidence: (nullable): the answer to "Do you have evidence?", required
 *   when ic_store_action_needs_evidence() says so
 *
 * Returns: the action's id, or 0 with an error
 */
gint64
ic_store_add_action (IcStore     *self,
                     IcIncident  *incident,
                     const char  *text,
                     gboolean     reversible,
                     gboolean     taken,
                     const char  *evidence,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *answer = g_strstrip (g_strdup (evidence ? evidence : ""));
  g_autofree char *event = NULL;
  gint64 now;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);

  if (*clean == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("An action needs a description"));
      return 0;
    }
  if (ic_store_action_needs_evidence (self, incident, reversible) && *answer == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A rollback is reversible; a speculative fix is not. Do you have "
                             "evidence?"));
      return 0;
    }
  if (!_ic_store_check_incident (self, incident, error))
    return 0;
  now = ic_clock_get_now (self->clock);
  stmt = _ic_store_prepare (self, "INSERT INTO actions (incident_id, text, state, reversible,"
                            " taken_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, taken ? "taken" : "planned", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, reversible ? 1 : 0);
  if (taken)
    sqlite3_bind_int64 (stmt, 5, now);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, now);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add an action to"));
      return 0;
    }
  event = g_strdup_printf ("%s: %s (%s)%s%s",
                           taken ? _("Action taken") : _("Action planned"), clean,
                           reversible ? _("reversible") : _("not reversible"),
                           *answer ? _("; evidence: ") : "", answer);
  _ic_store_record_event (self, incident, taken ? "action-taken" : "action-planned", event,
                          NULL);
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * ic_store_list_actions:
 *
 * Returns: (transfer full): one line per action, oldest first, e.g.
 *   "Taken · reversible · roll back checkout v1.2.3"
 */
GStrv
ic_store_list_actions (IcStore    *self,
                       IcIncident *incident)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  if (self->db != NULL)
    stmt = _ic_store_prepare (self, "SELECT state, reversible, text FROM actions"
                              " WHERE incident_id = ?1 ORDER BY created_at, id", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *line = g_strdup_printf (
            "%s · %s · %s",
            g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "taken") ? _("Taken")
                                                                                 : _("Planned"),
            sqlite3_column_int (stmt, 1) ? _("reversible") : _("not reversible"),
            (const char *) sqlite3_column_text (stmt, 2));
          g_strv_builder_add (builder, line);
        }
    }
  return g_strv_builder_end (builder);
}
