/* ic-details-page.c — an incident's details, response times and actions
 *
 * The title, service, severity and status as rows to edit; the time from
 * the alert to the first hypothesis, to mitigation and to resolution; the
 * actions taken or planned, and a form for the next one. The incident view
 * builds the page the first time it is shown (its rows cost a few MiB an
 * incident handled from the other pages never needs) and records the
 * actions the form enters: it asks for evidence first when one needs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-details-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-clock.h"
#include "ic-details-page.h"
#include "ic-status-update.h"

struct _IcDetailsPage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore      *store;
  IcIncident   *incident;
  GSignalGroup *incident_signals;
  gboolean      updating;   /* the rows follow the incident: not an edit */

  /* Template widgets */
  AdwEntryRow  *title_row;
  AdwEntryRow  *service_row;
  AdwComboRow  *severity_row;
  AdwComboRow  *status_row;
  AdwActionRow *to_hypothesis_row;
  AdwActionRow *to_mitigation_row;
  AdwActionRow *to_resolution_row;
  AdwEntryRow  *action_row;
  GtkSwitch    *reversible_switch;
  GtkSwitch    *done_switch;
  GtkLabel     *actions_label;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  ACTION_ENTERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcDetailsPage, ic_details_page, GTK_TYPE_WIDGET)

static void
set_text_unless_equal (AdwEntryRow *row,
                       const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
update_title_row (IcDetailsPage *self)
{
  self->updating = TRUE;
  set_text_unless_equal (self->title_row, ic_incident_get_title (self->incident));
  self->updating = FALSE;
}

static void
update_rows (IcDetailsPage *self)
{
  update_title_row (self);
  self->updating = TRUE;
  set_text_unless_equal (self->service_row, ic_incident_get_service (self->incident));
  adw_combo_row_set_selected (self->severity_row,
                              (guint) ic_incident_get_severity (self->incident) - 1);
  adw_combo_row_set_selected (self->status_row, (guint) ic_incident_get_status (self->incident));
  self->updating = FALSE;
}

/* Response times ----------------------------------------------------------- */

static void
set_metric (AdwActionRow *row,
            gint64        value)
{
  g_autofree char *text = value >= 0 ? ic_format_elapsed (value) : NULL;

  adw_action_row_set_subtitle (row, text != NULL ? text : _("Not yet"));
}

/**
 * ic_details_page_refresh_metrics:
 *
 * Reads the response times again: the view asks when the page is shown
 * (the first hypothesis is not a property of the incident to follow).
 */
void
ic_details_page_refresh_metrics (IcDetailsPage *self)
{
  IcIncidentMetrics metrics;

  g_return_if_fail (IC_IS_DETAILS_PAGE (self));

  if (self->store == NULL || self->incident == NULL)
    return;
  ic_store_get_metrics (self->store, self->incident, &metrics);
  set_metric (self->to_hypothesis_row, metrics.to_first_hypothesis);
  set_metric (self->to_mitigation_row, metrics.to_mitigation);
  set_metric (self->to_resolution_row, metrics.to_resolution);
}

/* Each keystroke in a title sets the title: that changes the title row and
 * nothing else (no response time). The response times follow the times
 * they are counted from. */
static void
incident_notify_cb (IcDetailsPage *self,
                    GParamSpec    *pspec)
{
  if (self->incident == NULL)
    return;
  if (g_str_equal (pspec->name, "title"))
    {
      update_title_row (self);
      return;
    }
  update_rows (self);
  if (g_str_equal (pspec->name, "alert-time") || g_str_equal (pspec->name, "mitigated-at")
      || g_str_equal (pspec->name, "resolved-at") || g_str_equal (pspec->name, "status"))
    ic_details_page_refresh_metrics (self);
}

/* Edits ------------------------------------------------------------------- */

static void
title_changed_cb (IcDetailsPage *self)
{
  /* A blank row keeps the last title (ic_incident_set_title()). */
  if (!self->updating && self->incident != NULL)
    ic_incident_set_title (self->incident,
                           gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
}

static void
service_changed_cb (IcDetailsPage *self)
{
  if (self->updating || self->incident == NULL)
    return;
  ic_incident_set_service (self->incident,
                           gtk_editable_get_text (GTK_EDITABLE (self->service_row)));
}

static void
severity_selected_cb (IcDetailsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->severity_row);

  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  ic_incident_set_severity (self->incident, (IcSeverity) (selected + 1));
}

static void
status_selected_cb (IcDetailsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  ic_incident_set_status (self->incident, (IcIncidentStatus) selected);
}

/* Actions ------------------------------------------------------------------ */

/**
 * ic_details_page_refresh_actions:
 *
 * Lists the incident's actions again (after one is recorded).
 */
void
ic_details_page_refresh_actions (IcDetailsPage *self)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (IC_IS_DETAILS_PAGE (self));

  if (self->store == NULL || self->incident == NULL)
    return;
  lines = ic_store_list_actions (self->store, self->incident);
  text = g_strjoinv ("\n", lines);
  gtk_label_set_label (self->actions_label, *text ? text : _("No actions recorded yet"));
}

