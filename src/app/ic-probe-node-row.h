/* ic-probe-node-row.h — one row of a Redis cluster probe's node table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-probe-node-item.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_NODE_ROW (ic_probe_node_row_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeNodeRow, ic_probe_node_row, IC, PROBE_NODE_ROW, GtkWidget)

GtkWidget       *ic_probe_node_row_new         (IcProbeNodeItem *item);
IcProbeNodeItem *ic_probe_node_row_get_item    (IcProbeNodeRow  *self);
void             ic_probe_node_row_align_cells (IcProbeNodeRow  *self,
                                                GtkSizeGroup   **columns);

G_END_DECLS
