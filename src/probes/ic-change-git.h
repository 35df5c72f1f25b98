/* ic-change-git.h — the commits of a local git repository, as changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-change-source.h"

G_BEGIN_DECLS

#define IC_CHANGE_GIT_ERROR (ic_change_git_error_quark ())

typedef enum
{
  IC_CHANGE_GIT_ERROR_MISSING,           /* the folder is not there (or its grant is gone) */
  IC_CHANGE_GIT_ERROR_NOT_A_REPOSITORY,
  IC_CHANGE_GIT_ERROR_NO_BRANCH,
  IC_CHANGE_GIT_ERROR_FAILED,
  IC_CHANGE_GIT_ERROR_UNAVAILABLE,       /* the module that reads repositories did not load */
} IcChangeGitError;

/* A walk reads at most this many commits in the window. */
#define IC_CHANGE_GIT_MAX_COMMITS 2000
/* And looks at most at this many files of one commit. */
#define IC_CHANGE_GIT_MAX_FILES 500

GQuark     ic_change_git_error_quark (void);
GPtrArray *ic_change_git_read        (const IcChangeSource  *source,
                                      gint64                 since_us,
                                      gint64                 until_us,
                                      GCancellable          *cancellable,
                                      char                 **note,
                                      GError               **error);
char      *ic_change_git_module_path (void);

G_END_DECLS
