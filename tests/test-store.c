/* test-store.c — the store as a specification: the file and its pragmas,
 * creating and listing incidents, autosave, every table of the schema with
 * its constraints and cascades, migrations, refusal of files that are not
 * ours (newer, foreign, corrupt, unreadable, read-only, locked), full-text
 * search, the timeline and refreshing from another connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-enum-types.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "ic-store-private.h"
#include "ic-store.h"

/* 2026-11-28T08:00:00Z */
#define START_US G_GINT64_CONSTANT (1795852800000000)
#define MINUTE_US (60 * G_USEC_PER_SEC)

/* Fixture ------------------------------------------------------------------ */

typedef struct
{
  char    *dir;     /* a fresh temporary folder, 0755 so "nobody" can enter it */
  char    *path;    /* <dir>/incidents.db */
  IcClock *clock;   /* manual, at START_US */
  IcStore *store;   /* open for store_setup, NULL for file_setup */
} Fixture;

static void
file_setup (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A child of g_test_trap_subprocess() works on its parent's files. */
  if (g_test_subprocess ())
    return;
  fx->dir = g_dir_make_tmp ("ic-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fx->dir, 0755), ==, 0);
  fx->path = g_build_filename (fx->dir, "incidents.db", NULL);
  fx->clock = ic_clock_new_manual (START_US);
}

static void
store_setup (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  file_setup (fx, data);
  if (g_test_subprocess ())
    return;
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->store);
}

/* Removes @path and everything below it, restoring permissions first. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        {
          g_chmod (child, 0600);
          g_remove (child);
        }
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->store != NULL)
    ic_store_close (fx->store);
  g_clear_object (&fx->store);
  g_clear_object (&fx->clock);
  if (fx->dir != NULL)
    {
      remove_tree (fx->dir);
      g_assert_false (g_file_test (fx->dir, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

/* Helpers ------------------------------------------------------------------ */

/* The first column of the first row of @sql, which must return a row. */
static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The first column of the first row of @sql as text; NULL if there is no
 * row or the value is NULL. */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  g_assert_cmpint (rc, ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
count_rows (sqlite3    *db,
            const char *from_where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", from_where);

  return query_int (db, sql);
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Runs @sql, which must fail; returns the primary result code and stores the
 * extended one in @extended. */
static int
exec_fails (sqlite3    *db,
            const char *sql,
            int        *extended)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  g_assert_cmpint (rc, !=, SQLITE_OK);
  if (extended != NULL)
    *extended = sqlite3_extended_errcode (db);
  return rc & 0xff;
}

/* A second, plain connection to the same file, as another program has. */
static sqlite3 *
open_raw (const char *path,
          int         flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, flags, NULL), ==, SQLITE_OK);
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

/* Creates a file with the plain SQLite API, as another program would. */
static void
make_raw_db (const char *path,
             const char *sql)
{
  sqlite3 *db = open_raw (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  exec_ok (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            const char *contents,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
assert_bytes_equal (GBytes *before,
                    GBytes *after)
{
  gsize before_len = 0, after_len = 0;
  gconstpointer before_data = g_bytes_get_data (before, &before_len);
  gconstpointer after_data = g_bytes_get_data (after, &after_len);

  g_assert_cmpmem (before_data, before_len, after_data, after_len);
}

/* Files in @dir other than the database and SQLite's own companions. */
static guint
count_extra_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *ours[] = { "incidents.db", "incidents.db-wal", "incidents.db-shm",
                         "incidents.db-journal", NULL };
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!g_strv_contains (ours, name))
        {
          g_test_message ("extra file: %s", name);
          n++;
        }
    }
  return n;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_test_message ("“%s” does not contain “%s”", haystack, needle);
  g_assert_nonnull (haystack);
  g_assert_nonnull (strstr (haystack, needle));
}

/* Opening must fail with @code, name the file and leave its bytes alone. */
static void
assert_open_refused (Fixture    *fx,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GBytes) before = read_file (fx->path);
  g_autoptr(GBytes) after = NULL;

  store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  assert_contains (error->message, fx->path);
  after = read_file (fx->path);
  assert_bytes_equal (before, after);
  g_assert_cmpuint (count_extra_files (fx->dir), ==, 0);
}

static IcIncident *
create (Fixture    *fx,
        const char *title,
        const char *service)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident;

  incident = ic_store_create_incident (fx->store, title, service, IC_SEVERITY_SEV2,
                                       IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_assert_nonnull (incident);
  return incident;
}

static guint
find_in_model (GListModel *model,
               gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) it = g_list_model_get_item (model, i);

      if ((gpointer) it == item)
        return i;
    }
  return G_MAXUINT;
}

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
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *n)
{
  (*n)++;
}

/*
 * Asserts that setting @name to @value (different from the current value)
 * emits exactly one notify, and setting the same value again emits none.
 */
static void
assert_notifies_once (gpointer      object,
                      const char   *name,
                      const GValue *value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  g_autofree char *signal = g_strconcat ("notify::", name, NULL);
  g_auto(GValue) current = G_VALUE_INIT;
  guint n = 0;
  gulong id;

  g_test_message ("property %s", name);
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
  g_value_init (&current, pspec->value_type);
  g_object_get_property (object, name, &current);
  g_assert_cmpint (g_param_values_cmp (pspec, &current, value), !=, 0);

  id = g_signal_connect (object, signal, G_CALLBACK (notify_cb), &n);
  g_object_set_property (object, name, value);
  g_assert_cmpuint (n, ==, 1);
  g_object_set_property (object, name, value);
  g_assert_cmpuint (n, ==, 1);
  g_signal_handler_disconnect (object, id);

  g_value_reset (&current);
  g_object_get_property (object, name, &current);
  g_assert_cmpint (g_param_values_cmp (pspec, &current, value), ==, 0);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until the store has no pending edits, with a
 * guard timeout; never sleeps. Returns how long it took, in ms. */
static gint64
wait_for_autosave (IcStore *store)
{
  gboolean timed_out = FALSE;
  gint64 start = g_get_monotonic_time ();
  guint guard = g_timeout_add (IC_STORE_AUTOSAVE_DELAY_MS * 4 + 5000, flag_cb, &timed_out);

  while (ic_store_get_has_pending_changes (store) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (guard);
  return (g_get_monotonic_time () - start) / 1000;
}

/* Opening and the file ------------------------------------------------------ */

static void
test_new_destroy (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcStore *store = ic_store_open (fx->path, fx->clock, &error);

  g_assert_no_error (error);
  g_assert_true (IC_IS_STORE (store));
  ic_store_close (store);
  ic_store_close (store);   /* safe twice */
  g_assert_finalize_object (store);
}

static void
test_open_creates_file (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autofree char *nested = g_build_filename (fx->dir, "a", "b", "incidents.db", NULL);

  g_assert_false (g_file_test (nested, G_FILE_TEST_EXISTS));
  store = ic_store_open (nested, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (ic_store_get_path (store), ==, nested);
  g_assert_true (ic_store_get_clock (store) == fx->clock);
  g_assert_null (ic_store_get_backup_path (store));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (ic_store_get_incidents (store)) == IC_TYPE_INCIDENT);
  g_assert_false (ic_store_get_has_pending_changes (store));
  ic_store_close (store);
}

static void
test_open_pragmas (Fixture       *fx,
                   gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autofree char *mode = query_text (db, "PRAGMA journal_mode");
  sqlite3 *other = NULL;

  g_assert_nonnull (db);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), >, 0);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, IC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (IC_STORE_SCHEMA_VERSION, ==, 2);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);

  /* What is in the file, not only on this connection. */
  other = open_raw (fx->path, SQLITE_OPEN_READONLY);
  g_clear_pointer (&mode, g_free);
  mode = query_text (other, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (other, "PRAGMA user_version"), ==, IC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (other, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);
  sqlite3_close (other);
}

