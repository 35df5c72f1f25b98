/* ic-store-postmortem.c — the postmortem's sections, whys and action items in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-incident.h"
#include "ic-postmortem-private.h"
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

/* The live lists --------------------------------------------------------- */

typedef gint64 (*GetId) (gpointer object);
typedef void   (*Adopt) (gpointer object,
                         gpointer fresh);

/* Brings @live in step with @fresh, just read from the database: an object
 * whose row is still there is kept (its properties take the new values), so
 * a widget bound to it stays; the list is spliced only when rows came, went
 * or moved. */
static void
follow (GListStore *live,
        GListStore *fresh,
        GetId       get_id,
        Adopt       adopt)
{
  guint n_live = g_list_model_get_n_items (G_LIST_MODEL (live));
  guint n_fresh = g_list_model_get_n_items (G_LIST_MODEL (fresh));
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      g_object_unref);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean same = n_live == n_fresh;

  for (guint i = 0; i < n_live; i++)
    {
      gpointer object = g_list_model_get_item (G_LIST_MODEL (live), i);
      gint64 *id = g_new (gint64, 1);

      *id = get_id (object);
      g_hash_table_insert (kept, id, object);
    }
  for (guint i = 0; i < n_fresh; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fresh), i);
      gint64 id = get_id (item);
      GObject *old = g_hash_table_lookup (kept, &id);

      if (old != NULL)
        {
          adopt (old, item);
          g_ptr_array_add (next, g_object_ref (old));
        }
      else
        g_ptr_array_add (next, g_object_ref (item));
      if (same)
        {
          g_autoptr(GObject) at = g_list_model_get_item (G_LIST_MODEL (live), i);

          same = at == g_ptr_array_index (next, i);
        }
    }
  if (!same)
    g_list_store_splice (live, 0, n_live, next->pdata, next->len);
}

static GListStore *
load_whys (IcStore  *self,
           gint64    incident_id,
           GError  **error)
{
  g_autoptr(GListStore) whys = g_list_store_new (IC_TYPE_WHY);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ic_store_prepare (self, "SELECT id, position, question, answer FROM whys"
                            " WHERE incident_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IcWhy) why = ic_why_new (sqlite3_column_int64 (stmt, 0),
                                         sqlite3_column_int (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3));

      g_list_store_append (whys, why);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the whys of"));
      return NULL;
    }
  return g_steal_pointer (&whys);
}

static gint64
why_id (gpointer why)
{
  return ic_why_get_id (why);
}

static void
adopt_why (gpointer why,
           gpointer fresh)
{
  _ic_why_update (why, ic_why_get_position (fresh), ic_why_get_question (fresh),
                  ic_why_get_answer (fresh));
}

