/* ic-store.c — the SQLite store: schema, migrations, model cache, autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ic-change.h"
#include "ic-clock.h"
#include "ic-decision-check.h"
#include "ic-incident-private.h"
#include "ic-store-private.h"
#include "ic-timeline-event-private.h"


/* A failed autosave is tried again after the autosave delay doubled per
 * consecutive failure, up to this; after SAVE_ERROR_AFTER failures in a
 * row the store says so (IcStore:save-error). */
#define AUTOSAVE_RETRY_MAX_MS 5000
#define SAVE_ERROR_AFTER 2
#define RETRY_BUSY_TIMEOUT_MS 100

/* The WAL is checkpointed by a thread of its own (ic-store-checkpoint.c)
 * once it holds this many pages (SQLite's own threshold), and by the
 * committing thread itself only if it reaches WAL_LIMIT_FACTOR times that:
 * that thread failing, or an unbroken run of commits that never leaves it
 * the moment to copy everything (the WAL starts over only then). A WAL file
 * grown beyond the limit (a reader kept it from starting over) is cut back
 * to it when it does. */
#define CHECKPOINT_PAGES 1000
#define WAL_LIMIT_FACTOR 10


enum {
  PROP_0,
  PROP_PATH,
  PROP_CLOCK,
  PROP_HAS_PENDING_CHANGES,
  PROP_SAVE_ERROR,
  N_PROPS
};

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcStore, ic_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ic-store-error-quark, ic_store_error)

static void incident_notify_cb (IcIncident *incident,
                                GParamSpec *pspec,
                                IcStore    *self);

/* Errors ---------------------------------------------------------------- */

static IcStoreError
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return IC_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
      return IC_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return IC_STORE_ERROR_LOCKED;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_FULL:
      return IC_STORE_ERROR_IO;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return IC_STORE_ERROR_INVALID;
    default:
      return IC_STORE_ERROR_FAILED;
    }
}

static const char *
describe_code (IcStoreError code)
{
  switch (code)
    {
    case IC_STORE_ERROR_CORRUPT:
      return _("the file is not a database or is damaged");
    case IC_STORE_ERROR_READ_ONLY:
      return _("the database is read-only");
    case IC_STORE_ERROR_LOCKED:
      return _("the database is locked by another program");
    case IC_STORE_ERROR_IO:
      return _("the file cannot be read or written");
    case IC_STORE_ERROR_FAILED:
    case IC_STORE_ERROR_NOT_OURS:
    case IC_STORE_ERROR_NEWER_SCHEMA:
    case IC_STORE_ERROR_NOT_FOUND:
    case IC_STORE_ERROR_INVALID:
    default:
      return NULL;
    }
}

/* Sets @error from the state of @db (a connection to @path), naming the file
 * and what was being done. */
void
_ic_store_set_sqlite_error (GError     **error,
                  const char  *path,
                  sqlite3     *db,
                  int          rc,
                  const char  *doing)
{
  IcStoreError code = error_code_for_sqlite (rc);
  const char *what = describe_code (code);
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* SQLite's own text only repeats what we say for these; keep it for the rest. */
  if (what != NULL && code != IC_STORE_ERROR_IO)
    g_set_error (error, IC_STORE_ERROR, code, _("%s “%s”: %s"), doing, path, what);
  else if (what != NULL)
    g_set_error (error, IC_STORE_ERROR, code, _("%s “%s”: %s (%s)"), doing, path, what, detail);
  else
    g_set_error (error, IC_STORE_ERROR, code, _("%s “%s”: %s"), doing, path, detail);
}

/* Sets @error from SQLite's state, naming the file and what was being done. */
void
_ic_store_set_error (GError     **error,
                  IcStore     *self,
                  int          rc,
                  const char  *doing)
{
  _ic_store_set_sqlite_error (error, self->path, self->db, rc, doing);
}

gboolean
_ic_store_exec (IcStore     *self,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, doing);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare_doing (IcStore     *self,
               const char  *sql,
               const char  *doing,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, doing);
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
_ic_store_prepare (IcStore     *self,
         const char  *sql,
         GError     **error)
{
  return prepare_doing (self, sql, _("Cannot read the database"), error);
}

/* The statements of the paths a responder walks, compiled once per
 * connection: compiling the timeline's insert (with its search triggers)
 * was a tenth of the frame that answers a key which records a fact. */
typedef struct
{
  sqlite3_stmt *stmt;
  gboolean      in_use;
} CachedStmt;

static void
cached_stmt_free (gpointer data)
{
  CachedStmt *cached = data;

  g_warn_if_fail (!cached->in_use);
  sqlite3_finalize (cached->stmt);
  g_free (cached);
}

void
_ic_store_stmt_clear (IcStoreStmt *lent)
{
  if (lent->stmt == NULL)
    return;
  if (lent->in_use != NULL)
    {
      sqlite3_reset (lent->stmt);
      sqlite3_clear_bindings (lent->stmt);
      *lent->in_use = FALSE;
    }
  else
    sqlite3_finalize (lent->stmt);
  lent->stmt = NULL;
  lent->in_use = NULL;
}

/**
 * _ic_store_cached:
 * @sql: constant SQL (the cache holds one statement per distinct text)
 * @out: (out caller-allocates): zero-initialised, declared with g_auto
 *
 * Lends the statement for @sql, compiling it the first time. A caller
 * nested in another's use of the same statement gets a statement of its
 * own, finalized when its scope ends.
 */
