/* test-incident-json.c — a whole incident exported to JSON and imported without loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ic-incident-json.h"
#include "ic-probe-config.h"
#include "ic-status-update.h"
#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

#define MINUTES(n) (G_GINT64_CONSTANT (n) * 60 * G_USEC_PER_SEC)

#define OWNED(table) "SELECT * FROM " table " WHERE incident_id = ?1 ORDER BY rowid"

/*
 * Every table of an incident and the rows of incident ?1 in it, written out
 * here again rather than taken from the implementation: this is what
 * "the whole incident" means.
 */
static const struct { const char *name; const char *rows; } incident_tables[] = {
  { "incidents", "SELECT * FROM incidents WHERE id = ?1 ORDER BY rowid" },
  { "changes", OWNED ("changes") },
  /* WITHOUT ROWID: ordered by its primary key instead. */
  { "decision_checks", "SELECT * FROM decision_checks WHERE incident_id = ?1 ORDER BY step" },
  { "hypotheses", OWNED ("hypotheses") },
  { "probes", OWNED ("probes") },
  { "probe_samples", "SELECT * FROM probe_samples WHERE probe_id IN"
    " (SELECT id FROM probes WHERE incident_id = ?1) ORDER BY rowid" },
  { "evidence", "SELECT * FROM evidence WHERE hypothesis_id IN"
    " (SELECT id FROM hypotheses WHERE incident_id = ?1) ORDER BY rowid" },
  { "timeline", OWNED ("timeline") },
  { "status_updates", OWNED ("status_updates") },
  { "actions", OWNED ("actions") },
  { "postmortem", OWNED ("postmortem") },
  { "whys", OWNED ("whys") },
  { "action_items", OWNED ("action_items") },
};

/* A second database: empty, in its own temporary folder. */
typedef struct
{
  char    *dir;
  IcClock *clock;
  IcStore *store;
} Target;

static void
target_open (Target *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  target->dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (target->dir, "imported.db", NULL);
  target->clock = ic_clock_new_manual (IC_TEST_START_US + MINUTES (600));
  target->store = ic_store_open (path, target->clock, &error);
  g_assert_no_error (error);
}

static void
target_close (Target *target)
{
  ic_store_close (target->store);
  g_clear_object (&target->store);
  g_clear_object (&target->clock);
  ic_test_remove_tree (target->dir);
  g_clear_pointer (&target->dir, g_free);
}

static void
exec_sql (IcStore    *store,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (_ic_store_get_db (store), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The postmortem has no public API yet: its rows are written directly. */
static void
add_postmortem (StoreFixture *fx)
{
  g_autofree char *sql = NULL;
  gint64 id = ic_incident_get_id (fx->incident);

  sql = g_strdup_printf (
    "INSERT INTO postmortem (incident_id, summary, impact, root_cause, lessons, updated_at)"
    " VALUES (%1$" G_GINT64_FORMAT ", 'Checkout failed for “most” users — the quokka pool',"
    " 'About 30 %% of checkouts failed\nfor 42 min', 'pgbouncer''s pool was \"full\"\\',"
    " 'Alert on pool saturation 😀', 1795856400123456);"
    "INSERT INTO whys (incident_id, position, question, answer) VALUES"
    " (%1$" G_GINT64_FORMAT ", 1, 'Why did checkout fail?', 'Because the pool was full'),"
    " (%1$" G_GINT64_FORMAT ", 2, 'Why was it full?', 'Because \"v1.2.3\" leaked\n"
    "connections\t(ünïcode)' || char(1));"
    "INSERT INTO action_items (incident_id, text, owner, due_date, kind, done, created_at) VALUES"
    " (%1$" G_GINT64_FORMAT ", 'Alert at 80 %% pool use', 'Zoë', '2026-12-15', 'monitoring', 0,"
    "  1795856400000001),"
    " (%1$" G_GINT64_FORMAT ", 'Leak test in CI', '', NULL, 'code', 1, 1795856400000002);",
    id);
  exec_sql (fx->store, sql);
}

/* A probe of the service, not of the incident: never part of its export. */
static void
add_service_probe (StoreFixture *fx)
{
  exec_sql (fx->store,
            "INSERT INTO probes (service, kind, name, config, created_at)"
            " VALUES ('checkout', 'tcp', 'service-wide database port', '{}', 1795852800000000);"
            "INSERT INTO probe_samples (probe_id, sampled_at, state, detail)"
            " VALUES (last_insert_rowid (), 1795852800000000, 'ok', 'service-wide');");
}

static IcStoredSample *
sample (gint64      time,
        const char *state,
        gboolean    has_value,
        double      value)
{
  IcStoredSample *s = g_new0 (IcStoredSample, 1);

  s->time = time;
  s->state = g_strdup (state);
  s->latency_us = has_value ? 1500 : -1;
  s->has_value = has_value;
  s->value = value;
  s->error_kind = has_value ? NULL : g_strdup ("timeout");
  s->detail = g_strdup (has_value ? "HTTP 200" : "timed out after 3 s\nretrying “soon”");
  return s;
}

static gint64
add_samples (StoreFixture  *fx,
             IcProbeRecord *probe)
{
  IcStoredSample *samples[] = {
    sample (IC_TEST_START_US + MINUTES (1), "ok", TRUE, 0.1),
    sample (IC_TEST_START_US + MINUTES (2), "degraded", TRUE, 1e-300),
    sample (IC_TEST_START_US + MINUTES (3), "error", FALSE, 0),
  };
  gint64 id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GError) error = NULL;

      id = ic_store_add_probe_sample (fx->store, probe, samples[i], &error);
      g_assert_no_error (error);
      ic_stored_sample_free (samples[i]);
    }
  return id;
}

