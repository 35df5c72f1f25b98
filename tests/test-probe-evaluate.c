/* test-probe-evaluate.c — what HTTP and Prometheus answers mean, judged
 * from tables of cases: no server, no network, no main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ic-probe-evaluate.h"

typedef struct
{
  const char   *name;
  guint         status;
  const char   *content_type;
  const char   *body;
  const char   *expected_status;
  const char   *body_contains;
  const char   *json_condition;
  IcProbeState  state;
  gboolean      has_error;
  IcProbeError  error_kind;
  const char   *detail_has;    /* a part of the detail */
} HttpCase;

static const HttpCase http_cases[] = {
  { "200 is success by default", 200, "text/plain", "ok", NULL, NULL, NULL,
    IC_PROBE_STATE_OK, FALSE, 0, "HTTP 200 OK" },
  { "302 is success by default", 302, NULL, "", NULL, NULL, NULL,
    IC_PROBE_STATE_OK, FALSE, 0, "HTTP 302" },
  { "503 fails", 503, "text/plain", "down", NULL, NULL, NULL,
    IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_HTTP_STATUS, "HTTP 503" },
  { "a status outside the expected list fails", 200, NULL, "", "201,204-206", NULL, NULL,
    IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_HTTP_STATUS, "HTTP 200" },
  { "a status inside a range passes", 205, NULL, "", "201,204-206", NULL, NULL,
    IC_PROBE_STATE_OK, FALSE, 0, "HTTP 205" },
  { "the body holds the text", 200, "text/html", "<p>all systems go</p>", NULL, "systems go",
    NULL, IC_PROBE_STATE_OK, FALSE, 0, "HTTP 200" },
  { "the body lacks the text", 200, "text/html", "<p>maintenance</p>", NULL, "systems go", NULL,
    IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_PROTOCOL, "does not contain “systems go”" },
  { "health+json pass", 200, "application/health+json", "{\"status\": \"pass\"}", NULL, NULL,
    NULL, IC_PROBE_STATE_OK, FALSE, 0, "health pass" },
  { "health+json warn is degraded", 200, "application/health+json", "{\"status\": \"warn\"}",
    NULL, NULL, NULL, IC_PROBE_STATE_DEGRADED, FALSE, 0, "health warn" },
  { "health+json fail", 200, "application/health+json", "{\"status\": \"fail\"}", NULL, NULL,
    NULL, IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_PROTOCOL, "health fail" },
  { "health+json without a status", 200, "application/health+json", "{}", NULL, NULL, NULL,
    IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_PROTOCOL, "health ?" },
  { "health+json that is not JSON", 200, "application/health+json", "pass", NULL, NULL, NULL,
    IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_PROTOCOL, "the body is not JSON" },
  { "a JSON condition that holds", 200, "application/json", "{\"status\": \"UP\"}", NULL, NULL,
    "$.status == \"UP\"", IC_PROBE_STATE_OK, FALSE, 0, "HTTP 200" },
  { "a JSON condition that does not hold", 200, "application/json",
    "{\"status\": \"DOWN\"}", NULL, NULL, "$.status == \"UP\"", IC_PROBE_STATE_FAILING, TRUE,
    IC_PROBE_ERROR_PROTOCOL, "DOWN" },
  { "a JSON condition on a body that is not JSON", 200, "text/plain", "UP", NULL, NULL,
    "$.status == \"UP\"", IC_PROBE_STATE_FAILING, TRUE, IC_PROBE_ERROR_PROTOCOL,
    "the body is not JSON" },
};

static void
test_http (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      const HttpCase *c = &http_cases[i];
      IcHttpResponse response = { c->status, c->status == 200 ? "OK" : NULL, c->content_type,
                                  c->body, strlen (c->body) };
      IcProbeOptions options;
      IcProbeSample *sample;

      g_test_message ("%s", c->name);
      ic_probe_options_init (&options);
      options.expected_status = c->expected_status;
      options.body_contains = c->body_contains;
      options.json_condition = c->json_condition;
      sample = ic_probe_evaluate_http (&response, &options, 1500);
      g_assert_cmpint (sample->state, ==, c->state);
      g_assert_cmpint (sample->has_error, ==, c->has_error);
      if (c->has_error)
        g_assert_cmpint (sample->error_kind, ==, c->error_kind);
      g_assert_cmpint (sample->latency_us, ==, 1500);
      g_assert_nonnull (strstr (sample->detail, c->detail_has));
      ic_probe_sample_free (sample);
    }
}

typedef struct
{
  const char   *name;
  const char   *body;
  IcProbeState  state;
  double        value;       /* NAN: no value */
  const char   *detail_has;
} PromCase;

