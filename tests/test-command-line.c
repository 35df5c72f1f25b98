/* test-command-line.c — parsing, and the real binary's display-less commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ic-command-line.h"
#include "ic-postmortem.h"
#include "ic-store-hypotheses.h"
#include "ic-test-git.h"
#include "ic-test-http.h"
#include "ic-test-util.h"

/* Parsing ---------------------------------------------------------------- */

static IcCommand *
parse (const char  *line,
       GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) shell_error = NULL;
  g_autofree char *full = g_strconcat ("incident-commander ", line, NULL);

  g_assert_true (g_shell_parse_argv (full, NULL, &argv, &shell_error));
  g_assert_no_error (shell_error);
  return ic_command_parse ((const char * const *) argv, error);
}

static void
test_parse_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcCommand) command = parse ("", &error);

  g_assert_no_error (error);
  g_assert_cmpint (command->kind, ==, IC_COMMAND_OPEN);
  g_assert_null (command->database);
  g_assert_true (ic_command_needs_display (command));
}

static void
test_parse_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcCommand) command = NULL;

  command = parse ("--database /tmp/x.db new --title 'Elevated 500s' --service checkout "
                   "--severity SEV1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (command->kind, ==, IC_COMMAND_NEW);
  g_assert_cmpstr (command->database, ==, "/tmp/x.db");
  g_assert_cmpstr (ic_command_get_title (command), ==, "Elevated 500s");
  g_assert_cmpstr (command->service, ==, "checkout");
  g_assert_cmpint (command->severity, ==, IC_SEVERITY_SEV1);
  g_assert_false (command->no_window);
  g_assert_true (ic_command_needs_display (command));
  g_clear_pointer (&command, ic_command_free);

  command = parse ("new --no-window --database=/tmp/y.db", &error);
  g_assert_no_error (error);
  g_assert_cmpint (command->kind, ==, IC_COMMAND_NEW);
  g_assert_true (command->no_window);
  g_assert_cmpstr (command->database, ==, "/tmp/y.db");
  g_assert_cmpint (command->severity, ==, IC_SEVERITY_SEV2);
  g_assert_cmpstr (ic_command_get_title (command), ==, "New incident");
  g_assert_false (ic_command_needs_display (command));
}

static void
test_parse_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcCommand) command = parse ("list --json", &error);

  g_assert_no_error (error);
  g_assert_cmpint (command->kind, ==, IC_COMMAND_LIST);
  g_assert_true (command->json);
  g_assert_false (ic_command_needs_display (command));
}

static void
test_parse_errors (void)
{
  const char *bad[] = {
    "frobnicate",                 /* unknown subcommand */
    "new --severity sev9",        /* bad value */
    "new --severity",             /* missing value */
    "new --title ''",             /* empty title */
    "new --title '   '",          /* blank title */
    "list --title x",             /* option of another subcommand */
    "--bogus",                    /* unknown option */
    "list extra",                 /* stray argument */
    "--database '' list",         /* empty path */
    "sources",                    /* no action */
    "sources frob",               /* unknown action */
    "sources add",                /* neither --git nor --feed */
    "sources add --git /a --feed https://d/",  /* both */
    "sources add --git /a --window 20000",     /* window out of range */
    "sources remove",             /* no id */
    "sources remove seven",       /* not an id */
    "sources remove 1 2",         /* stray argument */
    "changes",                    /* no incident */
    "changes 0",                  /* not an id */
    "changes 1 --git /a",         /* option of another subcommand */
    "similar",                    /* no incident */
    "similar x",                  /* not an id */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcCommand) command = parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (command);
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_OPTION_ERROR);
      /* One line, fit for stderr. */
      g_assert_null (strchr (error->message, '\n'));
    }
}

/* sources add: a relative repository path becomes the caller's absolute
 * one; path filters repeat; changes ID takes --json. */
static void
test_parse_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcCommand) add = parse ("sources add --git repos/cfg --service sessions --branch prod "
                                    "--path env/ --path 'k8s/*.yaml' --window 60", &error);
  g_autoptr(IcCommand) feed = NULL;
  g_autoptr(IcCommand) changes = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "repos", "cfg", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (add->kind, ==, IC_COMMAND_SOURCES);
  g_assert_cmpstr (add->sources_action, ==, "add");
  g_assert_cmpstr (add->git, ==, expected);
  g_assert_cmpstr (add->service, ==, "sessions");
  g_assert_cmpstr (add->branch, ==, "prod");
  g_assert_cmpuint (g_strv_length (add->paths), ==, 2);
  g_assert_cmpint (add->window_minutes, ==, 60);
  g_assert_false (ic_command_needs_display (add));
  feed = parse ("sources add --feed https://deploys.example/api --mapping '{\"items\": \"$.d\"}'",
                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->feed, ==, "https://deploys.example/api");
  g_assert_cmpstr (feed->mapping, ==, "{\"items\": \"$.d\"}");
  changes = parse ("changes 12 --json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (changes->kind, ==, IC_COMMAND_CHANGES);
  g_assert_cmpint (changes->incident_id, ==, 12);
  g_assert_true (changes->json);
  g_assert_false (ic_command_needs_display (changes));
}

