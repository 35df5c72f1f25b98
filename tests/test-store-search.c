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

/* Another program created an incident since the list was read: the
 * search finds it all the same. */
static void
test_search_created_elsewhere (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) other = ic_store_open (fx->path, fx->clock, &error);
  g_autoptr(IcIncident) theirs = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(IcIncident) found = NULL;
  SearchData sd;

  g_assert_no_error (error);
  search_data_init (fx, &sd);
  theirs = ic_store_create_incident (other, "Zebra crossing closed", "roads", IC_SEVERITY_SEV3,
                                     IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  ic_store_close (other);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 3);

  results = search (fx, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  found = g_list_model_get_item (results, 0);
  g_assert_cmpint (ic_incident_get_id (found), ==, ic_incident_get_id (theirs));
  search_data_clear (&sd);
}

/* Schema v6, v7 and the timeline -------------------------------------------- */

/* Every row of the timeline's blocks is its events' text, one per line,
 * in id order, and nothing else is there: as if built anew. */
#define BLOCKS_AS_BUILT_SQL \
  "SELECT ifnull (group_concat (key || ':' || text, '|'), '') FROM (" \
  "  SELECT (incident_id << 32) | (id >> 6) AS key, group_concat (text, char(10)) AS text" \
  "  FROM (SELECT * FROM timeline WHERE incident_id BETWEEN 1 AND 2147483647" \
  "        AND id BETWEEN 1 AND 4294967295 ORDER BY id)" \
  "  GROUP BY key ORDER BY key)"
#define BLOCKS_SQL \
  "SELECT ifnull (group_concat (rowid || ':' || text, '|'), '') FROM (" \
  "  SELECT rowid, text FROM search_event_blocks ORDER BY rowid)"

static void
assert_blocks_hold_timeline (sqlite3 *db)
{
  g_autofree char *expected = query_text (db, BLOCKS_AS_BUILT_SQL);
  g_autofree char *blocks = query_text (db, BLOCKS_SQL);

  g_assert_cmpstr (blocks, ==, expected);
}

/* The incidents each query finds in a file, as a sorted comma-separated
 * list of ids, searched as the store did up to schema v5 (@events "") and
 * with v6 (@events: the events whose ids fit its key, in search_events). */
#define OLD_SEARCH_SQL(events) \
  "SELECT group_concat(id, ',') FROM (SELECT id FROM (" \
  "SELECT rowid AS id FROM search_incidents WHERE search_incidents MATCH ?1" \
  events \
  " UNION SELECT timeline.incident_id FROM search_timeline" \
  "   JOIN timeline ON timeline.id = search_timeline.rowid" \
  "   WHERE search_timeline MATCH ?1" \
  " UNION SELECT hypotheses.incident_id FROM search_hypotheses" \
  "   JOIN hypotheses ON hypotheses.id = search_hypotheses.rowid" \
  "   WHERE search_hypotheses MATCH ?1" \
  " UNION SELECT rowid FROM search_postmortem WHERE search_postmortem MATCH ?1)" \
  " ORDER BY id)"
#define V5_SEARCH_SQL OLD_SEARCH_SQL ("")
#define V6_SEARCH_SQL \
  OLD_SEARCH_SQL (" UNION SELECT rowid >> 32 FROM search_events WHERE search_events MATCH ?1")

static const char * const timeline_words[] = {
  "redis", "timeouts", "deploy", "rolled", "quiet", "exhausted", "pool", "quokka", "zanzibar",
  "checkout", "disk", "nothing", "far",
};

static char *
old_search (sqlite3    *db,
            guint       version,
            const char *word)
{
  g_autofree char *match = g_strdup_printf ("\"%s\"*", word);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *ids;

  g_assert_cmpint (sqlite3_prepare_v2 (db, version < 6 ? V5_SEARCH_SQL : V6_SEARCH_SQL, -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ids = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return ids != NULL ? ids : g_strdup ("");
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ids @results holds, sorted, comma-separated. */
static char *
sorted_ids (GListModel *results)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IcIncident) incident = g_list_model_get_item (results, i);
      gint64 id = ic_incident_get_id (incident);

      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (str, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (str, FALSE);
}

/* A file of schema @version (1 to 6): its timeline events interleaved
 * between incidents, and two a hand-made file could bring, whose ids do not
 * fit v6's key (an incident id of 2^31 and over, an event id of 2^32 and
 * over). */
static void
make_old_file (const char *path,
               guint       version)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3 *db = NULL;

  for (guint v = 0; v < version; v++)
    g_string_append (sql, _ic_store_migrations[v]);
  g_string_append_printf (sql, "PRAGMA application_id = %d; PRAGMA user_version = %u;",
                          IC_STORE_APPLICATION_ID, version);
  g_string_append (sql,
    "INSERT INTO incidents (id, title, service, created_at, updated_at, alert_time) VALUES"
    " (1, 'Checkout errors', 'checkout', 1, 1, 1),"
    " (2, 'Disk full', 'warehouse', 2, 2, 2),"
    " (3, 'Quiet night', '', 3, 3, 3),"
    " (3000000000, 'Far away', '', 4, 4, 4);"
    "INSERT INTO timeline (id, incident_id, occurred_at, kind, text) VALUES"
    " (1, 1, 1, 'note', 'saw redis timeouts'),"
    " (2, 2, 2, 'note', 'redis pool exhausted'),"
    " (3, 1, 3, 'note', 'rolled back the deploy'),"
    " (4, 3, 4, 'note', 'all quiet'),"
    " (5, 3000000000, 5, 'note', 'a quokka on the line'),"
    " (8589934592, 3, 6, 'note', 'postcard from zanzibar');");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, sql->str);
  sqlite3_close (db);
}

