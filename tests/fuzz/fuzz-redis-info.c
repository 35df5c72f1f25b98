/* fuzz-redis-info.c — a Redis server's INFO and CONFIG GET maxclients replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-probe-redis-private.h"

/* Nothing read can be a count no Redis server could hold. */
static void
check_count (gint64 count)
{
  g_assert_cmpint (count, >=, -1);
  g_assert_cmpint (count, <=, IC_REDIS_MAX_COUNT);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  IcRedisInfo info;

  /* Not NUL-terminated: the parsers must stop at the length. */
  _ic_redis_info_init (&info);
  _ic_redis_parse_info (&info, (const char *) data, size);
  _ic_redis_info_parse_maxclients (&info, (const char *) data, size);
  check_count (info.connected_clients);
  check_count (info.cluster_connections);
  check_count (info.maxclients);
  /* A counter since the server started: a 64-bit figure, saturated. */
  g_assert_cmpint (info.rejected_connections, >=, -1);
  if (info.role != NULL)
    g_assert_cmpuint (strlen (info.role), <=, size);
  _ic_redis_info_clear (&info);
  _ic_redis_parse_count ((const char *) data, size);
  return 0;
}