static void
add_hypotheses_and_probe (StoreFixture *fx)
{
  IcProbeChecks checks = { "200", "ok", NULL, 250, 0.1, 0.5, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) pool = NULL;
  g_autoptr(IcHypothesis) dns = NULL;
  g_autoptr(IcEvidence) evidence = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  gint64 sample_id;

  pool = ic_store_add_hypothesis (fx->store, fx->incident, "Connection pool exhausted (pgbouncer)",
                                  IC_LIKELIHOOD_LIKELY, "psql -c 'SHOW POOLS;'", &error);
  g_assert_no_error (error);
  dns = ic_store_add_hypothesis (fx->store, fx->incident, "DNS TTL \"too long\"",
                                 IC_LIKELIHOOD_WILD_CARD, NULL, &error);
  g_assert_no_error (error);
  probe = ic_store_add_probe_full (fx->store, fx->incident, "http", "checkout health",
                                   "https://checkout.example/health", 10000, 3000, &checks,
                                   &error);
  g_assert_no_error (error);
  sample_id = add_samples (fx, probe);
  evidence = ic_store_add_evidence (fx->store, pool, IC_STANCE_FOR,
                                    "pool at 200/200 — “saturated”", sample_id, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, pool, IC_HYPOTHESIS_STATUS_CONFIRMED,
                                                 &error));
  g_assert_no_error (error);
}

static void
add_response (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) change = NULL;
  g_autoptr(IcDecisionCheck) check = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  g_autofree char *line = NULL;

  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY,
                                "Deploy \"v1.2.3\" of checkout\\payments",
                                IC_TEST_START_US - MINUTES (10), TRUE, &error);
  g_assert_no_error (error);
  check = g_list_model_get_item (ic_store_get_decision_checks (fx->store, fx->incident), 0);
  g_assert_true (ic_store_answer_decision_check (fx->store, check, IC_CHECK_ANSWER_YES,
                                                 "rolled back “v1.2.3”", &error));
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, MINUTES (4));
  note = ic_store_add_note (fx->store, fx->incident,
                            "Rolled back; errors falling ✓\nnext: watch p99 zanzibar", &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_set_event_pinned (fx->store, note, TRUE, &error));
  g_assert_no_error (error);
  ic_store_add_status_update (fx->store, fx->incident, IC_INCIDENT_STATUS_MITIGATING,
                              "errors falling on checkout", "watching p99", 10, &line, &error);
  g_assert_no_error (error);
  ic_store_add_action (fx->store, fx->incident, "Roll back deploy v1.2.3", TRUE, TRUE, NULL,
                       &error);
  g_assert_no_error (error);
}

/* Another incident of the same database: never part of the first one's export. */
static gint64
add_other_incident (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) other = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;

  other = ic_store_create_incident (fx->store, "Redis saturation", "sessions", IC_SEVERITY_SEV2,
                                    IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  note = ic_store_add_note (fx->store, other, "maxclients reached", &error);
  g_assert_no_error (error);
  return ic_incident_get_id (other);
}

/* Fills every table of the fixture's incident, through the public API
 * where there is one. */
static gint64
fill_incident (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  gint64 other;

  ic_incident_set_notes (fx->incident, "Checkout “fails” for ~30 % of users\n— ü 😀, tab\there");
  g_object_set (fx->incident, "error-rate", 0.1, NULL);
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, MINUTES (1));
  add_hypotheses_and_probe (fx);
  add_response (fx);
  add_postmortem (fx);
  add_service_probe (fx);
  other = add_other_incident (fx);
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  return other;
}

