/* ic-rollback-timer.h — the two-minute rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

typedef enum
{
  IC_ROLLBACK_TIMER_IDLE,      /* not started yet */
  IC_ROLLBACK_TIMER_RUNNING,
  IC_ROLLBACK_TIMER_EXPIRED,   /* waiting for the decision */
  IC_ROLLBACK_TIMER_STOPPED,   /* a clear hypothesis was confirmed */
  IC_ROLLBACK_TIMER_DECIDED,   /* rolled back, or debugging goes on by choice */
} IcRollbackTimerState;

typedef enum
{
  IC_ROLLBACK_DECISION_ROLL_BACK,
  IC_ROLLBACK_DECISION_EXTEND,
  IC_ROLLBACK_DECISION_KEEP_DEBUGGING,
} IcRollbackDecision;

#define IC_TYPE_ROLLBACK_TIMER (ic_rollback_timer_get_type ())

G_DECLARE_FINAL_TYPE (IcRollbackTimer, ic_rollback_timer, IC, ROLLBACK_TIMER, GObject)

IcRollbackTimer     *ic_rollback_timer_new           (IcStore            *store,
                                                      IcIncident         *incident,
                                                      gint64              length_us);
IcRollbackTimerState ic_rollback_timer_get_state     (IcRollbackTimer    *self);
gint64               ic_rollback_timer_get_deadline  (IcRollbackTimer    *self);
gint64               ic_rollback_timer_get_length    (IcRollbackTimer    *self);
gint64               ic_rollback_timer_get_remaining (IcRollbackTimer    *self);
void                 ic_rollback_timer_start         (IcRollbackTimer    *self);
gboolean             ic_rollback_timer_decide        (IcRollbackTimer    *self,
                                                      IcRollbackDecision  decision,
                                                      const char         *reason,
                                                      GError            **error);

G_END_DECLS
