/* test-probe-http.c — HTTP, Prometheus, TCP and DNS checks against real
 * in-process servers on loopback, including hostile ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <libsoup/soup.h>

#include "ic-json-condition.h"
#include "ic-json.h"
#include "ic-probe-record.h"
#include "ic-probe-session-pool.h"
#include "ic-probe.h"
#include "ic-test-probe-run.h"

typedef struct
{
  SoupServer *server;
  char       *base;     /* http://127.0.0.1:PORT */
  GSList     *paused;   /* messages kept hanging */
} Fixture;

/* The ".../shared" cases run every check through one session pool, as the
 * scheduler does: a check gives the same result either way. */
static IcProbeSessionPool *shared_pool;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
endless_chunk_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  static char chunk[64 * 1024];
  guint *sent = user_data;

  /* Bounded for the test's sake: 8 MiB, far past the probe's 1 MiB cap. */
  if ((*sent)++ < 128)
    soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                              chunk, sizeof chunk);
  else
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

/* A body that arrives one byte every 100 ms: slower than any deadline. */
typedef struct
{
  SoupServerMessage *msg;   /* owned until it finishes */
  guint              sent;
  guint              timer;
} Drip;

static gboolean
drip_next_cb (gpointer user_data)
{
  Drip *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);

  drip->timer = 0;
  if (++drip->sent >= 100)
    soup_message_body_complete (body);
  else
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "x", 1);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_REMOVE;
}

static void
drip_wrote_cb (SoupServerMessage *msg,
               Drip              *drip)
{
  soup_server_message_pause (msg);
  drip->timer = g_timeout_add (100, drip_next_cb, drip);
}

static void
drip_finished_cb (SoupServerMessage *msg,
                  Drip              *drip)
{
  g_clear_handle_id (&drip->timer, g_source_remove);
  g_signal_handlers_disconnect_by_data (msg, drip);
  g_object_unref (drip->msg);
  g_free (drip);
}

static void
slow_drip (SoupServerMessage *msg)
{
  Drip *drip = g_new0 (Drip, 1);

  drip->msg = g_object_ref (msg);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (drip_wrote_cb), drip);
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), drip);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            "x", 1);
}

/* So deep that json-glib 1.6 overflows the stack parsing it (#12). */
#define VERY_DEEP 80000

