/* test-rollback-timer.c — the two-minute rule on a manual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-rollback-timer.h"
#include "ic-test-store-fixture.h"

#define SECONDS(n) (G_GINT64_CONSTANT (n) * G_USEC_PER_SEC)
#define TWO_MINUTES SECONDS (120)

static void
count_cb (IcRollbackTimer *timer,
          guint           *n)
{
  (*n)++;
}

static gboolean
has_event (StoreFixture *fx,
           const char   *needle)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (strstr (ic_timeline_event_get_text (event), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_start_and_expire (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  guint expired = 0;

  g_signal_connect (timer, "expired", G_CALLBACK (count_cb), &expired);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_IDLE);
  ic_rollback_timer_start (timer);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_RUNNING);
  g_assert_cmpint (ic_rollback_timer_get_deadline (timer), ==, IC_TEST_START_US + TWO_MINUTES);
  g_assert_true (has_event (fx, "Rollback timer started: 2:00"));

  ic_clock_advance (fx->clock, SECONDS (119));
  g_assert_cmpint (ic_rollback_timer_get_remaining (timer), ==, SECONDS (1));
  g_assert_cmpuint (expired, ==, 0);
  ic_clock_advance (fx->clock, SECONDS (1));
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_EXPIRED);
  g_assert_cmpint (ic_rollback_timer_get_remaining (timer), ==, 0);
  /* Starting again does nothing: the rule runs once per incident. */
  ic_rollback_timer_start (timer);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_EXPIRED);
}

static void
test_confirm_stops (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autoptr(GError) error = NULL;
  guint expired = 0;

  g_signal_connect (timer, "expired", G_CALLBACK (count_cb), &expired);
  ic_rollback_timer_start (timer);
  ic_clock_advance (fx->clock, SECONDS (60));
  hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "bad deploy",
                                        IC_LIKELIHOOD_LIKELY, NULL, &error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, hypothesis,
                                                 IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_STOPPED);
  ic_clock_advance (fx->clock, SECONDS (600));
  g_assert_cmpuint (expired, ==, 0);
  g_assert_true (has_event (fx, "Rollback timer stopped"));
}

static void
test_roll_back (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(IcChange) change = NULL;
  g_autoptr(GError) error = NULL;
  gint64 mitigated = 0;

  ic_rollback_timer_start (timer);
  ic_clock_advance (fx->clock, TWO_MINUTES);
  /* Nothing to roll back yet: a clear error, the question stays open. */
  g_assert_false (ic_rollback_timer_decide (timer, IC_ROLLBACK_DECISION_ROLL_BACK, NULL,
                                            &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_EXPIRED);

  change = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY,
                                "checkout v1.2.3", IC_TEST_START_US - SECONDS (600), TRUE,
                                &error);
  g_assert_no_error (error);
  g_assert_true (ic_rollback_timer_decide (timer, IC_ROLLBACK_DECISION_ROLL_BACK, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_DECIDED);
  g_assert_cmpint (ic_change_get_rolled_back_at (change), ==, ic_clock_get_now (fx->clock));
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_object_get (fx->incident, "mitigated-at", &mitigated, NULL);
  g_assert_cmpint (mitigated, ==, ic_clock_get_now (fx->clock));
  g_assert_true (has_event (fx, "Decision: roll back checkout v1.2.3"));
}

static void
test_extend_then_expire (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(GError) error = NULL;
  guint expired = 0;

  g_signal_connect (timer, "expired", G_CALLBACK (count_cb), &expired);
  ic_rollback_timer_start (timer);
  ic_clock_advance (fx->clock, TWO_MINUTES);
  g_assert_true (ic_rollback_timer_decide (timer, IC_ROLLBACK_DECISION_EXTEND, NULL, &error));
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_RUNNING);
  g_assert_cmpint (ic_rollback_timer_get_remaining (timer), ==, SECONDS (60));
  g_assert_true (has_event (fx, "extend the rollback timer by 1 minute"));
  ic_clock_advance (fx->clock, SECONDS (60));
  g_assert_cmpuint (expired, ==, 2);
}

