/* ic-probe-redis-cluster.c — a Redis cluster seen from one seed node
 *
 * A seed run (over ic-probe-redis-connection.c) reads CLUSTER INFO and
 * CLUSTER NODES; this file then lists the nodes, checks each one as a node
 * (ic-probe-redis.c: PING latency, INFO clients, all on the main loop under
 * what is left of the deadline) and sums the answers up in one sample with
 * a per-node table. It owns no source and no connection itself: every wait
 * belongs to a run, which is bounded and cancellable.
 *
 * What the seed lists is not trusted to be small: the table keeps at most
 * Redis Cluster's own ceiling of nodes, no more than a few node checks are
 * under way at once, and a row whose turn comes after the deadline is
 * marked as not checked instead of started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-redis-connection-private.h"
#include "ic-probe-redis-private.h"

/* What the seed node said, borrowed for the call. */
typedef struct
{
  const char *host;
  const char *user;
  const char *password;
  gboolean    tls;          /* rediss://: the nodes are asked over TLS too */
  const char *ca_file;
  const char *cluster_info;
  const char *cluster_nodes;
} ClusterSeed;

typedef struct
{
  IcProbeOptions      options;
  char               *user;
  char               *password;
  gboolean            tls;
  char               *ca_file;
  IcProbeSessionPool *sessions;   /* (nullable) owned; options.sessions borrows it */
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
  g_free (check->ca_file);
  g_clear_object (&check->sessions);
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
  spec.tls = check->tls;
  options.timeout_ms = timeout_ms;
  options.ca_file = check->ca_file;
  call->task = g_object_ref (task);
  call->index = index;
  check->running++;
  /* Asked by address; over TLS its certificate is for the name it announces. */
  _ic_probe_redis_node_check_async (&spec, row->hostname, &options,
                                    g_task_get_cancellable (task), node_done_cb, call);
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

/* Checks every primary @seed lists and sums it up in one sample with the
 * per-node table. Never fails: a node that does not answer is a row with
 * its error; only cancellation returns an error. */
static void
check_nodes_async (const ClusterSeed    *seed,
                   const IcProbeOptions *options,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (seed != NULL && options != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, check_nodes_async);
  g_task_set_name (task, "[ic] redis cluster check");
  check = g_new0 (Check, 1);
  check->options = *options;
  check->sessions = options->sessions != NULL ? g_object_ref (options->sessions) : NULL;
  check->options.sessions = check->sessions;
  check->user = g_strdup (seed->user);
  check->password = g_strdup (seed->password);
  check->tls = seed->tls;
  check->ca_file = g_strdup (seed->ca_file);
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

/* The seed's run -------------------------------------------------------------- */

typedef struct
{
  char *cluster_info;
  char *ca_file;        /* for the nodes over TLS */
} SeedCheck;

static void
seed_check_free (SeedCheck *check)
{
  g_free (check->cluster_info);
  g_free (check->ca_file);
  g_free (check);
}

static void
nodes_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  IcRedisRun *run = user_data;
  IcProbeSample *sample = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled or timed out meanwhile: the run is already complete. */
  if (sample != NULL)
    _ic_redis_run_complete (run, sample);
  _ic_redis_run_unref (run);
}

static void
cluster_nodes_cb (IcRedisRun *run,
                  redisReply *reply)
{
  SeedCheck *check = _ic_redis_run_get_check (run);
  const IcRedisTarget *target = _ic_redis_run_get_target (run);
  IcProbeOptions options = *_ic_redis_run_get_options (run);
  ClusterSeed seed = { target->host, target->user, target->password, target->tls,
                       check->ca_file, check->cluster_info, NULL };

  if (reply->type != REDIS_REPLY_STRING)
    {
      _ic_redis_run_fail_reply (run, reply);
      return;
    }
  seed.cluster_nodes = reply->str;
  options.timeout_ms = _ic_redis_run_remaining_ms (run);
  /* The seed connection is not needed any more. */
  _ic_redis_run_detach (run);
  check_nodes_async (&seed, &options, _ic_redis_run_get_cancellable (run), nodes_checked_cb,
                     _ic_redis_run_ref (run));
}

static void
cluster_info_cb (IcRedisRun *run,
                 redisReply *reply)
{
  SeedCheck *check = _ic_redis_run_get_check (run);

  if (reply->type == REDIS_REPLY_ERROR)
    {
      /* "ERR This instance has cluster support disabled", verbatim: the
       * seed is not a cluster node, so there is no cluster to check. */
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_PROTOCOL,
                          reply->str ? reply->str : "");
      return;
    }
  if (reply->type != REDIS_REPLY_STRING)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL,
                          _("Unexpected answer to CLUSTER INFO"));
      return;
    }
  check->cluster_info = g_strndup (reply->str, reply->len);
}

