/* ic-incident-view.c — one incident: header, steps, pages, decision tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-breathe-page.h"
#include "ic-decision-tree.h"
#include "ic-hypothesis-board.h"
#include "ic-probe-dashboard.h"
#include "ic-incident-row.h"
#include "ic-incident-view.h"
#include "ic-structure-page.h"
#include "ic-time-input.h"
#include "ic-timeline-page.h"

#define ELAPSED_REFRESH_MS 1000

struct _IcIncidentView
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore         *store;
  IcSettings      *settings;
  IcIncident      *incident;
  GSignalGroup    *incident_signals;
  char            *elapsed_text;
  guint            tick_id;
  gulong           advanced_id;
  gboolean         updating;

  /* Template widgets */
  GtkStack        *steps;
  IcBreathePage   *breathe_page;
  GtkLabel        *title_label;
  GtkLabel        *severity_label;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkLabel        *service_label;
  GtkLabel        *elapsed_label;
  GtkLabel        *elapsed_caption;
  AdwViewStack    *stack;
  IcStructurePage *structure_page;
  IcTimelinePage  *timeline_page;
  IcHypothesisBoard *hypothesis_board;
  IcProbeDashboard *probe_dashboard;
  IcDecisionTree  *decision_tree;
  AdwEntryRow     *title_row;
  AdwEntryRow     *service_row;
  AdwComboRow     *severity_row;
  AdwComboRow     *status_row;
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

static void
update_header (IcIncidentView *self)
{
  static const char * const sev_classes[] = { "sev1", "sev2", "sev3", "sev4" };
  IcSeverity severity;
  IcIncidentStatus status;

  if (self->incident == NULL)
    return;
  severity = ic_incident_get_severity (self->incident);
  status = ic_incident_get_status (self->incident);
  gtk_label_set_label (self->title_label, ic_incident_get_title (self->incident));
  for (guint i = 0; i < G_N_ELEMENTS (sev_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), sev_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), sev_classes[severity - 1]);
  gtk_label_set_label (self->severity_label, ic_severity_get_label (severity));
  gtk_image_set_from_icon_name (self->status_icon, ic_incident_status_get_icon_name (status));
  gtk_label_set_label (self->status_label, ic_incident_status_get_label (status));
  gtk_label_set_label (self->service_label, ic_incident_get_service (self->incident));

  self->updating = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                 ic_incident_get_title (self->incident)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), ic_incident_get_title (self->incident));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->service_row)),
                 ic_incident_get_service (self->incident)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->service_row),
                           ic_incident_get_service (self->incident));
  adw_combo_row_set_selected (self->severity_row, (guint) severity - 1);
  adw_combo_row_set_selected (self->status_row, (guint) status);
  self->updating = FALSE;
  update_elapsed (self);
}

static void
incident_notify_cb (IcIncidentView *self)
{
  update_header (self);
}

static void
title_changed_cb (IcIncidentView *self)
{
  g_autofree char *clean = NULL;

  if (self->updating || self->incident == NULL)
    return;
  clean = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  /* A title is never blank; a blank row keeps the last one. */
  if (*clean != '\0')
    ic_incident_set_title (self->incident, clean);
}

static void
service_changed_cb (IcIncidentView *self)
{
  if (self->updating || self->incident == NULL)
    return;
  ic_incident_set_service (self->incident,
                           gtk_editable_get_text (GTK_EDITABLE (self->service_row)));
}

static void
severity_selected_cb (IcIncidentView *self)
{
  guint selected = adw_combo_row_get_selected (self->severity_row);

  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  ic_incident_set_severity (self->incident, (IcSeverity) (selected + 1));
}

static void
status_selected_cb (IcIncidentView *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  ic_incident_set_status (self->incident, (IcIncidentStatus) selected);
}

/* The probe page reminds of the rule of three until it is met. */
static void
board_ready_cb (IcIncidentView *self)
{
  ic_probe_dashboard_set_hypotheses_ready (
    self->probe_dashboard, ic_hypothesis_board_get_ready (self->hypothesis_board));
}

static void
step_changed_cb (IcIncidentView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
show_main (IcIncidentView *self,
           const char     *page)
{
  gtk_stack_set_visible_child_name (self->steps, "main");
  if (page != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
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
  if (self->store != NULL)
    g_clear_signal_handler (&self->advanced_id, get_clock (self));
  if (self->incident_signals != NULL)
    g_signal_group_set_target (self->incident_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_INCIDENT_VIEW);
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
  g_object_set (self->timeline_page, "store", store, NULL);
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
  g_type_ensure (IC_TYPE_STRUCTURE_PAGE);
  g_type_ensure (IC_TYPE_TIMELINE_PAGE);
  g_type_ensure (IC_TYPE_DECISION_TREE);
  g_type_ensure (IC_TYPE_HYPOTHESIS_BOARD);
  g_type_ensure (IC_TYPE_PROBE_DASHBOARD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-incident-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcIncidentView, name)
  BIND (steps);
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
  BIND (timeline_page);
  BIND (hypothesis_board);
  BIND (probe_dashboard);
  BIND (decision_tree);
  BIND (title_row);
  BIND (service_row);
  BIND (severity_row);
  BIND (status_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, breathe_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, structure_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_changes_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ic_incident_view_init (IcIncidentView *self)
{
  g_autoptr(GtkStringList) severities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (IcSeverity s = IC_SEVERITY_SEV1; s <= IC_SEVERITY_SEV4; s++)
    gtk_string_list_append (severities, ic_severity_get_label (s));
  for (IcIncidentStatus s = IC_INCIDENT_STATUS_INVESTIGATING; s <= IC_INCIDENT_STATUS_RESOLVED;
       s++)
    gtk_string_list_append (statuses, ic_incident_status_get_label (s));
  adw_combo_row_set_model (self->severity_row, G_LIST_MODEL (severities));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));

  g_signal_connect_object (self->hypothesis_board, "notify::ready", G_CALLBACK (board_ready_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->steps, "notify::visible-child", G_CALLBACK (step_changed_cb),
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
  ic_structure_page_set_incident (self->structure_page, incident);
  ic_timeline_page_set_incident (self->timeline_page, incident);
  ic_decision_tree_set_incident (self->decision_tree, incident);
  ic_hypothesis_board_set_incident (self->hypothesis_board, incident);
  ic_probe_dashboard_set_incident (self->probe_dashboard, incident);
  board_ready_cb (self);
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
          gtk_stack_set_visible_child_name (self->steps, "breathe");
          ic_breathe_page_start (self->breathe_page);
        }
      else
        show_main (self, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
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

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "breathe") == 0)
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

void
ic_incident_view_focus_note (IcIncidentView *self)
{
  g_return_if_fail (IC_IS_INCIDENT_VIEW (self));
  show_main (self, "timeline");
  ic_timeline_page_focus_note (self->timeline_page);
}
