/* fuzz-redis-cluster-info.c — a Redis node's CLUSTER INFO reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-probe-redis-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  IcRedisClusterInfo info;

  _ic_redis_cluster_info_init (&info);
  _ic_redis_parse_cluster_info (&info, (const char *) data, size);
  /* -1 when not read; a figure too large to hold is saturated. */
  g_assert_cmpint (info.slots_assigned, >=, -1);
  g_assert_cmpint (info.slots_ok, >=, -1);
  if (info.state != NULL)
    g_assert_cmpuint (strlen (info.state), <=, size);
  _ic_redis_cluster_info_clear (&info);
  return 0;
}
