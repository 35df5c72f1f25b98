/* test-scenario.c — reading a drill's scenario: the shipped ones, a base
 * file, and the base file broken one member at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ic-json.h"
#include "ic-scenario.h"
#include "ic-test-scenario.h"

static void
test_base (void)
{
  g_autofree char *text = ic_test_scenario_text ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IcScenario) scenario = ic_scenario_parse (text, -1, "base.json", &error);
  const IcScenarioProbe *cluster;
  const IcScenarioEvent *recovery;

  g_assert_no_error (error);
  g_assert_cmpstr (scenario->id, ==, "base");
  g_assert_cmpstr (scenario->service, ==, "sessions");
  g_assert_cmpint (scenario->severity, ==, IC_SEVERITY_SEV2);
  g_assert_cmpstr (scenario->alert_source, ==, "pagerduty");
  g_assert_nonnull (strstr (scenario->alert_payload, "Sessions: connection refused"));
  g_assert_cmpint (scenario->last_known_good_ago_s, ==, 2400);
  g_assert_true (scenario->has_error_rate);
  g_assert_cmpfloat (scenario->error_rate, ==, 12.5);
  g_assert_cmpuint (scenario->changes->len, ==, 2);
  g_assert_cmpint (ic_scenario_find_change (scenario, "env-rename")->kind, ==,
                   IC_CHANGE_KIND_CONFIG);
  g_assert_null (ic_scenario_find_change (scenario, "nothing"));
  g_assert_cmpuint (scenario->probes->len, ==, 2);
  cluster = g_ptr_array_index (scenario->probes, 0);
  g_assert_cmpint (cluster->kind, ==, IC_PROBE_KIND_REDIS);
  g_assert_cmpuint (((IcScenarioSample *) g_ptr_array_index (cluster->script, 0))->nodes->len, ==,
                    4);
  g_assert_cmpuint (scenario->events->len, ==, 2);
  recovery = g_ptr_array_index (scenario->events, 1);
  g_assert_true (recovery->after_fix);
  g_assert_cmpint (recovery->at_s, ==, 45);
  g_assert_cmpint (recovery->kind, ==, IC_SCENARIO_EVENT_RECOVERY);
  g_assert_cmpstr (scenario->culprit_change, ==, "env-rename");
  g_assert_true (scenario->wild_card);
  g_assert_cmpuint (g_strv_length (scenario->keywords), ==, 2);
}

/* What a probe answers when: the script's last sample whose time has come;
 * once fixed, the after-fix script's, from the fix. */
static void
test_sample_at (void)
{
  g_autofree char *text = ic_test_scenario_text ();
  g_autoptr(IcScenario) scenario = ic_scenario_parse (text, -1, "base.json", NULL);
  const IcScenarioProbe *cluster = g_ptr_array_index (scenario->probes, 0);

  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 0, -1)->state, ==, "degraded");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 119, -1)->state, ==, "degraded");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 120, -1)->state, ==, "failing");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 100000, -1)->state, ==, "failing");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 500, 0)->detail, ==,
                   "clients reconnecting");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 500, 29)->state, ==, "degraded");
  g_assert_cmpstr (ic_scenario_probe_sample_at (cluster, 500, 30)->state, ==, "ok");
}

static void
test_names_cause (void)
{
  g_autofree char *text = ic_test_scenario_text ();
  g_autoptr(IcScenario) scenario = ic_scenario_parse (text, -1, "base.json", NULL);

  g_assert_true (ic_scenario_text_names_cause (scenario, "Client skips cluster DISCOVERY"));
  g_assert_true (ic_scenario_text_names_cause (scenario, "the redis_uri env var"));
  g_assert_false (ic_scenario_text_names_cause (scenario, "The deploy broke logins"));
  g_assert_false (ic_scenario_text_names_cause (scenario, NULL));
}

/* Every scenario the app ships reads without an error, and its id is its
 * file's name. */
