/* bench-probes.c — what a probe adds to a plain request, and what 200
 * probes cost the main loop (DESIGN.md §8)
 *
 * Usage: bench-probes [CHECKS [SECONDS [REDIS_PORT]]]
 *   1. an HTTP probe vs a raw libsoup GET on the same loopback server,
 *      CHECKS of each, interleaved; medians and their ratio;
 *   1b. a Redis probe (connect, PING, INFO) vs a raw hiredis connect and
 *      PING on the same server: REDIS_PORT, or a redis-server of its own
 *      on a random loopback port;
 *   2. 200 probes at a 1 s interval for SECONDS: the main loop's worst
 *      lateness (a 16 ms ticker measures it) and the CPU time used.
 * Numbers, not assertions: run it by hand or from .ci/run, never as a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include <hiredis/hiredis.h>
#include <libsoup/soup.h>

#include "ic-probe-scheduler.h"

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

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static double
one_probe (const IcProbeSpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  gint64 t0 = g_get_monotonic_time ();

  ic_probe_run_async (spec, NULL, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (result, NULL);
  if (sample == NULL || sample->state != IC_PROBE_STATE_OK)
    g_error ("probe failed");
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* The baseline does what a careful client does for one check: a fresh
 * session (a new connection), GET, read the body. */
static double
one_raw (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 t0 = g_get_monotonic_time ();

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = soup_session_send_and_read_finish (session, result, NULL);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("raw GET failed");
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* The Redis baseline, likewise: a new connection, PING, the reply. */
static double
one_raw_ping (int port)
{
  gint64 t0 = g_get_monotonic_time ();
  redisContext *c = redisConnect ("127.0.0.1", port);
  redisReply *reply = (c != NULL && c->err == 0) ? redisCommand (c, "PING") : NULL;
  gboolean ok = reply != NULL && reply->type == REDIS_REPLY_STATUS;
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  if (reply != NULL)
    freeReplyObject (reply);
  if (c != NULL)
    redisFree (c);
  if (!ok)
    g_error ("raw PING failed");
  return ms;
}

static GSubprocess *
start_redis (int *port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GSubprocess *server;

  if (!g_socket_bind (socket, any, TRUE, &error)
      || (bound = g_socket_get_local_address (socket, &error)) == NULL)
    g_error ("%s", error->message);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  text = g_strdup_printf ("%d", *port);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "redis-server",
                             "--port", text, "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", g_get_tmp_dir (), NULL);
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

/* Redis probe vs raw hiredis PING, interleaved, medians and their ratio. */
static void
bench_redis (int checks,
             int port)
{
  g_autoptr(GSubprocess) server = port > 0 ? NULL : start_redis (&port);
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%d", port);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);

  for (int i = 0; i < checks; i++)
    {
      double p = one_probe (spec), r = one_raw_ping (port);
      g_array_append_val (probe_ms, p);
      g_array_append_val (raw_ms, r);
    }
  g_print ("| Redis probe (connect, PING, INFO) vs raw hiredis connect + PING (%d each, "
           "loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_ms), median (probe_ms) / median (raw_ms));
  if (server != NULL)
    {
      g_subprocess_force_exit (server);
      g_subprocess_wait (server, NULL, NULL);
    }
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

int
main (int   argc,
      char *argv[])
{
  int checks = argc > 1 ? atoi (argv[1]) : 1000;
  int seconds = argc > 2 ? atoi (argv[2]) : 60;
  int redis_port = argc > 3 ? atoi (argv[3]) : 0;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Ticker ticker = { 0, 0, NULL };
  gboolean stop = FALSE;
  double cpu0, cpu1;
  guint tick_id;
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/health", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  spec = ic_probe_spec_parse (url, NULL);

  for (int i = 0; i < checks; i++)
    {
      double p = one_probe (spec), r = one_raw (url);
      g_array_append_val (probe_ms, p);
      g_array_append_val (raw_ms, r);
    }
  g_print ("| measurement | median | baseline | ratio |\n|---|---|---|---|\n");
  g_print ("| HTTP probe vs raw libsoup GET (%d each, loopback) | %.3f ms | %.3f ms | %.2f× |\n",
           checks, median (probe_ms), median (raw_ms), median (probe_ms) / median (raw_ms));
  bench_redis (checks, redis_port);

  ticker.late_ms = g_array_new (FALSE, FALSE, sizeof (double));
  scheduler = ic_probe_scheduler_new (8);
  for (int i = 0; i < 200; i++)
    ic_probe_scheduler_add (scheduler, i, url, NULL, 1000, 2, 2, NULL);
  tick_id = g_timeout_add (16, tick_cb, &ticker);
  g_timeout_add_seconds ((guint) seconds, stop_cb, &stop);
  cpu0 = cpu_seconds ();
  while (!stop)
    g_main_context_iteration (NULL, TRUE);
  cpu1 = cpu_seconds ();
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
  g_array_unref (ticker.late_ms);
  g_print ("| 200 probes at 1 s for %d s: CPU (server in the same process) | %.1f %% | | |\n",
           seconds, 100.0 * (cpu1 - cpu0) / seconds);
  return 0;
}
