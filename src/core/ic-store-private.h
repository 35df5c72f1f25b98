/* ic-store-private.h — internals shared by the store's files and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ic-clock.h"
#include "ic-hypothesis.h"
#include "ic-incident-list-private.h"
#include "ic-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The application_id written into every database this app creates ("ICMD"). */
#define IC_STORE_APPLICATION_ID 0x49434d44

/* How long a statement waits for another writer before giving up. */
#define IC_STORE_BUSY_TIMEOUT_MS 1500

/* The list builds incidents this many at a time, as get_item() reaches
 * them; a search streams its results at least this many at a time. */
#define IC_STORE_PAGE_SIZE 64

/* The sort keys of the list, read from the file: the list order itself
 * (see _ic_list_entry_compare()) is made in C, which is cheaper than
 * SQLite's sorter for a table with no index for it. */
#define IC_STORE_ENTRIES_SQL "SELECT id, created_at, status != 'resolved' FROM incidents"

/* A page of one part of the list (open, resolved), in list order, after
 * the entry (?1 created_at, ?2 id), at most ?3: each from an index of that
 * part in that order which covers it (schema v8). */
#define IC_STORE_LIST_PAGE_SQL(part) \
  "SELECT id, created_at FROM incidents WHERE status " part " 'resolved'" \
  " AND (created_at, id) < (?1, ?2) ORDER BY created_at DESC, id DESC LIMIT ?3"
#define IC_STORE_OPEN_PAGE_SQL IC_STORE_LIST_PAGE_SQL ("!=")
#define IC_STORE_RESOLVED_PAGE_SQL IC_STORE_LIST_PAGE_SQL ("=")

/* The same order in SQL, for the ids of a search. */
#define IC_STORE_ORDER_SQL " ORDER BY status = 'resolved', created_at DESC, id DESC"

/* The statements of the first minutes of an incident (#14): creating it,
 * recording a fact, answering a check, adding a hypothesis, and reading the
 * parts the incident view shows. Each is kept prepared (_ic_store_cached())
 * and compiled ahead by ic_store_prepare_ahead(). */
#define IC_STORE_INSERT_INCIDENT_SQL \
  "INSERT INTO incidents (title, service, severity, created_via, created_at, updated_at," \
  " alert_time, alert_source, alert_payload, alert_dedup_key, alert_url, blast_radius," \
  " affected_services, notes)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
#define IC_STORE_FIND_ALERT_INCIDENT_SQL \
  "SELECT id FROM incidents WHERE alert_source = ?1 AND alert_dedup_key = ?2" \
  " AND status != 'resolved' ORDER BY created_at DESC, id DESC LIMIT 1"
#define IC_STORE_INSERT_EVENT_SQL \
  "INSERT INTO timeline (incident_id, occurred_at, kind, text, reference, manual)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define IC_STORE_SELECT_TIMELINE_SQL \
  "SELECT id, occurred_at, kind, text, reference, pinned, manual FROM timeline" \
  " WHERE incident_id = ?1 ORDER BY occurred_at, id"
#define IC_STORE_SELECT_CHANGES_SQL \
  "SELECT id, kind, description, changed_at, reversible, rolled_back_at, source, revision," \
  " author, config_diff FROM changes WHERE incident_id = ?1 ORDER BY changed_at DESC, id DESC"
#define IC_STORE_INSERT_CHECKS_SQL \
  "INSERT OR IGNORE INTO decision_checks (incident_id, step) VALUES (?1, ?2)"
#define IC_STORE_SELECT_CHECKS_SQL \
  "SELECT step, answer, note, answered_at FROM decision_checks WHERE incident_id = ?1" \
  " ORDER BY step"
#define IC_STORE_ANSWER_CHECK_SQL \
  "UPDATE decision_checks SET answer = ?1, note = ?2, answered_at = NULLIF(?3, 0)" \
  " WHERE incident_id = ?4 AND step = ?5"
#define IC_STORE_INSERT_HYPOTHESIS_SQL \
  "INSERT INTO hypotheses (incident_id, rank, text, likelihood, test_command, created_at)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define IC_STORE_SELECT_HYPOTHESES_SQL \
  "SELECT id, rank, text, likelihood, status, test_command, status_changed_at FROM hypotheses" \
  " WHERE incident_id = ?1 ORDER BY rank"

/* A probe's row as ic-store-probes.c reads it. */
#define PROBE_COLUMNS \
  "id, kind, name, json_extract(config, '$.spec'), interval_ms, timeout_ms, enabled," \
  " json_extract(config, '$.expected_status'), json_extract(config, '$.body_contains')," \
  " json_extract(config, '$.json_condition'), latency_threshold_ms, warn_threshold," \
  " fail_threshold, secret_ref, incident_id, service, json_extract(config, '$.method')," \
  " json_extract(config, '$.headers'), json_extract(config, '$.ca_file')," \
  " awaiting_confirmation"