static void
test_shipped (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(IcScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;
      g_autofree char *contents = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      file = g_file_new_for_path (path);
      scenario = ic_scenario_load (file, &text, NULL, &error);
      g_assert_no_error (error);
      /* The text kept with a drill is the file as it was read. */
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (text, ==, contents);
      id = g_strndup (name, strlen (name) - strlen (".json"));
      g_assert_cmpstr (scenario->id, ==, id);
      n++;
    }
  /* The four of the issue, at least. */
  g_assert_cmpuint (n, >=, 4);
}

/* The base file, broken ------------------------------------------------------ */

/* Follows @path ("probes[0].script[1].state") from @root to the object that
 * holds its last member, returning that object and the member's name. */
static JsonObject *
find_parent (JsonNode    *root,
             const char  *path,
             char       **last)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (parts[i]);
      char *bracket = strchr (name, '[');
      int index = -1;

      if (bracket != NULL)
        {
          index = atoi (bracket + 1);
          *bracket = '\0';
        }
      if (i == n - 1 && index < 0)
        {
          *last = g_steal_pointer (&name);
          return json_node_get_object (node);
        }
      node = json_object_get_member (json_node_get_object (node), name);
      g_assert_nonnull (node);
      if (index >= 0)
        node = json_array_get_element (json_node_get_array (node), (guint) index);
    }
  g_assert_not_reached ();
}

typedef struct
{
  const char *path;     /* member to change */
  const char *value;    /* its new JSON value, or NULL to remove it */
  const char *message;  /* the error, after "base.json: " */
} Broken;

