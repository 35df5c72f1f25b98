/* ic-probe-secret.h — probe passwords in the desktop keyring
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

G_END_DECLS
