/* ic-probe-node.h — one row of a Redis cluster probe's per-node table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-probe-types.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_NODE (ic_probe_node_get_type ())

/**
 * IcProbeNode:
 * @address: "host:port" as the cluster announces it
 * @role: the role the cluster gives the node ("primary"), with any failure
 *   flags it reports ("primary, fail?")
 * @connected_clients: INFO clients' connected_clients; -1 when unknown
 * @maxclients: the node's client limit; -1 when unknown
 * @has_utilisation: whether @utilisation was measured
 * @utilisation: per cent of @maxclients in use (clients and cluster bus
 *   links, which share the limit); 100 for a node that refuses clients
 *   because it reached the limit
 * @latency_us: PING round trip, µs; -1 when the node did not answer
 * @hostname: (nullable): the host name the node announces
 *   ("ip:port@cport,hostname"): over TLS, the name its certificate is
 *   checked against
 * @has_error: whether the node could not be checked
 * @error_kind: how it failed, with @has_error
 * @error: (nullable): the failure, verbatim
 */
typedef struct
{
  char         *address;
  char         *role;
  gint64        connected_clients;
  gint64        maxclients;
  gboolean      has_utilisation;
  double        utilisation;
  gint64        latency_us;
  gboolean      has_error;
  IcProbeError  error_kind;
  char         *error;
  char         *primary;      /* (nullable): a replica's primary, "host:port" */
  char         *hostname;
  gboolean      near_limit;   /* utilisation at or above the probe's threshold */
} IcProbeNode;

GType        ic_probe_node_get_type (void) G_GNUC_CONST;
IcProbeNode *ic_probe_node_new      (const char        *address,
                                     const char        *role);
IcProbeNode *ic_probe_node_copy     (const IcProbeNode *node);
void         ic_probe_node_free     (IcProbeNode       *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcProbeNode, ic_probe_node_free)

G_END_DECLS
