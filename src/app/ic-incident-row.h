/* ic-incident-row.h — one incident in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-incident.h"

G_BEGIN_DECLS

#define IC_TYPE_INCIDENT_ROW (ic_incident_row_get_type ())

G_DECLARE_FINAL_TYPE (IcIncidentRow, ic_incident_row, IC, INCIDENT_ROW, GtkWidget)

GtkWidget  *ic_incident_row_new          (void);
IcIncident *ic_incident_row_get_incident (IcIncidentRow *self);
void        ic_incident_row_set_incident (IcIncidentRow *self,
                                          IcIncident    *incident);

const char *ic_incident_status_get_icon_name (IcIncidentStatus status);

G_END_DECLS
