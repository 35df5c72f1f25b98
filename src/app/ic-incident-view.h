/* ic-incident-view.h — one incident: header, steps, pages, decision tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-details-page.h"
#include "ic-rollback-timer.h"
#include "ic-settings.h"
#include "ic-status-composer.h"
#include "ic-drill-player.h"
#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_INCIDENT_VIEW (ic_incident_view_get_type ())

G_DECLARE_FINAL_TYPE (IcIncidentView, ic_incident_view, IC, INCIDENT_VIEW, GtkWidget)

GtkWidget    *ic_incident_view_new              (IcStore        *store,
                                                 IcSettings     *settings);
IcIncident   *ic_incident_view_get_incident     (IcIncidentView *self);
GtkWindow    *ic_incident_view_get_evidence_dialog (IcIncidentView *self);
void          ic_incident_view_set_incident     (IcIncidentView *self,
                                                 IcIncident     *incident);
AdwViewStack *ic_incident_view_get_stack        (IcIncidentView *self);
IcDetailsPage *ic_incident_view_get_details_page (IcIncidentView *self);
IcStatusComposer *ic_incident_view_get_status_composer (IcIncidentView *self);
const char   *ic_incident_view_get_elapsed_text (IcIncidentView *self);
const char   *ic_incident_view_get_step         (IcIncidentView *self);
void          ic_incident_view_show_page        (IcIncidentView *self,
                                                 const char     *name);
void          ic_incident_view_focus_note       (IcIncidentView *self);
void          ic_incident_view_focus_step       (IcIncidentView *self);
gboolean      ic_incident_view_go_to_page       (IcIncidentView *self,
                                                 const char     *name);
void          ic_incident_view_cycle_page       (IcIncidentView *self,
                                                 int             delta);
void          ic_incident_view_focus_decision_tree (IcIncidentView *self);
void          ic_incident_view_refresh_changes (IcIncidentView *self);
IcRollbackTimer *ic_incident_view_get_rollback_timer (IcIncidentView *self);
GtkWindow    *ic_incident_view_get_rollback_dialog (IcIncidentView *self);
gboolean      ic_incident_view_get_reminder_due  (IcIncidentView *self);

void            ic_incident_view_toggle_drill_pause (IcIncidentView *self);
IcDrillPlayer  *ic_incident_view_get_drill_player   (IcIncidentView *self);

G_END_DECLS
