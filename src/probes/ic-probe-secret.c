/* ic-probe-secret.c — probe passwords and other secrets in the desktop keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A secret never reaches the incident database (DESIGN.md §5): the keyring
 * keeps it, found by a random reference that the probe's row stores. The
 * Secret Service (GNOME Keyring, KeePassXC, …) or, inside Flatpak, the
 * secret portal holds the item; every call is asynchronous.
 *
 * One item per probe holds all its secrets. A Redis password or an HTTP
 * Authorization value alone is the item's text, as it always was; with a
 * token, a secret query value or a secret header besides, the item is a
 * JSON object that starts with SECRETS_MARKER:
 *
 *   {"ic-probe-secrets":1,"password":"…","userinfo":"…",
 *    "query":{"api_key":"…"},"headers":{"cookie":"…"}}
 *
 * In memory the same is a secrets table (ic_redact_secrets_new()), keyed
 * as ic_redact_split_target() and ic_redact_split_headers() key them, plus
 * IC_PROBE_SECRET_PASSWORD.
 *
 * libsecret is called by a module, libic-keyring.so
 * (ic-probe-secret-module.h), opened the first time a secret is kept, read
 * or removed. Without it, each of those fails with its own error.
 */

#define G_LOG_DOMAIN "ic-probe-secret"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ic-module-loader.h"
#include "ic-probe-secret.h"
#include "ic-probe-secret-module.h"
#include "ic-redact.h"

#define SECRETS_MARKER "{\"ic-probe-secrets\":1"

static IcModuleOnce keyring_module = IC_MODULE_ONCE_INIT (IC_PROBE_SECRET_MODULE_FILE,
                                                         IC_PROBE_SECRET_MODULE_ENTRY,
                                                         IcProbeSecretModule);

/* The module's functions, opened the first time; NULL when it cannot be
 * (said once by ic_module_get_table(); why, in keyring_module.failure). */
static const IcProbeSecretModule *
get_module (void)
{
  return ic_module_once_get (&keyring_module);
}

/* Without the module: @callback is told so, as the operation's error. */
static void
report_no_module (gpointer             source_tag,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_task_report_new_error (NULL, callback, user_data, source_tag, G_IO_ERROR,
                           G_IO_ERROR_NOT_SUPPORTED,
                           /* Translators: %s is the system's reason, such as a file not found */
                           _("the app's keyring module did not load (%s)"), keyring_module.failure);
}

/* The result of report_no_module(), or %NULL when it is the module's. */
static GTask *
reported (GAsyncResult *result,
          gpointer      source_tag)
{
  if (G_IS_TASK (result) && g_task_get_source_tag (G_TASK (result)) == source_tag)
    return G_TASK (result);
  return NULL;
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

  if (get_module () == NULL)
    {
      report_no_module (ic_probe_secret_store_async, callback, user_data);
      return;
    }
  /* TRANSLATORS: the label of a keyring item; %s is a probe target */
  label = g_strdup_printf (_("Incident Commander probe password for %s"), target);
  get_module ()->store (ref, label, password, cancellable, callback, user_data);
}

gboolean
ic_probe_secret_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  GTask *task = reported (result, ic_probe_secret_store_async);

  if (task != NULL ? !g_task_propagate_boolean (task, error)
                   : !get_module ()->store_finish (result, error))
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

  if (get_module () == NULL)
    report_no_module (ic_probe_secret_lookup_async, callback, user_data);
  else
    get_module ()->lookup (ref, cancellable, callback, user_data);
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
  GTask *task = reported (result, ic_probe_secret_lookup_async);
  g_autoptr(GError) local_error = NULL;
  char *password = task != NULL ? g_task_propagate_pointer (task, &local_error)
                                : get_module ()->lookup_finish (result, &local_error);

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

  if (get_module () == NULL)
    report_no_module (ic_probe_secret_clear_async, callback, user_data);
  else
    get_module ()->clear (ref, cancellable, callback, user_data);
}

