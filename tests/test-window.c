/* test-window.c — the real window under Xvfb: new incident, search, errors,
 * and the first 90 seconds driven by keyboard and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "ic-application-private.h"
#include "ic-breathe-page.h"
#include "ic-decision-tree.h"
#include "ic-incident-row.h"
#include "ic-rollback-timer.h"
#include "ic-store-private.h"
#include "ic-structure-page.h"
#include "ic-timeline-page.h"
#include "ic-test-app.h"
#include "ic-test-keys.h"
#include "ic-test-store-fixture.h"
#include "ic-test-util.h"
#include "ic-test-widget.h"
#include "ic-window.h"

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* A part of an incident row, which makes its widgets itself: told apart by
 * their style classes. %NULL for a drill badge the row has not needed. */
static gpointer
row_part_or_null (gpointer    row,
                  const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (row)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean found;

      if (g_str_equal (name, "status_icon"))
        found = GTK_IS_IMAGE (child);
      else if (g_str_equal (name, "severity_label"))
        found = gtk_widget_has_css_class (child, "severity");
      else if (g_str_equal (name, "drill_label"))
        found = gtk_widget_has_css_class (child, "drill-badge");
      else if (g_str_equal (name, "title_label"))
        found = gtk_widget_has_css_class (child, "heading");
      else if (g_str_equal (name, "status_label"))
        found = gtk_widget_has_css_class (child, "caption")
                && !gtk_widget_has_css_class (child, "dim-label");
      else if (g_str_equal (name, "detail_label"))
        found = gtk_widget_has_css_class (child, "dim-label");
      else
        g_assert_not_reached ();
      if (found)
        return child;
    }
  return NULL;
}

static gpointer
row_part (gpointer    row,
          const char *name)
{
  gpointer part = row_part_or_null (row, name);

  g_assert_nonnull (part);
  return part;
}

/* /ic/window/new-incident ---------------------------------------------- */

static void
test_new_incident (AppFixture    *fx,
                   gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  GListModel *model = ic_window_get_sidebar_model (window);
  GtkStack *sidebar_stack = template_child (window, IC_TYPE_WINDOW, "sidebar_stack");
  GtkStack *content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcStore) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "empty");
  /* The content pane is never blank: it says how to start, with no
   * incidents to offer yet. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "select");
  g_assert_false (gtk_widget_get_visible (template_child (window, IC_TYPE_WINDOW,
                                                          "recent_list")));

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "new-incident", NULL);
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (ic_incident_get_title (first), ==, "New incident");
  g_assert_true (ic_window_get_selected_incident (window) == first);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "incident");
  /* A new incident opens at the breathe step. */
  g_assert_cmpstr (ic_incident_view_get_step (ic_window_get_view (window)), ==, "breathe");

  /* Committed at once: another connection sees it (survives a crash). */
  reopened = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (reopened)), ==, 1);
}

/* /ic/window/title-follows --------------------------------------------- */

/* A title being typed (#14): each keystroke sets it, and the header, the
 * page's own header and the sidebar row show it before the next frame,
 * with nothing to wait for. */
static void
test_title_follows (AppFixture    *fx,
                    gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  AdwViewSwitcherTitle *switcher = template_child (window, IC_TYPE_WINDOW, "switcher_title");
  IcIncidentView *view;
  IcIncidentRow *row;
  IcIncident *incident;
  const char *typed[] = { "C", "Ch", "Checkout 500s", "Checkout 500s in eu-west-1" };

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "new-incident", NULL);
  spin ();
  incident = ic_window_get_selected_incident (window);
  g_assert_nonnull (incident);
  view = ic_window_get_view (window);
  row = IC_INCIDENT_ROW (ic_test_find_descendant (template_child (window, IC_TYPE_WINDOW,
                                                                  "list_view"),
                                                  IC_TYPE_INCIDENT_ROW));
  g_assert_nonnull (row);
  /* The Details page is built when first shown; it follows from then on. */
  g_assert_null (ic_incident_view_get_details_page (view));
  ic_incident_view_show_page (view, "details");
  g_assert_nonnull (ic_incident_view_get_details_page (view));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      ic_incident_set_title (incident, typed[i]);
      g_assert_cmpstr (adw_view_switcher_title_get_title (switcher), ==, typed[i]);
      g_assert_cmpstr (gtk_label_get_label (template_child (view, IC_TYPE_INCIDENT_VIEW,
                                                            "title_label")), ==, typed[i]);
      g_assert_cmpstr (gtk_editable_get_text (
                         template_child (ic_incident_view_get_details_page (view),
                                         IC_TYPE_DETAILS_PAGE, "title_row")), ==, typed[i]);
      g_assert_cmpstr (gtk_label_get_label (row_part (row, "title_label")), ==, typed[i]);
    }
  /* The badge keeps its one severity class through it all. */
  g_assert_true (gtk_widget_has_css_class (row_part (row, "severity_label"), "sev2"));
  ic_incident_set_severity (incident, IC_SEVERITY_SEV1);
  g_assert_true (gtk_widget_has_css_class (template_child (view, IC_TYPE_INCIDENT_VIEW,
                                                           "severity_label"), "sev1"));
  g_assert_false (gtk_widget_has_css_class (template_child (view, IC_TYPE_INCIDENT_VIEW,
                                                            "severity_label"), "sev2"));
  g_assert_true (gtk_widget_has_css_class (row_part (row, "severity_label"), "sev1"));
  g_assert_false (gtk_widget_has_css_class (row_part (row, "severity_label"), "sev2"));
}

/* /ic/window/switcher-off -------------------------------------------------- */

/* With no incident shown, the page switchers stay off once they are
 * built (in an idle after the window is up), and the bottom bar hidden
 * even on a narrow window. */
static gboolean
switcher_has_stack (gpointer data)
{
  return adw_view_switcher_title_get_stack (data) != NULL;
}

static void
test_switcher_off (AppFixture    *fx,
                   gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  AdwViewSwitcherTitle *switcher = template_child (window, IC_TYPE_WINDOW, "switcher_title");
  AdwViewSwitcherBar *bar = template_child (window, IC_TYPE_WINDOW, "switcher_bar");

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  wait_for (switcher_has_stack, switcher, "the page switchers to be built");
  spin ();
  g_assert_true (adw_view_switcher_title_get_stack (switcher)
                 == ic_incident_view_get_stack (ic_window_get_view (window)));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (switcher));
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));
}

/* /ic/window/search ------------------------------------------------------ */

typedef struct
{
  IcWindow *window;
  guint     n;
} CountWait;

static gboolean
model_has_n (gpointer data)
{
  CountWait *wait = data;
  GListModel *model = ic_window_get_sidebar_model (wait->window);

  return model != NULL && g_list_model_get_n_items (model) == wait->n;
}

