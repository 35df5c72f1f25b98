/* ic-drill-reminder.c — when to remind that the last drill is long ago
 *
 * The muscle memory fades: a drill a quarter keeps it. The rule is pure
 * (tested from a table); the app reads the state from its settings and the
 * store and sends the notification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-drill-reminder.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/**
 * ic_drill_reminder_is_due:
 *
 * Returns: whether to remind now: reminders are on, @interval_days have
 *   passed since the last drill (or, with none yet, since the app first
 *   looked), and no reminder was given in the last
 *   %IC_DRILL_REMINDER_AGAIN_DAYS days
 */
gboolean
ic_drill_reminder_is_due (const IcDrillReminderState *state,
                          gint64                      now)
{
  gint64 from;

  g_return_val_if_fail (state != NULL, FALSE);

  if (!state->enabled || state->interval_days == 0)
    return FALSE;
  from = state->last_drill_at != 0 ? state->last_drill_at : state->since;
  if (from == 0 || now - from < (gint64) state->interval_days * DAY_US)
    return FALSE;
  return state->reminded_at == 0 || state->reminded_at < from
         || now - state->reminded_at >= IC_DRILL_REMINDER_AGAIN_DAYS * DAY_US;
}

/**
 * ic_drill_reminder_days_since:
 *
 * Returns: whole days from @then to @now (0 when @now is earlier)
 */
guint
ic_drill_reminder_days_since (gint64 then,
                              gint64 now)
{
  return now > then ? (guint) MIN ((now - then) / DAY_US, G_MAXUINT) : 0;
}
