/* ic-postmortem-lists.c — the postmortem page's 5 whys and action items
 *
 * Each list is a GtkListBox bound to the store's live list for the incident
 * (ic_store_get_whys(), ic_store_get_action_items()): one IcWhyRow per why,
 * one IcActionItemRow per item. The rows ask for edits through the page's
 * actions (postmortem.update-why, move-why, remove-why, update-item,
 * remove-item); the store's lists follow the edits and the rows follow them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-postmortem-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-action-item-row.h"
#include "ic-postmortem-page-private.h"
#include "ic-why-row.h"

/* 5 whys ---------------------------------------------------------------- */

static GtkWidget *
create_why_row (gpointer item,
                gpointer user_data)
{
  IcPostmortemPage *self = user_data;

  return ic_why_row_new (IC_WHY (item), g_list_model_get_n_items (self->whys));
}

/* Each row says "Why? (2 of 5)": the chain's length changed. */
static void
whys_changed_cb (IcPostmortemPage *self)
{
  guint n = g_list_model_get_n_items (self->whys);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->whys_list, i)) != NULL; i++)
    ic_why_row_set_count (IC_WHY_ROW (row), n);
}

static IcWhyRow *
why_row_at (IcPostmortemPage *self,
            int               index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->whys_list, index);

  return row != NULL ? IC_WHY_ROW (row) : NULL;
}

/* The row of the why with @id, and its index. */
static IcWhyRow *
find_why_row (IcPostmortemPage *self,
              gint64            id,
              int              *index)
{
  IcWhyRow *row;

  for (int i = 0; (row = why_row_at (self, i)) != NULL; i++)
    if (ic_why_get_id (ic_why_row_get_why (row)) == id)
      {
        *index = i;
        return row;
      }
  return NULL;
}

static void
update_why_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *question, *answer;
  gint64 id;

  g_variant_get (param, "(x&s&s)", &id, &question, &answer);
  if (self->incident == NULL)
    return;
  if (!ic_store_update_why (self->store, self->incident, id, question, answer, &error))
    _ic_postmortem_page_show_error (self, error);
  else
    _ic_postmortem_page_update_suggestion (self);
}

static void
move_why_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  IcWhyRow *row;
  int delta, index = -1;
  gint64 id;

  g_variant_get (param, "(xi)", &id, &delta);
  if (self->incident == NULL || find_why_row (self, id, &index) == NULL)
    return;
  if (!ic_store_move_why (self->store, self->incident, id, index + 1 + delta, &error))
    {
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  /* The moved why has a new row: the focus goes with it, to the same button
   * while it can move further that way, else to its question. */
  row = find_why_row (self, id, &index);
  if (row != NULL)
    {
      GtkWidget *button = ic_why_row_get_button (row, delta);

      gtk_widget_grab_focus (gtk_widget_get_sensitive (button) ? button
                                                            : ic_why_row_get_question (row));
    }
}

static void
remove_why_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (param);
  IcWhyRow *next;
  int index = 0;

  if (self->incident == NULL)
    return;
  find_why_row (self, id, &index);
  if (!ic_store_delete_why (self->store, self->incident, id, &error))
    {
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  _ic_postmortem_page_update_suggestion (self);
  /* The focus goes to the why that took its place, or the one before. */
  next = why_row_at (self, index);
  if (next == NULL && index > 0)
    next = why_row_at (self, index - 1);
  if (next != NULL)
    gtk_widget_grab_focus (ic_why_row_get_question (next));
}

static void
add_why_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *question = NULL;
  guint n;
  IcWhyRow *last;

  if (self->incident == NULL || self->whys == NULL)
    return;
  /* The next question asks why the last answer is so. */
  n = g_list_model_get_n_items (self->whys);
  if (n > 0)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (self->whys, n - 1);

      if (*ic_why_get_answer (why) != '\0')
        question = g_strdup_printf (_("Why: %s?"), ic_why_get_answer (why));
    }
  if (ic_store_add_why (self->store, self->incident, question, "", &error) == 0)
    {
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  last = why_row_at (self, (int) g_list_model_get_n_items (self->whys) - 1);
  if (last != NULL)
    gtk_widget_grab_focus (ic_why_row_get_question (last));
}

/* Action items ------------------------------------------------------------ */

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  return ic_action_item_row_new (IC_ACTION_ITEM (item));
}

static void
items_changed_cb (IcPostmortemPage *self)
{
  gtk_widget_set_visible (self->no_items_label, g_list_model_get_n_items (self->items) == 0);
}

static IcActionItemRow *
find_item_row (IcPostmortemPage *self,
               gint64            id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->items_list, i)) != NULL; i++)
    if (ic_action_item_get_id (ic_action_item_row_get_item (IC_ACTION_ITEM_ROW (row))) == id)
      return IC_ACTION_ITEM_ROW (row);
  return NULL;
}

