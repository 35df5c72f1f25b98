/* ic-drill-debrief.h — how a drill went, measured against its scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-scenario.h"
#include "ic-store.h"

G_BEGIN_DECLS

/**
 * IcDrillPause:
 *
 * One pause of a drill: its clock stood still from @paused_at until
 * @resumed_at (0 while it is still paused).
 */
typedef struct
{
  gint64 paused_at;
  gint64 resumed_at;
} IcDrillPause;

/**
 * IcDrillFacts:
 *
 * What happened in one run, read from the store; times in microseconds
 * since the epoch, 0 when it did not happen.
 */
typedef struct
{
  gint64    incident_id;
  char     *scenario_id;
  gint64    started_at;
  gint64    ended_at;
  gboolean  abandoned;
  gint64    fixed_at;                 /* the culprit rolled back */
  gint64    structure_completed_at;
  gint64    third_hypothesis_at;      /* when the third hypothesis was written */
  gboolean  wild_card_in_three;       /* one of the first three is a wild card */
  GStrv     hypotheses;               /* their texts, by rank */
  gint64    first_evidence_at;
  gint64    rollback_deadline;        /* the two-minute rule's, if it ran */
  gint64    first_rollback_at;
  char     *first_rollback;           /* (nullable): what was rolled back first */
  gboolean  first_rollback_is_culprit;
  gint64    first_status_update_at;
  char     *detection_gap;            /* the postmortem's, "" when none */
  GArray   *pauses;                   /* (element-type IcDrillPause) (nullable): in order */
} IcDrillFacts;

typedef enum
{
  IC_DEBRIEF_STRUCTURE,
  IC_DEBRIEF_HYPOTHESES,
  IC_DEBRIEF_TRUE_CAUSE,
  IC_DEBRIEF_EVIDENCE,
  IC_DEBRIEF_ROLLBACK,
  IC_DEBRIEF_STATUS_UPDATE,
  IC_DEBRIEF_DETECTION_GAP,
  IC_DEBRIEF_N_ITEMS,
} IcDebriefItemKind;

typedef struct
{
  IcDebriefItemKind kind;
  gboolean          met;
  char             *text;   /* in words, e.g. "Three hypotheses in 1:40 — one was a wild card." */
} IcDebriefItem;

typedef struct
{
  GPtrArray *items;             /* (element-type IcDebriefItem): IC_DEBRIEF_N_ITEMS, in order */
  guint      score;             /* items met */
  gint64     to_three_hypotheses; /* µs from the start, -1 when not reached */
  gint64     to_mitigation;       /* µs from the start to the fix, -1 when not fixed */
  char      *outcome;           /* e.g. "Resolved in 6:12." */
} IcDrillDebrief;

IcDrillFacts   *ic_store_get_drill_facts  (IcStore             *store,
                                           gint64               incident_id,
                                           GError             **error);
void            ic_drill_facts_free       (IcDrillFacts        *facts);
gint64          ic_drill_facts_active_time (const IcDrillFacts *facts,
                                           gint64               at);

IcDrillDebrief *ic_drill_debrief_new      (const IcDrillFacts  *facts,
                                           const IcScenario    *scenario);
void            ic_drill_debrief_free     (IcDrillDebrief      *debrief);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcDrillFacts, ic_drill_facts_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcDrillDebrief, ic_drill_debrief_free)

G_END_DECLS
