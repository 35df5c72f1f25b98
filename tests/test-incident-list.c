/* test-incident-list.c — the store's lazily filled list of incidents as a
 * specification: opening a large file builds no incident, get_item() builds
 * one page, the order is the list order, an incident is one object
 * everywhere, memory stays bounded without losing unsaved edits, and every
 * change (create, delete, re-sort, another program's writes) is reported
 * with items-changed that keep a mirror of the list equal to a fresh query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-file.h"

/* How many incidents the large file holds; one in OPEN_EVERY is open. */
#define N_SEEDED 5000
#define OPEN_EVERY 7
#define PAGE 64
#define CACHE_LIMIT 1024

static const char * const words[] = { "checkout", "redis", "latency", "timeout", "deploy",
                                       "dns", "postgres", "oom", "disk", "certificate" };

/* Writes @n incidents straight into the file, as another program would:
 * creation times repeat every 2000 (ties are broken by id), some open. */
static void
seed (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  sqlite3 *db;
  sqlite3_stmt *insert = NULL;

  g_assert_no_error (error);
  ic_store_close (store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO incidents (title, service, created_at,"
                                       " updated_at, alert_time, status)"
                                       " VALUES (?1, ?2, ?3, ?3, ?3, ?4)", -1, &insert, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Seeded %u %s", i, words[i % 10]);

      sqlite3_bind_text (insert, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, words[(i / 10) % 10], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, START_US - (gint64) (i % 2000) * MINUTE_US);
      sqlite3_bind_text (insert, 4, i % OPEN_EVERY == 0 ? "investigating" : "resolved", -1,
                         SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);
  exec_ok (db, "COMMIT");
  sqlite3_close (db);
}

static void
large_setup (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  file_setup (fx, data);
  seed (fx->path, N_SEEDED);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->store);
}

/* The ids of the file's incidents in the order the list has always had
 * (open first, newest first, higher id first), read with a connection of
 * its own. */
static GArray *
query_order (Fixture    *fx,
             const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM incidents %s ORDER BY"
                                          " status = 'resolved', created_at DESC, id DESC",
                                          where ? where : "");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* The list's ids, read without building any incident. */
static void
assert_ids (GListModel *list,
            GArray     *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 got = ic_incident_list_get_id (IC_INCIDENT_LIST (list), i);

      if (got != g_array_index (ids, gint64, i))
        g_test_message ("position %u: id %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, i,
                        got, g_array_index (ids, gint64, i));
      g_assert_cmpint (got, ==, g_array_index (ids, gint64, i));
    }
}

/* What a view sees: a copy of the list's ids kept only through
 * items-changed. */
typedef struct
{
  GListModel *list;
  GArray     *ids;
  guint       n_signals;
} Mirror;

static void
mirror_changed_cb (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->ids->len);
  g_array_remove_range (mirror->ids, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gint64 id = ic_incident_list_get_id (IC_INCIDENT_LIST (list), position + i);

      g_array_insert_val (mirror->ids, position + i, id);
    }
  mirror->n_signals++;
}

static void
mirror_init (Mirror     *mirror,
             GListModel *list)
{
  mirror->list = list;
  mirror->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  mirror->n_signals = 0;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      gint64 id = ic_incident_list_get_id (IC_INCIDENT_LIST (list), i);

      g_array_append_val (mirror->ids, id);
    }
  g_signal_connect (list, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_func (mirror->list, mirror_changed_cb, mirror);
  g_clear_pointer (&mirror->ids, g_array_unref);
}

