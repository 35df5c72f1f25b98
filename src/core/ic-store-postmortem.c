/* ic-store-postmortem.c — the postmortem's sections, whys and action items in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-incident.h"
#include "ic-postmortem.h"
#include "ic-store-private.h"

static gboolean
step_done (IcStore       *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  _ic_store_set_error (error, self, rc, doing);
  return FALSE;
}

/**
 * ic_store_has_postmortem:
 *
 * Returns: whether @incident's postmortem has been started
 */
gboolean
ic_store_has_postmortem (IcStore    *self,
                         IcIncident *incident)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (self->db == NULL)
    return FALSE;
  stmt = _ic_store_prepare (self, "SELECT 1 FROM postmortem WHERE incident_id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
dup_confirmed_hypotheses (IcStore    *self,
                          IcIncident *incident)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ic_store_prepare (self, "SELECT text FROM hypotheses WHERE incident_id = ?1"
                            " AND status = 'confirmed' ORDER BY rank", NULL);
  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n\n" : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
insert_postmortem (IcStore     *self,
                   IcIncident  *incident,
                   GError     **error)
{
  const char *doing = _("Cannot start the postmortem in");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *impact = ic_postmortem_dup_impact_draft (incident);
  g_autofree char *cause = dup_confirmed_hypotheses (self, incident);
  g_autofree char *first = ic_postmortem_dup_first_why (incident);
  gint64 now = ic_clock_get_now (self->clock);

  stmt = _ic_store_prepare (self, "INSERT INTO postmortem (incident_id, impact, root_cause,"
                            " updated_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, impact, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cause, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (self, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _ic_store_prepare (self, "INSERT INTO whys (incident_id, position, question)"
                            " VALUES (?1, ?2, ?3)", error);
  for (int i = 1; stmt != NULL && i <= IC_POSTMORTEM_DEFAULT_WHYS; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, i == 1 ? first : "", -1, SQLITE_STATIC);
      if (!step_done (self, stmt, doing, error))
        return FALSE;
    }
  return stmt != NULL;
}

/**
 * ic_store_ensure_postmortem:
 *
 * Starts @incident's postmortem if it has none yet, with the sections that
 * can be drafted from the incident filled in (impact from the blast radius,
 * error rate and times; root cause from the confirmed hypotheses) and five
 * whys, the first asking why the symptom happened.
 *
 * Returns: %TRUE if the postmortem exists afterwards
 */
gboolean
ic_store_ensure_postmortem (IcStore     *self,
                            IcIncident  *incident,
                            GError     **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  if (ic_store_has_postmortem (self, incident))
    return TRUE;
  if (!_ic_store_exec (self, "SAVEPOINT postmortem", _("Cannot start the postmortem in"), error))
    return FALSE;
  if (!insert_postmortem (self, incident, error))
    {
      _ic_store_exec (self, "ROLLBACK TO postmortem; RELEASE postmortem", "", NULL);
      return FALSE;
    }
  return _ic_store_exec (self, "RELEASE postmortem", _("Cannot start the postmortem in"), error);
}

/**
 * ic_store_dup_postmortem_section:
 *
 * Returns: (transfer full): the section's Markdown text; empty when the
 *   postmortem has not been started
 */
char *
ic_store_dup_postmortem_section (IcStore             *self,
                                 IcIncident          *incident,
                                 IcPostmortemSection  section)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (section < IC_POSTMORTEM_N_SECTIONS, NULL);

  sql = g_strdup_printf ("SELECT %s FROM postmortem WHERE incident_id = ?1",
                         ic_postmortem_section_to_string (section));
  if (self->db != NULL)
    stmt = _ic_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * ic_store_set_postmortem_section:
 * @text: Markdown
 *
 * Saves one section at once (the editor calls this as the user types, after
 * a short pause), starting the postmortem if needed.
 */
gboolean
ic_store_set_postmortem_section (IcStore              *self,
                                 IcIncident           *incident,
                                 IcPostmortemSection   section,
                                 const char           *text,
                                 GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (section < IC_POSTMORTEM_N_SECTIONS, FALSE);

  if (!ic_store_ensure_postmortem (self, incident, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE postmortem SET %s = ?1, updated_at = ?2 WHERE incident_id = ?3",
                         ic_postmortem_section_to_string (section));
  stmt = _ic_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, ic_clock_get_now (self->clock));
  sqlite3_bind_int64 (stmt, 3, ic_incident_get_id (incident));
  return step_done (self, stmt, _("Cannot save the postmortem in"), error);
}

/**
 * ic_store_list_whys:
 *
 * Returns: (transfer full) (element-type IcWhy): the chain of whys in order
 */
