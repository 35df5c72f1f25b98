/* test-drill.c — a drill played through the app: its player (messages at
 * their times, the right rollback is the fix, pause, end), the incident
 * view's banner, the list's badge and the "Start a Drill…" list; a real
 * store file on a manual clock, the widgets in a plain window under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-change.h"
#include "ic-drill-catalog.h"
#include "ic-drill-debrief-dialog.h"
#include "ic-drill-dialog.h"
#include "ic-drill-player.h"
#include "ic-incident-row.h"
#include "ic-incident-view.h"
#include "ic-probe-replay.h"
#include "ic-settings.h"
#include "ic-store-changes.h"
#include "ic-store-drills.h"
#include "ic-store-hypotheses.h"
#include "ic-store-timeline.h"
#include "ic-test-scenario.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"
#include "ic-timeline-event.h"

#define SECOND_US G_GINT64_CONSTANT (1000000)

typedef struct
{
  StoreFixture  store;
  IcIncident   *drill;
  GPtrArray    *messages;  /* "from|text|kind" */
} DrillFixture;

static void
drill_setup (DrillFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ic_test_scenario_path ();

  store_fixture_setup (&fx->store, data);
  fx->drill = ic_drill_catalog_start (fx->store.store, path, &error);
  g_assert_no_error (error);
  fx->messages = g_ptr_array_new_with_free_func (g_free);
}

static void
drill_teardown (DrillFixture  *fx,
                gconstpointer  data)
{
  g_clear_object (&fx->drill);
  g_ptr_array_unref (fx->messages);
  store_fixture_teardown (&fx->store, data);
}

static void
message_cb (IcDrillPlayer *player,
            const char    *from,
            const char    *text,
            const char    *kind,
            DrillFixture  *fx)
{
  g_ptr_array_add (fx->messages, g_strdup_printf ("%s|%s|%s", from, text, kind));
}

static IcChange *
change_named (DrillFixture *fx,
              const char   *description)
{
  GListModel *changes = ic_store_get_changes (fx->store.store, fx->drill);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (g_str_equal (ic_change_get_description (change), description))
        return change;  /* the store's list keeps it */
    }
  g_assert_not_reached ();
}

static gboolean
timeline_has (DrillFixture *fx,
              const char   *kind,
              const char   *text)
{
  GListModel *timeline = ic_store_get_timeline (fx->store.store, fx->drill);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (g_str_equal (ic_timeline_event_get_kind (event), kind)
          && g_str_equal (ic_timeline_event_get_text (event), text))
        return TRUE;
    }
  return FALSE;
}

/* The player ------------------------------------------------------------------ */

static void
test_player (DrillFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcDrillPlayer) player = ic_drill_player_new (fx->store.store, fx->drill, &error);
  g_autoptr(IcDrillRecord) record = NULL;
  gint64 id = ic_incident_get_id (fx->drill);

  g_assert_no_error (error);
  g_signal_connect (player, "message", G_CALLBACK (message_cb), fx);
  g_assert_cmpstr (ic_drill_player_get_title (player), ==, "Sessions lose their store");
  /* Its probes answer from the scenario while it plays. */
  g_assert_true (ic_probe_replay_has_drill (id));

  /* The manager's question, at 3:00 on the drill's clock. */
  ic_clock_advance (fx->store.clock, 179 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  ic_clock_advance (fx->store.clock, 1 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->messages, 0), ==,
                   "Engineering manager|What's happening?|message");
  g_assert_true (timeline_has (fx, "drill-event", "Engineering manager: What's happening?"));

  /* Rolling back a red herring changes nothing. */
  ic_change_set_rolled_back_at (change_named (fx, "sessions v4.2.0"),
                                ic_clock_get_now (fx->store.clock));
  g_assert_false (ic_drill_player_get_fixed (player));

  /* Rolling back the culprit is the fix: recorded, and the recovery comes
   * 45 s after it. */
  ic_change_set_rolled_back_at (change_named (fx, "REDIS_URI replaces CLUSTER_DISCOVERY"),
                                ic_clock_get_now (fx->store.clock));
  g_assert_true (ic_drill_player_get_fixed (player));
  record = ic_store_get_drill (fx->store.store, id, &error);
  g_assert_cmpint (record->fixed_at, ==, IC_TEST_START_US + 180 * SECOND_US);
  ic_clock_advance (fx->store.clock, 45 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fx->messages, 1), ==, "PagerDuty|Sessions: resolved|recovery");

  /* Resolving the incident ends the drill, and its probes stop playing. */
  ic_incident_set_status (fx->drill, IC_INCIDENT_STATUS_RESOLVED);
  g_assert_true (ic_drill_player_get_ended (player));
  g_assert_false (ic_probe_replay_has_drill (id));
  g_clear_pointer (&record, ic_drill_record_free);
  record = ic_store_get_drill (fx->store.store, id, &error);
  g_assert_false (record->abandoned);
  g_assert_cmpint (record->ended_at, ==, IC_TEST_START_US + 225 * SECOND_US);
}

