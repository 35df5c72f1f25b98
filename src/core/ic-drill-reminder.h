/* ic-drill-reminder.h — when to remind that the last drill is long ago
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A reminder dismissed comes back after this long, not at every start. */
#define IC_DRILL_REMINDER_AGAIN_DAYS 7

/**
 * IcDrillReminderState:
 *
 * What the reminder rule looks at; times in microseconds since the epoch,
 * 0 for never.
 */
typedef struct
{
  gboolean enabled;        /* the off switch */
  guint    interval_days;  /* a drill this often (a quarter: 91) */
  gint64   last_drill_at;  /* the latest drill's start */
  gint64   since;          /* when the app first looked: the clock for someone who never drilled */
  gint64   reminded_at;    /* the last reminder */
} IcDrillReminderState;

gboolean ic_drill_reminder_is_due      (const IcDrillReminderState *state,
                                        gint64                      now);
guint    ic_drill_reminder_days_since  (gint64                      then,
                                        gint64                      now);

G_END_DECLS
