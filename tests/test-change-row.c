/* test-change-row.c — IcChangeRow, and the structure page's list of
 * changes it fills: a real store file, the page in a plain GtkWindow
 * under Xvfb, the window's win.toast action stood in for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-change-row.h"
#include "ic-store-change-sources.h"
#include "ic-structure-page.h"
#include "ic-test-git.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture     store;
  GtkWindow       *window;
  IcStructurePage *page;
  GPtrArray       *toasts;   /* owned by the window */
} PageFixture;

static void
page_setup (PageFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->page = IC_STRUCTURE_PAGE (ic_structure_page_new (fx->store.store));
  ic_structure_page_set_incident (fx->page, fx->store.incident);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->page), &fx->toasts);
}

static void
page_teardown (PageFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, data);
}

static IcChange *
add_change (PageFixture  *fx,
            IcChangeKind  kind,
            const char   *description,
            gint64        minutes_ago,
            gboolean      reversible)
{
  g_autoptr(GError) error = NULL;
  IcChange *change = ic_store_add_change (fx->store.store, fx->store.incident, kind, description,
                                          IC_TEST_START_US - minutes_ago * 60 * G_USEC_PER_SEC,
                                          reversible, &error);

  g_assert_no_error (error);
  return change;
}

static GPtrArray *
change_rows (PageFixture *fx)
{
  return ic_test_find_all (GTK_WIDGET (fx->page), IC_TYPE_CHANGE_ROW);
}

/* /ic/change-row/new-destroy, /ic/change-row/subtitle --------------------- */

static void
test_row_new_destroy (PageFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(IcChange) change = add_change (fx, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3", 20,
                                           TRUE);
  GtkWidget *row = g_object_ref_sink (ic_change_row_new (change, IC_TEST_START_US, TRUE));

  g_assert_true (ic_change_row_get_change (IC_CHANGE_ROW (row)) == change);
  g_assert_true (ic_change_row_get_candidate (IC_CHANGE_ROW (row)));
  g_assert_finalize_object (row);
}

static void
test_row_shows (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(IcChange) change = add_change (fx, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3", 20,
                                           TRUE);
  GtkWidget *row = g_object_ref_sink (ic_change_row_new (change, IC_TEST_START_US, FALSE));

  /* The row follows the change: an edit shows at once. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "checkout v1.2.3");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Deploy · 07:40:00 (20 min ago) · reversible");
  ic_change_set_description (change, "checkout v1.2.4");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "checkout v1.2.4");
  ic_change_set_reversible (change, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Deploy · 07:40:00 (20 min ago) · not reversible");
  g_object_unref (row);
}

/* A change read from a repository says who made it and where it was read,
 * what it did to configuration files, and — in words — that a key looks
 * renamed; a commit message is shown as written (escaped), never read as
 * markup. */
static void
test_row_read_change (PageFixture   *fx,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_draft_free);
  g_autoptr(GError) error = NULL;
  IcChangeDraft *draft = ic_change_draft_new ();
  GListModel *changes = ic_store_get_changes (fx->store.store, fx->store.incident);
  g_autoptr(IcChange) change = NULL;
  g_autoptr(IcChange) plain = add_change (fx, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3", 20, TRUE);
  GtkWidget *row, *plain_row;
  GtkWidget *renamed;

  draft->kind = IC_CHANGE_KIND_CONFIG;
  draft->description = g_strdup ("sessions-config 9f2c1e0: <b>Simplify</b> Redis & co");
  draft->changed_at = IC_TEST_START_US - 35 * 60 * G_USEC_PER_SEC;
  draft->author = g_strdup ("Ana Lima");
  draft->revision = g_strdup ("9f2c1e0");
  draft->config_diff = g_strdup ("prod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI added "
                                 "(redis://a) — CLUSTER_DISCOVERY removed, REDIS_URI added: "
                                 "renamed?");
  g_ptr_array_add (drafts, draft);
  g_assert_true (ic_store_merge_changes (fx->store.store, fx->store.incident, "sessions-config",
                                         drafts, NULL, &error));
  g_assert_no_error (error);
  change = g_list_model_get_item (changes, 1);
  row = g_object_ref_sink (ic_change_row_new (change, IC_TEST_START_US, FALSE));
  plain_row = g_object_ref_sink (ic_change_row_new (plain, IC_TEST_START_US, FALSE));

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "sessions-config 9f2c1e0: &lt;b&gt;Simplify&lt;/b&gt; Redis &amp; co");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Config push · 07:25:00 (35 min ago) · reversible · by Ana Lima in "
                   "sessions-config\n"
                   "prod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI added (redis://a) — "
                   "CLUSTER_DISCOVERY removed, REDIS_URI added: renamed?");
  renamed = ic_test_find_widget (row, ic_test_is_label_prefixed, "Renamed key?");
  g_assert_nonnull (renamed);
  g_assert_true (gtk_widget_get_visible (renamed));
  g_assert_false (gtk_widget_get_visible (ic_test_find_widget (plain_row, ic_test_is_label_prefixed,
                                                               "Renamed key?")));
  g_object_unref (row);
  g_object_unref (plain_row);
}

