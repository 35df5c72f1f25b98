/* ic-probe-secret.c — probe passwords in the desktop keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password never reaches the incident database (DESIGN.md §5): the keyring
 * keeps it, found by a random reference that the probe's row stores. The
 * Secret Service (GNOME Keyring, KeePassXC, …) or, inside Flatpak, the
 * secret portal holds the item; every call is asynchronous.
 */

#define G_LOG_DOMAIN "ic-probe-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ic-probe-secret.h"

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

/**
 * ic_probe_secret_new_ref:
 *
 * Returns: (transfer full): a new reference, for a probe that had none
 */
char *
ic_probe_secret_new_ref (void)
{
  return g_uuid_string_random ();
}

/**
 * ic_probe_secret_strip:
 * @target: a probe target, e.g. `redis://app:s3cret@cache:6379`
 * @password: (out) (optional) (nullable): the password it held, if any
 *
 * Returns: (transfer full) (nullable): @target without its password
 *   (`redis://app@cache:6379`), @target itself when it held none, %NULL
 *   when it is not a URL
 */
char *
ic_probe_secret_strip (const char  *target,
                       char       **password)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) bare = NULL;
  const char *secret;
  const char *user;

  if (password != NULL)
    *password = NULL;
  uri = g_uri_parse (target, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return NULL;
  secret = g_uri_get_password (uri);
  if (secret == NULL)
    return g_strdup (target);
  if (password != NULL && *secret != '\0')
    *password = g_uri_unescape_string (secret, NULL);
  user = g_uri_get_user (uri);
  bare = g_uri_build_with_user (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri),
                                user != NULL && *user != '\0' ? user : NULL, NULL, NULL, g_uri_get_host (uri),
                                g_uri_get_port (uri), g_uri_get_path (uri),
                                g_uri_get_query (uri), g_uri_get_fragment (uri));
  return g_uri_to_string (bare);
}

/**
 * ic_probe_secret_store_async:
 * @ref: the reference, from ic_probe_secret_new_ref()
 * @target: the probe's target without a password, for the item's label
 *
 * Keeps @password in the default keyring, replacing what @ref held.
 */
void
ic_probe_secret_store_async (const char          *ref,
                             const char          *target,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (ref != NULL && password != NULL);

  /* TRANSLATORS: the label of a keyring item; %s is a probe target */
  label = g_strdup_printf (_("Incident Commander probe password for %s"), target);
  secret_password_store (probe_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data, "probe-ref", ref, NULL);
}

gboolean
ic_probe_secret_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  if (!secret_password_store_finish (result, error))
    {
      g_prefix_error (error, _("The keyring did not keep the password: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_probe_secret_lookup_async:
 *
 * Reads the password @ref refers to.
 */
void
ic_probe_secret_lookup_async (const char          *ref,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (ref != NULL);

  secret_password_lookup (probe_schema (), cancellable, callback, user_data,
                          "probe-ref", ref, NULL);
}

/**
 * ic_probe_secret_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, to be freed with
 *   ic_probe_secret_free(); %NULL with @error set when the keyring could
 *   not be read, %NULL without an error when it holds no such password
 */
char *
ic_probe_secret_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password = secret_password_lookup_finish (result, &local_error);

  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The keyring could not be read: "));
      return NULL;
    }
  return password;
}

/**
 * ic_probe_secret_clear_async:
 *
 * Removes the password @ref refers to; removing one that is not there is
 * not an error.
 */
void
ic_probe_secret_clear_async (const char          *ref,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ref != NULL);

  secret_password_clear (probe_schema (), cancellable, callback, user_data,
                         "probe-ref", ref, NULL);
}

gboolean
ic_probe_secret_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_finish (result, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The keyring did not remove the password: "));
      return FALSE;
    }
  return TRUE;
}

/* Wipes and frees a password from ic_probe_secret_lookup_finish(). */
void
ic_probe_secret_free (char *password)
{
  secret_password_free (password);
}
