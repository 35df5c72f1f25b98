/* test-probe-redis-evaluate.c — what a Redis node's INFO and a cluster's
 * node checks mean, judged from tables of cases: no server, no network, no
 * main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ic-probe-redis-connection-private.h"
#include "ic-probe-redis-private.h"

/* One node ------------------------------------------------------------------ */

typedef struct
{
  const char   *name;
  gint64        clients;
  gint64        maxclients;
  gint64        rejected;
  const char   *role;
  const char   *memory;
  const char   *master_link;
  const char   *bad_figure;
  gint64        ping_us;
  double        warn_above;      /* NAN: the default, 80 % */
  guint         slower_than_ms;
  IcProbeState  state;
  gboolean      has_value;
  double        value;
  const char   *detail;          /* the whole detail */
} NodeCase;

static const NodeCase node_cases[] = {
  { "healthy primary", 10, 100, 0, "master", "1.20M", NULL, NULL, 1500, NAN, 0,
    IC_PROBE_STATE_OK, TRUE, 10.0,
    "PONG in 1.5 ms · master · 10 / 100 clients (10.0 %) · 1.20M used" },
  { "at the default warning, degraded", 80, 100, 0, "master", NULL, NULL, NULL, 1000, NAN, 0,
    IC_PROBE_STATE_DEGRADED, TRUE, 80.0, "PONG in 1.0 ms · master · 80 / 100 clients (80.0 %)" },
  { "under the probe's own threshold", 85, 100, 0, "master", NULL, NULL, NULL, 1000, 90.0, 0,
    IC_PROBE_STATE_OK, TRUE, 85.0, "PONG in 1.0 ms · master · 85 / 100 clients (85.0 %)" },
  { "a replica says so in words", 5, 100, 0, "slave", NULL, "up", NULL, 1000, NAN, 0,
    IC_PROBE_STATE_OK, TRUE, 5.0, "PONG in 1.0 ms · replica · 5 / 100 clients (5.0 %)" },
  { "a replica that lost its primary", 5, 100, 0, "slave", NULL, "down", NULL, 1000, NAN, 0,
    IC_PROBE_STATE_DEGRADED, TRUE, 5.0,
    "PONG in 1.0 ms · replica · 5 / 100 clients (5.0 %) · master link down" },
  { "no limit known: no utilisation", 12, -1, 0, NULL, NULL, NULL, NULL, 2000, NAN, 0,
    IC_PROBE_STATE_OK, FALSE, 0, "PONG in 2.0 ms · 12 clients (limit unknown)" },
  { "rejected connections are counted", 10, 100, 3, "master", NULL, NULL, NULL, 1000, NAN, 0,
    IC_PROBE_STATE_OK, TRUE, 10.0,
    "PONG in 1.0 ms · master · 10 / 100 clients (10.0 %) · 3 rejected connections" },
  { "slower than the probe allows", 10, 100, 0, "master", NULL, NULL, NULL, 1500, NAN, 1,
    IC_PROBE_STATE_DEGRADED, TRUE, 10.0,
    "PONG in 1.5 ms · master · 10 / 100 clients (10.0 %); slower than 1 ms" },
  { "a count no Redis can reach", 10, 100, 0, "master", NULL, NULL,
    "connected_clients:9223372036854775807", 1000, NAN, 0, IC_PROBE_STATE_FAILING, FALSE, 0,
    "The server reports connected_clients:9223372036854775807, beyond the 4294967295 "
    "connections a Redis server can count" },
};

