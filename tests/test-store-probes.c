/* test-store-probes.c — probes of an incident and their bounded samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

static IcStoredSample *
sample (gint64      time,
        const char *state,
        double      value)
{
  IcStoredSample *s = g_new0 (IcStoredSample, 1);

  s->time = time;
  s->state = g_strdup (state);
  s->latency_us = 1500;
  s->has_value = TRUE;
  s->value = value;
  s->detail = g_strdup_printf ("HTTP %g", value);
  return s;
}

static void
test_add_validate_delete (StoreFixture  *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) health = NULL;
  g_autoptr(IcProbeRecord) bad = NULL;
  GListModel *probes = ic_store_get_probes (fx->store, fx->incident);

  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 0);
  health = ic_store_add_probe (fx->store, fx->incident, "http", " checkout health ",
                               "https://checkout.example/health", 10000, 3000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_probe_record_get_name (health), ==, "checkout health");
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);

  bad = ic_store_add_probe (fx->store, fx->incident, "gopher", "x", "gopher://x", 10000, 3000,
                            &error);
  g_assert_null (bad);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad = ic_store_add_probe (fx->store, fx->incident, "tcp", "db", "tcp://db:5432", 100, 3000,
                            &error);
  g_assert_null (bad);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A password is never written to the database. */
  bad = ic_store_add_probe (fx->store, fx->incident, "redis", "sessions",
                            "redis://app:s3cret@cache:6379", 10000, 3000, &error);
  g_assert_null (bad);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);
  {
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    g_assert_cmpstr (ic_probe_record_get_spec (reloaded), ==, "https://checkout.example/health");
    g_assert_cmpstr (ic_probe_record_get_kind (reloaded), ==, "http");
    g_assert_cmpuint (ic_probe_record_get_interval_ms (reloaded), ==, 10000);
    g_assert_cmpuint (ic_probe_record_get_timeout_ms (reloaded), ==, 3000);
    g_assert_true (ic_probe_record_get_enabled (reloaded));
    g_assert_true (ic_store_delete_probe (fx->store, reloaded, &error));
  }
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 0);
}

static void
test_samples (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(GPtrArray) last = NULL;
  IcStoredSample *newest;

  probe = ic_store_add_probe (fx->store, fx->incident, "http", "health", "http://127.0.0.1/",
                              1000, 500, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 70; i++)
    {
      g_autoptr(IcStoredSample) s = sample (IC_TEST_START_US + i, i % 7 ? "ok" : "failing",
                                            200 + i);

      g_assert_cmpint (ic_store_add_probe_sample (fx->store, probe, s, &error), >, 0);
      g_assert_no_error (error);
    }
  last = ic_store_list_probe_samples (fx->store, probe, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last->len, ==, 60);
  newest = g_ptr_array_index (last, 59);
  g_assert_cmpfloat (newest->value, ==, 269);
  g_assert_cmpint (newest->time, ==, IC_TEST_START_US + 69);
  g_assert_cmpfloat (((IcStoredSample *) g_ptr_array_index (last, 0))->value, ==, 210);

  /* A bad state is refused by the schema. */
  {
    g_autoptr(IcStoredSample) s = sample (IC_TEST_START_US, "meh", 1);
    g_assert_cmpint (ic_store_add_probe_sample (fx->store, probe, s, &error), ==, 0);
    g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  }
}

/* Several probes' samples in one transaction, each given its id; all or
 * none: one the schema refuses keeps the others out too. */
