/* test-timeline.c — an incident's timeline: automatic events, notes, pins, backdating
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-fixture.h"

static IcTimelineEvent *
event_at (GListModel *model,
          guint       position)
{
  IcTimelineEvent *event = g_list_model_get_item (model, position);

  g_assert_nonnull (event);
  g_object_unref (event); /* the model keeps it alive */
  return event;
}

static void
test_created_event (StoreFixture  *fx,
                    gconstpointer  data)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);
  IcTimelineEvent *created;

  g_assert_nonnull (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 1);
  created = event_at (timeline, 0);
  g_assert_cmpstr (ic_timeline_event_get_kind (created), ==, IC_TIMELINE_KIND_CREATED);
  g_assert_cmpstr (ic_timeline_event_get_reference (created), ==, "app");
  g_assert_cmpint (ic_timeline_event_get_time (created), ==, IC_TEST_START_US);
  g_assert_false (ic_timeline_event_get_manual (created));
  g_assert_false (ic_timeline_event_get_pinned (created));
}

static void
test_note_add_and_validate (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  g_autoptr(IcTimelineEvent) blank = NULL;
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);

  ic_clock_advance (fx->clock, 30 * G_USEC_PER_SEC);
  note = ic_store_add_note (fx->store, fx->incident, "  502s from the load balancer \n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_timeline_event_get_text (note), ==, "502s from the load balancer");
  g_assert_true (ic_timeline_event_get_manual (note));
  g_assert_cmpint (ic_timeline_event_get_time (note), ==, IC_TEST_START_US + 30 * G_USEC_PER_SEC);
  /* The live model follows. */
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
  g_assert_true (event_at (timeline, 1) == note);

  blank = ic_store_add_note (fx->store, fx->incident, " \t\n", &error);
  g_assert_null (blank);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
}

static void
test_pin_and_backdate_persist (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  g_autoptr(GListModel) snapshot = NULL;
  GListModel *timeline;
  gint64 earlier = IC_TEST_START_US - 10 * 60 * G_USEC_PER_SEC;

  ic_clock_advance (fx->clock, 60 * G_USEC_PER_SEC);
  note = ic_store_add_note (fx->store, fx->incident, "p99 went up at 07:50", &error);
  g_assert_no_error (error);
  timeline = ic_store_get_timeline (fx->store, fx->incident);
  g_assert_true (event_at (timeline, 1) == note);

  g_assert_true (ic_store_set_event_pinned (fx->store, note, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ic_timeline_event_get_pinned (note));
  /* Backdating moves it before the "created" event in the live model. */
  g_assert_true (ic_store_set_event_time (fx->store, note, earlier, &error));
  g_assert_no_error (error);
  g_assert_true (event_at (timeline, 0) == note);
  g_assert_false (ic_store_set_event_time (fx->store, note, 0, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  store_fixture_reopen (fx);
  snapshot = ic_store_list_timeline (fx->store, fx->incident, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (snapshot), ==, 2);
  g_assert_cmpstr (ic_timeline_event_get_text (event_at (snapshot, 0)), ==,
                   "p99 went up at 07:50");
  g_assert_cmpint (ic_timeline_event_get_time (event_at (snapshot, 0)), ==, earlier);
  g_assert_true (ic_timeline_event_get_pinned (event_at (snapshot, 0)));
  g_assert_true (ic_timeline_event_get_manual (event_at (snapshot, 0)));
}

static void
test_delete_only_notes (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);
  IcTimelineEvent *created = event_at (timeline, 0);

  note = ic_store_add_note (fx->store, fx->incident, "typo", &error);
  g_assert_no_error (error);
  g_assert_false (ic_store_delete_event (fx->store, created, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);

  g_assert_true (ic_store_delete_event (fx->store, note, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 1);

  store_fixture_reopen (fx);
  timeline = ic_store_get_timeline (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 1);
}

static void
test_deleted_incident (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;

  g_assert_true (ic_store_delete_incident (fx->store, fx->incident, &error));
  g_assert_no_error (error);
  note = ic_store_add_note (fx->store, fx->incident, "too late", &error);
  g_assert_null (note);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_null (ic_store_get_timeline (fx->store, fx->incident));
}

static void
test_status_change_recorded (StoreFixture  *fx,
                             gconstpointer  data)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);
  IcTimelineEvent *event;

  ic_incident_set_status (fx->incident, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
  event = event_at (timeline, 1);
  g_assert_cmpstr (ic_timeline_event_get_kind (event), ==, IC_TIMELINE_KIND_STATUS_CHANGED);
  g_assert_nonnull (strstr (ic_timeline_event_get_text (event), "Mitigating"));
  /* Same value again: no new event. */
  ic_incident_set_status (fx->incident, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
}

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "incidents.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  IcStore *store = ic_store_open (path, NULL, &error);
  IcIncident *incident;
  IcTimelineEvent *note;

  g_assert_no_error (error);
  incident = ic_store_create_incident (store, "x", NULL, IC_SEVERITY_SEV3, IC_CREATED_VIA_CLI,
                                       &error);
  g_assert_no_error (error);
  note = ic_store_add_note (store, incident, "n", &error);
  g_assert_no_error (error);
  ic_store_close (store);
  g_assert_finalize_object (store);
  g_assert_finalize_object (note);
  g_assert_finalize_object (incident);
  g_remove (wal);
  g_remove (shm);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  g_test_add_func ("/ic/timeline/new-destroy", test_new_destroy);
  ADD ("/ic/timeline/created-event", test_created_event);
  ADD ("/ic/timeline/note/add-and-validate", test_note_add_and_validate);
  ADD ("/ic/timeline/note/pin-and-backdate", test_pin_and_backdate_persist);
  ADD ("/ic/timeline/note/delete-only-notes", test_delete_only_notes);
  ADD ("/ic/timeline/deleted-incident", test_deleted_incident);
  ADD ("/ic/timeline/status-change-recorded", test_status_change_recorded);
#undef ADD

  return g_test_run ();
}
