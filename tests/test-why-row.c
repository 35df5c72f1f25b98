/* test-why-row.c — IcWhyRow, and the postmortem page's chain of whys it
 * fills: a real store file, the page in a plain GtkWindow under Xvfb, the
 * window's win.toast action stood in for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-test-postmortem-page.h"
#include "ic-why-row.h"

static GListModel *
whys (PageFixture *fx)
{
  return ic_store_get_whys (fx->store.store, fx->store.incident);
}

static IcWhy *
why_at (PageFixture *fx,
        guint        index)
{
  return g_list_model_get_item (whys (fx), index);
}

static GPtrArray *
why_rows (PageFixture *fx)
{
  return ic_test_find_all (GTK_WIDGET (fx->page), IC_TYPE_WHY_ROW);
}

static const char *
title_of (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
label_of (GtkWidget *widget)
{
  return gtk_widget_get_tooltip_text (widget);
}

/* The entry row that holds the focus, if any. */
static GtkWidget *
focused_entry_row (PageFixture *fx)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fx->window));

  return focus != NULL ? gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) : NULL;
}

/* /ic/why-row/new-destroy, /ic/why-row/shows ------------------------------ */

static void
test_row_new_destroy (PageFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(IcWhy) why = why_at (fx, 0);
  GtkWidget *row = g_object_ref_sink (ic_why_row_new (why, 5));

  g_assert_true (ic_why_row_get_why (IC_WHY_ROW (row)) == why);
  g_assert_cmpuint (ic_why_row_get_count (IC_WHY_ROW (row)), ==, 5);
  g_assert_finalize_object (row);
}

static void
test_row_shows (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcWhy) first = why_at (fx, 0);
  g_autoptr(IcWhy) second = why_at (fx, 1);
  g_autoptr(IcWhy) last = why_at (fx, 4);
  IcWhyRow *top = IC_WHY_ROW (g_object_ref_sink (ic_why_row_new (first, 5)));
  IcWhyRow *row = IC_WHY_ROW (g_object_ref_sink (ic_why_row_new (second, 5)));
  IcWhyRow *bottom = IC_WHY_ROW (g_object_ref_sink (ic_why_row_new (last, 5)));

  /* Its number and the chain's length, in the titles and the buttons' names. */
  g_assert_cmpstr (title_of (ic_why_row_get_question (row)), ==, "Why? (2 of 5)");
  g_assert_cmpstr (title_of (ic_why_row_get_answer (row)), ==, "Because… (2)");
  g_assert_cmpstr (label_of (ic_why_row_get_button (row, -1)), ==, "Move why 2 up");
  g_assert_cmpstr (label_of (ic_why_row_get_button (row, 1)), ==, "Move why 2 down");
  g_assert_cmpstr (label_of (ic_why_row_get_button (row, 0)), ==, "Remove why 2");
  g_assert_true (gtk_widget_get_sensitive (ic_why_row_get_button (row, -1)));
  g_assert_true (gtk_widget_get_sensitive (ic_why_row_get_button (row, 1)));
  /* The first cannot move up, the last cannot move down. */
  g_assert_false (gtk_widget_get_sensitive (ic_why_row_get_button (top, -1)));
  g_assert_true (gtk_widget_get_sensitive (ic_why_row_get_button (top, 1)));
  g_assert_true (gtk_widget_get_sensitive (ic_why_row_get_button (bottom, -1)));
  g_assert_false (gtk_widget_get_sensitive (ic_why_row_get_button (bottom, 1)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_why_row_get_question (top))), ==,
                   "Why did “Elevated 500s on checkout” happen?");

  /* A longer chain: the last can move down now. */
  ic_why_row_set_count (bottom, 6);
  g_assert_cmpstr (title_of (ic_why_row_get_question (bottom)), ==, "Why? (5 of 6)");
  g_assert_true (gtk_widget_get_sensitive (ic_why_row_get_button (bottom, 1)));

  /* The row follows its why as the store saves it. */
  g_assert_true (ic_store_update_why (fx->store.store, fx->store.incident, ic_why_get_id (second),
                                      "Why did the pool run dry?", "A deploy doubled the workers",
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_why_row_get_answer (row))), ==,
                   "A deploy doubled the workers");
  g_assert_true (ic_store_move_why (fx->store.store, fx->store.incident, ic_why_get_id (second),
                                    1, &error));
  g_assert_cmpstr (title_of (ic_why_row_get_question (row)), ==, "Why? (1 of 5)");
  g_assert_false (gtk_widget_get_sensitive (ic_why_row_get_button (row, -1)));

  g_object_unref (top);
  g_object_unref (row);
  g_object_unref (bottom);
}

/* /ic/why-row/asks: what the row asks of the page ------------------------- */

static void
test_row_asks (void)
{
  static const IcTestAction actions[] = {
    { "update-why", "(xss)" }, { "move-why", "(xi)" }, { "remove-why", "x" },
  };
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IcWhy) why = ic_why_new (42, 2, "Why?", "");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *list = gtk_list_box_new ();
  IcWhyRow *row = IC_WHY_ROW (ic_why_row_new (why, 3));

  ic_test_record_actions (GTK_WIDGET (window), "postmortem", actions, G_N_ELEMENTS (actions),
                          asked);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  gtk_window_set_child (window, list);
  gtk_window_present (window);
  spin ();

  gtk_editable_set_text (GTK_EDITABLE (ic_why_row_get_answer (row)), "Disk full");
  ic_test_click_button (ic_why_row_get_button (row, -1));
  ic_test_click_button (ic_why_row_get_button (row, 1));
  ic_test_click_button (ic_why_row_get_button (row, 0));
  g_assert_cmpuint (asked->len, ==, 4);
  g_assert_cmpstr (asked->pdata[0], ==, "update-why (42, 'Why?', 'Disk full')");
  g_assert_cmpstr (asked->pdata[1], ==, "move-why (42, -1)");
  g_assert_cmpstr (asked->pdata[2], ==, "move-why (42, 1)");
  g_assert_cmpstr (asked->pdata[3], ==, "remove-why 42");
  ic_test_window_close (window);
}