static void
test_open_reopen_keeps_data (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  IcIncident *again;
  gint64 id;

  incident = ic_store_create_incident (fx->store, "Checkout 500s", "checkout",
                                       IC_SEVERITY_SEV3, IC_CREATED_VIA_URI, &error);
  g_assert_no_error (error);
  id = ic_incident_get_id (incident);
  g_clear_object (&incident);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);

  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_null (ic_store_get_backup_path (fx->store));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 1);
  again = ic_store_lookup_incident (fx->store, id);
  g_assert_nonnull (again);
  g_assert_cmpstr (ic_incident_get_title (again), ==, "Checkout 500s");
  g_assert_cmpstr (ic_incident_get_service (again), ==, "checkout");
  g_assert_cmpint (ic_incident_get_severity (again), ==, IC_SEVERITY_SEV3);
  g_assert_cmpint (ic_incident_get_status (again), ==, IC_INCIDENT_STATUS_INVESTIGATING);
  g_assert_cmpint (ic_incident_get_created_via (again), ==, IC_CREATED_VIA_URI);
  g_assert_cmpint (ic_incident_get_created_at (again), ==, START_US);
  g_assert_cmpint (ic_incident_get_alert_time (again), ==, START_US);
}

/* Creating, listing, looking up --------------------------------------------- */

static void
test_create_defaults (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(IcIncident) listed = NULL;
  GListModel *incidents = ic_store_get_incidents (fx->store);
  sqlite3 *db = _ic_store_get_db (fx->store);
  gboolean found_created = FALSE;
  g_autofree char *where = NULL;

  incident = ic_store_create_incident (fx->store, "Elevated 500s on checkout", "checkout",
                                       IC_SEVERITY_SEV1, IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  g_assert_nonnull (incident);
  g_assert_cmpint (ic_incident_get_id (incident), >, 0);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Elevated 500s on checkout");
  g_assert_cmpstr (ic_incident_get_service (incident), ==, "checkout");
  g_assert_cmpint (ic_incident_get_severity (incident), ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_INVESTIGATING);
  g_assert_true (ic_incident_get_is_open (incident));
  g_assert_cmpint (ic_incident_get_created_via (incident), ==, IC_CREATED_VIA_CLI);
  g_assert_cmpint (ic_incident_get_created_at (incident), ==, START_US);
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, START_US);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));

  /* In the live list, as the very same object; and in the file. */
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 1);
  listed = g_list_model_get_item (incidents, 0);
  g_assert_true (listed == incident);
  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (incident)) == incident);
  where = g_strdup_printf ("incidents WHERE id = %" G_GINT64_FORMAT " AND severity = 'sev1'"
                           " AND status = 'investigating' AND created_via = 'cli'"
                           " AND created_at = %" G_GINT64_FORMAT,
                           ic_incident_get_id (incident), START_US);
  g_assert_cmpint (count_rows (db, where), ==, 1);

  /* The timeline says how it was created. */
  timeline = ic_store_list_timeline (fx->store, incident, &error);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_strcmp0 (ic_timeline_event_get_kind (event), IC_TIMELINE_KIND_CREATED) != 0)
        continue;
      found_created = TRUE;
      g_test_message ("created event: %s", ic_timeline_event_get_text (event));
      assert_contains (ic_timeline_event_get_text (event), "command line");
      g_assert_cmpint (ic_timeline_event_get_time (event), ==, START_US);
      g_assert_cmpint (ic_timeline_event_get_incident_id (event), ==,
                       ic_incident_get_id (incident));
    }
  g_assert_true (found_created);
}

static void
test_create_blank_title (Fixture       *fx,
                         gconstpointer  data)
{
  const char *blanks[] = { "", " ", " \t\n ", NULL };
  sqlite3 *db = _ic_store_get_db (fx->store);
  guint changed = 0;

  g_signal_connect (ic_store_get_incidents (fx->store), "items-changed",
                    G_CALLBACK (items_changed_cb), &changed);
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcIncident) incident = NULL;

      incident = ic_store_create_incident (fx->store, blanks[i], "svc", IC_SEVERITY_SEV2,
                                           IC_CREATED_VIA_APP, &error);
      g_assert_null (incident);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
    }
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 0);
  g_assert_cmpint (count_rows (db, "incidents"), ==, 0);
  g_assert_cmpint (count_rows (db, "timeline"), ==, 0);
  g_signal_handlers_disconnect_by_func (ic_store_get_incidents (fx->store), items_changed_cb,
                                        &changed);
}

static void
assert_order (GListModel *model,
              IcIncident *expected[],
              guint       n)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcIncident) item = g_list_model_get_item (model, i);

      if (item != expected[i])
        g_test_message ("position %u: got “%s”, expected “%s”", i, ic_incident_get_title (item),
                        ic_incident_get_title (expected[i]));
      g_assert_true (item == expected[i]);
    }
}

static void
test_list_sorted (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(IcIncident) a = NULL;
  g_autoptr(IcIncident) b = NULL;
  g_autoptr(IcIncident) c = NULL;
  g_autoptr(IcIncident) d = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  guint changed = 0;

  a = create (fx, "A oldest", NULL);
  ic_clock_advance (fx->clock, MINUTE_US);
  b = create (fx, "B", NULL);
  ic_clock_advance (fx->clock, MINUTE_US);
  c = create (fx, "C", NULL);
  d = create (fx, "D same time as C, higher id", NULL);   /* tie: higher id first */
  g_assert_cmpint (ic_incident_get_id (d), >, ic_incident_get_id (c));
  g_assert_cmpint (ic_incident_get_created_at (d), ==, ic_incident_get_created_at (c));

  {
    IcIncident *expected[] = { d, c, b, a };
    assert_order (list, expected, G_N_ELEMENTS (expected));
  }

  /* Resolving moves an incident below every open one, live. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  ic_incident_set_status (d, IC_INCIDENT_STATUS_RESOLVED);
  g_assert_cmpuint (changed, >, 0);
  g_assert_false (ic_incident_get_is_open (d));
  {
    IcIncident *expected[] = { c, b, a, d };
    assert_order (list, expected, G_N_ELEMENTS (expected));
  }
  ic_incident_set_status (b, IC_INCIDENT_STATUS_RESOLVED);
  {
    IcIncident *expected[] = { c, a, d, b };
    assert_order (list, expected, G_N_ELEMENTS (expected));
  }
  /* Other statuses are still open. */
  ic_incident_set_status (c, IC_INCIDENT_STATUS_MONITORING);
  {
    IcIncident *expected[] = { c, a, d, b };
    assert_order (list, expected, G_N_ELEMENTS (expected));
  }
  /* Reopening moves it back. */
  changed = 0;
  ic_incident_set_status (d, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpuint (changed, >, 0);
  {
    IcIncident *expected[] = { d, c, a, b };
    assert_order (list, expected, G_N_ELEMENTS (expected));
  }
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &changed);
}

static void
test_list_sorted_after_reopen (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) a = create (fx, "A", NULL);
  g_autoptr(IcIncident) b = NULL;
  g_autoptr(IcIncident) c = NULL;
  gint64 ids[3];
  GListModel *list;

  ic_clock_advance (fx->clock, MINUTE_US);
  b = create (fx, "B", NULL);
  ic_clock_advance (fx->clock, MINUTE_US);
  c = create (fx, "C", NULL);
  ic_incident_set_status (c, IC_INCIDENT_STATUS_RESOLVED);
  ids[0] = ic_incident_get_id (b);
  ids[1] = ic_incident_get_id (a);
  ids[2] = ic_incident_get_id (c);
  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);

  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  list = ic_store_get_incidents (fx->store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcIncident) item = g_list_model_get_item (list, i);
      g_assert_cmpint (ic_incident_get_id (item), ==, ids[i]);
    }
}

