/* test-incident-view.c — IcIncidentView on its own: a real store file with
 * a manual clock, the view in a plain GtkWindow under Xvfb (the window's
 * win.toast stood in for): the elapsed clock, status updates, recording
 * actions, response times and the rollback timer with its notification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-decision-tree.h"
#include "ic-incident-view.h"
#include "ic-markdown-view.h"
#include "ic-postmortem-page.h"
#include "ic-timeline-page.h"
#include "ic-rollback-chip.h"
#include "ic-settings.h"
#include "ic-status-composer.h"
#include "ic-status-update.h"
#include "ic-structure-page.h"
#include "ic-test-notifications.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture    store;
  IcSettings     *settings;
  GtkWindow      *window;
  IcIncidentView *view;
  GPtrArray      *toasts;   /* owned by the window */
  GtkApplication *app;      /* the window's, for the tests that need one */
} ViewFixture;

static void
view_setup (ViewFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->settings = ic_settings_new (APP_ID);
  fx->view = IC_INCIDENT_VIEW (ic_incident_view_new (fx->store.store, fx->settings));
  fx->window = ic_test_window_for (GTK_WIDGET (fx->view), &fx->toasts);
}

static void
view_teardown (ViewFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  g_clear_object (&fx->app);
  g_clear_object (&fx->settings);
  store_fixture_teardown (&fx->store, data);
}

/* A new incident past the breathe step, so the view opens at its pages. */
static IcIncident *
new_incident (ViewFixture *fx,
              const char  *title,
              const char  *service,
              IcSeverity   severity)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident = ic_store_create_incident (fx->store.store, title, service, severity,
                                                   IC_CREATED_VIA_APP, &error);

  g_assert_no_error (error);
  g_object_set (incident, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  return incident;
}

