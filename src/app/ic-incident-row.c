/* ic-incident-row.c — one incident in the sidebar
 *
 * Two lines: the severity badge, the drill badge and the title; the status
 * icon, the status and the service and alert time. The row lays them out
 * itself, as two horizontal boxes in a vertical one would, without the three
 * boxes: a GtkListView keeps up to 200 rows, and each widget in them costs
 * memory, styling and layout. For the same reason the row makes its widgets
 * in code rather than from a template (GtkBuilder took half of making a
 * row, and the rows the first frame shows are made before it, #17), and
 * the drill badge only for a drill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-incident-row.h"

struct _IcIncidentRow
{
  GtkWidget parent_instance;

  /* Owned */
  IcIncident   *incident;
  GSignalGroup *signals;

  /* Children */
  GtkLabel     *severity_label;
  GtkLabel     *drill_label;    /* (nullable) made for the first drill shown */
  GtkLabel     *title_label;
  GtkImage     *status_icon;
  GtkLabel     *status_label;
  GtkLabel     *detail_label;
};

enum {
  PROP_0,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcIncidentRow, ic_incident_row, GTK_TYPE_WIDGET)

/**
 * ic_incident_status_get_icon_name:
 *
 * Returns: a symbolic icon that goes with the status text; state is never
 *   shown by colour alone
 */
const char *
ic_incident_status_get_icon_name (IcIncidentStatus status)
{
  switch (status)
    {
    case IC_INCIDENT_STATUS_INVESTIGATING:
      return "edit-find-symbolic";
    case IC_INCIDENT_STATUS_IDENTIFIED:
      return "dialog-information-symbolic";
    case IC_INCIDENT_STATUS_MITIGATING:
      return "emblem-synchronizing-symbolic";
    case IC_INCIDENT_STATUS_MONITORING:
      return "view-reveal-symbolic";
    case IC_INCIDENT_STATUS_RESOLVED:
      return "emblem-ok-symbolic";
    default:
      return "dialog-question-symbolic";
    }
}

/* The short badge in the row; the view's header spells out "SEV1 · Critical". */
static const char *
get_severity_badge (IcSeverity severity)
{
  switch (severity)
    {
    case IC_SEVERITY_SEV1:
      /* Translators: short severity badge in the incident list */
      return _("SEV1");
    case IC_SEVERITY_SEV2:
      return _("SEV2");
    case IC_SEVERITY_SEV3:
      return _("SEV3");
    case IC_SEVERITY_SEV4:
      return _("SEV4");
    default:
      return "?";
    }
}

/* A label of the row: @expand ones take the room left and are ellipsized. */
static GtkLabel *
new_label (const char *text,
           float       xalign,
           gboolean    expand,
           const char *css_class,
           const char *other_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (expand)
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_widget_add_css_class (label, css_class);
  if (other_class != NULL)
    gtk_widget_add_css_class (label, other_class);
  return GTK_LABEL (label);
}