/* The two-minute rule's honest counter-example: rolling back the most
 * recent change does not help; rolling back the library upgrade of three
 * days ago does. */
static void
test_leak (DrillFixture  *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) leak = ic_drill_catalog_start (fx->store.store, "slow-memory-leak", &error);
  g_autoptr(IcDrillPlayer) player = ic_drill_player_new (fx->store.store, leak, &error);
  IcChange *candidate;
  GListModel *changes;

  g_assert_no_error (error);
  candidate = ic_store_get_rollback_candidate (fx->store.store, leak);
  g_assert_true (g_str_has_prefix (ic_change_get_description (candidate),
                                   "Flag invoice-worker.debug-log-sampling"));
  g_assert_true (ic_store_roll_back_change (fx->store.store, leak, candidate, &error));
  g_assert_false (ic_drill_player_get_fixed (player));
  changes = ic_store_get_changes (fx->store.store, leak);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (g_str_has_prefix (ic_change_get_description (change), "invoice-worker v1.41.3"))
        g_assert_true (ic_store_roll_back_change (fx->store.store, leak, change, &error));
    }
  g_assert_no_error (error);
  g_assert_true (ic_drill_player_get_fixed (player));
}

/* Paused, the drill's messages wait: its clock stands still. */
static void
test_pause (DrillFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcDrillPlayer) player = ic_drill_player_new (fx->store.store, fx->drill, &error);

  g_signal_connect (player, "message", G_CALLBACK (message_cb), fx);
  ic_clock_advance (fx->store.clock, 100 * SECOND_US);
  g_assert_true (ic_drill_player_set_paused (player, TRUE, &error));
  g_assert_true (ic_drill_player_get_paused (player));
  g_assert_true (timeline_has (fx, "drill", "Drill paused"));
  ic_clock_advance (fx->store.clock, 600 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_true (ic_drill_player_set_paused (player, FALSE, &error));
  g_assert_true (timeline_has (fx, "drill", "Drill resumed"));
  /* 100 s were played before the pause: the question is 80 s away. */
  ic_clock_advance (fx->store.clock, 79 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  ic_clock_advance (fx->store.clock, 1 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 1);
}

static void
test_abandon (DrillFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcDrillPlayer) player = ic_drill_player_new (fx->store.store, fx->drill, &error);
  g_autoptr(IcDrillRecord) record = NULL;

  g_signal_connect (player, "message", G_CALLBACK (message_cb), fx);
  g_assert_true (ic_drill_player_abandon (player, &error));
  g_assert_true (ic_drill_player_get_ended (player));
  g_assert_true (timeline_has (fx, "drill", "Drill abandoned"));
  record = ic_store_get_drill (fx->store.store, ic_incident_get_id (fx->drill), &error);
  g_assert_true (record->abandoned);
  /* Nothing comes after the end. */
  ic_clock_advance (fx->store.clock, 600 * SECOND_US);
  g_assert_cmpuint (fx->messages->len, ==, 0);
}

static void
test_not_a_drill (DrillFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcDrillPlayer) player = ic_drill_player_new (fx->store.store, fx->store.incident,
                                                         &error);

  g_assert_null (player);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
}

/* The view, the list and the dialog --------------------------------------------- */

static GtkLabel *
banner_label (GtkWidget *view)
{
  GtkWidget *label = ic_test_find_widget (view, ic_test_is_label_prefixed, "Drill — ");

  return label != NULL ? GTK_LABEL (label) : NULL;
}