/* The same, shown. */
static IcIncident *
show_new_incident (ViewFixture *fx,
                   const char  *title,
                   const char  *service,
                   IcSeverity   severity)
{
  IcIncident *incident = new_incident (fx, title, service, severity);

  ic_incident_view_set_incident (fx->view, incident);
  return incident;
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* /ic/incident-view/elapsed-clock ------------------------------------------- */

static void
test_elapsed_clock (ViewFixture   *fx,
                    gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcClock *clock = fx->store.clock;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;

  incident = ic_store_create_incident (fx->store.store, "Latency", "search", IC_SEVERITY_SEV3,
                                       IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  ic_incident_view_set_incident (view, incident);
  g_assert_cmpstr (ic_incident_view_get_elapsed_text (view), ==, "0:00");
  ic_clock_advance (clock, G_GINT64_CONSTANT (125) * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_incident_view_get_elapsed_text (view), ==, "2:05");
  ic_clock_advance (clock, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_incident_view_get_elapsed_text (view), ==, "1:02:05");
}

/* /ic/incident-view/status-update ------------------------------------------- */

/* A status update is posted from the composer only when complete; the
 * reminder comes when the next update is due, and a snooze moves it. */
static void
test_status_update (ViewFixture   *fx,
                    gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcClock *clock = fx->store.clock;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  GObject *composer;

  incident = show_new_incident (fx, "Checkout 500s", "checkout", IC_SEVERITY_SEV1);
  /* Built the first time it pops up: nothing of it before. */
  g_assert_null (ic_incident_view_get_status_composer (view));
  g_assert_null (gtk_menu_button_get_popover (
    template_child (view, IC_TYPE_INCIDENT_VIEW, "update_button")));
  /* What win.status-update asks the view (/ic/window/actions). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "update.compose", NULL));
  composer = G_OBJECT (ic_incident_view_get_status_composer (view));
  g_assert_nonnull (composer);
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (composer), GTK_TYPE_POPOVER)
                 == GTK_WIDGET (gtk_menu_button_get_popover (
                      template_child (view, IC_TYPE_INCIDENT_VIEW, "update_button"))));

  /* Nothing posts while a part is missing. */
  gtk_widget_activate_action (GTK_WIDGET (composer), "update.post", "(sssi)", "mitigating",
                              "elevated 500s on checkout", "", 3);
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_INVESTIGATING);
  gtk_widget_activate_action (GTK_WIDGET (composer), "update.post", "(sssi)", "mitigating",
                              "elevated 500s on checkout", "rolling back deploy v1.2.3", 3);
  g_assert_cmpstr (ic_status_composer_get_preview (IC_STATUS_COMPOSER (composer)), ==,
                   "Mitigating elevated 500s on checkout. Rolling back deploy v1.2.3. "
                   "Next update in 3 min.");
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_false (ic_incident_view_get_reminder_due (view));

  ic_clock_advance (clock, G_GINT64_CONSTANT (180) * G_USEC_PER_SEC);
  g_assert_true (ic_incident_view_get_reminder_due (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "update.snooze", "i", 1);
  g_assert_false (ic_incident_view_get_reminder_due (view));
  ic_clock_advance (clock, G_GINT64_CONSTANT (60) * G_USEC_PER_SEC);
  g_assert_true (ic_incident_view_get_reminder_due (view));

  timeline = ic_store_list_timeline (fx->store.store, incident, &error);
  g_assert_true (ic_test_timeline_has (timeline, "status-update", "Rolling back deploy v1.2.3"));
  g_assert_true (ic_test_timeline_has (timeline, "status-reminder", "1 minute"));
}

/* /ic/incident-view/irreversible-action ------------------------------------- */

/* An irreversible action while no hypothesis is confirmed asks "Do you have
 * evidence?" and records nothing until it is answered; a reversible one is
 * recorded at once. */
static void
test_irreversible_action (ViewFixture   *fx,
                          gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcStore *store = fx->store.store;
  g_autoptr(IcIncident) incident = NULL;
  GtkLabel *label;
  IcDetailsPage *details;
  g_auto(GStrv) actions = NULL;

  incident = show_new_incident (fx, "Orders failing", "orders", IC_SEVERITY_SEV2);
  /* The Details page, where the actions are listed, is built when shown. */
  g_assert_null (ic_incident_view_get_details_page (view));
  ic_incident_view_show_page (view, "details");
  details = ic_incident_view_get_details_page (view);
  g_assert_nonnull (details);
  label = template_child (details, IC_TYPE_DETAILS_PAGE, "actions_label");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "No actions recorded yet");

  gtk_widget_activate_action (GTK_WIDGET (view), "incident.record-action", "(sbs)",
                              "raise the pool to 400", FALSE, "");
  g_assert_nonnull (ic_incident_view_get_evidence_dialog (view));
  g_assert_cmpstr (adw_message_dialog_get_heading (
                     ADW_MESSAGE_DIALOG (ic_incident_view_get_evidence_dialog (view))),
                   ==, "Do You Have Evidence?");
  actions = ic_store_list_actions (store, incident);
  g_assert_cmpuint (g_strv_length (actions), ==, 0);
  g_clear_pointer (&actions, g_strfreev);

  /* Answering with nothing asks again; cancelling records nothing. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ic_incident_view_get_evidence_dialog (view)),
                               "record");
  g_assert_nonnull (ic_incident_view_get_evidence_dialog (view));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ic_incident_view_get_evidence_dialog (view)),
                               "cancel");
  g_assert_null (ic_incident_view_get_evidence_dialog (view));
  actions = ic_store_list_actions (store, incident);
  g_assert_cmpuint (g_strv_length (actions), ==, 0);
  g_clear_pointer (&actions, g_strfreev);
  gtk_widget_activate_action (GTK_WIDGET (view), "incident.record-action", "(sbs)",
                              "raise the pool to 400", FALSE, "pool_in_use 200/200");
  gtk_widget_activate_action (GTK_WIDGET (view), "incident.record-action", "(sbs)",
                              "roll back checkout v1.2.3", TRUE, "");
  g_assert_null (ic_incident_view_get_evidence_dialog (view));
  /* With "Already done" off, the action is recorded as planned. */
  gtk_switch_set_active (template_child (details, IC_TYPE_DETAILS_PAGE, "done_switch"), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (view), "incident.record-action", "(sbs)",
                              "scale checkout to 12 replicas", TRUE, "");
  g_assert_true (gtk_switch_get_active (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                        "done_switch")));
  actions = ic_store_list_actions (store, incident);
  g_assert_cmpuint (g_strv_length (actions), ==, 3);
  g_assert_true (g_str_has_prefix (actions[2], "Planned"));
  g_assert_true (g_str_has_prefix (actions[0], "Taken"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "raise the pool to 400"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "roll back checkout v1.2.3"));
}

