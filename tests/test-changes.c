/* test-changes.c — recent changes (rollback candidates) and the decision checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-store-fixture.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static gpointer
item (GListModel *model,
      guint       position)
{
  gpointer object = g_list_model_get_item (model, position);

  g_assert_nonnull (object);
  g_object_unref (object); /* the model keeps it alive */
  return object;
}

static gboolean
timeline_has (StoreFixture *fx,
              const char   *kind,
              const char   *needle)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      IcTimelineEvent *event = item (timeline, i);

      if (g_str_equal (ic_timeline_event_get_kind (event), kind)
          && strstr (ic_timeline_event_get_text (event), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_add_sorted_and_recorded (StoreFixture  *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) deploy = NULL;
  g_autoptr(IcChange) dns = NULL;
  GListModel *changes = ic_store_get_changes (fx->store, fx->incident);

  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 0);
  deploy = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY,
                                " checkout v1.2.3 ", IC_TEST_START_US - MINUTES (40), TRUE,
                                &error);
  g_assert_no_error (error);
  dns = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DNS, "api CNAME moved",
                             IC_TEST_START_US - MINUTES (10), FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ic_change_get_description (deploy), ==, "checkout v1.2.3");
  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 2);
  g_assert_true (item (changes, 0) == dns);
  g_assert_true (item (changes, 1) == deploy);
  g_assert_true (timeline_has (fx, IC_TIMELINE_KIND_CHANGE_ADDED, "checkout v1.2.3 (reversible)"));
  g_assert_true (timeline_has (fx, IC_TIMELINE_KIND_CHANGE_ADDED, "api CNAME moved (not reversible)"));

  /* Moving a change in time re-sorts the live list. */
  ic_change_set_changed_at (deploy, IC_TEST_START_US - MINUTES (5));
  g_assert_true (item (changes, 0) == deploy);
}

static void
test_rollback_candidate (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) old_deploy = NULL;
  g_autoptr(IcChange) flag = NULL;
  g_autoptr(IcChange) migration = NULL;

  g_assert_null (ic_store_get_rollback_candidate (fx->store, fx->incident));
  old_deploy = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "v1.2.2",
                                    IC_TEST_START_US - MINUTES (50), TRUE, &error);
  flag = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_FEATURE_FLAG,
                              "new-checkout-flow 50%", IC_TEST_START_US - MINUTES (20), TRUE,
                              &error);
  migration = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_MIGRATION,
                                   "drop column", IC_TEST_START_US - MINUTES (5), FALSE, &error);
  g_assert_no_error (error);

  /* The most recent change is irreversible: the candidate is the flag. */
  g_assert_true (ic_store_get_rollback_candidate (fx->store, fx->incident) == flag);
  ic_change_set_rolled_back_at (flag, IC_TEST_START_US);
  g_assert_true (ic_store_get_rollback_candidate (fx->store, fx->incident) == old_deploy);
  ic_change_set_reversible (old_deploy, FALSE);
  g_assert_null (ic_store_get_rollback_candidate (fx->store, fx->incident));
}

/* Any reversible change can be rolled back, not only the candidate: the
 * incident is then being mitigated, and the decision is on the timeline. */
static void
test_roll_back_change (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) library = NULL;
  g_autoptr(IcChange) flag = NULL;
  g_autoptr(IcChange) migration = NULL;
  g_autofree char *stored = NULL;
  gint64 mitigated_at = 0;

  library = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "docforge 4.7.0",
                                 IC_TEST_START_US - MINUTES (3 * 24 * 60), TRUE, &error);
  flag = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_FEATURE_FLAG, "debug log",
                              IC_TEST_START_US - MINUTES (10), TRUE, &error);
  migration = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_MIGRATION,
                                   "drop column", IC_TEST_START_US - MINUTES (5), FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (ic_store_roll_back_change (fx->store, fx->incident, library, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_change_get_rolled_back_at (library), ==, IC_TEST_START_US);
  g_assert_cmpint (ic_change_get_rolled_back_at (flag), ==, 0);
  /* The candidate is still the most recent reversible change. */
  g_assert_true (ic_store_get_rollback_candidate (fx->store, fx->incident) == flag);
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_object_get (fx->incident, "mitigated-at", &mitigated_at, NULL);
  g_assert_cmpint (mitigated_at, ==, IC_TEST_START_US);
  g_assert_true (timeline_has (fx, "rollback-decision", "Decision: roll back docforge 4.7.0"));
  /* On disk: the change's row says so. */
  stored = ic_test_read_committed (fx->path, "SELECT rolled_back_at FROM changes WHERE id = ?1",
                                   ic_change_get_id (library));
  g_assert_cmpstr (stored, ==, "1795852800000000");

  g_assert_false (ic_store_roll_back_change (fx->store, fx->incident, library, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“docforge 4.7.0” is already rolled back");
  g_clear_error (&error);
  g_assert_false (ic_store_roll_back_change (fx->store, fx->incident, migration, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“drop column” cannot be rolled back: it is not reversible");
}

static void
test_edits_autosave (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) change = NULL;
  GListModel *changes;
  IcChange *reloaded;

  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_CONFIG, "pool 10",
                                IC_TEST_START_US - MINUTES (15), TRUE, &error);
  g_assert_no_error (error);
  ic_change_set_description (change, "pool size 10 → 4");
  ic_change_set_kind (change, IC_CHANGE_KIND_OTHER);
  ic_change_set_rolled_back_at (change, IC_TEST_START_US + MINUTES (3));
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  /* A blank description is not written over the last good one. */
  g_clear_object (&change);

  store_fixture_reopen (fx);
  changes = ic_store_get_changes (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 1);
  reloaded = item (changes, 0);
  g_assert_cmpstr (ic_change_get_description (reloaded), ==, "pool size 10 → 4");
  g_assert_cmpint (ic_change_get_kind (reloaded), ==, IC_CHANGE_KIND_OTHER);
  g_assert_cmpint (ic_change_get_rolled_back_at (reloaded), ==,
                   IC_TEST_START_US + MINUTES (3));

  ic_change_set_description (reloaded, "   ");
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);
  store_fixture_reopen (fx);
  reloaded = item (ic_store_get_changes (fx->store, fx->incident), 0);
  g_assert_cmpstr (ic_change_get_description (reloaded), ==, "pool size 10 → 4");
}

static void
test_bad_input (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcChange *change;

  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "  ",
                                IC_TEST_START_US, TRUE, &error);
  g_assert_null (change);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "v2", 0, TRUE,
                                &error);
  g_assert_null (change);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_changes (fx->store, fx->incident)),
                    ==, 0);

  g_assert_true (ic_store_delete_incident (fx->store, fx->incident, &error));
  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "v2",
                                IC_TEST_START_US, TRUE, &error);
  g_assert_null (change);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
}

