/* ic-store-search.c — full-text search of the store: the query, the
 * searches' own read-only connection in a worker thread, and results
 * streamed into the list in batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ic-incident-private.h"
#include "ic-store-private.h"

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return _ic_list_entry_compare (a, b);
}

/* Turns free text into an FTS5 query that cannot be a syntax error: every
 * word becomes a quoted prefix phrase, and the words are ANDed.
 * @one_token says whether it is one word of letters and digits only, which
 * the tokenizer keeps whole: a single token, which the timeline's blocks
 * find as its events do (schema v7). */
static char *
build_match_query (const char *query,
                   gboolean   *one_token)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\r\n", -1);
  GString *match = g_string_new (NULL);
  guint n_words = 0;
  gboolean all_alnum = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
        has_word_char |= g_unichar_isalnum (g_utf8_get_char (p));
      if (!has_word_char)
        continue;
      n_words++;
      for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
        all_alnum &= g_unichar_isalnum (g_utf8_get_char (p));
      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }
  *one_token = n_words == 1 && all_alnum;
  if (match->len == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }
  return g_string_free (match, FALSE);
}

/* A lazy list of the incidents of @entries (transfer full), in list order,
 * without those this store deleted since the search began. */
static GListModel *
new_search_list (IcStore *self,
                 GArray  *entries)
{
  IcIncidentList *list;
  GWeakRef *weak;

  if (entries != NULL && g_hash_table_size (self->deleted) > 0)
    {
      for (guint i = entries->len; i > 0; i--)
        {
          if (g_hash_table_contains (self->deleted, &g_array_index (entries, IcListEntry, i - 1).id))
            g_array_remove_index (entries, i - 1);
        }
    }
  list = _ic_incident_list_new (self, TRUE, entries);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, list);
  g_ptr_array_add (self->searches, weak);
  g_ptr_array_unref (_ic_store_dup_searches (self));  /* forgets the dead ones */
  return G_LIST_MODEL (list);
}

/* What an empty query finds: every incident, as the list is now. */
static GListModel *
new_all_list (IcStore *self)
{
  guint n;
  const IcListEntry *all = _ic_incident_list_get_entries (self->incidents, &n);
  GArray *entries = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry), n);

  g_array_append_vals (entries, all, n);
  return new_search_list (self, entries);
}

/* Reads the sort keys of what @stmt selects (id, created_at, open). */
static int
step_entries (sqlite3_stmt *stmt,
              GArray       *entries)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcListEntry entry = {
        .id = sqlite3_column_int64 (stmt, 0),
        .created_at = sqlite3_column_int64 (stmt, 1),
        .open = sqlite3_column_int (stmt, 2) != 0,
      };

      g_array_append_val (entries, entry);
    }
  return rc;
}

/* The ids of the incidents that match an FTS5 query (?1). The timeline's
 * indexes are keyed by incident: the rowid of search_events (schema v6), by
 * event, and of search_event_blocks (v7), by block of events, shifted right
 * is the incident's id; @events is the one the query may use (the blocks
 * for a single token; a phrase, or words that must all be in one event,
 * need the events). The events whose ids do not fit that key are in
 * search_timeline, by event id. */
#define SEARCH_SQL(events) \
  "SELECT rowid FROM search_incidents WHERE search_incidents MATCH ?1" \
  " UNION SELECT rowid >> 32 FROM " events " WHERE " events " MATCH ?1" \
  " UNION SELECT timeline.incident_id FROM search_timeline" \
  "   JOIN timeline ON timeline.id = search_timeline.rowid" \
  "   WHERE search_timeline MATCH ?1" \
  " UNION SELECT hypotheses.incident_id FROM search_hypotheses" \
  "   JOIN hypotheses ON hypotheses.id = search_hypotheses.rowid" \
  "   WHERE search_hypotheses MATCH ?1" \
  " UNION SELECT rowid FROM search_postmortem WHERE search_postmortem MATCH ?1"

/* Their sort keys, in list order. */
#define SEARCH_ENTRIES_SQL(events) \
  IC_STORE_ENTRIES_SQL " WHERE id IN (" SEARCH_SQL (events) ")" IC_STORE_ORDER_SQL

