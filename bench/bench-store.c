/* bench-store.c — store budgets of DESIGN.md §8, measured, never asserted
 *
 * Usage: bench-store [N_INCIDENTS [EVENTS_PER_INCIDENT]]
 * Without arguments, both sizes of issue #17: 10,000 incidents x 100
 * timeline events (1,000,000 events) and 100,000 incidents x 10.
 *
 * Seeds a fresh database (one transaction, prepared statements; the time
 * is reported), then reports p50 and p99 of:
 * - open: ic_store_open(), and the same plus the first 50 items of the
 *   list (what the sidebar's first frame asks for); the same with the list
 *   read in pages as the app opens it (IC_STORE_OPEN_LIST_IN_PAGES), and
 *   the time its other pages then take, in all and the longest; the
 *   baselines in the same run are a bare `SELECT count(*)` on the file and
 *   the eager load the store did before the list was lazy (every row built
 *   into an IcIncident and sorted);
 * - search: 200 different queries (190 words of a 5,000-word vocabulary,
 *   each in ~0.02 % of events, and the 10 words every incident's text
 *   uses), in a worker as the window does: the main loop's share (the call
 *   and finish; with the batches it merged; the longest of these), the
 *   time to the first results (the callback: the first page, streamed),
 *   to the first 50 items built and to all results; the same queries on
 *   the main thread (ic_store_search()); two-word queries (a common word
 *   with a rare one, two common words), which must match within one event
 *   and so read the timeline's index by event, not its blocks;
 * - autosave: one incident's title edited and committed (ic_store_flush()),
 *   1,000 times, before the searches and after them (their connection open);
 *   the same without the commits during which the scheduler gave the CPU
 *   to another program (the machine is shared), the slowest, and where the
 *   WAL checkpoints ran;
 * - memory: the built incidents the cache holds after every item of the
 *   list was asked for once;
 * - a note added (ic_store_add_note(), its own commit) to one incident,
 *   with the timeline's blocks and, alternately, without them;
 * - an incident deleted, its events with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ic-incident-private.h"
#include "ic-store-private.h"

#define N_QUERIES 200
#define VOCABULARY 5000
#define FIRST_PAGE 50

static const char * const common[] = { "checkout", "redis", "latency", "timeout", "deploy",
                                       "dns", "postgres", "oom", "disk", "certificate" };

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

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_print ("  %-58s p50 %9.3f ms  p99 %9.3f ms  (n=%u)\n", what, percentile (ms, 0.5),
           percentile (ms, 0.99), ms->len);
}

/* A pronounceable made-up word for @k < 5,000 (three syllables). */
static void
vocabulary_word (guint  k,
                 char  *out)
{
  const char *consonants = "bdfgklmnprstvz";
  const char *vowels = "aeiou";
  guint s[3] = { k % 70, (k / 70) % 70, (k / 4900) % 70 };

  for (guint i = 0; i < 3; i++)
    {
      out[2 * i] = consonants[s[i] / 5];
      out[2 * i + 1] = vowels[s[i] % 5];
    }
  out[6] = 'x';   /* no made-up word is a prefix of another */
  out[7] = '\0';
}

static guint
mix (guint a,
     guint b)
{
  guint h = a * 2654435761u ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));

  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return h;
}

/* The statement that makes the trigger writing the timeline's blocks as
 * events are added (schema v7). */
static char *
dup_blocks_trigger (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *sql;

  if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master"
                          " WHERE name = 'search_event_blocks_insert'", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("the timeline's blocks: %s", sqlite3_errmsg (db));
  sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return sql;
}