static void
test_delete_change (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) change = NULL;
  GListModel *changes = ic_store_get_changes (fx->store, fx->incident);

  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "wrong one",
                                IC_TEST_START_US, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_delete_change (fx->store, change, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 0);
  g_assert_true (timeline_has (fx, IC_TIMELINE_KIND_CHANGE_REMOVED, "wrong one"));
  store_fixture_reopen (fx);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_changes (fx->store, fx->incident)),
                    ==, 0);
}

static void
test_checks_in_order (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *checks = ic_store_get_decision_checks (fx->store, fx->incident);
  IcDecisionCheck *next;

  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, IC_DECISION_CHECK_N_STEPS);
  for (guint i = 0; i < IC_DECISION_CHECK_N_STEPS; i++)
    {
      IcDecisionCheck *check = item (checks, i);

      g_assert_cmpint (ic_decision_check_get_step (check), ==, (int) i + 1);
      g_assert_false (ic_decision_check_get_is_answered (check));
      g_assert_nonnull (ic_decision_check_get_question ((int) i + 1));
      g_assert_nonnull (ic_decision_check_get_hint ((int) i + 1));
    }
  next = ic_store_get_next_decision_check (fx->store, fx->incident);
  g_assert_cmpint (ic_decision_check_get_step (next), ==, 1);

  ic_clock_advance (fx->clock, MINUTES (1));
  g_assert_true (ic_store_answer_decision_check (fx->store, next, IC_CHECK_ANSWER_NO,
                                                 " only eu-west-1 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_decision_check_get_answer (next), ==, IC_CHECK_ANSWER_NO);
  g_assert_cmpstr (ic_decision_check_get_note (next), ==, "only eu-west-1");
  g_assert_cmpint (ic_decision_check_get_answered_at (next), ==, IC_TEST_START_US + MINUTES (1));
  g_assert_true (timeline_has (fx, IC_TIMELINE_KIND_CHECK_ANSWERED, "only eu-west-1"));

  /* Answering out of order is allowed; "next" is the first unanswered. */
  g_assert_true (ic_store_answer_decision_check (fx->store, item (checks, 2),
                                                 IC_CHECK_ANSWER_UNKNOWN, NULL, &error));
  next = ic_store_get_next_decision_check (fx->store, fx->incident);
  g_assert_cmpint (ic_decision_check_get_step (next), ==, 2);
  g_assert_true (ic_store_answer_decision_check (fx->store, next, IC_CHECK_ANSWER_YES,
                                                 "deploy v1.2.3", &error));
  g_assert_true (ic_store_answer_decision_check (fx->store, item (checks, 3),
                                                 IC_CHECK_ANSWER_YES, NULL, &error));
  g_assert_null (ic_store_get_next_decision_check (fx->store, fx->incident));

  store_fixture_reopen (fx);
  checks = ic_store_get_decision_checks (fx->store, fx->incident);
  g_assert_cmpint (ic_decision_check_get_answer (item (checks, 0)), ==, IC_CHECK_ANSWER_NO);
  g_assert_cmpint (ic_decision_check_get_answer (item (checks, 2)), ==,
                   IC_CHECK_ANSWER_UNKNOWN);
  g_assert_cmpstr (ic_decision_check_get_note (item (checks, 1)), ==, "deploy v1.2.3");
  g_assert_null (ic_store_get_next_decision_check (fx->store, fx->incident));
}

static void
test_change_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "incidents.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  IcStore *store = ic_store_open (path, NULL, &error);
  IcIncident *incident = ic_store_create_incident (store, "x", NULL, IC_SEVERITY_SEV3,
                                                   IC_CREATED_VIA_CLI, &error);
  IcChange *change = ic_store_add_change (store, incident, IC_CHANGE_KIND_DNS, "d",
                                          g_get_real_time (), TRUE, &error);

  g_assert_no_error (error);
  ic_store_close (store);
  g_assert_finalize_object (store);
  g_assert_finalize_object (change);
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
  g_test_add_func ("/ic/changes/new-destroy", test_change_new_destroy);
  ADD ("/ic/changes/add/sorted-and-recorded", test_add_sorted_and_recorded);
  ADD ("/ic/changes/rollback-candidate", test_rollback_candidate);
  ADD ("/ic/changes/edits-autosave", test_edits_autosave);
  ADD ("/ic/changes/roll-back", test_roll_back_change);
  ADD ("/ic/changes/bad-input", test_bad_input);
  ADD ("/ic/changes/delete", test_delete_change);
  ADD ("/ic/decision-checks/in-order", test_checks_in_order);
#undef ADD

  return g_test_run ();
}
