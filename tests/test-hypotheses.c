/* test-hypotheses.c — ranked hypotheses, evidence, the rule of three
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-store-private.h"
#include "ic-test-store-fixture.h"

static IcHypothesis *
add (StoreFixture *fx,
     const char   *text,
     IcLikelihood  likelihood)
{
  g_autoptr(GError) error = NULL;
  IcHypothesis *hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, text, likelihood,
                                                      "kubectl get pods", &error);

  g_assert_no_error (error);
  g_assert_nonnull (hypothesis);
  return hypothesis;
}

static const char *
text_at (StoreFixture *fx,
         guint         position)
{
  GListModel *live = ic_store_get_hypotheses (fx->store, fx->incident);
  g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, position);

  g_assert_cmpint (ic_hypothesis_get_rank (hypothesis), ==, (int) position + 1);
  return ic_hypothesis_get_text (hypothesis);
}

static guint
timeline_count (StoreFixture *fx,
                const char   *kind)
{
  GListModel *timeline = ic_store_get_timeline (fx->store, fx->incident);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);
      n += g_str_equal (ic_timeline_event_get_kind (event), kind);
    }
  return n;
}

static void
test_add_and_rank (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(IcHypothesis) a = add (fx, "Bad deploy of checkout v1.2.3", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcHypothesis) b = add (fx, "Payments upstream slow", IC_LIKELIHOOD_POSSIBLE);
  g_autoptr(IcHypothesis) c = add (fx, "Clock skew on the LB", IC_LIKELIHOOD_WILD_CARD);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _ic_store_get_db (fx->store);

  g_assert_cmpint (ic_hypothesis_get_rank (c), ==, 3);
  g_assert_cmpuint (timeline_count (fx, "hypothesis-added"), ==, 3);

  /* Move the wild card to the top: the others shift down. */
  g_assert_true (ic_store_move_hypothesis (fx->store, c, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text_at (fx, 0), ==, "Clock skew on the LB");
  g_assert_cmpstr (text_at (fx, 1), ==, "Bad deploy of checkout v1.2.3");
  g_assert_cmpstr (text_at (fx, 2), ==, "Payments upstream slow");
  g_assert_cmpuint (timeline_count (fx, "hypothesis-ranked"), ==, 1);

  /* Out of range: a clear error, nothing moves. */
  g_assert_false (ic_store_move_hypothesis (fx->store, a, 4, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ic_store_move_hypothesis (fx->store, a, 0, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* The schema itself refuses a duplicate rank. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE hypotheses SET rank = 1 WHERE rank = 2", NULL, NULL,
                                 NULL) & 0xff, ==, SQLITE_CONSTRAINT);

  store_fixture_reopen (fx);
  g_assert_cmpstr (text_at (fx, 0), ==, "Clock skew on the LB");
  g_assert_cmpstr (text_at (fx, 2), ==, "Payments upstream slow");
}

static void
test_bad_input (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) blank = NULL;
  g_autoptr(IcHypothesis) gone = add (fx, "Gone soon", IC_LIKELIHOOD_POSSIBLE);
  g_autoptr(IcEvidence) evidence = NULL;

  blank = ic_store_add_hypothesis (fx->store, fx->incident, "   ", IC_LIKELIHOOD_LIKELY, NULL,
                                   &error);
  g_assert_null (blank);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  evidence = ic_store_add_evidence (fx->store, gone, IC_STANCE_FOR, " ", 0, &error);
  g_assert_null (evidence);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ic_store_delete_hypothesis (fx->store, gone, &error));
  evidence = ic_store_add_evidence (fx->store, gone, IC_STANCE_FOR, "seen", 0, &error);
  g_assert_null (evidence);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ic_store_set_hypothesis_status (fx->store, gone,
                                                  IC_HYPOTHESIS_STATUS_TESTING, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
}

static void
test_delete_renumbers (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(IcHypothesis) a = add (fx, "A", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcHypothesis) b = add (fx, "B", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcHypothesis) c = add (fx, "C", IC_LIKELIHOOD_LIKELY);
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_store_delete_hypothesis (fx->store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_hypothesis_get_rank (b), ==, 1);
  g_assert_cmpint (ic_hypothesis_get_rank (c), ==, 2);
  store_fixture_reopen (fx);
  g_assert_cmpstr (text_at (fx, 0), ==, "B");
  g_assert_cmpstr (text_at (fx, 1), ==, "C");
}

