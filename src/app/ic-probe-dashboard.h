/* ic-probe-dashboard.h — live probes of an incident, evidence in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_DASHBOARD (ic_probe_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeDashboard, ic_probe_dashboard, IC, PROBE_DASHBOARD, GtkWidget)

GtkWidget  *ic_probe_dashboard_new               (IcStore          *store);
void        ic_probe_dashboard_set_incident      (IcProbeDashboard *self,
                                                  IcIncident       *incident);
void        ic_probe_dashboard_set_hypotheses_ready (IcProbeDashboard *self,
                                                     gboolean          ready);
const char *ic_probe_dashboard_get_error_text    (IcProbeDashboard *self);
guint       ic_probe_dashboard_get_n_pending_samples (IcProbeDashboard *self);
GtkWidget  *ic_probe_dashboard_get_editor        (IcProbeDashboard *self);
const char *ic_probe_dashboard_get_offer_text    (IcProbeDashboard *self);
const char *ic_probe_dashboard_get_confirm_text  (IcProbeDashboard *self);

G_END_DECLS