/* The mirror, the list and a fresh query of the file agree. */
static void
assert_mirror (Fixture *fx,
               Mirror  *mirror)
{
  g_autoptr(GArray) expected = NULL;

  g_assert_true (ic_store_flush (fx->store, NULL));
  expected = query_order (fx, NULL);
  assert_ids (mirror->list, expected);
  g_assert_cmpuint (mirror->ids->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (g_array_index (mirror->ids, gint64, i), ==,
                     g_array_index (expected, gint64, i));
}

static IcStore *
open_other (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  IcStore *other = ic_store_open (fx->path, fx->clock, &error);

  g_assert_no_error (error);
  return other;
}

/* Tests -------------------------------------------------------------------- */

static void
test_new_destroy (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Only", NULL);
  GListModel *all = ic_store_search (fx->store, "", &error);

  g_assert_no_error (error);
  g_assert_true (IC_IS_INCIDENT_LIST (all));
  g_assert_true (g_list_model_get_item_type (all) == IC_TYPE_INCIDENT);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  g_assert_finalize_object (all);
  g_assert_true (IC_IS_INCIDENT_LIST (ic_store_get_incidents (fx->store)));
}

/* Opening builds nothing; the first and the last items build one page
 * each; the order is the list order of old, ties included. */
static void
test_open_lazy (Fixture       *fx,
                gconstpointer  data)
{
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(GArray) expected = query_order (fx, NULL);
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) last = NULL;
  g_autoptr(IcIncident) prev = NULL;

  g_assert_cmpuint (_ic_store_get_n_built (fx->store), ==, 0);
  g_assert_cmpuint (_ic_store_get_n_cached (fx->store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_SEEDED);
  assert_ids (list, expected);
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), ==, 0);

  last = g_list_model_get_item (list, N_SEEDED - 1);
  g_assert_nonnull (last);
  g_assert_cmpint (ic_incident_get_id (last), ==, g_array_index (expected, gint64, N_SEEDED - 1));
  /* The page of the last item, and only that. */
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), ==, N_SEEDED % PAGE ? N_SEEDED % PAGE : PAGE);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpint (ic_incident_get_id (first), ==, g_array_index (expected, gint64, 0));
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), <=, 2 * PAGE);
  g_assert_null (g_list_model_get_item (list, N_SEEDED));

  /* The built items really are in list order. */
  for (guint i = 0; i < PAGE; i++)
    {
      g_autoptr(IcIncident) item = g_list_model_get_item (list, i);

      g_assert_cmpint (ic_incident_get_id (item), ==, g_array_index (expected, gint64, i));
      if (prev != NULL && ic_incident_get_is_open (prev) == ic_incident_get_is_open (item))
        g_assert_cmpint (ic_incident_get_created_at (prev), >=, ic_incident_get_created_at (item));
      else if (prev != NULL)
        g_assert_true (ic_incident_get_is_open (prev));
      g_set_object (&prev, item);
    }
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), <=, 2 * PAGE);
}

/* An incident is one object: in the list, through lookup, in search
 * results, whichever builds it first. */
static void
test_identity (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  gint64 id = ic_incident_list_get_id (IC_INCIDENT_LIST (list), 3000);
  IcIncident *looked_up = ic_store_lookup_incident (fx->store, id);
  g_autoptr(IcIncident) held = NULL;
  g_autoptr(IcIncident) listed = NULL;
  g_autoptr(IcIncident) again = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *title = NULL;
  guint position;

  /* A look-up builds that one row. */
  g_assert_nonnull (looked_up);
  held = g_object_ref (looked_up);
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), ==, 1);
  listed = g_list_model_get_item (list, 3000);
  g_assert_true (listed == held);
  again = g_list_model_get_item (list, 3000);
  g_assert_true (again == held);
  g_assert_true (ic_store_lookup_incident (fx->store, id) == held);
  g_assert_null (ic_store_lookup_incident (fx->store, 0));
  g_assert_null (ic_store_lookup_incident (fx->store, N_SEEDED + 100));

  /* Search results hand out the same objects. */
  title = g_strdup (ic_incident_get_title (held));
  results = ic_store_search (fx->store, title, &error);
  g_assert_no_error (error);
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (results), id, &position));
  g_clear_object (&again);
  again = g_list_model_get_item (results, position);
  g_assert_true (again == held);
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), id, &position));
  g_assert_cmpuint (position, ==, 3000);
}

/* Reading through the whole list keeps only a bounded number built; what
 * someone holds or what has unsaved edits stays, the same object. */
static void
test_bounded (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(IcIncident) held = g_list_model_get_item (list, 0);
  IcIncident *edited = NULL;
  gint64 edited_id;
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autofree char *where = NULL;

  {
    g_autoptr(IcIncident) item = g_list_model_get_item (list, 1);

    edited = item;
    edited_id = ic_incident_get_id (item);
    ic_incident_set_title (item, "Edited, not saved yet");
  }
  g_assert_true (ic_store_get_has_pending_changes (fx->store));

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < N_SEEDED; i++)
      {
        g_autoptr(IcIncident) item = g_list_model_get_item (list, i);

        g_assert_nonnull (item);
        g_assert_cmpuint (_ic_store_get_n_cached (fx->store), <=, CACHE_LIMIT);
      }
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), >, N_SEEDED);

  /* Held and unsaved: never dropped. */
  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (held)) == held);
  g_assert_true (ic_store_lookup_incident (fx->store, edited_id) == edited);
  g_assert_cmpstr (ic_incident_get_title (edited), ==, "Edited, not saved yet");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  where = g_strdup_printf ("incidents WHERE id = %" G_GINT64_FORMAT
                           " AND title = 'Edited, not saved yet'", edited_id);
  g_assert_cmpint (count_rows (db, where), ==, 1);
}