/* Both questions in one round trip (after AUTH): when CLUSTER INFO fails,
 * the answer to CLUSTER NODES is not looked at. */
static void
start_seed_check (IcRedisRun *run)
{
  _ic_redis_run_command (run, cluster_info_cb, "CLUSTER INFO");
  _ic_redis_run_command (run, cluster_nodes_cb, "CLUSTER NODES");
}

/* Cluster seeds ---------------------------------------------------------------
 *
 * A cluster can be read from any of its nodes. When the target node does
 * not take the connection (refused, or its name does not resolve), the
 * check goes on to the seeds the target lists (?seeds=…) and then to the
 * nodes the last good check of the same target saw, within the same
 * deadline, as a cluster-aware client would.
 */

static GMutex      learned_lock;
static GHashTable *learned;   /* "host:port" of a target → GStrv of node addresses */

/* A node is remembered as "host:port", or "host:port name" when it
 * announced a host name: asked by address again, its certificate is
 * checked against the name (a space is in no address). */
static void
learn_nodes (const char          *target,
             const IcProbeSample *sample)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (sample->nodes == NULL || sample->nodes->len == 0)
    return;
  for (guint i = 0; i < sample->nodes->len; i++)
    {
      const IcProbeNode *node = g_ptr_array_index (sample->nodes, i);
      g_autofree char *named = NULL;

      if (node->hostname != NULL)
        named = g_strconcat (node->address, " ", node->hostname, NULL);
      g_strv_builder_add (builder, named != NULL ? named : node->address);
    }
  g_mutex_lock (&learned_lock);
  if (learned == NULL)
    learned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_hash_table_replace (learned, g_strdup (target), g_strv_builder_end (builder));
  g_mutex_unlock (&learned_lock);
}

typedef struct
{
  char           *user;
  char           *password;
  gboolean        tls;
  char           *ca_file;
  IcProbeSessionPool *sessions; /* (nullable) owned: the CA files' cache */
  IcProbeOptions  options;
  GPtrArray      *candidates;   /* "host:port" or "host:port tls-name", the target's first */
  GHashTable     *seen;         /* the candidates, borrowed: each once */
  guint           next;
  gint64          started;
  GString        *skipped;      /* the seeds that did not answer, and why */
} SeedWalk;

static void
seed_walk_free (SeedWalk *walk)
{
  g_free (walk->user);
  g_free (walk->ca_file);
  g_clear_object (&walk->sessions);
  if (walk->password != NULL)
    memset (walk->password, 0, strlen (walk->password));
  g_free (walk->password);
  g_hash_table_unref (walk->seen);
  g_ptr_array_unref (walk->candidates);
  g_string_free (walk->skipped, TRUE);
  g_free (walk);
}

static void
add_candidate (SeedWalk   *walk,
               const char *address)
{
  char *copy;

  if (g_hash_table_contains (walk->seen, address))
    return;
  copy = g_strdup (address);
  g_ptr_array_add (walk->candidates, copy);
  g_hash_table_add (walk->seen, copy);
}

static void walk_next (GTask *task);

static gboolean
worth_another_seed (const IcProbeSample *sample)
{
  /* Only what says "not this node": anything later (AUTH, a cluster that
   * is down) is the cluster's answer, and a timeout has used the time. */
  return sample->has_error && sample->nodes == NULL
         && (sample->error_kind == IC_PROBE_ERROR_REFUSED
             || sample->error_kind == IC_PROBE_ERROR_DNS);
}