static void
test_node (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (node_cases); i++)
    {
      const NodeCase *c = &node_cases[i];
      g_autoptr(IcProbeSample) sample = NULL;
      IcProbeOptions options;
      IcRedisInfo info;

      g_test_message ("%s", c->name);
      _ic_redis_info_init (&info);
      info.connected_clients = c->clients;
      info.maxclients = c->maxclients;
      info.rejected_connections = c->rejected;
      info.role = g_strdup (c->role);
      info.used_memory_human = g_strdup (c->memory);
      info.master_link_status = g_strdup (c->master_link);
      info.bad_figure = g_strdup (c->bad_figure);
      ic_probe_options_init (&options);
      options.warn_above = c->warn_above;
      options.latency_threshold_ms = c->slower_than_ms;

      sample = _ic_probe_evaluate_redis (&info, c->ping_us, 4321, &options);
      g_assert_cmpint (sample->state, ==, c->state);
      g_assert_cmpstr (sample->detail, ==, c->detail);
      g_assert_cmpint (sample->has_value, ==, c->has_value);
      if (c->has_value)
        g_assert_cmpfloat_with_epsilon (sample->value, c->value, 1e-9);
      if (c->bad_figure != NULL)
        {
          /* An error: the latency is the whole check's. */
          g_assert_true (sample->has_error);
          g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
          g_assert_cmpint (sample->latency_us, ==, 4321);
        }
      else
        {
          g_assert_false (sample->has_error);
          g_assert_cmpint (sample->latency_us, ==, c->ping_us);
          g_assert_cmpint (sample->rejected_connections, ==, c->rejected);
        }
      g_assert_null (sample->nodes);
      _ic_redis_info_clear (&info);
    }
}

/* A cluster ----------------------------------------------------------------- */

typedef struct
{
  const char   *address;
  const char   *role;
  gint64        clients;        /* -1: unknown */
  gint64        maxclients;
  gint64        latency_us;     /* -1: no answer */
  IcProbeError  error_kind;     /* with error */
  const char   *error;          /* NULL: checked fine */
  gboolean      late;           /* the deadline came first */
} NodeRow;

#define MAX_ROWS 4

typedef struct
{
  const char   *name;
  const char   *state;          /* CLUSTER INFO cluster_state */
  NodeRow       rows[MAX_ROWS];
  guint         n_listed;       /* 0: as many as rows */
  guint         n_malformed;
  guint         slower_than_ms;
  IcProbeState  expected;
  gboolean      has_error;
  IcProbeError  error_kind;
  double        value;          /* highest utilisation; NAN: none */
  gint64        latency_us;
  const char   *detail;         /* the whole detail */
} ClusterCase;

#define P(a, c) { a, "primary", c, 100, 1000, 0, NULL, FALSE }

