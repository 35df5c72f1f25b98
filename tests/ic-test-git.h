/* ic-test-git.h — git repositories made by the tests with the git command
 * line, at dates they choose, with none of the machine's configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Runs git in @cwd, its dates @at_s (0: now), with no configuration of the
 * machine's; fails the test when git does. */
static G_GNUC_UNUSED char *
git_at (const char *cwd,
        gint64      at_s,
        const char *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *date = g_strdup_printf ("@%" G_GINT64_FORMAT " +0000", at_s);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "git");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "GIT_CONFIG_NOSYSTEM", "1", TRUE);
  env = g_environ_setenv (env, "GIT_CONFIG_GLOBAL", "/dev/null", TRUE);
  env = g_environ_setenv (env, "GIT_AUTHOR_NAME", "Ana Lima", TRUE);
  env = g_environ_setenv (env, "GIT_AUTHOR_EMAIL", "ana@example.com", TRUE);
  env = g_environ_setenv (env, "GIT_COMMITTER_NAME", "Ana Lima", TRUE);
  env = g_environ_setenv (env, "GIT_COMMITTER_EMAIL", "ana@example.com", TRUE);
  if (at_s != 0)
    {
      env = g_environ_setenv (env, "GIT_AUTHOR_DATE", date, TRUE);
      env = g_environ_setenv (env, "GIT_COMMITTER_DATE", date, TRUE);
    }
  g_spawn_sync (cwd, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("git %s failed: %s", first, err);
  return g_steal_pointer (&out);
}

#define git(cwd, ...) g_free (git_at (cwd, 0, __VA_ARGS__, NULL))

static G_GNUC_UNUSED void
write_file (const char *repo,
            const char *path,
            const char *text,
            gssize      length)
{
  g_autofree char *full = g_build_filename (repo, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (full, text, length, &error);
  g_assert_no_error (error);
}

/* Commits everything in @repo at @at_s with @message. */
static G_GNUC_UNUSED void
commit_at (const char *repo,
           gint64      at_s,
           const char *message)
{
  g_free (git_at (repo, at_s, "add", "-A", NULL));
  g_free (git_at (repo, at_s, "commit", "-q", "--allow-empty", "-m", message, NULL));
}

static G_GNUC_UNUSED void
init_repo (const char *repo)
{
  g_assert_cmpint (g_mkdir_with_parents (repo, 0700), ==, 0);
  git (repo, "init", "-q", "-b", "main");
}
