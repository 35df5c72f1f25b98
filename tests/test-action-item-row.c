/* test-action-item-row.c — IcActionItemRow, and the postmortem page's list
 * of action items it fills: a real store file, the page in a plain
 * GtkWindow under Xvfb, the window's win.toast action stood in for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-action-item-row.h"
#include "ic-test-postmortem-page.h"

static GListModel *
items (PageFixture *fx)
{
  return ic_store_get_action_items (fx->store.store, fx->store.incident);
}

static IcActionItem *
add_item (PageFixture *fx,
          const char  *text,
          const char  *owner,
          const char  *due)
{
  g_autoptr(GError) error = NULL;
  IcActionItemFields fields = { text, owner, due, IC_ACTION_ITEM_MONITORING, FALSE };
  guint n;

  g_assert_cmpint (ic_store_add_action_item (fx->store.store, fx->store.incident, &fields,
                                             &error), >, 0);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (items (fx));
  return g_list_model_get_item (items (fx), n - 1);
}

/* A widget of the row's template, by its id. */
static GtkWidget *
field (gpointer    row,
       const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (row), IC_TYPE_ACTION_ITEM_ROW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
text_of (gpointer    row,
         const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (field (row, name)));
}

static GPtrArray *
item_rows (PageFixture *fx)
{
  return ic_test_find_all (GTK_WIDGET (fx->page), IC_TYPE_ACTION_ITEM_ROW);
}

/* Whether @root shows a label saying @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root)
      && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static const char *
subtitle_of (gpointer row)
{
  return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
}

/* /ic/action-item-row/new-destroy, /ic/action-item-row/shows --------------- */

static void
test_row_new_destroy (PageFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(IcActionItem) item = add_item (fx, "Alert on pool usage", "Ana", NULL);
  GtkWidget *row = g_object_ref_sink (ic_action_item_row_new (item));

  g_assert_true (ic_action_item_row_get_item (IC_ACTION_ITEM_ROW (row)) == item);
  g_assert_null (ic_action_item_row_get_error (IC_ACTION_ITEM_ROW (row)));
  g_assert_finalize_object (row);
}

static void
test_row_shows (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcActionItem) item = add_item (fx, "Alert on pool usage", "Ana", "2026-12-05");
  IcActionItemFields done = { "Alert on pool usage", "Ana", NULL, IC_ACTION_ITEM_PROCESS, TRUE };
  IcActionItemRow *row = IC_ACTION_ITEM_ROW (g_object_ref_sink (ic_action_item_row_new (item)));

  /* Kind, owner, due date and open or done, in words. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Alert on pool usage");
  g_assert_cmpstr (subtitle_of (row), ==, "Monitoring · owner: Ana · due 2026-12-05 · open");
  g_assert_cmpstr (text_of (row, "text_row"), ==, "Alert on pool usage");
  g_assert_cmpstr (text_of (row, "owner_row"), ==, "Ana");
  g_assert_cmpstr (text_of (row, "due_row"), ==, "2026-12-05");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (row, "kind_row"))), ==,
                    IC_ACTION_ITEM_MONITORING);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (field (row, "remove_button")), ==,
                   "Remove action item “Alert on pool usage”");

  /* The title and subtitle follow the item as the store saves it. */
  g_assert_true (ic_store_update_action_item (fx->store.store, fx->store.incident,
                                              ic_action_item_get_id (item), &done, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subtitle_of (row), ==, "Process · owner: Ana · done");

  /* An error is shown by the row, not by colour alone: the page says it. */
  ic_action_item_row_set_error (row, "“soon” is not a due date");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  ic_action_item_row_set_error (row, NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_object_unref (row);
}

/* /ic/action-item-row/asks: what the row asks of the page ------------------ */

static void
test_row_asks (PageFixture   *fx,
               gconstpointer  data)
{
  static const IcTestAction actions[] = {
    { "update-item", "(xsssub)" }, { "remove-item", "x" },
  };
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IcActionItem) item = add_item (fx, "Alert on pool usage", "Ana", "2026-12-05");
  g_autofree char *toggled = NULL, *removed = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = ic_action_item_row_new (item);
  gint64 id = ic_action_item_get_id (item);

  ic_test_record_actions (GTK_WIDGET (window), "postmortem", actions, G_N_ELEMENTS (actions),
                          asked);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (window, list);
  gtk_window_present (window);
  spin ();
  g_assert_cmpuint (asked->len, ==, 0);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (row, "done_check")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (field (row, "owner_row")), "Sam");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (row, "kind_row")), IC_ACTION_ITEM_CODE);
  ic_test_click_button (field (row, "remove_button"));
  toggled = g_strdup_printf ("update-item (%" G_GINT64_FORMAT ", 'Alert on pool usage', 'Ana', "
                             "'2026-12-05', 0, true)", id);
  removed = g_strdup_printf ("remove-item %" G_GINT64_FORMAT, id);
  /* Each edit asks with every field as the row shows it (setting an entry's
   * text deletes the old one first: one ask with the owner empty). */
  g_assert_cmpuint (asked->len, ==, 5);
  g_assert_cmpstr (asked->pdata[0], ==, toggled);
  g_assert_true (strstr (asked->pdata[1], "'Alert on pool usage', '', '2026-12-05', 0, true)"));
  g_assert_true (strstr (asked->pdata[2], "'Sam', '2026-12-05', 0, true)") != NULL);
  g_assert_true (strstr (asked->pdata[3], "'Sam', '2026-12-05', 2, true)") != NULL);
  g_assert_cmpstr (asked->pdata[4], ==, removed);
  ic_test_window_close (window);
}

