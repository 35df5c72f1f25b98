/* test-store-open.c — the store's file: creation, pragmas, autosave, every
 * table, cascades, migrations, refusal of bad files, search, refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

/* Helpers ---------------------------------------------------------------- */

static gint64
pragma (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
pragma_text (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static int
exec_rc (sqlite3    *db,
         const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) & 0xff;
}

static gint64
count (sqlite3    *db,
       const char *table_where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table_where);
  return pragma (db, sql);
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

static char *
read_bytes (const char *path,
            gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the autosave debounce pass on the real main loop (no sleeping). */
static void
wait_past_autosave (IcStore *store)
{
  gboolean done = FALSE;

  g_timeout_add (IC_STORE_AUTOSAVE_DELAY_MS * 2, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ic_store_get_has_pending_changes (store));
}

/* Opening ---------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "incidents.db", NULL);
  IcStore *store = ic_store_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (ic_store_get_path (store), ==, path);
  g_assert_null (ic_store_get_backup_path (store));
  ic_store_close (store);
  ic_store_close (store);
  g_assert_finalize_object (store);
}

static void
test_pragmas (StoreFixture  *fx,
              gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autofree char *mode = pragma_text (db, "PRAGMA journal_mode");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (pragma (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma (db, "PRAGMA busy_timeout"), >, 0);
  g_assert_cmpint (pragma (db, "PRAGMA user_version"), ==, IC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (pragma (db, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);
  g_assert_null (ic_store_get_backup_path (fx->store));
}

/* The pages read once at open for the list (every incident's) are let go
 * on request (ic-window.c asks when start-up is done), and the store
 * reads on as before. */
static void
test_release_memory (StoreFixture  *fx,
                     gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) first = NULL;
  int before, after;

  g_assert_cmpint (sqlite3_exec (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                 " FROM n WHERE i < 3000) INSERT INTO incidents (title, service,"
                                 " created_at, updated_at, alert_time, status) SELECT"
                                 " 'Incident ' || i || ' ' || hex(randomblob(60)), 'api', i, i, i,"
                                 " 'resolved' FROM n",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  store_fixture_reopen (fx);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 3001);
  before = ic_test_cache_used (fx->store);
  g_test_message ("page cache after open: %d bytes", before);
  g_assert_cmpint (before, >, 200 * 1024);
  ic_store_release_memory (fx->store);
  after = ic_test_cache_used (fx->store);
  g_test_message ("after ic_store_release_memory: %d bytes", after);
  g_assert_cmpint (after, <, before / 4);
  first = g_list_model_get_item (ic_store_get_incidents (fx->store), 0);
  g_assert_cmpstr (ic_incident_get_title (first), ==, "Elevated 500s on checkout");
}

static void
test_reopen_keeps_data (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) second = NULL;
  gint64 id = ic_incident_get_id (fx->incident);

  ic_clock_advance (fx->clock, G_USEC_PER_SEC);
  second = ic_store_create_incident (fx->store, "Disk full", "db", IC_SEVERITY_SEV3,
                                     IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  store_fixture_reopen (fx);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 2);
  g_assert_cmpstr (ic_incident_get_title (ic_store_lookup_incident (fx->store, id)), ==,
                   "Elevated 500s on checkout");
  g_assert_null (ic_store_lookup_incident (fx->store, 9999));
}

static void
test_create_validates (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident;

  incident = ic_store_create_incident (fx->store, "  \t ", NULL, IC_SEVERITY_SEV1,
                                       IC_CREATED_VIA_APP, &error);
  g_assert_null (incident);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (fx->store), "incidents"), ==, 1);
}

static void
test_sorted_open_first (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) newer = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) last = NULL;

  ic_clock_advance (fx->clock, 60 * G_USEC_PER_SEC);
  newer = ic_store_create_incident (fx->store, "Newer", NULL, IC_SEVERITY_SEV2,
                                    IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (list, 0);
  g_assert_true (first == newer);
  /* Resolving the newer one moves it below the open one. */
  ic_incident_set_status (newer, IC_INCIDENT_STATUS_RESOLVED);
  g_clear_object (&first);
  first = g_list_model_get_item (list, 0);
  last = g_list_model_get_item (list, 1);
  g_assert_true (first == fx->incident);
  g_assert_true (last == newer);
}

/* Autosave --------------------------------------------------------------- */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

static void
test_notify_once (StoreFixture  *fx,
                  gconstpointer  data)
{
  guint n = 0;

  g_signal_connect (fx->incident, "notify::title", G_CALLBACK (count_notify_cb), &n);
  ic_incident_set_title (fx->incident, "Changed");
  g_assert_cmpuint (n, ==, 1);
  ic_incident_set_title (fx->incident, "Changed");
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (ic_store_flush (fx->store, NULL));
  ic_incident_set_title (fx->incident, "Changed");
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
  g_signal_handlers_disconnect_by_func (fx->incident, count_notify_cb, &n);
}

