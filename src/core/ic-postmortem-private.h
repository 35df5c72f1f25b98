/* ic-postmortem-private.h — how the store keeps whys and action items in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-action-item.h"
#include "ic-why.h"

G_BEGIN_DECLS

void          _ic_why_update         (IcWhy                    *self,
                                      int                       position,
                                      const char               *question,
                                      const char               *answer);
IcActionItem *_ic_action_item_new    (gint64                    id,
                                      const IcActionItemFields *fields,
                                      gint64                    created_at);
void          _ic_action_item_update (IcActionItem             *self,
                                      const IcActionItemFields *fields);

G_END_DECLS
