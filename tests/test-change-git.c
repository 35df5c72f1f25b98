/* test-change-git.c — the commits of a local git repository as changes:
 * against repositories this test makes with the git command line in a
 * temporary folder, at dates it chooses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gmodule.h>

#include "ic-change-git.h"
#include "ic-change-git-module.h"
#include "ic-test-git.h"
#include "ic-test-util.h"

/* The alert, and the window the app reads: two hours before it, to now. */
#define ALERT_S G_GINT64_CONSTANT (1795852800)
#define MIN_S(n) ((gint64) (n) * 60)
#define SINCE_US ((ALERT_S - MIN_S (120)) * G_USEC_PER_SEC)
#define UNTIL_US ((ALERT_S + MIN_S (10)) * G_USEC_PER_SEC)

typedef struct
{
  char *dir;    /* everything of one test */
  char *repo;   /* the repository most tests use */
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-git-XXXXXX", &error);
  g_assert_no_error (error);
  fx->repo = g_build_filename (fx->dir, "sessions-config", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ic_test_remove_tree (fx->dir);
  g_free (fx->repo);
  g_free (fx->dir);
}

static GPtrArray *
read_source (const char  *location,
             const char  *branch,
             const char  *paths,
             char       **note,
             GError     **error)
{
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                           location);

  source->branch = g_strdup (branch);
  if (paths != NULL)
    {
      g_strfreev (source->paths);
      source->paths = g_strsplit (paths, "\n", -1);
    }
  return ic_change_git_read (source, SINCE_US, UNTIL_US, NULL, note, error);
}

static IcChangeDraft *
draft_at (GPtrArray *drafts,
          guint      i)
{
  g_assert_cmpuint (i, <, drafts->len);
  return drafts->pdata[i];
}

/* Commits inside the window, newest first, and none from before it or
 * after it; each with its time, author, revision and description. */
