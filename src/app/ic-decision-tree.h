/* ic-decision-tree.h — the four checks, in order, beside the incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_DECISION_TREE (ic_decision_tree_get_type ())

G_DECLARE_FINAL_TYPE (IcDecisionTree, ic_decision_tree, IC, DECISION_TREE, GtkWidget)

GtkWidget *ic_decision_tree_new           (IcStore        *store);
void       ic_decision_tree_set_incident  (IcDecisionTree *self,
                                           IcIncident     *incident);
int        ic_decision_tree_get_next_step (IcDecisionTree *self);

void            ic_decision_tree_focus_next     (IcDecisionTree *self);

G_END_DECLS
