/* ic-decision-check.h — one of the four decision-tree questions, answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_DECISION_CHECK_N_STEPS 4

#define IC_TYPE_DECISION_CHECK (ic_decision_check_get_type ())

G_DECLARE_FINAL_TYPE (IcDecisionCheck, ic_decision_check, IC, DECISION_CHECK, GObject)

gint64         ic_decision_check_get_incident_id (IcDecisionCheck *self);
int            ic_decision_check_get_step        (IcDecisionCheck *self);
IcCheckAnswer  ic_decision_check_get_answer      (IcDecisionCheck *self);
const char    *ic_decision_check_get_note        (IcDecisionCheck *self);
gint64         ic_decision_check_get_answered_at (IcDecisionCheck *self);
gboolean       ic_decision_check_get_is_answered (IcDecisionCheck *self);

const char    *ic_decision_check_get_question    (int              step);
const char    *ic_decision_check_get_hint        (int              step);

G_END_DECLS
