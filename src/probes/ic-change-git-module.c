/* ic-change-git-module.c — the commits of a local git repository, as
 * changes: the module that links libgit2 (ic-change-git-module.h)
 *
 * Reads, through libgit2, the first-parent history of a branch (or HEAD)
 * in a window of time: each commit is a change of the kind its files and
 * message suggest, and a commit that touches configuration files carries
 * what it did to their keys (ic-config-diff.c). A merge is compared with
 * its first parent, so a merged branch reads as the one change it was to
 * the mainline. Blocking: run it in a worker thread. The program's own
 * functions are reached through IcChangeGitHooks only: the executable
 * exports nothing to this module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-git"

#include "config.h"

#include <string.h>

#include <git2.h>
#include <gmodule.h>
#include <glib/gi18n.h>

#include "ic-change-git.h"
#include "ic-change-git-module.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_diff, git_diff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_blob, git_blob_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_object, git_object_free)

static void
ensure_libgit2 (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      git_libgit2_init ();
      g_once_init_leave (&done, 1);
    }
}

static void
set_git_error (const IcChangeGitHooks  *hooks,
               GError                 **error,
               int                      code,
               const char              *doing)
{
  const git_error *last = git_error_last ();

  /* Translators: "reading the history: object not found" */
  g_set_error (error, hooks->error_quark (), code, _("%s: %s"), doing,
               last != NULL && last->message != NULL ? last->message : _("unknown error"));
}

/* Whether @path passes the source's filters: a directory or file prefix
 * ("env/prod", "k8s/"), or a glob ("k8s" then "/" then "*.yaml"). None lets
 * all pass. */
static gboolean
path_wanted (const IcChangeSource *source,
             const char           *path)
{
  if (source->paths == NULL || source->paths[0] == NULL)
    return TRUE;
  for (guint i = 0; source->paths[i] != NULL; i++)
    {
      const char *filter = source->paths[i];
      gsize n = strlen (filter);

      if (n == 0)
        continue;
      if (strpbrk (filter, "*?[") != NULL)
        {
          if (g_pattern_match_simple (filter, path))
            return TRUE;
        }
      else if (g_str_has_prefix (path, filter)
               && (path[n] == '\0' || path[n] == '/' || filter[n - 1] == '/'))
        return TRUE;
    }
  return FALSE;
}

/* The text of a blob, or NULL for none (an added or deleted file's other
 * side). */
static char *
blob_text (git_repository  *repo,
           const git_oid   *id,
           gsize           *length)
{
  g_autoptr(git_blob) blob = NULL;
  gsize size;

  *length = 0;
  if (git_oid_is_zero (id) || git_blob_lookup (&blob, repo, id) != 0)
    return NULL;
  size = (gsize) git_blob_rawsize (blob);
  *length = size;
  /* A huge file is passed on as it is: the diff refuses it by its size. */
  return g_memdup2 (git_blob_rawcontent (blob), size + (size == 0));
}

typedef struct
{
  GPtrArray *paths;    /* the commit's files that pass the filters */
  GString   *configs;  /* what it did to configuration files */
} CommitFiles;

static void
read_files (const IcChangeGitHooks *hooks,
            git_repository       *repo,
            git_diff             *diff,
            const IcChangeSource *source,
            gboolean              parent_missing,
            CommitFiles          *files)
{
  gsize n = MIN (git_diff_num_deltas (diff), IC_CHANGE_GIT_MAX_FILES);

  for (gsize i = 0; i < n; i++)
    {
      const git_diff_delta *delta = git_diff_get_delta (diff, i);
      const char *path = delta->new_file.path != NULL ? delta->new_file.path
                                                      : delta->old_file.path;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      IcConfigFileDiff *config;
      g_autofree char *line = NULL;
      gsize before_length, after_length;

      if (path == NULL || !path_wanted (source, path))
        continue;
      g_ptr_array_add (files->paths, g_strdup (path));
      if (hooks->config_format_for_path (path) == IC_CONFIG_FORMAT_NONE)
        continue;
      if (files->configs->len > 0)
        g_string_append_c (files->configs, '\n');
      if (parent_missing)
        {
          /* Translators: %s is a file of a commit in a shallow clone */
          g_string_append_printf (files->configs,
                                  _("%s: not compared (the commit before it is not in this "
                                    "shallow clone)"), path);
          continue;
        }
      before = blob_text (repo, &delta->old_file.id, &before_length);
      after = blob_text (repo, &delta->new_file.id, &after_length);
      config = hooks->config_diff_new (path, before, before_length, after, after_length);
      line = hooks->config_diff_to_string (config);
      hooks->config_diff_free (config);
      g_string_append (files->configs, line);
    }
}