static const ClusterCase cluster_cases[] = {
  { "three healthy primaries", "ok", { P ("10.0.0.1:7000", 10), P ("10.0.0.2:7000", 12),
                                       P ("10.0.0.3:7000", 11) }, 0, 0, 0,
    IC_PROBE_STATE_OK, FALSE, 0, 12.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 3 primaries" },
  { "the cluster says it fails", "fail", { P ("10.0.0.1:7000", 10), P ("10.0.0.2:7000", 12) },
    0, 0, 0, IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_FAILED, 12.0, 1000,
    "cluster_state:fail · 16384 of 16384 slots ok · 2 primaries" },
  { "a primary unreachable", "ok",
    { P ("10.0.0.1:7000", 10), { "10.0.0.2:7000", "primary", -1, -1, -1,
                                 IC_PROBE_ERROR_REFUSED, "Connection refused", FALSE } },
    0, 0, 0, IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_REFUSED, 10.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 2 primaries; 10.0.0.2:7000 unreachable: "
    "Connection refused" },
  { "a lost replica is lost redundancy", "ok",
    { P ("10.0.0.1:7000", 10), { "10.0.0.4:7000", "replica of 10.0.0.1:7000", -1, -1, -1,
                                 IC_PROBE_ERROR_REFUSED, "Connection refused", FALSE } },
    0, 0, 0, IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 10.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 1 primary, 1 replica; replica 10.0.0.4:7000 "
    "unreachable: Connection refused" },
  { "a saturated primary names the failure", "ok",
    { { "10.0.0.1:7000", "primary", -1, -1, -1, IC_PROBE_ERROR_REFUSED,
        "Connection refused", FALSE },
      { "10.0.0.2:7000", "primary", -1, -1, -1, IC_PROBE_ERROR_SATURATED,
        "Saturated: ERR max number of clients + cluster connections reached", FALSE } },
    0, 0, 0, IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_SATURATED, NAN, 4321,
    "cluster_state:ok · 16384 of 16384 slots ok · 2 primaries; 10.0.0.1:7000 unreachable: "
    "Connection refused; 10.0.0.2:7000: Saturated: ERR max number of clients + cluster "
    "connections reached" },
  { "a node near its limit", "ok", { P ("10.0.0.1:7000", 10), P ("10.0.0.2:7000", 92) },
    0, 0, 0, IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 92.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 2 primaries; 10.0.0.2:7000 at 92.0 % of "
    "maxclients" },
  { "skew onto one primary", "ok", { P ("10.0.0.1:7000", 52), P ("10.0.0.2:7000", 3),
                                     P ("10.0.0.3:7000", 3) }, 0, 0, 0,
    IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 52.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 3 primaries; skew: 10.0.0.1:7000 holds 52 of "
    "58 client connections (at least 80 % of all and 10 more than any other primary: a client "
    "that bypassed cluster discovery?)" },
  { "a slow node", "ok", { P ("10.0.0.1:7000", 10),
                           { "10.0.0.2:7000", "primary", 10, 100, 250000, 0, NULL, FALSE } },
    0, 0, 100, IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 10.0, 250000,
    "cluster_state:ok · 16384 of 16384 slots ok · 2 primaries; 10.0.0.2:7000 slower than "
    "100 ms" },
  { "nodes left unchecked by the deadline", "ok",
    { P ("10.0.0.1:7000", 10),
      { "10.0.0.2:7000", "primary", -1, -1, -1, IC_PROBE_ERROR_TIMEOUT, NULL, TRUE },
      { "10.0.0.3:7000", "primary", -1, -1, -1, IC_PROBE_ERROR_TIMEOUT, NULL, TRUE } },
    0, 0, 0, IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_TIMEOUT, 10.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 3 primaries; 2 nodes not checked before the "
    "deadline" },
  { "more nodes listed than a cluster can have", "ok", { P ("10.0.0.1:7000", 10) }, 20000, 0, 0,
    IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 10.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 1 primary; CLUSTER NODES lists 20000 nodes, "
    "more than the 1000 a Redis cluster can have: the first 1 are in the table" },
  { "a line not understood", "ok", { P ("10.0.0.1:7000", 10) }, 0, 1, 0,
    IC_PROBE_STATE_DEGRADED, FALSE, IC_PROBE_ERROR_FAILED, 10.0, 1000,
    "cluster_state:ok · 16384 of 16384 slots ok · 1 primary; 1 line of CLUSTER NODES not "
    "understood: garbage" },
};

static void
test_cluster (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cluster_cases); i++)
    {
      const ClusterCase *c = &cluster_cases[i];
      g_autoptr(IcProbeSample) sample = NULL;
      IcRedisClusterInfo info;
      IcRedisClusterNodes listed = { 0 };
      guint8 late[MAX_ROWS] = { 0 };
      IcProbeOptions options;
      guint n = 0;

      g_test_message ("%s", c->name);
      _ic_redis_cluster_info_init (&info);
      info.state = g_strdup (c->state);
      info.slots_assigned = 16384;
      info.slots_ok = 16384;
      listed.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
      for (; n < MAX_ROWS && c->rows[n].address != NULL; n++)
        {
          const NodeRow *r = &c->rows[n];
          IcProbeNode *node = ic_probe_node_new (r->address, r->role);

          node->connected_clients = r->clients;
          node->maxclients = r->maxclients;
          node->latency_us = r->latency_us;
          if (r->clients >= 0 && r->maxclients > 0)
            {
              node->has_utilisation = TRUE;
              node->utilisation = 100.0 * (double) r->clients / (double) r->maxclients;
            }
          node->has_error = r->error != NULL || r->late;
          node->error_kind = r->error_kind;
          node->error = g_strdup (r->error);
          late[n] = r->late;
          g_ptr_array_add (listed.nodes, node);
        }
      listed.n_listed = c->n_listed > 0 ? c->n_listed : n;
      listed.n_malformed = c->n_malformed;
      listed.malformed = c->n_malformed > 0 ? g_strdup ("garbage") : NULL;
      ic_probe_options_init (&options);
      options.latency_threshold_ms = c->slower_than_ms;

      sample = _ic_probe_evaluate_redis_cluster (&info, &listed, late, &options, 4321);
      g_assert_cmpstr (sample->detail, ==, c->detail);
      g_assert_cmpint (sample->state, ==, c->expected);
      g_assert_cmpint (sample->has_error, ==, c->has_error);
      if (c->has_error)
        g_assert_cmpint (sample->error_kind, ==, c->error_kind);
      g_assert_cmpint (sample->has_value, ==, !isnan (c->value));
      if (!isnan (c->value))
        g_assert_cmpfloat_with_epsilon (sample->value, c->value, 1e-9);
      g_assert_cmpint (sample->latency_us, ==, c->latency_us);
      g_assert_cmpint ((sample->skew != NULL), ==, (strstr (c->detail, "skew:") != NULL));
      /* The sample has the table; the listing gave it away. */
      g_assert_null (listed.nodes);
      g_assert_nonnull (sample->nodes);
      g_assert_cmpuint (sample->nodes->len, ==, n);
      for (guint j = 0; j < n; j++)
        {
          const IcProbeNode *node = g_ptr_array_index (sample->nodes, j);

          g_assert_cmpint (node->near_limit, ==,
                           node->has_utilisation && node->utilisation >= 80.0);
        }
      _ic_redis_cluster_info_clear (&info);
      _ic_redis_cluster_nodes_clear (&listed);
    }
}

