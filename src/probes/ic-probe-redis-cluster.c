/* ic-probe-redis-cluster.c — a Redis cluster seen from one seed node
 *
 * The seed run (ic-probe-redis.c) reads CLUSTER INFO and CLUSTER NODES;
 * this file lists the nodes, checks each one with a run of its own (PING
 * latency, INFO clients, all on the main loop under what is left of the
 * deadline) and sums the answers up in one sample with a per-node table.
 * It owns no source and no connection itself: every wait belongs to a node
 * run, which is bounded and cancellable.
 *
 * What the seed lists is not trusted to be small: the table keeps at most
 * Redis Cluster's own ceiling of nodes, no more than a few node runs are
 * under way at once, and a row whose turn comes after the deadline is
 * marked as not checked instead of started.
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

typedef struct
{
  IcProbeOptions      options;
  char               *user;
  char               *password;
  IcRedisClusterInfo  info;
  IcRedisClusterNodes listed;     /* listed.nodes: IcProbeNode, the table */
  guint8             *late;       /* per row: not checked before the deadline */
  guint               next;       /* the next row to check */
  guint               running;    /* node runs under way */
  gint64              started;    /* monotonic µs */
  gint64              deadline;   /* monotonic µs */
} Check;

typedef struct
{
  GTask *task;
  guint  index;
} NodeCall;

static void
check_free (Check *check)
{
  g_free (check->user);
  if (check->password != NULL)
    memset (check->password, 0, strlen (check->password));
  g_free (check->password);
  _ic_redis_cluster_info_clear (&check->info);
  _ic_redis_cluster_nodes_clear (&check->listed);
  g_free (check->late);
  g_free (check);
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Summing up ---------------------------------------------------------------- */

static gboolean
is_replica (const IcProbeNode *node)
{
  return node->role != NULL && g_str_has_prefix (node->role, "replica");
}

/* The skew warning in words, or %NULL when the connections are spread. */
static char *
find_skew (GPtrArray *nodes)
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
      if (node->connected_clients < 0 || is_replica (node))
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
describe_summary (GString *detail,
                  Check   *check)
{
  GPtrArray *nodes = check->listed.nodes;
  guint replicas = 0;

  g_string_append_printf (detail, "cluster_state:%s",
                          check->info.state ? check->info.state : "?");
  if (check->info.slots_ok >= 0)
    /* Translators: " · 16384 of 16384 slots ok" */
    g_string_append_printf (detail, _(" · %lld of %lld slots ok"),
                            (long long) check->info.slots_ok,
                            (long long) MAX (check->info.slots_assigned, 0));
  for (guint i = 0; i < nodes->len; i++)
    replicas += is_replica (g_ptr_array_index (nodes, i));
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
describe_omissions (GString *detail,
                    Check   *check,
                    guint    n_late)
{
  const IcRedisClusterNodes *listed = &check->listed;
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

/* The worst node first: failures, then utilisation, then latency. */
static IcProbeSample *
sum_up (Check *check)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  double warn = isnan (check->options.warn_above) ? DEFAULT_WARN_PERCENT
                                                  : check->options.warn_above;
  gint64 slow_us = (gint64) check->options.latency_threshold_ms * 1000;
  IcProbeState state = IC_PROBE_STATE_OK;
  IcProbeError kind = IC_PROBE_ERROR_FAILED;
  gboolean has_error = FALSE;
  gboolean saturated = FALSE;
  gboolean has_value = FALSE;
  double highest = 0;
  gint64 latency = -1;
  guint n_late = 0;
  GPtrArray *nodes = check->listed.nodes;
  IcProbeState omitted;
  char *skew;
  IcProbeSample *sample;

  describe_summary (detail, check);
  if (g_strcmp0 (check->info.state, "ok") != 0)
    {
      state = IC_PROBE_STATE_FAILING;
      has_error = TRUE;
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      IcProbeNode *node = g_ptr_array_index (nodes, i);

      node->near_limit = node->has_utilisation && node->utilisation >= warn;
      if (check->late[i])
        {
          /* Counted, not listed one by one: that could be hundreds. */
          n_late++;
          if (!has_error)
            kind = node->error_kind;
          has_error = TRUE;
          continue;
        }
      if (node->has_error && is_replica (node) && node->error_kind != IC_PROBE_ERROR_SATURATED)
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
                                  check->options.latency_threshold_ms);
          if (state == IC_PROBE_STATE_OK)
            state = IC_PROBE_STATE_DEGRADED;
        }
    }
  omitted = describe_omissions (detail, check, n_late);
  state = MAX (state, omitted);
  skew = find_skew (nodes);
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
    latency = g_get_monotonic_time () - check->started;
  sample = _ic_probe_sample_new (state, latency, detail->str);
  sample->has_value = has_value;
  sample->value = highest;
  sample->has_error = has_error;
  sample->error_kind = kind;
  sample->skew = skew;
  sample->nodes = g_steal_pointer (&check->listed.nodes);
  return sample;
}

/* Checking each primary -------------------------------------------------------- */

