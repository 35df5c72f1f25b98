/* bench-probes.c — what a probe adds to a plain request, and what 200
 * probes cost the main loop (DESIGN.md §8)
 *
 * Usage: bench-probes [CHECKS [SECONDS]]
 *   1. an HTTP probe vs a raw libsoup GET on the same loopback server (this
 *      program again, as another process: `bench-probes --serve`), CHECKS
 *      of each, interleaved; medians and their ratio; the same over HTTPS
 *      (the tests' certificate and CA file);
 *   1b. a Redis probe (connect, then AUTH-less PING and INFO of four
 *      sections in one round trip) vs a raw hiredis connect and PING, on
 *      a redis-server of its own on a random loopback port; beside them a
 *      minimal client on GLib's main loop (the floor for any client that
 *      does not block);
 *   1c. the same over TLS (rediss://, the test certificate) vs a raw GIO
 *      TLS connect, handshake and PING, and that raw client made as
 *      g_tls_client_connection_new() makes it (the CA file set after);
 *   2. 200 probes (100 HTTP, 100 Redis) at a 1 s interval for SECONDS: the
 *      main loop's worst lateness (a 16 ms ticker measures it), the longest
 *      the loop was kept from polling (one iteration's checks and
 *      dispatches, wall time: a pause of the machine inside it counts
 *      too), and the CPU time of this process alone (the servers are
 *      other processes). Beside it, an idle process (`bench-probes --tick`)
 *      runs the same ticker: its lateness is the machine's, the baseline
 *      for this one's (a virtual machine whose CPU is taken away for a
 *      while makes every process late, whatever it does).
 *   3. The CPU baseline for 2: for as long again, the same 200 checks a
 *      second made by plain clients in this process: 100 libsoup GETs,
 *      each on a connection of its own that closes after the answer (as a
 *      probe's does), and 100 hiredis connects with PING and the same INFO.
 * Numbers, not assertions: run it by hand or from .ci/run, never as a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <libsoup/soup.h>

#include "ic-probe-scheduler.h"
#include "ic-probe-session-pool.h"

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/health+json", SOUP_MEMORY_STATIC,
                                    "{\"status\":\"pass\"}", 17);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, cmp_double);
  return g_array_index (values, double, values->len / 2);
}

/* An answer and when it came: every measurement below stops its clock
 * when the answer is in hand, before anything is torn down (the baselines'
 * connections are closed after it too). */
typedef struct
{
  GAsyncResult *result;
  gint64        at;
} Answer;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;

  answer->at = g_get_monotonic_time ();
  answer->result = g_object_ref (result);
}

static double
one_probe (const IcProbeSpec    *spec,
           const IcProbeOptions *options)
{
  Answer answer = { NULL, 0 };
  g_autoptr(IcProbeSample) sample = NULL;
  gint64 t0 = g_get_monotonic_time ();

  ic_probe_run_async (spec, options, NULL, done_cb, &answer);
  while (answer.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (answer.result, NULL);
  g_object_unref (answer.result);
  if (sample == NULL || sample->state != IC_PROBE_STATE_OK)
    g_error ("probe failed: %s", sample ? sample->detail : "cancelled");
  return (answer.at - t0) / 1000.0;
}

/* The baseline does what a careful client does for one check: a fresh
 * session (a new connection), GET, read the body; over HTTPS trusting
 * @database. */
static double
one_raw (const char   *url,
         GTlsDatabase *database)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Answer answer = { NULL, 0 };
  g_autoptr(GBytes) body = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (database != NULL)
    soup_session_set_tls_database (session, database);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, done_cb, &answer);
  while (answer.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = soup_session_send_and_read_finish (session, answer.result, NULL);
  g_object_unref (answer.result);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("raw GET failed");
  return (answer.at - t0) / 1000.0;
}