static void
update (IcIncidentRow *self)
{
  static const char * const sev_classes[] = { "sev1", "sev2", "sev3", "sev4" };
  g_autoptr(GDateTime) alert = NULL;
  g_autofree char *when = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *a11y = NULL;
  const char *service;
  IcIncidentStatus status;
  IcSeverity severity;

  if (self->incident == NULL)
    return;
  severity = ic_incident_get_severity (self->incident);
  status = ic_incident_get_status (self->incident);
  service = ic_incident_get_service (self->incident);
  alert = g_date_time_new_from_unix_local (ic_incident_get_alert_time (self->incident)
                                           / G_USEC_PER_SEC);
  when = g_date_time_format (alert, "%b %d %H:%M");
  detail = *service ? g_strdup_printf ("%s · %s", service, when) : g_strdup (when);

  /* Not the class of the severity off and on again: that restyles the
   * badge at each keystroke of a title. */
  for (guint i = 0; i < G_N_ELEMENTS (sev_classes); i++)
    if (i != (guint) severity - 1)
      gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), sev_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), sev_classes[severity - 1]);
  gtk_label_set_label (self->severity_label, get_severity_badge (severity));
  gtk_label_set_label (self->title_label, ic_incident_get_title (self->incident));
  if (ic_incident_get_drill (self->incident) && self->drill_label == NULL)
    {
      /* A drill, in the word: never mistaken for a real page. */
      self->drill_label = new_label (C_("incident list badge", "Drill"), 0.5,
                                     FALSE, "drill-badge", "caption-heading");
      gtk_widget_set_valign (GTK_WIDGET (self->drill_label), GTK_ALIGN_CENTER);
      gtk_widget_insert_after (GTK_WIDGET (self->drill_label), GTK_WIDGET (self),
                               GTK_WIDGET (self->severity_label));
    }
  if (self->drill_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->drill_label),
                            ic_incident_get_drill (self->incident));
  /* Set again, even to the same name, GtkImage lets its icon go, and
   * GTK 4.8 made a symbolic icon at a size without a PNG (12 px here)
   * again from its SVG, four renderings on the main thread, at every
   * update of the row (at Escape, the end of the pause). */
  if (g_strcmp0 (gtk_image_get_icon_name (self->status_icon),
                 ic_incident_status_get_icon_name (status)) != 0)
    gtk_image_set_from_icon_name (self->status_icon, ic_incident_status_get_icon_name (status));
  gtk_label_set_label (self->status_label, ic_incident_status_get_label (status));
  gtk_label_set_label (self->detail_label, detail);
  if (status == IC_INCIDENT_STATUS_RESOLVED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "resolved");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "resolved");

  /* Translators: the sidebar row for screen readers:
   * "Elevated 500s on checkout, SEV1 · Critical, Investigating, checkout · Nov 28 07:58" */
  if (ic_incident_get_drill (self->incident))
    /* Translators: as above, for a drill: "Drill: Elevated 500s on checkout, …" */
    a11y = g_strdup_printf (_("Drill: %s, %s, %s, %s"), ic_incident_get_title (self->incident),
                            ic_severity_get_label (severity),
                            ic_incident_status_get_label (status), detail);
  else
    a11y = g_strdup_printf (_("%s, %s, %s, %s"), ic_incident_get_title (self->incident),
                            ic_severity_get_label (severity), ic_incident_status_get_label (status),
                            detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

#define LINE_SPACING 3   /* between the two lines */
#define ITEM_SPACING 6   /* between the widgets of a line */
#define N_LINES 2
#define LINE_LENGTH 3

static void
get_line (IcIncidentRow *self,
          guint          line,
          GtkWidget     *children[LINE_LENGTH])
{
  children[0] = GTK_WIDGET (line == 0 ? self->severity_label : (gpointer) self->status_icon);
  children[1] = GTK_WIDGET (line == 0 ? self->drill_label : self->status_label);
  children[2] = GTK_WIDGET (line == 0 ? self->title_label : self->detail_label);
}

/* A line's width is its shown widgets side by side; its height, the
 * tallest of them (the labels are one line each, whatever the width). */
static void
measure_line (IcIncidentRow  *self,
              guint           line,
              GtkOrientation  orientation,
              int            *minimum,
              int            *natural)
{
  GtkWidget *children[LINE_LENGTH];
  guint shown = 0;

  *minimum = *natural = 0;
  get_line (self, line, children);
  for (guint i = 0; i < LINE_LENGTH; i++)
    {
      int min, nat;

      if (children[i] == NULL || !gtk_widget_should_layout (children[i]))
        continue;
      gtk_widget_measure (children[i], orientation, -1, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += min + (shown > 0 ? ITEM_SPACING : 0);
          *natural += nat + (shown > 0 ? ITEM_SPACING : 0);
        }
      else
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      shown++;
    }
}

static void
ic_incident_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  IcIncidentRow *self = IC_INCIDENT_ROW (widget);

  *minimum = *natural = 0;
  for (guint line = 0; line < N_LINES; line++)
    {
      int min, nat;

      measure_line (self, line, orientation, &min, &nat);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          *minimum += min + (line > 0 ? LINE_SPACING : 0);
          *natural += nat + (line > 0 ? LINE_SPACING : 0);
        }
    }
}

/* As a horizontal GtkBox: each shown widget gets its minimum width, what is
 * left brings them towards their natural widths, and what is left after
 * that goes to the ones that expand (the title, the detail). Mirrored in a
 * right-to-left locale. */
