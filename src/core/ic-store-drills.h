/* ic-store-drills.h — drills: incidents that replay a scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-scenario.h"
#include "ic-store.h"

G_BEGIN_DECLS

/**
 * IcDrillRecord:
 *
 * A drill as the store keeps it; times in microseconds, 0 when unset.
 */
typedef struct
{
  gint64  incident_id;
  char   *scenario_id;
  char   *scenario;           /* the scenario file's text */
  gint64  started_at;
  gint64  culprit_change_id;  /* 0 when the change row is gone */
  gint64  fixed_at;
  gint64  paused_at;
  gint64  paused_us;
  gint64  ended_at;
  gboolean abandoned;
} IcDrillRecord;

/* The spec of a drill's scripted probe @index: its samples come from the
 * scenario, never from the network. */
#define IC_DRILL_PROBE_SCHEME "replay"

IcIncident    *ic_store_start_drill         (IcStore           *self,
                                             const IcScenario  *scenario,
                                             const char        *scenario_text,
                                             GError           **error);
IcDrillRecord *ic_store_get_drill           (IcStore           *self,
                                             gint64             incident_id,
                                             GError           **error);
gboolean       ic_store_get_last_drill_time (IcStore           *self,
                                             gint64            *started_at,
                                             GError           **error);
GPtrArray     *ic_store_list_drills         (IcStore           *self,
                                             const char        *scenario_id,
                                             GError           **error);
gboolean       ic_store_set_drill_fixed     (IcStore           *self,
                                             gint64             incident_id,
                                             gint64             fixed_at,
                                             GError           **error);
gboolean       ic_store_set_drill_paused    (IcStore           *self,
                                             gint64             incident_id,
                                             gboolean           paused,
                                             GError           **error);
gboolean       ic_store_end_drill           (IcStore           *self,
                                             gint64             incident_id,
                                             gboolean           abandoned,
                                             GError           **error);

char          *ic_drill_probe_dup_target    (const char          *spec);
gint64         ic_drill_record_get_elapsed  (const IcDrillRecord *record,
                                             gint64               now);
void           ic_drill_record_free         (IcDrillRecord     *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcDrillRecord, ic_drill_record_free)

G_END_DECLS