static char *
export (IcStore *store,
        gint64   id)
{
  g_autoptr(GError) error = NULL;
  char *json = ic_store_export_incident_json (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return json;
}

static gint64
import (IcStore    *store,
        const char *json)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ic_store_import_incident_json (store, json, strlen (json),
                                             ic_probe_config_check_imported, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
assert_same_value (sqlite3_stmt *a,
                   sqlite3_stmt *b,
                   int           column)
{
  double x, y;

  g_assert_cmpstr (sqlite3_column_name (a, column), ==, sqlite3_column_name (b, column));
  g_assert_cmpint (sqlite3_column_type (a, column), ==, sqlite3_column_type (b, column));
  switch (sqlite3_column_type (a, column))
    {
    case SQLITE_INTEGER:
      g_assert_cmpint (sqlite3_column_int64 (a, column), ==, sqlite3_column_int64 (b, column));
      break;
    case SQLITE_FLOAT:
      x = sqlite3_column_double (a, column);
      y = sqlite3_column_double (b, column);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      break;
    case SQLITE_TEXT:
      g_assert_cmpmem (sqlite3_column_text (a, column), sqlite3_column_bytes (a, column),
                       sqlite3_column_text (b, column), sqlite3_column_bytes (b, column));
      break;
    case SQLITE_NULL:
      break;
    default:
      g_assert_not_reached ();
    }
}

static sqlite3_stmt *
select_rows (IcStore    *store,
             const char *sql,
             gint64      id)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_ic_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

static gint64
count_rows (IcStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  g_autoptr(sqlite3_stmt) stmt = select_rows (store, sql, 0);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* What an import decides itself, whatever the file says: a probe is
 * disabled and awaits the confirmation of its target. */
static gboolean
is_decided_by_import (const char   *table,
                      sqlite3_stmt *imported,
                      int           column)
{
  const char *name = sqlite3_column_name (imported, column);

  if (!g_str_equal (table, "probes"))
    return FALSE;
  if (g_str_equal (name, "enabled"))
    g_assert_cmpint (sqlite3_column_int64 (imported, column), ==, 0);
  else if (g_str_equal (name, "awaiting_confirmation"))
    g_assert_cmpint (sqlite3_column_int64 (imported, column), ==, 1);
  else
    return FALSE;
  return TRUE;
}

/* Compares the incident's rows in @a with all rows of @b, table by table,
 * value by value; every table must have some. Probes imported into @b are
 * disabled and await confirmation; every other value is the same. */
static void
assert_same_incident (IcStore *a,
                      IcStore *b,
                      gint64   id)
{
  for (guint t = 0; t < G_N_ELEMENTS (incident_tables); t++)
    {
      g_autoptr(sqlite3_stmt) rows_a = select_rows (a, incident_tables[t].rows, id);
      g_autoptr(sqlite3_stmt) rows_b = select_rows (b, incident_tables[t].rows, id);
      gint64 n = 0;
      int rc;

      g_test_message ("Comparing %s", incident_tables[t].name);
      while ((rc = sqlite3_step (rows_a)) == SQLITE_ROW)
        {
          g_assert_cmpint (sqlite3_step (rows_b), ==, SQLITE_ROW);
          g_assert_cmpint (sqlite3_column_count (rows_a), ==, sqlite3_column_count (rows_b));
          for (int i = 0; i < sqlite3_column_count (rows_a); i++)
            if (!is_decided_by_import (incident_tables[t].name, rows_b, i))
              assert_same_value (rows_a, rows_b, i);
          n++;
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_step (rows_b), ==, SQLITE_DONE);
      g_assert_cmpint (n, >, 0);
      g_assert_cmpint (count_rows (b, incident_tables[t].name), ==, n);
    }
}

static void
test_round_trip (StoreFixture  *fx,
                 gconstpointer  data)
{
  gint64 id = ic_incident_get_id (fx->incident);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Target target = { 0 };
  IcIncident *imported;

  fill_incident (fx);
  first = export (fx->store, id);
  target_open (&target);
  g_assert_cmpint (import (target.store, first), ==, id);
  second = export (target.store, id);
  /* Byte for byte, but for the imported probe, which waits, disabled. */
  {
    g_autoptr(GString) waiting = g_string_new (second);

    g_assert_cmpuint (g_string_replace (waiting, "\"enabled\": 0,", "\"enabled\": 1,", 0), ==,
                      1);
    g_assert_cmpstr (waiting->str, ==, first);
  }
  assert_same_incident (fx->store, target.store, id);

  /* The imported incident is listed at once, like one created here. */
  imported = ic_store_lookup_incident (target.store, id);
  g_assert_nonnull (imported);
  g_assert_cmpstr (ic_incident_get_title (imported), ==, "Elevated 500s on checkout");
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (target.store)), ==, 1);
  target_close (&target);
}

static void
test_document (StoreFixture  *fx,
               gconstpointer  data)
{
  g_autofree char *json = NULL;

  fill_incident (fx);
  json = export (fx->store, ic_incident_get_id (fx->incident));
  g_assert_true (g_str_has_prefix (json, "{\n  \"format\": \"incident-commander/incident\",\n"
                                   "  \"version\": 1,\n  \"incident\": {\n    \"id\": 1,\n"));
  g_assert_true (g_str_has_suffix (json, "\n}\n"));
  /* SQL types survive: 64-bit integers, reals in their shortest exact form,
   * NULL as null, text escaped. */
  g_assert_nonnull (strstr (json, "\"created_at\": 1795852800000000,"));
  g_assert_nonnull (strstr (json, "\"error_rate\": 0.1,"));
  g_assert_nonnull (strstr (json, "\"blast_percent\": null,"));
  g_assert_nonnull (strstr (json, "\"value\": 1e-300,"));
  g_assert_nonnull (strstr (json, "\"warn_threshold\": 0.1,"));
  g_assert_nonnull (strstr (json, "leaked\\nconnections\\t(ünïcode)\\u0001\""));
  /* Only the incident's own rows; never the search index. */
  g_assert_null (strstr (json, "Redis saturation"));
  g_assert_null (strstr (json, "service-wide"));
  g_assert_null (strstr (json, "search_"));
}

static void
test_deterministic (StoreFixture  *fx,
                    gconstpointer  data)
{
  gint64 id = ic_incident_get_id (fx->incident);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fill_incident (fx);
  first = export (fx->store, id);
  store_fixture_reopen (fx);
  second = export (fx->store, id);
  g_assert_cmpstr (second, ==, first);
}

static void
test_search_after_import (StoreFixture  *fx,
                          gconstpointer  data)
{
  const char *words[] = { "zanzibar", "quokka", "pgbouncer", "Elevated" };
  gint64 id = ic_incident_get_id (fx->incident);
  g_autofree char *json = NULL;
  Target target = { 0 };

  fill_incident (fx);
  json = export (fx->store, id);
  target_open (&target);
  import (target.store, json);
  /* One word each from the timeline, the postmortem, a hypothesis, the title. */
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) found = ic_store_search (target.store, words[i], &error);
      g_autoptr(IcIncident) first = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      first = g_list_model_get_item (found, 0);
      g_assert_cmpint (ic_incident_get_id (first), ==, id);
    }
  target_close (&target);
}

