/* test-store.c — the store as a specification: the file and its pragmas,
 * creating, listing and looking up incidents, autosave, deleting an
 * incident with everything that is its, migrations, refusal of files that
 * are not ours (newer, foreign, corrupt, unreadable, read-only, locked)
 * and refreshing from another connection. Every table's constraints are in
 * test-store-tables.c, search in test-store-search.c, the timeline in
 * test-store-timeline.c; the fixture they share is ic-test-store-file.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-enum-types.h"

#include <sys/stat.h>
#include <unistd.h>

#include "ic-test-store-file.h"

/* Helpers ------------------------------------------------------------------ */

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
  g_assert_cmpint (IC_STORE_SCHEMA_VERSION, ==, 8);
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
  const char *fts[] = { "search_incidents", "search_events", "search_event_blocks",
                        "search_hypotheses", "search_postmortem" };
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
  g_assert_cmpint (count_fts (db, "search_events", "yak"), ==, 1);

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
  "action_items", "search_incidents", "search_timeline", "search_events", "search_event_blocks",
  "search_hypotheses", "search_postmortem",
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

/* Another program commits, then we save before the list is refreshed: the
 * refresh still brings its incident in. */
static void
test_refresh_after_own_save (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) mine = create (fx, "Mine", NULL);
  g_autoptr(IcStore) cli = open_second (fx);
  g_autoptr(IcIncident) from_cli = NULL;

  from_cli = ic_store_create_incident (cli, "From the command line", "api", IC_SEVERITY_SEV1,
                                       IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  ic_store_close (cli);

  ic_incident_set_notes (mine, "Typed meanwhile");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  g_assert_true (ic_store_refresh (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 2);
  g_assert_nonnull (ic_store_lookup_incident (fx->store, ic_incident_get_id (from_cli)));
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

  ADD_STORE ("/ic/store/delete/cascades", test_delete_cascades);
  ADD_STORE ("/ic/store/delete/sample-keeps-evidence", test_delete_sample_keeps_evidence);

  ADD_FILE ("/ic/store/migrate/v0-to-latest", test_migrate_v0_to_latest);
  ADD_FILE ("/ic/store/migrate/new-file-no-backup", test_migrate_new_file_no_backup);

  ADD_STORE ("/ic/store/refresh/new-incident", test_refresh_new_incident);
  ADD_STORE ("/ic/store/refresh/changed-title", test_refresh_changed_title);
  ADD_STORE ("/ic/store/refresh/after-own-save", test_refresh_after_own_save);

#undef ADD_STORE
#undef ADD_FILE

  return g_test_run ();
}
