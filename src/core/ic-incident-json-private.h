/* ic-incident-json-private.h — what an incident file may not decide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ic-incident-json.h"

G_BEGIN_DECLS

gboolean _ic_incident_json_is_local_column (const char        *table,
                                            const char        *column);
gboolean _ic_incident_json_is_forced_column (const char       *table,
                                             const char       *column);
gboolean _ic_incident_json_check_row       (IcStore           *store,
                                            const char        *table,
                                            guint              row,
                                            JsonObject        *object,
                                            IcProbeCheckFunc   check_probe,
                                            gpointer           user_data,
                                            GError           **error);
void     _ic_incident_json_add_forced      (const char        *table,
                                            GString           *columns,
                                            GString           *values);

G_END_DECLS
