/* test-store-pages.c — the incident list read in pages
 * (IC_STORE_OPEN_LIST_IN_PAGES): the first page at open, the rest when the
 * main loop is idle, in the same order as a list read whole, whatever the
 * store's own edits do in between
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

/* More than the first page and two of the pages that follow it. */
#define N_SEEDED 4700

typedef struct
{
  char *dir;
  char *path;
} PagesFixture;

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A file of @n incidents besides the first: every seventh open, three at
 * each creation time (ties, sorted by id), ids not in creation order. */
static void
seed (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
    " INSERT INTO incidents (title, service, created_at, updated_at, alert_time, status)"
    " SELECT 'Incident ' || i, 'service-' || (i %% 40),"
    "   1700000000000000 + ((i * 7919) %% %u) / 3 * 60000000, 1700000000000000,"
    "   1700000000000000, CASE WHEN i %% 7 = 0 THEN 'investigating' ELSE 'resolved' END"
    " FROM n;", n, n);
  exec_ok (db, sql);
  sqlite3_close (db);
}

/* The ids of @list, in order. */
static GArray *
ids_of (GListModel *list)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      gint64 id = ic_incident_list_get_id (IC_INCIDENT_LIST (list), i);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* The list as a store that reads it whole has it. */
static GArray *
whole_list_ids (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  GArray *ids;

  g_assert_no_error (error);
  g_assert_true (ic_incident_list_get_complete (IC_INCIDENT_LIST (ic_store_get_incidents (store))));
  ids = ids_of (ic_store_get_incidents (store));
  ic_store_close (store);
  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      if (g_array_index (a, gint64, i) != g_array_index (b, gint64, i))
        g_error ("at %u: %" G_GINT64_FORMAT " instead of %" G_GINT64_FORMAT, i,
                 g_array_index (a, gint64, i), g_array_index (b, gint64, i));
    }
}

static void
wait_complete (IcStore *store)
{
  IcIncidentList *list = IC_INCIDENT_LIST (ic_store_get_incidents (store));

  while (!ic_incident_list_get_complete (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
pages_setup (PagesFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "incidents.db", NULL);
  seed (fx->path, GPOINTER_TO_UINT (data));
}

static void
pages_teardown (PagesFixture  *fx,
                gconstpointer  data)
{
  /* Nothing may be left for the main loop. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ic_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

typedef struct
{
  guint n_changes;
  guint n_appends;
  guint n_items;
} Changes;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->n_changes++;
  changes->n_appends += position == changes->n_items && removed == 0;
  changes->n_items = changes->n_items - removed + added;
  g_assert_cmpuint (changes->n_items, ==, g_list_model_get_n_items (list));
}

/* Opening reads the first page only; the rest comes, a page at a time,
 * each appended, in the order of the list read whole. */
static void
test_first_page_then_the_rest (PagesFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) whole = whole_list_ids (fx->path);
  g_autoptr(GArray) paged = NULL;
  g_autoptr(IcStore) store = NULL;
  GListModel *list;
  Changes changes = { 0, };

  g_assert_cmpuint (whole->len, ==, N_SEEDED);
  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  list = ic_store_get_incidents (store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, IC_STORE_LIST_FIRST_PAGE);
  g_assert_false (ic_incident_list_get_complete (IC_INCIDENT_LIST (list)));
  paged = ids_of (list);
  for (guint i = 0; i < paged->len; i++)
    g_assert_cmpint (g_array_index (paged, gint64, i), ==, g_array_index (whole, gint64, i));
  /* Its items can be built while the rest is still to come. */
  {
    g_autoptr(IcIncident) first = g_list_model_get_item (list, 0);

    g_assert_cmpint (ic_incident_get_id (first), ==, g_array_index (whole, gint64, 0));
  }

  changes.n_items = IC_STORE_LIST_FIRST_PAGE;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  wait_complete (store);
  g_clear_pointer (&paged, g_array_unref);
  paged = ids_of (list);
  assert_same_ids (paged, whole);
  /* More than one page followed, each at the end. */
  g_assert_cmpuint (changes.n_changes, >=, 2);
  g_assert_cmpuint (changes.n_appends, ==, changes.n_changes);
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &changes);
  ic_store_close (store);
}

/* A list no longer than the first page is whole at open. */
static void
test_short_list_whole_at_open (PagesFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) whole = whole_list_ids (fx->path);
  g_autoptr(GArray) paged = NULL;
  g_autoptr(IcStore) store = NULL;

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  g_assert_true (ic_incident_list_get_complete (IC_INCIDENT_LIST (ic_store_get_incidents (store))));
  paged = ids_of (ic_store_get_incidents (store));
  assert_same_ids (paged, whole);
  ic_store_close (store);
}