/**
 * ic_store_search:
 * @query: free text; every word must match (as a prefix) an incident's
 *   title, service, notes, timeline, hypotheses or postmortem
 *
 * Returns: (transfer full) (nullable): a new #IcIncidentList of the
 *   matching incidents in list order, built lazily as the live list is (the
 *   same instances); all incidents for an empty query. Incidents deleted
 *   later leave it; new ones and edits do not change it.
 */
GListModel *
ic_store_search (IcStore     *self,
                 const char  *query,
                 GError     **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
  g_autofree char *match = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean one_token;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (!_ic_store_ensure_open (self, error))
    return NULL;
  match = build_match_query (query ? query : "", &one_token);
  if (match == NULL)
    return _ic_store_read_whole_list (self, error) ? new_all_list (self) : NULL;

  /* Pending edits must be searchable at once. */
  if (!ic_store_flush (self, error))
    return NULL;
  stmt = _ic_store_prepare (self, one_token ? SEARCH_ENTRIES_SQL ("search_event_blocks")
                                            : SEARCH_ENTRIES_SQL ("search_events"), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  rc = step_entries (stmt, entries);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot search"));
      return NULL;
    }
  return new_search_list (self, g_steal_pointer (&entries));
}

/* The searches' read-only connection, kept open between searches so that
 * its page cache stays warm (a new connection per keystroke read the
 * index from the OS again: ~10 ms at 10,000 incidents × 100 events). One
 * search uses it at a time; a cancelled one gives it up within a few
 * thousand SQLite steps. Shared by the store and its searches under way. */
struct _IcSearchReader
{
  gatomicrefcount  ref;
  GMutex           lock;
  char            *path;
  sqlite3         *db;           /* nullable: opened by the first search */
  GCancellable    *cancellable;  /* borrowed: the running search's */
  GStatBuf         opened;       /* the file db was opened on */
};

static IcSearchReader *
search_reader_new (const char *path)
{
  IcSearchReader *reader = g_new0 (IcSearchReader, 1);

  g_atomic_ref_count_init (&reader->ref);
  g_mutex_init (&reader->lock);
  reader->path = g_strdup (path);
  return reader;
}

static IcSearchReader *
search_reader_ref (IcSearchReader *reader)
{
  g_atomic_ref_count_inc (&reader->ref);
  return reader;
}

void
_ic_search_reader_unref (IcSearchReader *reader)
{
  if (!g_atomic_ref_count_dec (&reader->ref))
    return;
  sqlite3_close (reader->db);
  g_mutex_clear (&reader->lock);
  g_free (reader->path);
  g_free (reader);
}

/* A search under way: the worker's part (the task data of its thread). */
typedef struct
{
  IcSearchReader *reader;   /* owned */
  char           *match;
  gboolean        one_token;  /* the timeline's blocks can answer it */
  GTask          *outer;    /* owned: what the caller waits for */
  GMainContext   *context;  /* owned: the caller's */
  GArray         *entries;  /* owned, nullable: the list's keys when the search began */
} Search;

/* The caller's part (the task data of the task it waits for). */
typedef struct
{
  IcIncidentList *list;      /* owned, nullable for an empty query */
  gboolean        returned;  /* the caller's task has its result */
} SearchResult;

/* What the worker found since its last batch, for the main thread. */
typedef struct
{
  GTask          *outer;    /* owned */
  GArray         *entries;  /* owned, nullable: IcListEntry, sorted */
  GError         *error;    /* owned, nullable: the search failed */
  gboolean        last;
} SearchBatch;

static void
search_free (Search *search)
{
  g_clear_pointer (&search->entries, g_array_unref);
  g_clear_pointer (&search->reader, _ic_search_reader_unref);
  g_free (search->match);
  g_clear_object (&search->outer);
  g_clear_pointer (&search->context, g_main_context_unref);
  g_free (search);
}

static void
search_result_free (SearchResult *result)
{
  g_clear_object (&result->list);
  g_free (result);
}