static void
test_lookup (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(IcIncident) a = create (fx, "A", NULL);
  g_autoptr(IcIncident) b = create (fx, "B", NULL);

  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (a)) == a);
  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (b)) == b);
  g_assert_null (ic_store_lookup_incident (fx->store, 0));
  g_assert_null (ic_store_lookup_incident (fx->store, -1));
  g_assert_null (ic_store_lookup_incident (fx->store, 99999));
}

/* Autosave ------------------------------------------------------------------ */

static void
test_autosave_notify_once (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", "checkout");
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "Payments down");
  assert_notifies_once (incident, "title", &value);
  g_value_set_string (&value, "payments");
  assert_notifies_once (incident, "service", &value);
  g_value_set_string (&value, "pool exhausted");
  assert_notifies_once (incident, "notes", &value);
  g_value_unset (&value);

  /* Enum properties hold their enum's type. */
  g_value_init (&value, IC_TYPE_SEVERITY);
  g_value_set_enum (&value, IC_SEVERITY_SEV4);
  assert_notifies_once (incident, "severity", &value);
  g_value_unset (&value);
  g_value_init (&value, IC_TYPE_INCIDENT_STATUS);
  g_value_set_enum (&value, IC_INCIDENT_STATUS_IDENTIFIED);
  assert_notifies_once (incident, "status", &value);
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, START_US - 5 * MINUTE_US);
  assert_notifies_once (incident, "alert-time", &value);
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  assert_notifies_once (incident, "drill", &value);
}

static void
test_autosave_same_value_not_pending (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", "checkout");
  guint n = 0;

  ic_incident_set_notes (incident, "n");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));

  g_signal_connect (incident, "notify", G_CALLBACK (notify_cb), &n);
  ic_incident_set_title (incident, "Checkout down");
  ic_incident_set_service (incident, "checkout");
  ic_incident_set_notes (incident, "n");
  ic_incident_set_severity (incident, IC_SEVERITY_SEV2);
  ic_incident_set_status (incident, IC_INCIDENT_STATUS_INVESTIGATING);
  ic_incident_set_alert_time (incident, START_US);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
  g_signal_handlers_disconnect_by_func (incident, notify_cb, &n);
}