static void
test_view_banner (DrillFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  GtkWidget *view = ic_incident_view_new (fx->store.store, settings);
  GPtrArray *toasts = NULL;  /* owned by the window */
  GtkWindow *window = ic_test_window_for (view, &toasts);
  GtkLabel *label;

  g_object_set (fx->drill, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), fx->drill);
  label = banner_label (view);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (label)));
  g_assert_cmpstr (gtk_label_get_label (label), ==,
                   "Drill — Sessions lose their store. Nothing here reaches a real system.");
  g_assert_nonnull (ic_incident_view_get_drill_player (IC_INCIDENT_VIEW (view)));

  /* Ctrl+P's action pauses it, and the banner says so. */
  ic_incident_view_toggle_drill_pause (IC_INCIDENT_VIEW (view));
  g_assert_cmpstr (gtk_label_get_label (label), ==,
                   "Drill — Sessions lose their store. Paused: its clock stands still.");
  g_assert_nonnull (ic_test_find_widget (view, ic_test_is_button_labelled, "_Resume"));

  /* Its messages come as toasts. */
  ic_incident_view_toggle_drill_pause (IC_INCIDENT_VIEW (view));
  ic_clock_advance (fx->store.clock, 180 * SECOND_US);
  g_assert_cmpuint (toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (toasts, 0), ==, "Engineering manager: What's happening?");

  /* A real incident: no banner, no player. */
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), fx->store.incident);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (label)));
  g_assert_null (ic_incident_view_get_drill_player (IC_INCIDENT_VIEW (view)));
  g_assert_false (ic_probe_replay_has_drill (ic_incident_get_id (fx->drill)));
  ic_test_window_close (window);
}

static IcDrillDebriefDialog *
find_debrief (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (IC_IS_DRILL_DEBRIEF_DIALOG (window))
        return IC_DRILL_DEBRIEF_DIALOG (window);
    }
  return NULL;
}

/* At its end the drill's debrief opens: each measure in words, the score,
 * and a chart of every run of the scenario. */
static void
test_debrief (DrillFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  GtkWidget *view = ic_incident_view_new (fx->store.store, settings);
  GPtrArray *toasts = NULL;  /* owned by the window */
  GtkWindow *window = ic_test_window_for (view, &toasts);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ic_test_scenario_path ();
  g_autoptr(IcIncident) second = NULL;
  g_autoptr(IcHypothesis) h1 = NULL;
  g_autoptr(IcHypothesis) h2 = NULL;
  g_autoptr(IcHypothesis) h3 = NULL;
  g_autofree char *summary = NULL;
  IcDrillDebriefDialog *dialog;
  IcDrillDebrief *debrief;
  GtkWidget *outcome;

  /* An earlier run, abandoned at once. */
  g_object_set (fx->drill, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), fx->drill);
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), fx->store.incident);
  g_assert_true (ic_store_end_drill (fx->store.store, ic_incident_get_id (fx->drill), TRUE,
                                     &error));

  /* This run: three hypotheses, one a wild card naming the cause, in 1:30. */
  ic_clock_advance (fx->store.clock, 60 * SECOND_US);
  second = ic_drill_catalog_start (fx->store.store, path, &error);
  g_assert_no_error (error);
  g_object_set (second, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), second);
  g_assert_null (find_debrief ());
  ic_clock_advance (fx->store.clock, 30 * SECOND_US);
  h1 = ic_store_add_hypothesis (fx->store.store, second, "Pool exhausted", IC_LIKELIHOOD_LIKELY, "",
                                &error);
  h2 = ic_store_add_hypothesis (fx->store.store, second, "The deploy", IC_LIKELIHOOD_POSSIBLE, "",
                                &error);
  ic_clock_advance (fx->store.clock, 60 * SECOND_US);
  h3 = ic_store_add_hypothesis (fx->store.store, second, "Client skips cluster discovery",
                                IC_LIKELIHOOD_WILD_CARD, "", &error);
  g_assert_no_error (error);

  /* Abandoned from the banner's button: the debrief opens. */
  ic_test_click_button (ic_test_find_widget (view, ic_test_is_button_labelled, "A_bandon"));
  dialog = find_debrief ();
  g_assert_nonnull (dialog);
  debrief = ic_drill_debrief_dialog_get_debrief (dialog);
  g_assert_cmpstr (((IcDebriefItem *) g_ptr_array_index (debrief->items, IC_DEBRIEF_HYPOTHESES))
                     ->text, ==, "Three hypotheses in 1:30 — one was a wild card.");
  g_assert_cmpstr (((IcDebriefItem *) g_ptr_array_index (debrief->items, IC_DEBRIEF_TRUE_CAUSE))
                     ->text, ==, "The true cause was among the hypotheses, ranked 3.");
  outcome = ic_test_find_widget (GTK_WIDGET (dialog), ic_test_is_label_prefixed, "Abandoned after ");
  g_assert_nonnull (outcome);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (outcome)), ==, "Abandoned after 1:30. 2 of 7 met.");
  /* Both runs in the chart, said in words too. */
  g_assert_cmpuint (ic_drill_chart_get_n_runs (ic_drill_debrief_dialog_get_chart (dialog)), ==, 2);
  summary = ic_drill_chart_dup_summary (ic_drill_debrief_dialog_get_chart (dialog));
  g_assert_cmpstr (summary, ==, "Run 1: three hypotheses never, fixed never. "
                                "Run 2: three hypotheses 1:30, fixed never.");
  /* And from the banner again, at will. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (find_debrief ());
  ic_test_click_button (ic_test_find_widget (view, ic_test_is_button_labelled, "_Debrief"));
  dialog = find_debrief ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ic_test_window_close (window);
}

static void
test_row_badge (DrillFixture  *fx,
                gconstpointer  data)
{
  GtkWidget *drill_row = ic_incident_row_new ();
  GtkWidget *real_row = ic_incident_row_new ();
  g_autofree char *label = NULL;
  GtkWidget *real_badge;
  GtkWidget *badge;

  g_object_ref_sink (drill_row);
  g_object_ref_sink (real_row);
  ic_incident_row_set_incident (IC_INCIDENT_ROW (drill_row), fx->drill);
  ic_incident_row_set_incident (IC_INCIDENT_ROW (real_row), fx->store.incident);
  badge = ic_test_find_widget (drill_row, ic_test_is_label_prefixed, "Drill");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  /* A real incident's row has no badge to show (it is made for a drill). */
  real_badge = ic_test_find_widget (real_row, ic_test_is_label_prefixed, "Drill");
  g_assert_true (real_badge == NULL || !gtk_widget_get_visible (real_badge));
  /* Said to a screen reader too, not by colour. */
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (drill_row),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_true (g_str_has_prefix (label, "Drill: Sessions: connection refused, "));
  /* A list view gives its rows other items: the drill's row, given the
   * real incident, hides its badge, and shows it again for the drill. */
  ic_incident_row_set_incident (IC_INCIDENT_ROW (drill_row), fx->store.incident);
  g_assert_false (gtk_widget_get_visible (badge));
  ic_incident_row_set_incident (IC_INCIDENT_ROW (drill_row), fx->drill);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_true (ic_test_find_widget (drill_row, ic_test_is_label_prefixed, "Drill") == badge);
  g_object_unref (drill_row);
  g_object_unref (real_row);
}

