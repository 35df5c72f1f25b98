/* ic-incident-list.h — a lazily filled list of the store's incidents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IC_TYPE_INCIDENT_LIST (ic_incident_list_get_type ())

G_DECLARE_FINAL_TYPE (IcIncidentList, ic_incident_list, IC, INCIDENT_LIST, GObject)

gint64       ic_incident_list_get_id         (IcIncidentList *self,
                                              guint           position);
gboolean     ic_incident_list_find           (IcIncidentList *self,
                                              gint64          id,
                                              guint          *position);
gboolean     ic_incident_list_get_complete   (IcIncidentList *self);

G_END_DECLS