static void
test_autosave_flush (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", "checkout");
  gint64 id = ic_incident_get_id (incident);
  gint64 alert = START_US - 7 * MINUTE_US;
  g_autofree char *sql = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  sqlite3 *other;
  IcIncident *again;

  ic_incident_set_title (incident, "Payments down");
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  ic_incident_set_service (incident, "payments");
  ic_incident_set_notes (incident, "pool exhausted on redis-7");
  ic_incident_set_severity (incident, IC_SEVERITY_SEV1);
  ic_incident_set_status (incident, IC_INCIDENT_STATUS_MITIGATING);
  ic_incident_set_alert_time (incident, alert);
  g_assert_true (ic_store_get_has_pending_changes (fx->store));

  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
  /* Flushing with nothing pending is fine too. */
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);

  other = open_raw (fx->path, SQLITE_OPEN_READONLY);
  sql = g_strdup_printf ("SELECT title || '|' || service || '|' || notes || '|' || severity"
                         " || '|' || status || '|' || alert_time FROM incidents WHERE id = %"
                         G_GINT64_FORMAT, id);
  row = query_text (other, sql);
  expected = g_strdup_printf ("Payments down|payments|pool exhausted on redis-7|sev1|mitigating|%"
                              G_GINT64_FORMAT, alert);
  g_assert_cmpstr (row, ==, expected);
  sqlite3_close (other);

  /* A new store on the same file, as after a restart. */
  g_clear_object (&incident);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  again = ic_store_lookup_incident (fx->store, id);
  g_assert_nonnull (again);
  g_assert_cmpstr (ic_incident_get_title (again), ==, "Payments down");
  g_assert_cmpstr (ic_incident_get_service (again), ==, "payments");
  g_assert_cmpstr (ic_incident_get_notes (again), ==, "pool exhausted on redis-7");
  g_assert_cmpint (ic_incident_get_severity (again), ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (ic_incident_get_status (again), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpint (ic_incident_get_alert_time (again), ==, alert);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
}

static void
test_autosave_debounced (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", "checkout");
  g_autofree char *where = g_strdup_printf ("incidents WHERE id = %" G_GINT64_FORMAT
                                            " AND title = 'Saved by itself'",
                                            ic_incident_get_id (incident));
  sqlite3 *other = open_raw (fx->path, SQLITE_OPEN_READONLY);
  gint64 waited_ms;

  ic_incident_set_title (incident, "Saved by itself");
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  waited_ms = wait_for_autosave (fx->store);
  g_test_message ("autosaved after %" G_GINT64_FORMAT " ms", waited_ms);
  g_assert_cmpint (count_rows (other, where), ==, 1);
  sqlite3_close (other);
}

static void
test_autosave_close_flushes (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", "checkout");
  g_autofree char *where = g_strdup_printf ("incidents WHERE id = %" G_GINT64_FORMAT
                                            " AND title = 'Written on close'"
                                            " AND notes = 'last words'",
                                            ic_incident_get_id (incident));
  sqlite3 *other;

  ic_incident_set_title (incident, "Written on close");
  ic_incident_set_notes (incident, "last words");
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  ic_store_close (fx->store);
  g_clear_object (&fx->store);

  other = open_raw (fx->path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (count_rows (other, where), ==, 1);
  sqlite3_close (other);
}

/* Every table --------------------------------------------------------------- */

/*
 * Each case runs against a store holding one incident created through the
 * API, whose id is 1. @prepare inserts what the new row depends on; @read
 * selects one text summary of the new row.
 */
typedef struct
{
  const char *table;
  const char *prepare;
  const char *insert;
  const char *read;
  const char *inserted;
  const char *update;
  const char *updated;
  const char *delete;
} TableCase;

static const TableCase table_cases[] = {
  { "incidents", NULL,
    "INSERT INTO incidents (id, title, service, created_at, updated_at, alert_time)"
    " VALUES (100, 'raw', 'db', 1, 2, 3)",
    "SELECT title || '|' || service || '|' || severity || '|' || status || '|' || alert_time"
    " FROM incidents WHERE id = 100",
    "raw|db|sev2|investigating|3",
    "UPDATE incidents SET title = 'cooked', severity = 'sev1', status = 'resolved',"
    " resolved_at = 9 WHERE id = 100",
    "cooked|db|sev1|resolved|3",
    "DELETE FROM incidents WHERE id = 100" },
  { "changes", NULL,
    "INSERT INTO changes (id, incident_id, kind, description, changed_at, created_at)"
    " VALUES (100, 1, 'deploy', 'v1.2.3', 5, 6)",
    "SELECT kind || '|' || description || '|' || reversible || '|'"
    " || ifnull(rolled_back_at, 'null') FROM changes WHERE id = 100",
    "deploy|v1.2.3|1|null",
    "UPDATE changes SET kind = 'feature-flag', rolled_back_at = 7 WHERE id = 100",
    "feature-flag|v1.2.3|1|7",
    "DELETE FROM changes WHERE id = 100" },
  { "decision_checks", "DELETE FROM decision_checks WHERE incident_id = 1 AND step = 3",
    "INSERT INTO decision_checks (incident_id, step) VALUES (1, 3)",
    "SELECT answer || '|' || note FROM decision_checks WHERE incident_id = 1 AND step = 3",
    "unanswered|",
    "UPDATE decision_checks SET answer = 'yes', note = 'deploy at 07:55', answered_at = 4"
    " WHERE incident_id = 1 AND step = 3",
    "yes|deploy at 07:55",
    "DELETE FROM decision_checks WHERE incident_id = 1 AND step = 3" },
  { "hypotheses", NULL,
    "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
    " VALUES (100, 1, 50, 'bad deploy', 'likely', 1)",
    "SELECT rank || '|' || text || '|' || likelihood || '|' || status FROM hypotheses"
    " WHERE id = 100",
    "50|bad deploy|likely|open",
    "UPDATE hypotheses SET status = 'confirmed', likelihood = 'wild-card' WHERE id = 100",
    "50|bad deploy|wild-card|confirmed",
    "DELETE FROM hypotheses WHERE id = 100" },
  { "evidence",
    "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
    " VALUES (100, 1, 50, 'bad deploy', 'likely', 1)",
    "INSERT INTO evidence (id, hypothesis_id, stance, text, created_at)"
    " VALUES (100, 100, 'for', 'errors started at deploy', 1)",
    "SELECT stance || '|' || text FROM evidence WHERE id = 100",
    "for|errors started at deploy",
    "UPDATE evidence SET stance = 'against' WHERE id = 100",
    "against|errors started at deploy",
    "DELETE FROM evidence WHERE id = 100" },
  { "probes", NULL,
    "INSERT INTO probes (id, incident_id, kind, name, config, created_at)"
    " VALUES (100, 1, 'http', 'health', '{\"url\":\"http://127.0.0.1/\"}', 1)",
    "SELECT kind || '|' || name || '|' || json_extract(config, '$.url') || '|' || enabled"
    " || '|' || retention FROM probes WHERE id = 100",
    "http|health|http://127.0.0.1/|1|2000",
    "UPDATE probes SET enabled = 0, config = '{\"url\":\"http://[::1]/\"}' WHERE id = 100",
    "http|health|http://[::1]/|0|2000",
    "DELETE FROM probes WHERE id = 100" },
  { "probe_samples",
    "INSERT INTO probes (id, service, kind, name, created_at) VALUES (100, 'db', 'tcp', 'pg', 1)",
    "INSERT INTO probe_samples (id, probe_id, sampled_at, state, latency_us)"
    " VALUES (100, 100, 1, 'ok', 1500)",
    "SELECT state || '|' || latency_us || '|' || detail FROM probe_samples WHERE id = 100",
    "ok|1500|",
    "UPDATE probe_samples SET state = 'failing', detail = 'connection refused' WHERE id = 100",
    "failing|1500|connection refused",
    "DELETE FROM probe_samples WHERE id = 100" },
  { "timeline", NULL,
    "INSERT INTO timeline (id, incident_id, occurred_at, kind, text)"
    " VALUES (100, 1, 1, 'note', 'rolled back')",
    "SELECT kind || '|' || text || '|' || pinned FROM timeline WHERE id = 100",
    "note|rolled back|0",
    "UPDATE timeline SET pinned = 1, text = 'rolled back v1.2.3' WHERE id = 100",
    "note|rolled back v1.2.3|1",
    "DELETE FROM timeline WHERE id = 100" },
  { "status_updates", NULL,
    "INSERT INTO status_updates (id, incident_id, status, what_we_see, action, message,"
    " created_at) VALUES (100, 1, 'investigating', '500s', 'rolling back', 'm', 1)",
    "SELECT status || '|' || what_we_see || '|' || ifnull(next_update_minutes, 'null')"
    " FROM status_updates WHERE id = 100",
    "investigating|500s|null",
    "UPDATE status_updates SET status = 'monitoring', next_update_minutes = 30 WHERE id = 100",
    "monitoring|500s|30",
    "DELETE FROM status_updates WHERE id = 100" },
  { "actions", NULL,
    "INSERT INTO actions (id, incident_id, text, reversible, created_at)"
    " VALUES (100, 1, 'roll back', 1, 1)",
    "SELECT text || '|' || state || '|' || reversible FROM actions WHERE id = 100",
    "roll back|planned|1",
    "UPDATE actions SET state = 'taken', taken_at = 2 WHERE id = 100",
    "roll back|taken|1",
    "DELETE FROM actions WHERE id = 100" },
  { "postmortem", "DELETE FROM postmortem WHERE incident_id = 1",
    "INSERT INTO postmortem (incident_id, summary, updated_at) VALUES (1, 'pool too small', 1)",
    "SELECT summary || '|' || root_cause FROM postmortem WHERE incident_id = 1",
    "pool too small|",
    "UPDATE postmortem SET root_cause = 'pool size', updated_at = 2 WHERE incident_id = 1",
    "pool too small|pool size",
    "DELETE FROM postmortem WHERE incident_id = 1" },
  { "whys", NULL,
    "INSERT INTO whys (id, incident_id, position, question) VALUES (100, 1, 50, 'why?')",
    "SELECT position || '|' || question || '|' || answer FROM whys WHERE id = 100",
    "50|why?|",
    "UPDATE whys SET answer = 'because' WHERE id = 100",
    "50|why?|because",
    "DELETE FROM whys WHERE id = 100" },
  { "action_items", NULL,
    "INSERT INTO action_items (id, incident_id, text, kind, due_date, created_at)"
    " VALUES (100, 1, 'alert on pool usage', 'monitoring', '2026-12-05', 1)",
    "SELECT text || '|' || kind || '|' || due_date || '|' || done FROM action_items"
    " WHERE id = 100",
    "alert on pool usage|monitoring|2026-12-05|0",
    "UPDATE action_items SET done = 1, owner = 'sam' WHERE id = 100",
    "alert on pool usage|monitoring|2026-12-05|1",
    "DELETE FROM action_items WHERE id = 100" },
};

static void
test_table_round_trip (Fixture       *fx,
                       gconstpointer  data)
{
  const TableCase *tc = data;
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) incident = create (fx, "Owner of every row", NULL);
  g_autofree char *value = NULL;

  g_assert_cmpint (ic_incident_get_id (incident), ==, 1);
  if (tc->prepare != NULL)
    exec_ok (db, tc->prepare);

  exec_ok (db, tc->insert);
  value = query_text (db, tc->read);
  g_assert_cmpstr (value, ==, tc->inserted);

  exec_ok (db, tc->update);
  g_clear_pointer (&value, g_free);
  value = query_text (db, tc->read);
  g_assert_cmpstr (value, ==, tc->updated);

  exec_ok (db, tc->delete);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  g_clear_pointer (&value, g_free);
  value = query_text (db, tc->read);
  g_assert_null (value);
}

/* Statements the schema must refuse with a CHECK constraint. */
typedef struct
{
  const char *name;
  const char *prepare;
  const char *sql;
} CheckCase;

static const CheckCase check_cases[] = {
  { "incidents-severity", NULL,
    "INSERT INTO incidents (title, severity, created_at, updated_at, alert_time)"
    " VALUES ('x', 'sev9', 1, 1, 1)" },
  { "incidents-severity-update", NULL, "UPDATE incidents SET severity = 'sev0' WHERE id = 1" },
  { "incidents-status", NULL,
    "INSERT INTO incidents (title, status, created_at, updated_at, alert_time)"
    " VALUES ('x', 'done', 1, 1, 1)" },
  { "incidents-blank-title", NULL,
    "INSERT INTO incidents (title, created_at, updated_at, alert_time) VALUES ('  ', 1, 1, 1)" },
  { "incidents-created-via", NULL,
    "INSERT INTO incidents (title, created_via, created_at, updated_at, alert_time)"
    " VALUES ('x', 'fax', 1, 1, 1)" },
  { "incidents-error-rate", NULL, "UPDATE incidents SET error_rate = 1.5 WHERE id = 1" },
  { "changes-kind", NULL,
    "INSERT INTO changes (incident_id, kind, description, changed_at, created_at)"
    " VALUES (1, 'yolo', 'x', 1, 1)" },
  { "decision-checks-step", NULL, "INSERT INTO decision_checks (incident_id, step) VALUES (1, 5)" },
  { "decision-checks-answer", NULL,
    "INSERT OR REPLACE INTO decision_checks (incident_id, step, answer) VALUES (1, 2, 'maybe')" },
  { "hypotheses-likelihood", NULL,
    "INSERT INTO hypotheses (incident_id, rank, text, likelihood, created_at)"
    " VALUES (1, 50, 'x', 'maybe', 1)" },
  { "hypotheses-status", NULL,
    "INSERT INTO hypotheses (incident_id, rank, text, likelihood, status, created_at)"
    " VALUES (1, 50, 'x', 'likely', 'pending', 1)" },
  { "hypotheses-rank", NULL,
    "INSERT INTO hypotheses (incident_id, rank, text, likelihood, created_at)"
    " VALUES (1, 0, 'x', 'likely', 1)" },
  { "evidence-stance",
    "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
    " VALUES (100, 1, 50, 'h', 'likely', 1)",
    "INSERT INTO evidence (hypothesis_id, stance, text, created_at)"
    " VALUES (100, 'neutral', 'x', 1)" },
  { "probes-config", NULL,
    "INSERT INTO probes (incident_id, kind, name, config, created_at)"
    " VALUES (1, 'http', 'x', 'not json', 1)" },
  { "probes-kind", NULL,
    "INSERT INTO probes (incident_id, kind, name, created_at) VALUES (1, 'ftp', 'x', 1)" },
  { "probes-interval", NULL,
    "INSERT INTO probes (incident_id, kind, name, interval_ms, created_at)"
    " VALUES (1, 'tcp', 'x', 10, 1)" },
  { "probes-owner", NULL,
    "INSERT INTO probes (kind, name, created_at) VALUES ('tcp', 'nobody owns me', 1)" },
  { "probe-samples-state",
    "INSERT INTO probes (id, service, kind, name, created_at) VALUES (100, 'db', 'tcp', 'pg', 1)",
    "INSERT INTO probe_samples (probe_id, sampled_at, state) VALUES (100, 1, 'meh')" },
  { "timeline-kind", NULL,
    "INSERT INTO timeline (incident_id, occurred_at, kind, text) VALUES (1, 1, '', 'x')" },
  { "status-updates-status", NULL,
    "INSERT INTO status_updates (incident_id, status, what_we_see, action, message, created_at)"
    " VALUES (1, 'fine', 'a', 'b', 'm', 1)" },
  { "actions-state", NULL,
    "INSERT INTO actions (incident_id, text, state, reversible, created_at)"
    " VALUES (1, 'x', 'pending', 1, 1)" },
  { "whys-position", NULL, "INSERT INTO whys (incident_id, position) VALUES (1, 0)" },
  { "action-items-kind", NULL,
    "INSERT INTO action_items (incident_id, text, kind, created_at) VALUES (1, 'x', 'misc', 1)" },
  { "action-items-due-date", NULL,
    "INSERT INTO action_items (incident_id, text, due_date, created_at)"
    " VALUES (1, 'x', 'next week', 1)" },
};

static void
test_table_check (Fixture       *fx,
                  gconstpointer  data)
{
  const CheckCase *cc = data;
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) incident = create (fx, "Owner of every row", NULL);
  g_autofree char *severity = NULL;
  int extended = 0;

  g_assert_cmpint (ic_incident_get_id (incident), ==, 1);
  if (cc->prepare != NULL)
    exec_ok (db, cc->prepare);
  g_assert_cmpint (exec_fails (db, cc->sql, &extended), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (extended, ==, SQLITE_CONSTRAINT_CHECK);
  /* Nothing was changed by the refused statement. */
  g_assert_cmpint (count_rows (db, "incidents"), ==, 1);
  severity = query_text (db, "SELECT severity FROM incidents WHERE id = 1");
  g_assert_cmpstr (severity, ==, "sev2");
}

/* Rows that point at nothing: refused by the foreign keys. */
typedef struct
{
  const char *name;
  const char *sql;
  const char *table;
} OrphanCase;

static const OrphanCase orphan_cases[] = {
  { "change", "INSERT INTO changes (incident_id, kind, description, changed_at, created_at)"
    " VALUES (999, 'deploy', 'v1', 1, 1)", "changes" },
  { "timeline", "INSERT INTO timeline (incident_id, occurred_at, kind, text)"
    " VALUES (999, 1, 'note', 'x')", "timeline" },
  { "evidence", "INSERT INTO evidence (hypothesis_id, stance, text, created_at)"
    " VALUES (999, 'for', 'x', 1)", "evidence" },
  { "postmortem", "INSERT INTO postmortem (incident_id, updated_at) VALUES (999, 1)",
    "postmortem" },
  { "probe-sample", "INSERT INTO probe_samples (probe_id, sampled_at, state)"
    " VALUES (999, 1, 'ok')", "probe_samples" },
};

static void
test_table_foreign_key (Fixture       *fx,
                        gconstpointer  data)
{
  const OrphanCase *oc = data;
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) incident = create (fx, "Not the parent", NULL);
  g_autofree char *before_sql = g_strdup_printf ("SELECT count(*) FROM %s", oc->table);
  gint64 before = query_int (db, before_sql);
  int extended = 0;

  g_test_message ("%s", oc->sql);
  g_assert_cmpint (exec_fails (db, oc->sql, &extended), ==, SQLITE_CONSTRAINT);
  g_test_message ("%s", sqlite3_errmsg (db));
  g_assert_cmpint (extended, ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_assert_cmpint (query_int (db, before_sql), ==, before);
}

static void
test_table_hypothesis_rank_unique (Fixture       *fx,
                                   gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) a = create (fx, "A", NULL);
  g_autoptr(IcIncident) b = create (fx, "B", NULL);
  g_autofree char *insert_a = NULL;
  g_autofree char *insert_b = NULL;
  g_autofree char *where = NULL;
  int extended = 0;

  insert_a = g_strdup_printf ("INSERT INTO hypotheses (incident_id, rank, text, likelihood,"
                              " created_at) VALUES (%" G_GINT64_FORMAT ", 50, 'x', 'likely', 1)",
                              ic_incident_get_id (a));
  insert_b = g_strdup_printf ("INSERT INTO hypotheses (incident_id, rank, text, likelihood,"
                              " created_at) VALUES (%" G_GINT64_FORMAT ", 50, 'y', 'possible', 1)",
                              ic_incident_get_id (b));
  exec_ok (db, insert_a);
  g_assert_cmpint (exec_fails (db, insert_a, &extended), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (extended, ==, SQLITE_CONSTRAINT_UNIQUE);
  /* The same rank in another incident is fine. */
  exec_ok (db, insert_b);
  where = g_strdup_printf ("hypotheses WHERE rank = 50 AND incident_id = %" G_GINT64_FORMAT,
                           ic_incident_get_id (a));
  g_assert_cmpint (count_rows (db, where), ==, 1);
}

static void
test_table_sample_retention (Fixture       *fx,
                             gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autofree char *kept = NULL;

  exec_ok (db, "INSERT INTO probes (id, service, kind, name, retention, created_at)"
               " VALUES (1, 'db', 'tcp', 'pg', 5, 1);"
               "INSERT INTO probes (id, service, kind, name, retention, created_at)"
               " VALUES (2, 'db', 'tcp', 'other', 5, 1)");
  exec_ok (db, "INSERT INTO probe_samples (probe_id, sampled_at, state) VALUES (2, 100, 'ok')");
  for (int i = 1; i <= 8; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO probe_samples (probe_id, sampled_at,"
                                              " state) VALUES (1, %d, 'ok')", i);
      exec_ok (db, sql);
    }
  g_assert_cmpint (count_rows (db, "probe_samples WHERE probe_id = 1"), ==, 5);
  kept = query_text (db, "SELECT group_concat(sampled_at, ',') FROM"
                         " (SELECT sampled_at FROM probe_samples WHERE probe_id = 1 ORDER BY id)");
  g_assert_cmpstr (kept, ==, "4,5,6,7,8");
  /* Another probe's samples are not touched. */
  g_assert_cmpint (count_rows (db, "probe_samples WHERE probe_id = 2"), ==, 1);
}

/* Deleting ------------------------------------------------------------------ */

/* One row in every child table of incident @id; row ids start at @base. */
static void
populate (sqlite3    *db,
          gint64      id,
          gint64      base,
          const char *word)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO changes (id, incident_id, kind, description, changed_at, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 'dns', '%3$s moved', 1, 1);"
    "INSERT OR REPLACE INTO decision_checks (incident_id, step)"
    "  VALUES (%1$" G_GINT64_FORMAT ", 4);"
    "INSERT INTO hypotheses (id, incident_id, rank, text, likelihood, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 50, '%3$s hypothesis',"
    "  'likely', 1);"
    "INSERT INTO probes (id, incident_id, kind, name, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 'tcp', 'pg', 1);"
    "INSERT INTO probe_samples (id, probe_id, sampled_at, state)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", 1, 'ok');"
    "INSERT INTO evidence (id, hypothesis_id, stance, text, probe_sample_id, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", 'for', 'e',"
    "  %2$" G_GINT64_FORMAT ", 1);"
    "INSERT INTO timeline (id, incident_id, occurred_at, kind, text)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 1, 'note', '%3$s in the logs');"
    "INSERT INTO status_updates (id, incident_id, status, what_we_see, action, message,"
    "  created_at) VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 'identified', 'a',"
    "  'b', 'm', 1);"
    "INSERT INTO actions (id, incident_id, text, reversible, change_id, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 'roll back', 1,"
    "  %2$" G_GINT64_FORMAT ", 1);"
    "INSERT OR IGNORE INTO postmortem (incident_id, updated_at)"
    "  VALUES (%1$" G_GINT64_FORMAT ", 1);"
    "UPDATE postmortem SET summary = '%3$s summary' WHERE incident_id = %1$" G_GINT64_FORMAT ";"
    "INSERT INTO whys (id, incident_id, position) VALUES (%2$" G_GINT64_FORMAT ","
    "  %1$" G_GINT64_FORMAT ", 1);"
    "INSERT INTO action_items (id, incident_id, text, created_at)"
    "  VALUES (%2$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 'fix it', 1);",
    id, base, word);

  exec_ok (db, sql);
}

