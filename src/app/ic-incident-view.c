/* ic-incident-view.c — one incident: header, steps, pages, decision tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-breathe-page.h"
#include "ic-decision-tree.h"
#include "ic-details-page.h"
#include "ic-drill-debrief-dialog.h"
#include "ic-drill-player.h"
#include "ic-hypothesis-board.h"
#include "ic-postmortem-page.h"
#include "ic-probe-dashboard.h"
#include "ic-rollback-chip.h"
#include "ic-status-composer.h"
#include "ic-status-update.h"
#include "ic-incident-row.h"
#include "ic-incident-view.h"
#include "ic-steps-box.h"
#include "ic-structure-page.h"
#include "ic-time-input.h"
#include "ic-timeline-page.h"
#include "ic-wrap-layout.h"

#define ELAPSED_REFRESH_MS 1000

struct _IcIncidentView
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore         *store;
  IcSettings      *settings;
  IcIncident      *incident;
  GSignalGroup    *incident_signals;
  IcDrillPlayer   *drill_player;   /* nullable: for a drill's incident */
  char            *elapsed_text;
  guint            tick_id;
  gulong           advanced_id;

  guint            steps_tick_id;   /* the pause's first frame, to wait for */
  guint            steps_idle_id;   /* the steps shown and measured after it */

  /* Template widgets */
  IcBreathePage   *breathe_page;
  GtkWidget       *main_box;        /* the steps: header, pages, decision tree */
  GtkLabel        *title_label;
  GtkLabel        *severity_label;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkLabel        *service_label;
  GtkLabel        *elapsed_label;
  GtkLabel        *elapsed_caption;
  AdwViewStack    *stack;
  IcStructurePage *structure_page;
  AdwBin          *timeline_bin;
  IcTimelinePage  *timeline_page;     /* (nullable): built when first shown */
  AdwBin           *postmortem_bin;
  IcPostmortemPage *postmortem_page;  /* (nullable): built when first shown */
  AdwBin          *details_bin;
  IcDetailsPage   *details_page;      /* (nullable): built when first shown */
  IcHypothesisBoard *hypothesis_board;
  IcProbeDashboard *probe_dashboard;
  IcRollbackChip  *rollback_chip;
  IcRollbackTimer *rollback_timer;
  GtkWindow       *rollback_dialog;
  GtkWidget       *reminder_button;
  GtkWidget       *update_button;
  IcStatusComposer *status_composer;  /* built the first time it pops up */
  guint            reminder_id;
  IcDecisionTree  *decision_tree;
  GtkWindow       *evidence_dialog;
  char            *evidence_text;   /* the action the evidence dialog asks about */
  GtkWidget       *drill_banner;
  GtkLabel        *drill_label;
  GtkButton       *drill_pause_button;
  GtkWidget       *drill_debrief_button;
  gboolean         drill_ended;     /* as last shown: its end opens the debrief */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_INCIDENT,
  PROP_ELAPSED_TEXT,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcIncidentView, ic_incident_view, GTK_TYPE_WIDGET)

static IcClock *
get_clock (IcIncidentView *self)
{
  return ic_store_get_clock (self->store);
}

