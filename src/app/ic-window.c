/* ic-window.c — the main window: incident list sidebar and incident view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-window"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ic-accessible.h"
#include "ic-drill-dialog.h"
#include "ic-alert.h"
#include "ic-incident-list.h"
#include "ic-incident-row.h"
#include "ic-incident-view.h"
#include "ic-change-sources-dialog.h"
#include "ic-window.h"

struct _IcWindow
{
  AdwApplicationWindow parent_instance;

  /* Owned */
  IcStore             *store;
  GError              *store_error;
  IcSettings          *settings;
  IcClock             *clock;
  GListModel          *shown;        /* what the sidebar shows: all, or search results */
  GtkSliceListModel   *reveal;       /* the rows of shown given to the list view */
  GtkSingleSelection  *selection;
  GCancellable        *cancellable;
  GCancellable        *search_cancellable;  /* the search for the query being typed */
  guint                switcher_idle_id;    /* the view and page switchers, built after the first frame */
  gulong               first_paint_id;      /* waits for that frame */
  guint                reveal_tick_id;      /* grows reveal a step a frame, while needed */
  gboolean             reveal_drawn;        /* a frame with the first rows was drawn */
  gulong               bar_layout_id;       /* shows the bottom switcher after a layout */
  guint                release_idle_id;     /* gives back start-up's memory */
  guint                placeholder_idle_id; /* the list changed: the placeholder to update */
  gboolean             released;
  gboolean             selecting;    /* the window selects, not the sidebar's keys or pointer */

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwLeaflet          *leaflet;
  GtkWidget           *content;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkWidget           *new_button;
  GtkWidget           *search_button;
  GtkMenuButton       *menu_button;
  GMenuModel          *primary_menu;
  GtkStack            *sidebar_stack;
  GtkListView         *list_view;
  GtkStack            *content_stack;
  AdwStatusPage       *select_page;
  GtkListBox          *recent_list;
  AdwStatusPage       *error_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar  *switcher_bar;
  GtkRevealer         *save_banner;
  GtkLabel            *save_banner_label;

  /* Borrowed (a child of content_stack) */
  IcIncidentView      *view;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_CLOCK,
  PROP_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcWindow, ic_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_sidebar_page (IcWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = self->shown ? g_list_model_get_n_items (self->shown) : 0;

  if (self->store == NULL)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "unavailable");
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "list");
  else if (query != NULL && *query != '\0')
    gtk_stack_set_visible_child_name (self->sidebar_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
}

/* How many open incidents "No Incident Selected" offers. */
#define RECENT_OPEN_MAX 5

static gboolean
is_open (gpointer item,
         gpointer user_data)
{
  return ic_incident_get_status (item) != IC_INCIDENT_STATUS_RESOLVED;
}

/* A row that opens the incident, as the list's rows show one. */
static GtkWidget *
create_recent_row (gpointer item,
                   gpointer user_data)
{
  IcIncident *incident = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *shown = ic_incident_row_new ();

  ic_incident_row_set_incident (IC_INCIDENT_ROW (shown), incident);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), shown);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-incident");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", ic_incident_get_id (incident));
  return row;
}

/* The store's list, most recent first: its first open incidents. The list
 * puts open incidents first, so the first few of the list, filtered, are
 * the first few open ones; filtering the whole list would build every
 * incident of the lazy list. A copy, read again each time the placeholder
 * is shown or the list changes under it (update_placeholder()): bound to
 * the live list, the rows were made again on every change, also while an
 * incident was open and the placeholder not shown. */
static void
bind_recent (IcWindow *self)
{
  GListModel *incidents = ic_store_get_incidents (self->store);
  g_autoptr(GListStore) recent = g_list_store_new (IC_TYPE_INCIDENT);
  guint n = MIN (RECENT_OPEN_MAX, g_list_model_get_n_items (incidents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcIncident) incident = g_list_model_get_item (incidents, i);

      if (is_open (incident, NULL))
        g_list_store_append (recent, incident);
    }
  gtk_list_box_bind_model (self->recent_list, G_LIST_MODEL (recent), create_recent_row, NULL,
                           NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list),
                          g_list_model_get_n_items (G_LIST_MODEL (recent)) > 0);
}

/* What the content pane shows when no incident is open: never nothing. */
static void
update_placeholder (IcWindow *self)
{
  if (self->store == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "error");
  else if (self->view != NULL && ic_incident_view_get_incident (self->view) != NULL)
    return;
  else
    {
      /* Read again each time it is shown: titles and statuses change. */
      bind_recent (self);
      gtk_stack_set_visible_child_name (self->content_stack, "select");
    }
}

