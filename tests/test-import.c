/* test-import.c — an alert becomes an incident, once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-fixture.h"

static void
test_alertmanager_prefills (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(IcAlert) alert = ic_test_load_alert ("alertmanager-firing.json");
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
  g_autoptr(IcAlert) alert = ic_test_load_alert ("pagerduty-triggered.json");
  g_autoptr(IcAlert) again = ic_test_load_alert ("pagerduty-triggered.json");
  g_autoptr(IcAlert) other = ic_test_load_alert ("alertmanager-firing.json");
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

/* The alert's fields, its dedup key and its timeline entry are one commit;
 * a second import, even from another connection, finds it. */
static void
test_alert_dedup (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(IcAlert) alert = ic_test_load_alert ("alertmanager-firing.json");
  g_autoptr(IcIncidentDraft) draft = ic_alert_to_draft (alert);
  g_autoptr(IcIncident) first = NULL, again = NULL;
  g_autoptr(IcStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL, *events = NULL;
  gboolean existing = TRUE;

  g_free (draft->title);
  draft->title = g_strdup ("Checkout is down");
  first = ic_store_create_incident_from_draft (fx->store, draft, &existing, &error);
  g_assert_no_error (error);
  g_assert_false (existing);
  key = ic_test_read_committed (fx->path, "SELECT alert_dedup_key FROM incidents WHERE id = ?1",
                                ic_incident_get_id (first));
  g_assert_cmpstr (key, ==, ic_alert_get_dedup_key (alert));
  events = ic_test_read_committed (fx->path, "SELECT group_concat(kind, ',') FROM"
                                   " (SELECT kind FROM timeline WHERE incident_id = ?1"
                                   " ORDER BY id)", ic_incident_get_id (first));
  g_assert_cmpstr (events, ==, "created,alert-imported");

  other = ic_store_open (fx->path, NULL, &error);
  g_assert_no_error (error);
  again = ic_store_create_incident_from_alert (other, alert, &existing, &error);
  g_assert_no_error (error);
  g_assert_true (existing);
  g_assert_cmpint (ic_incident_get_id (again), ==, ic_incident_get_id (first));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (other)), ==, 2);
  ic_store_close (other);
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
  ADD ("/ic/import/one-commit-with-its-dedup-key", test_alert_dedup);
#undef ADD

  return g_test_run ();
}