static void
update_elapsed (IcIncidentView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *since = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *a11y = NULL;
  gint64 now, alert;

  if (self->incident == NULL || self->store == NULL)
    return;
  now = ic_clock_get_now (get_clock (self));
  alert = ic_incident_get_alert_time (self->incident);
  text = ic_format_elapsed (now - alert);
  since = ic_time_format_local (alert, now, NULL);
  /* Translators: under the elapsed clock: "since the alert at 07:58:12" */
  caption = g_strdup_printf (_("since the alert at %s"), since);
  gtk_label_set_label (self->elapsed_label, text);
  gtk_label_set_label (self->elapsed_caption, caption);
  a11y = g_strdup_printf (_("Elapsed %s %s"), text, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->elapsed_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  if (g_strcmp0 (text, self->elapsed_text) != 0)
    {
      g_free (self->elapsed_text);
      self->elapsed_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_TEXT]);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_elapsed (IC_INCIDENT_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
clock_advanced_cb (IcIncidentView *self)
{
  update_elapsed (self);
}

/* The severity badge's colour class, changed only when the severity is:
 * taking a class off and putting it back restyles the badge. */
static void
set_severity_class (GtkWidget  *label,
                    IcSeverity  severity)
{
  static const char * const sev_classes[] = { "sev1", "sev2", "sev3", "sev4" };

  for (guint i = 0; i < G_N_ELEMENTS (sev_classes); i++)
    if (i != (guint) severity - 1)
      gtk_widget_remove_css_class (label, sev_classes[i]);
  gtk_widget_add_css_class (label, sev_classes[severity - 1]);
}

static void
update_title_widgets (IcIncidentView *self)
{
  gtk_label_set_label (self->title_label, ic_incident_get_title (self->incident));
}

static void
update_header (IcIncidentView *self)
{
  IcSeverity severity;
  IcIncidentStatus status;

  if (self->incident == NULL)
    return;
  severity = ic_incident_get_severity (self->incident);
  status = ic_incident_get_status (self->incident);
  update_title_widgets (self);
  set_severity_class (GTK_WIDGET (self->severity_label), severity);
  gtk_label_set_label (self->severity_label, ic_severity_get_label (severity));
  gtk_image_set_from_icon_name (self->status_icon, ic_incident_status_get_icon_name (status));
  gtk_label_set_label (self->status_label, ic_incident_status_get_label (status));
  gtk_label_set_label (self->service_label, ic_incident_get_service (self->incident));
  update_elapsed (self);
}

/* Each keystroke in a title sets the title: that changes the title and
 * nothing else here (no badge, no clock). The Details page follows the
 * incident itself. */
static void
incident_notify_cb (IcIncidentView *self,
                    GParamSpec     *pspec)
{
  if (self->incident == NULL)
    return;
  if (g_str_equal (pspec->name, "title"))
    {
      update_title_widgets (self);
      return;
    }
  update_header (self);
}

/* The probe page reminds of the rule of three until it is met. */
static void
board_ready_cb (IcIncidentView *self)
{
  ic_probe_dashboard_set_hypotheses_ready (
    self->probe_dashboard, ic_hypothesis_board_get_ready (self->hypothesis_board));
}

/* The timeline page, built the first time it is shown: its list is the
 * store's, kept whether or not anyone looks. */
static IcTimelinePage *
ensure_timeline_page (IcIncidentView *self)
{
  if (self->timeline_page == NULL && self->store != NULL)
    {
      self->timeline_page = g_object_new (IC_TYPE_TIMELINE_PAGE, "store", self->store, NULL);
      adw_bin_set_child (self->timeline_bin, GTK_WIDGET (self->timeline_page));
      ic_timeline_page_set_incident (self->timeline_page, self->incident);
    }
  return self->timeline_page;
}

/* The postmortem page, built the first time it is shown (GtkSourceView
 * loads its languages and styles with it). */
static void
ensure_postmortem_page (IcIncidentView *self)
{
  if (self->postmortem_page != NULL || self->store == NULL)
    return;
  self->postmortem_page = g_object_new (IC_TYPE_POSTMORTEM_PAGE, "store", self->store, NULL);
  adw_bin_set_child (self->postmortem_bin, GTK_WIDGET (self->postmortem_page));
  ic_postmortem_page_set_incident (self->postmortem_page, self->incident);
}

static gboolean record_action (IcIncidentView *self,
                               const char     *text,
                               gboolean        reversible,
                               const char     *evidence);

static void
details_action_entered_cb (IcIncidentView *self,
                           const char     *text,
                           gboolean        reversible)
{
  record_action (self, text, reversible, NULL);
}

/* The Details page, built the first time it is shown: its entry and combo
 * rows are a fifth of the view's widgets, and most incidents are handled
 * without it. */
static void
ensure_details_page (IcIncidentView *self)
{
  if (self->details_page != NULL || self->store == NULL)
    return;
  self->details_page = IC_DETAILS_PAGE (ic_details_page_new (self->store));
  g_signal_connect_object (self->details_page, "action-entered",
                           G_CALLBACK (details_action_entered_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->details_bin, GTK_WIDGET (self->details_page));
  ic_details_page_set_incident (self->details_page, self->incident);
}

/* Builds page @name if it is one built the first time it is shown. */
static void
ensure_page (IcIncidentView *self,
             const char     *name)
{
  if (g_strcmp0 (name, "postmortem") == 0)
    ensure_postmortem_page (self);
  else if (g_strcmp0 (name, "timeline") == 0)
    ensure_timeline_page (self);
  else if (g_strcmp0 (name, "details") == 0)
    ensure_details_page (self);
}

static void
step_changed_cb (IcIncidentView *self)
{
  const char *step = ic_incident_view_get_step (self);

  /* Shown by the view switcher: built as it is shown. */
  ensure_page (self, step);

  /* Leaving the structure step without finishing it still starts the
   * two-minute rule: the clock runs whether the facts are written or not. */
  if (self->rollback_timer != NULL && step != NULL && !g_str_equal (step, "breathe")
      && !g_str_equal (step, "structure"))
    ic_rollback_timer_start (self->rollback_timer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* The response times: the time to the first hypothesis is read again
 * each time a page is shown (it is no property of the incident to follow). */
static void
refresh_metrics (IcIncidentView *self)
{
  if (self->details_page != NULL)
    ic_details_page_refresh_metrics (self->details_page);
}

/* Actions ------------------------------------------------------------------ */

/* A question on the window with one text entry (object data "entry");
 * Enter in the entry chooses the default response. */
static GtkWidget *
question_new (IcIncidentView *self,
              const char     *heading,
              const char     *body,
              const char     *placeholder,
              const char     *label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  return dialog;
}

static void
evidence_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      IcIncidentView   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_steal_pointer (&self->evidence_text);

  /* This dialog closes after the response; an empty answer asks anew. */
  if (self->evidence_dialog == GTK_WINDOW (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->evidence_dialog);
      self->evidence_dialog = NULL;
    }
  if (g_str_equal (response, "record"))
    record_action (self, text, FALSE, gtk_editable_get_text (entry));
}

/* An irreversible action while nothing is confirmed: ask for the evidence
 * first, and record the answer with the action. */
static void
ask_evidence (IcIncidentView *self,
              const char     *text,
              const char     *problem)
{
  GtkWidget *dialog;

  if (self->evidence_dialog != NULL)
    {
      /* Asked again (an empty answer): the same question, still open. */
      g_free (self->evidence_text);
      self->evidence_text = g_strdup (text);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->evidence_dialog), problem);
      gtk_window_present (self->evidence_dialog);
      return;
    }
  dialog = question_new (self, _("Do You Have Evidence?"), problem,
                         _("The evidence, e.g. pool_in_use 200/200"),
                         _("Evidence for this action"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "record", _("_Record Action"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  g_free (self->evidence_text);
  self->evidence_text = g_strdup (text);
  g_signal_connect_object (dialog, "response", G_CALLBACK (evidence_response_cb), self, 0);
  self->evidence_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->evidence_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
record_action (IcIncidentView *self,
               const char     *text,
               gboolean        reversible,
               const char     *evidence)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->incident == NULL)
    return FALSE;
  /* Done unless the Details page's form says planned. */
  if (ic_store_add_action (self->store, self->incident, text, reversible,
                           self->details_page == NULL
                             || ic_details_page_get_done (self->details_page),
                           evidence, &error) == 0)
    {
      if (ic_store_action_needs_evidence (self->store, self->incident, reversible))
        ask_evidence (self, text, error->message);
      else if (self->details_page != NULL)
        ic_details_page_set_action_error (self->details_page, error->message);
      return FALSE;
    }
  if (self->details_page != NULL)
    ic_details_page_action_recorded (self->details_page);
  return TRUE;
}

/* incident.record-action (text, reversible, evidence): as the form does. */
static void
record_action_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  const char *text, *evidence;
  gboolean reversible;

  g_variant_get (parameter, "(&sb&s)", &text, &reversible, &evidence);
  record_action (IC_INCIDENT_VIEW (widget), text, reversible, evidence);
}

static void rollback_dialog_response_cb (AdwMessageDialog *dialog,
                                         const char       *response,
                                         IcIncidentView   *self);

/* The question when the two minutes are up. */
static void
ask_rollback (IcIncidentView *self)
{
  IcChange *candidate = ic_store_get_rollback_candidate (self->store, self->incident);
  g_autofree char *length = ic_format_elapsed (ic_rollback_timer_get_length (
                                                 self->rollback_timer));
  g_autofree char *heading = g_strdup_printf (_("No Clear Hypothesis After %s"), length);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->rollback_dialog != NULL)
    {
      gtk_window_present (self->rollback_dialog);
      return;
    }
  body = candidate != NULL
           ? g_strdup_printf (_("Roll back %s? A rollback is reversible; a speculative fix is "
                                "not."), ic_change_get_description (candidate))
           : g_strdup (_("What was the most recent change? Roll it back: a rollback is "
                         "reversible; a speculative fix is not."));
  dialog = question_new (self, heading, body,
                         candidate != NULL
                           ? _("Why keep debugging? (needed to keep debugging)")
                           : _("The most recent change, e.g. deploy v1.2.3"),
                         candidate != NULL ? _("Reason to keep debugging")
                                           : _("Most recent change"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Debugging"),
                                    "extend", _("_Extend 1 Minute"), "rollback", _("_Roll Back"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rollback",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rollback");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "extend");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rollback_dialog_response_cb), self, 0);
  self->rollback_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->rollback_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rollback_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             IcIncidentView   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->rollback_timer == NULL)
    return;
  if (g_str_equal (response, "rollback"))
    {
      if (ic_store_get_rollback_candidate (self->store, self->incident) == NULL && *text != '\0')
        {
          g_autoptr(IcChange) change = ic_store_add_change (
            self->store, self->incident, IC_CHANGE_KIND_OTHER, text,
            ic_clock_get_now (get_clock (self)), TRUE, &error);
          ok = change != NULL;
        }
      ok = ok && ic_rollback_timer_decide (self->rollback_timer, IC_ROLLBACK_DECISION_ROLL_BACK,
                                           NULL, &error);
    }
  else if (g_str_equal (response, "keep"))
    ok = ic_rollback_timer_decide (self->rollback_timer, IC_ROLLBACK_DECISION_KEEP_DEBUGGING,
                                   text, &error);
  else
    ok = ic_rollback_timer_decide (self->rollback_timer, IC_ROLLBACK_DECISION_EXTEND, NULL,
                                   &error);
  if (!ok)
    {
      /* The question stays open: ask again, saying what was missing. */
      g_autofree char *heading = g_strdup (adw_message_dialog_get_heading (dialog));
      self->rollback_dialog = NULL;
      ask_rollback (self);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->rollback_dialog), error->message);
      (void) heading;
    }
}

