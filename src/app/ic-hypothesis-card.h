/* ic-hypothesis-card.h — one ranked hypothesis on the board: its test
 * command, its evidence for and against, its status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-hypothesis.h"

G_BEGIN_DECLS

#define IC_TYPE_HYPOTHESIS_CARD (ic_hypothesis_card_get_type ())

G_DECLARE_FINAL_TYPE (IcHypothesisCard, ic_hypothesis_card, IC, HYPOTHESIS_CARD, GtkWidget)

GtkWidget    *ic_hypothesis_card_new                 (IcHypothesis     *hypothesis,
                                                      GListModel       *evidence);
IcHypothesis *ic_hypothesis_card_get_hypothesis      (IcHypothesisCard *self);
const char   *ic_hypothesis_card_get_command_text    (IcHypothesisCard *self);
const char   *ic_hypothesis_card_get_command_warning (IcHypothesisCard *self);
guint         ic_hypothesis_card_get_n_evidence      (IcHypothesisCard *self,
                                                      IcStance          stance);
char         *ic_hypothesis_card_dup_summary         (IcHypothesisCard *self);

G_END_DECLS
