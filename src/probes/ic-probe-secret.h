/* ic-probe-secret.h — probe passwords and other secrets in the desktop keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *ic_probe_secret_new_ref      (void);
char     *ic_probe_secret_strip        (const char           *target,
                                        char                **password);

void      ic_probe_secret_store_async  (const char           *ref,
                                        const char           *target,
                                        const char           *password,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  ic_probe_secret_store_finish (GAsyncResult         *result,
                                        GError              **error);
void      ic_probe_secret_lookup_async (const char           *ref,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *ic_probe_secret_lookup_finish (GAsyncResult        *result,
                                         GError             **error);
void      ic_probe_secret_clear_async  (const char           *ref,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  ic_probe_secret_clear_finish (GAsyncResult         *result,
                                        GError              **error);
void      ic_probe_secret_free         (char                 *password);

/* The key of the Redis password or HTTP Authorization value in a secrets
 * table; the others are those of ic-redact.h. */
#define IC_PROBE_SECRET_PASSWORD "password"

GHashTable *ic_probe_secret_parse      (const char           *item);
char       *ic_probe_secret_serialize  (GHashTable           *secrets);
void        ic_probe_secret_keep_async (const char           *ref,
                                        const char           *target,
                                        GHashTable           *secrets,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char       *ic_probe_secret_keep_finish (GAsyncResult        *result,
                                         GError             **error);
void        ic_probe_secret_lookup_all_async  (const char           *ref,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GHashTable *ic_probe_secret_lookup_all_finish (GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