/* Copies what a node run found into the node's row of the table. */
static void
fill_row (IcProbeNode         *row,
          const IcProbeSample *sample)
{
  const IcProbeNode *found = sample->nodes ? g_ptr_array_index (sample->nodes, 0) : NULL;

  if (sample->has_error || found == NULL)
    {
      row->has_error = TRUE;
      row->error_kind = sample->has_error ? sample->error_kind : IC_PROBE_ERROR_PROTOCOL;
      replace_str (&row->error, sample->detail);
      /* A node that refuses clients for its limit is using all of it. */
      row->has_utilisation = row->error_kind == IC_PROBE_ERROR_SATURATED;
      row->utilisation = row->has_utilisation ? 100.0 : 0;
      return;
    }
  row->connected_clients = found->connected_clients;
  row->maxclients = found->maxclients;
  row->has_utilisation = found->has_utilisation;
  row->utilisation = found->utilisation;
  row->latency_us = found->latency_us;
  /* The node's own word wins when it disagrees with the cluster's view,
   * as during a failover. */
  if (g_strcmp0 (found->role, "slave") == 0 && !is_replica (row))
    replace_str (&row->role, "replica");
  else if (g_strcmp0 (found->role, "master") == 0 && is_replica (row))
    replace_str (&row->role, "primary");
  else if (found->role != NULL && strcmp (found->role, "master") != 0
           && strcmp (found->role, "slave") != 0)
    replace_str (&row->role, found->role);
}

static void check_more (GTask *task);

static void
node_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  NodeCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = ic_probe_run_finish (result, &error);
  guint index = call->index;

  g_free (call);
  check->running--;
  if (sample != NULL)
    fill_row (g_ptr_array_index (check->listed.nodes, index), sample);
  check_more (task);
}

static void
check_node (GTask *task,
            guint  index,
            guint  timeout_ms)
{
  Check *check = g_task_get_task_data (task);
  IcProbeNode *row = g_ptr_array_index (check->listed.nodes, index);
  g_autofree char *host = g_strdup (row->address);
  char *colon = strrchr (host, ':');
  IcProbeOptions options = check->options;
  IcProbeSpec spec = { 0 };
  NodeCall *call = g_new0 (NodeCall, 1);

  *colon = '\0';
  spec.kind = IC_PROBE_KIND_REDIS;
  spec.host = host;
  spec.port = (int) _ic_redis_parse_count (colon + 1, strlen (colon + 1));
  spec.user = check->user;
  spec.password = check->password;
  options.timeout_ms = timeout_ms;
  call->task = g_object_ref (task);
  call->index = index;
  check->running++;
  _ic_probe_redis_node_run_async (&spec, &options, g_task_get_cancellable (task), node_done_cb,
                                  call);
}

/* A row whose turn came after the deadline: it was not checked at all. */
static void
mark_late (Check *check,
           guint  index)
{
  IcProbeNode *row = g_ptr_array_index (check->listed.nodes, index);

  check->late[index] = TRUE;
  row->has_error = TRUE;
  row->error_kind = IC_PROBE_ERROR_TIMEOUT;
  replace_str (&row->error, _("Not checked before the deadline"));
}

/* Starts node runs while fewer than IC_REDIS_CLUSTER_MAX_CONNECTIONS are
 * under way, each bounded by what is left of the check's deadline; returns
 * the task once every row has its answer. */
static void
check_more (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GPtrArray *nodes = check->listed.nodes;

  while (check->running < IC_REDIS_CLUSTER_MAX_CONNECTIONS && check->next < nodes->len
         && !g_cancellable_is_cancelled (cancellable))
    {
      guint index = check->next++;
      gint64 left_ms = (check->deadline - g_get_monotonic_time ()) / 1000;

      if (left_ms <= 0)
        mark_late (check, index);
      else
        check_node (task, index, (guint) MIN (left_ms, G_MAXUINT));
    }
  if (check->running > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, sum_up (check), (GDestroyNotify) ic_probe_sample_free);
}

/* Module API -------------------------------------------------------------------- */

void
_ic_probe_redis_cluster_check_async (const IcRedisClusterSeed *seed,
                                     const IcProbeOptions     *options,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (seed != NULL && options != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ic_probe_redis_cluster_check_async);
  g_task_set_name (task, "[ic] redis cluster check");
  check = g_new0 (Check, 1);
  check->options = *options;
  check->user = g_strdup (seed->user);
  check->password = g_strdup (seed->password);
  check->started = g_get_monotonic_time ();
  check->deadline = check->started + (gint64) options->timeout_ms * 1000;
  _ic_redis_cluster_info_init (&check->info);
  _ic_redis_parse_cluster_info (&check->info, seed->cluster_info,
                                seed->cluster_info ? strlen (seed->cluster_info) : 0);
  /* hiredis ends every bulk reply with a NUL; one inside ends it early. */
  _ic_redis_parse_cluster_nodes (&check->listed, seed->cluster_nodes,
                                 seed->cluster_nodes ? strlen (seed->cluster_nodes) : 0,
                                 seed->host, IC_REDIS_CLUSTER_MAX_NODES);
  check->late = g_new0 (guint8, MAX (check->listed.nodes->len, 1));
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  check_more (task);
}

IcProbeSample *
_ic_probe_redis_cluster_check_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
