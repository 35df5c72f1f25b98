/* ic-drill-debrief-dialog.c — how a drill went, and the runs before it
 *
 * The debrief of one run (ic-drill-debrief.c): the outcome and the score,
 * then each measure in words with a mark that says met or not met in words
 * too; below, the chart of every run of the same scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-drill-catalog.h"
#include "ic-drill-debrief-dialog.h"
#include "ic-store-drills.h"

struct _IcDrillDebriefDialog
{
  AdwWindow parent_instance;

  IcDrillDebrief *debrief;

  GtkLabel     *title_label;
  GtkLabel     *outcome_label;
  GtkListBox   *items;
  IcDrillChart *chart;
};

G_DEFINE_FINAL_TYPE (IcDrillDebriefDialog, ic_drill_debrief_dialog, ADW_TYPE_WINDOW)

static void
ic_drill_debrief_dialog_dispose (GObject *object)
{
  IcDrillDebriefDialog *self = IC_DRILL_DEBRIEF_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_DRILL_DEBRIEF_DIALOG);
  g_clear_pointer (&self->debrief, ic_drill_debrief_free);
  G_OBJECT_CLASS (ic_drill_debrief_dialog_parent_class)->dispose (object);
}

static void
ic_drill_debrief_dialog_class_init (IcDrillDebriefDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_drill_debrief_dialog_dispose;
  g_type_ensure (IC_TYPE_DRILL_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/incidentcommander/IncidentCommander/"
                                               "ic-drill-debrief-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IcDrillDebriefDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, IcDrillDebriefDialog, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, IcDrillDebriefDialog, items);
  gtk_widget_class_bind_template_child (widget_class, IcDrillDebriefDialog, chart);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ic_drill_debrief_dialog_init (IcDrillDebriefDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
item_row (const IcDebriefItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = gtk_image_new_from_icon_name (item->met ? "emblem-ok-symbolic"
                                                            : "dialog-warning-symbolic");
  /* Met or not, in a word as well as the mark. */
  GtkWidget *word = gtk_label_new (item->met ? _("Met") : _("Not met"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  item->met ? _("Met") : _("Not met"), -1);
  gtk_widget_add_css_class (word, "dim-label");
  gtk_widget_add_css_class (mark, item->met ? "success" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), word);
  return row;
}

/* Every run of the scenario, oldest first, into the chart. */
static void
fill_chart (IcDrillDebriefDialog *self,
            IcStore              *store,
            const IcScenario     *scenario)
{
  g_autoptr(GPtrArray) runs = ic_store_list_drills (store, scenario->id, NULL);

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const IcDrillRecord *run = g_ptr_array_index (runs, i);
      g_autoptr(IcDrillFacts) facts = ic_store_get_drill_facts (store, run->incident_id, NULL);
      g_autoptr(IcDrillDebrief) debrief = facts ? ic_drill_debrief_new (facts, scenario) : NULL;

      if (debrief != NULL)
        ic_drill_chart_add_run (self->chart, debrief->to_three_hypotheses,
                                debrief->to_mitigation);
    }
}

/**
 * ic_drill_debrief_dialog_new:
 * @incident_id: a drill's incident
 *
 * Returns: (transfer full) (nullable): the debrief of that drill, or %NULL
 *   with @error set when it cannot be read
 */
IcDrillDebriefDialog *
ic_drill_debrief_dialog_new (GtkWindow  *parent,
                             IcStore    *store,
                             gint64      incident_id,
                             GError    **error)
{
  g_autoptr(IcDrillRecord) record = NULL;
  g_autoptr(IcScenario) scenario = NULL;
  g_autoptr(IcDrillFacts) facts = NULL;
  IcDrillDebriefDialog *self;
  g_autofree char *outcome = NULL;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  if ((record = ic_store_get_drill (store, incident_id, error)) == NULL
      || (scenario = ic_scenario_parse (record->scenario, -1, record->scenario_id,
                                        error)) == NULL
      || (facts = ic_store_get_drill_facts (store, incident_id, error)) == NULL)
    return NULL;

  self = g_object_new (IC_TYPE_DRILL_DEBRIEF_DIALOG, "transient-for", parent, NULL);
  self->debrief = ic_drill_debrief_new (facts, scenario);
  gtk_label_set_label (self->title_label, scenario->title);
  /* Translators: "Resolved in 6:12. 5 of 7 met." */
  outcome = g_strdup_printf (_("%s %u of %u met."), self->debrief->outcome, self->debrief->score,
                             self->debrief->items->len);
  gtk_label_set_label (self->outcome_label, outcome);
  for (guint i = 0; i < self->debrief->items->len; i++)
    gtk_list_box_append (self->items, item_row (g_ptr_array_index (self->debrief->items, i)));
  fill_chart (self, store, scenario);
  return self;
}

IcDrillDebrief *
ic_drill_debrief_dialog_get_debrief (IcDrillDebriefDialog *self)
{
  g_return_val_if_fail (IC_IS_DRILL_DEBRIEF_DIALOG (self), NULL);
  return self->debrief;
}

IcDrillChart *
ic_drill_debrief_dialog_get_chart (IcDrillDebriefDialog *self)
{
  g_return_val_if_fail (IC_IS_DRILL_DEBRIEF_DIALOG (self), NULL);
  return self->chart;
}