/* The store's own edits while pages are still to come: a new incident, an
 * incident of the first page resolved (its place is past the first page)
 * and one of the first page deleted, an incident not read yet reopened
 * (looked up by id: its place is now among the open ones) and one not read
 * yet deleted. The file still has the old status of the edited ones when
 * their pages come (the edits are not saved yet). The list ends as a store
 * that reads the saved file whole has it, each incident once. */
static void
test_edits_while_reading (PagesFixture  *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autoptr(IcIncident) created = NULL;
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) doomed = NULL;
  g_autoptr(GArray) whole = whole_list_ids (fx->path);
  g_autoptr(GArray) paged = NULL;
  g_autoptr(GArray) saved = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 later_resolved, later_doomed;
  IcIncident *later;
  GListModel *list;

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  list = ic_store_get_incidents (store);
  g_assert_false (ic_incident_list_get_complete (IC_INCIDENT_LIST (list)));

  created = ic_store_create_incident (store, "New while reading", "api", IC_SEVERITY_SEV2,
                                      IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ic_incident_list_get_id (IC_INCIDENT_LIST (list), 0), ==,
                   ic_incident_get_id (created));

  first = g_list_model_get_item (list, 1);
  g_assert_cmpint (ic_incident_get_status (first), !=, IC_INCIDENT_STATUS_RESOLVED);
  ic_incident_set_status (first, IC_INCIDENT_STATUS_RESOLVED);

  doomed = g_list_model_get_item (list, 5);
  g_assert_true (ic_store_delete_incident (store, doomed, &error));
  g_assert_no_error (error);

  /* Two resolved incidents past what has been read. */
  later_resolved = g_array_index (whole, gint64, whole->len - 10);
  later_doomed = g_array_index (whole, gint64, whole->len - 20);
  g_assert_false (ic_incident_list_find (IC_INCIDENT_LIST (list), later_resolved, NULL));
  later = ic_store_lookup_incident (store, later_resolved);
  g_assert_nonnull (later);
  g_assert_cmpint (ic_incident_get_status (later), ==, IC_INCIDENT_STATUS_RESOLVED);
  ic_incident_set_status (later, IC_INCIDENT_STATUS_INVESTIGATING);
  g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), later_resolved, NULL));
  later = ic_store_lookup_incident (store, later_doomed);
  g_assert_true (ic_store_delete_incident (store, later, &error));
  g_assert_no_error (error);

  wait_complete (store);
  paged = ids_of (list);
  for (guint i = 0; i < paged->len; i++)
    {
      gint64 *id = &g_array_index (paged, gint64, i);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
  g_assert_cmpuint (paged->len, ==, N_SEEDED + 1 - 2);
  g_assert_true (ic_store_flush (store, &error));
  g_assert_no_error (error);
  saved = whole_list_ids (fx->path);
  assert_same_ids (paged, saved);
  /* The reopened one is among the open ones; the resolved one among the
   * resolved, past the first page. */
  {
    guint reopened_at = 0, resolved_at = 0;

    g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), later_resolved,
                                          &reopened_at));
    g_assert_true (ic_incident_list_find (IC_INCIDENT_LIST (list), ic_incident_get_id (first),
                                          &resolved_at));
    g_assert_cmpuint (reopened_at, <, resolved_at);
    g_assert_cmpuint (resolved_at, >, IC_STORE_LIST_FIRST_PAGE);
  }
  ic_store_close (store);
}

/* A search sorts by the list's keys: it reads the rest of the list first,
 * and finds what is past the first page. */
