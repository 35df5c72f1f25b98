/* test-config-diff.c — what a change did to configuration files: keys
 * added, removed and changed in each format, secrets masked, renames
 * suspected, and each unreadable side refused with where and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ic-config-diff.h"

static char *
summary (const char *path,
         const char *before,
         const char *after)
{
  g_autoptr(IcConfigFileDiff) diff = ic_config_diff_new (path, before, -1, after, -1);

  return ic_config_file_diff_to_string (diff);
}

/* Formats by file name, Helm values and manifests included. */
static void
test_formats (void)
{
  static const struct { const char *path; IcConfigFormat format; } cases[] = {
    { ".env", IC_CONFIG_FORMAT_ENV },
    { "deploy/prod/sessions.env", IC_CONFIG_FORMAT_ENV },
    { ".env.production", IC_CONFIG_FORMAT_ENV },
    { "src/main/resources/application.properties", IC_CONFIG_FORMAT_PROPERTIES },
    { "conf/redis.ini", IC_CONFIG_FORMAT_INI },
    { "Cargo.toml", IC_CONFIG_FORMAT_TOML },
    { "config/flags.json", IC_CONFIG_FORMAT_JSON },
    { "charts/sessions/values.yaml", IC_CONFIG_FORMAT_YAML },
    { "k8s/deployment.YML", IC_CONFIG_FORMAT_YAML },
    { "src/session.c", IC_CONFIG_FORMAT_NONE },
    { "README.md", IC_CONFIG_FORMAT_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ic_config_format_for_path (cases[i].path), ==, cases[i].format);
}

/* The renamed environment variable, as it reads in a .env file. */
static void
test_env_rename (void)
{
  g_autofree char *text = summary ("deploy/prod.env",
                                   "# sessions-api\nCLUSTER_DISCOVERY=true\nPOOL_SIZE=256\n"
                                   "REDIS_PASSWORD=hunter2\n",
                                   "# sessions-api\nexport REDIS_URI=\"redis://10.0.4.13:6379\"\n"
                                   "POOL_SIZE=256\nREDIS_PASSWORD=correct-horse\n");

  g_assert_cmpstr (text, ==,
                   "deploy/prod.env: CLUSTER_DISCOVERY removed (was true); "
                   "REDIS_PASSWORD changed: •••••• → ••••••; "
                   "REDIS_URI added (redis://10.0.4.13:6379)"
                   " — CLUSTER_DISCOVERY removed, REDIS_URI added: renamed?");
  /* The secret's values are nowhere in it. */
  g_assert_null (strstr (text, "hunter2"));
  g_assert_null (strstr (text, "correct-horse"));
}

/* A rename is offered when it is likely: words in common, or the one key
 * added beside the one removed; two unrelated keys added beside one
 * removed are not guessed between. */
static void
test_rename_hints (void)
{
  g_autofree char *shared = summary ("a.env", "REDIS_HOST=a\nLOG=1\n",
                                     "REDIS_HOSTNAME=a\nAPI_TOKEN=x\nLOG=1\n");
  g_autofree char *ambiguous = summary ("b.env", "CLUSTER_DISCOVERY=true\n",
                                        "REDIS_URI=redis://a\nAPI_TOKEN=x\n");

  g_assert_true (g_str_has_suffix (shared, " — REDIS_HOST removed, REDIS_HOSTNAME added: "
                                           "renamed?"));
  g_assert_null (strstr (ambiguous, "renamed?"));
}

/* A Kubernetes manifest: the container's env list keyed by variable name,
 * the documents of a file by kind and name. */
static void
test_kubernetes_env (void)
{
  const char *before =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: sessions\nspec:\n  ports:\n  - port: 80\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sessions-api\nspec:\n"
    "  replicas: 48\n  template:\n    spec:\n      containers:\n      - name: api\n"
    "        image: sessions-api:2.31.4\n        env:\n        - name: CLUSTER_DISCOVERY\n"
    "          value: \"true\"\n        - name: API_TOKEN\n          valueFrom:\n"
    "            secretKeyRef: {name: api, key: token}\n";
  const char *after =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: sessions\nspec:\n  ports:\n  - port: 80\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sessions-api\nspec:\n"
    "  replicas: 48\n  template:\n    spec:\n      containers:\n      - name: api\n"
    "        image: sessions-api:2.31.4\n        env:\n        - name: REDIS_URI\n"
    "          value: redis://10.0.4.13:6379\n        - name: API_TOKEN\n          valueFrom:\n"
    "            secretKeyRef: {name: api, key: token}\n";
  g_autoptr(IcConfigFileDiff) diff = ic_config_diff_new ("k8s/sessions.yaml", before, -1, after, -1);
  g_autofree char *text = ic_config_file_diff_to_string (diff);

  g_assert_null (diff->problem);
  g_assert_cmpuint (diff->keys->len, ==, 2);
  g_assert_cmpstr (text, ==,
                   "k8s/sessions.yaml: "
                   "Deployment/sessions-api.spec.template.spec.containers[api].env.CLUSTER_DISCOVERY"
                   " removed (was true); "
                   "Deployment/sessions-api.spec.template.spec.containers[api].env.REDIS_URI"
                   " added (redis://10.0.4.13:6379)"
                   " — Deployment/sessions-api.spec.template.spec.containers[api].env."
                   "CLUSTER_DISCOVERY removed, "
                   "Deployment/sessions-api.spec.template.spec.containers[api].env.REDIS_URI"
                   " added: renamed?");
}

/* Helm values: nested keys, a changed one, a secret masked. */
static void
test_helm_values (void)
{
  g_autofree char *text = summary ("charts/sessions/values.yaml",
                                   "redis:\n  cluster: true\n  pool: 256\n  auth:\n"
                                   "    password: s3cr3t\n",
                                   "redis:\n  cluster: true\n  pool: 512\n  auth:\n"
                                   "    password: n3w-s3cr3t\n");

  g_assert_cmpstr (text, ==, "charts/sessions/values.yaml: redis.auth.password changed: "
                             "•••••• → ••••••; redis.pool changed: 256 → 512");
}

/* JSON, INI, properties and TOML, one change each. */
static void
test_other_formats (void)
{
  g_autofree char *json = summary ("flags.json",
                                   "{\"sessions\": {\"remember_me\": 0.1, \"rotate\": false}}",
                                   "{\"sessions\": {\"remember_me\": 0.5, \"rotate\": false}}");
  g_autofree char *ini = summary ("redis.ini", "; pool\n[pool]\nsize = 10\n",
                                  "; pool\n[pool]\nsize = 20\n");
  g_autofree char *properties = summary ("app.properties", "! comment\nredis.host: a\n",
                                         "! comment\nredis.host: b\n");
  g_autofree char *toml = summary ("service.toml",
                                   "[redis]\nnodes = [\n  \"a:6379\",\n]\nuri = \"redis://a\"\n",
                                   "[redis]\nnodes = [\n  \"a:6379\",\n  \"b:6379\",\n]\n"
                                   "uri = \"redis://a\"\n");

  g_assert_cmpstr (json, ==, "flags.json: sessions.remember_me changed: 0.1 → 0.5");
  g_assert_cmpstr (ini, ==, "redis.ini: pool.size changed: 10 → 20");
  g_assert_cmpstr (properties, ==, "app.properties: redis.host changed: a → b");
  g_assert_cmpstr (toml, ==, "service.toml: redis.nodes changed: [\n\"a:6379\",\n] → "
                             "[\n\"a:6379\",\n\"b:6379\",\n]");
}

/* A new file is all additions, a deleted one all removals; a file whose
 * keys did not change says so. */
static void
test_new_deleted_unchanged (void)
{
  g_autofree char *added = summary ("new.env", NULL, "A=1\n");
  g_autofree char *deleted = summary ("old.env", "A=1\n", NULL);
  g_autofree char *same = summary ("same.env", "A=1\n", "# a comment now\nA=1\n");

  g_assert_cmpstr (added, ==, "new.env: A added (1)");
  g_assert_cmpstr (deleted, ==, "old.env: A removed (was 1)");
  g_assert_cmpstr (same, ==, "same.env: no key changed");
}

/* Bad input: a malformed side is named with its line and nothing else of
 * the file is guessed; a binary file and a huge one are not compared. */
static void
test_bad_input (void)
{
  g_autofree char *yaml = summary ("values.yaml", "a: 1\n", "a: 1\nb: [unclosed\n");
  g_autofree char *env = summary ("prod.env", "A=1\nthis is not a variable\n", "A=2\n");
  g_autofree char *json = summary ("flags.json", "{}", "{\"a\": ");
  /* Found by the fuzzer: text after the document (json-glib alone leaked
   * what it had built), and nesting deep enough to exhaust the stack. */
  g_autofree char *trailing = summary ("flags.json", "{}", "{\"a\": {\"b\": 1}}[1, {\"name\": ");
  g_autofree char *deep_text = g_strnfill (100000, '[');
  g_autofree char *deep = summary ("flags.json", "{}", deep_text);
  /* Found by the fuzzer too: documents whose "kind" is not a string. */
  g_autofree char *odd_kind = summary ("k8s.yaml", "kind: [1]\n---\nkind: {a: 1}\n",
                                       "kind: [2]\n---\nkind: {a: 1}\n");
  g_autoptr(IcConfigFileDiff) binary = ic_config_diff_new ("blob.json", "{}", -1, "{\0}", 3);
  g_autofree char *huge_text = g_malloc (IC_CONFIG_MAX_BYTES + 2);
  g_autoptr(IcConfigFileDiff) huge = NULL;
  g_autoptr(GError) error = NULL;

  memset (huge_text, 'A', IC_CONFIG_MAX_BYTES + 1);
  huge_text[IC_CONFIG_MAX_BYTES + 1] = '\0';
  huge = ic_config_diff_new ("big.env", "A=1\n", -1, huge_text, -1);

  g_assert_true (g_str_has_prefix (yaml, "values.yaml: after the change: line 3: "));
  g_assert_cmpstr (env, ==, "prod.env: before the change: line 2: expected KEY=value");
  g_assert_true (g_str_has_prefix (json, "flags.json: after the change: "));
  g_assert_true (g_str_has_prefix (trailing, "flags.json: after the change: "));
  g_assert_true (g_str_has_prefix (deep, "flags.json: after the change: "));
  g_assert_cmpstr (odd_kind, ==, "k8s.yaml: #1.kind[0] changed: 1 → 2");
  g_assert_cmpstr (binary->problem, ==, "after the change: a binary file, not compared");
  g_assert_cmpuint (binary->keys->len, ==, 0);
  g_assert_cmpstr (huge->problem, ==, "after the change: larger than 1024 KiB, not compared");
  g_assert_null (ic_config_read (IC_CONFIG_FORMAT_INI, "[pool\nsize=1\n", -1, &error));
  g_assert_error (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "line 1: expected [section]");
}

/* Which keys are secrets: by the last part of their path. */
static void
test_secret_keys (void)
{
  g_assert_true (ic_config_key_is_secret ("REDIS_PASSWORD"));
  g_assert_true (ic_config_key_is_secret ("auth.token"));
  g_assert_true (ic_config_key_is_secret ("STRIPE_SECRET"));
  g_assert_true (ic_config_key_is_secret ("AWS_ACCESS_KEY_ID"));
  g_assert_true (ic_config_key_is_secret ("spec.env.DB_CREDENTIALS"));
  g_assert_false (ic_config_key_is_secret ("REDIS_URI"));
  g_assert_false (ic_config_key_is_secret ("secret.name"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ic/config-diff/formats", test_formats);
  g_test_add_func ("/ic/config-diff/env-rename", test_env_rename);
  g_test_add_func ("/ic/config-diff/rename-hints", test_rename_hints);
  g_test_add_func ("/ic/config-diff/kubernetes-env", test_kubernetes_env);
  g_test_add_func ("/ic/config-diff/helm-values", test_helm_values);
  g_test_add_func ("/ic/config-diff/other-formats", test_other_formats);
  g_test_add_func ("/ic/config-diff/new-deleted-unchanged", test_new_deleted_unchanged);
  g_test_add_func ("/ic/config-diff/bad-input", test_bad_input);
  g_test_add_func ("/ic/config-diff/secret-keys", test_secret_keys);
  return g_test_run ();
}