static void
search_batch_free (SearchBatch *batch)
{
  g_clear_object (&batch->outer);
  g_clear_pointer (&batch->entries, g_array_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

/* On the main thread: a batch of results goes into the list (without
 * what this store deleted meanwhile); the first one, or the end, gives
 * the caller its list. */
static gboolean
merge_batch_cb (gpointer user_data)
{
  SearchBatch *batch = user_data;
  IcStore *self = g_task_get_source_object (batch->outer);
  SearchResult *result = g_task_get_task_data (batch->outer);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (batch->outer));

  if (cancelled && !result->returned)
    {
      result->returned = TRUE;
      g_task_return_error_if_cancelled (batch->outer);
    }
  else if (cancelled)
    ;
  else if (batch->error != NULL && !result->returned)
    {
      result->returned = TRUE;
      g_task_return_error (batch->outer, g_steal_pointer (&batch->error));
    }
  else if (batch->error != NULL)
    g_debug ("A search stopped early: %s", batch->error->message);
  if (!cancelled && batch->entries != NULL && batch->entries->len > 0)
    {
      for (guint i = batch->entries->len; g_hash_table_size (self->deleted) > 0 && i > 0; i--)
        {
          if (g_hash_table_contains (self->deleted,
                                     &g_array_index (batch->entries, IcListEntry, i - 1).id))
            g_array_remove_index (batch->entries, i - 1);
        }
      _ic_incident_list_merge (result->list, batch->entries);
    }
  if (batch->last)
    _ic_incident_list_set_complete (result->list, TRUE);
  if (!result->returned)
    {
      result->returned = TRUE;
      g_task_return_boolean (batch->outer, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/* In the worker: hands @entries (in list order) to the main thread. */
static void
post_batch (Search  *search,
            GArray  *entries,
            GError  *error,
            gboolean last)
{
  SearchBatch *batch = g_new0 (SearchBatch, 1);

  batch->outer = g_object_ref (search->outer);
  batch->entries = entries;
  batch->error = error;
  batch->last = last;
  g_main_context_invoke_full (search->context, G_PRIORITY_DEFAULT, merge_batch_cb, batch,
                              (GDestroyNotify) search_batch_free);
}

/* SQLite asks every few thousand steps whether to go on. */
static int
reader_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* For a worker thread: a read-only connection of its own to @path (the
 * store's connection stays the main thread's), waiting for a writer as the
 * store does, and giving up a statement when @cancellable is cancelled.
 * Returns the SQLite result code; @db is to be closed either way. */
int
_ic_store_open_reader (const char    *path,
                       GCancellable  *cancellable,
                       sqlite3      **db)
{
  int rc = sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_busy_timeout (*db, IC_STORE_BUSY_TIMEOUT_MS);
  if (cancellable != NULL)
    sqlite3_progress_handler (*db, 1000, reader_progress_cb, cancellable);
  return SQLITE_OK;
}

static int
search_progress_cb (void *user_data)
{
  IcSearchReader *reader = user_data;

  return g_cancellable_is_cancelled (reader->cancellable) ? 1 : 0;
}

/* With the lock held: the reader's connection, (re)opened if the file at
 * its path is not the one it was opened on (moved, replaced, gone). */
static int
search_reader_open (IcSearchReader *reader)
{
  GStatBuf now;
  int rc;

  if (reader->db != NULL
      && (g_stat (reader->path, &now) != 0 || now.st_ino != reader->opened.st_ino
          || now.st_dev != reader->opened.st_dev))
    g_clear_pointer (&reader->db, sqlite3_close);
  if (reader->db != NULL)
    return SQLITE_OK;
  rc = _ic_store_open_reader (reader->path, NULL, &reader->db);
  if (rc != SQLITE_OK || g_stat (reader->path, &reader->opened) != 0)
    {
      if (rc == SQLITE_OK)
        rc = SQLITE_CANTOPEN;
      return rc;
    }
  sqlite3_progress_handler (reader->db, 1000, search_progress_cb, reader);
  return SQLITE_OK;
}

/* The ids of the matching incidents as SQLite finds them, each part in
 * turn, the cheap ones first, without sorting or removing duplicates (which
 * would wait for the last row): the worker does that as they come. The
 * timeline's indexes give each incident once per matching event or block,
 * one incident's together (schema v6, v7); search_timeline holds only the
 * events whose ids do not fit its key. */
#define STREAM_SQL(events) \
  "SELECT rowid FROM search_incidents WHERE search_incidents MATCH ?1" \
  " UNION ALL SELECT rowid FROM search_postmortem WHERE search_postmortem MATCH ?1" \
  " UNION ALL SELECT hypotheses.incident_id FROM search_hypotheses" \
  "   JOIN hypotheses ON hypotheses.id = search_hypotheses.rowid" \
  "   WHERE search_hypotheses MATCH ?1" \
  " UNION ALL SELECT rowid >> 32 FROM " events " WHERE " events " MATCH ?1" \
  " UNION ALL SELECT timeline.incident_id FROM search_timeline" \
  "   JOIN timeline ON timeline.id = search_timeline.rowid" \
  "   WHERE search_timeline MATCH ?1"

#define KEYS_SQL "SELECT created_at, status != 'resolved' FROM incidents WHERE id = ?1"

/* The first batch goes as soon as it fills the first page; then one at
 * most every STREAM_INTERVAL_US, so the main thread merges a few times. */
#define STREAM_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

/* What the search does with an entry of its copy of the list. */
enum {
  ENTRY_NOT_FOUND,
  ENTRY_FOUND,   /* in the next batch */
  ENTRY_POSTED,
};

/* The sort keys of the incidents a search finds. They come from a copy of
 * the list's, taken when the search began: found there by id, through a
 * table built at the first match, they go out in list order without being
 * sorted. (Reading them from the file cost ~1 µs per incident found, and a
 * scan of them all ~30 ms at 100,000 incidents.) An incident the copy does
 * not have (created since, here or by another program) is read from the
 * file. */
typedef struct
{
  sqlite3      *db;        /* borrowed: the searches' connection */
  GArray       *entries;   /* owned: IcListEntry, in list order */
  guint8       *state;     /* owned, nullable until the first match: per entry */
  guint32      *slots;     /* owned, nullable: entry index + 1 at id - min_id; 0: none */
  gint64        min_id;
  gsize         n_slots;
  GHashTable   *by_id;     /* owned, nullable: gint64* id → entry index + 1, if ids are sparse */
  sqlite3_stmt *read;      /* owned, nullable: KEYS_SQL */
  GHashTable   *read_ids;  /* owned: gint64* ids read from the file */
  GArray       *read_new;  /* owned: IcListEntry read from the file, for the next batch */
  guint         n_found;
} SearchKeys;

static void
search_keys_init (SearchKeys *keys,
                  sqlite3    *db,
                  GArray     *entries)
{
  memset (keys, 0, sizeof *keys);
  keys->db = db;
  keys->entries = entries;
  keys->read_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  keys->read_new = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
}

static void
search_keys_clear (SearchKeys *keys)
{
  g_clear_pointer (&keys->entries, g_array_unref);
  g_clear_pointer (&keys->state, g_free);
  g_clear_pointer (&keys->slots, g_free);
  g_clear_pointer (&keys->by_id, g_hash_table_unref);
  g_clear_pointer (&keys->read, sqlite3_finalize);
  g_clear_pointer (&keys->read_ids, g_hash_table_unref);
  g_clear_pointer (&keys->read_new, g_array_unref);
}

/* The table from ids to the copy's entries: direct while the ids are
 * dense (as SQLite gives them), a hash table otherwise. */
static void
index_keys (SearchKeys *keys)
{
  const IcListEntry *all = (const IcListEntry *) (gpointer) keys->entries->data;
  guint n = keys->entries->len;
  gint64 min_id = G_MAXINT64, max_id = G_MININT64;

  keys->state = g_new0 (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      min_id = MIN (min_id, all[i].id);
      max_id = MAX (max_id, all[i].id);
    }
  if (n > 0 && (guint64) (max_id - min_id) < 4 * (guint64) n + 4096)
    {
      keys->min_id = min_id;
      keys->n_slots = (gsize) (max_id - min_id) + 1;
      keys->slots = g_new0 (guint32, keys->n_slots);
      for (guint i = 0; i < n; i++)
        keys->slots[all[i].id - min_id] = i + 1;
      return;
    }
  keys->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (keys->by_id, (gpointer) &all[i].id, GUINT_TO_POINTER (i + 1));
}

/* Where @id is in the copy, or -1. */
static gssize
find_key (SearchKeys *keys,
          gint64      id)
{
  guint slot = 0;

  if (keys->slots != NULL)
    {
      if (id >= keys->min_id && (guint64) (id - keys->min_id) < keys->n_slots)
        slot = keys->slots[id - keys->min_id];
    }
  else
    slot = GPOINTER_TO_UINT (g_hash_table_lookup (keys->by_id, &id));
  return (gssize) slot - 1;
}

/* Reads @id's keys from the file, once. */
static int
read_key (SearchKeys *keys,
          gint64      id)
{
  int rc;

  if (g_hash_table_contains (keys->read_ids, &id))
    return SQLITE_DONE;
  g_hash_table_add (keys->read_ids, _ic_store_id_key (id));
  if (keys->read == NULL
      && (rc = sqlite3_prepare_v2 (keys->db, KEYS_SQL, -1, &keys->read, NULL)) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (keys->read, 1, id);
  rc = sqlite3_step (keys->read);
  if (rc == SQLITE_ROW)
    {
      IcListEntry entry = { id, sqlite3_column_int64 (keys->read, 0),
                            sqlite3_column_int (keys->read, 1) != 0 };

      g_array_append_val (keys->read_new, entry);
      keys->n_found++;
      rc = SQLITE_DONE;
    }
  sqlite3_reset (keys->read);
  return rc;
}

/* Marks @id found; returns SQLITE_DONE or an SQLite error. */
static int
add_key (SearchKeys *keys,
         gint64      id)
{
  gssize i;

  if (keys->state == NULL)
    index_keys (keys);
  i = find_key (keys, id);
  if (i < 0)
    return read_key (keys, id);
  if (keys->state[i] == ENTRY_NOT_FOUND)
    {
      keys->state[i] = ENTRY_FOUND;
      keys->n_found++;
    }
  return SQLITE_DONE;
}

/* What was found since the last batch, in list order. */
static GArray *
take_batch (SearchKeys *keys)
{
  GArray *batch = g_array_new (FALSE, FALSE, sizeof (IcListEntry));

  for (guint i = 0; keys->state != NULL && i < keys->entries->len; i++)
    {
      if (keys->state[i] == ENTRY_FOUND)
        {
          g_array_append_val (batch, g_array_index (keys->entries, IcListEntry, i));
          keys->state[i] = ENTRY_POSTED;
        }
    }
  if (keys->read_new->len > 0)
    {
      g_array_append_vals (batch, keys->read_new->data, keys->read_new->len);
      g_array_set_size (keys->read_new, 0);
      g_array_sort (batch, compare_entries);
    }
  return batch;
}

/* Steps @ids, marking each incident found and posting the batches.
 * Returns the SQLite result code. */
static int
stream_entries (Search       *search,
                sqlite3_stmt *ids,
                SearchKeys   *keys)
{
  gint64 posted_at = 0, last = 0;
  guint n_posted = 0;
  gboolean has_last = FALSE;
  int rc;

  while ((rc = sqlite3_step (ids)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);
      int added;

      /* The timeline's index gives one incident's events one after another. */
      if (has_last && id == last)
        continue;
      has_last = TRUE;
      last = id;
      if ((added = add_key (keys, id)) != SQLITE_DONE)
        return added;
      /* (The clock is read once per IC_STORE_PAGE_SIZE incidents found.) */
      if ((posted_at == 0 && keys->n_found >= IC_STORE_PAGE_SIZE)
          || (posted_at != 0 && keys->n_found - n_posted >= IC_STORE_PAGE_SIZE
              && keys->n_found % IC_STORE_PAGE_SIZE == 0
              && g_get_monotonic_time () - posted_at >= STREAM_INTERVAL_US))
        {
          post_batch (search, take_batch (keys), NULL, FALSE);
          n_posted = keys->n_found;
          posted_at = g_get_monotonic_time ();
        }
    }
  return rc;
}

/* In a worker thread, on the searches' read-only connection (the store's
 * connection stays the main thread's): streams what it finds to the main
 * thread in batches, the last one saying whether the search failed. */
static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Search *search = task_data;
  IcSearchReader *reader = search->reader;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) never = cancellable ? NULL : g_cancellable_new ();
  g_autoptr(GArray) batch = NULL;
  sqlite3_stmt *ids = NULL;
  SearchKeys keys;
  int rc;

  g_mutex_lock (&reader->lock);
  reader->cancellable = cancellable ? cancellable : never;
  rc = search_reader_open (reader);
  search_keys_init (&keys, reader->db, g_steal_pointer (&search->entries));
  if (rc == SQLITE_OK && !g_cancellable_is_cancelled (cancellable))
    rc = sqlite3_prepare_v2 (reader->db, search->one_token ? STREAM_SQL ("search_event_blocks")
                                                           : STREAM_SQL ("search_events"),
                             -1, &ids, NULL);
  if (rc == SQLITE_OK && !g_cancellable_is_cancelled (cancellable))
    {
      sqlite3_bind_text (ids, 1, search->match, -1, SQLITE_STATIC);
      rc = stream_entries (search, ids, &keys);
    }
  /* Cancelled, the step was interrupted: say so, not what SQLite says. */
  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) && rc != SQLITE_DONE)
    _ic_store_set_sqlite_error (&error, reader->path, reader->db, rc, _("Cannot search"));
  sqlite3_finalize (ids);
  batch = take_batch (&keys);
  search_keys_clear (&keys);
  /* A connection that failed is opened anew by the next search. */
  if (rc != SQLITE_DONE && rc != SQLITE_OK && !g_cancellable_is_cancelled (cancellable))
    g_clear_pointer (&reader->db, sqlite3_close);
  reader->cancellable = NULL;
  g_mutex_unlock (&reader->lock);
  post_batch (search, g_steal_pointer (&batch), g_steal_pointer (&error), TRUE);
  g_task_return_boolean (task, TRUE);
}

/**
 * ic_store_search_async:
 * @query: as for ic_store_search()
 * @cancellable: (nullable): cancels the search (a new query typed)
 *
 * Searches like ic_store_search(), without blocking the main loop on the
 * full-text index: pending edits are saved first (they must be found), then
 * the query runs in a worker thread on a read-only connection kept for the
 * searches. The results are streamed: @callback is called as soon as they
 * fill the first page (or when the search ends, if they do not), and the
 * list that ic_store_search_finish() returns goes on growing, in list order,
 * until its #IcIncidentList:complete is %TRUE. Cancelling stops it.
 * An empty query completes with every incident, without a worker.
 */
void
ic_store_search_async (IcStore             *self,
                       const char          *query,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *match = NULL;
  gboolean one_token;
  SearchResult *result;
  Search *search;

  g_return_if_fail (IC_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_store_search_async);
  result = g_new0 (SearchResult, 1);
  g_task_set_task_data (task, result, (GDestroyNotify) search_result_free);
  /* The worker sorts by the list's keys: the list is read whole first. */
  if (!_ic_store_ensure_open (self, &error) || !ic_store_flush (self, &error)
      || !_ic_store_read_whole_list (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  match = build_match_query (query ? query : "", &one_token);
  if (match == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  result->list = IC_INCIDENT_LIST (new_search_list (self, NULL));
  _ic_incident_list_set_complete (result->list, FALSE);
  if (self->search_reader == NULL)
    self->search_reader = search_reader_new (self->path);
  search = g_new0 (Search, 1);
  search->reader = search_reader_ref (self->search_reader);
  search->match = g_steal_pointer (&match);
  search->one_token = one_token;
  search->outer = g_object_ref (task);
  search->context = g_main_context_ref_thread_default ();
  search->entries = _ic_incident_list_share_entries (self->incidents);
  worker = g_task_new (self, cancellable, NULL, NULL);
  g_task_set_source_tag (worker, search_thread);
  g_task_set_task_data (worker, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (worker, search_thread);
}

/**
 * ic_store_search_finish:
 *
 * Returns: (transfer full) (nullable): as ic_store_search(): a lazy list
 *   of the matching incidents (the live list's instances) in list order,
 *   still growing until its #IcIncidentList:complete is %TRUE; or %NULL with
 *   an error (%G_IO_ERROR_CANCELLED when it was cancelled)
 */
GListModel *
ic_store_search_finish (IcStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  SearchResult *found;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  found = g_task_get_task_data (G_TASK (result));
  if (found->list == NULL)
    return new_all_list (self);
  return G_LIST_MODEL (g_object_ref (found->list));
}