static void
test_window (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  IcChangeDraft *newest;

  init_repo (fx->repo);
  write_file (fx->repo, "src/pool.c", "int size = 128;\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (180), "Start the pool at 128");
  write_file (fx->repo, "src/pool.c", "int size = 256;\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (90), "Double the pool");
  write_file (fx->repo, "src/tokens.c", "rotate ();\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (20), "Rotate refresh tokens on every use");
  write_file (fx->repo, "src/tokens.c", "rotate_once ();\n", -1);
  commit_at (fx->repo, ALERT_S + MIN_S (30), "After the window");

  drafts = read_source (fx->repo, NULL, NULL, &note, &error);
  g_assert_no_error (error);
  g_assert_null (note);
  g_assert_cmpuint (drafts->len, ==, 2);
  newest = draft_at (drafts, 0);
  g_assert_cmpint (newest->changed_at, ==, (ALERT_S - MIN_S (20)) * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (newest->description, "sessions-config "));
  g_assert_true (g_str_has_suffix (newest->description, ": Rotate refresh tokens on every use"));
  g_assert_cmpstr (newest->author, ==, "Ana Lima");
  g_assert_cmpuint (strlen (newest->revision), ==, 40);
  g_assert_cmpint (newest->kind, ==, IC_CHANGE_KIND_DEPLOY);
  g_assert_true (newest->reversible);
  g_assert_null (newest->config_diff);
  g_assert_true (g_str_has_suffix (draft_at (drafts, 1)->description, ": Double the pool"));
}

/* The renamed environment variable, across a .env file and a Kubernetes
 * manifest in one commit of the config repository: a config change, each
 * file's keys, the rename called out, the secret masked. */
static void
test_renamed_env_key (Fixture       *fx,
                      gconstpointer  data)
{
#define MANIFEST \
  "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sessions-api\nspec:\n" \
  "  template:\n    spec:\n      containers:\n      - name: api\n        env:\n" \
  "        - name: %s\n          value: \"%s\"\n"
  g_autofree char *before = g_strdup_printf (MANIFEST, "CLUSTER_DISCOVERY", "true");
  g_autofree char *after = g_strdup_printf (MANIFEST, "REDIS_URI", "redis://10.0.4.13:6379");
#undef MANIFEST
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  IcChangeDraft *change;

  init_repo (fx->repo);
  write_file (fx->repo, "env/prod.env", "CLUSTER_DISCOVERY=true\nREDIS_PASSWORD=hunter2\n", -1);
  write_file (fx->repo, "k8s/sessions-api.yaml", before, -1);
  commit_at (fx->repo, ALERT_S - MIN_S (150), "Sessions config");
  write_file (fx->repo, "env/prod.env",
              "REDIS_URI=redis://10.0.4.13:6379\nREDIS_PASSWORD=correct-horse\n", -1);
  write_file (fx->repo, "k8s/sessions-api.yaml", after, -1);
  commit_at (fx->repo, ALERT_S - MIN_S (35), "Simplify Redis connection settings (#412)");

  drafts = read_source (fx->repo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  change = draft_at (drafts, 0);
  g_assert_cmpint (change->kind, ==, IC_CHANGE_KIND_CONFIG);
  g_assert_cmpstr (change->config_diff, ==,
                   "env/prod.env: CLUSTER_DISCOVERY removed (was true); "
                   "REDIS_PASSWORD changed: •••••• → ••••••; "
                   "REDIS_URI added (redis://10.0.4.13:6379)"
                   " — CLUSTER_DISCOVERY removed, REDIS_URI added: renamed?\n"
                   "k8s/sessions-api.yaml: "
                   "spec.template.spec.containers[api].env.CLUSTER_DISCOVERY removed (was true); "
                   "spec.template.spec.containers[api].env.REDIS_URI added "
                   "(redis://10.0.4.13:6379)"
                   " — spec.template.spec.containers[api].env.CLUSTER_DISCOVERY removed, "
                   "spec.template.spec.containers[api].env.REDIS_URI added: renamed?");
  g_assert_null (strstr (change->config_diff, "hunter2"));
}

/* A branch is read when named (local, or origin's), HEAD otherwise; a
 * branch that is not there is an error naming it. */
static void
test_branches (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) on_main = NULL;
  g_autoptr(GPtrArray) on_prod = NULL;
  g_autoptr(GError) error = NULL;

  init_repo (fx->repo);
  write_file (fx->repo, "env/prod.env", "POOL=1\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (100), "Base");
  git (fx->repo, "checkout", "-q", "-b", "prod");
  write_file (fx->repo, "env/prod.env", "POOL=2\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (30), "Promote POOL=2 to prod");
  git (fx->repo, "checkout", "-q", "main");

  on_main = read_source (fx->repo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_main->len, ==, 1);
  on_prod = read_source (fx->repo, "prod", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_prod->len, ==, 2);
  g_assert_true (g_str_has_prefix (draft_at (on_prod, 0)->description, "sessions-config@prod "));
  g_assert_cmpstr (draft_at (on_prod, 0)->config_diff, ==, "env/prod.env: POOL changed: 1 → 2");

  g_assert_null (read_source (fx->repo, "staging", NULL, NULL, &error));
  g_assert_error (error, IC_CHANGE_GIT_ERROR, IC_CHANGE_GIT_ERROR_NO_BRANCH);
  g_assert_true (g_str_has_prefix (error->message, "There is no branch “staging” in "));
}

/* Path filters: a folder, and a glob; a commit outside them is not a
 * change of this source, and its files are not in the diff. */
static void
test_path_filters (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) env = NULL;
  g_autoptr(GPtrArray) yaml = NULL;
  g_autoptr(GError) error = NULL;

  init_repo (fx->repo);
  write_file (fx->repo, "README.md", "config\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (110), "Readme");
  write_file (fx->repo, "env/prod.env", "A=1\n", -1);
  write_file (fx->repo, "env-old/prod.env", "A=1\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (60), "Env");
  write_file (fx->repo, "k8s/api.yaml", "replicas: 3\n", -1);
  write_file (fx->repo, "k8s/notes.txt", "x\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (30), "Manifest");

  env = read_source (fx->repo, NULL, "env", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (env->len, ==, 1);
  /* "env" is the folder, not every name that starts with it. */
  g_assert_cmpstr (draft_at (env, 0)->config_diff, ==, "env/prod.env: A added (1)");
  yaml = read_source (fx->repo, NULL, "k8s/*.yaml\nnothing/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yaml->len, ==, 1);
  g_assert_cmpstr (draft_at (yaml, 0)->config_diff, ==, "k8s/api.yaml: replicas added (3)");
}

/* A merge is one change of the mainline: compared with its first parent,
 * the branch's own commits are not read one by one. */
static void
test_merge_commits (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  IcChangeDraft *merge;

  init_repo (fx->repo);
  write_file (fx->repo, "config/app.json", "{\"pool\": 128, \"ttl\": 30}", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (115), "Base");
  git (fx->repo, "checkout", "-q", "-b", "feature");
  write_file (fx->repo, "config/app.json", "{\"pool\": 256, \"ttl\": 30}", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (80), "Pool 256");
  write_file (fx->repo, "config/app.json", "{\"pool\": 256, \"ttl\": 60}", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (70), "TTL 60");
  git (fx->repo, "checkout", "-q", "main");
  g_free (git_at (fx->repo, ALERT_S - MIN_S (40), "merge", "-q", "--no-ff", "-m",
                  "Merge branch 'feature'", "feature", NULL));

  drafts = read_source (fx->repo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  merge = draft_at (drafts, 0);
  g_assert_true (g_str_has_suffix (merge->description, ": Merge branch 'feature'"));
  g_assert_cmpstr (merge->config_diff, ==,
                   "config/app.json: pool changed: 128 → 256; ttl changed: 30 → 60");
}

/* Bad input: a folder that is not there, a folder that is no repository, a
 * binary file where a configuration file was, an empty repository. */
static void
test_bad_repositories (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (fx->dir, "plain", NULL);
  g_autofree char *empty = g_build_filename (fx->dir, "empty", NULL);
  g_autofree char *missing = g_build_filename (fx->dir, "gone", NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (read_source (missing, NULL, NULL, NULL, &error));
  g_assert_error (error, IC_CHANGE_GIT_ERROR, IC_CHANGE_GIT_ERROR_MISSING);
  g_assert_true (strstr (error->message, " is not there (") != NULL);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir_with_parents (plain, 0700), ==, 0);
  g_assert_null (read_source (plain, NULL, NULL, NULL, &error));
  g_assert_error (error, IC_CHANGE_GIT_ERROR, IC_CHANGE_GIT_ERROR_NOT_A_REPOSITORY);
  g_assert_true (g_str_has_suffix (error->message, "/plain is not a git repository"));
  g_clear_error (&error);

  init_repo (empty);
  none = read_source (empty, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  init_repo (fx->repo);
  write_file (fx->repo, "flags.json", "{}", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (100), "Flags");
  write_file (fx->repo, "flags.json", "{\0\1\2}", 5);
  commit_at (fx->repo, ALERT_S - MIN_S (50), "Oops, a binary");
  drafts = read_source (fx->repo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft_at (drafts, 0)->config_diff, ==,
                   "flags.json: after the change: a binary file, not compared");
}

/* A bare repository reads like any other; a shallow clone says so, and its
 * oldest commit's files are not compared with a parent it does not have. */
static void
test_bare_and_shallow (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *bare = g_build_filename (fx->dir, "bare.git", NULL);
  g_autofree char *shallow = g_build_filename (fx->dir, "shallow", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) from_bare = NULL;
  g_autoptr(GPtrArray) from_shallow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  init_repo (fx->repo);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("POOL=%u\n", i);
      g_autofree char *message = g_strdup_printf ("Pool %u", i);

      write_file (fx->repo, "prod.env", text, -1);
      commit_at (fx->repo, ALERT_S - MIN_S (100 - 20 * i), message);
    }
  git (fx->dir, "clone", "-q", "--bare", fx->repo, bare);
  from_bare = read_source (bare, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_bare->len, ==, 4);
  g_assert_true (g_str_has_prefix (draft_at (from_bare, 0)->description, "bare "));

  url = g_strconcat ("file://", fx->repo, NULL);
  git (fx->dir, "clone", "-q", "--depth", "2", url, shallow);
  from_shallow = read_source (shallow, NULL, NULL, &note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_shallow->len, ==, 2);
  g_assert_cmpstr (note, ==, "A shallow clone: older history is not there.");
  g_assert_cmpstr (draft_at (from_shallow, 0)->config_diff, ==, "prod.env: POOL changed: 2 → 3");
  g_assert_cmpstr (draft_at (from_shallow, 1)->config_diff, ==,
                   "prod.env: not compared (the commit before it is not in this shallow clone)");
}

/* A huge history is read to a bound: the newest commits, and a note. */
static void
test_bounded_walk (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GString) stream = g_string_new (NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *script = g_build_filename (fx->dir, "history.fi", NULL);
  g_autofree char *command = NULL;
  guint n = IC_CHANGE_GIT_MAX_COMMITS + 50;
  int status;

  /* git fast-import writes thousands of commits in a moment. */
  init_repo (fx->repo);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *text = g_strdup_printf ("N=%u\n", i);
      g_autofree char *message = g_strdup_printf ("Commit %u\n", i);

      g_string_append_printf (stream, "commit refs/heads/main\nmark :%u\n"
                              "committer Ana Lima <ana@example.com> %" G_GINT64_FORMAT " +0000\n"
                              "data %zu\n%s"
                              "M 644 inline n.env\ndata %zu\n%s\n",
                              i, ALERT_S - MIN_S (100) + i, strlen (message), message,
                              strlen (text), text);
    }
  g_file_set_contents (script, stream->str, stream->len, &error);
  g_assert_no_error (error);
  command = g_strdup_printf ("sh -c 'cd %s && git fast-import --quiet < %s'", fx->repo, script);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  drafts = read_source (fx->repo, NULL, NULL, &note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, IC_CHANGE_GIT_MAX_COMMITS);
  g_assert_cmpstr (note, ==, "Read the newest 2000 commits only.");
}

/* A read cancelled says so, and reads nothing. */
static void
test_cancelled (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "", fx->repo);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  init_repo (fx->repo);
  write_file (fx->repo, "a.env", "A=1\n", -1);
  commit_at (fx->repo, ALERT_S - MIN_S (10), "A");
  g_cancellable_cancel (cancellable);
  g_assert_null (ic_change_git_read (source, SINCE_US, UNTIL_US, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* libgit2 is loaded with the first read, not before, and its symbols stay
 * out of the global scope every later dlopen() searches (the module is
 * opened local). In a process of its own, so that no other test has read
 * first. */
static void
test_module_loaded_local (Fixture       *fx,
                          gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) drafts = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (ic_test_library_mapped ("libgit2"));
      g_assert_false (ic_test_library_mapped (IC_CHANGE_GIT_MODULE_FILE));
      init_repo (fx->repo);
      write_file (fx->repo, "prod.env", "POOL=10\n", -1);
      commit_at (fx->repo, ALERT_S - MIN_S (200), "Pool of ten");
      write_file (fx->repo, "prod.env", "POOL=20\n", -1);
      commit_at (fx->repo, ALERT_S - MIN_S (30), "Pool of twenty");
      drafts = read_source (fx->repo, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, 1);
      g_assert_cmpstr (draft_at (drafts, 0)->config_diff, ==, "prod.env: POOL changed: 10 → 20");
      g_assert_true (ic_test_library_mapped (IC_CHANGE_GIT_MODULE_FILE));
      g_assert_true (ic_test_library_mapped ("libgit2"));
      g_assert_null (dlsym (RTLD_DEFAULT, "git_libgit2_init"));
      g_assert_null (dlsym (RTLD_DEFAULT, "ic_change_git_module_read"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No module where the program looks: every read says so, by its own error,
 * and nothing else breaks. */
static void
test_module_missing (Fixture       *fx,
                     gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;

      g_assert_true (g_setenv ("IC_MODULE_DIR", fx->dir, TRUE));
      path = ic_change_git_module_path ();
      g_assert_true (g_str_has_prefix (path, fx->dir));
      init_repo (fx->repo);
      for (guint i = 0; i < 2; i++)
        {
          g_assert_null (read_source (fx->repo, NULL, NULL, NULL, &error));
          g_assert_error (error, IC_CHANGE_GIT_ERROR, IC_CHANGE_GIT_ERROR_UNAVAILABLE);
          g_assert_true (g_str_has_prefix (error->message,
                                           "Git repositories cannot be read: the app's git "
                                           "reader did not load ("));
          g_assert_nonnull (strstr (error->message, path));
          g_clear_error (&error);
        }
      g_assert_false (ic_test_library_mapped ("libgit2"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A module built against other hooks (left from another build of the app)
 * refuses to read, by its own error, rather than calling through a table of
 * another shape. */
static void
test_module_other_hooks (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *path = ic_change_git_module_path ();
  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                           fx->repo);
  IcChangeGitHooks hooks = { .size = sizeof (IcChangeGitHooks) - sizeof (gpointer) };
  IcChangeGitModuleRead *entry = NULL;
  g_autoptr(GError) error = NULL;
  char *note = (char *) "unset";

  g_assert_nonnull (module);
  g_assert_true (g_module_symbol (module, IC_CHANGE_GIT_MODULE_ENTRY, (gpointer *) &entry));
  init_repo (fx->repo);
  g_assert_null (entry (&hooks, source, "sessions", SINCE_US, UNTIL_US, NULL, &note, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "The git reader does not match this version of the app: reinstall it");
  g_assert_null (note);
  g_module_close (module);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ic/change-git/window", test_window);
  ADD ("/ic/change-git/renamed-env-key", test_renamed_env_key);
  ADD ("/ic/change-git/branches", test_branches);
  ADD ("/ic/change-git/path-filters", test_path_filters);
  ADD ("/ic/change-git/merge-commits", test_merge_commits);
  ADD ("/ic/change-git/bad-repositories", test_bad_repositories);
  ADD ("/ic/change-git/bare-and-shallow", test_bare_and_shallow);
  ADD ("/ic/change-git/bounded-walk", test_bounded_walk);
  ADD ("/ic/change-git/cancelled", test_cancelled);
  ADD ("/ic/change-git/module-loaded-local", test_module_loaded_local);
  ADD ("/ic/change-git/module-missing", test_module_missing);
  ADD ("/ic/change-git/module-other-hooks", test_module_other_hooks);
#undef ADD
  return g_test_run ();
}