gboolean
ic_probe_secret_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  GTask *task = reported (result, ic_probe_secret_clear_async);
  g_autoptr(GError) local_error = NULL;

  if (task != NULL)
    g_task_propagate_boolean (task, &local_error);
  else
    get_module ()->clear_finish (result, &local_error);
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
  /* Only the module's lookups return passwords. */
  if (password != NULL)
    get_module ()->free_password (password);
}

/* Secrets tables and keyring items ------------------------------------------------ */

static void
add_member (GHashTable  *secrets,
            const char  *prefix,
            JsonObject  *object,
            const char  *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    g_hash_table_replace (secrets, g_strconcat (prefix, member, NULL),
                          g_strdup (json_node_get_string (node)));
}

static void
add_group (GHashTable *secrets,
           const char *prefix,
           JsonObject *root,
           const char *member)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonObject *group;
  g_autoptr(GList) names = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  group = json_node_get_object (node);
  names = json_object_get_members (group);
  for (GList *l = names; l != NULL; l = l->next)
    add_member (secrets, prefix, group, l->data);
}

/**
 * ic_probe_secret_parse:
 * @item: a keyring item's text, as ic_probe_secret_lookup_finish() read it
 *
 * Returns: (transfer full): its secrets table: the password alone for an
 *   item in the old form (or any that is not ours)
 */
GHashTable *
ic_probe_secret_parse (const char *item)
{
  GHashTable *secrets = ic_redact_secrets_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_return_val_if_fail (item != NULL, secrets);

  /* Only our own object is read as one: a password may well look like JSON. */
  if (!g_str_has_prefix (item, SECRETS_MARKER)
      || !json_parser_load_from_data (parser, item, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_hash_table_replace (secrets, g_strdup (IC_PROBE_SECRET_PASSWORD), g_strdup (item));
      return secrets;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  add_member (secrets, "", root, IC_PROBE_SECRET_PASSWORD);
  add_member (secrets, "", root, IC_REDACT_KEY_USERINFO);
  add_group (secrets, IC_REDACT_KEY_QUERY, root, "query");
  add_group (secrets, IC_REDACT_KEY_HEADER, root, "headers");
  return secrets;
}

/* The members of @secrets whose keys start with @prefix, as one object. */
static void
build_group (JsonBuilder *builder,
             GHashTable  *secrets,
             GList       *keys,
             const char  *prefix,
             const char  *member)
{
  gboolean begun = FALSE;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      if (!g_str_has_prefix (l->data, prefix))
        continue;
      if (!begun)
        {
          json_builder_set_member_name (builder, member);
          json_builder_begin_object (builder);
          begun = TRUE;
        }
      json_builder_set_member_name (builder, (const char *) l->data + strlen (prefix));
      json_builder_add_string_value (builder, g_hash_table_lookup (secrets, l->data));
    }
  if (begun)
    json_builder_end_object (builder);
}

static void
build_string (JsonBuilder *builder,
              GHashTable  *secrets,
              const char  *key)
{
  const char *value = g_hash_table_lookup (secrets, key);

  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

/**
 * ic_probe_secret_serialize:
 *
 * Returns: (transfer full) (nullable): the keyring item's text for
 *   @secrets: the password itself when it is all there is, so that items
 *   stay as they were for Redis passwords and Authorization values;
 *   %NULL for an empty table. Wipe it after use.
 */
char *
ic_probe_secret_serialize (GHashTable *secrets)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;
  const char *password;

  g_return_val_if_fail (secrets != NULL, NULL);

  password = g_hash_table_lookup (secrets, IC_PROBE_SECRET_PASSWORD);
  if (g_hash_table_size (secrets) == 0)
    return NULL;
  if (g_hash_table_size (secrets) == 1 && password != NULL)
    return g_strdup (password);
  builder = json_builder_new ();
  keys = g_list_sort (g_hash_table_get_keys (secrets), (GCompareFunc) strcmp);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ic-probe-secrets");
  json_builder_add_int_value (builder, 1);
  build_string (builder, secrets, IC_PROBE_SECRET_PASSWORD);
  build_string (builder, secrets, IC_REDACT_KEY_USERINFO);
  build_group (builder, secrets, keys, IC_REDACT_KEY_QUERY, "query");
  build_group (builder, secrets, keys, IC_REDACT_KEY_HEADER, "headers");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
wipe_free (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

typedef struct
{
  char       *ref;
  char       *target;
  GHashTable *secrets;   /* a copy: merged with what the keyring held */
} Keep;

static void
keep_free (Keep *keep)
{
  g_free (keep->ref);
  g_free (keep->target);
  g_clear_pointer (&keep->secrets, g_hash_table_unref);
  g_free (keep);
}

static void
kept_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Keep *keep = g_task_get_task_data (task);

  if (!ic_probe_secret_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (keep->ref), g_free);
}

static void
store_merged (GTask *task)
{
  Keep *keep = g_task_get_task_data (task);
  char *item = ic_probe_secret_serialize (keep->secrets);

  ic_probe_secret_store_async (keep->ref, keep->target, item, g_task_get_cancellable (task),
                               kept_cb, g_object_ref (task));
  wipe_free (item);
}

static void
held_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) held = ic_probe_secret_lookup_all_finish (result, &error);
  Keep *keep = g_task_get_task_data (task);
  GHashTableIter iter;
  gpointer key, value;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* What was not given again stays as the keyring held it. */
  if (held != NULL)
    {
      g_hash_table_iter_init (&iter, held);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (keep->secrets, key))
          g_hash_table_replace (keep->secrets, g_strdup (key), g_strdup (value));
    }
  store_merged (task);
}

