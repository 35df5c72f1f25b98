/* test-probe-session-pool.c — HTTP sessions shared between checks: which
 * checks share one, and that sharing changes nothing a check measures
 *
 * Real in-process servers on loopback; a counting relay in front of them
 * tells how many TCP connections the checks opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ic-probe-scheduler.h"
#include "ic-probe-session-pool-private.h"
#include "ic-probe.h"
#include "ic-test-probe-run.h"

/* A TCP relay on a port of its own to a server's port, counting the
 * connections it accepts. */
typedef struct
{
  GSocketService *service;
  GCancellable   *cancellable;
  guint16         port;
  guint16         target_port;
  guint           n_connections;
} Relay;

typedef struct
{
  SoupServer *server;
  Relay       relay;
  char       *base;          /* http(s)://127.0.0.1:RELAY-PORT */
  GSList     *paused;
  guint       n_http2;       /* requests that came over HTTP/2 */
  IcProbeSessionPool *pool;
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_2_0)
    fx->n_http2++;
  if (g_str_equal (path, "/set-cookie"))
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                                   "session=s3cret; Path=/");
      reply (msg, 200, "set");
    }
  else if (g_str_equal (path, "/echo"))
    {
      const char *cookie = soup_message_headers_get_one (headers, "Cookie");
      const char *connection = soup_message_headers_get_one (headers, "Connection");
      g_autofree char *body = g_strdup_printf ("cookie:%s connection:%s", cookie ? cookie : "-",
                                               connection ? connection : "-");

      reply (msg, 200, body);
    }
  else if (g_str_equal (path, "/hang"))
    {
      soup_server_message_pause (msg);
      fx->paused = g_slist_prepend (fx->paused, g_object_ref (msg));
    }
  else
    reply (msg, 200, "ok");
}

static gboolean
check_password_cb (SoupAuthDomain    *domain,
                   SoupServerMessage *msg,
                   const char        *username,
                   const char        *password,
                   gpointer           user_data)
{
  return g_strcmp0 (username, "u") == 0 && g_strcmp0 (password, "pw") == 0;
}

static void
relay_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
relay_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) onward = NULL;
  g_autoptr(GError) error = NULL;

  relay->n_connections++;
  /* The server listens: the kernel completes the handshake before it
   * accepts, so a blocking connect does not wait for this loop. */
  g_socket_client_set_enable_proxy (client, FALSE);
  onward = g_socket_client_connect_to_host (client, "127.0.0.1", relay->target_port, NULL,
                                            &error);
  g_assert_no_error (error);
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (onward),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, relay->cancellable, relay_done_cb, NULL);
  return TRUE;
}

static void
relay_start (Relay   *relay,
             guint16  target_port)
{
  g_autoptr(GError) error = NULL;

  relay->cancellable = g_cancellable_new ();
  relay->target_port = target_port;
  relay->service = g_socket_service_new ();
  relay->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (relay->service), NULL,
                                                     &error);
  g_assert_no_error (error);
  g_signal_connect (relay->service, "incoming", G_CALLBACK (relay_incoming_cb), relay);
  g_socket_service_start (relay->service);
}

static void
relay_stop (Relay *relay)
{
  g_cancellable_cancel (relay->cancellable);
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_clear_object (&relay->service);
  g_clear_object (&relay->cancellable);
}

/* data: NULL for plain HTTP/1.1; "https" for TLS (HTTP/2 offered). */
static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  gboolean https = data != NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupAuthDomain) domain = NULL;
  GSList *uris;

  if (https)
    {
      g_autofree char *pair = ic_test_tls_file ("self-signed.pem");

      certificate = g_tls_certificate_new_from_file (pair, &error);
      g_assert_no_error (error);
      /* libsoup 3.2's server offers HTTP/2 only when asked this way. */
      g_setenv ("SOUP_SERVER_HTTP2", "1", TRUE);
    }
  fx->server = soup_server_new ("tls-certificate", certificate, NULL);
  g_unsetenv ("SOUP_SERVER_HTTP2");
  soup_server_add_handler (fx->server, NULL, handler, fx, NULL);
  domain = soup_auth_domain_basic_new ("realm", "probes", "auth-callback", check_password_cb,
                                       NULL);
  soup_auth_domain_add_path (domain, "/private");
  soup_server_add_auth_domain (fx->server, domain);
  soup_server_listen_local (fx->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (https ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx->server);
  relay_start (&fx->relay, (guint16) g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fx->base = g_strdup_printf ("%s://127.0.0.1:%u", https ? "https" : "http", fx->relay.port);
  fx->pool = ic_probe_session_pool_new ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_assert_finalize_object (fx->pool);
  for (GSList *l = fx->paused; l != NULL; l = l->next)
    soup_server_message_unpause (l->data);
  g_slist_free_full (fx->paused, g_object_unref);
  relay_stop (&fx->relay);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (fx->base);
}

/* A check through the fixture's pool, to @path with @ca_file and
 * @body_contains. */
static IcProbeSample *
run_pooled (Fixture    *fx,
            const char *path,
            const char *ca_file,
            const char *body_contains)
{
  g_autofree char *url = g_strconcat (fx->base, path, NULL);
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.sessions = fx->pool;
  options.ca_file = ca_file;
  options.body_contains = body_contains;
  return ic_test_probe_run (url, &options);
}

static void
test_new_destroy (void)
{
  IcProbeSessionPool *pool = ic_probe_session_pool_new ();
  SoupSession *session = SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, NULL));

  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_assert_finalize_object (pool);
  g_assert_null (session);
}