/**
 * ic_details_page_get_done:
 *
 * Returns: whether the form's next action is one already done (else planned)
 */
gboolean
ic_details_page_get_done (IcDetailsPage *self)
{
  g_return_val_if_fail (IC_IS_DETAILS_PAGE (self), TRUE);
  return gtk_switch_get_active (self->done_switch);
}

/**
 * ic_details_page_action_recorded:
 *
 * Empties the form for the next action and lists the actions again.
 */
void
ic_details_page_action_recorded (IcDetailsPage *self)
{
  g_return_if_fail (IC_IS_DETAILS_PAGE (self));

  gtk_widget_remove_css_class (GTK_WIDGET (self->action_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->action_row), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->action_row), "");
  gtk_switch_set_active (self->reversible_switch, TRUE);
  gtk_switch_set_active (self->done_switch, TRUE);
  ic_details_page_refresh_actions (self);
}

/**
 * ic_details_page_set_action_error:
 * @message: why the action was not recorded
 *
 * Marks the action's row, keeping what was typed.
 */
void
ic_details_page_set_action_error (IcDetailsPage *self,
                                  const char    *message)
{
  g_return_if_fail (IC_IS_DETAILS_PAGE (self));

  gtk_widget_add_css_class (GTK_WIDGET (self->action_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->action_row), message);
}

static void
action_apply_cb (IcDetailsPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->action_row)));

  g_signal_emit (self, signals[ACTION_ENTERED], 0, text,
                 gtk_switch_get_active (self->reversible_switch));
}

/* GObject ------------------------------------------------------------------ */

static void
ic_details_page_dispose (GObject *object)
{
  IcDetailsPage *self = IC_DETAILS_PAGE (object);
  GtkWidget *child;

  if (self->incident_signals != NULL)
    g_signal_group_set_target (self->incident_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_DETAILS_PAGE);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident_signals);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_details_page_parent_class)->dispose (object);
}

static void
ic_details_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcDetailsPage *self = IC_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_details_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IcDetailsPage *self = IC_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_details_page_class_init (IcDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_details_page_dispose;
  object_class->get_property = ic_details_page_get_property;
  object_class->set_property = ic_details_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcDetailsPage::action-entered:
   * @text: the action, as typed
   * @reversible: whether it can be undone, like a rollback
   *
   * The form's action, to record (ic_details_page_action_recorded() or
   * ic_details_page_set_action_error() after).
   */
  signals[ACTION_ENTERED] =
    g_signal_new ("action-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-details-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcDetailsPage, name)
  BIND (title_row);
  BIND (service_row);
  BIND (severity_row);
  BIND (status_row);
  BIND (to_hypothesis_row);
  BIND (to_mitigation_row);
  BIND (to_resolution_row);
  BIND (action_row);
  BIND (reversible_switch);
  BIND (done_switch);
  BIND (actions_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_apply_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "details-page");
}

static void
ic_details_page_init (IcDetailsPage *self)
{
  g_autoptr(GtkStringList) severities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  for (IcSeverity s = IC_SEVERITY_SEV1; s <= IC_SEVERITY_SEV4; s++)
    gtk_string_list_append (severities, ic_severity_get_label (s));
  for (IcIncidentStatus s = IC_INCIDENT_STATUS_INVESTIGATING; s <= IC_INCIDENT_STATUS_RESOLVED;
       s++)
    gtk_string_list_append (statuses, ic_incident_status_get_label (s));
  adw_combo_row_set_model (self->severity_row, G_LIST_MODEL (severities));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  self->incident_signals = g_signal_group_new (IC_TYPE_INCIDENT);
  g_signal_group_connect_swapped (self->incident_signals, "notify",
                                  G_CALLBACK (incident_notify_cb), self);
}

GtkWidget *
ic_details_page_new (IcStore *store)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_DETAILS_PAGE, "store", store, NULL);
}

/**
 * ic_details_page_set_incident:
 * @incident: (nullable): the incident to show
 */
void
ic_details_page_set_incident (IcDetailsPage *self,
                              IcIncident    *incident)
{
  g_return_if_fail (IC_IS_DETAILS_PAGE (self));

  if (!g_set_object (&self->incident, incident))
    return;
  g_signal_group_set_target (self->incident_signals, incident);
  if (incident == NULL)
    return;
  update_rows (self);
  ic_details_page_refresh_metrics (self);
  ic_details_page_refresh_actions (self);
}