/* The list changed. The placeholder is updated once the handler that
 * changed it is over, before the next frame: Ctrl+N adds an incident and
 * then selects it, and the placeholder's list of recent incidents, read
 * again in between, was never shown. */
static gboolean
placeholder_idle_cb (gpointer user_data)
{
  IcWindow *self = user_data;

  self->placeholder_idle_id = 0;
  update_placeholder (self);
  return G_SOURCE_REMOVE;
}

static void
incidents_changed_cb (IcWindow *self,
                      guint     position,
                      guint     removed,
                      guint     added)
{
  /* Past the incidents it offers: the store's later pages, for one. */
  if (position >= RECENT_OPEN_MAX)
    return;
  if (self->placeholder_idle_id == 0)
    self->placeholder_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, placeholder_idle_cb, self,
                                                 NULL);
}

static void update_title (IcWindow *self);

/* The incident view: built for the first incident shown, or when the
 * window is idle after its first frame, whichever comes first. With no
 * incident selected the first frame shows "No Incident Selected", and
 * the view's pages (tens of milliseconds to build) would be in none of
 * it. Returns %NULL without a store. */
static IcIncidentView *
ensure_view (IcWindow *self)
{
  if (self->view != NULL || self->store == NULL)
    return self->view;
  self->view = IC_INCIDENT_VIEW (ic_incident_view_new (self->store, self->settings));
  g_signal_connect_object (self->view, "notify::step", G_CALLBACK (update_title), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->view), "incident");
  return self->view;
}

/* The page switchers (the header's two and the bottom bar's: a button
 * for each page in each) follow the view's stack for the window's life;
 * update_title() only turns them on and off. Building their buttons takes
 * several milliseconds: done when the window is idle after its first
 * frame, not in the key that opens or unpauses an incident (#14). */
static void
ensure_switcher_stack (IcWindow *self)
{
  g_clear_handle_id (&self->switcher_idle_id, g_source_remove);
  if (self->view != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title,
                                       ic_incident_view_get_stack (self->view));
}

/* What start-up read and built once and freed stays in the process
 * unless it is given back: SQLite's cache holds the page of every
 * incident read for the list, and glibc's heap keeps what was freed. Both
 * are let go when the window is idle with its start done (its first frame,
 * the switchers, every row of the sidebar, the store's list read whole). Then, too, the store compiles
 * the statements of a new incident's first minutes, which Ctrl+N would
 * otherwise wait for (#14). */
static gboolean
release_start_up_memory_cb (gpointer user_data)
{
  IcWindow *self = user_data;

  self->release_idle_id = 0;
  self->released = TRUE;
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ic_store_prepare_ahead (self->store, &error))
        g_debug ("Statements left to compile when first used: %s", error->message);
      ic_store_release_memory (self->store);
    }
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
release_start_up_memory (IcWindow *self)
{
  if (self->released || self->release_idle_id != 0 || self->first_paint_id != 0
      || self->switcher_idle_id != 0 || self->reveal_tick_id != 0
      || (self->store != NULL
          && !ic_incident_list_get_complete (IC_INCIDENT_LIST (ic_store_get_incidents (self->store)))))
    return;
  self->release_idle_id = g_idle_add_full (G_PRIORITY_LOW, release_start_up_memory_cb, self,
                                           NULL);
}

/* Measures the page switchers under @widget, which the header and the
 * bottom bar show only once an incident's pause is over: their labels
 * are shaped now, and their sizes kept, not in the key that ends the
 * pause (#14). */
static void
measure_switchers (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_VIEW_SWITCHER (child))
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
        }
      else
        measure_switchers (child);
    }
}

static gboolean
build_switchers_cb (gpointer user_data)
{
  IcWindow *self = user_data;

  self->switcher_idle_id = 0;
  ensure_view (self);
  ensure_switcher_stack (self);
  measure_switchers (GTK_WIDGET (self->switcher_title));
  measure_switchers (GTK_WIDGET (self->switcher_bar));
  release_start_up_memory (self);
  return G_SOURCE_REMOVE;
}

/* A low-priority idle added before the window is drawn can run before
 * its first frame (the loop waits for the X server in between): the idle
 * is added once the first frame is painted. */
static void
first_paint_cb (GdkFrameClock *clock,
                IcWindow      *self)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (adw_view_switcher_title_get_stack (self->switcher_title) == NULL)
    self->switcher_idle_id = g_idle_add_full (G_PRIORITY_LOW, build_switchers_cb, self, NULL);
  release_start_up_memory (self);
}

