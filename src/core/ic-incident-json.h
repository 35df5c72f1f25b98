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

char   *ic_store_export_incident_json (IcStore     *self,
                                       gint64       incident_id,
                                       GError     **error);
gint64  ic_store_import_incident_json (IcStore     *self,
                                       const char  *json,
                                       gsize        length,
                                       GError     **error);

G_END_DECLS
