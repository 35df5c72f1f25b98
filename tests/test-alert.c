/* test-alert.c — importing PagerDuty and Alertmanager webhook payloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ic-alert.h"
#include "ic-json.h"

#define PD_TRIGGERED "pagerduty-triggered.json"
#define PD_MINIMAL "pagerduty-minimal.json"
#define AM_FIRING "alertmanager-firing.json"
#define AM_TRUNCATED "alertmanager-truncated.json"

#define OK (-1)

#define SOURCE_1 "http://prometheus.example.com:9090/graph" \
                 "?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05&g0.tab=1"
#define SOURCE_2 "http://prometheus-2.example.com:9090/graph" \
                 "?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05&g0.tab=1"

/* Helpers --------------------------------------------------------------- */

static char *
load_fixture (const char *name,
              gsize      *length)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "alerts", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static IcAlert *
parse_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  IcAlert *alert;

  contents = load_fixture (name, &length);
  alert = ic_alert_parse (contents, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (alert);
  return alert;
}

static gint64
iso_to_us (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
assert_strv (const char * const *actual,
             const char * const *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpuint (g_strv_length ((GStrv) actual), ==, g_strv_length ((GStrv) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (actual[i], ==, expected[i]);
}

typedef enum
{
  MUTATE_REMOVE,
  MUTATE_NUMBER,
  MUTATE_NEGATIVE,
  MUTATE_ARRAY,
  MUTATE_OBJECT,
  MUTATE_NULL,
  MUTATE_STRING,
} MutationKind;

typedef struct
{
  const char   *path;
  MutationKind  kind;
  const char   *value;  /* MUTATE_STRING only */
} Mutation;

/* Finds the node at a path such as "alerts[2].labels.instance". */
static JsonNode *
walk_path (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      g_autofree char *name = bracket ? g_strndup (parts[i], bracket - parts[i])
                                      : g_strdup (parts[i]);

      if (name[0] != '\0')
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), name);
          g_assert_nonnull (node);
        }
      for (; bracket != NULL; bracket = strchr (bracket + 1, '['))
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          node = json_array_get_element (json_node_get_array (node),
                                         (guint) g_ascii_strtoull (bracket + 1, NULL, 10));
          g_assert_nonnull (node);
        }
    }
  return node;
}

/* Replaces (or with @replacement %NULL, removes) the node at @path.
 * json_node_init_*() on an existing value node is a use-after-free in
 * json-glib 1.6, so containers are edited instead. */
static void
replace_at_path (JsonNode   *root,
                 const char *path,
                 JsonNode   *replacement)
{
  const char *dot = strrchr (path, '.');
  const char *bracket = strrchr (path, '[');
  g_autofree char *parent_path = NULL;
  JsonObject *parent;
  const char *name;

  if (bracket != NULL && (dot == NULL || bracket > dot) && g_str_has_suffix (path, "]"))
    {
      guint index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
      JsonNode *array_node;
      JsonArray *old_array;
      g_autoptr(JsonArray) new_array = json_array_new ();

      parent_path = g_strndup (path, bracket - path);
      array_node = walk_path (root, parent_path);
      old_array = json_node_get_array (array_node);
      g_assert_cmpuint (index, <, json_array_get_length (old_array));
      for (guint i = 0; i < json_array_get_length (old_array); i++)
        {
          if (i != index)
            json_array_add_element (new_array, json_node_copy (json_array_get_element (old_array,
                                                                                        i)));
          else if (replacement != NULL)
            json_array_add_element (new_array, replacement);
        }
      json_node_set_array (array_node, new_array);
      return;
    }

  parent_path = dot ? g_strndup (path, dot - path) : g_strdup ("");
  parent = json_node_get_object (walk_path (root, parent_path));
  name = dot ? dot + 1 : path;
  g_assert_true (json_object_has_member (parent, name));
  if (replacement != NULL)
    json_object_set_member (parent, name, replacement);
  else
    json_object_remove_member (parent, name);
}

static void
apply_mutation (JsonNode       *root,
                const Mutation *m)
{
  JsonNode *node = NULL;

  switch (m->kind)
    {
    case MUTATE_REMOVE:
      break;
    case MUTATE_NUMBER:
      node = json_node_init_int (json_node_alloc (), 42);
      break;
    case MUTATE_NEGATIVE:
      node = json_node_init_int (json_node_alloc (), -1);
      break;
    case MUTATE_ARRAY:
      node = json_node_init_array (json_node_alloc (), NULL);
      json_node_take_array (node, json_array_new ());
      break;
    case MUTATE_OBJECT:
      node = json_node_init_object (json_node_alloc (), NULL);
      json_node_take_object (node, json_object_new ());
      break;
    case MUTATE_NULL:
      node = json_node_init_null (json_node_alloc ());
      break;
    case MUTATE_STRING:
      node = json_node_init_string (json_node_alloc (), m->value);
      break;
    default:
      g_assert_not_reached ();
    }
  replace_at_path (root, m->path, node);
}

/* Parses @fixture after applying @mutations to its JSON tree. */
static IcAlert *
parse_mutated (const char     *fixture,
               const Mutation *mutations,
               guint           n_mutations,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;

  contents = load_fixture (fixture, NULL);
  root = json_from_string (contents, &local_error);
  g_assert_no_error (local_error);
  for (guint i = 0; i < n_mutations; i++)
    apply_mutation (root, &mutations[i]);
  json = json_to_string (root, FALSE);
  return ic_alert_parse (json, -1, error);
}