static void
ic_window_realize (GtkWidget *widget)
{
  IcWindow *self = IC_WINDOW (widget);

  GTK_WIDGET_CLASS (ic_window_parent_class)->realize (widget);
  if (self->store != NULL && self->first_paint_id == 0 && self->switcher_idle_id == 0
      && adw_view_switcher_title_get_stack (self->switcher_title) == NULL)
    self->first_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (first_paint_cb), self);
}

static void stop_waiting_for_layout (IcWindow *self);

/* Closes the popovers @widget and its descendants have up. */
static void
pop_down_all (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
        gtk_popover_popdown (GTK_POPOVER (child));
      pop_down_all (child);
    }
}

/* A window that goes with a popover up (the status composer, a row's
 * list) closes it first: GDK (4.8, X11) keeps the keyboard grab of a
 * popover whose window is destroyed, and the app's other windows, and
 * every one opened after, got no keys (/ic/window/closed-with-popover). */
static void
ic_window_unmap (GtkWidget *widget)
{
  pop_down_all (widget);
  GTK_WIDGET_CLASS (ic_window_parent_class)->unmap (widget);
}

static void
ic_window_unrealize (GtkWidget *widget)
{
  IcWindow *self = IC_WINDOW (widget);

  if (self->first_paint_id != 0)
    g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (widget));
  stop_waiting_for_layout (self);
  GTK_WIDGET_CLASS (ic_window_parent_class)->unrealize (widget);
}

/* The bottom bar shows on a narrow window, where the header shows the
 * title instead of the switcher, but never while the switcher is off
 * (the header shows the title then too). Hidden while it is off: when the
 * pause ends, the bar is there at once, in the frame that shows the step,
 * rather than sliding in under the first keystrokes (each frame of the
 * slide lays out and draws the whole page again). Whether the header has
 * room for the switcher is known once it is laid out with it: the bar is
 * shown after that layout. On a window made narrower or wider, it slides
 * as libadwaita's does. */
static void
stop_waiting_for_layout (IcWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->bar_layout_id != 0 && clock != NULL)
    g_signal_handler_disconnect (clock, self->bar_layout_id);
  self->bar_layout_id = 0;
}

static void
show_switcher_bar (IcWindow *self)
{
  stop_waiting_for_layout (self);
  /* Not yet mapped: no slide. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (
                                      self->switcher_title));
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), TRUE);
}

static void
update_switcher_bar (IcWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!adw_view_switcher_title_get_view_switcher_enabled (self->switcher_title))
    {
      stop_waiting_for_layout (self);
      gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), FALSE);
      adw_view_switcher_bar_set_reveal (self->switcher_bar, FALSE);
    }
  else if (gtk_widget_get_visible (GTK_WIDGET (self->switcher_bar)))
    adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                      adw_view_switcher_title_get_title_visible (
                                        self->switcher_title));
  else if (clock == NULL)
    show_switcher_bar (self);
  else if (self->bar_layout_id == 0)
    /* After the window's own layout handler: the header has chosen. */
    self->bar_layout_id = g_signal_connect_swapped (clock, "layout",
                                                    G_CALLBACK (show_switcher_bar), self);
}

