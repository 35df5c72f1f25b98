/* ic-timeline-page.c — everything that happened, newest last, and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-timeline-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-time-input.h"
#include "ic-timeline-page.h"
#include "ic-timeline-row.h"

struct _IcTimelinePage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore     *store;
  IcIncident  *incident;

  /* Template widgets */
  GtkWidget   *scrolled;
  GtkListBox  *list;
  GtkWidget   *empty_label;
  GtkTextView *note_view;
  GtkLabel    *error_label;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcTimelinePage, ic_timeline_page, GTK_TYPE_WIDGET)

static GListModel *
get_timeline (IcTimelinePage *self)
{
  return self->incident ? ic_store_get_timeline (self->store, self->incident) : NULL;
}

static gboolean
spans_days (IcTimelinePage *self)
{
  GListModel *timeline = get_timeline (self);
  guint n = timeline ? g_list_model_get_n_items (timeline) : 0;
  g_autoptr(IcTimelineEvent) first = NULL;
  g_autoptr(IcTimelineEvent) last = NULL;
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  if (n < 2)
    return FALSE;
  first = g_list_model_get_item (timeline, 0);
  last = g_list_model_get_item (timeline, n - 1);
  a = g_date_time_new_from_unix_local (ic_timeline_event_get_time (first) / G_USEC_PER_SEC);
  b = g_date_time_new_from_unix_local (ic_timeline_event_get_time (last) / G_USEC_PER_SEC);
  return g_date_time_get_day_of_year (a) != g_date_time_get_day_of_year (b)
         || g_date_time_get_year (a) != g_date_time_get_year (b);
}

/* The event with @id on the shown timeline, and its position. */
static IcTimelineEvent *
find_event (IcTimelinePage *self,
            gint64          id,
            guint          *position)
{
  GListModel *timeline = get_timeline (self);
  guint n = timeline ? g_list_model_get_n_items (timeline) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      if (ic_timeline_event_get_id (event) == id)
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&event);
        }
    }
  return NULL;
}