/* Create, delete, status and time edits, in this store and in another
 * program: each reported so that a mirror stays equal to the file. */
static void
test_items_changed (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(IcIncident) fresh = NULL;
  g_autoptr(IcIncident) middle = NULL;
  g_autoptr(IcIncident) last = NULL;
  g_autoptr(IcStore) other = NULL;
  g_autoptr(IcIncident) theirs = NULL;
  Mirror mirror;
  guint before;

  mirror_init (&mirror, list);

  /* A new incident: open and newest, so first. */
  ic_clock_advance (fx->clock, MINUTE_US);
  fresh = create (fx, "Brand new", "api");
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpint (ic_incident_list_get_id (IC_INCIDENT_LIST (list), 0), ==,
                   ic_incident_get_id (fresh));
  assert_mirror (fx, &mirror);

  /* Resolved: it moves among the resolved ones. */
  ic_incident_set_status (fresh, IC_INCIDENT_STATUS_RESOLVED);
  assert_mirror (fx, &mirror);
  g_assert_cmpuint (ic_incident_list_get_id (IC_INCIDENT_LIST (list), 0), !=,
                    ic_incident_get_id (fresh));

  /* An open one from the middle of the list, resolved, and an old resolved
   * one reopened. */
  middle = g_list_model_get_item (list, 400);
  g_assert_true (ic_incident_get_is_open (middle));
  ic_incident_set_status (middle, IC_INCIDENT_STATUS_RESOLVED);
  assert_mirror (fx, &mirror);
  last = g_list_model_get_item (list, g_list_model_get_n_items (list) - 1);
  g_assert_false (ic_incident_get_is_open (last));
  ic_incident_set_status (last, IC_INCIDENT_STATUS_MITIGATING);
  assert_mirror (fx, &mirror);

  /* Deleted. */
  before = mirror.n_signals;
  g_assert_true (ic_store_delete_incident (fx->store, middle, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mirror.n_signals, >, before);
  assert_mirror (fx, &mirror);

  /* Another program creates, deletes, reopens and resolves; refresh. */
  other = open_other (fx);
  ic_clock_advance (fx->clock, MINUTE_US);
  theirs = ic_store_create_incident (other, "From the CLI", NULL, IC_SEVERITY_SEV1,
                                     IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  exec_ok (_ic_store_get_db (other), "DELETE FROM incidents WHERE id IN (10, 11, 4321)");
  exec_ok (_ic_store_get_db (other), "UPDATE incidents SET status = 'identified'"
                                     " WHERE id IN (2, 3000)");
  exec_ok (_ic_store_get_db (other), "UPDATE incidents SET status = 'resolved' WHERE id = 15");
  ic_store_close (other);
  before = mirror.n_signals;
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mirror.n_signals, >, before);
  assert_mirror (fx, &mirror);
  g_assert_nonnull (ic_store_lookup_incident (fx->store, ic_incident_get_id (theirs)));
  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (fresh)) == fresh);
  g_assert_null (ic_store_lookup_incident (fx->store, 4321));

  /* Nothing new: nothing reported. */
  before = mirror.n_signals;
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_cmpuint (mirror.n_signals, ==, before);
  mirror_clear (&mirror);
}

/* Another program writes while an edit of ours is unsaved: the edit keeps
 * its place in the list and wins; built incidents take the other writes. */
static void
test_refresh_keeps_unsaved (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(IcIncident) mine = g_list_model_get_item (list, 0);
  g_autoptr(IcIncident) watched = g_list_model_get_item (list, 1);
  g_autoptr(IcStore) other = open_other (fx);
  g_autofree char *sql = NULL;
  guint position;
  Mirror mirror;

  mirror_init (&mirror, list);
  ic_incident_set_status (mine, IC_INCIDENT_STATUS_RESOLVED);
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), ic_incident_get_id (mine),
                                        &position));
  g_assert_cmpuint (position, >, 0);

  sql = g_strdup_printf ("UPDATE incidents SET title = 'Renamed elsewhere' WHERE id IN (%"
                         G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         ic_incident_get_id (mine), ic_incident_get_id (watched));
  exec_ok (_ic_store_get_db (other), sql);
  ic_store_close (other);
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);

  /* Unsaved: still resolved in the list, where it was put. */
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), ic_incident_get_id (mine),
                                        &position));
  g_assert_cmpuint (position, >, 0);
  g_assert_false (ic_incident_get_is_open (mine));
  g_assert_cmpstr (ic_incident_get_title (watched), ==, "Renamed elsewhere");
  /* Once saved, the file agrees with the list. */
  assert_mirror (fx, &mirror);
  mirror_clear (&mirror);
}

