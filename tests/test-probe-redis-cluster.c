/* test-probe-redis-cluster.c — the Redis probe against a real 3-primary
 * cluster made by the test itself with redis-cli --cluster create, against
 * scripted in-process nodes that say what no real cluster would, and its
 * parsers against tables of replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ic-probe-redis-private.h"
#include "ic-probe-session-pool-private.h"
#include "ic-test-probe-run.h"
#include "ic-test-redis-cluster.h"
#include "ic-test-redis-fake.h"
#include "ic-test-util.h"

#define GUARD_MS    15000
#define N_PRIMARIES IC_TEST_CLUSTER_SIZE

typedef struct
{
  GMainContext       *context;
  IcTestRedisCluster  cluster;
  GPtrArray          *held;      /* GSocketConnection, kept open */
  IcTestRedisFake     seed;      /* scripted nodes, when a test starts them */
  IcTestRedisFake     nodes;
} Fixture;

/* Helpers ------------------------------------------------------------------- */

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the fixture's context until *done, bounded by @guard_ms. */
static void
iterate_until (Fixture        *fx,
               const gboolean *done,
               guint           guard_ms)
{
  gboolean expired = FALSE;
  GSource *guard = g_timeout_source_new (guard_ms);

  g_source_set_callback (guard, set_flag_cb, &expired, NULL);
  g_source_attach (guard, fx->context);
  while (!*done && !expired)
    g_main_context_iteration (fx->context, TRUE);
  g_source_destroy (guard);
  g_source_unref (guard);
  g_assert_true (*done);
}

/* Iterates the context for @ms without sleeping in the test itself. */
static void
iterate_for (Fixture *fx,
             guint    ms)
{
  gboolean done = FALSE;
  GSource *timer = g_timeout_source_new (ms);

  g_source_set_callback (timer, set_flag_cb, &done, NULL);
  g_source_attach (timer, fx->context);
  while (!done)
    g_main_context_iteration (fx->context, TRUE);
  g_source_unref (timer);
}

typedef struct
{
  gboolean           done;
  GSocketConnection *connection;
} ConnectData;

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ConnectData *data = user_data;

  data->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  data->done = TRUE;
}

/* Connects to 127.0.0.1:port on the main context; NULL when refused. */
static GSocketConnection *
connect_loopback (Fixture *fx,
                  int      port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  ConnectData data = { FALSE, NULL };

  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), NULL, connect_cb,
                                 &data);
  iterate_until (fx, &data.done, GUARD_MS);
  return data.connection;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->context = g_main_context_new ();
  g_main_context_push_thread_default (fx->context);
  fx->held = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_setup_cluster (Fixture       *fx,
                       gconstpointer  data)
{
  fixture_setup (fx, data);
  ic_test_cluster_start (&fx->cluster);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (guint i = 0; i < fx->held->len; i++)
    g_io_stream_close (g_ptr_array_index (fx->held, i), NULL, NULL);
  g_clear_pointer (&fx->held, g_ptr_array_unref);
  ic_test_cluster_stop (&fx->cluster);
  ic_test_redis_fake_stop (&fx->seed);
  ic_test_redis_fake_stop (&fx->nodes);
  while (g_main_context_iteration (fx->context, FALSE))
    ;
  g_main_context_pop_thread_default (fx->context);
  g_clear_pointer (&fx->context, g_main_context_unref);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} ProbeData;

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeData *data = user_data;

  data->result = g_object_ref (result);
  data->done = TRUE;
}

static char *
cluster_url (Fixture *fx,
             guint    seed)
{
  return g_strdup_printf ("redis://127.0.0.1:%d?cluster=1", fx->cluster.ports[seed]);
}

static IcProbeSample *run_probe_with (Fixture              *fx,
                                      const char           *url,
                                      const IcProbeOptions *options,
                                      GCancellable         *cancellable,
                                      GError              **error);

static IcProbeSample *
run_probe (Fixture      *fx,
           const char   *url,
           GCancellable *cancellable,
           GError      **error)
{
  return run_probe_with (fx, url, NULL, cancellable, error);
}

static IcProbeSample *
run_probe_with (Fixture              *fx,
                const char           *url,
                const IcProbeOptions *options,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, &local_error);
  ProbeData data = { FALSE, NULL };
  IcProbeSample *sample;

  g_assert_no_error (local_error);
  g_assert_true (spec->cluster);
  ic_probe_run_async (spec, options, cancellable, probe_done_cb, &data);
  /* The probe's own deadline ends it; the guard only catches a check that
   * never completes, so it waits longer than any budget a test gives. */
  iterate_until (fx, &data.done,
                 MAX (GUARD_MS, options != NULL ? options->timeout_ms + GUARD_MS : 0));
  sample = ic_probe_run_finish (data.result, error);
  g_object_unref (data.result);
  if (sample != NULL)
    g_test_message ("%s: %s (%s) %s", url, ic_probe_state_to_string (sample->state),
                    sample->has_error ? ic_probe_error_to_string (sample->error_kind) : "-",
                    sample->detail);
  /* Let the node runs' teardowns finish before the next check. */
  while (g_main_context_iteration (fx->context, FALSE))
    ;
  return sample;
}

static void
hold_connections (Fixture *fx,
                  guint    node,
                  guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      GSocketConnection *connection = connect_loopback (fx, fx->cluster.ports[node]);

      g_assert_nonnull (connection);
      g_ptr_array_add (fx->held, connection);
    }
  /* Let the server accept them all. */
  iterate_for (fx, 100);
}

static const IcProbeNode *
find_row (const IcProbeSample *sample,
          Fixture             *fx,
          guint                node)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%d", fx->cluster.ports[node]);
  GPtrArray *nodes = ic_probe_sample_get_nodes (sample);

  g_assert_nonnull (nodes);
  for (guint i = 0; i < nodes->len; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (nodes, i);

      if (strcmp (row->address, address) == 0)
        return row;
    }
  g_test_message ("no row for %s", address);
  g_assert_not_reached ();
  return NULL;
}

static void
assert_row_measured (const IcProbeNode *row)
{
  g_assert_false (row->has_error);
  g_assert_null (row->error);
  g_assert_true (g_strcmp0 (row->role, "primary") == 0 || g_strcmp0 (row->role, "replica") == 0);
  g_assert_cmpint (row->connected_clients, >=, 1);
  g_assert_cmpint (row->maxclients, >, 0);
  g_assert_true (row->has_utilisation);
  g_assert_cmpfloat (row->utilisation, >, 0);
  g_assert_cmpint (row->latency_us, >=, 0);
}

