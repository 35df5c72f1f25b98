/* ic-change-git.c — the commits of a local git repository, as changes
 *
 * The reading itself is in a module (ic-change-git-module.c), so that
 * libgit2 and the libraries it pulls in are loaded only when a git source
 * is first read, and kept out of the global scope (ic-change-git-module.h).
 * This side finds and loads the module, once, and hands it the program's
 * functions it needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-git"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-change-git.h"
#include "ic-change-git-module.h"
#include "ic-module-loader.h"

G_DEFINE_QUARK (ic-change-git-error-quark, ic_change_git_error)

/* Where the module is (ic_module_path()). */
char *
ic_change_git_module_path (void)
{
  return ic_module_path (IC_CHANGE_GIT_MODULE_FILE);
}

/* The module's entry, loaded the first time; NULL with @error set when it
 * cannot be (the same answer every time after). */
static IcChangeGitModuleRead *
load_module (GError **error)
{
  static gsize loaded;
  static IcChangeGitModuleRead *entry;
  static char *failure;

  if (g_once_init_enter (&loaded))
    {
      /* Local: libgit2's libraries stay out of the global scope. */
      entry = ic_module_open (IC_CHANGE_GIT_MODULE_FILE, IC_CHANGE_GIT_MODULE_ENTRY, NULL,
                              &failure);
      g_once_init_leave (&loaded, 1);
    }
  if (entry == NULL)
    g_set_error (error, IC_CHANGE_GIT_ERROR, IC_CHANGE_GIT_ERROR_UNAVAILABLE,
                 /* Translators: %s is the system's reason, such as a file not found */
                 _("Git repositories cannot be read: the app's git reader did not load (%s)"),
                 failure);
  return entry;
}

/**
 * ic_change_git_read:
 * @source: a git source: its repository's path, branch and path filters
 * @note: (out) (optional) (nullable): what the reader wants said beside the
 *   changes: a shallow clone, a walk cut short
 *
 * Reads the commits made between @since_us and @until_us on the source's
 * branch, newest first, following first parents (the mainline; this also
 * stops cleanly at the edge of a shallow clone, with any libgit2); at most
 * %IC_CHANGE_GIT_MAX_COMMITS. Blocking: run it in a worker thread. The
 * first call loads the module that reads repositories.
 *
 * Returns: (transfer full) (element-type IcChangeDraft) (nullable): the
 *   changes, or %NULL with @error set: the folder is not there, is no
 *   repository, has no such branch, or cannot be read, or the module
 *   cannot be loaded (%IC_CHANGE_GIT_ERROR_UNAVAILABLE)
 */
GPtrArray *
ic_change_git_read (const IcChangeSource  *source,
                    gint64                 since_us,
                    gint64                 until_us,
                    GCancellable          *cancellable,
                    char                 **note,
                    GError               **error)
{
  static const IcChangeGitHooks hooks = {
    .size = sizeof (IcChangeGitHooks),
    .error_quark = ic_change_git_error_quark,
    .config_format_for_path = ic_config_format_for_path,
    .config_diff_new = ic_config_diff_new,
    .config_diff_to_string = ic_config_file_diff_to_string,
    .config_diff_free = ic_config_file_diff_free,
    .draft_new = ic_change_draft_new,
    .draft_free = ic_change_draft_free,
    .guess_kind = ic_change_guess_kind,
  };
  IcChangeGitModuleRead *entry;
  g_autofree char *name = NULL;

  g_return_val_if_fail (source != NULL && source->kind == IC_CHANGE_SOURCE_GIT, NULL);

  if (note != NULL)
    *note = NULL;
  if ((entry = load_module (error)) == NULL)
    return NULL;
  name = ic_change_source_dup_name (source);
  return entry (&hooks, source, name, since_us, until_us, cancellable, note, error);
}