/* How many rows belong to incident @id, per table, as "table=n …". */
static char *
describe_rows (sqlite3 *db,
               gint64   id,
               gint64   base)
{
  const char *tables[] = { "changes", "decision_checks", "hypotheses", "probes", "timeline",
                           "status_updates", "actions", "postmortem", "whys", "action_items" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s WHERE incident_id = %" G_GINT64_FORMAT,
                                                tables[i], id);
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", tables[i],
                              MIN (count_rows (db, where), 1));
    }
  {
    g_autofree char *evidence = g_strdup_printf ("evidence WHERE id = %" G_GINT64_FORMAT, base);
    g_autofree char *samples = g_strdup_printf ("probe_samples WHERE id = %" G_GINT64_FORMAT,
                                                base);
    g_string_append_printf (out, "evidence=%" G_GINT64_FORMAT " probe_samples=%" G_GINT64_FORMAT,
                            count_rows (db, evidence), count_rows (db, samples));
  }
  return g_string_free (out, FALSE);
}

static gint64
count_fts (sqlite3    *db,
           const char *table,
           const char *word)
{
  g_autofree char *where = g_strdup_printf ("%s WHERE %s MATCH '%s'", table, table, word);

  return count_rows (db, where);
}

static void
test_delete_cascades (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) doomed = create (fx, "Zebra outage", "zebra");
  g_autoptr(IcIncident) kept = create (fx, "Yak outage", "yak");
  g_autoptr(GListModel) results = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);
  const char *all = "changes=1 decision_checks=1 hypotheses=1 probes=1 timeline=1"
                    " status_updates=1 actions=1 postmortem=1 whys=1 action_items=1"
                    " evidence=1 probe_samples=1";
  const char *none = "changes=0 decision_checks=0 hypotheses=0 probes=0 timeline=0"
                     " status_updates=0 actions=0 postmortem=0 whys=0 action_items=0"
                     " evidence=0 probe_samples=0";
  const char *fts[] = { "search_incidents", "search_timeline", "search_hypotheses",
                        "search_postmortem" };
  gint64 doomed_id = ic_incident_get_id (doomed);
  gint64 kept_id = ic_incident_get_id (kept);
  GListModel *list = ic_store_get_incidents (fx->store);
  guint changed = 0;
  char *rows;

  ic_incident_set_notes (doomed, "zebra notes");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  populate (db, doomed_id, 1000, "zebra");
  populate (db, kept_id, 2000, "yak");

  rows = describe_rows (db, doomed_id, 1000);
  g_assert_cmpstr (rows, ==, all);
  g_free (rows);
  for (guint i = 0; i < G_N_ELEMENTS (fts); i++)
    {
      g_test_message ("%s", fts[i]);
      g_assert_cmpint (count_fts (db, fts[i], "zebra"), ==, 1);
    }

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_assert_true (ic_store_delete_incident (fx->store, doomed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >, 0);
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &changed);

  /* Gone from the file, every child row with it … */
  g_assert_cmpint (count_rows (db, "incidents"), ==, 1);
  rows = describe_rows (db, doomed_id, 1000);
  g_assert_cmpstr (rows, ==, none);
  g_free (rows);
  for (guint i = 0; i < G_N_ELEMENTS (fts); i++)
    {
      g_autofree char *check = g_strdup_printf ("INSERT INTO %s (%s) VALUES ('integrity-check')",
                                                fts[i], fts[i]);

      g_test_message ("%s", fts[i]);
      g_assert_cmpint (count_fts (db, fts[i], "zebra"), ==, 0);
      exec_ok (db, check);
    }

  /* … and from the live list, while the other incident is untouched. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpuint (find_in_model (list, doomed), ==, G_MAXUINT);
  g_assert_null (ic_store_lookup_incident (fx->store, doomed_id));
  g_assert_true (ic_store_lookup_incident (fx->store, kept_id) == kept);
  rows = describe_rows (db, kept_id, 2000);
  g_assert_cmpstr (rows, ==, all);
  g_free (rows);
  g_assert_cmpint (count_fts (db, "search_timeline", "yak"), ==, 1);

  results = ic_store_search (fx->store, "zebra", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
}

static void
test_delete_sample_keeps_evidence (Fixture       *fx,
                                   gconstpointer  data)
{
  sqlite3 *db = _ic_store_get_db (fx->store);
  g_autoptr(IcIncident) incident = create (fx, "Owner", NULL);
  g_autofree char *sample = NULL;

  g_assert_cmpint (ic_incident_get_id (incident), ==, 1);
  populate (db, 1, 100, "w");
  exec_ok (db, "DELETE FROM probe_samples WHERE id = 100");
  g_assert_cmpint (count_rows (db, "evidence WHERE id = 100"), ==, 1);
  sample = query_text (db, "SELECT ifnull(probe_sample_id, 'null') FROM evidence WHERE id = 100");
  g_assert_cmpstr (sample, ==, "null");

  /* Likewise an action keeps going when its change is removed. */
  exec_ok (db, "DELETE FROM changes WHERE id = 100");
  g_assert_cmpint (count_rows (db, "actions WHERE id = 100 AND change_id IS NULL"), ==, 1);
}

