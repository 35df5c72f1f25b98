/* ic-probe-redis.c — one Redis node: PING latency and connection utilisation
 *
 * Over one connection (ic-probe-redis-connection.c), in one round trip:
 * SELECT the database the target names, PING and INFO of the four sections
 * read (INFO_SECTIONS: a third of what INFO says, and less of the server's
 * time); then CONFIG GET maxclients when INFO does not say. A server before
 * 7 takes one section at a time and refuses the four: the whole INFO and
 * CONFIG GET follow in a second round trip, as many as such a server always
 * took. The answers are summed up by _ic_probe_evaluate_redis(). A
 * cluster check (ic-probe-redis-cluster.c) checks each node this way and
 * asks for the node's row of its table as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-probe-redis-connection-private.h"
#include "ic-probe-redis-private.h"

/* What _ic_redis_parse_info() reads: connected_clients,
 * cluster_connections and maxclients; used_memory_human;
 * rejected_connections; role and master_link_status. Several sections in
 * one INFO: Redis 7 and later. */
#define INFO_SECTIONS "INFO clients memory stats replication"

typedef struct
{
  int          db;         /* SELECT it first when above 0 */
  gboolean     node_row;   /* a cluster's node: the sample holds its row */
  gint64       ping_sent;
  gint64       ping_us;
  IcRedisInfo  info;
} NodeCheck;

static void
node_check_free (NodeCheck *check)
{
  _ic_redis_info_clear (&check->info);
  g_free (check);
}

/* Evaluating ---------------------------------------------------------------- */

/* A cluster node's row. The client limit bounds clients and cluster bus
 * links together (REFERENCE B5), so both count towards its utilisation. */
static IcProbeNode *
node_row (IcRedisRun *run)
{
  NodeCheck *check = _ic_redis_run_get_check (run);
  const IcRedisTarget *target = _ic_redis_run_get_target (run);
  IcRedisInfo *info = &check->info;
  g_autofree char *address = g_strdup_printf ("%s:%d", target->host, target->port);
  IcProbeNode *node = ic_probe_node_new (address, info->role);
  /* Each count is at most IC_REDIS_MAX_COUNT (the parser refuses more):
   * the sum cannot overflow. */
  gint64 used = info->connected_clients + MAX (info->cluster_connections, 0);

  node->connected_clients = info->connected_clients;
  node->maxclients = info->maxclients;
  node->latency_us = check->ping_us;
  if (info->connected_clients >= 0 && info->maxclients > 0)
    {
      node->has_utilisation = TRUE;
      node->utilisation = 100.0 * (double) used / (double) info->maxclients;
    }
  return node;
}

static void
evaluate (IcRedisRun *run)
{
  NodeCheck *check = _ic_redis_run_get_check (run);
  IcProbeSample *sample = _ic_probe_evaluate_redis (&check->info, check->ping_us,
                                                    _ic_redis_run_elapsed (run),
                                                    _ic_redis_run_get_options (run));

  /* A node whose answers make no sense has no row of figures. */
  if (check->node_row && !sample->has_error)
    {
      sample->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
      g_ptr_array_add (sample->nodes, node_row (run));
    }
  _ic_redis_run_complete (run, sample);
}

/* Talking to the server ----------------------------------------------------- */

/* Whether the client limit is still to be asked for: INFO did not say
 * (servers before 7, some proxies) and said nothing refused. */
static gboolean
needs_config_limit (NodeCheck *check)
{
  return check->info.maxclients < 0 && check->info.bad_figure == NULL;
}

static void
config_cb (IcRedisRun *run,
           redisReply *reply)
{
  NodeCheck *check = _ic_redis_run_get_check (run);

  /* Asked for with the whole INFO, before it was read: only when that INFO
   * did not say. Managed services disable CONFIG: the limit just stays
   * unknown. */
  if (needs_config_limit (check) && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2
      && reply->element[1]->type == REDIS_REPLY_STRING)
    _ic_redis_info_parse_maxclients (&check->info, reply->element[1]->str,
                                     reply->element[1]->len);
  else if (reply->type == REDIS_REPLY_ERROR)
    g_debug ("CONFIG GET maxclients: %s", reply->str);
  evaluate (run);
}

