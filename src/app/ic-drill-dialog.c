/* ic-drill-dialog.c — "Start a Drill…": the scenarios and their last runs
 *
 * One row per built-in scenario (its title, its one-line description, the
 * date and outcome of its last run); activating one starts that drill and
 * shows it (IcDrillDialog::start asks the window through
 * win.show-incident), then the dialog closes. The list is a model of the
 * scenarios' ids, each row built from the scenario it names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-drill-catalog.h"
#include "ic-drill-dialog.h"
#include "ic-store-drills.h"

struct _IcDrillDialog
{
  AdwWindow parent_instance;

  IcStore    *store;
  GListStore *ids;        /* GtkStringObject: the scenarios' ids, by id */
  GHashTable *scenarios;  /* id → IcScenario */

  GtkListBox *list;
  GtkLabel   *last_label;
  GtkLabel   *error_label;
};

G_DEFINE_FINAL_TYPE (IcDrillDialog, ic_drill_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IcDrillDialog *self = user_data;
  const char *id = gtk_string_object_get_string (item);
  const IcScenario *scenario = g_hash_table_lookup (self->scenarios, id);
  g_autofree char *last = ic_drill_catalog_dup_last_run (self->store, scenario);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", scenario->description, last);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *go = gtk_image_new_from_icon_name ("media-playback-start-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scenario->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (go), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Start"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, id);
  return row;
}

static void
row_activated_cb (IcDrillDialog *self,
                  GtkListBoxRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = ic_drill_catalog_start (self->store,
                                                           gtk_widget_get_name (GTK_WIDGET (row)),
                                                           &error);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (incident == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-incident", "x",
                                ic_incident_get_id (incident));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* When the last drill was, of any scenario: the quarterly reminder counts
 * from it. */
static void
show_last_drill (IcDrillDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 last = 0;

  if (!ic_store_get_last_drill_time (self->store, &last, &error))
    text = g_strdup (error->message);
  else if (last == 0)
    text = g_strdup (_("No drill yet. A drill a quarter keeps the first minutes in the hands; "
                       "the app reminds you when one is due."));
  else
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (when, "%x");

      /* Translators: %s is a date */
      text = g_strdup_printf (_("Last drill: %s. A drill a quarter keeps the first minutes in the "
                                "hands; the app reminds you when one is due."), date);
    }
  gtk_label_set_label (self->last_label, text);
}

static void
ic_drill_dialog_dispose (GObject *object)
{
  IcDrillDialog *self = IC_DRILL_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_DRILL_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->ids);
  g_clear_pointer (&self->scenarios, g_hash_table_unref);
  G_OBJECT_CLASS (ic_drill_dialog_parent_class)->dispose (object);
}

static void
ic_drill_dialog_class_init (IcDrillDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_drill_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/incidentcommander/IncidentCommander/"
                                               "ic-drill-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IcDrillDialog, list);
  gtk_widget_class_bind_template_child (widget_class, IcDrillDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, IcDrillDialog, last_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ic_drill_dialog_init (IcDrillDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  self->ids = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->scenarios = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) ic_scenario_free);
}

/**
 * ic_drill_dialog_new:
 * @parent: the window the started drill shows in
 *
 * Returns: (transfer full): the dialog, listing the built-in scenarios
 */
IcDrillDialog *
ic_drill_dialog_new (GtkWindow *parent,
                     IcStore   *store)
{
  IcDrillDialog *self = g_object_new (IC_TYPE_DRILL_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scenarios = NULL;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  scenarios = ic_drill_catalog_list (&error);
  if (scenarios == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  for (guint i = 0; scenarios != NULL && i < scenarios->len; i++)
    {
      IcScenario *scenario = g_ptr_array_index (scenarios, i);
      g_autoptr(GtkStringObject) id = gtk_string_object_new (scenario->id);

      g_list_store_append (self->ids, id);
      g_hash_table_insert (self->scenarios, scenario->id, scenario);
      scenarios->pdata[i] = NULL;  /* now the table's */
    }
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->ids), create_row, self, NULL);
  show_last_drill (self);
  return self;
}

/**
 * ic_drill_dialog_get_scenarios:
 *
 * Returns: (transfer none): the listed scenarios' ids (GtkStringObject)
 */
GListModel *
ic_drill_dialog_get_scenarios (IcDrillDialog *self)
{
  g_return_val_if_fail (IC_IS_DRILL_DIALOG (self), NULL);
  return G_LIST_MODEL (self->ids);
}
