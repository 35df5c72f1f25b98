/* ic-hypothesis-board.h — three ranked hypotheses, one a wild card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-store.h"
#include "ic-suggestions.h"

G_BEGIN_DECLS

#define IC_TYPE_HYPOTHESIS_BOARD (ic_hypothesis_board_get_type ())

G_DECLARE_FINAL_TYPE (IcHypothesisBoard, ic_hypothesis_board, IC, HYPOTHESIS_BOARD, GtkWidget)

GtkWidget *ic_hypothesis_board_new                (IcStore           *store);
void       ic_hypothesis_board_set_incident       (IcHypothesisBoard *self,
                                                   IcIncident        *incident);
gboolean   ic_hypothesis_board_get_ready          (IcHypothesisBoard *self);
GListModel *ic_hypothesis_board_get_suggestions   (IcHypothesisBoard *self);
GtkWindow *ic_hypothesis_board_get_confirm_dialog (IcHypothesisBoard *self);
void       ic_hypothesis_board_focus_new          (IcHypothesisBoard *self);
const char *ic_hypothesis_board_get_error_text    (IcHypothesisBoard *self);

GListModel  *ic_hypothesis_board_get_seen_before (IcHypothesisBoard *self);

G_END_DECLS
