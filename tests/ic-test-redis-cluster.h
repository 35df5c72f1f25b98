/* ic-test-redis-cluster.h — a 3-primary Redis cluster for tests, made with
 * redis-server and redis-cli --cluster create on random loopback ports
 *
 * Every server runs in its own temporary directory without persistence and
 * is killed with the test process even when an assertion aborts it before
 * the teardown (PR_SET_PDEATHSIG). A missing redis-server or redis-cli is
 * a failure, not a skip: build-aux/setup.sh installs both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <hiredis/hiredis.h>

#define IC_TEST_CLUSTER_SIZE 3

G_DEFINE_AUTOPTR_CLEANUP_FUNC (redisContext, redisFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (redisReply, freeReplyObject)

typedef struct
{
  GSubprocess *servers[IC_TEST_CLUSTER_SIZE];
  char        *dirs[IC_TEST_CLUSTER_SIZE];
  int          ports[IC_TEST_CLUSTER_SIZE];
} IcTestRedisCluster;

static gboolean
ic_test_cluster_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the thread-default main context for @ms: servers start meanwhile. */
static inline void
ic_test_cluster_wait (guint ms)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) timer = g_timeout_source_new (ms);
  gboolean done = FALSE;

  g_source_set_callback (timer, ic_test_cluster_flag_cb, &done, NULL);
  g_source_attach (timer, context);
  while (!done)
    g_main_context_iteration (context, TRUE);
}

static inline int
ic_test_cluster_free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  int port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  g_assert_cmpint (port, >, 0);
  return port;
}

static inline char *
ic_test_cluster_require (const char *name)
{
  char *program = g_find_program_in_path (name);

  if (program == NULL)
    g_test_message ("%s is not in PATH; install redis-server and redis-tools (apt install "
                    "redis-server redis-tools, or build-aux/setup.sh does it): the Redis "
                    "cluster tests need real servers", name);
  g_assert_nonnull (program);
  return program;
}

static void
ic_test_cluster_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A sync command to node @i: loopback, test set-up only. */
static inline redisReply *
ic_test_cluster_command (IcTestRedisCluster *cluster,
                         guint               i,
                         const char         *text)
{
  g_autoptr(redisContext) c = redisConnect ("127.0.0.1", cluster->ports[i]);
  redisReply *reply;

  g_assert_nonnull (c);
  g_assert_cmpint (c->err, ==, 0);
  reply = redisCommand (c, text);
  g_assert_nonnull (reply);
  return reply;
}

/* Waits until @server answers on @port. Returns FALSE when it exited
 * instead or when another process answers there: the free port was taken
 * between ic_test_cluster_free_port () and the server's bind (tests of
 * other programs pick ports too), and the caller tries another one. */
static inline gboolean
ic_test_cluster_wait_own (GSubprocess *server,
                          int          port)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(redisContext) c = NULL;

      /* The identifier goes once GLib has reaped the exited server. */
      if (g_subprocess_get_identifier (server) == NULL)
        return FALSE;
      c = redisConnect ("127.0.0.1", port);
      if (c != NULL && c->err == 0)
        {
          g_autoptr(redisReply) info = redisCommand (c, "INFO server");
          g_autofree char *own = g_strdup_printf ("\r\nprocess_id:%s\r\n",
                                                  g_subprocess_get_identifier (server));

          return info != NULL && info->type == REDIS_REPLY_STRING
                 && strstr (info->str, own) != NULL;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ic_test_cluster_wait (20);
    }
}

/* Starts node @i, a cluster node unless @cluster is FALSE. */
static inline void
ic_test_cluster_start_server (IcTestRedisCluster *cluster,
                              guint               i,
                              gboolean            cluster_enabled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *program = ic_test_cluster_require ("redis-server");

  if (cluster->dirs[i] == NULL)
    cluster->dirs[i] = g_dir_make_tmp ("ic-redis-cluster-XXXXXX", &error);
  g_assert_no_error (error);
  g_subprocess_launcher_set_child_setup (launcher, ic_test_cluster_die_with_parent, NULL, NULL);
  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *port = NULL;
      g_autofree char *bus_port = NULL;

      cluster->ports[i] = ic_test_cluster_free_port ();
      port = g_strdup_printf ("%d", cluster->ports[i]);
      bus_port = g_strdup_printf ("%d", ic_test_cluster_free_port ());
      cluster->servers[i] =
        g_subprocess_launcher_spawn (launcher, &error, program, "--port", port,
                                     "--bind", "127.0.0.1", "--dir", cluster->dirs[i],
                                     "--save", "", "--appendonly", "no",
                                     "--cluster-enabled", cluster_enabled ? "yes" : "no",
                                     "--cluster-port", cluster_enabled ? bus_port : "0",
                                     "--cluster-config-file", "nodes.conf",
                                     "--cluster-node-timeout", "2000", NULL);
      g_assert_no_error (error);
      if (ic_test_cluster_wait_own (cluster->servers[i], cluster->ports[i]))
        return;
      g_test_message ("redis-server on port %s did not start (the port was taken?); another",
                      port);
      g_subprocess_force_exit (cluster->servers[i]);
      g_subprocess_wait (cluster->servers[i], NULL, NULL);
      g_clear_object (&cluster->servers[i]);
      g_assert_cmpuint (attempt, <, 5);
    }
}

