/* test-breathing.c — the guided pause as a function of time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-breathing.h"

#define S(n) ((gint64) ((n) * G_USEC_PER_SEC))

static void
test_default_rhythm (void)
{
  struct {
    double seconds; IcBreathPhase phase; guint breath; double progress; double left;
  } cases[] = {
    { -1, IC_BREATH_PHASE_IN, 1, 0.0, 4 },
    { 0, IC_BREATH_PHASE_IN, 1, 0.0, 4 },
    { 2, IC_BREATH_PHASE_IN, 1, 0.5, 2 },
    { 4, IC_BREATH_PHASE_OUT, 1, 0.0, 6 },
    { 7, IC_BREATH_PHASE_OUT, 1, 0.5, 3 },
    { 10, IC_BREATH_PHASE_IN, 2, 0.0, 4 },
    { 29.5, IC_BREATH_PHASE_OUT, 3, 5.5 / 6.0, 0.5 },
    { 30, IC_BREATH_PHASE_DONE, 3, 1.0, 0 },
    { 300, IC_BREATH_PHASE_DONE, 3, 1.0, 0 },
  };

  g_assert_cmpint (ic_breathing_get_total (4, 6, 3), ==, S (30));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IcBreathState state;

      ic_breathing_get_state (S (cases[i].seconds), 4, 6, 3, &state);
      g_test_message ("t = %.1f s", cases[i].seconds);
      g_assert_cmpint (state.phase, ==, cases[i].phase);
      g_assert_cmpuint (state.breath, ==, cases[i].breath);
      g_assert_cmpfloat_with_epsilon (state.progress, cases[i].progress, 1e-9);
      g_assert_cmpint (state.phase_left_us, ==, S (cases[i].left));
    }
}

static void
test_total_left (void)
{
  IcBreathState state;

  ic_breathing_get_state (S (12), 5, 5, 2, &state);
  g_assert_cmpint (state.total_left_us, ==, S (8));
  g_assert_cmpuint (state.breath, ==, 2);
}

static void
test_radius (void)
{
  IcBreathState state;
  double start, middle, top, end;

  ic_breathing_get_state (0, 4, 6, 3, &state);
  start = ic_breathing_get_radius (&state);
  ic_breathing_get_state (S (2), 4, 6, 3, &state);
  middle = ic_breathing_get_radius (&state);
  ic_breathing_get_state (S (4), 4, 6, 3, &state);
  top = ic_breathing_get_radius (&state);
  ic_breathing_get_state (S (30), 4, 6, 3, &state);
  end = ic_breathing_get_radius (&state);

  g_assert_cmpfloat_with_epsilon (start, 0.35, 1e-9);
  g_assert_cmpfloat (middle, >, start);
  g_assert_cmpfloat (middle, <, top);
  g_assert_cmpfloat_with_epsilon (top, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (end, 0.35, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/breathing/default-rhythm", test_default_rhythm);
  g_test_add_func ("/ic/breathing/total-left", test_total_left);
  g_test_add_func ("/ic/breathing/radius", test_radius);

  return g_test_run ();
}
