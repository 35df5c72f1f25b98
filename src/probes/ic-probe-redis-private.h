/* ic-probe-redis-private.h — what the Redis probes read from a server, as
 * pure functions (ic-probe-redis-parse.c): the probe code calls them with a
 * reply, the tests and a fuzzing harness with any bytes at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe-private.h"

G_BEGIN_DECLS

/**
 * IC_REDIS_MAX_COUNT:
 *
 * The largest connection count a Redis server can report: `maxclients` is
 * an unsigned int in Redis, and no node can hold more clients or cluster
 * bus links than that. An INFO figure above it is refused, which also keeps
 * every sum of counts over a cluster far from overflowing.
 */
#define IC_REDIS_MAX_COUNT ((gint64) G_MAXUINT32)

/**
 * IC_REDIS_CLUSTER_MAX_NODES:
 *
 * Redis Cluster's documented ceiling: "up to 1000 nodes". A cluster check
 * checks no more nodes than this, whatever CLUSTER NODES lists.
 */
#define IC_REDIS_CLUSTER_MAX_NODES 1000

/**
 * IC_REDIS_CLUSTER_MAX_CONNECTIONS:
 *
 * How many nodes a cluster check talks to at the same time.
 */
#define IC_REDIS_CLUSTER_MAX_CONNECTIONS 16

/**
 * IcRedisInfo:
 * @connected_clients: INFO clients' connected_clients; -1 when not read
 * @cluster_connections: cluster bus links (Redis 7); -1 when not read
 * @maxclients: the client limit (Redis 7 reports it in INFO); -1 when not read
 * @rejected_connections: INFO stats' counter; -1 when not read
 * @role: (nullable): "master" or "slave"
 * @used_memory_human: (nullable): e.g. "1.02M"
 * @master_link_status: (nullable): a replica's "up" or "down"
 * @bad_figure: (nullable): the first count out of range, as "name:value"
 *   (escaped and cut short); that count stays -1
 *
 * What the probe reads from INFO. Initialise with _ic_redis_info_init(),
 * release with _ic_redis_info_clear().
 */
typedef struct
{
  gint64  connected_clients;
  gint64  cluster_connections;
  gint64  maxclients;
  gint64  rejected_connections;
  char   *role;
  char   *used_memory_human;
  char   *master_link_status;
  char   *bad_figure;
} IcRedisInfo;

/**
 * IcRedisClusterInfo:
 * @state: (nullable): cluster_state, e.g. "ok" or "fail"
 * @slots_assigned: cluster_slots_assigned; -1 when not read
 * @slots_ok: cluster_slots_ok; -1 when not read
 *
 * What the probe reads from CLUSTER INFO.
 */
typedef struct
{
  char   *state;
  gint64  slots_assigned;
  gint64  slots_ok;
} IcRedisClusterInfo;

/**
 * IcRedisClusterNodes:
 * @nodes: (element-type IcProbeNode): the table's rows: each primary, by
 *   address, followed by its replicas; replicas whose primary is not listed
 *   come last
 * @n_listed: how many node lines the reply holds, those over the limit too
 * @n_malformed: how many lines are neither a node nor a line Redis writes
 *   for a node it cannot check yet (handshake, no address)
 * @malformed: (nullable): the first of those, escaped and cut short
 *
 * What the probe reads from CLUSTER NODES.
 */
typedef struct
{
  GPtrArray *nodes;
  guint      n_listed;
  guint      n_malformed;
  char      *malformed;
} IcRedisClusterNodes;

/**
 * _ic_redis_next_line:
 * @cursor: (inout): where the next line starts; moved past it
 * @end: the end of the text
 * @line: (out): the line's first byte
 * @line_len: (out): its length, without the "\n" and trailing whitespace
 *
 * Returns: %FALSE when no line is left
 */
gboolean _ic_redis_next_line (const char **cursor,
                              const char  *end,
                              const char **line,
                              gsize       *line_len);

/**
 * _ic_redis_parse_count:
 * @text: (array length=len): a decimal count, not NUL-terminated
 * @len: its length
 *
 * Returns: the count, %G_MAXINT64 when it is larger; -1 when @text is
 *   not a count (empty, a sign, anything but digits)
 */
gint64   _ic_redis_parse_count (const char *text,
                                gsize       len);

/**
 * _ic_redis_info_init:
 * @info: (out caller-allocates): what to initialise
 *
 * Sets every count to -1 and every string to %NULL.
 */
void _ic_redis_info_init  (IcRedisInfo *info);

