/* ic-action-item.h — what a postmortem commits to, with an owner and a due date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  IC_ACTION_ITEM_MONITORING,
  IC_ACTION_ITEM_PROCESS,
  IC_ACTION_ITEM_CODE,
  IC_ACTION_ITEM_OTHER,
} IcActionItemKind;

/**
 * IcActionItemFields:
 * @text: what will be done
 * @owner: (nullable): who does it
 * @due_date: (nullable): YYYY-MM-DD; %NULL or empty for none
 * @kind: monitoring, process, code or other
 * @done: whether it has been done
 *
 * What the user writes of an action item: added or saved as one.
 */
typedef struct
{
  const char       *text;
  const char       *owner;
  const char       *due_date;
  IcActionItemKind  kind;
  gboolean          done;
} IcActionItemFields;

#define IC_TYPE_ACTION_ITEM (ic_action_item_get_type ())

G_DECLARE_FINAL_TYPE (IcActionItem, ic_action_item, IC, ACTION_ITEM, GObject)

gint64            ic_action_item_get_id          (IcActionItem       *self);
const char       *ic_action_item_get_text        (IcActionItem       *self);
const char       *ic_action_item_get_owner       (IcActionItem       *self);
const char       *ic_action_item_get_due_date    (IcActionItem       *self);
IcActionItemKind  ic_action_item_get_kind        (IcActionItem       *self);
gboolean          ic_action_item_get_done        (IcActionItem       *self);
gint64            ic_action_item_get_created_at  (IcActionItem       *self);

const char       *ic_action_item_kind_to_string  (IcActionItemKind    kind);
gboolean          ic_action_item_kind_from_string (const char        *str,
                                                   IcActionItemKind  *kind);
const char       *ic_action_item_kind_get_label  (IcActionItemKind    kind);

G_END_DECLS
