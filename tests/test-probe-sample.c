/* test-probe-sample.c — what a sample keeps of a server's words is bounded
 *
 * A sample's detail quotes what the checked server said. A hostile Redis
 * server in-process answers every command with the error text each case
 * gives; whatever the probe makes of it, the sample it hands back holds at
 * most IC_PROBE_SAMPLE_DETAIL_MAX bytes of valid UTF-8 (#12).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ic-probe-record.h"
#include "ic-probe.h"

typedef struct
{
  GSocketService *service;
  guint16         port;
  GBytes         *answer;     /* one RESP reply, sent for each request read */
  GPtrArray      *clients;    /* Client */
  GCancellable   *cancellable;
  guint           pending;    /* reads and writes not finished yet */
} Fixture;

typedef struct
{
  Fixture           *fx;      /* borrowed */
  GSocketConnection *connection;
  char               buffer[4096];
} Client;

static void
client_free (Client *client)
{
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_object_unref (client->connection);
  g_free (client);
}

static void client_read (Client *client);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fx = user_data;

  /* The probe may hang up before it read all of it: that is its right. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  fx->pending--;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Client *client = user_data;
  Fixture *fx = client->fx;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  GOutputStream *out;
  gsize size = 0;
  const char *answer;

  fx->pending--;
  if (n <= 0)
    return;
  /* The probe sends one command and waits for its answer. */
  out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  answer = g_bytes_get_data (fx->answer, &size);
  fx->pending++;
  g_output_stream_write_all_async (out, answer, size, G_PRIORITY_DEFAULT, fx->cancellable,
                                   written_cb, fx);
  client_read (client);
}

static void
client_read (Client *client)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (client->connection));

  client->fx->pending++;
  g_input_stream_read_async (in, client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT,
                             client->fx->cancellable, read_cb, client);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  Fixture *fx = user_data;
  Client *client = g_new0 (Client, 1);

  client->fx = fx;
  client->connection = g_object_ref (connection);
  g_ptr_array_add (fx->clients, client);
  client_read (client);
  return TRUE;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  fx->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  fx->cancellable = g_cancellable_new ();
  fx->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fx->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  fx->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fx->service, "incoming", G_CALLBACK (incoming_cb), fx);
  g_socket_service_start (fx->service);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_socket_service_stop (fx->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fx->service));
  /* Every read and write ends before the connections they use go. */
  g_cancellable_cancel (fx->cancellable);
  while (fx->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&fx->clients, g_ptr_array_unref);
  g_clear_object (&fx->cancellable);
  g_clear_object (&fx->service);
  g_clear_pointer (&fx->answer, g_bytes_unref);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Checks the fixture's server with a Redis probe on the default context,
 * where the server lives too. */
static IcProbeSample *
run_redis (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("redis://127.0.0.1:%u", fx->port);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, &error);
  g_autoptr(GAsyncResult) result = NULL;
  IcProbeSample *sample;
  IcProbeOptions options;

  g_assert_no_error (error);
  ic_probe_options_init (&options);
  ic_probe_run_async (spec, &options, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (result, &error);
  g_assert_no_error (error);
  return sample;
}

/* "-ERR x" and a megabyte of "é" after it: the odd "x" puts every character
 * boundary of the text on an odd offset. */
static GBytes *
new_huge_error (void)
{
  GString *s = g_string_new ("-ERR x");

  while (s->len < 1024 * 1024)
    g_string_append (s, "\xc3\xa9");
  g_string_append (s, "\r\n");
  return g_string_free_to_bytes (s);
}

static void
test_redis_huge_error (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(IcProbeSample) sample = NULL;

  fx->answer = new_huge_error ();
  sample = run_redis (fx);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (sample->has_error);
  g_assert_true (g_utf8_validate (sample->detail, -1, NULL));
  g_assert_cmpuint (strlen (sample->detail), ==, IC_PROBE_SAMPLE_DETAIL_MAX - 1 + strlen ("…"));
  g_assert_true (g_str_has_prefix (sample->detail, "ERR xéé"));
  g_assert_true (g_str_has_suffix (sample->detail, "é…"));
}

/* Bytes that are no text at all would reach labels, the database and the
 * JSON output: they become U+FFFD. */
static void
test_redis_not_utf8 (Fixture       *fx,
                     gconstpointer  data)
{
  static const char answer[] = "-ERR bad \xff\xfe\xc3 bytes\r\n";
  g_autoptr(IcProbeSample) sample = NULL;

  fx->answer = g_bytes_new_static (answer, strlen (answer));
  sample = run_redis (fx);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpstr (sample->detail, ==, "ERR bad \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd bytes");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ic/probe/sample/redis-huge-error", test_redis_huge_error);
  ADD ("/ic/probe/sample/redis-not-utf8", test_redis_not_utf8);
#undef ADD

  return g_test_run ();
}
