/* ic-probe-redis-cluster.c — a Redis cluster seen from one seed node
 *
 * The seed run (ic-probe-redis.c) reads CLUSTER INFO and CLUSTER NODES;
 * this file lists the primaries, checks each one with a run of its own
 * (PING latency, INFO clients, all on the main loop under what is left of
 * the deadline) and sums the answers up in one sample with a per-node
 * table. It owns no source and no connection itself: every wait belongs to
 * a node run, which is bounded and cancellable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-private.h"

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
  IcProbeOptions  options;
  char           *user;
  char           *password;
  char           *cluster_state;
  gint64          slots_assigned;
  gint64          slots_ok;
  GPtrArray      *nodes;      /* IcProbeNode, one per primary */
  guint           pending;
  gint64          started;    /* monotonic µs */
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
  g_free (check->cluster_state);
  g_clear_pointer (&check->nodes, g_ptr_array_unref);
  g_free (check);
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Parsing -------------------------------------------------------------------- */

static gint64
parse_count (const char *text)
{
  char *end = NULL;
  gint64 value = g_ascii_strtoll (text, &end, 10);

  return (end == text || value < 0) ? -1 : value;
}

/* "key:value" lines; unknown keys are skipped. */
static void
parse_cluster_info (Check      *check,
                    const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      char *colon = strchr (line, ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (strcmp (line, "cluster_state") == 0)
        replace_str (&check->cluster_state, colon + 1);
      else if (strcmp (line, "cluster_slots_assigned") == 0)
        check->slots_assigned = parse_count (colon + 1);
      else if (strcmp (line, "cluster_slots_ok") == 0)
        check->slots_ok = parse_count (colon + 1);
    }
}

/* "primary" or "replica", plus the failure flags the cluster reports, as
 * it spells them. */
static char *
role_from_flags (const char *flags,
                 gboolean    replica)
{
  g_auto(GStrv) parts = g_strsplit (flags, ",", -1);
  g_autoptr(GString) role = g_string_new (replica ? "replica" : "primary");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_has_prefix (parts[i], "fail") || strcmp (parts[i], "noaddr") == 0)
        g_string_append_printf (role, ",%s", parts[i]);
    }
  return g_string_free (g_steal_pointer (&role), FALSE);
}

typedef struct
{
  char        *id;
  char        *master_id;   /* "-" for a primary */
  IcProbeNode *node;
} NodeLine;

static void
node_line_free (NodeLine *line)
{
  g_free (line->id);
  g_free (line->master_id);
  if (line->node != NULL)
    ic_probe_node_free (line->node);
  g_free (line);
}

/* One CLUSTER NODES line: "<id> <ip:port@cport[,hostname]> <flags> <master> …".
 * Returns a primary's or a replica's row, %NULL for anything else (a node
 * being handshaked, a line that is not one). */
static NodeLine *
parse_node_line (const char *line,
                 const char *seed_host)
{
  g_auto(GStrv) fields = g_strsplit (line, " ", 5);
  g_autofree char *role = NULL;
  g_autofree char *address = NULL;
  gboolean replica;
  NodeLine *parsed;
  char *at;
  char *colon;

  if (g_strv_length (fields) < 4)
    return NULL;
  replica = strstr (fields[2], "slave") != NULL;
  if (!replica && strstr (fields[2], "master") == NULL)
    return NULL;
  at = strpbrk (fields[1], "@,");
  if (at != NULL)
    *at = '\0';
  colon = strrchr (fields[1], ':');
  if (colon == NULL || parse_count (colon + 1) <= 0)
    return NULL;
  /* A node that does not know its own address yet says ":port". */
  address = colon == fields[1] ? g_strdup_printf ("%s%s", seed_host, colon)
                               : g_strdup (fields[1]);
  role = role_from_flags (fields[2], replica);
  parsed = g_new0 (NodeLine, 1);
  parsed->id = g_strdup (fields[0]);
  parsed->master_id = g_strdup (replica ? fields[3] : "-");
  parsed->node = ic_probe_node_new (address, role);
  return parsed;
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const IcProbeNode *node_a = (*(NodeLine * const *) a)->node;
  const IcProbeNode *node_b = (*(NodeLine * const *) b)->node;
  const char *port_a = strrchr (node_a->address, ':');
  const char *port_b = strrchr (node_b->address, ':');
  int by_host = strncmp (node_a->address, node_b->address,
                         (size_t) MAX (port_a - node_a->address, port_b - node_b->address));

  if (by_host != 0)
    return by_host;
  return (int) (parse_count (port_a + 1) - parse_count (port_b + 1));
}

/* The table's rows: each primary, by address, followed by its replicas; a
 * replica whose primary is not listed comes last. */
