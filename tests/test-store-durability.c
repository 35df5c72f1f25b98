/* test-store-durability.c — what the store has acknowledged is on disk: new
 * incidents in one transaction, failed saves tried again, concurrent opens,
 * the WAL checkpointed off the committing thread and kept bounded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-alert.h"
#include "ic-new-request.h"
#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

static void
test_draft_one_transaction (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(IcIncidentDraft) draft = ic_incident_draft_new ("  Disk full on db-3 ",
                                                            IC_SEVERITY_SEV3,
                                                            IC_CREATED_VIA_CLI);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *alert_time = NULL, *notes = NULL, *events = NULL;
  gboolean existing = TRUE;
  gint64 id;

  draft->service = g_strdup ("db");
  draft->alert_time = IC_TEST_START_US - 5 * 60 * G_USEC_PER_SEC;
  draft->notes = g_strdup ("Paged by the disk alert");
  ic_incident_draft_add_event (draft, "link-warning", "Ignored unknown parameter “x”", NULL);

  incident = ic_store_create_incident_from_draft (fx->store, draft, &existing, &error);
  g_assert_no_error (error);
  g_assert_false (existing);
  g_assert_false (ic_store_get_has_pending_changes (fx->store));
  id = ic_incident_get_id (incident);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Disk full on db-3");
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, draft->alert_time);

  /* Everything is committed when the call returns: no autosave involved. */
  title = ic_test_read_committed (fx->path, "SELECT title FROM incidents WHERE id = ?1", id);
  alert_time = ic_test_read_committed (fx->path, "SELECT alert_time FROM incidents WHERE id = ?1", id);
  notes = ic_test_read_committed (fx->path, "SELECT notes FROM incidents WHERE id = ?1", id);
  events = ic_test_read_committed (fx->path, "SELECT group_concat(kind, ',') FROM"
                           " (SELECT kind FROM timeline WHERE incident_id = ?1 ORDER BY id)", id);
  g_assert_cmpstr (title, ==, "Disk full on db-3");
  g_assert_cmpint (g_ascii_strtoll (alert_time, NULL, 10), ==, draft->alert_time);
  g_assert_cmpstr (notes, ==, "Paged by the disk alert");
  g_assert_cmpstr (events, ==, "created,link-warning");
}

static void
test_draft_refused (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(IcIncidentDraft) draft = ic_incident_draft_new (" \t ", IC_SEVERITY_SEV2,
                                                            IC_CREATED_VIA_URI);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  incident = ic_store_create_incident_from_draft (fx->store, draft, NULL, &error);
  g_assert_null (incident);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  /* Nothing half-made: the fixture's incident is the only one. */
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 1);
  count = ic_test_read_committed (fx->path, "SELECT count(*) FROM incidents WHERE ?1 = ?1", 0);
  g_assert_cmpstr (count, ==, "1");
}