gboolean
_ic_store_cached (IcStore      *self,
                  const char   *sql,
                  IcStoreStmt  *out,
                  GError      **error)
{
  CachedStmt *cached;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (out->stmt == NULL, FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  cached = g_hash_table_lookup (self->stmts, sql);
  if (cached != NULL && !cached->in_use)
    {
      cached->in_use = TRUE;
      out->stmt = cached->stmt;
      out->in_use = &cached->in_use;
      return TRUE;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, cached == NULL ? SQLITE_PREPARE_PERSISTENT : 0,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the database"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  self->n_prepared++;
  out->stmt = stmt;
  if (cached == NULL)
    {
      cached = g_new0 (CachedStmt, 1);
      cached->stmt = stmt;
      cached->in_use = TRUE;
      g_hash_table_insert (self->stmts, g_strdup (sql), cached);
      out->in_use = &cached->in_use;
    }
  return TRUE;
}

guint
_ic_store_get_n_prepared (IcStore *self)
{
  return self->n_prepared;
}

/* For the tests: whether the statement for @sql is kept prepared. */
gboolean
_ic_store_has_cached (IcStore    *self,
                      const char *sql)
{
  return g_hash_table_contains (self->stmts, sql);
}

static gboolean
query_int64 (IcStore     *self,
             const char  *sql,
             gint64      *out,
             GError     **error)
{
  const char *doing = _("Cannot open the database");
  g_autoptr(sqlite3_stmt) stmt = prepare_doing (self, sql, doing, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _ic_store_set_error (error, self, rc, doing);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
_ic_store_ensure_open (IcStore  *self,
             GError  **error)
{
  if (self->db != NULL)
    return TRUE;
  g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED, _("The database “%s” is closed"),
               self->path);
  return FALSE;
}

/* The incident list and the incident cache ------------------------------ */


/* How many built incidents the cache keeps when no one else holds them:
 * beyond this, the least recently asked for are dropped (never one that is
 * held elsewhere, being edited or not yet saved). */
#define CACHE_LIMIT 1024


/* Newest rows first: incidents are mostly created in id order, so each of
 * the two parts (open, resolved) usually comes out sorted already. */
#define ALL_ENTRIES_SQL IC_STORE_ENTRIES_SQL " ORDER BY id DESC"

/* The pages read when the main loop is idle, after the first: some 1 ms
 * each at 2 kHz per row on a slow machine. */
#define LIST_MORE_PAGE 2048


typedef struct
{
  IcIncident *incident;  /* owned */
  guint64     used;      /* the store's tick when a list last asked for it */
} Cached;

static void
cached_free (gpointer data)
{
  Cached *cached = data;

  g_object_unref (cached->incident);
  g_free (cached);
}

static IcIncident *
get_cached (IcStore *self,
            gint64   id)
{
  Cached *cached = g_hash_table_lookup (self->by_id, &id);

  return cached != NULL ? cached->incident : NULL;
}

gint64 *
_ic_store_id_key (gint64 id)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  return key;
}

static void
entry_of_incident (IcIncident  *incident,
                   IcListEntry *entry)
{
  entry->id = ic_incident_get_id (incident);
  entry->created_at = ic_incident_get_created_at (incident);
  entry->open = ic_incident_get_is_open (incident);
}

static void
index_incident (IcStore    *self,
                IcIncident *incident)
{
  Cached *cached = g_new0 (Cached, 1);

  cached->incident = g_object_ref (incident);
  cached->used = ++self->tick;
  g_hash_table_insert (self->by_id, _ic_store_id_key (ic_incident_get_id (incident)), cached);
  g_signal_connect_object (incident, "notify", G_CALLBACK (incident_notify_cb), self, 0);
}

/* Forgets a cached incident no one else holds. */
static void
drop_cached (IcStore *self,
             Cached  *cached)
{
  gint64 id = ic_incident_get_id (cached->incident);

  g_signal_handlers_disconnect_by_func (cached->incident, incident_notify_cb, self);
  g_hash_table_remove (self->by_id, &id);
}

static void
track_incident (IcStore    *self,
                IcIncident *incident)
{
  IcListEntry entry;

  index_incident (self, incident);
  entry_of_incident (incident, &entry);
  /* SQLite may give a deleted incident's id to a new one. */
  g_hash_table_remove (self->deleted, &entry.id);
  if (self->list_more_id != 0)
    g_hash_table_add (self->list_placed, _ic_store_id_key (entry.id));
  _ic_incident_list_insert_sorted (self->incidents, &entry);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The search results still alive (transfer full), forgetting the others.
 * Weak references: a search list may be dropped in any thread. */
GPtrArray *
_ic_store_dup_searches (IcStore *self)
{
  GPtrArray *alive = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = self->searches->len; i > 0; i--)
    {
      IcIncidentList *list = g_weak_ref_get (g_ptr_array_index (self->searches, i - 1));

      if (list != NULL)
        g_ptr_array_add (alive, list);
      else
        g_ptr_array_remove_index_fast (self->searches, i - 1);
    }
  return alive;
}

static void
untrack_incident (IcStore    *self,
                  IcIncident *incident)
{
  g_autoptr(IcIncident) hold = g_object_ref (incident);
  gint64 id = ic_incident_get_id (incident);
  g_autoptr(GPtrArray) searches = _ic_store_dup_searches (self);

  g_signal_handlers_disconnect_by_func (incident, incident_notify_cb, self);
  g_hash_table_remove (self->dirty, incident);
  _ic_store_forget_incident_parts (self, id);
  g_hash_table_add (self->deleted, _ic_store_id_key (id));
  if (self->list_more_id != 0)
    g_hash_table_add (self->list_placed, _ic_store_id_key (id));
  _ic_incident_list_remove (self->incidents, id);
  for (guint i = 0; i < searches->len; i++)
    _ic_incident_list_remove (g_ptr_array_index (searches, i), id);
  if (get_cached (self, id) == incident)
    g_hash_table_remove (self->by_id, &id);
}

/* Moves @incident to its sorted place in the list, if it is not there. */
static void
resort_incident (IcStore    *self,
                 IcIncident *incident)
{
  IcListEntry entry;

  entry_of_incident (incident, &entry);
  /* While pages are still to come, the incident is placed by its edit
   * (even if its page has not come yet) and its row is skipped when it
   * comes: what is in the file may be older than the edit. */
  if (self->list_more_id != 0)
    {
      g_hash_table_add (self->list_placed, _ic_store_id_key (entry.id));
      if (!ic_incident_list_find (self->incidents, entry.id, NULL))
        {
          _ic_incident_list_insert_sorted (self->incidents, &entry);
          return;
        }
    }
  _ic_incident_list_update (self->incidents, &entry);
}

static int
compare_by_use (gconstpointer a,
                gconstpointer b)
{
  const Cached *ca = *(Cached * const *) a;
  const Cached *cb = *(Cached * const *) b;

  return ca->used < cb->used ? -1 : (ca->used > cb->used ? 1 : 0);
}

/* Keeps the cache bounded: beyond CACHE_LIMIT, the incidents asked for
 * longest ago go, down to three quarters of it (so this runs once per
 * few pages, not per item), if only the cache holds them and they have
 * nothing unsaved. */
static void
evict_unused (IcStore *self)
{
  g_autoptr(GPtrArray) unused = NULL;
  GHashTableIter iter;
  gpointer value;
  guint size = g_hash_table_size (self->by_id);
  guint target = CACHE_LIMIT * 3 / 4;

  if (size <= CACHE_LIMIT)
    return;
  unused = g_ptr_array_sized_new (size);
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Cached *cached = value;

      if (g_atomic_int_get (&G_OBJECT (cached->incident)->ref_count) == 1
          && !g_hash_table_contains (self->dirty, cached->incident))
        g_ptr_array_add (unused, cached);
    }
  g_ptr_array_sort (unused, compare_by_use);
  for (guint i = 0; i < unused->len && g_hash_table_size (self->by_id) > target; i++)
    drop_cached (self, g_ptr_array_index (unused, i));
}

/* The statement that reads one incident's row (transfer full). */
static char *
incident_row_sql (void)
{
  return g_strdup_printf ("SELECT %s FROM incidents WHERE id = ?1",
                          _ic_incident_get_select_columns ());
}

static IcIncident *
load_incident_row (IcStore  *self,
                   gint64    id,
                   GError  **error)
{
  g_autofree char *sql = incident_row_sql ();
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!_ic_store_cached (self, sql, &lent, error))
    return NULL;
  stmt = lent.stmt;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   _("No incident with id %lld"), (long long) id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read"));
      return NULL;
    }
  self->n_built++;
  return _ic_incident_new_from_row (stmt);
}

/* The statement that reads up to IC_STORE_PAGE_SIZE rows by id (?1 … ?IC_STORE_PAGE_SIZE;
 * unused parameters stay NULL, which matches nothing). Kept prepared. */
static sqlite3_stmt *
get_page_statement (IcStore  *self,
                    GError  **error)
{
  GString *sql;

  if (self->page_stmt != NULL)
    {
      sqlite3_reset (self->page_stmt);
      sqlite3_clear_bindings (self->page_stmt);
      return self->page_stmt;
    }
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT %s FROM incidents WHERE id IN (",
                          _ic_incident_get_select_columns ());
  for (guint i = 1; i <= IC_STORE_PAGE_SIZE; i++)
    g_string_append_printf (sql, i > 1 ? ", ?%u" : "?%u", i);
  g_string_append_c (sql, ')');
  self->page_stmt = _ic_store_prepare (self, sql->str, error);
  g_string_free (sql, TRUE);
  return self->page_stmt;
}

/* Builds the incidents of @ids (at most IC_STORE_PAGE_SIZE) that are not cached
 * yet, or, for those that are, applies their row when @apply is set
 * (another program may have written them). @seen gets each id read. */
static gboolean
read_rows (IcStore       *self,
           const gint64  *ids,
           guint          n_ids,
           gboolean       apply,
           GHashTable    *seen,
           GError       **error)
{
  sqlite3_stmt *stmt = get_page_statement (self, error);
  int rc;

  g_assert (n_ids <= IC_STORE_PAGE_SIZE);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
  self->loading = TRUE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      IcIncident *cached = get_cached (self, id);

      if (seen != NULL)
        g_hash_table_add (seen, _ic_store_id_key (id));
      if (cached == NULL)
        {
          g_autoptr(IcIncident) incident = _ic_incident_new_from_row (stmt);

          self->n_built++;
          index_incident (self, incident);
        }
      /* Unsaved local edits win over what another program wrote. */
      else if (apply && !g_hash_table_contains (self->dirty, cached))
        _ic_incident_apply_row (cached, stmt);
    }
  self->loading = FALSE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the incidents of"));
      return FALSE;
    }
  return TRUE;
}