/* One commit as a change, or NULL when none of its files pass the
 * filters. */
static IcChangeDraft *
read_commit (const IcChangeGitHooks *hooks,
             git_repository       *repo,
             git_commit           *commit,
             const IcChangeSource *source,
             const char           *name,
             gboolean             *shallow_edge)
{
  g_autoptr(git_commit) parent = NULL;
  g_autoptr(git_tree) parent_tree = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_diff) diff = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) configs = g_string_new (NULL);
  CommitFiles files = { paths, configs };
  gboolean parent_missing = FALSE;
  g_autofree char *hex = NULL;
  const git_signature *author;
  IcChangeDraft *draft;
  const char *summary;

  if (git_commit_parentcount (commit) > 0 && git_commit_parent (&parent, commit, 0) != 0)
    parent_missing = *shallow_edge = TRUE;
  if (git_commit_tree (&tree, commit) != 0
      || (parent != NULL && git_commit_tree (&parent_tree, parent) != 0)
      || git_diff_tree_to_tree (&diff, repo, parent_tree, tree, NULL) != 0)
    return NULL;
  read_files (hooks, repo, diff, source, parent_missing, &files);
  if (paths->len == 0 && source->paths != NULL && source->paths[0] != NULL)
    return NULL;
  g_ptr_array_add (paths, NULL);

  hex = g_strdup (git_oid_tostr_s (git_commit_id (commit)));
  summary = git_commit_summary (commit);
  author = git_commit_author (commit);
  draft = hooks->draft_new ();
  draft->revision = g_strdup (hex);
  hex[7] = '\0';
  draft->description = g_strdup_printf ("%s %s: %s", name, hex,
                                        summary != NULL && *summary != '\0' ? summary
                                                                            : _("(no message)"));
  draft->kind = hooks->guess_kind (git_commit_message (commit),
                                      (const char * const *) paths->pdata);
  draft->changed_at = (gint64) git_commit_time (commit) * G_USEC_PER_SEC;
  draft->author = author != NULL && author->name != NULL ? g_strdup (author->name) : NULL;
  draft->reversible = TRUE;
  draft->config_diff = configs->len > 0 ? g_strdup (configs->str) : NULL;
  return draft;
}