/* Search results carry ids only until they are shown, in list order; an
 * incident deleted later leaves them. */
static void
test_search_lazy (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GArray) expected = query_order (fx, "WHERE title LIKE '% oom'"
                                                     " OR service = 'oom'");
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) from_list = NULL;
  guint built, position;
  Mirror mirror;

  results = ic_store_search (fx->store, "oom", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, PAGE);
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), ==, 0);
  assert_ids (results, expected);

  built = _ic_store_get_n_built (fx->store);
  first = g_list_model_get_item (results, 0);
  g_assert_cmpint (ic_incident_get_id (first), ==, g_array_index (expected, gint64, 0));
  g_assert_cmpuint (_ic_store_get_n_built (fx->store), <=, built + PAGE);
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (ic_store_get_incidents (fx->store)),
                                        ic_incident_get_id (first), &position));
  from_list = g_list_model_get_item (ic_store_get_incidents (fx->store), position);
  g_assert_true (from_list == first);

  mirror_init (&mirror, results);
  g_assert_true (ic_store_delete_incident (fx->store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_array_remove_index (expected, 0);
  assert_ids (results, expected);
  g_assert_cmpuint (mirror.ids->len, ==, expected->len);
  mirror_clear (&mirror);
}

/* A row another program deleted before the list was read again: no item
 * for it (never a crash), and the list drops it on the next main loop
 * turn. */
static void
test_deleted_elsewhere (Fixture       *fx,
                        gconstpointer  data)
{
  GListModel *list = ic_store_get_incidents (fx->store);
  gint64 doomed = ic_incident_list_get_id (IC_INCIDENT_LIST (list), N_SEEDED - 1);
  g_autoptr(IcStore) other = open_other (fx);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM incidents WHERE id = %" G_GINT64_FORMAT,
                                          doomed);
  g_autoptr(IcIncident) gone = NULL;
  Mirror mirror;

  exec_ok (_ic_store_get_db (other), sql);
  ic_store_close (other);
  mirror_init (&mirror, list);
  gone = g_list_model_get_item (list, N_SEEDED - 1);
  g_assert_null (gone);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_SEEDED - 1);
  g_assert_false (ic_incident_list_find (IC_INCIDENT_LIST (list), doomed, NULL));
  assert_mirror (fx, &mirror);
  mirror_clear (&mirror);
}

/* An incident another program created is found by id before any refresh,
 * and the look-up brings it into the list too. */
static void
test_lookup_created_elsewhere (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(IcStore) other = open_other (fx);
  g_autoptr(IcIncident) theirs = NULL;
  IcIncident *mine;
  guint position;
  Mirror mirror;

  ic_clock_advance (fx->clock, MINUTE_US);
  theirs = ic_store_create_incident (other, "From elsewhere", NULL, IC_SEVERITY_SEV1,
                                     IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  ic_store_close (other);

  mirror_init (&mirror, list);
  mine = ic_store_lookup_incident (fx->store, ic_incident_get_id (theirs));
  g_assert_nonnull (mine);
  g_assert_true (mine != theirs);
  g_assert_cmpstr (ic_incident_get_title (mine), ==, "From elsewhere");
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), ic_incident_get_id (mine),
                                        &position));
  g_assert_cmpuint (position, ==, 0);
  {
    g_autoptr(IcIncident) listed = g_list_model_get_item (list, 0);

    g_assert_true (listed == mine);
  }
  assert_mirror (fx, &mirror);
  mirror_clear (&mirror);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static IcIncidentList *