static void
seed (const char *path,
      int         n_incidents,
      int         per_incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  g_autofree char *blocks_trigger = NULL;
  sqlite3 *db;
  sqlite3_stmt *inc, *ev;

  if (store == NULL)
    g_error ("%s", error->message);
  db = _ic_store_get_db (store);
  /* The full-text indexes grow in memory rather than in many small merges. */
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  /* The timeline's blocks (schema v7) are written once at the end, as the
   * migration to v7 writes them: through its trigger each event would
   * write its block again (~0.1 ms an event: 100 s for a million). */
  blocks_trigger = dup_blocks_trigger (db);
  sqlite3_exec (db, "DROP TRIGGER search_event_blocks_insert", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO incidents (title, service, created_at, updated_at,"
                      " alert_time, status) VALUES (?1, ?2, ?3, ?3, ?3, ?4)", -1, &inc, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO timeline (incident_id, occurred_at, kind, text)"
                      " VALUES (?1, ?2, 'note', ?3)", -1, &ev, NULL);
  for (int i = 0; i < n_incidents; i++)
    {
      char word[8];
      g_autofree char *title = NULL;
      gint64 id;

      vocabulary_word (mix (i, 0) % VOCABULARY, word);
      title = g_strdup_printf ("%s errors on %s %s #%d", common[i % 10], common[(i / 10) % 10],
                               word, i);
      sqlite3_bind_text (inc, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (inc, 2, common[(i * 7) % 10], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (inc, 3, (gint64) 1700000000000000 + (gint64) i * 60000000);
      sqlite3_bind_text (inc, 4, i % 50 == 0 ? "investigating" : "resolved", -1, SQLITE_STATIC);
      sqlite3_step (inc);
      sqlite3_reset (inc);
      id = sqlite3_last_insert_rowid (db);
      for (int j = 0; j < per_incident; j++)
        {
          char rare[8];
          g_autofree char *text = NULL;

          vocabulary_word (mix (i, j + 1) % VOCABULARY, rare);
          text = g_strdup_printf ("checked %s, saw %s near %s at step %d", common[(i + j) % 10],
                                  common[j % 10], rare, j);
          sqlite3_bind_int64 (ev, 1, id);
          sqlite3_bind_int64 (ev, 2, (gint64) 1700000000000000 + j);
          sqlite3_bind_text (ev, 3, text, -1, SQLITE_TRANSIENT);
          sqlite3_step (ev);
          sqlite3_reset (ev);
        }
    }
  sqlite3_finalize (inc);
  sqlite3_finalize (ev);
  if (sqlite3_exec (db, IC_STORE_EVENT_BLOCKS_BUILD_SQL, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (db, blocks_trigger, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("seeding the timeline's blocks: %s", sqlite3_errmsg (db));
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("seeding: %s", sqlite3_errmsg (db));
}

/* What the store did at open before the list was lazy: every row built
 * into an IcIncident, sorted (open first, newest first), in a GListStore. */
static int
compare_eager (gconstpointer a,
               gconstpointer b)
{
  IcIncident *ia = *(IcIncident * const *) a;
  IcIncident *ib = *(IcIncident * const *) b;
  IcListEntry ea = { ic_incident_get_id (ia), ic_incident_get_created_at (ia),
                     ic_incident_get_is_open (ia) };
  IcListEntry eb = { ic_incident_get_id (ib), ic_incident_get_created_at (ib),
                     ic_incident_get_is_open (ib) };

  return _ic_list_entry_compare (&ea, &eb);
}

static GListModel *
load_eagerly (IcStore *store)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM incidents",
                                          _ic_incident_get_select_columns ());
  g_autoptr(sqlite3_stmt) stmt = _ic_store_prepare (store, sql, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *list = g_list_store_new (IC_TYPE_INCIDENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (all, _ic_incident_new_from_row (stmt));
  g_ptr_array_sort (all, compare_eager);
  g_list_store_splice (list, 0, 0, all->pdata, all->len);
  return G_LIST_MODEL (list);
}

static void
touch_first (GListModel *list,
             guint       n)
{
  for (guint i = 0; i < n && i < g_list_model_get_n_items (list); i++)
    g_object_unref (g_list_model_get_item (list, i));
}

static void
bench_open (const char *path,
            int         rounds)
{
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) eager_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paged_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paged_first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rest_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_max_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  for (int r = 0; r < rounds; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(IcStore) s = ic_store_open (path, NULL, &error);
      double ms = ms_since (t0);
      sqlite3 *raw = NULL;
      sqlite3_stmt *stmt = NULL;

      if (s == NULL)
        g_error ("%s", error->message);
      g_array_append_val (open_ms, ms);
      touch_first (ic_store_get_incidents (s), FIRST_PAGE);
      ms = ms_since (t0);
      g_array_append_val (first_ms, ms);
      ic_store_close (s);
      g_clear_object (&s);

      /* The old eager load, on a store opened the same way. */
      t0 = g_get_monotonic_time ();
      s = ic_store_open (path, NULL, &error);
      {
        g_autoptr(GListModel) eager = load_eagerly (s);

        touch_first (eager, FIRST_PAGE);
        ms = ms_since (t0);
        g_array_append_val (eager_ms, ms);
      }
      ic_store_close (s);

      t0 = g_get_monotonic_time ();
      sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL);
      sqlite3_prepare_v2 (raw, "SELECT count(*) FROM incidents", -1, &stmt, NULL);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      sqlite3_close (raw);
      ms = ms_since (t0);
      g_array_append_val (base_ms, ms);

      /* As the app opens it: the list's first page, the rest in pages
       * when the main loop is idle (each page one iteration). */
      t0 = g_get_monotonic_time ();
      s = ic_store_open_with_flags (path, NULL, IC_STORE_OPEN_LIST_IN_PAGES, &error);
      if (s == NULL)
        g_error ("%s", error->message);
      ms = ms_since (t0);
      g_array_append_val (paged_ms, ms);
      touch_first (ic_store_get_incidents (s), FIRST_PAGE);
      ms = ms_since (t0);
      g_array_append_val (paged_first_ms, ms);
      {
        IcIncidentList *list = IC_INCIDENT_LIST (ic_store_get_incidents (s));
        double longest = 0;

        t0 = g_get_monotonic_time ();
        while (!ic_incident_list_get_complete (list))
          {
            gint64 t1 = g_get_monotonic_time ();

            g_main_context_iteration (NULL, TRUE);
            longest = MAX (longest, ms_since (t1));
          }
        ms = ms_since (t0);
        g_array_append_val (rest_ms, ms);
        g_array_append_val (page_max_ms, longest);
      }
      ic_store_close (s);
      g_clear_object (&s);
    }
  report ("baseline: raw open + SELECT count(*)", base_ms);
  report ("before (eager: every incident built and sorted) + 50 items", eager_ms);
  report ("open (lazy list: ids and sort keys only)", open_ms);
  report ("open + first 50 items built", first_ms);
  report ("open, the list in pages (the app's): the first page", paged_ms);
  report ("  the same + first 50 items built", paged_first_ms);
  report ("  the rest of the list, read when idle: all pages", rest_ms);
  report ("  the longest page (one main loop iteration)", page_max_ms);
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

/* The main loop's own time: what it spends outside poll(). */
static GPollFunc default_poll;
static gint64 polled_us;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 t0 = g_get_monotonic_time ();
  gint rc = default_poll (fds, n_fds, timeout);

  polled_us += g_get_monotonic_time () - t0;
  return rc;
}

/* One iteration of the main loop; adds its own time (not the waiting) to
 * *busy_us and keeps the longest in *longest_us. */
static void
iterate_timed (gint64 *busy_us,
               gint64 *longest_us)
{
  gint64 t0 = g_get_monotonic_time (), polled = polled_us, busy;

  g_main_context_iteration (NULL, TRUE);
  busy = (g_get_monotonic_time () - t0) - (polled_us - polled);
  *busy_us += busy;
  *longest_us = MAX (*longest_us, busy);
}

static char *
query_for (guint q)
{
  char word[8];

  if (q >= N_QUERIES - G_N_ELEMENTS (common))
    return g_strdup (common[q - (N_QUERIES - G_N_ELEMENTS (common))]);
  vocabulary_word ((q * 7919u) % VOCABULARY, word);
  return g_strdup (word);
}

static void
bench_search (IcStore *store)
{
  g_autoptr(GArray) busy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) share_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) longest_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) done_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) complete_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) common_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint64 n_found = 0, n_common_found = 0;

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_autofree char *query = query_for (q);
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      Wait wait = { loop, NULL };
      g_autoptr(GListModel) result = NULL;
      gint64 t0 = g_get_monotonic_time ();
      gint64 called, t1, finished, loop_us = 0, longest_us = 0;
      double busy, done, page, complete, share, longest;

      ic_store_search_async (store, query, NULL, search_done_cb, &wait);
      called = g_get_monotonic_time ();
      while (wait.result == NULL)
        iterate_timed (&loop_us, &longest_us);
      t1 = g_get_monotonic_time ();
      result = ic_store_search_finish (store, wait.result, &error);
      finished = g_get_monotonic_time ();
      if (result == NULL)
        g_error ("%s", error->message);
      g_object_unref (wait.result);
      touch_first (result, FIRST_PAGE);
      busy = ((called - t0) + (finished - t1)) / 1000.0;
      done = (finished - t0) / 1000.0;
      page = ms_since (t0);
      /* The rest streams in. */
      while (!ic_incident_list_get_complete (IC_INCIDENT_LIST (result)))
        iterate_timed (&loop_us, &longest_us);
      complete = ms_since (t0);
      share = busy + loop_us / 1000.0;
      longest = MAX (MAX (called - t0, finished - t1), longest_us) / 1000.0;
      g_array_append_val (share_ms, share);
      g_array_append_val (longest_ms, longest);
      n_found += g_list_model_get_n_items (result);
      g_array_append_val (complete_ms, complete);
      g_array_append_val (busy_ms, busy);
      g_array_append_val (done_ms, done);
      g_array_append_val (page_ms, page);
      if (q >= N_QUERIES - G_N_ELEMENTS (common))
        {
          g_array_append_val (common_ms, complete);
          n_common_found += g_list_model_get_n_items (result);
        }
      else
        g_array_append_val (rare_ms, complete);
    }
  g_main_context_set_poll_func (NULL, default_poll);
  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_autofree char *query = query_for (q);
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GListModel) result = ic_store_search (store, query, &error);
      double ms = ms_since (t0);

      if (result == NULL)
        g_error ("%s", error->message);
      g_array_append_val (sync_ms, ms);
    }
  g_print ("  (%u queries, %.0f incidents found per query on average)\n", N_QUERIES,
           (double) n_found / N_QUERIES);
  report ("search in a worker: main loop held (call + finish)", busy_ms);
  report ("  all it held, batches merged included (not the 50 items)", share_ms);
  report ("  the longest it was held at once", longest_ms);
  report ("search in a worker: request to first results (callback)", done_ms);
  report ("search in a worker: request to first 50 items built", page_ms);
  report ("search in a worker: request to all results (complete)", complete_ms);
  report ("  all results, the 190 vocabulary words", rare_ms);
  g_print ("  all results, the 10 words of every incident (%.0f found each): p50 %.3f ms  "
           "max %.3f ms\n", (double) n_common_found / G_N_ELEMENTS (common),
           percentile (common_ms, 0.5), percentile (common_ms, 1.0));
  report ("search on the main thread (ic_store_search)", sync_ms);
}

