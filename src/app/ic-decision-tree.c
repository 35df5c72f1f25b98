/* ic-decision-tree.c — the four checks, in order, beside the incident
 *
 * A template (ui/ic-decision-tree.ui) with one IcDecisionCheckRow per step;
 * the rows show the incident's checks from the store's live list and ask
 * for answers through checks.answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-decision-tree"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-decision-check-row.h"
#include "ic-decision-tree.h"

struct _IcDecisionTree
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore    *store;
  IcIncident *incident;

  /* Template widgets */
  GtkWidget  *box;            /* bound so that dispose_template unparents it */
  GtkWidget  *status_label;
  IcDecisionCheckRow *rows[IC_DECISION_CHECK_N_STEPS];  /* row1 … row4 */
  IcDecisionCheck    *checks[IC_DECISION_CHECK_N_STEPS];  /* borrowed from the store's model */
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  SHOW_CHANGES,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcDecisionTree, ic_decision_tree, GTK_TYPE_WIDGET)

static void
update_rows (IcDecisionTree *self)
{
  IcDecisionCheck *next = NULL;
  gint64 now_us = ic_clock_get_now (ic_store_get_clock (self->store));
  int answered = 0;

  if (self->incident != NULL)
    next = ic_store_get_next_decision_check (self->store, self->incident);
  for (int i = 0; i < IC_DECISION_CHECK_N_STEPS; i++)
    {
      IcDecisionCheck *check = self->checks[i];

      ic_decision_check_row_show (self->rows[i], check, check != NULL && check == next, now_us);
      if (check != NULL && ic_decision_check_get_is_answered (check))
        answered++;
    }
  {
    g_autofree char *status = g_strdup_printf (_("%d of %d checks answered"), answered,
                                               IC_DECISION_CHECK_N_STEPS);
    gtk_label_set_label (GTK_LABEL (self->status_label), status);
  }
}

static void
answer (IcDecisionTree *self,
        int             step,
        IcCheckAnswer   value,
        const char     *note)
{
  g_autoptr(GError) error = NULL;
  IcDecisionCheck *check;

  if (step < 1 || step > IC_DECISION_CHECK_N_STEPS)
    return;
  check = self->checks[step - 1];
  if (check == NULL)
    return;
  if (!ic_store_answer_decision_check (self->store, check, value, note, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not save the answer to check %d: %s. It keeps its previous "
                           "answer."), step, error->message);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
    }
  /* The rows show what is stored, so a refused answer is undone on screen. */
  update_rows (self);
}

/* "checks.show-changes": check 2's link to the list of recent changes. */
static void
show_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_signal_emit (widget, signals[SHOW_CHANGES], 0);
}

/* "checks.answer" (step, answer, note): answers from the keyboard or a test. */
static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IcDecisionTree *self = IC_DECISION_TREE (widget);
  const char *answer_str = NULL, *note = NULL;
  IcCheckAnswer value;
  int step = 0;

  g_variant_get (parameter, "(i&s&s)", &step, &answer_str, &note);
  if (!ic_check_answer_from_string (answer_str, &value))
    return;
  answer (self, step, value, note);
}

static void
ic_decision_tree_dispose (GObject *object)
{
  IcDecisionTree *self = IC_DECISION_TREE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_DECISION_TREE);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_decision_tree_parent_class)->dispose (object);
}

static void
ic_decision_tree_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IcDecisionTree *self = IC_DECISION_TREE (object);

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
ic_decision_tree_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IcDecisionTree *self = IC_DECISION_TREE (object);

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
ic_decision_tree_class_init (IcDecisionTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_decision_tree_dispose;
  object_class->get_property = ic_decision_tree_get_property;
  object_class->set_property = ic_decision_tree_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcDecisionTree::show-changes:
   *
   * The responder wants the list of recent changes (check 2).
   */
  signals[SHOW_CHANGES] = g_signal_new ("show-changes", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "checks.answer", "(iss)", answer_action);
  gtk_widget_class_install_action (widget_class, "checks.show-changes", NULL,
                                   show_changes_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "decision-tree");

  g_type_ensure (IC_TYPE_DECISION_CHECK_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-decision-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, IcDecisionTree, box);
  gtk_widget_class_bind_template_child (widget_class, IcDecisionTree, status_label);
  gtk_widget_class_bind_template_child_full (widget_class, "row1", FALSE,
                                             G_STRUCT_OFFSET (IcDecisionTree, rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "row2", FALSE,
                                             G_STRUCT_OFFSET (IcDecisionTree, rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "row3", FALSE,
                                             G_STRUCT_OFFSET (IcDecisionTree, rows[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "row4", FALSE,
                                             G_STRUCT_OFFSET (IcDecisionTree, rows[3]));
}

static void
ic_decision_tree_init (IcDecisionTree *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ic_decision_tree_new (IcStore *store)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_DECISION_TREE, "store", store, NULL);
}

void
ic_decision_tree_set_incident (IcDecisionTree *self,
                               IcIncident     *incident)
{
  GListModel *checks = NULL;

  g_return_if_fail (IC_IS_DECISION_TREE (self));

  g_set_object (&self->incident, incident);
  if (incident != NULL)
    checks = ic_store_get_decision_checks (self->store, incident);
  for (int i = 0; i < IC_DECISION_CHECK_N_STEPS; i++)
    {
      g_autoptr(IcDecisionCheck) check = checks ? g_list_model_get_item (checks, (guint) i)
                                                : NULL;
      self->checks[i] = check;
    }
  update_rows (self);
}

/**
 * ic_decision_tree_get_next_step:
 *
 * Returns: the step (1…4) highlighted as next, or 0 when all are answered
 */
int
ic_decision_tree_get_next_step (IcDecisionTree *self)
{
  IcDecisionCheck *next;

  g_return_val_if_fail (IC_IS_DECISION_TREE (self), 0);

  if (self->incident == NULL)
    return 0;
  next = ic_store_get_next_decision_check (self->store, self->incident);
  return next ? ic_decision_check_get_step (next) : 0;
}

/**
 * ic_decision_tree_focus_next:
 *
 * Puts the keyboard on the answers of the check to answer next (the first
 * check when all are answered).
 */
void
ic_decision_tree_focus_next (IcDecisionTree *self)
{
  int step;

  g_return_if_fail (IC_IS_DECISION_TREE (self));

  step = ic_decision_tree_get_next_step (self);
  ic_decision_check_row_focus_answer (self->rows[step > 0 ? step - 1 : 0]);
}
