/* test-rules.c — the domain rules the store applies, tested on objects made
 * in memory: no store, no SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-hypothesis-private.h"
#include "ic-incident.h"

static GListStore *
hypotheses_of (const IcLikelihood        *likelihoods,
               const IcHypothesisStatus  *statuses,
               guint                      n)
{
  GListStore *list = g_list_store_new (IC_TYPE_HYPOTHESIS);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis =
        _ic_hypothesis_new (i + 1, 1, (int) i + 1, "A cause", likelihoods[i],
                            statuses ? statuses[i] : IC_HYPOTHESIS_STATUS_OPEN, "", 0);

      g_list_store_append (list, hypothesis);
    }
  return list;
}

static GListStore *
evidence_of (const IcStance *stances,
             guint           n)
{
  GListStore *list = g_list_store_new (IC_TYPE_EVIDENCE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcEvidence) evidence = _ic_evidence_new (i + 1, 1, stances[i], "seen", 0, 0);

      g_list_store_append (list, evidence);
    }
  return list;
}

/* /ic/rules/three-hypotheses ------------------------------------------------ */

static void
test_three_hypotheses (void)
{
  static const struct
  {
    const char    *name;
    IcLikelihood   likelihoods[4];
    guint          n;
    gboolean       met;
  } cases[] = {
    { "none", { 0 }, 0, FALSE },
    { "two, one a wild card", { IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_WILD_CARD }, 2, FALSE },
    { "three, no wild card",
      { IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_POSSIBLE, IC_LIKELIHOOD_POSSIBLE }, 3, FALSE },
    { "three, one a wild card",
      { IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_POSSIBLE, IC_LIKELIHOOD_WILD_CARD }, 3, TRUE },
    { "three wild cards",
      { IC_LIKELIHOOD_WILD_CARD, IC_LIKELIHOOD_WILD_CARD, IC_LIKELIHOOD_WILD_CARD }, 3, TRUE },
    { "four, the wild card first",
      { IC_LIKELIHOOD_WILD_CARD, IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_LIKELY,
        IC_LIKELIHOOD_LIKELY }, 4, TRUE },
  };

  g_assert_false (ic_hypotheses_meet_rule (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListStore) list = hypotheses_of (cases[i].likelihoods, NULL, cases[i].n);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (ic_hypotheses_meet_rule (G_LIST_MODEL (list)), ==, cases[i].met);
    }
}

/* /ic/rules/status-change ---------------------------------------------------- */