static gboolean
reader_idle (gpointer data)
{
  return !ic_change_reader_get_busy (data);
}

/* The page reads the service's change sources when its incident is shown
 * and again on F5's action, off the main thread: the commits join the
 * list, and the line under it says what was read and which source failed
 * and why. */
static void
test_page_reads_sources (PageFixture   *fx,
                         gconstpointer  data)
{
  g_autofree char *repo = g_build_filename (fx->store.dir, "checkout-config", NULL);
  g_autofree char *missing = g_build_filename (fx->store.dir, "gone", NULL);
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "", repo);
  g_autoptr(IcChangeSource) broken = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "checkout",
                                                           missing);
  g_autoptr(GError) error = NULL;
  IcChangeReader *reader = ic_structure_page_get_change_reader (fx->page);
  gint64 start_s = IC_TEST_START_US / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *label;

  init_repo (repo);
  write_file (repo, "prod.env", "POOL=128\n", -1);
  commit_at (repo, start_s - 3 * 3600, "Pool 128");
  write_file (repo, "prod.env", "POOL=256\n", -1);
  commit_at (repo, start_s - 30 * 60, "Pool 256");
  g_assert_true (ic_store_add_change_source (fx->store.store, source, &error));
  g_assert_true (ic_store_add_change_source (fx->store.store, broken, &error));
  g_assert_no_error (error);

  /* Shown again: read. */
  ic_structure_page_set_incident (fx->page, NULL);
  ic_structure_page_set_incident (fx->page, fx->store.incident);
  g_assert_true (ic_change_reader_get_busy (reader));
  wait_for (reader_idle, reader, "the change sources to be read");
  rows = change_rows (fx);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (rows->pdata[0]), ": Pool 256"));
  label = ic_test_find_widget (GTK_WIDGET (fx->page), ic_test_is_label_prefixed,
                               "Read 2 sources at ");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)),
                            ": 1 change in the window, 1 new.\ngone: "));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (GTK_LABEL (label)),
                                   "/gone is not there (moved, deleted, or no longer shared with "
                                   "the app: choose it again)"));

  /* A new commit, and the page's refresh action (F5): it joins the list. */
  write_file (repo, "prod.env", "POOL=512\n", -1);
  commit_at (repo, start_s - 5 * 60, "Pool 512");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "structure.refresh-changes",
                                             NULL));
  wait_for (reader_idle, reader, "the change sources to be read again");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = change_rows (fx);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (rows->pdata[0]), ": Pool 512"));
}

/* /ic/change-row/page-list ------------------------------------------------- */

