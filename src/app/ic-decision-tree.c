/* ic-decision-tree.c — the four checks, in order, beside the incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-decision-tree"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-decision-tree.h"
#include "ic-time-input.h"

typedef struct
{
  GtkWidget       *card;
  GtkWidget       *next_label;
  GtkWidget       *answer_buttons[3];   /* yes, no, unknown */
  GtkWidget       *note_entry;
  GtkWidget       *answered_label;
  IcDecisionCheck *check;               /* borrowed from the store's model */
} CheckRow;

struct _IcDecisionTree
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore    *store;
  IcIncident *incident;

  GtkWidget  *box;
  GtkWidget  *status_label;
  CheckRow    rows[IC_DECISION_CHECK_N_STEPS];
  gboolean    updating;
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

static const IcCheckAnswer button_answers[3] = {
  IC_CHECK_ANSWER_YES, IC_CHECK_ANSWER_NO, IC_CHECK_ANSWER_UNKNOWN,
};

G_DEFINE_FINAL_TYPE (IcDecisionTree, ic_decision_tree, GTK_TYPE_WIDGET)

static void
update_rows (IcDecisionTree *self)
{
  IcDecisionCheck *next = NULL;
  gint64 now_us = ic_clock_get_now (ic_store_get_clock (self->store));
  int answered = 0;

  if (self->incident != NULL)
    next = ic_store_get_next_decision_check (self->store, self->incident);
  self->updating = TRUE;
  for (int i = 0; i < IC_DECISION_CHECK_N_STEPS; i++)
    {
      CheckRow *row = &self->rows[i];
      IcCheckAnswer answer = row->check ? ic_decision_check_get_answer (row->check)
                                        : IC_CHECK_ANSWER_UNANSWERED;
      gboolean is_next = row->check != NULL && row->check == next;

      gtk_widget_set_sensitive (row->card, row->check != NULL);
      for (int b = 0; b < 3; b++)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->answer_buttons[b]),
                                      answer == button_answers[b]);
      gtk_editable_set_text (GTK_EDITABLE (row->note_entry),
                             row->check ? ic_decision_check_get_note (row->check) : "");
      /* The next check is marked by a label, not by colour alone. */
      gtk_widget_set_visible (row->next_label, is_next);
      if (is_next)
        gtk_widget_add_css_class (row->card, "next-check");
      else
        gtk_widget_remove_css_class (row->card, "next-check");
      if (row->check != NULL && ic_decision_check_get_is_answered (row->check))
        {
          g_autofree char *when = ic_time_format_local (
            ic_decision_check_get_answered_at (row->check), now_us, NULL);
          g_autofree char *text = g_strdup_printf (_("Answered at %s"), when);

          gtk_label_set_label (GTK_LABEL (row->answered_label), text);
          answered++;
        }
      else
        gtk_label_set_label (GTK_LABEL (row->answered_label), _("Not answered yet"));
    }
  {
    g_autofree char *status = g_strdup_printf (_("%d of %d checks answered"), answered,
                                               IC_DECISION_CHECK_N_STEPS);
    gtk_label_set_label (GTK_LABEL (self->status_label), status);
  }
  self->updating = FALSE;
}

static void
answer (IcDecisionTree *self,
        int             step,
        IcCheckAnswer   value,
        const char     *note)
{
  g_autoptr(GError) error = NULL;
  CheckRow *row;

  if (step < 1 || step > IC_DECISION_CHECK_N_STEPS)
    return;
  row = &self->rows[step - 1];
  if (row->check == NULL)
    return;
  if (!ic_store_answer_decision_check (self->store, row->check, value, note, &error))
    g_warning ("Could not answer check %d: %s", step, error->message);
  update_rows (self);
}

static void
answer_toggled_cb (GtkToggleButton *button,
                   IcDecisionTree  *self)
{
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "step"));
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "answer"));
  CheckRow *row = &self->rows[step - 1];

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  answer (self, step, button_answers[index],
          gtk_editable_get_text (GTK_EDITABLE (row->note_entry)));
}