static void
test_autosave_visible_elsewhere (StoreFixture  *fx,
                                 gconstpointer  data)
{
  sqlite3 *other = open_raw (fx->path);
  g_autofree char *sql = g_strdup_printf ("incidents WHERE id = %" G_GINT64_FORMAT
                                          " AND title = 'Checkout down' AND service = 'pay'"
                                          " AND severity = 'sev4' AND notes = 'n'",
                                          ic_incident_get_id (fx->incident));

  ic_incident_set_title (fx->incident, "Checkout down");
  ic_incident_set_service (fx->incident, "pay");
  ic_incident_set_severity (fx->incident, IC_SEVERITY_SEV4);
  ic_incident_set_notes (fx->incident, "n");
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  g_assert_cmpint (count (other, sql), ==, 0);
  wait_past_autosave (fx->store);
  g_assert_cmpint (count (other, sql), ==, 1);
  sqlite3_close (other);
}

static void
test_close_flushes (StoreFixture  *fx,
                    gconstpointer  data)
{
  ic_incident_set_title (fx->incident, "Written on close");
  store_fixture_reopen (fx);
  g_assert_cmpstr (ic_incident_get_title (fx->incident), ==, "Written on close");
}

static void
test_blank_title_not_saved (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ic_incident_set_title (fx->incident, "   ");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  store_fixture_reopen (fx);
  g_assert_cmpstr (ic_incident_get_title (fx->incident), ==, "Elevated 500s on checkout");
}

/* Every table ------------------------------------------------------------ */

typedef struct
{
  const char *table;
  const char *insert;
  const char *update;
  const char *check;   /* a WHERE that holds only after the update */
  const char *bad;     /* an insert the schema must refuse */
} TableCase;