/* /ic/incident-view/response-times ------------------------------------------ */

static const char *
row_subtitle (IcIncidentView *view,
              const char     *name)
{
  return adw_action_row_get_subtitle (template_child (ic_incident_view_get_details_page (view),
                                                     IC_TYPE_DETAILS_PAGE, name));
}

/* The Details page shows the time from the alert to the first hypothesis
 * and to mitigation, "Not yet" until they happen; the first hypothesis is
 * read again when a page is shown. */
static void
test_response_times (ViewFixture   *fx,
                     gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcClock *clock = fx->store.clock;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autoptr(GError) error = NULL;

  incident = show_new_incident (fx, "Orders failing", "orders", IC_SEVERITY_SEV2);
  ic_incident_view_show_page (view, "details");
  g_assert_cmpstr (row_subtitle (view, "to_hypothesis_row"), ==, "Not yet");
  g_assert_cmpstr (row_subtitle (view, "to_mitigation_row"), ==, "Not yet");

  ic_incident_view_show_page (view, "hypotheses");
  ic_clock_advance (clock, 95 * G_USEC_PER_SEC);
  hypothesis = ic_store_add_hypothesis (fx->store.store, incident, "Pool exhausted",
                                        IC_LIKELIHOOD_LIKELY, NULL, &error);
  g_assert_no_error (error);
  ic_incident_view_show_page (view, "details");
  g_assert_cmpstr (row_subtitle (view, "to_hypothesis_row"), ==, "1:35");
  g_assert_cmpstr (row_subtitle (view, "to_mitigation_row"), ==, "Not yet");

  ic_clock_advance (clock, 60 * G_USEC_PER_SEC);
  g_object_set (incident, "status", IC_INCIDENT_STATUS_MITIGATING, NULL);
  g_assert_cmpstr (row_subtitle (view, "to_mitigation_row"), ==, "2:35");
  g_assert_cmpstr (row_subtitle (view, "to_resolution_row"), ==, "Not yet");
}

/* /ic/incident-view/rollback-expiry ----------------------------------------- */

/* Puts the view's window in an application, as IcWindow is in the app's:
 * the view tells the desktop through its window's application. */
static void
view_window_in_application (ViewFixture *fx)
{
  g_autoptr(GError) error = NULL;

  fx->app = gtk_application_new (APP_ID ".TestIncidentView", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fx->app), NULL, &error);
  g_assert_no_error (error);
  gtk_window_set_application (fx->window, fx->app);
}

