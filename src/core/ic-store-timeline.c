/* ic-store-timeline.c — an incident's timeline: automatic events and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-store-private.h"
#include "ic-timeline-event-private.h"

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  IcTimelineEvent *ea = (IcTimelineEvent *) a;
  IcTimelineEvent *eb = (IcTimelineEvent *) b;
  gint64 ta = ic_timeline_event_get_time (ea), tb = ic_timeline_event_get_time (eb);
  gint64 ia = ic_timeline_event_get_id (ea), ib = ic_timeline_event_get_id (eb);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

static GListStore *
lookup_timeline (IcStore *self,
                 gint64   incident_id)
{
  return g_hash_table_lookup (self->timelines, &incident_id);
}

static IcTimelineEvent *
insert_event (IcStore     *self,
              IcIncident  *incident,
              gint64       time,
              const char  *kind,
              const char  *text,
              const char  *reference,
              gboolean     manual,
              GError     **error)
{
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  IcTimelineEvent *event;
  GListStore *live;
  gint64 id = ic_incident_get_id (incident);
  int rc;

  if (!_ic_store_check_incident (self, incident, error))
    return NULL;
  /* Load the live timeline first, so the event returned is the very object
   * the views show (and a later pin or move notifies them). */
  live = G_LIST_STORE (ic_store_get_timeline (self, incident));
  if (!_ic_store_cached (self, IC_STORE_INSERT_EVENT_SQL, &lent, error))
    return NULL;
  stmt = lent.stmt;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, time);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reference, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, manual ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot record a timeline event in"));
      return NULL;
    }
  event = _ic_timeline_event_new (sqlite3_last_insert_rowid (self->db), id, time, kind, text,
                                  reference, FALSE, manual);
  if (live != NULL)
    g_list_store_insert_sorted (live, event, compare_events, NULL);
  return event;
}

/**
 * ic_store_add_timeline_event:
 * @kind: a short machine-readable kind, e.g. %IC_TIMELINE_KIND_CREATED
 * @text: what happened, for people
 * @reference: (nullable): what it refers to (a change id, an origin …)
 *
 * Records an automatic event at the store clock's current time.
 *
 * Returns: (transfer full) (nullable): the event
 */
IcTimelineEvent *
ic_store_add_timeline_event (IcStore     *self,
                             IcIncident  *incident,
                             const char  *kind,
                             const char  *text,
                             const char  *reference,
                             GError     **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (kind != NULL && *kind != '\0' && text != NULL, NULL);

  return insert_event (self, incident, ic_clock_get_now (self->clock), kind, text, reference,
                       FALSE, error);
}

/**
 * ic_store_add_note:
 * @text: what the responder wants to remember; must not be blank
 *
 * Returns: (transfer full) (nullable): the note, a manual event
 */
IcTimelineEvent *
ic_store_add_note (IcStore     *self,
                   IcIncident  *incident,
                   const char  *text,
                   GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  clean = g_strstrip (g_strdup (text ? text : ""));
  if (*clean == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A note cannot be empty"));
      return NULL;
    }
  return insert_event (self, incident, ic_clock_get_now (self->clock), IC_TIMELINE_KIND_NOTE,
                       clean, NULL, TRUE, error);
}

static GListStore *
load_timeline (IcStore     *self,
               gint64       incident_id,
               GError     **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_TIMELINE_EVENT);
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, IC_STORE_SELECT_TIMELINE_SQL, &lent, error))
    return NULL;
  stmt = lent.stmt;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IcTimelineEvent) event = _ic_timeline_event_new (
        sqlite3_column_int64 (stmt, 0), incident_id, sqlite3_column_int64 (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
        (const char *) sqlite3_column_text (stmt, 4), sqlite3_column_int (stmt, 5) != 0,
        sqlite3_column_int (stmt, 6) != 0);

      g_list_store_append (result, event);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the timeline from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * ic_store_list_timeline:
 *
 * Returns: (transfer full) (nullable): a new snapshot #GListModel of
 *   #IcTimelineEvent in time order
 */
GListModel *
ic_store_list_timeline (IcStore     *self,
                        IcIncident  *incident,
                        GError     **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  if (!_ic_store_check_incident (self, incident, error))
    return NULL;
  return G_LIST_MODEL (load_timeline (self, ic_incident_get_id (incident), error));
}

/**
 * ic_store_get_timeline:
 *
 * Returns: (transfer none) (nullable): the live timeline of @incident, in
 *   time order; it follows every event added, moved or deleted through the
 *   store. %NULL if the incident is gone or the database cannot be read.
 */
GListModel *
ic_store_get_timeline (IcStore    *self,
                      IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->timelines, incident, load_timeline);
}

static gboolean
update_event (IcStore          *self,
              IcTimelineEvent  *event,
              const char       *sql,
              gint64            value,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, ic_timeline_event_get_id (event));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot change the timeline in"));
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This timeline event no longer exists"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_set_event_pinned:
 *
 * Pins an event (pinned events lead the postmortem timeline) or unpins it.
 */
gboolean
ic_store_set_event_pinned (IcStore          *self,
                           IcTimelineEvent  *event,
                           gboolean          pinned,
                           GError          **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (event), FALSE);

  if (!update_event (self, event, "UPDATE timeline SET pinned = ?1 WHERE id = ?2", pinned ? 1 : 0,
                     error))
    return FALSE;
  _ic_timeline_event_set_pinned (event, pinned);
  return TRUE;
}

/**
 * ic_store_set_event_time:
 * @time: the new time, µs since the epoch; for backdating what happened
 *   before it was written down
 *
 * Moves an event in time; the live timeline is re-sorted.
 */
gboolean
ic_store_set_event_time (IcStore          *self,
                         IcTimelineEvent  *event,
                         gint64            time,
                         GError          **error)
{
  GListStore *live;
  guint position;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (event), FALSE);

  if (time <= 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A timeline event needs a valid time"));
      return FALSE;
    }
  if (!update_event (self, event, "UPDATE timeline SET occurred_at = ?1 WHERE id = ?2", time,
                     error))
    return FALSE;
  _ic_timeline_event_set_time (event, time);
  live = lookup_timeline (self, ic_timeline_event_get_incident_id (event));
  if (live != NULL && g_list_store_find (live, event, &position))
    {
      g_autoptr(IcTimelineEvent) hold = g_object_ref (event);

      g_list_store_remove (live, position);
      g_list_store_insert_sorted (live, event, compare_events, NULL);
    }
  return TRUE;
}

/**
 * ic_store_delete_event:
 *
 * Deletes a note the responder wrote. Events the app recorded are the
 * incident's record and cannot be deleted.
 */
gboolean
ic_store_delete_event (IcStore          *self,
                       IcTimelineEvent  *event,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GListStore *live;
  guint position;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (event), FALSE);

  if (!ic_timeline_event_get_manual (event))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Only notes you wrote can be deleted; recorded events are kept"));
      return FALSE;
    }
  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "DELETE FROM timeline WHERE id = ?1 AND manual = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_timeline_event_get_id (event));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot delete a note from"));
      return FALSE;
    }
  live = lookup_timeline (self, ic_timeline_event_get_incident_id (event));
  if (live != NULL && g_list_store_find (live, event, &position))
    g_list_store_remove (live, position);
  return TRUE;
}