/* Basics ---------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  IcAlert *alert = parse_fixture (AM_FIRING);

  g_assert_true (IC_IS_ALERT (alert));
  g_assert_finalize_object (alert);

  alert = parse_fixture (PD_TRIGGERED);
  g_assert_finalize_object (alert);
}

static void
test_source_strings (void)
{
  IcAlertSource source = IC_ALERT_SOURCE_PAGERDUTY;

  g_assert_cmpstr (ic_alert_source_to_string (IC_ALERT_SOURCE_PAGERDUTY), ==, "pagerduty");
  g_assert_cmpstr (ic_alert_source_to_string (IC_ALERT_SOURCE_ALERTMANAGER), ==, "alertmanager");
  g_assert_true (ic_alert_source_from_string ("AlertManager", &source));
  g_assert_cmpint (source, ==, IC_ALERT_SOURCE_ALERTMANAGER);
  g_assert_true (ic_alert_source_from_string ("pagerduty", &source));
  g_assert_cmpint (source, ==, IC_ALERT_SOURCE_PAGERDUTY);
  g_assert_false (ic_alert_source_from_string ("opsgenie", &source));
  g_assert_false (ic_alert_source_from_string (NULL, &source));
  g_assert_cmpstr (ic_alert_source_get_label (IC_ALERT_SOURCE_PAGERDUTY), ==, "PagerDuty");
}

/* PagerDuty ------------------------------------------------------------- */

