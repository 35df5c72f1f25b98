/* test-store-search.c — full-text search of the incidents as a
 * specification: the fields it looks in, prefixes, case and accent folding,
 * following edits and deletes, hostile queries, blank ones, timeline text,
 * and the worker thread's search (the same results, cancelled, the file
 * unreadable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-file.h"

/* Search -------------------------------------------------------------------- */

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* ic_store_search_async(), waited for on the main loop, results and all:
 * they are streamed into the list after the callback. */
static GListModel *
search_async (IcStore       *store,
              const char    *query,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GListModel *found;

  ic_store_search_async (store, query, cancellable, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = ic_store_search_finish (store, result, error);
  while (found != NULL && !ic_incident_list_get_complete (IC_INCIDENT_LIST (found)))
    g_main_context_iteration (NULL, TRUE);
  return found;
}

/* Searches both ways: the worker thread's search finds exactly what the
 * main thread's does, the same instances in the same order. */
static GListModel *
search (Fixture    *fx,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GListModel *results = ic_store_search (fx->store, query, &error);
  g_autoptr(GListModel) in_thread = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_true (g_list_model_get_item_type (results) == IC_TYPE_INCIDENT);
  in_thread = search_async (fx->store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (in_thread), ==, g_list_model_get_n_items (results));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IcIncident) a = g_list_model_get_item (results, i);
      g_autoptr(IcIncident) b = g_list_model_get_item (in_thread, i);

      g_assert_true (a == b);
    }
  return results;
}

/* Asserts @query finds exactly @expected (the same instances). */
static void
assert_search (Fixture    *fx,
               const char *query,
               IcIncident *expected)
{
  g_autoptr(GListModel) results = search (fx, query);

  g_test_message ("search “%s”: %u results", query, g_list_model_get_n_items (results));
  if (expected == NULL)
    {
      g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
      return;
    }
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_cmpuint (find_in_model (results, expected), ==, 0);
}

typedef struct
{
  IcIncident *checkout;
  IcIncident *cafe;
  IcIncident *disk;
} SearchData;

static void
search_data_init (Fixture    *fx,
                  SearchData *sd)
{
  sd->checkout = create (fx, "Elevated 500s on checkout", "payments-eu");
  sd->cafe = create (fx, "Café latency", "frontend");
  ic_incident_set_notes (sd->cafe, "pool exhausted on redis-7");
  sd->disk = create (fx, "Disk full", "warehouse");
}

static void
search_data_clear (SearchData *sd)
{
  g_clear_object (&sd->checkout);
  g_clear_object (&sd->cafe);
  g_clear_object (&sd->disk);
}

static void
test_search_fields (Fixture       *fx,
                    gconstpointer  data)
{
  SearchData sd;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(IcIncident) found = NULL;

  search_data_init (fx, &sd);
  g_assert_true (ic_store_flush (fx->store, NULL));

  results = search (fx, "checkout");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  found = g_list_model_get_item (results, 0);
  g_assert_true (found == sd.checkout);   /* the live list's own instance */
  g_assert_true (found == ic_store_lookup_incident (fx->store, ic_incident_get_id (found)));

  assert_search (fx, "warehouse", sd.disk);      /* service */
  assert_search (fx, "payments", sd.checkout);   /* service, hyphenated */
  assert_search (fx, "exhausted", sd.cafe);      /* notes */
  assert_search (fx, "redis", sd.cafe);
  assert_search (fx, "latency pool", sd.cafe);   /* every word, across fields */
  assert_search (fx, "latency checkout", NULL);
  assert_search (fx, "nothing-like-this", NULL);
  search_data_clear (&sd);
}

static void
test_search_prefix (Fixture       *fx,
                    gconstpointer  data)
{
  SearchData sd;

  search_data_init (fx, &sd);
  assert_search (fx, "check", sd.checkout);
  assert_search (fx, "Elev", sd.checkout);
  assert_search (fx, "exhaust", sd.cafe);
  assert_search (fx, "ware", sd.disk);
  search_data_clear (&sd);
}

static void
test_search_folding (Fixture       *fx,
                     gconstpointer  data)
{
  SearchData sd;
  const char *queries[] = { "café", "cafe", "CAFÉ", "CAFE", "Cafe", "LATENCY", "CHECKOUT" };

  search_data_init (fx, &sd);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    assert_search (fx, queries[i], i < 6 ? sd.cafe : sd.checkout);
  search_data_clear (&sd);
}

static void
test_search_follows_edits (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SearchData sd;

  search_data_init (fx, &sd);
  assert_search (fx, "cafe", sd.cafe);
  ic_incident_set_title (sd.cafe, "Tea latency");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  assert_search (fx, "cafe", NULL);
  assert_search (fx, "tea", sd.cafe);

  ic_incident_set_service (sd.disk, "archive");
  ic_incident_set_notes (sd.disk, "inode exhaustion");
  g_assert_true (ic_store_flush (fx->store, &error));
  assert_search (fx, "warehouse", NULL);
  assert_search (fx, "archive", sd.disk);
  assert_search (fx, "inode", sd.disk);
  search_data_clear (&sd);
}