static void
test_status_change (void)
{
  static const IcLikelihood likely[] = { IC_LIKELIHOOD_LIKELY, IC_LIKELIHOOD_POSSIBLE,
                                         IC_LIKELIHOOD_WILD_CARD };
  static const IcHypothesisStatus none_confirmed[] = {
    IC_HYPOTHESIS_STATUS_OPEN, IC_HYPOTHESIS_STATUS_TESTING, IC_HYPOTHESIS_STATUS_REFUTED };
  static const IcHypothesisStatus second_confirmed[] = {
    IC_HYPOTHESIS_STATUS_OPEN, IC_HYPOTHESIS_STATUS_CONFIRMED, IC_HYPOTHESIS_STATUS_OPEN };
  static const IcStance only_for[] = { IC_STANCE_FOR, IC_STANCE_FOR };
  static const IcStance one_against[] = { IC_STANCE_FOR, IC_STANCE_AGAINST };
  static const char *refute_needs = "Refuting a hypothesis needs at least one piece of "
                                    "evidence against it";
  static const char *one_clear = "Another hypothesis is already confirmed; there is one clear "
                                 "hypothesis at a time";
  g_autoptr(GListStore) calm = hypotheses_of (likely, none_confirmed, 3);
  g_autoptr(GListStore) taken = hypotheses_of (likely, second_confirmed, 3);
  g_autoptr(GListStore) for_only = evidence_of (only_for, 2);
  g_autoptr(GListStore) against = evidence_of (one_against, 2);
  g_autoptr(IcHypothesis) first = g_list_model_get_item (G_LIST_MODEL (calm), 0);
  g_autoptr(IcHypothesis) in_taken = g_list_model_get_item (G_LIST_MODEL (taken), 0);
  g_autoptr(IcHypothesis) confirmed = g_list_model_get_item (G_LIST_MODEL (taken), 1);
  const struct
  {
    const char         *name;
    IcHypothesis       *hypothesis;
    IcHypothesisStatus  to;
    GListModel         *evidence;
    GListModel         *hypotheses;
    const char         *refused;   /* NULL: allowed */
  } cases[] = {
    { "testing is always allowed", first, IC_HYPOTHESIS_STATUS_TESTING, NULL,
      G_LIST_MODEL (calm), NULL },
    { "back to open", first, IC_HYPOTHESIS_STATUS_OPEN, NULL, G_LIST_MODEL (calm), NULL },
    { "refuted without evidence", first, IC_HYPOTHESIS_STATUS_REFUTED, NULL,
      G_LIST_MODEL (calm), refute_needs },
    { "refuted on evidence for only", first, IC_HYPOTHESIS_STATUS_REFUTED,
      G_LIST_MODEL (for_only), G_LIST_MODEL (calm), refute_needs },
    { "refuted on evidence against", first, IC_HYPOTHESIS_STATUS_REFUTED,
      G_LIST_MODEL (against), G_LIST_MODEL (calm), NULL },
    { "confirmed, none other is", first, IC_HYPOTHESIS_STATUS_CONFIRMED, NULL,
      G_LIST_MODEL (calm), NULL },
    { "confirmed while another is", in_taken, IC_HYPOTHESIS_STATUS_CONFIRMED, NULL,
      G_LIST_MODEL (taken), one_clear },
    { "the confirmed one again", confirmed, IC_HYPOTHESIS_STATUS_CONFIRMED, NULL,
      G_LIST_MODEL (taken), NULL },
    { "another may still be refuted", in_taken, IC_HYPOTHESIS_STATUS_REFUTED,
      G_LIST_MODEL (against), G_LIST_MODEL (taken), NULL },
    { "a status that does not exist", first, (IcHypothesisStatus) 42, NULL,
      G_LIST_MODEL (calm), "Unknown hypothesis status" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpstr (ic_hypothesis_refuse_status (cases[i].hypothesis, cases[i].to,
                                                    cases[i].evidence, cases[i].hypotheses), ==,
                       cases[i].refused);
    }
}

/* /ic/rules/status-times ---------------------------------------------------- */

static gint64
time_of (IcIncident *incident,
         const char *property)
{
  gint64 value = -1;

  g_object_get (incident, property, &value, NULL);
  return value;
}

static void
test_status_times (void)
{
  g_autoptr(IcIncident) incident = g_object_new (IC_TYPE_INCIDENT, NULL);

  ic_incident_stamp_status_times (incident, 100);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 0);
  g_assert_cmpint (time_of (incident, "resolved-at"), ==, 0);

  g_object_set (incident, "status", IC_INCIDENT_STATUS_IDENTIFIED, NULL);
  ic_incident_stamp_status_times (incident, 150);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 0);

  /* Mitigating: the first time is remembered. */
  g_object_set (incident, "status", IC_INCIDENT_STATUS_MITIGATING, NULL);
  ic_incident_stamp_status_times (incident, 200);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 200);
  g_assert_cmpint (time_of (incident, "resolved-at"), ==, 0);

  /* Resolved: stamped; mitigated keeps its first time. */
  g_object_set (incident, "status", IC_INCIDENT_STATUS_RESOLVED, NULL);
  ic_incident_stamp_status_times (incident, 300);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 200);
  g_assert_cmpint (time_of (incident, "resolved-at"), ==, 300);

  /* Reopened and resolved again: the first times stay. */
  g_object_set (incident, "status", IC_INCIDENT_STATUS_INVESTIGATING, NULL);
  ic_incident_stamp_status_times (incident, 400);
  g_object_set (incident, "status", IC_INCIDENT_STATUS_RESOLVED, NULL);
  ic_incident_stamp_status_times (incident, 500);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 200);
  g_assert_cmpint (time_of (incident, "resolved-at"), ==, 300);

  /* Straight to resolved: both at once. */
  g_clear_object (&incident);
  incident = g_object_new (IC_TYPE_INCIDENT, "status", IC_INCIDENT_STATUS_RESOLVED, NULL);
  ic_incident_stamp_status_times (incident, 600);
  g_assert_cmpint (time_of (incident, "mitigated-at"), ==, 600);
  g_assert_cmpint (time_of (incident, "resolved-at"), ==, 600);
}

/* A title is typed without the spaces around it, and never blank: a blank
 * one (a field being retyped) keeps the last. */
static void
test_title (void)
{
  g_autoptr(IcIncident) incident = g_object_new (IC_TYPE_INCIDENT, "title", "New incident", NULL);

  ic_incident_set_title (incident, "  Checkout 500s ");
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
  ic_incident_set_title (incident, " \t");
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
  ic_incident_set_title (incident, NULL);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/rules/three-hypotheses", test_three_hypotheses);
  g_test_add_func ("/ic/rules/status-change", test_status_change);
  g_test_add_func ("/ic/rules/status-times", test_status_times);
  g_test_add_func ("/ic/rules/title", test_title);

  return g_test_run ();
}
