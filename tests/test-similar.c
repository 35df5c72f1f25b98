/* test-similar.c — "Seen before": past incidents ranked by full-text
 * similarity, with their root cause, detection gap and fix; never a drill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ic-change.h"
#include "ic-postmortem.h"
#include "ic-similar.h"
#include "ic-store-changes.h"
#include "ic-store-drills.h"
#include "ic-store-hypotheses.h"
#include "ic-test-scenario.h"
#include "ic-test-store-file.h"

static void
test_query (void)
{
  const char *texts[] = { "Sessions: Redis connection REFUSED", "sessions", "",
                          "a to be, and the incident", NULL };
  const char *none[] = { "", "a b", NULL };
  g_autofree char *query = ic_similar_build_query (texts);

  /* Each word of three letters or more once, folded, quoted; words every
   * incident has left out. */
  g_assert_cmpstr (query, ==, "\"sessions\" OR \"redis\" OR \"connection\" OR \"refused\"");
  g_assert_null (ic_similar_build_query (none));
  g_assert_null (ic_similar_build_query (NULL));
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GListModel *
find (Fixture    *fx,
      IcIncident *incident)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *found;

  ic_store_find_similar_async (fx->store, incident, NULL, found_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = ic_store_find_similar_finish (fx->store, result, &error);
  g_assert_no_error (error);
  return found;
}

static IcIncident *
past (Fixture    *fx,
      const char *title,
      const char *service,
      gint64      minutes)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident = ic_store_create_incident (fx->store, title, service, IC_SEVERITY_SEV2,
                                                   IC_CREATED_VIA_APP, &error);

  g_assert_no_error (error);
  ic_incident_set_status (incident, IC_INCIDENT_STATUS_RESOLVED);
  g_object_set (incident, "resolved-at", ic_incident_get_alert_time (incident)
                                           + minutes * 60 * G_USEC_PER_SEC, NULL);
  return incident;
}

static void
test_ranked (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) redis = past (fx, "Logins fail: Redis connection refused", "sessions", 42);
  g_autoptr(IcIncident) disk = past (fx, "Disk full on db-7", "billing", 10);
  g_autoptr(IcIncident) pool = past (fx, "Checkout connection pool exhausted", "checkout", 30);
  g_autoptr(IcIncident) search = past (fx, "Search latency p99 above 2 s", "search", 15);
  g_autoptr(IcIncident) payments = past (fx, "Payments 502 from the gateway", "payments", 20);
  g_autoptr(IcIncident) dns = past (fx, "DNS resolution slow in eu-west-1", "edge", 25);
  g_autoptr(IcIncident) current = NULL;
  g_autoptr(IcIncident) drill = NULL;
  g_autoptr(IcHypothesis) confirmed = NULL;
  g_autoptr(IcHypothesis) guess = NULL;
  g_autoptr(IcChange) change = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(IcSimilar) first = NULL;
  g_autoptr(IcSimilar) second = NULL;
  g_autoptr(IcScenario) scenario = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hypothesis = NULL;

  /* The Redis one: its cause confirmed, its gap written, a change rolled back. */
  confirmed = ic_store_add_hypothesis (fx->store, redis, "Client bypassed cluster discovery",
                                       IC_LIKELIHOOD_WILD_CARD, "", &error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, confirmed,
                                                 IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_true (ic_store_set_postmortem_section (fx->store, redis, IC_POSTMORTEM_DETECTION_GAP,
                                                  "No alert on one node's connections", &error));
  change = ic_store_add_change (fx->store, redis, IC_CHANGE_KIND_CONFIG, "REDIS_URI rename",
                                START_US - 60 * G_USEC_PER_SEC, TRUE, &error);
  g_assert_true (ic_store_roll_back_change (fx->store, redis, change, &error));
  g_assert_no_error (error);
  /* A drill of the same words: never offered. */
  scenario = ic_test_scenario (&text);
  drill = ic_store_start_drill (fx->store, scenario, text, &error);
  g_assert_no_error (error);

  current = ic_store_create_incident (fx->store, "Sessions: Redis connection refused", "sessions",
                                      IC_SEVERITY_SEV1, IC_CREATED_VIA_APP, &error);
  guess = ic_store_add_hypothesis (fx->store, current, "A client skips cluster discovery",
                                   IC_LIKELIHOOD_WILD_CARD, "", &error);
  g_assert_no_error (error);

  found = find (fx, current);
  /* The Redis incident first (its title, service and confirmed cause), the
   * pool one by one word; the others not at all, nor the drill, nor this
   * incident. */
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  second = g_list_model_get_item (found, 1);
  g_assert_cmpint (ic_similar_get_incident_id (second), ==, ic_incident_get_id (pool));
  first = g_list_model_get_item (found, 0);
  g_assert_cmpint (ic_similar_get_incident_id (first), ==, ic_incident_get_id (redis));
  g_assert_cmpstr (ic_similar_get_title (first), ==, "Logins fail: Redis connection refused");
  g_assert_cmpint (ic_similar_get_duration (first), ==, G_GINT64_CONSTANT (42) * 60 * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_similar_get_root_cause (first), ==, "Client bypassed cluster discovery");
  g_assert_cmpstr (ic_similar_get_detection_gap (first), ==, "No alert on one node's connections");
  g_assert_cmpstr (ic_similar_get_fix (first), ==, "REDIS_URI rename");
  hypothesis = ic_similar_dup_hypothesis (first);
  g_assert_true (g_str_has_prefix (hypothesis, "Client bypassed cluster discovery (seen before: "
                                               "incident "));
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(IcSimilar) similar = g_list_model_get_item (found, i);
      gint64 id = ic_similar_get_incident_id (similar);

      g_assert_cmpint (id, !=, ic_incident_get_id (disk));
      g_assert_cmpint (id, !=, ic_incident_get_id (drill));
      g_assert_cmpint (id, !=, ic_incident_get_id (current));
    }
  (void) search;
  (void) payments;
  (void) dns;
}

/* Cancelled (the incident changed again): said as cancelled. */
static void
test_cancelled (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) current = ic_store_create_incident (fx->store, "Checkout errors",
                                                            "checkout", IC_SEVERITY_SEV1,
                                                            IC_CREATED_VIA_APP, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) found = NULL;

  g_cancellable_cancel (cancellable);
  ic_store_find_similar_async (fx->store, current, cancellable, found_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = ic_store_find_similar_finish (fx->store, result, &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/similar/query", test_query);
  g_test_add ("/ic/similar/ranked", Fixture, NULL, store_setup, test_ranked, fixture_teardown);
  g_test_add ("/ic/similar/cancelled", Fixture, NULL, store_setup, test_cancelled,
              fixture_teardown);
  return g_test_run ();
}