static void
test_link_draft (void)
{
  g_autoptr(IcNewRequest) request = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  const IcDraftEvent *event;

  request = ic_new_request_parse_uri ("incident-commander://new?service=auth&severity=sev1"
                                      "&alert_time=2026-11-28T07%3A58%3A00Z&pager=pd",
                                      IC_TEST_START_US, &error);
  g_assert_no_error (error);
  draft = ic_new_request_to_draft (request, "New incident");
  g_assert_cmpstr (draft->title, ==, "New incident");
  g_assert_cmpstr (draft->service, ==, "auth");
  g_assert_cmpint (draft->severity, ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (draft->via, ==, IC_CREATED_VIA_URI);
  g_assert_cmpint (draft->alert_time, ==, G_GINT64_CONSTANT (1795852680000000));
  g_assert_cmpuint (draft->events->len, ==, 1);
  event = g_ptr_array_index (draft->events, 0);
  g_assert_cmpstr (event->kind, ==, "link-warning");
  g_assert_nonnull (strstr (event->text, "pager"));
}

/* Autosave against a database another program keeps locked ------------- */

typedef struct
{
  guint     failures;
  gboolean  save_error_set;
  gboolean  timed_out;
} SaveWatch;

static void
save_failed_cb (IcStore    *store,
                const char *message,
                SaveWatch  *watch)
{
  g_assert_nonnull (strstr (message, "locked"));
  watch->failures++;
}

static void
save_error_cb (IcStore    *store,
               GParamSpec *pspec,
               SaveWatch  *watch)
{
  if (ic_store_get_save_error (store) != NULL)
    watch->save_error_set = TRUE;
}

static gboolean
timed_out_cb (gpointer data)
{
  ((SaveWatch *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_autosave_retries (StoreFixture  *fx,
                       gconstpointer  data)
{
  SaveWatch watch = { 0 };
  sqlite3 *blocker = NULL;
  g_autofree char *notes = NULL;
  guint timeout_id;

  g_signal_connect (fx->store, "save-failed", G_CALLBACK (save_failed_cb), &watch);
  g_signal_connect (fx->store, "notify::save-error", G_CALLBACK (save_error_cb), &watch);

  /* Another program holds the write lock for longer than the busy timeout. */
  g_assert_cmpint (sqlite3_open (fx->path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  ic_incident_set_notes (fx->incident, "Typed while the file was locked");
  timeout_id = g_timeout_add (30000, timed_out_cb, &watch);
  while (!watch.save_error_set && !watch.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (watch.timed_out);
  /* It kept failing, said so, and kept the edit. */
  g_assert_cmpuint (watch.failures, >=, 2);
  g_assert_nonnull (strstr (ic_store_get_save_error (fx->store), "locked"));
  g_assert_true (ic_store_get_has_pending_changes (fx->store));

  /* The lock goes away; no further edit is made: the retry saves. */
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);
  while (ic_store_get_has_pending_changes (fx->store) && !watch.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (watch.timed_out);
  g_source_remove (timeout_id);
  g_assert_null (ic_store_get_save_error (fx->store));
  notes = ic_test_read_committed (fx->path, "SELECT notes FROM incidents WHERE id = ?1",
                          ic_incident_get_id (fx->incident));
  g_assert_cmpstr (notes, ==, "Typed while the file was locked");
}

/* The autosave's statement is kept prepared: a schema changed meanwhile
 * (here a trigger that refuses one value) applies to it, and a save that
 * failed leaves it ready for the next one. */
static void
test_autosave_statement_kept (StoreFixture  *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);
  gint64 id = ic_incident_get_id (fx->incident);

  ic_incident_set_notes (fx->incident, "First");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE UPDATE ON incidents"
                                     " WHEN NEW.notes = 'Refused' BEGIN"
                                     " SELECT RAISE(ABORT, 'refused by a trigger'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  ic_incident_set_notes (fx->incident, "Refused");
  g_assert_false (ic_store_flush (fx->store, &error));
  g_assert_nonnull (strstr (error->message, "refused by a trigger"));
  g_clear_error (&error);
  g_assert_true (ic_store_get_has_pending_changes (fx->store));

  ic_incident_set_notes (fx->incident, "Accepted");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  notes = ic_test_read_committed (fx->path, "SELECT notes FROM incidents WHERE id = ?1", id);
  g_assert_cmpstr (notes, ==, "Accepted");
}

/* Several programs open one file that does not exist yet --------------- */

typedef struct
{
  const char *path;
  GMutex      mutex;
  GCond       cond;
  guint       waiting;
  gboolean    go;
} OpenRace;

static gpointer
open_in_thread (gpointer data)
{
  OpenRace *race = data;
  g_autoptr(IcStore) store = NULL;
  GError *error = NULL;

  /* Start together, to make the race as likely as it gets. */
  g_mutex_lock (&race->mutex);
  race->waiting++;
  g_cond_broadcast (&race->cond);
  while (!race->go)
    g_cond_wait (&race->cond, &race->mutex);
  g_mutex_unlock (&race->mutex);

  store = ic_store_open (race->path, NULL, &error);
  if (store != NULL)
    ic_store_close (store);
  return error;
}

static void
test_concurrent_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint round = 0; round < 10; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/fresh-%u.db", dir, round);
      OpenRace race = { .path = path };
      GThread *threads[6];

      g_mutex_init (&race.mutex);
      g_cond_init (&race.cond);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("open", open_in_thread, &race);
      g_mutex_lock (&race.mutex);
      while (race.waiting < G_N_ELEMENTS (threads))
        g_cond_wait (&race.cond, &race.mutex);
      race.go = TRUE;
      g_cond_broadcast (&race.cond);
      g_mutex_unlock (&race.mutex);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        {
          g_autoptr(GError) thread_error = g_thread_join (threads[i]);

          g_assert_no_error (thread_error);
        }
      g_mutex_clear (&race.mutex);
      g_cond_clear (&race.cond);
    }
  ic_test_remove_tree (dir);
}

/* The WAL: checkpointed by the store's own thread, bounded, gone at close */

/* A small WAL threshold, so that a few edits cross it. */
#define TEST_CHECKPOINT_PAGES 16

/* One autosave's worth: the notes edited and committed. */
static void
save_notes (StoreFixture *fx,
            guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = g_strdup_printf ("Edit number %u", n);

  ic_incident_set_notes (fx->incident, notes);
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
}

/* Saves until the WAL holds at least @pages pages; returns the count. */
static guint
save_until (StoreFixture *fx,
            guint         pages,
            guint         from)
{
  guint n = from;

  do
    {
      g_assert_cmpuint (n - from, <, 5000);
      save_notes (fx, n++);
    }
  while (_ic_store_get_wal_pages (fx->store) < pages);
  return n;
}

/* Saves until a commit asks the checkpoint thread for a checkpoint, and
 * no further: the checkpoint then finds everything committed. */
static guint
save_until_requested (StoreFixture *fx,
                      guint         from)
{
  guint requests = _ic_store_get_n_checkpoint_requests (fx->store);
  guint n = from;

  do
    {
      g_assert_cmpuint (n - from, <, 5000);
      save_notes (fx, n++);
    }
  while (_ic_store_get_n_checkpoint_requests (fx->store) == requests);
  return n;
}

/* What the database file holds without its WAL: a copy of the file alone,
 * read as another program would after the WAL were lost. */
static char *
read_file_alone (StoreFixture *fx,
                 const char   *sql)
{
  g_autofree char *copy = g_build_filename (fx->dir, "copy.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *value;

  g_file_get_contents (fx->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, (gssize) length, &error);
  g_assert_no_error (error);
  value = ic_test_read_committed (copy, sql, ic_incident_get_id (fx->incident));
  g_remove (copy);
  return value;
}

static void
test_wal_checkpointed_by_worker (StoreFixture  *fx,
                                 gconstpointer  data)
{
  g_autofree char *last = NULL;
  g_autofree char *in_file = NULL;
  guint n, before;

  _ic_store_set_checkpoint_pages (fx->store, TEST_CHECKPOINT_PAGES);
  /* The commit that takes the WAL past the threshold does not checkpoint:
   * it asks the checkpoint thread, which copies the WAL into the file. */
  n = save_until_requested (fx, 0);
  before = _ic_store_get_wal_pages (fx->store);
  g_assert_cmpuint (before, >=, TEST_CHECKPOINT_PAGES);
  g_assert_cmpuint (_ic_store_wait_checkpoints (fx->store), ==, 1);
  g_assert_cmpuint (_ic_store_get_n_inline_checkpoints (fx->store), ==, 0);
  last = g_strdup_printf ("Edit number %u", n - 1);
  in_file = read_file_alone (fx, "SELECT notes FROM incidents WHERE id = ?1");
  g_assert_cmpstr (in_file, ==, last);

  /* All of it copied, the next commit starts the WAL over. */
  save_notes (fx, n++);
  g_assert_cmpuint (_ic_store_get_wal_pages (fx->store), <, before);

  /* And so on, never on the committing thread. */
  n = save_until_requested (fx, n);
  g_assert_cmpuint (_ic_store_wait_checkpoints (fx->store), ==, 2);
  save_notes (fx, n);
  g_assert_cmpuint (_ic_store_get_wal_pages (fx->store), <, TEST_CHECKPOINT_PAGES);
  g_assert_cmpuint (_ic_store_get_n_inline_checkpoints (fx->store), ==, 0);
}

/* The checkpoint thread cannot do its work (here: it cannot open the file,
 * moved away; likewise if it fell behind): at ten times its threshold the
 * commit checkpoints itself, as SQLite would, and the WAL starts over. */
static void
test_wal_bounded_without_worker (StoreFixture  *fx,
                                 gconstpointer  data)
{
  g_autofree char *moved = g_strconcat (fx->path, ".moved", NULL);
  guint n, limit = 10 * TEST_CHECKPOINT_PAGES;

  _ic_store_set_checkpoint_pages (fx->store, TEST_CHECKPOINT_PAGES);
  g_assert_cmpint (g_rename (fx->path, moved), ==, 0);
  n = save_until (fx, limit - 8, 0);
  g_assert_cmpuint (_ic_store_wait_checkpoints (fx->store), ==, 0);
  g_assert_cmpuint (_ic_store_get_n_inline_checkpoints (fx->store), ==, 0);
  n = save_until (fx, limit, n);
  g_assert_cmpuint (_ic_store_get_n_inline_checkpoints (fx->store), ==, 1);
  save_notes (fx, n);
  g_assert_cmpuint (_ic_store_get_wal_pages (fx->store), <, TEST_CHECKPOINT_PAGES);
  g_assert_cmpint (g_rename (moved, fx->path), ==, 0);
}

/* Another program reads for a long time: the WAL cannot start over behind
 * its back and grows, past the limit where commits try to checkpoint
 * themselves; once the reader is done, the next checkpoint lets it start
 * over, and its file is cut back to the limit. */
static void
test_wal_bounded_after_reader (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  guint limit = 10 * TEST_CHECKPOINT_PAGES;
  sqlite3 *reader = NULL;
  GStatBuf st;
  guint n, grown;

  _ic_store_set_checkpoint_pages (fx->store, TEST_CHECKPOINT_PAGES);
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &reader, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (reader, "BEGIN; SELECT count(*) FROM incidents", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  n = save_until (fx, limit + 2 * TEST_CHECKPOINT_PAGES, 0);
  /* Each checkpoint copied what it could, never the whole WAL. */
  g_assert_cmpuint (_ic_store_wait_checkpoints (fx->store), ==, 0);
  g_assert_cmpuint (_ic_store_get_n_inline_checkpoints (fx->store), >, 0);
  grown = _ic_store_get_wal_pages (fx->store);
  save_notes (fx, n++);
  g_assert_cmpuint (_ic_store_get_wal_pages (fx->store), >, grown);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, (goffset) limit * 4096);

  g_assert_cmpint (sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (reader);
  /* The next commit checkpoints (beyond the limit, the checkpoint thread
   * idle) and the one after it starts the WAL over. */
  _ic_store_wait_checkpoints (fx->store);
  save_notes (fx, n++);
  save_notes (fx, n++);
  g_assert_cmpuint (_ic_store_get_wal_pages (fx->store), <, TEST_CHECKPOINT_PAGES);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, <=, (goffset) limit * (4096 + 24) + 32);
}

/* Closing stops the checkpoint thread, even in the middle of a checkpoint,
 * and then checkpoints everything: the WAL is gone, the file holds it all. */
static void
test_wal_close_checkpoints (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autofree char *last = NULL;
  g_autofree char *in_file = NULL;
  guint n;

  _ic_store_set_checkpoint_pages (fx->store, TEST_CHECKPOINT_PAGES);
  n = save_until_requested (fx, 0);
  last = g_strdup_printf ("Edit number %u", n - 1);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  ic_store_close (fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  in_file = read_file_alone (fx, "SELECT notes FROM incidents WHERE id = ?1");
  g_assert_cmpstr (in_file, ==, last);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD_STORE ("/ic/store-durability/draft/one-transaction", test_draft_one_transaction);
  ADD_STORE ("/ic/store-durability/draft/refused", test_draft_refused);
  g_test_add_func ("/ic/store-durability/draft/link", test_link_draft);
  ADD_STORE ("/ic/store-durability/autosave/retries", test_autosave_retries);
  ADD_STORE ("/ic/store-durability/autosave/statement-kept", test_autosave_statement_kept);
  g_test_add_func ("/ic/store-durability/open/concurrent-fresh-file", test_concurrent_open);
  ADD_STORE ("/ic/store-durability/wal/checkpointed-by-worker", test_wal_checkpointed_by_worker);
  ADD_STORE ("/ic/store-durability/wal/bounded-without-worker", test_wal_bounded_without_worker);
  ADD_STORE ("/ic/store-durability/wal/bounded-after-reader", test_wal_bounded_after_reader);
  ADD_STORE ("/ic/store-durability/wal/close-checkpoints", test_wal_close_checkpoints);
#undef ADD_STORE

  return g_test_run ();
}