static void
rollback_expired_cb (IcIncidentView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  if (app != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Two minutes are up"));
      g_autofree char *id = g_strdup_printf ("rollback-%" G_GINT64_FORMAT,
                                             ic_incident_get_id (self->incident));

      /* Also when the window is hidden: the desktop shows it. */
      g_notification_set_body (notification, _("No clear hypothesis yet: decide whether to roll "
                                               "back the most recent change."));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      g_application_send_notification (G_APPLICATION (app), id, notification);
    }
  ask_rollback (self);
}

/* Status update reminders ----------------------------------------------- */

static void schedule_reminder (IcIncidentView *self);
static void show_main         (IcIncidentView *self,
                               const char     *page);

static gboolean
reminder_due_cb (gpointer user_data)
{
  IcIncidentView *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  self->reminder_id = 0;
  gtk_widget_set_visible (self->reminder_button, TRUE);
  if (app != NULL && self->incident != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Time for a status update"));
      g_autofree char *id = g_strdup_printf ("update-%" G_GINT64_FORMAT,
                                             ic_incident_get_id (self->incident));

      g_notification_set_body (notification, ic_incident_get_title (self->incident));
      g_application_send_notification (G_APPLICATION (app), id, notification);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_reminder (IcIncidentView *self)
{
  gint64 next;

  if (self->reminder_id != 0 && self->store != NULL)
    ic_clock_remove_deadline (get_clock (self), self->reminder_id);
  self->reminder_id = 0;
  gtk_widget_set_visible (self->reminder_button, FALSE);
  if (self->incident == NULL || self->store == NULL
      || ic_incident_get_status (self->incident) == IC_INCIDENT_STATUS_RESOLVED)
    return;
  next = ic_store_get_next_update_at (self->store, self->incident);
  if (next != 0)
    self->reminder_id = ic_clock_add_deadline (get_clock (self), next, reminder_due_cb, self);
}

static void
update_posted_cb (IcIncidentView *self,
                  const char     *line)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self->status_composer),
                                                GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  schedule_reminder (self);
}