static GPtrArray *
parse_cluster_nodes (const char *text,
                     const char *seed_host)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) node_line_free);
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      NodeLine *line = parse_node_line (g_strchomp (lines[i]), seed_host);

      if (line != NULL)
        g_ptr_array_add (parsed, line);
    }
  g_ptr_array_sort (parsed, compare_nodes);
  for (guint i = 0; i < parsed->len; i++)
    {
      NodeLine *primary = g_ptr_array_index (parsed, i);
      IcProbeNode *row;

      if (strcmp (primary->master_id, "-") != 0)
        continue;
      row = g_steal_pointer (&primary->node);
      g_ptr_array_add (nodes, row);
      for (guint j = 0; j < parsed->len; j++)
        {
          NodeLine *replica = g_ptr_array_index (parsed, j);

          if (replica->node != NULL && strcmp (replica->master_id, primary->id) == 0)
            {
              replica->node->primary = g_strdup (row->address);
              g_ptr_array_add (nodes, g_steal_pointer (&replica->node));
            }
        }
    }
  for (guint i = 0; i < parsed->len; i++)
    {
      NodeLine *orphan = g_ptr_array_index (parsed, i);

      if (orphan->node != NULL)
        g_ptr_array_add (nodes, g_steal_pointer (&orphan->node));
    }
  return nodes;
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
      total += node->connected_clients;
      if (top == NULL || node->connected_clients > top->connected_clients)
        {
          second = top ? top->connected_clients : 0;
          top = node;
        }
      else
        second = MAX (second, node->connected_clients);
    }
  if (measured < SKEW_MIN_NODES || total == 0
      || top->connected_clients * 100 < SKEW_SHARE_PERCENT * total
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
  /* Translators: "; 127.0.0.1:7002 unreachable: Connection refused" */
  g_string_append_printf (detail, _("; %s unreachable: %s"), node->address, node->error);
  return FALSE;
}

static void
describe_summary (GString *detail,
                  Check   *check)
{
  guint replicas = 0;

  g_string_append_printf (detail, "cluster_state:%s",
                          check->cluster_state ? check->cluster_state : "?");
  if (check->slots_ok >= 0)
    /* Translators: " · 16384 of 16384 slots ok" */
    g_string_append_printf (detail, _(" · %lld of %lld slots ok"), (long long) check->slots_ok,
                            (long long) MAX (check->slots_assigned, 0));
  for (guint i = 0; i < check->nodes->len; i++)
    replicas += is_replica (g_ptr_array_index (check->nodes, i));
  g_string_append (detail, " · ");
  g_string_append_printf (detail,
                          g_dngettext (GETTEXT_PACKAGE, "%u primary", "%u primaries",
                                       check->nodes->len - replicas),
                          check->nodes->len - replicas);
  if (replicas > 0)
    {
      g_string_append (detail, ", ");
      g_string_append_printf (detail,
                              g_dngettext (GETTEXT_PACKAGE, "%u replica", "%u replicas",
                                           replicas),
                              replicas);
    }
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
  char *skew;
  IcProbeSample *sample;

  describe_summary (detail, check);
  if (g_strcmp0 (check->cluster_state, "ok") != 0)
    {
      state = IC_PROBE_STATE_FAILING;
      has_error = TRUE;
    }
  for (guint i = 0; i < check->nodes->len; i++)
    {
      IcProbeNode *node = g_ptr_array_index (check->nodes, i);

      node->near_limit = node->has_utilisation && node->utilisation >= warn;
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
  skew = find_skew (check->nodes);
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
  sample->nodes = g_steal_pointer (&check->nodes);
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
  if (sample != NULL)
    fill_row (g_ptr_array_index (check->nodes, index), sample);
  if (--check->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, sum_up (check), (GDestroyNotify) ic_probe_sample_free);
}

static void
check_node (GTask        *task,
            guint         index,
            GCancellable *cancellable)
{
  Check *check = g_task_get_task_data (task);
  IcProbeNode *row = g_ptr_array_index (check->nodes, index);
  g_autofree char *host = g_strdup (row->address);
  char *colon = strrchr (host, ':');
  IcProbeSpec spec = { 0 };
  NodeCall *call = g_new0 (NodeCall, 1);

  *colon = '\0';
  spec.kind = IC_PROBE_KIND_REDIS;
  spec.host = host;
  spec.port = (int) parse_count (colon + 1);
  spec.user = check->user;
  spec.password = check->password;
  call->task = g_object_ref (task);
  call->index = index;
  _ic_probe_redis_node_run_async (&spec, &check->options, cancellable, node_done_cb, call);
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
  check->slots_assigned = -1;
  check->slots_ok = -1;
  check->started = g_get_monotonic_time ();
  parse_cluster_info (check, seed->cluster_info);
  check->nodes = parse_cluster_nodes (seed->cluster_nodes, seed->host);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  if (check->nodes->len == 0)
    {
      g_task_return_pointer (task, sum_up (check), (GDestroyNotify) ic_probe_sample_free);
      return;
    }
  check->pending = check->nodes->len;
  for (guint i = 0; i < check->nodes->len; i++)
    check_node (task, i, cancellable);
}

IcProbeSample *
_ic_probe_redis_cluster_check_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