static void
test_keep_debugging (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(GError) error = NULL;

  ic_rollback_timer_start (timer);
  ic_clock_advance (fx->clock, TWO_MINUTES);
  g_assert_false (ic_rollback_timer_decide (timer, IC_ROLLBACK_DECISION_KEEP_DEBUGGING, "  ",
                                            &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ic_rollback_timer_decide (timer, IC_ROLLBACK_DECISION_KEEP_DEBUGGING,
                                           "the deploy is a week old; DNS is the lead",
                                           &error));
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_DECIDED);
  g_assert_true (has_event (fx, "keep debugging — the deploy is a week old"));
}

static void
test_restart_resumes (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(IcRollbackTimer) resumed = NULL;
  guint expired = 0;

  ic_rollback_timer_start (timer);
  ic_clock_advance (fx->clock, SECONDS (30));
  g_clear_object (&timer);
  store_fixture_reopen (fx);   /* as after a crash: the deadline was persisted */

  resumed = ic_rollback_timer_new (fx->store, fx->incident, TWO_MINUTES);
  g_signal_connect (resumed, "expired", G_CALLBACK (count_cb), &expired);
  g_assert_cmpint (ic_rollback_timer_get_state (resumed), ==, IC_ROLLBACK_TIMER_RUNNING);
  g_assert_cmpint (ic_rollback_timer_get_remaining (resumed), ==, SECONDS (90));
  ic_clock_advance (fx->clock, SECONDS (90));
  g_assert_cmpuint (expired, ==, 1);
}

static void
test_passed_deadline_on_restart (StoreFixture  *fx,
                                 gconstpointer  data)
{
  g_autoptr(IcRollbackTimer) timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                            TWO_MINUTES);
  g_autoptr(IcRollbackTimer) resumed = NULL;
  guint expired = 0;

  ic_rollback_timer_start (timer);
  g_clear_object (&timer);
  store_fixture_reopen (fx);
  ic_clock_advance (fx->clock, SECONDS (300));   /* closed past the deadline */

  resumed = ic_rollback_timer_new (fx->store, fx->incident, TWO_MINUTES);
  g_signal_connect (resumed, "expired", G_CALLBACK (count_cb), &expired);
  /* It fires at once, from the main loop. */
  for (guint i = 0; i < 10 && expired == 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpint (ic_rollback_timer_get_state (resumed), ==, IC_ROLLBACK_TIMER_EXPIRED);
}

/* An incident already identified, mitigated or over has no two minutes to run. */
static void
test_not_when_cause_known (StoreFixture  *fx,
                           gconstpointer  data)
{
  const IcIncidentStatus later[] = {
    IC_INCIDENT_STATUS_IDENTIFIED, IC_INCIDENT_STATUS_MITIGATING,
    IC_INCIDENT_STATUS_MONITORING, IC_INCIDENT_STATUS_RESOLVED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    {
      g_autoptr(IcRollbackTimer) timer = NULL;

      ic_incident_set_status (fx->incident, later[i]);
      timer = ic_rollback_timer_new (fx->store, fx->incident, TWO_MINUTES);
      ic_rollback_timer_start (timer);
      g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_IDLE);
      g_assert_cmpint (ic_rollback_timer_get_deadline (timer), ==, 0);
    }
  g_assert_false (has_event (fx, "Rollback timer started"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/rollback-timer/start-and-expire", test_start_and_expire);
  ADD ("/ic/rollback-timer/confirm-stops", test_confirm_stops);
  ADD ("/ic/rollback-timer/roll-back", test_roll_back);
  ADD ("/ic/rollback-timer/extend", test_extend_then_expire);
  ADD ("/ic/rollback-timer/keep-debugging", test_keep_debugging);
  ADD ("/ic/rollback-timer/restart-resumes", test_restart_resumes);
  ADD ("/ic/rollback-timer/passed-deadline-on-restart", test_passed_deadline_on_restart);
  ADD ("/ic/rollback-timer/not-when-cause-known", test_not_when_cause_known);
#undef ADD

  return g_test_run ();
}