static void
test_export_unknown (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = ic_store_export_incident_json (fx->store, 42, &error);

  g_assert_null (json);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No incident with id 42");
}

/* Import refusals ---------------------------------------------------------- */

typedef enum
{
  BASE_LITERAL,     /* the document is @from itself */
  BASE_INCIDENT,    /* the export of the rich incident (id 1), edited */
  BASE_OTHER,       /* the export of the other incident (id 2), already in the target */
  BASE_TRUNCATED,   /* the first half of the rich incident's export */
} Base;

typedef struct
{
  const char *path;
  Base        base;
  const char *from;   /* replaced everywhere by @to */
  const char *to;
  const char *from2;
  const char *to2;
  int         code;   /* in IC_STORE_ERROR */
  const char *message;  /* a g_pattern_match_simple() pattern */
} Refusal;

/* The rich incident's probe's config, as the file writes it: a JSON text. */
#define CONFIG "{\\\"spec\\\":\\\"https://checkout.example/health\\\"," \
  "\\\"expected_status\\\":\\\"200\\\",\\\"body_contains\\\":\\\"ok\\\"}"

static const Refusal refusals[] = {
  { "malformed", BASE_LITERAL, "{\"format\": \"incident-commander/incident\",\n \"version\": 1,, }",
    NULL, NULL, NULL, IC_STORE_ERROR_CORRUPT, "The incident file is not valid JSON: 2:*" },
  { "truncated", BASE_TRUNCATED, NULL, NULL, NULL, NULL, IC_STORE_ERROR_CORRUPT,
    "The incident file is not valid JSON: *" },
  { "not-utf8", BASE_LITERAL, "{\"format\": \"\xff\"}", NULL, NULL, NULL,
    IC_STORE_ERROR_CORRUPT, "*not UTF-8 text" },
  { "not-an-object", BASE_LITERAL, "[1, 2, 3]", NULL, NULL, NULL, IC_STORE_ERROR_NOT_OURS,
    "The file is not an incident exported by Incident Commander" },
  { "wrong-format", BASE_INCIDENT, "\"incident-commander/incident\"",
    "\"incident-commander/probe\"", NULL, NULL, IC_STORE_ERROR_NOT_OURS,
    "The file is not an incident exported by Incident Commander" },
  { "newer-version", BASE_INCIDENT, "\"version\": 1,", "\"version\": 2,", NULL, NULL,
    IC_STORE_ERROR_NEWER_SCHEMA, "*made by a newer version of Incident Commander*" },
  { "missing-incident", BASE_INCIDENT, "\"incident\": {", "\"incidnet\": {", NULL, NULL,
    IC_STORE_ERROR_INVALID, "The incident file has no “incident” object" },
  { "missing-list", BASE_INCIDENT, "\"timeline\": [", "\"timelines\": [", NULL, NULL,
    IC_STORE_ERROR_INVALID, "The incident file has no “timeline” list" },
  { "unknown-member", BASE_INCIDENT, "\"version\": 1,", "\"version\": 1, \"search_incidents\": [],",
    NULL, NULL, IC_STORE_ERROR_INVALID,
    "The incident file has an unknown member “search_incidents”" },
  { "bad-id", BASE_INCIDENT, "\"id\": 1,\n    \"title\"", "\"id\": \"1\",\n    \"title\"", NULL,
    NULL, IC_STORE_ERROR_INVALID, "The incident in the file has no valid id" },
  { "existing-id", BASE_OTHER, NULL, NULL, NULL, NULL, IC_STORE_ERROR_INVALID,
    "Incident 2 already exists in this database" },
  { "foreign-rows", BASE_INCIDENT, "\"incident_id\": 1,", "\"incident_id\": 2,", NULL, NULL,
    IC_STORE_ERROR_INVALID, "Cannot import: row 1 of “changes” does not belong to incident 1" },
  { "foreign-link", BASE_INCIDENT, "\"change_id\": null", "\"change_id\": 424242", NULL, NULL,
    IC_STORE_ERROR_INVALID,
    "Cannot import: row 1 of “actions” refers to a row of “changes” that is not part of the*" },
  { "unknown-column", BASE_INCIDENT, "\"title\":", "\"colour\": \"red\",\n    \"title\":", NULL,
    NULL, IC_STORE_ERROR_INVALID, "Cannot import: “incidents” has no column “colour” (row 1*" },
  { "bad-type", BASE_INCIDENT, "\"drill\": 0,", "\"drill\": false,", NULL, NULL,
    IC_STORE_ERROR_INVALID, "Cannot import: column “drill” of “incidents” (row 1*" },
  /* Found by tests/fuzz/fuzz-incident-json: accepted, then impossible to
   * export again. */
  { "lone-surrogate", BASE_INCIDENT, "\"notes\": \"", "\"notes\": \"\\ud800", NULL, NULL,
    IC_STORE_ERROR_INVALID, "Cannot import: column “notes” of “incidents” (row 1 of the file)"
    " holds text that is not UTF-8 or a number out of range" },
  { "infinite-number", BASE_INCIDENT, "\"error_rate\": 0.1,", "\"error_rate\": 1e999,", NULL, NULL, IC_STORE_ERROR_INVALID, "Cannot import: column “error_rate” of “incidents”*" },
  { "bad-enum", BASE_INCIDENT, "\"severity\": \"sev1\"", "\"severity\": \"sev9\"", NULL, NULL,
    IC_STORE_ERROR_INVALID, "Cannot import row 1 of “incidents”: CHECK constraint failed: *sev*" },
  /* A probe is held to what the probe form and the store would accept from a
   * person (#12); it reaches the database before the timeline rows, which
   * must be rolled back with it. */
  { "probe-empty-config", BASE_INCIDENT, CONFIG, "{}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "Cannot import probe “checkout health” (row 1 of “probes”): The probe has no target*" },
  { "probe-config-not-object", BASE_INCIDENT, CONFIG, "[1]", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*(row 1 of “probes”): its configuration is not a JSON object" },
  { "probe-config-not-json", BASE_INCIDENT, CONFIG, "{\\\"spec\\\":", NULL, NULL,
    IC_STORE_ERROR_INVALID, "*(row 1 of “probes”): its configuration is not a JSON object" },
  { "probe-config-unknown", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"body_contains\\\":\\\"ok\\\",\\\"script\\\":\\\"x\\\"}", NULL, NULL,
    IC_STORE_ERROR_INVALID, "*its configuration has an unknown member “script”" },
  { "probe-config-nested", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"body_contains\\\":{\\\"a\\\":[]}}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*its configuration’s “body_contains” is not a text" },
  /* Checked, the second target would count; stored, SQLite reads the first. */
  { "probe-config-twice", BASE_INCIDENT, "{\\\"spec\\\":\\\"https://checkout.example/health",
    "{\\\"spec\\\":\\\"https://elsewhere.example/\\\",\\\"spec\\\":\\\"https://checkout.example"
    "/health", NULL, NULL, IC_STORE_ERROR_INVALID, "*its configuration has “spec” twice" },
  { "probe-kind", BASE_INCIDENT, "\"kind\": \"http\"", "\"kind\": \"redis\"", NULL, NULL,
    IC_STORE_ERROR_INVALID, "*The probe is called a redis probe, but its target is a http one" },
  { "probe-password", BASE_INCIDENT, "\\\"spec\\\":\\\"https://checkout.example/health",
    "\\\"spec\\\":\\\"redis://:s3cret@cache:6379", "\"kind\": \"http\"",
    "\"kind\": \"redis\"", IC_STORE_ERROR_INVALID, "*must not contain a password*" },
  { "probe-interval", BASE_INCIDENT, "\"interval_ms\": 10000,", "\"interval_ms\": -5,", NULL, NULL,
    IC_STORE_ERROR_INVALID, "*(row 1 of “probes”): A probe needs a name, a target, an interval*" },
  { "probe-condition", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"json_condition\\\":\\\"status = pass\\\"}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*(row 1 of “probes”): Invalid JSON condition*" },
  { "probe-authorization", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"headers\\\":\\\"Authorization: Bearer stolen\\\"}", NULL, NULL,
    IC_STORE_ERROR_INVALID, "*(row 1 of “probes”): *Authorization*" },
  { "probe-ca-file-device", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"ca_file\\\":\\\"/dev/zero\\\"}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*(row 1 of “probes”): Cannot read the CA file /dev/zero: it is not a regular file" },
  { "probe-ca-file-folder", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"ca_file\\\":\\\"/\\\"}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*Cannot read the CA file /: it is not a regular file" },
  { "probe-ca-file-relative", BASE_INCIDENT, "\\\"body_contains\\\":\\\"ok\\\"}",
    "\\\"ca_file\\\":\\\"ca.pem\\\"}", NULL, NULL, IC_STORE_ERROR_INVALID,
    "*Trusted CA file: “ca.pem” is not a full path*" },
  /* A test command is pasted into a terminal: one line of plain text. */
  { "test-command-newline", BASE_INCIDENT, "'SHOW POOLS;'\"", "'SHOW POOLS;'\\nreboot\"", NULL,
    NULL, IC_STORE_ERROR_INVALID, "Cannot import row 1 of “hypotheses”: The test command holds a"
    " line break (U+000A) at character 22*" },
  { "test-command-escape", BASE_INCIDENT, "'SHOW POOLS;'\"", "'SHOW POOLS;'\\u001b[2J\"", NULL,
    NULL, IC_STORE_ERROR_INVALID, "*an escape character (U+001B) at character 22*" },
  /* Fails after most rows went in: all of them must be rolled back. */
  { "late-constraint", BASE_INCIDENT, "\"kind\": \"monitoring\"", "\"kind\": \"weekly\"", NULL,
    NULL, IC_STORE_ERROR_INVALID, "Cannot import row 1 of “action_items”: CHECK constraint*" },
};

/* Replaces every @from in *@text; the edit must apply, or the case would
 * test nothing. */
static void
replace_all (char       **text,
             const char  *from,
             const char  *to)
{
  g_auto(GStrv) parts = g_strsplit (*text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), >, 1);
  g_free (*text);
  *text = g_strjoinv (to, parts);
}

static char *
build_refused (const Refusal *refusal,
               const char    *incident,
               const char    *other)
{
  char *edited;

  switch (refusal->base)
    {
    case BASE_LITERAL:
      return g_strdup (refusal->from);
    case BASE_TRUNCATED:
      return g_strndup (incident, strlen (incident) / 2);
    case BASE_INCIDENT:
    case BASE_OTHER:
    default:
      edited = g_strdup (refusal->base == BASE_OTHER ? other : incident);
      break;
    }
  if (refusal->from != NULL)
    replace_all (&edited, refusal->from, refusal->to);
  if (refusal->from2 != NULL)
    replace_all (&edited, refusal->from2, refusal->to2);
  return edited;
}

/* Row counts of every table of @store, FTS5 index tables included. */
static char *
describe_counts (IcStore *store)
{
  g_autoptr(sqlite3_stmt) names = select_rows (store, "SELECT name FROM sqlite_schema"
                                               " WHERE type = 'table' ORDER BY name", 0);
  GString *counts = g_string_new (NULL);

  while (sqlite3_step (names) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (names, 0);

      g_string_append_printf (counts, "%s=%" G_GINT64_FORMAT "\n", name,
                              count_rows (store, name));
    }
  return g_string_free (counts, FALSE);
}

static void
test_import_refused (StoreFixture  *fx,
                     gconstpointer  data)
{
  const Refusal *refusal = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *other = NULL;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Target target = { 0 };
  gint64 other_id = fill_incident (fx);
  guint n_listed;

  incident = export (fx->store, ic_incident_get_id (fx->incident));
  other = export (fx->store, other_id);
  target_open (&target);
  /* The target is not empty: it already holds the other incident. */
  g_assert_cmpint (import (target.store, other), ==, other_id);
  json = build_refused (refusal, incident, other);
  before = describe_counts (target.store);
  n_listed = g_list_model_get_n_items (ic_store_get_incidents (target.store));

  g_assert_cmpint (ic_store_import_incident_json (target.store, json, strlen (json),
                                                  ic_probe_config_check_imported, NULL, &error),
                   ==, 0);
  g_assert_error (error, IC_STORE_ERROR, refusal->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_pattern_match_simple (refusal->message, error->message));

  after = describe_counts (target.store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (target.store)), ==,
                    n_listed);
  target_close (&target);
}

