/* ic-probe-redis-evaluate.c — what a Redis node's or a cluster's answers
 * mean: pure functions, what the servers said in and a sample out, with no
 * I/O (the checks that talk to the servers are ic-probe-redis.c and
 * ic-probe-redis-cluster.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-redis-private.h"

#define DEFAULT_WARN_PERCENT 80.0

/* Skew: with at least SKEW_MIN_NODES primaries measured, one node holds at
 * least SKEW_SHARE_PERCENT of all their client connections and at least
 * SKEW_MIN_LEAD more than any other primary. A cluster-aware client spreads
 * its connections over every primary; a client that bypassed cluster
 * discovery (and follows MOVED, or fails) piles them onto its seed node. */
#define SKEW_MIN_NODES     3
#define SKEW_SHARE_PERCENT 80
#define SKEW_MIN_LEAD      10

/* One node ------------------------------------------------------------------ */

/**
 * _ic_probe_evaluate_redis:
 * @info: what INFO said
 * @ping_us: how long PING took
 * @elapsed_us: how long the whole check took (the latency of a sample that
 *   is an error)
 *
 * What one node's answers mean: utilisation of its client limit, rejected
 * connections, replication, latency.
 *
 * Returns: (transfer full): the sample
 */
IcProbeSample *
_ic_probe_evaluate_redis (const IcRedisInfo    *info,
                          gint64                ping_us,
                          gint64                elapsed_us,
                          const IcProbeOptions *options)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  IcProbeState state = IC_PROBE_STATE_OK;
  double warn = isnan (options->warn_above) ? DEFAULT_WARN_PERCENT : options->warn_above;
  gboolean has_value = FALSE;
  double percent = 0;
  IcProbeSample *sample;

  if (info->bad_figure != NULL)
    {
      /* A broken or hostile server (or something in between): no
       * utilisation from a count no Redis can reach. */
      /* Translators: "The server reports connected_clients:9223372036854775807, beyond the
       * 4294967295 connections a Redis server can count" */
      g_autofree char *refused = g_strdup_printf (_("The server reports %s, beyond the %lld "
                                                    "connections a Redis server can count"),
                                                  info->bad_figure,
                                                  (long long) IC_REDIS_MAX_COUNT);

      sample = _ic_probe_sample_new (IC_PROBE_STATE_FAILING, elapsed_us, refused);
      sample->has_error = TRUE;
      sample->error_kind = IC_PROBE_ERROR_PROTOCOL;
      return sample;
    }
  g_string_append_printf (detail, _("PONG in %.1f ms"), ping_us / 1000.0);
  if (info->role != NULL)
    {
      if (strcmp (info->role, "slave") == 0)
        g_string_append (detail, _(" · replica"));
      else
        g_string_append_printf (detail, " · %s", info->role);
    }
  if (info->connected_clients >= 0 && info->maxclients > 0)
    {
      has_value = TRUE;
      percent = 100.0 * (double) info->connected_clients / (double) info->maxclients;
      g_string_append_printf (detail, _(" · %lld / %lld clients (%.1f %%)"),
                              (long long) info->connected_clients, (long long) info->maxclients,
                              percent);
      if (percent >= warn)
        state = IC_PROBE_STATE_DEGRADED;
    }
  else if (info->connected_clients >= 0)
    g_string_append_printf (detail, _(" · %lld clients (limit unknown)"),
                            (long long) info->connected_clients);
  if (info->rejected_connections > 0)
    {
      g_string_append (detail, " · ");
      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%lld rejected connection",
                                           "%lld rejected connections",
                                           (gulong) MIN (info->rejected_connections, G_MAXLONG)),
                              (long long) info->rejected_connections);
    }
  if (info->used_memory_human != NULL)
    g_string_append_printf (detail, _(" · %s used"), info->used_memory_human);
  if (info->master_link_status != NULL && strcmp (info->master_link_status, "up") != 0)
    {
      g_string_append_printf (detail, _(" · master link %s"), info->master_link_status);
      state = IC_PROBE_STATE_DEGRADED;
    }
  if (options->latency_threshold_ms > 0 && ping_us > (gint64) options->latency_threshold_ms * 1000)
    {
      g_string_append_printf (detail, _("; slower than %u ms"), options->latency_threshold_ms);
      state = IC_PROBE_STATE_DEGRADED;
    }

  sample = _ic_probe_sample_new (state, ping_us, detail->str);
  sample->has_value = has_value;
  sample->value = percent;
  sample->rejected_connections = info->rejected_connections;
  return sample;
}

/* A cluster ----------------------------------------------------------------- */


/* Whether a row of the cluster table is a replica (its role reads
 * "replica of host:port"). */
gboolean
_ic_probe_node_is_replica (const IcProbeNode *node)
{
  return node->role != NULL && g_str_has_prefix (node->role, "replica");
}

