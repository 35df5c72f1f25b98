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
  GListModel *whys = ic_store_get_whys (fx->store, fx->incident);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (whys); i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);

      g_assert_cmpint (ic_why_get_position (why), ==, (int) i + 1);
      g_strv_builder_add (builder, ic_why_get_question (why));
    }
  return g_strv_builder_end (builder);
}

static void
test_started_with_drafts (StoreFixture  *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcWhy) first = NULL;
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

  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_whys (fx->store, fx->incident)), ==,
                   IC_POSTMORTEM_DEFAULT_WHYS);
  first = g_list_model_get_item (ic_store_get_whys (fx->store, fx->incident), 0);
  g_assert_cmpstr (ic_why_get_question (first), ==,
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
  GListModel *whys;
  g_auto(GStrv) questions = NULL;
  gint64 ids[3];

  /* Adding starts the postmortem (and its five default whys): clear those. */
  ids[0] = ic_store_add_why (fx->store, fx->incident, "A", "a", &error);
  g_assert_no_error (error);
  whys = ic_store_get_whys (fx->store, fx->incident);
  for (guint i = g_list_model_get_n_items (whys); i > 0; i--)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i - 1);

      if (ic_why_get_id (why) != ids[0])
        g_assert_true (ic_store_delete_why (fx->store, fx->incident, ic_why_get_id (why),
                                            &error));
    }
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
  IcActionItemFields fields = { "  Add an alert on replica lag ", "Ana", "2026-12-05",
                                IC_ACTION_ITEM_MONITORING, FALSE };
  g_autoptr(IcActionItem) stored = NULL;
  GListModel *items;
  gint64 id;

  id = ic_store_add_action_item (fx->store, fx->incident, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  store_fixture_reopen (fx);
  items = ic_store_get_action_items (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  stored = g_list_model_get_item (items, 0);
  g_assert_cmpint (ic_action_item_get_id (stored), ==, id);
  g_assert_cmpstr (ic_action_item_get_text (stored), ==, "Add an alert on replica lag");
  g_assert_cmpstr (ic_action_item_get_owner (stored), ==, "Ana");
  g_assert_cmpstr (ic_action_item_get_due_date (stored), ==, "2026-12-05");
  g_assert_cmpint (ic_action_item_get_kind (stored), ==, IC_ACTION_ITEM_MONITORING);
  g_assert_false (ic_action_item_get_done (stored));

  fields.done = TRUE;
  fields.due_date = NULL;
  g_assert_true (ic_store_update_action_item (fx->store, fx->incident, id, &fields, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  store_fixture_reopen (fx);
  items = ic_store_get_action_items (fx->store, fx->incident);
  stored = g_list_model_get_item (items, 0);
  g_assert_true (ic_action_item_get_done (stored));
  g_assert_null (ic_action_item_get_due_date (stored));

  g_assert_true (ic_store_delete_action_item (fx->store, fx->incident, id, &error));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  store_fixture_reopen (fx);
  items = ic_store_get_action_items (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
}

static void
test_action_item_errors (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcActionItemFields blank = { "   ", "", NULL, IC_ACTION_ITEM_CODE, FALSE };
  IcActionItemFields bad_date = { "Fix retries", "", "next week", IC_ACTION_ITEM_CODE, FALSE };
  IcActionItemFields bad_day = { "Fix retries", "", "2026-02-30", IC_ACTION_ITEM_CODE, FALSE };
  IcActionItemFields gone = { "Fix retries", "", NULL, IC_ACTION_ITEM_CODE, FALSE };

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
  g_assert_false (ic_store_update_action_item (fx->store, fx->incident, 12345, &gone, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_action_items (fx->store,
                                                                         fx->incident)), ==, 0);
}

/* A chain held in memory, not in a store. */
static GListStore *
make_whys (const char * const *answers)
{
  GListStore *whys = g_list_store_new (IC_TYPE_WHY);

  for (guint i = 0; answers[i] != NULL; i++)
    {
      g_autoptr(IcWhy) why = ic_why_new (i + 1, (int) i + 1, "Why?", answers[i]);

      g_list_store_append (whys, why);
    }
  return whys;
}

static void
test_missing_signal (void)
{
  g_autoptr(GListStore) whys = make_whys ((const char *[]) {
    "The pool ran out of connections", "A deploy doubled the workers",
    "Nobody checked the pool size.", "", NULL });
  g_autoptr(GListStore) blank = make_whys ((const char *[]) { "", "", NULL });
  g_autoptr(IcWhy) fifth = ic_why_new (9, 5, "Why?", "We did not monitor worker count");
  g_autofree char *from_gap = NULL, *from_why = NULL, *from_debug = NULL, *fallback = NULL;
  g_autofree char *nothing = NULL, *passive = NULL;

  from_gap = ic_postmortem_suggest_signal ("We had no alert on connection pool usage; only "
                                           "on errors.", NULL, G_LIST_MODEL (whys));
  g_assert_cmpstr (from_gap, ==, "Add an alert on connection pool usage");

  passive = ic_postmortem_suggest_signal ("Replica lag was not monitored.", NULL, NULL);
  g_assert_cmpstr (passive, ==, "Add an alert on Replica lag");

  g_list_store_append (whys, fifth);
  from_why = ic_postmortem_suggest_signal ("", "", G_LIST_MODEL (whys));
  g_assert_cmpstr (from_why, ==, "Add an alert on worker count");

  from_debug = ic_postmortem_suggest_signal (NULL, "Dashboards lacked a metric for queue depth",
                                             G_LIST_MODEL (blank));
  g_assert_cmpstr (from_debug, ==, "Add an alert on queue depth");

  g_list_store_splice (whys, 3, 2, NULL, 0);
  fallback = ic_postmortem_suggest_signal ("It looked fine", NULL, G_LIST_MODEL (whys));
  g_assert_cmpstr (fallback, ==,
                   "Add an alert that fires when this happens again: Nobody checked the pool size");

  nothing = ic_postmortem_suggest_signal ("", NULL, G_LIST_MODEL (blank));
  g_assert_null (nothing);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The store hands out one live list of whys and one of action items per
 * incident: a view bound to them follows every edit, and an edited row keeps
 * its object (so a row widget bound to it is not rebuilt while typing). */
static void
test_lists_are_live (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcWhy) second = NULL, moved = NULL, still = NULL;
  g_autoptr(IcActionItem) item = NULL, same = NULL;
  IcActionItemFields fields = { "Page on replica lag", "Ana", NULL, IC_ACTION_ITEM_MONITORING,
                                FALSE };
  IcActionItemFields bad = { "Page on replica lag", "Ana", "soon", IC_ACTION_ITEM_MONITORING,
                             FALSE };
  GListModel *whys, *items;
  guint changes = 0, notifies = 0;
  gint64 id;

  whys = ic_store_get_whys (fx->store, fx->incident);
  g_assert_nonnull (whys);
  g_assert_true (whys == ic_store_get_whys (fx->store, fx->incident));
  g_assert_cmpuint (g_list_model_get_n_items (whys), ==, 0);
  g_signal_connect (whys, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  /* Starting the postmortem fills the list someone already holds. */
  g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (whys), ==, IC_POSTMORTEM_DEFAULT_WHYS);
  g_assert_cmpuint (changes, ==, 1);

  /* Saving a why changes its object in place. */
  second = g_list_model_get_item (whys, 1);
  g_signal_connect (second, "notify::answer", G_CALLBACK (count_notify_cb), &notifies);
  g_assert_true (ic_store_update_why (fx->store, fx->incident, ic_why_get_id (second),
                                      "Why did the pool run dry?", "A deploy doubled the workers",
                                      &error));
  g_assert_no_error (error);
  still = g_list_model_get_item (whys, 1);
  g_assert_true (still == second);
  g_assert_cmpstr (ic_why_get_question (second), ==, "Why did the pool run dry?");
  g_assert_cmpstr (ic_why_get_answer (second), ==, "A deploy doubled the workers");
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (changes, ==, 1);

  /* Moving reorders the list and renumbers the whys. */
  g_assert_true (ic_store_move_why (fx->store, fx->incident, ic_why_get_id (second), 1, &error));
  moved = g_list_model_get_item (whys, 0);
  g_assert_true (moved == second);
  g_assert_cmpint (ic_why_get_position (second), ==, 1);
  g_assert_cmpuint (changes, ==, 2);

  /* A refused edit leaves the list as it was. */
  g_assert_false (ic_store_delete_why (fx->store, fx->incident, 987654, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (whys), ==, IC_POSTMORTEM_DEFAULT_WHYS);
  g_assert_cmpuint (changes, ==, 2);

  g_assert_true (ic_store_delete_why (fx->store, fx->incident, ic_why_get_id (second), &error));
  g_assert_cmpuint (g_list_model_get_n_items (whys), ==, IC_POSTMORTEM_DEFAULT_WHYS - 1);
  for (guint i = 0; i < g_list_model_get_n_items (whys); i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);

      g_assert_cmpint (ic_why_get_position (why), ==, (int) i + 1);
    }

  /* Action items: added, saved in place, a refused save keeps the stored values. */
  items = ic_store_get_action_items (fx->store, fx->incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  id = ic_store_add_action_item (fx->store, fx->incident, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  item = g_list_model_get_item (items, 0);
  g_assert_cmpint (ic_action_item_get_id (item), ==, id);
  fields.done = TRUE;
  fields.kind = IC_ACTION_ITEM_PROCESS;
  fields.owner = "  Ben ";
  g_assert_true (ic_store_update_action_item (fx->store, fx->incident, id, &fields, &error));
  same = g_list_model_get_item (items, 0);
  g_assert_true (same == item);
  /* The object says what the database holds. */
  g_assert_cmpstr (ic_action_item_get_owner (item), ==, "Ben");
  g_assert_true (ic_action_item_get_done (item));
  g_assert_cmpint (ic_action_item_get_kind (item), ==, IC_ACTION_ITEM_PROCESS);
  g_assert_false (ic_store_update_action_item (fx->store, fx->incident, id, &bad, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_null (ic_action_item_get_due_date (item));
  g_assert_true (ic_store_delete_action_item (fx->store, fx->incident, id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  g_signal_handlers_disconnect_by_func (whys, count_changes_cb, &changes);
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
  ADD ("/ic/postmortem/lists-are-live", test_lists_are_live);
#undef ADD
  g_test_add_func ("/ic/postmortem/missing-signal", test_missing_signal);

  return g_test_run ();
}
