/* ic-timeline-page.c — everything that happened, newest last, and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-timeline-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-time-input.h"
#include "ic-timeline-page.h"

struct _IcTimelinePage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore     *store;
  IcIncident  *incident;

  GtkWidget   *scrolled;
  GtkWidget   *list;
  GtkWidget   *empty_label;
  GtkWidget   *note_view;
  GtkWidget   *error_label;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcTimelinePage, ic_timeline_page, GTK_TYPE_WIDGET)

static gboolean
spans_days (IcTimelinePage *self)
{
  GListModel *timeline = ic_store_get_timeline (self->store, self->incident);
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

static char *
format_event_time (IcTimelinePage  *self,
                   IcTimelineEvent *event)
{
  g_autoptr(GDateTime) dt =
    g_date_time_new_from_unix_local (ic_timeline_event_get_time (event) / G_USEC_PER_SEC);

  /* The date is shown when an incident spans days, never guessed. */
  return g_date_time_format (dt, spans_days (self) ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S");
}

static void
pin_toggled_cb (GtkToggleButton *button,
                IcTimelinePage  *self)
{
  IcTimelineEvent *event = g_object_get_data (G_OBJECT (button), "event");
  g_autoptr(GError) error = NULL;
  gboolean pinned = gtk_toggle_button_get_active (button);

  if (pinned == ic_timeline_event_get_pinned (event))
    return;
  if (!ic_store_set_event_pinned (self->store, event, pinned, &error))
    g_warning ("Could not pin an event: %s", error->message);
}

static void
delete_clicked_cb (GtkButton      *button,
                   IcTimelinePage *self)
{
  IcTimelineEvent *event = g_object_get_data (G_OBJECT (button), "event");
  g_autoptr(GError) error = NULL;

  if (!ic_store_delete_event (self->store, event, &error))
    g_warning ("Could not delete a note: %s", error->message);
}

static void
time_entry_activate_cb (GtkEntry       *entry,
                        IcTimelinePage *self)
{
  IcTimelineEvent *event = g_object_get_data (G_OBJECT (entry), "event");
  g_autoptr(GError) error = NULL;
  gint64 now = ic_clock_get_now (ic_store_get_clock (self->store));
  gint64 t = ic_time_input_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), now, NULL,
                                  &error);

  if (t == 0 || !ic_store_set_event_time (self->store, event, t, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (entry),
                                                             GTK_TYPE_POPOVER)));
}

static GtkWidget *
make_time_button (IcTimelinePage  *self,
                  IcTimelineEvent *event,
                  const char      *time_text)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("When did this happen? (Enter)"));
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *a11y = g_strdup_printf (_("Time %s, change it"), time_text);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), time_text);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "numeric");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Change the time (backdate)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), time_text);
  g_object_set_data_full (G_OBJECT (entry), "event", g_object_ref (event), g_object_unref);
  g_signal_connect_object (entry, "activate", G_CALLBACK (time_entry_activate_cb), self, 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IcTimelinePage *self = user_data;
  IcTimelineEvent *event = item;
  g_autofree char *time_text = format_event_time (self, event);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_label_new (ic_timeline_event_get_text (event));
  GtkWidget *pin = gtk_toggle_button_new ();
  gboolean manual = ic_timeline_event_get_manual (event);

  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 3);
  gtk_widget_set_margin_bottom (row, 3);
  gtk_box_append (GTK_BOX (row), make_time_button (self, event, time_text));

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  if (manual)
    gtk_widget_add_css_class (text, "timeline-note");
  gtk_box_append (GTK_BOX (row), text);

  /* Pinned is shown by the icon and the tooltip, not by colour. */
  gtk_button_set_icon_name (GTK_BUTTON (pin), ic_timeline_event_get_pinned (event)
                                                ? "starred-symbolic" : "non-starred-symbolic");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pin), ic_timeline_event_get_pinned (event));
  gtk_widget_add_css_class (pin, "flat");
  gtk_widget_set_valign (pin, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (pin, ic_timeline_event_get_pinned (event)
                                      ? _("Pinned: leads the postmortem timeline; click to unpin")
                                      : _("Pin for the postmortem"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pin for the postmortem"), -1);
  g_object_set_data_full (G_OBJECT (pin), "event", g_object_ref (event), g_object_unref);
  g_signal_connect_object (pin, "toggled", G_CALLBACK (pin_toggled_cb), self, 0);
  gtk_box_append (GTK_BOX (row), pin);

  if (manual)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (remove, _("Delete this note"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete this note"), -1);
      g_object_set_data_full (G_OBJECT (remove), "event", g_object_ref (event),
                              g_object_unref);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (row), remove);
    }
  return row;
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
  GListModel *timeline = ic_store_get_timeline (self->store, self->incident);

  gtk_widget_set_visible (self->empty_label,
                          timeline == NULL || g_list_model_get_n_items (timeline) == 0);
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static void
rebind (IcTimelinePage *self)
{
  GListModel *timeline = NULL;

  if (self->incident != NULL)
    timeline = ic_store_get_timeline (self->store, self->incident);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), timeline, create_row, self, NULL);
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

  ic_timeline_page_add_note (IC_TIMELINE_PAGE (widget), &error);
}

static void
add_clicked_cb (IcTimelinePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "timeline.add-note", NULL);
}

static void
ic_timeline_page_dispose (GObject *object)
{
  IcTimelinePage *self = IC_TIMELINE_PAGE (object);
  GtkWidget *child;

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

  gtk_widget_class_install_action (widget_class, "timeline.add-note", NULL, add_note_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline-page");
}

static void
ic_timeline_page_init (IcTimelinePage *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *composer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *hint = gtk_label_new (_("Ctrl+Enter adds the note"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Note"));
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (
                                    GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline"), -1);
  self->empty_label = gtk_label_new (_("Nothing recorded yet."));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->list);
  gtk_box_append (GTK_BOX (box), self->empty_label);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  /* The note composer stays at the bottom, always reachable. */
  self->note_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->note_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->note_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->note_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->note_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->note_view), 6);
  gtk_widget_set_size_request (self->note_view, -1, 60);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New note"), -1);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                      gtk_named_action_new ("timeline.add-note")));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                      gtk_named_action_new ("timeline.add-note")));
  gtk_widget_add_controller (self->note_view, shortcuts);
  gtk_frame_set_child (GTK_FRAME (frame), self->note_view);
  self->error_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), hint);
  gtk_box_append (GTK_BOX (buttons), add);
  gtk_box_append (GTK_BOX (composer), frame);
  gtk_box_append (GTK_BOX (composer), self->error_label);
  gtk_box_append (GTK_BOX (composer), buttons);
  gtk_widget_set_margin_start (composer, 12);
  gtk_widget_set_margin_end (composer, 12);
  gtk_widget_set_margin_bottom (composer, 12);
  gtk_widget_set_parent (composer, GTK_WIDGET (self));
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
      GListModel *old = ic_store_get_timeline (self->store, self->incident);
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
  gtk_widget_grab_focus (self->note_view);
}

void
ic_timeline_page_set_note_text (IcTimelinePage *self,
                                const char     *text)
{
  g_return_if_fail (IC_IS_TIMELINE_PAGE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view)), text, -1);
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
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  note = ic_store_add_note (self->store, self->incident, text, &local_error);
  if (note == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->error_label), local_error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_text_buffer_set_text (buffer, "", -1);
  return TRUE;
}