/* The status update button's popover, the first time it pops up: a start
 * needs none of its 59 widgets (about half a MiB of a start's memory). */
static void
create_composer (GtkMenuButton *button,
                 gpointer       user_data)
{
  IcIncidentView *self = user_data;
  GtkWidget *popover;

  if (self->status_composer != NULL)
    return;
  self->status_composer = IC_STATUS_COMPOSER (ic_status_composer_new ());
  g_signal_connect_object (self->status_composer, "posted", G_CALLBACK (update_posted_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->store != NULL)
    ic_status_composer_set_incident (self->status_composer, self->store, self->incident);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->status_composer));
  gtk_menu_button_set_popover (button, popover);
}

static void
snooze_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  if (!ic_store_snooze_update (self->store, self->incident, g_variant_get_int32 (parameter),
                               &error))
    g_debug ("Could not snooze: %s", error->message);
  schedule_reminder (self);
}

static void
compose_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (widget);

  show_main (self, NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->update_button));
  if (self->status_composer != NULL)
    ic_status_composer_focus (self->status_composer);
}

static void
set_rollback_timer (IcIncidentView *self,
                    IcIncident     *incident)
{
  guint seconds = self->settings ? ic_settings_get_rollback_seconds (self->settings) : 120;

  if (self->rollback_timer != NULL)
    g_signal_handlers_disconnect_by_data (self->rollback_timer, self);
  g_clear_object (&self->rollback_timer);
  if (self->rollback_dialog != NULL)
    gtk_window_destroy (self->rollback_dialog);
  if (incident != NULL && self->store != NULL)
    {
      self->rollback_timer = ic_rollback_timer_new (self->store, incident,
                                                    (gint64) seconds * G_USEC_PER_SEC);
      g_signal_connect_object (self->rollback_timer, "expired", G_CALLBACK (rollback_expired_cb),
                               self, G_CONNECT_SWAPPED);
    }
  ic_rollback_chip_set_timer (self->rollback_chip, self->rollback_timer,
                              self->store ? get_clock (self) : NULL);
}

/* Drills ------------------------------------------------------------------ */

static void
update_drill_banner (IcIncidentView *self)
{
  IcDrillPlayer *player = self->drill_player;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->drill_banner, player != NULL);
  if (player == NULL)
    return;
  gtk_widget_set_visible (self->drill_debrief_button, ic_drill_player_get_ended (player));
  gtk_widget_set_visible (GTK_WIDGET (self->drill_pause_button),
                          !ic_drill_player_get_ended (player));
  if (ic_drill_player_get_ended (player))
    /* Translators: the banner of a drill that is over; %s is the scenario's title */
    text = g_strdup_printf (_("Drill — %s. It is over."), ic_drill_player_get_title (player));
  else if (ic_drill_player_get_paused (player))
    /* Translators: %s is the scenario's title */
    text = g_strdup_printf (_("Drill — %s. Paused: its clock stands still."),
                            ic_drill_player_get_title (player));
  else
    /* Translators: %s is the scenario's title */
    text = g_strdup_printf (_("Drill — %s. Nothing here reaches a real system."),
                            ic_drill_player_get_title (player));
  gtk_label_set_label (self->drill_label, text);
  gtk_button_set_label (self->drill_pause_button, ic_drill_player_get_paused (player)
                                                    ? _("_Resume") : _("_Pause"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drill.pause",
                                 !ic_drill_player_get_ended (player));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drill.abandon",
                                 !ic_drill_player_get_ended (player));
}

/* Shows how the drill went, over the window. */
static void
show_debrief (IcIncidentView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  IcDrillDebriefDialog *dialog;

  if (self->incident == NULL || self->store == NULL)
    return;
  dialog = ic_drill_debrief_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->store, ic_incident_get_id (self->incident), &error);
  if (dialog == NULL)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot show the debrief: %s"),
                                                  error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
drill_debrief_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  show_debrief (IC_INCIDENT_VIEW (widget));
}

