/* ic-probe-node-item.h — one node of a Redis cluster probe's table, as the
 * words its row shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-probe.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_NODE_ITEM (ic_probe_node_item_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeNodeItem, ic_probe_node_item, IC, PROBE_NODE_ITEM, GObject)

IcProbeNodeItem *ic_probe_node_item_new             (const IcProbeNode *node);
void             ic_probe_node_item_update          (IcProbeNodeItem   *self,
                                                     const IcProbeNode *node);
const char      *ic_probe_node_item_get_address     (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_role        (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_clients     (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_utilisation (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_latency     (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_status      (IcProbeNodeItem   *self);
const char      *ic_probe_node_item_get_status_icon (IcProbeNodeItem   *self);

G_END_DECLS
