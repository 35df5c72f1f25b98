/* ic-incident-private.h — how the store reads and writes an incident's row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ic-incident.h"

G_BEGIN_DECLS

/* "id, title, service, …": every persistent column, in a fixed order. */
const char *_ic_incident_get_select_columns (void);
/* "UPDATE incidents SET title = ?1, … , updated_at = ?N WHERE id = ?M" */
const char *_ic_incident_get_update_sql     (void);

IcIncident *_ic_incident_new_from_row       (sqlite3_stmt *stmt);
/* Applies a row (selected with the select columns) to an existing object,
 * notifying only the properties whose value changed. */
gboolean    _ic_incident_apply_row          (IcIncident   *self,
                                             sqlite3_stmt *stmt);
void        _ic_incident_bind_update        (IcIncident   *self,
                                             sqlite3_stmt *stmt,
                                             gint64        updated_at);
gint64      _ic_incident_get_updated_at     (IcIncident   *self);

G_END_DECLS
