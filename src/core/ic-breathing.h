/* ic-breathing.h — the guided pause: where in the breaths are we?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  IC_BREATH_PHASE_IN,
  IC_BREATH_PHASE_OUT,
  IC_BREATH_PHASE_DONE,
} IcBreathPhase;

typedef struct
{
  IcBreathPhase phase;
  guint         breath;          /* 1-based; count once done */
  double        progress;        /* 0 … 1 within the phase */
  gint64        phase_left_us;   /* time left in this phase */
  gint64        total_left_us;   /* time left in the whole pause */
} IcBreathState;

gint64 ic_breathing_get_total     (guint          in_seconds,
                                   guint          out_seconds,
                                   guint          count);
void   ic_breathing_get_state     (gint64         elapsed_us,
                                   guint          in_seconds,
                                   guint          out_seconds,
                                   guint          count,
                                   IcBreathState *state);
double ic_breathing_get_radius    (const IcBreathState *state);

G_END_DECLS
