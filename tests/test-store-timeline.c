/* test-store-timeline.c — the store's timeline as a specification:
 * events listed in time order (moving one reorders them) and none added to
 * a deleted incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-file.h"

/* Timeline ------------------------------------------------------------------ */

static void
test_timeline_order (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Checkout down", NULL);
  g_autoptr(IcTimelineEvent) second = NULL;
  g_autoptr(IcTimelineEvent) third = NULL;
  g_autoptr(GListModel) events = NULL;
  const char *expected_texts[] = { NULL, "second", "third" };
  gint64 expected_times[] = { START_US, START_US + MINUTE_US, START_US + 2 * MINUTE_US };

  ic_clock_advance (fx->clock, MINUTE_US);
  second = ic_store_add_timeline_event (fx->store, incident, "note", "second", NULL, &error);
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, MINUTE_US);
  third = ic_store_add_timeline_event (fx->store, incident, "deploy", "third", "v1.2.3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ic_timeline_event_get_time (third), ==, START_US + 2 * MINUTE_US);
  g_assert_cmpstr (ic_timeline_event_get_reference (third), ==, "v1.2.3");

  events = ic_store_list_timeline (fx->store, incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpint (ic_timeline_event_get_time (event), ==, expected_times[i]);
      g_assert_cmpint (ic_timeline_event_get_incident_id (event), ==,
                       ic_incident_get_id (incident));
      if (i == 0)
        g_assert_cmpstr (ic_timeline_event_get_kind (event), ==, IC_TIMELINE_KIND_CREATED);
      else
        g_assert_cmpstr (ic_timeline_event_get_text (event), ==, expected_texts[i]);
    }
  g_clear_object (&events);

  /* Moving an event in time reorders the list. */
  g_assert_true (ic_store_set_event_time (fx->store, third, START_US + 30 * G_USEC_PER_SEC,
                                          &error));
  g_assert_no_error (error);
  events = ic_store_list_timeline (fx->store, incident, &error);
  g_assert_no_error (error);
  {
    g_autoptr(IcTimelineEvent) e1 = g_list_model_get_item (events, 1);
    g_autoptr(IcTimelineEvent) e2 = g_list_model_get_item (events, 2);

    g_assert_cmpstr (ic_timeline_event_get_text (e1), ==, "third");
    g_assert_cmpstr (ic_timeline_event_get_text (e2), ==, "second");
  }
}

static void
test_timeline_deleted_incident (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = create (fx, "Short-lived", NULL);
  g_autoptr(IcTimelineEvent) event = NULL;

  g_assert_true (ic_store_delete_incident (fx->store, incident, &error));
  g_assert_no_error (error);
  event = ic_store_add_timeline_event (fx->store, incident, "note", "too late", NULL, &error);
  g_assert_null (event);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (_ic_store_get_db (fx->store), "timeline"), ==, 0);
}

/* Registration -------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_STORE(path, fn) \
  g_test_add (path, Fixture, NULL, store_setup, fn, fixture_teardown)

  ADD_STORE ("/ic/store/timeline/order", test_timeline_order);
  ADD_STORE ("/ic/store/timeline/deleted-incident", test_timeline_deleted_incident);

#undef ADD_STORE

  return g_test_run ();
}
