/* ic-probe-node.c — one row of a Redis cluster probe's per-node table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include "ic-probe-node.h"

G_DEFINE_BOXED_TYPE (IcProbeNode, ic_probe_node, ic_probe_node_copy, ic_probe_node_free)

/**
 * ic_probe_node_new:
 * @address: "host:port"
 * @role: (nullable): the node's role
 *
 * Returns: (transfer full): a row with nothing measured yet
 */
IcProbeNode *
ic_probe_node_new (const char *address,
                   const char *role)
{
  IcProbeNode *node;

  g_return_val_if_fail (address != NULL, NULL);

  node = g_new0 (IcProbeNode, 1);
  node->address = g_strdup (address);
  node->role = g_strdup (role);
  node->connected_clients = -1;
  node->maxclients = -1;
  node->latency_us = -1;
  return node;
}

/**
 * ic_probe_node_copy:
 *
 * Returns: (transfer full): a deep copy of @node
 */
IcProbeNode *
ic_probe_node_copy (const IcProbeNode *node)
{
  IcProbeNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = g_memdup2 (node, sizeof *node);
  copy->address = g_strdup (node->address);
  copy->role = g_strdup (node->role);
  copy->error = g_strdup (node->error);
  copy->primary = g_strdup (node->primary);
  copy->hostname = g_strdup (node->hostname);
  return copy;
}

void
ic_probe_node_free (IcProbeNode *node)
{
  if (node == NULL)
    return;
  g_free (node->address);
  g_free (node->role);
  g_free (node->error);
  g_free (node->primary);
  g_free (node->hostname);
  g_free (node);
}