static void
test_evidence_and_refute (StoreFixture  *fx,
                          gconstpointer  data)
{
  g_autoptr(IcHypothesis) pool = add (fx, "Connection pool exhausted", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcEvidence) for_it = NULL;
  g_autoptr(IcEvidence) against = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *evidence;

  g_assert_false (ic_store_set_hypothesis_status (fx->store, pool,
                                                  IC_HYPOTHESIS_STATUS_REFUTED, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "against"));
  g_clear_error (&error);

  for_it = ic_store_add_evidence (fx->store, pool, IC_STANCE_FOR, "pool at 200/200", 0, &error);
  g_assert_no_error (error);
  /* Evidence for does not allow refuting. */
  g_assert_false (ic_store_set_hypothesis_status (fx->store, pool,
                                                  IC_HYPOTHESIS_STATUS_REFUTED, &error));
  g_clear_error (&error);
  ic_clock_advance (fx->clock, G_USEC_PER_SEC);
  against = ic_store_add_evidence (fx->store, pool, IC_STANCE_AGAINST,
                                   "after restart still 5xx with pool at 12/200", 0, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, pool, IC_HYPOTHESIS_STATUS_REFUTED,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_hypothesis_get_status (pool), ==, IC_HYPOTHESIS_STATUS_REFUTED);
  g_assert_cmpuint (timeline_count (fx, "evidence-added"), ==, 2);
  g_assert_cmpuint (timeline_count (fx, "hypothesis-status"), ==, 1);

  store_fixture_reopen (fx);
  {
    g_autoptr(IcHypothesis) reloaded = g_list_model_get_item (
      ic_store_get_hypotheses (fx->store, fx->incident), 0);
    g_autoptr(IcEvidence) first = NULL;

    g_assert_cmpint (ic_hypothesis_get_status (reloaded), ==, IC_HYPOTHESIS_STATUS_REFUTED);
    evidence = ic_store_get_evidence (fx->store, reloaded);
    g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 2);
    first = g_list_model_get_item (evidence, 0);
    g_assert_cmpint (ic_evidence_get_stance (first), ==, IC_STANCE_FOR);
    g_assert_cmpstr (ic_evidence_get_text (first), ==, "pool at 200/200");
  }
}

static void
test_confirm_identifies (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(IcHypothesis) deploy = add (fx, "Bad deploy", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcHypothesis) dns = add (fx, "DNS", IC_LIKELIHOOD_WILD_CARD);
  g_autoptr(GError) error = NULL;
  gint64 identified = 0;

  ic_clock_advance (fx->clock, 90 * G_USEC_PER_SEC);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, deploy,
                                                 IC_HYPOTHESIS_STATUS_TESTING, &error));
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_INVESTIGATING);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, deploy,
                                                 IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_IDENTIFIED);
  g_object_get (fx->incident, "identified-at", &identified, NULL);
  g_assert_cmpint (identified, ==, IC_TEST_START_US + 90 * G_USEC_PER_SEC);
  /* One clear hypothesis at a time. */
  g_assert_false (ic_store_set_hypothesis_status (fx->store, dns,
                                                  IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);

  store_fixture_reopen (fx);
  g_assert_cmpint (ic_incident_get_status (fx->incident), ==, IC_INCIDENT_STATUS_IDENTIFIED);
}

static void
test_rule_of_three (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(IcHypothesis) a = add (fx, "A", IC_LIKELIHOOD_LIKELY);
  g_autoptr(IcHypothesis) b = add (fx, "B", IC_LIKELIHOOD_POSSIBLE);
  g_autoptr(IcHypothesis) c = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (ic_store_get_hypotheses_ready (fx->store, fx->incident));
  c = add (fx, "C", IC_LIKELIHOOD_POSSIBLE);
  /* Three, but no wild card. */
  g_assert_false (ic_store_get_hypotheses_ready (fx->store, fx->incident));
  ic_hypothesis_set_likelihood (c, IC_LIKELIHOOD_WILD_CARD);
  g_assert_true (ic_store_get_hypotheses_ready (fx->store, fx->incident));
  ic_hypothesis_set_likelihood (c, IC_LIKELIHOOD_POSSIBLE);
  g_assert_false (ic_store_get_hypotheses_ready (fx->store, fx->incident));

  g_assert_false (ic_store_get_hypothesis_rule_overridden (fx->store, fx->incident));
  g_assert_true (ic_store_override_hypothesis_rule (fx->store, fx->incident,
                                                    "obvious cause: disk full", &error));
  g_assert_no_error (error);
  g_assert_true (ic_store_get_hypotheses_ready (fx->store, fx->incident));
  store_fixture_reopen (fx);
  g_assert_true (ic_store_get_hypothesis_rule_overridden (fx->store, fx->incident));
}

