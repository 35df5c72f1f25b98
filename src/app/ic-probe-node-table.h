/* ic-probe-node-table.h — a Redis cluster probe's per-node table and skew warning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-probe.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_NODE_TABLE (ic_probe_node_table_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeNodeTable, ic_probe_node_table, IC, PROBE_NODE_TABLE, GtkWidget)

GtkWidget  *ic_probe_node_table_new         (void);
void        ic_probe_node_table_show_sample (IcProbeNodeTable    *self,
                                             const IcProbeSample *sample);
GListModel *ic_probe_node_table_get_nodes   (IcProbeNodeTable    *self);
const char *ic_probe_node_table_get_skew    (IcProbeNodeTable    *self);

G_END_DECLS