/* The drill paused, resumed, fixed or ended; at its end, the debrief. */
static void
drill_changed_cb (IcIncidentView *self)
{
  gboolean ended = ic_drill_player_get_ended (self->drill_player);

  update_drill_banner (self);
  if (ended && !self->drill_ended)
    show_debrief (self);
  self->drill_ended = ended;
}

static void
drill_message_cb (IcIncidentView *self,
                  const char     *from,
                  const char     *text)
{
  /* Translators: a drill's scripted message, "Engineering manager: What's happening?" */
  g_autofree char *toast = g_strdup_printf (_("%s: %s"), from, text);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", toast);
}

static void
set_drill_player (IcIncidentView *self,
                  IcIncident     *incident)
{
  g_autoptr(GError) error = NULL;

  if (self->drill_player != NULL)
    g_signal_handlers_disconnect_by_data (self->drill_player, self);
  g_clear_object (&self->drill_player);
  if (incident != NULL && self->store != NULL && ic_incident_get_drill (incident))
    {
      self->drill_player = ic_drill_player_new (self->store, incident, &error);
      if (self->drill_player == NULL)
        {
          /* Translators: %s says why */
          g_autofree char *message = g_strdup_printf (_("This drill cannot be played: %s"),
                                                      error->message);

          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
        }
      else
        {
          g_signal_connect_object (self->drill_player, "message", G_CALLBACK (drill_message_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (self->drill_player, "changed",
                                   G_CALLBACK (drill_changed_cb), self, G_CONNECT_SWAPPED);
          self->drill_ended = ic_drill_player_get_ended (self->drill_player);
        }
    }
  update_drill_banner (self);
}

static void
drill_pause_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->drill_player != NULL
      && !ic_drill_player_set_paused (self->drill_player,
                                      !ic_drill_player_get_paused (self->drill_player), &error))
    gtk_widget_activate_action (widget, "win.toast", "s", error->message);
}

static void
drill_abandon_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->drill_player != NULL && !ic_drill_player_abandon (self->drill_player, &error))
    gtk_widget_activate_action (widget, "win.toast", "s", error->message);
}

/**
 * ic_incident_view_toggle_drill_pause:
 *
 * Pauses the shown drill, or resumes it; nothing for a real incident.
 */
void
ic_incident_view_toggle_drill_pause (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));
  drill_pause_action (GTK_WIDGET (self), "drill.pause", NULL);
}

/**
 * ic_incident_view_get_drill_player:
 *
 * Returns: (transfer none) (nullable): what plays the shown drill
 */
IcDrillPlayer *
ic_incident_view_get_drill_player (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->drill_player;
}

/* The structure step and the decision tree take the incident. When a new
 * incident opens on the breathing pause, they are hidden beneath it: they
 * take it in the idle after the pause's first frame (or when the pause
 * ends, if that comes first), so Ctrl+N's frame does not read its checks,
 * start reading its change sources and fill their rows. */
static void
fill_steps (IcIncidentView *self)
{
  /* The two take it together: the structure step tells whether they have. */
  if (ic_structure_page_get_incident (self->structure_page) == self->incident)
    return;
  ic_structure_page_set_incident (self->structure_page, self->incident);
  ic_decision_tree_set_incident (self->decision_tree, self->incident);
}

/* The breathing pause lies over the steps (ui/ic-incident-view.ui). While
 * it lasts, the steps are laid out beneath it, but out of reach and not
 * drawn (ic-steps-box.c: no focus, no pointer, none of their mnemonics,
 * hidden from assistive technologies, in a state Escape need not restyle).
 * When it ends they need only be drawn: Escape's frame no longer lays out
 * the header, the structure step and the decision tree for the first time,
 * as a stack showing its other page did (#14). They are shown and
 * measured in an idle once the pause's first frame is drawn, not in that
 * frame, so that Ctrl+N's frame does not pay for them; measuring them there
 * shapes their text at once, in the time the pause is read, rather than in
 * the layout of the next frame (which may be Escape's, when it comes
 * quickly). */
static void
set_steps_reachable (IcIncidentView *self,
                     gboolean        reachable)
{
  ic_steps_box_set_reachable (IC_STEPS_BOX (self->main_box), reachable);
}

static void
stop_laying_out_steps (IcIncidentView *self)
{
  if (self->steps_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->steps_tick_id);
  self->steps_tick_id = 0;
  g_clear_handle_id (&self->steps_idle_id, g_source_remove);
}

static gboolean
lay_out_steps_idle_cb (gpointer user_data)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (user_data);
  GtkWidget *steps = gtk_widget_get_parent (self->main_box);
  int width = gtk_widget_get_width (steps);

  self->steps_idle_id = 0;
  fill_steps (self);
  set_steps_reachable (self, FALSE);
  gtk_widget_set_visible (self->main_box, TRUE);
  /* As the overlay will allocate them: its whole width. */
  if (width > 0)
    gtk_widget_measure (self->main_box, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
lay_out_steps_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *frame_clock,
                       gpointer       user_data)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (widget);

  /* In the pause's first frame, before its layout: the idle runs once
   * the frame is drawn, before anything else (at a lower priority, the
   * pause's animation could keep it waiting, frame after frame). */
  self->steps_tick_id = 0;
  self->steps_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, lay_out_steps_idle_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
is_breathing (IcIncidentView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->breathe_page));
}