/* Cases ---------------------------------------------------------------------- */

static void
test_healthy (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = run_probe (fx, url, NULL, &error);
  GPtrArray *nodes;

  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_false (sample->has_error);
  g_assert_null (sample->skew);
  g_assert_nonnull (strstr (sample->detail, "cluster_state:ok"));
  g_assert_nonnull (strstr (sample->detail, "16384 of 16384 slots ok"));
  g_assert_nonnull (strstr (sample->detail, "3 primaries"));
  g_assert_null (strstr (sample->detail, "skew"));
  nodes = ic_probe_sample_get_nodes (sample);
  g_assert_nonnull (nodes);
  g_assert_cmpuint (nodes->len, ==, N_PRIMARIES);
  for (guint i = 0; i < N_PRIMARIES; i++)
    assert_row_measured (find_row (sample, fx, i));
  /* The value is the highest utilisation. */
  g_assert_true (sample->has_value);
  for (guint i = 0; i < N_PRIMARIES; i++)
    g_assert_cmpfloat (sample->value, >=, find_row (sample, fx, i)->utilisation);
  g_assert_cmpfloat (sample->value, <, 80);
}

static void
test_json (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);
  g_autoptr(IcProbeSample) sample = run_probe (fx, url, NULL, &error);
  g_autofree char *json = ic_probe_sample_to_json (sample, spec);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *nodes;

  g_assert_no_error (error);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "state"), ==, "ok");
  g_assert_true (json_object_get_null_member (root, "skew"));
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, N_PRIMARIES);
  for (guint i = 0; i < N_PRIMARIES; i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);
      const IcProbeNode *row = g_ptr_array_index (sample->nodes, i);

      g_assert_cmpstr (json_object_get_string_member (node, "address"), ==, row->address);
      g_assert_cmpstr (json_object_get_string_member (node, "role"), ==, "primary");
      g_assert_cmpint (json_object_get_int_member (node, "connected_clients"), ==,
                       row->connected_clients);
      g_assert_cmpint (json_object_get_int_member (node, "maxclients"), ==, row->maxclients);
      g_assert_cmpfloat (json_object_get_double_member (node, "utilisation"), >, 0);
      g_assert_true (json_object_get_null_member (node, "error"));
    }
}

static void
test_skew (Fixture       *fx,
           gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *expected = NULL;
  const IcProbeNode *hot;
  gint64 total = 0;

  /* A client that ignores the cluster and stays on its seed node. */
  hold_connections (fx, 1, 40);
  sample = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_false (sample->has_error);
  g_assert_cmpuint (sample->nodes->len, ==, N_PRIMARIES);
  for (guint i = 0; i < N_PRIMARIES; i++)
    {
      assert_row_measured (find_row (sample, fx, i));
      total += find_row (sample, fx, i)->connected_clients;
    }
  hot = find_row (sample, fx, 1);
  g_assert_cmpint (hot->connected_clients, >=, 40);
  expected = g_strdup_printf ("%s holds %lld of %lld client connections", hot->address,
                              (long long) hot->connected_clients, (long long) total);
  g_assert_cmpstr (sample->skew, ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("skew: %s holds", hot->address);
  g_assert_nonnull (strstr (sample->detail, expected));
  g_assert_nonnull (strstr (sample->detail, "bypassed cluster discovery"));
}

static void
test_saturated (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) near = NULL;
  g_autoptr(IcProbeSample) full = NULL;
  g_autoptr(redisReply) reply = ic_test_cluster_command (&fx->cluster, 2, "CONFIG SET maxclients 30");
  g_autofree char *expected = NULL;
  const IcProbeNode *row;

  g_assert_cmpint (reply->type, ==, REDIS_REPLY_STATUS);
  /* 20 idle clients, the probe and 4 cluster bus links: over 80 % of 30. */
  hold_connections (fx, 2, 20);
  near = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (near->state, ==, IC_PROBE_STATE_DEGRADED);
  row = find_row (near, fx, 2);
  assert_row_measured (row);
  g_assert_cmpint (row->maxclients, ==, 30);
  g_assert_cmpfloat (row->utilisation, >=, 80);
  g_assert_cmpfloat (near->value, ==, row->utilisation);
  expected = g_strdup_printf ("; %s at %.1f %% of maxclients", row->address, row->utilisation);
  g_assert_nonnull (strstr (near->detail, expected));

  /* Full: the node refuses the probe itself, and says why. */
  hold_connections (fx, 2, 15);
  full = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (full->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (full->has_error);
  g_assert_cmpint (full->error_kind, ==, IC_PROBE_ERROR_SATURATED);
  g_assert_cmpuint (full->nodes->len, ==, N_PRIMARIES);
  row = find_row (full, fx, 2);
  g_assert_true (row->has_error);
  g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_SATURATED);
  /* A cluster node counts its bus links in the limit, and says so. */
  g_assert_cmpstr (row->error, ==,
                   "Saturated: ERR max number of clients + cluster connections reached");
  g_assert_true (row->has_utilisation);
  g_assert_cmpfloat (row->utilisation, ==, 100);
  g_assert_cmpfloat (full->value, ==, 100);
  assert_row_measured (find_row (full, fx, 0));
  assert_row_measured (find_row (full, fx, 1));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("; %s: %s", row->address, row->error);
  g_assert_nonnull (strstr (full->detail, expected));
}

static void
test_node_stopped (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) before = run_probe (fx, url, NULL, &error);
  g_autoptr(IcProbeSample) after = NULL;
  g_autofree char *expected = NULL;
  const IcProbeNode *row;

  g_assert_no_error (error);
  g_assert_cmpint (before->state, ==, IC_PROBE_STATE_OK);

  ic_test_cluster_stop_server (&fx->cluster, 2);
  after = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (after->has_error);
  g_assert_cmpint (after->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  g_assert_cmpuint (after->nodes->len, ==, N_PRIMARIES);
  row = find_row (after, fx, 2);
  g_assert_true (row->has_error);
  g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  g_assert_nonnull (strstr (row->error, "refused"));
  g_assert_cmpint (row->latency_us, ==, -1);
  g_assert_cmpint (row->connected_clients, ==, -1);
  assert_row_measured (find_row (after, fx, 0));
  assert_row_measured (find_row (after, fx, 1));
  expected = g_strdup_printf ("; %s unreachable: %s", row->address, row->error);
  g_assert_nonnull (strstr (after->detail, expected));
}

