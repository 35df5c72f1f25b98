/* ic-postmortem-lists.c — the postmortem page's 5 whys and action items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-postmortem-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-postmortem-page-private.h"

typedef struct
{
  IcPostmortemPage *page;
  gint64            id;
  GtkWidget        *question;  /* AdwEntryRow */
  GtkWidget        *answer;    /* AdwEntryRow */
} WhyRow;

typedef struct
{
  IcPostmortemPage *page;
  gint64            id;
  GtkWidget        *expander;  /* AdwExpanderRow */
  GtkWidget        *done;
  GtkWidget        *text;
  GtkWidget        *owner;
  GtkWidget        *due;
  GtkWidget        *kind;
} ItemRow;

static GtkStringList *
new_kind_model (void)
{
  GtkStringList *kinds = gtk_string_list_new (NULL);

  for (int k = IC_ACTION_ITEM_MONITORING; k <= IC_ACTION_ITEM_OTHER; k++)
    gtk_string_list_append (kinds, ic_action_item_kind_get_label (k));
  return kinds;
}

static GtkWidget *
new_icon_button (const char *icon,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

/* 5 whys ---------------------------------------------------------------- */

static void
why_changed_cb (WhyRow *row)
{
  IcPostmortemPage *self = row->page;
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  if (!ic_store_update_why (self->store, self->incident, row->id,
                            gtk_editable_get_text (GTK_EDITABLE (row->question)),
                            gtk_editable_get_text (GTK_EDITABLE (row->answer)), &error))
    _ic_postmortem_page_show_error (self, error);
  else
    _ic_postmortem_page_update_suggestion (self);
}

static void
move_why (WhyRow *row,
          int     delta)
{
  IcPostmortemPage *self = row->page;
  g_autoptr(GError) error = NULL;
  guint index = 0;

  g_ptr_array_find (self->why_rows, row, &index);
  if (!ic_store_move_why (self->store, self->incident, row->id, (int) index + 1 + delta, &error))
    _ic_postmortem_page_show_error (self, error);
  _ic_postmortem_page_load_whys (self);
}

static void
why_up_cb (WhyRow *row)
{
  move_why (row, -1);
}

static void
why_down_cb (WhyRow *row)
{
  move_why (row, +1);
}

static void
why_remove_cb (WhyRow *row)
{
  IcPostmortemPage *self = row->page;
  g_autoptr(GError) error = NULL;

  if (!ic_store_delete_why (self->store, self->incident, row->id, &error))
    _ic_postmortem_page_show_error (self, error);
  _ic_postmortem_page_load_whys (self);
  _ic_postmortem_page_update_suggestion (self);
}

static void
why_row_free (WhyRow *row)
{
  AdwPreferencesGroup *group = row->page->whys_group;

  adw_preferences_group_remove (group, row->question);
  adw_preferences_group_remove (group, row->answer);
  g_free (row);
}

static GtkWidget *
add_why_button (WhyRow     *row,
                const char *icon,
                const char *label,
                GCallback   callback,
                gboolean    sensitive)
{
  GtkWidget *button = new_icon_button (icon, label);

  gtk_widget_set_sensitive (button, sensitive);
  g_signal_connect_swapped (button, "clicked", callback, row);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->answer), button);
  return button;
}

static void
append_why (IcPostmortemPage *self,
            const IcWhy      *why,
            guint             index,
            guint             n)
{
  WhyRow *row = g_new0 (WhyRow, 1);
  g_autofree char *asked = g_strdup_printf (_("Why? (%u of %u)"), index + 1, n);
  g_autofree char *because = g_strdup_printf (_("Because… (%u)"), index + 1);
  g_autofree char *up = g_strdup_printf (_("Move why %u up"), index + 1);
  g_autofree char *down = g_strdup_printf (_("Move why %u down"), index + 1);
  g_autofree char *remove = g_strdup_printf (_("Remove why %u"), index + 1);

  row->page = self;
  row->id = why->id;
  row->question = adw_entry_row_new ();
  row->answer = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->question), asked);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->answer), because);
  gtk_editable_set_text (GTK_EDITABLE (row->question), why->question);
  gtk_editable_set_text (GTK_EDITABLE (row->answer), why->answer);
  add_why_button (row, "go-up-symbolic", up, G_CALLBACK (why_up_cb), index > 0);
  add_why_button (row, "go-down-symbolic", down, G_CALLBACK (why_down_cb), index + 1 < n);
  add_why_button (row, "user-trash-symbolic", remove, G_CALLBACK (why_remove_cb), TRUE);
  g_signal_connect_swapped (row->question, "changed", G_CALLBACK (why_changed_cb), row);
  g_signal_connect_swapped (row->answer, "changed", G_CALLBACK (why_changed_cb), row);
  adw_preferences_group_add (self->whys_group, row->question);
  adw_preferences_group_add (self->whys_group, row->answer);
  g_ptr_array_add (self->why_rows, row);
}