static void
allocate_line (IcIncidentRow *self,
               guint          line,
               int            width,
               int            y,
               int            height)
{
  GtkWidget *children[LINE_LENGTH];
  GtkRequestedSize sizes[LINE_LENGTH];
  gboolean expand[LINE_LENGTH];
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  guint n = 0, n_expand = 0;
  int extra = width, x = 0;

  get_line (self, line, children);
  for (guint i = 0; i < LINE_LENGTH; i++)
    {
      if (children[i] == NULL || !gtk_widget_should_layout (children[i]))
        continue;
      gtk_widget_measure (children[i], GTK_ORIENTATION_HORIZONTAL, height,
                          &sizes[n].minimum_size, &sizes[n].natural_size, NULL, NULL);
      sizes[n].data = children[i];
      expand[n] = gtk_widget_compute_expand (children[i], GTK_ORIENTATION_HORIZONTAL);
      n_expand += expand[n] ? 1 : 0;
      extra -= sizes[n].minimum_size + (n > 0 ? ITEM_SPACING : 0);
      n++;
    }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n, sizes);
  for (guint i = 0, k = 0; i < n; i++)
    {
      int w = sizes[i].minimum_size;

      /* The pixels that do not divide evenly go to the first ones. */
      if (expand[i])
        w += extra / (int) n_expand + ((int) k++ < extra % (int) n_expand ? 1 : 0);
      gtk_widget_size_allocate (sizes[i].data,
                                &(GtkAllocation) { rtl ? width - x - w : x, y, w, height }, -1);
      x += w + ITEM_SPACING;
    }
}

static void
ic_incident_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  IcIncidentRow *self = IC_INCIDENT_ROW (widget);
  int y = 0;

  for (guint line = 0; line < N_LINES; line++)
    {
      int min, nat;

      measure_line (self, line, GTK_ORIENTATION_VERTICAL, &min, &nat);
      allocate_line (self, line, width, y, nat);
      y += nat + LINE_SPACING;
    }
}

static void
ic_incident_row_dispose (GObject *object)
{
  IcIncidentRow *self = IC_INCIDENT_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->severity_label = self->drill_label = self->title_label = NULL;
  self->status_label = self->detail_label = NULL;
  self->status_icon = NULL;
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->incident);

  G_OBJECT_CLASS (ic_incident_row_parent_class)->dispose (object);
}

static void
ic_incident_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcIncidentRow *self = IC_INCIDENT_ROW (object);

  switch (prop_id)
    {
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_incident_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IcIncidentRow *self = IC_INCIDENT_ROW (object);

  switch (prop_id)
    {
    case PROP_INCIDENT:
      ic_incident_row_set_incident (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_incident_row_class_init (IcIncidentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_incident_row_dispose;
  object_class->get_property = ic_incident_row_get_property;
  object_class->set_property = ic_incident_row_set_property;

  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, IC_TYPE_INCIDENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = ic_incident_row_measure;
  widget_class->size_allocate = ic_incident_row_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ic_incident_row_init (IcIncidentRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_margin_top (widget, 8);
  gtk_widget_set_margin_bottom (widget, 8);
  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 6);
  /* The first line; the drill badge goes after the severity's. */
  self->severity_label = new_label (NULL, 0.5, FALSE, "severity", "caption-heading");
  gtk_widget_set_valign (GTK_WIDGET (self->severity_label), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->severity_label), widget);
  self->title_label = new_label (NULL, 0, TRUE, "heading", NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->title_label), widget);
  /* The second line. */
  self->status_icon = g_object_new (GTK_TYPE_IMAGE,
                                    "pixel-size", 16,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->status_icon), widget);
  self->status_label = new_label (NULL, 0, FALSE, "caption", NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->status_label), widget);
  self->detail_label = new_label (NULL, 0, TRUE, "caption", "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->detail_label), widget);
  self->signals = g_signal_group_new (IC_TYPE_INCIDENT);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (update), self);
}

GtkWidget *
ic_incident_row_new (void)
{
  return g_object_new (IC_TYPE_INCIDENT_ROW, NULL);
}

IcIncident *
ic_incident_row_get_incident (IcIncidentRow *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_ROW (self), NULL);
  return self->incident;
}

void
ic_incident_row_set_incident (IcIncidentRow *self,
                              IcIncident    *incident)
{
  g_return_if_fail (IC_IS_INCIDENT_ROW (self));

  if (!g_set_object (&self->incident, incident))
    return;
  g_signal_group_set_target (self->signals, incident);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}
