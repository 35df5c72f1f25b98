/* ic-test-store-file.h — the store's file in a fresh temporary folder,
 * opened or not, and plain SQLite to read it back: what the programs that
 * specify the store (test-store.c, test-store-tables.c,
 * test-store-search.c, test-store-timeline.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ic-store-private.h"
#include "ic-store.h"
#include "ic-test-store-fixture.h"
#include "ic-test-util.h"

/* 2026-11-28T08:00:00Z */
#define START_US IC_TEST_START_US
#define MINUTE_US (60 * G_USEC_PER_SEC)

/* Fixture ------------------------------------------------------------------ */

typedef struct
{
  char    *dir;     /* a fresh temporary folder, 0755 so "nobody" can enter it */
  char    *path;    /* <dir>/incidents.db */
  IcClock *clock;   /* manual, at START_US */
  IcStore *store;   /* open for store_setup, NULL for file_setup */
} Fixture;

static inline void
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

static inline void
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

static inline void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->store != NULL)
    ic_store_close (fx->store);
  g_clear_object (&fx->store);
  g_clear_object (&fx->clock);
  if (fx->dir != NULL)
    {
      ic_test_remove_tree (fx->dir);
      g_assert_false (g_file_test (fx->dir, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, g_free);
}

/* Helpers ------------------------------------------------------------------ */

/* The first column of the first row of @sql, which must return a row. */
static inline gint64
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
static inline char *
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

static inline gint64
count_rows (sqlite3    *db,
            const char *from_where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", from_where);

  return query_int (db, sql);
}

static inline void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static inline void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_test_message ("“%s” does not contain “%s”", haystack, needle);
  g_assert_nonnull (haystack);
  g_assert_nonnull (strstr (haystack, needle));
}

/* A new incident (sev2, created in the app), which must be created. */
static inline IcIncident *
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

/* Where @item is in @model; G_MAXUINT when it is not there. */
static inline guint
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