/* /ic/why-row/page-chain: the page's list, by the rows' own controls ------- */

static void
test_page_chain (PageFixture   *fx,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = why_rows (fx);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(IcWhy) moved = NULL;
  g_autoptr(IcWhy) added = NULL;
  gint64 id;
  IcWhyRow *row;

  g_assert_cmpuint (rows->len, ==, IC_POSTMORTEM_DEFAULT_WHYS);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *title = g_strdup_printf ("Why? (%u of 5)", i + 1);
      g_autoptr(IcWhy) why = why_at (fx, i);

      g_assert_cmpstr (title_of (ic_why_row_get_question (rows->pdata[i])), ==, title);
      g_assert_true (ic_why_row_get_why (rows->pdata[i]) == why);
    }

  /* Typed into a row: saved at once. */
  row = rows->pdata[0];
  gtk_editable_set_text (GTK_EDITABLE (ic_why_row_get_answer (row)), "The pool ran dry");
  g_assert_cmpstr (ic_why_get_answer (ic_why_row_get_why (row)), ==, "The pool ran dry");
  g_assert_null (ic_postmortem_page_get_error (fx->page));

  /* Moved down by its button: the chain's order changes and the focus
   * stays on the button, in the why's new row. */
  id = ic_why_get_id (ic_why_row_get_why (row));
  ic_test_click_button (ic_why_row_get_button (row, 1));
  spin ();
  moved = why_at (fx, 1);
  g_assert_cmpint (ic_why_get_id (moved), ==, id);
  after = why_rows (fx);
  g_assert_true (ic_why_row_get_why (after->pdata[1]) == moved);
  g_assert_cmpstr (title_of (ic_why_row_get_question (after->pdata[1])), ==, "Why? (2 of 5)");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx->window))
                 == ic_why_row_get_button (after->pdata[1], 1));
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Removed by its button: four left, numbered again. */
  after = why_rows (fx);
  row = after->pdata[1];
  g_clear_pointer (&after, g_ptr_array_unref);
  ic_test_click_button (ic_why_row_get_button (row, 0));
  spin ();
  after = why_rows (fx);
  g_assert_cmpuint (after->len, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (whys (fx)), ==, 4);
  for (guint i = 0; i < after->len; i++)
    {
      g_autofree char *title = g_strdup_printf ("Why? (%u of 4)", i + 1);

      g_assert_cmpstr (title_of (ic_why_row_get_question (after->pdata[i])), ==, title);
    }
  g_assert_false (gtk_widget_get_sensitive (ic_why_row_get_button (after->pdata[3], 1)));
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Add Why: the new question asks why the last answer is so; the focus is in it. */
  after = why_rows (fx);
  row = after->pdata[3];
  g_clear_pointer (&after, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (ic_why_row_get_answer (row)), "Nobody watched the pool");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "postmortem.add-why", NULL));
  spin ();
  after = why_rows (fx);
  g_assert_cmpuint (after->len, ==, 5);
  added = why_at (fx, 4);
  g_assert_cmpstr (ic_why_get_question (added), ==, "Why: Nobody watched the pool?");
  g_assert_true (focused_entry_row (fx) == ic_why_row_get_question (after->pdata[4]));
  g_assert_cmpstr (title_of (ic_why_row_get_question (after->pdata[0])), ==, "Why? (1 of 5)");
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

/* /ic/why-row/save-fails: another connection holds the write lock ---------- */

static void
test_save_fails (PageFixture   *fx,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = why_rows (fx);
  IcWhyRow *row = rows->pdata[0];
  sqlite3 *blocker = NULL;

  g_assert_cmpint (sqlite3_open (fx->store.path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  gtk_editable_set_text (GTK_EDITABLE (ic_why_row_get_answer (row)), "Typed while locked");
  /* Said on the page; what was typed stays; the why keeps its saved answer. */
  g_assert_nonnull (ic_postmortem_page_get_error (fx->page));
  g_assert_true (g_str_has_prefix (ic_postmortem_page_get_error (fx->page),
                                   "Cannot save a why in"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_why_row_get_answer (row))), ==,
                   "Typed while locked");
  g_assert_cmpstr (ic_why_get_answer (ic_why_row_get_why (row)), ==, "");
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);

  /* The next keystroke saves it all. */
  gtk_editable_set_text (GTK_EDITABLE (ic_why_row_get_answer (row)), "Typed after the lock");
  g_assert_cmpstr (ic_why_get_answer (ic_why_row_get_why (row)), ==, "Typed after the lock");
  store_fixture_reopen (&fx->store);
  {
    g_autoptr(IcWhy) saved = why_at (fx, 0);

    g_assert_cmpstr (ic_why_get_answer (saved), ==, "Typed after the lock");
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) \
  g_test_add (path, PageFixture, IC_TEST_STARTED, page_setup, fn, page_teardown)
  ADD ("/ic/why-row/new-destroy", test_row_new_destroy);
  ADD ("/ic/why-row/shows", test_row_shows);
  ADD ("/ic/why-row/page-chain", test_page_chain);
  ADD ("/ic/why-row/save-fails", test_save_fails);
#undef ADD
  g_test_add_func ("/ic/why-row/asks", test_row_asks);
  return g_test_run ();
}