/* Builds the page of @list that starts at @start, what is not cached. */
static void
load_page (IcStore        *self,
           IcIncidentList *list,
           guint           start)
{
  g_autoptr(GError) error = NULL;
  guint n;
  const IcListEntry *entries = _ic_incident_list_get_entries (list, &n);
  gint64 ids[IC_STORE_PAGE_SIZE];
  guint n_ids = 0;

  for (guint i = start; i < n && i < start + IC_STORE_PAGE_SIZE; i++)
    {
      if (!g_hash_table_contains (self->by_id, &entries[i].id))
        ids[n_ids++] = entries[i].id;
    }
  if (n_ids > 0 && !read_rows (self, ids, n_ids, FALSE, NULL, &error))
    g_debug ("Could not read a page of incidents: %s", error->message);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  IcStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->refresh_id = 0;
  if (self->db != NULL && !ic_store_refresh (self, &error))
    g_debug ("Could not read the incidents again: %s", error->message);
  return G_SOURCE_REMOVE;
}

IcIncident *
_ic_store_get_list_item (IcStore        *self,
                         IcIncidentList *list,
                         guint           position)
{
  guint n;
  const IcListEntry *entries = _ic_incident_list_get_entries (list, &n);
  gint64 id = entries[position].id;
  Cached *cached = g_hash_table_lookup (self->by_id, &id);
  IcIncident *item;

  if (cached == NULL && self->db != NULL)
    {
      load_page (self, list, position - position % IC_STORE_PAGE_SIZE);
      cached = g_hash_table_lookup (self->by_id, &id);
    }
  if (cached == NULL)
    {
      /* Deleted by another program since the list was read: the next
       * refresh takes it out of the list. */
      if (self->refresh_id == 0 && self->db != NULL)
        self->refresh_id = g_idle_add (refresh_idle_cb, self);
      return NULL;
    }
  cached->used = ++self->tick;
  item = g_object_ref (cached->incident);
  evict_unused (self);
  return item;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return _ic_list_entry_compare (a, b);
}

static void
sort_entries (GArray *entries)
{
  for (guint i = 1; i < entries->len; i++)
    {
      if (_ic_list_entry_compare (&g_array_index (entries, IcListEntry, i - 1),
                                  &g_array_index (entries, IcListEntry, i)) > 0)
        {
          g_array_sort (entries, compare_entries);
          return;
        }
    }
}

/* Every incident's sort keys, in list order: open ones and resolved ones
 * read apart, each usually in order as read. */
static GArray *
read_entries (IcStore  *self,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _ic_store_prepare (self, ALL_ENTRIES_SQL, error);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
  g_autoptr(GArray) resolved = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcListEntry entry = {
        .id = sqlite3_column_int64 (stmt, 0),
        .created_at = sqlite3_column_int64 (stmt, 1),
        .open = sqlite3_column_int (stmt, 2) != 0,
      };

      g_array_append_val (entry.open ? entries : resolved, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the incidents of"));
      return NULL;
    }
  sort_entries (entries);
  sort_entries (resolved);
  g_array_append_vals (entries, resolved->data, resolved->len);
  return g_steal_pointer (&entries);
}

/* Re-reads the rows of every cached incident; those another program
 * deleted are dropped. */
static gboolean
reread_cached (IcStore  *self,
               GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  for (guint i = 0; i < ids->len; i += IC_STORE_PAGE_SIZE)
    {
      if (!read_rows (self, &g_array_index (ids, gint64, i), MIN (IC_STORE_PAGE_SIZE, ids->len - i),
                      TRUE, seen, error))
        return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      IcIncident *gone = g_hash_table_contains (seen, &id) ? NULL : get_cached (self, id);

      if (gone != NULL)
        untrack_incident (self, gone);
    }
  return TRUE;
}

/* Unsaved edits keep their own place in the list. */
static void
apply_dirty_keys (IcStore *self,
                  GArray  *entries)
{
  GHashTableIter iter;
  gpointer key;
  gboolean moved = FALSE;

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      IcListEntry live;

      if (!IC_IS_INCIDENT (key))
        continue;
      entry_of_incident (IC_INCIDENT (key), &live);
      for (guint i = 0; i < entries->len; i++)
        {
          IcListEntry *entry = &g_array_index (entries, IcListEntry, i);

          if (entry->id == live.id)
            {
              moved |= entry->open != live.open || entry->created_at != live.created_at;
              *entry = live;
              break;
            }
        }
    }
  if (moved)
    g_array_sort (entries, compare_entries);
}

/* Search results lose what another program deleted. */
static void
prune_searches (IcStore *self,
                GArray  *entries)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) searches = _ic_store_dup_searches (self);

  if (searches->len == 0)
    return;
  ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (ids, &g_array_index (entries, IcListEntry, i).id);
  for (guint s = 0; s < searches->len; s++)
    {
      IcIncidentList *search = g_ptr_array_index (searches, s);
      guint n;
      const IcListEntry *found = _ic_incident_list_get_entries (search, &n);
      GArray *kept = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry), n);

      for (guint i = 0; i < n; i++)
        {
          if (g_hash_table_contains (ids, &found[i].id))
            g_array_append_val (kept, found[i]);
        }
      _ic_incident_list_replace (search, kept);
    }
}

/* Appends to @entries up to @max entries of the list that come after
 * @after (from the start when it is %NULL), in list order: open ones, then
 * resolved ones. */
static gboolean
read_list_page (IcStore            *self,
                const IcListEntry  *after,
                guint               max,
                GArray             *entries,
                GError            **error)
{
  for (guint part = 0; part < 2 && entries->len < max; part++)
    {
      gboolean open = part == 0;
      gint64 created_at = G_MAXINT64, id = G_MAXINT64;
      g_auto (IcStoreStmt) lent = { 0 };
      int rc;

      /* A resolved entry is past every open one. */
      if (open && after != NULL && !after->open)
        continue;
      if (after != NULL && after->open == open)
        {
          created_at = after->created_at;
          id = after->id;
        }
      if (!_ic_store_cached (self, open ? IC_STORE_OPEN_PAGE_SQL : IC_STORE_RESOLVED_PAGE_SQL,
                             &lent, error))
        return FALSE;
      sqlite3_bind_int64 (lent.stmt, 1, created_at);
      sqlite3_bind_int64 (lent.stmt, 2, id);
      sqlite3_bind_int64 (lent.stmt, 3, max - entries->len);
      while ((rc = sqlite3_step (lent.stmt)) == SQLITE_ROW)
        {
          IcListEntry entry = {
            .id = sqlite3_column_int64 (lent.stmt, 0),
            .created_at = sqlite3_column_int64 (lent.stmt, 1),
            .open = open,
          };

          g_array_append_val (entries, entry);
        }
      if (rc != SQLITE_DONE)
        {
          _ic_store_set_error (error, self, rc, _("Cannot read the incidents of"));
          return FALSE;
        }
    }
  return TRUE;
}

/* The last page has come (or the list is about to be read whole). */
static void
list_is_whole (IcStore *self)
{
  g_hash_table_remove_all (self->list_placed);
  _ic_incident_list_set_complete (self->incidents, TRUE);
}

/* No more pages: the list is whole (or about to be read whole). */
static void
stop_list_pages (IcStore *self)
{
  if (self->list_more_id == 0)
    return;
  g_clear_handle_id (&self->list_more_id, g_source_remove);
  list_is_whole (self);
}

/* Reads the next @max entries of the list into it, at their places, but
 * those the store's edits have placed or deleted since the first page.
 * Returns whether that was the last page. */