/* A replica is a row of its own, right after its primary, named as its
 * replica; losing it degrades the cluster (redundancy) without failing it,
 * and its connections never count as skew. */
static void
test_replica (Fixture       *fx,
              gconstpointer  data)
{
  IcTestRedisCluster replicas = { 0 };
  g_autofree char *url = cluster_url (fx, 0);
  g_autofree char *replica_address = NULL;
  g_autofree char *primary_address = g_strdup_printf ("127.0.0.1:%d", fx->cluster.ports[1]);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) lost = NULL;
  const IcProbeNode *row = NULL;
  guint position = 0;

  ic_test_cluster_add_replica (&fx->cluster, &replicas, 1);
  replica_address = g_strdup_printf ("127.0.0.1:%d", replicas.ports[0]);
  sample = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sample->nodes->len, ==, N_PRIMARIES + 1);
  for (guint i = 0; i < sample->nodes->len; i++)
    {
      const IcProbeNode *node = g_ptr_array_index (sample->nodes, i);

      if (strcmp (node->address, replica_address) == 0)
        {
          row = node;
          position = i;
        }
    }
  g_assert_nonnull (row);
  g_assert_cmpstr (row->role, ==, "replica");
  g_assert_cmpstr (row->primary, ==, primary_address);
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpstr (((IcProbeNode *) g_ptr_array_index (sample->nodes, position - 1))->address, ==,
                   primary_address);
  assert_row_measured (row);
  for (guint i = 0; i < N_PRIMARIES; i++)
    g_assert_cmpstr (find_row (sample, fx, i)->role, ==, "primary");
  g_assert_nonnull (strstr (sample->detail, "3 primaries, 1 replica"));
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);

  /* Idle connections on the replica alone are not a skew. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();

    for (guint i = 0; i < 40; i++)
      {
        GSocketConnection *connection =
          g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) replicas.ports[0],
                                           NULL, &error);

        g_assert_no_error (error);
        g_ptr_array_add (fx->held, connection);
      }
    iterate_for (fx, 100);
  }
  g_clear_pointer (&sample, ic_probe_sample_free);
  sample = run_probe (fx, url, NULL, &error);
  g_assert_null (sample->skew);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);

  ic_test_cluster_stop_server (&replicas, 0);
  lost = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lost->state, ==, IC_PROBE_STATE_DEGRADED);
  expected = g_strdup_printf ("; replica %s unreachable: ", replica_address);
  g_assert_nonnull (strstr (lost->detail, expected));
  ic_test_cluster_stop (&replicas);
}

/* With its target node down, the cluster is read from a seed the target
 * lists, or from a node the last good check saw; the detail says so. */
static void
test_seed_down (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autofree char *with_seeds = g_strdup_printf ("redis://127.0.0.1:%d?cluster=1&seeds="
                                                 "127.0.0.1:%d,127.0.0.1:%d",
                                                 fx->cluster.ports[0], fx->cluster.ports[1],
                                                 fx->cluster.ports[2]);
  g_autofree char *prefix = g_strdup_printf ("Seed 127.0.0.1:%d (", fx->cluster.ports[0]);
  g_autofree char *from = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) before = NULL;
  g_autoptr(IcProbeSample) listed = NULL;
  g_autoptr(IcProbeSample) learned = NULL;
  const IcProbeNode *row;

  /* A good check first: its nodes are remembered for this target. */
  before = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->state, ==, IC_PROBE_STATE_OK);

  ic_test_cluster_stop_server (&fx->cluster, 0);
  listed = run_probe (fx, with_seeds, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (listed->detail, prefix));
  from = g_strdup_printf ("did not answer; read the cluster from 127.0.0.1:%d · cluster_state:",
                          fx->cluster.ports[1]);
  g_assert_nonnull (strstr (listed->detail, from));
  /* The table is the cluster's, the stopped node a row with its error. */
  g_assert_nonnull (listed->nodes);
  g_assert_cmpuint (listed->nodes->len, ==, N_PRIMARIES);
  row = find_row (listed, fx, 0);
  g_assert_true (row->has_error);
  g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  assert_row_measured (find_row (listed, fx, 1));
  g_assert_cmpint (listed->state, ==, IC_PROBE_STATE_FAILING);

  /* No seeds written: the nodes the good check saw. */
  learned = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (learned->detail, prefix));
  g_assert_nonnull (learned->nodes);
  g_assert_cmpuint (learned->nodes->len, ==, N_PRIMARIES);
  assert_row_measured (find_row (learned, fx, 2));
}

/* "Near its limit" follows the probe's own threshold, not a fixed one. */
static void
test_threshold (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) usual = NULL;
  g_autoptr(IcProbeSample) strict = NULL;
  IcProbeOptions options;

  usual = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_PRIMARIES; i++)
    g_assert_false (find_row (usual, fx, i)->near_limit);

  ic_probe_options_init (&options);
  options.warn_above = 0.001;
  strict = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strict->state, ==, IC_PROBE_STATE_DEGRADED);
  for (guint i = 0; i < N_PRIMARIES; i++)
    g_assert_true (find_row (strict, fx, i)->near_limit);
  g_assert_nonnull (strstr (strict->detail, "% of maxclients"));
}

static void
test_not_a_cluster (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;

  ic_test_cluster_start_server (&fx->cluster, 0, FALSE);
  url = cluster_url (fx, 0);
  sample = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_cmpstr (sample->detail, ==, "ERR This instance has cluster support disabled");
  g_assert_null (ic_probe_sample_get_nodes (sample));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) again = NULL;
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* Cancelled from the first idle, while the seed is being reached. */
  g_source_set_priority (idle, G_PRIORITY_HIGH);
  g_source_set_callback (idle, cancel_cb, cancellable, NULL);
  g_source_attach (idle, fx->context);
  sample = run_probe (fx, url, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sample);
  g_clear_error (&error);

  again = run_probe (fx, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->state, ==, IC_PROBE_STATE_OK);
}

