/* test-postmortem-page.c — IcPostmortemPage and its IcSectionEditors: a
 * real store file, the page in a plain GtkWindow under Xvfb, the window's
 * win.toast action stood in for, and filled in by keyboard, what it stored
 * read back from the file and its Markdown export (the whys and action
 * items have their own files: test-why-row.c, test-action-item-row.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "ic-markdown-view.h"
#include "ic-section-editor.h"
#include "ic-test-postmortem-page.h"

static void
collect_editors (GtkWidget *widget,
                 GPtrArray *editors)
{
  if (IC_IS_SECTION_EDITOR (widget))
    g_ptr_array_add (editors, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_editors (child, editors);
}

/* The page's editor of @section. */
static IcSectionEditor *
editor_of (PageFixture         *fx,
           IcPostmortemSection  section)
{
  g_autoptr(GPtrArray) editors = g_ptr_array_new ();

  collect_editors (GTK_WIDGET (fx->page), editors);
  for (guint i = 0; i < editors->len; i++)
    if (ic_section_editor_get_section (editors->pdata[i]) == section)
      return editors->pdata[i];
  g_assert_not_reached ();
  return NULL;
}

static GtkStack *
stack_of (PageFixture *fx)
{
  return GTK_STACK (ic_test_find_descendant (GTK_WIDGET (fx->page), GTK_TYPE_STACK));
}

static void
type_section (PageFixture         *fx,
              IcPostmortemSection  section,
              const char          *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (ic_section_editor_get_buffer (editor_of (fx,
                                                                                   section)));

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

/* /ic/postmortem-page/start ------------------------------------------------- */

static void
test_start (PageFixture   *fx,
            gconstpointer  data)
{
  GtkWidget *summary;

  /* Not started: the start page, and nothing to add whys or items to. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (fx)), ==, "empty");
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "postmortem.add-why", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "postmortem.add-item", NULL);
  g_assert_false (ic_store_has_postmortem (fx->store.store, fx->store.incident));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "postmortem.start", NULL));
  g_assert_true (ic_store_has_postmortem (fx->store.store, fx->store.incident));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (fx)), ==, "editor");
  /* The drafts are shown and the focus is in the summary. */
  summary = ic_section_editor_get_view (editor_of (fx, IC_POSTMORTEM_SUMMARY));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx->window)) == summary);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_whys (fx->store.store,
                                                                 fx->store.incident)), ==,
                    IC_POSTMORTEM_DEFAULT_WHYS);
}

/* /ic/postmortem-page/sections ---------------------------------------------- */

static void
test_sections (PageFixture   *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_store_ensure_postmortem (fx->store.store, fx->store.incident, &error));
  ic_postmortem_page_refresh (fx->page);
  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    {
      IcSectionEditor *editor = editor_of (fx, s);
      GtkWidget *view = ic_section_editor_get_view (editor);
      g_autofree char *typed = g_strdup_printf ("Section *%d*", s);
      g_autofree char *saved = NULL;
      g_autofree char *before = ic_store_dup_postmortem_section (fx->store.store,
                                                                 fx->store.incident, s);

      /* Titled as the export titles it; named by its column for Tab tests. */
      g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (editor)), ==,
                       ic_postmortem_section_get_title (s));
      g_assert_cmpstr (gtk_widget_get_name (view), ==, ic_postmortem_section_to_string (s));
      /* Highlighted as Markdown, by the module (found through IC_MODULE_DIR). */
      g_assert_true (GTK_SOURCE_IS_BUFFER (ic_section_editor_get_buffer (editor)));
      g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (
                         GTK_SOURCE_BUFFER (ic_section_editor_get_buffer (editor)))), ==,
                       "markdown");
      g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (view)));

      /* Typed: saved at once, after what was drafted. */
      {
        GtkTextIter end;

        gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (ic_section_editor_get_buffer (editor)),
                                      &end);
        gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (ic_section_editor_get_buffer (editor)),
                                      &end);
      }
      type_section (fx, s, typed);
      saved = ic_store_dup_postmortem_section (fx->store.store, fx->store.incident, s);
      g_assert_true (g_str_has_prefix (saved, before));
      g_assert_true (g_str_has_suffix (saved, typed));
    }
  g_assert_null (ic_postmortem_page_get_error (fx->page));
}

/* /ic/postmortem-page/suggestion -------------------------------------------- */

