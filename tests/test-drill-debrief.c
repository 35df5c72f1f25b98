/* test-drill-debrief.c — a drill's debrief: the facts of a run as the store
 * gives them, and what they mean against the scenario, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ic-change.h"
#include "ic-drill-debrief.h"
#include "ic-postmortem.h"
#include "ic-status-update.h"
#include "ic-store-changes.h"
#include "ic-store-drills.h"
#include "ic-store-hypotheses.h"
#include "ic-test-scenario.h"
#include "ic-test-store-file.h"

#define SECOND_US G_GINT64_CONSTANT (1000000)

static const char *
item_text (IcDrillDebrief    *debrief,
           IcDebriefItemKind  kind)
{
  return ((IcDebriefItem *) g_ptr_array_index (debrief->items, kind))->text;
}

static gboolean
item_met (IcDrillDebrief    *debrief,
          IcDebriefItemKind  kind)
{
  return ((IcDebriefItem *) g_ptr_array_index (debrief->items, kind))->met;
}

/* A run that did everything: every measure met, said in words. */
static void
test_words_all_met (void)
{
  g_autoptr(IcScenario) scenario = ic_test_scenario (NULL);
  const char *hypotheses[] = { "Pool exhausted", "Client bypasses cluster discovery", "DNS", NULL };
  IcDrillFacts facts = {
    .started_at = START_US,
    .ended_at = START_US + 372 * SECOND_US,
    .fixed_at = START_US + 110 * SECOND_US,
    .structure_completed_at = START_US + 45 * SECOND_US,
    .third_hypothesis_at = START_US + 100 * SECOND_US,
    .wild_card_in_three = TRUE,
    .hypotheses = (GStrv) hypotheses,
    .first_evidence_at = START_US + 130 * SECOND_US,
    .rollback_deadline = START_US + 165 * SECOND_US,
    .first_rollback_at = START_US + 110 * SECOND_US,
    .first_rollback = (char *) "REDIS_URI replaces CLUSTER_DISCOVERY",
    .first_rollback_is_culprit = TRUE,
    .first_status_update_at = START_US + 185 * SECOND_US,
    .detection_gap = (char *) "No alert on CONNECTED_CLIENTS against maxclients",
  };
  g_autoptr(IcDrillDebrief) debrief = ic_drill_debrief_new (&facts, scenario);

  g_assert_cmpuint (debrief->items->len, ==, IC_DEBRIEF_N_ITEMS);
  g_assert_cmpuint (debrief->score, ==, IC_DEBRIEF_N_ITEMS);
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_STRUCTURE), ==,
                   "Structured in 0:45: alert time, last known good and blast radius before any "
                   "command.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_HYPOTHESES), ==,
                   "Three hypotheses in 1:40 — one was a wild card.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_TRUE_CAUSE), ==,
                   "The true cause was among the hypotheses, ranked 2.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_EVIDENCE), ==, "First evidence attached at 2:10.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_ROLLBACK), ==,
                   "Rolled back “REDIS_URI replaces CLUSTER_DISCOVERY” at 1:50, before the "
                   "two-minute deadline — the change that caused it.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_STATUS_UPDATE), ==,
                   "First status update at 3:05.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_DETECTION_GAP), ==,
                   "The postmortem’s detection gap names the missing signal.");
  g_assert_cmpstr (debrief->outcome, ==, "Resolved in 6:12.");
  g_assert_cmpint (debrief->to_three_hypotheses, ==, 100 * SECOND_US);
  g_assert_cmpint (debrief->to_mitigation, ==, 110 * SECOND_US);
}

/* A run that did none of it. */
static void
test_words_none_met (void)
{
  g_autoptr(IcScenario) scenario = ic_test_scenario (NULL);
  const char *hypotheses[] = { "The deploy", NULL };
  IcDrillFacts facts = {
    .started_at = START_US,
    .ended_at = START_US + 60 * SECOND_US,
    .abandoned = TRUE,
    .hypotheses = (GStrv) hypotheses,
    .detection_gap = (char *) "",
  };
  g_autoptr(IcDrillDebrief) debrief = ic_drill_debrief_new (&facts, scenario);

  g_assert_cmpuint (debrief->score, ==, 0);
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_STRUCTURE), ==,
                   "The structure step was never finished.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_HYPOTHESES), ==,
                   "Fewer than three hypotheses were written.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_TRUE_CAUSE), ==,
                   "The true cause was not among the hypotheses: The client bypassed cluster "
                   "discovery after REDIS_URI replaced CLUSTER_DISCOVERY");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_EVIDENCE), ==,
                   "No evidence was attached to a hypothesis.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_ROLLBACK), ==,
                   "Nothing was rolled back; the fix was to roll back “REDIS_URI replaces "
                   "CLUSTER_DISCOVERY”.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_STATUS_UPDATE), ==, "No status update was sent.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_DETECTION_GAP), ==,
                   "The postmortem’s detection gap does not name the missing signal: "
                   "connected_clients per node against maxclients");
  g_assert_cmpstr (debrief->outcome, ==, "Abandoned after 1:00.");
  g_assert_cmpint (debrief->to_three_hypotheses, ==, -1);
  g_assert_cmpint (debrief->to_mitigation, ==, -1);
}