/* Two words: every word must be in one event (or one other row), which the
 * timeline's blocks cannot tell (schema v7), so these read the index by
 * event. Each of 10 common words with a word of the vocabulary, and with
 * another common word: the request to the first results and to all. */
static void
bench_search_two_words (IcStore *store)
{
  g_autoptr(GArray) rare_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rare_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) common_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) common_all = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 n_rare_found = 0, n_common_found = 0;

  for (guint q = 0; q < 2 * G_N_ELEMENTS (common); q++)
    {
      guint c = q % G_N_ELEMENTS (common);
      gboolean both_common = q >= G_N_ELEMENTS (common);
      char word[8];
      g_autofree char *query = NULL;
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      Wait wait = { loop, NULL };
      g_autoptr(GListModel) result = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0;
      double first, all;

      vocabulary_word ((c * 7919u) % VOCABULARY, word);
      query = g_strdup_printf ("%s %s", common[c],
                               both_common ? common[(c + 3) % G_N_ELEMENTS (common)] : word);
      t0 = g_get_monotonic_time ();
      ic_store_search_async (store, query, NULL, search_done_cb, &wait);
      g_main_loop_run (loop);
      result = ic_store_search_finish (store, wait.result, &error);
      g_object_unref (wait.result);
      if (result == NULL)
        g_error ("%s", error->message);
      first = ms_since (t0);
      while (!ic_incident_list_get_complete (IC_INCIDENT_LIST (result)))
        g_main_context_iteration (NULL, TRUE);
      all = ms_since (t0);
      g_array_append_val (both_common ? common_first : rare_first, first);
      g_array_append_val (both_common ? common_all : rare_all, all);
      if (both_common)
        n_common_found += g_list_model_get_n_items (result);
      else
        n_rare_found += g_list_model_get_n_items (result);
    }
  g_print ("  two words, in a worker: a common word and a rare one (%.0f found each): first "
           "results p50 %.3f ms max %.3f ms, all p50 %.3f ms max %.3f ms\n",
           (double) n_rare_found / G_N_ELEMENTS (common), percentile (rare_first, 0.5),
           percentile (rare_first, 1.0), percentile (rare_all, 0.5), percentile (rare_all, 1.0));
  g_print ("  two words, in a worker: two common words (%.0f found each): first "
           "results p50 %.3f ms max %.3f ms, all p50 %.3f ms max %.3f ms\n",
           (double) n_common_found / G_N_ELEMENTS (common), percentile (common_first, 0.5),
           percentile (common_first, 1.0), percentile (common_all, 0.5),
           percentile (common_all, 1.0));
}