/**
 * _ic_postmortem_page_load_whys:
 *
 * (Re)builds the rows of the chain from the store.
 */
void
_ic_postmortem_page_load_whys (IcPostmortemPage *self)
{
  g_autoptr(GPtrArray) whys = NULL;

  g_ptr_array_set_size (self->why_rows, 0);
  if (self->incident == NULL)
    return;
  whys = ic_store_list_whys (self->store, self->incident);
  self->loading = TRUE;
  for (guint i = 0; i < whys->len; i++)
    append_why (self, g_ptr_array_index (whys, i), i, whys->len);
  self->loading = FALSE;
}

void
_ic_postmortem_page_add_why_action (GtkWidget  *widget,
                                    const char *name,
                                    GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  WhyRow *last;
  g_autofree char *question = NULL;

  if (self->incident == NULL)
    return;
  /* The next question asks why the last answer is so. */
  last = self->why_rows->len > 0 ? g_ptr_array_index (self->why_rows, self->why_rows->len - 1)
                                 : NULL;
  if (last != NULL && *gtk_editable_get_text (GTK_EDITABLE (last->answer)) != '\0')
    question = g_strdup_printf (_("Why: %s?"), gtk_editable_get_text (GTK_EDITABLE (last->answer)));
  if (ic_store_add_why (self->store, self->incident, question, "", &error) == 0)
    _ic_postmortem_page_show_error (self, error);
  _ic_postmortem_page_load_whys (self);
  last = self->why_rows->len > 0 ? g_ptr_array_index (self->why_rows, self->why_rows->len - 1)
                                 : NULL;
  if (last != NULL)
    gtk_widget_grab_focus (last->question);
}

AdwPreferencesGroup *
_ic_postmortem_page_build_whys (IcPostmortemPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Why"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("5 Whys"));
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (group),
    _("Start from the symptom. Each answer is the next question; stop at a cause you can fix."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "postmortem.add-why");
  gtk_widget_add_css_class (add, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  self->why_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) why_row_free);
  self->whys_group = ADW_PREFERENCES_GROUP (group);
  return self->whys_group;
}

/* Action items ------------------------------------------------------------ */

static char *
describe_item (const IcActionItem *item)
{
  GString *out = g_string_new (ic_action_item_kind_get_label (item->kind));

  if (item->owner != NULL && *item->owner != '\0')
    g_string_append_printf (out, _(" · owner: %s"), item->owner);
  if (item->due_date != NULL && *item->due_date != '\0')
    g_string_append_printf (out, _(" · due %s"), item->due_date);
  g_string_append (out, item->done ? _(" · done") : _(" · open"));
  return g_string_free (out, FALSE);
}

static void
read_item (ItemRow      *row,
           IcActionItem *item)
{
  item->id = row->id;
  item->text = (char *) gtk_editable_get_text (GTK_EDITABLE (row->text));
  item->owner = (char *) gtk_editable_get_text (GTK_EDITABLE (row->owner));
  item->due_date = (char *) gtk_editable_get_text (GTK_EDITABLE (row->due));
  item->kind = (IcActionItemKind) adw_combo_row_get_selected (ADW_COMBO_ROW (row->kind));
  item->done = gtk_check_button_get_active (GTK_CHECK_BUTTON (row->done));
}

static void
item_changed_cb (ItemRow *row)
{
  IcPostmortemPage *self = row->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  IcActionItem item;

  if (self->loading)
    return;
  read_item (row, &item);
  if (!ic_store_update_action_item (self->store, self->incident, &item, &error))
    {
      /* What was typed stays in the row; the store keeps the last valid item. */
      gtk_widget_add_css_class (row->expander, "error");
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  gtk_widget_remove_css_class (row->expander, "error");
  _ic_postmortem_page_show_error (self, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), item.text);
  subtitle = describe_item (&item);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->expander), subtitle);
  _ic_postmortem_page_update_suggestion (self);
}

static void
item_remove_cb (ItemRow *row)
{
  IcPostmortemPage *self = row->page;
  g_autoptr(GError) error = NULL;

  if (!ic_store_delete_action_item (self->store, self->incident, row->id, &error))
    _ic_postmortem_page_show_error (self, error);
  _ic_postmortem_page_load_items (self);
  _ic_postmortem_page_update_suggestion (self);
}

static void
item_row_free (ItemRow *row)
{
  adw_preferences_group_remove (row->page->items_group, row->expander);
  g_free (row);
}

static GtkWidget *
add_entry (ItemRow    *row,
           const char *title,
           const char *text)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (item_changed_cb), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), entry);
  return entry;
}

