/* ic-status-composer.c — writes the one-line status update
 *
 * Status, what we see, the action, the next update: the line is shown as
 * it is typed, and one button copies it and records it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-status-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-status-composer.h"
#include "ic-status-update.h"

struct _IcStatusComposer
{
  GtkWidget   parent_instance;

  /* Owned */
  IcStore    *store;
  IcIncident *incident;
  char       *preview;

  GtkWidget  *status;
  GtkWidget  *what;
  GtkWidget  *action;
  GtkWidget  *minutes;
  GtkWidget  *preview_label;
  GtkWidget  *error_label;
};

enum {
  POSTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcStatusComposer, ic_status_composer, GTK_TYPE_WIDGET)

static void
update_preview (IcStatusComposer *self)
{
  g_autoptr(GError) error = NULL;

  g_free (self->preview);
  self->preview = ic_status_update_format (
    (IcIncidentStatus) gtk_drop_down_get_selected (GTK_DROP_DOWN (self->status)),
    gtk_editable_get_text (GTK_EDITABLE (self->what)),
    gtk_editable_get_text (GTK_EDITABLE (self->action)),
    gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->minutes)), &error);
  gtk_label_set_label (GTK_LABEL (self->preview_label),
                       self->preview ? self->preview : error->message);
  if (self->preview != NULL)
    gtk_widget_remove_css_class (self->preview_label, "dim-label");
  else
    gtk_widget_add_css_class (self->preview_label, "dim-label");
}

static void
post (IcStatusComposer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id;

  if (self->incident == NULL)
    return;
  id = ic_store_add_status_update (
    self->store, self->incident,
    (IcIncidentStatus) gtk_drop_down_get_selected (GTK_DROP_DOWN (self->status)),
    gtk_editable_get_text (GTK_EDITABLE (self->what)),
    gtk_editable_get_text (GTK_EDITABLE (self->action)),
    gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->minutes)), &line, &error);
  if (id == 0)
    {
      gtk_label_set_label (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return;
    }
  gtk_widget_set_visible (self->error_label, FALSE);
  /* Copied in the same step: the line goes to chat or the status page. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), line);
  g_signal_emit (self, signals[POSTED], 0, line);
}

static void
post_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  IcStatusComposer *self = IC_STATUS_COMPOSER (widget);
  const char *status = NULL, *what = NULL, *action = NULL;
  IcIncidentStatus value = IC_INCIDENT_STATUS_INVESTIGATING;
  int minutes = 0;

  g_variant_get (parameter, "(&s&s&si)", &status, &what, &action, &minutes);
  ic_incident_status_from_string (status, &value);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->status), value);
  gtk_editable_set_text (GTK_EDITABLE (self->what), what);
  gtk_editable_set_text (GTK_EDITABLE (self->action), action);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->minutes), minutes);
  post (self);
}

static void
ic_status_composer_dispose (GObject *object)
{
  IcStatusComposer *self = IC_STATUS_COMPOSER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (ic_status_composer_parent_class)->dispose (object);
}

static void
ic_status_composer_class_init (IcStatusComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_status_composer_dispose;

  /**
   * IcStatusComposer::posted:
   * @line: the recorded (and copied) line
   */
  signals[POSTED] = g_signal_new ("posted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "update.post", "(sssi)", post_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "status-composer");
}

static GtkWidget *
entry (const char *placeholder,
       const char *label)
{
  GtkWidget *widget = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (widget), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return widget;
}

static void
ic_status_composer_init (IcStatusComposer *self)
{
  const char *statuses[] = { NULL, NULL, NULL, NULL, NULL, NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Copy and Record"));
  GtkWidget *next = gtk_label_new (_("Next update in"));
  GtkWidget *min = gtk_label_new (_("min"));

  for (IcIncidentStatus s = IC_INCIDENT_STATUS_INVESTIGATING; s <= IC_INCIDENT_STATUS_RESOLVED;
       s++)
    statuses[s] = ic_incident_status_get_label (s);
  self->status = gtk_drop_down_new_from_strings (statuses);
  ic_accessible_name_drop_down (GTK_DROP_DOWN (self->status), _("Status"));
  self->what = entry (_("What we see, e.g. elevated 500s on checkout"), _("What we see"));
  self->action = entry (_("The action, e.g. rolling back deploy v1.2.3"), _("Action"));
  self->minutes = gtk_spin_button_new_with_range (1, 240, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->minutes), 15);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->minutes), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minutes to the next update"), -1);
  self->preview_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->preview_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->preview_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->preview_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->preview_label), 50);
  gtk_widget_add_css_class (self->preview_label, "status-preview");
  self->error_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (post), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->action, "activate", G_CALLBACK (post), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status, "notify::selected", G_CALLBACK (update_preview), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->what, "changed", G_CALLBACK (update_preview), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->action, "changed", G_CALLBACK (update_preview), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->minutes, "value-changed", G_CALLBACK (update_preview), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->status);
  gtk_box_append (GTK_BOX (box), self->what);
  gtk_box_append (GTK_BOX (box), self->action);
  gtk_box_append (GTK_BOX (line), next);
  gtk_box_append (GTK_BOX (line), self->minutes);
  gtk_box_append (GTK_BOX (line), min);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), self->preview_label);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  ic_accessible_name_mnemonics (box);
  update_preview (self);
}

GtkWidget *
ic_status_composer_new (void)
{
  return g_object_new (IC_TYPE_STATUS_COMPOSER, NULL);
}

void
ic_status_composer_set_incident (IcStatusComposer *self,
                                 IcStore          *store,
                                 IcIncident       *incident)
{
  g_return_if_fail (IC_IS_STATUS_COMPOSER (self));

  g_set_object (&self->store, store);
  g_set_object (&self->incident, incident);
  if (incident != NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->status), ic_incident_get_status (incident));
  gtk_widget_set_visible (self->error_label, FALSE);
}

/**
 * ic_status_composer_get_preview:
 *
 * Returns: (nullable): the line as it would be posted, or %NULL while a
 *   part is missing
 */
const char *
ic_status_composer_get_preview (IcStatusComposer *self)
{
  g_return_val_if_fail (IC_IS_STATUS_COMPOSER (self), NULL);
  return self->preview;
}

void
ic_status_composer_focus (IcStatusComposer *self)
{
  g_return_if_fail (IC_IS_STATUS_COMPOSER (self));
  gtk_widget_grab_focus (self->what);
}