/* Migrations ---------------------------------------------------------------- */

static const char *all_tables[] = {
  "incidents", "changes", "decision_checks", "hypotheses", "evidence", "probes",
  "probe_samples", "timeline", "status_updates", "actions", "postmortem", "whys",
  "action_items", "search_incidents", "search_timeline", "search_hypotheses",
  "search_postmortem",
};

static void
assert_has_all_tables (sqlite3 *db)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    {
      g_autofree char *where = g_strdup_printf ("sqlite_master WHERE type = 'table'"
                                                " AND name = '%s'", all_tables[i]);

      g_test_message ("table %s", all_tables[i]);
      g_assert_cmpint (count_rows (db, where), ==, 1);
    }
}

static void
test_migrate_v0_to_latest (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) header = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", IC_STORE_APPLICATION_ID);
  g_autofree char *backup_dir = NULL;
  g_autofree char *backup_copy = NULL;
  g_autoptr(IcIncident) incident = NULL;
  const char *backup_path;
  GStatBuf st;
  sqlite3 *backup;
  sqlite3 *db;

  make_raw_db (fx->path, sql);
  g_assert_cmpint (g_stat (fx->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->store);
  db = _ic_store_get_db (fx->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, IC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);
  assert_has_all_tables (db);

  /* A copy of the file as it was, next to it. */
  backup_path = ic_store_get_backup_path (fx->store);
  g_assert_nonnull (backup_path);
  g_test_message ("backup: %s", backup_path);
  g_assert_cmpstr (backup_path, !=, fx->path);
  backup_dir = g_path_get_dirname (backup_path);
  g_assert_cmpstr (backup_dir, ==, fx->dir);
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));
  header = read_file (backup_path);
  g_assert_cmpuint (g_bytes_get_size (header), >=, 16);
  g_assert_cmpmem (g_bytes_get_data (header, NULL), 16, "SQLite format 3\0", 16);
  backup = open_raw (backup_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (query_int (backup, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (query_int (backup, "PRAGMA application_id"), ==, IC_STORE_APPLICATION_ID);
  g_assert_cmpint (count_rows (backup, "sqlite_master"), ==, 0);
  sqlite3_close (backup);
  g_assert_cmpuint (count_extra_files (fx->dir), ==, 1);

  /* The migrated file works, and opening it again migrates nothing. */
  incident = create (fx, "After the upgrade", NULL);
  g_clear_object (&incident);
  backup_copy = g_strdup (backup_path);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_null (ic_store_get_backup_path (fx->store));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 1);
  g_assert_cmpuint (count_extra_files (fx->dir), ==, 1);
  g_assert_true (g_file_test (backup_copy, G_FILE_TEST_IS_REGULAR));
}

static void
test_migrate_new_file_no_backup (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (g_file_test (fx->path, G_FILE_TEST_EXISTS));
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_null (ic_store_get_backup_path (fx->store));
  assert_has_all_tables (_ic_store_get_db (fx->store));
  g_assert_cmpuint (count_extra_files (fx->dir), ==, 0);
}

/* Files that are not ours, or not usable ------------------------------------- */

static void
test_open_newer_schema (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 99;"
                                          " CREATE TABLE incidents (id INTEGER PRIMARY KEY,"
                                          " from_the_future TEXT);"
                                          " INSERT INTO incidents VALUES (1, 'x')",
                                          IC_STORE_APPLICATION_ID);

  make_raw_db (fx->path, sql);
  assert_open_refused (fx, IC_STORE_ERROR_NEWER_SCHEMA);
}