static void
test_search (AppFixture    *fx,
             gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  GtkSearchEntry *entry = template_child (window, IC_TYPE_WINDOW, "search_entry");
  GtkSearchBar *bar = template_child (window, IC_TYPE_WINDOW, "search_bar");
  GtkStack *sidebar_stack = template_child (window, IC_TYPE_WINDOW, "sidebar_stack");
  const char *titles[] = { "Elevated 500s on checkout", "Redis pool exhausted",
                           "DNS resolution failing" };
  CountWait wait = { window, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) match = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(IcIncident) incident = ic_store_create_incident (store, titles[i], NULL,
                                                                 IC_SEVERITY_SEV2,
                                                                 IC_CREATED_VIA_CLI, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  gtk_editable_set_text (GTK_EDITABLE (entry), "redis");
  wait.n = 1;
  wait_for (model_has_n, &wait, "one search result");
  match = g_list_model_get_item (ic_window_get_sidebar_model (window), 0);
  g_assert_cmpstr (ic_incident_get_title (match), ==, "Redis pool exhausted");

  gtk_editable_set_text (GTK_EDITABLE (entry), "nothing-like-this");
  wait.n = 0;
  wait_for (model_has_n, &wait, "no search result");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "no-results");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait.n = 3;
  wait_for (model_has_n, &wait, "the full list again");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");

  /* Escape closes the search bar and drops the query. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "redis");
  wait.n = 1;
  wait_for (model_has_n, &wait, "one search result again");
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  wait.n = 3;
  wait_for (model_has_n, &wait, "the full list after Escape");
}

/* /ic/window/store-error ------------------------------------------------- */

static void
test_store_error (AppFixture    *fx,
                  gconstpointer  data)
{
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  g_autoptr(IcClock) clock = ic_clock_new_system ();
  g_autofree char *bad = g_build_filename (fx->dir, "garbage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  IcWindow *window;
  GtkStack *content_stack;
  GtkStack *sidebar_stack;
  AdwStatusPage *page;

  g_file_set_contents (bad, "not a database at all, sorry\n", -1, &error);
  g_assert_no_error (error);
  store = ic_store_open (bad, clock, &error);
  g_assert_null (store);
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_CORRUPT);

  window = ic_window_new (GTK_APPLICATION (fx->app), NULL, error, settings, clock);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, window, "the window to be mapped");
  content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  page = template_child (window, IC_TYPE_WINDOW, "error_page");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "error");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), bad));
  /* Its icon is set when it is shown, not loaded with every window. */
  g_assert_cmpstr (adw_status_page_get_icon_name (page), ==, "dialog-error-symbolic");
  g_assert_null (ic_window_get_sidebar_model (window));
  /* No "press Ctrl+N" promise, no New or Search button that cannot work. */
  sidebar_stack = template_child (window, IC_TYPE_WINDOW, "sidebar_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "unavailable");
  g_assert_false (gtk_widget_get_visible (template_child (window, IC_TYPE_WINDOW, "new_button")));
  g_assert_false (gtk_widget_get_visible (template_child (window, IC_TYPE_WINDOW,
                                                          "search_button")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_false (gtk_search_bar_get_search_mode (template_child (window, IC_TYPE_WINDOW,
                                                                  "search_bar")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* /ic/window/new-destroy ------------------------------------------------- */

static void
test_new_destroy (AppFixture    *fx,
                  gconstpointer  data)
{
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  g_autoptr(IcClock) clock = ic_clock_new_system ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "nd.db", NULL);
  g_autoptr(IcStore) store = ic_store_open (path, clock, &error);
  IcWindow *window;

  g_assert_no_error (error);
  window = ic_window_new (GTK_APPLICATION (fx->app), store, NULL, settings, clock);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_null (window);
  ic_store_close (store);
}

/* /ic/window/remember ----------------------------------------------------- */

static void
test_remember (AppFixture    *fx,
               gconstpointer  data)
{
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  GSettings *gsettings = ic_settings_get_settings (settings);
  g_autoptr(IcClock) clock = ic_clock_new_system ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "remember.db", NULL);
  g_autoptr(IcStore) store = ic_store_open (path, clock, &error);
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) second = NULL;
  IcWindow *window;
  int width = 0, height = 0;

  g_assert_no_error (error);
  first = ic_store_create_incident (store, "First", NULL, IC_SEVERITY_SEV2, IC_CREATED_VIA_CLI,
                                    &error);
  g_assert_no_error (error);
  second = ic_store_create_incident (store, "Second", NULL, IC_SEVERITY_SEV3,
                                     IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  /* The memory backend lives as long as the process: start clean. */
  g_settings_reset (gsettings, "selected-incident");
  g_settings_reset (gsettings, "window-width");
  g_settings_reset (gsettings, "window-height");
  g_settings_reset (gsettings, "window-maximized");

  window = ic_window_new (GTK_APPLICATION (fx->app), store, NULL, settings, clock);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, window, "the window to be mapped");
  g_assert_null (ic_window_get_selected_incident (window));
  ic_window_select_incident (window, first);
  g_assert_cmpint (g_settings_get_int64 (gsettings, "selected-incident"), ==,
                   ic_incident_get_id (first));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin ();
  g_assert_null (window);
  g_assert_cmpint (g_settings_get_int (gsettings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (gsettings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (gsettings, "window-maximized"));

  /* A new window (the next start) comes back the same. */
  window = ic_window_new (GTK_APPLICATION (fx->app), store, NULL, settings, clock);
  g_assert_true (ic_window_get_selected_incident (window) == first);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  ic_store_close (store);
}

/* /ic/incident-row/layout --------------------------------------------------- */

typedef struct
{
  graphene_rect_t severity, drill, title, icon, status, detail;
} RowBounds;

static void
row_bounds (GtkWidget *row,
            RowBounds *b)
{
  struct { const char *name; graphene_rect_t *rect; } parts[] = {
    { "severity_label", &b->severity }, { "drill_label", &b->drill },
    { "title_label", &b->title }, { "status_icon", &b->icon },
    { "status_label", &b->status }, { "detail_label", &b->detail },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *part = row_part_or_null (row, parts[i].name);

      if (part == NULL || !gtk_widget_get_visible (part))
        graphene_rect_init (parts[i].rect, 0, 0, 0, 0);
      else
        g_assert_true (gtk_widget_compute_bounds (part, row, parts[i].rect));
    }
}

/* Allocates @row @width wide at its natural height; returns that height. */
static int
allocate_row (GtkWidget *row,
              int        width)
{
  int min, nat;

  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, nat);
  gtk_widget_size_allocate (row, &(GtkAllocation) { 0, 0, width, nat }, -1);
  return nat;
}

#define RIGHT(r) ((r).origin.x + (r).size.width)
#define BOTTOM(r) ((r).origin.y + (r).size.height)

/* The row lays out its two lines itself (no boxes): badge, drill badge and
 * title on the first, status icon, status and detail on the second, 6 px
 * apart, 3 px between the lines; the title and the detail take what is
 * left and are cut when it is not enough; mirrored right to left. */
static void
test_row_layout (StoreFixture  *fx,
                 gconstpointer  data)
{
  IcIncident *incident = fx->incident;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = ic_incident_row_new ();
  RowBounds b;
  int height, min_width, nat_width, wide, inner;
  guint n_children = 0;

  ic_incident_set_title (incident, "Checkout returns 500s for every card payment");
  ic_incident_row_set_incident (IC_INCIDENT_ROW (row), incident);
  gtk_window_set_child (GTK_WINDOW (window), row);
  /* The five parts are the row's own children: no box around them; the
   * drill badge is made for a drill only. */
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child), n_children++)
    g_assert_true (GTK_IS_LABEL (child) || GTK_IS_IMAGE (child));
  g_assert_cmpuint (n_children, ==, 5);
  g_assert_null (row_part_or_null (row, "drill_label"));

  /* Wide: everything at its natural width, the title and detail stretched. */
  gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  g_assert_cmpint (min_width, <, nat_width);
  /* Measured and allocated with its margins; its children inside them. */
  wide = nat_width + 100;
  inner = wide - gtk_widget_get_margin_start (row) - gtk_widget_get_margin_end (row);
  height = allocate_row (row, wide) - gtk_widget_get_margin_top (row)
           - gtk_widget_get_margin_bottom (row);
  row_bounds (row, &b);
  g_assert_cmpfloat (b.severity.origin.x, ==, 0);
  g_assert_cmpfloat (b.title.origin.x, ==, RIGHT (b.severity) + 6);
  g_assert_cmpfloat (RIGHT (b.title), ==, inner);
  g_assert_cmpfloat (b.icon.origin.x, ==, 0);
  g_assert_cmpfloat (b.status.origin.x, ==, RIGHT (b.icon) + 6);
  g_assert_cmpfloat (b.detail.origin.x, ==, RIGHT (b.status) + 6);
  g_assert_cmpfloat (RIGHT (b.detail), ==, inner);
  /* The second line starts 3 px under the first and ends the row. */
  g_assert_cmpfloat (b.title.origin.y, ==, 0);
  g_assert_cmpfloat (b.status.origin.y, ==, BOTTOM (b.title) + 3);
  g_assert_cmpfloat (BOTTOM (b.status), ==, height);
  /* The badge and the icon are centred on their lines. */
  g_assert_cmpfloat (fabs (b.severity.origin.y + b.severity.size.height / 2
                           - b.title.size.height / 2), <=, 0.5);
  g_assert_cmpfloat (fabs (b.icon.origin.y + b.icon.size.height / 2
                           - (b.status.origin.y + b.status.size.height / 2)), <=, 0.5);

  /* A drill's badge sits between the severity and the title, in the
   * children's order too (the order a screen reader reads them in). */
  ic_incident_set_drill (incident, TRUE);
  g_assert_true (gtk_widget_get_next_sibling (row_part (row, "severity_label"))
                 == row_part (row, "drill_label"));
  g_assert_true (gtk_widget_get_next_sibling (row_part (row, "drill_label"))
                 == row_part (row, "title_label"));
  allocate_row (row, wide);
  row_bounds (row, &b);
  g_assert_cmpfloat (b.drill.size.width, >, 0);
  g_assert_cmpfloat (b.drill.origin.x, ==, RIGHT (b.severity) + 6);
  g_assert_cmpfloat (b.title.origin.x, ==, RIGHT (b.drill) + 6);
  ic_incident_set_drill (incident, FALSE);

  /* Narrow: the badges keep their width, the title is cut to what is left. */
  allocate_row (row, 172);
  row_bounds (row, &b);
  gtk_widget_measure (row_part (row, "title_label"),
                      GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat_width, NULL, NULL);
  g_assert_cmpfloat (b.title.size.width, <, nat_width);
  g_assert_cmpfloat (b.title.origin.x, ==, RIGHT (b.severity) + 6);
  g_assert_cmpfloat (RIGHT (b.title), ==, 160);
  g_assert_cmpfloat (RIGHT (b.detail), ==, 160);
  g_assert_true (gtk_label_get_ellipsize (row_part (row, "title_label")) == PANGO_ELLIPSIZE_END);

  /* Right to left: the same lines, from the right edge. */
  gtk_widget_set_direction (row, GTK_TEXT_DIR_RTL);
  allocate_row (row, wide);
  row_bounds (row, &b);
  g_assert_cmpfloat (RIGHT (b.severity), ==, inner);
  g_assert_cmpfloat (RIGHT (b.title), ==, b.severity.origin.x - 6);
  g_assert_cmpfloat (b.title.origin.x, ==, 0);
  g_assert_cmpfloat (RIGHT (b.icon), ==, inner);
  g_assert_cmpfloat (RIGHT (b.status), ==, b.icon.origin.x - 6);
  g_assert_cmpfloat (RIGHT (b.detail), ==, b.status.origin.x - 6);
  g_assert_cmpfloat (b.detail.origin.x, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* /ic/incident-row, /ic/incident-view, /ic/settings: new-destroy ---------- */

/* /ic/incident-row/icon-kept ---------------------------------------------- */

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* An update that leaves the status as it was leaves its icon alone: a
 * GtkImage given its icon name again lets the icon go, and GTK made the
 * 12 px symbolic icon again from its SVG, four renderings on the main
 * thread in the frame of Escape. */
static void
test_row_icon_kept (StoreFixture  *fx,
                    gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = ic_incident_row_new ();
  GtkImage *icon = NULL;
  guint changes = 0;
  IcIncidentStatus other;

  ic_incident_row_set_incident (IC_INCIDENT_ROW (row), fx->incident);
  gtk_window_set_child (GTK_WINDOW (window), row);
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_IMAGE (child))
      icon = GTK_IMAGE (child);
  g_assert_nonnull (icon);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==,
                   ic_incident_status_get_icon_name (ic_incident_get_status (fx->incident)));
  g_signal_connect (icon, "notify::icon-name", G_CALLBACK (count_cb), &changes);

  ic_incident_set_title (fx->incident, "Checkout returns 500s for every card payment");
  spin ();
  g_assert_cmpuint (changes, ==, 0);

  other = ic_incident_get_status (fx->incident) == IC_INCIDENT_STATUS_MITIGATING
            ? IC_INCIDENT_STATUS_RESOLVED : IC_INCIDENT_STATUS_MITIGATING;
  ic_incident_set_status (fx->incident, other);
  spin ();
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, ic_incident_status_get_icon_name (other));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_row_new_destroy (void)
{
  g_autoptr(IcClock) clock = ic_clock_new_manual (G_GINT64_CONSTANT (1795852800000000));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "row.db", NULL);
  g_autoptr(IcStore) store = ic_store_open (path, clock, &error);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcSettings) settings = ic_settings_new (APP_ID);
  GtkWidget *row;
  GtkWidget *view;

  g_assert_no_error (error);
  incident = ic_store_create_incident (store, "Row", "svc", IC_SEVERITY_SEV1,
                                       IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);

  row = g_object_ref_sink (ic_incident_row_new ());
  ic_incident_row_set_incident (IC_INCIDENT_ROW (row), incident);
  g_assert_true (ic_incident_row_get_incident (IC_INCIDENT_ROW (row)) == incident);
  g_assert_finalize_object (row);

  view = g_object_ref_sink (ic_incident_view_new (store, settings));
  ic_incident_view_set_incident (IC_INCIDENT_VIEW (view), incident);
  g_assert_cmpstr (ic_incident_view_get_elapsed_text (IC_INCIDENT_VIEW (view)), ==, "0:00");
  g_assert_finalize_object (view);

  g_assert_finalize_object (g_steal_pointer (&settings));
  ic_store_close (store);
  g_clear_object (&incident);
  g_clear_object (&store);
  g_remove (path);
  g_rmdir (dir);
}

