/* ic-decision-check-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-decision-check.h"

G_BEGIN_DECLS

IcDecisionCheck *_ic_decision_check_new (gint64         incident_id,
                                         int            step,
                                         IcCheckAnswer  answer,
                                         const char    *note,
                                         gint64         answered_at);
void             _ic_decision_check_set (IcDecisionCheck *self,
                                         IcCheckAnswer    answer,
                                         const char      *note,
                                         gint64           answered_at);

G_END_DECLS