static void
test_open_foreign_table (Fixture       *fx,
                         gconstpointer  data)
{
  make_raw_db (fx->path, "CREATE TABLE foo (item TEXT); INSERT INTO foo VALUES ('milk')");
  assert_open_refused (fx, IC_STORE_ERROR_NOT_OURS);
}

static void
test_open_foreign_application_id (Fixture       *fx,
                                  gconstpointer  data)
{
  /* Another program's id, even with no tables and user_version 0. */
  make_raw_db (fx->path, "PRAGMA application_id = 1234");
  assert_open_refused (fx, IC_STORE_ERROR_NOT_OURS);
}

static void
test_open_corrupt_garbage (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);

  while (garbage->len < 8192)
    g_string_append (garbage, "garbage\n");
  write_file (fx->path, garbage->str, garbage->len);
  assert_open_refused (fx, IC_STORE_ERROR_CORRUPT);
}

static void
test_open_corrupt_header (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new_len ("SQLite format 3\0", 16);

  while (garbage->len < 8192)
    g_string_append (garbage, "garbage\n");
  write_file (fx->path, garbage->str, garbage->len);
  assert_open_refused (fx, IC_STORE_ERROR_CORRUPT);
}

static void
test_open_directory (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;

  g_assert_cmpint (g_mkdir (fx->path, 0700), ==, 0);
  store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO);
  g_test_message ("refused: %s", error->message);
  assert_contains (error->message, fx->path);
  g_assert_true (g_file_test (fx->path, G_FILE_TEST_IS_DIR));
}

static void
test_open_under_file (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  g_autofree char *file = g_build_filename (fx->dir, "file", NULL);
  g_autofree char *under = g_build_filename (file, "x.db", NULL);

  write_file (file, "plain", 5);
  store = ic_store_open (under, fx->clock, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO);
  g_test_message ("refused: %s", error->message);
  assert_contains (error->message, under);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
}

static void
test_open_read_only (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *pattern = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(IcClock) clock = ic_clock_new_manual (START_US);
      g_autoptr(IcStore) store = NULL;
      const char *path = g_getenv ("IC_TEST_STORE_READ_ONLY_PATH");

      g_assert_nonnull (path);
      /* As root, permissions do not bind: become nobody, as users are. */
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("cannot drop privileges to nobody");
      store = ic_store_open (path, clock, &error);
      g_assert_null (store);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_READ_ONLY);
      g_print ("%s\n", error->message);
      return;
    }

  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  incident = create (fx, "Written before read-only", NULL);
  g_clear_object (&incident);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);
  wal = g_strconcat (fx->path, "-wal", NULL);
  shm = g_strconcat (fx->path, "-shm", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  before = read_file (fx->path);
  g_assert_cmpint (g_chmod (fx->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (fx->dir, 0555), ==, 0);
  g_setenv ("IC_TEST_STORE_READ_ONLY_PATH", fx->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("IC_TEST_STORE_READ_ONLY_PATH");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*read-only*");
  pattern = g_strdup_printf ("*%s*", fx->path);
  g_test_trap_assert_stdout (pattern);

  after = read_file (fx->path);
  assert_bytes_equal (before, after);
  /* Teardown restores the permissions before removing the files. */
}

static void
test_open_locked (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) second = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Before the lock", NULL);
  sqlite3 *other;

  g_clear_object (&incident);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);

  other = open_raw (fx->path, SQLITE_OPEN_READWRITE);
  exec_ok (other, "BEGIN IMMEDIATE;"
                  " INSERT INTO incidents (title, created_at, updated_at, alert_time)"
                  " VALUES ('held', 1, 1, 1)");
  second = ic_store_open (fx->path, fx->clock, &error);
  g_assert_null (second);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_LOCKED);
  g_test_message ("refused: %s", error->message);
  assert_contains (error->message, fx->path);
  exec_ok (other, "ROLLBACK");
  sqlite3_close (other);

  /* Once the lock is gone, the file opens with its data intact. */
  g_clear_error (&error);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 1);
}