static gboolean
read_more (IcStore  *self,
           guint     max,
           gboolean *last,
           GError  **error)
{
  g_autoptr(GArray) page = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry),
                                              MIN (max, LIST_MORE_PAGE));
  GArray *kept;

  if (!read_list_page (self, &self->list_last, max, page, error))
    return FALSE;
  *last = page->len < max;
  if (page->len == 0)
    return TRUE;
  self->list_last = g_array_index (page, IcListEntry, page->len - 1);
  kept = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry), page->len);
  for (guint i = 0; i < page->len; i++)
    {
      const IcListEntry *entry = &g_array_index (page, IcListEntry, i);

      if (!g_hash_table_contains (self->list_placed, &entry->id)
          && !g_hash_table_contains (self->deleted, &entry->id))
        g_array_append_val (kept, *entry);
    }
  _ic_incident_list_merge (self->incidents, kept);
  g_array_unref (kept);
  return TRUE;
}

/* Reads what is left of the list (IC_STORE_OPEN_LIST_IN_PAGES) at once:
 * for a search, which sorts its results by the list's keys. */
gboolean
_ic_store_read_whole_list (IcStore  *self,
                           GError  **error)
{
  gboolean last = FALSE;

  if (self->list_more_id == 0)
    return TRUE;
  if (!read_more (self, G_MAXINT, &last, error))
    return FALSE;
  stop_list_pages (self);
  return TRUE;
}

static gboolean
read_more_cb (gpointer user_data)
{
  IcStore *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean last = FALSE;

  if (!read_more (self, LIST_MORE_PAGE, &last, &error))
    {
      /* The next refresh reads the list whole. */
      g_debug ("Could not read more of the incidents: %s", error->message);
      self->data_version = -1;
      last = TRUE;
    }
  if (!last)
    return G_SOURCE_CONTINUE;
  self->list_more_id = 0;
  list_is_whole (self);
  return G_SOURCE_REMOVE;
}

/* The list's first page (at open, IC_STORE_OPEN_LIST_IN_PAGES); the rest
 * comes when the main loop is idle. */
static gboolean
load_first_page (IcStore  *self,
                 GError  **error)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry),
                                                 IC_STORE_LIST_FIRST_PAGE);

  if (!read_list_page (self, NULL, IC_STORE_LIST_FIRST_PAGE, entries, error))
    return FALSE;
  if (entries->len == IC_STORE_LIST_FIRST_PAGE)
    {
      self->list_last = g_array_index (entries, IcListEntry, entries->len - 1);
      self->list_more_id = g_idle_add_full (G_PRIORITY_LOW, read_more_cb, self, NULL);
      _ic_incident_list_set_complete (self->incidents, FALSE);
    }
  _ic_incident_list_replace (self->incidents, g_steal_pointer (&entries));
  return TRUE;
}

/* Reads the list again (at open, or after another program wrote). */
static gboolean
load_incidents (IcStore  *self,
                GError  **error)
{
  g_autoptr(GArray) entries = NULL;

  /* Read whole below: the pages still to come are not needed. */
  stop_list_pages (self);
  entries = read_entries (self, error);

  if (entries == NULL || !reread_cached (self, error))
    return FALSE;
  apply_dirty_keys (self, entries);
  prune_searches (self, entries);
  for (guint i = 0; g_hash_table_size (self->deleted) > 0 && i < entries->len; i++)
    g_hash_table_remove (self->deleted, &g_array_index (entries, IcListEntry, i).id);
  _ic_incident_list_replace (self->incidents, g_steal_pointer (&entries));
  return TRUE;
}

/* Automatic timeline entries are best effort: a failure to record one must
 * not undo the edit that caused it, so it is logged for debugging only. */
void
_ic_store_record_event (IcStore    *self,
              IcIncident *incident,
              const char *kind,
              const char *text,
              const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) event = NULL;

  event = ic_store_add_timeline_event (self, incident, kind, text, reference, &error);
  if (event == NULL)
    g_debug ("Could not record “%s”: %s", text, error->message);
}

/* Autosave -------------------------------------------------------------- */

static gboolean autosave_cb (gpointer user_data);

static void
set_save_error (IcStore    *self,
                const char *message)
{
  if (g_strcmp0 (self->save_error, message) == 0)
    return;
  g_free (self->save_error);
  self->save_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_ERROR]);
}

/* Edits that could not be committed are kept and tried again, sooner at
 * first and then less often, without waiting for the next edit. */
static void
schedule_retry (IcStore    *self,
                const char *message)
{
  guint delay = IC_STORE_AUTOSAVE_DELAY_MS;

  self->save_failures++;
  for (guint i = 0; i < self->save_failures && delay < AUTOSAVE_RETRY_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, AUTOSAVE_RETRY_MAX_MS);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (delay, autosave_cb, self);
  if (self->save_failures >= SAVE_ERROR_AFTER)
    set_save_error (self, message);
}

static gboolean
autosave_cb (gpointer user_data)
{
  IcStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;
  /* A retry waits for the lock only briefly: the window stays responsive
   * while another program holds the database for a long time. */
  if (self->save_failures > 0 && self->db != NULL)
    sqlite3_busy_timeout (self->db, RETRY_BUSY_TIMEOUT_MS);
  if (!ic_store_flush (self, &error))
    g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, IC_STORE_BUSY_TIMEOUT_MS);
  return G_SOURCE_REMOVE;
}

static void
incident_notify_cb (IcIncident *incident,
                    GParamSpec *pspec,
                    IcStore    *self)
{
  if (self->loading || !ic_incident_is_persistent_property (pspec->name))
    return;

  _ic_store_mark_dirty (self, G_OBJECT (incident));

  if (g_str_equal (pspec->name, "created-at"))
    resort_incident (self, incident);
  if (g_str_equal (pspec->name, "status"))
    {
      g_autofree char *text = NULL;

      resort_incident (self, incident);
      ic_incident_stamp_status_times (incident, ic_clock_get_now (self->clock));
      text = g_strdup_printf (_("Status changed to %s"),
                              ic_incident_status_get_label (ic_incident_get_status (incident)));
      _ic_store_record_event (self, incident, IC_TIMELINE_KIND_STATUS_CHANGED, text, NULL);
    }
}

/**
 * _ic_store_mark_dirty:
 * @object: an #IcIncident or #IcChange of this store
 *
 * Schedules @object to be written within the autosave delay.
 */
void
_ic_store_mark_dirty (IcStore *self,
                      GObject *object)
{
  gboolean was_clean = g_hash_table_size (self->dirty) == 0;

  if (!g_hash_table_contains (self->dirty, object))
    g_hash_table_add (self->dirty, g_object_ref (object));
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add (IC_STORE_AUTOSAVE_DELAY_MS, autosave_cb, self);
  if (was_clean)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PENDING_CHANGES]);
}

/* Opening: checks, backup, migrations ----------------------------------- */

static gboolean
check_path (IcStore   *self,
            gboolean  *existed,
            GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  GStatBuf st;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO,
                   _("Cannot create the folder for the database “%s”: %s"), self->path,
                   g_strerror (saved));
      return FALSE;
    }
  if (g_stat (self->path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        {
          *existed = FALSE;
          return TRUE;
        }
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO,
                   _("Cannot open the database “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO,
                   _("Cannot open the database “%s”: it is not a regular file"), self->path);
      return FALSE;
    }
  if (g_access (self->path, R_OK) != 0)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_IO,
                   _("Cannot open the database “%s”: %s"), self->path, g_strerror (EACCES));
      return FALSE;
    }
  *existed = st.st_size > 0;
  return TRUE;
}

/* Refuses files that are not ours, or newer than this build understands.
 * *empty is set for a file no one has written a schema to yet. */
