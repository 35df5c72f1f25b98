/* fuzz-redis-cluster-nodes.c — a Redis node's CLUSTER NODES reply
 *
 * Every row is a node the probe can contact, a replica follows a primary
 * or comes last, and the table never grows past its limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-probe-node.h"
#include "ic-probe-redis-private.h"

/* Small, so that the limit is reached by inputs the fuzzer can build. */
#define MAX_NODES 8

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  IcRedisClusterNodes parsed = { 0 };

  _ic_redis_parse_cluster_nodes (&parsed, (const char *) data, size, "seed.example", MAX_NODES);
  g_assert_nonnull (parsed.nodes);
  g_assert_cmpuint (parsed.nodes->len, <=, MAX_NODES);
  g_assert_cmpuint (parsed.n_malformed, <=, parsed.n_listed + size);
  for (guint i = 0; i < parsed.nodes->len; i++)
    {
      IcProbeNode *node = g_ptr_array_index (parsed.nodes, i);

      g_assert_nonnull (node);
      g_assert_nonnull (node->address);
      g_assert_nonnull (node->role);
      g_assert_cmpstr (node->address, !=, "");
    }
  if (parsed.malformed != NULL)
    g_assert_true (g_utf8_validate (parsed.malformed, -1, NULL));
  _ic_redis_cluster_nodes_clear (&parsed);
  return 0;
}
