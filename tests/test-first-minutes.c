/* test-first-minutes.c — paged to structured by keyboard alone: the real
 * application and window under Xvfb, every key sent through the X server
 * (no pointer, no action called directly), the database read back after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-decision-check.h"
#include "ic-incident-view.h"
#include "ic-test-app.h"
#include "ic-test-first-minutes.h"

static IcIncidentView *
view_of (IcWindow *window)
{
  return ic_window_get_view (window);
}

/* Where the walk stands after some of its steps. The keys' settling wait
 * is usually enough; under the sanitizers a key can be handled later, so
 * the step is waited for (bounded), never assumed. */
static void
check_step (const char *step,
            gint64      started,
            gpointer    user_data)
{
  const char *expected = NULL;

  if (g_str_equal (step, "new incident (Ctrl+N)"))
    expected = "breathe";
  else if (g_str_equal (step, "breath skipped (Escape)"))
    expected = "structure";
  else if (g_str_equal (step, "structure done (Ctrl+Enter)"))
    expected = "hypotheses";
  if (expected != NULL)
    ic_test_wait_for_step (view_of (user_data), expected);
}

/* /ic/first-minutes/keyboard-only ---------------------------------------------- */

/* What a paged engineer does first, with keys only (ic-test-first-minutes.h),
 * and everything saved. */
static void
test_keyboard_only (AppFixture    *fx,
                    gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) reopened = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcDecisionCheck) first_check = NULL;
  g_autofree char *good = NULL;
  g_autofree char *region = NULL;
  GListModel *hypotheses;
  gint64 completed = 0;
  int scope = 0;
  gboolean wild = FALSE;

  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_keys_pressed = 0;
  ic_first_minutes_walk (GTK_WINDOW (window), check_step, window);
  g_test_message ("keystrokes beyond the typed text: %u", ic_test_keys_pressed);
  g_assert_cmpuint (ic_test_keys_pressed, <=, 25);
  /* The wild card's Enter may still be queued under the sanitizers. */
  ic_test_wait_for_hypotheses (view_of (window), 3);

  /* What another connection reads: everything was saved. */
  g_assert_true (ic_store_flush (ic_application_get_store (fx->app), &error));
  g_assert_no_error (error);
  reopened = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (reopened)), ==, 1);
  incident = g_list_model_get_item (ic_store_get_incidents (reopened), 0);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s in eu-west-1");
  g_assert_cmpint (ic_incident_get_alert_time (incident), >, 0);
  g_object_get (incident, "last-known-good", &good, "blast-scope", &scope, "blast-region", &region,
                "structure-completed-at", &completed, NULL);
  g_assert_cmpstr (good, ==, "checkout v1.2.2");
  g_assert_cmpint (scope, ==, IC_BLAST_SCOPE_SUBSET);
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_assert_cmpint (completed, >, 0);
  first_check = g_list_model_get_item (ic_store_get_decision_checks (reopened, incident), 0);
  g_assert_cmpint (ic_decision_check_get_answer (first_check), ==, IC_CHECK_ANSWER_NO);
  g_assert_cmpstr (ic_decision_check_get_note (first_check), ==, "only eu-west-1, writes");
  hypotheses = ic_store_get_hypotheses (reopened, incident);
  g_assert_cmpuint (g_list_model_get_n_items (hypotheses), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);

      wild |= ic_hypothesis_get_likelihood (hypothesis) == IC_LIKELIHOOD_WILD_CARD;
    }
  g_assert_true (wild);
  g_assert_true (ic_store_get_hypotheses_ready (reopened, incident));
  ic_store_close (reopened);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/first-minutes/keyboard-only", test_keyboard_only);
#undef ADD
  return g_test_run ();
}