static gboolean
check_identity (IcStore   *self,
                gint64    *version,
                gboolean  *empty,
                GError   **error)
{
  gint64 n_objects = 0, app_id = 0;

  /* Reading the schema is what detects a damaged or foreign file. */
  if (!query_int64 (self, "SELECT count(*) FROM sqlite_master", &n_objects, error)
      || !query_int64 (self, "PRAGMA application_id", &app_id, error)
      || !query_int64 (self, "PRAGMA user_version", version, error))
    return FALSE;

  *empty = app_id == 0 && *version == 0 && n_objects == 0;
  if (app_id != IC_STORE_APPLICATION_ID && !*empty)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_OURS,
                   _("“%s” is a database of another program, not an Incident Commander "
                     "database; it was left untouched"), self->path);
      return FALSE;
    }
  if (*version > IC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Incident Commander "
                     "(schema %lld, this version understands %d); it was left "
                     "untouched. Update the application to open it."),
                   self->path, (long long) *version, IC_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable (IcStore  *self,
                GError  **error)
{
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_READ_ONLY,
                   _("Cannot open the database “%s”: the file is read-only"), self->path);
      return FALSE;
    }
  return TRUE;
}

/* Takes the write lock, then reads what the file holds: two programs
 * opening one new file at once must not both see "no schema yet" and both
 * write it. Holding the lock is also what reports a locked file now rather
 * than at the first autosave. */
static gboolean
lock_and_check (IcStore   *self,
                gint64    *version,
                gboolean  *empty,
                GError   **error)
{
  int rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      /* A file that is not a database at all cannot be locked: reading it
       * says what it is instead. */
      if ((rc == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
          && !check_identity (self, version, empty, error))
        return FALSE;
      _ic_store_set_error (error, self, rc, _("Cannot write to the database"));
      return FALSE;
    }
  if (!check_identity (self, version, empty, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_backup (IcStore  *self,
              gint64    version,
              GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *backup = g_strdup_printf ("%s.v%" G_GINT64_FORMAT "-%s.backup", self->path,
                                             version, stamp);
  char *sql = sqlite3_mprintf ("VACUUM INTO %Q", backup);
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, _("Cannot write a backup before upgrading"));
      return FALSE;
    }
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&backup);
  return TRUE;
}

/* Called with the write lock held (and releases it). A file that holds
 * data is copied first, which VACUUM INTO cannot do inside a transaction:
 * the lock is given up for the copy and taken again, and the version read
 * again, since another program may have upgraded the file meanwhile. */
static gboolean
migrate_locked (IcStore   *self,
                gint64     version,
                gboolean   empty,
                GError   **error)
{
  g_autofree char *finish = NULL;

  if (version < IC_STORE_SCHEMA_VERSION && !empty)
    {
      if (!_ic_store_exec (self, "COMMIT", _("Cannot upgrade the database"), error)
          || !write_backup (self, version, error)
          || !lock_and_check (self, &version, &empty, error))
        return FALSE;
    }
  for (gint64 v = version; v < IC_STORE_SCHEMA_VERSION; v++)
    {
      if (!_ic_store_exec (self, _ic_store_migrations[v], _("Cannot upgrade the database"), error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  if (version < IC_STORE_SCHEMA_VERSION)
    finish = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d; COMMIT;",
                              IC_STORE_APPLICATION_ID, IC_STORE_SCHEMA_VERSION);
  if (!_ic_store_exec (self, finish ? finish : "COMMIT", _("Cannot upgrade the database"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Switching a file to WAL needs it to itself for a moment, and SQLite
 * reports that as busy at once, without the busy handler: another program
 * opening the same new file at the same time is a normal case, so wait
 * for it as a locked write would. */
static gboolean
switch_to_wal (IcStore  *self,
               GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + IC_STORE_BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL))
         != SQLITE_OK
         && (rc & 0xff) == SQLITE_BUSY && g_get_monotonic_time () < deadline)
    g_usleep (5 * G_TIME_SPAN_MILLISECOND);
  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, _("Cannot configure the database"));
      return FALSE;
    }
  return TRUE;
}

/* Called by SQLite after each commit of the store's connection, with the
 * size of the WAL in pages. Setting it turns off SQLite's automatic
 * checkpoint, which would run here, in the commit (#17). */
static int
wal_hook_cb (void       *user_data,
             sqlite3    *db,
             const char *name,
             int         n_pages)
{
  IcStore *self = user_data;
  guint pages = (guint) MAX (n_pages, 0);

  if (pages < self->wal_pages)
    self->requested_at = 0;   /* started over */
  self->wal_pages = pages;
  if (pages >= self->checkpoint_pages * WAL_LIMIT_FACTOR)
    {
      self->n_inline_checkpoints++;
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
  else if (pages >= self->requested_at + self->checkpoint_pages)
    {
      self->requested_at = pages;
      self->n_requests++;
      if (self->checkpointer != NULL)
        _ic_checkpointer_request (self->checkpointer);
    }
  return SQLITE_OK;
}

static gboolean
set_wal_limits (IcStore  *self,
                guint     pages,
                GError  **error)
{
  g_autofree char *sql = NULL;
  gint64 page_size = 0;

  if (!query_int64 (self, "PRAGMA page_size", &page_size, error))
    return FALSE;
  self->checkpoint_pages = pages;
  sql = g_strdup_printf ("PRAGMA journal_size_limit = %" G_GINT64_FORMAT,
                         (gint64) pages * WAL_LIMIT_FACTOR * (page_size + 24) + 32);
  return _ic_store_exec (self, sql, _("Cannot configure the database"), error);
}

static gboolean
open_database (IcStore  *self,
               GError  **error)
{
  gboolean existed = FALSE, empty = FALSE;
  gint64 version = 0;
  int rc;

  if (!check_path (self, &existed, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, _("Cannot open the database"));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, IC_STORE_BUSY_TIMEOUT_MS);

  /* Only a file with nothing in it yet is switched to WAL before it is
   * known to be ours: switching writes to the file. */
  if (!check_writable (self, error)
      || (!existed && !switch_to_wal (self, error))
      || !lock_and_check (self, &version, &empty, error)
      || !migrate_locked (self, version, empty, error)
      || !switch_to_wal (self, error)
      || !_ic_store_exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                          _("Cannot configure the database"), error)
      || !set_wal_limits (self, CHECKPOINT_PAGES, error)
      || !query_int64 (self, "PRAGMA data_version", &self->data_version, error)
      || !(self->list_in_pages ? load_first_page (self, error) : load_incidents (self, error)))
    return FALSE;
  self->checkpointer = _ic_checkpointer_new (self->path);
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
  return TRUE;
}

/* GObject --------------------------------------------------------------- */


static void
ic_store_dispose (GObject *object)
{
  IcStore *self = IC_STORE (object);

  ic_store_close (self);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (ic_store_parent_class)->dispose (object);
}

static void
ic_store_finalize (GObject *object)
{
  IcStore *self = IC_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->timelines, g_hash_table_unref);
  g_clear_pointer (&self->changes, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->hypotheses, g_hash_table_unref);
  g_clear_pointer (&self->evidence, g_hash_table_unref);
  g_clear_pointer (&self->probes, g_hash_table_unref);
  g_clear_pointer (&self->whys, g_hash_table_unref);
  g_clear_pointer (&self->action_items, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->deleted, g_hash_table_unref);
  g_clear_pointer (&self->list_placed, g_hash_table_unref);
  g_clear_pointer (&self->searches, g_ptr_array_unref);
  /* Whoever still holds the list gets no more items from it. */
  _ic_incident_list_forget_store (self->incidents);
  g_clear_object (&self->incidents);

  G_OBJECT_CLASS (ic_store_parent_class)->finalize (object);
}