start_search (Fixture      *fx,
              const char   *query,
              GCancellable *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *found;

  ic_store_search_async (fx->store, query, cancellable, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = ic_store_search_finish (fx->store, result, &error);
  g_assert_no_error (error);
  g_assert_true (IC_IS_INCIDENT_LIST (found));
  return IC_INCIDENT_LIST (found);
}

/* A search that finds every incident: the caller gets its list once the
 * first page is there, and the rest streams in, each batch at its place,
 * so that a mirror fed by items-changed ends equal to the sync search. */
static void
test_search_streamed (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncidentList) streamed = start_search (fx, "seeded", NULL);
  g_autoptr(GListModel) sync = NULL;
  g_autoptr(GArray) expected = query_order (fx, NULL);
  Mirror mirror;

  g_test_message ("%u of %u at the callback, complete: %d",
                  g_list_model_get_n_items (G_LIST_MODEL (streamed)), expected->len,
                  ic_incident_list_get_complete (streamed));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (streamed)), >=, PAGE);
  mirror_init (&mirror, G_LIST_MODEL (streamed));
  while (!ic_incident_list_get_complete (streamed))
    g_main_context_iteration (NULL, TRUE);
  assert_ids (G_LIST_MODEL (streamed), expected);
  assert_ids (G_LIST_MODEL (streamed), mirror.ids);
  sync = ic_store_search (fx->store, "seeded", &error);
  g_assert_no_error (error);
  assert_ids (sync, expected);
  mirror_clear (&mirror);
}

/* Cancelled while streaming (the next keystroke): the list stops growing
 * and says it is complete; nothing else changes. */
static void
test_search_cancelled_streaming (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IcIncidentList) streamed = start_search (fx, "seeded", cancellable);
  guint n;

  g_cancellable_cancel (cancellable);
  n = g_list_model_get_n_items (G_LIST_MODEL (streamed));
  while (!ic_incident_list_get_complete (streamed))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (streamed)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, N_SEEDED);
}

/* A search in a worker reads the list's keys as they were when it began,
 * without a copy: the list copies them before it changes them. */
static void
test_shared_entries_stay (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcIncidentList *list = IC_INCIDENT_LIST (ic_store_get_incidents (fx->store));
  g_autoptr(IcIncident) first = create (fx, "First", NULL);
  g_autoptr(IcIncident) second = create (fx, "Second", NULL);
  g_autoptr(IcIncident) third = NULL;
  g_autoptr(GArray) shared = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
  const IcListEntry *now;
  guint n;

  shared = _ic_incident_list_share_entries (list);
  g_array_append_vals (copy, shared->data, shared->len);

  /* An insertion, a move and a removal, each in place before. */
  third = create (fx, "Third", NULL);
  ic_incident_set_status (second, IC_INCIDENT_STATUS_RESOLVED);
  again = _ic_incident_list_share_entries (list);
  g_assert_true (ic_store_delete_incident (fx->store, first, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (shared->len, ==, 2);
  g_assert_cmpmem (shared->data, shared->len * sizeof (IcListEntry),
                   copy->data, copy->len * sizeof (IcListEntry));
  g_assert_cmpuint (again->len, ==, 3);
  now = _ic_incident_list_get_entries (list, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (now[0].id, ==, ic_incident_get_id (third));
  g_assert_cmpint (now[1].id, ==, ic_incident_get_id (second));
  g_assert_false (now[1].open);
}

/* Registration -------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)
#define ADD_LARGE(path, fn) \
  g_test_add (path, Fixture, NULL, large_setup, fn, fixture_teardown)

  ADD_STORE ("/ic/incident-list/new-destroy", test_new_destroy);
  ADD_STORE ("/ic/incident-list/shared-entries-stay", test_shared_entries_stay);
  ADD_LARGE ("/ic/incident-list/open-lazy", test_open_lazy);
  ADD_LARGE ("/ic/incident-list/identity", test_identity);
  ADD_LARGE ("/ic/incident-list/bounded", test_bounded);
  ADD_LARGE ("/ic/incident-list/items-changed", test_items_changed);
  ADD_LARGE ("/ic/incident-list/refresh-keeps-unsaved", test_refresh_keeps_unsaved);
  ADD_LARGE ("/ic/incident-list/search-lazy", test_search_lazy);
  ADD_LARGE ("/ic/incident-list/deleted-elsewhere", test_deleted_elsewhere);
  ADD_LARGE ("/ic/incident-list/lookup-created-elsewhere", test_lookup_created_elsewhere);
  ADD_LARGE ("/ic/incident-list/search-streamed", test_search_streamed);
  ADD_LARGE ("/ic/incident-list/search-cancelled-streaming", test_search_cancelled_streaming);

#undef ADD_LARGE
#undef ADD_STORE

  return g_test_run ();
}
