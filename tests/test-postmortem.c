/* test-postmortem.c — the postmortem's sections, 5 whys, action items and missing-signal helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-incident.h"
#include "ic-postmortem.h"
#include "ic-test-store-fixture.h"

static GStrv
why_questions (StoreFixture *fx)
{
  g_autoptr(GPtrArray) whys = ic_store_list_whys (fx->store, fx->incident);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < whys->len; i++)
    {
      const IcWhy *why = g_ptr_array_index (whys, i);

      g_assert_cmpint (why->position, ==, (int) i + 1);
      g_strv_builder_add (builder, why->question);
    }
  return g_strv_builder_end (builder);
}

static void
test_started_with_drafts (StoreFixture  *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) whys = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autofree char *impact = NULL, *cause = NULL, *summary = NULL;

  g_object_set (fx->incident, "blast-scope", IC_BLAST_SCOPE_SUBSET, "blast-region", "eu-west-1",
                "blast-percent", 30.0, "error-rate", 0.12,
                "resolved-at", IC_TEST_START_US + G_GINT64_CONSTANT (42) * 60 * G_USEC_PER_SEC, NULL);
  hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, "Connection pool exhausted",
                                        IC_LIKELIHOOD_LIKELY, "", &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_set_hypothesis_status (fx->store, hypothesis,
                                                 IC_HYPOTHESIS_STATUS_CONFIRMED, &error));
  g_assert_false (ic_store_has_postmortem (fx->store, fx->incident));

  g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
  g_assert_no_error (error);
  g_assert_true (ic_store_has_postmortem (fx->store, fx->incident));

  impact = ic_store_dup_postmortem_section (fx->store, fx->incident, IC_POSTMORTEM_IMPACT);
  g_assert_nonnull (strstr (impact, "a subset of users"));
  g_assert_nonnull (strstr (impact, "Region: eu-west-1."));
  g_assert_nonnull (strstr (impact, "30 % of traffic"));
  g_assert_nonnull (strstr (impact, "Error rate at its worst: 12 %"));
  g_assert_nonnull (strstr (impact, "Alert: 2026-11-28 08:00 UTC"));
  g_assert_nonnull (strstr (impact, "Resolved: 2026-11-28 08:42 UTC (duration: 42 minutes)"));
  cause = ic_store_dup_postmortem_section (fx->store, fx->incident, IC_POSTMORTEM_ROOT_CAUSE);
  g_assert_cmpstr (cause, ==, "Connection pool exhausted");
  summary = ic_store_dup_postmortem_section (fx->store, fx->incident, IC_POSTMORTEM_SUMMARY);
  g_assert_cmpstr (summary, ==, "");

  whys = ic_store_list_whys (fx->store, fx->incident);
  g_assert_cmpuint (whys->len, ==, IC_POSTMORTEM_DEFAULT_WHYS);
  g_assert_cmpstr (((IcWhy *) whys->pdata[0])->question, ==,
                   "Why did “Elevated 500s on checkout” happen?");

  /* Starting it again keeps what is there. */
  g_assert_true (ic_store_set_postmortem_section (fx->store, fx->incident,
                                                  IC_POSTMORTEM_SUMMARY, "Checkout failed.",
                                                  &error));
  g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
  g_clear_pointer (&summary, g_free);
  summary = ic_store_dup_postmortem_section (fx->store, fx->incident, IC_POSTMORTEM_SUMMARY);
  g_assert_cmpstr (summary, ==, "Checkout failed.");
}

static void
test_sections_survive_restart (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    {
      g_autofree char *text = g_strdup_printf ("Section *%d*\n\n- item", s);

      g_assert_true (ic_store_set_postmortem_section (fx->store, fx->incident, s, text, &error));
      g_assert_no_error (error);
    }
  store_fixture_reopen (fx);
  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    {
      g_autofree char *expected = g_strdup_printf ("Section *%d*\n\n- item", s);
      g_autofree char *text = ic_store_dup_postmortem_section (fx->store, fx->incident, s);

      g_assert_cmpstr (text, ==, expected);
    }
}