static void
show_breathe (IcIncidentView *self)
{
  gboolean was_breathing = is_breathing (self);

  gtk_widget_set_visible (GTK_WIDGET (self->breathe_page), TRUE);
  if (!was_breathing)
    {
      /* Hidden, they are out of reach at once; the idle puts them out
       * of reach beneath the pause before it shows them again. */
      gtk_widget_set_visible (self->main_box, FALSE);
      stop_laying_out_steps (self);
      self->steps_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                          lay_out_steps_tick_cb, NULL, NULL);
      step_changed_cb (self);
    }
}

static void
show_main (IcIncidentView *self,
           const char     *page)
{
  gboolean was_breathing = is_breathing (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean focus_in_pause = was_breathing && focus != NULL
                            && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->breathe_page));

  stop_laying_out_steps (self);
  fill_steps (self);
  gtk_widget_set_visible (self->main_box, TRUE);
  set_steps_reachable (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->breathe_page), FALSE);
  if (was_breathing)
    step_changed_cb (self);
  /* Built before it is shown: the keyboard goes into the steps when it
   * was in the pause, as a stack moves it into the page it shows, and an
   * empty page would leave it nowhere. */
  ensure_page (self, page);
  if (page != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
  if (focus_in_pause)
    gtk_widget_child_focus (self->main_box, GTK_DIR_TAB_FORWARD);
}

static void
breathe_done_cb (IcIncidentView *self)
{
  show_main (self, "structure");
  ic_structure_page_focus_first (self->structure_page);
}

/* After the facts: three hypotheses before any command. */
static void
structure_done_cb (IcIncidentView *self)
{
  if (self->rollback_timer != NULL)
    ic_rollback_timer_start (self->rollback_timer);
  show_main (self, "hypotheses");
  ic_hypothesis_board_focus_new (self->hypothesis_board);
}

static void
show_changes_cb (IcIncidentView *self)
{
  show_main (self, "structure");
}

static void
ic_incident_view_dispose (GObject *object)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  stop_laying_out_steps (self);
  if (self->store != NULL && self->reminder_id != 0)
    ic_clock_remove_deadline (get_clock (self), self->reminder_id);
  self->reminder_id = 0;
  if (self->store != NULL)
    g_clear_signal_handler (&self->advanced_id, get_clock (self));
  if (self->incident_signals != NULL)
    g_signal_group_set_target (self->incident_signals, NULL);
  if (self->rollback_timer != NULL)
    g_signal_handlers_disconnect_by_data (self->rollback_timer, self);
  g_clear_object (&self->rollback_timer);
  if (self->drill_player != NULL)
    g_signal_handlers_disconnect_by_data (self->drill_player, self);
  g_clear_object (&self->drill_player);
  if (self->rollback_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->rollback_dialog),
                                  (gpointer *) &self->rollback_dialog);
  self->rollback_dialog = NULL;
  if (self->evidence_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->evidence_dialog),
                                    (gpointer *) &self->evidence_dialog);
      gtk_window_destroy (self->evidence_dialog);
      self->evidence_dialog = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_INCIDENT_VIEW);
  self->details_page = NULL;   /* the details bin's child, gone with it */
  self->status_composer = NULL;   /* in the update button's popover, gone with it */
  /* A bin: the template's root is our only child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident_signals);
  g_clear_object (&self->incident);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_incident_view_parent_class)->dispose (object);
}

static void
ic_incident_view_finalize (GObject *object)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (object);

  g_clear_pointer (&self->elapsed_text, g_free);
  g_clear_pointer (&self->evidence_text, g_free);

  G_OBJECT_CLASS (ic_incident_view_parent_class)->finalize (object);
}

static void
ic_incident_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    case PROP_ELAPSED_TEXT:
      g_value_set_string (value, self->elapsed_text);
      break;
    case PROP_STEP:
      g_value_set_string (value, ic_incident_view_get_step (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_store (IcIncidentView *self,
           IcStore        *store)
{
  self->store = g_object_ref (store);
  g_object_set (self->breathe_page, "store", store, NULL);
  g_object_set (self->structure_page, "store", store, NULL);
  g_object_set (self->decision_tree, "store", store, NULL);
  g_object_set (self->hypothesis_board, "store", store, NULL);
  g_object_set (self->probe_dashboard, "store", store, NULL);
  self->advanced_id = g_signal_connect_swapped (get_clock (self), "advanced",
                                                G_CALLBACK (clock_advanced_cb), self);
  self->tick_id = g_timeout_add (ELAPSED_REFRESH_MS, tick_cb, self);
}

static void
ic_incident_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IcIncidentView *self = IC_INCIDENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      ic_incident_view_set_incident (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_incident_view_class_init (IcIncidentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_incident_view_dispose;
  object_class->finalize = ic_incident_view_finalize;
  object_class->get_property = ic_incident_view_get_property;
  object_class->set_property = ic_incident_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, IC_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, IC_TYPE_INCIDENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED_TEXT] =
    g_param_spec_string ("elapsed-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * IcIncidentView:step:
   *
   * "breathe" during the pause, else the name of the visible page.
   */
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IC_TYPE_BREATHE_PAGE);
  g_type_ensure (IC_TYPE_STEPS_BOX);
  g_type_ensure (IC_TYPE_STRUCTURE_PAGE);
  g_type_ensure (IC_TYPE_TIMELINE_PAGE);
  g_type_ensure (IC_TYPE_DECISION_TREE);
  g_type_ensure (IC_TYPE_HYPOTHESIS_BOARD);
  g_type_ensure (IC_TYPE_PROBE_DASHBOARD);
  g_type_ensure (IC_TYPE_POSTMORTEM_PAGE);
  g_type_ensure (IC_TYPE_ROLLBACK_CHIP);
  g_type_ensure (IC_TYPE_STATUS_COMPOSER);
  g_type_ensure (IC_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-incident-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcIncidentView, name)
  BIND (main_box);
  BIND (drill_banner);
  BIND (drill_label);
  BIND (drill_pause_button);
  BIND (drill_debrief_button);
  BIND (breathe_page);
  BIND (title_label);
  BIND (severity_label);
  BIND (status_icon);
  BIND (status_label);
  BIND (service_label);
  BIND (elapsed_label);
  BIND (elapsed_caption);
  BIND (stack);
  BIND (structure_page);
  BIND (timeline_bin);
  BIND (postmortem_bin);
  BIND (details_bin);
  BIND (hypothesis_board);
  BIND (probe_dashboard);
  BIND (rollback_chip);
  BIND (reminder_button);
  BIND (update_button);
  BIND (decision_tree);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, breathe_done_cb);
  gtk_widget_class_install_action (widget_class, "update.snooze", "i", snooze_action);
  gtk_widget_class_install_action (widget_class, "drill.pause", NULL, drill_pause_action);
  gtk_widget_class_install_action (widget_class, "drill.abandon", NULL, drill_abandon_action);
  gtk_widget_class_install_action (widget_class, "drill.debrief", NULL, drill_debrief_action);
  gtk_widget_class_install_action (widget_class, "update.compose", NULL, compose_action);
  gtk_widget_class_bind_template_callback (widget_class, structure_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_changes_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_metrics);
  gtk_widget_class_install_action (widget_class, "incident.record-action", "(sbs)",
                                   record_action_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ic_incident_view_init (IcIncidentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->update_button), create_composer,
                                         self, NULL);

  g_signal_connect_object (self->hypothesis_board, "notify::ready", G_CALLBACK (board_ready_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (step_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->incident_signals = g_signal_group_new (IC_TYPE_INCIDENT);
  g_signal_group_connect_swapped (self->incident_signals, "notify",
                                  G_CALLBACK (incident_notify_cb), self);
}

GtkWidget *
ic_incident_view_new (IcStore    *store,
                      IcSettings *settings)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_INCIDENT_VIEW, "store", store, "settings", settings, NULL);
}

