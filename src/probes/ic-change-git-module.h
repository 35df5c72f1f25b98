/* ic-change-git-module.h — between ic-change-git.c and the module that
 * reads repositories through libgit2
 *
 * libgit2 and the libraries it needs (OpenSSL's libcrypto, mbed TLS,
 * libssh2, http-parser) live in a module of their own, loaded with its
 * symbols kept local the first time a git source is read: in a worker
 * thread, after start-up, and never in the global scope every later
 * library load searches (the GL driver GTK loads at start-up is one).
 * The module calls back into the program only through these hooks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-change-source.h"
#include "ic-config-diff.h"

G_BEGIN_DECLS

/* The module's file, in IC_MODULE_DIR, beside the executable (a build
 * tree) or in the installed module folder. */
#define IC_CHANGE_GIT_MODULE_FILE "libic-git.so"
#define IC_CHANGE_GIT_MODULE_ENTRY "ic_change_git_module_read"

typedef struct
{
  gsize              size;  /* sizeof (IcChangeGitHooks): a module built against other hooks refuses */
  GQuark           (*error_quark)            (void);
  IcConfigFormat   (*config_format_for_path) (const char *path);
  IcConfigFileDiff *(*config_diff_new)       (const char *path,
                                              const char *before,
                                              gssize      before_length,
                                              const char *after,
                                              gssize      after_length);
  char             *(*config_diff_to_string) (const IcConfigFileDiff *diff);
  void              (*config_diff_free)      (IcConfigFileDiff *diff);
  IcChangeDraft    *(*draft_new)             (void);
  void              (*draft_free)            (IcChangeDraft *draft);
  IcChangeKind      (*guess_kind)            (const char         *message,
                                              const char * const *paths);
} IcChangeGitHooks;

/* What ic_change_git_read() does, with @name the source's display name:
 * the type of the module's entry, IC_CHANGE_GIT_MODULE_ENTRY. */
typedef GPtrArray *IcChangeGitModuleRead (const IcChangeGitHooks  *hooks,
                                          const IcChangeSource    *source,
                                          const char              *name,
                                          gint64                   since_us,
                                          gint64                   until_us,
                                          GCancellable            *cancellable,
                                          char                   **note,
                                          GError                 **error);

G_END_DECLS