static const Broken broken[] = {
  { "format", "\"incident-commander/incident\"",
    "$.format: expected “incident-commander/scenario”" },
  { "version", "2", "$.version: expected 1, the version this app reads" },
  { "id", "\"Base File\"", "$.id: expected lower-case letters, digits and “-”" },
  { "title", NULL, "$.title: expected this member, which is required" },
  { "title", "\"   \"", "$.title: expected text that is not empty" },
  { "title", "42", "$.title: expected a string" },
  { "severity", "\"p1\"", "$.severity: expected one of sev1, sev2, sev3, sev4" },
  { "colour", "\"red\"",
    "$.colour: expected no such member (known: format, version, id, title, description, "
    "service, severity, alert, facts, changes, probes, events, truth)" },
  { "alert.source", "\"opsgenie\"", "$.alert.source: expected “pagerduty” or “alertmanager”" },
  { "alert.source", "\"alertmanager\"",
    "$.alert.payload: expected a alertmanager webhook body, as $.alert.source says" },
  { "alert.payload", "[]", "$.alert.payload: expected an object" },
  /* Found by fuzzing: a source too long to be one stopped nothing. */
  { "alert.source", "\"pagerdutypagerdutypagerdutypagerduty\"",
    "$.alert.source: expected at most 32 characters" },
  { "facts.last_known_good_ago_s", "-5",
    "$.facts.last_known_good_ago_s: expected whole seconds from 0 to 604800" },
  { "facts.last_known_good_ago_s", "1.5", "$.facts.last_known_good_ago_s: expected whole seconds" },
  { "facts.error_rate", "150", "$.facts.error_rate: expected a percentage from 0 to 100" },
  { "changes", "[]", "$.changes: expected from 1 to 20 entries" },
  { "changes[1].kind", "\"rollout\"",
    "$.changes[1].kind: expected one of deploy, config, dns, migration, feature-flag, other" },
  { "changes[1].id", "\"deploy\"", "$.changes[1].id: expected an id no other change has" },
  { "changes[0].reversible", "\"yes\"", "$.changes[0].reversible: expected true or false" },
  { "probes[0].kind", "\"replay\"",
    "$.probes[0].kind: expected one of http, redis, prometheus, tcp, dns" },
  { "probes[0].script[1].state", "\"sideways\"",
    "$.probes[0].script[1].state: expected one of ok, degraded, failing, error" },
  { "probes[0].script[1].at_s", "0",
    "$.probes[0].script[1].at_s: expected a time after the previous sample’s" },
  { "probes[0].script[0].at_s", "5", "$.probes[0].script[0].at_s: expected 0: a script starts at once" },
  { "probes[0].script[0].latency_ms", "\"fast\"",
    "$.probes[0].script[0].latency_ms: expected a number" },
  { "probes[1].script[0].nodes", "[]",
    "$.probes[1].script[0].nodes: expected no nodes: only a Redis cluster probe "
    "(redis://…?cluster=1) has them" },
  { "probes[0].script[0].nodes[2].role", "\"leader\"",
    "$.probes[0].script[0].nodes[2].role: expected “master” or “replica”" },
  { "probes[0].after_fix", NULL, "$.probes[0].after_fix: expected this member, which is required" },
  { "events[0].after_fix_s", "10",
    "$.events[0]: expected exactly one of at_s (from the start) and after_fix_s (from the fix)" },
  { "events[0].kind", "\"tweet\"", "$.events[0].kind: expected one of message, alert, recovery" },
  { "truth.culprit_change", "\"nothing\"",
    "$.truth.culprit_change: expected the id of one of $.changes" },
  { "changes[1].reversible", "false",
    "$.truth.culprit_change: expected a reversible change: rolling it back is the fix" },
  { "truth.keywords", "[]", "$.truth.keywords: expected from 1 to 6 entries" },
  { "truth.keywords", "[\"\"]", "$.truth.keywords[0]: expected a word" },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  g_autofree char *text = ic_test_scenario_text ();
  g_autoptr(JsonNode) root = ic_json_parse (text, -1, IC_JSON_MAX_DEPTH, NULL);
  g_autofree char *name = NULL;
  JsonObject *parent = find_parent (root, b->path, &name);
  g_autofree char *changed = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcScenario) scenario = NULL;

  if (b->value == NULL)
    json_object_remove_member (parent, name);
  else
    json_object_set_member (parent, name, ic_json_parse (b->value, -1, IC_JSON_MAX_DEPTH, NULL));
  changed = json_to_string (root, FALSE);
  scenario = ic_scenario_parse (changed, -1, "base.json", &error);
  g_assert_null (scenario);
  g_assert_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_INVALID);
  expected = g_strconcat ("base.json: ", b->message, NULL);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_not_json (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ic_scenario_parse ("{\"format\": ", -1, "cut.json", &error));
  g_assert_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "cut.json: not JSON: "));
  g_clear_error (&error);
  g_assert_null (ic_scenario_parse ("[1, 2]", -1, "list.json", &error));
  g_assert_cmpstr (error->message, ==, "list.json: $: expected an object");
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ic-test-scenario-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autofree char *padding = g_strnfill (IC_SCENARIO_MAX_SIZE + 1, ' ');
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) big_file = g_file_new_for_path (big);

  g_assert_null (ic_scenario_load (missing_file, NULL, NULL, &error));
  g_assert_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, "missing.json: cannot read it: "));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (big, padding, -1, NULL));
  g_assert_null (ic_scenario_load (big_file, NULL, NULL, &error));
  g_assert_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_READ);
  g_assert_cmpstr (error->message, ==, "big.json: larger than a scenario can be (1 MiB)");
  g_unlink (big);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/scenario/base", test_base);
  g_test_add_func ("/ic/scenario/sample-at", test_sample_at);
  g_test_add_func ("/ic/scenario/names-cause", test_names_cause);
  g_test_add_func ("/ic/scenario/shipped", test_shipped);
  g_test_add_func ("/ic/scenario/not-json", test_not_json);
  g_test_add_func ("/ic/scenario/load-errors", test_load_errors);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/scenario/broken/%u", i);

      g_test_add_data_func (path, &broken[i], test_broken);
    }
  return g_test_run ();
}