/* `incident-commander probe SPEC [--json]`, without a display. */
static int
run_cli (const char  *url,
         gboolean     json,
         char       **out)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("IC_BINARY");

  g_assert_nonnull (binary);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "probe", url,
                                         json ? "--json" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", *out);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *url = cluster_url (fx, 0);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *skewed = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *nodes;

  g_assert_cmpint (run_cli (url, FALSE, &text), ==, 0);
  g_assert_nonnull (strstr (text, "cluster_state:ok"));
  g_assert_nonnull (strstr (text, "NODE"));
  g_assert_nonnull (strstr (text, "MAXCLIENTS"));
  for (guint i = 0; i < N_PRIMARIES; i++)
    {
      g_autofree char *row = g_strdup_printf ("\n  127.0.0.1:%-12d primary", fx->cluster.ports[i]);

      g_assert_nonnull (strstr (text, row));
    }
  g_assert_null (strstr (text, "Skew"));

  g_assert_cmpint (run_cli (url, TRUE, &json), ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  nodes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, N_PRIMARIES);

  /* Skewed: degraded (exit status 1) and the warning under the table. */
  hold_connections (fx, 2, 30);
  g_assert_cmpint (run_cli (url, FALSE, &skewed), ==, 1);
  expected = g_strdup_printf ("\n  Skew: 127.0.0.1:%d holds ", fx->cluster.ports[2]);
  g_assert_nonnull (strstr (skewed, expected));
}

/* Scripted nodes: hostile or broken CLUSTER NODES ---------------------------- */

#define FAKE_CLUSTER_INFO "cluster_state:ok\r\ncluster_slots_assigned:16384\r\n" \
                          "cluster_slots_ok:16384\r\ncluster_known_nodes:2\r\n"
#define FAKE_NODE_INFO    "# Clients\r\nconnected_clients:3\r\ncluster_connections:2\r\n" \
                          "maxclients:100\r\n# Replication\r\nrole:master\r\n"

/* CLUSTER NODES listing @n primaries, all at the fake nodes' address. */
static char *
many_primaries (Fixture *fx,
                guint    n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%040x 127.0.0.1:%d@%d master - 0 0 %u connected\n", i + 1,
                            fx->nodes.port, fx->nodes.port + 10000, i + 1);
  return g_string_free (text, FALSE);
}

static IcProbeSample *
run_fake_cluster (Fixture *fx,
                  guint    timeout_ms)
{
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%d?cluster=1", fx->seed.port);
  g_autoptr(GError) error = NULL;
  IcProbeOptions options;
  IcProbeSample *sample;

  ic_probe_options_init (&options);
  options.timeout_ms = timeout_ms;
  sample = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sample);
  /* Connections still queued in the kernel are accepted now. */
  iterate_for (fx, 50);
  return sample;
}

/* Issue #12: a node id of "-" (what CLUSTER NODES writes for "no primary")
 * and a second primary made the second primary that one's replica and
 * left a NULL row that crashed the check. The line is reported instead. */
static void
test_dash_id (Fixture       *fx,
              gconstpointer  data)
{
  static const IcTestRedisScript node = { .info = FAKE_NODE_INFO };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *nodes = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  const IcProbeNode *row;

  ic_test_redis_fake_start (&fx->nodes, &node);
  nodes = g_strdup_printf ("- 127.0.0.1:%d@1 myself,master - 0 0 1 connected 0-8191\n"
                           "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0 127.0.0.1:%d@1 master - 0 "
                           "0 2 connected 8192-16383\n", fx->nodes.port, fx->nodes.port);
  seed.cluster_nodes = nodes;
  ic_test_redis_fake_start (&fx->seed, &seed);
  sample = run_fake_cluster (fx, 5000);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_false (sample->has_error);
  g_assert_cmpuint (sample->nodes->len, ==, 1);
  row = g_ptr_array_index (sample->nodes, 0);
  g_assert_cmpstr (row->role, ==, "primary");
  g_assert_null (row->primary);
  assert_row_measured (row);
  expected = g_strdup_printf ("; 1 line of CLUSTER NODES not understood: - 127.0.0.1:%d@1 "
                              "myself,master - 0 0 1 connected 0-8191", fx->nodes.port);
  g_assert_nonnull (strstr (sample->detail, expected));
  g_assert_nonnull (strstr (sample->detail, "1 primary"));
}

/* Issue #12: counts near INT64_MAX overflowed the sums of a node's clients
 * and bus links and of the skew; such a node is now an error row. */
static void
test_huge_counts (Fixture       *fx,
                  gconstpointer  data)
{
  static const IcTestRedisScript node = {
    .info = "# Clients\r\nconnected_clients:9223372036854775807\r\n"
            "cluster_connections:9223372036854775807\r\nmaxclients:10000\r\n"
            "# Replication\r\nrole:master\r\n",
  };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *nodes = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(IcProbeSample) sample = NULL;

  ic_test_redis_fake_start (&fx->nodes, &node);
  nodes = many_primaries (fx, 3);
  seed.cluster_nodes = nodes;
  ic_test_redis_fake_start (&fx->seed, &seed);
  sample = run_fake_cluster (fx, 5000);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_null (sample->skew);
  g_assert_false (sample->has_value);
  g_assert_cmpuint (sample->nodes->len, ==, 3);
  expected = g_strdup_printf ("; 127.0.0.1:%d: The server reports connected_clients:"
                              "9223372036854775807, beyond", fx->nodes.port);
  g_assert_nonnull (strstr (sample->detail, expected));
  for (guint i = 0; i < 3; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (sample->nodes, i);

      g_assert_true (row->has_error);
      g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
      g_assert_cmpstr (row->error, ==, "The server reports connected_clients:9223372036854775807, "
                                       "beyond the 4294967295 connections a Redis server can "
                                       "count");
      g_assert_false (row->has_utilisation);
      g_assert_cmpint (row->connected_clients, ==, -1);
    }
}

/* Options for a cluster over TLS trusting @ca_file. Four handshakes on
 * each side in this one process: under the sanitizers (their slow
 * unwinding on each allocation) they take seconds, and build-aux/test
 * --sanitize says how much slower things are. */
static void
tls_options (IcProbeOptions *options,
             const char     *ca_file)
{
  ic_probe_options_init (options);
  options->ca_file = ca_file;
  options->timeout_ms = ic_test_scaled_ms (10000);
}

/* A managed cluster over TLS (rediss://): the seed and every node it lists
 * are asked over TLS with the probe's CA file; the seed's two questions
 * and each node's PING and INFO take one round trip each. */