static void
update_title (IcWindow *self)
{
  IcIncident *incident = self->view ? ic_incident_view_get_incident (self->view) : NULL;

  if (incident == NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("Incident Commander"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      return;
    }
  adw_view_switcher_title_set_title (self->switcher_title, ic_incident_get_title (incident));
  adw_view_switcher_title_set_subtitle (self->switcher_title, ic_incident_get_service (incident));
  ensure_switcher_stack (self);
  /* The pause is a calm full page: no page switcher until it is over. */
  adw_view_switcher_title_set_view_switcher_enabled (
    self->switcher_title, g_strcmp0 (ic_incident_view_get_step (self->view), "breathe") != 0);
}

static void
show_incident (IcWindow   *self,
               IcIncident *incident)
{
  IcIncident *current;

  if (self->store == NULL || (incident == NULL && self->view == NULL))
    {
      update_placeholder (self);
      update_title (self);
      return;
    }
  ensure_view (self);
  current = ic_incident_view_get_incident (self->view);
  if (current != NULL)
    g_signal_handlers_disconnect_by_func (current, update_title, self);
  ic_incident_view_set_incident (self->view, incident);
  if (incident != NULL)
    {
      g_signal_connect_object (incident, "notify::title", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (incident, "notify::service", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->view));
      ic_settings_set_selected_incident (self->settings, ic_incident_get_id (incident));
    }
  else
    update_placeholder (self);
  update_title (self);
}

/* An incident chosen in the sidebar (arrow keys, a click) is shown, and the
 * keyboard stays in the sidebar: a pause that starts does not take it, so
 * the arrows go on through the list. Enter goes into the incident
 * (list_activate_cb()). Chosen elsewhere (Ctrl+N, a link, a search), it
 * takes the keyboard as its view gives it. */
static void
selection_changed_cb (IcWindow *self)
{
  IcIncident *incident = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autoptr(GtkWidget) in_list = NULL;

  if (incident == NULL)
    return;
  if (!self->selecting && focus != NULL
      && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    in_list = g_object_ref (focus);
  show_incident (self, incident);
  if (in_list != NULL && gtk_root_get_focus (GTK_ROOT (self)) != in_list
      && gtk_widget_is_ancestor (in_list, GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (in_list);
}

static void
list_activate_cb (IcWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (self->view != NULL)
    ic_incident_view_focus_step (self->view);
}

static void
back_clicked_cb (IcWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The sidebar's list view is given the rows a responder can reach, not
 * the whole list. GtkListView (4.8) makes, binds and measures a row widget
 * for up to 200 items whatever its height: at start-up (and at each
 * search) a large list was most of the time, and its rows some 6 MiB that
 * nobody scrolled to. The list view is given the first REVEAL_STEP items,
 * more than the tallest sidebar shows; once a frame with them is drawn,
 * REVEAL_STEP more a frame for as long as less than a page of rows lies
 * below what is shown. Scrolling (or moving the focus) near the end gives
 * it more the same way; End, or an incident further down opened, gives it
 * what it needs at once. */
#define REVEAL_STEP 32

/* No row is shorter (a line of title, one of details, their margins). */
#define ROW_MIN_HEIGHT 48

/* The first step: the rows that fill the list view's height, or the
 * window's before it has one (start-up), with one to spare at each end;
 * REVEAL_STEP when neither is known yet (a window to be maximized takes
 * its monitor's height). At start-up each row more is made, bound and
 * measured before the first frame (#17). */
static guint
first_reveal_step (IcWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->list_view));
  int width;

  if (height <= 0 && !gtk_window_is_maximized (GTK_WINDOW (self))
      && !gtk_window_is_fullscreen (GTK_WINDOW (self))
      && (self->settings == NULL || !ic_settings_get_window_maximized (self->settings)))
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (height <= 0)
    return REVEAL_STEP;
  return MIN ((guint) height / ROW_MIN_HEIGHT + 2, REVEAL_STEP);
}

static void
stop_revealing (IcWindow *self)
{
  if (self->reveal_tick_id != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->reveal_tick_id);
  self->reveal_tick_id = 0;
}

static void
reveal_all (IcWindow *self)
{
  stop_revealing (self);
  gtk_slice_list_model_set_size (self->reveal, G_MAXUINT);
}

/* Whether the list view has every row of the list, or a page of rows below
 * the ones shown. */
static gboolean
reveal_enough (IcWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  guint n = self->shown != NULL ? g_list_model_get_n_items (self->shown) : 0;
  double below;

  if (gtk_slice_list_model_get_size (self->reveal) >= n)
    return TRUE;
  if (adjustment == NULL)
    return FALSE;
  below = gtk_adjustment_get_upper (adjustment)
          - (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
  return below >= gtk_adjustment_get_page_size (adjustment);
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  IcWindow *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->reveal);

  /* The first tick comes before the first frame's layout. */
  if (!self->reveal_drawn)
    {
      self->reveal_drawn = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (reveal_enough (self))
    {
      self->reveal_tick_id = 0;
      release_start_up_memory (self);
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->reveal, size + REVEAL_STEP);
  return G_SOURCE_CONTINUE;
}

/* The list view scrolled, or its rows changed: more of them, a step a
 * frame, if it nears the end of those it has. */
static void
reveal_more (IcWindow *self)
{
  if (self->reveal_tick_id != 0 || !self->reveal_drawn || reveal_enough (self))
    return;
  self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                       reveal_tick_cb, self, NULL);
}

/* End (with or without Ctrl) goes to the last incident of the list, not of
 * the rows given so far. */
static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     IcWindow              *self)
{
  if (keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End)
    reveal_all (self);
  return GDK_EVENT_PROPAGATE;
}

/* Gives the list view @model, its first rows first. */
static void
reveal_model (IcWindow   *self,
              GListModel *model)
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  guint step = first_reveal_step (self);

  /* The size first: a slice of all of a large model would have the list
   * view make its 200 rows at once. A short list is whole in its first
   * step, and stays as bounded if it grows (reveal_more()). */
  gtk_slice_list_model_set_size (self->reveal, step);
  gtk_slice_list_model_set_model (self->reveal, model);
  if (n <= step)
    {
      stop_revealing (self);
      self->reveal_drawn = TRUE;
      return;
    }
  self->reveal_drawn = FALSE;
  if (self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                         reveal_tick_cb, self, NULL);
}

/* Selects @position of the list, given to the list view with a step of
 * rows after it if it had not been. */
static void
select_position (IcWindow *self,
                 guint     position)
{
  if (position >= gtk_slice_list_model_get_size (self->reveal))
    gtk_slice_list_model_set_size (self->reveal, (position / REVEAL_STEP + 2) * REVEAL_STEP);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

static void
select_in_list (IcWindow   *self,
                IcIncident *incident)
{
  guint n = g_list_model_get_n_items (self->shown);
  guint position;

  /* The store's lists find an incident by id without building the others. */
  if (IC_IS_INCIDENT_LIST (self->shown))
    {
      if (ic_incident_list_find (IC_INCIDENT_LIST (self->shown), ic_incident_get_id (incident),
                                 &position))
        select_position (self, position);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcIncident) item = g_list_model_get_item (self->shown, i);

      if (item == incident)
        {
          select_position (self, i);
          return;
        }
    }
}

static void
shown_items_changed_cb (IcWindow *self)
{
  IcIncident *current = self->view ? ic_incident_view_get_incident (self->view) : NULL;

  update_sidebar_page (self);
  /* Re-sorting moves rows; keep the incident being worked on selected. */
  if (current != NULL && gtk_single_selection_get_selected_item (self->selection) != current)
    select_in_list (self, current);
}

static void
set_shown (IcWindow   *self,
           GListModel *model)
{
  IcIncident *current = self->view ? ic_incident_view_get_incident (self->view) : NULL;

  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_func (self->shown, shown_items_changed_cb, self);
  g_set_object (&self->shown, model);
  /* After the slice given to the list view has taken the change: selecting
   * may make the slice longer, and a slice made longer in the middle of
   * the change took the new items twice (the selection moved past them). */
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (shown_items_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  reveal_model (self, model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  if (current != NULL)
    select_in_list (self, current);
  update_sidebar_page (self);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IcWindow) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = ic_store_search_finish (IC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (results == NULL)
    {
      ic_window_show_toast (self, error->message);
      return;
    }
  set_shown (self, results);
}

/* Each keystroke searches anew, in a worker thread; the search for the
 * query before it is cancelled, so only the last one's results show. */
static void
search_changed_cb (IcWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (query == NULL || *query == '\0')
    {
      set_shown (self, ic_store_get_incidents (self->store));
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  ic_store_search_async (self->store, query, self->search_cancellable, search_done_cb,
                         g_object_ref (self));
}

static void
stop_search_cb (IcWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* With an incident open: its pane shown (on a narrow window, instead of
 * the list). Returns %FALSE with no incident open. */
static gboolean
show_incident_pane (IcWindow *self)
{
  if (self->view == NULL || ic_incident_view_get_incident (self->view) == NULL)
    return FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  return TRUE;
}

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (show_incident_pane (self))
    ic_incident_view_focus_note (self->view);
}

/* "win.show-page('probes')" (Alt+1 … Alt+6): that page of the incident
 * shown, with the keyboard on its first useful control. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (self->view != NULL
      && ic_incident_view_go_to_page (self->view, g_variant_get_string (parameter, NULL)))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* "win.decision-tree" (F6): the keyboard to the decision tree's next check. */
static void
decision_tree_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (show_incident_pane (self))
    ic_incident_view_focus_decision_tree (self->view);
}

/* The sources changed: the incident shown reads them again. */
static void
sources_dialog_closed_cb (IcWindow *self)
{
  if (self->view != NULL && ic_incident_view_get_incident (self->view) != NULL)
    ic_incident_view_refresh_changes (self->view);
}

/* "win.change-sources": the repositories and feeds changes are read from,
 * new ones for the service of the incident shown. */
static void
change_sources_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);
  IcIncident *incident = self->view != NULL ? ic_incident_view_get_incident (self->view) : NULL;
  IcChangeSourcesDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = ic_change_sources_dialog_new (GTK_WINDOW (self), self->store,
                                         incident != NULL ? ic_incident_get_service (incident)
                                                          : NULL);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (sources_dialog_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "win.refresh-changes" (F5): the incident's change sources read again. */
static void
refresh_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (self->view != NULL && ic_incident_view_get_incident (self->view) != NULL)
    ic_incident_view_refresh_changes (self->view);
}

/* "win.start-drill": the scenarios, to start one. */
static void
start_drill_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ic_drill_dialog_new (GTK_WINDOW (self), self->store)));
}