/* Only checks that would configure a session alike share one. */
static void
test_keys (void)
{
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *other = ic_test_tls_file ("other-ca.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) ours = g_tls_file_database_new (ca, &error);
  g_autoptr(GTlsDatabase) theirs = g_tls_file_database_new (other, &error);
  SoupSession *plain, *longer, *trusting, *trusting_other;

  g_assert_no_error (error);
  plain = SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, NULL));
  g_assert_true (SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, NULL)) == plain);
  longer = SOUP_SESSION (_ic_probe_session_pool_get (pool, 6, NULL));
  trusting = SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, ours));
  trusting_other = SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, theirs));
  g_assert_true (longer != plain);
  g_assert_true (trusting != plain);
  g_assert_true (trusting_other != trusting);
  g_assert_true (trusting_other != plain);
  g_assert_true (SOUP_SESSION (_ic_probe_session_pool_get (pool, 5, ours)) == trusting);
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (pool), ==, 4);

  g_assert_cmpuint (soup_session_get_timeout (plain), ==, 5);
  g_assert_cmpuint (soup_session_get_timeout (longer), ==, 6);
  g_assert_true (soup_session_get_tls_database (trusting) == ours);
  g_assert_true (soup_session_get_tls_database (trusting_other) == theirs);
  /* Nothing that would carry state from one check to the next. */
  g_assert_null (soup_session_get_feature (plain, SOUP_TYPE_COOKIE_JAR));
  g_assert_null (soup_session_get_feature (plain, SOUP_TYPE_HSTS_ENFORCER));
  g_assert_null (soup_session_get_feature (plain, SOUP_TYPE_CACHE));
}

/* Probes with different CA files on one pool each trust their own: a
 * shared session must never make a check trust another probe's CAs. */