/* /ic/action-item-row/page-list -------------------------------------------- */

static void
test_page_list (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = item_rows (fx);
  g_autoptr(IcActionItem) item = NULL;
  GtkWidget *row;
  int end = -1;

  /* None yet: said in words. */
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_true (shows_label (GTK_WIDGET (fx->page), "No action items yet"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  item = add_item (fx, "Alert on pool usage", "Ana", NULL);
  spin ();
  rows = item_rows (fx);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_true (ic_action_item_row_get_item (IC_ACTION_ITEM_ROW (row)) == item);
  g_assert_false (shows_label (GTK_WIDGET (fx->page), "No action items yet"));

  /* Edited in the row's fields: saved at once, the subtitle follows. */
  gtk_editable_set_text (GTK_EDITABLE (field (row, "due_row")), "2026-12-15");
  g_assert_cmpstr (ic_action_item_get_due_date (item), ==, "2026-12-15");
  g_assert_cmpstr (subtitle_of (row), ==, "Monitoring · owner: Ana · due 2026-12-15 · open");

  /* A due date that is not one (a letter typed after it): refused and
   * said; what was typed stays; the item keeps its saved date. */
  gtk_editable_insert_text (GTK_EDITABLE (field (row, "due_row")), "x", -1, &end);
  g_assert_nonnull (strstr (ic_postmortem_page_get_error (fx->page),
                            "“2026-12-15x” is not a due date"));
  g_assert_cmpstr (ic_action_item_row_get_error (IC_ACTION_ITEM_ROW (row)), ==,
                   ic_postmortem_page_get_error (fx->page));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (text_of (row, "due_row"), ==, "2026-12-15x");
  g_assert_cmpstr (ic_action_item_get_due_date (item), ==, "2026-12-15");
  gtk_editable_set_text (GTK_EDITABLE (field (row, "due_row")), "2026-12-20");
  g_assert_null (ic_postmortem_page_get_error (fx->page));
  g_assert_null (ic_action_item_row_get_error (IC_ACTION_ITEM_ROW (row)));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (ic_action_item_get_due_date (item), ==, "2026-12-20");

  /* Trailing spaces as one types are kept in the field (the store trims). */
  gtk_editable_set_text (GTK_EDITABLE (field (row, "text_row")), "Alert on pool usage ");
  g_assert_cmpstr (text_of (row, "text_row"), ==, "Alert on pool usage ");
  g_assert_cmpstr (ic_action_item_get_text (item), ==, "Alert on pool usage");

  /* Removed by its trash button. */
  ic_test_click_button (field (row, "remove_button"));
  spin ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fx);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (items (fx)), ==, 0);
  g_assert_true (shows_label (GTK_WIDGET (fx->page), "No action items yet"));
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) \
  g_test_add (path, PageFixture, IC_TEST_STARTED, page_setup, fn, page_teardown)
  ADD ("/ic/action-item-row/new-destroy", test_row_new_destroy);
  ADD ("/ic/action-item-row/shows", test_row_shows);
  ADD ("/ic/action-item-row/asks", test_row_asks);
  ADD ("/ic/action-item-row/page-list", test_page_list);
#undef ADD
  return g_test_run ();
}