static gboolean
change_rolled_back (gpointer data)
{
  return ic_change_get_rolled_back_at (data) != 0;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_rollback_expiry (ViewFixture   *fx,
                      gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcStore *store = fx->store.store;
  IcClock *clock = fx->store.clock;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  GObject *chip;
  GtkWindow *dialog;
  guint notified;

  ic_test_notifications_start ();
  notified = ic_test_notifications->len;
  view_window_in_application (fx);
  incident = new_incident (fx, "Checkout 500s", "checkout", IC_SEVERITY_SEV1);
  change = ic_store_add_change (store, incident, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3",
                                ic_clock_get_now (clock) - G_GINT64_CONSTANT (300000000),
                                TRUE, &error);
  g_assert_no_error (error);
  ic_incident_view_set_incident (view, incident);
  chip = template_child (view, IC_TYPE_INCIDENT_VIEW, "rollback_chip");
  g_assert_null (ic_rollback_chip_get_text (IC_ROLLBACK_CHIP (chip)));

  /* Moving past the structure step starts the two minutes. */
  ic_incident_view_show_page (view, "hypotheses");
  g_assert_cmpstr (ic_rollback_chip_get_text (IC_ROLLBACK_CHIP (chip)), ==, "Roll back in 2:00");
  ic_clock_advance (clock, G_GINT64_CONSTANT (30) * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_rollback_chip_get_text (IC_ROLLBACK_CHIP (chip)), ==, "Roll back in 1:30");
  g_assert_null (ic_incident_view_get_rollback_dialog (view));

  ic_clock_advance (clock, G_GINT64_CONSTANT (90) * G_USEC_PER_SEC);
  dialog = ic_incident_view_get_rollback_dialog (view);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ic_rollback_chip_get_text (IC_ROLLBACK_CHIP (chip)), ==,
                   "Rollback decision due");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "checkout v1.2.3"));
  /* Roll Back is the default response: Enter chooses it. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "rollback");
  /* The desktop was told too (the window may be hidden). */
  for (guint i = 0; i < 200 && ic_test_notifications->len == notified; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ic_test_notifications->len, ==, notified + 1);
  g_assert_cmpstr (ic_test_notifications_last_summary (), ==, "Two minutes are up");
  /* Enter in the dialog's entry (where the focus is) chooses Roll Back —
   * once the dialog is on screen, as for a person. */
  wait_for (widget_is_mapped, dialog, "the rollback dialog to be shown");
  g_assert_true (gtk_entry_get_activates_default (
                   GTK_ENTRY (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)))));
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (
                           adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)))),
                         "activate");
  /* A button activated by its key is clicked after its pressed look (a
   * GTK timeout), not at once. */
  wait_for (change_rolled_back, change, "the rollback to be recorded");
  g_assert_cmpint (ic_change_get_rolled_back_at (change), ==, ic_clock_get_now (clock));
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpstr (ic_rollback_chip_get_text (IC_ROLLBACK_CHIP (chip)), ==, "Rollback decided");
  timeline = ic_store_list_timeline (store, incident, &error);
  g_assert_true (ic_test_timeline_has (timeline, "rollback-timer", "started"));
  g_assert_true (ic_test_timeline_has (timeline, "rollback-decision", "roll back checkout v1.2.3"));
}

/* The timeline page too: built when first shown, or when a note is to be
 * written (Ctrl+Shift+N), with the keyboard in its note field. */
static void
test_timeline_built_when_shown (ViewFixture   *fx,
                                gconstpointer  data)
{
  g_autoptr(IcIncident) incident = new_incident (fx, "Checkout 500s", "checkout",
                                                 IC_SEVERITY_SEV1);

  ic_incident_view_set_incident (fx->view, incident);
  g_assert_null (ic_test_find_descendant (GTK_WIDGET (fx->view), IC_TYPE_TIMELINE_PAGE));
  ic_incident_view_focus_note (fx->view);
  g_assert_nonnull (ic_test_find_descendant (GTK_WIDGET (fx->view), IC_TYPE_TIMELINE_PAGE));
  g_assert_cmpstr (ic_incident_view_get_step (fx->view), ==, "timeline");
  g_assert_true (GTK_IS_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (fx->window))));
}

/* The Details page too: built the first time it is shown, for the incident
 * shown then, with the keyboard moved into it when it was in the page left
 * (the stack's own move, which needs the page there before it is shown);
 * its rows edit the incident and follow it; the next incident, the same page. */