/* "win.drill-pause" (Ctrl+P): pause the shown drill, or resume it. */
static void
drill_pause_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (self->view != NULL)
    ic_incident_view_toggle_drill_pause (self->view);
}

/* "win.next-page" and "win.previous-page" (Ctrl+Page Down, Ctrl+Page Up). */
static void
cycle_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (show_incident_pane (self))
    ic_incident_view_cycle_page (self->view, g_str_equal (action_name, "win.next-page") ? 1 : -1);
}

static void
status_update_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  if (show_incident_pane (self))
    gtk_widget_activate_action (GTK_WIDGET (self->view), "update.compose", NULL);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IcAlert) alert = NULL;
  g_autoptr(IcIncident) incident = NULL;
  gboolean existing = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (text == NULL)
    {
      ic_window_show_toast (self, _("The clipboard holds no text to import"));
      return;
    }
  if (self->store == NULL)
    {
      ic_window_show_toast (self, self->store_error ? self->store_error->message
                                                    : _("The incident database is not open"));
      return;
    }
  bytes = g_bytes_new (text, strlen (text));
  alert = ic_alert_parse_bytes (bytes, &error);
  if (alert != NULL)
    incident = ic_store_create_incident_from_alert (self->store, alert, &existing, &error);
  if (incident == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot import the alert: %s"),
                                                  error->message);
      ic_window_show_toast (self, message);
      return;
    }
  ic_window_show_created (self, incident, existing);
}

