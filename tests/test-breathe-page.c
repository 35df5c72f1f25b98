/* test-breathe-page.c — IcBreathePage on its own: a real store file with a
 * manual clock, the page in a plain GtkWindow under Xvfb, started with the
 * rhythm the settings give, as the incident view starts it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-breath-guide.h"
#include "ic-breathe-page.h"
#include "ic-settings.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture   store;
  IcSettings    *settings;
  GtkWindow     *window;
  IcBreathePage *page;
  GPtrArray     *toasts;   /* owned by the window */
  guint          done;     /* IcBreathePage::done emissions */
} PageFixture;

static void
done_cb (IcBreathePage *page,
         PageFixture   *fx)
{
  fx->done++;
}

static void
page_setup (PageFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->settings = ic_settings_new (APP_ID);
  fx->page = IC_BREATHE_PAGE (ic_breathe_page_new (fx->store.store));
  g_signal_connect (fx->page, "done", G_CALLBACK (done_cb), fx);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->page), &fx->toasts);
}

static void
page_teardown (PageFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  g_clear_object (&fx->settings);
  store_fixture_teardown (&fx->store, data);
}

/* A new incident (its pause pending), its pause started as the incident
 * view starts it when the incident is selected. */
static IcIncident *
start_new_incident (PageFixture *fx)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident = ic_store_create_incident (fx->store.store, "Disk full", "db",
                                                   IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  int breathe = IC_BREATHE_STATE_SKIPPED;

  g_assert_no_error (error);
  g_object_get (incident, "breathe-state", &breathe, NULL);
  g_assert_cmpint (breathe, ==, IC_BREATHE_STATE_PENDING);
  ic_breathe_page_set_incident (fx->page, incident);
  ic_breathe_page_set_rhythm (fx->page, ic_settings_get_breathe_in_seconds (fx->settings),
                              ic_settings_get_breathe_out_seconds (fx->settings),
                              ic_settings_get_breath_count (fx->settings));
  ic_breathe_page_start (fx->page);
  return incident;
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* /ic/breathe-page/completes ------------------------------------------------ */

static void
test_completes (PageFixture   *fx,
                gconstpointer  data)
{
  IcClock *clock = fx->store.clock;
  IcBreathePage *page = fx->page;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcTimelineEvent) last = NULL;
  GtkWidget *continue_button;
  GListModel *timeline;
  int state = 0;

  incident = start_new_incident (fx);
  g_assert_cmpstr (ic_breathe_page_get_guide_text (page), ==, "Breathe in · 4");

  ic_clock_advance (clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_breathe_page_get_guide_text (page), ==, "Breathe in · 2");
  ic_clock_advance (clock, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_breathe_page_get_guide_text (page), ==, "Breathe out · 5");
  /* Three breaths of 4 s in and 6 s out: done at 30 s. */
  ic_clock_advance (clock, 25 * G_USEC_PER_SEC);
  g_object_get (incident, "breathe-state", &state, NULL);
  g_assert_cmpint (state, ==, IC_BREATHE_STATE_COMPLETED);
  timeline = ic_store_get_timeline (fx->store.store, incident);
  last = g_list_model_get_item (timeline, g_list_model_get_n_items (timeline) - 1);
  g_assert_cmpstr (ic_timeline_event_get_text (last), ==, "Breathing completed after 30 s");

  /* Continue tells the incident view the pause is over (it shows the
   * structure step then: /ic/window/paged-flow). */
  continue_button = template_child (page, IC_TYPE_BREATHE_PAGE, "continue_button");
  g_assert_true (gtk_widget_get_visible (continue_button));
  /* It took the keyboard from Skip as it replaced it. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx->window)) == continue_button);
  g_assert_cmpuint (fx->done, ==, 0);
  g_signal_emit_by_name (continue_button, "clicked");
  g_assert_cmpuint (fx->done, ==, 1);
}

/* /ic/breathe-page/reduced-motion ------------------------------------------- */

static void
test_reduced_motion (PageFixture   *fx,
                     gconstpointer  data)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  g_autoptr(IcIncident) incident = NULL;
  GObject *guide;
  gboolean animated = TRUE;

  g_object_set (gtk_settings, "gtk-enable-animations", FALSE, NULL);
  incident = start_new_incident (fx);
  guide = template_child (fx->page, IC_TYPE_BREATHE_PAGE, "guide");
  g_object_get (guide, "animated", &animated, NULL);
  g_assert_false (animated);
  /* Without animation the text countdown still guides. */
  ic_clock_advance (fx->store.clock, 7 * G_USEC_PER_SEC);
  g_assert_cmpstr (ic_breathe_page_get_guide_text (fx->page), ==, "Breathe out · 3");
  g_object_set (gtk_settings, "gtk-enable-animations", TRUE, NULL);
}