/**
 * _ic_redis_info_clear:
 * @info: initialised with _ic_redis_info_init()
 *
 * Frees the strings; @info can be parsed into again after
 * _ic_redis_info_init().
 */
void _ic_redis_info_clear (IcRedisInfo *info);

/**
 * _ic_redis_parse_info:
 * @info: initialised with _ic_redis_info_init(); what @text names is set
 * @text: (array length=len) (nullable): an INFO reply's bytes, not
 *   necessarily NUL-terminated; %NULL only with @len 0
 * @len: the length of @text
 *
 * Reads "name:value" lines; '#' headers, unknown names and lines holding a
 * NUL are skipped. A count that is negative or not a number stays -1; one
 * above %IC_REDIS_MAX_COUNT stays -1 and is named in @info's bad_figure.
 * Safe on any bytes; allocates no more than a copy of one line at a time
 * besides the strings it keeps.
 */
void _ic_redis_parse_info (IcRedisInfo *info,
                           const char  *text,
                           gsize        len);

/**
 * _ic_redis_info_parse_maxclients:
 * @info: initialised with _ic_redis_info_init()
 * @value: (array length=len) (nullable): CONFIG GET maxclients' value, not
 *   necessarily NUL-terminated; %NULL only with @len 0
 * @len: the length of @value
 *
 * Reads the client limit as _ic_redis_parse_info() reads INFO's.
 */
void _ic_redis_info_parse_maxclients (IcRedisInfo *info,
                                      const char  *value,
                                      gsize        len);

/**
 * _ic_redis_cluster_info_init:
 * @info: (out caller-allocates): what to initialise
 */
void _ic_redis_cluster_info_init  (IcRedisClusterInfo *info);

/**
 * _ic_redis_cluster_info_clear:
 * @info: initialised with _ic_redis_cluster_info_init()
 */
void _ic_redis_cluster_info_clear (IcRedisClusterInfo *info);

/**
 * _ic_redis_parse_cluster_info:
 * @info: initialised with _ic_redis_cluster_info_init()
 * @text: (array length=len) (nullable): a CLUSTER INFO reply's bytes, not
 *   necessarily NUL-terminated; %NULL only with @len 0
 * @len: the length of @text
 *
 * Reads the "name:value" lines the probe uses; anything else is skipped.
 * Safe on any bytes.
 */
void _ic_redis_parse_cluster_info (IcRedisClusterInfo *info,
                                   const char         *text,
                                   gsize               len);

/**
 * _ic_redis_cluster_nodes_clear:
 * @parsed: filled by _ic_redis_parse_cluster_nodes(), or zeroed
 */
void _ic_redis_cluster_nodes_clear (IcRedisClusterNodes *parsed);

/**
 * _ic_redis_parse_cluster_nodes:
 * @parsed: (out caller-allocates): filled in; release it with
 *   _ic_redis_cluster_nodes_clear()
 * @text: (array length=len) (nullable): a CLUSTER NODES reply's bytes, not
 *   necessarily NUL-terminated; %NULL only with @len 0
 * @len: the length of @text
 * @seed_host: the host the reply came from, for a node that does not know
 *   its own address yet (":7000@17000")
 * @max_nodes: how many rows to keep at most; the first @max_nodes node
 *   lines are kept, the rest only counted
 *
 * Reads "<id> <ip:port@cport[,hostname]> <flags> <master> …" lines. A
 * line is malformed when its id is empty or "-" (the "no primary" mark),
 * its port is not 1–65535, or it says neither master nor slave without
 * being a handshake or address-less node. Replicas are matched to their
 * primary through a hash table. Safe on any bytes; keeps at most
 * @max_nodes rows whatever the length of @text.
 */
void _ic_redis_parse_cluster_nodes (IcRedisClusterNodes *parsed,
                                    const char          *text,
                                    gsize                len,
                                    const char          *seed_host,
                                    guint                max_nodes);

gboolean       _ic_probe_node_is_replica        (const IcProbeNode        *node);
char          *_ic_probe_find_skew             (GPtrArray                *nodes);
IcProbeSample *_ic_probe_evaluate_redis         (const IcRedisInfo        *info,
                                                gint64                    ping_us,
                                                gint64                    elapsed_us,
                                                const IcProbeOptions     *options);
IcProbeSample *_ic_probe_evaluate_redis_cluster (const IcRedisClusterInfo *info,
                                                IcRedisClusterNodes      *listed,
                                                const guint8             *late,
                                                const IcProbeOptions     *options,
                                                gint64                    elapsed_us);

G_END_DECLS