/* Opening a file of an earlier version moves the timeline to the index
 * keyed by incident (v6): every word finds what it found before, in the
 * worker and on the main thread; the events whose ids do not fit the key
 * are still found. */
static void
test_search_migrated (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = g_new0 (char *, G_N_ELEMENTS (timeline_words) + 1);
  sqlite3 *db = NULL;

  make_old_file (fx->path, GPOINTER_TO_UINT (data));
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (timeline_words); i++)
    before[i] = old_search (db, GPOINTER_TO_UINT (data), timeline_words[i]);
  sqlite3_close (db);
  g_assert_cmpstr (before[0], ==, "1,2");

  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  db = _ic_store_get_db (fx->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, IC_STORE_SCHEMA_VERSION);
  /* The keyed index holds the events that fit its key, v1's the others. */
  g_assert_cmpint (count_rows (db, "search_events WHERE search_events MATCH 'redis'"), ==, 2);
  g_assert_cmpint (count_rows (db, "search_events"), ==, 4);
  g_assert_cmpint (count_rows (db, "search_timeline WHERE search_timeline MATCH 'redis'"), ==, 0);
  g_assert_cmpint (count_rows (db, "search_timeline WHERE search_timeline MATCH 'quokka'"), ==, 1);
  g_assert_cmpint (count_rows (db, "search_timeline WHERE search_timeline MATCH 'zanzibar'"),
                   ==, 1);
  /* The blocks (v7): one per incident with events that fit the key. */
  g_assert_cmpint (count_rows (db, "search_event_blocks"), ==, 3);
  g_assert_cmpint (count_rows (db, "search_event_blocks WHERE search_event_blocks MATCH 'redis'"),
                   ==, 2);
  assert_blocks_hold_timeline (db);
  for (guint i = 0; i < G_N_ELEMENTS (timeline_words); i++)
    {
      g_autoptr(GListModel) results = search (fx, timeline_words[i]);
      g_autofree char *after = sorted_ids (results);

      g_test_message ("“%s”: %s before, %s after", timeline_words[i], before[i], after);
      g_assert_cmpstr (after, ==, before[i]);
    }
  exec_ok (db, "INSERT INTO search_events (search_events) VALUES ('integrity-check')");
  exec_ok (db, "INSERT INTO search_timeline (search_timeline) VALUES ('integrity-check')");
  exec_ok (db, "INSERT INTO search_event_blocks (search_event_blocks) VALUES ('integrity-check')");
}

/* Events added, edited and deleted after v6 are found, and no longer
 * found, in whichever index their ids put them. */
static void
test_search_events_follow (Fixture       *fx,
                           gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) incident = create (fx, "Latency", "api");
  g_autofree char *far = NULL;
  gint64 id = ic_incident_get_id (incident);

  exec_ok (db, "INSERT INTO incidents (id, title, created_at, updated_at, alert_time)"
               " VALUES (4000000000, 'Far away', 1, 1, 1)");
  far = g_strdup_printf ("INSERT INTO timeline (id, incident_id, occurred_at, kind, text) VALUES"
                         " (10, %" G_GINT64_FORMAT ", 1, 'note', 'wombat seen'),"
                         " (8589934592, %" G_GINT64_FORMAT ", 2, 'note', 'numbat seen'),"
                         " (11, 4000000000, 3, 'note', 'dingo seen')", id, id);
  exec_ok (db, far);
  assert_search (fx, "wombat", incident);
  assert_search (fx, "numbat", incident);
  assert_search (fx, "dingo", ic_store_lookup_incident (fx->store, 4000000000));

  exec_ok (db, "UPDATE timeline SET text = 'possum seen' WHERE id IN (10, 8589934592, 11)");
  assert_search (fx, "wombat", NULL);
  assert_search (fx, "numbat", NULL);
  assert_search (fx, "dingo", NULL);
  {
    g_autoptr(GListModel) results = search (fx, "possum");

    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  }
  /* An event moved to another incident is found there. */
  exec_ok (db, "UPDATE timeline SET incident_id = 4000000000, text = 'koala' WHERE id = 10");
  assert_search (fx, "koala", ic_store_lookup_incident (fx->store, 4000000000));

  exec_ok (db, "DELETE FROM timeline WHERE id IN (10, 8589934592, 11)");
  assert_search (fx, "possum", NULL);
  assert_search (fx, "koala", NULL);
  exec_ok (db, "INSERT INTO search_events (search_events) VALUES ('integrity-check')");
  exec_ok (db, "INSERT INTO search_timeline (search_timeline) VALUES ('integrity-check')");
  exec_ok (db, "INSERT INTO search_event_blocks (search_event_blocks) VALUES ('integrity-check')");
  assert_blocks_hold_timeline (db);
}