/* The main menu's popover, the first time it pops up (a click, F10): built
 * from the model with the window, it was some 6 % of building the window,
 * for a menu a start does not open. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  IcWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* "win.show-help-overlay" (Ctrl+?): the shortcuts window, built the first
 * time it is asked for. GtkApplication would build it (from
 * gtk/help-overlay.ui) with every window, before the window's first frame:
 * some 10 ms of the start (#17). This action is in the window's own action
 * map, where gtk_application_window_set_help_overlay() finds it and adds
 * none of its own. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *window = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_BASE "/ic-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* "win.toast('…')": how a page says what failed (and what was kept), or
 * that something it did worked, without knowing the window. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ic_window_show_toast (IC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* "win.show-incident(id)": shows the incident with that id. */
static void
show_incident_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  IcIncident *incident = self->store ? ic_store_lookup_incident (self->store, id) : NULL;

  if (incident == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Incident #%lld is not in the database"),
                                                  (long long) id);
      ic_window_show_toast (self, message);
      return;
    }
  ic_window_select_incident (self, incident);
}

static void
paste_alert_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, self->cancellable, clipboard_read_cb,
                                 g_object_ref (self));
}

static gboolean
ic_window_close_request (GtkWindow *window)
{
  IcWindow *self = IC_WINDOW (window);
  GSettings *settings = ic_settings_get_settings (self->settings);
  int width = 0, height = 0;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (ic_window_parent_class)->close_request (window);
}

/* Saving has failed several times in a row: say so until a save succeeds.
 * The edits are in memory and the store keeps trying. */
static void
update_save_banner (IcWindow *self)
{
  const char *reason = ic_store_get_save_error (self->store);

  if (reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Your edits are not saved yet: %s. They are "
                                                 "kept, and saving is tried again."), reason);

      gtk_label_set_text (self->save_banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->save_banner, reason != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-now", reason != NULL);
}

static void
save_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IcWindow *self = IC_WINDOW (widget);

  /* A failure is what the banner already says, with the newest reason. */
  if (self->store != NULL)
    ic_store_flush (self->store, NULL);
}

/* Without a database there is nothing to list, search or create: the
 * content pane names the file and the problem, and the window stays usable
 * (menu, shortcuts, about, quit). */