/* A copy of an incident whose rows' ids are all taken in the target: the
 * incident keeps its id, every row gets a new one, and parents, links and
 * contents come through. */
static void
test_import_renumbers (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  Target target = { 0 };
  gint64 id = ic_incident_get_id (fx->incident);
  gint64 copy;

  fill_incident (fx);
  json = export (fx->store, id);
  target_open (&target);
  g_assert_cmpint (import (target.store, json), ==, id);
  /* The same document as incident 98: every child id is taken now. */
  replace_all (&json, "\"id\": 1,\n    \"title\"", "\"id\": 98,\n    \"title\"");
  replace_all (&json, "\"incident_id\": 1,", "\"incident_id\": 98,");
  copy = import (target.store, json);
  g_assert_cmpint (copy, ==, 98);
  for (guint i = 1; i < G_N_ELEMENTS (incident_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (%s)",
                                              incident_tables[i].rows);
      g_autoptr(sqlite3_stmt) original = select_rows (target.store, sql, id);
      g_autoptr(sqlite3_stmt) renumbered = select_rows (target.store, sql, copy);

      g_test_message ("%s", incident_tables[i].name);
      g_assert_cmpint (sqlite3_step (original), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_step (renumbered), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (original, 0), >, 0);
      g_assert_cmpint (sqlite3_column_int64 (renumbered, 0), ==,
                       sqlite3_column_int64 (original, 0));
    }
  /* Links follow the renumbered rows: the copy's evidence cites the copy's
   * samples, its actions the copy's changes. */
  {
    g_autoptr(sqlite3_stmt) stray = select_rows (
      target.store,
      "SELECT (SELECT count(*) FROM evidence e JOIN hypotheses h ON h.id = e.hypothesis_id"
      "  JOIN probe_samples s ON s.id = e.probe_sample_id JOIN probes p ON p.id = s.probe_id"
      "  WHERE h.incident_id = ?1 AND p.incident_id <> ?1)"
      " + (SELECT count(*) FROM actions a JOIN changes c ON c.id = a.change_id"
      "  WHERE a.incident_id = ?1 AND c.incident_id <> ?1)", copy);
    g_autoptr(sqlite3_stmt) linked = select_rows (
      target.store,
      "SELECT count(*) FROM evidence WHERE probe_sample_id IS NOT NULL AND hypothesis_id IN"
      " (SELECT id FROM hypotheses WHERE incident_id = ?1)", copy);

    g_assert_cmpint (sqlite3_step (stray), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_step (linked), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (linked, 0), >, 0);
    g_assert_cmpint (sqlite3_column_int64 (stray, 0), ==, 0);
  }
  /* Exported again, it reads as the first incident under its new ids. */
  again = export (target.store, copy);
  g_assert_nonnull (strstr (again, "\"incident_id\": 98,"));
  target_close (&target);
}