static void
test_pagerduty_triggered (void)
{
  g_autoptr(IcAlert) alert = parse_fixture (PD_TRIGGERED);
  g_autofree char *radius = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *title = NULL;
  IcSeverity severity = 0;
  gint64 time = 0;

  g_assert_cmpint (ic_alert_get_source (alert), ==, IC_ALERT_SOURCE_PAGERDUTY);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "Elevated 500s — checkout");
  g_assert_cmpstr (ic_alert_get_service (alert), ==, "checkout-api");
  g_assert_cmpint (ic_alert_get_severity (alert), ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (ic_alert_get_alert_time (alert), ==, iso_to_us ("2024-03-05T10:02:41.813Z"));
  g_assert_cmpstr (ic_alert_get_dedup_key (alert), ==, "d3640fbd41094207a1c11e58e46b1662");
  assert_strv (ic_alert_get_link_labels (alert),
               (const char *[]) { "PagerDuty incident", "Conference bridge", NULL });
  assert_strv (ic_alert_get_link_urls (alert),
               (const char *[]) { "https://acme.pagerduty.com/incidents/PGR0VU2",
                                  "https://meet.example.com/checkout-war-room", NULL });
  assert_strv (ic_alert_get_assignees (alert),
               (const char *[]) { "Ada Lovelace", "Grace Hopper", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_SERVICE),
               (const char *[]) { "checkout-api", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_INSTANCE), (const char *[]) { NULL });
  g_assert_cmpuint (ic_alert_get_n_alerts (alert), ==, 0);
  g_assert_cmpuint (ic_alert_get_truncated_alerts (alert), ==, 0);
  g_assert_null (ic_alert_get_summary (alert));
  g_assert_null (ic_alert_get_description (alert));

  radius = ic_alert_dup_blast_radius_text (alert);
  g_assert_cmpstr (radius, ==, "service: checkout-api");
  notes = ic_alert_dup_notes (alert);
  g_assert_cmpstr (notes, ==,
                   "- PagerDuty incident: https://acme.pagerduty.com/incidents/PGR0VU2\n"
                   "- Conference bridge: https://meet.example.com/checkout-war-room\n"
                   "- Assigned to: Ada Lovelace, Grace Hopper\n"
                   "- Blast radius: service: checkout-api");

  g_object_get (alert, "title", &title, "severity", &severity, "alert-time", &time, NULL);
  g_assert_cmpstr (title, ==, "Elevated 500s — checkout");
  g_assert_cmpint (severity, ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (time, ==, ic_alert_get_alert_time (alert));
}

static void
test_pagerduty_minimal (void)
{
  g_autoptr(IcAlert) alert = parse_fixture (PD_MINIMAL);
  g_autofree char *notes = NULL;

  g_assert_cmpstr (ic_alert_get_title (alert), ==, "Disk full on db-7");
  g_assert_null (ic_alert_get_service (alert));
  /* No priority, no urgency: PagerDuty's default urgency is high. */
  g_assert_cmpint (ic_alert_get_severity (alert), ==, IC_SEVERITY_SEV2);
  g_assert_cmpint (ic_alert_get_alert_time (alert), ==, iso_to_us ("2024-03-05T09:02:41Z"));
  g_assert_cmpstr (ic_alert_get_dedup_key (alert), ==, "Q1X2Y3Z");
  assert_strv (ic_alert_get_link_urls (alert), (const char *[]) { NULL });
  assert_strv (ic_alert_get_link_labels (alert), (const char *[]) { NULL });
  assert_strv (ic_alert_get_assignees (alert), (const char *[]) { NULL });
  for (IcAlertHint h = IC_ALERT_HINT_SERVICE; h < IC_ALERT_N_HINTS; h++)
    assert_strv (ic_alert_get_hint_values (alert, h), (const char *[]) { NULL });
  g_assert_null (ic_alert_dup_blast_radius_text (alert));
  notes = ic_alert_dup_notes (alert);
  g_assert_cmpstr (notes, ==, "");
}

static void
test_pagerduty_acknowledged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = load_fixture ("pagerduty-acknowledged.json", NULL);
  IcAlert *alert = ic_alert_parse (contents, -1, &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“incident.acknowledged”"));
}

static void
test_pagerduty_title_one_line (void)
{
  const Mutation m[] = {
    { "event.data.title", MUTATE_STRING, "  Disk full\non db-7\t " },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = parse_mutated (PD_MINIMAL, m, G_N_ELEMENTS (m), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "Disk full on db-7");
}

static void
test_pagerduty_dedup_fallback (void)
{
  const Mutation m[] = {
    { "event.data.incident_key", MUTATE_NULL, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = parse_mutated (PD_TRIGGERED, m, G_N_ELEMENTS (m), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_dedup_key (alert), ==, "PGR0VU2");
}

static void
test_pagerduty_bad_links (void)
{
  const Mutation m[] = {
    { "event.data.html_url", MUTATE_STRING, "javascript:alert(1)" },
    { "event.data.conference_bridge.conference_url", MUTATE_STRING, "/relative/path" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = parse_mutated (PD_TRIGGERED, m, G_N_ELEMENTS (m), &error);

  g_assert_no_error (error);
  assert_strv (ic_alert_get_link_urls (alert), (const char *[]) { NULL });
}

static void
test_pagerduty_lone_surrogate (void)
{
  static const char payload[] =
    "{\"event\":{\"event_type\":\"incident.triggered\",\"occurred_at\":\"2024-03-05T10:00:00Z\","
    "\"data\":{\"id\":\"P1\",\"title\":\"x\\udc00y\"}}}";
  g_autoptr(GError) error = NULL;
  IcAlert *alert = ic_alert_parse (payload, -1, &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_UTF8);
  g_assert_true (g_str_has_prefix (error->message, "event.data.title: "));
}

/* Alertmanager ---------------------------------------------------------- */

static void
test_alertmanager_firing (void)
{
  g_autoptr(IcAlert) alert = parse_fixture (AM_FIRING);
  g_autofree char *radius = NULL;
  g_autofree char *notes = NULL;

  g_assert_cmpint (ic_alert_get_source (alert), ==, IC_ALERT_SOURCE_ALERTMANAGER);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "Elevated 500s on checkout");
  /* No "service" in commonLabels: the job stands in. */
  g_assert_cmpstr (ic_alert_get_service (alert), ==, "checkout-api");
  g_assert_cmpint (ic_alert_get_severity (alert), ==, IC_SEVERITY_SEV1);
  /* 12:05:10.123456789+02:00 is earlier than 10:15:30.250Z; the resolved
   * alert's 09:00Z does not count; nanoseconds are truncated to µs. */
  g_assert_cmpint (ic_alert_get_alert_time (alert), ==,
                   iso_to_us ("2024-03-05T10:05:10.123456Z"));
  g_assert_cmpstr (ic_alert_get_dedup_key (alert), ==,
                   "{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\"}");
  assert_strv (ic_alert_get_link_labels (alert),
               (const char *[]) { "Alertmanager", "Source", "Source", "Runbook", NULL });
  assert_strv (ic_alert_get_link_urls (alert),
               (const char *[]) {
                 "http://alertmanager.example.com:9093",
                 SOURCE_1,
                 SOURCE_2,
                 "https://runbooks.example.com/checkout/high-error-rate",
                 NULL });
  assert_strv (ic_alert_get_assignees (alert), (const char *[]) { NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_SERVICE),
               (const char *[]) { "checkout", "payments", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_JOB),
               (const char *[]) { "checkout-api", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_INSTANCE),
               (const char *[]) { "10.0.0.1:9090", "10.0.0.2:9090", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_NAMESPACE),
               (const char *[]) { "prod", NULL });
  assert_strv (ic_alert_get_hint_values (alert, IC_ALERT_HINT_CLUSTER),
               (const char *[]) { "eu-west-1", NULL });
  g_assert_cmpuint (ic_alert_get_n_alerts (alert), ==, 3);
  g_assert_cmpuint (ic_alert_get_truncated_alerts (alert), ==, 0);
  g_assert_cmpstr (ic_alert_get_summary (alert), ==, "Elevated 500s on checkout");
  g_assert_cmpstr (ic_alert_get_description (alert), ==,
                   "More than 5% of requests to checkout fail with 5xx for 10 minutes.");

  radius = ic_alert_dup_blast_radius_text (alert);
  g_assert_cmpstr (radius, ==,
                   "3 alerts · services: checkout, payments · job: checkout-api · "
                   "instances: 10.0.0.1:9090, 10.0.0.2:9090 · namespace: prod · "
                   "cluster: eu-west-1");
  notes = ic_alert_dup_notes (alert);
  g_assert_cmpstr (notes, ==,
                   "Elevated 500s on checkout\n\n"
                   "More than 5% of requests to checkout fail with 5xx for 10 minutes.\n\n"
                   "- Alertmanager: http://alertmanager.example.com:9093\n"
                   "- Source: " SOURCE_1 "\n"
                   "- Source: " SOURCE_2 "\n"
                   "- Runbook: https://runbooks.example.com/checkout/high-error-rate\n"
                   "- Blast radius: 3 alerts · services: checkout, payments · "
                   "job: checkout-api · instances: 10.0.0.1:9090, 10.0.0.2:9090 · "
                   "namespace: prod · cluster: eu-west-1");
}

static void
test_alertmanager_resolved (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = load_fixture ("alertmanager-resolved.json", NULL);
  IcAlert *alert = ic_alert_parse (contents, -1, &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_FIRING);
}

static void
test_alertmanager_none_firing (void)
{
  /* The group says "firing" but every listed alert has resolved. */
  const Mutation m[] = {
    { "alerts[0].status", MUTATE_STRING, "resolved" },
    { "alerts[1].status", MUTATE_STRING, "resolved" },
  };
  g_autoptr(GError) error = NULL;
  IcAlert *alert = parse_mutated (AM_FIRING, m, G_N_ELEMENTS (m), &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_FIRING);
}

static void
test_alertmanager_truncated (void)
{
  g_autoptr(IcAlert) alert = parse_fixture (AM_TRUNCATED);
  g_autofree char *radius = NULL;

  g_assert_cmpuint (ic_alert_get_n_alerts (alert), ==, 2);
  g_assert_cmpuint (ic_alert_get_truncated_alerts (alert), ==, 5);
  radius = ic_alert_dup_blast_radius_text (alert);
  g_assert_true (g_str_has_prefix (radius, "7 alerts (5 not in the payload) · services: "));
}

static void
test_alertmanager_title_fallback (void)
{
  const Mutation m[] = {
    { "commonAnnotations.summary", MUTATE_REMOVE, NULL },
    { "commonLabels.alertname", MUTATE_REMOVE, NULL },
    { "alerts[0].labels.alertname", MUTATE_STRING, "FirstAlertName" },
    { "alerts[0].labels.alertname", MUTATE_REMOVE, NULL },
  };
  g_autoptr(GError) error = NULL;
  IcAlert *alert;

  alert = parse_mutated (AM_FIRING, m, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "HighErrorRate");
  g_assert_null (ic_alert_get_summary (alert));
  g_clear_object (&alert);

  alert = parse_mutated (AM_FIRING, m, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "FirstAlertName");
  g_clear_object (&alert);

  alert = parse_mutated (AM_FIRING, (Mutation[]) { m[0], m[1], m[3] }, 3, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "commonAnnotations.summary"));
  g_assert_nonnull (strstr (error->message, "commonLabels.alertname"));
  g_assert_nonnull (strstr (error->message, "alerts[0].labels.alertname"));
}

static void
test_alertmanager_service_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = load_fixture (AM_FIRING, NULL);
  g_autoptr(JsonNode) root = json_from_string (contents, &error);
  g_autofree char *json = NULL;
  JsonObject *labels;
  IcAlert *alert;

  g_assert_no_error (error);
  labels = json_node_get_object (walk_path (root, "commonLabels"));
  json_object_set_string_member (labels, "service", "storefront");
  json_object_set_string_member (labels, "app", "shop");
  json = json_to_string (root, FALSE);
  alert = ic_alert_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_service (alert), ==, "storefront");
  g_clear_object (&alert);

  json_object_remove_member (labels, "service");
  json_object_remove_member (labels, "job");
  g_clear_pointer (&json, g_free);
  json = json_to_string (root, FALSE);
  alert = ic_alert_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ic_alert_get_service (alert), ==, "shop");
  g_clear_object (&alert);

  json_object_remove_member (labels, "app");
  g_clear_pointer (&json, g_free);
  json = json_to_string (root, FALSE);
  alert = ic_alert_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_null (ic_alert_get_service (alert));
  g_clear_object (&alert);
}

static void
test_alertmanager_unsupported_version (void)
{
  const Mutation m[] = {
    { "version", MUTATE_STRING, "3" },
  };
  g_autoptr(GError) error = NULL;
  IcAlert *alert = parse_mutated (AM_FIRING, m, G_N_ELEMENTS (m), &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“3”"));
}

static void
test_alertmanager_wrong_type_message (void)
{
  const Mutation m[] = {
    { "alerts[2].startsAt", MUTATE_NUMBER, NULL },
  };
  g_autoptr(GError) error = NULL;
  IcAlert *alert = parse_mutated (AM_FIRING, m, G_N_ELEMENTS (m), &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==,
                   "alerts[2].startsAt: expected an RFC 3339 time, got a number");
}

static void
test_alertmanager_time_without_offset (void)
{
  const Mutation m[] = {
    { "alerts[1].startsAt", MUTATE_STRING, "2024-03-05T10:00:00" },
  };
  g_autoptr(GError) error = NULL;
  IcAlert *alert = parse_mutated (AM_FIRING, m, G_N_ELEMENTS (m), &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==,
                   "alerts[1].startsAt: expected an RFC 3339 time, got “2024-03-05T10:00:00”");
}

static guint
count_hints (IcAlert     *alert,
             IcAlertHint  hint)
{
  return g_strv_length ((GStrv) ic_alert_get_hint_values (alert, hint));
}

/* 20 000 alerts in about 3.5 MiB: parses, counts right, caps the Source links. */
static void
test_alertmanager_many_alerts (void)
{
  g_autoptr(GString) json = g_string_new ("{\"version\":\"4\",\"status\":\"firing\","
                                          "\"groupKey\":\"{}:{alertname=\\\"NodeDown\\\"}\","
                                          "\"commonLabels\":{\"alertname\":\"NodeDown\"},"
                                          "\"alerts\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = NULL;
  g_autofree char *radius = NULL;
  const guint n = 20000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{\"status\":\"firing\",\"labels\":{\"alertname\":\"NodeDown\","
                            "\"instance\":\"10.%u.%u.%u:9100\",\"service\":\"svc-%u\"},"
                            "\"startsAt\":\"2024-03-05T1%u:%02u:%02u.%03uZ\","
                            "\"generatorURL\":\"http://prom.example.com/g?a=%u\"}",
                            i == 0 ? "" : ",", i / 65536, (i / 256) % 256, i % 256, i % 7,
                            1 + i % 8, i % 60, (i / 60) % 60, i % 1000, i);
  g_string_append (json, "]}");
  g_test_message ("payload: %" G_GSIZE_FORMAT " bytes", json->len);
  g_assert_cmpuint (json->len, >=, 3 * 1024 * 1024);
  g_assert_cmpuint (json->len, <=, IC_ALERT_MAX_PAYLOAD_SIZE);

  alert = ic_alert_parse (json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ic_alert_get_n_alerts (alert), ==, n);
  g_assert_cmpuint (count_hints (alert, IC_ALERT_HINT_INSTANCE), ==, n);
  g_assert_cmpuint (count_hints (alert, IC_ALERT_HINT_SERVICE), ==, 7);
  g_assert_cmpint (ic_alert_get_alert_time (alert), ==, iso_to_us ("2024-03-05T11:00:00.000Z"));
  g_assert_cmpuint (g_strv_length ((GStrv) ic_alert_get_link_urls (alert)), ==,
                    IC_ALERT_MAX_SOURCE_LINKS);
  g_assert_cmpstr (ic_alert_get_title (alert), ==, "NodeDown");
  radius = ic_alert_dup_blast_radius_text (alert);
  g_assert_cmpstr (radius, ==,
                   "20000 alerts · services: svc-0, svc-1, svc-2 and 4 more · "
                   "instances: 10.0.0.0:9100, 10.0.0.100:9100, 10.0.0.101:9100 and 19997 more");
}

/* Severity mapping ------------------------------------------------------ */

static void
test_alertmanager_severity (void)
{
  static const struct { const char *label; IcSeverity expected; } cases[] = {
    { "critical", IC_SEVERITY_SEV1 },
    { "Critical", IC_SEVERITY_SEV1 },
    { "page", IC_SEVERITY_SEV1 },
    { "error", IC_SEVERITY_SEV2 },
    { "major", IC_SEVERITY_SEV2 },
    { "high", IC_SEVERITY_SEV2 },
    { "warning", IC_SEVERITY_SEV3 },
    { "WARNING", IC_SEVERITY_SEV3 },
    { "minor", IC_SEVERITY_SEV3 },
    { "medium", IC_SEVERITY_SEV3 },
    { "info", IC_SEVERITY_SEV4 },
    { "low", IC_SEVERITY_SEV4 },
    { "none", IC_SEVERITY_SEV4 },
    { "sev3", IC_SEVERITY_SEV3 },
    { "SEV4", IC_SEVERITY_SEV4 },
    { "disaster", IC_SEVERITY_SEV2 },
    { "", IC_SEVERITY_SEV2 },
    { NULL, IC_SEVERITY_SEV2 },  /* label removed */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Mutation m = { "commonLabels.severity", cases[i].label ? MUTATE_STRING : MUTATE_REMOVE,
                           cases[i].label };
      g_autoptr(GError) error = NULL;
      g_autoptr(IcAlert) alert = NULL;

      g_test_message ("severity label %s", cases[i].label ? cases[i].label : "(absent)");
      alert = parse_mutated (AM_FIRING, &m, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ic_alert_get_severity (alert), ==, cases[i].expected);
    }
}

static void
test_pagerduty_severity (void)
{
  /* NULL means: remove the member. */
  static const struct {
    const char *priority;
    const char *urgency;
    IcSeverity  expected;
  } cases[] = {
    { "P1", "low", IC_SEVERITY_SEV1 },
    { "P2", "high", IC_SEVERITY_SEV2 },
    { "p2", "high", IC_SEVERITY_SEV2 },
    { "P3", "high", IC_SEVERITY_SEV3 },
    { "P4", "high", IC_SEVERITY_SEV4 },
    { "P5", "high", IC_SEVERITY_SEV4 },
    { "Critical", "high", IC_SEVERITY_SEV2 },
    { "Critical", "low", IC_SEVERITY_SEV3 },
    { NULL, "high", IC_SEVERITY_SEV2 },
    { NULL, "low", IC_SEVERITY_SEV3 },
    { NULL, NULL, IC_SEVERITY_SEV2 },
    { NULL, "bogus", IC_SEVERITY_SEV2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Mutation m[] = {
        cases[i].priority ? (Mutation) { "event.data.priority.summary", MUTATE_STRING,
                                         cases[i].priority }
                          : (Mutation) { "event.data.priority", MUTATE_NULL, NULL },
        cases[i].urgency ? (Mutation) { "event.data.urgency", MUTATE_STRING, cases[i].urgency }
                         : (Mutation) { "event.data.urgency", MUTATE_REMOVE, NULL },
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(IcAlert) alert = NULL;

      g_test_message ("priority %s, urgency %s", cases[i].priority, cases[i].urgency);
      alert = parse_mutated (PD_TRIGGERED, m, G_N_ELEMENTS (m), &error);
      g_assert_no_error (error);
      g_assert_cmpint (ic_alert_get_severity (alert), ==, cases[i].expected);
    }
}

/* Every required field missing or mistyped, and optional ones mistyped --- */

typedef struct
{
  const char   *fixture;
  const char   *path;
  MutationKind  kind;
  int           code;        /* an IcAlertError, or OK */
  gboolean      names_path;  /* the message must contain the path */
} MutationCase;

#define MISSING IC_ALERT_ERROR_MISSING_FIELD
#define WRONG IC_ALERT_ERROR_WRONG_TYPE
#define UNKNOWN IC_ALERT_ERROR_UNKNOWN_FORMAT

static const MutationCase mutation_cases[] = {
  /* PagerDuty, required */
  { PD_TRIGGERED, "event.event_type", MUTATE_REMOVE, MISSING, TRUE },
  { PD_TRIGGERED, "event.event_type", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.event_type", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.event_type", MUTATE_NULL, WRONG, TRUE },
  { PD_TRIGGERED, "event.occurred_at", MUTATE_REMOVE, MISSING, TRUE },
  { PD_TRIGGERED, "event.occurred_at", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.occurred_at", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.occurred_at", MUTATE_STRING, WRONG, TRUE },
  { PD_TRIGGERED, "event.occurred_at", MUTATE_NULL, WRONG, TRUE },
  { PD_TRIGGERED, "event.data", MUTATE_REMOVE, MISSING, TRUE },
  { PD_TRIGGERED, "event.data", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data", MUTATE_NULL, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.title", MUTATE_REMOVE, MISSING, TRUE },
  { PD_TRIGGERED, "event.data.title", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.title", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.title", MUTATE_OBJECT, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.title", MUTATE_NULL, WRONG, TRUE },
  { PD_MINIMAL, "event.event_type", MUTATE_REMOVE, MISSING, TRUE },
  { PD_MINIMAL, "event.occurred_at", MUTATE_REMOVE, MISSING, TRUE },
  { PD_MINIMAL, "event.data", MUTATE_REMOVE, MISSING, TRUE },
  { PD_MINIMAL, "event.data.title", MUTATE_REMOVE, MISSING, TRUE },
  /* Without incident_key, the incident id is required. */
  { PD_MINIMAL, "event.data.id", MUTATE_REMOVE, MISSING, TRUE },
  { PD_MINIMAL, "event.data.id", MUTATE_NUMBER, WRONG, TRUE },
  { PD_MINIMAL, "event.data.id", MUTATE_ARRAY, WRONG, TRUE },
  { PD_MINIMAL, "event.data.id", MUTATE_NULL, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.id", MUTATE_REMOVE, OK, FALSE },
  { PD_TRIGGERED, "event.data.id", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.incident_key", MUTATE_REMOVE, OK, FALSE },
  { PD_TRIGGERED, "event.data.incident_key", MUTATE_NULL, OK, FALSE },
  { PD_TRIGGERED, "event.data.incident_key", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.incident_key", MUTATE_ARRAY, WRONG, TRUE },
  /* PagerDuty, optional but typed */
  { PD_TRIGGERED, "event.data.service", MUTATE_REMOVE, OK, FALSE },
  { PD_TRIGGERED, "event.data.service", MUTATE_NULL, OK, FALSE },
  { PD_TRIGGERED, "event.data.service", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.service", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.service.summary", MUTATE_REMOVE, OK, FALSE },
  { PD_TRIGGERED, "event.data.service.summary", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.priority", MUTATE_NULL, OK, FALSE },
  { PD_TRIGGERED, "event.data.priority", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.priority.summary", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.urgency", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.html_url", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.html_url", MUTATE_REMOVE, OK, FALSE },
  { PD_TRIGGERED, "event.data.conference_bridge", MUTATE_NULL, OK, FALSE },
  { PD_TRIGGERED, "event.data.conference_bridge", MUTATE_ARRAY, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.conference_bridge.conference_url", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.assignees", MUTATE_NULL, OK, FALSE },
  { PD_TRIGGERED, "event.data.assignees", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.assignees", MUTATE_OBJECT, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.assignees[1]", MUTATE_NUMBER, WRONG, TRUE },
  { PD_TRIGGERED, "event.data.assignees[0].summary", MUTATE_ARRAY, WRONG, TRUE },
  /* PagerDuty, the format marker */
  { PD_TRIGGERED, "event", MUTATE_REMOVE, UNKNOWN, FALSE },
  { PD_TRIGGERED, "event", MUTATE_NUMBER, UNKNOWN, FALSE },
  { PD_TRIGGERED, "event", MUTATE_ARRAY, UNKNOWN, FALSE },

  /* Alertmanager, required */
  { AM_FIRING, "status", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "status", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "status", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "status", MUTATE_STRING, WRONG, TRUE },
  { AM_FIRING, "status", MUTATE_NULL, WRONG, TRUE },
  { AM_FIRING, "groupKey", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "groupKey", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "groupKey", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "groupKey", MUTATE_NULL, WRONG, TRUE },
  { AM_FIRING, "alerts", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "alerts", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts", MUTATE_OBJECT, WRONG, TRUE },
  { AM_FIRING, "alerts", MUTATE_NULL, WRONG, TRUE },
  { AM_FIRING, "alerts", MUTATE_ARRAY, IC_ALERT_ERROR_NOT_FIRING, FALSE },
  { AM_FIRING, "alerts[1]", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[1]", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "alerts[1]", MUTATE_NULL, WRONG, TRUE },
  { AM_FIRING, "alerts[0].status", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "alerts[0].status", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[0].status", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "alerts[0].status", MUTATE_STRING, WRONG, TRUE },
  { AM_FIRING, "alerts[2].status", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "alerts[0].startsAt", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "alerts[0].startsAt", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[0].startsAt", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "alerts[0].startsAt", MUTATE_STRING, WRONG, TRUE },
  { AM_FIRING, "alerts[0].startsAt", MUTATE_NULL, WRONG, TRUE },
  { AM_FIRING, "alerts[2].startsAt", MUTATE_REMOVE, MISSING, TRUE },
  { AM_FIRING, "alerts[2].startsAt", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[2].startsAt", MUTATE_OBJECT, WRONG, TRUE },
  /* Alertmanager, optional but typed */
  { AM_FIRING, "truncatedAlerts", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "truncatedAlerts", MUTATE_NULL, OK, FALSE },
  { AM_FIRING, "truncatedAlerts", MUTATE_NUMBER, OK, FALSE },
  { AM_FIRING, "truncatedAlerts", MUTATE_NEGATIVE, WRONG, TRUE },
  { AM_FIRING, "truncatedAlerts", MUTATE_STRING, WRONG, TRUE },
  { AM_FIRING, "truncatedAlerts", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "externalURL", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "externalURL", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonLabels", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "commonLabels", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonLabels", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "commonLabels.severity", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonLabels.job", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "commonLabels.alertname", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonAnnotations", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "commonAnnotations", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonAnnotations.summary", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "commonAnnotations.summary", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "commonAnnotations.description", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "commonAnnotations.runbook_url", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[0].labels", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "alerts[0].labels", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[1].labels.instance", MUTATE_NUMBER, WRONG, TRUE },
  { AM_FIRING, "alerts[2].labels.cluster", MUTATE_ARRAY, WRONG, TRUE },
  { AM_FIRING, "alerts[0].generatorURL", MUTATE_REMOVE, OK, FALSE },
  { AM_FIRING, "alerts[0].generatorURL", MUTATE_ARRAY, WRONG, TRUE },
  /* Alertmanager, the format marker */
  { AM_FIRING, "version", MUTATE_REMOVE, UNKNOWN, FALSE },
  { AM_FIRING, "version", MUTATE_NUMBER, UNKNOWN, FALSE },
  { AM_FIRING, "version", MUTATE_STRING, IC_ALERT_ERROR_UNSUPPORTED, FALSE },
};

static const char *
mutation_kind_name (MutationKind kind)
{
  switch (kind)
    {
    case MUTATE_REMOVE:
      return "remove";
    case MUTATE_NUMBER:
      return "number";
    case MUTATE_NEGATIVE:
      return "negative";
    case MUTATE_ARRAY:
      return "array";
    case MUTATE_OBJECT:
      return "object";
    case MUTATE_NULL:
      return "null";
    case MUTATE_STRING:
      return "bogus-string";
    default:
      g_assert_not_reached ();
    }
}

static void
test_mutation (gconstpointer data)
{
  const MutationCase *c = data;
  const Mutation m = { c->path, c->kind, "bogus" };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = parse_mutated (c->fixture, &m, 1, &error);

  if (c->code == OK)
    {
      g_assert_no_error (error);
      g_assert_nonnull (alert);
      return;
    }
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, c->code);
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  if (c->names_path)
    g_assert_true (g_str_has_prefix (error->message, c->path)
                   && (error->message[strlen (c->path)] == ' '
                       || error->message[strlen (c->path)] == ':'));
}

/* Hostile and broken input ---------------------------------------------- */

static void
test_truncated_json (void)
{
  const char *fixtures[] = { PD_TRIGGERED, AM_FIRING };

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      gsize length = 0;
      g_autofree char *contents = load_fixture (fixtures[f], &length);

      for (guint k = 1; k <= 10; k++)
        {
          g_autoptr(GError) error = NULL;
          gsize cut = length * k / 11;
          IcAlert *alert;

          /* Cut on a character boundary: a split "—" is a UTF-8 error instead. */
          while (cut > 0 && ((guchar) contents[cut] & 0xc0) == 0x80)
            cut--;
          g_test_message ("%s cut at %" G_GSIZE_FORMAT, fixtures[f], cut);
          alert = ic_alert_parse (contents, cut, &error);
          g_assert_null (alert);
          g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_INVALID_JSON);
          g_assert_null (strchr (error->message, '\n'));
        }
    }
}

static void
test_invalid_json_position (void)
{
  static const char payload[] = "{\n  \"version\": \"4\",\n  \"status\" \"firing\"\n}";
  g_autoptr(GError) error = NULL;
  IcAlert *alert = ic_alert_parse (payload, -1, &error);

  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_INVALID_JSON);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The alert payload is not valid JSON: 3:"));
}

static void
test_too_large (void)
{
  gsize size = 5 * 1024 * 1024;
  g_autofree char *big = g_malloc (size + 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  IcAlert *alert;

  memset (big, ' ', size);
  big[size] = '\0';

  alert = ic_alert_parse (big, size, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE);
  g_clear_error (&error);

  alert = ic_alert_parse (big, -1, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* One byte over the limit is refused; at the limit it is parsed (and is blank). */
  alert = ic_alert_parse (big, IC_ALERT_MAX_PAYLOAD_SIZE + 1, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  alert = ic_alert_parse (big, IC_ALERT_MAX_PAYLOAD_SIZE, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_INVALID_JSON);
  g_clear_error (&error);

  bytes = g_bytes_new_take (g_steal_pointer (&big), size + 1);
  alert = ic_alert_parse_bytes (bytes, &error);
  g_assert_null (alert);
  g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE);
}

static void
test_not_utf8 (void)
{
  static const struct { const char *data; gsize length; guint offset; } cases[] = {
    { "{\"a\":\"\xff\"}", 9, 6 },
    { "{\"a\":\"\xc0\xaf\"}", 10, 6 },   /* overlong "/" */
    { "{\"a\":\"\xed\xa0\x80\"}", 11, 6 }, /* encoded surrogate */
    { "{\"a\":1}\0{}", 10, 7 },          /* NUL inside the given length */
    { "\xe2\x80", 2, 0 },                /* cut inside a character */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *offset = g_strdup_printf ("offset %u)", cases[i].offset);
      IcAlert *alert = ic_alert_parse (cases[i].data, cases[i].length, &error);

      g_assert_null (alert);
      g_assert_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_UTF8);
      g_assert_true (g_str_has_suffix (error->message, offset));
    }
}

static void
test_not_webhooks (void)
{
  static const struct { const char *data; int code; } cases[] = {
    { "", IC_ALERT_ERROR_INVALID_JSON },
    { " \n\t ", IC_ALERT_ERROR_INVALID_JSON },
    { "{", IC_ALERT_ERROR_INVALID_JSON },
    { "nul", IC_ALERT_ERROR_INVALID_JSON },
    { "{\"a\":}", IC_ALERT_ERROR_INVALID_JSON },
    { "null", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "[]", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "{}", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "42", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "\"event\"", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "true", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "{\"event\":\"incident.triggered\"}", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "{\"version\":4,\"alerts\":[]}", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "{\"messages\":[{\"event\":\"incident.trigger\"}]}", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { "{\"event\":{}}", IC_ALERT_ERROR_MISSING_FIELD },
    { "{\"version\":\"4\"}", IC_ALERT_ERROR_MISSING_FIELD },
    { "{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"k\",\"alerts\":[]}",
      IC_ALERT_ERROR_NOT_FIRING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      IcAlert *alert;

      g_test_message ("input “%s”", cases[i].data);
      alert = ic_alert_parse (cases[i].data, -1, &error);
      g_assert_null (alert);
      g_assert_error (error, IC_ALERT_ERROR, cases[i].code);
      g_assert_null (strchr (error->message, '\n'));
    }
}

static char *
dup_nested (guint       depth,
            const char *open,
            const char *inner,
            const char *close)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
test_deep_nesting (void)
{
  static const struct { guint depth; const char *open; const char *close; int code; } cases[] = {
    { 10000, "[", "]", IC_ALERT_ERROR_INVALID_JSON },
    { 10000, "{\"a\":", "}", IC_ALERT_ERROR_INVALID_JSON },
    { IC_JSON_MAX_DEPTH + 1, "[", "]", IC_ALERT_ERROR_INVALID_JSON },
    { IC_JSON_MAX_DEPTH, "[", "]", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    { IC_JSON_MAX_DEPTH, "{\"a\":", "}", IC_ALERT_ERROR_UNKNOWN_FORMAT },
    /* Only the opening half, filling the size limit: refused at once. */
    { IC_ALERT_MAX_PAYLOAD_SIZE - 1, "[", "", IC_ALERT_ERROR_INVALID_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = dup_nested (cases[i].depth, cases[i].open, "1", cases[i].close);
      g_autofree char *limit = g_strdup_printf ("nested deeper than %u levels",
                                                IC_JSON_MAX_DEPTH);
      IcAlert *alert = ic_alert_parse (json, -1, &error);

      g_test_message ("depth %u of %s", cases[i].depth, cases[i].open);
      g_assert_null (alert);
      g_assert_error (error, IC_ALERT_ERROR, cases[i].code);
      if (cases[i].code == IC_ALERT_ERROR_INVALID_JSON)
        g_assert_nonnull (strstr (error->message, limit));
    }
}

static void
test_brackets_in_strings (void)
{
  /* Brackets and escaped quotes inside strings do not count as nesting. */
  g_autofree char *brackets = dup_nested (2000, "[", "\\\"{", "");
  const Mutation m[] = {
    { "event.data.title", MUTATE_STRING, brackets },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcAlert) alert = parse_mutated (PD_MINIMAL, m, G_N_ELEMENTS (m), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (ic_alert_get_title (alert)), ==, 2000 + 3);
}

static void
test_raw_payload (void)
{
  const char *fixtures[] = { PD_TRIGGERED, PD_MINIMAL, AM_FIRING, AM_TRUNCATED };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      gsize length = 0;
      g_autofree char *contents = load_fixture (fixtures[i], &length);
      g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(IcAlert) alert = ic_alert_parse_bytes (bytes, &error);
      const char *raw;

      g_assert_no_error (error);
      raw = ic_alert_get_raw_payload (alert);
      g_assert_cmpuint (strlen (raw), ==, length);
      g_assert_cmpmem (raw, strlen (raw), contents, length);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/alert/new-destroy", test_new_destroy);
  g_test_add_func ("/ic/alert/source-strings", test_source_strings);
  g_test_add_func ("/ic/alert/pagerduty/triggered", test_pagerduty_triggered);
  g_test_add_func ("/ic/alert/pagerduty/minimal", test_pagerduty_minimal);
  g_test_add_func ("/ic/alert/pagerduty/acknowledged", test_pagerduty_acknowledged);
  g_test_add_func ("/ic/alert/pagerduty/title-one-line", test_pagerduty_title_one_line);
  g_test_add_func ("/ic/alert/pagerduty/dedup-fallback", test_pagerduty_dedup_fallback);
  g_test_add_func ("/ic/alert/pagerduty/bad-links", test_pagerduty_bad_links);
  g_test_add_func ("/ic/alert/pagerduty/lone-surrogate", test_pagerduty_lone_surrogate);
  g_test_add_func ("/ic/alert/pagerduty/severity", test_pagerduty_severity);
  g_test_add_func ("/ic/alert/alertmanager/firing", test_alertmanager_firing);
  g_test_add_func ("/ic/alert/alertmanager/resolved", test_alertmanager_resolved);
  g_test_add_func ("/ic/alert/alertmanager/none-firing", test_alertmanager_none_firing);
  g_test_add_func ("/ic/alert/alertmanager/truncated", test_alertmanager_truncated);
  g_test_add_func ("/ic/alert/alertmanager/title-fallback", test_alertmanager_title_fallback);
  g_test_add_func ("/ic/alert/alertmanager/service-fallback", test_alertmanager_service_fallback);
  g_test_add_func ("/ic/alert/alertmanager/unsupported-version",
                   test_alertmanager_unsupported_version);
  g_test_add_func ("/ic/alert/alertmanager/wrong-type-message",
                   test_alertmanager_wrong_type_message);
  g_test_add_func ("/ic/alert/alertmanager/time-without-offset",
                   test_alertmanager_time_without_offset);
  g_test_add_func ("/ic/alert/alertmanager/many-alerts", test_alertmanager_many_alerts);
  g_test_add_func ("/ic/alert/alertmanager/severity", test_alertmanager_severity);
  for (guint i = 0; i < G_N_ELEMENTS (mutation_cases); i++)
    {
      const MutationCase *c = &mutation_cases[i];
      g_autofree char *path = g_strdup_printf ("/ic/alert/mutate/%s/%s/%s",
                                               g_str_has_prefix (c->fixture, "pagerduty-minimal")
                                                 ? "pagerduty-minimal"
                                                 : g_str_has_prefix (c->fixture, "pagerduty")
                                                   ? "pagerduty" : "alertmanager",
                                               c->path, mutation_kind_name (c->kind));

      g_test_add_data_func (path, c, test_mutation);
    }
  g_test_add_func ("/ic/alert/input/truncated-json", test_truncated_json);
  g_test_add_func ("/ic/alert/input/json-position", test_invalid_json_position);
  g_test_add_func ("/ic/alert/input/too-large", test_too_large);
  g_test_add_func ("/ic/alert/input/not-utf8", test_not_utf8);
  g_test_add_func ("/ic/alert/input/not-webhooks", test_not_webhooks);
  g_test_add_func ("/ic/alert/input/deep-nesting", test_deep_nesting);
  g_test_add_func ("/ic/alert/input/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/ic/alert/raw-payload", test_raw_payload);

  return g_test_run ();
}