#define VECTOR(v) "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" \
                  "[{\"metric\":{},\"value\":[1700000000.1,\"" v "\"]}]}}"

static const PromCase prom_cases[] = {
  { "one series under both thresholds", VECTOR ("0.02"), IC_PROBE_STATE_OK, 0.02,
    "errors = 0.02" },
  { "above the warning threshold", VECTOR ("0.07"), IC_PROBE_STATE_DEGRADED, 0.07,
    "errors = 0.07" },
  { "above the failing threshold", VECTOR ("0.5"), IC_PROBE_STATE_FAILING, 0.5,
    "errors = 0.5" },
  { "a scalar", "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                "\"result\":[1700000000,\"0.01\"]}}", IC_PROBE_STATE_OK, 0.01, "errors = 0.01" },
  { "an empty vector", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                       "\"result\":[]}}", IC_PROBE_STATE_ERROR, NAN, "an empty vector" },
  { "two series", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                  "[{\"value\":[1,\"1\"]},{\"value\":[1,\"2\"]}]}}", IC_PROBE_STATE_ERROR, NAN,
    "returned 2 series" },
  { "a Prometheus error", "{\"status\":\"error\",\"error\":\"parse error at char 3\"}",
    IC_PROBE_STATE_ERROR, NAN, "parse error at char 3" },
  { "a value that is not a number", VECTOR ("lots"), IC_PROBE_STATE_ERROR, NAN,
    "“lots” is not a number" },
  { "a matrix", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
    IC_PROBE_STATE_ERROR, NAN, "Unsupported result type “matrix”" },
  { "not JSON", "<html>proxy error</html>", IC_PROBE_STATE_ERROR, NAN,
    "the answer is not JSON" },
  { "JSON but not an object", "[1, 2]", IC_PROBE_STATE_ERROR, NAN, "not an object" },
};

static void
test_prometheus (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (prom_cases); i++)
    {
      const PromCase *c = &prom_cases[i];
      IcHttpResponse response = { 200, "OK", "application/json", c->body, strlen (c->body) };
      IcProbeOptions options;
      IcProbeSample *sample;

      g_test_message ("%s", c->name);
      ic_probe_options_init (&options);
      options.warn_above = 0.05;
      options.fail_above = 0.1;
      sample = ic_probe_evaluate_prometheus (&response, "errors", &options, 900);
      g_assert_cmpint (sample->state, ==, c->state);
      g_assert_cmpint (sample->latency_us, ==, 900);
      if (isnan (c->value))
        {
          g_assert_false (sample->has_value);
          g_assert_true (sample->has_error);
          g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_PROTOCOL);
        }
      else
        {
          g_assert_true (sample->has_value);
          g_assert_cmpfloat_with_epsilon (sample->value, c->value, 1e-9);
        }
      g_assert_nonnull (strstr (sample->detail, c->detail_has));
      ic_probe_sample_free (sample);
    }
}

/* The body is judged by its length, never read past it: no NUL needed. */
static void
test_body_not_terminated (void)
{
  char body[8];
  IcHttpResponse response = { 200, "OK", "text/plain", body, sizeof body };
  IcProbeOptions options;
  IcProbeSample *sample;

  memcpy (body, "ready!!!", sizeof body);
  ic_probe_options_init (&options);
  options.body_contains = "ready";
  sample = ic_probe_evaluate_http (&response, &options, 0);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  ic_probe_sample_free (sample);
  options.body_contains = "!!!!";
  sample = ic_probe_evaluate_http (&response, &options, 0);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_FAILING);
  ic_probe_sample_free (sample);
}

static void
test_status_expected (void)
{
  const struct { const char *expected; guint status; gboolean ok; } cases[] = {
    { NULL, 200, TRUE }, { NULL, 399, TRUE }, { NULL, 400, FALSE }, { NULL, 199, FALSE },
    { "", 301, TRUE }, { "200", 200, TRUE }, { "200", 201, FALSE },
    { "200-299,301", 299, TRUE }, { "200-299,301", 301, TRUE }, { "200-299,301", 302, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ic_probe_status_expected (cases[i].expected, cases[i].status), ==,
                     cases[i].ok);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-evaluate/http", test_http);
  g_test_add_func ("/ic/probe-evaluate/prometheus", test_prometheus);
  g_test_add_func ("/ic/probe-evaluate/body-not-terminated", test_body_not_terminated);
  g_test_add_func ("/ic/probe-evaluate/status-expected", test_status_expected);
  return g_test_run ();
}