/* Search -------------------------------------------------------------------- */

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* ic_store_search_async(), waited for on the main loop. */
static GListModel *
search_async (IcStore       *store,
              const char    *query,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ic_store_search_async (store, query, cancellable, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ic_store_search_finish (store, result, error);
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

/* Timeline ------------------------------------------------------------------ */

static void
test_timeline_order (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", NULL);
  g_autoptr(IcTimelineEvent) second = NULL;
  g_autoptr(IcTimelineEvent) third = NULL;
  g_autoptr(GListModel) events = NULL;
  const char *expected_texts[] = { NULL, "second", "third" };
  gint64 expected_times[] = { START_US, START_US + MINUTE_US, START_US + 2 * MINUTE_US };

  ic_clock_advance (fx->clock, MINUTE_US);
  second = ic_store_add_timeline_event (fx->store, incident, "note", "second", NULL, &error);
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, MINUTE_US);
  third = ic_store_add_timeline_event (fx->store, incident, "deploy", "third", "v1.2.3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ic_timeline_event_get_time (third), ==, START_US + 2 * MINUTE_US);
  g_assert_cmpstr (ic_timeline_event_get_reference (third), ==, "v1.2.3");

  events = ic_store_list_timeline (fx->store, incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpint (ic_timeline_event_get_time (event), ==, expected_times[i]);
      g_assert_cmpint (ic_timeline_event_get_incident_id (event), ==,
                       ic_incident_get_id (incident));
      if (i == 0)
        g_assert_cmpstr (ic_timeline_event_get_kind (event), ==, IC_TIMELINE_KIND_CREATED);
      else
        g_assert_cmpstr (ic_timeline_event_get_text (event), ==, expected_texts[i]);
    }
  g_clear_object (&events);

  /* Moving an event in time reorders the list. */
  g_assert_true (ic_store_set_event_time (fx->store, third, START_US + 30 * G_USEC_PER_SEC,
                                          &error));
  g_assert_no_error (error);
  events = ic_store_list_timeline (fx->store, incident, &error);
  g_assert_no_error (error);
  {
    g_autoptr(IcTimelineEvent) e1 = g_list_model_get_item (events, 1);
    g_autoptr(IcTimelineEvent) e2 = g_list_model_get_item (events, 2);

    g_assert_cmpstr (ic_timeline_event_get_text (e1), ==, "third");
    g_assert_cmpstr (ic_timeline_event_get_text (e2), ==, "second");
  }
}

static void
test_timeline_deleted_incident (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Short-lived", NULL);
  g_autoptr(IcTimelineEvent) event = NULL;

  g_assert_true (ic_store_delete_incident (fx->store, incident, &error));
  g_assert_no_error (error);
  event = ic_store_add_timeline_event (fx->store, incident, "note", "too late", NULL, &error);
  g_assert_null (event);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (_ic_store_get_db (fx->store), "timeline"), ==, 0);
}

/* Another program on the same file ------------------------------------------ */

static IcStore *
open_second (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  IcStore *other = ic_store_open (fx->path, fx->clock, &error);

  g_assert_no_error (error);
  g_assert_nonnull (other);
  return other;
}

static void
test_refresh_new_incident (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) mine = create (fx, "Mine", NULL);
  g_autoptr(IcStore) cli = open_second (fx);
  g_autoptr(IcIncident) from_cli = NULL;
  GListModel *list = ic_store_get_incidents (fx->store);
  IcIncident *mirror;
  guint changed = 0;

  ic_clock_advance (fx->clock, MINUTE_US);
  from_cli = ic_store_create_incident (cli, "From the command line", "api", IC_SEVERITY_SEV1,
                                       IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  ic_store_close (cli);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >, 0);
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &changed);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  mirror = ic_store_lookup_incident (fx->store, ic_incident_get_id (from_cli));
  g_assert_nonnull (mirror);
  g_assert_true (mirror != from_cli);
  g_assert_cmpstr (ic_incident_get_title (mirror), ==, "From the command line");
  g_assert_cmpint (ic_incident_get_created_via (mirror), ==, IC_CREATED_VIA_CLI);
  /* Newest first, and our own object is still the one in the list. */
  g_assert_cmpuint (find_in_model (list, mirror), ==, 0);
  g_assert_cmpuint (find_in_model (list, mine), ==, 1);
}

static void
test_refresh_changed_title (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) mine = create (fx, "Old title", NULL);
  g_autoptr(IcStore) other = open_second (fx);
  IcIncident *theirs = ic_store_lookup_incident (other, ic_incident_get_id (mine));
  guint n = 0;

  g_assert_nonnull (theirs);
  ic_incident_set_title (theirs, "Renamed elsewhere");
  g_assert_true (ic_store_flush (other, &error));
  g_assert_no_error (error);

  g_signal_connect (mine, "notify::title", G_CALLBACK (notify_cb), &n);
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ic_incident_get_title (mine), ==, "Renamed elsewhere");
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (ic_store_lookup_incident (fx->store, ic_incident_get_id (mine)) == mine);
  /* Taking the other program's edit is not an edit of ours. */
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
  g_signal_handlers_disconnect_by_func (mine, notify_cb, &n);
  ic_store_close (other);
}

/* Registration -------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)
#define ADD_FILE(path, fn) \
  g_test_add (path, Fixture, NULL, file_setup, fn, fixture_teardown)

  ADD_FILE ("/ic/store/new-destroy", test_new_destroy);

  ADD_FILE ("/ic/store/open/creates-file", test_open_creates_file);
  ADD_STORE ("/ic/store/open/pragmas", test_open_pragmas);
  ADD_STORE ("/ic/store/open/reopen-keeps-data", test_open_reopen_keeps_data);
  ADD_FILE ("/ic/store/open/newer-schema", test_open_newer_schema);
  ADD_FILE ("/ic/store/open/foreign/table", test_open_foreign_table);
  ADD_FILE ("/ic/store/open/foreign/application-id", test_open_foreign_application_id);
  ADD_FILE ("/ic/store/open/corrupt/garbage", test_open_corrupt_garbage);
  ADD_FILE ("/ic/store/open/corrupt/header", test_open_corrupt_header);
  ADD_FILE ("/ic/store/open/directory", test_open_directory);
  ADD_FILE ("/ic/store/open/under-file", test_open_under_file);
  ADD_FILE ("/ic/store/open/read-only", test_open_read_only);
  ADD_STORE ("/ic/store/open/locked", test_open_locked);

  ADD_STORE ("/ic/store/create/defaults", test_create_defaults);
  ADD_STORE ("/ic/store/create/blank-title", test_create_blank_title);
  ADD_STORE ("/ic/store/list/sorted", test_list_sorted);
  ADD_STORE ("/ic/store/list/sorted-after-reopen", test_list_sorted_after_reopen);
  ADD_STORE ("/ic/store/lookup", test_lookup);

  ADD_STORE ("/ic/store/autosave/notify-once", test_autosave_notify_once);
  ADD_STORE ("/ic/store/autosave/same-value", test_autosave_same_value_not_pending);
  ADD_STORE ("/ic/store/autosave/flush", test_autosave_flush);
  ADD_STORE ("/ic/store/autosave/debounced", test_autosave_debounced);
  ADD_STORE ("/ic/store/autosave/close-flushes", test_autosave_close_flushes);

  for (guint i = 0; i < G_N_ELEMENTS (table_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/store/tables/round-trip/%s",
                                               table_cases[i].table);

      g_test_add (path, Fixture, &table_cases[i], store_setup, test_table_round_trip,
                  fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/store/tables/check/%s", check_cases[i].name);

      g_test_add (path, Fixture, &check_cases[i], store_setup, test_table_check,
                  fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (orphan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/store/tables/foreign-key/%s",
                                               orphan_cases[i].name);

      g_test_add (path, Fixture, &orphan_cases[i], store_setup, test_table_foreign_key,
                  fixture_teardown);
    }
  ADD_STORE ("/ic/store/tables/hypothesis-rank-unique", test_table_hypothesis_rank_unique);
  ADD_STORE ("/ic/store/tables/sample-retention", test_table_sample_retention);

  ADD_STORE ("/ic/store/delete/cascades", test_delete_cascades);
  ADD_STORE ("/ic/store/delete/sample-keeps-evidence", test_delete_sample_keeps_evidence);

  ADD_FILE ("/ic/store/migrate/v0-to-latest", test_migrate_v0_to_latest);
  ADD_FILE ("/ic/store/migrate/new-file-no-backup", test_migrate_new_file_no_backup);

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

  ADD_STORE ("/ic/store/timeline/order", test_timeline_order);
  ADD_STORE ("/ic/store/timeline/deleted-incident", test_timeline_deleted_incident);

  ADD_STORE ("/ic/store/refresh/new-incident", test_refresh_new_incident);
  ADD_STORE ("/ic/store/refresh/changed-title", test_refresh_changed_title);

#undef ADD_STORE
#undef ADD_FILE

  return g_test_run ();
}
