/* test-flatpak.c — the Flatpak manifests stay consistent with the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads flatpak/<app-id>.json for the stable and the development profile
 * and checks what Flathub and DESIGN.md §9 require: the application ID
 * matches the desktop file and metainfo, the runtime is pinned, the
 * permissions stay minimal, and every git source is pinned to a commit.
 */

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#define TEST_BASE_ID "io.github.incidentcommander.IncidentCommander"
#define TEST_DEVEL_ID TEST_BASE_ID ".Devel"

typedef struct
{
  const char *app_id;
  gboolean    devel;
} ManifestCase;

static const ManifestCase manifest_cases[] = {
  { TEST_BASE_ID, FALSE },
  { TEST_DEVEL_ID, TRUE },
};

static JsonParser *
load_manifest (const ManifestCase *mc)
{
  g_autofree char *basename = g_strconcat (mc->app_id, ".json", NULL);
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "flatpak", basename, NULL);
  g_autoptr (GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  JsonNode *root;

  g_test_message ("manifest: %s", path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_cmpint (json_node_get_node_type (root), ==, JSON_NODE_OBJECT);

  return parser;
}

static JsonObject *
manifest_root (JsonParser *parser)
{
  return json_node_get_object (json_parser_get_root (parser));
}

/* Returns a borrowed array member; fails the test when it is missing. */
static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_ARRAY);
  return json_node_get_array (node);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_VALUE);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static gboolean
string_array_contains (JsonArray  *array,
                       const char *needle)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (node), needle) == 0)
        return TRUE;
    }
  return FALSE;
}

static JsonObject *
find_module (JsonObject *root,
             const char *name)
{
  JsonArray *modules = get_array (root, "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonNode *node = json_array_get_element (modules, i);
      JsonObject *module;

      /* A string element is an included file; none of ours are named after a module. */
      if (json_node_get_node_type (node) != JSON_NODE_OBJECT)
        continue;
      module = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (module, "name", NULL), name) == 0)
        return module;
    }
  return NULL;
}

static gboolean
is_commit_hash (const char *s)
{
  if (s == NULL || strlen (s) != 40)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
read_data_file (const char *basename)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "data", basename, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_valid_json (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonObject *root = manifest_root (parser);

      g_assert_cmpuint (json_object_get_size (root), >, 0);
      g_assert_cmpuint (json_array_get_length (get_array (root, "modules")), >, 0);
    }
}

static void
test_app_id (void)
{
  g_autofree char *desktop = read_data_file (TEST_BASE_ID ".desktop.in.in");
  g_autofree char *metainfo = read_data_file (TEST_BASE_ID ".metainfo.xml.in.in");

  /* The data files are configured with @APP_ID@, which meson sets to the
   * base ID or base ID + ".Devel"; the manifests must use those two IDs. */
  g_assert_nonnull (strstr (desktop, "Icon=@APP_ID@\n"));
  g_assert_nonnull (strstr (metainfo, "<id>@APP_ID@</id>"));
  g_assert_nonnull (strstr (metainfo, "<launchable type=\"desktop-id\">@APP_ID@.desktop</launchable>"));

  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      const ManifestCase *mc = &manifest_cases[i];
      g_autoptr (JsonParser) parser = load_manifest (mc);
      JsonObject *root = manifest_root (parser);
      g_autofree char *icon = g_strconcat ("icons/hicolor/scalable/apps/", mc->app_id, ".svg", NULL);
      const char *icon_path = g_test_get_filename (G_TEST_DIST, "..", "data", icon, NULL);

      g_assert_cmpstr (get_string (root, "id"), ==, mc->app_id);
      g_assert_false (json_object_has_member (root, "app-id"));
      g_assert_true (g_file_test (icon_path, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_runtime (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonObject *root = manifest_root (parser);

      g_assert_cmpstr (get_string (root, "runtime"), ==, "org.gnome.Platform");
      g_assert_cmpstr (get_string (root, "runtime-version"), ==, "50");
      g_assert_cmpstr (get_string (root, "sdk"), ==, "org.gnome.Sdk");
    }
}

static void
test_command (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);

      g_assert_cmpstr (get_string (manifest_root (parser), "command"), ==, "incident-commander");
    }
}