static void
test_search_reads_the_rest (PagesFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GListModel) all = NULL;

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  g_assert_false (ic_incident_list_get_complete (IC_INCIDENT_LIST (ic_store_get_incidents (store))));
  all = ic_store_search (store, "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, N_SEEDED);
  g_assert_true (ic_incident_list_get_complete (IC_INCIDENT_LIST (ic_store_get_incidents (store))));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (store)), ==, N_SEEDED);
  ic_store_close (store);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GListModel **found = user_data;
  g_autoptr(GError) error = NULL;

  *found = ic_store_search_finish (IC_STORE (source), result, &error);
  g_assert_no_error (error);
}

/* The same for a search in a worker: every incident whose title has the
 * word, including those past the first page, in list order. */
static void
test_search_async_reads_the_rest (PagesFixture  *fx,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(IcStore) whole = NULL;
  g_autoptr(GArray) found_ids = NULL;
  g_autoptr(GArray) expected_ids = NULL;

  whole = ic_store_open (fx->path, NULL, &error);
  g_assert_no_error (error);
  expected = ic_store_search (whole, "service-7", &error);
  g_assert_no_error (error);
  expected_ids = ids_of (expected);
  g_assert_cmpuint (expected_ids->len, >, 100);
  ic_store_close (whole);

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  ic_store_search_async (store, "service-7", NULL, search_done_cb, &found);
  while (found == NULL || !ic_incident_list_get_complete (IC_INCIDENT_LIST (found)))
    g_main_context_iteration (NULL, TRUE);
  found_ids = ids_of (found);
  assert_same_ids (found_ids, expected_ids);
  ic_store_close (store);
}

/* Closed, or read again after another program wrote, while pages are to
 * come: no page comes after that, and a refresh leaves the list whole. */
static void
test_close_and_refresh_while_reading (PagesFixture  *fx,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3 *db = NULL;
  GListModel *list;

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  list = ic_store_get_incidents (store);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  exec_ok (db, "INSERT INTO incidents (title, service, created_at, updated_at, alert_time, status)"
               " VALUES ('From elsewhere', 'api', 1, 1, 1, 'resolved')");
  sqlite3_close (db);
  g_assert_true (ic_store_refresh (store, &error));
  g_assert_no_error (error);
  g_assert_true (ic_incident_list_get_complete (IC_INCIDENT_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_SEEDED + 1);
  ids = ids_of (list);
  ic_store_close (store);
  g_clear_object (&store);

  store = ic_store_open_with_flags (fx->path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
  g_assert_no_error (error);
  list = ic_store_get_incidents (store);
  ic_store_close (store);
  g_assert_true (ic_incident_list_get_complete (IC_INCIDENT_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, IC_STORE_LIST_FIRST_PAGE);
  /* pages_teardown() runs what is left of the main loop. */
}

/* Each page is read from an index of its part of the list, in list order,
 * which covers the query: no table row is read, nothing is sorted. */
static void
test_pages_use_their_index (PagesFixture  *fx,
                            gconstpointer  data)
{
  static const char * const pages[] = { IC_STORE_OPEN_PAGE_SQL, IC_STORE_RESOLVED_PAGE_SQL };
  static const char * const indexes[] = { "incidents_open_in_list", "incidents_resolved_in_list" };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (fx->path, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", pages[i], NULL);
      g_autofree char *expected = g_strconcat ("USING COVERING INDEX ", indexes[i], NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_ic_store_get_db (store), sql, -1, &stmt, NULL), ==,
                       SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_assert_nonnull (strstr (plan->str, expected));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
    }
  ic_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, fn) \
  g_test_add (path, PagesFixture, GUINT_TO_POINTER (n), pages_setup, fn, pages_teardown)
  ADD ("/ic/store/pages/first-page-then-the-rest", N_SEEDED, test_first_page_then_the_rest);
  ADD ("/ic/store/pages/short-list-whole-at-open", IC_STORE_LIST_FIRST_PAGE - 1,
       test_short_list_whole_at_open);
  ADD ("/ic/store/pages/edits-while-reading", N_SEEDED, test_edits_while_reading);
  ADD ("/ic/store/pages/search-reads-the-rest", N_SEEDED, test_search_reads_the_rest);
  ADD ("/ic/store/pages/search-async-reads-the-rest", N_SEEDED, test_search_async_reads_the_rest);
  ADD ("/ic/store/pages/close-and-refresh", N_SEEDED, test_close_and_refresh_while_reading);
  ADD ("/ic/store/pages/index", 10, test_pages_use_their_index);
#undef ADD

  return g_test_run ();
}
