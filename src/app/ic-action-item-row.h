/* ic-action-item-row.h — one action item of the postmortem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-action-item.h"

G_BEGIN_DECLS

#define IC_TYPE_ACTION_ITEM_ROW (ic_action_item_row_get_type ())

G_DECLARE_FINAL_TYPE (IcActionItemRow, ic_action_item_row, IC, ACTION_ITEM_ROW, AdwExpanderRow)

GtkWidget    *ic_action_item_row_new         (IcActionItem    *item);
IcActionItem *ic_action_item_row_get_item    (IcActionItemRow *self);
const char   *ic_action_item_row_get_error   (IcActionItemRow *self);
void          ic_action_item_row_set_error   (IcActionItemRow *self,
                                              const char      *message);
GtkStringList *ic_action_item_kinds_new      (void);

G_END_DECLS
