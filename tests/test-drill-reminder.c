/* test-drill-reminder.c — a drill a quarter: when the reminder is due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-drill-reminder.h"

#define DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define NOW (G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC)

typedef struct
{
  const char           *what;
  IcDrillReminderState  state;
  gboolean              due;
} Case;

/* Every way the rule can answer, with the day either side of each limit. */
static void
test_due (void)
{
  static const Case cases[] = {
    { "a drill 90 days ago, quarterly", { TRUE, 91, NOW - 90 * DAY, NOW - 400 * DAY, 0 }, FALSE },
    { "a drill 91 days ago, quarterly", { TRUE, 91, NOW - 91 * DAY, NOW - 400 * DAY, 0 }, TRUE },
    { "switched off", { FALSE, 91, NOW - 200 * DAY, NOW - 400 * DAY, 0 }, FALSE },
    { "an interval of 0 days", { TRUE, 0, NOW - 200 * DAY, NOW - 400 * DAY, 0 }, FALSE },
    { "monthly, a drill 31 days ago", { TRUE, 30, NOW - 31 * DAY, NOW - 400 * DAY, 0 }, TRUE },
    /* Never drilled: counted from the first look, not from the epoch. */
    { "never drilled, first look today", { TRUE, 91, 0, NOW, 0 }, FALSE },
    { "never drilled, first look 92 days ago", { TRUE, 91, 0, NOW - 92 * DAY, 0 }, TRUE },
    { "never drilled, never looked", { TRUE, 91, 0, 0, 0 }, FALSE },
    /* Dismissed: back after a week, not at every start. */
    { "reminded 6 days ago", { TRUE, 91, NOW - 120 * DAY, NOW - 400 * DAY, NOW - 6 * DAY }, FALSE },
    { "reminded 7 days ago", { TRUE, 91, NOW - 120 * DAY, NOW - 400 * DAY, NOW - 7 * DAY }, TRUE },
    /* A reminder from before the last drill does not count. */
    { "reminded before the last drill", { TRUE, 7, NOW - 8 * DAY, NOW - 400 * DAY, NOW - 9 * DAY },
      TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].what);
      g_assert_cmpint (ic_drill_reminder_is_due (&cases[i].state, NOW), ==, cases[i].due);
    }
}

static void
test_days_since (void)
{
  g_assert_cmpuint (ic_drill_reminder_days_since (NOW - 94 * DAY - 1, NOW), ==, 94);
  g_assert_cmpuint (ic_drill_reminder_days_since (NOW - DAY + 1, NOW), ==, 0);
  g_assert_cmpuint (ic_drill_reminder_days_since (NOW + DAY, NOW), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ic/drill-reminder/due", test_due);
  g_test_add_func ("/ic/drill-reminder/days-since", test_days_since);
  return g_test_run ();
}