/* {"status": [[[…1…]]]}, @depth arrays deep. */
static char *
dup_deep_json (guint depth)
{
  GString *s = g_string_new ("{\"status\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  g_string_append_c (s, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

/* {"status": "xéé…"}: a string as long as a body may be, after one odd
 * byte so that no cut at an even offset falls on a character boundary. */
static char *
dup_huge_string_json (void)
{
  GString *s = g_string_new ("{\"status\": \"x");

  while (s->len + 4 < IC_PROBE_MAX_BODY)
    g_string_append (s, "\xc3\xa9");
  g_string_append (s, "\"}");
  return g_string_free (s, FALSE);
}

static void
reply_take (SoupServerMessage *msg,
            const char        *type,
            char              *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static const char *
query_param (GHashTable *query,
             const char *name)
{
  return query ? g_hash_table_lookup (query, name) : NULL;
}

static void
prometheus (SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *q = query_param (query, "query");

  if (g_strcmp0 (q, "error_rate") == 0)
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
           "[{\"metric\":{},\"value\":[1795852800.1,\"0.0731\"]}]}}");
  else if (g_strcmp0 (q, "scalar(up)") == 0)
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
           "\"result\":[1795852800.1,\"1\"]}}");
  else if (g_strcmp0 (q, "absent") == 0)
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
  else if (g_strcmp0 (q, "deep") == 0)
    reply_take (msg, "application/json", dup_deep_json (VERY_DEEP));
  else if (g_strcmp0 (q, "by_pod") == 0)
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
           "{\"metric\":{\"pod\":\"a\"},\"value\":[1,\"1\"]},"
           "{\"metric\":{\"pod\":\"b\"},\"value\":[1,\"2\"]}]}}");
  else
    reply (msg, 400, "application/json",
           "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;

  if (g_str_equal (path, "/ok"))
    reply (msg, 200, "text/plain", "hello, world: all systems nominal");
  else if (g_str_equal (path, "/down"))
    reply (msg, 503, "text/plain", "maintenance");
  else if (g_str_equal (path, "/health-pass"))
    reply (msg, 200, "application/health+json", "{\"status\":\"pass\"}");
  else if (g_str_equal (path, "/health-warn"))
    reply (msg, 200, "application/health+json", "{\"status\":\"warn\"}");
  else if (g_str_equal (path, "/health-fail"))
    reply (msg, 503, "application/health+json", "{\"status\":\"fail\"}");
  else if (g_str_equal (path, "/health-fail-200"))
    reply (msg, 200, "application/health+json", "{\"status\":\"fail\"}");
  else if (g_str_equal (path, "/actuator"))
    reply (msg, 200, "application/json",
           "{\"status\":\"UP\",\"checks\":{\"db\":{\"status\":\"fail\"}},\"queue\":[3,7]}");
  else if (g_str_equal (path, "/deep-health"))
    reply_take (msg, "application/health+json", dup_deep_json (VERY_DEEP));
  else if (g_str_equal (path, "/deep-json"))
    reply_take (msg, "application/json", dup_deep_json (VERY_DEEP));
  else if (g_str_equal (path, "/huge-string"))
    reply_take (msg, "application/json", dup_huge_string_json ());
  else if (g_str_equal (path, "/garbage"))
    reply (msg, 200, "application/json", "{\"status\": UP, oops");
  else if (g_str_equal (path, "/loop"))
    {
      soup_server_message_set_redirect (msg, 302, "/loop");
    }
  else if (g_str_equal (path, "/hang"))
    {
      soup_server_message_pause (msg);
      fx->paused = g_slist_prepend (fx->paused, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/endless"))
    {
      guint *sent = g_new0 (guint, 1);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      g_object_set_data_full (G_OBJECT (msg), "sent", sent, g_free);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_chunk_cb), sent);
      endless_chunk_cb (msg, sent);
    }
  else if (g_str_equal (path, "/api/v1/query"))
    prometheus (msg, query);
  else if (g_str_equal (path, "/slow-drip"))
    slow_drip (msg);
  else if (g_str_equal (path, "/echo"))
    {
      /* What arrived: the method and the headers a check sends. */
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      const char *env = soup_message_headers_get_one (headers, "X-Env");
      const char *auth = soup_message_headers_get_one (headers, "Authorization");
      const char *accept = soup_message_headers_get_list (headers, "Accept");
      g_autofree char *body = g_strdup_printf ("%s|%s|%s|%s",
                                               soup_server_message_get_method (msg),
                                               env ? env : "-", auth ? auth : "-",
                                               accept ? accept : "-");

      reply (msg, 200, "text/plain", body);
    }
  else
    reply (msg, 404, "text/plain", "not found");
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (data != NULL)
    shared_pool = ic_probe_session_pool_new ();
  fx->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fx->server, NULL, handler, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx->server);
  fx->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (GSList *l = fx->paused; l != NULL; l = l->next)
    soup_server_message_unpause (l->data);
  g_slist_free_full (fx->paused, g_object_unref);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (fx->base);
  if (shared_pool != NULL)
    g_assert_finalize_object (g_steal_pointer (&shared_pool));
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default context for @ms, where the servers live. */
static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* @options with the shared pool, if the case has one. */
static const IcProbeOptions *
with_pool (const IcProbeOptions *options,
           IcProbeOptions       *copy)
{
  if (shared_pool == NULL)
    return options;
  if (options != NULL)
    *copy = *options;
  else
    ic_probe_options_init (copy);
  copy->sessions = shared_pool;
  return copy;
}

/* Runs a check on the default context, where the server lives too. */
static IcProbeSample *
run (const char           *spec_text,
     const IcProbeOptions *options)
{
  IcProbeOptions copy;

  return ic_test_probe_run (spec_text, with_pool (options, &copy));
}

static IcProbeSample *
run_path (Fixture              *fx,
          const char           *path,
          const IcProbeOptions *options)
{
  g_autofree char *url = g_strconcat (fx->base, path, NULL);
  return run (url, options);
}

/* The method, the configured headers and the keyring's Authorization reach
 * the server. */
static void
test_http_method_headers (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(IcProbeSample) plain = NULL;
  g_autoptr(IcProbeSample) posted = NULL;
  g_autoptr(GError) error = NULL;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.body_contains = "GET|-|-|";
  plain = run_path (fx, "/echo", &options);
  g_assert_cmpint (plain->state, ==, IC_PROBE_STATE_OK);

  options.method = "POST";
  options.headers = "X-Env: prod\nAccept: application/json";
  options.password = "Bearer t0ken";
  options.body_contains = "POST|prod|Bearer t0ken|application/json";
  posted = run_path (fx, "/echo", &options);
  g_assert_cmpint (posted->state, ==, IC_PROBE_STATE_OK);

  /* What the form refuses before anything is stored. */
  g_assert_true (ic_probe_check_method ("HEAD", NULL));
  g_assert_true (ic_probe_check_method (NULL, NULL));
  g_assert_false (ic_probe_check_method ("GET /", &error));
  g_assert_nonnull (strstr (error->message, "not an HTTP method"));
  g_clear_error (&error);
  g_assert_true (ic_probe_check_headers ("X-Env: prod\n\nAccept: */*", NULL));
  g_assert_false (ic_probe_check_headers ("X-Env prod", &error));
  g_assert_nonnull (strstr (error->message, "not a header"));
  g_clear_error (&error);
  g_assert_false (ic_probe_check_headers ("authorization: Bearer x", &error));
  g_assert_nonnull (strstr (error->message, "keyring"));
}

/* A self-signed certificate fails as TLS, in its own words; trusted through
 * a CA file, the same server is OK; a CA file that is not one says so. */
static void
test_https_self_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pair = ic_test_tls_file ("self-signed.pem");
  g_autofree char *ca = ic_test_tls_file ("ca.pem");
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pair, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(IcProbeSample) untrusted = NULL;
  g_autoptr(IcProbeSample) trusted = NULL;
  g_autoptr(IcProbeSample) unreadable = NULL;
  g_autofree char *url = NULL;
  IcProbeOptions options;
  GSList *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d/ok", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  untrusted = run (url, NULL);
  g_assert_cmpint (untrusted->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_true (untrusted->has_error);
  g_assert_cmpint (untrusted->error_kind, ==, IC_PROBE_ERROR_TLS);

  ic_probe_options_init (&options);
  options.ca_file = ca;
  trusted = run (url, &options);
  g_assert_cmpint (trusted->state, ==, IC_PROBE_STATE_OK);
  g_assert_true (ic_probe_check_ca_file (ca, NULL));

  options.ca_file = "/nonexistent/ca.pem";
  unreadable = run (url, &options);
  g_assert_cmpint (unreadable->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (unreadable->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (unreadable->detail,
                                   "Cannot read the CA file /nonexistent/ca.pem: "));
  g_assert_false (ic_probe_check_ca_file ("/nonexistent/ca.pem", &error));
  g_assert_nonnull (error);

  soup_server_disconnect (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_http_ok (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(IcProbeSample) sample = run_path (fx, "/ok", NULL);

  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_true (sample->has_value);
  g_assert_cmpfloat (sample->value, ==, 200);
  g_assert_false (sample->has_error);
  g_assert_cmpint (sample->latency_us, >, 0);
  g_assert_nonnull (strstr (sample->detail, "HTTP 200"));
}

static void
test_http_status (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(IcProbeSample) down = run_path (fx, "/down", NULL);
  g_autoptr(IcProbeSample) missing = NULL;
  g_autoptr(IcProbeSample) accepted = NULL;
  IcProbeOptions options;

  g_assert_cmpint (down->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (down->error_kind, ==, IC_PROBE_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (down->detail, "503"));
  missing = run_path (fx, "/nope", NULL);
  g_assert_cmpint (missing->state, ==, IC_PROBE_STATE_FAILING);
  ic_probe_options_init (&options);
  options.expected_status = "200-299,503";
  accepted = run_path (fx, "/down", &options);
  g_assert_cmpint (accepted->state, ==, IC_PROBE_STATE_OK);
}

static void
test_http_body_and_json (Fixture       *fx,
                         gconstpointer  data)
{
  IcProbeOptions options;
  g_autoptr(IcProbeSample) found = NULL;
  g_autoptr(IcProbeSample) not_found = NULL;
  g_autoptr(IcProbeSample) up = NULL;
  g_autoptr(IcProbeSample) db_fail = NULL;
  g_autoptr(IcProbeSample) garbage = NULL;

  ic_probe_options_init (&options);
  options.body_contains = "nominal";
  found = run_path (fx, "/ok", &options);
  g_assert_cmpint (found->state, ==, IC_PROBE_STATE_OK);
  options.body_contains = "degraded";
  not_found = run_path (fx, "/ok", &options);
  g_assert_cmpint (not_found->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_nonnull (strstr (not_found->detail, "degraded"));

  ic_probe_options_init (&options);
  options.json_condition = "$.status == \"UP\"";
  up = run_path (fx, "/actuator", &options);
  g_assert_cmpint (up->state, ==, IC_PROBE_STATE_OK);
  options.json_condition = "$.checks.db.status != \"fail\"";
  db_fail = run_path (fx, "/actuator", &options);
  g_assert_cmpint (db_fail->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_nonnull (strstr (db_fail->detail, "$.checks.db.status is \"fail\""));
  garbage = run_path (fx, "/garbage", &options);
  g_assert_cmpint (garbage->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_nonnull (strstr (garbage->detail, "not JSON"));
}

static void
test_health_json (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(IcProbeSample) pass = run_path (fx, "/health-pass", NULL);
  g_autoptr(IcProbeSample) warn = run_path (fx, "/health-warn", NULL);
  g_autoptr(IcProbeSample) fail = run_path (fx, "/health-fail", NULL);
  g_autoptr(IcProbeSample) fail200 = run_path (fx, "/health-fail-200", NULL);

  g_assert_cmpint (pass->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpint (warn->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_cmpint (fail->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (fail200->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_nonnull (strstr (fail200->detail, "fail"));
}

/* A body nested 80 000 levels deep crashed the whole application in
 * json-glib; now it is a sample that says what is wrong (#12). */
static void
test_deep_json (Fixture       *fx,
                gconstpointer  data)
{
  const char *too_deep = "nested deeper than 128 levels";
  g_autofree char *prometheus = g_strconcat ("prometheus+", fx->base, "/?query=deep", NULL);
  g_autoptr(IcProbeSample) health = NULL;
  g_autoptr(IcProbeSample) condition = NULL;
  g_autoptr(IcProbeSample) query = NULL;
  IcProbeOptions options;

  health = run_path (fx, "/deep-health", NULL);
  g_assert_cmpint (health->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (health->has_error);
  g_assert_cmpint (health->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (health->detail, "HTTP 200 OK; the body is not JSON: "));
  g_assert_nonnull (strstr (health->detail, too_deep));

  ic_probe_options_init (&options);
  options.json_condition = "$.status == \"UP\"";
  condition = run_path (fx, "/deep-json", &options);
  g_assert_cmpint (condition->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (condition->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (condition->detail, too_deep));

  query = run (prometheus, NULL);
  g_assert_cmpint (query->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (query->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (query->detail, "HTTP 200; the answer is not JSON: "));
  g_assert_nonnull (strstr (query->detail, too_deep));
}

/* A failing condition quotes the value it found: a megabyte of string is
 * quoted up to a bound, cut between characters (#12). */
static void
test_condition_huge_value (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(IcProbeSample) sample = NULL;
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.json_condition = "$.status == \"UP\"";
  sample = run_path (fx, "/huge-string", &options);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (sample->detail, -1, NULL));
  g_assert_cmpuint (strlen (sample->detail), <=, IC_PROBE_SAMPLE_DETAIL_MAX + strlen ("…"));
  g_assert_true (g_str_has_prefix (sample->detail, "HTTP 200 OK; $.status is \"xéé"));
  g_assert_nonnull (strstr (sample->detail, "é… (expected == \"UP\")"));
}

static void
test_hostile (Fixture       *fx,
              gconstpointer  data)
{
  IcProbeOptions options;
  g_autoptr(IcProbeSample) hang = NULL;
  g_autoptr(IcProbeSample) endless = NULL;
  g_autoptr(IcProbeSample) loop = NULL;
  g_autoptr(IcProbeSample) drip = NULL;
  gint64 start;

  ic_probe_options_init (&options);
  options.timeout_ms = 400;
  start = g_get_monotonic_time ();
  hang = run_path (fx, "/hang", &options);
  g_assert_cmpint (hang->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (hang->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  /* Within the timeout plus a margin. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  /* An endless body is read up to the cap and judged on that. */
  endless = run_path (fx, "/endless", NULL);
  g_assert_cmpint (endless->state, ==, IC_PROBE_STATE_OK);

  /* A body that trickles in stops at the deadline, as a timeout. */
  start = g_get_monotonic_time ();
  drip = run_path (fx, "/slow-drip", &options);
  g_assert_cmpint (drip->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (drip->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  /* Let the server notice the client gave up. */
  wait_ms (400);

  loop = run_path (fx, "/loop", NULL);
  g_assert_cmpint (loop->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (loop->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (loop->detail, "redirects"));
}

static void
test_latency_threshold (Fixture       *fx,
                        gconstpointer  data)
{
  IcProbeOptions options;
  g_autoptr(IcProbeSample) sample = NULL;

  ic_probe_options_init (&options);
  /* Nothing answers in 0 µs… but 1 ms is the smallest threshold; a
   * threshold the check cannot meet makes the success "degraded". */
  options.latency_threshold_ms = 1;
  options.timeout_ms = 2000;
  sample = run_path (fx, "/endless", &options);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_nonnull (strstr (sample->detail, "slower than 1 ms"));
}

static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(IcProbeSample) http = NULL;
  g_autoptr(IcProbeSample) tcp = NULL;
  g_autofree char *http_spec = NULL;
  g_autofree char *tcp_spec = NULL;
  guint16 port;

  /* A port that nothing listens on: bind, read it, close. */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  http_spec = g_strdup_printf ("http://127.0.0.1:%u/health", port);
  tcp_spec = g_strdup_printf ("tcp://127.0.0.1:%u", port);

  http = run (http_spec, NULL);
  g_assert_cmpint (http->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (http->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  g_assert_nonnull (strcasestr (http->detail, "refused"));
  tcp = run (tcp_spec, NULL);
  g_assert_cmpint (tcp->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (tcp->error_kind, ==, IC_PROBE_ERROR_REFUSED);
  g_assert_nonnull (strcasestr (tcp->detail, "refused"));
}

static void
test_tcp_and_dns (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *tcp_spec = g_strdup_printf ("tcp://127.0.0.1:%s",
                                               strrchr (fx->base, ':') + 1);
  g_autoptr(IcProbeSample) tcp = run (tcp_spec, NULL);
  g_autoptr(IcProbeSample) dns = run ("dns://localhost", NULL);

  g_assert_cmpint (tcp->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (tcp->addresses);
  g_assert_cmpstr (tcp->addresses[0], ==, "127.0.0.1");
  g_assert_cmpint (dns->state, ==, IC_PROBE_STATE_OK);
  g_assert_nonnull (dns->addresses);
  g_assert_true (g_strv_contains ((const char * const *) dns->addresses, "127.0.0.1")
                 || g_strv_contains ((const char * const *) dns->addresses, "::1"));
  g_assert_cmpfloat (dns->value, >=, 1);
}

static void
test_prometheus (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *base = g_strconcat ("prometheus+", fx->base, NULL);
  g_autofree char *vector = g_strconcat (base, "/?query=error_rate", NULL);
  g_autofree char *scalar = g_strconcat (base, "/?query=scalar%28up%29", NULL);
  g_autofree char *empty = g_strconcat (base, "/?query=absent", NULL);
  g_autofree char *multi = g_strconcat (base, "/?query=by_pod", NULL);
  g_autofree char *bad = g_strconcat (base, "/?query=rate(", NULL);
  IcProbeOptions options;
  g_autoptr(IcProbeSample) ok = NULL, failing = NULL, s = NULL, e = NULL, m = NULL, b = NULL;

  ic_probe_options_init (&options);
  options.warn_above = 0.01;
  options.fail_above = 0.10;
  ok = run (vector, &options);
  g_assert_cmpint (ok->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_cmpfloat_with_epsilon (ok->value, 0.0731, 1e-9);
  options.fail_above = 0.05;
  failing = run (vector, &options);
  g_assert_cmpint (failing->state, ==, IC_PROBE_STATE_FAILING);
  s = run (scalar, NULL);
  g_assert_cmpint (s->state, ==, IC_PROBE_STATE_OK);
  g_assert_cmpfloat (s->value, ==, 1);
  e = run (empty, NULL);
  g_assert_cmpint (e->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_nonnull (strstr (e->detail, "no data"));
  m = run (multi, NULL);
  g_assert_cmpint (m->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_nonnull (strstr (m->detail, "2 series"));
  b = run (bad, NULL);
  g_assert_cmpint (b->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_nonnull (strstr (b->detail, "parse error"));
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fx->base, "/hang", NULL);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (url, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;
  IcProbeOptions copy;

  ic_probe_run_async (spec, with_pool (NULL, &copy), cancellable, ic_test_probe_cancelled_cb,
                      &done);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Specs and conditions ------------------------------------------------------ */

static void
test_specs (void)
{
  struct { const char *text; IcProbeKind kind; const char *host; int port; } good[] = {
    { "https://checkout.example/health", IC_PROBE_KIND_HTTP, "checkout.example", -1 },
    { "redis://cache:7000/2?cluster=1", IC_PROBE_KIND_REDIS, "cache", 7000 },
    { "redis://app:s3cret@cache", IC_PROBE_KIND_REDIS, "cache", 6379 },
    { "prometheus+http://prom:9090/?query=up", IC_PROBE_KIND_PROMETHEUS, "prom", 9090 },
    { "tcp://db:5432", IC_PROBE_KIND_TCP, "db", 5432 },
    { "dns://api.example", IC_PROBE_KIND_DNS, "api.example", 0 },
  };
  const char *bad[] = { "", "ftp://x", "tcp://db", "tcp://db:99999", "redis://cache/99",
                        "prometheus+http://prom:9090/", "dns://", "not a url", "http://",
                        "redis://cache?seeds=b:7001", "redis://cache?cluster=1&seeds=b",
                        "redis://cache?cluster=1&seeds=b:7001,c:0",
                        "redis://cache?cluster=1&seeds=b%20c:7001" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (good[i].text, &error);

      g_test_message ("%s", good[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (spec->kind, ==, good[i].kind);
      g_assert_cmpstr (spec->host, ==, good[i].host);
      g_assert_cmpint (spec->port, ==, good[i].port);
    }
  {
    g_autoptr(IcProbeSpec) redis = ic_probe_spec_parse ("redis://app:s3cret@cache:7000/2?cluster=1",
                                                        NULL);
    g_assert_cmpstr (redis->user, ==, "app");
    g_assert_cmpstr (redis->password, ==, "s3cret");
    g_assert_cmpint (redis->db, ==, 2);
    g_assert_true (redis->cluster);
    g_assert_null (redis->seeds);
  }
  {
    g_autoptr(IcProbeSpec) seeded = ic_probe_spec_parse (
      "redis://cache-a:7000?cluster=1&seeds=cache-b:7001,%20cache-c:7002", NULL);
    const char *expected[] = { "cache-b:7001", "cache-c:7002", NULL };

    g_assert_nonnull (seeded);
    g_assert_cmpstrv (seeded->seeds, expected);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (spec);
      g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
    }
}

/* A target that does not parse is named in its error with its secrets
 * hidden: the password, a token as user, secret query values, even when
 * GUri's own message would echo them. */
static void
test_spec_errors_redacted (void)
{
  const char *bad[] = {
    "redis://:s3cret-pw@h/99",
    "redis://app:s3cret-pw@h:port/1",
    "redis://:s3cret-pw@h:6379?seeds=b:1",
    "https://s3cret-pw@h:99999/health",
    "https://u:s3cret-pw@/health",
    "prometheus+http://prom:9090/?token=s3cret-pw",
    "tcp://app:s3cret-pw@db",
    "ftp://u:s3cret-pw@files/?api_key=s3cret-pw",
    "redis://:s3cret%2Dpw@h/99",
    "redis://:s3cret/pw@h:6379/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (bad[i], &error);

      g_assert_null (spec);
      g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
      g_test_message ("%s → %s", bad[i], error->message);
      g_assert_null (strstr (error->message, "s3cret"));
      g_assert_nonnull (strstr (error->message, "***"));
    }
}

static void
test_conditions (void)
{
  g_autoptr(JsonNode) root = json_from_string (
    "{\"status\":\"UP\",\"n\":7,\"s\":\"42\",\"a\":[{\"x\":1}],\"v\":\"1.2.3\"}", NULL);
  struct { const char *text; gboolean expected; } cases[] = {
    { "$.status == \"UP\"", TRUE },
    { "$.status != \"UP\"", FALSE },
    { "$.n > 5", TRUE },
    { "$.n <= 6", FALSE },
    { "$.s >= 42", TRUE },          /* numbers in strings compare as numbers */
    { "$.a[0].x == 1", TRUE },
    { "$.a[1].x == 1", FALSE },     /* out of range: missing, never a crash */
    { "$.missing == null", FALSE },
    { "$.v contains \"1.2\"", TRUE },
    { "$.n < 10", TRUE },
  };
  const char *bad[] = { "status == 1", "$.a[x] == 1", "$.a ~ 1", "$.a == ", "$.a == {}",
                        "$. == 1" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcJsonCondition) condition = ic_json_condition_parse (cases[i].text, &error);
      g_autofree char *explanation = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (ic_json_condition_eval (condition, root, &explanation), ==,
                       cases[i].expected);
      g_assert_nonnull (explanation);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcJsonCondition) condition = ic_json_condition_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (condition);
      g_assert_error (error, IC_JSON_CONDITION_ERROR, IC_JSON_CONDITION_ERROR_SYNTAX);
    }
}

/* The condition's own literal and path are bounded too: a deep literal
 * crashed json-glib, and a path longer than any document the probe accepts
 * could never match (#12). */
static void
test_conditions_deep (void)
{
  GString *path = g_string_new ("$");
  g_autofree char *deep_literal = NULL;
  g_autofree char *path_at_limit = NULL;
  g_autofree char *path_over = NULL;
  g_autofree char *path_huge = NULL;
  g_autofree char *document = NULL;
  g_autofree char *explanation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(IcJsonCondition) condition = NULL;
  GString *deep = g_string_new ("$.a == ");

  for (guint i = 0; i < VERY_DEEP; i++)
    g_string_append_c (deep, '[');
  deep_literal = g_string_free (deep, FALSE);
  condition = ic_json_condition_parse (deep_literal, &error);
  g_assert_null (condition);
  g_assert_error (error, IC_JSON_CONDITION_ERROR, IC_JSON_CONDITION_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "the value must be"));
  /* The message quotes the start of the condition, not all 80 000 brackets. */
  g_assert_cmpuint (strlen (error->message), <, 400);
  g_clear_error (&error);

  /* A path exactly as deep as the deepest document accepted still works. */
  for (guint i = 0; i < IC_JSON_MAX_DEPTH; i++)
    g_string_append (path, ".a");
  path_at_limit = g_strconcat (path->str, " == 1", NULL);
  path_over = g_strconcat (path->str, ".a == 1", NULL);
  while (path->len < 2 * VERY_DEEP)
    g_string_append (path, ".a");
  path_huge = g_strconcat (path->str, " == 1", NULL);
  g_string_free (path, TRUE);
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; i < IC_JSON_MAX_DEPTH; i++)
      g_string_append (s, "{\"a\":");
    g_string_append_c (s, '1');
    for (guint i = 0; i < IC_JSON_MAX_DEPTH; i++)
      g_string_append_c (s, '}');
    document = g_string_free (s, FALSE);
  }
  root = ic_json_parse (document, -1, IC_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  condition = ic_json_condition_parse (path_at_limit, &error);
  g_assert_no_error (error);
  g_assert_true (ic_json_condition_eval (condition, root, &explanation));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(IcJsonCondition) refused = ic_json_condition_parse (i ? path_huge : path_over,
                                                                    &error);

      g_assert_null (refused);
      g_assert_error (error, IC_JSON_CONDITION_ERROR, IC_JSON_CONDITION_ERROR_SYNTAX);
      g_assert_true (g_str_has_suffix (error->message, "the path has more than 128 steps"));
      g_assert_cmpuint (strlen (error->message), <, 400);
      g_clear_error (&error);
    }
}

/* The value found is quoted in the explanation up to a bound. */
static void
test_conditions_huge_value (void)
{
  gsize size = 1024 * 1024;
  GString *json = g_string_new ("{\"s\":\"x");
  g_autofree char *explanation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(IcJsonCondition) condition = ic_json_condition_parse ("$.s == \"short\"", &error);

  g_assert_no_error (error);
  while (json->len < size)
    g_string_append (json, "\xe2\x82\xac");   /* € */
  g_string_append (json, "\"}");
  root = ic_json_parse (json->str, (gssize) json->len, IC_JSON_MAX_DEPTH, &error);
  g_string_free (json, TRUE);
  g_assert_no_error (error);
  g_assert_false (ic_json_condition_eval (condition, root, &explanation));
  g_assert_true (g_utf8_validate (explanation, -1, NULL));
  g_assert_true (g_str_has_prefix (explanation, "$.s is \"x€€"));
  g_assert_true (g_str_has_suffix (explanation, "€… (expected == \"short\")"));
  g_assert_cmpuint (strlen (explanation), <=, 1024 + 64);
}

/* Found by tests/fuzz/fuzz-json-condition: a member name and a literal have
 * no bound of their own, and an explanation quoting both whole outgrew the
 * sample's detail it is written for. Each is quoted up to a kilobyte. */
static void
test_conditions_huge_path_and_literal (void)
{
  gsize size = 64 * 1024;
  g_autoptr(GString) member = g_string_new (NULL);
  g_autoptr(GString) literal = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcJsonCondition) condition = NULL;
  g_autofree char *text = NULL;
  char *bodies[3];

  while (member->len < size)
    g_string_append (member, "m\xc3\xa9");   /* mé */
  while (literal->len < size)
    g_string_append (literal, "l\xc3\xa9");
  text = g_strdup_printf ("$.%s == \"%s\"", member->str, literal->str);
  condition = ic_json_condition_parse (text, &error);
  g_assert_no_error (error);
  /* It holds; it fails on the value found (1); it fails on the path missing. */
  bodies[0] = g_strdup_printf ("{\"%s\":\"%s\"}", member->str, literal->str);
  bodies[1] = g_strdup_printf ("{\"%s\":1}", member->str);
  bodies[2] = g_strdup ("{}");
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *explanation = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (bodies[i], -1, IC_JSON_MAX_DEPTH, &error);

      g_assert_no_error (error);
      g_assert_true (ic_json_condition_eval (condition, root, &explanation) == (i == 0));
      g_assert_true (g_utf8_validate (explanation, -1, NULL));
      g_assert_cmpuint (strlen (explanation), <=, IC_PROBE_SAMPLE_DETAIL_MAX);
      g_assert_true (g_str_has_prefix (explanation, "$.mémé"));
      g_assert_nonnull (strstr (explanation, i == 0 ? "… is \"lélé"
                                             : i == 1 ? "… is 1 (expected"
                                             : "… is missing (expected"));
      g_assert_nonnull (strstr (explanation, "(expected == \"lélé"));
      g_assert_true (g_str_has_suffix (explanation, "…)"));
      g_free (bodies[i]);
    }
}

/* ic_probe_run_sync() runs on a private main context (the command line);
 * the deadline must fire there too, or a silent server hangs it forever.
 * The listening socket is never accepted from: the kernel completes the
 * handshake, the request is sent, and no reply ever comes. */
static void
test_sync_deadline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = ic_test_silent_server (&socket);
  IcProbeOptions options;

  spec = ic_probe_spec_parse (url, &error);
  g_assert_no_error (error);
  ic_probe_options_init (&options);
  options.timeout_ms = 200;
  sample = ic_probe_run_sync (spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TIMEOUT);
  /* Our deadline, not libsoup's one-second backstop. */
  g_assert_nonnull (strstr (sample->detail, "Timed out after 200 ms"));
}

/* Found by tests/fuzz/fuzz-probe-spec: a target of arbitrary bytes came
 * back in an error message that was not UTF-8 (and so not showable in a
 * label); a long one came back whole. */
static void
test_spec_errors_text (void)
{
  const char *bad[] = { "\xb9ttp://[::1]:9000/health", "https://h\xff\xfe/x", "\xc3" };
  g_autoptr(GString) longer = g_string_new ("ftp://");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (bad[i], &error);

      g_assert_null (spec);
      g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (longer, 'a');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (longer->str, &error);

    g_assert_null (spec);
    g_assert_nonnull (error);
    g_assert_cmpuint (strlen (error->message), <, 2048);
  }
}

/* Found by tests/fuzz/fuzz-json-condition: a path holding bytes that are
 * not UTF-8 came back in the explanation of a failing check. */
static void
test_conditions_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcJsonCondition) condition = ic_json_condition_parse ("$.checks.\xa0\x9d == \"ok\"",
                                                                  &error);

  g_assert_null (condition);
  g_assert_error (error, IC_JSON_CONDITION_ERROR, IC_JSON_CONDITION_ERROR_SYNTAX);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "not UTF-8"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown); \
  g_test_add (path "/shared", Fixture, "shared", fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/ic/probe/spec", test_specs);
  g_test_add_func ("/ic/probe/spec/errors-redacted", test_spec_errors_redacted);
  g_test_add_func ("/ic/probe/spec/errors-text", test_spec_errors_text);
  g_test_add_func ("/ic/probe/json-condition", test_conditions);
  g_test_add_func ("/ic/probe/json-condition/deep", test_conditions_deep);
  g_test_add_func ("/ic/probe/json-condition/huge-value", test_conditions_huge_value);
  g_test_add_func ("/ic/probe/json-condition/huge-path-and-literal",
                   test_conditions_huge_path_and_literal);
  g_test_add_func ("/ic/probe/json-condition/not-utf8", test_conditions_not_utf8);
  ADD ("/ic/probe/http/ok", test_http_ok);
  ADD ("/ic/probe/http/method-headers", test_http_method_headers);
  g_test_add_func ("/ic/probe/http/https-self-signed", test_https_self_signed);
  ADD ("/ic/probe/http/status", test_http_status);
  ADD ("/ic/probe/http/body-and-json", test_http_body_and_json);
  ADD ("/ic/probe/http/health-json", test_health_json);
  ADD ("/ic/probe/http/deep-json", test_deep_json);
  ADD ("/ic/probe/http/condition-huge-value", test_condition_huge_value);
  ADD ("/ic/probe/http/hostile", test_hostile);
  ADD ("/ic/probe/http/latency-threshold", test_latency_threshold);
  ADD ("/ic/probe/http/cancel", test_cancel);
  ADD ("/ic/probe/refused", test_refused);
  ADD ("/ic/probe/tcp-and-dns", test_tcp_and_dns);
  ADD ("/ic/probe/prometheus", test_prometheus);
  g_test_add_func ("/ic/probe/sync-deadline", test_sync_deadline);
#undef ADD

  return g_test_run ();
}