static void
test_every_table (StoreFixture  *fx,
                  gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  const TableCase cases[] = {
    { "changes",
      "INSERT INTO changes (id, incident_id, kind, description, changed_at, created_at)"
      " VALUES (100, 1, 'deploy', 'v1.2.3', 1, 1)",
      "UPDATE changes SET rolled_back_at = 5 WHERE id = 100",
      "changes WHERE id = 100 AND rolled_back_at = 5",
      "INSERT INTO changes (incident_id, kind, description, changed_at, created_at)"
      " VALUES (1, 'yolo', 'x', 1, 1)" },
    { "decision_checks",
      "INSERT INTO decision_checks (incident_id, step) VALUES (1, 3)",
      "UPDATE decision_checks SET answer = 'yes' WHERE incident_id = 1 AND step = 3",
      "decision_checks WHERE step = 3 AND answer = 'yes'",
      "INSERT INTO decision_checks (incident_id, step) VALUES (1, 5)" },
    { "hypotheses",
      "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
      " VALUES (100, 1, 1, 'bad deploy', 'likely', 1)",
      "UPDATE hypotheses SET status = 'confirmed' WHERE id = 100",
      "hypotheses WHERE id = 100 AND status = 'confirmed'",
      "INSERT INTO hypotheses (incident_id, rank, text, likelihood, created_at)"
      " VALUES (1, 2, 'x', 'maybe', 1)" },
    { "evidence",
      "INSERT INTO evidence (id, hypothesis_id, stance, text, created_at)"
      " VALUES (100, 100, 'for', 'errors started at deploy', 1)",
      "UPDATE evidence SET stance = 'against' WHERE id = 100",
      "evidence WHERE id = 100 AND stance = 'against'",
      "INSERT INTO evidence (hypothesis_id, stance, text, created_at)"
      " VALUES (100, 'neutral', 'x', 1)" },
    { "probes",
      "INSERT INTO probes (id, incident_id, kind, name, config, created_at)"
      " VALUES (100, 1, 'http', 'health', '{\"url\":\"http://127.0.0.1/\"}', 1)",
      "UPDATE probes SET enabled = 0 WHERE id = 100",
      "probes WHERE id = 100 AND enabled = 0",
      "INSERT INTO probes (incident_id, kind, name, config, created_at)"
      " VALUES (1, 'http', 'x', 'not json', 1)" },
    { "probe_samples",
      "INSERT INTO probe_samples (id, probe_id, sampled_at, state) VALUES (100, 100, 1, 'ok')",
      "UPDATE probe_samples SET state = 'failing' WHERE id = 100",
      "probe_samples WHERE id = 100 AND state = 'failing'",
      "INSERT INTO probe_samples (probe_id, sampled_at, state) VALUES (100, 1, 'meh')" },
    { "timeline",
      "INSERT INTO timeline (id, incident_id, occurred_at, kind, text)"
      " VALUES (100, 1, 1, 'note', 'x')",
      "UPDATE timeline SET pinned = 1 WHERE id = 100",
      "timeline WHERE id = 100 AND pinned = 1",
      "INSERT INTO timeline (incident_id, occurred_at, kind, text) VALUES (1, 1, '', 'x')" },
    { "status_updates",
      "INSERT INTO status_updates (id, incident_id, status, what_we_see, action, message,"
      " created_at) VALUES (100, 1, 'investigating', '500s', 'rolling back', 'm', 1)",
      "UPDATE status_updates SET next_update_minutes = 3 WHERE id = 100",
      "status_updates WHERE id = 100 AND next_update_minutes = 3",
      "INSERT INTO status_updates (incident_id, status, what_we_see, action, message,"
      " created_at, next_update_minutes) VALUES (1, 'investigating', 'a', 'b', 'm', 1, 0)" },
    { "actions",
      "INSERT INTO actions (id, incident_id, text, reversible, created_at)"
      " VALUES (100, 1, 'roll back', 1, 1)",
      "UPDATE actions SET state = 'taken' WHERE id = 100",
      "actions WHERE id = 100 AND state = 'taken'",
      "INSERT INTO actions (incident_id, text, reversible, created_at) VALUES (1, ' ', 1, 1)" },
    { "postmortem",
      "INSERT INTO postmortem (incident_id, summary, updated_at) VALUES (1, 's', 1)",
      "UPDATE postmortem SET root_cause = 'pool size' WHERE incident_id = 1",
      "postmortem WHERE incident_id = 1 AND root_cause = 'pool size'",
      "INSERT INTO postmortem (incident_id, updated_at) VALUES (1, 2)" },
    { "whys",
      "INSERT INTO whys (id, incident_id, position, question) VALUES (100, 1, 1, 'why?')",
      "UPDATE whys SET answer = 'because' WHERE id = 100",
      "whys WHERE id = 100 AND answer = 'because'",
      "INSERT INTO whys (incident_id, position) VALUES (1, 1)" },
    { "action_items",
      "INSERT INTO action_items (id, incident_id, text, kind, due_date, created_at)"
      " VALUES (100, 1, 'alert on pool usage', 'monitoring', '2026-12-05', 1)",
      "UPDATE action_items SET done = 1 WHERE id = 100",
      "action_items WHERE id = 100 AND done = 1",
      "INSERT INTO action_items (incident_id, text, due_date, created_at)"
      " VALUES (1, 'x', 'next week', 1)" },
  };

  g_assert_cmpint (ic_incident_get_id (fx->incident), ==, 1);
  /* Insert and update everything first (evidence needs its hypothesis,
   * samples their probe), then delete in reverse. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *all = g_strdup_printf ("%s", cases[i].table);
      gint64 before = count (db, all);

      g_test_message ("table %s", cases[i].table);
      exec_ok (db, cases[i].insert);
      g_assert_cmpint (count (db, all), ==, before + 1);
      exec_ok (db, cases[i].update);
      g_assert_cmpint (count (db, cases[i].check), ==, 1);
      g_assert_cmpint (exec_rc (db, cases[i].bad), ==, SQLITE_CONSTRAINT);
    }
  for (guint i = G_N_ELEMENTS (cases); i > 0; i--)
    {
      g_autofree char *del = g_strdup_printf ("DELETE FROM %s", cases[i - 1].check);

      exec_ok (db, del);
      g_assert_cmpint (count (db, cases[i - 1].check), ==, 0);
    }
}

static void
test_cascades (StoreFixture  *fx,
               gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(GError) error = NULL;
  const char *tables[] = { "changes", "decision_checks", "hypotheses", "evidence", "probes",
                           "probe_samples", "timeline", "status_updates", "actions",
                           "postmortem", "whys", "action_items" };

  exec_ok (db,
           "INSERT INTO changes (incident_id, kind, description, changed_at, created_at)"
           "  VALUES (1, 'dns', 'moved', 1, 1);"
           "INSERT INTO decision_checks (incident_id, step) VALUES (1, 1);"
           "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
           "  VALUES (7, 1, 1, 'pool exhausted', 'likely', 1);"
           "INSERT INTO evidence (hypothesis_id, stance, text, created_at)"
           "  VALUES (7, 'for', 'x', 1);"
           "INSERT INTO probes (id, incident_id, kind, name, created_at)"
           "  VALUES (8, 1, 'redis', 'sessions', 1);"
           "INSERT INTO probe_samples (id, probe_id, sampled_at, state) VALUES (9, 8, 1, 'ok');"
           "INSERT INTO evidence (hypothesis_id, stance, text, probe_sample_id, created_at)"
           "  VALUES (7, 'against', 'y', 9, 1);"
           "INSERT INTO status_updates (incident_id, status, what_we_see, action, message,"
           "  created_at) VALUES (1, 'mitigating', 'a', 'b', 'm', 1);"
           "INSERT INTO actions (incident_id, text, reversible, created_at)"
           "  VALUES (1, 'roll back', 1, 1);"
           "INSERT INTO postmortem (incident_id, summary, updated_at) VALUES (1, 'pool', 1);"
           "INSERT INTO whys (incident_id, position) VALUES (1, 1);"
           "INSERT INTO action_items (incident_id, text, created_at) VALUES (1, 'alert', 1);");

  /* A sample that ages out leaves the evidence, without the link. */
  exec_ok (db, "DELETE FROM probe_samples WHERE id = 9");
  g_assert_cmpint (count (db, "evidence WHERE probe_sample_id IS NULL"), ==, 2);
  /* A change for an incident that does not exist is refused. */
  g_assert_cmpint (exec_rc (db, "INSERT INTO changes (incident_id, kind, description,"
                                " changed_at, created_at) VALUES (42, 'dns', 'x', 1, 1)"),
                   ==, SQLITE_CONSTRAINT);

  g_assert_true (ic_store_delete_incident (fx->store, fx->incident, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (count (db, tables[i]), ==, 0);
    }
  g_assert_cmpint (count (db, "incidents"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 0);
  g_assert_cmpint (count (db, "search_incidents WHERE search_incidents MATCH 'checkout'"),
                   ==, 0);
}

static void
test_sample_retention (StoreFixture  *fx,
                       gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);

  exec_ok (db, "INSERT INTO probes (id, incident_id, kind, name, retention, created_at)"
               " VALUES (1, 1, 'tcp', 'db', 5, 1)");
  for (int i = 0; i < 8; i++)
    exec_ok (db, "INSERT INTO probe_samples (probe_id, sampled_at, state) VALUES (1, 1, 'ok')");
  g_assert_cmpint (count (db, "probe_samples"), ==, 5);
  g_assert_cmpint (pragma (db, "SELECT min(id) FROM probe_samples"), ==, 4);
}

/* Migrations and bad files ------------------------------------------------ */

typedef struct
{
  char *dir;
  char *path;
} FileFixture;

static void
file_setup (FileFixture   *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "incidents.db", NULL);
}