static void
seed_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedWalk *walk = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  IcProbeSample *sample = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *tried = g_strdup (g_ptr_array_index (walk->candidates, walk->next - 1));
  gint64 left_ms = (gint64) walk->options.timeout_ms
                   - (g_get_monotonic_time () - walk->started) / 1000;

  if (sample == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Shown by address: "host:port". */
  if (strchr (tried, ' ') != NULL)
    *strchr (tried, ' ') = '\0';
  if (worth_another_seed (sample) && walk->next < walk->candidates->len && left_ms > 0)
    {
      g_string_append_printf (walk->skipped, "%s%s (%s)", walk->skipped->len ? "; " : "", tried,
                              sample->detail);
      ic_probe_sample_free (sample);
      walk_next (task);
      return;
    }
  if (walk->skipped->len > 0)
    {
      /* Translators: "Seed 127.0.0.1:7000 (Connection refused) did not answer; read the
       * cluster from 127.0.0.1:7001 · " before the cluster's summary */
      g_autofree char *detail = g_strdup_printf (_("Seed %s did not answer; read the cluster "
                                                   "from %s · %s"),
                                                 walk->skipped->str, tried, sample->detail);

      g_free (sample->detail);
      sample->detail = g_steal_pointer (&detail);
    }
  if (sample->nodes != NULL)
    learn_nodes (g_ptr_array_index (walk->candidates, 0), sample);
  g_task_return_pointer (task, sample, (GDestroyNotify) ic_probe_sample_free);
}

static void
walk_next (GTask *task)
{
  SeedWalk *walk = g_task_get_task_data (task);
  g_autofree char *host = g_strdup (g_ptr_array_index (walk->candidates, walk->next));
  char *name = strchr (host, ' ');
  char *colon;
  IcProbeOptions options = walk->options;
  IcRedisTarget target = { 0 };
  SeedCheck *check = g_new0 (SeedCheck, 1);
  gint64 used_ms = (g_get_monotonic_time () - walk->started) / 1000;

  walk->next++;
  if (name != NULL)
    *name++ = '\0';
  colon = strrchr (host, ':');
  *colon = '\0';
  target.tls_name = name;
  target.host = host;
  target.port = atoi (colon + 1);
  target.user = walk->user;
  target.password = walk->password;
  target.tls = walk->tls;
  options.timeout_ms = (guint) MAX ((gint64) walk->options.timeout_ms - used_ms, 1);
  options.ca_file = walk->ca_file;
  options.sessions = walk->sessions;
  check->ca_file = g_strdup (walk->ca_file);
  _ic_redis_run_start (&target, &options, start_seed_check, check,
                       (GDestroyNotify) seed_check_free, g_task_get_cancellable (task),
                       seed_done_cb, g_object_ref (task));
}

/* Module API ----------------------------------------------------------------- */

void
_ic_probe_redis_cluster_check_async (const IcProbeSpec    *spec,
                                     const IcProbeOptions *options,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *target = NULL;
  SeedWalk *walk = g_new0 (SeedWalk, 1);
  IcProbeOptions defaults;
  GStrv seen;

  if (options == NULL)
    {
      ic_probe_options_init (&defaults);
      options = &defaults;
    }
  g_task_set_source_tag (task, _ic_probe_redis_cluster_check_async);
  g_task_set_name (task, "[ic] redis cluster seeds");
  walk->user = g_strdup (spec->user);
  walk->password = g_strdup (options->password != NULL ? options->password : spec->password);
  walk->tls = spec->tls;
  walk->ca_file = g_strdup (options->ca_file);
  walk->options = *options;
  _ic_probe_options_drop_strings (&walk->options);
  walk->sessions = options->sessions != NULL ? g_object_ref (options->sessions) : NULL;
  walk->candidates = g_ptr_array_new_with_free_func (g_free);
  walk->seen = g_hash_table_new (g_str_hash, g_str_equal);
  walk->skipped = g_string_new (NULL);
  walk->started = g_get_monotonic_time ();
  target = g_strdup_printf ("%s:%d", spec->host ? spec->host : "",
                            spec->port > 0 ? spec->port : 6379);
  add_candidate (walk, target);
  for (guint i = 0; spec->seeds != NULL && spec->seeds[i] != NULL; i++)
    add_candidate (walk, spec->seeds[i]);
  g_mutex_lock (&learned_lock);
  seen = learned ? g_hash_table_lookup (learned, target) : NULL;
  for (guint i = 0; seen != NULL && seen[i] != NULL; i++)
    add_candidate (walk, seen[i]);
  g_mutex_unlock (&learned_lock);
  g_task_set_task_data (task, walk, (GDestroyNotify) seed_walk_free);
  walk_next (task);
}