/* /ic/window/paged-flow --------------------------------------------------- */

/* Types into an entry row and presses Enter (AdwEntryRow's own signals). */
static void
type_and_enter (gpointer    row,
                const char *text,
                const char *signal)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, signal);
}

/* Runs the main loop until the frame clock has drawn one more frame. */
static void
frame_drawn_cb (GdkFrameClock *clock,
                guint         *frames)
{
  (*frames)++;
}

static gboolean
frame_count_reached (gpointer data)
{
  guint *counts = data;

  return counts[0] > counts[1];
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint counts[2] = { 0, 0 };
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &counts[0]);

  gtk_widget_queue_draw (widget);
  wait_for (frame_count_reached, counts, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

static void
test_paged_flow (AppFixture    *fx,
                 gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcStore) check = NULL;
  g_autoptr(GListModel) timeline = NULL;
  IcIncidentView *view;
  AdwViewSwitcherTitle *switcher;
  AdwViewSwitcherBar *bar;
  IcBreathePage *breathe;
  IcStructurePage *structure;
  IcDecisionTree *tree;
  IcTimelinePage *timeline_page;
  IcIncident *stored;
  g_autofree char *good = NULL, *region = NULL;
  int breathe_state = 0, scope = 0;
  double error_rate = 0;

  /* A first start's size (the settings' default; an earlier test may have
   * left another): the sidebar, and a page too narrow for the switcher in
   * the header. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  incident = ic_application_open_uri (
    fx->app,
    "incident-commander://new?title=Elevated%20500s%20on%20checkout&service=checkout-east"
    "&severity=sev1&alert_time=2026-11-28T07%3A58%3A00Z&pager=pd",
    &error);
  g_assert_no_error (error);
  spin ();
  g_assert_true (ic_window_get_selected_incident (window) == incident);
  view = ic_window_get_view (window);
  g_assert_cmpstr (ic_incident_view_get_step (view), ==, "breathe");

  /* Breathe: skipped with the explicit action. */
  /* The pause is a full page: no page switcher while it lasts, neither in
   * the header nor at the bottom. */
  switcher = template_child (window, IC_TYPE_WINDOW, "switcher_title");
  bar = template_child (window, IC_TYPE_WINDOW, "switcher_bar");
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (switcher));
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));
  breathe = template_child (view, IC_TYPE_INCIDENT_VIEW, "breathe_page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (breathe), "breathe.skip", NULL));
  /* At once: no fade out of the pause for the first keystrokes to wait
   * behind (each of its frames drew both pages). */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (breathe)));
  g_assert_true (gtk_widget_get_mapped (
    template_child (view, IC_TYPE_INCIDENT_VIEW, "structure_page")));
  /* The window is narrow (1000 px with the sidebar): the header has no
   * room for the switcher, and the bottom bar has its whole height in the
   * first frame of the step, rather than sliding in under the keystrokes
   * that follow (each frame of a slide laid out and drew the page again). */
  wait_for_frame (GTK_WIDGET (window));
  g_assert_true (adw_view_switcher_title_get_title_visible (switcher));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bar)));
  {
    int natural = 0;

    gtk_widget_measure (GTK_WIDGET (bar), GTK_ORIENTATION_VERTICAL,
                        gtk_widget_get_width (GTK_WIDGET (bar)), NULL, &natural, NULL, NULL);
    g_assert_cmpint (natural, >, 0);
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (bar)), ==, natural);
  }
  /* A title longer than the header's room for it on one line wraps; the
   * clock's caption keeps its width and its one line (it gave its width
   * to the title and the header grew a line taller at a keystroke). */
  {
    GtkWidget *caption = template_child (view, IC_TYPE_INCIDENT_VIEW, "elapsed_caption");
    GtkWidget *title = template_child (view, IC_TYPE_INCIDENT_VIEW, "title_label");
    const char *long_title = "Elevated 500s on checkout in eu-west-1 after the deploy";
    g_autofree char *shown = g_strdup (ic_incident_get_title (incident));
    int one_line = 0, natural = 0;

    /* As a title typed becomes the incident's (ic-structure-page.c). */
    ic_incident_set_title (incident, long_title);
    wait_for_frame (GTK_WIDGET (window));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, long_title);
    gtk_widget_measure (caption, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    gtk_widget_measure (caption, GTK_ORIENTATION_VERTICAL, natural, NULL, &one_line, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_width (caption), >=, natural);
    g_assert_cmpint (gtk_widget_get_height (caption), ==, one_line);
    gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_width (title), <, natural);
    ic_incident_set_title (incident, shown);
  }
  spin ();
  g_assert_cmpstr (ic_incident_view_get_step (view), ==, "structure");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (switcher));
  g_assert_true (adw_view_switcher_title_get_stack (switcher)
                 == ic_incident_view_get_stack (view));
  g_assert_true (adw_view_switcher_bar_get_stack (bar) == ic_incident_view_get_stack (view));
  g_assert_true (adw_view_switcher_bar_get_reveal (bar)
                 == adw_view_switcher_title_get_title_visible (switcher));

  /* Structure: the three facts and one change, each committed with Enter. */
  structure = template_child (view, IC_TYPE_INCIDENT_VIEW, "structure_page");
  type_and_enter (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "good_text_row"),
                  "Checkout p99 280 ms, 0.1% 5xx", "entry-activated");
  type_and_enter (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "good_time_row"),
                  "2026-11-28T07:40:00Z", "apply");
  adw_combo_row_set_selected (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "scope_row"),
                              IC_BLAST_SCOPE_SUBSET);
  type_and_enter (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "region_row"), "eu-west-1",
                  "entry-activated");
  type_and_enter (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "error_rate_row"), "7.5",
                  "apply");
  gtk_editable_set_text (template_child (structure, IC_TYPE_STRUCTURE_PAGE,
                                         "change_time_row"), "2026-11-28T07:45:00Z");
  type_and_enter (template_child (structure, IC_TYPE_STRUCTURE_PAGE, "change_description_row"),
                  "checkout v1.2.3", "entry-activated");
  g_assert_nonnull (ic_store_get_rollback_candidate (ic_application_get_store (fx->app),
                                                     incident));

  /* Decision tree: the four checks, answered by action. */
  tree = template_child (view, IC_TYPE_INCIDENT_VIEW, "decision_tree");
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (tree), "checks.answer", "(iss)", 1, "no",
                              "only eu-west-1");
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (tree), "checks.answer", "(iss)", 2, "yes",
                              "checkout v1.2.3 at 07:45");
  gtk_widget_activate_action (GTK_WIDGET (tree), "checks.answer", "(iss)", 3, "unknown", "");
  gtk_widget_activate_action (GTK_WIDGET (tree), "checks.answer", "(iss)", 4, "yes",
                              "payments /health says pass");
  g_assert_cmpint (ic_decision_tree_get_next_step (tree), ==, 0);

  /* A manual note: win.note focuses the composer, Ctrl+Enter's action adds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.note", NULL));
  g_assert_cmpstr (ic_incident_view_get_step (view), ==, "timeline");
  /* The page the note went to (built when first shown). */
  timeline_page = IC_TIMELINE_PAGE (ic_test_find_descendant (GTK_WIDGET (view),
                                                             IC_TYPE_TIMELINE_PAGE));
  g_assert_nonnull (timeline_page);
  ic_timeline_page_set_note_text (timeline_page, "Rolling back checkout v1.2.3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline_page), "timeline.add-note",
                                             NULL));
  spin ();

  /* What was stored, read through a second connection after the autosave. */
  g_assert_true (ic_store_flush (ic_application_get_store (fx->app), &error));
  g_assert_no_error (error);
  check = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  stored = ic_store_lookup_incident (check, ic_incident_get_id (incident));
  g_assert_nonnull (stored);
  g_assert_cmpstr (ic_incident_get_title (stored), ==, "Elevated 500s on checkout");
  g_assert_cmpstr (ic_incident_get_service (stored), ==, "checkout-east");
  g_assert_cmpint (ic_incident_get_severity (stored), ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (ic_incident_get_created_via (stored), ==, IC_CREATED_VIA_URI);
  g_assert_cmpint (ic_incident_get_alert_time (stored), ==,
                   G_GINT64_CONSTANT (1795852680000000));
  g_object_get (stored, "breathe-state", &breathe_state, "last-known-good", &good,
                "blast-scope", &scope, "blast-region", &region, "error-rate", &error_rate,
                NULL);
  g_assert_cmpint (breathe_state, ==, IC_BREATHE_STATE_SKIPPED);
  g_assert_cmpstr (good, ==, "Checkout p99 280 ms, 0.1% 5xx");
  g_assert_cmpint (scope, ==, IC_BLAST_SCOPE_SUBSET);
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_assert_cmpfloat_with_epsilon (error_rate, 0.075, 1e-9);

  timeline = ic_store_list_timeline (check, stored, &error);
  g_assert_no_error (error);
  g_assert_true (ic_test_timeline_has (timeline, "created", "link"));
  g_assert_true (ic_test_timeline_has (timeline, "link-warning", "pager"));
  g_assert_true (ic_test_timeline_has (timeline, "breathe", "skipped"));
  g_assert_true (ic_test_timeline_has (timeline, "fact", "eu-west-1"));
  g_assert_true (ic_test_timeline_has (timeline, "fact", "Checkout p99"));
  g_assert_true (ic_test_timeline_has (timeline, "change-added", "checkout v1.2.3"));
  g_assert_true (ic_test_timeline_has (timeline, "check-answered", "only eu-west-1"));
  g_assert_true (ic_test_timeline_has (timeline, "check-answered", "payments /health"));
  g_assert_true (ic_test_timeline_has (timeline, "note", "Rolling back"));
  ic_store_close (check);
}