static void
show_store_error (IcWindow *self)
{
  g_autofree char *message = NULL;
  g_autofree char *description = NULL;

  /* The description is markup; the message names a file, which may hold "&" or "<". */
  message = g_markup_escape_text (self->store_error ? self->store_error->message : "", -1);
  description = g_strdup_printf ("%s\n\n%s", message,
                                 _("The file has not been changed. Fix or move it, "
                                   "then start Incident Commander again."));
  adw_status_page_set_description (self->error_page, g_strchug (description));
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  gtk_stack_set_visible_child_name (self->content_stack, "error");
  gtk_stack_set_visible_child_name (self->sidebar_stack, "unavailable");
  gtk_widget_set_visible (self->new_button, FALSE);
  gtk_widget_set_visible (self->search_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.paste-alert", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.note", FALSE);
}

static void
ic_window_constructed (GObject *object)
{
  IcWindow *self = IC_WINDOW (object);
  gint64 selected_id;

  G_OBJECT_CLASS (ic_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self), ic_settings_get_window_width (self->settings),
                               ic_settings_get_window_height (self->settings));
  if (ic_settings_get_window_maximized (self->settings))
    gtk_window_maximize (GTK_WINDOW (self));

  if (self->store == NULL)
    {
      show_store_error (self);
      return;
    }
  g_signal_connect_object (ic_store_get_incidents (self->store), "items-changed",
                           G_CALLBACK (incidents_changed_cb), self, G_CONNECT_SWAPPED);
  /* The store reads its list in pages when idle: the start is done when
   * it has the last one. */
  g_signal_connect_object (ic_store_get_incidents (self->store), "notify::complete",
                           G_CALLBACK (release_start_up_memory), self, G_CONNECT_SWAPPED);
  set_shown (self, ic_store_get_incidents (self->store));
  update_placeholder (self);
  g_signal_connect_object (self->store, "notify::save-error", G_CALLBACK (update_save_banner),
                           self, G_CONNECT_SWAPPED);
  update_save_banner (self);
  selected_id = ic_settings_get_selected_incident (self->settings);
  if (selected_id > 0 && ic_store_lookup_incident (self->store, selected_id) != NULL)
    ic_window_select_incident (self, ic_store_lookup_incident (self->store, selected_id));
}

static void
ic_window_dispose (GObject *object)
{
  IcWindow *self = IC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_handle_id (&self->switcher_idle_id, g_source_remove);
  g_clear_handle_id (&self->release_idle_id, g_source_remove);
  g_clear_handle_id (&self->placeholder_idle_id, g_source_remove);
  stop_revealing (self);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_func (self->shown, shown_items_changed_cb, self);
  if (self->switcher_title != NULL)
    g_signal_handlers_disconnect_by_func (self->switcher_title, update_switcher_bar, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->reveal);
  g_clear_object (&self->shown);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ic_window_parent_class)->dispose (object);
}

static void
ic_window_finalize (GObject *object)
{
  IcWindow *self = IC_WINDOW (object);

  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (ic_window_parent_class)->finalize (object);
}

static void
ic_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IcWindow *self = IC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE_ERROR:
      self->store_error = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IcWindow *self = IC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
setup_row_cb (GtkListItemFactory *factory,
              GtkListItem        *item)
{
  gtk_list_item_set_child (item, ic_incident_row_new ());
}