static void
file_teardown (FileFixture   *fx,
               gconstpointer  data)
{
  ic_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
make_raw_db (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, sql);
  sqlite3_close (db);
}

static void
assert_refused_untouched (FileFixture  *fx,
                          int           code,
                          const char   *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  gsize before_len = 0, after_len = 0;
  g_autofree char *before = read_bytes (fx->path, &before_len);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);

  store = ic_store_open (fx->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fx->path));
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
  after = read_bytes (fx->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static guint
count_backups (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, ".backup");
  return n;
}

static void
test_migrate_v0_to_latest (FileFixture   *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", IC_STORE_APPLICATION_ID);
  sqlite3 *backup = NULL;
  const char *backup_path;

  make_raw_db (fx->path, sql);
  store = ic_store_open (fx->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma (_ic_store_get_db (store), "PRAGMA user_version"), ==, 8);
  g_assert_cmpint (count (_ic_store_get_db (store), "sqlite_master WHERE name = 'incidents'"),
                   ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store),
                          "sqlite_master WHERE name IN ('incidents_open_in_list',"
                          " 'incidents_resolved_in_list')"), ==, 2);
  g_assert_cmpint (count (_ic_store_get_db (store), "sqlite_master WHERE name = 'drills'"),
                   ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store), "sqlite_master WHERE name = 'drill_pauses'"),
                   ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store),
                          "sqlite_master WHERE name = 'change_sources'"), ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store),
                          "pragma_table_info('probes') WHERE name = 'awaiting_confirmation'"),
                   ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store), "sqlite_master WHERE name = 'search_events'"),
                   ==, 1);
  g_assert_cmpint (count (_ic_store_get_db (store),
                          "sqlite_master WHERE name = 'search_event_blocks'"), ==, 1);
  backup_path = ic_store_get_backup_path (store);
  g_assert_nonnull (backup_path);
  g_assert_true (g_str_has_prefix (backup_path, fx->path));
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (sqlite3_open_v2 (backup_path, &backup, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (pragma (backup, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (pragma (backup, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);
  sqlite3_close (backup);
  ic_store_close (store);

  /* Opening the migrated file again migrates nothing and backs up nothing. */
  g_clear_object (&store);
  store = ic_store_open (fx->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ic_store_get_backup_path (store));
  g_assert_cmpuint (count_backups (fx->dir), ==, 1);
  ic_store_close (store);
}

/* A version 1 file with probes: each keeps its row and runs as before
 * (none awaits confirmation), and a waiting probe can never be enabled. */
static void
test_migrate_v1_to_v2 (FileFixture   *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autofree char *sql = g_strdup_printf (
    "%s PRAGMA application_id = %d; PRAGMA user_version = 1;"
    " INSERT INTO incidents (id, title, created_at, updated_at, alert_time)"
    "  VALUES (1, 'Checkout down', 1, 1, 1);"
    " INSERT INTO probes (id, incident_id, kind, name, config, enabled, created_at) VALUES"
    "  (1, 1, 'http', 'health', '{\"spec\": \"https://checkout.example/health\"}', 1, 1),"
    "  (2, 1, 'tcp', 'db', '{\"spec\": \"tcp://db:5432\"}', 0, 1);",
    _ic_store_migrations[0], IC_STORE_APPLICATION_ID);
  sqlite3 *db;
  sqlite3 *backup = NULL;

  make_raw_db (fx->path, sql);
  store = ic_store_open (fx->path, NULL, &error);
  g_assert_no_error (error);
  db = _ic_store_get_db (store);
  /* On to the latest version: v3 adds the drills, v4 their pauses, v5
   * the change sources, v6 and v7 the timeline's new search indexes, v8
   * the list's indexes, touching no probe. */
  g_assert_cmpint (pragma (db, "PRAGMA user_version"), ==, 8);
  g_assert_cmpint (count (db, "change_sources"), ==, 0);
  g_assert_cmpint (count (db, "drills"), ==, 0);
  g_assert_cmpint (count (db, "drill_pauses"), ==, 0);
  g_assert_cmpint (count (db, "probes"), ==, 2);
  g_assert_cmpint (count (db, "probes WHERE awaiting_confirmation = 0"), ==, 2);
  g_assert_cmpint (pragma (db, "SELECT enabled FROM probes WHERE id = 1"), ==, 1);
  g_assert_cmpint (pragma (db, "SELECT enabled FROM probes WHERE id = 2"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT json_extract(config, '$.spec') = 'tcp://db:5432'"
                               " FROM probes WHERE id = 2"), ==, 1);
  g_assert_cmpint (exec_rc (db, "UPDATE probes SET awaiting_confirmation = 1 WHERE id = 1"),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (db, "UPDATE probes SET awaiting_confirmation = 1 WHERE id = 2"),
                   ==, SQLITE_OK);
  g_assert_cmpint (exec_rc (db, "UPDATE probes SET enabled = 1 WHERE id = 2"),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_open_v2 (ic_store_get_backup_path (store), &backup,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (pragma (backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (count (backup, "probes"), ==, 2);
  sqlite3_close (backup);
  ic_store_close (store);
}

static void
test_newer_schema_refused (FileFixture   *fx,
                           gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 99;"
                                          " CREATE TABLE future (x)", IC_STORE_APPLICATION_ID);

  make_raw_db (fx->path, sql);
  assert_refused_untouched (fx, IC_STORE_ERROR_NEWER_SCHEMA, "newer");
  g_assert_cmpuint (count_backups (fx->dir), ==, 0);
}

static void
test_foreign_refused (FileFixture   *fx,
                      gconstpointer  data)
{
  make_raw_db (fx->path, "CREATE TABLE groceries (item TEXT); INSERT INTO groceries VALUES ('x')");
  assert_refused_untouched (fx, IC_STORE_ERROR_NOT_OURS, NULL);
  g_remove (fx->path);
  make_raw_db (fx->path, "PRAGMA application_id = 1234");
  assert_refused_untouched (fx, IC_STORE_ERROR_NOT_OURS, NULL);
}

static void
test_corrupt_refused (FileFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GString) header = g_string_new_len ("SQLite format 3\0", 16);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 1024; i++)
    g_string_append (garbage, "garbage\n");
  g_file_set_contents (fx->path, garbage->str, (gssize) garbage->len, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fx, IC_STORE_ERROR_CORRUPT, "not a database");

  for (int i = 0; i < 512; i++)
    g_string_append (header, "\xff\x01garbage");
  g_file_set_contents (fx->path, header->str, (gssize) header->len, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fx, IC_STORE_ERROR_CORRUPT, NULL);
}

static void
test_unreadable_paths (FileFixture   *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autofree char *under_file = NULL;

  g_assert_cmpint (g_mkdir (fx->path, 0700), ==, 0);
  store = ic_store_open (fx->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fx->path));
  g_clear_error (&error);
  g_rmdir (fx->path);

  g_file_set_contents (fx->path, "", 0, &error);
  g_assert_no_error (error);
  under_file = g_build_filename (fx->path, "x.db", NULL);
  store = ic_store_open (under_file, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, under_file));
}

static void
test_read_only (FileFixture   *fx,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcStore) store = NULL;

      /* As root, permissions do not bind: become nobody, as users are. */
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("cannot drop privileges");
      store = ic_store_open (g_getenv ("IC_TEST_DB"), NULL, &error);
      g_assert_null (store);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_READ_ONLY);
      g_print ("%s\n", error->message);
      return;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcStore) store = ic_store_open (fx->path, NULL, &error);
      g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (fx->path, "-shm", NULL);
      gsize before_len = 0, after_len = 0;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_assert_no_error (error);
      ic_store_close (store);
      g_remove (wal);
      g_remove (shm);
      before = read_bytes (fx->path, &before_len);
      g_assert_cmpint (g_chmod (fx->path, 0444), ==, 0);
      g_assert_cmpint (g_chmod (fx->dir, 0555), ==, 0);
      g_setenv ("IC_TEST_DB", fx->path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*read-only*");
      after = read_bytes (fx->path, &after_len);
      g_assert_cmpmem (before, before_len, after, after_len);
    }
}