static void
test_bad_uri (AppFixture    *fx,
              gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;

  incident = ic_application_open_uri (fx->app, "incident-commander://new?severity=sev9&title=x",
                                      &error);
  g_assert_null (incident);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "sev9"));
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==, 0);
}

/* /ic/window/paste-alert ------------------------------------------------- */

static void
test_paste_alert (AppFixture    *fx,
                  gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "alerts",
                                                 "alertmanager-firing.json", NULL);
  g_autofree char *payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) first = NULL;
  CountWait wait = { window, 1 };

  g_file_get_contents (path, &payload, NULL, &error);
  g_assert_no_error (error);

  /* Not an alert: nothing is created. */
  gdk_clipboard_set_text (clipboard, "{\"hello\": \"world\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-alert", NULL));
  for (guint i = 0; i < 50; i++)
    spin ();
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==, 0);

  gdk_clipboard_set_text (clipboard, payload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-alert", NULL));
  wait_for (model_has_n, &wait, "the imported incident");
  first = g_list_model_get_item (ic_window_get_sidebar_model (window), 0);
  g_assert_cmpint (ic_incident_get_created_via (first), ==, IC_CREATED_VIA_ALERT);
  g_assert_true (ic_window_get_selected_incident (window) == first);

  /* The same alert again opens the existing incident. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-alert", NULL));
  for (guint i = 0; i < 50; i++)
    spin ();
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==, 1);
  g_assert_true (ic_window_get_selected_incident (window) == first);
}

/* /ic/window/toast-is-text, /ic/window/save-banner ----------------------- */

static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelSearch;

static gboolean
label_shown (gpointer data)
{
  LabelSearch *search = data;

  return find_label_containing (search->root, search->text) != NULL;
}

/* /ic/window/actions: what pages and the application ask the window for.
 * A page says what failed with win.toast; an incident is shown by id with
 * win.show-incident, and an id that is gone says so instead. */
static void
test_window_actions (AppFixture    *fx,
                     gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) second = NULL;
  LabelSearch search = { GTK_WIDGET (window), "Could not remove the change" };

  first = ic_store_create_incident (store, "Checkout 500s", "checkout", IC_SEVERITY_SEV1,
                                    IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  second = ic_store_create_incident (store, "Search latency", "search", IC_SEVERITY_SEV3,
                                     IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x",
                                             ic_incident_get_id (second)));
  g_assert_true (ic_window_get_selected_incident (window) == second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x",
                                             ic_incident_get_id (first)));
  g_assert_true (ic_window_get_selected_incident (window) == first);
  /* Ctrl+U: the incident shown, its view asked for the composer
   * (/ic/incident-view/status-update). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.status-update", NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x",
                                             G_GINT64_CONSTANT (987654)));
  g_assert_true (ic_window_get_selected_incident (window) == first);
  search.text = "Incident #987654 is not in the database";
  wait_for (label_shown, &search, "the toast for an incident that is gone");

  /* From deep inside the view, as a page asks. */
  search.text = "Could not remove the change: disk full. It is kept.";
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ic_window_get_view (window)),
                                             "win.toast", "s", search.text));
  wait_for (label_shown, &search, "the toast a page asked for");
}

/* What a link or a user typed reaches toasts: shown as typed, never read
 * as markup ("<b>" unclosed would be a Pango error, "&" too). */