static inline gboolean
ic_test_cluster_ok_everywhere (IcTestRedisCluster *cluster)
{
  for (guint i = 0; i < IC_TEST_CLUSTER_SIZE; i++)
    {
      g_autoptr(redisReply) info = ic_test_cluster_command (cluster, i, "CLUSTER INFO");
      g_autoptr(redisReply) nodes = ic_test_cluster_command (cluster, i, "CLUSTER NODES");

      if (info->type != REDIS_REPLY_STRING || strstr (info->str, "cluster_state:ok") == NULL)
        return FALSE;
      /* Every node knows all three primaries by address. */
      if (nodes->type != REDIS_REPLY_STRING || strstr (nodes->str, "handshake") != NULL
          || strstr (nodes->str, ":0@") != NULL)
        return FALSE;
    }
  return TRUE;
}

static inline void
ic_test_cluster_create (IcTestRedisCluster *cluster)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *program = ic_test_cluster_require ("redis-cli");
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline;

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--cluster"));
  g_ptr_array_add (argv, g_strdup ("create"));
  for (guint i = 0; i < IC_TEST_CLUSTER_SIZE; i++)
    g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%d", cluster->ports[i]));
  g_ptr_array_add (argv, g_strdup ("--cluster-replicas"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--cluster-yes"));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, ic_test_cluster_die_with_parent, NULL, NULL);
  cli = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (cli))
    g_test_message ("redis-cli --cluster create: %s", output);
  g_assert_true (g_subprocess_get_successful (cli));

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!ic_test_cluster_ok_everywhere (cluster))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ic_test_cluster_wait (50);
    }
}

/* Starts node 0 of @replicas as a replica of @cluster's node @primary,
 * and waits until the seed (node 0) lists it as such. */
static inline void
ic_test_cluster_add_replica (IcTestRedisCluster *cluster,
                             IcTestRedisCluster *replicas,
                             guint               primary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(redisReply) id = ic_test_cluster_command (cluster, primary, "CLUSTER MYID");
  g_autofree char *program = ic_test_cluster_require ("redis-cli");
  g_autofree char *output = NULL;
  g_autofree char *new_node = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *expected = NULL;
  gint64 deadline;

  g_assert_cmpint (id->type, ==, REDIS_REPLY_STRING);
  ic_test_cluster_start_server (replicas, 0, TRUE);
  new_node = g_strdup_printf ("127.0.0.1:%d", replicas->ports[0]);
  existing = g_strdup_printf ("127.0.0.1:%d", cluster->ports[primary]);
  g_subprocess_launcher_set_child_setup (launcher, ic_test_cluster_die_with_parent, NULL, NULL);
  cli = g_subprocess_launcher_spawn (launcher, &error, program, "--cluster", "add-node",
                                     new_node, existing, "--cluster-slave",
                                     "--cluster-master-id", id->str, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (cli))
    g_test_message ("redis-cli --cluster add-node: %s", output);
  g_assert_true (g_subprocess_get_successful (cli));

  expected = g_strdup_printf ("%s@", new_node);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(redisReply) nodes = ic_test_cluster_command (cluster, 0, "CLUSTER NODES");
      const char *line = nodes->str ? strstr (nodes->str, expected) : NULL;
      const char *end = line ? strchr (line, '\n') : NULL;
      g_autofree char *text = line ? g_strndup (line, end ? (gsize) (end - line) : strlen (line))
                                   : NULL;

      if (text != NULL && strstr (text, "slave") != NULL && strstr (text, id->str) != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ic_test_cluster_wait (50);
    }
}

/* Starts three cluster nodes and joins them; cluster_state:ok everywhere. */
static inline void
ic_test_cluster_start (IcTestRedisCluster *cluster)
{
  for (guint i = 0; i < IC_TEST_CLUSTER_SIZE; i++)
    ic_test_cluster_start_server (cluster, i, TRUE);
  ic_test_cluster_create (cluster);
}

static inline void
ic_test_cluster_stop_server (IcTestRedisCluster *cluster,
                             guint               i)
{
  if (cluster->servers[i] == NULL)
    return;
  g_subprocess_force_exit (cluster->servers[i]);
  g_subprocess_wait (cluster->servers[i], NULL, NULL);
  g_clear_object (&cluster->servers[i]);
}

/* Stops every server and removes their directories. */
static inline void
ic_test_cluster_stop (IcTestRedisCluster *cluster)
{
  for (guint i = 0; i < IC_TEST_CLUSTER_SIZE; i++)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      ic_test_cluster_stop_server (cluster, i);
      if (cluster->dirs[i] == NULL)
        continue;
      dir = g_dir_open (cluster->dirs[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (cluster->dirs[i], name, NULL);

          g_remove (file);
        }
      g_rmdir (cluster->dirs[i]);
      g_clear_pointer (&cluster->dirs[i], g_free);
    }
}