static void
test_tls (Fixture       *fx,
          gconstpointer  data)
{
  static const IcTestRedisScript node = { .info = FAKE_NODE_INFO };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *pair = ic_test_tls_file ("self-signed.pem");
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *url = NULL;
  g_autofree char *plain_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) plain = NULL;
  g_autoptr(IcProbeSample) pooled = NULL;
  g_autoptr(IcProbeSample) again = NULL;
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  GTlsDatabase *read_first;
  IcCaFileStamp stamp;
  IcProbeOptions options;

  certificate = g_tls_certificate_new_from_file (pair, &error);
  g_assert_no_error (error);
  ic_test_redis_fake_start_tls (&fx->nodes, &node, certificate);
  nodes = many_primaries (fx, 3);
  seed.cluster_nodes = nodes;
  ic_test_redis_fake_start_tls (&fx->seed, &seed, certificate);

  url = g_strdup_printf ("rediss://127.0.0.1:%d?cluster=1", fx->seed.port);
  tls_options (&options, ca);
  sample = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sample->has_error);
  g_assert_cmpuint (sample->nodes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_row_measured (g_ptr_array_index (sample->nodes, i));
  g_assert_cmpuint (fx->seed.round_trips, ==, 1);
  g_assert_cmpuint (fx->nodes.accepted, ==, 3);
  g_assert_cmpuint (fx->nodes.round_trips, ==, 3);
  g_assert_cmpuint (fx->nodes.commands, ==, 6);

  /* Through a pool, as the scheduler runs it, the seed and the nodes
   * share the CA file's certificates, read once while the file stays the
   * same: a second check finds the same ones. */
  options.sessions = pool;
  pooled = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pooled->has_error);
  g_assert_cmpuint (pooled->nodes->len, ==, 3);
  read_first = _ic_probe_session_pool_lookup_ca_file (pool, ca, &stamp);
  g_assert_nonnull (read_first);
  again = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (again->has_error);
  for (guint i = 0; i < 3; i++)
    assert_row_measured (g_ptr_array_index (again->nodes, i));
  g_assert_true (_ic_probe_session_pool_lookup_ca_file (pool, ca, &stamp) == read_first);

  /* The same cluster asked in the clear: no answer is a cluster. */
  plain_url = g_strdup_printf ("redis://127.0.0.1:%d?cluster=1", fx->seed.port);
  ic_probe_options_init (&options);
  options.timeout_ms = 1000;
  plain = run_probe_with (fx, plain_url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plain->has_error);
  g_assert_null (plain->nodes);
}

/* CLUSTER NODES listing @n primaries at the fake nodes' address, each
 * announcing @hostname (Redis 7's "ip:port@cport,hostname"). */
static char *
named_primaries (Fixture    *fx,
                 guint       n,
                 const char *hostname)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%040x 127.0.0.1:%d@%d,%s master - 0 0 %u connected\n", i + 1,
                            fx->nodes.port, fx->nodes.port + 10000, hostname, i + 1);
  return g_string_free (text, FALSE);
}

/* A managed cluster whose nodes announce host names and whose
 * certificates are for those names, not for their addresses: each node is
 * asked by address and its certificate checked against its name; when the
 * seed is gone, the nodes remembered from the last check are asked the
 * same way. The same certificates without the names are refused, and
 * each row says why. */