static void
test_ca_files (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *other = ic_test_tls_file ("other-ca.pem");
  g_autoptr(IcProbeSample) trusted = run_pooled (fx, "/ok", ca, NULL);
  g_autoptr(IcProbeSample) untrusted = run_pooled (fx, "/ok", other, NULL);
  g_autoptr(IcProbeSample) system = run_pooled (fx, "/ok", NULL, NULL);
  g_autoptr(IcProbeSample) again = run_pooled (fx, "/ok", ca, NULL);

  g_assert_cmpint (trusted->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpint (untrusted->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (untrusted->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_cmpint (system->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (system->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_cmpint (again->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (fx->pool), ==, 3);
}

/* The CAs of a file are kept between checks, but a file that changed is
 * read again: the next check trusts what the file says now. */
static void
test_ca_file_changed (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *other = ic_test_tls_file ("other-ca.pem");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-ca-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "trusted.pem", NULL);
  g_autoptr(IcProbeSample) first = NULL;
  g_autoptr(IcProbeSample) kept = NULL;
  g_autoptr(IcProbeSample) changed = NULL;
  g_autoptr(IcProbeSample) back = NULL;
  g_autoptr(IcProbeSample) removed = NULL;
  IcCaFileStamp stamp;

  g_assert_no_error (error);
  ic_test_copy_file (path, ca);
  first = run_pooled (fx, "/ok", path, NULL);
  g_assert_cmpint (first->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (_ic_probe_session_pool_lookup_ca_file (fx->pool, path, &stamp));
  kept = run_pooled (fx, "/ok", path, NULL);
  g_assert_cmpint (kept->state, ==, IC_PROBE_STATE_OK);

  ic_test_copy_file (path, other);
  g_assert_null (_ic_probe_session_pool_lookup_ca_file (fx->pool, path, &stamp));
  changed = run_pooled (fx, "/ok", path, NULL);
  g_assert_cmpint (changed->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (changed->error_kind, ==, IC_PROBE_ERROR_TLS);

  ic_test_copy_file (path, ca);
  back = run_pooled (fx, "/ok", path, NULL);
  g_assert_cmpint (back->state, ==, IC_PROBE_STATE_OK);

  /* A file gone is an error at once, as without the pool. */
  g_assert_cmpint (g_remove (path), ==, 0);
  removed = run_pooled (fx, "/ok", path, NULL);
  g_assert_cmpint (removed->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (removed->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (removed->detail, "Cannot read the CA file"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A session let go by the pool (its CA file changed, or the pool went)
 * right after a check, before the main loop ran again, goes without a
 * warning from libsoup (fatal in the tests) once the loop runs: the check
 * keeps it until its body stream is closed. */
static void
test_dropped_after_check (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *ca = ic_test_tls_file ("ca.pem");

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(IcProbeSample) sample = run_pooled (fx, "/ok", ca, NULL);
      IcCaFileStamp stamp;
      GTlsDatabase *database = _ic_probe_session_pool_lookup_ca_file (fx->pool, ca, &stamp);
      /* The check's: its default timeout of 5 s, backed by libsoup's of 6. */
      SoupSession *session = NULL;

      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
      g_assert_nonnull (database);
      g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (fx->pool), ==, 1);
      session = SOUP_SESSION (_ic_probe_session_pool_get (fx->pool, 6, database));
      g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (fx->pool), ==, 1);
      g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
      g_assert_finalize_object (fx->pool);
      fx->pool = ic_probe_session_pool_new ();
      while (session != NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (fx->n_http2, ==, 20);
}

/* Each check opens its own connection, through a shared session as
 * without one, so its latency includes the connect (and TLS handshake)
 * and a server that stopped accepting fails it. */
static void
test_connection_per_check (Fixture       *fx,
                           gconstpointer  data)
{
  gboolean https = data != NULL;
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autofree char *url = g_strconcat (fx->base, "/ok", NULL);
  IcProbeOptions options;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcProbeSample) sample = run_pooled (fx, "/ok", https ? ca : NULL, NULL);

      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
      g_assert_cmpuint (fx->relay.n_connections, ==, i + 1);
    }
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (fx->pool), ==, 1);
  /* The same without a pool. */
  ic_probe_options_init (&options);
  options.ca_file = https ? ca : NULL;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(IcProbeSample) sample = ic_test_probe_run (url, &options);

      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
      g_assert_cmpuint (fx->relay.n_connections, ==, 3 + i + 1);
    }
  /* Over TLS the client and server agreed on HTTP/2, whose connections
   * libsoup would otherwise share between requests. */
  if (https)
    g_assert_cmpuint (fx->n_http2, ==, 5);
  else
    g_assert_cmpuint (fx->n_http2, ==, 0);
}

/* Over HTTP/1.1 the request says it closes its connection. */
static void
test_connection_close (Fixture       *fx,
                       gconstpointer  data)
{
  IcProbeOptions options;
  g_autofree char *url = g_strconcat (fx->base, "/echo", NULL);
  g_autoptr(IcProbeSample) configured = NULL;
  g_autoptr(IcProbeSample) pooled = run_pooled (fx, "/echo", NULL, "connection:close");

  g_assert_cmpint (pooled->state, ==, IC_PROBE_STATE_OK);
  /* A configured Connection header does not keep it open. */
  ic_probe_options_init (&options);
  options.sessions = fx->pool;
  options.headers = "Connection: keep-alive";
  options.body_contains = "connection:close";
  configured = ic_test_probe_run (url, &options);
  g_assert_cmpint (configured->state, ==, IC_PROBE_STATE_OK);
}

/* A cookie one check was given is not sent by the next. */
static void
test_no_cookies (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(IcProbeSample) given = run_pooled (fx, "/set-cookie", NULL, "set");
  g_autoptr(IcProbeSample) next = run_pooled (fx, "/echo", NULL, "cookie:-");

  g_assert_cmpint (given->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpint (next->state, ==, IC_PROBE_STATE_OK);
}

/* A URL's user and password answer that check's challenge, as without a
 * pool; a probe of the same server without them is not let in. */
static void
test_no_credentials_carried (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *with = g_strdup_printf ("http://u:pw@127.0.0.1:%u/private", fx->relay.port);
  g_autofree char *wrong = g_strdup_printf ("http://u:nope@127.0.0.1:%u/private",
                                            fx->relay.port);
  IcProbeOptions options;
  g_autoptr(IcProbeSample) allowed = NULL;
  g_autoptr(IcProbeSample) anonymous = NULL;
  g_autoptr(IcProbeSample) refused = NULL;
  g_autoptr(IcProbeSample) alone = NULL;

  ic_probe_options_init (&options);
  options.sessions = fx->pool;
  allowed = ic_test_probe_run (with, &options);
  g_assert_cmpint (allowed->state, ==, IC_PROBE_STATE_OK);
  anonymous = run_pooled (fx, "/private", NULL, NULL);
  g_assert_cmpint (anonymous->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (anonymous->error_kind, ==, IC_PROBE_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (anonymous->detail, "401"));
  refused = ic_test_probe_run (wrong, &options);
  g_assert_cmpint (refused->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_nonnull (strstr (refused->detail, "401"));

  /* The same without a pool. */
  options.sessions = NULL;
  alone = ic_test_probe_run (with, &options);
  g_assert_cmpint (alone->state, ==, IC_PROBE_STATE_OK);
}

/* Cancelling one check through a shared session cancels that check only. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fx->base, "/hang", NULL);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) other = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(IcProbeSample) after = NULL;
  g_autofree char *ok_url = g_strconcat (fx->base, "/ok", NULL);
  g_autoptr(IcProbeSpec) ok_spec = ic_probe_spec_parse (ok_url, NULL);
  gboolean done = FALSE;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.sessions = fx->pool;
  ic_probe_run_async (spec, &options, cancellable, ic_test_probe_cancelled_cb, &done);
  ic_probe_run_async (ok_spec, &options, NULL, ic_test_probe_done_cb, &other);
  while (fx->paused == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (!done || other == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (other, NULL);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  after = run_pooled (fx, "/ok", NULL, NULL);
  g_assert_cmpint (after->state, ==, IC_PROBE_STATE_OK);
}

/* A check on another main context (ic_probe_run_sync()'s) runs on a
 * session of its own: the pool's belong to the context it was made on. */
static void
test_other_context (void)
{
  g_autoptr(IcProbeSessionPool) pool = ic_probe_session_pool_new ();
  g_autoptr(GMainContext) other = g_main_context_new ();
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  IcProbeOptions options;

  g_main_context_push_thread_default (other);
  g_assert_null (_ic_probe_session_pool_get (pool, 5, NULL));
  g_main_context_pop_thread_default (other);
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (pool), ==, 0);

  url = ic_test_silent_server (&socket);
  spec = ic_probe_spec_parse (url, &error);
  g_assert_no_error (error);
  ic_probe_options_init (&options);
  options.timeout_ms = 200;
  options.sessions = pool;
  sample = ic_probe_run_sync (spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (pool), ==, 0);

  g_assert_nonnull (_ic_probe_session_pool_get (pool, 5, NULL));
  g_assert_cmpuint (_ic_probe_session_pool_get_n_sessions (pool), ==, 1);
}

static void
scheduler_sample_cb (IcProbeScheduler *scheduler,
                     gint64            id,
                     gpointer          sample,
                     gpointer          user_data)
{
  g_assert_cmpint (((IcProbeSample *) sample)->state, ==, IC_PROBE_STATE_OK);
  (*(guint *) user_data)++;
}

/* The scheduler's checks share its sessions: each still connects. */
static void
test_scheduler (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (4);
  g_autofree char *a = g_strconcat (fx->base, "/ok", NULL);
  g_autofree char *b = g_strconcat (fx->base, "/echo", NULL);
  guint n_samples = 0;

  g_signal_connect (scheduler, "sample", G_CALLBACK (scheduler_sample_cb), &n_samples);
  g_assert_true (ic_probe_scheduler_add (scheduler, 1, a, NULL, 50, 1, 1, NULL));
  g_assert_true (ic_probe_scheduler_add (scheduler, 2, b, NULL, 50, 1, 1, NULL));
  while (n_samples < 6)
    g_main_context_iteration (NULL, TRUE);
  ic_probe_scheduler_stop (scheduler);
  g_assert_cmpuint (fx->relay.n_connections, >=, n_samples);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, fn) g_test_add (path, Fixture, data, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/ic/probe-session-pool/new-destroy", test_new_destroy);
  g_test_add_func ("/ic/probe-session-pool/keys", test_keys);
  g_test_add_func ("/ic/probe-session-pool/other-context", test_other_context);
  ADD ("/ic/probe-session-pool/ca-files", "https", test_ca_files);
  ADD ("/ic/probe-session-pool/ca-file-changed", "https", test_ca_file_changed);
  ADD ("/ic/probe-session-pool/dropped-after-check", "https", test_dropped_after_check);
  ADD ("/ic/probe-session-pool/connection-per-check/http1", NULL, test_connection_per_check);
  ADD ("/ic/probe-session-pool/connection-per-check/http2", "https", test_connection_per_check);
  ADD ("/ic/probe-session-pool/connection-close", NULL, test_connection_close);
  ADD ("/ic/probe-session-pool/no-cookies", NULL, test_no_cookies);
  ADD ("/ic/probe-session-pool/no-credentials-carried", NULL, test_no_credentials_carried);
  ADD ("/ic/probe-session-pool/cancel", NULL, test_cancel);
  ADD ("/ic/probe-session-pool/scheduler", NULL, test_scheduler);
#undef ADD

  return g_test_run ();
}