/* The wrong change, late; three hypotheses without a wild card. */
static void
test_words_wrong_late (void)
{
  g_autoptr(IcScenario) scenario = ic_test_scenario (NULL);
  IcDrillFacts facts = {
    .started_at = START_US,
    .structure_completed_at = START_US + 30 * SECOND_US,
    .third_hypothesis_at = START_US + 90 * SECOND_US,
    .rollback_deadline = START_US + 150 * SECOND_US,
    .first_rollback_at = START_US + 200 * SECOND_US,
    .first_rollback = (char *) "sessions v4.2.0",
    .detection_gap = (char *) "",
  };
  g_autoptr(IcDrillDebrief) debrief = ic_drill_debrief_new (&facts, scenario);

  g_assert_false (item_met (debrief, IC_DEBRIEF_HYPOTHESES));
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_HYPOTHESES), ==,
                   "Three hypotheses in 1:30 — none was a wild card.");
  g_assert_false (item_met (debrief, IC_DEBRIEF_ROLLBACK));
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_ROLLBACK), ==,
                   "Rolled back “sessions v4.2.0” at 3:20, after the two-minute deadline — not "
                   "the change that caused it (“REDIS_URI replaces CLUSTER_DISCOVERY”).");
  g_assert_cmpstr (debrief->outcome, ==, "Still running.");
}

/* The facts as the store has them after a run played through its API. */
static void
test_facts (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(IcScenario) scenario = ic_test_scenario (&text);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) drill = ic_store_start_drill (fx->store, scenario, text, &error);
  g_autoptr(IcHypothesis) first = NULL;
  g_autoptr(IcHypothesis) second = NULL;
  g_autoptr(IcHypothesis) third = NULL;
  g_autoptr(IcEvidence) evidence = NULL;
  g_autoptr(IcDrillFacts) facts = NULL;
  g_autoptr(IcDrillDebrief) debrief = NULL;
  g_autofree char *message = NULL;
  GListModel *changes;

  g_assert_no_error (error);
  ic_clock_advance (fx->clock, 30 * SECOND_US);
  g_object_set (drill, "structure-completed-at", ic_clock_get_now (fx->clock), NULL);
  first = ic_store_add_hypothesis (fx->store, drill, "Pool exhausted", IC_LIKELIHOOD_LIKELY, "",
                                   &error);
  ic_clock_advance (fx->clock, 30 * SECOND_US);
  second = ic_store_add_hypothesis (fx->store, drill, "The sessions deploy", IC_LIKELIHOOD_POSSIBLE,
                                    "", &error);
  ic_clock_advance (fx->clock, 30 * SECOND_US);
  third = ic_store_add_hypothesis (fx->store, drill, "Client skips cluster discovery",
                                   IC_LIKELIHOOD_WILD_CARD, "", &error);
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, 10 * SECOND_US);
  evidence = ic_store_add_evidence (fx->store, third, IC_STANCE_FOR, "one node at its limit", 0,
                                    &error);
  g_assert_no_error (error);
  ic_clock_advance (fx->clock, 10 * SECOND_US);
  changes = ic_store_get_changes (fx->store, drill);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (g_str_has_prefix (ic_change_get_description (change), "REDIS_URI"))
        g_assert_true (ic_store_roll_back_change (fx->store, drill, change, &error));
    }
  ic_clock_advance (fx->clock, 20 * SECOND_US);
  g_assert_cmpint (ic_store_add_status_update (fx->store, drill, IC_INCIDENT_STATUS_MITIGATING,
                                               "Logins failing", "Rolled back the config", 15,
                                               &message, &error), >, 0);
  g_assert_true (ic_store_set_postmortem_section (fx->store, drill,
                                                  IC_POSTMORTEM_DETECTION_GAP,
                                                  "Nothing watched connected_clients per node",
                                                  &error));
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);

  facts = ic_store_get_drill_facts (fx->store, ic_incident_get_id (drill), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (facts->scenario_id, ==, "base");
  g_assert_cmpint (facts->structure_completed_at, ==, START_US + 30 * SECOND_US);
  g_assert_cmpint (facts->third_hypothesis_at, ==, START_US + 90 * SECOND_US);
  g_assert_true (facts->wild_card_in_three);
  g_assert_cmpuint (g_strv_length (facts->hypotheses), ==, 3);
  g_assert_cmpint (facts->first_evidence_at, ==, START_US + 100 * SECOND_US);
  g_assert_cmpint (facts->first_rollback_at, ==, START_US + 110 * SECOND_US);
  g_assert_true (facts->first_rollback_is_culprit);
  g_assert_cmpint (facts->first_status_update_at, ==, START_US + 130 * SECOND_US);
  g_assert_cmpstr (facts->detection_gap, ==, "Nothing watched connected_clients per node");

  debrief = ic_drill_debrief_new (facts, scenario);
  g_assert_cmpuint (debrief->score, ==, IC_DEBRIEF_N_ITEMS);
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_TRUE_CAUSE), ==,
                   "The true cause was among the hypotheses, ranked 3.");
}

