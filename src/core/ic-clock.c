/* ic-clock.c — the one source of time for every timer (DESIGN.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-clock"

#include "config.h"

#include "ic-clock.h"

struct _IcClock
{
  GObject parent_instance;

  gboolean manual;
  /* Manual clocks only: the current wall-clock and monotonic readings. */
  gint64   now;
  gint64   monotonic;
  GList   *deadlines;   /* Deadline*, manual clocks only */
  guint    next_id;
};

typedef struct
{
  guint       id;
  gint64      when;
  GSourceFunc callback;
  gpointer    user_data;
} Deadline;

enum {
  ADVANCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcClock, ic_clock, G_TYPE_OBJECT)

static void
ic_clock_finalize (GObject *object)
{
  IcClock *self = IC_CLOCK (object);

  g_list_free_full (self->deadlines, g_free);

  G_OBJECT_CLASS (ic_clock_parent_class)->finalize (object);
}

static void
ic_clock_class_init (IcClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_clock_finalize;

  /**
   * IcClock::advanced:
   * @clock: the manual clock
   * @delta: how far it moved, in microseconds
   *
   * Emitted by manual clocks after ic_clock_advance(), so anything showing
   * time can refresh without waiting for its next tick.
   */
  signals[ADVANCED] =
    g_signal_new ("advanced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
ic_clock_init (IcClock *self)
{
}

/**
 * ic_clock_new_system:
 *
 * Returns: (transfer full): a clock that reads the real time
 */
IcClock *
ic_clock_new_system (void)
{
  return g_object_new (IC_TYPE_CLOCK, NULL);
}

/**
 * ic_clock_new_manual:
 * @start_utc_us: the initial wall-clock time, µs since the epoch
 *
 * Returns: (transfer full): a clock that only moves when told to
 */
IcClock *
ic_clock_new_manual (gint64 start_utc_us)
{
  IcClock *self = g_object_new (IC_TYPE_CLOCK, NULL);

  self->manual = TRUE;
  self->now = start_utc_us;
  self->monotonic = 1;
  return self;
}

gboolean
ic_clock_get_is_manual (IcClock *self)
{
  g_return_val_if_fail (IC_IS_CLOCK (self), FALSE);
  return self->manual;
}

/**
 * ic_clock_get_now:
 *
 * Returns: wall-clock time, µs since the Unix epoch (UTC)
 */
gint64
ic_clock_get_now (IcClock *self)
{
  g_return_val_if_fail (IC_IS_CLOCK (self), 0);
  return self->manual ? self->now : g_get_real_time ();
}

/**
 * ic_clock_get_monotonic:
 *
 * Returns: a monotonic reading in µs, for countdowns while running
 */
gint64
ic_clock_get_monotonic (IcClock *self)
{
  g_return_val_if_fail (IC_IS_CLOCK (self), 0);
  return self->manual ? self->monotonic : g_get_monotonic_time ();
}

/**
 * ic_clock_advance:
 * @delta_us: microseconds to move forward (≥ 0)
 *
 * Moves a manual clock forward and emits #IcClock::advanced.
 */
void
ic_clock_advance (IcClock *self,
                  gint64   delta_us)
{
  g_return_if_fail (IC_IS_CLOCK (self));
  g_return_if_fail (self->manual);
  g_return_if_fail (delta_us >= 0);

  self->now += delta_us;
  self->monotonic += delta_us;
  /* Deadlines that came due fire in time order, each once. */
  for (;;)
    {
      Deadline *due = NULL;

      for (GList *l = self->deadlines; l != NULL; l = l->next)
        {
          Deadline *d = l->data;

          if (d->when <= self->now && (due == NULL || d->when < due->when))
            due = d;
        }
      if (due == NULL)
        break;
      self->deadlines = g_list_remove (self->deadlines, due);
      due->callback (due->user_data);
      g_free (due);
    }
  g_signal_emit (self, signals[ADVANCED], 0, delta_us);
}

/**
 * ic_clock_add_deadline:
 * @deadline_utc_us: when, wall-clock µs
 * @callback: called once when the deadline passes (its return value is
 *   ignored)
 *
 * A one-shot timer on this clock: a main-loop timeout for the system
 * clock (with millisecond precision, never _seconds), and fired by
 * ic_clock_advance() for a manual one. A deadline already past fires
 * from the main loop at once.
 *
 * Returns: an id for ic_clock_remove_deadline()
 */
guint
ic_clock_add_deadline (IcClock     *self,
                       gint64       deadline_utc_us,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  Deadline *deadline;
  gint64 delay_ms;

  g_return_val_if_fail (IC_IS_CLOCK (self), 0);
  g_return_val_if_fail (callback != NULL, 0);

  if (!self->manual)
    {
      delay_ms = MAX (deadline_utc_us - g_get_real_time (), 0) / 1000;
      return g_timeout_add ((guint) MIN (delay_ms, G_MAXUINT), callback, user_data);
    }
  if (deadline_utc_us <= self->now)
    return g_idle_add (callback, user_data) | 0x80000000u;
  deadline = g_new0 (Deadline, 1);
  deadline->id = ++self->next_id;
  deadline->when = deadline_utc_us;
  deadline->callback = callback;
  deadline->user_data = user_data;
  self->deadlines = g_list_prepend (self->deadlines, deadline);
  return deadline->id;
}

void
ic_clock_remove_deadline (IcClock *self,
                          guint    id)
{
  g_return_if_fail (IC_IS_CLOCK (self));

  if (id == 0)
    return;
  if (!self->manual)
    {
      g_source_remove (id);
      return;
    }
  if (id & 0x80000000u)
    {
      g_source_remove (id & 0x7fffffffu);
      return;
    }
  for (GList *l = self->deadlines; l != NULL; l = l->next)
    {
      Deadline *d = l->data;

      if (d->id == id)
        {
          self->deadlines = g_list_delete_link (self->deadlines, l);
          g_free (d);
          return;
        }
    }
}

/**
 * ic_format_elapsed:
 * @elapsed_us: a duration; negative durations are shown as 0:00
 *
 * Returns: (transfer full): "m:ss" below an hour, "h:mm:ss" above, and
 *   "Nd h:mm:ss" past a day
 */
char *
ic_format_elapsed (gint64 elapsed_us)
{
  gint64 total = MAX (elapsed_us, 0) / G_USEC_PER_SEC;
  gint64 days = total / 86400;
  gint64 hours = (total % 86400) / 3600;
  gint64 minutes = (total % 3600) / 60;
  gint64 seconds = total % 60;

  if (days > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d %" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT
                            ":%02" G_GINT64_FORMAT, days, hours, minutes, seconds);
  if (hours > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                            hours, minutes, seconds);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, minutes, seconds);
}