static void
test_locked (FileFixture   *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (fx->path, NULL, &error);
  g_autoptr(IcStore) second = NULL;
  sqlite3 *other;

  g_assert_no_error (error);
  ic_store_close (store);
  other = open_raw (fx->path);
  exec_ok (other, "BEGIN IMMEDIATE; INSERT INTO incidents (title, created_at, updated_at,"
                  " alert_time) VALUES ('held', 1, 1, 1)");
  second = ic_store_open (fx->path, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, fx->path));
  exec_ok (other, "ROLLBACK");
  sqlite3_close (other);
}

/* Search ----------------------------------------------------------------- */

static guint
n_results (IcStore    *store,
           const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = ic_store_search (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return g_list_model_get_n_items (results);
}

static void
test_search (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) cafe = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(IcIncident) found = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  const char *hostile[] = { "\"", "AND", "*", "-", "(", "title:", "checkout\" OR \"x",
                            "NEAR(a b)", "^", "''", "\\", "%", "a AND (", "{title}: x" };

  cafe = ic_store_create_incident (fx->store, "Café latency", "Payments-EU", IC_SEVERITY_SEV3,
                                   IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_incident_set_notes (cafe, "pool exhausted on redis-7");

  results = ic_store_search (fx->store, "checkout", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  found = g_list_model_get_item (results, 0);
  g_assert_true (found == fx->incident);   /* the same instance as the list's */

  g_assert_cmpuint (n_results (fx->store, "check"), ==, 1);        /* prefix */
  g_assert_cmpuint (n_results (fx->store, "CAFE"), ==, 1);         /* case, diacritics */
  g_assert_cmpuint (n_results (fx->store, "payments"), ==, 1);     /* service */
  g_assert_cmpuint (n_results (fx->store, "exhausted"), ==, 1);    /* notes, unsaved yet */
  g_assert_cmpuint (n_results (fx->store, "cafe pool"), ==, 1);    /* every word */
  g_assert_cmpuint (n_results (fx->store, "cafe checkout"), ==, 0);
  g_assert_cmpuint (n_results (fx->store, ""), ==, 2);
  g_assert_cmpuint (n_results (fx->store, "   "), ==, 2);

  ic_incident_set_title (cafe, "Tea latency");
  g_assert_cmpuint (n_results (fx->store, "cafe"), ==, 0);
  g_assert_cmpuint (n_results (fx->store, "tea"), ==, 1);

  note = ic_store_add_note (fx->store, fx->incident, "saw OOMKilled in pod", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_results (fx->store, "oomkilled"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_test_message ("query %s", hostile[i]);
      (void) n_results (fx->store, hostile[i]);
    }

  g_assert_true (ic_store_delete_incident (fx->store, cafe, &error));
  g_assert_cmpuint (n_results (fx->store, "tea"), ==, 0);
}

/* Another program writing the same file ----------------------------------- */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n)
{
  (*n)++;
}

static void
test_refresh (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) other = ic_store_open (fx->path, fx->clock, &error);
  g_autoptr(IcIncident) from_cli = NULL;
  IcIncident *mirror;
  guint changed = 0;

  g_assert_no_error (error);
  g_signal_connect (ic_store_get_incidents (fx->store), "items-changed",
                    G_CALLBACK (items_changed_cb), &changed);
  from_cli = ic_store_create_incident (other, "From the CLI", NULL, IC_SEVERITY_SEV2,
                                       IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  mirror = ic_store_lookup_incident (other, ic_incident_get_id (fx->incident));
  ic_incident_set_title (mirror, "Renamed elsewhere");
  g_assert_true (ic_store_flush (other, &error));

  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 2);
  g_assert_nonnull (ic_store_lookup_incident (fx->store, ic_incident_get_id (from_cli)));
  g_assert_cmpstr (ic_incident_get_title (fx->incident), ==, "Renamed elsewhere");
  /* Nothing new: refresh is a no-op. */
  changed = 0;
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_cmpuint (changed, ==, 0);
  g_signal_handlers_disconnect_by_func (ic_store_get_incidents (fx->store), items_changed_cb,
                                        &changed);
  ic_store_close (other);
}

static gboolean
timeline_has_text (GListModel *timeline,
                   const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_strcmp0 (ic_timeline_event_get_text (event), text) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The statements of a responder's path are compiled once per connection:
 * a second timeline event, hypothesis, answer and incident compile
 * nothing, and read back as written. */
static void
test_cached_statements_reused (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) first = NULL;
  g_autoptr(IcTimelineEvent) second = NULL;
  g_autoptr(IcHypothesis) h1 = NULL;
  g_autoptr(IcHypothesis) h2 = NULL;
  g_autoptr(IcIncident) other = NULL;
  IcDecisionCheck *check;
  GListModel *timeline;
  guint compiled;

  first = ic_store_add_timeline_event (fx->store, fx->incident, "note", "first", NULL, &error);
  g_assert_no_error (error);
  h1 = ic_store_add_hypothesis (fx->store, fx->incident, "Pool exhausted", IC_LIKELIHOOD_LIKELY,
                                NULL, &error);
  g_assert_no_error (error);
  check = g_list_model_get_item (ic_store_get_decision_checks (fx->store, fx->incident), 0);
  g_assert_true (ic_store_answer_decision_check (fx->store, check, IC_CHECK_ANSWER_YES, "all",
                                                 &error));
  g_assert_no_error (error);
  compiled = _ic_store_get_n_prepared (fx->store);
  g_assert_cmpuint (compiled, >, 0);

  second = ic_store_add_timeline_event (fx->store, fx->incident, "note", "second", NULL, &error);
  g_assert_no_error (error);
  h2 = ic_store_add_hypothesis (fx->store, fx->incident, "Bad deploy", IC_LIKELIHOOD_WILD_CARD,
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_answer_decision_check (fx->store, check, IC_CHECK_ANSWER_NO, "",
                                                 &error));
  g_assert_no_error (error);
  other = ic_store_create_incident (fx->store, "Second", NULL, IC_SEVERITY_SEV3,
                                    IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), ==, compiled);
  g_object_unref (check);

  g_assert_cmpint (ic_timeline_event_get_id (second), >, ic_timeline_event_get_id (first));
  g_assert_cmpint (ic_hypothesis_get_rank (h2), ==, 2);
  store_fixture_reopen (fx);
  timeline = ic_store_get_timeline (fx->store, fx->incident);
  g_assert_true (timeline_has_text (timeline, "first"));
  g_assert_true (timeline_has_text (timeline, "second"));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_hypotheses (fx->store, fx->incident)),
                    ==, 2);
  check = g_list_model_get_item (ic_store_get_decision_checks (fx->store, fx->incident), 0);
  g_assert_cmpint (ic_decision_check_get_answer (check), ==, IC_CHECK_ANSWER_NO);
  g_object_unref (check);
}