static void
ic_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  IcStore *self = IC_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_HAS_PENDING_CHANGES:
      g_value_set_boolean (value, ic_store_get_has_pending_changes (self));
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  IcStore *self = IC_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_store_class_init (IcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_store_dispose;
  object_class->finalize = ic_store_finalize;
  object_class->get_property = ic_store_get_property;
  object_class->set_property = ic_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, IC_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PENDING_CHANGES] =
    g_param_spec_boolean ("has-pending-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * IcStore:save-error:
   *
   * Why the pending edits could not be saved, once saving has failed
   * several times in a row; %NULL when the last save succeeded. The edits
   * stay in memory and are tried again with a growing delay.
   */
  properties[PROP_SAVE_ERROR] =
    g_param_spec_string ("save-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcStore::save-failed:
   * @store: the store
   * @message: a translated message naming the file and the problem
   *
   * Emitted each time an autosave could not be committed. The edits stay
   * in memory and are tried again after a delay that grows with each
   * failure, and on close.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ic_store_init (IcStore *self)
{
  self->incidents = _ic_incident_list_new (self, FALSE, NULL);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cached_free);
  self->searches = g_ptr_array_new_with_free_func (weak_ref_free);
  self->deleted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->list_placed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->dirty = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_stmt_free);
  self->timelines = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->checks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->hypotheses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            g_object_unref);
  self->evidence = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->probes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->whys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->action_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              g_object_unref);
}

/* The live object for @id: the cached one, or its row built and cached.
 * One that another program created since the list was read is also
 * brought into the list. */
static IcIncident *
lookup_or_load (IcStore  *self,
                gint64    id,
                GError  **error)
{
  g_autoptr(IcIncident) incident = NULL;
  IcIncident *found = get_cached (self, id);

  if (found != NULL)
    return found;
  if (id <= 0 || !_ic_store_ensure_open (self, error)
      || (incident = load_incident_row (self, id, error)) == NULL)
    {
      if (id <= 0)
        g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                     _("No incident with id %lld"), (long long) id);
      return NULL;
    }
  index_incident (self, incident);
  if (!ic_incident_list_find (self->incidents, id, NULL)
      && !ic_store_refresh (self, error))
    return NULL;
  return get_cached (self, id);
}

/* Public API ------------------------------------------------------------ */

/**
 * ic_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/incident-commander/incidents.db`
 */
char *
ic_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "incident-commander", "incidents.db", NULL);
}

/**
 * ic_store_open:
 * @path: the database file; created with its folder if missing
 * @clock: (nullable): the clock for timestamps; a system clock if %NULL
 * @error: return location for an #IC_STORE_ERROR
 *
 * Opens (or creates) the database and loads the incident list. A damaged,
 * foreign, newer, read-only or locked file is refused with a specific error
 * and never modified; before migrating an older file, a backup copy is
 * written next to it (see ic_store_get_backup_path()).
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
IcStore *
ic_store_open (const char  *path,
               IcClock     *clock,
               GError     **error)
{
  return ic_store_open_with_flags (path, clock, IC_STORE_OPEN_NONE, error);
}

/**
 * ic_store_open_with_flags:
 * @flags: how: %IC_STORE_OPEN_LIST_IN_PAGES to read the incident list's
 *   first page only at open (the app's window, which shows that page first)
 *
 * As ic_store_open().
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
IcStore *
ic_store_open_with_flags (const char        *path,
                          IcClock           *clock,
                          IcStoreOpenFlags   flags,
                          GError           **error)
{
  g_autoptr(IcClock) fallback = NULL;
  g_autoptr(IcStore) self = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (clock == NULL || IC_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (clock == NULL)
    clock = fallback = ic_clock_new_system ();
  self = g_object_new (IC_TYPE_STORE, "path", path, "clock", clock, NULL);
  self->list_in_pages = (flags & IC_STORE_OPEN_LIST_IN_PAGES) != 0;
  if (!open_database (self, error))
    {
      ic_store_close (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
ic_store_get_path (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return self->path;
}

/**
 * ic_store_get_clock:
 *
 * Returns: (transfer none): the clock used for timestamps
 */
IcClock *
ic_store_get_clock (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return self->clock;
}

/**
 * ic_store_get_backup_path:
 *
 * Returns: (nullable): the backup written before this open migrated the
 *   file, or %NULL if no migration of an existing file took place
 */
const char *
ic_store_get_backup_path (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return self->backup_path;
}

/**
 * ic_store_get_incidents:
 *
 * The list knows every incident's id and place from the start (with
 * %IC_STORE_OPEN_LIST_IN_PAGES, those of its first page, and the others'
 * as their pages come, until its #IcIncidentList:complete), and builds
 * the #IcIncident objects a page at a time as g_list_model_get_item() asks
 * for them; the built ones are cached (bounded: those no one else holds
 * are dropped first), so an incident is the same object in every list and
 * in ic_store_lookup_incident().
 *
 * Returns: (transfer none): a live #IcIncidentList of #IcIncident, open
 *   incidents first, then newest first
 */
GListModel *
ic_store_get_incidents (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->incidents);
}

/**
 * ic_store_lookup_incident:
 *
 * Returns: (transfer none) (nullable): the incident with @id
 */
IcIncident *
ic_store_lookup_incident (IcStore *self,
                          gint64   id)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  return lookup_or_load (self, id, NULL);
}

static const char *
created_via_text (IcCreatedVia via)
{
  switch (via)
    {
    case IC_CREATED_VIA_CLI:
      return _("Incident created from the command line");
    case IC_CREATED_VIA_URI:
      return _("Incident created from a link");
    case IC_CREATED_VIA_ALERT:
      return _("Incident created from an alert");
    case IC_CREATED_VIA_APP:
    default:
      return _("Incident created in the app");
    }
}

static void
bind_text_or_empty (sqlite3_stmt *stmt,
                    int           param,
                    const char   *text)
{
  sqlite3_bind_text (stmt, param, text ? text : "", -1, SQLITE_TRANSIENT);
}

static gboolean
insert_incident (IcStore               *self,
                 const IcIncidentDraft *draft,
                 const char            *title,
                 const char            *service,
                 gint64                *id,
                 GError               **error)
{
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;
  gint64 now = ic_clock_get_now (self->clock);
  int rc;

  if (!_ic_store_cached (self, IC_STORE_INSERT_INCIDENT_SQL, &lent, error))
    return FALSE;
  stmt = lent.stmt;
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ic_severity_to_string (draft->severity), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ic_created_via_to_string (draft->via), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, draft->alert_time != 0 ? draft->alert_time : now);
  sqlite3_bind_text (stmt, 7, draft->alert_source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, draft->alert_payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, draft->alert_dedup_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, draft->alert_url, -1, SQLITE_TRANSIENT);
  bind_text_or_empty (stmt, 11, draft->blast_radius);
  bind_text_or_empty (stmt, 12, draft->affected_services);
  bind_text_or_empty (stmt, 13, draft->notes);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot create an incident in"));
      return FALSE;
    }
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
check_draft (const IcIncidentDraft  *draft,
             const char             *title,
             GError                **error)
{
  if (*title == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("An incident needs a title"));
      return FALSE;
    }
  if (ic_severity_to_string (draft->severity) == NULL
      || ic_created_via_to_string (draft->via) == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Unknown severity or origin for a new incident"));
      return FALSE;
    }
  return TRUE;
}

/* Within the caller's transaction: the newest open incident imported from
 * the same alert as @draft, or 0. */
static gint64
find_alert_incident_id (IcStore               *self,
                        const char            *source,
                        const char            *dedup_key)
{
  g_auto (IcStoreStmt) lent = { 0 };
  sqlite3_stmt *stmt;

  if (!_ic_store_cached (self, IC_STORE_FIND_ALERT_INCIDENT_SQL, &lent, NULL))
    return 0;
  stmt = lent.stmt;
  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dedup_key, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}


