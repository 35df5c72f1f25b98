/* bench-store.c — store budgets of DESIGN.md §8, measured, never asserted
 *
 * Usage: bench-store [N_INCIDENTS [EVENTS_PER_INCIDENT]]
 * Seeds a fresh database, then reports medians (and p99 for autosave
 * commits) of: open + load, full-text search, and one autosave commit.
 * The baseline in the same run is a bare `SELECT count(*)` on the same
 * file, so machine noise affects both sides alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "ic-store-private.h"

#define ROUNDS 31

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, cmp_double);
  return g_array_index (ms, double, (guint) ((ms->len - 1) * p));
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
seed (const char *path,
      int         n_incidents,
      int         per_incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  sqlite3 *db;
  sqlite3_stmt *inc, *ev;
  const char *words[] = { "checkout", "redis", "latency", "timeout", "deploy", "dns",
                          "postgres", "oom", "disk", "certificate" };

  if (store == NULL)
    g_error ("%s", error->message);
  db = _ic_store_get_db (store);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO incidents (title, service, created_at, updated_at,"
                      " alert_time, status) VALUES (?1, ?2, ?3, ?3, ?3, ?4)", -1, &inc, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO timeline (incident_id, occurred_at, kind, text)"
                      " VALUES (?1, ?2, 'note', ?3)", -1, &ev, NULL);
  for (int i = 0; i < n_incidents; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s errors on %s #%d", words[i % 10],
                                                words[(i / 10) % 10], i);
      gint64 id;

      sqlite3_bind_text (inc, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (inc, 2, words[(i * 7) % 10], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (inc, 3, (gint64) 1700000000000000 + (gint64) i * 60000000);
      sqlite3_bind_text (inc, 4, i % 50 == 0 ? "investigating" : "resolved", -1, SQLITE_STATIC);
      sqlite3_step (inc);
      sqlite3_reset (inc);
      id = sqlite3_last_insert_rowid (db);
      for (int j = 0; j < per_incident; j++)
        {
          g_autofree char *text = g_strdup_printf ("checked %s, saw %s at step %d",
                                                   words[(i + j) % 10], words[j % 10], j);
          sqlite3_bind_int64 (ev, 1, id);
          sqlite3_bind_int64 (ev, 2, (gint64) 1700000000000000 + j);
          sqlite3_bind_text (ev, 3, text, -1, SQLITE_TRANSIENT);
          sqlite3_step (ev);
          sqlite3_reset (ev);
        }
    }
  sqlite3_finalize (inc);
  sqlite3_finalize (ev);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int n_incidents = argc > 1 ? atoi (argv[1]) : 10000;
  int per_incident = argc > 2 ? atoi (argv[2]) : 20;
  g_autofree char *dir = g_dir_make_tmp ("ic-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "incidents.db", NULL);
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) async_busy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) async_done_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) save_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  IcIncident *incident;
  const char *queries[] = { "checkout", "redis lat", "oom", "certificate dns", "nomatch" };

  g_print ("seeding %d incidents × %d timeline events …\n", n_incidents, per_incident);
  seed (path, n_incidents, per_incident);

  for (int r = 0; r < ROUNDS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(IcStore) s = ic_store_open (path, NULL, &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;
      sqlite3 *raw = NULL;
      sqlite3_stmt *stmt = NULL;

      if (s == NULL)
        g_error ("%s", error->message);
      g_array_append_val (open_ms, ms);
      ic_store_close (s);

      t0 = g_get_monotonic_time ();
      sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL);
      sqlite3_prepare_v2 (raw, "SELECT count(*) FROM incidents", -1, &stmt, NULL);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      sqlite3_close (raw);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (base_ms, ms);
    }

  store = ic_store_open (path, NULL, &error);
  incident = g_list_model_get_item (ic_store_get_incidents (store), 0);
  for (int r = 0; r < ROUNDS; r++)
    {
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(GListModel) result = ic_store_search (store, queries[q], &error);
          double ms = (g_get_monotonic_time () - t0) / 1000.0;

          if (result == NULL)
            g_error ("%s", error->message);
          g_array_append_val (search_ms, ms);
        }
    }
  /* The same queries in a worker: how long the main loop is held (the call
   * and the finish), and how long until the results are there. */
  for (int r = 0; r < ROUNDS; r++)
    {
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
          Wait wait = { loop, NULL };
          g_autoptr(GListModel) result = NULL;
          gint64 t0 = g_get_monotonic_time ();
          gint64 called, t1;
          double busy, done;

          ic_store_search_async (store, queries[q], NULL, search_done_cb, &wait);
          called = g_get_monotonic_time ();
          g_main_loop_run (loop);
          t1 = g_get_monotonic_time ();
          result = ic_store_search_finish (store, wait.result, &error);
          if (result == NULL)
            g_error ("%s", error->message);
          g_object_unref (wait.result);
          busy = ((called - t0) + (g_get_monotonic_time () - t1)) / 1000.0;
          done = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (async_busy_ms, busy);
          g_array_append_val (async_done_ms, done);
        }
    }
  for (int r = 0; r < ROUNDS * 10; r++)
    {
      g_autofree char *title = g_strdup_printf ("edited title %d", r);
      gint64 t0;
      double ms;

      ic_incident_set_title (incident, title);
      t0 = g_get_monotonic_time ();
      if (!ic_store_flush (store, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (save_ms, ms);
    }
  g_object_unref (incident);
  ic_store_close (store);

  g_print ("baseline: raw open + count(*)      median %8.3f ms\n", percentile (base_ms, 0.5));
  g_print ("open + load incident list          median %8.3f ms  (%.1f× baseline)\n",
           percentile (open_ms, 0.5), percentile (open_ms, 0.5) / percentile (base_ms, 0.5));
  g_print ("full-text search (5 queries)       median %8.3f ms  p99 %8.3f ms\n",
           percentile (search_ms, 0.5), percentile (search_ms, 0.99));
  g_print ("search in a worker: main loop held median %8.3f ms  p99 %8.3f ms  (%.2f× the "
           "search above)\n",
           percentile (async_busy_ms, 0.5), percentile (async_busy_ms, 0.99),
           percentile (async_busy_ms, 0.5) / percentile (search_ms, 0.5));
  g_print ("search in a worker: results after  median %8.3f ms  p99 %8.3f ms\n",
           percentile (async_done_ms, 0.5), percentile (async_done_ms, 0.99));
  g_print ("autosave commit (one incident)     median %8.3f ms  p99 %8.3f ms\n",
           percentile (save_ms, 0.5), percentile (save_ms, 0.99));

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