static void
test_whys_add_move_delete (StoreFixture  *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) whys = NULL;
  g_auto(GStrv) questions = NULL;
  gint64 ids[3];

  /* Adding starts the postmortem (and its five default whys): clear those. */
  ids[0] = ic_store_add_why (fx->store, fx->incident, "A", "a", &error);
  g_assert_no_error (error);
  whys = ic_store_list_whys (fx->store, fx->incident);
  for (guint i = 0; i < whys->len; i++)
    if (((IcWhy *) whys->pdata[i])->id != ids[0])
      g_assert_true (ic_store_delete_why (fx->store, fx->incident,
                                          ((IcWhy *) whys->pdata[i])->id, &error));
  ids[1] = ic_store_add_why (fx->store, fx->incident, "B", "b", &error);
  ids[2] = ic_store_add_why (fx->store, fx->incident, "C", "c", &error);
  g_assert_no_error (error);
  questions = why_questions (fx);
  g_assert_cmpstrv (questions, ((const char *[]) { "A", "B", "C", NULL }));

  g_assert_true (ic_store_move_why (fx->store, fx->incident, ids[2], 1, &error));
  g_clear_pointer (&questions, g_strfreev);
  questions = why_questions (fx);
  g_assert_cmpstrv (questions, ((const char *[]) { "C", "A", "B", NULL }));

  g_assert_true (ic_store_move_why (fx->store, fx->incident, ids[2], 99, &error));
  g_assert_true (ic_store_update_why (fx->store, fx->incident, ids[0], "A2", "because", &error));
  g_assert_true (ic_store_delete_why (fx->store, fx->incident, ids[1], &error));
  g_assert_no_error (error);
  g_clear_pointer (&questions, g_strfreev);
  questions = why_questions (fx);
  g_assert_cmpstrv (questions, ((const char *[]) { "A2", "C", NULL }));

  g_assert_false (ic_store_delete_why (fx->store, fx->incident, ids[1], &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ic_store_move_why (fx->store, fx->incident, ids[1], 1, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_pointer (&questions, g_strfreev);
  questions = why_questions (fx);
  g_assert_cmpstrv (questions, ((const char *[]) { "A2", "C", NULL }));
}

static void
test_action_items (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  IcActionItem item = { 0, (char *) "  Add an alert on replica lag ", (char *) "Ana",
                        (char *) "2026-12-05",
                        IC_ACTION_ITEM_MONITORING, FALSE, 0 };
  IcActionItem *stored;

  item.id = ic_store_add_action_item (fx->store, fx->incident, &item, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item.id, >, 0);
  store_fixture_reopen (fx);
  items = ic_store_list_action_items (fx->store, fx->incident);
  g_assert_cmpuint (items->len, ==, 1);
  stored = items->pdata[0];
  g_assert_cmpstr (stored->text, ==, "Add an alert on replica lag");
  g_assert_cmpstr (stored->owner, ==, "Ana");
  g_assert_cmpstr (stored->due_date, ==, "2026-12-05");
  g_assert_cmpint (stored->kind, ==, IC_ACTION_ITEM_MONITORING);
  g_assert_false (stored->done);

  stored->done = TRUE;
  g_clear_pointer (&stored->due_date, g_free);
  g_assert_true (ic_store_update_action_item (fx->store, fx->incident, stored, &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ic_store_list_action_items (fx->store, fx->incident);
  g_assert_true (((IcActionItem *) items->pdata[0])->done);
  g_assert_null (((IcActionItem *) items->pdata[0])->due_date);

  g_assert_true (ic_store_delete_action_item (fx->store, fx->incident, item.id, &error));
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ic_store_list_action_items (fx->store, fx->incident);
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_action_item_errors (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  IcActionItem blank = { 0, (char *) "   ", (char *) "", NULL, IC_ACTION_ITEM_CODE, FALSE, 0 };
  IcActionItem bad_date = { 0, (char *) "Fix retries", (char *) "", (char *) "next week", IC_ACTION_ITEM_CODE, FALSE, 0 };
  IcActionItem bad_day = { 0, (char *) "Fix retries", (char *) "", (char *) "2026-02-30", IC_ACTION_ITEM_CODE, FALSE, 0 };
  IcActionItem gone = { 12345, (char *) "Fix retries", (char *) "", NULL, IC_ACTION_ITEM_CODE, FALSE, 0 };

  g_assert_cmpint (ic_store_add_action_item (fx->store, fx->incident, &blank, &error), ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "An action item needs a description");
  g_clear_error (&error);
  g_assert_cmpint (ic_store_add_action_item (fx->store, fx->incident, &bad_date, &error), ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“next week” is not a due date"));
  g_clear_error (&error);
  g_assert_cmpint (ic_store_add_action_item (fx->store, fx->incident, &bad_day, &error), ==, 0);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ic_store_update_action_item (fx->store, fx->incident, &gone, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  items = ic_store_list_action_items (fx->store, fx->incident);
  g_assert_cmpuint (items->len, ==, 0);
}

static GPtrArray *
make_whys (const char * const *answers)
{
  GPtrArray *whys = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_why_free);

  for (guint i = 0; answers[i] != NULL; i++)
    {
      IcWhy why = { i + 1, (int) i + 1, (char *) "Why?", (char *) answers[i] };
      g_ptr_array_add (whys, ic_why_copy (&why));
    }
  return whys;
}

static void
test_missing_signal (void)
{
  g_autoptr(GPtrArray) whys = make_whys ((const char *[]) {
    "The pool ran out of connections", "A deploy doubled the workers",
    "Nobody checked the pool size.", "", NULL });
  g_autoptr(GPtrArray) blank = make_whys ((const char *[]) { "", "", NULL });
  g_autofree char *from_gap = NULL, *from_why = NULL, *from_debug = NULL, *fallback = NULL;
  g_autofree char *nothing = NULL, *passive = NULL;

  from_gap = ic_postmortem_suggest_signal ("We had no alert on connection pool usage; only "
                                           "on errors.", NULL, whys);
  g_assert_cmpstr (from_gap, ==, "Add an alert on connection pool usage");

  passive = ic_postmortem_suggest_signal ("Replica lag was not monitored.", NULL, NULL);
  g_assert_cmpstr (passive, ==, "Add an alert on Replica lag");

  g_ptr_array_add (whys, ic_why_copy (&(IcWhy) { 9, 5, (char *) "Why?",
                                                 (char *) "We did not monitor worker count" }));
  from_why = ic_postmortem_suggest_signal ("", "", whys);
  g_assert_cmpstr (from_why, ==, "Add an alert on worker count");

  from_debug = ic_postmortem_suggest_signal (NULL, "Dashboards lacked a metric for queue depth",
                                             blank);
  g_assert_cmpstr (from_debug, ==, "Add an alert on queue depth");

  g_ptr_array_set_size (whys, 3);
  fallback = ic_postmortem_suggest_signal ("It looked fine", NULL, whys);
  g_assert_cmpstr (fallback, ==,
                   "Add an alert that fires when this happens again: Nobody checked the pool size");

  nothing = ic_postmortem_suggest_signal ("", NULL, blank);
  g_assert_null (nothing);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/postmortem/started-with-drafts", test_started_with_drafts);
  ADD ("/ic/postmortem/sections-survive-restart", test_sections_survive_restart);
  ADD ("/ic/postmortem/whys-add-move-delete", test_whys_add_move_delete);
  ADD ("/ic/postmortem/action-items", test_action_items);
  ADD ("/ic/postmortem/action-item-errors", test_action_item_errors);
#undef ADD
  g_test_add_func ("/ic/postmortem/missing-signal", test_missing_signal);

  return g_test_run ();
}