static void
test_finish_args (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonArray *args = get_array (manifest_root (parser), "finish-args");

      for (guint j = 0; j < json_array_get_length (args); j++)
        {
          const char *arg = json_array_get_string_element (args, j);

          g_assert_nonnull (arg);
          /* No home directory or any other host path: export goes through the portal. */
          g_assert_false (g_str_has_prefix (arg, "--filesystem"));
          g_assert_cmpstr (arg, !=, "--socket=x11");
          g_assert_cmpstr (arg, !=, "--device=all");
          g_assert_cmpstr (arg, !=, "--socket=session-bus");
          g_assert_cmpstr (arg, !=, "--socket=system-bus");
        }

      g_assert_true (string_array_contains (args, "--share=network"));
      g_assert_true (string_array_contains (args, "--socket=wayland"));
      g_assert_true (string_array_contains (args, "--socket=fallback-x11"));
    }
}

/* Whether a D-Bus name permission, "org.freedesktop.secrets" or a
 * wildcard such as "org.freedesktop.*", lets the app reach @name. */
static gboolean
name_covers (const char *permission,
             const char *name)
{
  if (g_str_has_suffix (permission, ".*"))
    return strncmp (name, permission, strlen (permission) - 1) == 0;
  return g_str_equal (permission, name);
}

/* libsecret inside the sandbox keeps probe secrets through the Secret
 * portal (DESIGN.md §9): no manifest may reach the Secret Service or the
 * GNOME keyring directly, by name or by wildcard. */
static void
test_secret_portal (void)
{
  const char *prefixes[] = { "--talk-name=", "--own-name=", "--see-name=",
                             "--system-talk-name=", "--system-own-name=" };
  const char *names[] = { "org.freedesktop.secrets", "org.gnome.keyring",
                          "org.gnome.keyring.SystemPrompter" };

  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonArray *args = get_array (manifest_root (parser), "finish-args");

      for (guint j = 0; j < json_array_get_length (args); j++)
        {
          const char *arg = json_array_get_string_element (args, j);

          for (gsize p = 0; p < G_N_ELEMENTS (prefixes); p++)
            {
              if (!g_str_has_prefix (arg, prefixes[p]))
                continue;
              for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
                {
                  gboolean reaches = name_covers (arg + strlen (prefixes[p]), names[n]);

                  if (reaches)
                    g_test_message ("%s: “%s” reaches %s; libsecret uses the Secret portal",
                                    manifest_cases[i].app_id, arg, names[n]);
                  g_assert_false (reaches);
                }
            }
        }
    }
}

static void
test_hiredis (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonObject *hiredis = find_module (manifest_root (parser), "hiredis");
      JsonArray *sources;
      guint git_sources = 0;

      g_assert_nonnull (hiredis);
      g_assert_true (string_array_contains (get_array (hiredis, "config-opts"), "-DENABLE_NUGET=OFF"));

      sources = get_array (hiredis, "sources");
      g_assert_cmpuint (json_array_get_length (sources), >, 0);
      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);

          g_assert_nonnull (source);
          if (g_strcmp0 (get_string (source, "type"), "git") != 0)
            continue;
          git_sources++;
          /* Flathub: a git source needs a tag and the commit it points to. */
          g_assert_cmpstr (get_string (source, "tag"), !=, "");
          g_assert_true (is_commit_hash (get_string (source, "commit")));
        }
      g_assert_cmpuint (git_sources, >, 0);
    }
}

/* The hiredis the Flatpak ships is the one build-aux/ci-hiredis builds and
 * runs the probe tests against, and nothing uses hiredis' own TLS (rediss://
 * goes through GIO), so it is built without it: no OpenSSL in the bundle. */
static void
test_hiredis_as_tested (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonObject *hiredis = find_module (manifest_root (parser), "hiredis");
      JsonArray *opts;
      JsonArray *sources;
      guint pinned = 0;

      g_assert_nonnull (hiredis);
      opts = get_array (hiredis, "config-opts");
      g_assert_true (string_array_contains (opts, "-DENABLE_SSL=OFF"));
      for (guint j = 0; j < json_array_get_length (opts); j++)
        {
          const char *opt = json_array_get_string_element (opts, j);

          g_assert_nonnull (opt);
          if (g_str_has_prefix (opt, "-DENABLE_SSL="))
            g_assert_cmpstr (opt, ==, "-DENABLE_SSL=OFF");
        }

      sources = get_array (hiredis, "sources");
      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);

          if (g_strcmp0 (get_string (source, "type"), "git") != 0)
            continue;
          g_assert_cmpstr (get_string (source, "tag"), ==, "v1.4.1");
          g_assert_cmpstr (get_string (source, "commit"), ==,
                           "616f2286ba5503f74ae96e720623fa11dbc690af");
          pinned++;
        }
      g_assert_cmpuint (pinned, ==, 1);
    }
}

