/* ic-test-store-fixture.h — a fresh database in a temporary folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ic-store.h"
#include "ic-store-private.h"
#include "ic-test-util.h"

/* 2026-11-28T08:00:00Z */
#define IC_TEST_START_US G_GINT64_CONSTANT (1795852800000000)

typedef struct
{
  char       *dir;
  char       *path;
  IcClock    *clock;
  IcStore    *store;
  IcIncident *incident;
} StoreFixture;

static inline void
store_fixture_setup (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "incidents.db", NULL);
  fx->clock = ic_clock_new_manual (IC_TEST_START_US);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  fx->incident = ic_store_create_incident (fx->store, "Elevated 500s on checkout", "checkout",
                                           IC_SEVERITY_SEV1, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
}

static inline void
store_fixture_teardown (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_clear_object (&fx->incident);
  if (fx->store != NULL)
    ic_store_close (fx->store);
  g_clear_object (&fx->store);
  g_clear_object (&fx->clock);
  ic_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

/* Closes the store and opens the same file again, as after a restart. */
static inline void
store_fixture_reopen (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ic_incident_get_id (fx->incident);

  g_clear_object (&fx->incident);
  ic_store_close (fx->store);
  g_clear_object (&fx->store);
  fx->store = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  fx->incident = g_object_ref (ic_store_lookup_incident (fx->store, id));
}

/* An alert payload from tests/data/alerts, parsed. */
static inline IcAlert *
ic_test_load_alert (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "alerts", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  IcAlert *alert;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  alert = ic_alert_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  return alert;
}

/* Reads one value (the first column of the first row of @sql, with ?1
 * bound to @id) through a connection of its own, as another program, or
 * the next start after a crash, would see it: only what was committed. */
static inline char *
ic_test_read_committed (const char *path,
                        const char *sql,
                        gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Whether @timeline (of IcTimelineEvent) has an event of @kind whose text
 * contains @needle (any text when NULL). */
static inline gboolean
ic_test_timeline_has (GListModel *timeline,
                      const char *kind,
                      const char *needle)
{
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_str_equal (ic_timeline_event_get_kind (event), kind)
          && (needle == NULL || strstr (ic_timeline_event_get_text (event), needle) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The bytes of SQLite's page cache the store's connection holds. */
static inline int
ic_test_cache_used (IcStore *store)
{
  int used = 0, highest = 0;

  g_assert_cmpint (sqlite3_db_status (_ic_store_get_db (store), SQLITE_DBSTATUS_CACHE_USED, &used,
                                      &highest, FALSE),
                   ==, SQLITE_OK);
  return used;
}