/* The tests' CA file @ca: its database (for the raw clients), and
 * @options for a probe trusting it through @pool, as the scheduler runs
 * every probe (the pool keeps the file's certificates while the file
 * stays the same). */
static GTlsDatabase *
trust_test_ca (IcProbeOptions     *options,
               IcProbeSessionPool *pool,
               const char         *ca)
{
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (ca, &error);

  if (database == NULL)
    g_error ("%s", error->message);
  ic_probe_options_init (options);
  options->ca_file = ca;
  options->sessions = pool;
  return database;
}

/* An HTTPS probe trusting the tests' CA file (through a pool, as the
 * scheduler runs it) vs a raw libsoup GET trusting the same file. */
static void
bench_https (int checks,
             int port)
{
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%d/health", port);
  g_autofree char *ca = g_build_filename (IC_TLS_DIR, "ca.pem", NULL);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  IcProbeOptions options;
  g_autoptr(GTlsDatabase) database = trust_test_ca (&options, pool, ca);

  for (int i = 0; i < checks; i++)
    {
      double p = one_probe (spec, &options), r = one_raw (url, database);

      g_array_append_val (probe_ms, p);
      g_array_append_val (raw_ms, r);
    }
  g_print ("| HTTPS probe (CA file) vs raw libsoup GET trusting the same CA file (%d each, "
           "loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_ms), median (probe_ms) / median (raw_ms));
}

/* The Redis baseline, likewise: a new connection, PING, the reply; with
 * @info, INFO of the sections the probe reads too, pipelined as the probe
 * does (the work it has to do). */
static double
one_raw_ping (int      port,
              gboolean info)
{
  gint64 t0 = g_get_monotonic_time ();
  redisContext *c = redisConnect ("127.0.0.1", port);
  redisReply *reply = NULL;
  redisReply *info_reply = NULL;
  gboolean ok;
  double ms;

  if (c != NULL && c->err == 0)
    {
      redisAppendCommand (c, "PING");
      if (info)
        redisAppendCommand (c, "INFO clients memory stats replication");
      redisGetReply (c, (void **) &reply);
      if (info)
        redisGetReply (c, (void **) &info_reply);
    }
  ok = reply != NULL && reply->type == REDIS_REPLY_STATUS
       && (!info || (info_reply != NULL && info_reply->type == REDIS_REPLY_STRING));
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (info_reply != NULL)
    freeReplyObject (info_reply);
  if (reply != NULL)
    freeReplyObject (reply);
  if (c != NULL)
    redisFree (c);
  if (!ok)
    g_error ("raw PING failed");
  return ms;
}

/* The floor for any client that waits on GLib's main loop rather than
 * blocking: the same connection, PING and INFO as one_raw_ping() with
 * @info, but a non-blocking connect and one fd source on the main
 * context, hiredis' reader for the replies, and nothing else — no
 * objects, no evaluation, no sample. The probe's ratio to it is what the
 * probe itself adds; its ratio to the raw PING is what waiting on a main
 * loop costs. */
typedef struct
{
  int          fd;
  gpointer     tag;
  redisReader *reader;
  int          replies;
  gint64       at;
  gboolean     failed;
} LoopClient;

static const char loop_request[] = "*1\r\n$4\r\nPING\r\n"
                                   "*5\r\n$4\r\nINFO\r\n$7\r\nclients\r\n$6\r\nmemory\r\n"
                                   "$5\r\nstats\r\n$11\r\nreplication\r\n";

static gboolean
loop_send (LoopClient *client)
{
  return send (client->fd, loop_request, sizeof loop_request - 1, MSG_NOSIGNAL)
         == (ssize_t) sizeof loop_request - 1;
}

static gboolean
loop_client_dispatch (GSource    *source,
                      GSourceFunc callback,
                      gpointer    user_data)
{
  LoopClient *client = user_data;
  GIOCondition ready = g_source_query_unix_fd (source, client->tag);
  char buffer[16384];
  ssize_t n;

  if (ready & G_IO_OUT)
    {
      int error = 0;
      socklen_t len = sizeof error;

      if (getsockopt (client->fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0
          || !loop_send (client))
        goto fail;
      g_source_modify_unix_fd (source, client->tag, G_IO_IN);
      return G_SOURCE_CONTINUE;
    }
  n = recv (client->fd, buffer, sizeof buffer, 0);
  if (n <= 0 || redisReaderFeed (client->reader, buffer, (size_t) n) != REDIS_OK)
    goto fail;
  for (;;)
    {
      void *reply = NULL;

      if (redisReaderGetReply (client->reader, &reply) != REDIS_OK)
        goto fail;
      if (reply == NULL)
        return G_SOURCE_CONTINUE;
      freeReplyObject (reply);
      if (++client->replies == 2)
        {
          client->at = g_get_monotonic_time ();
          return G_SOURCE_REMOVE;
        }
    }
fail:
  client->failed = TRUE;
  return G_SOURCE_REMOVE;
}

static GSourceFuncs loop_client_funcs = { .dispatch = loop_client_dispatch };

static double
one_loop_ping (int port)
{
  LoopClient client = { .fd = -1 };
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((guint16) port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  struct pollfd pfd;
  GSource *source;
  gint64 t0 = g_get_monotonic_time ();
  int one = 1;

  client.reader = redisReaderCreate ();
  client.fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (client.fd < 0)
    g_error ("socket: %s", g_strerror (errno));
  setsockopt (client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  source = g_source_new (&loop_client_funcs, sizeof (GSource));
  g_source_set_callback (source, NULL, &client, NULL);
  if (connect (client.fd, (struct sockaddr *) &address, sizeof address) != 0
      && errno != EINPROGRESS)
    g_error ("connect: %s", g_strerror (errno));
  /* On loopback the connection is usually up at once: send without a
   * trip through the loop, as the probe does. */
  pfd = (struct pollfd) { .fd = client.fd, .events = POLLOUT };
  if (poll (&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT) && loop_send (&client))
    client.tag = g_source_add_unix_fd (source, client.fd, G_IO_IN);
  else
    client.tag = g_source_add_unix_fd (source, client.fd, G_IO_OUT);
  g_source_attach (source, NULL);
  while (client.at == 0 && !client.failed)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
  close (client.fd);
  redisReaderFree (client.reader);
  if (client.failed)
    g_error ("main-loop PING failed");
  return (client.at - t0) / 1000.0;
}

static int
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_socket_bind (socket, any, TRUE, &error)
      || (bound = g_socket_get_local_address (socket, &error)) == NULL)
    g_error ("%s", error->message);
  g_socket_close (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A redis-server on *port, and on *tls_port over TLS with the tests'
 * certificate for 127.0.0.1. */
static GSubprocess *
start_redis (int *port,
             int *tls_port)
{
  g_autofree char *pair = g_build_filename (IC_TLS_DIR, "self-signed.pem", NULL);
  g_autofree char *ca = g_build_filename (IC_TLS_DIR, "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tls_text = NULL;
  GSubprocess *server;

  *port = free_port ();
  *tls_port = free_port ();
  text = g_strdup_printf ("%d", *port);
  tls_text = g_strdup_printf ("%d", *tls_port);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "redis-server",
                             "--port", text, "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", g_get_tmp_dir (),
                             "--tls-port", tls_text, "--tls-cert-file", pair, "--tls-key-file",
                             pair, "--tls-ca-cert-file", ca, "--tls-auth-clients", "no", NULL);
  if (server == NULL)
    g_error ("redis-server: %s", error->message);
  for (;;)
    {
      redisContext *c = redisConnect ("127.0.0.1", *port);
      gboolean up = c != NULL && c->err == 0;

      if (c != NULL)
        redisFree (c);
      if (up)
        return server;
      g_usleep (20000);
    }
}

/* The TLS baseline: what a careful client does with GIO alone — connect,
 * handshake (verifying the certificate), PING, PONG. */
static double
one_raw_tls_ping (int           port,
                  GTlsDatabase *database,
                  gboolean      database_later)
{
  static const char ping[] = "*1\r\n$4\r\nPING\r\n";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", (guint16) port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  char reply[16] = { 0 };
  gsize got = 0;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect (client, address, NULL, &error);
  if (connection != NULL)
    {
      /* As the probe does: the PING after the handshake is not held back. */
      g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                           1, NULL);
      /* Given the CA file's database when it is made, as the probe's is;
       * with @database_later, as g_tls_client_connection_new() makes it,
       * the system's certificates first (glib-networking before 2.80 reads
       * them for each connection). */
      if (database_later)
        tls = g_tls_client_connection_new (G_IO_STREAM (connection), address, &error);
      else
        tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                              NULL, &error, "base-io-stream", connection, "server-identity",
                              address, "database", database, NULL);
    }
  if (tls != NULL)
    {
      if (database_later)
        g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
      if (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error)
          && g_output_stream_write_all (g_io_stream_get_output_stream (tls), ping,
                                        sizeof ping - 1, NULL, NULL, &error))
        g_input_stream_read_all (g_io_stream_get_input_stream (tls), reply, 7, &got, NULL,
                                 &error);
    }
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (got != 7 || strncmp (reply, "+PONG\r\n", 7) != 0)
    g_error ("raw TLS PING failed: %s", error ? error->message : reply);
  if (tls != NULL)
    g_io_stream_close (tls, NULL, NULL);
  return ms;
}

/* Redis probe vs raw hiredis PING, and over TLS vs raw GIO TLS PING,
 * interleaved, medians and their ratio. */
static void
bench_redis (int checks,
             int port,
             int tls_port)
{
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_info_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loop_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tls_probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tls_raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tls_later_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%d", port);
  g_autofree char *tls_url = g_strdup_printf ("rediss://127.0.0.1:%d", tls_port);
  g_autofree char *ca = g_build_filename (IC_TLS_DIR, "ca.pem", NULL);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);
  g_autoptr(IcProbeSpec) tls_spec = ic_probe_spec_parse (tls_url, NULL);
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  IcProbeOptions options;
  g_autoptr(GTlsDatabase) database = trust_test_ca (&options, pool, ca);

  /* Each pair on its own: what a TLS connection leaves to do after it
   * (its goodbye, from glib-networking's threads) would land in the next
   * plain check's time. */
  for (int i = 0; i < checks; i++)
    {
      double p = one_probe (spec, NULL), r = one_raw_ping (port, FALSE);
      double ri = one_raw_ping (port, TRUE), l = one_loop_ping (port);

      g_array_append_val (probe_ms, p);
      g_array_append_val (loop_ms, l);
      g_array_append_val (raw_ms, r);
      g_array_append_val (raw_info_ms, ri);
    }
  for (int i = 0; i < checks; i++)
    {
      double tp = one_probe (tls_spec, &options), tr = one_raw_tls_ping (tls_port, database, FALSE);
      double tl = one_raw_tls_ping (tls_port, database, TRUE);

      g_array_append_val (tls_probe_ms, tp);
      g_array_append_val (tls_raw_ms, tr);
      g_array_append_val (tls_later_ms, tl);
    }
  g_print ("| Redis probe (connect, PING, INFO of four sections) vs raw hiredis connect + PING (%d each, "
           "loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_ms), median (probe_ms) / median (raw_ms));
  g_print ("| Redis probe vs raw hiredis connect + PING + the same INFO pipelined (%d each, loopback) | "
           "%.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_info_ms),
           median (probe_ms) / median (raw_info_ms));
  g_print ("| a minimal main-loop client (non-blocking connect, one fd source, hiredis' reader, "
           "the same PING and INFO) vs raw hiredis connect + PING (%d each, loopback) | %.3f ms | "
           "%.3f ms | %.2f× |\n",
           checks, median (loop_ms), median (raw_ms), median (loop_ms) / median (raw_ms));
  g_print ("| Redis probe vs that minimal main-loop client (%d each, loopback) | %.3f ms | %.3f ms | "
           "%.2f× |\n",
           checks, median (probe_ms), median (loop_ms), median (probe_ms) / median (loop_ms));
  g_print ("| Redis probe over TLS (rediss://, CA file) vs raw GIO TLS connect + PING (%d each, "
           "loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (tls_probe_ms), median (tls_raw_ms),
           median (tls_probe_ms) / median (tls_raw_ms));
  g_print ("| raw GIO TLS connect + PING given the CA file after g_tls_client_connection_new() "
           "vs given it when made (%d each, loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (tls_later_ms), median (tls_raw_ms),
           median (tls_later_ms) / median (tls_raw_ms));
}

typedef struct
{
  gint64  last;
  gint64  worst;
  GArray *late_ms;   /* every tick's lateness */
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0)
    {
      double late = MAX (now - ticker->last - 16000, 0) / 1000.0;

      ticker->worst = MAX (ticker->worst, now - ticker->last - 16000);
      g_array_append_val (ticker->late_ms, late);
    }
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

/* The main loop's busy spans: from poll() returning to the next poll(),
 * what one iteration's checks and dispatches took. */
typedef struct
{
  GPollFunc poll;
  gint64    returned;   /* when poll() last returned, or 0 */
  gint64    worst;
} Busy;

static Busy busy;

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (busy.returned != 0)
    busy.worst = MAX (busy.worst, now - busy.returned);
  ret = busy.poll (fds, n_fds, timeout);
  busy.returned = g_get_monotonic_time ();
  return ret;
}