static void
test_toast_is_text (AppFixture    *fx,
                    gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  LabelSearch search = { GTK_WIDGET (window), "severity “<b>” & more" };

  ic_window_show_toast (window, "Invalid severity “<b>” & more");
  wait_for (label_shown, &search, "the toast to show the text as typed");
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static void
test_save_banner (AppFixture    *fx,
                  gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  GtkRevealer *banner = template_child (window, IC_TYPE_WINDOW, "save_banner");
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *blocker = NULL;
  LabelSearch search = { GTK_WIDGET (banner), "not saved yet" };

  incident = ic_store_create_incident (store, "Locked", NULL, IC_SEVERITY_SEV2,
                                       IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  /* Another program keeps the file locked: after a failed retry, the window says so. */
  g_assert_cmpint (sqlite3_open (fx->db, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  ic_incident_set_notes (incident, "typed while locked");
  wait_for (revealed, banner, "the save banner");
  g_assert_true (label_shown (&search));

  /* The lock is gone: the next retry saves, and the banner goes. */
  sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (blocker);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-now", NULL));
  wait_for (hidden, banner, "the save banner to go");
  g_assert_false (ic_store_get_has_pending_changes (store));
}

/* /ic/window/no-incident-selected ------------------------------------------- */

/* With no incident open, the content pane offers the most recent open
 * incidents (resolved ones are not offered), and choosing one opens it. */
static void
test_no_incident_selected (AppFixture    *fx,
                           gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  GtkStack *content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  GtkWidget *recent = template_child (window, IC_TYPE_WINDOW, "recent_list");
  const char *titles[] = { "Checkout 500s", "Redis pool exhausted", "DNS to payments" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  IcIncident *incidents[G_N_ELEMENTS (titles)];

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      incidents[i] = ic_store_create_incident (store, titles[i], "checkout", IC_SEVERITY_SEV2,
                                               IC_CREATED_VIA_CLI, &error);
      g_assert_no_error (error);
    }
  g_object_set (incidents[1], "status", IC_INCIDENT_STATUS_RESOLVED, NULL);
  spin ();
  g_assert_null (ic_window_get_selected_incident (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "select");
  g_assert_true (gtk_widget_get_visible (recent));
  rows = ic_test_find_all (recent, IC_TYPE_INCIDENT_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (ic_incident_row_get_incident (g_ptr_array_index (rows, 0)) == incidents[2]);
  g_assert_true (ic_incident_row_get_incident (g_ptr_array_index (rows, 1)) == incidents[0]);

  g_signal_emit_by_name (gtk_widget_get_parent (g_ptr_array_index (rows, 1)), "activate");
  spin ();
  g_assert_true (ic_window_get_selected_incident (window) == incidents[0]);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "incident");
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_object_unref (incidents[i]);
}

/* /ic/window/new-from-placeholder ------------------------------------------ */

/* The placeholder's recent incidents follow the list while it shows. A
 * new incident made from it opens at once, and the recent incidents, no
 * longer shown, are not read again in between (they were, in Ctrl+N's
 * frame: bound to the live list, and read again on its change). */
static void
test_new_from_placeholder (AppFixture    *fx,
                           gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  GtkStack *content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  GtkWidget *recent = template_child (window, IC_TYPE_WINDOW, "recent_list");
  g_autoptr(IcIncident) earlier = NULL;
  g_autoptr(IcIncident) later = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  IcIncident *created;

  earlier = ic_store_create_incident (store, "Checkout 500s", "checkout", IC_SEVERITY_SEV2,
                                      IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "select");
  rows = ic_test_find_all (recent, IC_TYPE_INCIDENT_ROW);
  g_assert_cmpuint (rows->len, ==, 1);
  later = ic_store_create_incident (store, "Login slow", "auth", IC_SEVERITY_SEV3,
                                    IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  spin ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ic_test_find_all (recent, IC_TYPE_INCIDENT_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (ic_incident_row_get_incident (g_ptr_array_index (rows, 0)) == later);
  g_assert_true (ic_incident_row_get_incident (g_ptr_array_index (rows, 1)) == earlier);

  row = g_ptr_array_index (rows, 0);
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "new-incident", NULL);
  spin ();
  created = ic_window_get_selected_incident (window);
  g_assert_nonnull (created);
  g_assert_true (created != earlier && created != later);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "incident");
  g_assert_nonnull (row);
  g_object_remove_weak_pointer (G_OBJECT (row), (gpointer *) &row);
}

/* /ic/window/large-list --------------------------------------------------- */

#define N_LARGE 5000

/* @n incidents written straight into the file, as another program would;
 * one in seven open. */
static void
seed_large (const char *path,
            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (path, NULL, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  g_assert_no_error (error);
  ic_store_close (store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO incidents (title, service, created_at,"
                                       " updated_at, alert_time, status)"
                                       " VALUES (?1, 'api', ?2, ?2, ?2, ?3)", -1, &insert, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Large %u", i);

      sqlite3_bind_text (insert, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 2, IC_TEST_START_US - (gint64) i * G_USEC_PER_SEC);
      sqlite3_bind_text (insert, 3, i % 7 == 0 ? "investigating" : "resolved", -1,
                         SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A large database: the sidebar shows its first rows, in list order, and
 * only what is shown (and a few pages) is built; going to the last
 * incident builds its page, not the list. */
static void
test_large_list (AppFixture    *fx,
                 gconstpointer  data)
{
  IcWindow *window = NULL;
  IcStore *store;
  GListModel *model;
  GtkStack *sidebar_stack;
  GtkWidget *list_view;
  g_autoptr(GPtrArray) rows = NULL;
  IcIncidentList *list;
  gint64 last_id;
  guint n_open = (N_LARGE + 6) / 7;
  gboolean first_shown = FALSE;

  seed_large (fx->db, N_LARGE);
  window = activate_window (fx);
  spin ();
  store = ic_application_get_store (fx->app);
  model = ic_window_get_sidebar_model (window);
  sidebar_stack = template_child (window, IC_TYPE_WINDOW, "sidebar_stack");
  list_view = template_child (window, IC_TYPE_WINDOW, "list_view");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_LARGE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");
  list = IC_INCIDENT_LIST (ic_store_get_incidents (store));

  rows = ic_test_find_all (list_view, IC_TYPE_INCIDENT_ROW);
  g_test_message ("%u rows, %u incidents built", rows->len, _ic_store_get_n_built (store));
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      IcIncident *shown = ic_incident_row_get_incident (g_ptr_array_index (rows, i));
      guint position = G_MAXUINT;

      if (shown == NULL)
        continue;
      /* The first rows: open ones, newest first (seeded every seventh). */
      g_assert_true (ic_incident_list_find (list, ic_incident_get_id (shown), &position));
      g_assert_cmpuint (position, <, n_open);
      g_assert_true (ic_incident_get_is_open (shown));
      g_assert_cmpint (ic_incident_get_id (shown), ==, 1 + 7 * (gint64) position);
      first_shown |= position == 0;
    }
  g_assert_true (first_shown);
  g_assert_cmpuint (_ic_store_get_n_built (store), <=, 4 * 64);
  /* The list grew after the window opened on it: its rows as bounded as
   * at start-up, not the 200 GtkListView makes for a whole list. */
  g_assert_cmpuint (rows->len, <=, 64);

  /* The last incident, by id: its page is built, the rest is not. */
  last_id = ic_incident_list_get_id (list, N_LARGE - 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x", last_id);
  spin ();
  g_assert_nonnull (ic_window_get_selected_incident (window));
  g_assert_cmpint (ic_incident_get_id (ic_window_get_selected_incident (window)), ==, last_id);
  g_assert_cmpuint (_ic_store_get_n_built (store), <=, 8 * 64);
}

/* The incident selected last is reopened at start-up (and selected in the
 * list, all of it given to the list view when it is far down): these tests
 * start with none, whatever the tests before them opened. */
static void
forget_selected_incident (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "selected-incident");
}

/* Whether the content stack has the incident view, at each frame. */
typedef struct
{
  GtkStack *content_stack;
  guint     frames;
  gboolean  view_at_first_frame;
} ViewWatch;

static void
view_after_paint_cb (GdkFrameClock *clock,
                     ViewWatch     *watch)
{
  if (watch->frames++ == 0)
    watch->view_at_first_frame = gtk_stack_get_child_by_name (watch->content_stack,
                                                              "incident") != NULL;
}

static gboolean
has_view (gpointer data)
{
  return gtk_stack_get_child_by_name (data, "incident") != NULL;
}

/* With no incident selected, the first frame shows "No Incident
 * Selected" and the incident view is not built for it; it is built when
 * the window is idle after that frame, page switchers included, so the
 * first Ctrl+N does not wait for it. */
static void
test_view_after_first_frame (AppFixture    *fx,
                             gconstpointer  data)
{
  IcWindow *window;
  ViewWatch watch = { 0 };
  GdkFrameClock *clock;
  AdwViewSwitcherTitle *switcher;
  gulong handler;

  forget_selected_incident ();
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  g_assert_true (IC_IS_WINDOW (window));
  watch.content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  g_assert_false (has_view (watch.content_stack));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (view_after_paint_cb), &watch);
  wait_for (has_view, watch.content_stack, "the incident view to be built");
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (watch.frames, >, 0);
  g_assert_false (watch.view_at_first_frame);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (watch.content_stack), ==, "select");
  switcher = template_child (window, IC_TYPE_WINDOW, "switcher_title");
  g_assert_nonnull (adw_view_switcher_title_get_stack (switcher));
  g_assert_true (adw_view_switcher_title_get_stack (switcher)
                 == ic_incident_view_get_stack (ic_window_get_view (window)));
}

/* /ic/window/sidebar-measures-page-shown ---------------------------------- */

/* A page that counts how often it is measured. */
typedef struct
{
  GtkWidget parent_instance;
  guint     measured;
} MeasureSpy;

typedef GtkWidgetClass MeasureSpyClass;

static GType measure_spy_get_type (void);

G_DEFINE_TYPE (MeasureSpy, measure_spy, GTK_TYPE_WIDGET)

static void
measure_spy_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  ((MeasureSpy *) widget)->measured++;
  *minimum = *natural = 10;
}

static void
measure_spy_class_init (MeasureSpyClass *klass)
{
  klass->measure = measure_spy_measure;
}

static void
measure_spy_init (MeasureSpy *self)
{
}

static gboolean
was_measured (gpointer data)
{
  return ((MeasureSpy *) data)->measured > 0;
}

/* The sidebar's stack lays out the page it shows, not the others: beside
 * a list of incidents, the "No Incidents" and "No Results" pages were
 * measured for every frame, the first included, their text shaped in
 * sizes and weights the frame had no other use for. */
static void
test_sidebar_measures_page_shown (AppFixture    *fx,
                                  gconstpointer  data)
{
  IcWindow *window;
  GtkStack *sidebar_stack;
  GtkWidget *shown;
  MeasureSpy *spy;

  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  g_assert_true (IC_IS_WINDOW (window));
  sidebar_stack = template_child (window, IC_TYPE_WINDOW, "sidebar_stack");
  shown = gtk_stack_get_visible_child (sidebar_stack);
  g_assert_nonnull (shown);
  /* A page the stack does not show, there before the first layout. */
  spy = g_object_new (measure_spy_get_type (), NULL);
  gtk_stack_add_named (sidebar_stack, GTK_WIDGET (spy), "spy");
  g_assert_true (gtk_stack_get_visible_child (sidebar_stack) == shown);

  for (guint i = 0; i < 3; i++)
    wait_for_frame (GTK_WIDGET (window));
  /* A change of the window's size lays everything out again. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  for (guint i = 0; i < 3; i++)
    wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (shown));
  g_assert_cmpuint (spy->measured, ==, 0);

  /* Shown, it is measured: the count above could have been more than 0. */
  gtk_stack_set_visible_child (sidebar_stack, GTK_WIDGET (spy));
  wait_for (was_measured, spy, "the page shown to be measured");
  gtk_stack_set_visible_child (sidebar_stack, shown);
}

/* /ic/window/primary-menu-on-demand -------------------------------------- */

static gboolean
menu_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* The main menu is built the first time it pops up, not with the window;
 * then it is the same menu each time. */
static void
test_primary_menu_on_demand (AppFixture    *fx,
                             gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  GtkMenuButton *button = template_child (window, IC_TYPE_WINDOW, "menu_button");
  GMenuModel *model = template_child (window, IC_TYPE_WINDOW, "primary_menu");
  GtkPopover *popover;

  g_assert_true (gtk_menu_button_get_primary (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_cmpint (g_menu_model_get_n_items (model), >, 0);

  gtk_menu_button_popup (button);
  wait_for (menu_shown, button, "the main menu to pop up");
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) == model);
  g_assert_true (gtk_menu_button_get_menu_model (button) == model);

  gtk_menu_button_popdown (button);
  spin ();
  gtk_menu_button_popup (button);
  wait_for (menu_shown, button, "the main menu to pop up again");
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);
  spin ();
}

/* /ic/window/icon-theme-in-thread ---------------------------------------- */

/* Start-up loads the icon theme in a thread of its own, so that the first
 * frame does not: the thread was started once the application had started
 * up, and the theme it loaded had the application's own icons (their
 * resource path was set before it began). It is joined once. */
static void
test_icon_theme_in_thread (AppFixture    *fx,
                           gconstpointer  data)
{
  g_assert_true (_ic_application_join_icon_theme (fx->app));
  g_assert_false (_ic_application_join_icon_theme (fx->app));
  activate_window (fx);
  g_assert_false (_ic_application_join_icon_theme (fx->app));
}

static gboolean
compiled_ahead (gpointer data)
{
  return _ic_store_has_cached (data, IC_STORE_INSERT_INCIDENT_SQL);
}

/* Once start-up is done, the store has compiled the statements of a new
 * incident's first minutes: Ctrl+N, with the view showing the new
 * incident's parts, compiles none (#14: they were a fifth of its key). */
static void
test_first_incident_compiled_ahead (AppFixture    *fx,
                                    gconstpointer  data)
{
  IcWindow *window;
  IcStore *store = ic_application_get_store (fx->app);
  guint compiled;

  forget_selected_incident ();
  window = activate_window (fx);
  wait_for (compiled_ahead, store, "the statements to be compiled ahead");
  compiled = _ic_store_get_n_prepared (store);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "new-incident", NULL);
  spin ();
  g_assert_nonnull (ic_window_get_selected_incident (window));
  g_assert_cmpstr (ic_incident_view_get_step (ic_window_get_view (window)), ==, "breathe");
  g_assert_cmpuint (_ic_store_get_n_prepared (store), ==, compiled);
}

/* Asked for before it is built (a link, Ctrl+N), the view is there. */
static void
test_view_on_demand (AppFixture    *fx,
                     gconstpointer  data)
{
  IcWindow *window;
  GtkStack *content_stack;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;

  forget_selected_incident ();
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  g_assert_false (has_view (content_stack));
  incident = ic_store_create_incident (ic_application_get_store (fx->app), "Disk full on db-1",
                                       NULL, IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_window_select_incident (window, incident);
  g_assert_true (has_view (content_stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "incident");
  g_assert_true (ic_window_get_selected_incident (window) == incident);
  wait_for (is_mapped, window, "the window to be mapped");
}

static gboolean
is_allocated (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

/* At 1,000 px, the usual width of a window beside a browser, the sidebar
 * stays beside an incident whose rollback countdown runs: the countdown
 * sits under the header's actions, the status ellipsizes, the time of the
 * alert wraps; beside each other they made the header wider than the
 * content pane and the leaflet folded the list away. */
static void
test_countdown_keeps_sidebar (AppFixture    *fx,
                              gconstpointer  data)
{
  IcWindow *window;
  IcStore *store;
  AdwLeaflet *leaflet;
  GtkWidget *chip;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcRollbackTimer) timer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  forget_selected_incident ();
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  window = activate_window (fx);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  store = ic_application_get_store (fx->app);
  incident = ic_store_create_incident (store, "Elevated 500s on checkout", "checkout-east",
                                       IC_SEVERITY_SEV1, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_object_set (incident, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  timer = ic_rollback_timer_new (store, incident, 120 * G_USEC_PER_SEC);
  ic_rollback_timer_start (timer);
  g_assert_cmpint (ic_rollback_timer_get_state (timer), ==, IC_ROLLBACK_TIMER_RUNNING);
  ic_window_select_incident (window, incident);
  g_assert_cmpstr (ic_incident_view_get_step (ic_window_get_view (window)), ==, "structure");

  wait_for (is_allocated, window, "the window to have its size");
  spin ();
  /* 1,000 px, less what the window's frame takes. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 960);
  chip = template_child (ic_window_get_view (window), IC_TYPE_INCIDENT_VIEW, "rollback_chip");
  g_assert_true (gtk_widget_get_mapped (chip));
  leaflet = template_child (window, IC_TYPE_WINDOW, "leaflet");
  g_assert_false (adw_leaflet_get_folded (leaflet));
}

/* What the sidebar's list view was given and had, frame by frame. */
typedef struct
{
  GtkWidget *list_view;
  IcStore   *store;
  guint      frames;
  guint      first_rows;   /* row widgets when the first frame was drawn */
  guint      first_built;  /* incidents the store had built by then */
  double     first_page;   /* the list view's height then */
  double     first_upper;  /* and the height of its rows */
  guint      last_rows;
  guint      most_added;   /* the most row widgets one frame added */
} RowWatch;

static guint
count_rows (GtkWidget *list_view)
{
  g_autoptr(GPtrArray) rows = ic_test_find_all (list_view, IC_TYPE_INCIDENT_ROW);

  return rows->len;
}

static void
after_paint_cb (GdkFrameClock *clock,
                RowWatch      *watch)
{
  guint rows = count_rows (watch->list_view);

  if (watch->frames++ == 0)
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (
        GTK_SCROLLABLE (watch->list_view));

      watch->first_rows = rows;
      watch->first_built = _ic_store_get_n_built (watch->store);
      watch->first_page = gtk_adjustment_get_page_size (adjustment);
      watch->first_upper = gtk_adjustment_get_upper (adjustment);
    }
  else if (rows > watch->last_rows)
    watch->most_added = MAX (watch->most_added, rows - watch->last_rows);
  watch->last_rows = rows;
}

static guint
given_to_list_view (GtkWidget *list_view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view))));
}

static gboolean
list_view_has_all (gpointer data)
{
  return given_to_list_view (data) == N_LARGE;
}

typedef struct
{
  GtkWidget *list_view;
  guint      more_than;
} GivenWait;

static gboolean
list_view_given_more (gpointer data)
{
  GivenWait *wait = data;

  return given_to_list_view (wait->list_view) > wait->more_than;
}

/* The space below the rows the list view shows, in pages. */
static double
pages_below (GtkWidget *list_view)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));

  return (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment)
          - gtk_adjustment_get_page_size (adjustment))
         / gtk_adjustment_get_page_size (adjustment);
}