/* A statement lent twice at once: the nested caller gets one of its own,
 * and neither disturbs the other's bindings or rows. Once both are back,
 * no statement of the connection is left mid-read. */
static void
test_cached_statements_nested (StoreFixture  *fx,
                               gconstpointer  data)
{
  const char *sql = "SELECT value FROM json_each ('[1, 2, 3]') WHERE value >= ?1";
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  guint compiled = _ic_store_get_n_prepared (fx->store);

  {
    g_auto (IcStoreStmt) outer = { 0 };

    g_assert_true (_ic_store_cached (fx->store, sql, &outer, &error));
    g_assert_no_error (error);
    g_assert_nonnull (outer.in_use);
    sqlite3_bind_int (outer.stmt, 1, 2);
    g_assert_cmpint (sqlite3_step (outer.stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (outer.stmt, 0), ==, 2);
    {
      g_auto (IcStoreStmt) inner = { 0 };

      g_assert_true (_ic_store_cached (fx->store, sql, &inner, &error));
      g_assert_no_error (error);
      g_assert_null (inner.in_use);
      g_assert_true (inner.stmt != outer.stmt);
      sqlite3_bind_int (inner.stmt, 1, 1);
      g_assert_cmpint (sqlite3_step (inner.stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (inner.stmt, 0), ==, 1);
    }
    g_assert_cmpint (sqlite3_step (outer.stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (outer.stmt, 0), ==, 3);
  }
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), ==, compiled + 2);

  {
    g_auto (IcStoreStmt) again = { 0 };

    g_assert_true (_ic_store_cached (fx->store, sql, &again, &error));
    g_assert_nonnull (again.in_use);
    /* Reset with its bindings cleared: NULL matches no row. */
    g_assert_cmpint (sqlite3_step (again.stmt), ==, SQLITE_DONE);
  }
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), ==, compiled + 2);
  while ((stmt = sqlite3_next_stmt (db, stmt)) != NULL)
    g_assert_false (sqlite3_stmt_busy (stmt));
}

