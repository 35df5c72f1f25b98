/* ic-suggestion-row.c — one starting point on the hypothesis board:
 * "Bad deploy or config push", "Recent change · Likely", and an Add button
 *
 * The template (ui/ic-suggestion-row.ui) holds the Add button, which asks
 * the board through `board.add` with the suggestion's text, likelihood and
 * test command, as the add form does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-suggestion-row"

#include "config.h"

#include "ic-suggestion-row.h"

struct _IcSuggestionRow
{
  AdwActionRow  parent_instance;

  /* Owned */
  IcSuggestion *suggestion;

  /* Template widgets */
  GtkWidget    *add_button;
};

enum {
  PROP_0,
  PROP_SUGGESTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcSuggestionRow, ic_suggestion_row, ADW_TYPE_ACTION_ROW)

static void
ic_suggestion_row_dispose (GObject *object)
{
  IcSuggestionRow *self = IC_SUGGESTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_SUGGESTION_ROW);
  g_clear_object (&self->suggestion);
  G_OBJECT_CLASS (ic_suggestion_row_parent_class)->dispose (object);
}

static void
ic_suggestion_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcSuggestionRow *self = IC_SUGGESTION_ROW (object);

  switch (prop_id)
    {
    case PROP_SUGGESTION:
      g_value_set_object (value, self->suggestion);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
show_suggestion (IcSuggestionRow *self)
{
  IcSuggestion *suggestion = self->suggestion;
  IcLikelihood likelihood = ic_suggestion_get_likelihood (suggestion);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               ic_suggestion_get_category_label (suggestion),
                                               ic_likelihood_get_label (likelihood));

  /* Set here, not bound in the template: a binding whose target is the
   * template object itself outlives the object's weak references. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ic_suggestion_get_text (suggestion));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_button), "(sss)",
                                    ic_suggestion_get_text (suggestion),
                                    ic_likelihood_to_string (likelihood),
                                    ic_suggestion_get_test_command (suggestion));
}

static void
ic_suggestion_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IcSuggestionRow *self = IC_SUGGESTION_ROW (object);

  switch (prop_id)
    {
    case PROP_SUGGESTION:
      g_set_object (&self->suggestion, g_value_get_object (value));
      show_suggestion (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_suggestion_row_class_init (IcSuggestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_suggestion_row_dispose;
  object_class->get_property = ic_suggestion_row_get_property;
  object_class->set_property = ic_suggestion_row_set_property;

  /**
   * IcSuggestionRow:suggestion:
   *
   * The starting point the row offers.
   */
  properties[PROP_SUGGESTION] =
    g_param_spec_object ("suggestion", NULL, NULL, IC_TYPE_SUGGESTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-suggestion-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcSuggestionRow, add_button);
}

static void
ic_suggestion_row_init (IcSuggestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ic_suggestion_row_new (IcSuggestion *suggestion)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (suggestion), NULL);

  return g_object_new (IC_TYPE_SUGGESTION_ROW, "suggestion", suggestion, NULL);
}

/**
 * ic_suggestion_row_get_suggestion:
 *
 * Returns: (transfer none): the starting point the row offers
 */
IcSuggestion *
ic_suggestion_row_get_suggestion (IcSuggestionRow *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION_ROW (self), NULL);

  return self->suggestion;
}
