/* ic-postmortem.h — the postmortem of an incident: sections, 5 whys, action items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

typedef enum
{
  IC_POSTMORTEM_SUMMARY,
  IC_POSTMORTEM_IMPACT,
  IC_POSTMORTEM_ROOT_CAUSE,
  IC_POSTMORTEM_DETECTION_GAP,
  IC_POSTMORTEM_DEBUGGING_GAP,
  IC_POSTMORTEM_WENT_WELL,
  IC_POSTMORTEM_WENT_WRONG,
  IC_POSTMORTEM_LUCKY,
  IC_POSTMORTEM_LESSONS,
  IC_POSTMORTEM_N_SECTIONS
} IcPostmortemSection;

typedef enum
{
  IC_ACTION_ITEM_MONITORING,
  IC_ACTION_ITEM_PROCESS,
  IC_ACTION_ITEM_CODE,
  IC_ACTION_ITEM_OTHER,
} IcActionItemKind;

/* The number of whys a new postmortem starts with. */
#define IC_POSTMORTEM_DEFAULT_WHYS 5

typedef struct
{
  gint64  id;
  int     position;    /* 1-based, the chain's order */
  char   *question;
  char   *answer;
} IcWhy;

typedef struct
{
  gint64            id;
  char             *text;
  char             *owner;
  char             *due_date;  /* YYYY-MM-DD, or NULL */
  IcActionItemKind  kind;
  gboolean          done;
  gint64            created_at;
} IcActionItem;

#define IC_TYPE_WHY (ic_why_get_type ())
#define IC_TYPE_ACTION_ITEM (ic_action_item_get_type ())

GType         ic_why_get_type                    (void) G_GNUC_CONST;
IcWhy        *ic_why_copy                        (const IcWhy        *why);
void          ic_why_free                        (IcWhy              *why);
GType         ic_action_item_get_type            (void) G_GNUC_CONST;
IcActionItem *ic_action_item_copy                (const IcActionItem *item);
void          ic_action_item_free                (IcActionItem       *item);

const char   *ic_postmortem_section_to_string    (IcPostmortemSection section);
const char   *ic_postmortem_section_get_title    (IcPostmortemSection section);
const char   *ic_action_item_kind_to_string      (IcActionItemKind    kind);
gboolean      ic_action_item_kind_from_string    (const char         *str,
                                                  IcActionItemKind   *kind);
const char   *ic_action_item_kind_get_label      (IcActionItemKind    kind);

char         *ic_postmortem_dup_impact_draft     (IcIncident         *incident);
char         *ic_postmortem_dup_first_why        (IcIncident         *incident);
char         *ic_postmortem_suggest_signal       (const char         *detection_gap,
                                                  const char         *debugging_gap,
                                                  GPtrArray          *whys);

gboolean      ic_store_ensure_postmortem         (IcStore            *self,
                                                  IcIncident         *incident,
                                                  GError            **error);
gboolean      ic_store_has_postmortem            (IcStore            *self,
                                                  IcIncident         *incident);
char         *ic_store_dup_postmortem_section    (IcStore            *self,
                                                  IcIncident         *incident,
                                                  IcPostmortemSection section);
gboolean      ic_store_set_postmortem_section    (IcStore            *self,
                                                  IcIncident         *incident,
                                                  IcPostmortemSection section,
                                                  const char         *text,
                                                  GError            **error);

GPtrArray    *ic_store_list_whys                 (IcStore            *self,
                                                  IcIncident         *incident);
gint64        ic_store_add_why                   (IcStore            *self,
                                                  IcIncident         *incident,
                                                  const char         *question,
                                                  const char         *answer,
                                                  GError            **error);
gboolean      ic_store_update_why                (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              why_id,
                                                  const char         *question,
                                                  const char         *answer,
                                                  GError            **error);
gboolean      ic_store_move_why                  (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              why_id,
                                                  int                 position,
                                                  GError            **error);
gboolean      ic_store_delete_why                (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              why_id,
                                                  GError            **error);

GPtrArray    *ic_store_list_action_items         (IcStore            *self,
                                                  IcIncident         *incident);
gint64        ic_store_add_action_item           (IcStore            *self,
                                                  IcIncident         *incident,
                                                  const IcActionItem *item,
                                                  GError            **error);
gboolean      ic_store_update_action_item        (IcStore            *self,
                                                  IcIncident         *incident,
                                                  const IcActionItem *item,
                                                  GError            **error);
gboolean      ic_store_delete_action_item        (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              item_id,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcWhy, ic_why_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcActionItem, ic_action_item_free)

G_END_DECLS
