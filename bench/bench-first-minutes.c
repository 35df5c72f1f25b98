/* bench-first-minutes.c — how long the app takes, step by step, for the
 * first minutes of a page walked by keyboard alone
 *
 * Runs the walk of tests/test-first-minutes.c (ic-test-first-minutes.h)
 * against the real application and window, RUNS times (default 20), each
 * on a new database, with every key sent through the X server. The app's
 * time for a key runs from the moment GTK receives its press to the end of
 * the next frame the window paints (GdkFrameClock "after-paint"): handling,
 * layout and drawing, and the wait for the frame. For each step: the
 * median and the worst key, and the sum over its keys; for the walk, the
 * median over runs of the sum of all its keys.
 *
 * Beside each step's median key, the mean of the time its keys' frames
 * waited with the main loop idle (nothing to dispatch: GDK paces frames at
 * the display's rate, so a frame soon after another waits for its turn),
 * to the millisecond the walk's loop sleeps at a time; and the medians of
 * the three parts of a key's time: to its frame's start, the frame's
 * update and layout, and its paint.
 *
 * On a machine shared with other work, IC_BENCH_CPU=1 measures the main
 * thread's CPU time over the same spans instead of the clock's (what the
 * app spent, not what it waited for); IC_BENCH_MARKS=1 prints each step's
 * start and end on the monotonic clock ("MARK name start end", µs) to
 * stderr, and each key's span as timed ("MARK key STEP start end", STEP
 * the step's index from 0) and its part before its frame ("MARK pre STEP
 * start frame"), to cut a `perf record -k CLOCK_MONOTONIC` profile by step
 * or by the frames of its keys.
 *
 * A desktop session always has a window manager, and an EWMH one says so on
 * the root window (_NET_SUPPORTING_WM_CHECK). Xvfb alone has none, and GDK
 * 4.8 then looks for one again on every key it reads (the user time it
 * keeps for the window manager): a synchronous round trip to the X server
 * per key, which waits for the server to finish drawing the frames before
 * it. So the bench says, as a window manager would, that one is there: a
 * window of its own named in that property, and nothing in _NET_SUPPORTED
 * that would make GDK wait on it. IC_BENCH_NO_WM=1 leaves the display bare,
 * to measure what the round trip costs.
 *
 * Run it with its own display, as build-aux/test would:
 *   xvfb-run -a dbus-run-session -- env GSETTINGS_BACKEND=memory \
 *     GSETTINGS_SCHEMA_DIR=_build/data _build/bench/bench-first-minutes [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "ic-test-app.h"
#include "ic-test-first-minutes.h"

/* Microseconds: of the monotonic clock, or of the thread's CPU time. */
static gint64
now_us (void)
{
  struct timespec ts;

  if (!g_getenv ("IC_BENCH_CPU"))
    return g_get_monotonic_time ();
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#define MAX_STEPS 16

/* A key's span in three: from the key to its frame's start (handling the
 * key, what else the main loop ran, and any wait), the frame's update and
 * layout, and its paint. The GDK surface's handlers of "layout" and "paint"
 * were connected before the bench's, which run after them. */
enum
{
  PHASE_TO_FRAME,
  PHASE_LAYOUT,
  PHASE_PAINT,
  N_PHASES
};

typedef struct
{
  const char *names[MAX_STEPS];
  GArray     *keys[MAX_STEPS];    /* double, ms: each key of the step, every run */
  GArray     *sums[MAX_STEPS];    /* double, ms: the step's keys together, per run */
  guint       n_steps;
  guint       step;
  GArray     *idle[MAX_STEPS];    /* double, ms: each key's wait with the loop idle */
  GArray     *pending;            /* double, ms: this step's keys so far */
  GArray     *pending_idle;       /* double, ms: and their idle waits */
  gint64      key_in;             /* when GTK got the key not yet painted, or 0 */
  gint64      idle_at_key;        /* ic_test_keys_idle_us then */
  gint64      frame_at;           /* the last frame: its start ("before-paint"), */
  gint64      laid_out_at;        /* the end of its layout (and of the update before), */
  gint64      painted_at;         /* and of its paint (snapshot and rendering) */
  GArray     *phases[MAX_STEPS][N_PHASES];   /* double, ms: each key's */
  GArray     *pending_phases[N_PHASES];      /* double, ms: this step's keys' so far */
} Timing;

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  Timing *timing = user_data;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (timing->key_in == 0 && !gdk_key_event_is_modifier (event))
    {
      timing->key_in = now_us ();
      timing->idle_at_key = ic_test_keys_idle_us;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Notes in @user_data, a gint64 of the Timing, when the frame reached a
 * phase. */
static void
stamp_cb (GdkFrameClock *clock,
          gpointer       user_data)
{
  *(gint64 *) user_data = now_us ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  Timing *timing = user_data;
  double ms;
  double phases[N_PHASES];

  if (timing->key_in == 0)
    return;
  phases[PHASE_TO_FRAME] = (double) (timing->frame_at - timing->key_in) / 1000.0;
  phases[PHASE_LAYOUT] = (double) (timing->laid_out_at - timing->frame_at) / 1000.0;
  phases[PHASE_PAINT] = (double) (timing->painted_at - timing->laid_out_at) / 1000.0;
  ms = (double) (now_us () - timing->key_in) / 1000.0;
  g_array_append_val (timing->pending, ms);
  ms = (double) (ic_test_keys_idle_us - timing->idle_at_key) / 1000.0;
  g_array_append_val (timing->pending_idle, ms);
  for (int i = 0; i < N_PHASES; i++)
    g_array_append_val (timing->pending_phases[i], phases[i]);
  if (g_getenv ("IC_BENCH_MARKS") && !g_getenv ("IC_BENCH_CPU"))
    {
      g_printerr ("MARK key %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", timing->step,
                  timing->key_in, g_get_monotonic_time ());
      g_printerr ("MARK pre %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", timing->step,
                  timing->key_in, timing->frame_at);
    }
  timing->key_in = 0;
}

static void
record_step (const char *name,
             gint64      started,
             gpointer    user_data)
{
  Timing *timing = user_data;
  double sum = 0;

  if (g_getenv ("IC_BENCH_MARKS"))
    g_printerr ("MARK %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", name, started,
                g_get_monotonic_time ());

  g_assert (timing->step < MAX_STEPS);
  if (timing->names[timing->step] == NULL)
    {
      timing->names[timing->step] = name;
      timing->keys[timing->step] = g_array_new (FALSE, FALSE, sizeof (double));
      timing->idle[timing->step] = g_array_new (FALSE, FALSE, sizeof (double));
      timing->sums[timing->step] = g_array_new (FALSE, FALSE, sizeof (double));
      for (int i = 0; i < N_PHASES; i++)
        timing->phases[timing->step][i] = g_array_new (FALSE, FALSE, sizeof (double));
      timing->n_steps = MAX (timing->n_steps, timing->step + 1);
    }
  for (guint i = 0; i < timing->pending->len; i++)
    sum += g_array_index (timing->pending, double, i);
  g_array_append_vals (timing->keys[timing->step], timing->pending->data, timing->pending->len);
  g_array_append_vals (timing->idle[timing->step], timing->pending_idle->data,
                       timing->pending_idle->len);
  g_array_set_size (timing->pending_idle, 0);
  for (int i = 0; i < N_PHASES; i++)
    {
      g_array_append_vals (timing->phases[timing->step][i], timing->pending_phases[i]->data,
                           timing->pending_phases[i]->len);
      g_array_set_size (timing->pending_phases[i], 0);
    }
  g_array_append_val (timing->sums[timing->step], sum);
  g_array_set_size (timing->pending, 0);
  timing->step++;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len ? g_array_index (values, double, values->len / 2) : 0;
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len ? sum / values->len : 0;
}

static double
worst (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len ? g_array_index (values, double, values->len - 1) : 0;
}

/* Says on the root window that a window manager is there (see the top of
 * this file): the window it names lives as long as @xdisplay, a connection
 * of its own. */
static void
claim_window_manager (Display *xdisplay)
{
  Window root = DefaultRootWindow (xdisplay);
  Window check = XCreateSimpleWindow (xdisplay, root, -1, -1, 1, 1, 0, 0, 0);
  Atom wm_check = XInternAtom (xdisplay, "_NET_SUPPORTING_WM_CHECK", False);
  Atom supported = XInternAtom (xdisplay, "_NET_SUPPORTED", False);
  Atom wm_name = XInternAtom (xdisplay, "_NET_WM_NAME", False);
  Atom utf8 = XInternAtom (xdisplay, "UTF8_STRING", False);
  const char *name = "bench-first-minutes";

  XChangeProperty (xdisplay, check, wm_check, XA_WINDOW, 32, PropModeReplace,
                   (unsigned char *) &check, 1);
  XChangeProperty (xdisplay, check, wm_name, utf8, 8, PropModeReplace,
                   (const unsigned char *) name, (int) strlen (name));
  XChangeProperty (xdisplay, root, supported, XA_ATOM, 32, PropModeReplace,
                   (unsigned char *) &wm_check, 1);
  XChangeProperty (xdisplay, root, wm_check, XA_WINDOW, 32, PropModeReplace,
                   (unsigned char *) &check, 1);
  XSync (xdisplay, False);
}

int
main (int   argc,
      char *argv[])
{
  Display *wm_display = NULL;
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 20;
  Timing timing = { 0 };
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  guint keys = 0;

  /* The program's modules, from the build tree (bench/meson.build). */
  g_setenv ("IC_MODULE_DIR", IC_BENCH_MODULE_DIR, FALSE);
  if (!g_getenv ("IC_BENCH_NO_WM"))
    {
      if ((wm_display = XOpenDisplay (NULL)) == NULL)
        g_error ("bench-first-minutes: no X display");
      claim_window_manager (wm_display);
    }
  gtk_init ();
  adw_init ();
  if (runs == 0)
    runs = 20;
  timing.pending = g_array_new (FALSE, FALSE, sizeof (double));
  timing.pending_idle = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < N_PHASES; i++)
    timing.pending_phases[i] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint run = 0; run < runs; run++)
    {
      AppFixture fx = { 0 };
      GtkEventController *controller = gtk_event_controller_key_new ();
      GdkFrameClock *clock;
      IcWindow *window;
      double total = 0;

      app_setup (&fx, NULL);
      window = activate_window (&fx);
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), &timing);
      gtk_widget_add_controller (GTK_WIDGET (window), controller);
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
      g_signal_connect (clock, "before-paint", G_CALLBACK (stamp_cb), &timing.frame_at);
      g_signal_connect (clock, "layout", G_CALLBACK (stamp_cb), &timing.laid_out_at);
      g_signal_connect (clock, "paint", G_CALLBACK (stamp_cb), &timing.painted_at);
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &timing);
      ic_test_keys_focus (GTK_WINDOW (window));
      ic_test_keys_pressed = 0;
      timing.step = 0;
      timing.key_in = 0;
      g_array_set_size (timing.pending, 0);
      g_array_set_size (timing.pending_idle, 0);
      ic_first_minutes_walk (GTK_WINDOW (window), record_step, &timing);
      keys = ic_test_keys_pressed;
      for (guint s = 0; s < timing.n_steps; s++)
        total += g_array_index (timing.sums[s], double, timing.sums[s]->len - 1);
      g_array_append_val (totals, total);
      g_signal_handlers_disconnect_by_func (clock, stamp_cb, &timing.frame_at);
      g_signal_handlers_disconnect_by_func (clock, stamp_cb, &timing.laid_out_at);
      g_signal_handlers_disconnect_by_func (clock, stamp_cb, &timing.painted_at);
      g_signal_handlers_disconnect_by_func (clock, after_paint_cb, &timing);
      app_teardown (&fx, NULL);
    }

  g_print ("first minutes by keyboard, %u runs; %u keystrokes beyond the typed text; %s\n", runs,
           keys, wm_display != NULL ? "a window manager's check window on the display"
                                    : "no window manager (IC_BENCH_NO_WM)");
  g_print ("app time per key, from GTK receiving the press to the end of the next frame\n");
  g_print ("%-30s %9s %9s %11s %10s %27s\n", "step", "key med.", "key worst", "step median",
           "idle mean", "key med.: to frame, layout, paint");
  for (guint s = 0; s < timing.n_steps; s++)
    {
      g_print ("%-30s %6.1f ms %6.1f ms %8.1f ms %7.1f ms %11.1f %6.1f %5.1f ms\n",
               timing.names[s], median (timing.keys[s]), worst (timing.keys[s]),
               median (timing.sums[s]), mean (timing.idle[s]),
               median (timing.phases[s][PHASE_TO_FRAME]), median (timing.phases[s][PHASE_LAYOUT]),
               median (timing.phases[s][PHASE_PAINT]));
      for (int i = 0; i < N_PHASES; i++)
        g_array_unref (timing.phases[s][i]);
      g_array_unref (timing.keys[s]);
      g_array_unref (timing.idle[s]);
      g_array_unref (timing.sums[s]);
    }
  g_print ("%-30s %9s %9s %8.1f ms\n", "whole walk", "", "", median (totals));
  g_array_unref (timing.pending);
  g_array_unref (timing.pending_idle);
  for (int i = 0; i < N_PHASES; i++)
    g_array_unref (timing.pending_phases[i]);
  if (wm_display != NULL)
    XCloseDisplay (wm_display);
  return 0;
}