/**
 * ic_probe_secret_keep_async:
 * @ref: (nullable): the probe's reference, if it has one
 * @target: the probe's target, redacted, for the item's label
 * @secrets: a non-empty secrets table: new values, and values that were
 *   in clear until now
 *
 * Keeps @secrets in the keyring: under @ref, merged over what it held
 * there (a value not given again stays), or under a new reference.
 */
void
ic_probe_secret_keep_async (const char          *ref,
                            const char          *target,
                            GHashTable          *secrets,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Keep *keep = g_new0 (Keep, 1);
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (secrets != NULL && g_hash_table_size (secrets) > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_probe_secret_keep_async);
  keep->ref = ref != NULL ? g_strdup (ref) : ic_probe_secret_new_ref ();
  keep->target = g_strdup (target);
  keep->secrets = ic_redact_secrets_new ();
  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (keep->secrets, g_strdup (key), g_strdup (value));
  g_task_set_task_data (task, keep, (GDestroyNotify) keep_free);
  if (ref == NULL)
    store_merged (task);
  else
    ic_probe_secret_lookup_all_async (ref, cancellable, held_cb, g_object_ref (task));
}

/**
 * ic_probe_secret_keep_finish:
 *
 * Returns: (transfer full) (nullable): the reference the secrets are kept
 *   under; %NULL with @error set when the keyring failed
 */
char *
ic_probe_secret_keep_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
item_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *item = ic_probe_secret_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (item == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, ic_probe_secret_parse (item),
                           (GDestroyNotify) g_hash_table_unref);
  ic_probe_secret_free (item);
}

/**
 * ic_probe_secret_lookup_all_async:
 *
 * Reads all the secrets kept under @ref.
 */
void
ic_probe_secret_lookup_all_async (const char          *ref,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ref != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_probe_secret_lookup_all_async);
  ic_probe_secret_lookup_async (ref, cancellable, item_found_cb, g_object_ref (task));
}

/**
 * ic_probe_secret_lookup_all_finish:
 *
 * Returns: (transfer full) (nullable): the secrets table; %NULL with
 *   @error set when the keyring could not be read, %NULL without an error
 *   when it holds nothing under the reference
 */
GHashTable *
ic_probe_secret_lookup_all_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
