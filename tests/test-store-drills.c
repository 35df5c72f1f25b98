/* test-store-drills.c — drills in the store: starting one from a scenario,
 * its fix, pauses and end, and the list of runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ic-change.h"
#include "ic-probe-record.h"
#include "ic-store-changes.h"
#include "ic-store-drills.h"
#include "ic-store-probes.h"
#include "ic-store-timeline.h"
#include "ic-test-scenario.h"
#include "ic-test-store-file.h"
#include "ic-timeline-event.h"

static char *
string_of (IcIncident *incident,
           const char *name)
{
  char *value = NULL;

  g_object_get (incident, name, &value, NULL);
  return value;
}

static IcIncident *
start (Fixture  *fx,
       GError  **error)
{
  g_autofree char *text = NULL;
  g_autoptr(IcScenario) scenario = ic_test_scenario (&text);

  return ic_store_start_drill (fx->store, scenario, text, error);
}

static void
test_start (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = start (fx, &error);
  g_autoptr(IcDrillRecord) record = NULL;
  g_autoptr(IcStore) other = NULL;
  GListModel *changes, *probes, *timeline;
  g_autoptr(IcChange) culprit = NULL;
  g_autoptr(IcProbeRecord) cluster = NULL;
  g_autoptr(IcTimelineEvent) first = NULL;
  IcIncident *reread;
  g_autofree char *last_known_good = NULL;
  g_autofree char *blast_radius = NULL;
  g_autofree char *shown = NULL;
  gint64 lkg_at = 0;
  double error_rate = 0;
  gint64 id;

  g_assert_no_error (error);
  id = ic_incident_get_id (incident);
  /* What the alert says, marked as a drill, with the scenario's facts. */
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Sessions: connection refused");
  g_assert_cmpstr (ic_incident_get_service (incident), ==, "sessions");
  g_assert_true (ic_incident_get_drill (incident));
  last_known_good = string_of (incident, "last-known-good");
  g_assert_cmpstr (last_known_good, ==, "Logins worked at 07:20");

  /* All of it on disk, as another program reads it. */
  other = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  reread = ic_store_lookup_incident (other, id);
  g_assert_nonnull (reread);
  g_assert_true (ic_incident_get_drill (reread));
  blast_radius = string_of (reread, "blast-radius");
  g_assert_cmpstr (blast_radius, ==, "Every login");
  g_object_get (reread, "last-known-good-at", &lkg_at, "error-rate", &error_rate, NULL);
  g_assert_cmpint (lkg_at, ==, START_US - G_GINT64_CONSTANT (2400) * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (error_rate, 0.125, 1e-9);

  changes = ic_store_get_changes (other, reread);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 2);
  record = ic_store_get_drill (other, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->scenario_id, ==, "base");
  g_assert_cmpint (record->started_at, ==, START_US);
  g_assert_cmpint (record->fixed_at, ==, 0);
  g_assert_false (record->abandoned);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (ic_change_get_id (change) == record->culprit_change_id)
        culprit = g_object_ref (change);
    }
  g_assert_nonnull (culprit);
  g_assert_cmpstr (ic_change_get_description (culprit), ==, "REDIS_URI replaces CLUSTER_DISCOVERY");
  g_assert_cmpint (ic_change_get_changed_at (culprit), ==, START_US - G_GINT64_CONSTANT (2100) * G_USEC_PER_SEC);

  /* Its probes play the scenario's, as the kinds they are. */
  probes = ic_store_get_probes (other, reread);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 2);
  cluster = g_list_model_get_item (probes, 0);
  g_assert_cmpstr (ic_probe_record_get_kind (cluster), ==, "redis");
  g_assert_cmpstr (ic_probe_record_get_name (cluster), ==, "sessions cluster");
  g_assert_true (g_str_has_prefix (ic_probe_record_get_spec (cluster), "replay://drill/"));
  /* Shown as the scenario's target, which is never contacted. */
  shown = ic_drill_probe_dup_target (ic_probe_record_get_spec (cluster));
  g_assert_cmpstr (shown, ==, "redis://10.0.4.11:6379?cluster=1");

  timeline = ic_store_get_timeline (other, reread);
  first = g_list_model_get_item (timeline, g_list_model_get_n_items (timeline) - 1);
  g_assert_cmpstr (ic_timeline_event_get_kind (first), ==, "drill");
  g_assert_cmpstr (ic_timeline_event_get_text (first), ==, "Drill started: Sessions lose their store");
  ic_store_close (other);
}

/* A failure half way loses nothing and leaves nothing: no incident, no
 * drill row, no changes. */