/* Keyring references and imported probes (#12) ------------------------------ */

/* A probe's keyring reference stays in this database: the export has no
 * such member and not its value, nor whether a target was confirmed here. */
static void
test_export_no_keyring_reference (StoreFixture  *fx,
                                  gconstpointer  data)
{
  IcProbeChecks checks = { NULL, NULL, NULL, 0, NAN, NAN, "ic-probe-secret-0451" };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autofree char *json = NULL;

  probe = ic_store_add_probe_full (fx->store, fx->incident, "redis", "sessions",
                                   "redis://cache:6379", 10000, 3000, &checks, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_probe_record_get_secret_ref (probe), ==, "ic-probe-secret-0451");
  json = export (fx->store, ic_incident_get_id (fx->incident));
  g_assert_nonnull (strstr (json, "\"name\": \"sessions\""));
  g_assert_null (strstr (json, "secret_ref"));
  g_assert_null (strstr (json, "ic-probe-secret-0451"));
  g_assert_null (strstr (json, "awaiting_confirmation"));
}

static gint64
count_where (IcStore    *store,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = select_rows (store, sql, 0);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* A config nested far deeper than any parser should recurse is refused
 * like any other that is not an object of texts, and nothing crashes. */
static void
test_import_deep_config (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\\\"spec\\\":");
  g_autofree char *json = NULL;
  Target target = { 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  fill_incident (fx);
  json = export (fx->store, ic_incident_get_id (fx->incident));
  replace_all (&json, CONFIG, deep->str);
  target_open (&target);
  g_assert_cmpint (ic_store_import_incident_json (target.store, json, strlen (json),
                                                  ic_probe_config_check_imported, NULL, &error),
                   ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (error->message, "its configuration is not a JSON object"));
  g_assert_cmpint (count_where (target.store, "SELECT count(*) FROM incidents"), ==, 0);
  target_close (&target);
}

/* A crafted file names a keyring reference, enables its probe and says it
 * was confirmed: the probe is imported without the reference, disabled,
 * awaiting the confirmation of its target; confirming starts it. */
static void
test_import_probes_wait (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) record = NULL;
  g_autofree char *json = NULL;
  Target target = { 0 };
  IcIncident *imported;
  GListModel *probes;

  fill_incident (fx);
  json = export (fx->store, ic_incident_get_id (fx->incident));
  replace_all (&json, "\"enabled\": 1,", "\"enabled\": 1, \"secret_ref\": \"ic-probe-secret-"
               "stolen\", \"awaiting_confirmation\": 0,");
  target_open (&target);
  import (target.store, json);
  g_assert_cmpint (count_where (target.store, "SELECT count(*) FROM probes"), ==, 1);
  g_assert_cmpint (count_where (target.store, "SELECT count(*) FROM probes WHERE secret_ref IS"
                                " NULL AND enabled = 0 AND awaiting_confirmation = 1"), ==, 1);

  imported = ic_store_lookup_incident (target.store, ic_incident_get_id (fx->incident));
  probes = ic_store_get_probes (target.store, imported);
  record = g_list_model_get_item (probes, 0);
  g_assert_null (ic_probe_record_get_secret_ref (record));
  g_assert_false (ic_probe_record_get_enabled (record));
  g_assert_true (ic_probe_record_get_awaiting_confirmation (record));

  g_assert_true (ic_store_confirm_probes (target.store, imported, &error));
  g_assert_no_error (error);
  g_assert_true (ic_probe_record_get_enabled (record));
  g_assert_cmpint (count_where (target.store, "SELECT count(*) FROM probes WHERE enabled = 1"
                                " AND awaiting_confirmation = 0 AND secret_ref IS NULL"), ==, 1);
  target_close (&target);
}

