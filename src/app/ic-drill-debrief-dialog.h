/* ic-drill-debrief-dialog.h — how a drill went, and the runs before it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-drill-chart.h"
#include "ic-drill-debrief.h"

G_BEGIN_DECLS

#define IC_TYPE_DRILL_DEBRIEF_DIALOG (ic_drill_debrief_dialog_get_type ())

G_DECLARE_FINAL_TYPE (IcDrillDebriefDialog, ic_drill_debrief_dialog, IC, DRILL_DEBRIEF_DIALOG,
                      AdwWindow)

IcDrillDebriefDialog *ic_drill_debrief_dialog_new       (GtkWindow            *parent,
                                                         IcStore              *store,
                                                         gint64                incident_id,
                                                         GError              **error);
IcDrillDebrief       *ic_drill_debrief_dialog_get_debrief (IcDrillDebriefDialog *self);
IcDrillChart         *ic_drill_debrief_dialog_get_chart   (IcDrillDebriefDialog *self);

G_END_DECLS
