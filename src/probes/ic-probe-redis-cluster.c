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

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-redis-private.h"

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
  if (g_strcmp0 (found->role, "slave") == 0 && !_ic_probe_node_is_replica (row))
    replace_str (&row->role, "replica");
  else if (g_strcmp0 (found->role, "master") == 0 && _ic_probe_node_is_replica (row))
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
  g_task_return_pointer (task,
                         _ic_probe_evaluate_redis_cluster (&check->info, &check->listed,
                                                           check->late, &check->options,
                                                           g_get_monotonic_time ()
                                                             - check->started),
                         (GDestroyNotify) ic_probe_sample_free);
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