static void
test_samples_batch (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) web = NULL;
  g_autoptr(IcProbeRecord) cache = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ic_stored_sample_free);
  g_autoptr(GPtrArray) web_read = NULL;
  g_autoptr(GPtrArray) cache_read = NULL;
  g_autoptr(GPtrArray) bad_records = g_ptr_array_new ();
  g_autoptr(GPtrArray) bad_samples = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ic_stored_sample_free);

  web = ic_store_add_probe (fx->store, fx->incident, "http", "web", "http://127.0.0.1/", 1000,
                            500, &error);
  g_assert_no_error (error);
  cache = ic_store_add_probe (fx->store, fx->incident, "redis", "cache", "redis://127.0.0.1",
                              1000, 500, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_ptr_array_add (records, i == 1 ? cache : web);
      g_ptr_array_add (samples, sample (IC_TEST_START_US + i, "ok", 10 + i));
    }
  g_assert_true (ic_store_add_probe_samples (fx->store, records, samples, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((IcStoredSample *) g_ptr_array_index (samples, i))->id, >, 0);
  g_assert_cmpint (((IcStoredSample *) g_ptr_array_index (samples, 0))->id, <,
                   ((IcStoredSample *) g_ptr_array_index (samples, 2))->id);
  web_read = ic_store_list_probe_samples (fx->store, web, 60, &error);
  cache_read = ic_store_list_probe_samples (fx->store, cache, 60, &error);
  g_assert_cmpuint (web_read->len, ==, 2);
  g_assert_cmpuint (cache_read->len, ==, 1);
  g_assert_cmpfloat (((IcStoredSample *) g_ptr_array_index (web_read, 1))->value, ==, 12);
  g_assert_cmpint (((IcStoredSample *) g_ptr_array_index (cache_read, 0))->id, ==,
                   ((IcStoredSample *) g_ptr_array_index (samples, 1))->id);

  /* The second is refused: neither is stored, and no id is given. */
  g_ptr_array_add (bad_records, web);
  g_ptr_array_add (bad_samples, sample (IC_TEST_START_US + 10, "ok", 20));
  g_ptr_array_add (bad_records, cache);
  g_ptr_array_add (bad_samples, sample (IC_TEST_START_US + 11, "meh", 21));
  g_assert_false (ic_store_add_probe_samples (fx->store, bad_records, bad_samples, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpint (((IcStoredSample *) g_ptr_array_index (bad_samples, 0))->id, ==, 0);
  g_clear_pointer (&web_read, g_ptr_array_unref);
  web_read = ic_store_list_probe_samples (fx->store, web, 60, &error);
  g_assert_cmpuint (web_read->len, ==, 2);

  /* The store is writable after the refusal: no transaction left open. */
  g_clear_error (&error);
  g_ptr_array_remove_index (bad_records, 1);
  g_ptr_array_remove_index (bad_samples, 1);
  g_assert_true (ic_store_add_probe_samples (fx->store, bad_records, bad_samples, &error));
  g_assert_no_error (error);
}

/* 100 KiB of "é" after one odd byte: no character boundary at 4096. */
static char *
dup_long_detail (void)
{
  GString *detail = g_string_new ("x");

  while (detail->len < 100 * 1024)
    g_string_append (detail, "\xc3\xa9");
  return g_string_free (detail, FALSE);
}

static void
assert_detail_bounded (const char *detail,
                       const char *full)
{
  g_assert_true (g_utf8_validate (detail, -1, NULL));
  g_assert_cmpuint (strlen (detail), ==, IC_PROBE_SAMPLE_DETAIL_MAX - 1 + strlen ("…"));
  g_assert_true (g_str_has_suffix (detail, "é…"));
  g_assert_cmpint (strncmp (detail, full, IC_PROBE_SAMPLE_DETAIL_MAX - 1), ==, 0);
}

/* A sample's detail is text from outside (a server's error message, a value
 * a JSON condition found): the database keeps 4 KiB of it (#12). */
static void
test_sample_detail_bounded (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(IcStoredSample) s = sample (IC_TEST_START_US, "error", 0);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *full = dup_long_detail ();
  g_autofree char *insert = NULL;
  gint64 id;

  probe = ic_store_add_probe (fx->store, fx->incident, "redis", "cache", "redis://127.0.0.1",
                              1000, 500, &error);
  g_assert_no_error (error);
  g_free (s->detail);
  s->detail = g_strdup (full);
  id = ic_store_add_probe_sample (fx->store, probe, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* What the file holds, not only what is read back. */
  g_assert_cmpint (sqlite3_prepare_v2 (_ic_store_get_db (fx->store),
                                       "SELECT length(CAST(detail AS BLOB)) FROM probe_samples"
                                       " WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==,
                   IC_PROBE_SAMPLE_DETAIL_MAX - 1 + strlen ("…"));
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A row written whole before the limit existed is bounded when read. */
  insert = g_strdup_printf ("INSERT INTO probe_samples (probe_id, sampled_at, state, detail)"
                            " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'error', '%s')",
                            ic_probe_record_get_id (probe), IC_TEST_START_US + 1, full);
  g_assert_cmpint (sqlite3_exec (_ic_store_get_db (fx->store), insert, NULL, NULL, NULL), ==,
                   SQLITE_OK);

  store_fixture_reopen (fx);
  {
    GListModel *probes = ic_store_get_probes (fx->store, fx->incident);
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    read = ic_store_list_probe_samples (fx->store, reloaded, 10, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  for (guint i = 0; i < read->len; i++)
    assert_detail_bounded (((IcStoredSample *) g_ptr_array_index (read, i))->detail, full);
}

static void
test_update (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(GListModel) timeline = NULL;
  IcProbeChecks checks = { "200-299", "ok", "$.status == \"UP\"", 250, 5, 9, NULL };
  IcProbeChecks none = { NULL, NULL, NULL, 0, NAN, NAN, NULL };
  GListModel *probes;
  gboolean noted = FALSE;

  probe = ic_store_add_probe (fx->store, fx->incident, "http", "health",
                              "https://checkout.example/health", 10000, 3000, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_update_probe (fx->store, probe, "prometheus", " error rate ",
                                        "prometheus+http://prom:9090/?query=up", 30000, 4000,
                                        &checks, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ic_probe_record_get_name (probe), ==, "error rate");
  g_assert_cmpstr (ic_probe_record_get_kind (probe), ==, "prometheus");
  g_assert_cmpfloat (ic_probe_record_get_fail_above (probe), ==, 9);
  timeline = ic_store_list_timeline (fx->store, fx->incident, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      noted |= g_strcmp0 (ic_timeline_event_get_kind (event), "probe-changed") == 0;
    }
  g_assert_true (noted);

  /* Refused updates leave the probe as it was, in memory and on disk. */
  g_assert_false (ic_store_update_probe (fx->store, probe, "http", "x", "", 30000, 4000, &none,
                                         &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ic_store_update_probe (fx->store, probe, "redis", "x",
                                         "redis://app:s3cret@cache:6379", 30000, 4000, &none,
                                         &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);
  g_assert_false (ic_store_update_probe (fx->store, probe, "http", "x", "http://x/", 100, 4000,
                                         &none, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "interval"));
  g_clear_error (&error);
  g_assert_cmpstr (ic_probe_record_get_name (probe), ==, "error rate");

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);
  {
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    g_assert_cmpstr (ic_probe_record_get_name (reloaded), ==, "error rate");
    g_assert_cmpstr (ic_probe_record_get_kind (reloaded), ==, "prometheus");
    g_assert_cmpstr (ic_probe_record_get_spec (reloaded), ==,
                     "prometheus+http://prom:9090/?query=up");
    g_assert_cmpuint (ic_probe_record_get_interval_ms (reloaded), ==, 30000);
    g_assert_cmpuint (ic_probe_record_get_timeout_ms (reloaded), ==, 4000);
    g_assert_cmpstr (ic_probe_record_get_expected_status (reloaded), ==, "200-299");
    g_assert_cmpstr (ic_probe_record_get_body_contains (reloaded), ==, "ok");
    g_assert_cmpstr (ic_probe_record_get_json_condition (reloaded), ==, "$.status == \"UP\"");
    g_assert_cmpuint (ic_probe_record_get_latency_threshold_ms (reloaded), ==, 250);
    g_assert_cmpfloat (ic_probe_record_get_warn_above (reloaded), ==, 5);
    g_assert_cmpfloat (ic_probe_record_get_fail_above (reloaded), ==, 9);

    /* A removed probe cannot be edited. */
    g_assert_true (ic_store_delete_probe (fx->store, reloaded, &error));
    g_assert_false (ic_store_update_probe (fx->store, reloaded, "http", "gone", "http://x/",
                                           10000, 3000, &none, &error));
    g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  }
}

/* Only a reference to the keyring goes into the database. */
static void
test_secret_ref (StoreFixture  *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  IcProbeChecks with_ref = { NULL, NULL, NULL, 0, NAN, NAN, "ref-1" };
  IcProbeChecks other_ref = { NULL, NULL, NULL, 0, NAN, NAN, "ref-2" };
  GListModel *probes;

  probe = ic_store_add_probe_full (fx->store, fx->incident, "redis", "sessions",
                                   "redis://app@cache:6379", 10000, 3000, &with_ref, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_probe_record_get_secret_ref (probe), ==, "ref-1");
  g_assert_true (ic_store_is_secret_ref_used (fx->store, "ref-1"));
  g_assert_false (ic_store_is_secret_ref_used (fx->store, "ref-2"));

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  {
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    g_assert_cmpstr (ic_probe_record_get_secret_ref (reloaded), ==, "ref-1");
    g_assert_true (ic_store_update_probe (fx->store, reloaded, "redis", "sessions",
                                          "redis://app@cache:6379", 10000, 3000, &other_ref,
                                          &error));
    g_assert_no_error (error);
    g_assert_cmpstr (ic_probe_record_get_secret_ref (reloaded), ==, "ref-2");
    g_assert_false (ic_store_is_secret_ref_used (fx->store, "ref-1"));
    g_assert_true (ic_store_delete_probe (fx->store, reloaded, &error));
  }
  g_assert_false (ic_store_is_secret_ref_used (fx->store, "ref-2"));
}

/* What an HTTP check sends is kept with it; an Authorization header is not. */
static void
test_http_request (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(IcProbeRecord) refused = NULL;
  IcProbeChecks request = { NULL, NULL, NULL, 0, NAN, NAN, "ref-h", "HEAD",
                            "X-Env: prod\nAccept: application/json", "/etc/ssl/ours.pem" };
  IcProbeChecks secret = { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL,
                           "Accept: */*\n  Authorization: Bearer abc", NULL };
  GListModel *probes;

  probe = ic_store_add_probe_full (fx->store, fx->incident, "http", "health",
                                   "https://checkout.example/health", 10000, 3000, &request,
                                   &error);
  g_assert_no_error (error);
  refused = ic_store_add_probe_full (fx->store, fx->incident, "http", "health",
                                     "https://checkout.example/health", 10000, 3000, &secret,
                                     &error);
  g_assert_null (refused);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  g_assert_false (ic_store_update_probe (fx->store, probe, "http", "health",
                                         "https://checkout.example/health", 10000, 3000,
                                         &secret, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);
  {
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    g_assert_cmpstr (ic_probe_record_get_method (reloaded), ==, "HEAD");
    g_assert_cmpstr (ic_probe_record_get_headers (reloaded), ==,
                     "X-Env: prod\nAccept: application/json");
    g_assert_cmpstr (ic_probe_record_get_ca_file (reloaded), ==, "/etc/ssl/ours.pem");
    g_assert_cmpstr (ic_probe_record_get_secret_ref (reloaded), ==, "ref-h");
  }
}

static gboolean
timeline_has (StoreFixture *fx,
              const char   *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = ic_store_list_timeline (fx->store, fx->incident, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      found |= g_strcmp0 (ic_timeline_event_get_kind (event), kind) == 0;
    }
  return found;
}

/* A probe kept for the service is offered to, and copied into, the next
 * incident of that service, with its samples kept apart. */
static void
test_service_probes (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) health = NULL;
  g_autoptr(IcProbeRecord) cache = NULL;
  g_autoptr(IcProbeRecord) kept = NULL;
  g_autoptr(IcProbeRecord) again = NULL;
  g_autoptr(IcProbeRecord) cache_kept = NULL;
  g_autoptr(IcProbeRecord) found = NULL;
  g_autoptr(IcIncident) next = NULL;
  g_autoptr(IcIncident) elsewhere = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GListModel) unused = NULL;
  g_autoptr(IcStoredSample) s = sample (1, "ok", 200);
  IcProbeChecks checks = { "200", NULL, "$.status == \"UP\"", 300, NAN, NAN, NULL };
  IcProbeChecks secret = { NULL, NULL, NULL, 0, 80, NAN, "ref-cache" };
  GListModel *copies;

  g_assert_cmpstr (ic_incident_get_service (fx->incident), ==, "checkout");
  health = ic_store_add_probe_full (fx->store, fx->incident, "http", "health",
                                    "https://checkout.example/health", 5000, 2000, &checks,
                                    &error);
  cache = ic_store_add_probe_full (fx->store, fx->incident, "redis", "cache",
                                   "redis://app@cache:6379", 10000, 3000, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ic_store_add_probe_sample (fx->store, health, s, &error), >, 0);

  kept = ic_store_keep_probe_for_service (fx->store, health, "checkout", &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpint (ic_probe_record_get_incident_id (kept), ==, 0);
  g_assert_cmpstr (ic_probe_record_get_service (kept), ==, "checkout");
  g_assert_cmpstr (ic_probe_record_get_json_condition (kept), ==, "$.status == \"UP\"");
  g_assert_true (timeline_has (fx, "probe-kept"));
  /* Kept again: replaced, not doubled; the incident's own list is unchanged. */
  again = ic_store_keep_probe_for_service (fx->store, health, "checkout", &error);
  g_assert_no_error (error);
  cache_kept = ic_store_keep_probe_for_service (fx->store, cache, "checkout", &error);
  g_assert_nonnull (cache_kept);
  g_object_unref (ic_store_keep_probe_for_service (fx->store, cache, "checkout", &error));
  listed = ic_store_list_service_probes (fx->store, "checkout", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_probes (fx->store, fx->incident)),
                    ==, 2);
  /* The incident has them all: nothing to offer it. */
  unused = ic_store_list_unused_service_probes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (unused), ==, 0);
  g_clear_object (&unused);
  /* Another copy of the same password reference keeps it in use. */
  g_assert_true (ic_store_delete_probe (fx->store, cache, &error));
  g_assert_true (ic_store_is_secret_ref_used (fx->store, "ref-cache"));

  store_fixture_reopen (fx);
  next = ic_store_create_incident (fx->store, "Checkout slow again", "checkout",
                                   IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  elsewhere = ic_store_create_incident (fx->store, "Search down", "search", IC_SEVERITY_SEV2,
                                        IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);

  unused = ic_store_list_unused_service_probes (fx->store, elsewhere);
  g_assert_cmpuint (g_list_model_get_n_items (unused), ==, 0);
  g_clear_object (&unused);
  unused = ic_store_list_unused_service_probes (fx->store, next);
  g_assert_cmpuint (g_list_model_get_n_items (unused), ==, 2);
  g_assert_cmpuint (ic_store_use_service_probes (fx->store, next, &error), ==, 2);
  g_assert_no_error (error);
  /* Used once: not offered again, not copied twice. */
  g_assert_cmpuint (ic_store_use_service_probes (fx->store, next, &error), ==, 0);
  copies = ic_store_get_probes (fx->store, next);
  g_assert_cmpuint (g_list_model_get_n_items (copies), ==, 2);
  {
    g_autoptr(IcProbeRecord) first = g_list_model_get_item (copies, 0);
    g_autoptr(IcProbeRecord) second = g_list_model_get_item (copies, 1);
    g_autoptr(GPtrArray) samples = NULL;

    g_assert_cmpint (ic_probe_record_get_incident_id (first), ==, ic_incident_get_id (next));
    g_assert_cmpstr (ic_probe_record_get_spec (first), ==, "https://checkout.example/health");
    g_assert_cmpuint (ic_probe_record_get_latency_threshold_ms (first), ==, 300);
    g_assert_cmpuint (ic_probe_record_get_interval_ms (first), ==, 5000);
    g_assert_cmpstr (ic_probe_record_get_secret_ref (second), ==, "ref-cache");
    g_assert_cmpfloat (ic_probe_record_get_warn_above (second), ==, 80);
    /* The first incident's samples stay with it. */
    samples = ic_store_list_probe_samples (fx->store, first, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (samples->len, ==, 0);
  }

  /* Forgetting a kept probe is removing it. */
  found = ic_store_find_service_probe (fx->store, "checkout", "https://checkout.example/health");
  g_assert_nonnull (found);
  g_assert_true (ic_store_delete_probe (fx->store, found, &error));
  g_clear_object (&found);
  found = ic_store_find_service_probe (fx->store, "checkout", "https://checkout.example/health");
  g_assert_null (found);

  /* An incident without a service keeps nothing. */
  g_assert_null (ic_store_keep_probe_for_service (fx->store, health, "", &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "service"));
}

/* Tokens, secret query values and secret headers never reach the
 * database: a target or headers holding one are refused, added or
 * edited, and their redacted forms are what it keeps, the timeline too. */
static void
test_secrets_refused (StoreFixture  *fx,
                      gconstpointer  data)
{
  const struct { const char *spec, *headers; } refused[] = {
    { "https://T0KEN-secret@checkout.example/health", NULL },
    { "https://checkout.example/health?api_key=K3Y-secret", NULL },
    { "https://checkout.example/health?env=prod&X-Amz-Signature=S1G-secret", NULL },
    { "https://u:PW-secret@checkout.example/health", NULL },
    { "https://checkout.example/health", "X-Env: prod\nCookie: C00KIE-secret" },
    { "https://checkout.example/health", "X-API-Key: K3Y-secret" },
    { "https://checkout.example/health", "Proxy-Authorization: Basic PR0XY-secret" },
  };
  const char *needles[] = { "T0KEN-secret", "K3Y-secret", "S1G-secret", "PW-secret",
                            "C00KIE-secret", "PR0XY-secret" };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(GListModel) timeline = NULL;
  IcProbeChecks none = { NULL, NULL, NULL, 0, NAN, NAN, NULL };
  IcProbeChecks redacted = { NULL, NULL, NULL, 0, NAN, NAN, "ref-r", NULL,
                             "X-Env: prod\nCookie: ***\nX-API-Key: ***", NULL };

  probe = ic_store_add_probe (fx->store, fx->incident, "http", "health",
                              "https://checkout.example/health", 10000, 3000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(IcProbeRecord) bad = NULL;
      IcProbeChecks checks = { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, refused[i].headers,
                               NULL };

      g_test_message ("%s / %s", refused[i].spec, refused[i].headers);
      bad = ic_store_add_probe_full (fx->store, fx->incident, "http", "x", refused[i].spec,
                                     10000, 3000, &checks, &error);
      g_assert_null (bad);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
      g_assert_true (strstr (error->message, "keyring") != NULL
                     || strstr (error->message, "password") != NULL);
      g_clear_error (&error);
      g_assert_false (ic_store_update_probe (fx->store, probe, "http", "x", refused[i].spec,
                                             10000, 3000, &checks, &error));
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpstr (ic_probe_record_get_spec (probe), ==, "https://checkout.example/health");

  /* The forms with placeholders are what is kept. */
  g_assert_true (ic_store_update_probe (fx->store, probe, "http", "health",
                                        "https://***@checkout.example/health?api_key=***",
                                        10000, 3000, &redacted, &error));
  g_assert_no_error (error);
  g_clear_object (&probe);
  probe = ic_store_add_probe_full (fx->store, fx->incident, "http", "user",
                                   "https://u:***@checkout.example/health", 10000, 3000, &none,
                                   &error);
  g_assert_no_error (error);

  timeline = ic_store_list_timeline (fx->store, fx->incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      for (guint j = 0; j < G_N_ELEMENTS (needles); j++)
        g_assert_null (strstr (ic_timeline_event_get_text (event), needles[j]));
    }
  store_fixture_reopen (fx);
  for (guint j = 0; j < G_N_ELEMENTS (needles); j++)
    ic_test_assert_not_in_database (fx->path, needles[j]);
  {
    GListModel *probes = ic_store_get_probes (fx->store, fx->incident);
    g_autoptr(IcProbeRecord) reloaded = g_list_model_get_item (probes, 0);

    g_assert_cmpstr (ic_probe_record_get_spec (reloaded), ==,
                     "https://***@checkout.example/health?api_key=***");
    g_assert_cmpstr (ic_probe_record_get_headers (reloaded), ==,
                     "X-Env: prod\nCookie: ***\nX-API-Key: ***");
  }
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n)
{
  (*n)++;
}

static guint
count_events (StoreFixture *fx,
              const char   *kind,
              const char   *needle)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      n += g_str_equal (ic_timeline_event_get_kind (event), kind)
           && strstr (ic_timeline_event_get_text (event), needle) != NULL;
    }
  return n;
}

/* A probe from a file waits, stopped, until the user confirms its target:
 * it cannot be enabled while it waits, nor kept for the service (which
 * would run it in the next incidents unconfirmed). Confirming enables it,
 * tells the views, and notes the targets on the timeline. */
static void
test_confirm (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) own = NULL;
  g_autoptr(IcProbeRecord) imported = NULL;
  g_autofree char *sql = NULL;
  GListModel *probes;
  guint changes = 0;
  char *message = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);

  own = ic_store_add_probe (fx->store, fx->incident, "tcp", "db port", "tcp://db:5432", 10000,
                            3000, &error);
  g_assert_no_error (error);
  g_assert_false (ic_probe_record_get_awaiting_confirmation (own));
  sql = g_strdup_printf ("INSERT INTO probes (incident_id, kind, name, config, enabled,"
                         " awaiting_confirmation, created_at) VALUES (%" G_GINT64_FORMAT ","
                         " 'http', 'health', '{\"spec\": \"https://checkout.example/health\"}',"
                         " 0, 1, 0)", ic_incident_get_id (fx->incident));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  /* The database itself refuses a probe that runs while it waits. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE probes SET enabled = 1"
                                 " WHERE awaiting_confirmation = 1", NULL, NULL, &message),
                   ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_nonnull (strstr (message, "CHECK constraint failed"));
  sqlite3_free (message);

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 2);
  imported = g_list_model_get_item (probes, 1);
  g_assert_true (ic_probe_record_get_awaiting_confirmation (imported));
  g_assert_false (ic_probe_record_get_enabled (imported));
  g_assert_null (ic_store_keep_probe_for_service (fx->store, imported, "checkout", &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "came from a file"));
  g_clear_error (&error);
  g_assert_null (ic_store_find_service_probe (fx->store, "checkout",
                                              "https://checkout.example/health"));

  g_signal_connect (probes, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  g_assert_true (ic_store_confirm_probes (fx->store, fx->incident, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_clear_object (&imported);
  imported = g_list_model_get_item (probes, 1);
  g_assert_false (ic_probe_record_get_awaiting_confirmation (imported));
  g_assert_true (ic_probe_record_get_enabled (imported));
  g_assert_cmpuint (count_events (fx, "probes-confirmed", "health (https://checkout.example/"
                                  "health)"), ==, 1);
  g_assert_cmpuint (count_events (fx, "probes-confirmed", "db port"), ==, 0);
  /* Nothing waits any more: confirming again changes and notes nothing. */
  g_assert_true (ic_store_confirm_probes (fx->store, fx->incident, &error));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (count_events (fx, "probes-confirmed", ""), ==, 1);
  g_signal_handlers_disconnect_by_func (probes, count_changes_cb, &changes);

  store_fixture_reopen (fx);
  probes = ic_store_get_probes (fx->store, fx->incident);
  g_clear_object (&imported);
  imported = g_list_model_get_item (probes, 1);
  g_assert_true (ic_probe_record_get_enabled (imported));
  g_assert_false (ic_probe_record_get_awaiting_confirmation (imported));
  g_clear_object (&own);
  own = ic_store_keep_probe_for_service (fx->store, imported, "checkout", &error);
  g_assert_no_error (error);
  g_assert_nonnull (own);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/store-probes/add-validate-delete", test_add_validate_delete);
  ADD ("/ic/store-probes/samples", test_samples);
  ADD ("/ic/store-probes/samples-batch", test_samples_batch);
  ADD ("/ic/store-probes/sample-detail-bounded", test_sample_detail_bounded);
  ADD ("/ic/store-probes/update", test_update);
  ADD ("/ic/store-probes/secret-ref", test_secret_ref);
  ADD ("/ic/store-probes/http-request", test_http_request);
  ADD ("/ic/store-probes/service-probes", test_service_probes);
  ADD ("/ic/store-probes/secrets-refused", test_secrets_refused);
  ADD ("/ic/store-probes/confirm", test_confirm);
#undef ADD

  return g_test_run ();
}