/* INFO's answer into the check; an error reply ends the check (FALSE). */
static gboolean
read_info (IcRedisRun *run,
           redisReply *reply)
{
  NodeCheck *check = _ic_redis_run_get_check (run);

  if (reply->type == REDIS_REPLY_ERROR)
    {
      _ic_redis_run_fail_reply (run, reply);
      return FALSE;
    }
  if (reply->type == REDIS_REPLY_STRING)
    _ic_redis_parse_info (&check->info, reply->str, reply->len);
  return TRUE;
}

/* The whole INFO, from a server that refused the sections; CONFIG GET
 * follows in the same round trip. */
static void
whole_info_cb (IcRedisRun *run,
               redisReply *reply)
{
  read_info (run, reply);
}

static void
info_cb (IcRedisRun *run,
         redisReply *reply)
{
  /* "ERR syntax error" from a server before 7, which takes one section:
   * ask for all of them, and for the limit such a server does not put in
   * INFO. Other refusals (NOPERM, …) end the check as they are. */
  if (reply->type == REDIS_REPLY_ERROR && reply->str != NULL
      && g_str_has_prefix (reply->str, "ERR"))
    {
      g_debug ("%s: %s; the whole INFO instead", INFO_SECTIONS, reply->str);
      _ic_redis_run_command (run, whole_info_cb, "INFO");
      _ic_redis_run_command (run, config_cb, "CONFIG GET maxclients");
      return;
    }
  if (!read_info (run, reply))
    return;
  /* A server that does not say in INFO: a second round trip. */
  if (needs_config_limit (_ic_redis_run_get_check (run)))
    {
      _ic_redis_run_command (run, config_cb, "CONFIG GET maxclients");
      return;
    }
  evaluate (run);
}

/* PONG comes back in the round trip that carries INFO too. */
static void
ping_cb (IcRedisRun *run,
         redisReply *reply)
{
  NodeCheck *check = _ic_redis_run_get_check (run);

  check->ping_us = g_get_monotonic_time () - check->ping_sent;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      _ic_redis_run_fail_reply (run, reply);
      return;
    }
  if (reply->type != REDIS_REPLY_STATUS || g_strcmp0 (reply->str, "PONG") != 0)
    {
      g_autofree char *detail = g_strdup_printf (_("Unexpected answer to PING: %s"),
                                                 reply->str ? reply->str : "?");

      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, detail);
    }
}

static void
select_cb (IcRedisRun *run,
           redisReply *reply)
{
  /* "ERR DB index is out of range", verbatim: the target names a
   * database this server does not have. */
  if (reply->type == REDIS_REPLY_ERROR)
    _ic_redis_run_fail_reply (run, reply);
}

/* SELECT, PING and INFO in one write (after AUTH, when there is a
 * password): a failure of one ends the check, and the replies after it are
 * not looked at. */
static void
start_node_check (IcRedisRun *run)
{
  NodeCheck *check = _ic_redis_run_get_check (run);

  /* The database the application uses must exist (a cluster has only 0). */
  if (check->db > 0)
    _ic_redis_run_command (run, select_cb, "SELECT %d", check->db);
  check->ping_sent = g_get_monotonic_time ();
  _ic_redis_run_command (run, ping_cb, "PING");
  _ic_redis_run_command (run, info_cb, INFO_SECTIONS);
}

static void
check_node_async (const IcProbeSpec    *spec,
                  const char           *tls_name,
                  const IcProbeOptions *options,
                  gboolean              node_row,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  IcRedisTarget target = { spec->host, spec->port, spec->user, spec->password, spec->tls,
                           tls_name };
  NodeCheck *check = g_new0 (NodeCheck, 1);

  check->db = node_row ? 0 : spec->db;
  check->node_row = node_row;
  check->ping_us = -1;
  _ic_redis_info_init (&check->info);
  _ic_redis_run_start (&target, options, start_node_check, check,
                       (GDestroyNotify) node_check_free, cancellable, callback, user_data);
}

/* Module API ----------------------------------------------------------------- */

void
_ic_probe_redis_check_async (const IcProbeSpec    *spec,
                             const IcProbeOptions *options,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_return_if_fail (spec != NULL);

  check_node_async (spec, NULL, options, FALSE, cancellable, callback, user_data);
}

void
_ic_probe_redis_node_check_async (const IcProbeSpec    *spec,
                                  const char           *tls_name,
                                  const IcProbeOptions *options,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_return_if_fail (spec != NULL);

  check_node_async (spec, tls_name, options, TRUE, cancellable, callback, user_data);
}