#define IC_STORE_SELECT_PROBES_SQL \
  "SELECT " PROBE_COLUMNS " FROM probes WHERE incident_id = ?1 ORDER BY id"

/*
 * _ic_store_migrations[v] upgrades a database from user_version v to v + 1.
 * The array has IC_STORE_SCHEMA_VERSION entries.
 */
extern const char * const _ic_store_migrations[IC_STORE_SCHEMA_VERSION];

typedef struct _IcSearchReader IcSearchReader;

void          _ic_search_reader_unref   (IcSearchReader *reader);

/* Whether the timeline event @row fits the key of the index by incident
 * (schema v6, ic-store-schema.c): incident ids from 1 to 2^31 - 1, event
 * ids from 1 to 2^32 - 1, the only ones the app gives. */
#define IC_STORE_EVENT_KEYED(row) \
  "(" row ".incident_id BETWEEN 1 AND 2147483647 AND " row ".id BETWEEN 1 AND 4294967295)"

/* The timeline's blocks (schema v7, ic-store-schema.c) built from the
 * whole timeline in one pass and merged into one segment: what the
 * migration to v7 does, and what bench-store does once it has seeded its
 * events without the blocks' trigger. Events that do not fit the key have
 * no block. */
#define IC_STORE_EVENT_BLOCKS_BUILD_SQL \
  "INSERT INTO search_event_blocks (rowid, text)" \
  "  SELECT (incident_id << 32) | (id >> 6), group_concat (text, char(10)) FROM timeline" \
  "  WHERE " IC_STORE_EVENT_KEYED ("timeline") \
  "  GROUP BY incident_id, id >> 6 ORDER BY 1;" \
  "INSERT INTO search_event_blocks (search_event_blocks) VALUES ('optimize');"

/* ic-store-checkpoint.c: the WAL checkpoints, in a thread of their own */
typedef struct _IcCheckpointer IcCheckpointer;

IcCheckpointer *_ic_checkpointer_new     (const char     *path);
void            _ic_checkpointer_request (IcCheckpointer *self);
guint           _ic_checkpointer_wait    (IcCheckpointer *self);
void            _ic_checkpointer_free    (IcCheckpointer *self);

struct _IcStore
{
  GObject parent_instance;

  /* Owned */
  sqlite3    *db;
  char       *path;
  char       *backup_path;
  IcClock    *clock;
  IcIncidentList *incidents; /* every incident, sorted: open first, newest first; lazy */
  GHashTable *by_id;       /* gint64* id → Cached: the built incidents (ic-store.c) */
  GPtrArray  *searches;    /* GWeakRef* to the IcIncidentList of each search's results */
  GHashTable *deleted;     /* gint64* ids this store deleted, for searches under way */
  sqlite3_stmt *page_stmt; /* reads a page of incidents by id */
  sqlite3_stmt *update_stmt; /* nullable: writes an incident's fields (autosave) */
  GHashTable *stmts;       /* SQL text → CachedStmt: kept prepared (_ic_store_cached()) */
  guint       n_prepared;  /* statements kept prepared, as compiled (for the tests) */
  IcSearchReader *search_reader; /* nullable: the searches' connection (ic-store-search.c) */
  IcCheckpointer *checkpointer;  /* nullable until open: checkpoints the WAL */
  GHashTable *dirty;       /* GObject (incident, change) → itself; owns a reference */
  GHashTable *timelines;   /* gint64* incident id → GListStore of IcTimelineEvent */
  GHashTable *changes;     /* gint64* incident id → GListStore of IcChange */
  GHashTable *checks;      /* gint64* incident id → GListStore of IcDecisionCheck */
  GHashTable *hypotheses;  /* gint64* incident id → GListStore of IcHypothesis, by rank */
  GHashTable *evidence;    /* gint64* hypothesis id → GListStore of IcEvidence */
  GHashTable *probes;      /* gint64* incident id → GListStore of IcProbeRecord */
  GHashTable *whys;        /* gint64* incident id → GListStore of IcWhy, in order */
  GHashTable *action_items; /* gint64* incident id → GListStore of IcActionItem, oldest first */

  char       *save_error;   /* nullable: why saving keeps failing */

  guint       autosave_id;
  guint       save_failures; /* consecutive failed autosaves */
  gint64      data_version;
  gboolean    loading;

  /* The list read in pages (IC_STORE_OPEN_LIST_IN_PAGES, ic-store.c) */
  gboolean    list_in_pages; /* opened so: the first page at open, the rest when idle */
  guint       list_more_id;  /* the idle that reads the next page; 0 once the list is whole */
  IcListEntry list_last;     /* the last entry read: the next page starts after it */
  GHashTable *list_placed;   /* gint64* ids the store's own edits placed, to be skipped */
  guint       refresh_id;   /* a list met a row another program deleted */
  guint64     tick;         /* counts list look-ups, for the cache's eviction */
  guint       n_built;      /* IcIncident objects built from rows (for the tests) */