static void
test_start_fails_whole (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);

  /* The drills table refuses the row: the last insert of the transaction. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON drills"
                                 " BEGIN SELECT RAISE(ABORT, 'refused'); END;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  incident = start (fx, &error);
  g_assert_null (incident);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Cannot start the drill in"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM incidents"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM changes"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM probes"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (fx->store)), ==, 0);
}

static void
test_fixed_paused_ended (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = start (fx, &error);
  gint64 id = ic_incident_get_id (incident);
  g_autoptr(IcDrillRecord) record = NULL;

  g_assert_no_error (error);
  ic_clock_advance (fx->clock, G_GINT64_CONSTANT (60) * G_USEC_PER_SEC);
  g_assert_true (ic_store_set_drill_paused (fx->store, id, TRUE, &error));
  ic_clock_advance (fx->clock, G_GINT64_CONSTANT (30) * G_USEC_PER_SEC);
  /* Pausing again keeps the first pause's start. */
  g_assert_true (ic_store_set_drill_paused (fx->store, id, TRUE, &error));
  record = ic_store_get_drill (fx->store, id, &error);
  /* The drill's own clock stands still while paused. */
  g_assert_cmpint (ic_drill_record_get_elapsed (record, ic_clock_get_now (fx->clock)), ==,
                   G_GINT64_CONSTANT (60) * G_USEC_PER_SEC);
  g_clear_pointer (&record, ic_drill_record_free);

  ic_clock_advance (fx->clock, G_GINT64_CONSTANT (30) * G_USEC_PER_SEC);
  g_assert_true (ic_store_set_drill_paused (fx->store, id, FALSE, &error));
  ic_clock_advance (fx->clock, G_GINT64_CONSTANT (10) * G_USEC_PER_SEC);
  record = ic_store_get_drill (fx->store, id, &error);
  g_assert_cmpint (record->paused_us, ==, G_GINT64_CONSTANT (60) * G_USEC_PER_SEC);
  g_assert_cmpint (ic_drill_record_get_elapsed (record, ic_clock_get_now (fx->clock)), ==,
                   G_GINT64_CONSTANT (70) * G_USEC_PER_SEC);
  g_clear_pointer (&record, ic_drill_record_free);

  /* The fix is recorded once. */
  g_assert_true (ic_store_set_drill_fixed (fx->store, id, START_US + 5, &error));
  g_assert_true (ic_store_set_drill_fixed (fx->store, id, START_US + 99, &error));
  g_assert_true (ic_store_end_drill (fx->store, id, TRUE, &error));
  ic_clock_advance (fx->clock, G_GINT64_CONSTANT (10) * G_USEC_PER_SEC);
  g_assert_true (ic_store_end_drill (fx->store, id, FALSE, &error));
  g_assert_no_error (error);
  record = ic_store_get_drill (fx->store, id, &error);
  g_assert_cmpint (record->fixed_at, ==, START_US + 5);
  g_assert_true (record->abandoned);
  g_assert_cmpint (record->ended_at, ==, START_US + G_GINT64_CONSTANT (130) * G_USEC_PER_SEC);
  /* After the end the drill's clock stands still too. */
  g_assert_cmpint (ic_drill_record_get_elapsed (record, ic_clock_get_now (fx->clock)), ==,
                   G_GINT64_CONSTANT (70) * G_USEC_PER_SEC);
}

static void
test_not_a_drill (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = ic_store_create_incident (fx->store, "Real", NULL,
                                                             IC_SEVERITY_SEV2, IC_CREATED_VIA_APP,
                                                             &error);

  g_assert_null (ic_store_get_drill (fx->store, ic_incident_get_id (incident), &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "This incident is not a drill");
  g_clear_error (&error);
  g_assert_false (ic_store_set_drill_fixed (fx->store, ic_incident_get_id (incident), 1, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
}

static void
test_list (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 last = -1;

  /* No drill yet: the last one is never. */
  g_assert_true (ic_store_get_last_drill_time (fx->store, &last, &error));
  g_assert_cmpint (last, ==, 0);
  first = start (fx, &error);
  ic_clock_advance (fx->clock, G_USEC_PER_SEC);
  second = start (fx, &error);
  g_assert_no_error (error);
  /* The latest start, whichever scenario. */
  g_assert_true (ic_store_get_last_drill_time (fx->store, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last, ==, ic_clock_get_now (fx->clock));
  /* Two runs of one scenario: two incidents, never merged as one alert. */
  g_assert_cmpint (ic_incident_get_id (first), !=, ic_incident_get_id (second));
  all = ic_store_list_drills (fx->store, "base", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpint (((IcDrillRecord *) g_ptr_array_index (all, 0))->incident_id, ==,
                   ic_incident_get_id (first));
  none = ic_store_list_drills (fx->store, "other", &error);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)
  ADD ("/ic/store-drills/start", test_start);
  ADD ("/ic/store-drills/start-fails-whole", test_start_fails_whole);
  ADD ("/ic/store-drills/fixed-paused-ended", test_fixed_paused_ended);
  ADD ("/ic/store-drills/not-a-drill", test_not_a_drill);
  ADD ("/ic/store-drills/list", test_list);
#undef ADD
  return g_test_run ();
}