static void
test_details_built_when_shown (ViewFixture   *fx,
                               gconstpointer  data)
{
  g_autoptr(IcIncident) first = new_incident (fx, "Checkout 500s", "checkout", IC_SEVERITY_SEV1);
  g_autoptr(IcIncident) second = new_incident (fx, "Search slow", "search", IC_SEVERITY_SEV3);
  g_autoptr(GPtrArray) pages = NULL;
  IcDetailsPage *details;
  GtkWidget *focus;

  g_object_set (first, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_incident_view_set_incident (fx->view, first);
  g_assert_true (ic_incident_view_go_to_page (fx->view, "structure"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fx->window)),
                                         GTK_WIDGET (template_child (fx->view,
                                                                     IC_TYPE_INCIDENT_VIEW,
                                                                     "structure_page"))));
  g_assert_null (ic_incident_view_get_details_page (fx->view));
  g_assert_null (ic_test_find_descendant (GTK_WIDGET (fx->view), IC_TYPE_DETAILS_PAGE));

  ic_incident_view_show_page (fx->view, "details");
  details = ic_incident_view_get_details_page (fx->view);
  g_assert_nonnull (details);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (details)));
  focus = gtk_root_get_focus (GTK_ROOT (fx->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, template_child (details, IC_TYPE_DETAILS_PAGE,
                                                                "title_row")));

  /* Its rows show the incident, edit it and follow it. */
  g_assert_cmpstr (gtk_editable_get_text (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                          "service_row")), ==, "checkout");
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                                "severity_row")), ==, 0);
  gtk_editable_set_text (template_child (details, IC_TYPE_DETAILS_PAGE, "service_row"),
                         "checkout-east");
  g_assert_cmpstr (ic_incident_get_service (first), ==, "checkout-east");
  adw_combo_row_set_selected (template_child (details, IC_TYPE_DETAILS_PAGE, "status_row"),
                              IC_INCIDENT_STATUS_MITIGATING);
  g_assert_cmpint (ic_incident_get_status (first), ==, IC_INCIDENT_STATUS_MITIGATING);
  ic_incident_set_severity (first, IC_SEVERITY_SEV2);
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                                "severity_row")), ==, 1);

  /* Another incident: the same page, showing it. */
  ic_incident_view_set_incident (fx->view, second);
  ic_incident_view_show_page (fx->view, "details");
  pages = ic_test_find_all (GTK_WIDGET (fx->view), IC_TYPE_DETAILS_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_true (g_ptr_array_index (pages, 0) == (gpointer) details);
  g_assert_cmpstr (gtk_editable_get_text (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                          "title_row")), ==, "Search slow");
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (details, IC_TYPE_DETAILS_PAGE,
                                                                "severity_row")), ==, 2);
  g_assert_cmpstr (ic_incident_get_service (first), ==, "checkout-east");
}

/* The postmortem page is built the first time it is shown, for the
 * incident shown then, and follows the next one: nothing of it (nor of
 * GtkSourceView) is made for an incident whose postmortem nobody opens. */
