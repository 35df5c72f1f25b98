/* test-structure-page.c — IcStructurePage on its own, walked by keyboard:
 * a real store file with a manual clock, the page in a plain GtkWindow
 * under Xvfb, every key sent through the X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-structure-page.h"
#include "ic-test-keys.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture     store;
  GtkWindow       *window;
  IcStructurePage *page;
  GPtrArray       *toasts;   /* owned by the window */
  guint            done;     /* times the page said the step is done */
} PageFixture;

static void
done_cb (IcStructurePage *page,
         PageFixture     *fx)
{
  fx->done++;
}

static void
page_setup (PageFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->page = IC_STRUCTURE_PAGE (ic_structure_page_new (fx->store.store));
  g_signal_connect (fx->page, "done", G_CALLBACK (done_cb), fx);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->page), &fx->toasts);
  gtk_window_set_default_size (fx->window, 800, 900);
  ic_test_keys_focus (fx->window);
}

static void
page_teardown (PageFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, data);
}

static GtkWidget *
field (PageFixture *fx,
       const char  *name)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (fx->page), IC_TYPE_STRUCTURE_PAGE,
                                                name);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static void
assert_focus (PageFixture *fx,
              const char  *name)
{
  if (!ic_test_has_focus (fx->window, field (fx, name)))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fx->window));

      g_error ("the focus is on %s, not in %s", focus ? G_OBJECT_TYPE_NAME (focus) : "nothing",
               name);
    }
}

/* /ic/structure-page/keyboard-walk ------------------------------------------ */

/* From "What is alerting?" to the end of the step by keyboard alone: the
 * title is selected and typed over, Enter commits each fact and moves on
 * (an empty one is passed), a choice from a list moves on too, and
 * Ctrl+Enter ends the step. */
static void
test_keyboard_walk (PageFixture   *fx,
                    gconstpointer  data)
{
  IcIncident *incident = fx->store.incident;
  g_autofree char *good = NULL;
  g_autofree char *region = NULL;
  gint64 completed = 0;
  int scope = 0;

  ic_structure_page_set_incident (fx->page, incident);
  ic_structure_page_focus_first (fx->page);
  assert_focus (fx, "title_row");

  ic_test_type ("Checkout 500s");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
  assert_focus (fx, "alert_time_row");

  ic_test_type ("10 min ago");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==,
                   IC_TEST_START_US - G_GINT64_CONSTANT (600000000));
  assert_focus (fx, "good_text_row");

  ic_test_type ("checkout v1.2.2");
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "good_time_row");

  /* A time that is not one stays, marked, to be put right. */
  ic_test_type ("half past");
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "good_time_row");
  g_assert_true (gtk_widget_has_css_class (field (fx, "good_time_row"), "error"));
  ic_test_key (GDK_KEY_a, GDK_CONTROL_MASK);
  ic_test_key (GDK_KEY_BackSpace, 0);
  /* Passed, empty. */
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "scope_row");
  g_assert_false (gtk_widget_has_css_class (field (fx, "good_time_row"), "error"));

  /* Who is affected: the list opens with Enter, a subset is chosen. */
  ic_test_choose_from_list (fx->window, 2);
  g_object_get (incident, "blast-scope", &scope, NULL);
  g_assert_cmpint (scope, ==, IC_BLAST_SCOPE_SUBSET);
  assert_focus (fx, "region_row");

  ic_test_type ("eu-west-1");
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "zone_row");
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "path_row");

  /* Ctrl+Enter from anywhere in the step ends it, once. */
  ic_test_key (GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_cmpuint (fx->done, ==, 1);
  g_object_get (incident, "last-known-good", &good, "blast-region", &region,
                "structure-completed-at", &completed, NULL);
  g_assert_cmpstr (good, ==, "checkout v1.2.2");
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_assert_cmpint (completed, ==, IC_TEST_START_US);
}

/* /ic/structure-page/title-settles ------------------------------------------- */

typedef struct
{
  IcIncident *incident;
  const char *title;
} TitleWait;

static gboolean
has_title (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (ic_incident_get_title (wait->incident), wait->title) == 0;
}

/* Spins the main loop until @incident has @title. */
static void
wait_for_title (IcIncident *incident,
                const char *title)
{
  TitleWait wait = { incident, title };

  wait_for (has_title, &wait, title);
}

/* Which frame the window's clock is at when the incident's title changes
 * (the frame a key is handled before is frame_of_key + 1). */
typedef struct
{
  GdkFrameClock *clock;
  gint64         frame_of_key;
  gint64         frame_of_title;
  gulong         handler;
} FrameWatch;

static void
title_frame_cb (IcIncident *incident,
                GParamSpec *pspec,
                FrameWatch *watch)
{
  watch->frame_of_title = gdk_frame_clock_get_frame_counter (watch->clock);
}

static void
watch_title (PageFixture *fx,
             IcIncident  *incident,
             FrameWatch  *watch)
{
  watch->clock = gtk_widget_get_frame_clock (GTK_WIDGET (fx->window));
  watch->frame_of_key = gdk_frame_clock_get_frame_counter (watch->clock);
  watch->frame_of_title = -1;
  watch->handler = g_signal_connect (incident, "notify::title", G_CALLBACK (title_frame_cb),
                                     watch);
}

