/* test-probe-redis.c — the Redis probe against a real redis-server and
 * hostile in-process servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ic-probe-redis-private.h"
#include "ic-probe-session-pool-private.h"
#include "ic-test-probe-run.h"
#include "ic-test-redis-fake.h"

#define GUARD_MS 15000

typedef struct
{
  GMainContext     *context;
  GSubprocess      *server;
  int               port;
  GPtrArray        *held;      /* GSocketConnection, kept open */
  GSocketService   *service;
  GPtrArray        *accepted;  /* held by the in-process service */
  IcTestRedisFake   fake;      /* a scripted server, when a test starts one */
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

static int
free_port (void)
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
start_redis (Fixture            *fx,
             const char         *password,
             const char * const *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("redis-server");
  g_autofree char *port = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  gint64 deadline;

  if (program == NULL)
    g_test_message ("redis-server is not in PATH; install it (apt install redis-server, "
                    "or build-aux/test does it): the Redis probe tests need a real server");
  g_assert_nonnull (program);

  fx->port = free_port ();
  port = g_strdup_printf ("%d", fx->port);
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, (char *) "--bind");
  g_ptr_array_add (argv, (char *) "127.0.0.1");
  g_ptr_array_add (argv, (char *) "--save");
  g_ptr_array_add (argv, (char *) "");
  g_ptr_array_add (argv, (char *) "--appendonly");
  g_ptr_array_add (argv, (char *) "no");
  g_ptr_array_add (argv, (char *) "--maxclients");
  g_ptr_array_add (argv, (char *) "20");
  g_ptr_array_add (argv, (char *) "--dir");
  g_ptr_array_add (argv, (char *) g_get_tmp_dir ());
  if (password != NULL)
    {
      g_ptr_array_add (argv, (char *) "--requirepass");
      g_ptr_array_add (argv, (char *) password);
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);
  fx->server = g_subprocess_newv ((const char * const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);

  /* Ready when it accepts a connection; bounded. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GSocketConnection) connection = connect_loopback (fx, fx->port);

      if (connection != NULL)
        {
          g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate_for (fx, 20);
    }
  /* Let the server notice the probe connection went away. */
  iterate_for (fx, 50);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->context = g_main_context_new ();
  g_main_context_push_thread_default (fx->context);
  fx->held = g_ptr_array_new_with_free_func (g_object_unref);
  fx->accepted = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_setup_redis (Fixture       *fx,
                     gconstpointer  data)
{
  fixture_setup (fx, data);
  start_redis (fx, data, NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (guint i = 0; i < fx->held->len; i++)
    g_io_stream_close (g_ptr_array_index (fx->held, i), NULL, NULL);
  g_clear_pointer (&fx->held, g_ptr_array_unref);
  if (fx->service != NULL)
    {
      g_socket_service_stop (fx->service);
      g_socket_listener_close (G_SOCKET_LISTENER (fx->service));
      g_clear_object (&fx->service);
    }
  for (guint i = 0; i < fx->accepted->len; i++)
    g_io_stream_close (g_ptr_array_index (fx->accepted, i), NULL, NULL);
  g_clear_pointer (&fx->accepted, g_ptr_array_unref);
  ic_test_redis_fake_stop (&fx->fake);
  if (fx->server != NULL)
    {
      g_subprocess_force_exit (fx->server);
      g_subprocess_wait (fx->server, NULL, NULL);
      g_clear_object (&fx->server);
    }
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

static IcProbeSample *
run_probe (Fixture              *fx,
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
  g_assert_cmpint (spec->kind, ==, IC_PROBE_KIND_REDIS);
  ic_probe_run_async (spec, options, cancellable, probe_done_cb, &data);
  iterate_until (fx, &data.done, GUARD_MS);
  sample = ic_probe_run_finish (data.result, error);
  g_object_unref (data.result);
  if (sample != NULL)
    g_test_message ("%s: %s (%s) %s", url, ic_probe_state_to_string (sample->state),
                    sample->has_error ? ic_probe_error_to_string (sample->error_kind) : "-",
                    sample->detail);
  return sample;
}

static char *
redis_url (Fixture    *fx,
           const char *userinfo)
{
  return g_strdup_printf ("redis://%s%s127.0.0.1:%d", userinfo ? userinfo : "",
                          userinfo ? "@" : "", fx->port);
}

static void
hold_connections (Fixture *fx,
                  guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      GSocketConnection *connection = connect_loopback (fx, fx->port);

      g_assert_nonnull (connection);
      g_ptr_array_add (fx->held, connection);
    }
  /* Let the server accept them all. */
  iterate_for (fx, 100);
}

/* Cases ---------------------------------------------------------------------- */

static void
test_ok (Fixture       *fx,
         gconstpointer  data)
{
  g_autofree char *url = redis_url (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  sample = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_false (sample->has_error);
  g_assert_true (sample->has_value);
  g_assert_cmpfloat (sample->value, >, 0);
  g_assert_cmpfloat (sample->value, <, 80);
  g_assert_cmpint (sample->latency_us, >=, 0);
  g_assert_nonnull (strstr (sample->detail, "PONG"));
  g_assert_nonnull (strstr (sample->detail, "master"));
  g_assert_nonnull (strstr (sample->detail, "/ 20 clients"));
  /* From INFO's memory section, asked for with the clients' and others. */
  g_assert_nonnull (strstr (sample->detail, " used"));

  /* A single node is no cluster seed: the server says so, verbatim. */
  {
    g_autofree char *cluster_url = g_strdup_printf ("%s?cluster=1", url);
    g_autoptr(IcProbeSample) cluster = run_probe (fx, cluster_url, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cluster->state, ==, IC_PROBE_STATE_ERROR);
    g_assert_cmpstr (cluster->detail, ==, "ERR This instance has cluster support disabled");
  }
}

static void
test_saturated (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *url = redis_url (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) after = NULL;

  hold_connections (fx, 25);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_SATURATED);
  g_assert_cmpstr (sample->detail, ==, "Saturated: ERR max number of clients reached");

  /* Released, the server answers again and counts what it rejected. */
  for (guint i = 0; i < fx->held->len; i++)
    g_io_stream_close (g_ptr_array_index (fx->held, i), NULL, NULL);
  g_ptr_array_set_size (fx->held, 0);
  iterate_for (fx, 100);
  after = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (strstr (after->detail, "rejected connection"));
}

static void
test_utilisation_degraded (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *url = redis_url (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) strict = NULL;
  IcProbeOptions options;

  hold_connections (fx, 17);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_true (sample->has_value);
  g_assert_cmpfloat (sample->value, >=, 80);
  g_assert_nonnull (strstr (sample->detail, "/ 20 clients"));

  /* warn_above moves the threshold. */
  ic_probe_options_init (&options);
  options.warn_above = 95;
  strict = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strict->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpfloat (strict->value, >=, 80);
}

static void
test_auth (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good_url = redis_url (fx, ":s3cret");
  g_autofree char *bad_url = redis_url (fx, ":wrong");
  g_autofree char *none_url = redis_url (fx, NULL);
  g_autoptr(IcProbeSample) good = NULL;
  g_autoptr(IcProbeSample) bad = NULL;
  g_autoptr(IcProbeSample) none = NULL;

  good = run_probe (fx, good_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (good->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (strstr (good->detail, "PONG"));

  bad = run_probe (fx, bad_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bad->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (bad->has_error);
  g_assert_cmpint (bad->error_kind, ==, IC_PROBE_ERROR_AUTH);
  /* Redis 7's own words. */
  g_assert_true (g_str_has_prefix (bad->detail, "WRONGPASS")
                 || g_str_has_prefix (bad->detail, "ERR invalid password"));

  none = run_probe (fx, none_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (none->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (none->has_error);
  g_assert_cmpint (none->error_kind, ==, IC_PROBE_ERROR_AUTH);
  g_assert_true (g_str_has_prefix (none->detail, "NOAUTH"));
}

/* An ACL user with its own password (Redis 6+): AUTH user password. */
static void
test_acl_user (Fixture       *fx,
               gconstpointer  data)
{
  /* redis-server joins the words after --user into one ACL rule line. */
  const char *extra[] = { "--user", "probe", "on", ">pr0be-pass", "+ping", "+info",
                          "+config|get", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) good = NULL;
  g_autoptr(IcProbeSample) bad = NULL;
  g_autofree char *good_url = NULL;
  g_autofree char *bad_url = NULL;

  start_redis (fx, "default-pass", extra);
  good_url = redis_url (fx, "probe:pr0be-pass");
  bad_url = redis_url (fx, "probe:wrong");
  good = run_probe (fx, good_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (good->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (strstr (good->detail, "PONG"));
  bad = run_probe (fx, bad_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bad->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (bad->error_kind, ==, IC_PROBE_ERROR_AUTH);
  g_assert_true (g_str_has_prefix (bad->detail, "WRONGPASS"));
}

/* The password the app reads from the keyring arrives in the options, and
 * wins over one left in the target. */
static void
test_auth_from_options (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bare_url = redis_url (fx, NULL);
  g_autofree char *stale_url = redis_url (fx, ":wrong");
  g_autoptr(IcProbeSample) bare = NULL;
  g_autoptr(IcProbeSample) stale = NULL;
  g_autoptr(IcProbeSample) wrong = NULL;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.password = "s3cret";
  bare = run_probe (fx, bare_url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bare->state, ==, IC_PROBE_STATE_OK);

  stale = run_probe (fx, stale_url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stale->state, ==, IC_PROBE_STATE_OK);

  options.password = "not-it";
  wrong = run_probe (fx, bare_url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wrong->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (wrong->error_kind, ==, IC_PROBE_ERROR_AUTH);
}

static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;

  fx->port = free_port ();
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  g_assert_nonnull (strstr (sample->detail, "refused"));
}

/* A resolver with names of its own: "two.test" is an address where no
 * server listens, then the server's; "none.test" two where none does. */
typedef struct
{
  GResolver parent_instance;
} TestResolver;

typedef GResolverClass TestResolverClass;

static GType test_resolver_get_type (void);
G_DEFINE_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
test_resolver_lookup_async (GResolver           *resolver,
                            const char          *hostname,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  const char *two[] = { "127.0.0.2", "127.0.0.1", NULL };
  const char *none[] = { "127.0.0.2", "127.0.0.3", NULL };
  const char **addresses = g_str_equal (hostname, "two.test") ? two : none;
  GList *list = NULL;

  for (guint i = 0; addresses[i] != NULL; i++)
    list = g_list_append (list, g_inet_address_new_from_string (addresses[i]));
  g_task_return_pointer (task, list, (GDestroyNotify) g_resolver_free_addresses);
}

static GList *
test_resolver_lookup_finish (GResolver     *resolver,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  klass->lookup_by_name_async = test_resolver_lookup_async;
  klass->lookup_by_name_finish = test_resolver_lookup_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* A name with several addresses: refused on one, the next is tried, as
 * any client does ("localhost" as ::1 and 127.0.0.1 with a server bound
 * to IPv4 only). When all refuse, the detail names each. */
static void
test_next_address (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) two = NULL;
  g_autoptr(IcProbeSample) none = NULL;
  g_autofree char *two_url = g_strdup_printf ("redis://two.test:%d", fx->port);
  g_autofree char *none_url = g_strdup_printf ("redis://none.test:%d", fx->port);
  g_autofree char *expected = NULL;

  g_resolver_set_default (resolver);
  two = run_probe (fx, two_url, NULL, NULL, &error);
  g_assert_no_error (error);
  none = run_probe (fx, none_url, NULL, NULL, &error);
  g_resolver_set_default (previous);
  g_assert_no_error (error);

  g_assert_cmpint (two->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpint (none->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (none->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  expected = g_strdup_printf ("127.0.0.2: %s; 127.0.0.3: %s", g_strerror (ECONNREFUSED),
                              g_strerror (ECONNREFUSED));
  g_assert_cmpstr (none->detail, ==, expected);
}

/* The database in the target is selected: one the server does not have
 * fails with the server's words. */
static void
test_database (Fixture       *fx,
               gconstpointer  data)
{
  const char *extra[] = { "--databases", "4", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) present = NULL;
  g_autoptr(IcProbeSample) absent = NULL;
  g_autofree char *present_url = NULL;
  g_autofree char *absent_url = NULL;

  start_redis (fx, NULL, extra);
  present_url = g_strdup_printf ("redis://127.0.0.1:%d/3", fx->port);
  absent_url = g_strdup_printf ("redis://127.0.0.1:%d/9", fx->port);
  present = run_probe (fx, present_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (present->state, ==, IC_PROBE_STATE_OK);
  absent = run_probe (fx, absent_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (absent->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (absent->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_cmpstr (absent->detail, ==, "ERR DB index is out of range");
}

static void
test_dns (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;

  IcProbeOptions options;

  /* .invalid never resolves (RFC 6761); a resolver without a reachable
   * name server may only give up after the deadline. */
  ic_probe_options_init (&options);
  options.timeout_ms = 10000;
  sample = run_probe (fx, "redis://no-such-host.invalid:6379", &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_true (sample->has_error);
  g_assert_true (sample->error_kind == IC_PROBE_ERROR_DNS
                 || sample->error_kind == IC_PROBE_ERROR_TIMEOUT);
}

/* In-process hostile servers ------------------------------------------------ */

static gboolean
hang_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  Fixture *fx = user_data;

  g_ptr_array_add (fx->accepted, g_object_ref (connection));
  return TRUE;
}

static gboolean
garbage_incoming_cb (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source_object,
                     gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 200 OK\r\n\r\n";
  Fixture *fx = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_ptr_array_add (fx->accepted, g_object_ref (connection));
  return TRUE;
}

static void
start_service (Fixture  *fx,
               GCallback incoming)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  fx->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fx->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  fx->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fx->service, "incoming", incoming, fx);
  g_socket_service_start (fx->service);
}

static void
test_hang (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;
  IcProbeOptions options;
  gint64 started;
  gint64 took_ms;

  start_service (fx, G_CALLBACK (hang_incoming_cb));
  url = redis_url (fx, NULL);
  ic_probe_options_init (&options);
  options.timeout_ms = 500;
  started = g_get_monotonic_time ();
  sample = run_probe (fx, url, &options, NULL, &error);
  took_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  g_assert_cmpstr (sample->detail, ==, "Timed out after 500 ms");
  g_assert_cmpint (took_ms, >=, 450);
  g_assert_cmpint (took_ms, <, 500 + 1500);
  g_assert_cmpuint (fx->accepted->len, ==, 1);
}

static void
test_garbage (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;

  start_service (fx, G_CALLBACK (garbage_incoming_cb));
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sample->state == IC_PROBE_STATE_ERROR || sample->state == IC_PROBE_STATE_FAILING);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (sample->detail, "rotocol error"));
}

static void
test_replica_link_down (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;
  g_autofree char *master_port = g_strdup_printf ("%d", free_port ());
  const char * const extra[] = { "--replicaof", "127.0.0.1", master_port, NULL };

  /* A replica of a master that is not there: its link is down. */
  start_redis (fx, NULL, extra);
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_nonnull (strstr (sample->detail, "replica"));
  g_assert_nonnull (strstr (sample->detail, "master link down"));
}

/* As on managed services: an INFO without maxclients, and no CONFIG. */
static void
test_no_maxclients (Fixture       *fx,
                    gconstpointer  data)
{
  static const IcTestRedisScript script = {
    .info = "# Server\r\nredis_version:7.0.0\r\n\r\n# Clients\r\nconnected_clients:7\r\n"
            "blocked_clients:0\r\n# Replication\r\nrole:master\r\nsome_future_field:x\r\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;

  ic_test_redis_fake_start (&fx->fake, &script);
  fx->port = fx->fake.port;
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_false (sample->has_value);
  g_assert_nonnull (strstr (sample->detail, "PONG"));
  g_assert_nonnull (strstr (sample->detail, "7 clients (limit unknown)"));
  /* PING, INFO of the sections read, and CONFIG GET for the limit INFO
   * did not give. */
  g_assert_cmpstr (fx->fake.asked->str, ==,
                   "PING\nINFO clients memory stats replication\nCONFIG GET maxclients\n");
  g_assert_cmpuint (fx->fake.round_trips, ==, 2);
}

/* A server before Redis 7 takes one section in INFO and refuses several
 * ("ERR syntax error"): the whole INFO and CONFIG GET follow in one second
 * round trip, and the check reads them as it read them before. data:
 * TRUE when it refuses INFO altogether. */
static void
test_one_info_section (Fixture       *fx,
                       gconstpointer  data)
{
  static const IcTestRedisScript redis_6 = {
    .info = "# Server\r\nredis_version:6.2.14\r\n\r\n# Clients\r\nconnected_clients:30\r\n"
            "blocked_clients:0\r\n\r\n# Memory\r\nused_memory_human:1.5M\r\n\r\n"
            "# Stats\r\nrejected_connections:4\r\n\r\n# Replication\r\nrole:master\r\n",
    .config_maxclients = "100",
    .one_section = TRUE,
  };
  static const IcTestRedisScript no_info = { .one_section = TRUE, .config_maxclients = "100" };
  gboolean refused = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;

  ic_test_redis_fake_start (&fx->fake, refused ? &no_info : &redis_6);
  fx->port = fx->fake.port;
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fx->fake.asked->str, ==,
                   "PING\nINFO clients memory stats replication\nINFO\nCONFIG GET maxclients\n");
  g_assert_cmpuint (fx->fake.round_trips, ==, 2);
  if (refused)
    {
      /* What the server said to the whole INFO, verbatim. */
      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
      g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
      g_assert_cmpstr (sample->detail, ==, "ERR unknown command 'INFO'");
      return;
    }
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_false (sample->has_error);
  g_assert_true (sample->has_value);
  g_assert_cmpfloat_with_epsilon (sample->value, 30.0, 1e-9);
  g_assert_cmpint (sample->rejected_connections, ==, 4);
  g_assert_nonnull (strstr (sample->detail, "30 / 100 clients"));
  g_assert_nonnull (strstr (sample->detail, "4 rejected connections"));
  g_assert_nonnull (strstr (sample->detail, "1.5M used"));
  g_assert_nonnull (strstr (sample->detail, "master"));
}

/* A count no Redis server can reach (issue #12: summed, it overflowed) is
 * refused with the figure named, from INFO or from CONFIG GET. */
static void
test_huge_counts (Fixture       *fx,
                  gconstpointer  data)
{
  static const IcTestRedisScript in_info = {
    .info = "# Clients\r\nconnected_clients:9223372036854775807\r\n"
            "cluster_connections:9223372036854775807\r\nmaxclients:10000\r\n"
            "# Replication\r\nrole:master\r\n",
  };
  static const IcTestRedisScript in_config = {
    .info = "# Clients\r\nconnected_clients:12\r\n",
    .config_maxclients = "18446744073709551616",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;

  ic_test_redis_fake_start (&fx->fake, &in_info);
  fx->port = fx->fake.port;
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (sample->has_error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_false (sample->has_value);
  g_assert_cmpstr (sample->detail, ==,
                   "The server reports connected_clients:9223372036854775807, beyond the "
                   "4294967295 connections a Redis server can count");
  ic_test_redis_fake_stop (&fx->fake);
  g_clear_pointer (&sample, ic_probe_sample_free);
  g_clear_pointer (&url, g_free);

  ic_test_redis_fake_start (&fx->fake, &in_config);
  fx->port = fx->fake.port;
  url = redis_url (fx, NULL);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_cmpstr (sample->detail, ==,
                   "The server reports maxclients:18446744073709551616, beyond the "
                   "4294967295 connections a Redis server can count");
}

/* The INFO parser, without a server ------------------------------------------ */

typedef struct
{
  const char *name;
  const char *text;
  gsize       len;            /* 0: strlen (text) */
  gint64      connected_clients;
  gint64      cluster_connections;
  gint64      maxclients;
  gint64      rejected_connections;
  const char *role;
  const char *bad_figure;
} InfoCase;

#define NUL_IN_LINE "connected_clients:5\0\r\nmaxclients:10\r\n"

static const InfoCase info_cases[] = {
  { "redis7", "# Server\r\nredis_version:7.0.15\r\n\r\n# Clients\r\nconnected_clients:7\r\n"
    "cluster_connections:4\r\nmaxclients:10000\r\n# Stats\r\nrejected_connections:3\r\n"
    "# Replication\r\nrole:master\r\n", 0, 7, 4, 10000, 3, "master", NULL },
  { "lf-only", "connected_clients:1\nrole:slave\nmaster_link_status:down", 0, 1, -1, -1, -1,
    "slave", NULL },
  { "empty", "", 0, -1, -1, -1, -1, NULL, NULL },
  { "not-numbers", "connected_clients:-5\r\nmaxclients:12abc\r\ncluster_connections:\r\n"
    "rejected_connections: 4\r\n", 0, -1, -1, -1, -1, NULL, NULL },
  { "limit", "connected_clients:4294967295\r\nmaxclients:4294967295\r\n", 0, 4294967295,
    -1, 4294967295, -1, NULL, NULL },
  { "over-limit", "connected_clients:4294967296\r\nmaxclients:10\r\n", 0, -1, -1, 10, -1,
    NULL, "connected_clients:4294967296" },
  { "int64-max", "maxclients:10\r\ncluster_connections:9223372036854775807\r\n"
    "connected_clients:9223372036854775807\r\n", 0, -1, -1, 10, -1, NULL,
    "cluster_connections:9223372036854775807" },
  { "beyond-int64", "connected_clients:99999999999999999999999999\r\n", 0, -1, -1, -1, -1,
    NULL, "connected_clients:99999999999999999999999999" },
  { "long-figure", "maxclients:1234567890123456789012345678901234567890123456789\r\n", 0, -1,
    -1, -1, -1, NULL, "maxclients:1234567890123456789012345678901234567890…" },
  /* A counter since the server started: only saturated, never refused. */
  { "rejected-counter", "rejected_connections:99999999999999999999\r\n", 0, -1, -1, -1,
    G_MAXINT64, NULL, NULL },
  { "similar-names", "connected_clients_peak:5\r\nxconnected_clients:6\r\n#maxclients:7\r\n"
    "role\r\n", 0, -1, -1, -1, -1, NULL, NULL },
  { "nul-in-line", NUL_IN_LINE, sizeof NUL_IN_LINE - 1, -1, -1, 10, -1, NULL, NULL },
  /* Only the bytes given: "connected_clients:1" of "…:12345". */
  { "length-bound", "connected_clients:12345", 19, 1, -1, -1, -1, NULL, NULL },
  { "no-colon", "connected_clients 5\r\n:\r\n::::\r\n", 0, -1, -1, -1, -1, NULL, NULL },
};

static void
test_parse_info (gconstpointer data)
{
  const InfoCase *c = data;
  gsize len = c->len ? c->len : strlen (c->text);
  /* Exactly @len bytes on the heap, no NUL after them: the sanitizer build
   * catches a read past the end. */
  g_autofree char *text = g_memdup2 (c->text, len);
  IcRedisInfo info;

  _ic_redis_info_init (&info);
  _ic_redis_parse_info (&info, len ? text : NULL, len);
  g_assert_cmpint (info.connected_clients, ==, c->connected_clients);
  g_assert_cmpint (info.cluster_connections, ==, c->cluster_connections);
  g_assert_cmpint (info.maxclients, ==, c->maxclients);
  g_assert_cmpint (info.rejected_connections, ==, c->rejected_connections);
  g_assert_cmpstr (info.role, ==, c->role);
  g_assert_cmpstr (info.bad_figure, ==, c->bad_figure);
  _ic_redis_info_clear (&info);
  g_assert_null (info.role);
  g_assert_null (info.bad_figure);
}

static void
test_parse_count (void)
{
  static const struct
  {
    const char *text;
    gint64      count;
  } cases[] = {
    { "0", 0 }, { "7", 7 }, { "0042", 42 }, { "9223372036854775807", G_MAXINT64 },
    { "9223372036854775808", G_MAXINT64 }, { "123456789012345678901234567890", G_MAXINT64 },
    { "", -1 }, { "-1", -1 }, { "+1", -1 }, { " 1", -1 }, { "1 ", -1 }, { "1x", -1 },
    { "0x10", -1 }, { "١", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].text);
      g_autofree char *text = g_memdup2 (cases[i].text, len);

      g_test_message ("count %s", cases[i].text);
      g_assert_cmpint (_ic_redis_parse_count (text, len), ==, cases[i].count);
    }
}

/* Random bytes, and random mixes of INFO's words: whatever comes, the
 * parser stays within its bytes and every count within its range. */
static void
test_parse_info_any_bytes (void)
{
  static const char *const words[] = { "connected_clients", "maxclients", "cluster_connections",
                                       "rejected_connections", "role", ":", "\r\n", "\n", "#",
                                       "9223372036854775807", "4294967296", "12", "-", "\0" };

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      guint n = (guint) g_test_rand_int_range (0, 40);
      g_autofree char *text = NULL;
      IcRedisInfo info;

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
      _ic_redis_info_init (&info);
      _ic_redis_parse_info (&info, bytes->len ? text : NULL, bytes->len);
      g_assert_cmpint (info.connected_clients, >=, -1);
      g_assert_cmpint (info.connected_clients, <=, IC_REDIS_MAX_COUNT);
      g_assert_cmpint (info.cluster_connections, <=, IC_REDIS_MAX_COUNT);
      g_assert_cmpint (info.maxclients, <=, IC_REDIS_MAX_COUNT);
      g_assert_cmpint (info.rejected_connections, >=, -1);
      _ic_redis_info_clear (&info);
    }
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
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timer = g_timeout_source_new (100);
  g_autofree char *url = NULL;
  IcProbeOptions options;

  /* Mid-check: connected, the PING sent and not answered. */
  start_service (fx, G_CALLBACK (hang_incoming_cb));
  url = redis_url (fx, NULL);
  ic_probe_options_init (&options);
  options.timeout_ms = 5000;
  g_source_set_callback (timer, cancel_cb, cancellable, NULL);
  g_source_attach (timer, fx->context);
  sample = run_probe (fx, url, &options, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sample);
  g_assert_cmpuint (fx->accepted->len, ==, 1);
}

/* TLS (rediss://) ------------------------------------------------------------ */

/* A real redis-server with a password, on a plain port (fx->port) and a
 * TLS port (returned) with the test certificate for 127.0.0.1. */
static int
start_redis_tls (Fixture *fx)
{
  g_autofree char *pair = ic_test_tls_file ("self-signed.pem");
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  int tls_port = free_port ();
  g_autofree char *port = g_strdup_printf ("%d", tls_port);
  const char *extra[] = { "--tls-port", port, "--tls-cert-file", pair, "--tls-key-file", pair,
                          "--tls-ca-cert-file", ca, "--tls-auth-clients", "no", NULL };

  start_redis (fx, "s3cret", extra);
  return tls_port;
}

static IcProbeSample *
run_tls_probe (Fixture    *fx,
               const char *host,
               int         port,
               const char *ca_file,
               guint       timeout_ms)
{
  g_autofree char *url = g_strdup_printf ("rediss://:s3cret@%s:%d", host, port);
  g_autoptr(GError) error = NULL;
  IcProbeOptions options;
  IcProbeSample *sample;

  ic_probe_options_init (&options);
  options.ca_file = ca_file;
  options.timeout_ms = timeout_ms;
  sample = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  return sample;
}

/* Managed Redis speaks TLS only: rediss:// verifies the server's certificate
 * (against the probe's CA file, or the system's CAs) and its name, and says
 * which of them failed. */
static void
test_tls (Fixture       *fx,
          gconstpointer  data)
{
  int tls_port = start_redis_tls (fx);
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autoptr(IcProbeSample) good = run_tls_probe (fx, "127.0.0.1", tls_port, ca, 5000);
  g_autoptr(IcProbeSample) untrusted = run_tls_probe (fx, "127.0.0.1", tls_port, NULL, 5000);
  g_autoptr(IcProbeSample) wrong_name = NULL;
  g_autoptr(IcProbeSample) plain_port = NULL;
  g_autoptr(IcProbeSample) no_tls = NULL;
  g_autofree char *plain_url = g_strdup_printf ("redis://:s3cret@127.0.0.1:%d", tls_port);
  g_autoptr(GError) error = NULL;
  IcProbeOptions options;

  g_assert_cmpint (good->state, ==, IC_PROBE_STATE_OK);
  g_assert_false (good->has_error);
  g_assert_nonnull (strstr (good->detail, "PONG"));
  g_assert_nonnull (strstr (good->detail, "/ 20 clients"));

  g_assert_cmpint (untrusted->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (untrusted->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (untrusted->detail, "TLS with 127.0.0.1 failed: "));
  g_assert_nonnull (strstr (untrusted->detail, "not signed by a trusted authority"));

  /* The certificate is for 127.0.0.1; "localhost" is another name (its
   * ::1, where nothing listens, is passed over first). */
  wrong_name = run_tls_probe (fx, "localhost", tls_port, ca, 5000);
  g_assert_cmpint (wrong_name->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_nonnull (strstr (wrong_name->detail, "not for this host name"));

  /* TLS to a plain port waits for an answer that never comes: the
   * deadline says where it waited. Plain to the TLS port: an error. */
  plain_port = run_tls_probe (fx, "127.0.0.1", fx->port, ca, 500);
  g_assert_cmpint (plain_port->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (plain_port->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  g_assert_cmpstr (plain_port->detail, ==, "Timed out after 500 ms in the TLS handshake: does "
                                           "the server speak TLS on this port?");
  ic_probe_options_init (&options);
  options.timeout_ms = 5000;
  no_tls = run_probe (fx, plain_url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (no_tls->has_error);
  g_assert_cmpint (no_tls->error_kind, !=, IC_PROBE_ERROR_TIMEOUT);
  g_assert_true (g_str_has_suffix (no_tls->detail, " — does it expect TLS (rediss://)?"));
}

/* Checked through a pool, as the scheduler runs them, a probe reads its CA
 * file once while the file stays the same: the next check finds the same
 * certificates in the pool instead of reading them again. A file that
 * changed is read again, and what it says now decides. */
static void
test_tls_ca_file_kept (Fixture       *fx,
                       gconstpointer  data)
{
  int tls_port = start_redis_tls (fx);
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *other = ic_test_tls_file ("other-ca.pem");
  g_autofree char *url = g_strdup_printf ("rediss://:s3cret@127.0.0.1:%d", tls_port);
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-redis-ca-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "trusted.pem", NULL);
  g_autoptr(IcProbeSample) first = NULL;
  g_autoptr(IcProbeSample) kept = NULL;
  g_autoptr(IcProbeSample) changed = NULL;
  g_autoptr(IcProbeSample) back = NULL;
  GTlsDatabase *read_first;
  IcCaFileStamp stamp;
  IcProbeOptions options;

  g_assert_no_error (error);
  ic_test_copy_file (path, ca);
  ic_probe_options_init (&options);
  options.ca_file = path;
  options.sessions = pool;

  first = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->state, ==, IC_PROBE_STATE_OK);
  read_first = _ic_probe_session_pool_lookup_ca_file (pool, path, &stamp);
  g_assert_nonnull (read_first);
  kept = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->state, ==, IC_PROBE_STATE_OK);
  /* Read again, the file would have given the pool new certificates. */
  g_assert_true (_ic_probe_session_pool_lookup_ca_file (pool, path, &stamp) == read_first);

  ic_test_copy_file (path, other);
  changed = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (changed->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_nonnull (strstr (changed->detail, "not signed by a trusted authority"));

  ic_test_copy_file (path, ca);
  back = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, IC_PROBE_STATE_OK);

  g_unlink (path);
  g_rmdir (dir);
}

/* A wrong password over TLS is the server's answer, as in the clear. */
static void
test_tls_auth (Fixture       *fx,
               gconstpointer  data)
{
  int tls_port = start_redis_tls (fx);
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *url = g_strdup_printf ("rediss://:wrong@127.0.0.1:%d", tls_port);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.ca_file = ca;
  sample = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_AUTH);
  g_assert_nonnull (strstr (sample->detail, "WRONGPASS"));
}

/* The CLI takes rediss:// and --ca-file like the form. */
static void
test_tls_cli (Fixture       *fx,
              gconstpointer  data)
{
  int tls_port = start_redis_tls (fx);
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *url = g_strdup_printf ("rediss://:s3cret@127.0.0.1:%d", tls_port);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("IC_BINARY");

  g_assert_nonnull (binary);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "probe", url, "--ca-file", ca,
                                         NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "PONG"));
  /* The password is not printed back. */
  g_assert_null (strstr (out, "s3cret"));
  g_assert_null (strstr (err, "s3cret"));
}

/* A master with room, for the tests that count commands. */
static const IcTestRedisScript small_master = {
  .info = "# Clients\r\nconnected_clients:3\r\nmaxclients:100\r\n"
          "# Replication\r\nrole:master\r\n",
};

/* AUTH, SELECT, PING and INFO leave in one write and come back in one
 * round trip (they took four before). data: a host name of the test
 * resolver, "two.test": when its first address refuses, the one that takes
 * the connection gets the four commands once each, in one round trip. */
static void
test_one_round_trip (Fixture       *fx,
                     gconstpointer  data)
{
  const char *host = data != NULL ? data : "127.0.0.1";
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;

  ic_test_redis_fake_start (&fx->fake, &small_master);
  url = g_strdup_printf ("redis://app:s3cret@%s:%d/3", host, fx->fake.port);
  g_resolver_set_default (resolver);
  sample = run_probe (fx, url, NULL, NULL, &error);
  g_resolver_set_default (previous);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (fx->fake.accepted, ==, 1);
  g_assert_cmpuint (fx->fake.commands, ==, 4);
  g_assert_cmpuint (fx->fake.round_trips, ==, 1);
}

/* A connect that is not done at once: the server's queue of connections
 * is full, so the kernel drops the first SYN and sends it again a second
 * later. The commands leave in one write once the socket is writable, and
 * the latency is PING's round trip, without the wait for the connect. */
static void
test_slow_connect (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ProbeData probe = { FALSE, NULL };
  gboolean full = FALSE;

  /* Nothing accepted, the queue (one connection) fills. */
  ic_test_redis_fake_start_backlog (&fx->fake, &small_master, 0);
  g_socket_service_stop (fx->fake.service);
  address = g_inet_socket_address_new (loopback, (guint16) fx->fake.port);
  for (guint i = 0; i < 8 && !full; i++)
    {
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, &error);
      g_autoptr(GError) pending = NULL;

      g_assert_no_error (error);
      g_socket_set_blocking (socket, FALSE);
      if (!g_socket_connect (socket, address, NULL, &pending))
        {
          g_assert_error (pending, G_IO_ERROR, G_IO_ERROR_PENDING);
          /* Done within 200 ms, or its SYN was dropped: the queue is full. */
          full = g_socket_condition_timed_wait (socket, G_IO_OUT, 200000, NULL, NULL) == FALSE;
        }
      if (!full)
        g_ptr_array_add (fillers, g_steal_pointer (&socket));
    }
  g_assert_true (full);

  url = g_strdup_printf ("redis://127.0.0.1:%d", fx->fake.port);
  spec = ic_probe_spec_parse (url, &error);
  g_assert_no_error (error);
  ic_probe_run_async (spec, NULL, NULL, probe_done_cb, &probe);
  iterate_for (fx, 300);
  g_assert_false (probe.done);
  /* Accepting frees the queue: the SYN sent again gets through. */
  g_socket_service_start (fx->fake.service);
  iterate_until (fx, &probe.done, GUARD_MS);
  sample = ic_probe_run_finish (probe.result, &error);
  g_object_unref (probe.result);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (fx->fake.commands, ==, 2);
  g_assert_cmpuint (fx->fake.round_trips, ==, 1);
  g_assert_cmpint (sample->latency_us, <, 300000);
}

/* The TCP state (as /proc/net/tcp gives it: 1 established, 4–11 closing)
 * of this machine's connection from a local port to 127.0.0.1:@port, or 0
 * when there is none. */
static guint
client_tcp_state (int port)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *remote = g_strdup_printf ("0100007F:%04X", port);

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL));
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char rem[32];
      guint state;

      /* "sl: local remote st …": the probe's end has @port as its remote. */
      if (sscanf (lines[i], " %*u: %*s %31s %x", rem, &state) == 2
          && g_str_equal (rem, remote) && state != 0)
        return state;
    }
  return 0;
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
  int           port;
  guint         state;   /* the connection's when the answer came */
} AnswerData;

static void
answer_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AnswerData *data = user_data;

  data->state = client_tcp_state (data->port);
  data->result = g_object_ref (result);
  data->done = TRUE;
}

/* The answer comes as soon as the replies are read: the connection is
 * closed after it, not before (a close is a seventh of a loopback check),
 * and it is closed — the server sees the probe go. */
static void
test_answer_before_close (Fixture       *fx,
                          gconstpointer  data)
{
  static const IcTestRedisScript script = {
    .info = "# Clients\r\nconnected_clients:1\r\nmaxclients:100\r\n",
  };
  g_autofree char *url = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  AnswerData answer = { FALSE, NULL, 0, 0 };
  gboolean closed = FALSE;

  ic_test_redis_fake_start (&fx->fake, &script);
  url = g_strdup_printf ("redis://127.0.0.1:%d", fx->fake.port);
  spec = ic_probe_spec_parse (url, &error);
  g_assert_no_error (error);
  answer.port = fx->fake.port;
  ic_probe_run_async (spec, NULL, NULL, answer_done_cb, &answer);
  iterate_until (fx, &answer.done, GUARD_MS);
  sample = ic_probe_run_finish (answer.result, &error);
  g_object_unref (answer.result);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (answer.state, ==, 1);   /* TCP_ESTABLISHED */
  for (guint i = 0; i < 200 && !closed; i++)
    {
      iterate_for (fx, 10);
      closed = fx->fake.open == 0;
    }
  g_assert_true (closed);
  g_assert_cmpuint (fx->fake.accepted, ==, 1);
  g_assert_cmpuint (client_tcp_state (fx->fake.port), !=, 1);
}

/* A server that sends without end is cut off at 16 MiB, with a reason. */
static void
test_endless_answer (Fixture       *fx,
                     gconstpointer  data)
{
  static const IcTestRedisScript script = { .huge_info = 24 * 1024 * 1024 };
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  IcProbeOptions options;

  ic_test_redis_fake_start (&fx->fake, &script);
  url = g_strdup_printf ("redis://127.0.0.1:%d", fx->fake.port);
  ic_probe_options_init (&options);
  options.timeout_ms = 10000;
  sample = run_probe (fx, url, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_cmpstr (sample->detail, ==, "Protocol error: the server sent more than 16 MiB");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ic/probe/redis/ok", Fixture, NULL, fixture_setup_redis, test_ok,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/saturated", Fixture, NULL, fixture_setup_redis, test_saturated,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/utilisation-degraded", Fixture, NULL, fixture_setup_redis,
              test_utilisation_degraded, fixture_teardown);
  g_test_add ("/ic/probe/redis/auth", Fixture, "s3cret", fixture_setup_redis, test_auth,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/acl-user", Fixture, NULL, fixture_setup, test_acl_user,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/auth-from-options", Fixture, "s3cret", fixture_setup_redis,
              test_auth_from_options, fixture_teardown);
  g_test_add ("/ic/probe/redis/replica-link-down", Fixture, NULL, fixture_setup,
              test_replica_link_down, fixture_teardown);
  g_test_add ("/ic/probe/redis/no-maxclients", Fixture, NULL, fixture_setup, test_no_maxclients,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/one-info-section", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_one_info_section, fixture_teardown);
  g_test_add ("/ic/probe/redis/one-info-section/refused", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_one_info_section, fixture_teardown);
  g_test_add ("/ic/probe/redis/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/dns", Fixture, NULL, fixture_setup, test_dns, fixture_teardown);
  g_test_add ("/ic/probe/redis/database", Fixture, NULL, fixture_setup, test_database,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/next-address", Fixture, NULL, fixture_setup_redis,
              test_next_address, fixture_teardown);
  g_test_add ("/ic/probe/redis/hang", Fixture, NULL, fixture_setup, test_hang,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/garbage", Fixture, NULL, fixture_setup, test_garbage,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/tls", Fixture, NULL, fixture_setup, test_tls,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/tls-ca-file-kept", Fixture, NULL, fixture_setup,
              test_tls_ca_file_kept, fixture_teardown);
  g_test_add ("/ic/probe/redis/tls-auth", Fixture, NULL, fixture_setup, test_tls_auth,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/tls-cli", Fixture, NULL, fixture_setup, test_tls_cli,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/slow-connect", Fixture, NULL, fixture_setup, test_slow_connect,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/one-round-trip", Fixture, NULL, fixture_setup,
              test_one_round_trip, fixture_teardown);
  g_test_add ("/ic/probe/redis/one-round-trip/next-address", Fixture, "two.test", fixture_setup,
              test_one_round_trip, fixture_teardown);
  g_test_add ("/ic/probe/redis/answer-before-close", Fixture, NULL, fixture_setup,
              test_answer_before_close, fixture_teardown);
  g_test_add ("/ic/probe/redis/endless-answer", Fixture, NULL, fixture_setup,
              test_endless_answer, fixture_teardown);
  g_test_add ("/ic/probe/redis/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/ic/probe/redis/huge-counts", Fixture, NULL, fixture_setup, test_huge_counts,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (info_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/probe/redis/parse-info/%s",
                                               info_cases[i].name);

      g_test_add_data_func (path, &info_cases[i], test_parse_info);
    }
  g_test_add_func ("/ic/probe/redis/parse-info/any-bytes", test_parse_info_any_bytes);
  g_test_add_func ("/ic/probe/redis/parse-count", test_parse_count);

  return g_test_run ();
}