static void
test_tls_hostnames (Fixture       *fx,
                    gconstpointer  data)
{
  IcTestRedisScript node = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *pair = ic_test_tls_file ("self-signed.pem");
  g_autofree char *named_pair = ic_test_tls_file ("named.pem");
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *named_ca = ic_test_tls_file ("named-ca.pem");
  g_autofree char *ca_text = NULL;
  g_autofree char *named_ca_text = NULL;
  g_autofree char *bundle_text = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsCertificate) named_certificate = NULL;
  g_autofree char *unnamed = NULL;
  g_autofree char *named = NULL;
  g_autofree char *url = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) refused = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) learned = NULL;
  IcProbeOptions options;
  int fd;

  certificate = g_tls_certificate_new_from_file (pair, &error);
  g_assert_no_error (error);
  named_certificate = g_tls_certificate_new_from_file (named_pair, &error);
  g_assert_no_error (error);
  /* One CA file trusting both: the seed's certificate and the nodes'. */
  g_assert_true (g_file_get_contents (ca, &ca_text, NULL, NULL));
  g_assert_true (g_file_get_contents (named_ca, &named_ca_text, NULL, NULL));
  bundle_text = g_strconcat (ca_text, named_ca_text, NULL);
  fd = g_file_open_tmp ("ic-ca-XXXXXX.pem", &bundle, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (bundle, bundle_text, -1, NULL));

  ic_test_redis_fake_start_tls (&fx->nodes, &node, named_certificate);
  unnamed = many_primaries (fx, 3);
  named = named_primaries (fx, 3, "redis-node.cluster.test");
  node.cluster_nodes = named;
  ic_test_redis_fake_start_tls (&fx->seed, &seed, certificate);
  url = g_strdup_printf ("rediss://127.0.0.1:%d?cluster=1", fx->seed.port);
  tls_options (&options, bundle);

  /* Announced by address only: the certificates are not for it. */
  seed.cluster_nodes = unnamed;
  refused = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->nodes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (refused->nodes, i);

      g_assert_true (row->has_error);
      g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_TLS);
      g_assert_nonnull (strstr (row->error, "not for this host name"));
      g_assert_null (row->hostname);
    }

  /* Announced with the name: every node measured. */
  seed.cluster_nodes = named;
  sample = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sample->has_error);
  g_assert_cmpuint (sample->nodes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (sample->nodes, i);

      assert_row_measured (row);
      g_assert_cmpstr (row->hostname, ==, "redis-node.cluster.test");
    }

  /* The seed gone: read from a remembered node, by address, under its name. */
  ic_test_redis_fake_stop (&fx->seed);
  learned = run_probe_with (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  prefix = g_strdup_printf ("Seed 127.0.0.1:%d (", fx->seed.port);
  g_assert_true (g_str_has_prefix (learned->detail, prefix));
  g_assert_nonnull (strstr (learned->detail, "read the cluster from 127.0.0.1:"));
  g_assert_null (strstr (learned->detail, "redis-node.cluster.test"));
  g_assert_nonnull (learned->nodes);
  g_assert_cmpuint (learned->nodes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_row_measured (g_ptr_array_index (learned->nodes, i));
  g_unlink (bundle);
}

/* Issue #12: 20,000 lines of CLUSTER NODES opened 20,000 connections. The
 * table keeps Redis Cluster's ceiling of 1,000 nodes and says so. */
static void
test_many_nodes (Fixture       *fx,
                 gconstpointer  data)
{
  static const IcTestRedisScript node = { .info = FAKE_NODE_INFO };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *nodes = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(IcProbeSample) sample = NULL;

  ic_test_redis_fake_start (&fx->nodes, &node);
  nodes = many_primaries (fx, 20000);
  seed.cluster_nodes = nodes;
  ic_test_redis_fake_start (&fx->seed, &seed);
  /* A thousand connections take a while under the sanitizers: the budget
   * is generous, the test ends when the probe does. */
  sample = run_fake_cluster (fx, 120000);
  g_assert_cmpuint (sample->nodes->len, ==, IC_REDIS_CLUSTER_MAX_NODES);
  /* One connection per node in the table, each closed again. */
  g_assert_cmpuint (fx->nodes.accepted, ==, IC_REDIS_CLUSTER_MAX_NODES);
  g_assert_cmpuint (fx->nodes.open, ==, 0);
  g_assert_cmpuint (fx->seed.accepted, ==, 1);
  for (guint i = 0; i < sample->nodes->len; i++)
    assert_row_measured (g_ptr_array_index (sample->nodes, i));
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_false (sample->has_error);
  expected = g_strdup_printf ("; CLUSTER NODES lists 20000 nodes, more than the %u a Redis "
                              "cluster can have: the first %u are in the table",
                              IC_REDIS_CLUSTER_MAX_NODES, IC_REDIS_CLUSTER_MAX_NODES);
  g_assert_nonnull (strstr (sample->detail, expected));
  g_assert_nonnull (strstr (sample->detail, "1000 primaries"));
}

/* Nodes that accept and never answer: no more than
 * IC_REDIS_CLUSTER_MAX_CONNECTIONS are ever connected, those time out
 * within the check's deadline, and the rest are reported as not checked
 * in a sample of the cluster's own (the seed's deadline did not fire). */
static void
test_many_nodes_silent (Fixture       *fx,
                        gconstpointer  data)
{
  static const IcTestRedisScript silent = { .silent = TRUE };
  IcTestRedisScript seed = { .info = FAKE_NODE_INFO, .cluster_info = FAKE_CLUSTER_INFO };
  g_autofree char *nodes = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  guint late = 0;
  guint timed_out = 0;

  ic_test_redis_fake_start (&fx->nodes, &silent);
  nodes = many_primaries (fx, 2000);
  seed.cluster_nodes = nodes;
  ic_test_redis_fake_start (&fx->seed, &seed);
  sample = run_fake_cluster (fx, 2500);
  g_assert_cmpuint (fx->nodes.accepted, ==, IC_REDIS_CLUSTER_MAX_CONNECTIONS);
  g_assert_cmpuint (fx->nodes.most_open, ==, IC_REDIS_CLUSTER_MAX_CONNECTIONS);
  g_assert_nonnull (sample->nodes);
  g_assert_cmpuint (sample->nodes->len, ==, IC_REDIS_CLUSTER_MAX_NODES);
  for (guint i = 0; i < sample->nodes->len; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (sample->nodes, i);

      g_assert_true (row->has_error);
      g_assert_cmpint (row->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
      if (g_strcmp0 (row->error, "Not checked before the deadline") == 0)
        late++;
      else
        {
          g_assert_true (g_str_has_prefix (row->error, "Timed out after "));
          timed_out++;
        }
    }
  g_assert_cmpuint (timed_out, ==, IC_REDIS_CLUSTER_MAX_CONNECTIONS);
  g_assert_cmpuint (late, ==, IC_REDIS_CLUSTER_MAX_NODES - IC_REDIS_CLUSTER_MAX_CONNECTIONS);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  g_assert_true (g_str_has_prefix (sample->detail, "cluster_state:ok"));
  expected = g_strdup_printf ("; %u nodes not checked before the deadline",
                              IC_REDIS_CLUSTER_MAX_NODES - IC_REDIS_CLUSTER_MAX_CONNECTIONS);
  g_assert_nonnull (strstr (sample->detail, expected));
}

/* The CLUSTER INFO and CLUSTER NODES parsers, without a server ------------------ */

typedef struct
{
  const char *name;
  const char *text;
  guint       max_nodes;
  const char *rows;          /* "address role [primary]" per row, ";"-separated */
  guint       n_listed;
  guint       n_malformed;
  const char *malformed;
} NodesCase;

#define ID_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ID_C "cccccccccccccccccccccccccccccccccccccccc"

static const NodesCase nodes_cases[] = {
  { "three-primaries",
    ID_B " 10.0.0.2:7001@17001 master - 0 0 2 connected 5461-10922\n"
    ID_A " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n"
    ID_C " 10.0.0.3:7002@17002 master - 0 0 3 connected 10923-16383\n",
    1000, "10.0.0.1:7000 primary;10.0.0.2:7001 primary;10.0.0.3:7002 primary", 3, 0, NULL },
  { "replicas-follow",
    "r2 10.0.0.9:7005@17005 slave " ID_B " 0 0 2 connected\n"
    ID_B " 10.0.0.2:7001@17001 master - 0 0 2 connected\n"
    "r1 10.0.0.8:7004@17004 slave " ID_A " 0 0 1 connected\n"
    ID_A " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected\n"
    "r3 10.0.0.7:7006@17006 slave,fail " ID_A " 0 0 1 disconnected\n",
    1000, "10.0.0.1:7000 primary;10.0.0.7:7006 replica,fail 10.0.0.1:7000;"
    "10.0.0.8:7004 replica 10.0.0.1:7000;10.0.0.2:7001 primary;"
    "10.0.0.9:7005 replica 10.0.0.2:7001", 5, 0, NULL },
  { "orphan-replica",
    "r1 10.0.0.8:7004@17004 slave " ID_C " 0 0 1 connected\n"
    "r2 10.0.0.9:7005@17005 slave - 0 0 1 connected\n"
    ID_A " 10.0.0.1:7000@17000 master - 0 0 1 connected\n",
    1000, "10.0.0.1:7000 primary;10.0.0.8:7004 replica;10.0.0.9:7005 replica", 3, 0, NULL },
  { "dash-id",
    "- 10.0.0.1:7000@17000 master - 0 0 1 connected\n"
    ID_B " 10.0.0.2:7001@17001 master - 0 0 2 connected\n"
    "r1 10.0.0.8:7004@17004 slave - 0 0 1 connected\n",
    1000, "10.0.0.2:7001 primary;10.0.0.8:7004 replica", 2, 1,
    "- 10.0.0.1:7000@17000 master - 0 0 1 connected" },
  { "same-id-twice",
    ID_A " 10.0.0.1:7000@17000 master - 0 0 1 connected\n"
    ID_A " 10.0.0.2:7001@17001 master - 0 0 2 connected\n"
    "r1 10.0.0.8:7004@17004 slave " ID_A " 0 0 1 connected\n",
    1000, "10.0.0.1:7000 primary;10.0.0.8:7004 replica 10.0.0.1:7000;10.0.0.2:7001 primary",
    3, 0, NULL },
  { "not-checkable",
    ID_A " 10.0.0.1:7000@17000 master - 0 0 1 connected\n"
    ID_B " 10.0.0.2:7001@17001 handshake - 0 0 0 connected\n"
    ID_C " :0@0 master,noaddr - 0 0 0 disconnected\n"
    "d1 10.0.0.4:7003@17003 noflags - 0 0 0 connected\n\n\n",
    1000, "10.0.0.1:7000 primary", 1, 0, NULL },
  { "own-address-unknown", ID_A " :7000@17000 myself,master - 0 0 1 connected\n", 1000,
    "seed.example:7000 primary", 1, 0, NULL },
  { "hostname", ID_A " 10.0.0.1:7000@17000,redis-1.example myself,master - 0 0 1 connected\n",
    1000, "10.0.0.1:7000 primary (redis-1.example)", 1, 0, NULL },
  /* Redis 7.2 writes auxiliary fields after the hostname, or after an
   * empty one. */
  { "hostname-aux",
    ID_A " 10.0.0.1:7000@17000,redis-1.example,shard-id=69cf myself,master - 0 0 1 connected\n"
    ID_B " 10.0.0.2:7001@17001,,shard-id=7d1e master - 0 0 2 connected\n",
    1000, "10.0.0.1:7000 primary (redis-1.example);10.0.0.2:7001 primary", 2, 0, NULL },
  /* What is not a DNS name is not taken for one. */
  { "hostname-hostile",
    ID_A " 10.0.0.1:7000@17000,evil\x1b[31mname master - 0 0 1 connected\n"
    ID_B " 10.0.0.2:7001@17001,a/b master - 0 0 2 connected\n"
    ID_C " 10.0.0.3:7002@17002,shard-id=1 master - 0 0 3 connected\n",
    1000, "10.0.0.1:7000 primary;10.0.0.2:7001 primary;10.0.0.3:7002 primary", 3, 0, NULL },
  { "ipv6", ID_A " ::1:7000@17000 myself,master - 0 0 1 connected\n", 1000,
    "::1:7000 primary", 1, 0, NULL },
  { "ports",
    ID_A " 10.0.0.1:70000@1 master - 0 0 1 connected\n"
    ID_B " 10.0.0.2:-1@1 master - 0 0 1 connected\n"
    ID_C " 10.0.0.3:4294967297@1 master - 0 0 1 connected\n"
    "d1 10.0.0.4@1 master - 0 0 1 connected\n"
    "d2 10.0.0.5:65535@1 master - 0 0 1 connected\n",
    1000, "10.0.0.5:65535 primary", 1, 4, ID_A " 10.0.0.1:70000@1 master - 0 0 1 connect…" },
  { "garbage", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>\n", 1000, "", 0, 3,
    "HTTP/1.1 200 OK" },
  { "capped",
    ID_C " 10.0.0.3:7002@1 master - 0 0 3 connected\n"
    ID_B " 10.0.0.2:7001@1 master - 0 0 2 connected\n"
    ID_A " 10.0.0.1:7000@1 master - 0 0 1 connected\n",
    2, "10.0.0.2:7001 primary;10.0.0.3:7002 primary", 3, 0, NULL },
  { "empty", "", 1000, "", 0, 0, NULL },
};

static char *
describe_rows (GPtrArray *nodes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      const IcProbeNode *row = g_ptr_array_index (nodes, i);

      g_string_append_printf (text, "%s%s %s%s%s", i ? ";" : "", row->address, row->role,
                              row->primary ? " " : "", row->primary ? row->primary : "");
      if (row->hostname != NULL)
        g_string_append_printf (text, " (%s)", row->hostname);
    }
  return g_string_free (text, FALSE);
}

static void
test_parse_cluster_nodes (gconstpointer data)
{
  const NodesCase *c = data;
  gsize len = strlen (c->text);
  /* Exactly @len bytes, no NUL after them (caught by the sanitizer build). */
  g_autofree char *text = g_memdup2 (c->text, len);
  g_autofree char *rows = NULL;
  IcRedisClusterNodes parsed;

  _ic_redis_parse_cluster_nodes (&parsed, len ? text : NULL, len, "seed.example", c->max_nodes);
  rows = describe_rows (parsed.nodes);
  g_assert_cmpstr (rows, ==, c->rows);
  g_assert_cmpuint (parsed.n_listed, ==, c->n_listed);
  g_assert_cmpuint (parsed.n_malformed, ==, c->n_malformed);
  g_assert_cmpstr (parsed.malformed, ==, c->malformed);
  _ic_redis_cluster_nodes_clear (&parsed);
  g_assert_null (parsed.nodes);
}

/* 20,000 lines: the table stops at the ceiling, and matching replicas
 * stays linear (each primary with one replica). */
static void
test_parse_cluster_nodes_bounded (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  IcRedisClusterNodes parsed;

  for (guint i = 0; i < 10000; i++)
    {
      g_string_append_printf (text, "p%05u 10.1.%u.%u:7000@17000 master - 0 0 1 connected\n", i,
                              i / 250, i % 250);
      g_string_append_printf (text, "r%05u 10.2.%u.%u:7000@17000 slave p%05u 0 0 1 connected\n",
                              i, i / 250, i % 250, i);
    }
  _ic_redis_parse_cluster_nodes (&parsed, text->str, text->len, "seed", 20000);
  g_assert_cmpuint (parsed.nodes->len, ==, 20000);
  for (guint i = 0; i < parsed.nodes->len; i += 2)
    {
      const IcProbeNode *primary = g_ptr_array_index (parsed.nodes, i);
      const IcProbeNode *replica = g_ptr_array_index (parsed.nodes, i + 1);

      g_assert_cmpstr (primary->role, ==, "primary");
      g_assert_cmpstr (replica->role, ==, "replica");
      g_assert_cmpstr (replica->primary, ==, primary->address);
    }
  _ic_redis_cluster_nodes_clear (&parsed);

  _ic_redis_parse_cluster_nodes (&parsed, text->str, text->len, "seed",
                                 IC_REDIS_CLUSTER_MAX_NODES);
  g_assert_cmpuint (parsed.nodes->len, ==, IC_REDIS_CLUSTER_MAX_NODES);
  g_assert_cmpuint (parsed.n_listed, ==, 20000);
  g_assert_cmpuint (parsed.n_malformed, ==, 0);
  _ic_redis_cluster_nodes_clear (&parsed);
}

static void
test_parse_cluster_info (void)
{
  static const struct
  {
    const char *text;
    gsize       len;        /* 0: strlen (text) */
    const char *state;
    gint64      slots_assigned;
    gint64      slots_ok;
  } cases[] = {
    { "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n", 0, "ok",
      16384, 16384 },
    { "cluster_state:fail\ncluster_slots_ok:12000", 0, "fail", -1, 12000 },
    { "", 0, NULL, -1, -1 },
    { "cluster_slots_ok:-1\r\ncluster_slots_assigned:lots\r\ncluster_state\r\n", 0, NULL, -1, -1 },
    /* Only the bytes given: "cluster_state:o" of "…:ok". */
    { "cluster_state:ok", 15, "o", -1, -1 },
    { "cluster_state:ok\0\r\ncluster_slots_ok:5\r\n", 39, NULL, -1, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].text);
      g_autofree char *text = g_memdup2 (cases[i].text, len);
      IcRedisClusterInfo info;

      g_test_message ("case %u", i);
      _ic_redis_cluster_info_init (&info);
      _ic_redis_parse_cluster_info (&info, len ? text : NULL, len);
      g_assert_cmpstr (info.state, ==, cases[i].state);
      g_assert_cmpint (info.slots_assigned, ==, cases[i].slots_assigned);
      g_assert_cmpint (info.slots_ok, ==, cases[i].slots_ok);
      _ic_redis_cluster_info_clear (&info);
    }
}

