/* ic-store-probes.h — the store's probes, service-level probes and samples (ic-store-probes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"
#include "ic-probe-record.h"

G_BEGIN_DECLS

GListModel    *ic_store_get_probes           (IcStore              *self,
                                              IcIncident           *incident);
IcProbeRecord *ic_store_add_probe            (IcStore              *self,
                                              IcIncident           *incident,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              GError              **error);
IcProbeRecord *ic_store_add_probe_full       (IcStore              *self,
                                              IcIncident           *incident,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              const IcProbeChecks  *checks,
                                              GError              **error);
gboolean       ic_store_update_probe         (IcStore              *self,
                                              IcProbeRecord        *record,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              const IcProbeChecks  *checks,
                                              GError              **error);
gboolean       ic_store_delete_probe         (IcStore              *self,
                                              IcProbeRecord        *record,
                                              GError              **error);
gboolean       ic_store_is_secret_ref_used   (IcStore              *self,
                                              const char           *secret_ref);
GListModel    *ic_store_list_service_probes  (IcStore              *self,
                                              const char           *service,
                                              GError              **error);
IcProbeRecord *ic_store_find_service_probe   (IcStore              *self,
                                              const char           *service,
                                              const char           *spec);
IcProbeRecord *ic_store_keep_probe_for_service (IcStore            *self,
                                              IcProbeRecord        *record,
                                              const char           *service,
                                              GError              **error);
GListModel    *ic_store_list_unused_service_probes (IcStore        *self,
                                              IcIncident           *incident);
guint          ic_store_use_service_probes   (IcStore              *self,
                                              IcIncident           *incident,
                                              GError              **error);
gboolean       ic_store_confirm_probes       (IcStore              *self,
                                              IcIncident           *incident,
                                              GError              **error);
gint64         ic_store_add_probe_sample     (IcStore              *self,
                                              IcProbeRecord        *record,
                                              const IcStoredSample *sample,
                                              GError              **error);
gboolean       ic_store_add_probe_samples    (IcStore              *self,
                                              GPtrArray            *records,
                                              GPtrArray            *samples,
                                              GError              **error);
GPtrArray     *ic_store_list_probe_samples   (IcStore              *self,
                                              IcProbeRecord        *record,
                                              guint                 limit,
                                              GError              **error);

G_END_DECLS
