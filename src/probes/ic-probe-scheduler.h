/* ic-probe-scheduler.h — runs probes on their intervals, bounded and cancellable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_SCHEDULER (ic_probe_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeScheduler, ic_probe_scheduler, IC, PROBE_SCHEDULER, GObject)

IcProbeScheduler *ic_probe_scheduler_new           (guint                 max_running);
gboolean          ic_probe_scheduler_add           (IcProbeScheduler     *self,
                                                    gint64                id,
                                                    const char           *spec,
                                                    const IcProbeOptions *options,
                                                    guint                 interval_ms,
                                                    guint                 failures_to_fail,
                                                    guint                 successes_to_recover,
                                                    GError              **error);
void              ic_probe_scheduler_remove        (IcProbeScheduler     *self,
                                                    gint64                id);
void              ic_probe_scheduler_set_paused    (IcProbeScheduler     *self,
                                                    gboolean              paused);
gboolean          ic_probe_scheduler_get_paused    (IcProbeScheduler     *self);
guint             ic_probe_scheduler_get_n_running (IcProbeScheduler     *self);
guint             ic_probe_scheduler_get_max_seen_running (IcProbeScheduler *self);
int               ic_probe_scheduler_get_state     (IcProbeScheduler     *self,
                                                    gint64                id);
void              ic_probe_scheduler_stop          (IcProbeScheduler     *self);

G_END_DECLS