/* A library the runtime lacks is a module of its own, from one git source
 * pinned to its tag and that tag's commit, built before the app. */
static void
check_pinned_module (const char *module,
                     const char *url,
                     const char *tag,
                     const char *commit)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonArray *modules = get_array (manifest_root (parser), "modules");
      JsonObject *found = find_module (manifest_root (parser), module);
      JsonObject *source;
      gint module_at = -1, app_at = -1;

      g_assert_nonnull (found);
      g_assert_cmpuint (json_array_get_length (get_array (found, "sources")), ==, 1);
      source = json_array_get_object_element (get_array (found, "sources"), 0);
      g_assert_cmpstr (get_string (source, "type"), ==, "git");
      g_assert_cmpstr (get_string (source, "url"), ==, url);
      g_assert_cmpstr (get_string (source, "tag"), ==, tag);
      g_assert_cmpstr (get_string (source, "commit"), ==, commit);
      for (guint j = 0; j < json_array_get_length (modules); j++)
        {
          const char *name = get_string (json_array_get_object_element (modules, j), "name");

          if (g_strcmp0 (name, module) == 0)
            module_at = j;
          else if (g_strcmp0 (name, "incident-commander") == 0)
            app_at = j;
        }
      g_assert_cmpint (module_at, >=, 0);
      g_assert_cmpint (module_at, <, app_at);
    }
}

/* libyaml (configuration diffs of YAML files): the release Debian 12 has. */
static void
test_libyaml (void)
{
  check_pinned_module ("libyaml", "https://github.com/yaml/libyaml.git", "0.2.5",
                       "2c891fc7a770e8ba2fec34fc6b545c672beb37e6");
}

/* libgit2 (changes read from local repositories): v1.9.7; Debian 12 has
 * 1.5, the oldest the code is built and tested against. It reads local
 * repositories only, so it is built without SSH and HTTPS. */
static void
test_libgit2 (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      g_autoptr (JsonParser) parser = load_manifest (&manifest_cases[i]);
      JsonObject *libgit2 = find_module (manifest_root (parser), "libgit2");

      g_assert_nonnull (libgit2);
      g_assert_true (string_array_contains (get_array (libgit2, "config-opts"), "-DUSE_SSH=OFF"));
      g_assert_true (string_array_contains (get_array (libgit2, "config-opts"),
                                            "-DUSE_HTTPS=OFF"));
    }
  check_pinned_module ("libgit2", "https://github.com/libgit2/libgit2.git", "v1.9.7",
                       "49e408b3208bc3093757a1c2db938d3590f3f412");
}

static void
test_app_module (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (manifest_cases); i++)
    {
      const ManifestCase *mc = &manifest_cases[i];
      g_autoptr (JsonParser) parser = load_manifest (mc);
      JsonArray *modules = get_array (manifest_root (parser), "modules");
      guint n = json_array_get_length (modules);
      JsonObject *app;
      gboolean devel_opt = FALSE;

      g_assert_cmpuint (n, >, 0);
      app = json_array_get_object_element (modules, n - 1);
      g_assert_nonnull (app);
      g_assert_cmpstr (get_string (app, "name"), ==, "incident-commander");
      g_assert_cmpstr (get_string (app, "buildsystem"), ==, "meson");

      if (json_object_has_member (app, "config-opts"))
        devel_opt = string_array_contains (get_array (app, "config-opts"), "-Ddevelopment=true");
      g_assert_cmpint (devel_opt, ==, mc->devel);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/flatpak/valid-json", test_valid_json);
  g_test_add_func ("/ic/flatpak/app-id", test_app_id);
  g_test_add_func ("/ic/flatpak/runtime", test_runtime);
  g_test_add_func ("/ic/flatpak/command", test_command);
  g_test_add_func ("/ic/flatpak/finish-args", test_finish_args);
  g_test_add_func ("/ic/flatpak/secret-portal", test_secret_portal);
  g_test_add_func ("/ic/flatpak/hiredis", test_hiredis);
  g_test_add_func ("/ic/flatpak/hiredis-as-tested", test_hiredis_as_tested);
  g_test_add_func ("/ic/flatpak/libyaml", test_libyaml);
  g_test_add_func ("/ic/flatpak/libgit2", test_libgit2);
  g_test_add_func ("/ic/flatpak/app-module", test_app_module);

  return g_test_run ();
}