/* A title being typed becomes the incident's when the typing pauses; when
 * the keyboard moves on from the row (Enter, Tab), at the start of the
 * frame after the one that shows it moved (not after the pause); at once
 * when it is committed otherwise: Ctrl+Enter, another incident shown, the
 * page unmapped (its window closed). Until then the header and the sidebar
 * keep the last title (no layout of them at every key, nor in the frame
 * of the key that moves on). */
static void
test_title_settles (PageFixture   *fx,
                    gconstpointer  data)
{
  IcIncident *incident = fx->store.incident;
  GtkEditable *title = GTK_EDITABLE (field (fx, "title_row"));
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) other = ic_store_create_incident (fx->store.store, "Search slow",
                                                          "search", IC_SEVERITY_SEV3,
                                                          IC_CREATED_VIA_APP, &error);
  IcStructurePage *gone;
  GtkWindow *gone_window;
  GPtrArray *gone_toasts;
  FrameWatch watch = { 0 };

  g_assert_no_error (error);
  ic_structure_page_set_incident (fx->page, incident);
  ic_structure_page_focus_first (fx->page);

  /* Typed, then a pause: the incident has it without a commit. */
  gtk_editable_set_text (title, "Checkout");
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Elevated 500s on checkout");
  wait_for_title (incident, "Checkout");

  /* Enter moves the keyboard on at once; the title is the incident's at
   * the start of the frame after the one that shows it, not after the
   * pause. */
  gtk_editable_set_text (title, "Checkout 500s");
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout");
  watch_title (fx, incident, &watch);
  g_signal_emit_by_name (title, "entry-activated");
  assert_focus (fx, "alert_time_row");
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout");
  wait_for_title (incident, "Checkout 500s");
  g_assert_cmpint (watch.frame_of_title - watch.frame_of_key, ==, 2);
  g_signal_handler_disconnect (incident, watch.handler);

  /* So does the keyboard leaving the row. */
  gtk_widget_grab_focus (GTK_WIDGET (title));
  gtk_editable_set_text (title, "Checkout 502s");
  watch_title (fx, incident, &watch);
  gtk_widget_grab_focus (field (fx, "alert_time_row"));
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
  wait_for_title (incident, "Checkout 502s");
  g_assert_cmpint (watch.frame_of_title - watch.frame_of_key, ==, 2);
  g_signal_handler_disconnect (incident, watch.handler);

  /* And the end of the step, from the row. */
  gtk_widget_grab_focus (GTK_WIDGET (title));
  gtk_editable_set_text (title, "Checkout 503s");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "structure.done", NULL));
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 503s");
  g_assert_cmpuint (fx->done, ==, 1);

  /* Another incident: the one typed for keeps what was typed, the other
   * is untouched, and no pause later moves anything. */
  gtk_editable_set_text (title, "Checkout 504s");
  ic_structure_page_set_incident (fx->page, other);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 504s");
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "Search slow");
  g_assert_cmpstr (ic_incident_get_title (other), ==, "Search slow");

  /* A window closed while a title is typed leaves it with the incident. */
  gone = IC_STRUCTURE_PAGE (ic_structure_page_new (fx->store.store));
  gone_window = ic_test_window_for (GTK_WIDGET (gone), &gone_toasts);
  ic_structure_page_set_incident (gone, other);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gone)));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                           GTK_WIDGET (gone), IC_TYPE_STRUCTURE_PAGE, "title_row")),
                         "Search slow in us-east-1");
  g_assert_cmpstr (ic_incident_get_title (other), ==, "Search slow");
  gtk_window_destroy (gone_window);
  g_assert_cmpstr (ic_incident_get_title (other), ==, "Search slow in us-east-1");

  /* Nothing left pending fires later. */
  wait_for_title (incident, "Checkout 504s");
  g_assert_cmpstr (ic_incident_get_title (other), ==, "Search slow in us-east-1");
}

/* /ic/structure-page/changes-by-keyboard --------------------------------------- */

/* In the changes, Enter adds one and stays for the next; Enter on nothing
 * passes on to the end of the step. */
static void
test_changes_by_keyboard (PageFixture   *fx,
                          gconstpointer  data)
{
  IcIncident *incident = fx->store.incident;
  GListModel *changes = ic_store_get_changes (fx->store.store, incident);

  ic_structure_page_set_incident (fx->page, incident);
  gtk_widget_grab_focus (field (fx, "error_rate_row"));
  ic_test_key (GDK_KEY_Return, 0);
  assert_focus (fx, "change_description_row");
  ic_test_type ("checkout v1.2.3");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 1);
  assert_focus (fx, "change_description_row");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 1);
  g_assert_false (gtk_widget_get_visible (field (fx, "change_error_label")));
  assert_focus (fx, "done_button");
  ic_test_key (GDK_KEY_Return, 0);
  g_assert_cmpuint (fx->done, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, PageFixture, NULL, page_setup, fn, page_teardown)
  ADD ("/ic/structure-page/keyboard-walk", test_keyboard_walk);
  ADD ("/ic/structure-page/changes-by-keyboard", test_changes_by_keyboard);
  ADD ("/ic/structure-page/title-settles", test_title_settles);
#undef ADD
  return g_test_run ();
}
