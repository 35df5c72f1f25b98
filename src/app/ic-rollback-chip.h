/* ic-rollback-chip.h — the two-minute countdown in the incident header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-rollback-timer.h"

G_BEGIN_DECLS

#define IC_TYPE_ROLLBACK_CHIP (ic_rollback_chip_get_type ())

G_DECLARE_FINAL_TYPE (IcRollbackChip, ic_rollback_chip, IC, ROLLBACK_CHIP, GtkWidget)

GtkWidget  *ic_rollback_chip_new       (void);
void        ic_rollback_chip_set_timer (IcRollbackChip  *self,
                                        IcRollbackTimer *timer,
                                        IcClock         *clock);
const char *ic_rollback_chip_get_text  (IcRollbackChip  *self);

G_END_DECLS