static gboolean
cache_released (gpointer data)
{
  return ic_test_cache_used (data) < 64 * 1024;
}

/* GtkListView makes a row for up to 200 items whatever its height: the
 * first frame of a large file has only the rows a sidebar can show, the
 * next frames add a few each while less than a page of rows lies below
 * the ones shown, and then no more: the rows made stay few, with a page
 * of them below the last shown. Scrolled near their end, the list view is
 * given more, a few a frame; End gives it every incident (the next test);
 * an incident further down is selected at once. */
static void
test_sidebar_first_rows (AppFixture    *fx,
                         gconstpointer  data)
{
  IcWindow *window;
  GdkFrameClock *clock;
  RowWatch watch = { 0 };
  IcIncidentList *list;
  GtkAdjustment *adjustment;
  gint64 far_id;
  gulong handler;
  int opened_cache;
  guint given;

  forget_selected_incident ();
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  g_assert_true (IC_IS_WINDOW (window));
  /* Presenting the window realizes it; no frame is drawn before the loop runs. */
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (window)));
  watch.list_view = template_child (window, IC_TYPE_WINDOW, "list_view");
  watch.store = ic_application_get_store (fx->app);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);

  /* The store read the list's first page only; the rest comes when the
   * main loop is idle. */
  list = IC_INCIDENT_LIST (ic_store_get_incidents (watch.store));
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==,
                    IC_STORE_LIST_FIRST_PAGE);
  g_assert_false (ic_incident_list_get_complete (list));
  opened_cache = ic_test_cache_used (watch.store);
  /* Start-up done (the list view has the rows it needs, the store has read
   * the whole list), the pages SQLite read for the list are let go. */
  wait_for (cache_released, watch.store, "the store's page cache to be let go");
  g_assert_true (ic_incident_list_get_complete (list));
  g_assert_cmpuint (g_list_model_get_n_items (ic_window_get_sidebar_model (window)), ==, N_LARGE);
  g_test_message ("page cache at open: %d bytes", opened_cache);
  g_assert_cmpint (opened_cache, >, 100 * 1024);
  spin ();
  g_signal_handler_disconnect (clock, handler);
  given = given_to_list_view (watch.list_view);
  g_test_message ("first frame: %u rows, %u incidents built; at most %u added a frame; %u rows over %u frames; %u given, %.1f pages below",
                  watch.first_rows, watch.first_built, watch.most_added, watch.last_rows,
                  watch.frames, given, pages_below (watch.list_view));
  g_test_message ("first frame: list view %.0f px high, its rows %.0f px", watch.first_page,
                  watch.first_upper);
  g_assert_cmpuint (watch.frames, >, 1);
  g_assert_cmpuint (watch.first_rows, >, 0);
  /* The first frame's rows fill the sidebar, and less than half a page
   * more (each row more is made and measured before the first frame). */
  g_assert_cmpfloat (watch.first_page, >, 0);
  g_assert_cmpfloat (watch.first_upper, >=, watch.first_page);
  g_assert_cmpfloat (watch.first_upper - watch.first_page, <, watch.first_page / 2);
  /* No rows made and thrown away before it: the store built one page. */
  g_assert_cmpuint (watch.first_built, <=, 64);
  g_assert_cmpuint (watch.most_added, <=, 32);
  /* A page of rows below those shown, and not 200 rows. */
  g_assert_cmpfloat (pages_below (watch.list_view), >=, 1.0);
  g_assert_cmpuint (given, <, 200);
  g_assert_cmpuint (count_rows (watch.list_view), <=, given);

  /* Scrolled to the end of its rows, three times: more each time, a page
   * of them below again, and no more than a step a frame. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (watch.list_view));
  for (guint i = 0; i < 3; i++)
    {
      GivenWait wait = { watch.list_view, given_to_list_view (watch.list_view) };

      watch.most_added = 0;
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                              - gtk_adjustment_get_page_size (adjustment));
      wait_for (list_view_given_more, &wait, "more rows given to the list view");
      spin ();
      g_signal_handler_disconnect (clock, handler);
      g_test_message ("scrolled to the end: %u given, %.1f pages below, at most %u added a frame",
                      given_to_list_view (watch.list_view), pages_below (watch.list_view),
                      watch.most_added);
      g_assert_cmpfloat (pages_below (watch.list_view), >=, 1.0);
      g_assert_cmpuint (watch.most_added, <=, 32);
      g_assert_cmpuint (given_to_list_view (watch.list_view), <, N_LARGE);
    }

  /* Far down the list, asked for before the rows are there: selected. */
  list = IC_INCIDENT_LIST (ic_store_get_incidents (ic_application_get_store (fx->app)));
  far_id = ic_incident_list_get_id (list, N_LARGE - 10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x", far_id);
  spin ();
  g_assert_nonnull (ic_window_get_selected_incident (window));
  g_assert_cmpint (ic_incident_get_id (ic_window_get_selected_incident (window)), ==, far_id);
  g_assert_cmpuint (gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (watch.list_view)))),
                    ==, N_LARGE - 10);
}

/* The id of the incident whose row has the focus in @window, or 0. */
static gint64
focused_incident_id (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_autoptr(GPtrArray) rows = NULL;
  IcIncident *incident;

  if (focus == NULL)
    return 0;
  rows = ic_test_find_all (focus, IC_TYPE_INCIDENT_ROW);
  if (rows->len != 1)
    return 0;
  incident = ic_incident_row_get_incident (g_ptr_array_index (rows, 0));
  return incident != NULL ? ic_incident_get_id (incident) : 0;
}

static gboolean
last_row_has_focus (gpointer data)
{
  GListModel *list = ic_window_get_sidebar_model (IC_WINDOW (data));
  g_autoptr(IcIncident) last = g_list_model_get_item (list, g_list_model_get_n_items (list) - 1);

  return focused_incident_id (data) == ic_incident_get_id (last);
}

static gboolean
count_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              guint                 *keys)
{
  (*keys)++;
  return GDK_EVENT_PROPAGATE;
}

static gboolean
popover_shown (gpointer data)
{
  g_autoptr(GPtrArray) popovers = ic_test_find_all (data, GTK_TYPE_POPOVER);

  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (popovers, i)))
      return TRUE;
  return FALSE;
}

/* A window closed with a popover open (the status composer, Ctrl+U) does
 * not take the keyboard of the app's other windows with it: GDK kept the
 * popover's keyboard grab, and every window opened after it got no keys. */
