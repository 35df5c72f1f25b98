/* test-shortcuts.c — every key is shown and every shown key works: the
 * shortcuts window against the application's accelerators, and the page
 * keys pressed through the X server in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-incident-view.h"
#include "ic-test-app.h"
#include "ic-test-keys.h"

/* /ic/shortcuts/every-row-has-keys -------------------------------------------- */

/* The shortcuts window, as Ctrl+? shows it (built from the same resource):
 * each row has keys (its own, or its action's), and each action with keys
 * has a row. */
static void
test_every_row_has_keys (AppFixture    *fx,
                         gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) actions = NULL;
  GSList *objects;
  guint rows = 0;

  gtk_builder_add_from_resource (builder, RESOURCE_BASE "/ic-shortcuts-window.ui", &error);
  g_assert_no_error (error);
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      rows++;
      g_object_get (l->data, "title", &title, "accelerator", &accelerator, "action-name", &action,
                    NULL);
      g_test_message ("%s: %s %s", title, accelerator ? accelerator : "",
                      action ? action : "");
      if (action != NULL)
        {
          g_auto(GStrv) keys = gtk_application_get_accels_for_action (GTK_APPLICATION (fx->app),
                                                                      action);

          if (keys == NULL || keys[0] == NULL)
            g_error ("the row “%s” names %s, which has no keys", title, action);
          g_ptr_array_add (shown, g_steal_pointer (&action));
        }
      else if (accelerator == NULL || *accelerator == '\0')
        g_error ("the row “%s” shows no keys", title);
    }
  g_slist_free (objects);
  g_assert_cmpuint (rows, >=, 10);

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (fx->app));
  for (guint i = 0; actions[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (shown, actions[i], g_str_equal, NULL))
      g_error ("%s has keys and no row in the shortcuts window", actions[i]);
}

/* /ic/shortcuts/pages ----------------------------------------------------------- */

typedef struct
{
  AdwViewStack *stack;
  const char   *name;
} PageWait;

static gboolean
page_is_shown (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (wait->stack), wait->name) == 0;
}

/* A key, then the page it shows (under the sanitizers, a page built the
 * first time it is shown can take longer than the keys' settling wait). */
static void
key_shows_page (AdwViewStack    *stack,
                guint            keyval,
                GdkModifierType  modifiers,
                const char      *name)
{
  PageWait wait = { stack, name };

  ic_test_key (keyval, modifiers);
  wait_for (page_is_shown, &wait, name);
  ic_test_keys_settle ();
}

/* Alt+1 … Alt+6 show the incident's pages, Ctrl+Page Down and Up cycle
 * them, and each puts the keyboard on the page's first useful control. */
static void
test_pages (AppFixture    *fx,
            gconstpointer  data)
{
  const char *names[] = { "structure", "hypotheses", "probes", "timeline", "details",
                          "postmortem" };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  IcWindow *window = activate_window (fx);
  IcIncidentView *view = ic_window_get_view (window);
  AdwViewStack *stack = ic_incident_view_get_stack (view);
  GtkWidget *page;

  incident = ic_store_create_incident (ic_application_get_store (fx->app), "Checkout 500s",
                                       "checkout", IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_object_set (incident, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_window_select_incident (window, incident);
  ic_test_keys_focus (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      key_shows_page (stack, GDK_KEY_1 + i, GDK_ALT_MASK, names[i]);
      page = adw_view_stack_get_child_by_name (stack, names[i]);
      g_assert_true (ic_test_has_focus (GTK_WINDOW (window), page));
    }
  key_shows_page (stack, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "structure");
  key_shows_page (stack, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "postmortem");
  key_shows_page (stack, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "details");
  g_assert_true (ic_test_has_focus (GTK_WINDOW (window),
                                    adw_view_stack_get_child_by_name (stack, "details")));
}

/* /ic/shortcuts/window-on-demand ------------------------------------------------ */

static gboolean
overlay_is_shown (gpointer data)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (data);

  return overlay != NULL && gtk_widget_get_mapped (GTK_WIDGET (overlay));
}

static gboolean
overlay_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (data)));
}

static gboolean
switchers_are_built (gpointer data)
{
  return adw_view_switcher_title_get_stack (
           ADW_VIEW_SWITCHER_TITLE (gtk_widget_get_template_child (data, IC_TYPE_WINDOW,
                                                                   "switcher_title"))) != NULL;
}

/* The shortcuts window is no part of the main window's first frame, nor of
 * what is built when it is idle after it: Ctrl+?, pressed through the X
 * server, builds it and shows it over the window, with its rows and their
 * keys; Escape hides it, and Ctrl+? shows the same one again. */
static void
test_window_on_demand (AppFixture    *fx,
                       gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  GtkApplicationWindow *app_window = GTK_APPLICATION_WINDOW (window);
  GtkShortcutsWindow *overlay;

  wait_for (switchers_are_built, window, "the window to be idle after its first frame");
  g_assert_null (gtk_application_window_get_help_overlay (app_window));

  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_key (GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_for (overlay_is_shown, window, "the shortcuts window to be shown");
  overlay = gtk_application_window_get_help_overlay (app_window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (overlay)));
  g_assert_nonnull (ic_test_find_descendant (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT));

  ic_test_key (GDK_KEY_Escape, 0);
  wait_for (overlay_is_hidden, window, "the shortcuts window to be hidden");
  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_key (GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_for (overlay_is_shown, window, "the shortcuts window to be shown again");
  g_assert_true (gtk_application_window_get_help_overlay (app_window) == overlay);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/shortcuts/every-row-has-keys", test_every_row_has_keys);
  ADD ("/ic/shortcuts/pages", test_pages);
  ADD ("/ic/shortcuts/window-on-demand", test_window_on_demand);
#undef ADD
  return g_test_run ();
}
