/* ic-decision-check-row.c — one check of the decision tree
 *
 * Shows the stored answer, note and time of its IcDecisionCheck, and asks
 * the tree for an answer through checks.answer((step, answer, note)) when
 * a button is pressed or the note is entered; "Show the Changes" (check 2)
 * is checks.show-changes. It never touches the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-decision-check-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-decision-check-row.h"
#include "ic-time-input.h"

struct _IcDecisionCheckRow
{
  GtkWidget parent_instance;

  /* Owned */
  IcDecisionCheck *check;    /* (nullable) */
  int              step;
  gboolean         is_next;
  gboolean         updating;

  /* Template widgets */
  GtkWidget       *card;
  GtkLabel        *number_label;
  GtkLabel        *question_label;
  GtkLabel        *hint_label;
  GtkToggleButton *yes_button;
  GtkToggleButton *no_button;
  GtkToggleButton *unknown_button;
  GtkEntry        *note_entry;
  GtkWidget       *changes_button;
  GtkLabel        *answered_label;
};

enum {
  PROP_0,
  PROP_STEP,
  PROP_CHECK,
  PROP_IS_NEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcDecisionCheckRow, ic_decision_check_row, GTK_TYPE_WIDGET)

static GtkToggleButton *
button_for (IcDecisionCheckRow *self,
            IcCheckAnswer       answer)
{
  switch (answer)
    {
    case IC_CHECK_ANSWER_YES:
      return self->yes_button;
    case IC_CHECK_ANSWER_NO:
      return self->no_button;
    case IC_CHECK_ANSWER_UNKNOWN:
      return self->unknown_button;
    case IC_CHECK_ANSWER_UNANSWERED:
    default:
      return NULL;
    }
}

static void
ask (IcDecisionCheckRow *self,
     IcCheckAnswer       answer)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "checks.answer", "(iss)", self->step,
                              ic_check_answer_to_string (answer),
                              gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
}

static void
answer_toggled_cb (IcDecisionCheckRow *self,
                   GtkToggleButton    *button)
{
  const IcCheckAnswer answers[] = { IC_CHECK_ANSWER_YES, IC_CHECK_ANSWER_NO,
                                    IC_CHECK_ANSWER_UNKNOWN };

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (button_for (self, answers[i]) == button)
      ask (self, answers[i]);
  /* What was seen goes with the answer: the note is next. */
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

/* Y, N or U while the check has the focus (but not while its note is being
 * typed, which takes the letters itself): that answer, as its button. */
static gboolean
answer_key_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  IcDecisionCheckRow *self = IC_DECISION_CHECK_ROW (widget);
  IcCheckAnswer answer;
  GtkToggleButton *button;

  if (self->check == NULL
      || !ic_check_answer_from_string (g_variant_get_string (args, NULL), &answer))
    return FALSE;
  button = button_for (self, answer);
  if (gtk_toggle_button_get_active (button))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
  else
    gtk_toggle_button_set_active (button, TRUE);
  return TRUE;
}

static void
note_activate_cb (IcDecisionCheckRow *self)
{
  IcCheckAnswer current;

  if (self->check == NULL)
    return;
  current = ic_decision_check_get_answer (self->check);
  /* A note without an answer yet counts as "unknown": something was seen. */
  ask (self, current == IC_CHECK_ANSWER_UNANSWERED ? IC_CHECK_ANSWER_UNKNOWN : current);
}

static void
ic_decision_check_row_dispose (GObject *object)
{
  IcDecisionCheckRow *self = IC_DECISION_CHECK_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_DECISION_CHECK_ROW);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->check);

  G_OBJECT_CLASS (ic_decision_check_row_parent_class)->dispose (object);
}

static void
ic_decision_check_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IcDecisionCheckRow *self = IC_DECISION_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    case PROP_CHECK:
      g_value_set_object (value, self->check);
      break;
    case PROP_IS_NEXT:
      g_value_set_boolean (value, self->is_next);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_decision_check_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IcDecisionCheckRow *self = IC_DECISION_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_decision_check_row_constructed (GObject *object)
{
  IcDecisionCheckRow *self = IC_DECISION_CHECK_ROW (object);
  g_autofree char *number = g_strdup_printf ("%d", self->step);
  const IcCheckAnswer answers[] = { IC_CHECK_ANSWER_YES, IC_CHECK_ANSWER_NO,
                                    IC_CHECK_ANSWER_UNKNOWN };

  G_OBJECT_CLASS (ic_decision_check_row_parent_class)->constructed (object);

  gtk_label_set_label (self->number_label, number);
  gtk_label_set_label (self->question_label, ic_decision_check_get_question (self->step));
  gtk_label_set_label (self->hint_label, ic_decision_check_get_hint (self->step));
  /* What changed in the last hour? The list of changes is one click away. */
  gtk_widget_set_visible (self->changes_button, self->step == 2);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autofree char *a11y = g_strdup_printf ("%s — %s",
                                               ic_decision_check_get_question (self->step),
                                               ic_check_answer_get_label (answers[i]));

      gtk_accessible_update_property (GTK_ACCESSIBLE (button_for (self, answers[i])),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, a11y, -1);
    }
  ic_decision_check_row_show (self, NULL, FALSE, 0);
}