GPtrArray *
ic_store_list_whys (IcStore    *self,
                    IcIncident *incident)
{
  g_autoptr(GPtrArray) whys = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_why_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  if (self->db != NULL)
    stmt = _ic_store_prepare (self, "SELECT id, position, question, answer FROM whys"
                              " WHERE incident_id = ?1 ORDER BY position", NULL);
  if (stmt == NULL)
    return g_steal_pointer (&whys);
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IcWhy *why = g_new0 (IcWhy, 1);

      why->id = sqlite3_column_int64 (stmt, 0);
      why->position = sqlite3_column_int (stmt, 1);
      why->question = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      why->answer = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (whys, why);
    }
  return g_steal_pointer (&whys);
}

/**
 * ic_store_add_why:
 *
 * Appends a why to the end of the chain.
 *
 * Returns: its id, or 0 with an error
 */
gint64
ic_store_add_why (IcStore     *self,
                  IcIncident  *incident,
                  const char  *question,
                  const char  *answer,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);

  if (!ic_store_ensure_postmortem (self, incident, error))
    return 0;
  stmt = _ic_store_prepare (self, "INSERT INTO whys (incident_id, position, question, answer)"
                            " VALUES (?1, (SELECT COALESCE (MAX (position), 0) + 1 FROM whys"
                            " WHERE incident_id = ?1), ?2, ?3)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, question != NULL ? question : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, answer != NULL ? answer : "", -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, _("Cannot add a why to"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
set_not_found (gint64    id,
               GError  **error)
{
  g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
               _("The postmortem entry %lld no longer exists"), (long long) id);
  return FALSE;
}

/* After an UPDATE or DELETE by id: did the row exist? */
static gboolean
check_changed (IcStore     *self,
               gint64       id,
               GError     **error)
{
  return sqlite3_changes (self->db) > 0 || set_not_found (id, error);
}

/**
 * ic_store_update_why:
 *
 * Saves a why's question and answer.
 */
gboolean
ic_store_update_why (IcStore     *self,
                     IcIncident  *incident,
                     gint64       why_id,
                     const char  *question,
                     const char  *answer,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "UPDATE whys SET question = ?1, answer = ?2"
                            " WHERE id = ?3 AND incident_id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, question != NULL ? question : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, answer != NULL ? answer : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, why_id);
  sqlite3_bind_int64 (stmt, 4, ic_incident_get_id (incident));
  return step_done (self, stmt, _("Cannot save a why in"), error)
         && check_changed (self, why_id, error);
}

/* Writes positions 1..n in @ids' order; going through large positions first
 * keeps UNIQUE (incident_id, position) true at every step. */
static gboolean
write_positions (IcStore     *self,
                 GArray      *ids,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ic_store_prepare (self, "UPDATE whys SET position = ?1 WHERE id = ?2", error);
  for (int pass = 0; stmt != NULL && pass < 2; pass++)
    for (guint i = 0; i < ids->len; i++)
      {
        sqlite3_reset (stmt);
        sqlite3_bind_int (stmt, 1, (int) i + 1 + (pass == 0 ? 1000000 : 0));
        sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
        if (!step_done (self, stmt, _("Cannot reorder the whys in"), error))
          return FALSE;
      }
  return stmt != NULL;
}

static gboolean
reorder_whys (IcStore     *self,
              IcIncident  *incident,
              gint64       why_id,
              int          position,
              gboolean     remove,
              GError     **error)
{
  g_autoptr(GPtrArray) whys = ic_store_list_whys (self, incident);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean found = FALSE;

  for (guint i = 0; i < whys->len; i++)
    {
      const IcWhy *why = g_ptr_array_index (whys, i);

      if (why->id == why_id)
        found = TRUE;
      else
        g_array_append_val (ids, why->id);
    }
  if (!remove && !found)
    return set_not_found (why_id, error);
  if (!remove)
    g_array_insert_val (ids, CLAMP (position, 1, (int) ids->len + 1) - 1, why_id);
  return write_positions (self, ids, error);
}

static gboolean
run_in_savepoint (IcStore     *self,
                  IcIncident  *incident,
                  gint64       why_id,
                  int          position,
                  gboolean     remove,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_ic_store_check_incident (self, incident, error)
      || !_ic_store_exec (self, "SAVEPOINT whys", _("Cannot reorder the whys in"), error))
    return FALSE;
  if (remove)
    {
      stmt = _ic_store_prepare (self, "DELETE FROM whys WHERE id = ?1 AND incident_id = ?2",
                                error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, why_id);
          sqlite3_bind_int64 (stmt, 2, ic_incident_get_id (incident));
        }
    }
  if ((remove && (stmt == NULL || !step_done (self, stmt, _("Cannot remove a why from"), error)
                  || !check_changed (self, why_id, error)))
      || !reorder_whys (self, incident, remove ? 0 : why_id, position, remove, error))
    {
      _ic_store_exec (self, "ROLLBACK TO whys; RELEASE whys", "", NULL);
      return FALSE;
    }
  return _ic_store_exec (self, "RELEASE whys", _("Cannot reorder the whys in"), error);
}

