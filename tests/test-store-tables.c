/* test-store-tables.c — every table of the store's schema as a
 * specification: a row of each written, read back, updated and deleted
 * with plain SQL; the CHECK constraints and foreign keys refusing what
 * does not belong; a hypothesis's rank unique per incident; a probe's
 * samples trimmed to its retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-file.h"

/* Helpers ------------------------------------------------------------------ */

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

/* Registration -------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)

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

#undef ADD_STORE

  return g_test_run ();
}