IcIncident *
ic_incident_view_get_incident (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->incident;
}

/**
 * ic_incident_view_get_evidence_dialog:
 *
 * Returns: (transfer none) (nullable): the open "Do you have evidence?"
 *   question, if any
 */
GtkWindow *
ic_incident_view_get_evidence_dialog (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->evidence_dialog;
}

/**
 * ic_incident_view_set_incident:
 *
 * Shows @incident. One that was never past the pause (a new incident)
 * opens at the breathe step.
 */
void
ic_incident_view_set_incident (IcIncidentView *self,
                               IcIncident     *incident)
{
  int breathe = IC_BREATHE_STATE_PENDING;

  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));

  if (!g_set_object (&self->incident, incident))
    return;
  g_signal_group_set_target (self->incident_signals, incident);
  ic_breathe_page_set_incident (self->breathe_page, incident);
  /* The structure step and the decision tree wait while the pause shows
   * (fill_steps ()). */
  if (self->timeline_page != NULL)
    ic_timeline_page_set_incident (self->timeline_page, incident);
  if (self->postmortem_page != NULL)
    ic_postmortem_page_set_incident (self->postmortem_page, incident);
  ic_hypothesis_board_set_incident (self->hypothesis_board, incident);
  /* Before the probes start: a drill's answer from its scenario. */
  set_drill_player (self, incident);
  ic_probe_dashboard_set_incident (self->probe_dashboard, incident);
  board_ready_cb (self);
  if (self->details_page != NULL)
    ic_details_page_set_incident (self->details_page, incident);
  set_rollback_timer (self, incident);
  if (self->status_composer != NULL)
    ic_status_composer_set_incident (self->status_composer, self->store, incident);
  schedule_reminder (self);
  update_header (self);
  if (incident != NULL)
    {
      g_object_get (incident, "breathe-state", &breathe, NULL);
      if (breathe == IC_BREATHE_STATE_PENDING && ic_incident_get_is_open (incident))
        {
          if (self->settings != NULL)
            ic_breathe_page_set_rhythm (self->breathe_page,
                                        ic_settings_get_breathe_in_seconds (self->settings),
                                        ic_settings_get_breathe_out_seconds (self->settings),
                                        ic_settings_get_breath_count (self->settings));
          show_breathe (self);
          ic_breathe_page_start (self->breathe_page);
        }
      else
        show_main (self, NULL);
    }
  else
    fill_steps (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

/**
 * ic_incident_view_get_status_composer:
 *
 * Returns: (transfer none) (nullable): the status composer, once the
 *   status update button has popped it up
 */
IcStatusComposer *
ic_incident_view_get_status_composer (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->status_composer;
}

/**
 * ic_incident_view_get_details_page:
 *
 * Returns: (transfer none) (nullable): the Details page, once it was shown
 */
IcDetailsPage *
ic_incident_view_get_details_page (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->details_page;
}

AdwViewStack *
ic_incident_view_get_stack (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->stack;
}

/**
 * ic_incident_view_get_elapsed_text:
 *
 * Returns: what the elapsed clock shows, e.g. "2:05"
 */
const char *
ic_incident_view_get_elapsed_text (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->elapsed_text;
}

/**
 * ic_incident_view_get_step:
 *
 * Returns: "breathe" while the pause is shown, else the visible page's name
 */
const char *
ic_incident_view_get_step (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);

  if (is_breathing (self))
    return "breathe";
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
ic_incident_view_show_page (IcIncidentView *self,
                            const char     *name)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));
  show_main (self, name);
}

