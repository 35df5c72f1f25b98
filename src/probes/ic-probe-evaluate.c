/* ic-probe-evaluate.c — what an HTTP or Prometheus answer means
 *
 * Pure: a response in, a sample out. ic-probe.c does the I/O (libsoup, the
 * deadline) and hands the answer here; tests judge answers from tables of
 * cases without a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-json-condition.h"
#include "ic-json.h"
#include "ic-probe-evaluate.h"
#include "ic-probe-private.h"

/**
 * ic_probe_status_expected:
 * @expected: (nullable): e.g. "200-299,301"; %NULL or "" means 200-399
 *
 * Returns: whether @status is one of @expected
 */
gboolean
ic_probe_status_expected (const char *expected,
                          guint       status)
{
  g_auto(GStrv) parts = NULL;

  if (expected == NULL || *expected == '\0')
    return status >= 200 && status < 400;
  parts = g_strsplit (expected, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *dash = strchr (parts[i], '-');
      guint64 low = g_ascii_strtoull (parts[i], NULL, 10);
      guint64 high = dash ? g_ascii_strtoull (dash + 1, NULL, 10) : low;

      if (status >= low && status <= high)
        return TRUE;
    }
  return FALSE;
}


/* Depth-checked: json-glib would overflow the stack on a deeply nested body. */
static JsonNode *
parse_body (const IcHttpResponse  *response,
            GError               **error)
{
  return ic_json_parse (response->body ? response->body : "", (gssize) response->body_len,
                        IC_JSON_MAX_DEPTH, error);
}

static IcProbeSample *
failed (IcProbeState  state,
        IcProbeError  kind,
        const char   *detail,
        gint64        latency_us)
{
  IcProbeSample *sample = _ic_probe_sample_new (state, latency_us, detail);

  sample->has_error = TRUE;
  sample->error_kind = kind;
  return sample;
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  member = json_object_get_member (json_node_get_object (node), name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

/**
 * ic_probe_evaluate_http:
 * @options: what counts as success: @expected_status, @body_contains and
 *   @json_condition (an `application/health+json` body is judged by its
 *   "status" too)
 * @latency_us: how long the answer took, for the sample
 *
 * Returns: (transfer full): the sample the answer makes
 */
IcProbeSample *
ic_probe_evaluate_http (const IcHttpResponse *response,
                        const IcProbeOptions *options,
                        gint64                latency_us)
{
  const char *type = response->content_type;
  g_autofree char *summary = g_strdup_printf ("HTTP %u %s", response->status,
                                              response->reason ? response->reason : "");
  g_autoptr(JsonNode) root = NULL;
  IcProbeSample *sample;

  g_return_val_if_fail (response != NULL && options != NULL, NULL);

  if (!ic_probe_status_expected (options->expected_status, response->status))
    return failed (IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_HTTP_STATUS, summary, latency_us);
  if (options->body_contains != NULL && *options->body_contains != '\0'
      && (response->body == NULL
          || g_strstr_len (response->body, (gssize) response->body_len,
                           options->body_contains) == NULL))
    {
      g_autofree char *detail = g_strdup_printf (_("%s; the body does not contain “%s”"),
                                                 summary, options->body_contains);
      return failed (IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, detail, latency_us);
    }
  sample = _ic_probe_sample_new (IC_PROBE_STATE_OK, latency_us, summary);
  sample->has_value = TRUE;
  sample->value = response->status;

  /* application/health+json: "pass", "warn" or "fail" (draft-inadarei). */
  if (g_strcmp0 (type, "application/health+json") == 0 || options->json_condition != NULL)
    {
      g_autoptr(GError) error = NULL;

      root = parse_body (response, &error);
      if (root == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("%s; the body is not JSON: %s"), summary,
                                                     error->message);
          ic_probe_sample_free (sample);
          return failed (IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, detail, latency_us);
        }
    }
  if (g_strcmp0 (type, "application/health+json") == 0)
    {
      const char *health = member_string (root, "status");
      g_autofree char *detail = g_strdup_printf ("%s; health %s", summary, health ? health : "?");

      g_free (sample->detail);
      sample->detail = g_steal_pointer (&detail);
      if (g_strcmp0 (health, "warn") == 0)
        sample->state = IC_PROBE_STATE_DEGRADED;
      else if (g_strcmp0 (health, "pass") != 0)
        {
          sample->state = IC_PROBE_STATE_FAILING;
          sample->has_error = TRUE;
          sample->error_kind = IC_PROBE_ERROR_PROTOCOL;
        }
    }
  if (options->json_condition != NULL && sample->state != IC_PROBE_STATE_FAILING)
    {
      g_autoptr(IcJsonCondition) condition = ic_json_condition_parse (options->json_condition,
                                                                      NULL);
      g_autofree char *explanation = NULL;

      if (condition != NULL && !ic_json_condition_eval (condition, root, &explanation))
        {
          g_autofree char *detail = g_strdup_printf ("%s; %s", summary, explanation);

          g_free (sample->detail);
          sample->detail = g_steal_pointer (&detail);
          sample->state = IC_PROBE_STATE_FAILING;
          sample->has_error = TRUE;
          sample->error_kind = IC_PROBE_ERROR_PROTOCOL;
        }
    }
  return sample;
}

/* The value of an instant query: a scalar, or a vector of exactly one. */
static gboolean
prometheus_value (JsonNode    *root,
                  double      *value,
                  char       **why)
{
  JsonObject *data;
  JsonNode *data_node, *result;
  JsonArray *pair;
  const char *type, *text;
  char *end = NULL;

  if (g_strcmp0 (member_string (root, "status"), "success") != 0)
    {
      *why = g_strdup_printf (_("Prometheus error: %s"),
                              member_string (root, "error") ? member_string (root, "error")
                                                            : _("no status"));
      return FALSE;
    }
  data_node = json_object_get_member (json_node_get_object (root), "data");
  if (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node))
    return (*why = g_strdup (_("The answer has no data"))), FALSE;
  data = json_node_get_object (data_node);
  type = member_string (data_node, "resultType");
  result = json_object_get_member (data, "result");
  if (result == NULL || !JSON_NODE_HOLDS_ARRAY (result))
    return (*why = g_strdup (_("The answer has no result"))), FALSE;
  if (g_strcmp0 (type, "vector") == 0)
    {
      JsonArray *series = json_node_get_array (result);
      JsonNode *first, *value_node;

      if (json_array_get_length (series) == 0)
        return (*why = g_strdup (_("The query returned no data (an empty vector)"))), FALSE;
      if (json_array_get_length (series) > 1)
        return (*why = g_strdup_printf (_("The query returned %u series; it must return one "
                                          "(aggregate with sum() or similar)"),
                                        json_array_get_length (series))), FALSE;
      first = json_array_get_element (series, 0);
      value_node = JSON_NODE_HOLDS_OBJECT (first)
                     ? json_object_get_member (json_node_get_object (first), "value") : NULL;
      if (value_node == NULL || !JSON_NODE_HOLDS_ARRAY (value_node))
        return (*why = g_strdup (_("The series has no value"))), FALSE;
      pair = json_node_get_array (value_node);
    }
  else if (g_strcmp0 (type, "scalar") == 0)
    pair = json_node_get_array (result);
  else
    return (*why = g_strdup_printf (_("Unsupported result type “%s”"), type ? type : "?")),
           FALSE;
  if (json_array_get_length (pair) != 2 || !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1))
      || json_node_get_value_type (json_array_get_element (pair, 1)) != G_TYPE_STRING)
    return (*why = g_strdup (_("The value is not [time, \"number\"]"))), FALSE;
  text = json_node_get_string (json_array_get_element (pair, 1));
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return (*why = g_strdup_printf (_("The value “%s” is not a number"), text)), FALSE;
  return TRUE;
}

