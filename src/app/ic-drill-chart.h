/* ic-drill-chart.h — a drill's past runs: time to three hypotheses and to
 * the fix, run by run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IC_TYPE_DRILL_CHART (ic_drill_chart_get_type ())

G_DECLARE_FINAL_TYPE (IcDrillChart, ic_drill_chart, IC, DRILL_CHART, GtkWidget)

GtkWidget *ic_drill_chart_new        (void);
void       ic_drill_chart_add_run    (IcDrillChart *self,
                                      gint64        to_three_hypotheses,
                                      gint64        to_mitigation);
guint      ic_drill_chart_get_n_runs (IcDrillChart *self);
char      *ic_drill_chart_dup_summary (IcDrillChart *self);

G_END_DECLS