static void
update_item_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  IcActionItemFields fields;
  IcActionItemRow *row;
  guint32 kind;
  gint64 id;

  g_variant_get (param, "(x&s&s&sub)", &id, &fields.text, &fields.owner, &fields.due_date, &kind,
                 &fields.done);
  if (self->incident == NULL || kind > IC_ACTION_ITEM_OTHER)
    return;
  fields.kind = (IcActionItemKind) kind;
  row = find_item_row (self, id);
  if (!ic_store_update_action_item (self->store, self->incident, id, &fields, &error))
    {
      /* What was typed stays in the row; the store keeps the last valid item. */
      if (row != NULL)
        ic_action_item_row_set_error (row, error->message);
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  if (row != NULL)
    ic_action_item_row_set_error (row, NULL);
  _ic_postmortem_page_show_error (self, NULL);
  _ic_postmortem_page_update_suggestion (self);
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  if (!ic_store_delete_action_item (self->store, self->incident, g_variant_get_int64 (param),
                                    &error))
    _ic_postmortem_page_show_error (self, error);
  _ic_postmortem_page_update_suggestion (self);
}

gboolean
_ic_postmortem_page_add_item (IcPostmortemPage *self,
                              const char       *text,
                              const char       *owner,
                              const char       *due,
                              IcActionItemKind  kind)
{
  g_autoptr(GError) error = NULL;
  IcActionItemFields fields = { text, owner, due, kind, FALSE };

  if (self->incident == NULL)
    return FALSE;
  if (ic_store_add_action_item (self->store, self->incident, &fields, &error) == 0)
    {
      _ic_postmortem_page_show_error (self, error);
      return FALSE;
    }
  _ic_postmortem_page_show_error (self, NULL);
  _ic_postmortem_page_update_suggestion (self);
  return TRUE;
}

static void
add_item_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  const char *due = gtk_editable_get_text (GTK_EDITABLE (self->new_due_row));

  if (!_ic_postmortem_page_add_item (
        self, gtk_editable_get_text (GTK_EDITABLE (self->new_item_row)),
        gtk_editable_get_text (GTK_EDITABLE (self->new_owner_row)), due,
        (IcActionItemKind) adw_combo_row_get_selected (ADW_COMBO_ROW (self->new_kind_row))))
    {
      /* Keep what was typed; point at the field to fix. */
      gtk_widget_grab_focus (*due != '\0' ? self->new_due_row : self->new_item_row);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_item_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_due_row), "");
  gtk_widget_grab_focus (self->new_item_row);
}

/* Binding ------------------------------------------------------------------ */

/**
 * _ic_postmortem_page_bind_lists:
 *
 * Shows the incident's live lists of whys and action items (none without
 * an incident); a list already shown keeps its rows.
 */
void
_ic_postmortem_page_bind_lists (IcPostmortemPage *self)
{
  GListModel *whys = NULL, *items = NULL;

  if (self->incident != NULL)
    {
      whys = ic_store_get_whys (self->store, self->incident);
      items = ic_store_get_action_items (self->store, self->incident);
    }
  if (whys != self->whys)
    {
      if (self->whys != NULL)
        g_signal_handlers_disconnect_by_func (self->whys, whys_changed_cb, self);
      g_set_object (&self->whys, whys);
      gtk_list_box_bind_model (self->whys_list, whys, create_why_row, self, NULL);
      /* After the list box's own handler: the new rows exist. */
      if (whys != NULL)
        g_signal_connect_object (whys, "items-changed", G_CALLBACK (whys_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  if (items != self->items)
    {
      if (self->items != NULL)
        g_signal_handlers_disconnect_by_func (self->items, items_changed_cb, self);
      g_set_object (&self->items, items);
      gtk_list_box_bind_model (self->items_list, items, create_item_row, NULL, NULL);
      if (items != NULL)
        g_signal_connect_object (items, "items-changed", G_CALLBACK (items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  gtk_widget_set_visible (self->no_items_label,
                          items == NULL || g_list_model_get_n_items (items) == 0);
}

/* Called on dispose: the lists' rows go, the store's lists stay. */
void
_ic_postmortem_page_unbind_lists (IcPostmortemPage *self)
{
  if (self->whys != NULL)
    g_signal_handlers_disconnect_by_func (self->whys, whys_changed_cb, self);
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_func (self->items, items_changed_cb, self);
  if (self->whys_list != NULL)
    gtk_list_box_bind_model (self->whys_list, NULL, NULL, NULL, NULL);
  if (self->items_list != NULL)
    gtk_list_box_bind_model (self->items_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->whys);
  g_clear_object (&self->items);
}

void
_ic_postmortem_page_install_list_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "postmortem.add-why", NULL, add_why_action);
  gtk_widget_class_install_action (widget_class, "postmortem.update-why", "(xss)",
                                   update_why_action);
  gtk_widget_class_install_action (widget_class, "postmortem.move-why", "(xi)", move_why_action);
  gtk_widget_class_install_action (widget_class, "postmortem.remove-why", "x",
                                   remove_why_action);
  gtk_widget_class_install_action (widget_class, "postmortem.add-item", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "postmortem.update-item", "(xsssub)",
                                   update_item_action);
  gtk_widget_class_install_action (widget_class, "postmortem.remove-item", "x",
                                   remove_item_action);
}