static void
test_edits_autosave (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(IcHypothesis) a = add (fx, "Old text", IC_LIKELIHOOD_LIKELY);

  ic_hypothesis_set_text (a, "New text");
  g_assert_true (ic_hypothesis_set_test_command (a, "redis-cli INFO clients", NULL));
  ic_hypothesis_set_likelihood (a, IC_LIKELIHOOD_WILD_CARD);
  g_assert_true (ic_store_get_has_pending_changes (fx->store));
  g_clear_object (&a);
  store_fixture_reopen (fx);
  a = g_list_model_get_item (ic_store_get_hypotheses (fx->store, fx->incident), 0);
  g_assert_cmpstr (ic_hypothesis_get_text (a), ==, "New text");
  g_assert_cmpstr (ic_hypothesis_get_test_command (a), ==, "redis-cli INFO clients");
  g_assert_cmpint (ic_hypothesis_get_likelihood (a), ==, IC_LIKELIHOOD_WILD_CARD);
}

/* A test command is pasted into a terminal: a line break, an escape
 * sequence or another control character in it could run more than it
 * shows. Each is refused, named with its position, and nothing changes. */
static void
test_command_controls_refused (StoreFixture  *fx,
                               gconstpointer  data)
{
  struct { const char *command; const char *named; } refused[] = {
    { "kubectl get pods\nrm -rf ~", "a line break (U+000A) at character 17" },
    { "ls\r\nreboot", "a carriage return (U+000D) at character 3" },
    { "grep\tpool", "a tab (U+0009) at character 5" },
    { "echo \x1b[2J", "an escape character (U+001B) at character 6" },
    { "echo \x7f", "a control character (U+007F) at character 6" },
    { "echo \xc2\x9b" "31m", "a control character (U+009B) at character 6" },
    { "ls\xe2\x80\xa8reboot", "a line separator (U+2028) at character 3" },
  };
  g_autoptr(IcHypothesis) kept = add (fx, "Bad deploy", IC_LIKELIHOOD_LIKELY);
  GListModel *live = ic_store_get_hypotheses (fx->store, fx->incident);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcHypothesis) hypothesis = NULL;

      g_test_message ("%s", refused[i].named);
      hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "Pool exhausted",
                                            IC_LIKELIHOOD_POSSIBLE, refused[i].command, &error);
      g_assert_null (hypothesis);
      g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, refused[i].named));
      g_assert_cmpuint (g_list_model_get_n_items (live), ==, 1);
      g_clear_error (&error);

      g_assert_false (ic_hypothesis_set_test_command (kept, refused[i].command, &error));
      g_assert_error (error, IC_HYPOTHESIS_ERROR, IC_HYPOTHESIS_ERROR_CONTROL_CHARACTER);
      g_assert_nonnull (strstr (error->message, refused[i].named));
      g_assert_cmpstr (ic_hypothesis_get_test_command (kept), ==, "kubectl get pods");
      g_assert_false (ic_store_get_has_pending_changes (fx->store));
    }
  g_assert_cmpuint (timeline_count (fx, "hypothesis-added"), ==, 1);
}

/* Direction marks may be wanted (right-to-left text in an argument) and
 * are kept, but shown as code points, in the order a shell reads them. */
static void
test_command_direction_marks_shown (StoreFixture  *fx,
                                    gconstpointer  data)
{
  /* U+202E displays what follows right to left: "txt.exe" reads "exe.txt". */
  const char *command = "ls \xe2\x80\xae" "txt.exe\xe2\x80\xac # \xe2\x81\xa6x\xe2\x81\xa9";
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *plain = NULL;
  gboolean marked = FALSE;

  hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "Bad deploy",
                                        IC_LIKELIHOOD_LIKELY, command, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_hypothesis_get_test_command (hypothesis), ==, command);
  shown = ic_hypothesis_make_test_command_visible (command, &marked);
  g_assert_true (marked);
  g_assert_cmpstr (shown, ==, "ls ⟨U+202E⟩txt.exe⟨U+202C⟩ # ⟨U+2066⟩x⟨U+2069⟩");
  plain = ic_hypothesis_make_test_command_visible ("curl -s :9090/metrics | grep pool", &marked);
  g_assert_false (marked);
  g_assert_cmpstr (plain, ==, "curl -s :9090/metrics | grep pool");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/hypotheses/add-and-rank", test_add_and_rank);
  ADD ("/ic/hypotheses/bad-input", test_bad_input);
  ADD ("/ic/hypotheses/delete-renumbers", test_delete_renumbers);
  ADD ("/ic/hypotheses/evidence-and-refute", test_evidence_and_refute);
  ADD ("/ic/hypotheses/confirm-identifies", test_confirm_identifies);
  ADD ("/ic/hypotheses/rule-of-three", test_rule_of_three);
  ADD ("/ic/hypotheses/edits-autosave", test_edits_autosave);
  ADD ("/ic/hypotheses/test-command/controls-refused", test_command_controls_refused);
  ADD ("/ic/hypotheses/test-command/direction-marks-shown", test_command_direction_marks_shown);
#undef ADD

  return g_test_run ();
}
