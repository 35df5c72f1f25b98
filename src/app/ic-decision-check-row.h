/* ic-decision-check-row.h — one check of the decision tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-decision-check.h"

G_BEGIN_DECLS

#define IC_TYPE_DECISION_CHECK_ROW (ic_decision_check_row_get_type ())

G_DECLARE_FINAL_TYPE (IcDecisionCheckRow, ic_decision_check_row, IC, DECISION_CHECK_ROW,
                      GtkWidget)

GtkWidget       *ic_decision_check_row_new           (int                 step);
int              ic_decision_check_row_get_step      (IcDecisionCheckRow *self);
IcDecisionCheck *ic_decision_check_row_get_check     (IcDecisionCheckRow *self);
gboolean         ic_decision_check_row_get_is_next   (IcDecisionCheckRow *self);
void             ic_decision_check_row_show          (IcDecisionCheckRow *self,
                                                      IcDecisionCheck    *check,
                                                      gboolean            is_next,
                                                      gint64              now);

void                ic_decision_check_row_focus_answer (IcDecisionCheckRow *self);

G_END_DECLS