static void
test_postmortem_built_when_shown (ViewFixture   *fx,
                                  gconstpointer  data)
{
  g_autoptr(IcIncident) first = new_incident (fx, "Checkout 500s", "checkout", IC_SEVERITY_SEV1);
  g_autoptr(IcIncident) second = new_incident (fx, "Search slow", "search", IC_SEVERITY_SEV3);
  g_autoptr(GPtrArray) pages = NULL;
  GtkWidget *page;

  ic_incident_view_set_incident (fx->view, first);
  ic_incident_view_show_page (fx->view, "structure");
  g_assert_null (ic_test_find_descendant (GTK_WIDGET (fx->view), IC_TYPE_POSTMORTEM_PAGE));

  ic_incident_view_show_page (fx->view, "postmortem");
  page = ic_test_find_descendant (GTK_WIDGET (fx->view), IC_TYPE_POSTMORTEM_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_is_visible (page));
  g_assert_true (ic_postmortem_page_get_incident (IC_POSTMORTEM_PAGE (page)) == first);

  /* Another incident: the same page, not a second one. */
  ic_incident_view_set_incident (fx->view, second);
  ic_incident_view_show_page (fx->view, "postmortem");
  pages = ic_test_find_all (GTK_WIDGET (fx->view), IC_TYPE_POSTMORTEM_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_true (pages->pdata[0] == page);
  g_assert_true (ic_postmortem_page_get_incident (IC_POSTMORTEM_PAGE (page)) == second);
}

/* GtkSourceView is not linked into the program: it comes with the module
 * that highlights the postmortem's Markdown, opened when the page is first
 * shown, not by a start that never shows it. In a process of its own, so
 * that no other test has shown the page first. */
static void
test_markdown_module_with_postmortem (ViewFixture   *fx,
                                      gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(IcIncident) incident = new_incident (fx, "Checkout 500s", "checkout",
                                                     IC_SEVERITY_SEV1);

      ic_incident_view_set_incident (fx->view, incident);
      ic_incident_view_show_page (fx->view, "structure");
      ic_incident_view_show_page (fx->view, "timeline");
      g_assert_false (ic_test_library_mapped ("libgtksourceview-5"));
      g_assert_false (ic_test_library_mapped ("libic-markdown-view.so"));

      ic_incident_view_show_page (fx->view, "postmortem");
      g_assert_true (ic_test_library_mapped ("libic-markdown-view.so"));
      g_assert_true (ic_test_library_mapped ("libgtksourceview-5"));
      g_assert_true (ic_markdown_view_is_highlighted ());
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* /ic/incident-view/steps-filled-after-pause ------------------------------ */

typedef struct
{
  IcStructurePage *structure;
  IcIncident      *incident;
} StructureWait;

static gboolean
structure_has (gpointer data)
{
  StructureWait *wait = data;

  return ic_structure_page_get_incident (wait->structure) == wait->incident;
}

/* A new incident opens on the breathing pause: the structure step and the
 * decision tree beneath it take the incident once the pause's first frame
 * is drawn, not while the key that made it is handled; whatever ends the
 * pause or needs them first (a page shown, the change sources read again)
 * gives it to them at once. */
static void
test_steps_filled_after_pause (ViewFixture   *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) second = NULL;
  g_autoptr(IcIncident) third = NULL;
  IcStructurePage *structure = template_child (fx->view, IC_TYPE_INCIDENT_VIEW, "structure_page");
  IcDecisionTree *tree = template_child (fx->view, IC_TYPE_INCIDENT_VIEW, "decision_tree");
  StructureWait wait = { structure, NULL };

  first = ic_store_create_incident (fx->store.store, "Checkout 500s", NULL, IC_SEVERITY_SEV1,
                                    IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_incident_view_set_incident (fx->view, first);
  g_assert_cmpstr (ic_incident_view_get_step (fx->view), ==, "breathe");
  g_assert_null (ic_structure_page_get_incident (structure));
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 0);
  wait.incident = first;
  wait_for (structure_has, &wait, "the structure step to take the incident beneath the pause");
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 1);
  g_assert_cmpstr (ic_incident_view_get_step (fx->view), ==, "breathe");

  /* The pause ended before that frame: the steps take it then. */
  second = ic_store_create_incident (fx->store.store, "Login slow", NULL, IC_SEVERITY_SEV2,
                                     IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_incident_view_set_incident (fx->view, second);
  g_assert_true (ic_structure_page_get_incident (structure) == first);
  g_assert_true (ic_incident_view_go_to_page (fx->view, "structure"));
  g_assert_true (ic_structure_page_get_incident (structure) == second);

  /* Its change sources read again during the pause: this incident's. */
  third = ic_store_create_incident (fx->store.store, "Search empty", NULL, IC_SEVERITY_SEV3,
                                    IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_incident_view_set_incident (fx->view, third);
  g_assert_cmpstr (ic_incident_view_get_step (fx->view), ==, "breathe");
  ic_incident_view_refresh_changes (fx->view);
  g_assert_true (ic_structure_page_get_incident (structure) == third);

  /* No incident: at once. */
  ic_incident_view_set_incident (fx->view, NULL);
  g_assert_null (ic_structure_page_get_incident (structure));
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, ViewFixture, NULL, view_setup, fn, view_teardown)
  ADD ("/ic/incident-view/elapsed-clock", test_elapsed_clock);
  ADD ("/ic/incident-view/status-update", test_status_update);
  ADD ("/ic/incident-view/irreversible-action", test_irreversible_action);
  ADD ("/ic/incident-view/response-times", test_response_times);
  ADD ("/ic/incident-view/rollback-expiry", test_rollback_expiry);
  ADD ("/ic/incident-view/postmortem-built-when-shown", test_postmortem_built_when_shown);
  ADD ("/ic/incident-view/markdown-module-with-postmortem", test_markdown_module_with_postmortem);
  ADD ("/ic/incident-view/timeline-built-when-shown", test_timeline_built_when_shown);
  ADD ("/ic/incident-view/details-built-when-shown", test_details_built_when_shown);
  ADD ("/ic/incident-view/steps-filled-after-pause", test_steps_filled_after_pause);
#undef ADD
  return g_test_run ();
}