static void
ic_decision_check_row_class_init (IcDecisionCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_decision_check_row_dispose;
  object_class->constructed = ic_decision_check_row_constructed;
  object_class->get_property = ic_decision_check_row_get_property;
  object_class->set_property = ic_decision_check_row_set_property;

  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, 1, IC_DECISION_CHECK_N_STEPS, 1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECK] =
    g_param_spec_object ("check", NULL, NULL, IC_TYPE_DECISION_CHECK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEXT] =
    g_param_spec_boolean ("is-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-decision-check-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcDecisionCheckRow, name)
  BIND (card);
  BIND (number_label);
  BIND (question_label);
  BIND (hint_label);
  BIND (yes_button);
  BIND (no_button);
  BIND (unknown_button);
  BIND (note_entry);
  BIND (changes_button);
  BIND (answered_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, answer_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_activate_cb);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_y, 0, answer_key_cb, "s", "yes");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_n, 0, answer_key_cb, "s", "no");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_u, 0, answer_key_cb, "s", "unknown");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ic_decision_check_row_init (IcDecisionCheckRow *self)
{
  self->step = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
ic_decision_check_row_new (int step)
{
  g_return_val_if_fail (step >= 1 && step <= IC_DECISION_CHECK_N_STEPS, NULL);
  return g_object_new (IC_TYPE_DECISION_CHECK_ROW, "step", step, NULL);
}

int
ic_decision_check_row_get_step (IcDecisionCheckRow *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK_ROW (self), 0);
  return self->step;
}

IcDecisionCheck *
ic_decision_check_row_get_check (IcDecisionCheckRow *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK_ROW (self), NULL);
  return self->check;
}

gboolean
ic_decision_check_row_get_is_next (IcDecisionCheckRow *self)
{
  g_return_val_if_fail (IC_IS_DECISION_CHECK_ROW (self), FALSE);
  return self->is_next;
}

/**
 * ic_decision_check_row_show:
 * @check: (nullable): the stored check, or %NULL with no incident
 * @is_next: whether it is the check to answer next
 * @now: what "Answered at" is formatted against (µs since the epoch)
 *
 * Shows what is stored: the buttons, the note and the time of the answer
 * (so a refused answer is undone on screen).
 */
/* The check as a screen reader reads it: the question and its answer, which
 * the pressed button shows by more than its colour. */
static void
update_accessible_label (IcDecisionCheckRow *self,
                         IcCheckAnswer       answer)
{
  g_autofree char *a11y = NULL;

  if (answer == IC_CHECK_ANSWER_UNANSWERED)
    /* Translators: a decision-tree check as a screen reader reads it */
    a11y = g_strdup_printf (_("%s — not answered yet"), ic_decision_check_get_question (self->step));
  else
    /* Translators: a decision-tree check as a screen reader reads it, e.g.
     * "Is it global or partial? — answered: Yes" */
    a11y = g_strdup_printf (_("%s — answered: %s"), ic_decision_check_get_question (self->step),
                            ic_check_answer_get_label (answer));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

void
ic_decision_check_row_show (IcDecisionCheckRow *self,
                            IcDecisionCheck    *check,
                            gboolean            is_next,
                            gint64              now)
{
  IcCheckAnswer answer;
  GtkToggleButton *pressed;

  g_return_if_fail (IC_IS_DECISION_CHECK_ROW (self));

  if (g_set_object (&self->check, check))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
  if (self->is_next != is_next)
    {
      self->is_next = is_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEXT]);
    }
  answer = check ? ic_decision_check_get_answer (check) : IC_CHECK_ANSWER_UNANSWERED;
  pressed = button_for (self, answer);
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->yes_button, pressed == self->yes_button);
  gtk_toggle_button_set_active (self->no_button, pressed == self->no_button);
  gtk_toggle_button_set_active (self->unknown_button, pressed == self->unknown_button);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                         check ? ic_decision_check_get_note (check) : "");
  self->updating = FALSE;
  gtk_widget_set_sensitive (self->card, check != NULL);
  if (is_next)
    gtk_widget_add_css_class (self->card, "next-check");
  else
    gtk_widget_remove_css_class (self->card, "next-check");
  if (check != NULL && ic_decision_check_get_is_answered (check))
    {
      g_autofree char *when = ic_time_format_local (ic_decision_check_get_answered_at (check),
                                                    now, NULL);
      g_autofree char *text = g_strdup_printf (_("Answered at %s"), when);

      gtk_label_set_label (self->answered_label, text);
    }
  else
    gtk_label_set_label (self->answered_label, _("Not answered yet"));
  update_accessible_label (self, answer);
}

/**
 * ic_decision_check_row_focus_answer:
 *
 * Puts the keyboard on the check's answer: the one given, or Yes.
 */
void
ic_decision_check_row_focus_answer (IcDecisionCheckRow *self)
{
  GtkToggleButton *pressed;

  g_return_if_fail (IC_IS_DECISION_CHECK_ROW (self));

  pressed = self->check ? button_for (self, ic_decision_check_get_answer (self->check)) : NULL;
  gtk_widget_grab_focus (GTK_WIDGET (pressed ? pressed : self->yes_button));
}