static GListStore *
load_action_items (IcStore  *self,
                   gint64    incident_id,
                   GError  **error)
{
  g_autoptr(GListStore) items = g_list_store_new (IC_TYPE_ACTION_ITEM);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ic_store_prepare (self, "SELECT id, text, owner, due_date, kind, done, created_at"
                            " FROM action_items WHERE incident_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcActionItemFields fields = {
        (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2),
        (const char *) sqlite3_column_text (stmt, 3),
        IC_ACTION_ITEM_OTHER,
        sqlite3_column_int (stmt, 5) != 0,
      };
      g_autoptr(IcActionItem) item = NULL;

      ic_action_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                       &fields.kind);
      item = _ic_action_item_new (sqlite3_column_int64 (stmt, 0), &fields,
                                  sqlite3_column_int64 (stmt, 6));
      g_list_store_append (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the action items of"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

static gint64
item_id (gpointer item)
{
  return ic_action_item_get_id (item);
}

static void
adopt_item (gpointer item,
            gpointer fresh)
{
  IcActionItemFields fields = {
    ic_action_item_get_text (fresh), ic_action_item_get_owner (fresh),
    ic_action_item_get_due_date (fresh), ic_action_item_get_kind (fresh),
    ic_action_item_get_done (fresh),
  };

  _ic_action_item_update (item, &fields);
}

/* After a write to @incident's whys (@items FALSE) or action items: their
 * live list, if anyone holds it, follows the rows. */
static void
follow_rows (IcStore    *self,
             IcIncident *incident,
             gboolean    items)
{
  gint64 id = ic_incident_get_id (incident);
  GListStore *live = g_hash_table_lookup (items ? self->action_items : self->whys, &id);
  g_autoptr(GListStore) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (live == NULL)
    return;
  fresh = items ? load_action_items (self, id, &error) : load_whys (self, id, &error);
  if (fresh == NULL)
    {
      /* The write is committed; the list shows it once the rows can be read
       * again (the next write re-reads them). */
      g_debug ("The postmortem's list was not re-read: %s", error->message);
      return;
    }
  if (items)
    follow (live, fresh, item_id, adopt_item);
  else
    follow (live, fresh, why_id, adopt_why);
}

/* After an update of one row, which moves nothing: the row's object in the
 * live list, if anyone holds the list, or %NULL. Nothing is read back. */
static gpointer
dup_live_object (IcStore    *self,
                 IcIncident *incident,
                 gboolean    items,
                 gint64      row_id)
{
  gint64 id = ic_incident_get_id (incident);
  GListModel *live = g_hash_table_lookup (items ? self->action_items : self->whys, &id);
  GetId get_id = items ? item_id : why_id;

  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (live, i);

      if (get_id (object) == row_id)
        return g_steal_pointer (&object);
    }
  return NULL;
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
  if (!_ic_store_exec (self, "RELEASE postmortem", _("Cannot start the postmortem in"), error))
    return FALSE;
  follow_rows (self, incident, FALSE);
  return TRUE;
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
 * ic_store_get_whys:
 *
 * Returns: (transfer none) (nullable): the live #GListModel of @incident's
 *   chain of whys (#IcWhy) in order, kept in step by the store's edits;
 *   %NULL if the incident is gone or the database cannot be read
 */
GListModel *
ic_store_get_whys (IcStore    *self,
                   IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->whys, incident, load_whys);
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
  gint64 id;

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
  id = sqlite3_last_insert_rowid (self->db);
  follow_rows (self, incident, FALSE);
  return id;
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
  g_autoptr(IcWhy) live = NULL;

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
  if (!step_done (self, stmt, _("Cannot save a why in"), error)
      || !check_changed (self, why_id, error))
    return FALSE;
  /* Saved at each keystroke: the one object takes the new words. */
  live = dup_live_object (self, incident, FALSE, why_id);
  if (live != NULL)
    _ic_why_update (live, ic_why_get_position (live), question != NULL ? question : "",
                    answer != NULL ? answer : "");
  return TRUE;
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
  g_autoptr(GListStore) whys = load_whys (self, ic_incident_get_id (incident), error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean found = FALSE;

  if (whys == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (whys)); i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (G_LIST_MODEL (whys), i);
      gint64 id = ic_why_get_id (why);

      if (id == why_id)
        found = TRUE;
      else
        g_array_append_val (ids, id);
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
  if (!_ic_store_exec (self, "RELEASE whys", _("Cannot reorder the whys in"), error))
    return FALSE;
  follow_rows (self, incident, FALSE);
  return TRUE;
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
 * ic_store_get_action_items:
 *
 * Returns: (transfer none) (nullable): the live #GListModel of @incident's
 *   action items (#IcActionItem), oldest first, kept in step by the store's
 *   edits; %NULL if the incident is gone or the database cannot be read
 */
GListModel *
ic_store_get_action_items (IcStore    *self,
                           IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->action_items, incident, load_action_items);
}

static gboolean
validate_action_item (const IcActionItemFields  *item,
                      GError                   **error)
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
bind_action_item (sqlite3_stmt             *stmt,
                  const IcActionItemFields *item)
{
  g_autofree char *text = g_strstrip (g_strdup (item->text != NULL ? item->text : ""));
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
 * @fields: what the item says
 *
 * Returns: the new item's id, or 0 with an error (a blank text or a due date
 *   that is not YYYY-MM-DD)
 */
gint64
ic_store_add_action_item (IcStore                   *self,
                          IcIncident                *incident,
                          const IcActionItemFields  *item,
                          GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

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
  id = sqlite3_last_insert_rowid (self->db);
  follow_rows (self, incident, TRUE);
  return id;
}

/**
 * ic_store_update_action_item:
 * @item_id: the item's id
 * @item: its new values
 */
gboolean
ic_store_update_action_item (IcStore                   *self,
                             IcIncident                *incident,
                             gint64                     item_id,
                             const IcActionItemFields  *item,
                             GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(IcActionItem) live = NULL;

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
  sqlite3_bind_int64 (stmt, 6, item_id);
  sqlite3_bind_int64 (stmt, 7, ic_incident_get_id (incident));
  if (!step_done (self, stmt, _("Cannot save an action item in"), error)
      || !check_changed (self, item_id, error))
    return FALSE;
  /* Saved at each keystroke: the one object takes the new values. */
  live = dup_live_object (self, incident, TRUE, item_id);
  if (live != NULL)
    _ic_action_item_update (live, item);
  return TRUE;
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
  if (!step_done (self, stmt, _("Cannot remove an action item from"), error)
      || !check_changed (self, item_id, error))
    return FALSE;
  follow_rows (self, incident, TRUE);
  return TRUE;
}