static void
bind_row_cb (GtkListItemFactory *factory,
             GtkListItem        *item)
{
  ic_incident_row_set_incident (IC_INCIDENT_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkListItemFactory *factory,
               GtkListItem        *item)
{
  ic_incident_row_set_incident (IC_INCIDENT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
ic_window_class_init (IcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ic_window_constructed;
  object_class->dispose = ic_window_dispose;
  object_class->finalize = ic_window_finalize;
  object_class->get_property = ic_window_get_property;
  object_class->set_property = ic_window_set_property;
  widget_class->realize = ic_window_realize;
  widget_class->unrealize = ic_window_unrealize;
  widget_class->unmap = ic_window_unmap;
  window_class->close_request = ic_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, IC_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, IC_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IC_TYPE_INCIDENT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcWindow, name)
  BIND (toast_overlay);
  BIND (leaflet);
  BIND (content);
  BIND (search_bar);
  BIND (search_entry);
  BIND (new_button);
  BIND (search_button);
  BIND (menu_button);
  BIND (primary_menu);
  BIND (sidebar_stack);
  BIND (list_view);
  BIND (content_stack);
  BIND (select_page);
  BIND (recent_list);
  BIND (error_page);
  BIND (switcher_title);
  BIND (switcher_bar);
  BIND (save_banner);
  BIND (save_banner_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-incident", "x", show_incident_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.paste-alert", NULL, paste_alert_action);
  gtk_widget_class_install_action (widget_class, "win.save-now", NULL, save_now_action);
  gtk_widget_class_install_action (widget_class, "win.note", NULL, note_action);
  gtk_widget_class_install_action (widget_class, "win.status-update", NULL, status_update_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, cycle_page_action);
  gtk_widget_class_install_action (widget_class, "win.decision-tree", NULL,
                                   decision_tree_action);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, cycle_page_action);
  gtk_widget_class_install_action (widget_class, "win.drill-pause", NULL, drill_pause_action);
  gtk_widget_class_install_action (widget_class, "win.start-drill", NULL, start_drill_action);
  gtk_widget_class_install_action (widget_class, "win.change-sources", NULL,
                                   change_sources_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-changes", NULL,
                                   refresh_changes_action);
  /* Their keys are the application's (ic-application.c), where the
   * shortcuts window reads them. */
}

static void
ic_window_init (IcWindow *self)
{
  const GActionEntry entries[] = {
    { .name = "show-help-overlay", .activate = show_help_overlay_cb },
  };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *key;

  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (update_switcher_bar), self);
  g_signal_connect_swapped (self->switcher_title, "notify::view-switcher-enabled",
                            G_CALLBACK (update_switcher_bar), self);
  update_switcher_bar (self);

  self->reveal = gtk_slice_list_model_new (NULL, 0, G_MAXUINT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->reveal)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "value-changed", G_CALLBACK (reveal_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "changed", G_CALLBACK (reveal_more), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (list_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), key);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * ic_window_new:
 * @store: (nullable): the store, or %NULL when it could not be opened
 * @store_error: (nullable): why the store could not be opened
 *
 * Returns: (transfer none): the window, owned by @application
 */
IcWindow *
ic_window_new (GtkApplication *application,
               IcStore        *store,
               const GError   *store_error,
               IcSettings     *settings,
               IcClock        *clock)
{
  IcWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store != NULL || store_error != NULL, NULL);

  self = g_object_new (IC_TYPE_WINDOW, "application", application, "store", store,
                       "store-error", store_error, "settings", settings, "clock", clock, NULL);
  return self;
}

GListModel *
ic_window_get_sidebar_model (IcWindow *self)
{
  g_return_val_if_fail (IC_IS_WINDOW (self), NULL);
  return self->shown;
}

IcIncident *
ic_window_get_selected_incident (IcWindow *self)
{
  g_return_val_if_fail (IC_IS_WINDOW (self), NULL);
  return self->view ? ic_incident_view_get_incident (self->view) : NULL;
}

/**
 * ic_window_get_view:
 *
 * Returns: (transfer none) (nullable): the incident view (built now if it
 *   was not yet), or %NULL without a store
 */
IcIncidentView *
ic_window_get_view (IcWindow *self)
{
  g_return_val_if_fail (IC_IS_WINDOW (self), NULL);
  return ensure_view (self);
}

/**
 * ic_window_select_incident:
 *
 * Shows @incident (and selects it in the list, if the list shows it).
 */
void
ic_window_select_incident (IcWindow   *self,
                           IcIncident *incident)
{
  g_return_if_fail (IC_IS_WINDOW (self));
  g_return_if_fail (IC_IS_INCIDENT (incident));

  if (self->store == NULL)
    return;
  if (gtk_search_bar_get_search_mode (self->search_bar))
    stop_search_cb (self);
  show_incident (self, incident);
  select_in_list (self, incident);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

void
ic_window_show_toast (IcWindow   *self,
                      const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (IC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* A toast's title is Pango markup (libadwaita 1.2 has no way to turn
   * that off), and messages carry what users and links typed. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ic_window_show_created:
 * @existing: %TRUE when @incident was found again rather than created
 *
 * Shows an incident a request just created (from a link, the command line
 * or a pasted alert); one found again instead of a duplicate says so.
 */
void
ic_window_show_created (IcWindow   *self,
                        IcIncident *incident,
                        gboolean    existing)
{
  g_return_if_fail (IC_IS_WINDOW (self));
  g_return_if_fail (IC_IS_INCIDENT (incident));

  gtk_window_present (GTK_WINDOW (self));
  ic_window_select_incident (self, incident);
  if (existing)
    {
      g_autofree char *message = g_strdup_printf (
        _("This alert is already incident #%lld; opened it instead of a duplicate"),
        (long long) ic_incident_get_id (incident));
      ic_window_show_toast (self, message);
    }
}
