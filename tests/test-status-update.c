/* test-status-update.c — the one-line update, its record, and the metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-status-update.h"
#include "ic-test-store-fixture.h"

#define MINUTES(n) (G_GINT64_CONSTANT (n) * 60 * G_USEC_PER_SEC)

static void
test_format (void)
{
  struct {
    IcIncidentStatus status; const char *what; const char *action; int next; const char *line;
  } cases[] = {
    { IC_INCIDENT_STATUS_INVESTIGATING, "elevated 500s on checkout",
      "rolling back deploy v1.2.3", 3,
      "Investigating elevated 500s on checkout. Rolling back deploy v1.2.3. Next update in 3 min." },
    { IC_INCIDENT_STATUS_MITIGATING, "  errors falling on checkout. ", "watching the error rate.",
      10, "Mitigating errors falling on checkout. Watching the error rate. Next update in 10 min." },
    { IC_INCIDENT_STATUS_IDENTIFIED, "pool exhaustion in payments", "éteindre the canary", 5,
      "Identified pool exhaustion in payments. Éteindre the canary. Next update in 5 min." },
    { IC_INCIDENT_STATUS_RESOLVED, "checkout is back to normal", "closing the incident", 60,
      "Resolved checkout is back to normal. Closing the incident. Next update in 60 min." },
  };
  struct { const char *what; const char *action; int next; } bad[] = {
    { "", "x", 3 }, { "  .", "x", 3 }, { "x", "", 3 }, { "x", " . ", 3 }, { "x", "y", 0 },
    { "x", "y", -5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = ic_status_update_format (cases[i].status, cases[i].what,
                                                       cases[i].action, cases[i].next, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, cases[i].line);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = ic_status_update_format (IC_INCIDENT_STATUS_INVESTIGATING,
                                                       bad[i].what, bad[i].action, bad[i].next,
                                                       &error);

      g_assert_null (line);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
    }
}

static void
test_record (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GListModel *timeline;
  g_autoptr(IcTimelineEvent) last = NULL;
  gint64 id;

  g_assert_cmpint (ic_store_get_next_update_at (fx->store, fx->incident), ==, 0);
  id = ic_store_add_status_update (fx->store, fx->incident, IC_INCIDENT_STATUS_MITIGATING,
                                   "elevated 500s on checkout", "rolling back deploy v1.2.3", 3,
                                   &line, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (line, ==, "Mitigating elevated 500s on checkout. Rolling back deploy v1.2.3. "
                   "Next update in 3 min.");
  /* The incident's status follows the update's. */
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpint (ic_store_get_next_update_at (fx->store, fx->incident), ==,
                   IC_TEST_START_US + MINUTES (3));
  timeline = ic_store_get_timeline (fx->store, fx->incident);
  for (guint i = 0; i < g_list_model_get_n_items (timeline) && last == NULL; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_str_equal (ic_timeline_event_get_kind (event), "status-update"))
        last = g_steal_pointer (&event);
    }
  g_assert_nonnull (last);
  g_assert_cmpstr (ic_timeline_event_get_text (last), ==, line);

  /* Snoozing moves the reminder from now. */
  ic_clock_advance (fx->clock, MINUTES (4));
  g_assert_true (ic_store_snooze_update (fx->store, fx->incident, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_store_get_next_update_at (fx->store, fx->incident), ==,
                   IC_TEST_START_US + MINUTES (7));
  g_assert_false (ic_store_snooze_update (fx->store, fx->incident, 0, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Invalid input: nothing recorded, status unchanged. */
  id = ic_store_add_status_update (fx->store, fx->incident, IC_INCIDENT_STATUS_RESOLVED, "x", "",
                                   3, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_MITIGATING);
}

static void
test_metrics (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  IcIncidentMetrics m;

  ic_incident_set_alert_time (fx->incident, IC_TEST_START_US - MINUTES (4));
  ic_store_get_metrics (fx->store, fx->incident, &m);
  g_assert_cmpint (m.since_alert, ==, MINUTES (4));
  g_assert_cmpint (m.to_first_hypothesis, ==, -1);
  g_assert_cmpint (m.to_mitigation, ==, -1);
  g_assert_cmpint (m.to_resolution, ==, -1);

  ic_clock_advance (fx->clock, MINUTES (1));
  hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "deploy", IC_LIKELIHOOD_LIKELY,
                                        NULL, &error);
  ic_clock_advance (fx->clock, MINUTES (2));
  ic_incident_set_status (fx->incident, IC_INCIDENT_STATUS_MITIGATING);
  ic_clock_advance (fx->clock, MINUTES (10));
  ic_incident_set_status (fx->incident, IC_INCIDENT_STATUS_RESOLVED);
  ic_store_get_metrics (fx->store, fx->incident, &m);
  g_assert_cmpint (m.to_first_hypothesis, ==, MINUTES (5));
  g_assert_cmpint (m.to_mitigation, ==, MINUTES (7));
  g_assert_cmpint (m.to_resolution, ==, MINUTES (17));
  /* A later status does not move the first mitigation time. */
  ic_incident_set_status (fx->incident, IC_INCIDENT_STATUS_MONITORING);
  ic_store_get_metrics (fx->store, fx->incident, &m);
  g_assert_cmpint (m.to_mitigation, ==, MINUTES (7));
}

static void
test_actions (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_auto(GStrv) actions = NULL;

  /* A reversible action needs nothing more. */
  g_assert_false (ic_store_action_needs_evidence (fx->store, fx->incident, TRUE));
  g_assert_cmpint (ic_store_add_action (fx->store, fx->incident, "roll back checkout v1.2.3",
                                        TRUE, TRUE, NULL, &error), >, 0);
  g_assert_no_error (error);
  /* An irreversible one, with no confirmed hypothesis, asks for evidence. */
  g_assert_true (ic_store_action_needs_evidence (fx->store, fx->incident, FALSE));
  g_assert_cmpint (ic_store_add_action (fx->store, fx->incident, "drop the orders index", FALSE,
                                        FALSE, "  ", &error), ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "speculative fix"));
  g_clear_error (&error);
  g_assert_cmpint (ic_store_add_action (fx->store, fx->incident, "drop the orders index", FALSE,
                                        FALSE, "pg_locks shows the index build blocking writes",
                                        &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ic_store_add_action (fx->store, fx->incident, "  ", TRUE, TRUE, NULL, &error),
                   ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Once a hypothesis is confirmed, no more question. */
  hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "lock", IC_LIKELIHOOD_LIKELY,
                                        NULL, &error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, hypothesis,
                                                 IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_false (ic_store_action_needs_evidence (fx->store, fx->incident, FALSE));

  actions = ic_store_list_actions (fx->store, fx->incident);
  g_assert_cmpuint (g_strv_length (actions), ==, 2);
  g_assert_cmpstr (actions[0], ==, "Taken · reversible · roll back checkout v1.2.3");
  g_assert_cmpstr (actions[1], ==, "Planned · not reversible · drop the orders index");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/status-update/format", test_format);
  g_test_add ("/ic/status-update/record", StoreFixture, NULL, store_fixture_setup, test_record,
              store_fixture_teardown);
  g_test_add ("/ic/status-update/metrics", StoreFixture, NULL, store_fixture_setup, test_metrics,
              store_fixture_teardown);
  g_test_add ("/ic/status-update/actions", StoreFixture, NULL, store_fixture_setup, test_actions,
              store_fixture_teardown);

  return g_test_run ();
}
