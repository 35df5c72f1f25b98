/* ic-postmortem.h — the postmortem of an incident: sections, 5 whys, action items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-action-item.h"
#include "ic-store.h"
#include "ic-why.h"

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

/* The number of whys a new postmortem starts with. */
#define IC_POSTMORTEM_DEFAULT_WHYS 5

const char   *ic_postmortem_section_to_string    (IcPostmortemSection section);
const char   *ic_postmortem_section_get_title    (IcPostmortemSection section);

char         *ic_postmortem_dup_impact_draft     (IcIncident         *incident);
char         *ic_postmortem_dup_first_why        (IcIncident         *incident);
char         *ic_postmortem_suggest_signal       (const char         *detection_gap,
                                                  const char         *debugging_gap,
                                                  GListModel         *whys);

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

GListModel   *ic_store_get_whys                  (IcStore            *self,
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

GListModel   *ic_store_get_action_items          (IcStore            *self,
                                                  IcIncident         *incident);
gint64        ic_store_add_action_item           (IcStore            *self,
                                                  IcIncident         *incident,
                                                  const IcActionItemFields *fields,
                                                  GError            **error);
gboolean      ic_store_update_action_item        (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              item_id,
                                                  const IcActionItemFields *fields,
                                                  GError            **error);
gboolean      ic_store_delete_action_item        (IcStore            *self,
                                                  IcIncident         *incident,
                                                  gint64              item_id,
                                                  GError            **error);

G_END_DECLS