static void
test_closed_with_popover (AppFixture    *fx,
                          gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  GtkWindow *other;
  GtkEventController *controller;
  guint keys = 0;

  incident = ic_store_create_incident (store, "Checkout 500s", "checkout", IC_SEVERITY_SEV1,
                                       IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_test_keys_focus (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "x",
                                             ic_incident_get_id (incident)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.status-update", NULL));
  wait_for (popover_shown, window, "the status composer to pop up");
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();

  g_application_activate (G_APPLICATION (fx->app));
  other = gtk_application_get_active_window (GTK_APPLICATION (fx->app));
  g_assert_true (IC_IS_WINDOW (other));
  g_assert_true ((gpointer) other != (gpointer) window);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (count_key_cb), &keys);
  gtk_widget_add_controller (GTK_WIDGET (other), controller);
  ic_test_keys_focus (other);
  ic_test_key (GDK_KEY_F10, 0);
  g_assert_cmpuint (keys, ==, 1);
}

/* The window on a large list, start-up done, the keyboard on the sidebar's
 * first row (fewer rows given to the list view than the list has). */
static IcWindow *
sidebar_by_keyboard (AppFixture *fx)
{
  IcWindow *window;
  GtkWidget *list_view;

  forget_selected_incident ();
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  list_view = template_child (window, IC_TYPE_WINDOW, "list_view");
  ic_test_keys_focus (GTK_WINDOW (window));
  wait_for (cache_released, ic_application_get_store (fx->app), "start-up to be done");
  g_assert_cmpuint (given_to_list_view (list_view), <, N_LARGE);
  g_assert_true (gtk_widget_grab_focus (list_view));
  spin ();
  g_assert_true (ic_test_has_focus (GTK_WINDOW (window), list_view));
  return window;
}

/* The arrow keys in the sidebar show each incident they reach, and the
 * keyboard stays in the sidebar even where the incident's pause starts
 * (its Skip button took it at the first Down); Enter goes into the
 * incident, on the pause's Skip. */
static void
test_sidebar_arrows (AppFixture    *fx,
                     gconstpointer  data)
{
  IcWindow *window = sidebar_by_keyboard (fx);
  IcIncidentList *list = IC_INCIDENT_LIST (ic_window_get_sidebar_model (window));
  IcIncidentView *view;
  GtkWidget *breathe_page;

  for (guint i = 1; i <= 3; i++)
    {
      ic_test_key (GDK_KEY_Down, 0);
      g_assert_nonnull (ic_window_get_selected_incident (window));
      g_assert_cmpint (ic_incident_get_id (ic_window_get_selected_incident (window)), ==,
                       ic_incident_list_get_id (list, i));
      view = ic_window_get_view (window);
      g_assert_cmpstr (ic_incident_view_get_step (view), ==, "breathe");
      g_assert_cmpint (focused_incident_id (GTK_WINDOW (window)), ==,
                       ic_incident_list_get_id (list, i));
    }

  ic_test_key (GDK_KEY_Return, 0);
  breathe_page = template_child (ic_window_get_view (window), IC_TYPE_INCIDENT_VIEW,
                                 "breathe_page");
  g_assert_true (ic_test_has_focus (GTK_WINDOW (window), breathe_page));
  g_assert_cmpint (ic_incident_get_id (ic_window_get_selected_incident (window)), ==,
                   ic_incident_list_get_id (list, 3));
}

/* By keyboard in the sidebar: Down goes on past the rows the list view was
 * given first (it is given more as the focus nears their end), and End
 * goes to the last incident of the list, not of the rows given so far: it
 * is given every incident. */
static void
test_sidebar_end_key (AppFixture    *fx,
                      gconstpointer  data)
{
  IcWindow *window = sidebar_by_keyboard (fx);
  GtkWidget *list_view = template_child (window, IC_TYPE_WINDOW, "list_view");

  /* Down, 40 times from the first row: the 41st incident. (With Ctrl the
   * focus moves without selecting: no incident opens on the way.) */
  for (guint i = 0; i < 40; i++)
    ic_test_key (GDK_KEY_Down, GDK_CONTROL_MASK);
  g_assert_cmpint (focused_incident_id (GTK_WINDOW (window)), ==,
                   ic_incident_list_get_id (IC_INCIDENT_LIST (ic_window_get_sidebar_model (window)), 40));
  g_assert_cmpuint (given_to_list_view (list_view), <, N_LARGE);

  ic_test_key (GDK_KEY_End, 0);
  wait_for (list_view_has_all, list_view, "every incident in the list view");
  wait_for (last_row_has_focus, window, "the last incident's row to have the focus");
}

static gboolean
list_complete (gpointer data)
{
  return ic_incident_list_get_complete (data);
}

/* A search that finds many: its first rows first, as at start-up; and an
 * incident beyond them, opened, is selected in the list. */
static void
test_sidebar_reveal_select (AppFixture    *fx,
                            gconstpointer  data)
{
  IcWindow *window;
  GtkWidget *list_view;
  GListModel *given;
  IcIncidentList *list;
  g_autoptr(IcIncident) far = NULL;

  forget_selected_incident ();
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  list_view = template_child (window, IC_TYPE_WINDOW, "list_view");
  given = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  /* Before any frame: the first rows only, those the window's height
   * can show (fewer than a step of 32). */
  g_assert_cmpuint (g_list_model_get_n_items (given), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (given), <, 32);

  /* The store reads the rest of its list when the main loop is idle. */
  list = IC_INCIDENT_LIST (ic_store_get_incidents (ic_application_get_store (fx->app)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 1000);
  wait_for (list_complete, list, "the store's list to be read whole");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LARGE);

  /* Selecting one beyond the rows given gives the list view the rows
   * through it at once, not every incident. */
  far = g_list_model_get_item (G_LIST_MODEL (list), 1000);
  ic_window_select_incident (window, far);
  g_assert_cmpuint (g_list_model_get_n_items (given), >, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (given), <, N_LARGE);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (given)), ==, 1000);
  g_assert_true (ic_window_get_selected_incident (window) == far);
  wait_for (is_mapped, window, "the window to be mapped");
}

/* The incident open at the last quit is past the list's first page: the
 * window opens it at once, and selects it in the list when the store's
 * page with it has come. */
static void
test_restore_past_first_page (AppFixture    *fx,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  IcWindow *window;
  GtkWidget *list_view;
  GtkSingleSelection *given;
  IcIncidentList *list;
  gint64 far_id;

  {
    g_autoptr(IcStore) whole = ic_store_open (fx->db, NULL, &error);

    g_assert_no_error (error);
    far_id = ic_incident_list_get_id (IC_INCIDENT_LIST (ic_store_get_incidents (whole)), 4000);
    ic_store_close (whole);
  }
  g_settings_set_int64 (settings, "selected-incident", far_id);
  g_application_activate (G_APPLICATION (fx->app));
  window = IC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx->app)));
  list = IC_INCIDENT_LIST (ic_store_get_incidents (ic_application_get_store (fx->app)));
  g_assert_false (ic_incident_list_find (list, far_id, NULL));
  g_assert_nonnull (ic_window_get_selected_incident (window));
  g_assert_cmpint (ic_incident_get_id (ic_window_get_selected_incident (window)), ==, far_id);

  wait_for (list_complete, list, "the store's list to be read whole");
  list_view = template_child (window, IC_TYPE_WINDOW, "list_view");
  given = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (gtk_single_selection_get_selected (given), ==, 4000);
  g_assert_true (gtk_single_selection_get_selected_item (given)
                 == (gpointer) ic_window_get_selected_incident (window));
  wait_for (is_mapped, window, "the window to be mapped");
  forget_selected_incident ();
}

/* /ic/window/icons-without-svg -------------------------------------------- */

/* Whether a shared object whose path holds @name is mapped into this
 * process. */
static gboolean
library_mapped (const char *name)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, name) != NULL;
}

/* @widget drawn now, as a render node (NULL if it draws nothing). */
static GskRenderNode *
draw_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Draws every image of @widget that is shown, now. */
static void
paint_images (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_IMAGE (widget))
    {
      g_autoptr(GskRenderNode) node = draw_widget (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    paint_images (child);
}

/* The window as it starts on a long list (#17): the app's symbol on "No
 * Incident Selected", the rows' status icons and the header's buttons are
 * all drawn from PNGs. An SVG icon would load gdk-pixbuf's SVG loader and
 * librsvg, 8 MiB of PSS and start-up time, for one icon. In a process of
 * its own, so that no test before it has loaded them. */
static void
test_icons_without_svg (AppFixture    *fx,
                        gconstpointer  data)
{
  GtkIconTheme *theme;
  IcWindow *window;
  GtkStack *content_stack;
  g_autoptr(GPtrArray) rows = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  forget_selected_incident ();
  window = activate_window (fx);
  content_stack = template_child (window, IC_TYPE_WINDOW, "content_stack");
  /* The incident view is built after the first frame, its pages' icons with it. */
  wait_for (has_view, content_stack, "the incident view to be built");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "select");
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));
  paint_images (GTK_WIDGET (window));
  rows = ic_test_find_all (template_child (window, IC_TYPE_WINDOW, "list_view"),
                           IC_TYPE_INCIDENT_ROW);
  g_assert_cmpuint (rows->len, >, 0);

  g_assert_false (library_mapped ("pixbufloader-svg"));
  g_assert_false (library_mapped ("librsvg"));

  /* The symbol at the status pages' sizes (libadwaita: 128 px, 96 px
   * compact) and scales is the pre-rendered one, not the colour icon. */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  for (int size = 96; size <= 128; size += 32)
    for (int scale = 1; scale <= 2; scale++)
      {
        g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme,
                                                                       "incident-commander-symbolic",
                                                                       NULL, size, scale,
                                                                       GTK_TEXT_DIR_NONE, 0);
        g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
        g_autofree char *uri = file != NULL ? g_file_get_uri (file) : NULL;

        g_assert_nonnull (uri);
        g_assert_true (g_str_has_prefix (uri, "resource:///"));
        g_assert_true (g_str_has_suffix (uri, "/incident-commander-symbolic.symbolic.png"));
        g_assert_true (gtk_icon_paintable_is_symbolic (icon));
      }
  /* At any other size, the symbol's SVG, not the colour icon. */
  {
    g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme,
                                                                   "incident-commander-symbolic",
                                                                   NULL, 16, 1,
                                                                   GTK_TEXT_DIR_NONE, 0);
    g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
    g_autofree char *uri = file != NULL ? g_file_get_uri (file) : NULL;

    g_assert_nonnull (uri);
    g_assert_true (g_str_has_suffix (uri, "/incident-commander-symbolic.svg"));
    g_assert_true (gtk_icon_paintable_is_symbolic (icon));
  }
}