static void
test_dialog (DrillFixture  *fx,
             gconstpointer  data)
{
  IcDrillDialog *dialog = ic_drill_dialog_new (NULL, fx->store.store);
  GListModel *ids = ic_drill_dialog_get_scenarios (dialog);
  g_autoptr(GPtrArray) rows = NULL;
  GListModel *incidents = ic_store_get_incidents (fx->store.store);
  guint before = g_list_model_get_n_items (incidents);
  g_autoptr(GtkStringObject) first_id = NULL;
  GtkListBoxRow *first;

  /* When the last drill was (the fixture's, today): what the reminder counts
   * from. */
  g_assert_nonnull (ic_test_find_widget (GTK_WIDGET (dialog), ic_test_is_label_prefixed,
                                         "Last drill: "));
  /* The four scenarios the app ships, by id, each with its last run. */
  g_assert_cmpuint (g_list_model_get_n_items (ids), ==, 4);
  first_id = g_list_model_get_item (ids, 0);
  g_assert_cmpstr (gtk_string_object_get_string (first_id), ==, "az-health-check");
  rows = ic_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)),
                                   "\nNot run yet"));

  /* Activating one starts it: a drill incident more. */
  first = g_ptr_array_index (rows, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (first)), "row-activated", first);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, DrillFixture, NULL, drill_setup, fn, drill_teardown)
  ADD ("/ic/drill/player", test_player);
  ADD ("/ic/drill/pause", test_pause);
  ADD ("/ic/drill/leak", test_leak);
  ADD ("/ic/drill/abandon", test_abandon);
  ADD ("/ic/drill/not-a-drill", test_not_a_drill);
  ADD ("/ic/drill/view-banner", test_view_banner);
  ADD ("/ic/drill/row-badge", test_row_badge);
  ADD ("/ic/drill/debrief", test_debrief);
  ADD ("/ic/drill/dialog", test_dialog);
#undef ADD
  return g_test_run ();
}
