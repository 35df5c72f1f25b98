/* test-decision-tree.c — IcDecisionTree and its IcDecisionCheckRow: a real
 * store file, the tree in a plain GtkWindow under Xvfb, the window's
 * win.toast action stood in for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-decision-check-row.h"
#include "ic-decision-tree.h"
#include "ic-test-keys.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture    store;
  GtkWindow      *window;
  IcDecisionTree *tree;
  GPtrArray      *toasts;   /* owned by the window */
} TreeFixture;

static void
tree_setup (TreeFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->tree = IC_DECISION_TREE (ic_decision_tree_new (fx->store.store));
  ic_decision_tree_set_incident (fx->tree, fx->store.incident);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->tree), &fx->toasts);
}

static void
tree_teardown (TreeFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, data);
}

/* The row of check @step (1…4). */
static IcDecisionCheckRow *
row_for (TreeFixture *fx,
         int          step)
{
  g_autoptr(GPtrArray) rows = ic_test_find_all (GTK_WIDGET (fx->tree),
                                                IC_TYPE_DECISION_CHECK_ROW);

  g_assert_cmpuint (rows->len, ==, IC_DECISION_CHECK_N_STEPS);
  return g_ptr_array_index (rows, step - 1);
}

/* The row's answer button labelled @label ("_Yes", "_No", "_Unknown"). */
static GtkToggleButton *
button_for (IcDecisionCheckRow *row,
            const char         *label)
{
  g_autoptr(GPtrArray) buttons = ic_test_find_all (GTK_WIDGET (row), GTK_TYPE_TOGGLE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
}

static IcDecisionCheck *
stored_check (TreeFixture *fx,
              int          step)
{
  GListModel *checks = ic_store_get_decision_checks (fx->store.store, fx->store.incident);
  g_autoptr(IcDecisionCheck) check = g_list_model_get_item (checks, (guint) step - 1);

  return check;
}

/* /ic/decision-check-row/new-destroy -------------------------------------- */

static void
test_row_new_destroy (void)
{
  GtkWidget *row = g_object_ref_sink (ic_decision_check_row_new (2));

  g_assert_cmpint (ic_decision_check_row_get_step (IC_DECISION_CHECK_ROW (row)), ==, 2);
  g_assert_null (ic_decision_check_row_get_check (IC_DECISION_CHECK_ROW (row)));
  g_assert_false (ic_decision_check_row_get_is_next (IC_DECISION_CHECK_ROW (row)));
  g_assert_finalize_object (row);
}

static void
test_tree_new_destroy (void)
{
  StoreFixture store = { 0 };
  GtkWidget *tree;

  store_fixture_setup (&store, NULL);
  tree = g_object_ref_sink (ic_decision_tree_new (store.store));
  ic_decision_tree_set_incident (IC_DECISION_TREE (tree), store.incident);
  g_assert_finalize_object (tree);
  store_fixture_teardown (&store, NULL);
}

/* /ic/decision-tree/answer ------------------------------------------------ */

static void
test_answer (TreeFixture   *fx,
             gconstpointer  data)
{
  IcDecisionCheckRow *first = row_for (fx, 1);
  IcDecisionCheckRow *second = row_for (fx, 2);
  g_autofree char *unanswered = NULL;
  g_autofree char *answered = NULL;
  GtkEntry *note;

  g_assert_true (ic_decision_check_row_get_check (first) == stored_check (fx, 1));
  g_assert_true (ic_decision_check_row_get_is_next (first));
  g_assert_false (ic_decision_check_row_get_is_next (second));
  /* A screen reader hears the answer (or its absence) with the question. */
  unanswered = g_strdup_printf ("%s — not answered yet", ic_decision_check_get_question (1));
  gtk_test_accessible_assert_property (first, GTK_ACCESSIBLE_PROPERTY_LABEL, unanswered);

  /* A click on No answers check 1; check 2 is next. */
  gtk_toggle_button_set_active (button_for (first, "_No"), TRUE);
  answered = g_strdup_printf ("%s — answered: No", ic_decision_check_get_question (1));
  gtk_test_accessible_assert_property (first, GTK_ACCESSIBLE_PROPERTY_LABEL, answered);
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 1)), ==, IC_CHECK_ANSWER_NO);
  g_assert_false (ic_decision_check_row_get_is_next (first));
  g_assert_true (ic_decision_check_row_get_is_next (second));
  g_assert_cmpint (ic_decision_tree_get_next_step (fx->tree), ==, 2);

  /* A note entered without an answer counts as Unknown, and is kept. */
  note = GTK_ENTRY (ic_test_find_descendant (GTK_WIDGET (second), GTK_TYPE_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (note), "checkout v1.2.3 at 07:40");
  g_signal_emit_by_name (note, "activate");
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 2)), ==,
                   IC_CHECK_ANSWER_UNKNOWN);
  g_assert_cmpstr (ic_decision_check_get_note (stored_check (fx, 2)), ==,
                   "checkout v1.2.3 at 07:40");
  g_assert_true (gtk_toggle_button_get_active (button_for (second, "_Unknown")));
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