static void
append_item (IcPostmortemPage   *self,
             const IcActionItem *item)
{
  ItemRow *row = g_new0 (ItemRow, 1);
  g_autoptr(GtkStringList) kinds = new_kind_model ();
  g_autofree char *subtitle = describe_item (item);
  g_autofree char *remove = g_strdup_printf (_("Remove action item “%s”"), item->text);
  GtkWidget *trash = new_icon_button ("user-trash-symbolic", remove);

  row->page = self;
  row->id = item->id;
  row->expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), item->text);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->expander), subtitle);
  row->done = gtk_check_button_new ();
  gtk_widget_set_valign (row->done, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (row->done), item->done);
  gtk_widget_set_tooltip_text (row->done, _("Done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Done"), -1);
  g_signal_connect_swapped (row->done, "toggled", G_CALLBACK (item_changed_cb), row);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row->expander), row->done);
  g_signal_connect_swapped (trash, "clicked", G_CALLBACK (item_remove_cb), row);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row->expander), trash);
  row->text = add_entry (row, _("Action"), item->text);
  row->owner = add_entry (row, _("Owner"), item->owner);
  row->due = add_entry (row, _("Due Date (YYYY-MM-DD)"), item->due_date);
  row->kind = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->kind), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row->kind), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row->kind), item->kind);
  g_signal_connect_swapped (row->kind, "notify::selected", G_CALLBACK (item_changed_cb), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->expander), row->kind);
  adw_preferences_group_add (self->items_group, row->expander);
  g_ptr_array_add (self->item_rows, row);
}

/**
 * _ic_postmortem_page_load_items:
 *
 * (Re)builds the action items' rows from the store.
 */
void
_ic_postmortem_page_load_items (IcPostmortemPage *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_ptr_array_set_size (self->item_rows, 0);
  if (self->incident == NULL)
    return;
  items = ic_store_list_action_items (self->store, self->incident);
  self->loading = TRUE;
  for (guint i = 0; i < items->len; i++)
    append_item (self, g_ptr_array_index (items, i));
  self->loading = FALSE;
  gtk_widget_set_visible (self->no_items_row, items->len == 0);
}

gboolean
_ic_postmortem_page_add_item (IcPostmortemPage *self,
                              const char       *text,
                              const char       *owner,
                              const char       *due,
                              IcActionItemKind  kind)
{
  g_autoptr(GError) error = NULL;
  IcActionItem item = { 0, (char *) text, (char *) owner, (char *) due, kind, FALSE, 0 };

  if (self->incident == NULL)
    return FALSE;
  if (ic_store_add_action_item (self->store, self->incident, &item, &error) == 0)
    {
      _ic_postmortem_page_show_error (self, error);
      return FALSE;
    }
  _ic_postmortem_page_show_error (self, NULL);
  _ic_postmortem_page_load_items (self);
  _ic_postmortem_page_update_suggestion (self);
  return TRUE;
}

void
_ic_postmortem_page_add_item_action (GtkWidget  *widget,
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

static GtkWidget *
new_form_entry (AdwPreferencesGroup *group,
                const char          *title)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_preferences_group_add (group, entry);
  return entry;
}

static void
form_activated_cb (IcPostmortemPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "postmortem.add-item", NULL);
}

/**
 * _ic_postmortem_page_build_items:
 * @new_group: (out): the group of the form that adds an item
 *
 * Returns: the group listing the action items
 */
GtkWidget *
_ic_postmortem_page_build_items (IcPostmortemPage     *self,
                                 AdwPreferencesGroup **new_group)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *form = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("A_dd Action Item"));
  g_autoptr(GtkStringList) kinds = new_kind_model ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Action Items"));
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (group), _("What will stop this from happening again, with an owner."));
  self->items_group = ADW_PREFERENCES_GROUP (group);
  self->no_items_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_items_row),
                                 _("No action items yet"));
  adw_preferences_group_add (self->items_group, self->no_items_row);
  self->item_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) item_row_free);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (form), _("New Action Item"));
  self->new_item_row = new_form_entry (ADW_PREFERENCES_GROUP (form), _("Action"));
  self->new_owner_row = new_form_entry (ADW_PREFERENCES_GROUP (form), _("Owner"));
  self->new_due_row = new_form_entry (ADW_PREFERENCES_GROUP (form),
                                      _("Due Date (YYYY-MM-DD)"));
  g_signal_connect_swapped (self->new_item_row, "entry-activated",
                            G_CALLBACK (form_activated_cb), self);
  g_signal_connect_swapped (self->new_owner_row, "entry-activated",
                            G_CALLBACK (form_activated_cb), self);
  g_signal_connect_swapped (self->new_due_row, "entry-activated",
                            G_CALLBACK (form_activated_cb), self);
  self->new_kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_kind_row), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->new_kind_row), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->new_kind_row), IC_ACTION_ITEM_OTHER);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form), self->new_kind_row);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "postmortem.add-item");
  gtk_widget_add_css_class (add, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (form), add);
  *new_group = ADW_PREFERENCES_GROUP (form);
  return group;
}