static void
test_help_lists_commands (void)
{
  g_autofree char *help = ic_command_dup_help ();

  g_assert_nonnull (strstr (help, "new"));
  g_assert_nonnull (strstr (help, "list"));
  g_assert_nonnull (strstr (help, "--database"));
  g_assert_nonnull (strstr (help, "--no-window"));
  g_assert_nonnull (strstr (help, "--json"));
  g_assert_nonnull (strstr (help, "  sources add (--git PATH"));
  g_assert_nonnull (strstr (help, "  changes ID [--json]"));
  g_assert_nonnull (strstr (help, "  similar ID [--json]"));
}

/* The real binary -------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *db;
} CliFixture;

static void
cli_setup (CliFixture    *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db = g_build_filename (fx->dir, "incidents.db", NULL);
}

static void
cli_teardown (CliFixture    *fx,
              gconstpointer  data)
{
  ic_test_remove_tree (fx->dir);
  g_free (fx->db);
  g_free (fx->dir);
}

/* Runs the binary without any display, as from an SSH session or a script. */
static int run_cli_input (const char  *args,
                          const char  *input,
                          char       **out,
                          char       **err);

static int
run_cli (const char  *args,
         char       **out,
         char       **err)
{
  return run_cli_input (args, NULL, out, err);
}