/* /ic/decision-tree/answer-fails ------------------------------------------ */

static void
test_answer_fails (TreeFixture   *fx,
                   gconstpointer  data)
{
  IcDecisionCheckRow *first = row_for (fx, 1);
  sqlite3 *blocker = NULL;

  g_assert_cmpint (sqlite3_open (fx->store.path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  gtk_toggle_button_set_active (button_for (first, "_Yes"), TRUE);
  /* Said, and undone on screen: the check keeps no answer. */
  g_assert_cmpuint (fx->toasts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fx->toasts, 0),
                                   "Could not save the answer to check 1: "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fx->toasts, 0),
                                   "It keeps its previous answer."));
  g_assert_false (gtk_toggle_button_get_active (button_for (first, "_Yes")));
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 1)), ==,
                   IC_CHECK_ANSWER_UNANSWERED);
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);
}

/* /ic/decision-tree/show-changes ------------------------------------------ */

static void
count_cb (IcDecisionTree *tree,
          guint          *count)
{
  (*count)++;
}

static void
test_show_changes (TreeFixture   *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) buttons = ic_test_find_all (GTK_WIDGET (fx->tree), GTK_TYPE_BUTTON);
  guint shown = 0;
  guint links = 0;

  g_signal_connect (fx->tree, "show-changes", G_CALLBACK (count_cb), &shown);
  /* Only check 2 ("What changed in the last hour?") links to the changes. */
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "Show the _Changes") != 0)
        continue;
      if (!gtk_widget_get_visible (button))
        continue;
      links++;
      g_assert_true (gtk_widget_get_ancestor (button, IC_TYPE_DECISION_CHECK_ROW)
                     == GTK_WIDGET (row_for (fx, 2)));
      g_signal_emit_by_name (button, "clicked");
    }
  g_assert_cmpuint (links, ==, 1);
  g_assert_cmpuint (shown, ==, 1);
}

/* /ic/decision-tree/keyboard ------------------------------------------------ */

/* By keyboard alone: Tab reaches each check's answers in reading order; Y,
 * N or U answers the check that has the focus and moves to its note; Enter
 * keeps the note; Tab goes on to the next check. */
static void
test_keyboard (TreeFixture   *fx,
               gconstpointer  data)
{
  IcDecisionCheckRow *first = row_for (fx, 1);
  IcDecisionCheckRow *second = row_for (fx, 2);
  GtkWidget *note = ic_test_find_descendant (GTK_WIDGET (first), GTK_TYPE_ENTRY);

  ic_test_keys_focus (fx->window);
  gtk_widget_grab_focus (GTK_WIDGET (button_for (first, "_Yes")));
  ic_test_key (GDK_KEY_Tab, 0);
  g_assert_true (ic_test_has_focus (fx->window, GTK_WIDGET (button_for (first, "_No"))));

  ic_test_key (GDK_KEY_n, 0);
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 1)), ==, IC_CHECK_ANSWER_NO);
  g_assert_true (ic_test_has_focus (fx->window, note));
  /* In the note, the letters are the note's. */
  ic_test_type ("only eu-west-1, writes");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpstr (ic_decision_check_get_note (stored_check (fx, 1)), ==,
                   "only eu-west-1, writes");
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 1)), ==, IC_CHECK_ANSWER_NO);

  /* On to the next check, in reading order, and its answer by key. */
  for (guint i = 0; i < 4 && !ic_test_has_focus (fx->window, GTK_WIDGET (second)); i++)
    ic_test_key (GDK_KEY_Tab, 0);
  g_assert_true (ic_test_has_focus (fx->window, GTK_WIDGET (button_for (second, "_Yes"))));
  ic_test_key (GDK_KEY_y, 0);
  g_assert_cmpint (ic_decision_check_get_answer (stored_check (fx, 2)), ==, IC_CHECK_ANSWER_YES);
  g_assert_true (ic_test_has_focus (fx->window,
                                    ic_test_find_descendant (GTK_WIDGET (second),
                                                             GTK_TYPE_ENTRY)));
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, TreeFixture, NULL, tree_setup, fn, tree_teardown)
  g_test_add_func ("/ic/decision-check-row/new-destroy", test_row_new_destroy);
  g_test_add_func ("/ic/decision-tree/new-destroy", test_tree_new_destroy);
  ADD ("/ic/decision-tree/answer", test_answer);
  ADD ("/ic/decision-tree/answer-fails", test_answer_fails);
  ADD ("/ic/decision-tree/show-changes", test_show_changes);
  ADD ("/ic/decision-tree/keyboard", test_keyboard);
#undef ADD
  return g_test_run ();
}