/* /ic/window/cards-without-blur ------------------------------------------- */

/* The outset shadows cards and boxed lists draw around themselves: the
 * blurred ones, and outlines (no blur, no offset, a spread) with the most
 * opaque outline's alpha. */
typedef struct
{
  guint  cards;
  guint  blurred;
  guint  outlines;
  double outline_alpha;
} Shadows;

/* The outset shadows in @node at least @around's size (a card's own, not
 * those of what is inside it). */
static void
collect_shadows (GskRenderNode         *node,
                 const graphene_size_t *around,
                 Shadows               *shadows)
{
  GskRenderNodeType type = gsk_render_node_get_node_type (node);
  graphene_rect_t bounds;

  if (type == GSK_OUTSET_SHADOW_NODE)
    {
      gsk_render_node_get_bounds (node, &bounds);
      if (bounds.size.width < around->width || bounds.size.height < around->height)
        return;
      if (gsk_outset_shadow_node_get_blur_radius (node) > 0)
        shadows->blurred++;
      else if (gsk_outset_shadow_node_get_dx (node) == 0
               && gsk_outset_shadow_node_get_dy (node) == 0
               && gsk_outset_shadow_node_get_spread (node) > 0)
        {
          shadows->outlines++;
          shadows->outline_alpha = MAX (shadows->outline_alpha,
                                        gsk_outset_shadow_node_get_color (node)->alpha);
        }
    }
  else if (type == GSK_CONTAINER_NODE)
    for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
      collect_shadows (gsk_container_node_get_child (node, i), around, shadows);
  else if (type == GSK_TRANSFORM_NODE)
    collect_shadows (gsk_transform_node_get_child (node), around, shadows);
  else if (type == GSK_OPACITY_NODE)
    collect_shadows (gsk_opacity_node_get_child (node), around, shadows);
  else if (type == GSK_CLIP_NODE)
    collect_shadows (gsk_clip_node_get_child (node), around, shadows);
  else if (type == GSK_ROUNDED_CLIP_NODE)
    collect_shadows (gsk_rounded_clip_node_get_child (node), around, shadows);
  else if (type == GSK_DEBUG_NODE)
    collect_shadows (gsk_debug_node_get_child (node), around, shadows);
}

/* The shadows of the cards and boxed lists @widget shows, drawn now. */
static void
collect_card_shadows (GtkWidget *widget,
                      Shadows   *shadows)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (gtk_widget_has_css_class (widget, "card")
      || gtk_widget_has_css_class (widget, "boxed-list")
      || (GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "content")))
    {
      g_autoptr(GskRenderNode) node = draw_widget (widget);
      graphene_size_t around = GRAPHENE_SIZE_INIT (gtk_widget_get_width (widget),
                                                   gtk_widget_get_height (widget));

      g_assert_nonnull (node);
      shadows->cards++;
      collect_shadows (node, &around, shadows);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_card_shadows (child, shadows);
}

static Shadows
window_shadows (IcWindow *window)
{
  Shadows shadows = { 0 };

  wait_for_frame (GTK_WIDGET (window));
  collect_card_shadows (GTK_WIDGET (window), &shadows);
  return shadows;
}

/* The window on "No Incident Selected", one past incident in its list of
 * recent ones (a boxed list). */
static IcWindow *
show_recent_incident (AppFixture *fx)
{
  IcWindow *window;
  g_autoptr(IcIncident) past = NULL;
  g_autoptr(GError) error = NULL;

  forget_selected_incident ();
  window = activate_window (fx);
  past = ic_store_create_incident (ic_application_get_store (fx->app), "Checkout 500s", "checkout",
                                   IC_SEVERITY_SEV2, IC_CREATED_VIA_CLI, &error);
  g_assert_no_error (error);
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     template_child (window, IC_TYPE_WINDOW, "content_stack")), ==, "select");
  g_assert_true (gtk_widget_get_mapped (template_child (window, IC_TYPE_WINDOW, "recent_list")));
  return window;
}

/* Cards and boxed lists are outlined, never given a blurred shadow: with
 * the cairo renderer a blurred shadow is blurred again in every frame that
 * repaints its card, and the structure page's were most of the drawing of
 * the key that shows it (#14). On "No Incident Selected" with its recent
 * incidents, and on the structure page with the decision tree beside it. */
static void
test_cards_without_blur (AppFixture    *fx,
                         gconstpointer  data)
{
  IcWindow *window = show_recent_incident (fx);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  IcIncidentView *view;
  Shadows shadows;

  shadows = window_shadows (window);
  /* The recent incidents' list, outlined. */
  g_assert_cmpuint (shadows.cards, >=, 1);
  g_assert_cmpuint (shadows.blurred, ==, 0);
  g_assert_cmpuint (shadows.outlines, ==, shadows.cards);

  incident = ic_application_open_uri (fx->app, "incident-commander://new?title=Checkout%20500s",
                                      &error);
  g_assert_no_error (error);
  spin ();
  view = ic_window_get_view (window);
  g_assert_true (gtk_widget_activate_action (
    template_child (view, IC_TYPE_INCIDENT_VIEW, "breathe_page"), "breathe.skip", NULL));
  g_assert_true (gtk_widget_get_mapped (
    template_child (view, IC_TYPE_INCIDENT_VIEW, "structure_page")));
  shadows = window_shadows (window);
  /* The step's lists and the decision tree's checks (the next check is
   * marked by its own inset ring instead). */
  g_assert_cmpuint (shadows.cards, >=, 3);
  g_assert_cmpuint (shadows.blurred, ==, 0);
  g_assert_cmpuint (shadows.outlines, >=, shadows.cards - 1);
}

/* In high contrast (libadwaita's ADW_DEBUG_HIGH_CONTRAST, in a process of
 * its own), the outline is high-contrast's, not style.css's faint one. */
static void
test_cards_without_blur_hc (AppFixture    *fx,
                            gconstpointer  data)
{
  Shadows shadows;

  if (!g_test_subprocess ())
    {
      g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("ADW_DEBUG_HIGH_CONTRAST");
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  shadows = window_shadows (show_recent_incident (fx));
  g_assert_cmpuint (shadows.cards, >=, 1);
  g_assert_cmpuint (shadows.blurred, ==, 0);
  g_assert_cmpuint (shadows.outlines, ==, shadows.cards);
  g_assert_cmpfloat (shadows.outline_alpha, >=, 0.3);
}

int
main (int   argc,
      char *argv[])
{
  static const AppSeed large = { seed_large, N_LARGE };

  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  g_test_add_func ("/ic/incident-row/new-destroy", test_row_new_destroy);
  g_test_add ("/ic/incident-row/layout", StoreFixture, NULL, store_fixture_setup, test_row_layout,
              store_fixture_teardown);
  g_test_add ("/ic/incident-row/icon-kept", StoreFixture, NULL, store_fixture_setup,
              test_row_icon_kept, store_fixture_teardown);
  ADD ("/ic/window/new-destroy", test_new_destroy);
  ADD ("/ic/window/remember", test_remember);
  ADD ("/ic/window/new-incident", test_new_incident);
  ADD ("/ic/window/new-from-placeholder", test_new_from_placeholder);
  ADD ("/ic/window/title-follows", test_title_follows);
  ADD ("/ic/window/switcher-off", test_switcher_off);
  ADD ("/ic/window/search", test_search);
  ADD ("/ic/window/store-error", test_store_error);
  ADD ("/ic/window/paged-flow", test_paged_flow);
  ADD ("/ic/window/bad-uri", test_bad_uri);
  ADD ("/ic/window/paste-alert", test_paste_alert);
  ADD ("/ic/window/toast-is-text", test_toast_is_text);
  ADD ("/ic/window/actions", test_window_actions);
  ADD ("/ic/window/save-banner", test_save_banner);
  ADD ("/ic/window/no-incident-selected", test_no_incident_selected);
  ADD ("/ic/window/closed-with-popover", test_closed_with_popover);
  ADD ("/ic/window/large-list", test_large_list);
  ADD ("/ic/window/view-after-first-frame", test_view_after_first_frame);
  ADD ("/ic/window/sidebar-measures-page-shown", test_sidebar_measures_page_shown);
  ADD ("/ic/window/icon-theme-in-thread", test_icon_theme_in_thread);
  ADD ("/ic/window/primary-menu-on-demand", test_primary_menu_on_demand);
  ADD ("/ic/window/countdown-keeps-sidebar", test_countdown_keeps_sidebar);
  ADD ("/ic/window/view-on-demand", test_view_on_demand);
  ADD ("/ic/window/first-incident-compiled-ahead", test_first_incident_compiled_ahead);
  g_test_add ("/ic/window/sidebar-first-rows", AppFixture, &large, app_setup,
              test_sidebar_first_rows, app_teardown);
  g_test_add ("/ic/window/sidebar-arrows", AppFixture, &large, app_setup,
              test_sidebar_arrows, app_teardown);
  g_test_add ("/ic/window/sidebar-end-key", AppFixture, &large, app_setup,
              test_sidebar_end_key, app_teardown);
  g_test_add ("/ic/window/sidebar-reveal-select", AppFixture, &large, app_setup,
              test_sidebar_reveal_select, app_teardown);
  g_test_add ("/ic/window/restore-past-first-page", AppFixture, &large, app_setup,
              test_restore_past_first_page, app_teardown);
  ADD ("/ic/window/cards-without-blur", test_cards_without_blur);
  ADD ("/ic/window/cards-without-blur-hc", test_cards_without_blur_hc);
  g_test_add ("/ic/window/icons-without-svg", AppFixture, &large, app_setup,
              test_icons_without_svg, app_teardown);
#undef ADD

  return g_test_run ();
}