/**
 * ic_store_move_why:
 * @position: the why's new 1-based place in the chain (clamped)
 */
gboolean
ic_store_move_why (IcStore     *self,
                   IcIncident  *incident,
                   gint64       why_id,
                   int          position,
                   GError     **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  return run_in_savepoint (self, incident, why_id, position, FALSE, error);
}

/**
 * ic_store_delete_why:
 *
 * Removes a why; the ones after it move up.
 */
gboolean
ic_store_delete_why (IcStore     *self,
                     IcIncident  *incident,
                     gint64       why_id,
                     GError     **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  return run_in_savepoint (self, incident, why_id, 0, TRUE, error);
}

/**
 * ic_store_list_action_items:
 *
 * Returns: (transfer full) (element-type IcActionItem): oldest first
 */
GPtrArray *
ic_store_list_action_items (IcStore    *self,
                            IcIncident *incident)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_action_item_free);
  if (self->db != NULL)
    stmt = _ic_store_prepare (self, "SELECT id, text, owner, due_date, kind, done, created_at"
                              " FROM action_items WHERE incident_id = ?1 ORDER BY id", NULL);
  if (stmt == NULL)
    return g_steal_pointer (&items);
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IcActionItem *item = g_new0 (IcActionItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->owner = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      ic_action_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                       &item->kind);
      item->done = sqlite3_column_int (stmt, 5) != 0;
      item->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

static gboolean
validate_action_item (const IcActionItem  *item,
                      GError             **error)
{
  g_autofree char *text = g_strstrip (g_strdup (item->text != NULL ? item->text : ""));

  if (*text == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("An action item needs a description"));
      return FALSE;
    }
  if (item->due_date != NULL && *item->due_date != '\0')
    {
      g_autofree char *iso = g_strconcat (item->due_date, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) due = g_date_time_new_from_iso8601 (iso, NULL);

      if (due == NULL || strlen (item->due_date) != 10)
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("“%s” is not a due date: write it as YYYY-MM-DD, e.g. 2026-12-01"),
                       item->due_date);
          return FALSE;
        }
    }
  return TRUE;
}

static void
bind_action_item (sqlite3_stmt       *stmt,
                  const IcActionItem *item)
{
  g_autofree char *text = g_strstrip (g_strdup (item->text));
  g_autofree char *owner = g_strstrip (g_strdup (item->owner != NULL ? item->owner : ""));

  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, owner, -1, SQLITE_TRANSIENT);
  if (item->due_date != NULL && *item->due_date != '\0')
    sqlite3_bind_text (stmt, 3, item->due_date, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, ic_action_item_kind_to_string (item->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, item->done ? 1 : 0);
}

/**
 * ic_store_add_action_item:
 * @item: the item to add; its id and created_at are ignored
 *
 * Returns: the new item's id, or 0 with an error (a blank text or a due date
 *   that is not YYYY-MM-DD)
 */
gint64
ic_store_add_action_item (IcStore             *self,
                          IcIncident          *incident,
                          const IcActionItem  *item,
                          GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (!validate_action_item (item, error) || !ic_store_ensure_postmortem (self, incident, error))
    return 0;
  stmt = _ic_store_prepare (self, "INSERT INTO action_items (text, owner, due_date, kind, done,"
                            " incident_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);
  if (stmt == NULL)
    return 0;
  bind_action_item (stmt, item);
  sqlite3_bind_int64 (stmt, 6, ic_incident_get_id (incident));
  sqlite3_bind_int64 (stmt, 7, ic_clock_get_now (self->clock));
  if (!step_done (self, stmt, _("Cannot add an action item to"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * ic_store_update_action_item:
 * @item: the item, by its id, with its new values
 */
gboolean
ic_store_update_action_item (IcStore             *self,
                             IcIncident          *incident,
                             const IcActionItem  *item,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (!validate_action_item (item, error) || !_ic_store_check_incident (self, incident, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "UPDATE action_items SET text = ?1, owner = ?2, due_date = ?3,"
                            " kind = ?4, done = ?5 WHERE id = ?6 AND incident_id = ?7", error);
  if (stmt == NULL)
    return FALSE;
  bind_action_item (stmt, item);
  sqlite3_bind_int64 (stmt, 6, item->id);
  sqlite3_bind_int64 (stmt, 7, ic_incident_get_id (incident));
  return step_done (self, stmt, _("Cannot save an action item in"), error)
         && check_changed (self, item->id, error);
}

gboolean
ic_store_delete_action_item (IcStore     *self,
                             IcIncident  *incident,
                             gint64       item_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "DELETE FROM action_items WHERE id = ?1 AND incident_id = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, ic_incident_get_id (incident));
  return step_done (self, stmt, _("Cannot remove an action item from"), error)
         && check_changed (self, item_id, error);
}
