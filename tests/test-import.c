/* test-import.c — an alert becomes an incident, once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-fixture.h"

static IcAlert *
load_alert (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "alerts", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  IcAlert *alert;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  alert = ic_alert_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  return alert;
}

static void
test_alertmanager_prefills (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(IcAlert) alert = load_alert ("alertmanager-firing.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *source = NULL, *payload = NULL, *key = NULL, *radius = NULL;
  g_autofree char *url = NULL;
  GListModel *timeline;
  int via = 0;

  incident = ic_store_create_incident_from_alert (fx->store, alert, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, ic_alert_get_title (alert));
  g_assert_cmpint (ic_incident_get_severity (incident), ==, ic_alert_get_severity (alert));
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, ic_alert_get_alert_time (alert));
  g_object_get (incident, "alert-source", &source, "alert-payload", &payload,
                "alert-dedup-key", &key, "blast-radius", &radius, "alert-url", &url,
                "created-via", &via, NULL);
  g_assert_cmpstr (source, ==, "alertmanager");
  g_assert_cmpstr (payload, ==, ic_alert_get_raw_payload (alert));
  g_assert_cmpstr (key, ==, ic_alert_get_dedup_key (alert));
  g_assert_cmpint (via, ==, IC_CREATED_VIA_ALERT);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http"));
  g_assert_cmpstr (radius, !=, "");
  g_assert_false (ic_store_get_has_pending_changes (fx->store));

  timeline = ic_store_get_timeline (fx->store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);

  /* The stored payload survives a restart byte for byte. */
  g_clear_object (&fx->incident);
  fx->incident = g_object_ref (incident);
  store_fixture_reopen (fx);
  g_clear_pointer (&payload, g_free);
  g_object_get (fx->incident, "alert-payload", &payload, NULL);
  g_assert_cmpstr (payload, ==, ic_alert_get_raw_payload (alert));
}

static void
test_same_alert_found (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(IcAlert) alert = load_alert ("pagerduty-triggered.json");
  g_autoptr(IcAlert) again = load_alert ("pagerduty-triggered.json");
  g_autoptr(IcAlert) other = load_alert ("alertmanager-firing.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;

  g_assert_null (ic_store_find_alert_incident (fx->store, alert));
  incident = ic_store_create_incident_from_alert (fx->store, alert, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_find_alert_incident (fx->store, again) == incident);
  g_assert_null (ic_store_find_alert_incident (fx->store, other));
  /* A resolved incident does not swallow a new page for the same key. */
  ic_incident_set_status (incident, IC_INCIDENT_STATUS_RESOLVED);
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_null (ic_store_find_alert_incident (fx->store, again));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/import/alertmanager-prefills", test_alertmanager_prefills);
  ADD ("/ic/import/same-alert-found", test_same_alert_found);
#undef ADD

  return g_test_run ();
}
