/* ic-why-row.c — one why of the postmortem's chain
 *
 * The question ("Why? (2 of 5)") and the answer ("Because… (2)") are entry
 * rows; the titles and the Move/Remove buttons' labels follow the why's
 * place in the chain and the chain's length (#IcWhyRow:count, set by the
 * page as the chain changes). What is typed is asked of the page through
 * postmortem.update-why((xss)); the buttons ask postmortem.move-why((xi))
 * and postmortem.remove-why(x). When the store changes the why, the entries
 * follow, unless they already say it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-why-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-why-row.h"

struct _IcWhyRow
{
  GtkListBoxRow parent_instance;

  /* Owned */
  IcWhy     *why;
  guint      count;
  gboolean   syncing;   /* putting the why's text in the entries */

  /* Template widgets */
  GtkWidget *question_row;
  GtkWidget *answer_row;
  GtkWidget *up_button;
  GtkWidget *down_button;
  GtkWidget *remove_button;
};

enum {
  PROP_0,
  PROP_WHY,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcWhyRow, ic_why_row, GTK_TYPE_LIST_BOX_ROW)

static void
label_button (GtkWidget  *button,
              const char *label)
{
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Titles, labels and which moves are possible follow the why's place. */
static void
update_place (IcWhyRow *self)
{
  guint position = (guint) MAX (ic_why_get_position (self->why), 1);
  g_autofree char *asked = g_strdup_printf (_("Why? (%u of %u)"), position,
                                            MAX (self->count, position));
  g_autofree char *because = g_strdup_printf (_("Because… (%u)"), position);
  g_autofree char *up = g_strdup_printf (_("Move why %u up"), position);
  g_autofree char *down = g_strdup_printf (_("Move why %u down"), position);
  g_autofree char *remove = g_strdup_printf (_("Remove why %u"), position);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->question_row), asked);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->answer_row), because);
  label_button (self->up_button, up);
  label_button (self->down_button, down);
  label_button (self->remove_button, remove);
  gtk_widget_set_sensitive (self->up_button, position > 1);
  gtk_widget_set_sensitive (self->down_button, position < self->count);
}

static void
set_entry (IcWhyRow   *self,
           GtkWidget  *entry,
           const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0)
    return;
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  self->syncing = FALSE;
}

static void
update_text (IcWhyRow *self)
{
  set_entry (self, self->question_row, ic_why_get_question (self->why));
  set_entry (self, self->answer_row, ic_why_get_answer (self->why));
}

static void
text_changed_cb (IcWhyRow *self)
{
  if (self->syncing || self->why == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "postmortem.update-why", "(xss)",
                              ic_why_get_id (self->why),
                              gtk_editable_get_text (GTK_EDITABLE (self->question_row)),
                              gtk_editable_get_text (GTK_EDITABLE (self->answer_row)));
}

static void
move (IcWhyRow *self,
      int       delta)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "postmortem.move-why", "(xi)",
                              ic_why_get_id (self->why), delta);
}

static void
up_clicked_cb (IcWhyRow *self)
{
  move (self, -1);
}

static void
down_clicked_cb (IcWhyRow *self)
{
  move (self, 1);
}

static void
ic_why_row_dispose (GObject *object)
{
  IcWhyRow *self = IC_WHY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_WHY_ROW);
  g_clear_object (&self->why);

  G_OBJECT_CLASS (ic_why_row_parent_class)->dispose (object);
}

static void
ic_why_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IcWhyRow *self = IC_WHY_ROW (object);

  switch (prop_id)
    {
    case PROP_WHY:
      g_value_set_object (value, self->why);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_why_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  IcWhyRow *self = IC_WHY_ROW (object);

  switch (prop_id)
    {
    case PROP_WHY:
      self->why = g_value_dup_object (value);
      break;
    case PROP_COUNT:
      ic_why_row_set_count (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_why_row_constructed (GObject *object)
{
  IcWhyRow *self = IC_WHY_ROW (object);

  G_OBJECT_CLASS (ic_why_row_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_WHY (self->why));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "x",
                                    ic_why_get_id (self->why));
  update_text (self);
  update_place (self);
  g_signal_connect_object (self->why, "notify::position", G_CALLBACK (update_place), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->why, "notify::question", G_CALLBACK (update_text), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->why, "notify::answer", G_CALLBACK (update_text), self,
                           G_CONNECT_SWAPPED);
}

static void
ic_why_row_class_init (IcWhyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_why_row_dispose;
  object_class->constructed = ic_why_row_constructed;
  object_class->get_property = ic_why_row_get_property;
  object_class->set_property = ic_why_row_set_property;

  properties[PROP_WHY] =
    g_param_spec_object ("why", NULL, NULL, IC_TYPE_WHY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* How many whys the chain has: "Why? (2 of 5)". */
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-why-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcWhyRow, question_row);
  gtk_widget_class_bind_template_child (widget_class, IcWhyRow, answer_row);
  gtk_widget_class_bind_template_child (widget_class, IcWhyRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, IcWhyRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, IcWhyRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, down_clicked_cb);
}

static void
ic_why_row_init (IcWhyRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ic_why_row_new (IcWhy *why,
                guint  count)
{
  g_return_val_if_fail (IC_IS_WHY (why), NULL);
  return g_object_new (IC_TYPE_WHY_ROW, "why", why, "count", count, NULL);
}

IcWhy *
ic_why_row_get_why (IcWhyRow *self)
{
  g_return_val_if_fail (IC_IS_WHY_ROW (self), NULL);
  return self->why;
}

guint
ic_why_row_get_count (IcWhyRow *self)
{
  g_return_val_if_fail (IC_IS_WHY_ROW (self), 0);
  return self->count;
}

void
ic_why_row_set_count (IcWhyRow *self,
                      guint     count)
{
  g_return_if_fail (IC_IS_WHY_ROW (self));

  if (self->count == count)
    return;
  self->count = count;
  if (self->why != NULL)
    update_place (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

/**
 * ic_why_row_get_question:
 *
 * Returns: (transfer none): the question's entry row
 */
GtkWidget *
ic_why_row_get_question (IcWhyRow *self)
{
  g_return_val_if_fail (IC_IS_WHY_ROW (self), NULL);
  return self->question_row;
}

/**
 * ic_why_row_get_answer:
 *
 * Returns: (transfer none): the answer's entry row
 */
GtkWidget *
ic_why_row_get_answer (IcWhyRow *self)
{
  g_return_val_if_fail (IC_IS_WHY_ROW (self), NULL);
  return self->answer_row;
}

/**
 * ic_why_row_get_button:
 * @delta: -1 for Move Up, 1 for Move Down, 0 for Remove
 *
 * Returns: (transfer none): the button
 */
GtkWidget *
ic_why_row_get_button (IcWhyRow *self,
                       int       delta)
{
  g_return_val_if_fail (IC_IS_WHY_ROW (self), NULL);
  return delta < 0 ? self->up_button : delta > 0 ? self->down_button : self->remove_button;
}