/* Involuntary context switches of this thread so far: the times the
 * scheduler took the CPU away (other programs on a shared machine). */
static long
n_preempted (void)
{
#ifdef RUSAGE_THREAD
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) == 0)
    return usage.ru_nivcsw;
#endif
  return 0;
}

static void
bench_autosave (IcStore    *store,
                int         rounds,
                const char *label)
{
  g_autoptr(GArray) save_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kept_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = g_list_model_get_item (ic_store_get_incidents (store), 0);
  g_autofree char *kept_label = NULL;
  guint inline_before = _ic_store_get_n_inline_checkpoints (store);
  guint requests_before = _ic_store_get_n_checkpoint_requests (store);

  for (int r = 0; r < rounds; r++)
    {
      g_autofree char *title = g_strdup_printf ("edited title %d", r);
      gint64 t0;
      long preempted;
      double ms;

      ic_incident_set_title (incident, title);
      preempted = n_preempted ();
      t0 = g_get_monotonic_time ();
      if (!ic_store_flush (store, &error))
        g_error ("%s", error->message);
      ms = ms_since (t0);
      g_array_append_val (save_ms, ms);
      if (n_preempted () == preempted)
        g_array_append_val (kept_ms, ms);
    }
  report (label, save_ms);
  g_print ("  %-58s max %9.3f ms\n", "", percentile (save_ms, 1.0));
  kept_label = g_strdup_printf ("  the same, %u commits the scheduler preempted left out",
                                save_ms->len - kept_ms->len);
  if (kept_ms->len > 0)
    report (kept_label, kept_ms);
  g_print ("  (WAL checkpoints asked of the store's thread: %u; run inside a commit: %u)\n",
           _ic_store_get_n_checkpoint_requests (store) - requests_before,
           _ic_store_get_n_inline_checkpoints (store) - inline_before);
}

