/* ic-breathing.c — the guided pause: where in the breaths are we?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-breathing"

#include "config.h"

#include <math.h>

#include "ic-breathing.h"

/**
 * ic_breathing_get_total:
 *
 * Returns: the length of the whole pause, µs
 */
gint64
ic_breathing_get_total (guint in_seconds,
                        guint out_seconds,
                        guint count)
{
  return (gint64) (in_seconds + out_seconds) * count * G_USEC_PER_SEC;
}

/**
 * ic_breathing_get_state:
 * @elapsed_us: time since the pause began (negative counts as 0)
 * @in_seconds: length of one breath in (≥ 1)
 * @out_seconds: length of one breath out (≥ 1)
 * @count: number of breaths (≥ 1)
 * @state: (out caller-allocates): where we are
 *
 * A pure function of elapsed time, so the guide can be driven by any
 * clock, including a manual one in tests.
 */
void
ic_breathing_get_state (gint64         elapsed_us,
                        guint          in_seconds,
                        guint          out_seconds,
                        guint          count,
                        IcBreathState *state)
{
  gint64 in_us, out_us, cycle_us, total_us, into_cycle;

  g_return_if_fail (state != NULL);
  g_return_if_fail (in_seconds > 0 && out_seconds > 0 && count > 0);

  in_us = (gint64) in_seconds * G_USEC_PER_SEC;
  out_us = (gint64) out_seconds * G_USEC_PER_SEC;
  cycle_us = in_us + out_us;
  total_us = cycle_us * count;
  elapsed_us = MAX (elapsed_us, 0);

  if (elapsed_us >= total_us)
    {
      state->phase = IC_BREATH_PHASE_DONE;
      state->breath = count;
      state->progress = 1.0;
      state->phase_left_us = 0;
      state->total_left_us = 0;
      return;
    }
  state->breath = (guint) (elapsed_us / cycle_us) + 1;
  into_cycle = elapsed_us % cycle_us;
  state->total_left_us = total_us - elapsed_us;
  if (into_cycle < in_us)
    {
      state->phase = IC_BREATH_PHASE_IN;
      state->progress = (double) into_cycle / (double) in_us;
      state->phase_left_us = in_us - into_cycle;
    }
  else
    {
      state->phase = IC_BREATH_PHASE_OUT;
      state->progress = (double) (into_cycle - in_us) / (double) out_us;
      state->phase_left_us = cycle_us - into_cycle;
    }
}

/**
 * ic_breathing_get_radius:
 *
 * Returns: the guide circle's size in 0.35 … 1 — growing while breathing
 *   in, shrinking while breathing out, eased so it feels like a breath
 */
double
ic_breathing_get_radius (const IcBreathState *state)
{
  const double small = 0.35;
  double eased;

  g_return_val_if_fail (state != NULL, small);

  /* Sine easing: slow at the turns, as real breathing is. */
  eased = (1.0 - cos (G_PI * CLAMP (state->progress, 0.0, 1.0))) / 2.0;
  switch (state->phase)
    {
    case IC_BREATH_PHASE_IN:
      return small + (1.0 - small) * eased;
    case IC_BREATH_PHASE_OUT:
      return 1.0 - (1.0 - small) * eased;
    case IC_BREATH_PHASE_DONE:
    default:
      return small;
    }
}