static IcIncident *
insert_draft (IcStore                *self,
              const IcIncidentDraft  *draft,
              gboolean               *existing,
              GError                **error)
{
  g_autofree char *title = g_strstrip (g_strdup (draft->title ? draft->title : ""));
  g_autofree char *service = g_strstrip (g_strdup (draft->service ? draft->service : ""));
  g_autoptr(IcIncident) incident = NULL;
  gint64 id = 0;

  if (!check_draft (draft, title, error))
    return NULL;
  if (draft->alert_source != NULL && draft->alert_dedup_key != NULL
      && (id = find_alert_incident_id (self, draft->alert_source, draft->alert_dedup_key)) != 0)
    {
      IcIncident *found = lookup_or_load (self, id, error);

      *existing = TRUE;
      return found != NULL ? g_object_ref (found) : NULL;
    }
  if (!insert_incident (self, draft, title, service, &id, error)
      || (incident = load_incident_row (self, id, error)) == NULL)
    return NULL;
  track_incident (self, incident);
  _ic_store_record_event (self, incident, IC_TIMELINE_KIND_CREATED, created_via_text (draft->via),
                          ic_created_via_to_string (draft->via));
  for (guint i = 0; i < draft->events->len; i++)
    {
      const IcDraftEvent *event = g_ptr_array_index (draft->events, i);

      _ic_store_record_event (self, incident, event->kind, event->text, event->reference);
    }
  return g_steal_pointer (&incident);
}

/* For ic-store-drills.c: the same insert, inside the caller's transaction. */
IcIncident *
_ic_store_insert_draft (IcStore                *self,
                        const IcIncidentDraft  *draft,
                        GError                **error)
{
  gboolean found = FALSE;

  return insert_draft (self, draft, &found, error);
}

void
_ic_store_untrack_incident (IcStore    *self,
                            IcIncident *incident)
{
  untrack_incident (self, incident);
}

/**
 * ic_store_create_incident_from_draft:
 * @draft: what the incident is to hold
 * @existing: (out) (optional): set to %TRUE when @draft is an alert whose
 *   open incident already exists, which is then returned instead
 * @error: return location for an #IC_STORE_ERROR
 *
 * Inserts the incident with every field of @draft and its first timeline
 * entries in one committed transaction, so whoever is told its id can rely
 * on all of it being on disk. For a draft from an alert, the look-up of an
 * open incident from the same alert is part of the same transaction: two
 * imports of one alert never make two incidents.
 *
 * Returns: (transfer full) (nullable): the incident, also in the live
 *   list, or %NULL with @error set
 */
IcIncident *
ic_store_create_incident_from_draft (IcStore                *self,
                                     const IcIncidentDraft  *draft,
                                     gboolean               *existing,
                                     GError                **error)
{
  g_autoptr(IcIncident) incident = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (existing != NULL)
    *existing = FALSE;
  if (!_ic_store_ensure_open (self, error)
      || !_ic_store_exec (self, "BEGIN IMMEDIATE", _("Cannot create an incident in"), error))
    return NULL;
  incident = insert_draft (self, draft, &found, error);
  if (incident == NULL
      || !_ic_store_exec (self, "COMMIT", _("Cannot create an incident in"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      if (incident != NULL && !found)
        untrack_incident (self, incident);
      return NULL;
    }
  if (existing != NULL)
    *existing = found;
  return g_steal_pointer (&incident);
}

/**
 * ic_store_create_incident:
 * @title: a non-empty title
 * @service: (nullable): the affected service
 * @severity: the severity
 * @via: how the incident is being created; recorded on the timeline
 *
 * Returns: (transfer full) (nullable): the new incident, also added to
 *   the live list, or %NULL with @error set
 */
IcIncident *
ic_store_create_incident (IcStore       *self,
                          const char    *title,
                          const char    *service,
                          IcSeverity     severity,
                          IcCreatedVia   via,
                          GError       **error)
{
  g_autoptr(IcIncidentDraft) draft = ic_incident_draft_new (title, severity, via);

  draft->service = g_strdup (service);
  return ic_store_create_incident_from_draft (self, draft, NULL, error);
}

/**
 * ic_store_find_alert_incident:
 *
 * Returns: (transfer none) (nullable): the newest open incident imported
 *   from the same alert (same source and dedup key), so a second import
 *   can offer it instead of creating a duplicate
 */
IcIncident *
ic_store_find_alert_incident (IcStore *self,
                              IcAlert *alert)
{
  gint64 id;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_ALERT (alert), NULL);

  if (self->db == NULL)
    return NULL;
  id = find_alert_incident_id (self, ic_alert_source_to_string (ic_alert_get_source (alert)),
                               ic_alert_get_dedup_key (alert));
  return id != 0 ? lookup_or_load (self, id, NULL) : NULL;
}

/**
 * ic_store_create_incident_from_alert:
 * @alert: a parsed alert
 * @existing: (out) (optional): set to %TRUE when the alert's open incident
 *   already exists, which is then returned instead
 *
 * Creates the incident ic_alert_to_draft() maps @alert to, in one
 * transaction with the look-up of an open incident from the same alert.
 *
 * Returns: (transfer full) (nullable): the incident
 */
IcIncident *
ic_store_create_incident_from_alert (IcStore   *self,
                                     IcAlert   *alert,
                                     gboolean  *existing,
                                     GError   **error)
{
  g_autoptr(IcIncidentDraft) draft = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_ALERT (alert), NULL);

  draft = ic_alert_to_draft (alert);
  return ic_store_create_incident_from_draft (self, draft, existing, error);
}

/**
 * ic_store_delete_incident:
 *
 * Deletes @incident and, through the foreign keys, everything that belongs
 * to it.
 */
gboolean
ic_store_delete_incident (IcStore     *self,
                          IcIncident  *incident,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(IcIncident) hold = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "DELETE FROM incidents WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot delete an incident from"));
      return FALSE;
    }
  hold = g_object_ref (incident);
  untrack_incident (self, incident);
  return TRUE;
}

gboolean
ic_store_get_has_pending_changes (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  return g_hash_table_size (self->dirty) > 0;
}

/**
 * ic_store_get_save_error:
 *
 * Returns: (nullable): why saving keeps failing, or %NULL
 */
const char *
ic_store_get_save_error (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return self->save_error;
}

/* The statement that writes an incident's fields, kept prepared:
 * compiling it (every column with its checks, and the search index's
 * trigger) each time was some 40 % of a one-incident autosave. */
static sqlite3_stmt *
get_update_statement (IcStore  *self,
                      GError  **error)
{
  int rc;

  if (self->update_stmt != NULL)
    return self->update_stmt;
  rc = sqlite3_prepare_v3 (self->db, _ic_incident_get_update_sql (), -1,
                           SQLITE_PREPARE_PERSISTENT, &self->update_stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ic_store_set_error (error, self, rc, _("Cannot save changes to"));
      return NULL;
    }
  self->n_prepared++;
  return self->update_stmt;
}