/* A command without arguments is formatted by hiredis once: the same bytes
 * as hiredis' own formatting of it, the same GBytes at every call, and
 * from any thread. */
static void
assert_formatted_as_hiredis (const char *command)
{
  GBytes *fixed = _ic_redis_format_fixed (command);
  char *expected = NULL;
  int len = redisFormatCommand (&expected, command);
  gsize size;
  const char *data;

  g_assert_nonnull (fixed);
  g_assert_cmpint (len, >, 0);
  data = g_bytes_get_data (fixed, &size);
  g_assert_cmpmem (data, size, expected, len);
  g_assert_true (_ic_redis_format_fixed (command) == fixed);
  redisFreeCommand (expected);
}

static gpointer
format_in_thread (gpointer data)
{
  return _ic_redis_format_fixed (data);
}

static void
test_fixed_command (void)
{
#define CONFIG_GET "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$10\r\nmaxclients\r\n"
  GThread *threads[4];
  GBytes *config;
  GBytes *first;

  assert_formatted_as_hiredis ("PING");
  assert_formatted_as_hiredis ("INFO clients memory stats replication");
  /* Spaces between words, as hiredis reads them. */
  assert_formatted_as_hiredis ("CLUSTER  NODES ");
  config = _ic_redis_format_fixed ("CONFIG GET maxclients");
  g_assert_cmpmem (g_bytes_get_data (config, NULL), g_bytes_get_size (config), CONFIG_GET,
                   sizeof CONFIG_GET - 1);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("format", format_in_thread, (gpointer) "CLUSTER INFO");
  first = g_thread_join (threads[0]);
  g_assert_nonnull (first);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == first);
  g_assert_true (_ic_redis_format_fixed ("CLUSTER INFO") == first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-redis-evaluate/node", test_node);
  g_test_add_func ("/ic/probe-redis-evaluate/cluster", test_cluster);
  g_test_add_func ("/ic/probe-redis-evaluate/fixed-command", test_fixed_command);

  return g_test_run ();
}