/* The look-up of an alert's open incident stops at its first row: the
 * statement lent for it is reset, so no read stays open on the
 * connection (it would pin the WAL and hide other writers' changes). */
static void
test_cached_statements_no_open_read (StoreFixture  *fx,
                                     gconstpointer  data)
{
  g_autoptr(IcAlert) alert = ic_test_load_alert ("alertmanager-firing.json");
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);
  sqlite3_stmt *stmt = NULL;
  guint compiled;

  incident = ic_store_create_incident_from_alert (fx->store, alert, NULL, &error);
  g_assert_no_error (error);
  compiled = _ic_store_get_n_prepared (fx->store);
  for (int i = 0; i < 2; i++)
    g_assert_true (ic_store_find_alert_incident (fx->store, alert) == incident);
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), ==, compiled);
  g_assert_true (sqlite3_get_autocommit (db));
  while ((stmt = sqlite3_next_stmt (db, stmt)) != NULL)
    g_assert_false (sqlite3_stmt_busy (stmt));
}

/* Compiled ahead, the statements of a new incident's first minutes are
 * all there when they come: from an alert, the facts, the checks, three
 * hypotheses, the parts the view shows, a save. On a closed store,
 * nothing is compiled and the error says so. */
static void
test_prepared_ahead (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(IcAlert) alert = ic_test_load_alert ("alertmanager-firing.json");
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autoptr(IcDecisionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  static const IcLikelihood likelihoods[] = {
    IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_POSSIBLE, IC_LIKELIHOOD_WILD_CARD,
  };
  guint compiled;

  store_fixture_reopen (fx);
  compiled = _ic_store_get_n_prepared (fx->store);
  g_assert_true (ic_store_prepare_ahead (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), >, compiled);
  compiled = _ic_store_get_n_prepared (fx->store);

  incident = ic_store_create_incident_from_alert (fx->store, alert, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_find_alert_incident (fx->store, alert) == incident);
  g_assert_nonnull (ic_store_get_timeline (fx->store, incident));
  g_assert_nonnull (ic_store_get_changes (fx->store, incident));
  g_assert_nonnull (ic_store_get_probes (fx->store, incident));
  ic_incident_set_title (incident, "Checkout 5xx above 2 %");
  g_object_set (incident, "blast-radius", "EU checkout", NULL);
  event = ic_store_add_timeline_event (fx->store, incident, "note", "last good at 14:02", NULL,
                                       &error);
  g_assert_no_error (error);
  check = g_list_model_get_item (ic_store_get_decision_checks (fx->store, incident), 0);
  g_assert_true (ic_store_answer_decision_check (fx->store, check, IC_CHECK_ANSWER_YES, "all",
                                                 &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (likelihoods); i++)
    {
      g_autofree char *text = g_strdup_printf ("Hypothesis %u", i + 1);
      g_autoptr(IcHypothesis) hypothesis = NULL;

      hypothesis = ic_store_add_hypothesis (fx->store, incident, text, likelihoods[i], NULL,
                                            &error);
      g_assert_no_error (error);
    }
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), ==, compiled);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_hypotheses (fx->store, incident)),
                    ==, 3);

  g_clear_object (&fx->incident);
  g_clear_object (&event);
  g_clear_object (&check);
  g_clear_object (&incident);
  ic_store_close (fx->store);
  g_assert_false (ic_store_prepare_ahead (fx->store, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "closed"));
}

