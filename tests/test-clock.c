/* test-clock.c — the injectable clock and elapsed-time formatting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-clock.h"

static void
test_new_destroy (void)
{
  IcClock *system = ic_clock_new_system ();
  IcClock *manual = ic_clock_new_manual (1000);

  g_assert_false (ic_clock_get_is_manual (system));
  g_assert_true (ic_clock_get_is_manual (manual));
  g_assert_finalize_object (system);
  g_assert_finalize_object (manual);
}

static void
advanced_cb (IcClock *clock,
             gint64   delta,
             gint64  *total)
{
  *total += delta;
}

static void
test_manual_advance (void)
{
  g_autoptr(IcClock) clock = ic_clock_new_manual (G_GINT64_CONSTANT (1764316800) * G_USEC_PER_SEC);
  gint64 mono0 = ic_clock_get_monotonic (clock);
  gint64 total = 0;

  g_signal_connect (clock, "advanced", G_CALLBACK (advanced_cb), &total);
  g_assert_cmpint (ic_clock_get_now (clock), ==, G_GINT64_CONSTANT (1764316800) * G_USEC_PER_SEC);
  ic_clock_advance (clock, 90 * G_USEC_PER_SEC);
  g_assert_cmpint (ic_clock_get_now (clock), ==, G_GINT64_CONSTANT (1764316890) * G_USEC_PER_SEC);
  g_assert_cmpint (ic_clock_get_monotonic (clock) - mono0, ==, 90 * G_USEC_PER_SEC);
  g_assert_cmpint (total, ==, 90 * G_USEC_PER_SEC);
  /* Nothing moves a manual clock but advance (). */
  g_assert_cmpint (ic_clock_get_now (clock), ==, G_GINT64_CONSTANT (1764316890) * G_USEC_PER_SEC);
}

static void
test_system_clock_is_real (void)
{
  g_autoptr(IcClock) clock = ic_clock_new_system ();
  gint64 before = g_get_real_time ();
  gint64 now = ic_clock_get_now (clock);
  gint64 after = g_get_real_time ();

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, after);
}

static gboolean
fired_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_REMOVE;
}

static void
test_manual_deadlines (void)
{
  g_autoptr(IcClock) clock = ic_clock_new_manual (G_GINT64_CONSTANT (1000000000));
  guint first = 0, second = 0, removed = 0;
  guint id;

  ic_clock_add_deadline (clock, G_GINT64_CONSTANT (1000000000) + 2000, fired_cb, &second);
  ic_clock_add_deadline (clock, G_GINT64_CONSTANT (1000000000) + 1000, fired_cb, &first);
  id = ic_clock_add_deadline (clock, G_GINT64_CONSTANT (1000000000) + 1500, fired_cb, &removed);
  ic_clock_remove_deadline (clock, id);
  ic_clock_advance (clock, 999);
  g_assert_cmpuint (first, ==, 0);
  ic_clock_advance (clock, 1);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (second, ==, 0);
  ic_clock_advance (clock, 5000);
  g_assert_cmpuint (second, ==, 1);
  g_assert_cmpuint (removed, ==, 0);
  ic_clock_advance (clock, 5000);
  g_assert_cmpuint (first, ==, 1);   /* each fires once */
}

static void
test_system_deadline (void)
{
  g_autoptr(IcClock) clock = ic_clock_new_system ();
  guint fired = 0;

  ic_clock_add_deadline (clock, g_get_real_time () + 20000, fired_cb, &fired);
  while (fired == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fired, ==, 1);
}

static void
test_format_elapsed (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { -5, "0:00" },
    { 0, "0:00" },
    { 9, "0:09" },
    { 125, "2:05" },
    { 3599, "59:59" },
    { 3600, "1:00:00" },
    { 3723, "1:02:03" },
    { 86400 + 61, "1d 0:01:01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ic_format_elapsed (cases[i].seconds * G_USEC_PER_SEC);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/clock/new-destroy", test_new_destroy);
  g_test_add_func ("/ic/clock/manual/advance", test_manual_advance);
  g_test_add_func ("/ic/clock/system/real-time", test_system_clock_is_real);
  g_test_add_func ("/ic/clock/format-elapsed", test_format_elapsed);
  g_test_add_func ("/ic/clock/manual/deadlines", test_manual_deadlines);
  g_test_add_func ("/ic/clock/system/deadline", test_system_deadline);

  return g_test_run ();
}