static gboolean
open_repository (const IcChangeGitHooks *hooks,
                 const IcChangeSource  *source,
                 git_repository       **repo,
                 GError               **error)
{
  int rc;

  if (!g_file_test (source->location, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, hooks->error_quark (), IC_CHANGE_GIT_ERROR_MISSING,
                   /* Translators: %s is a folder */
                   _("%s is not there (moved, deleted, or no longer shared with the app: choose "
                     "it again)"), source->location);
      return FALSE;
    }
  rc = git_repository_open_ext (repo, source->location, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
  if (rc == GIT_ENOTFOUND)
    {
      g_set_error (error, hooks->error_quark (), IC_CHANGE_GIT_ERROR_NOT_A_REPOSITORY,
                   _("%s is not a git repository"), source->location);
      return FALSE;
    }
  if (rc != 0)
    {
      set_git_error (hooks, error, IC_CHANGE_GIT_ERROR_FAILED, source->location);
      return FALSE;
    }
  return TRUE;
}

/* Where the walk starts: the branch (local, else origin's), else HEAD. */
static gboolean
find_start (const IcChangeGitHooks *hooks,
            git_repository        *repo,
            const IcChangeSource  *source,
            git_oid               *start,
            gboolean              *empty,
            GError               **error)
{
  g_autoptr(git_object) head = NULL;

  *empty = FALSE;
  if (source->branch != NULL && *source->branch != '\0')
    {
      const char *prefixes[] = { "refs/heads/", "refs/remotes/origin/", "" };

      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        {
          g_autofree char *spec = g_strconcat (prefixes[i], source->branch, NULL);
          g_autoptr(git_object) target = NULL;
          g_autoptr(git_object) commit = NULL;

          if (git_revparse_single (&target, repo, spec) == 0
              && git_object_peel (&commit, target, GIT_OBJECT_COMMIT) == 0)
            {
              git_oid_cpy (start, git_object_id (commit));
              return TRUE;
            }
        }
      g_set_error (error, hooks->error_quark (), IC_CHANGE_GIT_ERROR_NO_BRANCH,
                   /* Translators: a branch, then a folder */
                   _("There is no branch “%s” in %s"), source->branch, source->location);
      return FALSE;
    }
  if (git_repository_head_unborn (repo) == 1)
    {
      *empty = TRUE;
      return TRUE;
    }
  if (git_revparse_single (&head, repo, "HEAD^{commit}") != 0)
    {
      set_git_error (hooks, error, IC_CHANGE_GIT_ERROR_FAILED, _("Cannot read HEAD"));
      return FALSE;
    }
  git_oid_cpy (start, git_object_id (head));
  return TRUE;
}

/* The module's one entry (IC_CHANGE_GIT_MODULE_ENTRY): what
 * ic_change_git_read() documents. Exported; everything else is hidden. */
G_MODULE_EXPORT IcChangeGitModuleRead ic_change_git_module_read;

GPtrArray *
ic_change_git_module_read (const IcChangeGitHooks  *hooks,
                           const IcChangeSource    *source,
                           const char              *name,
                           gint64                   since_us,
                           gint64                   until_us,
                           GCancellable            *cancellable,
                           char                   **note,
                           GError                 **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  gboolean empty = FALSE, shallow_edge = FALSE, cut = FALSE;
  git_oid start;

  g_return_val_if_fail (hooks != NULL, NULL);
  g_return_val_if_fail (source != NULL && source->kind == IC_CHANGE_SOURCE_GIT, NULL);

  if (note != NULL)
    *note = NULL;
  if (hooks->size != sizeof (IcChangeGitHooks))
    {
      /* A module left from another build of the program. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The git reader does not match this version of the app: "
                             "reinstall it"));
      return NULL;
    }
  ensure_libgit2 ();
  if (!open_repository (hooks, source, &repo, error)
      || !find_start (hooks, repo, source, &start, &empty, error))
    return NULL;

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) hooks->draft_free);
  if (!empty && git_commit_lookup (&commit, repo, &start) != 0)
    {
      set_git_error (hooks, error, IC_CHANGE_GIT_ERROR_FAILED, source->location);
      return NULL;
    }
  for (guint seen = 0; commit != NULL; seen++)
    {
      gint64 at = (gint64) git_commit_time (commit) * G_USEC_PER_SEC;
      git_commit *parent = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (at < since_us)
        break;
      if (at <= until_us)
        {
          IcChangeDraft *draft;

          if (drafts->len >= IC_CHANGE_GIT_MAX_COMMITS)
            {
              cut = TRUE;
              break;
            }
          draft = read_commit (hooks, repo, commit, source, name, &shallow_edge);
          if (draft != NULL)
            g_ptr_array_add (drafts, draft);
        }
      /* A bound on the walk itself, for a branch whose newest commits are
       * all after the window. */
      if (seen >= 100 * IC_CHANGE_GIT_MAX_COMMITS)
        {
          cut = TRUE;
          break;
        }
      if (git_commit_parentcount (commit) == 0 || git_commit_parent (&parent, commit, 0) != 0)
        break;  /* the first commit, or the edge of a shallow clone */
      git_commit_free (commit);
      commit = parent;
    }

  if (note != NULL && (cut || (shallow_edge || git_repository_is_shallow (repo) == 1)))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      if (git_repository_is_shallow (repo) == 1)
        g_string_append (text, _("A shallow clone: older history is not there."));
      if (cut && text->len > 0)
        g_string_append_c (text, ' ');
      if (cut)
        /* Translators: %u is a number of commits */
        g_string_append_printf (text, _("Read the newest %u commits only."),
                                IC_CHANGE_GIT_MAX_COMMITS);
      *note = g_string_free (g_steal_pointer (&text), FALSE);
    }
  return g_steal_pointer (&drafts);
}