static void
note_activate_cb (GtkEntry       *entry,
                  IcDecisionTree *self)
{
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "step"));
  CheckRow *row = &self->rows[step - 1];
  IcCheckAnswer current;

  if (row->check == NULL)
    return;
  current = ic_decision_check_get_answer (row->check);
  /* A note without an answer yet counts as "unknown": something was seen. */
  answer (self, step, current == IC_CHECK_ANSWER_UNANSWERED ? IC_CHECK_ANSWER_UNKNOWN : current,
          gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
show_changes_cb (IcDecisionTree *self)
{
  g_signal_emit (self, signals[SHOW_CHANGES], 0);
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

static GtkWidget *
build_row (IcDecisionTree *self,
           int             step)
{
  CheckRow *row = &self->rows[step - 1];
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *number = g_strdup_printf ("%d", step);
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *question = gtk_label_new (ic_decision_check_get_question (step));
  GtkWidget *hint = gtk_label_new (ic_decision_check_get_hint (step));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const char *labels[3] = { _("_Yes"), _("_No"), _("_Unknown") };

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "decision-check");
  gtk_widget_set_margin_bottom (card, 6);
  g_object_set (card, "margin-start", 0, NULL);
  gtk_widget_add_css_class (number_label, "check-number");
  gtk_widget_add_css_class (number_label, "numeric");
  gtk_label_set_wrap (GTK_LABEL (question), TRUE);
  gtk_label_set_xalign (GTK_LABEL (question), 0);
  gtk_widget_set_hexpand (question, TRUE);
  gtk_widget_add_css_class (question, "heading");
  row->next_label = gtk_label_new (_("Next"));
  gtk_widget_add_css_class (row->next_label, "next-check-label");
  gtk_box_append (GTK_BOX (header), number_label);
  gtk_box_append (GTK_BOX (header), question);
  gtk_box_append (GTK_BOX (header), row->next_label);
  gtk_box_append (GTK_BOX (card), header);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (card), hint);

  gtk_widget_add_css_class (buttons, "linked");
  for (int b = 0; b < 3; b++)
    {
      g_autofree char *a11y = g_strdup_printf ("%s — %s", ic_decision_check_get_question (step),
                                               ic_check_answer_get_label (button_answers[b]));

      row->answer_buttons[b] = gtk_toggle_button_new_with_mnemonic (labels[b]);
      if (b > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (row->answer_buttons[b]),
                                     GTK_TOGGLE_BUTTON (row->answer_buttons[0]));
      g_object_set_data (G_OBJECT (row->answer_buttons[b]), "step", GINT_TO_POINTER (step));
      g_object_set_data (G_OBJECT (row->answer_buttons[b]), "answer", GINT_TO_POINTER (b));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->answer_buttons[b]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, a11y, -1);
      g_signal_connect_object (row->answer_buttons[b], "toggled",
                               G_CALLBACK (answer_toggled_cb), self, 0);
      gtk_box_append (GTK_BOX (buttons), row->answer_buttons[b]);
    }
  gtk_box_append (GTK_BOX (card), buttons);

  row->note_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->note_entry), _("What did you see? (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->note_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note for this check"), -1);
  g_object_set_data (G_OBJECT (row->note_entry), "step", GINT_TO_POINTER (step));
  g_signal_connect_object (row->note_entry, "activate", G_CALLBACK (note_activate_cb), self, 0);
  gtk_box_append (GTK_BOX (card), row->note_entry);

  if (step == 2)
    {
      GtkWidget *link = gtk_button_new_with_mnemonic (_("Show the _Changes"));

      gtk_widget_add_css_class (link, "flat");
      gtk_widget_set_halign (link, GTK_ALIGN_START);
      g_signal_connect_object (link, "clicked", G_CALLBACK (show_changes_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (card), link);
    }

  row->answered_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->answered_label), 0);
  gtk_widget_add_css_class (row->answered_label, "caption");
  gtk_widget_add_css_class (row->answered_label, "dim-label");
  gtk_box_append (GTK_BOX (card), row->answered_label);
  row->card = card;
  return card;
}

static void
ic_decision_tree_dispose (GObject *object)
{
  IcDecisionTree *self = IC_DECISION_TREE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "decision-tree");
}

static void
ic_decision_tree_init (IcDecisionTree *self)
{
  GtkWidget *title = gtk_label_new (_("Decision Tree"));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_add_css_class (title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (self->box), title);
  self->status_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_widget_add_css_class (self->status_label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->status_label);
  for (int step = 1; step <= IC_DECISION_CHECK_N_STEPS; step++)
    gtk_box_append (GTK_BOX (self->box), build_row (self, step));
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Decision tree"), -1);
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
      self->rows[i].check = check;
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