/* Bad SQL is an error, not a cached statement. */
static void
test_cached_statements_error (StoreFixture  *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto (IcStoreStmt) lent = { 0 };

  g_assert_false (_ic_store_cached (fx->store, "SELECT FROM nowhere", &lent, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED);
  g_assert_null (lent.stmt);
  g_clear_error (&error);
  g_assert_false (_ic_store_cached (fx->store, "SELECT FROM nowhere", &lent, &error));
  g_assert_nonnull (error);
}

/* Closing finalizes the kept statements: the connection really closes,
 * so it checkpoints and removes the WAL (a statement left over would keep
 * it open as a zombie, and the WAL on disk). */
static void
test_cached_statements_closed (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);

  event = ic_store_add_timeline_event (fx->store, fx->incident, "note", "kept", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (_ic_store_get_n_prepared (fx->store), >, 0);
  g_clear_object (&fx->incident);
  ic_store_close (fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
#define ADD_FILE(path, fn) g_test_add (path, FileFixture, NULL, file_setup, fn, file_teardown)
  g_test_add_func ("/ic/store/new-destroy", test_new_destroy);
  ADD ("/ic/store/open/pragmas", test_pragmas);
  ADD ("/ic/store/open/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/ic/store/open/release-memory", test_release_memory);
  ADD ("/ic/store/create/validates", test_create_validates);
  ADD ("/ic/store/list/open-first-newest-first", test_sorted_open_first);
  ADD ("/ic/store/autosave/notify-once", test_notify_once);
  ADD ("/ic/store/autosave/visible-elsewhere", test_autosave_visible_elsewhere);
  ADD ("/ic/store/autosave/close-flushes", test_close_flushes);
  ADD ("/ic/store/autosave/blank-title", test_blank_title_not_saved);
  ADD ("/ic/store/tables/round-trip", test_every_table);
  ADD ("/ic/store/tables/cascades", test_cascades);
  ADD ("/ic/store/tables/sample-retention", test_sample_retention);
  ADD_FILE ("/ic/store/migrate/v0-to-latest", test_migrate_v0_to_latest);
  ADD_FILE ("/ic/store/migrate/v1-to-v2", test_migrate_v1_to_v2);
  ADD_FILE ("/ic/store/open/newer-schema", test_newer_schema_refused);
  ADD_FILE ("/ic/store/open/foreign", test_foreign_refused);
  ADD_FILE ("/ic/store/open/corrupt", test_corrupt_refused);
  ADD_FILE ("/ic/store/open/unreadable-path", test_unreadable_paths);
  ADD_FILE ("/ic/store/open/read-only", test_read_only);
  ADD_FILE ("/ic/store/open/locked", test_locked);
  ADD ("/ic/store/search", test_search);
  ADD ("/ic/store/refresh", test_refresh);
  ADD ("/ic/store/cached/reused", test_cached_statements_reused);
  ADD ("/ic/store/cached/nested", test_cached_statements_nested);
  ADD ("/ic/store/cached/no-open-read", test_cached_statements_no_open_read);
  ADD ("/ic/store/cached/error", test_cached_statements_error);
  ADD ("/ic/store/cached/closed", test_cached_statements_closed);
  ADD ("/ic/store/cached/prepared-ahead", test_prepared_ahead);
#undef ADD
#undef ADD_FILE

  return g_test_run ();
}
