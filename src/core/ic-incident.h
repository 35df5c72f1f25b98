/* ic-incident.h — one incident, as a GObject with notify-on-change properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_TYPE_INCIDENT (ic_incident_get_type ())

G_DECLARE_FINAL_TYPE (IcIncident, ic_incident, IC, INCIDENT, GObject)

/*
 * Times are microseconds since the Unix epoch, UTC; 0 means "not set".
 * An error rate is a fraction in [0, 1]; a negative value means "not set".
 * Every property notifies only on a real change (G_PARAM_EXPLICIT_NOTIFY),
 * which is what the store's autosave listens to.
 */

gint64            ic_incident_get_id                 (IcIncident       *self);
const char       *ic_incident_get_title              (IcIncident       *self);
void              ic_incident_set_title              (IcIncident       *self,
                                                      const char       *title);
const char       *ic_incident_get_service            (IcIncident       *self);
void              ic_incident_set_service            (IcIncident       *self,
                                                      const char       *service);
IcSeverity        ic_incident_get_severity           (IcIncident       *self);
void              ic_incident_set_severity           (IcIncident       *self,
                                                      IcSeverity        severity);
IcIncidentStatus  ic_incident_get_status             (IcIncident       *self);
void              ic_incident_set_status             (IcIncident       *self,
                                                      IcIncidentStatus  status);
gboolean          ic_incident_get_is_open            (IcIncident       *self);
IcCreatedVia      ic_incident_get_created_via        (IcIncident       *self);
gint64            ic_incident_get_created_at         (IcIncident       *self);
gint64            ic_incident_get_alert_time         (IcIncident       *self);
void              ic_incident_set_alert_time         (IcIncident       *self,
                                                      gint64            alert_time);
const char       *ic_incident_get_notes              (IcIncident       *self);
void              ic_incident_set_notes              (IcIncident       *self,
                                                      const char       *notes);
gboolean          ic_incident_get_drill              (IcIncident       *self);
void              ic_incident_set_drill              (IcIncident       *self,
                                                      gboolean          drill);

/**
 * ic_incident_is_persistent_property:
 * @name: a property name
 *
 * Returns: %TRUE if changes to @name are written to the database
 */
gboolean          ic_incident_is_persistent_property (const char       *name);

void             ic_incident_stamp_status_times (IcIncident *self,
                                                 gint64      now);

G_END_DECLS