/* Pauses do not count: a break of 10 minutes in the middle of a run, and
 * one still open when it is read, leave every time from the page without
 * them; each pause is kept as it happened. */
static void
test_facts_pauses (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(IcScenario) scenario = ic_test_scenario (&text);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) drill = ic_store_start_drill (fx->store, scenario, text, &error);
  gint64 id = ic_incident_get_id (drill);
  g_autoptr(IcDrillFacts) facts = NULL;
  g_autoptr(IcDrillDebrief) debrief = NULL;
  g_autoptr(IcDrillRecord) record = NULL;
  const IcDrillPause *pause;

  g_assert_no_error (error);
  /* Structured at 0:30; paused for 10:00; three hypotheses 1:00 of drill
   * time later. */
  ic_clock_advance (fx->clock, 30 * SECOND_US);
  g_object_set (drill, "structure-completed-at", ic_clock_get_now (fx->clock), NULL);
  g_assert_true (ic_store_set_drill_paused (fx->store, id, TRUE, &error));
  ic_clock_advance (fx->clock, 600 * SECOND_US);
  /* Pausing again while paused changes nothing. */
  g_assert_true (ic_store_set_drill_paused (fx->store, id, TRUE, &error));
  g_assert_true (ic_store_set_drill_paused (fx->store, id, FALSE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = NULL;

      ic_clock_advance (fx->clock, 20 * SECOND_US);
      hypothesis = ic_store_add_hypothesis (fx->store, drill, i == 2 ? "Cluster discovery" : "Other",
                                            i == 2 ? IC_LIKELIHOOD_WILD_CARD : IC_LIKELIHOOD_LIKELY,
                                            "", &error);
      g_assert_no_error (error);
    }
  /* A second pause, still open: it counts up to when the facts are read. */
  ic_clock_advance (fx->clock, 5 * SECOND_US);
  g_assert_true (ic_store_set_drill_paused (fx->store, id, TRUE, &error));
  ic_clock_advance (fx->clock, 60 * SECOND_US);
  g_assert_true (ic_store_end_drill (fx->store, id, TRUE, &error));
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);

  facts = ic_store_get_drill_facts (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (facts->pauses->len, ==, 2);
  pause = &g_array_index (facts->pauses, IcDrillPause, 0);
  g_assert_cmpint (pause->paused_at, ==, START_US + 30 * SECOND_US);
  g_assert_cmpint (pause->resumed_at, ==, START_US + 630 * SECOND_US);
  pause = &g_array_index (facts->pauses, IcDrillPause, 1);
  g_assert_cmpint (pause->paused_at, ==, START_US + 695 * SECOND_US);
  g_assert_cmpint (pause->resumed_at, ==, 0);
  /* The drill's own elapsed time agrees with the intervals. */
  record = ic_store_get_drill (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->paused_us, ==, 600 * SECOND_US);

  g_assert_cmpint (ic_drill_facts_active_time (facts, facts->structure_completed_at), ==,
                   30 * SECOND_US);
  g_assert_cmpint (ic_drill_facts_active_time (facts, facts->third_hypothesis_at), ==,
                   90 * SECOND_US);
  /* A time inside the open pause stands where the pause began. */
  g_assert_cmpint (ic_drill_facts_active_time (facts, START_US + 700 * SECOND_US), ==,
                   95 * SECOND_US);
  debrief = ic_drill_debrief_new (facts, scenario);
  g_assert_cmpint (debrief->to_three_hypotheses, ==, 90 * SECOND_US);
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_STRUCTURE), ==,
                   "Structured in 0:30: alert time, last known good and blast radius before any "
                   "command.");
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_HYPOTHESES), ==,
                   "Three hypotheses in 1:30 — one was a wild card.");
  g_assert_cmpstr (debrief->outcome, ==, "Abandoned after 1:35.");
}

static void
test_facts_not_a_drill (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) real = ic_store_create_incident (fx->store, "Real", NULL, IC_SEVERITY_SEV2,
                                                         IC_CREATED_VIA_APP, &error);

  g_assert_null (ic_store_get_drill_facts (fx->store, ic_incident_get_id (real), &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/drill-debrief/words/all-met", test_words_all_met);
  g_test_add_func ("/ic/drill-debrief/words/none-met", test_words_none_met);
  g_test_add_func ("/ic/drill-debrief/words/wrong-late", test_words_wrong_late);
  g_test_add ("/ic/drill-debrief/facts", Fixture, NULL, store_setup, test_facts,
              fixture_teardown);
  g_test_add ("/ic/drill-debrief/facts-pauses", Fixture, NULL, store_setup, test_facts_pauses,
              fixture_teardown);
  g_test_add ("/ic/drill-debrief/facts-not-a-drill", Fixture, NULL, store_setup,
              test_facts_not_a_drill, fixture_teardown);
  return g_test_run ();
}