static void
show_failure (IcTimelinePage *self,
              const char     *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
pin_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (widget);
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean pinned;

  g_variant_get (parameter, "(xb)", &id, &pinned);
  event = find_event (self, id, NULL);
  if (event == NULL || pinned == ic_timeline_event_get_pinned (event))
    return;
  if (!ic_store_set_event_pinned (self->store, event, pinned, &error))
    {
      g_autofree char *message =
        g_strdup_printf (pinned ? _("Could not pin the event: %s. It stays unpinned.")
                                : _("Could not unpin the event: %s. It stays pinned."),
                         error->message);
      show_failure (self, message);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (widget);
  g_autoptr(IcTimelineEvent) event = find_event (self, g_variant_get_int64 (parameter), NULL);
  g_autoptr(GError) error = NULL;

  if (event == NULL)
    return;
  if (!ic_store_delete_event (self->store, event, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not delete the note: %s. It is kept."), error->message);
      show_failure (self, message);
    }
}

static void
set_time_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (widget);
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  guint position = 0;
  gint64 id, now, t;
  GtkListBoxRow *row;

  g_variant_get (parameter, "(x&s)", &id, &text);
  event = find_event (self, id, &position);
  if (event == NULL)
    return;
  now = ic_clock_get_now (ic_store_get_clock (self->store));
  t = ic_time_input_parse (text, now, NULL, &error);
  if (t != 0 && ic_store_set_event_time (self->store, event, t, &error))
    return;
  /* Refused: the row keeps the popover open with what was typed, and says why. */
  row = gtk_list_box_get_row_at_index (self->list, position);
  if (row != NULL && IC_IS_TIMELINE_ROW (gtk_list_box_row_get_child (row)))
    ic_timeline_row_set_time_error (IC_TIMELINE_ROW (gtk_list_box_row_get_child (row)),
                                    error->message);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IcTimelinePage *self = user_data;

  return ic_timeline_row_new (IC_TIMELINE_EVENT (item), spans_days (self));
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  IcTimelinePage *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  return G_SOURCE_REMOVE;
}

static void
timeline_changed_cb (IcTimelinePage *self)
{
  GListModel *timeline = get_timeline (self);

  gtk_widget_set_visible (self->empty_label,
                          timeline == NULL || g_list_model_get_n_items (timeline) == 0);
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static void
rebind (IcTimelinePage *self)
{
  GListModel *timeline = get_timeline (self);

  gtk_list_box_bind_model (self->list, timeline, create_row, self, NULL);
  if (timeline != NULL)
    g_signal_connect_object (timeline, "items-changed", G_CALLBACK (timeline_changed_cb), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->empty_label,
                          timeline == NULL || g_list_model_get_n_items (timeline) == 0);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  /* A failure is shown under the composer, which keeps the text. */
  ic_timeline_page_add_note (IC_TIMELINE_PAGE (widget), &error);
}

static void
ic_timeline_page_dispose (GObject *object)
{
  GtkWidget *child;
  IcTimelinePage *self = IC_TIMELINE_PAGE (object);

  if (self->incident != NULL)
    {
      GListModel *timeline = get_timeline (self);

      if (timeline != NULL)
        g_signal_handlers_disconnect_by_func (timeline, timeline_changed_cb, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_TIMELINE_PAGE);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_timeline_page_parent_class)->dispose (object);
}

static void
ic_timeline_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (object);

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
ic_timeline_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (object);

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
ic_timeline_page_class_init (IcTimelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_timeline_page_dispose;
  object_class->get_property = ic_timeline_page_get_property;
  object_class->set_property = ic_timeline_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-timeline-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcTimelinePage, name)
  BIND (scrolled);
  BIND (list);
  BIND (empty_label);
  BIND (note_view);
  BIND (error_label);
#undef BIND
  gtk_widget_class_install_action (widget_class, "timeline.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "timeline.pin", "(xb)", pin_action);
  gtk_widget_class_install_action (widget_class, "timeline.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "timeline.set-time", "(xs)", set_time_action);
  gtk_widget_class_set_css_name (widget_class, "timeline-page");
  g_type_ensure (IC_TYPE_TIMELINE_ROW);
}

static void
ic_timeline_page_init (IcTimelinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
ic_timeline_page_new (IcStore *store)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_TIMELINE_PAGE, "store", store, NULL);
}

void
ic_timeline_page_set_incident (IcTimelinePage *self,
                               IcIncident     *incident)
{
  g_return_if_fail (IC_IS_TIMELINE_PAGE (self));

  if (self->incident != NULL && incident != self->incident)
    {
      GListModel *old = get_timeline (self);
      if (old != NULL)
        g_signal_handlers_disconnect_by_func (old, timeline_changed_cb, self);
    }
  g_set_object (&self->incident, incident);
  rebind (self);
}

void
ic_timeline_page_focus_note (IcTimelinePage *self)
{
  g_return_if_fail (IC_IS_TIMELINE_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

void
ic_timeline_page_set_note_text (IcTimelinePage *self,
                                const char     *text)
{
  g_return_if_fail (IC_IS_TIMELINE_PAGE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), text, -1);
}

/**
 * ic_timeline_page_add_note:
 *
 * Adds the composer's text as a note; on success the composer is cleared,
 * on failure the text stays and the error is shown.
 */
gboolean
ic_timeline_page_add_note (IcTimelinePage  *self,
                           GError         **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (IC_IS_TIMELINE_PAGE (self), FALSE);

  if (self->incident == NULL)
    return FALSE;
  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  note = ic_store_add_note (self->store, self->incident, text, &local_error);
  if (note == NULL)
    {
      gtk_label_set_label (self->error_label, local_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_text_buffer_set_text (buffer, "", -1);
  return TRUE;
}
