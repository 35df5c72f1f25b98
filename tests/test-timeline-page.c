/* test-timeline-page.c — IcTimelinePage and IcTimelineRow on their own:
 * a real store file, the page in a plain GtkWindow under Xvfb, and the
 * window's win.toast action stood in for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"
#include "ic-timeline-page.h"
#include "ic-timeline-row.h"

typedef struct
{
  StoreFixture    store;
  GtkWindow      *window;
  IcTimelinePage *page;
  GPtrArray      *toasts;   /* owned by the window */
} PageFixture;

static void
page_setup (PageFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->page = IC_TIMELINE_PAGE (ic_timeline_page_new (fx->store.store));
  ic_timeline_page_set_incident (fx->page, fx->store.incident);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->page), &fx->toasts);
}

static void
page_teardown (PageFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, data);
}

static GListModel *
timeline (PageFixture *fx)
{
  return ic_store_get_timeline (fx->store.store, fx->store.incident);
}

/* The row showing the event at @position, through the list box. */
static IcTimelineRow *
row_at (PageFixture *fx,
        guint        position)
{
  GtkListBox *list = GTK_LIST_BOX (ic_test_find_descendant (GTK_WIDGET (fx->page),
                                                            GTK_TYPE_LIST_BOX));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, position);

  g_assert_nonnull (row);
  return IC_TIMELINE_ROW (gtk_list_box_row_get_child (row));
}

static guint
n_rows (PageFixture *fx)
{
  GtkListBox *list = GTK_LIST_BOX (ic_test_find_descendant (GTK_WIDGET (fx->page),
                                                            GTK_TYPE_LIST_BOX));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
is_pin_button (GtkWidget *widget)
{
  /* The time's GtkMenuButton has a toggle button inside: not that one. */
  return GTK_IS_TOGGLE_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget));
}

static GtkToggleButton *
find_pin_button (GtkWidget *widget)
{
  if (is_pin_button (widget))
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_pin_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static IcTimelineEvent *
add_note (PageFixture *fx,
          const char  *text)
{
  g_autoptr(GError) error = NULL;
  IcTimelineEvent *note = ic_store_add_note (fx->store.store, fx->store.incident, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (note);
  return note;
}

/* Another program holds the write lock for longer than the busy timeout. */
static sqlite3 *
lock_database (PageFixture *fx)
{
  sqlite3 *blocker = NULL;

  g_assert_cmpint (sqlite3_open (fx->store.path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return blocker;
}

static void
unlock_database (sqlite3 *blocker)
{
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);
}

/* /ic/timeline-row/new-destroy, /ic/timeline-page/new-destroy ------------ */

static void
test_row_new_destroy (PageFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(IcTimelineEvent) note = add_note (fx, "Paged the database on-call");
  GtkWidget *row = g_object_ref_sink (ic_timeline_row_new (note, TRUE));

  g_assert_true (ic_timeline_row_get_event (IC_TIMELINE_ROW (row)) == note);
  g_assert_true (ic_timeline_row_get_show_date (IC_TIMELINE_ROW (row)));
  g_assert_null (ic_timeline_row_get_time_error (IC_TIMELINE_ROW (row)));
  g_assert_finalize_object (row);
}

static void
test_page_new_destroy (void)
{
  StoreFixture store = { 0 };
  GtkWidget *page;

  store_fixture_setup (&store, NULL);
  page = g_object_ref_sink (ic_timeline_page_new (store.store));
  ic_timeline_page_set_incident (IC_TIMELINE_PAGE (page), store.incident);
  g_assert_finalize_object (page);
  /* The page let go of the timeline it followed: a change now reaches no one. */
  g_object_unref (ic_store_add_note (store.store, store.incident, "After the page", NULL));
  store_fixture_teardown (&store, NULL);
}

/* /ic/timeline-page/rows-follow-model ------------------------------------ */

static void
test_rows_follow_model (PageFixture   *fx,
                        gconstpointer  data)
{
  g_autoptr(IcTimelineEvent) note = NULL;
  guint before = g_list_model_get_n_items (timeline (fx));
  guint last;

  g_assert_cmpuint (n_rows (fx), ==, before);
  for (guint i = 0; i < before; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline (fx), i);

      g_assert_true (ic_timeline_row_get_event (row_at (fx, i)) == event);
    }

  /* A note typed in the composer and added with the page's action. */
  ic_timeline_page_set_note_text (fx->page, "Rolled back checkout v1.2.3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "timeline.add-note", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (timeline (fx)), ==, before + 1);
  g_assert_cmpuint (n_rows (fx), ==, before + 1);
  last = before;
  note = g_object_ref (ic_timeline_row_get_event (row_at (fx, last)));
  g_assert_cmpstr (ic_timeline_event_get_text (note), ==, "Rolled back checkout v1.2.3");
  g_assert_true (ic_timeline_event_get_manual (note));

  /* Deleted through the row's own button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row_at (fx, last)), "timeline.delete",
                                             "x", ic_timeline_event_get_id (note)));
  g_assert_cmpuint (g_list_model_get_n_items (timeline (fx)), ==, before);
  g_assert_cmpuint (n_rows (fx), ==, before);
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

/* /ic/timeline-page/pin --------------------------------------------------- */

static void
test_pin (PageFixture   *fx,
          gconstpointer  data)
{
  g_autoptr(IcTimelineEvent) note = add_note (fx, "Checkout errors began at 07:58");
  guint last = g_list_model_get_n_items (timeline (fx)) - 1;
  GtkToggleButton *pin;

  pin = find_pin_button (GTK_WIDGET (row_at (fx, last)));
  g_assert_false (gtk_toggle_button_get_active (pin));
  /* Clicking the star pins the event in the store; the row shows it. */
  gtk_toggle_button_set_active (pin, TRUE);
  g_assert_true (ic_timeline_event_get_pinned (note));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (pin)), ==, "starred-symbolic");

  /* Unpinned by the action, the button follows the event. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "timeline.pin", "(xb)",
                                             ic_timeline_event_get_id (note), FALSE));
  g_assert_false (ic_timeline_event_get_pinned (note));
  g_assert_false (gtk_toggle_button_get_active (pin));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (pin)), ==, "non-starred-symbolic");

  /* After a restart, the stored flag is what was last set. */
  gtk_toggle_button_set_active (pin, TRUE);
  store_fixture_reopen (&fx->store);
  {
    GListModel *again = ic_store_get_timeline (fx->store.store, fx->store.incident);
    g_autoptr(IcTimelineEvent) stored = g_list_model_get_item (again, last);

    g_assert_cmpint (ic_timeline_event_get_id (stored), ==, ic_timeline_event_get_id (note));
    g_assert_true (ic_timeline_event_get_pinned (stored));
  }
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

/* /ic/timeline-page/failure-shown ----------------------------------------- */

/* A failed pin or delete says what failed and what was kept, in a toast;
 * nothing is only logged (a g_warning would abort this test). */
static void
test_failure_shown (PageFixture   *fx,
                    gconstpointer  data)
{
  g_autoptr(IcTimelineEvent) note = add_note (fx, "Suspect the config push");
  guint n = g_list_model_get_n_items (timeline (fx));
  GtkToggleButton *pin;
  sqlite3 *blocker;

  pin = find_pin_button (GTK_WIDGET (row_at (fx, n - 1)));
  blocker = lock_database (fx);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "timeline.delete", "x",
                                             ic_timeline_event_get_id (note)));
  g_assert_cmpuint (fx->toasts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fx->toasts, 0),
                                   "Could not delete the note: "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fx->toasts, 0), "It is kept."));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->toasts, 0), "locked"));
  g_assert_cmpuint (g_list_model_get_n_items (timeline (fx)), ==, n);
  g_assert_cmpuint (n_rows (fx), ==, n);

  /* The star is clicked: refused, and the button goes back to what is stored. */
  gtk_toggle_button_set_active (pin, TRUE);
  g_assert_cmpuint (fx->toasts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fx->toasts, 1),
                                   "Could not pin the event: "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fx->toasts, 1), "It stays unpinned."));
  g_assert_false (ic_timeline_event_get_pinned (note));
  g_assert_false (gtk_toggle_button_get_active (pin));

  unlock_database (blocker);
  store_fixture_reopen (&fx->store);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_timeline (fx->store.store,
                                                                     fx->store.incident)),
                    ==, n);
}

