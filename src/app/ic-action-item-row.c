/* ic-action-item-row.c — one action item of the postmortem
 *
 * The title is the item's text; the subtitle says its kind, owner, due date
 * and whether it is done, in words; both follow the item as the store saves
 * it. Expanded, the row shows the item's fields, filled once from the item
 * and then holding what is typed: every edit is asked of the
 * page through postmortem.update-item((xsssub): id, text, owner, due date,
 * kind, done). A refused edit stays in the fields, the row is marked in
 * error (ic_action_item_row_set_error(), called by the page) and the item
 * keeps its last saved values. The trash button asks
 * postmortem.remove-item(x).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-action-item-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-action-item-row.h"

struct _IcActionItemRow
{
  AdwExpanderRow parent_instance;

  /* Owned */
  IcActionItem *item;
  char         *error;
  gboolean      syncing;   /* putting the item's values in the fields */

  /* Template widgets */
  GtkWidget    *done_check;
  GtkWidget    *remove_button;
  GtkWidget    *text_row;
  GtkWidget    *owner_row;
  GtkWidget    *due_row;
  GtkWidget    *kind_row;
};

enum {
  PROP_0,
  PROP_ITEM,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcActionItemRow, ic_action_item_row, ADW_TYPE_EXPANDER_ROW)

/**
 * ic_action_item_kinds_new:
 *
 * Returns: (transfer full): the kinds' labels, in #IcActionItemKind order
 *   (for a combo row whose selection is the kind)
 */
GtkStringList *
ic_action_item_kinds_new (void)
{
  GtkStringList *kinds = gtk_string_list_new (NULL);

  for (int k = IC_ACTION_ITEM_MONITORING; k <= IC_ACTION_ITEM_OTHER; k++)
    gtk_string_list_append (kinds, ic_action_item_kind_get_label (k));
  return kinds;
}

static char *
describe (IcActionItem *item)
{
  GString *out = g_string_new (ic_action_item_kind_get_label (ic_action_item_get_kind (item)));
  const char *owner = ic_action_item_get_owner (item);
  const char *due = ic_action_item_get_due_date (item);

  if (owner != NULL && *owner != '\0')
    g_string_append_printf (out, _(" · owner: %s"), owner);
  if (due != NULL && *due != '\0')
    g_string_append_printf (out, _(" · due %s"), due);
  g_string_append (out, ic_action_item_get_done (item) ? _(" · done") : _(" · open"));
  return g_string_free (out, FALSE);
}

/* The title and subtitle follow the item as the store saves it. The fields
 * are filled once: after that they hold what the user types (the store trims
 * the text it saves, and a refused edit stays until it is fixed). */
static void
update (IcActionItemRow *self)
{
  g_autofree char *subtitle = describe (self->item);
  g_autofree char *remove = g_strdup_printf (_("Remove action item “%s”"),
                                             ic_action_item_get_text (self->item));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 ic_action_item_get_text (self->item));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  gtk_widget_set_tooltip_text (self->remove_button, remove);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
}

static void
fill_fields (IcActionItemRow *self)
{
  const char *due = ic_action_item_get_due_date (self->item);
  g_autoptr(GtkStringList) kinds = ic_action_item_kinds_new ();

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->text_row), ic_action_item_get_text (self->item));
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), ic_action_item_get_owner (self->item));
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), due != NULL ? due : "");
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), ic_action_item_get_kind (self->item));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->done_check),
                               ic_action_item_get_done (self->item));
  self->syncing = FALSE;
}

static void
field_changed_cb (IcActionItemRow *self)
{
  if (self->syncing || self->item == NULL)
    return;
  gtk_widget_activate_action (
    GTK_WIDGET (self), "postmortem.update-item", "(xsssub)", ic_action_item_get_id (self->item),
    gtk_editable_get_text (GTK_EDITABLE (self->text_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->owner_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->due_row)),
    adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row)),
    gtk_check_button_get_active (GTK_CHECK_BUTTON (self->done_check)));
}

static void
ic_action_item_row_dispose (GObject *object)
{
  IcActionItemRow *self = IC_ACTION_ITEM_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_ACTION_ITEM_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (ic_action_item_row_parent_class)->dispose (object);
}

static void
ic_action_item_row_finalize (GObject *object)
{
  IcActionItemRow *self = IC_ACTION_ITEM_ROW (object);

  g_free (self->error);

  G_OBJECT_CLASS (ic_action_item_row_parent_class)->finalize (object);
}

static void
ic_action_item_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IcActionItemRow *self = IC_ACTION_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_action_item_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IcActionItemRow *self = IC_ACTION_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    case PROP_ERROR:
      ic_action_item_row_set_error (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_action_item_row_constructed (GObject *object)
{
  IcActionItemRow *self = IC_ACTION_ITEM_ROW (object);

  G_OBJECT_CLASS (ic_action_item_row_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_ACTION_ITEM (self->item));

  fill_fields (self);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "x",
                                    ic_action_item_get_id (self->item));
  update (self);
  g_signal_connect_object (self->item, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

static void
ic_action_item_row_class_init (IcActionItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_action_item_row_dispose;
  object_class->finalize = ic_action_item_row_finalize;
  object_class->constructed = ic_action_item_row_constructed;
  object_class->get_property = ic_action_item_row_get_property;
  object_class->set_property = ic_action_item_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, IC_TYPE_ACTION_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Why the edit in the fields was refused, or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-action-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, done_check);
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, text_row);
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, owner_row);
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, due_row);
  gtk_widget_class_bind_template_child (widget_class, IcActionItemRow, kind_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
ic_action_item_row_init (IcActionItemRow *self)
{
  /* The template's signals fire while it is built: nothing to save yet. */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->syncing = FALSE;
}

GtkWidget *
ic_action_item_row_new (IcActionItem *item)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (item), NULL);
  return g_object_new (IC_TYPE_ACTION_ITEM_ROW, "item", item, NULL);
}

IcActionItem *
ic_action_item_row_get_item (IcActionItemRow *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM_ROW (self), NULL);
  return self->item;
}

const char *
ic_action_item_row_get_error (IcActionItemRow *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM_ROW (self), NULL);
  return self->error;
}

/**
 * ic_action_item_row_set_error:
 * @message: (nullable): why the edit in the fields was refused, or %NULL
 *   once it was saved
 *
 * Marks the row as in error: what was typed stays, the item keeps its last
 * saved values.
 */
void
ic_action_item_row_set_error (IcActionItemRow *self,
                              const char      *message)
{
  g_return_if_fail (IC_IS_ACTION_ITEM_ROW (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}