/* /ic/incident-json/async ------------------------------------------------------ */

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Off the main thread, the same bytes and the same rows as the direct calls;
 * the imported incident is listed before the caller hears of it; a refused
 * file is the same specific error with nothing changed; a cancelled
 * export or import does nothing. */
static void
test_async (StoreFixture  *fx,
            gconstpointer  data)
{
  gint64 id = ic_incident_get_id (fx->incident);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bad = g_bytes_new_static ("{\"format\": \"something else\"}", 28);
  g_autofree char *direct = NULL;
  g_autofree char *async = NULL;
  g_autofree char *counts = NULL;
  Target target = { 0 };
  gint64 imported;

  fill_incident (fx);
  /* An edit not yet saved is in the export: pending edits are saved first. */
  ic_incident_set_notes (fx->incident, "Saved before the worker reads");
  ic_store_export_incident_json_async (fx->store, id, NULL, store_result_cb, &result);
  async = ic_store_export_incident_json_finish (fx->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  direct = export (fx->store, id);
  g_assert_cmpstr (async, ==, direct);
  g_assert_nonnull (strstr (async, "Saved before the worker reads"));

  ic_store_export_incident_json_async (fx->store, 424242, NULL, store_result_cb, &result);
  g_assert_null (ic_store_export_incident_json_finish (fx->store, wait_result (&result), &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  g_cancellable_cancel (cancelled);
  ic_store_export_incident_json_async (fx->store, id, cancelled, store_result_cb, &result);
  g_assert_null (ic_store_export_incident_json_finish (fx->store, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  target_open (&target);
  counts = describe_counts (target.store);
  bytes = g_bytes_new (async, strlen (async));
  ic_store_import_incident_json_async (target.store, bytes, ic_probe_config_check_imported, NULL,
                                       cancelled, store_result_cb, &result);
  g_assert_cmpint (ic_store_import_incident_json_finish (target.store, wait_result (&result),
                                                         &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  ic_store_import_incident_json_async (target.store, bad, ic_probe_config_check_imported, NULL,
                                       NULL, store_result_cb, &result);
  g_assert_cmpint (ic_store_import_incident_json_finish (target.store, wait_result (&result),
                                                         &error), ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_OURS);
  g_clear_error (&error);
  g_clear_object (&result);
  {
    g_autofree char *after = describe_counts (target.store);

    g_assert_cmpstr (after, ==, counts);
  }

  ic_store_import_incident_json_async (target.store, bytes, ic_probe_config_check_imported, NULL,
                                       NULL, store_result_cb, &result);
  imported = ic_store_import_incident_json_finish (target.store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported, ==, id);
  g_assert_nonnull (ic_store_lookup_incident (target.store, id));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (target.store)), ==, 1);
  assert_same_incident (fx->store, target.store, id);
  target_close (&target);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/incident-json/round-trip", test_round_trip);
  ADD ("/ic/incident-json/document", test_document);
  ADD ("/ic/incident-json/deterministic", test_deterministic);
  ADD ("/ic/incident-json/search-after-import", test_search_after_import);
  ADD ("/ic/incident-json/export/unknown-incident", test_export_unknown);
  ADD ("/ic/incident-json/import/renumbers-taken-ids", test_import_renumbers);
  ADD ("/ic/incident-json/export/no-keyring-reference", test_export_no_keyring_reference);
  ADD ("/ic/incident-json/import/probes-wait", test_import_probes_wait);
  ADD ("/ic/incident-json/import/deep-config", test_import_deep_config);
  ADD ("/ic/incident-json/async", test_async);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/incident-json/import/%s", refusals[i].path);

      g_test_add (path, StoreFixture, &refusals[i], store_fixture_setup, test_import_refused,
                  store_fixture_teardown);
    }

  return g_test_run ();
}