static void
bench_memory (IcStore *store)
{
  GListModel *list = ic_store_get_incidents (store);
  guint n = g_list_model_get_n_items (list);
  gint64 t0 = g_get_monotonic_time ();

  touch_first (list, n);
  g_print ("  every item asked for once (%u, %.0f ms): %u built, %u kept in the cache\n", n,
           ms_since (t0), _ic_store_get_n_built (store), _ic_store_get_n_cached (store));
}

static void
remove_database (const char *dir,
                 const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

/* A note added (its own commit), to one incident, @rounds times: with the
 * timeline's blocks (schema v7: the note's block, up to 64 events, written
 * again) and without their trigger, as the v6 store did: alternately, 25
 * notes each way at a time (the first after each switch, whose statements
 * are prepared again, left out). */
static void
bench_notes (IcStore *store,
             int      rounds)
{
  g_autoptr(GArray) with_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) without_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(IcIncident) incident = g_list_model_get_item (ic_store_get_incidents (store), 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *trigger = NULL;
  sqlite3 *db = _ic_store_get_db (store);
  gboolean with = TRUE;

  trigger = dup_blocks_trigger (db);
  for (int r = 0; r < 2 * rounds; r++)
    {
      g_autofree char *text = g_strdup_printf ("checked the cache again, round %d", r);
      g_autoptr(IcTimelineEvent) note = NULL;
      gint64 t0;
      double ms;

      if (r > 0 && r % 25 == 0)
        {
          with = !with;
          if (sqlite3_exec (db, with ? trigger : "DROP TRIGGER search_event_blocks_insert",
                            NULL, NULL, NULL) != SQLITE_OK)
            g_error ("%s", sqlite3_errmsg (db));
        }
      t0 = g_get_monotonic_time ();
      note = ic_store_add_note (store, incident, text, &error);
      ms = ms_since (t0);
      if (note == NULL)
        g_error ("%s", error->message);
      if (r % 25 != 0)
        g_array_append_val (with ? with_ms : without_ms, ms);
    }
  if (!with && sqlite3_exec (db, trigger, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  report ("a note added to one incident, its block written again", with_ms);
  report ("  baseline: the same without the blocks (v6), alternated", without_ms);
}

/* @rounds incidents deleted, each with its events and their index rows
 * (ic_store_delete_incident(), one commit each). */
static void
bench_delete (IcStore *store,
              int      rounds,
              int      per_incident)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *label = g_strdup_printf ("an incident of %d events deleted", per_incident);

  for (int r = 0; r < rounds; r++)
    {
      g_autoptr(IcIncident) incident = g_list_model_get_item (ic_store_get_incidents (store),
                                                              (guint) r + 2);
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double t;

      if (!ic_store_delete_incident (store, incident, &error))
        g_error ("%s", error->message);
      t = ms_since (t0);
      g_array_append_val (ms, t);
    }
  report (label, ms);
}

static void
run (int n_incidents,
     int per_incident)
{
  g_autofree char *dir = g_dir_make_tmp ("ic-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "incidents.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  int rounds = n_incidents >= 50000 ? 11 : 31;
  gint64 t0 = g_get_monotonic_time ();

  g_print ("%d incidents x %d timeline events (%d events)\n", n_incidents, per_incident,
           n_incidents * per_incident);
  seed (path, n_incidents, per_incident);
  g_print ("  seeded in %.1f s (one transaction; full-text indexes kept by triggers, the timeline's blocks written at the end)\n",
           ms_since (t0) / 1000.0);

  bench_open (path, rounds);
  store = ic_store_open (path, NULL, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  /* Autosave alone first, then with the searches' connection open. */
  bench_autosave (store, 1000, "autosave commit (one incident's title)");
  bench_search (store);
  bench_search_two_words (store);
  bench_autosave (store, 1000, "autosave commit, after the searches");
  bench_memory (store);
  bench_notes (store, 500);
  bench_delete (store, 21, per_incident);
  ic_store_close (store);
  g_clear_object (&store);
  remove_database (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1)
    {
      run (atoi (argv[1]), argc > 2 ? atoi (argv[2]) : 100);
      return 0;
    }
  run (10000, 100);
  run (100000, 10);
  return 0;
}