static gboolean
write_dirty (IcStore  *self,
             GError  **error)
{
  sqlite3_stmt *stmt = get_update_statement (self, error);
  GHashTableIter iter;
  gpointer key;
  gint64 now = ic_clock_get_now (self->clock);

  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int rc;

      if (IC_IS_HYPOTHESIS (key))
        {
          if (!_ic_store_write_hypothesis (self, IC_HYPOTHESIS (key), error))
            return FALSE;
          continue;
        }
      if (IC_IS_CHANGE (key))
        {
          if (!_ic_store_write_change (self, IC_CHANGE (key), error))
            return FALSE;
          continue;
        }
      _ic_incident_bind_update (IC_INCIDENT (key), stmt, now);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          _ic_store_set_error (error, self, rc, _("Cannot save changes to"));
          g_prefix_error (error, "%s: ", ic_incident_get_title (IC_INCIDENT (key)));
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_flush:
 *
 * Commits every pending edit now, in one transaction. On failure the edits
 * stay pending and are tried again after a delay (see #IcStore:save-error).
 *
 * Returns: %TRUE on success
 */
gboolean
ic_store_flush (IcStore  *self,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (g_hash_table_size (self->dirty) == 0)
    return TRUE;
  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  if (!_ic_store_exec (self, "BEGIN IMMEDIATE", _("Cannot save changes to"), &local_error)
      || !write_dirty (self, &local_error)
      || !_ic_store_exec (self, "COMMIT", _("Cannot save changes to"), &local_error))
    {
      if (sqlite3_get_autocommit (self->db) == 0)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      schedule_retry (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_hash_table_remove_all (self->dirty);
  self->save_failures = 0;
  set_save_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PENDING_CHANGES]);
  /* data_version is not read again here: our own commit does not move it,
   * and reading it would hide from refresh() what another program
   * committed before this save. */
  return TRUE;
}

/**
 * ic_store_refresh:
 *
 * Picks up what other programs (for example `incident-commander new
 * --no-window`) committed to the same file since the last look. Cheap when
 * nothing changed.
 *
 * Returns: %TRUE on success
 */
gboolean
ic_store_refresh (IcStore  *self,
                  GError  **error)
{
  gint64 version = 0;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  if (!query_int64 (self, "PRAGMA data_version", &version, error))
    return FALSE;
  if (version == self->data_version)
    return TRUE;
  self->data_version = version;
  return load_incidents (self, error);
}

/**
 * ic_store_release_memory:
 *
 * Lets go of the pages SQLite's cache holds for the store's connection,
 * such as those of every incident read once at open for the list; a page
 * needed again is read from the file (from the system's cache, most
 * likely). For a moment when the app has nothing else to do, such as the
 * end of its start.
 */
void
ic_store_release_memory (IcStore *self)
{
  g_return_if_fail (IC_IS_STORE (self));

  if (self->db != NULL)
    sqlite3_db_release_memory (self->db);
}

/* Compiles the statement for @sql into the cache, if it is not there. */
static gboolean
compile_cached (IcStore     *self,
                const char  *sql,
                GError     **error)
{
  g_auto (IcStoreStmt) lent = { 0 };

  return _ic_store_cached (self, sql, &lent, error);
}

/**
 * ic_store_prepare_ahead:
 *
 * Compiles now the statements of an incident's first minutes (creating
 * it, reading its row back, recording its facts, answering a check, adding
 * hypotheses, showing its parts) and the one that saves an incident's
 * fields. The store otherwise compiles each the first time it is used: in
 * the key that creates the first incident after the app starts. For a
 * moment when the app has nothing else to do, such as the end of its start.
 *
 * Returns: %FALSE with @error set if one could not be compiled
 */
gboolean
ic_store_prepare_ahead (IcStore  *self,
                        GError  **error)
{
  static const char * const first_minutes[] = {
    IC_STORE_INSERT_INCIDENT_SQL, IC_STORE_FIND_ALERT_INCIDENT_SQL, IC_STORE_INSERT_EVENT_SQL,
    IC_STORE_SELECT_TIMELINE_SQL, IC_STORE_SELECT_CHANGES_SQL, IC_STORE_INSERT_CHECKS_SQL,
    IC_STORE_SELECT_CHECKS_SQL, IC_STORE_ANSWER_CHECK_SQL, IC_STORE_INSERT_HYPOTHESIS_SQL,
    IC_STORE_SELECT_HYPOTHESES_SQL, IC_STORE_SELECT_PROBES_SQL,
  };
  g_autofree char *row_sql = incident_row_sql ();

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (first_minutes); i++)
    {
      if (!compile_cached (self, first_minutes[i], error))
        return FALSE;
    }
  return compile_cached (self, row_sql, error) && get_update_statement (self, error) != NULL;
}

/**
 * ic_store_close:
 *
 * Commits pending edits and closes the database. Safe to call twice. A
 * failed final save is reported through #IcStore::save-failed.
 */
void
ic_store_close (IcStore *self)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (IC_IS_STORE (self));

  if (self->db == NULL)
    return;
  if (!ic_store_flush (self, &error))
    g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  stop_list_pages (self);
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_signal_handlers_disconnect_by_func (((Cached *) value)->incident, incident_notify_cb, self);
  g_hash_table_remove_all (self->dirty);
  g_hash_table_remove_all (self->timelines);
  g_hash_table_remove_all (self->changes);
  g_hash_table_remove_all (self->checks);
  g_hash_table_remove_all (self->hypotheses);
  g_hash_table_remove_all (self->evidence);
  g_hash_table_remove_all (self->probes);
  g_hash_table_remove_all (self->whys);
  g_hash_table_remove_all (self->action_items);
  g_clear_pointer (&self->page_stmt, sqlite3_finalize);
  g_clear_pointer (&self->update_stmt, sqlite3_finalize);
  g_hash_table_remove_all (self->stmts);
  /* Searches under way keep it until they end. */
  g_clear_pointer (&self->search_reader, _ic_search_reader_unref);
  /* Its connection closed first, the store's is the last one: closing it
   * checkpoints and removes the WAL. */
  g_clear_pointer (&self->checkpointer, _ic_checkpointer_free);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

/* Fails with NOT_FOUND unless @incident is a live incident of this store. */
gboolean
_ic_store_check_incident (IcStore     *self,
                          IcIncident  *incident,
                          GError     **error)
{
  gint64 id = ic_incident_get_id (incident);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  if (get_cached (self, id) != incident)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   _("The incident “%s” no longer exists"), ic_incident_get_title (incident));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ic_store_get_live:
 * @cache: one of the store's per-incident caches
 * @load: reads @incident's rows into a new list
 *
 * The one way the store hands out an incident's live lists (timeline,
 * changes, checks, hypotheses): loaded once, then kept in step by the
 * store's own edits.
 *
 * Returns: (transfer none) (nullable): the live list, or %NULL if the
 *   incident is gone or the database cannot be read
 */
GListModel *
_ic_store_get_live (IcStore      *self,
                    GHashTable   *cache,
                    IcIncident   *incident,
                    IcStoreLoad   load)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ic_incident_get_id (incident);
  GListStore *live = g_hash_table_lookup (cache, &id);

  if (live != NULL)
    return G_LIST_MODEL (live);
  if (!_ic_store_check_incident (self, incident, &error)
      || (live = load (self, id, &error)) == NULL)
    {
      g_debug ("Nothing loaded for incident %" G_GINT64_FORMAT ": %s", id, error->message);
      return NULL;
    }
  g_hash_table_insert (cache, _ic_store_id_key (id), live);
  return G_LIST_MODEL (live);
}

void
_ic_store_forget_incident_parts (IcStore *self,
                                 gint64   incident_id)
{
  g_hash_table_remove (self->timelines, &incident_id);
  g_hash_table_remove (self->changes, &incident_id);
  g_hash_table_remove (self->checks, &incident_id);
  g_hash_table_remove (self->hypotheses, &incident_id);
  g_hash_table_remove (self->probes, &incident_id);
  g_hash_table_remove (self->whys, &incident_id);
  g_hash_table_remove (self->action_items, &incident_id);
}

/* For the tests: how many incidents are built and cached now, and how many
 * were built from rows since the store was opened. */
guint
_ic_store_get_n_cached (IcStore *self)
{
  return g_hash_table_size (self->by_id);
}

guint
_ic_store_get_n_built (IcStore *self)
{
  return self->n_built;
}

sqlite3 *
_ic_store_get_db (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  return self->db;
}

/* For the tests: the WAL size from which the checkpointer is asked. */
void
_ic_store_set_checkpoint_pages (IcStore *self,
                                guint    pages)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (IC_IS_STORE (self) && self->db != NULL && pages > 0);
  if (!set_wal_limits (self, pages, &error))
    g_error ("%s", error->message);
}

/* For the tests: waits for the checkpoints asked for; returns how many so
 * far copied the whole WAL. */
guint
_ic_store_wait_checkpoints (IcStore *self)
{
  g_return_val_if_fail (IC_IS_STORE (self) && self->checkpointer != NULL, 0);
  return _ic_checkpointer_wait (self->checkpointer);
}

/* For the tests: the WAL's size in pages after the last commit. */
guint
_ic_store_get_wal_pages (IcStore *self)
{
  return self->wal_pages;
}

/* For the tests: how many commits asked the checkpointer. */
guint
_ic_store_get_n_checkpoint_requests (IcStore *self)
{
  return self->n_requests;
}

/* For the tests: how many commits checkpointed on the committing thread. */
guint
_ic_store_get_n_inline_checkpoints (IcStore *self)
{
  return self->n_inline_checkpoints;
}
