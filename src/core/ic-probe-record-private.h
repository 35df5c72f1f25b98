/* ic-probe-record-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe-record.h"

G_BEGIN_DECLS

IcProbeRecord *_ic_probe_record_new (gint64      id,
                                     gint64      incident_id,
                                     const char *kind,
                                     const char *name,
                                     const char *spec,
                                     guint       interval_ms,
                                     guint       timeout_ms,
                                     gboolean    enabled);
void           _ic_probe_record_set_checks (IcProbeRecord       *self,
                                            const IcProbeChecks *checks);
void           _ic_probe_record_update     (IcProbeRecord       *self,
                                            const char          *kind,
                                            const char          *name,
                                            const char          *spec,
                                            guint                interval_ms,
                                            guint                timeout_ms);

void           _ic_probe_record_set_service (IcProbeRecord      *self,
                                             const char         *service);
void           _ic_probe_record_set_enabled (IcProbeRecord      *self,
                                             gboolean            enabled,
                                             gboolean            awaiting_confirmation);

G_END_DECLS