  /* The WAL, as the store's WAL hook sees it after each commit */
  guint       checkpoint_pages; /* the checkpointer is asked from this size on */
  guint       wal_pages;        /* its size after the last commit */
  guint       requested_at;     /* its size at the last request; 0 once started over */
  guint       n_requests;       /* checkpoints asked of the checkpointer */
  guint       n_inline_checkpoints; /* commits that checkpointed themselves */
};

typedef GListStore *(*IcStoreLoad) (IcStore  *self,
                                    gint64    incident_id,
                                    GError  **error);

sqlite3      *_ic_store_get_db          (IcStore      *self);
void          _ic_store_set_checkpoint_pages (IcStore  *self,
                                              guint     pages);
guint         _ic_store_wait_checkpoints (IcStore     *self);
guint         _ic_store_get_wal_pages   (IcStore      *self);
guint         _ic_store_get_n_checkpoint_requests (IcStore *self);
guint         _ic_store_get_n_inline_checkpoints (IcStore *self);
GListModel   *_ic_store_get_live        (IcStore      *self,
                                         GHashTable   *cache,
                                         IcIncident   *incident,
                                         IcStoreLoad   load);
void          _ic_store_set_error       (GError      **error,
                                         IcStore      *self,
                                         int           rc,
                                         const char   *doing);
gboolean      _ic_store_exec            (IcStore      *self,
                                         const char   *sql,
                                         const char   *doing,
                                         GError      **error);
sqlite3_stmt *_ic_store_prepare         (IcStore      *self,
                                         const char   *sql,
                                         GError      **error);

/* A statement of the store's cache, lent for one scope: declared
 * `g_auto (IcStoreStmt) q = { 0 };` and filled by _ic_store_cached(), it is
 * reset and its bindings cleared when it goes out of scope (so no read
 * stays open), ready for the next caller. */
typedef struct
{
  sqlite3_stmt *stmt;
  gboolean     *in_use; /* the cache's flag; NULL: the statement is owned */
} IcStoreStmt;

void          _ic_store_stmt_clear      (IcStoreStmt  *lent);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IcStoreStmt, _ic_store_stmt_clear)

gboolean      _ic_store_cached          (IcStore      *self,
                                         const char   *sql,
                                         IcStoreStmt  *out,
                                         GError      **error);
guint         _ic_store_get_n_prepared  (IcStore      *self);
gboolean      _ic_store_has_cached      (IcStore      *self,
                                         const char   *sql);
gboolean      _ic_store_ensure_open     (IcStore      *self,
                                         GError      **error);
gboolean      _ic_store_check_incident  (IcStore      *self,
                                         IcIncident   *incident,
                                         GError      **error);
void          _ic_store_record_event    (IcStore      *self,
                                         IcIncident   *incident,
                                         const char   *kind,
                                         const char   *text,
                                         const char   *reference);
void          _ic_store_mark_dirty      (IcStore      *self,
                                         GObject      *object);
gint64       *_ic_store_id_key          (gint64        id);
gboolean      _ic_store_read_whole_list (IcStore      *self,
                                         GError      **error);
guint         _ic_store_get_n_cached    (IcStore      *self);
guint         _ic_store_get_n_built     (IcStore      *self);
void          _ic_store_forget_incident_parts (IcStore *self,
                                               gint64   incident_id);

void          _ic_store_set_sqlite_error (GError     **error,
                                          const char  *path,
                                          sqlite3     *db,
                                          int          rc,
                                          const char  *doing);
GPtrArray    *_ic_store_dup_searches    (IcStore      *self);

/* ic-store-search.c, for the searches in worker threads */
int           _ic_store_open_reader     (const char    *path,
                                         GCancellable  *cancellable,
                                         sqlite3      **db);

/* ic-store.c, for ic-store-drills.c: inside the caller's transaction */
IcIncident   *_ic_store_insert_draft    (IcStore                *self,
                                         const IcIncidentDraft  *draft,
                                         GError                **error);
void          _ic_store_untrack_incident (IcStore     *self,
                                          IcIncident  *incident);

/* ic-store-hypotheses.c */
gboolean      _ic_store_write_hypothesis (IcStore      *self,
                                          IcHypothesis *hypothesis,
                                          GError      **error);
gboolean      _ic_store_check_test_command (const char  *command,
                                            GError     **error);

/* ic-store-probes.c */
gboolean      _ic_store_check_probe     (const char           *kind,
                                         const char           *name,
                                         const char           *spec,
                                         guint                 interval_ms,
                                         guint                 timeout_ms,
                                         const IcProbeChecks  *checks,
                                         GError              **error);

/* ic-store-changes.c */
gboolean      _ic_store_write_change    (IcStore      *self,
                                         IcChange     *change,
                                         GError      **error);

G_END_DECLS
