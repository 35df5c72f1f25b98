/* ic-probe-secret-module.h — between ic-probe-secret.c and the module that
 * talks to the keyring through libsecret
 *
 * libsecret and the libraries it needs (libgcrypt, libgpg-error) live in a
 * module of their own, opened with its symbols kept local the first time a
 * secret is kept, read or removed: a start that uses none never loads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The module's file, found by ic_module_path(). */
#define IC_PROBE_SECRET_MODULE_FILE "libic-keyring.so"
#define IC_PROBE_SECRET_MODULE_ENTRY "ic_probe_secret_module_get"

/* libsecret's secret_password_*() for the probes' schema, an item found by
 * its "probe-ref" attribute; the errors are libsecret's, unprefixed. */
typedef struct
{
  gsize      size;  /* sizeof (IcProbeSecretModule): one of another shape is not used */
  void     (*store)         (const char          *ref,
                             const char          *label,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  gboolean (*store_finish)  (GAsyncResult        *result,
                             GError             **error);
  void     (*lookup)        (const char          *ref,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  char    *(*lookup_finish) (GAsyncResult        *result,
                             GError             **error);
  void     (*clear)         (const char          *ref,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  gboolean (*clear_finish)  (GAsyncResult        *result,
                             GError             **error);
  void     (*free_password) (char                *password);
} IcProbeSecretModule;

/* The type of the module's entry, IC_PROBE_SECRET_MODULE_ENTRY. */
typedef const IcProbeSecretModule *IcProbeSecretModuleGet (void);

G_END_DECLS
