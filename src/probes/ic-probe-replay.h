/* ic-probe-replay.h — a drill's probes: samples from the scenario's script
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-clock.h"
#include "ic-store-drills.h"

G_BEGIN_DECLS

gboolean ic_probe_replay_set_drill    (IcClock             *clock,
                                       const IcDrillRecord *record,
                                       GError             **error);
void     ic_probe_replay_remove_drill (gint64               incident_id);
gboolean ic_probe_replay_has_drill    (gint64               incident_id);

G_END_DECLS