/**
 * ic_probe_evaluate_prometheus:
 * @query: the instant query asked, for the detail
 * @options: @warn_above and @fail_above judge the value
 * @latency_us: how long the answer took, for the sample
 *
 * Returns: (transfer full): the sample the answer to an instant query makes:
 *   its one value, or an error sample saying why there is none
 */
IcProbeSample *
ic_probe_evaluate_prometheus (const IcHttpResponse *response,
                              const char           *query,
                              const IcProbeOptions *options,
                              gint64                latency_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *why = NULL;
  g_autofree char *detail = NULL;
  IcProbeSample *sample;
  double value = 0;

  g_return_val_if_fail (response != NULL && options != NULL, NULL);

  root = parse_body (response, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      detail = g_strdup_printf (_("HTTP %u; the answer is not JSON: %s"), response->status,
                                error ? error->message : _("not an object"));
      return failed (IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_PROTOCOL, detail, latency_us);
    }
  if (!prometheus_value (root, &value, &why))
    return failed (IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_PROTOCOL, why, latency_us);
  detail = g_strdup_printf ("%s = %g", query ? query : "", value);
  sample = _ic_probe_sample_new (IC_PROBE_STATE_OK, latency_us, detail);
  sample->has_value = TRUE;
  sample->value = value;
  if (!isnan (options->fail_above) && value > options->fail_above)
    sample->state = IC_PROBE_STATE_FAILING;
  else if (!isnan (options->warn_above) && value > options->warn_above)
    sample->state = IC_PROBE_STATE_DEGRADED;
  return sample;
}