/* Random bytes and random mixes of CLUSTER NODES' words: the parser stays
 * within its bytes and its limit, and every row has an address and port. */
static void
test_parse_cluster_nodes_any_bytes (void)
{
  static const char *const words[] = { ID_A, ID_B, "-", " ", "master", "slave", "myself,",
                                       "127.0.0.1", ":", "7000", "@17000", ",host", "\n",
                                       "handshake", "noaddr", "fail?", "0", "\0" };

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      guint n = (guint) g_test_rand_int_range (0, 60);
      g_autofree char *text = NULL;
      IcRedisClusterNodes parsed;

      for (guint i = 0; i < n; i++)
        {
          if (round % 2 == 0)
            {
              guint8 byte = (guint8) g_test_rand_int_range (0, 256);

              g_byte_array_append (bytes, &byte, 1);
            }
          else
            {
              const char *word = words[g_test_rand_int_range (0, G_N_ELEMENTS (words))];

              g_byte_array_append (bytes, (const guint8 *) word, MAX (strlen (word), 1));
            }
        }
      text = g_memdup2 (bytes->data, bytes->len);
      _ic_redis_parse_cluster_nodes (&parsed, bytes->len ? text : NULL, bytes->len, "seed", 3);
      g_assert_cmpuint (parsed.nodes->len, <=, 3);
      g_assert_cmpuint (parsed.nodes->len, <=, parsed.n_listed);
      for (guint i = 0; i < parsed.nodes->len; i++)
        {
          const IcProbeNode *row = g_ptr_array_index (parsed.nodes, i);
          const char *colon = strrchr (row->address, ':');

          g_assert_nonnull (colon);
          g_assert_cmpint (_ic_redis_parse_count (colon + 1, strlen (colon + 1)), >=, 1);
          g_assert_cmpint (_ic_redis_parse_count (colon + 1, strlen (colon + 1)), <=, 65535);
        }
      _ic_redis_cluster_nodes_clear (&parsed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ic/probe/redis-cluster/healthy", Fixture, NULL, fixture_setup_cluster,
              test_healthy, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/json", Fixture, NULL, fixture_setup_cluster, test_json,
              fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/skew", Fixture, NULL, fixture_setup_cluster, test_skew,
              fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/saturated", Fixture, NULL, fixture_setup_cluster,
              test_saturated, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/replica", Fixture, NULL, fixture_setup_cluster,
              test_replica, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/seed-down", Fixture, NULL, fixture_setup_cluster,
              test_seed_down, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/threshold", Fixture, NULL, fixture_setup_cluster,
              test_threshold, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/node-stopped", Fixture, NULL, fixture_setup_cluster,
              test_node_stopped, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/not-a-cluster", Fixture, NULL, fixture_setup,
              test_not_a_cluster, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/cancel", Fixture, NULL, fixture_setup_cluster,
              test_cancel, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/cli", Fixture, NULL, fixture_setup_cluster, test_cli,
              fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/dash-id", Fixture, NULL, fixture_setup, test_dash_id,
              fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/huge-counts", Fixture, NULL, fixture_setup,
              test_huge_counts, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/tls", Fixture, NULL, fixture_setup, test_tls,
              fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/tls-hostnames", Fixture, NULL, fixture_setup,
              test_tls_hostnames, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/many-nodes", Fixture, NULL, fixture_setup,
              test_many_nodes, fixture_teardown);
  g_test_add ("/ic/probe/redis-cluster/many-nodes-silent", Fixture, NULL, fixture_setup,
              test_many_nodes_silent, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (nodes_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/probe/redis-cluster/parse-nodes/%s",
                                               nodes_cases[i].name);

      g_test_add_data_func (path, &nodes_cases[i], test_parse_cluster_nodes);
    }
  g_test_add_func ("/ic/probe/redis-cluster/parse-nodes/bounded",
                   test_parse_cluster_nodes_bounded);
  g_test_add_func ("/ic/probe/redis-cluster/parse-nodes/any-bytes",
                   test_parse_cluster_nodes_any_bytes);
  g_test_add_func ("/ic/probe/redis-cluster/parse-info", test_parse_cluster_info);

  return g_test_run ();
}