static gboolean
stop_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The CPU baseline of the 200 probes: each second, the same checks made
 * by plain clients. The GETs share a session, as the probes do, and each
 * opens a connection of its own and closes it after the answer; the Redis
 * checks are one_raw_ping()'s, one after another (some 20 ms a second). */
typedef struct
{
  SoupSession *session;
  const char  *url;
  int          redis_port;
} PlainChecks;

static void
plain_get_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupMessage *msg = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              NULL);

  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("plain GET failed");
  g_object_unref (msg);
}

static gboolean
plain_checks_cb (gpointer user_data)
{
  PlainChecks *plain = user_data;

  for (int i = 0; i < 100; i++)
    {
      SoupMessage *msg = soup_message_new ("GET", plain->url);

      soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection",
                                    "close");
      soup_session_send_and_read_async (plain->session, msg, G_PRIORITY_DEFAULT, NULL,
                                        plain_get_cb, msg);
    }
  for (int i = 0; i < 100; i++)
    one_raw_ping (plain->redis_port, TRUE);
  return G_SOURCE_CONTINUE;
}

/* The CPU this process used making PlainChecks for @seconds, in % of a
 * core. */
static double
plain_checks_cpu (const char *url,
                  int         redis_port,
                  int         seconds)
{
  PlainChecks plain = {
    soup_session_new_with_options ("max-conns", G_MAXINT, "max-conns-per-host", G_MAXINT,
                                   NULL),
    url, redis_port,
  };
  gboolean stop = FALSE;
  guint id;
  double cpu0, cpu1;

  cpu0 = cpu_seconds ();
  plain_checks_cb (&plain);
  id = g_timeout_add (1000, plain_checks_cb, &plain);
  g_timeout_add_seconds ((guint) seconds, stop_cb, &stop);
  while (!stop)
    g_main_context_iteration (NULL, TRUE);
  cpu1 = cpu_seconds ();
  g_source_remove (id);
  /* The last second's answers. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (plain.session);
  return 100.0 * (cpu1 - cpu0) / seconds;
}

/* `bench-probes --tick SECONDS`: the 16 ms ticker alone, in an idle
 * process; prints its worst lateness (µs) when done. */
static int
tick_alone (int seconds)
{
  Ticker ticker = { 0, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  gboolean stop = FALSE;

  g_timeout_add (16, tick_cb, &ticker);
  g_timeout_add_seconds ((guint) seconds, stop_cb, &stop);
  while (!stop)
    g_main_context_iteration (NULL, TRUE);
  printf ("%" G_GINT64_FORMAT "\n", ticker.worst);
  g_array_unref (ticker.late_ms);
  return 0;
}

/* `bench-probes --serve`: the HTTP server, in a process of its own so that
 * the CPU measured is the probes' alone, and an HTTPS one with the tests'
 * certificate for 127.0.0.1. Prints their ports, a line each; exits when
 * its standard input closes. */
static gboolean
stdin_closed_cb (GIOChannel   *channel,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
serve_on (SoupServer            *server,
          SoupServerListenOptions options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  printf ("%d\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static int
serve (void)
{
  g_autofree char *pair = g_build_filename (IC_TLS_DIR, "self-signed.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pair, &error);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupServer) tls_server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GIOChannel) in = g_io_channel_unix_new (0);

  if (certificate == NULL)
    g_error ("%s", error->message);
  tls_server = soup_server_new ("tls-certificate", certificate, NULL);
  serve_on (server, 0);
  serve_on (tls_server, SOUP_SERVER_LISTEN_HTTPS);
  fflush (stdout);
  g_io_add_watch (in, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

static GSubprocess *
start_http_server (const char *self,
                   int        *port,
                   int        *tls_port)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                          | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                          &error, self, "--serve", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  if (server == NULL)
    g_error ("%s --serve: %s", self, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL)
    g_error ("%s --serve said nothing", self);
  *port = atoi (line);
  g_free (line);
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL)
    g_error ("%s --serve gave no HTTPS port", self);
  *tls_port = atoi (line);
  return server;
}

static void
stop_server (GSubprocess *server)
{
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int checks, seconds, http_port, https_port, redis_port, tls_port;
  g_autoptr(GSubprocess) http_server = NULL;
  g_autoptr(GSubprocess) redis_server = NULL;
  g_autoptr(GSubprocess) idle_ticker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seconds_text = NULL;
  g_autofree char *idle_out = NULL;
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeScheduler) scheduler = NULL;
  g_autofree char *url = NULL;
  g_autofree char *redis_url = NULL;
  Ticker ticker = { 0, 0, NULL };
  gboolean stop = FALSE;
  double cpu0, cpu1, plain_cpu;
  guint tick_id;

  /* The table's "×" in the user's character set (g_print converts to it;
   * in the C locale it became "?"). */
  setlocale (LC_ALL, "");
  /* The HTTP module, from the build tree (bench/meson.build). */
  g_setenv ("IC_MODULE_DIR", IC_BENCH_MODULE_DIR, FALSE);
  if (argc > 1 && g_str_equal (argv[1], "--serve"))
    return serve ();
  if (argc > 2 && g_str_equal (argv[1], "--tick"))
    return tick_alone (atoi (argv[2]));
  checks = argc > 1 ? atoi (argv[1]) : 1000;
  seconds = argc > 2 ? atoi (argv[2]) : 60;
  http_server = start_http_server (argv[0], &http_port, &https_port);
  redis_server = start_redis (&redis_port, &tls_port);
  url = g_strdup_printf ("http://127.0.0.1:%d/health", http_port);
  redis_url = g_strdup_printf ("redis://127.0.0.1:%d", redis_port);
  spec = ic_probe_spec_parse (url, NULL);

  for (int i = 0; i < checks; i++)
    {
      double p = one_probe (spec, NULL), r = one_raw (url, NULL);
      g_array_append_val (probe_ms, p);
      g_array_append_val (raw_ms, r);
    }
  g_print ("| measurement | median | baseline | ratio |\n|---|---|---|---|\n");
  g_print ("| HTTP probe vs raw libsoup GET (%d each, loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_ms), median (probe_ms) / median (raw_ms));
  bench_https (checks, https_port);
  bench_redis (checks, redis_port, tls_port);

  ticker.late_ms = g_array_new (FALSE, FALSE, sizeof (double));
  scheduler = ic_probe_scheduler_new (8);
  for (int i = 0; i < 200; i++)
    ic_probe_scheduler_add (scheduler, i, i % 2 ? redis_url : url, NULL, 1000, 2, 2, NULL);
  seconds_text = g_strdup_printf ("%d", seconds);
  idle_ticker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, argv[0], "--tick",
                                  seconds_text, NULL);
  if (idle_ticker == NULL)
    g_error ("%s --tick: %s", argv[0], error->message);
  tick_id = g_timeout_add (16, tick_cb, &ticker);
  g_timeout_add_seconds ((guint) seconds, stop_cb, &stop);
  busy.poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  cpu0 = cpu_seconds ();
  while (!stop)
    g_main_context_iteration (NULL, TRUE);
  cpu1 = cpu_seconds ();
  g_main_context_set_poll_func (NULL, busy.poll);
  if (!g_subprocess_communicate_utf8 (idle_ticker, NULL, NULL, &idle_out, NULL, &error))
    g_error ("%s --tick: %s", argv[0], error->message);
  g_source_remove (tick_id);
  ic_probe_scheduler_stop (scheduler);
  g_array_sort (ticker.late_ms, cmp_double);
  {
    double p99 = ticker.late_ms->len
                   ? g_array_index (ticker.late_ms, double, ticker.late_ms->len * 99 / 100)
                   : 0;

    g_print ("| 200 probes at 1 s for %d s: main-loop lateness, p99 of %u ticks | %.1f ms | "
             "16 ms frame | %.2f× |\n", seconds, ticker.late_ms->len, p99, p99 / 16.0);
  }
  g_print ("| 200 probes at 1 s for %d s: worst main-loop lateness | %.1f ms | 16 ms frame | "
           "%.2f× |\n", seconds, ticker.worst / 1000.0, (ticker.worst / 1000.0) / 16.0);
  g_print ("| the same ticker in an idle process beside it: worst lateness (the machine's) | "
           "%.1f ms | 16 ms frame | %.2f× |\n",
           g_ascii_strtoll (idle_out, NULL, 10) / 1000.0,
           (g_ascii_strtoll (idle_out, NULL, 10) / 1000.0) / 16.0);
  g_print ("| 200 probes at 1 s for %d s: longest the main loop was kept from polling (one "
           "iteration, wall time) | %.1f ms | 16 ms frame | %.2f× |\n",
           seconds, busy.worst / 1000.0, (busy.worst / 1000.0) / 16.0);
  g_array_unref (ticker.late_ms);
  g_print ("| 200 probes (100 HTTP, 100 Redis) at 1 s for %d s: CPU of this process (the "
           "servers are others) | %.1f %% | 5 %% | %.2f× |\n",
           seconds, 100.0 * (cpu1 - cpu0) / seconds, 100.0 * (cpu1 - cpu0) / seconds / 5.0);
  plain_cpu = plain_checks_cpu (url, redis_port, seconds);
  g_print ("| 200 probes at 1 s: CPU, against plain clients making the same checks for %d s "
           "(libsoup GETs, each on a new connection; hiredis connect, PING and the same INFO) | "
           "%.1f %% | %.1f %% | %.2f× |\n",
           seconds, 100.0 * (cpu1 - cpu0) / seconds, plain_cpu,
           100.0 * (cpu1 - cpu0) / seconds / plain_cpu);
  stop_server (http_server);
  stop_server (redis_server);
  return 0;
}
