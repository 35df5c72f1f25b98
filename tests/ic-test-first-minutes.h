/* ic-test-first-minutes.h — the first minutes of a page, by keyboard alone:
 * the walk tests/test-first-minutes.c checks and bench/bench-first-minutes
 * times, key by key through the X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-test-keys.h"

/* Called after each step of the walk, with its name, once GTK has handled
 * what the step's keys set off; @started is when the step's first key was
 * sent (monotonic µs). */
typedef void (*IcFirstMinutesStep) (const char *step,
                                     gint64      started,
                                     gpointer    user_data);

static const char * const ic_first_minutes_hypotheses[] = {
  "checkout v1.2.3 exhausts the payments pool",
  "payments upstream slow since its timeout change",
  "clock skew breaks token validation",
};

static void
step_done (IcFirstMinutesStep  done,
           const char         *step,
           gint64             *started,
           gpointer            user_data)
{
  if (done != NULL)
    done (step, *started, user_data);
  *started = g_get_monotonic_time ();
}

/* Ctrl+N, the breath skipped, the title, the facts, the first check of the
 * decision tree, the end of the step, three ranked hypotheses with a wild
 * card. @window has the keyboard (ic_test_keys_focus()). */
static G_GNUC_UNUSED void
ic_first_minutes_walk (GtkWindow          *window,
                       IcFirstMinutesStep  done,
                       gpointer            user_data)
{
  gint64 started = g_get_monotonic_time ();

  /* Paged: a new incident, at the breathing pause; Escape skips it. */
  ic_test_key (GDK_KEY_n, GDK_CONTROL_MASK);
  step_done (done, "new incident (Ctrl+N)", &started, user_data);
  ic_test_key (GDK_KEY_Escape, 0);
  step_done (done, "breath skipped (Escape)", &started, user_data);

  /* What is alerting, and the facts; Enter goes on. */
  ic_test_type ("Checkout 500s in eu-west-1");
  ic_test_key (GDK_KEY_Return, 0);
  step_done (done, "title", &started, user_data);
  ic_test_type ("5 min ago");
  ic_test_key (GDK_KEY_Return, 0);
  step_done (done, "alert time", &started, user_data);
  ic_test_type ("checkout v1.2.2");
  ic_test_key (GDK_KEY_Return, 0);
  ic_test_type ("20 min ago");
  ic_test_key (GDK_KEY_Return, 0);
  step_done (done, "last known good", &started, user_data);
  /* Who is affected: a subset, from the list. */
  ic_test_choose_from_list (window, 2);
  ic_test_type ("eu-west-1");
  ic_test_key (GDK_KEY_Return, 0);
  step_done (done, "blast radius", &started, user_data);

  /* The decision tree beside the page: global or partial? Partial. */
  ic_test_key (GDK_KEY_F6, 0);
  ic_test_key (GDK_KEY_n, 0);
  ic_test_type ("only eu-west-1, writes");
  ic_test_key (GDK_KEY_Return, 0);
  step_done (done, "first check answered", &started, user_data);

  /* Back to the step, and its end: on to the hypotheses. */
  ic_test_key (GDK_KEY_1, GDK_ALT_MASK);
  ic_test_key (GDK_KEY_Return, GDK_CONTROL_MASK);
  step_done (done, "structure done (Ctrl+Enter)", &started, user_data);

  /* Three hypotheses, ranked by likelihood, the third a wild card. */
  for (guint i = 0; i < G_N_ELEMENTS (ic_first_minutes_hypotheses); i++)
    {
      ic_test_type (ic_first_minutes_hypotheses[i]);
      ic_test_key (GDK_KEY_1 + i, GDK_CONTROL_MASK);
      ic_test_key (GDK_KEY_Return, 0);
      step_done (done, i == 2 ? "wild card" : "hypothesis", &started, user_data);
    }
}
