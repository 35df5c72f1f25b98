/* ic-incident-json.h — a whole incident as a JSON document, exported and imported without loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

/* The "format" member of every incident file. */
#define IC_INCIDENT_JSON_FORMAT "incident-commander/incident"

/* The newest file version this build writes and reads. */
#define IC_INCIDENT_JSON_VERSION 1

/**
 * IcProbeCheckFunc:
 * @kind: the kind the probe is stored as (http, redis, …)
 * @spec: (nullable): its target, as a URL
 * @checks: what its check sends and accepts
 * @user_data: the data given with the function
 *
 * Checks a probe read from an incident file as the probe form checks a
 * typed one. The probe engine's ic_probe_config_check_imported() is the
 * one to give: the core cannot parse a target itself.
 *
 * Returns: %TRUE if the probe may be stored; otherwise %FALSE with @error
 *   saying why
 */
typedef gboolean (*IcProbeCheckFunc) (const char           *kind,
                                      const char           *spec,
                                      const IcProbeChecks  *checks,
                                      gpointer              user_data,
                                      GError              **error);

char   *ic_store_export_incident_json (IcStore          *self,
                                       gint64            incident_id,
                                       GError          **error);
gint64  ic_store_import_incident_json (IcStore          *self,
                                       const char       *json,
                                       gsize             length,
                                       IcProbeCheckFunc  check_probe,
                                       gpointer          user_data,
                                       GError          **error);

void    ic_store_export_incident_json_async  (IcStore             *self,
                                              gint64               incident_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char   *ic_store_export_incident_json_finish (IcStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void    ic_store_import_incident_json_async  (IcStore             *self,
                                              GBytes              *json,
                                              IcProbeCheckFunc     check_probe,
                                              gpointer             check_data,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gint64  ic_store_import_incident_json_finish (IcStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