/* /ic/breathe-page/focus-kept-elsewhere -------------------------------------- */

/* A responder who went elsewhere during the pause (the sidebar, the
 * search) keeps the keyboard there when it ends: Continue shows, and does
 * not take it. */
static void
test_focus_kept_elsewhere (PageFixture   *fx,
                           gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  g_autoptr(IcIncident) incident = NULL;
  GtkWidget *skip_button = template_child (fx->page, IC_TYPE_BREATHE_PAGE, "skip_button");
  GtkWidget *continue_button = template_child (fx->page, IC_TYPE_BREATHE_PAGE, "continue_button");
  GtkWidget *focus;

  g_object_ref (fx->page);
  gtk_window_set_child (fx->window, NULL);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fx->page));
  g_object_unref (fx->page);
  gtk_window_set_child (fx->window, box);
  spin ();

  incident = start_new_incident (fx);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx->window)) == skip_button);
  g_assert_true (gtk_widget_grab_focus (entry));
  ic_clock_advance (fx->store.clock, 30 * G_USEC_PER_SEC);
  g_assert_true (gtk_widget_get_visible (continue_button));
  focus = gtk_root_get_focus (GTK_ROOT (fx->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

/* /ic/breathe-page/guide-draws-when-it-moves --------------------------------- */

/* The frame clock's frames, and the guide's own redraws (its paintable's
 * contents invalidated: the guide drawn anew, not the window around it). */
typedef struct
{
  guint frames;
  guint draws;
  guint frames_at_draw;   /* frames when the guide was last drawn */
  guint until;
} GuideFrames;

static void
guide_frame_cb (GdkFrameClock *clock,
                GuideFrames   *count)
{
  count->frames++;
}

static void
guide_drawn_cb (GdkPaintable *paintable,
                GuideFrames  *count)
{
  count->draws++;
  count->frames_at_draw = count->frames;
}

static gboolean
guide_still_for_ten_frames (gpointer data)
{
  GuideFrames *count = data;

  return count->frames - count->frames_at_draw >= 10;
}

static gboolean
frames_reached (gpointer data)
{
  GuideFrames *count = data;

  return count->frames >= count->until;
}

/* The circle is drawn again when its edge has moved by a pixel, not at
 * every frame the animation runs: a frame that draws what the one before
 * did keeps the next (a key's) waiting for its turn (#14). */
static void
test_guide_draws_when_it_moves (PageFixture   *fx,
                                gconstpointer  data)
{
  g_autoptr(IcIncident) incident = start_new_incident (fx);
  GtkWidget *guide = template_child (fx->page, IC_TYPE_BREATHE_PAGE, "guide");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (guide);
  GdkFrameClock *clock;
  GuideFrames count = { 0 };
  gulong frame_id;
  guint draws;

  g_assert_true (ic_breath_guide_get_animated (IC_BREATH_GUIDE (guide)));
  wait_for (is_mapped, guide, "the guide to be shown");
  clock = gtk_widget_get_frame_clock (guide);
  frame_id = g_signal_connect (clock, "after-paint", G_CALLBACK (guide_frame_cb), &count);
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (guide_drawn_cb), &count);

  /* The manual clock stands still: once the page is shown, the
   * animation's frames go on and the guide is not drawn again. */
  wait_for (guide_still_for_ten_frames, &count,
            "ten frames of the animation in which the still guide is not drawn");

  /* A second into the first breath in, the circle has grown: drawn. */
  draws = count.draws;
  ic_clock_advance (fx->store.clock, G_USEC_PER_SEC);
  count.until = count.frames + 3;
  wait_for (frames_reached, &count, "three frames");
  g_assert_cmpuint (count.draws, >, draws);

  g_signal_handler_disconnect (clock, frame_id);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, PageFixture, NULL, page_setup, fn, page_teardown)
  ADD ("/ic/breathe-page/completes", test_completes);
  ADD ("/ic/breathe-page/reduced-motion", test_reduced_motion);
  ADD ("/ic/breathe-page/focus-kept-elsewhere", test_focus_kept_elsewhere);
  ADD ("/ic/breathe-page/guide-draws-when-it-moves", test_guide_draws_when_it_moves);
#undef ADD
  return g_test_run ();
}