static void
test_suggestion (PageFixture   *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *items;
  GtkWidget *row;

  g_assert_true (ic_store_ensure_postmortem (fx->store.store, fx->store.incident, &error));
  ic_postmortem_page_refresh (fx->page);
  row = ic_test_find_descendant (GTK_WIDGET (fx->page), ADW_TYPE_ACTION_ROW);
  g_assert_null (ic_postmortem_page_get_suggestion (fx->page));
  g_assert_false (gtk_widget_is_visible (row));

  /* A signal nobody watched, named in the detection gap: offered in words. */
  type_section (fx, IC_POSTMORTEM_DETECTION_GAP, "We had no alert on replica lag.");
  g_assert_cmpstr (ic_postmortem_page_get_suggestion (fx->page), ==,
                   "Add an alert on replica lag");
  g_assert_true (gtk_widget_is_visible (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Add an alert on replica lag");

  /* Accepted: a monitoring action item, and no longer offered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page),
                                             "postmortem.accept-suggestion", NULL));
  items = ic_store_get_action_items (fx->store.store, fx->store.incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  {
    g_autoptr(IcActionItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpstr (ic_action_item_get_text (item), ==, "Add an alert on replica lag");
    g_assert_cmpint (ic_action_item_get_kind (item), ==, IC_ACTION_ITEM_MONITORING);
  }
  g_assert_null (ic_postmortem_page_get_suggestion (fx->page));
  g_assert_false (gtk_widget_is_visible (row));
}

/* /ic/postmortem-page/save-fails: another connection holds the write lock -- */

static void
test_save_fails (PageFixture   *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  sqlite3 *blocker = NULL;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (ic_store_ensure_postmortem (fx->store.store, fx->store.incident, &error));
  ic_postmortem_page_refresh (fx->page);
  g_assert_cmpint (sqlite3_open (fx->store.path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  type_section (fx, IC_POSTMORTEM_LESSONS, "Typed while locked");
  /* Said on the page, in words; what was typed stays on screen. */
  g_assert_nonnull (ic_postmortem_page_get_error (fx->page));
  g_assert_true (g_str_has_prefix (ic_postmortem_page_get_error (fx->page),
                                   "Cannot save the postmortem in"));
  buffer = GTK_TEXT_BUFFER (ic_section_editor_get_buffer (editor_of (fx, IC_POSTMORTEM_LESSONS)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, "Typed while locked");
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);

  /* The next keystroke saves it all. */
  type_section (fx, IC_POSTMORTEM_LESSONS, ".");
  saved = ic_store_dup_postmortem_section (fx->store.store, fx->store.incident,
                                           IC_POSTMORTEM_LESSONS);
  g_assert_cmpstr (saved, ==, "Typed while locked.");
}

/* /ic/postmortem-page/by-keyboard ------------------------------------------- */

/* The AdwEntryRow (or other row) holding the focus, if any. */
static GtkWidget *
focused_row (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL ? gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) : NULL;
}

/* Presses Tab until the focus is in the entry row titled @title (or the
 * text view named @name), as a keyboard user would. */
static GtkWidget *
tab_to (GtkWindow  *window,
        const char *title,
        const char *name)
{
  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
      GtkWidget *row = focused_row (window);

      if (title != NULL && row != NULL
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return focus;
      if (name != NULL && focus != NULL && g_str_equal (gtk_widget_get_name (focus), name))
        return focus;
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
    }
  g_error ("Tab never reached “%s”", title != NULL ? title : name);
  return NULL;
}

/* Types into the focused entry and returns it. */
static GtkWidget *
type_into (GtkWindow  *window,
           const char *title,
           const char *text)
{
  GtkWidget *entry = tab_to (window, title, NULL);

  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  return entry;
}

/* Enter in an entry row's text. */
static void
press_enter (GtkWidget *text)
{
  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static gboolean
export_done (gpointer data)
{
  return !ic_postmortem_page_get_export_pending (IC_POSTMORTEM_PAGE (data));
}

static void
test_by_keyboard (PageFixture   *fx,
                  gconstpointer  data)
{
  static const char * const answers[] = {
    "The queue consumer stopped", "Its host ran out of disk", "Logs were never rotated",
    "The rotation job was removed in a cleanup", "Nobody reviews removed cron jobs", NULL };
  IcStore *store = fx->store.store;
  IcPostmortemPage *page = fx->page;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *markdown = NULL;
  GtkWidget *entry, *gap;
  GListModel *whys, *items;
  g_autoptr(IcActionItem) first = NULL, second = NULL;

  incident = ic_store_create_incident (store, "Orders stuck in the queue", "orders",
                                       IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_postmortem_page_set_incident (page, incident);
  spin ();
  g_assert_false (ic_store_has_postmortem (store, incident));
  gtk_widget_activate_action (GTK_WIDGET (page), "postmortem.start", NULL);
  g_assert_true (ic_store_has_postmortem (store, incident));
  spin ();

  /* The five whys, by keyboard: Tab to each field and type. */
  for (guint i = 0; answers[i] != NULL; i++)
    {
      g_autofree char *asked = g_strdup_printf ("Why? (%u of 5)", i + 1);
      g_autofree char *because = g_strdup_printf ("Because… (%u)", i + 1);

      if (i > 0)
        {
          g_autofree char *question = g_strdup_printf ("Why: %s?", answers[i - 1]);
          type_into (fx->window, asked, question);
        }
      type_into (fx->window, because, answers[i]);
    }

  /* The detection gap names a signal nobody watched: the helper suggests it. */
  gap = tab_to (fx->window, NULL, "detection_gap");
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (gap)),
                                    "We had no alert on disk usage of the queue hosts.", -1);
  g_assert_cmpstr (ic_postmortem_page_get_suggestion (page), ==,
                   "Add an alert on disk usage of the queue hosts");

  /* An action item by keyboard; a bad due date is refused and kept. */
  type_into (fx->window, "Action", "Restore the log rotation job");
  type_into (fx->window, "Owner", "Sam");
  entry = type_into (fx->window, "Due Date (YYYY-MM-DD)", "next week");
  press_enter (entry);
  g_assert_nonnull (strstr (ic_postmortem_page_get_error (page), "“next week” is not a due date"));
  items = ic_store_get_action_items (store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "next week");
  gtk_editable_set_text (GTK_EDITABLE (entry), "2026-12-15");
  press_enter (entry);
  g_assert_null (ic_postmortem_page_get_error (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "postmortem.accept-suggestion", NULL);
  g_assert_null (ic_postmortem_page_get_suggestion (page));

  /* What the store has, read back from the file. */
  g_assert_true (ic_store_flush (store, &error));
  {
    g_autoptr(IcStore) reread = ic_store_open (ic_store_get_path (store), NULL, &error);
    IcIncident *again;

    g_assert_no_error (error);
    again = ic_store_lookup_incident (reread, ic_incident_get_id (incident));
    whys = ic_store_get_whys (reread, again);
    g_assert_cmpuint (g_list_model_get_n_items (whys), ==, 5);
    for (guint i = 0; answers[i] != NULL; i++)
      {
        g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);

        g_assert_cmpstr (ic_why_get_answer (why), ==, answers[i]);
        if (i == 1)
          g_assert_cmpstr (ic_why_get_question (why), ==, "Why: The queue consumer stopped?");
      }
    items = ic_store_get_action_items (reread, again);
    g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
    first = g_list_model_get_item (items, 0);
    g_assert_cmpstr (ic_action_item_get_text (first), ==, "Restore the log rotation job");
    g_assert_cmpstr (ic_action_item_get_owner (first), ==, "Sam");
    g_assert_cmpstr (ic_action_item_get_due_date (first), ==, "2026-12-15");
    second = g_list_model_get_item (items, 1);
    g_assert_cmpstr (ic_action_item_get_text (second), ==,
                     "Add an alert on disk usage of the queue hosts");
    g_assert_cmpint (ic_action_item_get_kind (second), ==, IC_ACTION_ITEM_MONITORING);
  }

  /* Export through the action (the file chooser is bypassed). */
  path = g_build_filename (fx->store.dir, "postmortem.md", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "postmortem.export-to", "s", path);
  wait_for (export_done, page, "the export to be written");
  g_assert_null (ic_postmortem_page_get_error (page));
  g_assert_true (g_file_get_contents (path, &markdown, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (markdown, "# Orders stuck in the queue\n"));
  g_assert_nonnull (strstr (markdown, "\n## 5 Whys\n\n1. **Why?** Why did “Orders stuck in the "
                                      "queue” happen?\\\n   **Because:** The queue consumer "
                                      "stopped\n"));
  g_assert_nonnull (strstr (markdown, "5. **Why?** Why: The rotation job was removed in a "
                                      "cleanup?\\\n   **Because:** Nobody reviews removed cron "
                                      "jobs\n"));
  g_assert_nonnull (strstr (markdown, "| No | Other | Restore the log rotation job | Sam | "
                                      "2026-12-15 |\n"));
  g_assert_nonnull (strstr (markdown, "| No | Monitoring | Add an alert on disk usage of the "
                                      "queue hosts | — | — |\n"));
  g_assert_nonnull (strstr (markdown, "We had no alert on disk usage of the queue hosts."));
}

/* /ic/postmortem-page/highlight-follows-style -------------------------------- */

/* The Markdown highlighting takes the Adwaita scheme of the style: dark
 * when the style turns dark, light again after. */
static void
test_highlight_follows_style (PageFixture   *fx,
                              gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct { AdwColorScheme scheme; const char *id; } steps[] = {
    { ADW_COLOR_SCHEME_FORCE_DARK, "Adwaita-dark" },
    { ADW_COLOR_SCHEME_FORCE_LIGHT, "Adwaita" },
    { ADW_COLOR_SCHEME_FORCE_DARK, "Adwaita-dark" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      adw_style_manager_set_color_scheme (style, steps[i].scheme);
      for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
        {
          GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (ic_section_editor_get_buffer (
            editor_of (fx, s)));

          g_assert_nonnull (gtk_source_buffer_get_style_scheme (buffer));
          g_assert_cmpstr (gtk_source_style_scheme_get_id (
                             gtk_source_buffer_get_style_scheme (buffer)), ==, steps[i].id);
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* /ic/postmortem-page/without-highlighting ---------------------------------- */

static char *no_module_dir;

/* In the test's own process: no highlighting module where the program
 * looks (an empty folder), before the page makes its editors. */
static void
page_setup_without_module (PageFixture   *fx,
                           gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      no_module_dir = g_dir_make_tmp ("ic-no-module-XXXXXX", NULL);
      g_assert_nonnull (no_module_dir);
      g_assert_true (g_setenv ("IC_MODULE_DIR", no_module_dir, TRUE));
    }
  page_setup (fx, IC_TEST_STARTED);
}

static void
page_teardown_without_module (PageFixture   *fx,
                              gconstpointer  data)
{
  page_teardown (fx, data);
  if (no_module_dir != NULL)
    ic_test_remove_tree (no_module_dir);
  g_clear_pointer (&no_module_dir, g_free);
}

/* Without the module (a broken installation), each section is a plain text
 * view, named, labelled and moved out of by Tab as before, and what is
 * typed is saved: the postmortem loses nothing but the colours. Why is
 * said once. */
static void
test_without_highlighting (PageFixture   *fx,
                           gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_assert_false (ic_markdown_view_is_highlighted ());
      ic_postmortem_page_refresh (fx->page);
      for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
        {
          IcSectionEditor *editor = editor_of (fx, s);
          GtkWidget *view = ic_section_editor_get_view (editor);
          g_autofree char *typed = g_strdup_printf ("Plain *%d*", s);
          g_autofree char *saved = NULL;
          GtkTextIter end;

          g_assert_true (G_OBJECT_TYPE (view) == GTK_TYPE_TEXT_VIEW);
          g_assert_true (G_OBJECT_TYPE (ic_section_editor_get_buffer (editor))
                         == GTK_TYPE_TEXT_BUFFER);
          g_assert_cmpstr (gtk_widget_get_name (view), ==, ic_postmortem_section_to_string (s));
          g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (view)));
          g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));
          gtk_text_buffer_get_end_iter (ic_section_editor_get_buffer (editor), &end);
          gtk_text_buffer_place_cursor (ic_section_editor_get_buffer (editor), &end);
          type_section (fx, s, typed);
          saved = ic_store_dup_postmortem_section (fx->store.store, fx->store.incident, s);
          g_assert_true (g_str_has_suffix (saved, typed));
        }
      /* The style changing is nothing to a plain view. */
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      g_assert_null (ic_postmortem_page_get_error (fx->page));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot load *ic-no-module-*/libic-markdown-view.so*");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, PageFixture, NULL, page_setup, fn, page_teardown)
  ADD ("/ic/postmortem-page/start", test_start);
  ADD ("/ic/postmortem-page/sections", test_sections);
  ADD ("/ic/postmortem-page/suggestion", test_suggestion);
  ADD ("/ic/postmortem-page/save-fails", test_save_fails);
  ADD ("/ic/postmortem-page/by-keyboard", test_by_keyboard);
  ADD ("/ic/postmortem-page/highlight-follows-style", test_highlight_follows_style);
#undef ADD
  g_test_add ("/ic/postmortem-page/without-highlighting", PageFixture, NULL,
              page_setup_without_module, test_without_highlighting,
              page_teardown_without_module);
  return g_test_run ();
}