static void
test_search_follows_delete (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  SearchData sd;

  search_data_init (fx, &sd);
  assert_search (fx, "disk", sd.disk);
  g_assert_true (ic_store_delete_incident (fx->store, sd.disk, &error));
  g_assert_no_error (error);
  assert_search (fx, "disk", NULL);
  assert_search (fx, "warehouse", NULL);
  results = search (fx, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_assert_cmpuint (find_in_model (results, sd.disk), ==, G_MAXUINT);
  search_data_clear (&sd);
}

static void
test_search_hostile (Fixture       *fx,
                     gconstpointer  data)
{
  const char *hostile[] = {
    "\"", "'", "\"checkout", "checkout\"", "AND", "OR", "NOT", "NEAR", "*", "-", "+", "(", ")",
    "title:", ":", "title:checkout", "{title}: x", "checkout AND", "AND checkout", "a OR (",
    "NEAR(checkout latency)", "checkout*", "*checkout", "-checkout", "^checkout", "\\", "%",
    "checkout\" OR \"disk", "''", "\"\"", "a:b:c", "sev1 -- DROP TABLE incidents;",
    "\xc3\xa9\xe2\x80\x8b", "ß", "日本語", "   \"   ",
  };
  SearchData sd;

  search_data_init (fx, &sd);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GListModel) results = search (fx, hostile[i]);

      g_test_message ("query «%s»: %u results", hostile[i], g_list_model_get_n_items (results));
      g_assert_cmpuint (g_list_model_get_n_items (results), <=, 3);
    }
  g_assert_cmpint (count_rows (_ic_store_get_db (fx->store), "incidents"), ==, 3);
  search_data_clear (&sd);
}

static void
test_search_empty (Fixture       *fx,
                   gconstpointer  data)
{
  const char *blanks[] = { "", " ", " \t\n " };
  GListModel *list = ic_store_get_incidents (fx->store);
  SearchData sd;

  search_data_init (fx, &sd);
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr(GListModel) results = search (fx, blanks[i]);

      g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(IcIncident) item = g_list_model_get_item (list, j);
          g_assert_cmpuint (find_in_model (results, item), !=, G_MAXUINT);
        }
    }
  search_data_clear (&sd);
}

/* A search cancelled before its worker ran (the next keystroke came)
 * completes with G_IO_ERROR_CANCELLED and no results; the next one finds. */
static void
test_search_cancelled (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  SearchData sd;

  search_data_init (fx, &sd);
  ic_store_search_async (fx->store, "checkout", cancellable, search_done_cb, &first);
  g_cancellable_cancel (cancellable);
  while (first == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ic_store_search_finish (fx->store, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  results = search_async (fx->store, "checkout", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  search_data_clear (&sd);
}

/* The worker cannot read the file (it is gone): a clear error naming it,
 * and the store's own data is untouched. */
static void
test_search_unreadable (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *moved = g_strconcat (fx->path, ".moved", NULL);
  SearchData sd;

  search_data_init (fx, &sd);
  g_assert_cmpint (g_rename (fx->path, moved), ==, 0);
  results = search_async (fx->store, "checkout", NULL, &error);
  g_assert_null (results);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Cannot search"));
  assert_contains (error->message, fx->path);
  g_assert_cmpint (g_rename (moved, fx->path), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 3);
  g_clear_error (&error);
  g_clear_object (&results);
  results = search_async (fx->store, "checkout", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  search_data_clear (&sd);
}

static void
test_search_timeline (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) event = NULL;
  SearchData sd;

  search_data_init (fx, &sd);
  assert_search (fx, "oomkilled", NULL);
  event = ic_store_add_timeline_event (fx->store, sd.disk, "note", "saw OOMKilled in pod", NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
  assert_search (fx, "oomkilled", sd.disk);
  assert_search (fx, "OOMKill", sd.disk);
  search_data_clear (&sd);
}

/* Registration -------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)

  ADD_STORE ("/ic/store/search/fields", test_search_fields);
  ADD_STORE ("/ic/store/search/prefix", test_search_prefix);
  ADD_STORE ("/ic/store/search/folding", test_search_folding);
  ADD_STORE ("/ic/store/search/follows-edits", test_search_follows_edits);
  ADD_STORE ("/ic/store/search/follows-delete", test_search_follows_delete);
  ADD_STORE ("/ic/store/search/hostile", test_search_hostile);
  ADD_STORE ("/ic/store/search/empty", test_search_empty);
  ADD_STORE ("/ic/store/search/timeline", test_search_timeline);
  ADD_STORE ("/ic/store/search/cancelled", test_search_cancelled);
  ADD_STORE ("/ic/store/search/unreadable", test_search_unreadable);

#undef ADD_STORE

  return g_test_run ();
}