static void
test_page_list (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(IcChange) deploy = add_change (fx, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3", 20, TRUE);
  g_autoptr(IcChange) config = add_change (fx, IC_CHANGE_KIND_CONFIG, "pool size 50 → 20", 5,
                                           TRUE);
  g_autoptr(GPtrArray) rows = change_rows (fx);
  g_autoptr(GPtrArray) after = NULL;
  guint candidates = 0;

  g_assert_cmpuint (rows->len, ==, 2);
  /* One row is the rollback candidate: the most recent reversible change. */
  for (guint i = 0; i < rows->len; i++)
    {
      IcChangeRow *row = g_ptr_array_index (rows, i);

      if (ic_change_row_get_candidate (row))
        {
          candidates++;
          g_assert_true (ic_change_row_get_change (row) == config);
        }
    }
  g_assert_cmpuint (candidates, ==, 1);

  /* Removed through the row's button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (g_ptr_array_index (rows, 0)),
                                             "structure.remove-change", "x",
                                             ic_change_get_id (ic_change_row_get_change (
                                               g_ptr_array_index (rows, 0)))));
  spin ();
  after = change_rows (fx);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_changes (fx->store.store,
                                                                    fx->store.incident)), ==, 1);
  g_assert_cmpuint (fx->toasts->len, ==, 0);
}

/* /ic/change-row/roll-back: any reversible change, by its row's button. */
static void
test_roll_back (PageFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(IcChange) old = add_change (fx, IC_CHANGE_KIND_DEPLOY, "docforge 4.7.0", 600, TRUE);
  g_autoptr(IcChange) flag = add_change (fx, IC_CHANGE_KIND_FEATURE_FLAG, "debug log", 5, TRUE);
  g_autoptr(IcChange) migration = add_change (fx, IC_CHANGE_KIND_MIGRATION, "drop column", 2,
                                              FALSE);
  GtkWidget *old_row = g_object_ref_sink (ic_change_row_new (old, IC_TEST_START_US, FALSE));
  GtkWidget *migration_row = g_object_ref_sink (ic_change_row_new (migration, IC_TEST_START_US,
                                                                   FALSE));
  g_autoptr(GPtrArray) rows = change_rows (fx);
  GtkWidget *button = ic_test_find_widget (old_row, ic_test_is_button_labelled, "_Roll Back");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_visible (ic_test_find_widget (migration_row,
                                                               ic_test_is_button_labelled,
                                                               "_Roll Back")));
  /* The page's rows ask the page: the older change, not the candidate. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (g_ptr_array_index (rows, 0)),
                                             "structure.roll-back-change", "x",
                                             ic_change_get_id (old)));
  g_assert_cmpint (ic_change_get_rolled_back_at (old), ==, IC_TEST_START_US);
  g_assert_cmpint (ic_change_get_rolled_back_at (flag), ==, 0);
  /* Rolled back, the button goes and the row says so. */
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (old_row)),
                                   " · rolled back"));
  /* Twice is said, not done. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (g_ptr_array_index (rows, 0)),
                                             "structure.roll-back-change", "x",
                                             ic_change_get_id (old)));
  g_assert_cmpuint (fx->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->toasts, 0), ==,
                   "Could not record the rollback: “docforge 4.7.0” is already rolled back");
  g_object_unref (old_row);
  g_object_unref (migration_row);
}

/* /ic/change-row/remove-fails ---------------------------------------------- */

static void
test_remove_fails (PageFixture   *fx,
                   gconstpointer  data)
{
  g_autoptr(IcChange) deploy = add_change (fx, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3", 20, TRUE);
  sqlite3 *blocker = NULL;

  g_assert_cmpint (sqlite3_open (fx->store.path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "structure.remove-change",
                                             "x", ic_change_get_id (deploy)));
  g_assert_cmpuint (fx->toasts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fx->toasts, 0),
                                   "Could not remove the change: "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fx->toasts, 0), "It is kept."));
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);

  store_fixture_reopen (&fx->store);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_changes (fx->store.store,
                                                                    fx->store.incident)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, PageFixture, NULL, page_setup, fn, page_teardown)
  ADD ("/ic/change-row/read-change", test_row_read_change);
  ADD ("/ic/change-row/page-reads-sources", test_page_reads_sources);
  ADD ("/ic/change-row/new-destroy", test_row_new_destroy);
  ADD ("/ic/change-row/roll-back", test_roll_back);
  ADD ("/ic/change-row/shows", test_row_shows);
  ADD ("/ic/change-row/page-list", test_page_list);
  ADD ("/ic/change-row/remove-fails", test_remove_fails);
#undef ADD
  return g_test_run ();
}