/* /ic/timeline-page/set-time --------------------------------------------- */

static void
test_set_time (PageFixture   *fx,
               gconstpointer  data)
{
  g_autoptr(IcTimelineEvent) note = add_note (fx, "First 500s in the logs");
  guint n = g_list_model_get_n_items (timeline (fx));
  IcTimelineRow *row = row_at (fx, n - 1);
  gint64 before = ic_timeline_event_get_time (note);

  /* Not a time: the row says why, the event keeps its time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "timeline.set-time", "(xs)",
                                             ic_timeline_event_get_id (note), "soonish"));
  g_assert_nonnull (ic_timeline_row_get_time_error (row));
  g_assert_cmpint (ic_timeline_event_get_time (note), ==, before);

  /* Backdated by ten minutes (the fixture's clock reads 08:00 UTC). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "timeline.set-time", "(xs)",
                                             ic_timeline_event_get_id (note), "-10m"));
  g_assert_cmpint (ic_timeline_event_get_time (note), ==, IC_TEST_START_US - 600 * G_USEC_PER_SEC);
  /* Now the first event: the list was re-sorted, and shows it first. */
  g_assert_true (ic_timeline_row_get_event (row_at (fx, 0)) == note);
  g_assert_null (ic_timeline_row_get_time_error (row_at (fx, 0)));
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, PageFixture, NULL, page_setup, fn, page_teardown)
  ADD ("/ic/timeline-row/new-destroy", test_row_new_destroy);
  g_test_add_func ("/ic/timeline-page/new-destroy", test_page_new_destroy);
  ADD ("/ic/timeline-page/rows-follow-model", test_rows_follow_model);
  ADD ("/ic/timeline-page/pin", test_pin);
  ADD ("/ic/timeline-page/failure-shown", test_failure_shown);
  ADD ("/ic/timeline-page/set-time", test_set_time);
#undef ADD
  return g_test_run ();
}