/* The skew warning in words, or %NULL when the connections are spread. */
char *
_ic_probe_find_skew (GPtrArray *nodes)
{
  const IcProbeNode *top = NULL;
  gint64 total = 0;
  gint64 second = 0;
  guint measured = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      const IcProbeNode *node = g_ptr_array_index (nodes, i);

      /* Clients spread over the primaries; replicas serve only those that
       * read from them. */
      if (node->connected_clients < 0 || _ic_probe_node_is_replica (node))
        continue;
      measured++;
      /* A node reports at most IC_REDIS_MAX_COUNT clients (more is refused)
       * and a check reads at most IC_REDIS_CLUSTER_MAX_NODES nodes; the sum
       * saturates all the same rather than overflow. */
      total = node->connected_clients > G_MAXINT64 - total ? G_MAXINT64
                                                           : total + node->connected_clients;
      if (top == NULL || node->connected_clients > top->connected_clients)
        {
          second = top ? top->connected_clients : 0;
          top = node;
        }
      else
        second = MAX (second, node->connected_clients);
    }
  if (measured < SKEW_MIN_NODES || total == 0
      || (double) top->connected_clients * 100 < (double) SKEW_SHARE_PERCENT * (double) total
      || top->connected_clients - second < SKEW_MIN_LEAD)
    return NULL;
  /* Translators: "127.0.0.1:7001 holds 52 of 58 client connections" */
  return g_strdup_printf (_("%s holds %lld of %lld client connections"), top->address,
                          (long long) top->connected_clients, (long long) total);
}

/* Adds a node's failure to @detail; returns TRUE for saturation. */
static gboolean
describe_node_error (GString           *detail,
                     const IcProbeNode *node)
{
  if (node->error_kind == IC_PROBE_ERROR_SATURATED)
    {
      /* The node's error already reads "Saturated: ERR max number of clients …". */
      g_string_append_printf (detail, "; %s: %s", node->address, node->error);
      return TRUE;
    }
  if (node->error_kind == IC_PROBE_ERROR_PROTOCOL)
    {
      /* It answered, with something that makes no sense. */
      g_string_append_printf (detail, "; %s: %s", node->address, node->error);
      return FALSE;
    }
  /* Translators: "; 127.0.0.1:7002 unreachable: Connection refused" */
  g_string_append_printf (detail, _("; %s unreachable: %s"), node->address, node->error);
  return FALSE;
}

static void
describe_summary (GString                  *detail,
                  const IcRedisClusterInfo *info,
                  GPtrArray                *nodes)
{
  guint replicas = 0;

  g_string_append_printf (detail, "cluster_state:%s",
                          info->state ? info->state : "?");
  if (info->slots_ok >= 0)
    /* Translators: " · 16384 of 16384 slots ok" */
    g_string_append_printf (detail, _(" · %lld of %lld slots ok"),
                            (long long) info->slots_ok,
                            (long long) MAX (info->slots_assigned, 0));
  for (guint i = 0; i < nodes->len; i++)
    replicas += _ic_probe_node_is_replica (g_ptr_array_index (nodes, i));
  g_string_append (detail, " · ");
  g_string_append_printf (detail,
                          g_dngettext (GETTEXT_PACKAGE, "%u primary", "%u primaries",
                                       nodes->len - replicas),
                          nodes->len - replicas);
  if (replicas > 0)
    {
      g_string_append (detail, ", ");
      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE, "%u replica", "%u replicas",
                                           replicas),
                              replicas);
    }
}

/* What the table leaves out: the nodes the deadline left unchecked, the
 * nodes over Redis Cluster's ceiling, the lines that are not nodes. */
static IcProbeState
describe_omissions (GString                   *detail,
                    const IcRedisClusterNodes *listed,
                    guint                      n_late)
{
  IcProbeState state = IC_PROBE_STATE_OK;

  if (n_late > 0)
    {
      /* Translators: "; 984 nodes not checked before the deadline" */
      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "; %u node not checked before the deadline",
                                           "; %u nodes not checked before the deadline", n_late),
                              n_late);
      state = IC_PROBE_STATE_FAILING;
    }
  if (listed->n_listed > listed->nodes->len)
    {
      /* Translators: "; CLUSTER NODES lists 20000 nodes, more than the 1000 a Redis cluster
       * can have: the first 1000 are in the table" */
      g_string_append_printf (detail, _("; CLUSTER NODES lists %u nodes, more than the %u a "
                                        "Redis cluster can have: the first %u are in the table"),
                              listed->n_listed, IC_REDIS_CLUSTER_MAX_NODES,
                              listed->nodes->len);
      state = MAX (state, IC_PROBE_STATE_DEGRADED);
    }
  if (listed->n_malformed > 0)
    {
      /* Translators: "; 1 line of CLUSTER NODES not understood: <the line>" */
      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "; %u line of CLUSTER NODES not understood: %s",
                                           "; %u lines of CLUSTER NODES not understood, the "
                                           "first: %s", listed->n_malformed),
                              listed->n_malformed, listed->malformed);
      state = MAX (state, IC_PROBE_STATE_DEGRADED);
    }
  return state;
}

