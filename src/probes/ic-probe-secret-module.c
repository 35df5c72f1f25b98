/* ic-probe-secret-module.c — the keyring through libsecret, as a module
 * (ic-probe-secret-module.h)
 *
 * The only code that calls libsecret. It is built as libic-keyring.so,
 * which links libsecret; the program does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-secret"

#include "config.h"

#include <gmodule.h>
#include <libsecret/secret.h>

#include "ic-probe-secret-module.h"

static const SecretSchema *
probe_schema (void)
{
  static const SecretSchema schema = {
    "io.github.incidentcommander.IncidentCommander.ProbePassword",
    SECRET_SCHEMA_NONE,
    {
      { "probe-ref", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
store (const char          *ref,
       const char          *label,
       const char          *password,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  secret_password_store (probe_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data, "probe-ref", ref, NULL);
}

static void
lookup (const char          *ref,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  secret_password_lookup (probe_schema (), cancellable, callback, user_data,
                          "probe-ref", ref, NULL);
}

static void
clear (const char          *ref,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  secret_password_clear (probe_schema (), cancellable, callback, user_data,
                         "probe-ref", ref, NULL);
}

G_MODULE_EXPORT const IcProbeSecretModule *ic_probe_secret_module_get (void);

const IcProbeSecretModule *
ic_probe_secret_module_get (void)
{
  static const IcProbeSecretModule module = {
    .size = sizeof (IcProbeSecretModule),
    .store = store,
    .store_finish = secret_password_store_finish,
    .lookup = lookup,
    .lookup_finish = secret_password_lookup_finish,
    .clear = clear,
    .clear_finish = secret_password_clear_finish,
    .free_password = secret_password_free,
  };

  return &module;
}