/* The pages in the order of the view switcher: Alt+1 … Alt+6. */
static const char * const page_names[] = {
  "structure", "hypotheses", "probes", "timeline", "details", "postmortem",
};

/* Puts the keyboard on the first useful control of page @name. */
static void
focus_page (IcIncidentView *self,
            const char     *name)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (self->stack, name);

  if (g_strcmp0 (name, "structure") == 0)
    ic_structure_page_focus_first (self->structure_page);
  else if (g_strcmp0 (name, "hypotheses") == 0)
    ic_hypothesis_board_focus_new (self->hypothesis_board);
  else if (g_strcmp0 (name, "timeline") == 0 && ensure_timeline_page (self) != NULL)
    ic_timeline_page_focus_note (self->timeline_page);
  else if (page != NULL)
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/**
 * ic_incident_view_go_to_page:
 * @name: "structure", "hypotheses", "probes", "timeline", "details" or
 *   "postmortem"
 *
 * Shows page @name, leaving the breathing pause if it was on, and puts
 * the keyboard on the page's first useful control (the structure step's
 * first field, the hypothesis form, the note, the first control of the
 * others). Returns %FALSE for a name that is no page.
 */
gboolean
ic_incident_view_go_to_page (IcIncidentView *self,
                             const char     *name)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), FALSE);

  if (self->incident == NULL || !g_strv_contains (page_names, name))
    return FALSE;
  show_main (self, name);
  focus_page (self, name);
  return TRUE;
}

/**
 * ic_incident_view_focus_step:
 *
 * Puts the keyboard where the incident's current step is: the breathing
 * pause's button while it shows, else the first useful control of the page
 * shown. As Enter on an incident of the sidebar does.
 */
void
ic_incident_view_focus_step (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));

  if (self->incident == NULL)
    return;
  if (is_breathing (self))
    gtk_widget_child_focus (GTK_WIDGET (self->breathe_page), GTK_DIR_TAB_FORWARD);
  else
    focus_page (self, adw_view_stack_get_visible_child_name (self->stack));
}

/**
 * ic_incident_view_refresh_changes:
 *
 * Reads the incident's change sources again; the structure step shows
 * what came and how the read went.
 */
void
ic_incident_view_refresh_changes (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));
  fill_steps (self);
  ic_structure_page_refresh_changes (self->structure_page);
}

/**
 * ic_incident_view_focus_decision_tree:
 *
 * Puts the keyboard on the decision tree's next check, beside any page
 * (leaving the breathing pause if it was on).
 */
void
ic_incident_view_focus_decision_tree (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));

  if (self->incident == NULL)
    return;
  if (is_breathing (self))
    show_main (self, NULL);
  ic_decision_tree_focus_next (self->decision_tree);
}

/**
 * ic_incident_view_cycle_page:
 * @delta: 1 for the next page, -1 for the one before; the last is followed
 *   by the first
 *
 * Goes to the page @delta away from the one shown, as
 * ic_incident_view_go_to_page() does.
 */
void
ic_incident_view_cycle_page (IcIncidentView *self,
                             int             delta)
{
  const char *shown;
  guint n = G_N_ELEMENTS (page_names);
  guint at = 0;

  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));

  shown = adw_view_stack_get_visible_child_name (self->stack);
  while (at < n && g_strcmp0 (page_names[at], shown) != 0)
    at++;
  if (at == n)
    at = 0;
  ic_incident_view_go_to_page (self, page_names[(at + n + (guint) (delta % (int) n)) % n]);
}

void
ic_incident_view_focus_note (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));
  show_main (self, "timeline");
  if (ensure_timeline_page (self) != NULL)
    ic_timeline_page_focus_note (self->timeline_page);
}

/**
 * ic_incident_view_get_rollback_timer:
 *
 * Returns: (transfer none) (nullable): the shown incident's two-minute timer
 */
IcRollbackTimer *
ic_incident_view_get_rollback_timer (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->rollback_timer;
}

/**
 * ic_incident_view_get_rollback_dialog:
 *
 * Returns: (transfer none) (nullable): the rollback question while it is open
 */
GtkWindow *
ic_incident_view_get_rollback_dialog (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), NULL);
  return self->rollback_dialog;
}

/**
 * ic_incident_view_get_reminder_due:
 *
 * Returns: %TRUE while the status-update reminder is showing
 */
gboolean
ic_incident_view_get_reminder_due (IcIncidentView *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_VIEW (self), FALSE);
  return gtk_widget_get_visible (self->reminder_button);
}