/**
 * _ic_probe_evaluate_redis_cluster:
 * @info: what CLUSTER INFO said
 * @listed: the table CLUSTER NODES gave, each row filled by its node's check;
 *   the sample takes the rows (listed->nodes is %NULL after)
 * @late: (array): per row, whether the deadline came before its check
 * @elapsed_us: how long the check took, the latency when no node answered
 *
 * What the answers of a cluster's nodes mean, in one sample: the worst
 * node first (failures, then utilisation, then latency), a lost replica as
 * lost redundancy, skew, what the table leaves out.
 *
 * Returns: (transfer full): the sample, with the per-node table
 */
IcProbeSample *
_ic_probe_evaluate_redis_cluster (const IcRedisClusterInfo *info,
                                  IcRedisClusterNodes      *listed,
                                  const guint8             *late,
                                  const IcProbeOptions     *options,
                                  gint64                    elapsed_us)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  double warn = isnan (options->warn_above) ? DEFAULT_WARN_PERCENT : options->warn_above;
  gint64 slow_us = (gint64) options->latency_threshold_ms * 1000;
  IcProbeState state = IC_PROBE_STATE_OK;
  IcProbeError kind = IC_PROBE_ERROR_FAILED;
  gboolean has_error = FALSE;
  gboolean saturated = FALSE;
  gboolean has_value = FALSE;
  double highest = 0;
  gint64 latency = -1;
  guint n_late = 0;
  GPtrArray *nodes = listed->nodes;
  IcProbeState omitted;
  char *skew;
  IcProbeSample *sample;

  describe_summary (detail, info, nodes);
  if (g_strcmp0 (info->state, "ok") != 0)
    {
      state = IC_PROBE_STATE_FAILING;
      has_error = TRUE;
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      IcProbeNode *node = g_ptr_array_index (nodes, i);

      node->near_limit = node->has_utilisation && node->utilisation >= warn;
      if (late[i])
        {
          /* Counted, not listed one by one: that could be hundreds. */
          n_late++;
          if (!has_error)
            kind = node->error_kind;
          has_error = TRUE;
          continue;
        }
      if (node->has_error && _ic_probe_node_is_replica (node)
          && node->error_kind != IC_PROBE_ERROR_SATURATED)
        {
          /* The primary still serves its slots: a lost replica is lost
           * redundancy, not an outage. */
          /* Translators: "; replica 127.0.0.1:7004 unreachable: Connection refused" */
          g_string_append_printf (detail, _("; replica %s unreachable: %s"), node->address,
                                  node->error);
          if (state == IC_PROBE_STATE_OK)
            state = IC_PROBE_STATE_DEGRADED;
        }
      else if (node->has_error)
        {
          gboolean node_saturated = describe_node_error (detail, node);

          state = IC_PROBE_STATE_FAILING;
          if (!has_error || (node_saturated && !saturated))
            kind = node->error_kind;
          has_error = TRUE;
          saturated |= node_saturated;
        }
      if (node->has_utilisation)
        {
          highest = has_value ? MAX (highest, node->utilisation) : node->utilisation;
          has_value = TRUE;
          if (node->near_limit && !node->has_error)
            {
              /* Translators: "; 127.0.0.1:7002 at 92.0 % of maxclients" */
              g_string_append_printf (detail, _("; %s at %.1f %% of maxclients"), node->address,
                                      node->utilisation);
              if (state == IC_PROBE_STATE_OK)
                state = IC_PROBE_STATE_DEGRADED;
            }
        }
      latency = MAX (latency, node->latency_us);
      if (slow_us > 0 && node->latency_us > slow_us)
        {
          /* Translators: "; 127.0.0.1:7002 slower than 100 ms" */
          g_string_append_printf (detail, _("; %s slower than %u ms"), node->address,
                                  options->latency_threshold_ms);
          if (state == IC_PROBE_STATE_OK)
            state = IC_PROBE_STATE_DEGRADED;
        }
    }
  omitted = describe_omissions (detail, listed, n_late);
  state = MAX (state, omitted);
  skew = _ic_probe_find_skew (nodes);
  if (skew != NULL)
    {
      /* Translators: the rule behind a skew warning, after "skew: <node> holds 52 of 58 client
       * connections". */
      g_string_append_printf (detail, _("; skew: %s (at least %d %% of all and %d more than any "
                                        "other primary: a client that bypassed cluster "
                                        "discovery?)"),
                              skew, SKEW_SHARE_PERCENT, SKEW_MIN_LEAD);
      if (state == IC_PROBE_STATE_OK)
        state = IC_PROBE_STATE_DEGRADED;
    }
  if (latency < 0)
    latency = elapsed_us;
  sample = _ic_probe_sample_new (state, latency, detail->str);
  sample->has_value = has_value;
  sample->value = highest;
  sample->has_error = has_error;
  sample->error_kind = kind;
  sample->skew = skew;
  sample->nodes = g_steal_pointer (&listed->nodes);
  return sample;
}
