/* test-http-module.c — libsoup loaded with the first HTTP session, through
 * the module libic-http.so, and a clear error without it. This program does
 * not link libsoup: its server is a GSocketService answering one canned
 * HTTP response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "ic-change-feed.h"
#include "ic-http-module.h"
#include "ic-http.h"
#include "ic-test-probe-run.h"
#include "ic-test-util.h"

#define ANSWER "HTTP/1.1 200 OK\r\nContent-Type: application/health+json\r\n" \
               "Content-Length: 17\r\nConnection: close\r\n\r\n{\"status\":\"pass\"}"

typedef struct
{
  GSocketConnection *connection;
  char               buffer[4096];
} Exchange;

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Exchange *exchange = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (exchange->connection), NULL, NULL);
  g_object_unref (exchange->connection);
  g_free (exchange);
}

/* The request (its head fits one read): answered, whatever it asked. */
static void
request_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Exchange *exchange = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (exchange->connection));

  g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  g_output_stream_write_all_async (out, ANSWER, strlen (ANSWER), G_PRIORITY_DEFAULT, NULL,
                                   written_cb, exchange);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->connection = g_object_ref (connection);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             exchange->buffer, sizeof exchange->buffer, G_PRIORITY_DEFAULT,
                             NULL, request_read_cb, exchange);
  return TRUE;
}

/* A server on loopback; returns its http://127.0.0.1:PORT (free it). */
static char *
start_server (GSocketService **service)
{
  g_autoptr(GError) error = NULL;
  guint16 port;

  *service = g_socket_service_new ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (*service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (*service, "incoming", G_CALLBACK (incoming_cb), NULL);
  g_socket_service_start (*service);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* libsoup (and the module) are mapped by the first HTTP check, not before:
 * the program does not link them. In a process of its own, so that no
 * other test has made a session first. */
static void
test_loaded_on_use (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GSocketService) service = NULL;
      g_autofree char *base = start_server (&service);
      g_autofree char *url = g_strconcat (base, "/health", NULL);
      g_autoptr(IcProbeSample) sample = NULL;

      g_assert_false (ic_test_library_mapped ("libsoup-3.0"));
      g_assert_false (ic_test_library_mapped (IC_HTTP_MODULE_FILE));
      sample = ic_test_probe_run (url, NULL);
      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
      g_assert_true (ic_test_library_mapped (IC_HTTP_MODULE_FILE));
      g_assert_true (ic_test_library_mapped ("libsoup-3.0"));
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
feed_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* No module where the program looks (a broken installation): an HTTP or
 * Prometheus check is an error that says why, every time; so is a change
 * feed's read; the program goes on, and libsoup is never loaded. */
static void
test_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("ic-no-module-XXXXXX", NULL);
      g_autoptr(GSocketService) service = NULL;
      g_autofree char *base = start_server (&service);
      g_autoptr(GError) error = NULL;
      const char *targets[] = { "/health", "/health", "/api/v1/query?query=up" };
      g_autoptr(IcChangeSource) feed = NULL;
      g_autoptr(GObject) session = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) drafts = NULL;

      g_assert_true (g_setenv ("IC_MODULE_DIR", dir, TRUE));
      g_assert_false (ic_http_is_available (&error));
      g_assert_error (error, IC_HTTP_ERROR, IC_HTTP_ERROR_UNAVAILABLE);
      g_assert_true (g_str_has_prefix (error->message, "HTTP requests cannot be made: the app's "
                                                       "HTTP module did not load ("));
      g_assert_nonnull (strstr (error->message, IC_HTTP_MODULE_FILE));
      g_clear_error (&error);

      for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
        {
          g_autofree char *url = g_strconcat (i == 2 ? "prometheus+" : "", base, targets[i],
                                              NULL);
          g_autoptr(IcProbeSample) sample = ic_test_probe_run (url, NULL);

          g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
          g_assert_true (g_str_has_prefix (sample->detail, "HTTP requests cannot be made: the "
                                                           "app's HTTP module did not load ("));
        }

      session = ic_http_session_new (0);
      feed = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "deploys", base);
      ic_change_feed_read_async (session, feed, NULL, 0, G_MAXINT64, NULL, feed_done_cb,
                                 &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      drafts = ic_change_feed_read_finish (result, &error);
      g_assert_null (drafts);
      g_assert_error (error, IC_HTTP_ERROR, IC_HTTP_ERROR_UNAVAILABLE);

      g_assert_false (ic_test_library_mapped ("libsoup-3.0"));
      ic_test_remove_tree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot load *ic-no-module-*/libic-http.so*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/http-module/loaded-on-use", test_loaded_on_use);
  g_test_add_func ("/ic/http-module/missing", test_missing);
  return g_test_run ();
}
