/* ic-timeline-row.c — one event on the timeline page
 *
 * The row shows its IcTimelineEvent through bindings (ic-timeline-row.ui)
 * and asks for changes through the page's actions: timeline.pin((xb)),
 * timeline.delete(x), timeline.set-time((xs)). It never touches the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-timeline-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-timeline-row.h"

struct _IcTimelineRow
{
  GtkWidget parent_instance;

  /* Owned */
  IcTimelineEvent *event;
  char            *time_error;
  gboolean         show_date;

  /* Template widgets */
  GtkMenuButton   *time_button;
  GtkPopover      *time_popover;
  GtkEntry        *time_entry;
  GtkLabel        *text_label;
  GtkToggleButton *pin_button;
  GtkButton       *delete_button;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_SHOW_DATE,
  PROP_TIME_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcTimelineRow, ic_timeline_row, GTK_TYPE_WIDGET)

static char *
format_time_cb (IcTimelineRow *self,
                gint64         time,
                gboolean       show_date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  /* The date is shown when an incident spans days, never guessed. */
  return dt ? g_date_time_format (dt, show_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S")
            : g_strdup ("?");
}

static char *
pin_icon_cb (IcTimelineRow *self,
             gboolean       pinned)
{
  return g_strdup (pinned ? "starred-symbolic" : "non-starred-symbolic");
}

static char *
pin_tooltip_cb (IcTimelineRow *self,
                gboolean       pinned)
{
  return g_strdup (pinned ? _("Pinned: leads the postmortem timeline; click to unpin")
                          : _("Pin for the postmortem"));
}

static void
time_popover_show_cb (IcTimelineRow *self)
{
  const char *label = gtk_menu_button_get_label (self->time_button);

  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), label ? label : "");
  gtk_editable_select_region (GTK_EDITABLE (self->time_entry), 0, -1);
}

static void
time_entry_activate_cb (IcTimelineRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));

  if (self->event == NULL)
    return;
  /* The page answers synchronously: an error it cannot act on comes back
   * through ic_timeline_row_set_time_error(). */
  ic_timeline_row_set_time_error (self, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "timeline.set-time", "(xs)",
                              ic_timeline_event_get_id (self->event), text);
  if (self->time_error == NULL)
    gtk_popover_popdown (self->time_popover);
}

static void
pin_toggled_cb (IcTimelineRow *self)
{
  gboolean active = gtk_toggle_button_get_active (self->pin_button);

  if (self->event == NULL || active == ic_timeline_event_get_pinned (self->event))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "timeline.pin", "(xb)",
                              ic_timeline_event_get_id (self->event), active);
  /* Refused (the page said why): the button shows what is stored. */
  if (gtk_toggle_button_get_active (self->pin_button) != ic_timeline_event_get_pinned (self->event))
    gtk_toggle_button_set_active (self->pin_button, ic_timeline_event_get_pinned (self->event));
}

static void
update_time_a11y (IcTimelineRow *self)
{
  g_autofree char *a11y = NULL;
  const char *label = gtk_menu_button_get_label (self->time_button);

  a11y = g_strdup_printf (_("Time %s, change it"), label ? label : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
ic_timeline_row_dispose (GObject *object)
{
  GtkWidget *child;
  IcTimelineRow *self = IC_TIMELINE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_TIMELINE_ROW);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->event);
  g_clear_pointer (&self->time_error, g_free);

  G_OBJECT_CLASS (ic_timeline_row_parent_class)->dispose (object);
}

static void
ic_timeline_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcTimelineRow *self = IC_TIMELINE_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_SHOW_DATE:
      g_value_set_boolean (value, self->show_date);
      break;
    case PROP_TIME_ERROR:
      g_value_set_string (value, self->time_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_timeline_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IcTimelineRow *self = IC_TIMELINE_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_set_object (&self->event, g_value_get_object (value));
      break;
    case PROP_SHOW_DATE:
      self->show_date = g_value_get_boolean (value);
      break;
    case PROP_TIME_ERROR:
      ic_timeline_row_set_time_error (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_timeline_row_constructed (GObject *object)
{
  IcTimelineRow *self = IC_TIMELINE_ROW (object);

  G_OBJECT_CLASS (ic_timeline_row_parent_class)->constructed (object);

  if (self->event != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "x",
                                        ic_timeline_event_get_id (self->event));
      if (ic_timeline_event_get_manual (self->event))
        gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "timeline-note");
    }
  update_time_a11y (self);
}

static void
ic_timeline_row_class_init (IcTimelineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_timeline_row_dispose;
  object_class->constructed = ic_timeline_row_constructed;
  object_class->get_property = ic_timeline_row_get_property;
  object_class->set_property = ic_timeline_row_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, IC_TYPE_TIMELINE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DATE] =
    g_param_spec_boolean ("show-date", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ERROR] =
    g_param_spec_string ("time-error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-timeline-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcTimelineRow, name)
  BIND (time_button);
  BIND (time_popover);
  BIND (time_entry);
  BIND (text_label);
  BIND (pin_button);
  BIND (delete_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, format_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* The time button shows the time; a screen reader hears what it does too. */
static void
time_label_cb (IcTimelineRow *self)
{
  const char *time = gtk_menu_button_get_label (self->time_button);
  /* Translators: a timeline entry's time button, e.g. "07:41:03, change the time" */
  g_autofree char *label = g_strdup_printf (_("%s, change the time"), time ? time : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
ic_timeline_row_init (IcTimelineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->time_button, "notify::label", G_CALLBACK (time_label_cb), self,
                           G_CONNECT_SWAPPED);
  time_label_cb (self);
  g_signal_connect_object (self->time_button, "notify::label", G_CALLBACK (update_time_a11y),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
ic_timeline_row_new (IcTimelineEvent *event,
                     gboolean         show_date)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (event), NULL);
  return g_object_new (IC_TYPE_TIMELINE_ROW, "event", event, "show-date", show_date, NULL);
}

IcTimelineEvent *
ic_timeline_row_get_event (IcTimelineRow *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_ROW (self), NULL);
  return self->event;
}

gboolean
ic_timeline_row_get_show_date (IcTimelineRow *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_ROW (self), FALSE);
  return self->show_date;
}

const char *
ic_timeline_row_get_time_error (IcTimelineRow *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_ROW (self), NULL);
  return self->time_error;
}

/**
 * ic_timeline_row_set_time_error:
 * @message: (nullable): why the typed time was refused, or %NULL
 *
 * Marks the time entry as in error, with @message as its tooltip; the
 * popover stays open with what was typed.
 */
void
ic_timeline_row_set_time_error (IcTimelineRow *self,
                                const char    *message)
{
  g_return_if_fail (IC_IS_TIMELINE_ROW (self));

  if (g_strcmp0 (self->time_error, message) == 0)
    return;
  g_free (self->time_error);
  self->time_error = g_strdup (message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_entry), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ERROR]);
}