/* The timeline's blocks (schema v7) follow its events as they come, change,
 * move to another block or incident and go; a single word is found in
 * whichever event holds it, while a phrase, or two words, that two events
 * of one block hold between them are not found (they are not one event's). */
static void
test_search_event_blocks (Fixture       *fx,
                          gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) a = create (fx, "Latency", "api");
  g_autoptr(IcIncident) b = create (fx, "Errors", "web");
  gint64 a_id = ic_incident_get_id (a), b_id = ic_incident_get_id (b);
  g_autofree char *insert = NULL;
  g_autofree char *a_blocks = NULL;
  int n_blocks;

  /* 1022 and 1023 share a block (960 to 1023); 1024 to 1026 are the next. */
  insert = g_strdup_printf ("INSERT INTO timeline (id, incident_id, occurred_at, kind, text)"
                            " VALUES (1022, %1$" G_GINT64_FORMAT ", 1, 'note', 'saw the redis'),"
                            " (1023, %1$" G_GINT64_FORMAT ", 2, 'note', '7 nodes down'),"
                            " (1024, %1$" G_GINT64_FORMAT ", 3, 'note', 'wombat spotted'),"
                            " (1025, %2$" G_GINT64_FORMAT ", 4, 'note', 'numbat spotted'),"
                            " (1026, %1$" G_GINT64_FORMAT ", 5, 'note', 'quoll spotted')",
                            a_id, b_id);
  a_blocks = g_strdup_printf ("search_event_blocks WHERE rowid >> 32 = %" G_GINT64_FORMAT, a_id);
  n_blocks = count_rows (db, a_blocks);   /* its own first events' */
  exec_ok (db, insert);
  assert_blocks_hold_timeline (db);
  g_assert_cmpint (count_rows (db, a_blocks), ==, n_blocks + 2);

  assert_search (fx, "redis", a);
  assert_search (fx, "nodes", a);
  assert_search (fx, "wombat", a);
  assert_search (fx, "numbat", b);
  assert_search (fx, "redis-7", NULL);      /* "redis" then "7": two events */
  assert_search (fx, "redis nodes", NULL);
  assert_search (fx, "saw redis", a);

  exec_ok (db, "UPDATE timeline SET text = 'saw the cache' WHERE id = 1022");
  assert_search (fx, "redis", NULL);
  assert_search (fx, "cache", a);
  exec_ok (db, "UPDATE timeline SET incident_id = (SELECT incident_id FROM timeline"
               " WHERE id = 1025) WHERE id = 1023");
  assert_search (fx, "nodes", b);
  exec_ok (db, "UPDATE timeline SET id = 2048 WHERE id = 1024");
  assert_search (fx, "wombat", a);
  assert_blocks_hold_timeline (db);
  g_assert_cmpint (count_rows (db, a_blocks), ==, n_blocks + 3);

  exec_ok (db, "DELETE FROM timeline WHERE id = 1026");
  assert_search (fx, "quoll", NULL);
  g_assert_cmpint (count_rows (db, a_blocks), ==, n_blocks + 2);
  assert_blocks_hold_timeline (db);

  g_assert_true (ic_store_delete_incident (fx->store, a, NULL));
  assert_search (fx, "wombat", NULL);
  assert_search (fx, "cache", NULL);
  assert_search (fx, "numbat", b);
  g_assert_cmpint (count_rows (db, a_blocks), ==, 0);
  assert_blocks_hold_timeline (db);
  exec_ok (db, "INSERT INTO search_event_blocks (search_event_blocks) VALUES ('integrity-check')");
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
  ADD_STORE ("/ic/store/search/created-elsewhere", test_search_created_elsewhere);
  ADD_STORE ("/ic/store/search/events-follow", test_search_events_follow);
  ADD_STORE ("/ic/store/search/event-blocks", test_search_event_blocks);
  for (guint v = 1; v < IC_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/store/search/migrated-from-v%u", v);

      g_test_add (path, Fixture, GUINT_TO_POINTER (v), file_setup, test_search_migrated,
                  fixture_teardown);
    }

#undef ADD_STORE

  return g_test_run ();
}