static int
run_cli_input (const char  *args,
               const char  *input,
               char       **out,
               char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parsed = NULL;
  const char *binary = g_getenv ("IC_BINARY");

  g_assert_nonnull (binary);
  g_assert_true (g_shell_parse_argv (args, NULL, &parsed, NULL) || *args == '\0');
  g_ptr_array_add (argv, g_strdup (binary));
  for (guint i = 0; parsed != NULL && parsed[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (parsed[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  /* The app finds its git reader's module beside itself, as it does when
   * run from a build tree (installed, in its module folder). */
  g_subprocess_launcher_unsetenv (launcher, "IC_MODULE_DIR");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_cli_version_and_help (CliFixture    *fx,
                           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ("--version", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "incident-commander " VERSION "\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("--help", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "list"));
}

/* The "done when", from a terminal: two local repositories as a
 * service's change sources, an incident of that service, and `changes`
 * reads both for the two hours before the alert — the renamed environment
 * variable called out; a source that cannot be read says so on stderr
 * (exit 3) and the rest still print. */
static void
test_cli_sources_changes (CliFixture    *fx,
                          gconstpointer  data)
{
  g_autofree char *code = g_build_filename (fx->dir, "sessions-api", NULL);
  g_autofree char *config = g_build_filename (fx->dir, "sessions-config", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  JsonArray *changes;

  init_repo (code);
  write_file (code, "src/tokens.c", "rotate ();\n", -1);
  commit_at (code, now_s - 3 * 3600, "Tokens, long ago");
  write_file (code, "src/tokens.c", "rotate_every_use ();\n", -1);
  commit_at (code, now_s - 25 * 60, "Rotate refresh tokens on every use");
  init_repo (config);
  write_file (config, "prod.env", "CLUSTER_DISCOVERY=true\n", -1);
  commit_at (config, now_s - 4 * 3600, "Prod settings");
  write_file (config, "prod.env", "REDIS_URI=redis://10.0.4.13:6379\n", -1);
  commit_at (config, now_s - 40 * 60, "Simplify Redis connection settings");

  /* Two sources for the service, by a path relative to the caller. */
  cmd = g_strdup_printf ("--database '%s' sources add --git '%s' --service sessions", fx->db,
                         code);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&cmd, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  cmd = g_strdup_printf ("--database '%s' sources add --git '%s' --service sessions --path "
                         "prod.env", fx->db, config);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&cmd, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  cmd = g_strdup_printf ("--database '%s' new --no-window --title 'Logins failing' --service "
                         "sessions --alert-time 5m", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&cmd, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Both repositories' commits of the last two hours, newest first. */
  cmd = g_strdup_printf ("--database '%s' changes 1", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (strstr (out, "\tdeploy\tsessions-api "), "\tdeploy\tsessions-api "));
  g_assert_nonnull (strstr (out, ": Rotate refresh tokens on every use (Ana Lima)\n"));
  g_assert_nonnull (strstr (out, ": Simplify Redis connection settings (Ana Lima)\n"));
  g_assert_nonnull (strstr (out, "\t\tprod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI "
                                 "added (redis://10.0.4.13:6379) — CLUSTER_DISCOVERY removed, "
                                 "REDIS_URI added: renamed?\n"));
  g_assert_null (strstr (out, "long ago"));
  g_assert_null (strstr (out, "Prod settings"));
  g_assert_true (strstr (out, "Rotate refresh") < strstr (out, "Simplify Redis"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Read again as JSON: the same two, not four. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' changes 1 --json", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  changes = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 1),
                                                  "source"), ==, "sessions-config");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 1),
                                                  "kind"), ==, "config");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A source that is not a repository: said on stderr, the rest printed. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' sources add --git '%s'", fx->db, fx->dir);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' changes 1", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 3);
  g_assert_true (g_str_has_prefix (err, "incident-commander: source 3: "));
  g_assert_true (g_str_has_suffix (err, " is not a git repository\n"));
  g_assert_nonnull (strstr (out, "Simplify Redis connection settings"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The list says how each read went; a removed source is gone. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' sources list", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "read: 1 change in the window, 0 new.\n"));
  g_assert_nonnull (strstr (out, "\tonly prod.env\n"));
  g_assert_nonnull (strstr (out, "failed: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' sources remove 3", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "incident-commander: There is no such change source\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A feed whose mapping the reader would refuse: refused when added. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' sources add --feed https://deploys.example/api "
                         "--mapping '{\"time\": \"$.at[0]\"}'", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 64);
  g_assert_true (g_str_has_prefix (err, "incident-commander: mapping: \"time\": "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Unknown incident. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("--database '%s' changes 99", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "incident-commander: No incident with id 99 in "));
}

/* similar ID: the past incident like this one first, with its root cause,
 * detection gap and fix; never a drill, never itself; as text and JSON. */
static void
test_cli_similar (CliFixture    *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (fx->db, NULL, &error);
  g_autoptr(IcIncident) redis = NULL;
  g_autoptr(IcIncident) disk = NULL;
  g_autoptr(IcIncident) current = NULL;
  g_autoptr(IcHypothesis) cause = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *current_id = NULL;
  JsonArray *found;
  JsonObject *first;

  g_assert_no_error (error);
  redis = ic_store_create_incident (store, "Logins fail: Redis connection refused", "sessions",
                                    IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  disk = ic_store_create_incident (store, "Disk full on db-7", "billing", IC_SEVERITY_SEV3,
                                   IC_CREATED_VIA_APP, &error);
  cause = ic_store_add_hypothesis (store, redis, "Client bypassed cluster discovery",
                                   IC_LIKELIHOOD_WILD_CARD, "", &error);
  g_assert_true (ic_store_set_hypothesis_status (store, cause, IC_HYPOTHESIS_STATUS_CONFIRMED,
                                                 &error));
  g_assert_true (ic_store_set_postmortem_section (store, redis, IC_POSTMORTEM_DETECTION_GAP,
                                                  "No alert on one node's connections", &error));
  ic_incident_set_status (redis, IC_INCIDENT_STATUS_RESOLVED);
  current = ic_store_create_incident (store, "Sessions: Redis connection refused", "sessions",
                                      IC_SEVERITY_SEV1, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_flush (store, &error));
  current_id = g_strdup_printf ("%" G_GINT64_FORMAT, ic_incident_get_id (current));
  ic_store_close (store);

  cmd = g_strdup_printf ("--database '%s' similar %s", fx->db, current_id);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "1\t"));
  g_assert_nonnull (strstr (out, "\tLogins fail: Redis connection refused\n"
                                 "\troot cause: Client bypassed cluster discovery\n"
                                 "\tdetection gap: No alert on one node's connections\n"));
  g_assert_null (strstr (out, "Disk full"));
  g_assert_null (strstr (out, "Sessions: Redis connection refused"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&cmd, g_free);

  cmd = g_strdup_printf ("--database '%s' similar %s --json", fx->db, current_id);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  found = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  first = json_array_get_object_element (found, 0);
  g_assert_cmpint (json_object_get_int_member (first, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "root_cause"), ==,
                   "Client bypassed cluster discovery");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&cmd, g_free);

  cmd = g_strdup_printf ("--database '%s' similar 99", fx->db);
  g_assert_cmpint (run_cli (cmd, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "incident-commander: No incident with id 99 in "));
}

/* drill list, drill SCENARIO|FILE --no-window, and their errors. */
static void
test_cli_drill (CliFixture    *fx,
                gconstpointer  data)
{
  g_autofree char *list = g_strdup_printf ("--database '%s' drill list", fx->db);
  g_autofree char *builtin = g_strdup_printf ("--database '%s' drill slow-memory-leak --no-window",
                                              fx->db);
  g_autofree char *base = g_test_build_filename (G_TEST_DIST, "data", "scenarios", "base.json",
                                                 NULL);
  g_autofree char *file = g_strdup_printf ("--database '%s' drill '%s' --no-window", fx->db, base);
  g_autofree char *missing = g_strdup_printf ("--database '%s' drill no-such-scenario --no-window",
                                              fx->db);
  g_autofree char *bare = g_strdup_printf ("--database '%s' drill", fx->db);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Each built-in scenario with its title, what it is, and its last run. */
  g_assert_cmpint (run_cli (list, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  for (const char * const *id = (const char * const[]) { "az-health-check",
                                                          "dns-decommissioned-upstream",
                                                          "redis-discovery-bypass",
                                                          "slow-memory-leak", NULL };
       *id != NULL; id++)
    {
      g_autofree char *line = g_strconcat (*id, "\t", NULL);

      g_assert_nonnull (strstr (out, line));
    }
  g_assert_nonnull (strstr (out, "\tNot run yet\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A built-in one and a file: each an incident, its id printed. */
  g_assert_cmpint (run_cli (builtin, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (file, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The run is remembered. */
  g_assert_cmpint (run_cli (list, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, ", not finished, 0 of 7 met (1 run)\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (missing, &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "incident-commander: No scenario “no-such-scenario”: give a scenario "
                            "file, or one of those `incident-commander drill list` shows\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bare, &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "incident-commander: drill needs a SCENARIO (or a scenario FILE), or "
                            "“list”\n");
}

static JsonArray *
list_json (CliFixture *fx,
           JsonParser *parser)
{
  g_autofree char *args = g_strdup_printf ("--database '%s' list --json", fx->db);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static void
test_cli_new_and_list_json (CliFixture    *fx,
                            gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *args = NULL;
  JsonArray *array;
  JsonObject *first;
  gint64 id;

  array = list_json (fx, parser);
  g_assert_cmpint (json_array_get_length (array), ==, 0);

  args = g_strdup_printf ("--database '%s' new --no-window --title 'Elevated 500s on checkout'"
                          " --service checkout-east --severity sev1", fx->db);
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  id = g_ascii_strtoll (out, NULL, 10);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_suffix (out, "\n"));

  array = list_json (fx, parser2);
  g_assert_cmpint (json_array_get_length (array), ==, 1);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (first, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==,
                   "Elevated 500s on checkout");
  g_assert_cmpstr (json_object_get_string_member (first, "service"), ==, "checkout-east");
  g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "sev1");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "investigating");
  g_assert_cmpstr (json_object_get_string_member (first, "created_via"), ==, "cli");
  g_assert_true (json_object_get_boolean_member (first, "open"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (first, "alert_time"), "Z"));
}

static void
test_cli_list_text (CliFixture    *fx,
                    gconstpointer  data)
{
  g_autofree char *new_args = g_strdup_printf ("--database '%s' new --no-window --title "
                                               "'Disk full on db-3'", fx->db);
  g_autofree char *list_args = g_strdup_printf ("--database '%s' list", fx->db);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (list_args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "No incidents.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (new_args, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (list_args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Disk full on db-3"));
  g_assert_nonnull (strstr (out, "investigating"));
}

static void
assert_one_line_error (int         status,
                       const char *err,
                       const char *needle)
{
  g_assert_cmpint (status, !=, 0);
  g_assert_true (g_str_has_prefix (err, "incident-commander: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  /* Exactly one line. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  if (needle != NULL)
    g_assert_nonnull (strstr (err, needle));
}

static void
test_cli_errors (CliFixture    *fx,
                 gconstpointer  data)
{
  struct { const char *args; const char *needle; } cases[] = {
    { "frobnicate", "frobnicate" },
    { "new --no-window --severity sev7", "sev7" },
    { "list --bogus", "--bogus" },
    { "new --no-window --title ''", "title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *args = g_strdup_printf ("--database '%s' %s", fx->db, cases[i].args);
      int status = run_cli (args, &out, &err);

      g_test_message ("%s → %d: %s", args, status, err);
      assert_one_line_error (status, err, cases[i].needle);
      g_assert_cmpstr (out, ==, "");
    }
  /* None of the failures created a database. */
  g_assert_false (g_file_test (fx->db, G_FILE_TEST_EXISTS));
}

static void
test_cli_unreadable_database (CliFixture    *fx,
                              gconstpointer  data)
{
  g_autofree char *args = g_strdup_printf ("--database '%s' list --json", fx->db);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char garbage[] = "this is not a database, it is a grocery list\n";
  int status;

  g_file_set_contents (fx->db, garbage, -1, &error);
  g_assert_no_error (error);
  status = run_cli (args, &out, &err);
  assert_one_line_error (status, err, fx->db);
  g_assert_nonnull (strstr (err, "not a database"));
  g_file_get_contents (fx->db, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, garbage);

  /* A directory where the file should be. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_remove (fx->db);
  g_assert_cmpint (g_mkdir (fx->db, 0700), ==, 0);
  status = run_cli (args, &out, &err);
  assert_one_line_error (status, err, fx->db);
  g_rmdir (fx->db);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "alerts", name, NULL);
}

static void
test_cli_alert_time (CliFixture    *fx,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *args = g_strdup_printf ("--database '%s' new --no-window --title t "
                                           "--alert-time 2026-11-28T07:58:00Z", fx->db);
  g_autofree char *bad = g_strdup_printf ("--database '%s' new --no-window --alert-time "
                                          "yesterdayish", fx->db);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *array;
  int status;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  array = list_json (fx, parser);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "alert_time"), ==, "2026-11-28T07:58:00Z");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_cli (bad, &out, &err);
  assert_one_line_error (status, err, "yesterdayish");
}

static void
test_cli_from_alert (CliFixture    *fx,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *file = fixture_path ("alertmanager-firing.json");
  g_autofree char *args = g_strdup_printf ("--database '%s' new --no-window --from-alert '%s'",
                                           fx->db, file);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  JsonArray *array;
  JsonObject *first;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  array = list_json (fx, parser);
  g_assert_cmpint (json_array_get_length (array), ==, 1);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "created_via"), ==, "alert");

  /* The same alert again: the open incident is offered, no duplicate. */
  g_assert_cmpint (run_cli (args, &out2, &err2), ==, 0);
  g_assert_cmpstr (out2, ==, out);
  g_assert_nonnull (strstr (err2, "already"));
}

static void
test_cli_from_alert_stdin (CliFixture    *fx,
                           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *file = fixture_path ("pagerduty-triggered.json");
  g_autofree char *payload = NULL;
  g_autofree char *args = g_strdup_printf ("--database '%s' new --no-window --from-alert -",
                                           fx->db);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_file_get_contents (file, &payload, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_cli_input (args, payload, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  array = list_json (fx, parser);
  g_assert_cmpint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "severity"), ==, "sev1");
}

static void
test_cli_bad_alert (CliFixture    *fx,
                    gconstpointer  data)
{
  g_autofree char *args = g_strdup_printf ("--database '%s' new --no-window --from-alert -",
                                           fx->db);
  g_autofree char *missing = g_strdup_printf ("--database '%s' new --no-window --from-alert "
                                              "'%s/nope.json'", fx->db, fx->dir);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  int status;

  status = run_cli_input (args, "{\"version\": \"4\", \"alerts\": [", &out, &err);
  assert_one_line_error (status, err, NULL);
  status = run_cli (missing, &out2, &err2);
  assert_one_line_error (status, err2, "nope.json");
  /* Nothing was created: no database was even opened. */
  g_assert_false (g_file_test (fx->db, G_FILE_TEST_EXISTS));
}

static void
test_cli_probe (CliFixture    *fx,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *err3 = NULL;
  JsonObject *sample;
  int status;

  /* No display and no database involved. */
  status = run_cli ("probe dns://localhost --json", &out, &err);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  sample = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (sample, "kind"), ==, "dns");
  g_assert_cmpstr (json_object_get_string_member (sample, "state"), ==, "ok");

  /* Port 1 on loopback: nothing listens, an error state (exit 3). */
  status = run_cli ("probe tcp://127.0.0.1:1 --timeout 2000", &out2, &err2);
  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strcasestr (out2, "refused"));

  status = run_cli ("probe gopher://old.example", &out3, &err3);
  g_assert_cmpint (status, ==, 64);
  assert_one_line_error (status, err3, "gopher://old.example");
  g_assert_false (g_file_test (fx->db, G_FILE_TEST_EXISTS));
}

/* Nothing `probe` prints, on either stream, holds a secret of its target
 * or headers: not a parse error, not the sample, as text or JSON. */
static void
test_cli_probe_secrets (CliFixture    *fx,
                        gconstpointer  data)
{
  const struct { const char *args; int status; } cases[] = {
    { "probe 'redis://:s3cret@h/99'", 64 },
    { "probe 'redis://app:s3cret@h:port'", 64 },
    { "probe 'https://s3cret@h:99999/health' --json", 64 },
    { "probe 'http://127.0.0.1:1/%zz?api_key=s3cret'", 64 },
    { "probe 'http://T0KEN-s3cret@127.0.0.1:1/x?api_key=k3y-s3cret' --timeout 2000 "
      "-H 'Cookie: c=s3cret' -H 'X-API-Key: x-s3cret'", 3 },
    { "probe 'http://T0KEN-s3cret@127.0.0.1:1/x?token=s3cret' --timeout 2000 --json "
      "-H 'Proxy-Authorization: Basic s3cret'", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = run_cli (cases[i].args, &out, &err);

      g_test_message ("%s\n→ %s%s", cases[i].args, out, err);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_null (strstr (out, "s3cret"));
      g_assert_null (strstr (err, "s3cret"));
      if (status == 64)
        assert_one_line_error (status, err, "***");
    }
}

/* An HTTP server on a thread of its own: the test's thread waits on the
 * command line it runs, serving ic_test_request_handler (). */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  int           port;
  GMutex        lock;
  GCond         ready;
} ServerThread;

static gpointer
server_thread (gpointer data)
{
  ServerThread *st = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (st->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, ic_test_request_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&st->lock);
  st->port = g_uri_get_port (uris->data);
  g_cond_signal (&st->ready);
  g_mutex_unlock (&st->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (st->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (st->context);
  return NULL;
}

/* probe's --method, --header and --ca-file reach the request; a bad one
 * is a one-line error before anything is sent. */
static void
test_cli_probe_request (CliFixture    *fx,
                        gconstpointer  data)
{
  ServerThread st = { 0 };
  g_autofree char *good = NULL, *bare = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  int status;

  st.context = g_main_context_new ();
  st.loop = g_main_loop_new (st.context, FALSE);
  g_mutex_init (&st.lock);
  g_cond_init (&st.ready);
  g_mutex_lock (&st.lock);
  st.thread = g_thread_new ("test-http", server_thread, &st);
  while (st.port == 0)
    g_cond_wait (&st.ready, &st.lock);
  g_mutex_unlock (&st.lock);

  good = g_strdup_printf ("probe http://127.0.0.1:%d/health --method POST -H 'X-Env: prod' "
                          "--header 'Authorization: " IC_TEST_TOKEN "'", st.port);
  bare = g_strdup_printf ("probe http://127.0.0.1:%d/health", st.port);
  status = run_cli (good, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "HTTP 200"));
  status = run_cli (bare, &out2, &err2);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (out2, "400"));

  status = run_cli ("probe http://127.0.0.1:1/ --method 'GET /'", &out3, &err3);
  assert_one_line_error (status, err3, "not an HTTP method");
  status = run_cli ("probe https://127.0.0.1:1/ --ca-file /nonexistent/ca.pem", &out4, &err4);
  assert_one_line_error (status, err4, "Cannot read the CA file /nonexistent/ca.pem");

  g_main_loop_quit (st.loop);
  g_main_context_wakeup (st.context);
  g_thread_join (st.thread);
  g_main_loop_unref (st.loop);
  g_main_context_unref (st.context);
  g_mutex_clear (&st.lock);
  g_cond_clear (&st.ready);
}

/* export and import ---------------------------------------------------------- */

static void
test_parse_transfer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcCommand) json = parse ("export 7 --format json -o /tmp/out.json", &error);
  g_autoptr(IcCommand) markdown = parse ("export 12", &error);
  g_autoptr(IcCommand) import = parse ("import -", &error);
  const char *bad[] = {
    "export", "export abc", "export 0", "export -3", "export 7 --format pdf", "export 7 8",
    "import", "import a.json b.json", "list --format json",
  };

  g_assert_no_error (error);
  g_assert_cmpint (json->kind, ==, IC_COMMAND_EXPORT);
  g_assert_cmpint (json->incident_id, ==, 7);
  g_assert_true (json->export_json);
  g_assert_cmpstr (json->path, ==, "/tmp/out.json");
  g_assert_false (ic_command_needs_display (json));
  g_assert_cmpint (markdown->incident_id, ==, 12);
  g_assert_false (markdown->export_json);
  g_assert_null (markdown->path);
  g_assert_cmpint (import->kind, ==, IC_COMMAND_IMPORT);
  g_assert_cmpstr (import->path, ==, "-");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(IcCommand) command = parse (bad[i], &bad_error);

      g_test_message ("%s", bad[i]);
      g_assert_null (command);
      g_assert_error (bad_error, G_OPTION_ERROR, bad_error->code);
      g_assert_null (strchr (bad_error->message, '\n'));
    }
}

static char *
cli_ok (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

/* Runs a command line that must succeed silently; returns its output. */
static char *
cli_ok (const char *format,
        ...)
{
  g_autofree char *args = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  return out;
}

static void
test_cli_export_import (CliFixture    *fx,
                        gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other.db", NULL);
  g_autofree char *first = g_build_filename (fx->dir, "first.json", NULL);
  g_autofree char *second = g_build_filename (fx->dir, "second.json", NULL);
  g_autofree char *md_file = g_build_filename (fx->dir, "postmortem.md", NULL);
  g_autofree char *id = NULL, *imported = NULL, *markdown = NULL, *stdout_json = NULL;
  g_autofree char *a = NULL, *b = NULL, *md = NULL, *out = NULL, *listed = NULL;
  g_autoptr(GError) error = NULL;

  id = cli_ok ("--database '%s' new --no-window --title 'Orders | <b>stuck</b>'"
               " --service orders --severity sev2", fx->db);
  g_strchomp (id);
  out = cli_ok ("--database '%s' export %s --format json -o '%s'", fx->db, id, first);
  g_assert_cmpstr (out, ==, "");
  stdout_json = cli_ok ("--database '%s' export %s --format json", fx->db, id);
  imported = cli_ok ("--database '%s' import '%s'", other, first);
  g_assert_cmpstr (imported, ==, "1\n");
  g_clear_pointer (&out, g_free);
  out = cli_ok ("--database '%s' export %s --format json -o '%s'", other, id, second);
  g_assert_true (g_file_get_contents (first, &a, NULL, &error));
  g_assert_true (g_file_get_contents (second, &b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, stdout_json);
  listed = cli_ok ("--database '%s' list", other);
  g_assert_nonnull (strstr (listed, "Orders | <b>stuck</b>"));

  /* Markdown is the default format, to standard output or a file. */
  markdown = cli_ok ("--database '%s' export %s", other, id);
  g_assert_true (g_str_has_prefix (markdown, "# Orders \\| \\<b\\>stuck\\</b\\>\n"));
  g_clear_pointer (&out, g_free);
  out = cli_ok ("--database '%s' export %s --format markdown -o '%s'", other, id, md_file);
  g_assert_true (g_file_get_contents (md_file, &md, NULL, &error));
  g_assert_cmpstr (md, ==, markdown);
}

static void
test_cli_export_import_errors (CliFixture    *fx,
                               gconstpointer  data)
{
  g_autofree char *id = NULL, *garbage = g_build_filename (fx->dir, "garbage.json", NULL);
  g_autofree char *newer = g_build_filename (fx->dir, "newer.json", NULL);
  g_autofree char *missing = g_build_filename (fx->dir, "missing.json", NULL);
  g_autofree char *unwritable = g_build_filename (fx->dir, "no", "such", "dir.md", NULL);
  g_autofree char *before = NULL, *after = NULL, *exported = NULL;
  g_autoptr(GString) bumped = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *args; int status; const char *needle; } cases[] = {
    { "export 99", 1, "No incident with id 99" },
    { "export 99 --format json", 1, "No incident with id 99" },
    { NULL, 74, "missing.json" },
    { NULL, 65, "not valid JSON" },
    { NULL, 65, "newer version of Incident Commander" },
    { NULL, 65, "already exists in this database" },
    { NULL, 74, "dir.md" },
  };
  g_autofree char *import_missing = g_strdup_printf ("import '%s'", missing);
  g_autofree char *import_garbage = g_strdup_printf ("import '%s'", garbage);
  g_autofree char *import_newer = g_strdup_printf ("import '%s'", newer);
  g_autofree char *export_bad = NULL;

  id = cli_ok ("--database '%s' new --no-window --title 'Disk full'", fx->db);
  g_strchomp (id);
  exported = cli_ok ("--database '%s' export %s --format json", fx->db, id);
  g_assert_true (g_file_set_contents (garbage, "{\"format\": \"incident-commander/incident\",",
                                      -1, &error));
  bumped = g_string_new (exported);
  g_assert_cmpint (g_string_replace (bumped, "\"version\": 1", "\"version\": 99", 1), ==, 1);
  g_assert_true (g_file_set_contents (newer, bumped->str, -1, &error));
  g_assert_no_error (error);
  export_bad = g_strdup_printf ("export %s -o '%s'", id, unwritable);
  cases[2].args = import_missing;
  cases[3].args = import_garbage;
  cases[4].args = import_newer;
  cases[5].args = import_newer;
  cases[6].args = export_bad;

  before = cli_ok ("--database '%s' list --json", fx->db);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *args = g_strdup_printf ("--database '%s' %s", fx->db, cases[i].args);
      g_autofree char *out = NULL, *err = NULL;
      int status;

      g_test_message ("%s", args);
      if (i == 4)
        g_assert_true (g_file_set_contents (newer, bumped->str, -1, &error));
      /* The same file again, as it was exported: its incident is already there. */
      if (i == 5)
        g_assert_true (g_file_set_contents (newer, exported, -1, &error));
      status = run_cli (args, &out, &err);
      g_assert_cmpint (status, ==, cases[i].status);
      assert_one_line_error (status, err, cases[i].needle);
      g_assert_cmpstr (out, ==, "");
    }
  after = cli_ok ("--database '%s' list --json", fx->db);
  g_assert_cmpstr (before, ==, after);
}

/* json-glib 1.6 overflows the stack on a file nested this deep: import
 * crashed instead of refusing it (#12). */
static void
test_cli_import_deep (CliFixture    *fx,
                      gconstpointer  data)
{
  g_autofree char *deep = g_build_filename (fx->dir, "deep.json", NULL);
  g_autofree char *import_file = g_strdup_printf ("--database '%s' import '%s'", fx->db, deep);
  g_autofree char *import_stdin = g_strdup_printf ("--database '%s' import -", fx->db);
  g_autofree char *before = NULL, *after = NULL, *id = NULL;
  g_autoptr(GString) json = g_string_new ("{\"format\": \"incident-commander/incident\", "
                                          "\"version\": 1, \"incident\": ");
  g_autoptr(GError) error = NULL;
  const char *args[] = { import_file, import_stdin };

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  g_assert_true (g_file_set_contents (deep, json->str, (gssize) json->len, &error));
  g_assert_no_error (error);

  id = cli_ok ("--database '%s' new --no-window --title 'Queue stuck'", fx->db);
  before = cli_ok ("--database '%s' list --json", fx->db);
  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = run_cli_input (args[i], i == 1 ? json->str : NULL, &out, &err);

      g_test_message ("%s: %d %s", args[i], status, err);
      g_assert_cmpint (status, ==, 65);
      assert_one_line_error (status, err,
                             "The incident file is not valid JSON: nested deeper than 128 levels");
      g_assert_cmpstr (out, ==, "");
    }
  after = cli_ok ("--database '%s' list --json", fx->db);
  g_assert_cmpstr (before, ==, after);
}

/* An incident file's probes are data, never authority (#12): one the probe
 * form would refuse fails the import with 65 and leaves the database as it
 * was; one with a keyring reference comes in without it, stopped. */
static void
test_cli_import_probes (CliFixture    *fx,
                        gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other.db", NULL);
  g_autofree char *crafted = g_build_filename (fx->dir, "crafted.json", NULL);
  g_autofree char *id = NULL, *exported = NULL, *before = NULL, *after = NULL;
  g_autofree char *out = NULL, *err = NULL, *imported = NULL, *again = NULL;
  g_autofree char *bad_row = NULL, *good_row = NULL, *args = NULL;
  g_autoptr(GString) doc = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Incident 2 here, where the other database has only incident 1. */
  g_free (cli_ok ("--database '%s' new --no-window --title 'Earlier'", fx->db));
  id = cli_ok ("--database '%s' new --no-window --title 'Checkout down'", fx->db);
  g_strchomp (id);
  g_assert_cmpstr (id, ==, "2");
  exported = cli_ok ("--database '%s' export %s --format json", fx->db, id);
  g_free (cli_ok ("--database '%s' new --no-window --title 'Already here'", other));
  before = cli_ok ("--database '%s' list --json", other);

  /* A probe whose configuration names no target. */
  bad_row = g_strdup_printf ("\"probes\": [{\"id\": 7, \"incident_id\": %s, \"kind\": \"http\","
                             " \"name\": \"crafted\", \"config\": \"{}\", \"created_at\": 1}]", id);
  doc = g_string_new (exported);
  g_assert_cmpuint (g_string_replace (doc, "\"probes\": []", bad_row, 1), ==, 1);
  g_assert_true (g_file_set_contents (crafted, doc->str, -1, &error));
  g_assert_no_error (error);
  args = g_strdup_printf ("--database '%s' import '%s'", other, crafted);
  status = run_cli (args, &out, &err);
  g_assert_cmpint (status, ==, 65);
  g_assert_cmpstr (out, ==, "");
  assert_one_line_error (status, err, "Cannot import probe “crafted” (row 1 of “probes”): "
                                      "The probe has no target");
  after = cli_ok ("--database '%s' list --json", other);
  g_assert_cmpstr (after, ==, before);

  /* A valid probe that names a keyring reference and says it runs. */
  good_row = g_strdup_printf ("\"probes\": [{\"id\": 7, \"incident_id\": %s, \"kind\": \"http\","
                              " \"name\": \"crafted\", \"config\":"
                              " \"{\\\"spec\\\": \\\"https://checkout.example/health\\\"}\","
                              " \"secret_ref\": \"ic-probe-secret-stolen\", \"enabled\": 1,"
                              " \"created_at\": 1}]", id);
  g_string_assign (doc, exported);
  g_assert_cmpuint (g_string_replace (doc, "\"probes\": []", good_row, 1), ==, 1);
  g_assert_true (g_file_set_contents (crafted, doc->str, -1, &error));
  imported = cli_ok ("--database '%s' import '%s'", other, crafted);
  g_strchomp (imported);
  again = cli_ok ("--database '%s' export %s --format json", other, imported);
  g_assert_nonnull (strstr (again, "\"name\": \"crafted\""));
  g_assert_nonnull (strstr (again, "\"enabled\": 0,"));
  g_assert_null (strstr (again, "secret_ref"));
  g_assert_null (strstr (again, "ic-probe-secret-stolen"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/command-line/parse/open", test_parse_open);
  g_test_add_func ("/ic/command-line/parse/new", test_parse_new);
  g_test_add_func ("/ic/command-line/parse/list", test_parse_list);
  g_test_add_func ("/ic/command-line/parse/errors", test_parse_errors);
  g_test_add_func ("/ic/command-line/help", test_help_lists_commands);
  g_test_add_func ("/ic/command-line/parse/transfer", test_parse_transfer);
  g_test_add_func ("/ic/command-line/parse/sources", test_parse_sources);
  g_test_add ("/ic/command-line/cli/export-import", CliFixture, NULL, cli_setup,
              test_cli_export_import, cli_teardown);
  g_test_add ("/ic/command-line/cli/export-import-errors", CliFixture, NULL, cli_setup,
              test_cli_export_import_errors, cli_teardown);
  g_test_add ("/ic/command-line/cli/import-deep", CliFixture, NULL, cli_setup,
              test_cli_import_deep, cli_teardown);
  g_test_add ("/ic/command-line/cli/import-probes", CliFixture, NULL, cli_setup,
              test_cli_import_probes, cli_teardown);
  g_test_add ("/ic/command-line/cli/version-help", CliFixture, NULL, cli_setup,
              test_cli_version_and_help, cli_teardown);
  g_test_add ("/ic/command-line/cli/new-list-json", CliFixture, NULL, cli_setup,
              test_cli_new_and_list_json, cli_teardown);
  g_test_add ("/ic/command-line/cli/list-text", CliFixture, NULL, cli_setup,
              test_cli_list_text, cli_teardown);
  g_test_add ("/ic/command-line/cli/errors", CliFixture, NULL, cli_setup, test_cli_errors,
              cli_teardown);
  g_test_add ("/ic/command-line/cli/sources-changes", CliFixture, NULL, cli_setup,
              test_cli_sources_changes, cli_teardown);
  g_test_add ("/ic/command-line/cli/similar", CliFixture, NULL, cli_setup, test_cli_similar,
              cli_teardown);
  g_test_add ("/ic/command-line/cli/drill", CliFixture, NULL, cli_setup, test_cli_drill,
              cli_teardown);
  g_test_add ("/ic/command-line/cli/unreadable-database", CliFixture, NULL, cli_setup,
              test_cli_unreadable_database, cli_teardown);
  g_test_add ("/ic/command-line/cli/alert-time", CliFixture, NULL, cli_setup,
              test_cli_alert_time, cli_teardown);
  g_test_add ("/ic/command-line/cli/from-alert", CliFixture, NULL, cli_setup,
              test_cli_from_alert, cli_teardown);
  g_test_add ("/ic/command-line/cli/from-alert-stdin", CliFixture, NULL, cli_setup,
              test_cli_from_alert_stdin, cli_teardown);
  g_test_add ("/ic/command-line/cli/bad-alert", CliFixture, NULL, cli_setup,
              test_cli_bad_alert, cli_teardown);
  g_test_add ("/ic/command-line/cli/probe-request", CliFixture, NULL, cli_setup,
              test_cli_probe_request, cli_teardown);
  g_test_add ("/ic/command-line/cli/probe-secrets", CliFixture, NULL, cli_setup,
              test_cli_probe_secrets, cli_teardown);
  g_test_add ("/ic/command-line/cli/probe", CliFixture, NULL, cli_setup, test_cli_probe,
              cli_teardown);

  return g_test_run ();
}
