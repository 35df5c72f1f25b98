/* ic-redact.c — which parts of a probe's target and headers are secrets, and hiding them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets never reach the incident database, the timeline, the exports or
 * a log in clear (DESIGN.md §5, §9). This module decides what counts as
 * one, from the tables below, and hides it:
 *
 * - a URL's userinfo: the password of `user:password@`; a user without a
 *   password is taken for a token (`https://TOKEN@host`), except in
 *   `redis://`, where it is the ACL user's name;
 * - the value of a query parameter whose name looks secret (`api_key=…`);
 * - the value of a header whose name looks secret (`Cookie: …`).
 *
 * Splitting moves each secret into a table keyed by where it was, leaving
 * IC_REDACTED in its place; restoring puts them back. Everything here is
 * pure: no keyring, no I/O.
 */

#define G_LOG_DOMAIN "ic-redact"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-redact.h"

G_DEFINE_QUARK (ic-redact-error-quark, ic_redact_error)

/* Query parameters whose value is a secret, compared without case. */
static const char * const secret_parameters[] = {
  "access_token", "accesstoken", "api-key", "api_key", "apikey", "auth", "auth_token",
  "authorization", "authtoken", "client_secret", "id_token", "key", "pass", "passwd",
  "password", "private_token", "pwd", "refresh_token", "secret", "session", "session_id",
  "sessionid", "sig", "signature", "token", NULL
};

/* …and names ending so: `X-Amz-Signature`, `github_token`, `app_secret`. */
static const char * const secret_parameter_suffixes[] = {
  "_token", "-token", "_key", "-key", "_apikey", "_secret", "-secret", "_password",
  "-password", "_signature", "-signature", NULL
};

/* Request headers whose value is a secret, compared without case. */
static const char * const secret_headers[] = {
  "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
  "apikey", "x-apikey", "x-auth", "x-auth-token", "x-access-token", "private-token", NULL
};

/* …and names ending so: `X-Vault-Token`, `X-Goog-Api-Key`, `X-Hub-Secret`. */
static const char * const secret_header_suffixes[] = {
  "-token", "-api-key", "-apikey", "-key", "-secret", "-password", "-signature", NULL
};

static gboolean
name_matches (const char         *name,
              const char * const *names,
              const char * const *suffixes)
{
  g_autofree char *lower = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  if (g_strv_contains (names, lower))
    return TRUE;
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/**
 * ic_redact_is_secret_parameter:
 * @name: a query parameter's name, percent-decoded
 *
 * Returns: whether the parameter's value is a secret (`api_key`, `token`,
 *   `sig`, `X-Amz-Signature`, …)
 */
gboolean
ic_redact_is_secret_parameter (const char *name)
{
  return name_matches (name, secret_parameters, secret_parameter_suffixes);
}

/**
 * ic_redact_is_secret_header:
 * @name: a request header's name
 *
 * Returns: whether the header's value is a secret (`Authorization`,
 *   `Cookie`, `X-API-Key`, `*-Token`, …)
 */
gboolean
ic_redact_is_secret_header (const char *name)
{
  return name_matches (name, secret_headers, secret_header_suffixes);
}

/* Wipes a secret before freeing it. */
static void
secret_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/**
 * ic_redact_secrets_new:
 *
 * Returns: (transfer full): an empty secrets table, string keys to string
 *   values that are wiped when removed
 */
GHashTable *
ic_redact_secrets_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
}

/**
 * ic_redact_list_values:
 * @secrets: (nullable): a secrets table
 *
 * Returns: (transfer container): its values, %NULL-terminated, for
 *   ic_redact_text(); the strings belong to @secrets
 */
GPtrArray *
ic_redact_list_values (GHashTable *secrets)
{
  GPtrArray *values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (secrets != NULL)
    {
      g_hash_table_iter_init (&iter, secrets);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (values, value);
    }
  g_ptr_array_add (values, NULL);
  return values;
}

static gboolean
is_placeholder (const char *value)
{
  return g_strcmp0 (value, IC_REDACTED) == 0;
}

/* Adds @value under @key; a key that comes again must bring the same
 * value, or the table could not say which one to restore. */
static gboolean
keep_secret (GHashTable  *secrets,
             const char  *key,
             const char  *what,
             const char  *value,
             GError     **error)
{
  const char *held;

  if (secrets == NULL)
    return TRUE;
  held = g_hash_table_lookup (secrets, key);
  if (held != NULL && !g_str_equal (held, value))
    {
      g_set_error (error, IC_REDACT_ERROR, IC_REDACT_ERROR_REPEATED,
                   /* Translators: %s is a query parameter or a header, e.g. “token” */
                   _("“%s” comes twice with different secrets: keep one"), what);
      return FALSE;
    }
  g_hash_table_replace (secrets, g_strdup (key), g_strdup (value));
  return TRUE;
}

/* The userinfo ----------------------------------------------------------------- */

static gboolean
is_redis (const char *scheme)
{
  return scheme != NULL
         && (g_ascii_strcasecmp (scheme, "redis") == 0
             || g_ascii_strcasecmp (scheme, "rediss") == 0);
}

/* Hides the secret of a userinfo split into @user and @password (%NULL
 * without a colon), in place. Returns -1 on an error, else whether it
 * changed anything. */
static int
split_userinfo (const char  *scheme,
                char       **user,
                char       **password,
                GHashTable  *secrets,
                GError     **error)
{
  char **secret = NULL;

  if (*password != NULL && **password != '\0' && !is_placeholder (*password))
    secret = password;
  else if (*password == NULL && *user != NULL && **user != '\0' && !is_placeholder (*user)
           && !is_redis (scheme))
    secret = user;
  if (secret == NULL)
    return 0;
  if (!keep_secret (secrets, IC_REDACT_KEY_USERINFO, "userinfo", *secret, error))
    return -1;
  secret_free (*secret);
  *secret = g_strdup (IC_REDACTED);
  return 1;
}

/* Puts the userinfo's secret back in place; returns whether it changed. */
static gboolean
restore_userinfo (const char  *scheme,
                  char       **user,
                  char       **password,
                  GHashTable  *secrets,
                  GPtrArray   *missing)
{
  char **slot = NULL;
  const char *value;

  if (is_placeholder (*password))
    slot = password;
  else if (*password == NULL && is_placeholder (*user) && !is_redis (scheme))
    slot = user;
  if (slot == NULL)
    return FALSE;
  value = secrets ? g_hash_table_lookup (secrets, IC_REDACT_KEY_USERINFO) : NULL;
  if (value == NULL)
    {
      if (missing != NULL)
        g_ptr_array_add (missing, g_strdup (IC_REDACT_KEY_USERINFO));
      return FALSE;
    }
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* The query ---------------------------------------------------------------------- */

static char *
parameter_name (const char *part,
                const char *eq)
{
  g_autofree char *raw = g_strndup (part, (gsize) (eq - part));
  char *name = g_uri_unescape_string (raw, NULL);

  return name != NULL ? name : g_steal_pointer (&raw);
}

/* "a=1&token=s3cret" → "a=1&token=***", or back with @restore. Returns
 * %NULL when nothing changed, and on an error. */
static char *
rewrite_query (const char  *query,
               gboolean     restore,
               GHashTable  *secrets,
               GPtrArray   *missing,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (query, "&", -1);
  gboolean changed = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *key = NULL;
      const char *value;

      if (eq == NULL)
        continue;
      name = parameter_name (parts[i], eq);
      if (!ic_redact_is_secret_parameter (name))
        continue;
      key = g_strconcat (IC_REDACT_KEY_QUERY, name, NULL);
      value = eq + 1;
      if (restore)
        {
          const char *found = secrets ? g_hash_table_lookup (secrets, key) : NULL;

          if (!is_placeholder (value))
            continue;
          if (found == NULL)
            {
              if (missing != NULL)
                g_ptr_array_add (missing, g_steal_pointer (&key));
              continue;
            }
          value = found;
        }
      else
        {
          if (*value == '\0' || is_placeholder (value))
            continue;
          if (!keep_secret (secrets, key, name, value, error))
            return NULL;
          value = IC_REDACTED;
        }
      {
        char *rewritten = g_strdup_printf ("%.*s=%s", (int) (eq - parts[i]), parts[i], value);

        secret_free (parts[i]);
        parts[i] = rewritten;
        changed = TRUE;
      }
    }
  return changed ? g_strjoinv ("&", parts) : NULL;
}

/* The whole target ------------------------------------------------------------------ */

typedef struct
{
  char *scheme;
  char *user;
  char *password;
  char *auth_params;
  char *host;
  int   port;
  char *path;
  char *query;
  char *fragment;
} Parts;

static void
parts_clear (Parts *parts)
{
  g_free (parts->scheme);
  secret_free (parts->user);
  secret_free (parts->password);
  g_free (parts->auth_params);
  g_free (parts->host);
  g_free (parts->path);
  secret_free (parts->query);
  g_free (parts->fragment);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parts, parts_clear)

/* Splits @target with GUri, or, when GUri refuses it as an absolute URI
 * (a bad port, a bad escape: exactly the targets whose parse error would
 * echo them), by
 * hand: what precedes the last '@' of the authority is the userinfo,
 * what follows '?' up to '#' the query. Only the userinfo and the query
 * are rewritten, so the hand-split pieces need not be valid. */
static gboolean
split_parts (const char *target,
             Parts      *parts,
             GString   **rest_before,
             GString   **rest_after)
{
  const char *sep;
  const char *authority;
  const char *end;
  const char *at = NULL;
  const char *middle;
  const char *query;

  if (g_uri_is_valid (target, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL)
      && g_uri_split_with_user (target, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                &parts->scheme, &parts->user, &parts->password,
                                &parts->auth_params, &parts->host, &parts->port, &parts->path,
                                &parts->query, &parts->fragment, NULL))
    return TRUE;

  /* By hand: "<before>[userinfo@]<middle>[?query]<after>". The userinfo
   * runs to the last '@' before the query, not the first '/': a password
   * with a '/' in it is what makes a target invalid as often as not. */
  sep = strstr (target, "://");
  authority = sep != NULL ? sep + 3 : target;
  end = authority + strcspn (authority, "?#");
  for (const char *c = authority; sep != NULL && c < end; c++)
    if (*c == '@')
      at = c;
  if (sep != NULL)
    parts->scheme = g_strndup (target, (gsize) (sep - target));
  *rest_before = g_string_new_len (target, (gssize) (authority - target));
  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', (gsize) (at - authority));

      parts->user = g_strndup (authority, (gsize) ((colon ? colon : at) - authority));
      parts->password = colon ? g_strndup (colon + 1, (gsize) (at - colon - 1)) : NULL;
    }
  /* The middle, host to path, goes where the host would: only the
   * userinfo and the query are rewritten. */
  middle = at != NULL ? at + 1 : authority;
  query = strchr (middle, '?');
  if (query != NULL && query < middle + strcspn (middle, "#"))
    {
      gsize length = strcspn (query + 1, "#");

      parts->host = g_strndup (middle, (gsize) (query - middle));
      parts->query = g_strndup (query + 1, length);
      *rest_after = g_string_new (query + 1 + length);
    }
  else
    {
      parts->host = g_strdup (middle);
      *rest_after = g_string_new (NULL);
    }
  return FALSE;
}

/* The target with its userinfo and query rewritten. */
static char *
join_parts (const Parts *parts,
            gboolean     by_uri,
            GString     *before,
            GString     *after)
{
  GString *out;

  if (by_uri)
    return g_uri_join_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, parts->scheme,
                                 parts->user, parts->password, parts->auth_params, parts->host,
                                 parts->port, parts->path, parts->query, parts->fragment);
  out = g_string_new (before->str);
  if (parts->user != NULL)
    {
      g_string_append (out, parts->user);
      if (parts->password != NULL)
        g_string_append_printf (out, ":%s", parts->password);
      g_string_append_c (out, '@');
    }
  g_string_append (out, parts->host);
  if (parts->query != NULL)
    g_string_append_printf (out, "?%s", parts->query);
  g_string_append (out, after->str);
  return g_string_free (out, FALSE);
}

/* One walk for splitting and restoring: @target's userinfo and query,
 * rewritten; @target itself when nothing changed; %NULL on an error. */
static char *
rewrite_target (const char  *target,
                gboolean     restore,
                GHashTable  *secrets,
                GPtrArray   *missing,
                GError     **error)
{
  g_auto(Parts) parts = { 0 };
  g_autoptr(GString) before = NULL;
  g_autoptr(GString) after = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean by_uri;
  gboolean changed;
  char *query = NULL;

  by_uri = split_parts (target, &parts, &before, &after);
  if (restore)
    changed = restore_userinfo (parts.scheme, &parts.user, &parts.password, secrets, missing);
  else
    {
      int userinfo = split_userinfo (parts.scheme, &parts.user, &parts.password, secrets, error);

      if (userinfo < 0)
        return NULL;
      changed = userinfo > 0;
    }
  if (parts.query != NULL)
    query = rewrite_query (parts.query, restore, secrets, missing, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (query != NULL)
    {
      secret_free (parts.query);
      parts.query = query;
      changed = TRUE;
    }
  if (!changed)
    return g_strdup (target);
  return join_parts (&parts, by_uri, before, after);
}

/**
 * ic_redact_target:
 * @target: (nullable): a probe's target, as typed or stored; need not
 *   parse; %NULL for a damaged probe that has none
 *
 * Returns: (transfer full) (nullable): @target as it may be shown, logged
 *   or stored, each secret replaced by IC_REDACTED (`https://TOKEN@host`
 *   becomes `https://` IC_REDACTED `@host`); @target itself when it holds
 *   none; %NULL for %NULL
 */
char *
ic_redact_target (const char *target)
{
  if (target == NULL)
    return NULL;
  return rewrite_target (target, FALSE, NULL, NULL, NULL);
}

/**
 * ic_redact_target_has_secret:
 *
 * Returns: whether @target holds a secret in clear (a placeholder left by
 *   redaction is not one)
 */
gboolean
ic_redact_target_has_secret (const char *target)
{
  g_autofree char *redacted = NULL;

  if (target == NULL)
    return FALSE;
  redacted = ic_redact_target (target);
  return !g_str_equal (redacted, target);
}

/**
 * ic_redact_split_target:
 * @target: a probe's target as typed
 * @secrets: (nullable): receives each secret, under IC_REDACT_KEY_USERINFO
 *   or IC_REDACT_KEY_QUERY + its name; see ic_redact_secrets_new()
 *
 * As ic_redact_target(), keeping what it hides.
 *
 * Returns: (transfer full) (nullable): the redacted target; %NULL with
 *   @error set when a secret parameter comes twice with different values
 */
char *
ic_redact_split_target (const char  *target,
                        GHashTable  *secrets,
                        GError     **error)
{
  g_return_val_if_fail (target != NULL, NULL);

  return rewrite_target (target, FALSE, secrets, NULL, error);
}

/**
 * ic_redact_restore_target:
 * @stored: a target from ic_redact_split_target()
 * @secrets: (nullable): what it hid
 * @missing: (nullable) (element-type utf8): receives the keys of
 *   placeholders that @secrets has no value for; those stay in place
 *
 * Returns: (transfer full): the target to check, secrets in place
 */
char *
ic_redact_restore_target (const char *stored,
                          GHashTable *secrets,
                          GPtrArray  *missing)
{
  g_return_val_if_fail (stored != NULL, NULL);

  return rewrite_target (stored, TRUE, secrets, missing, NULL);
}

/* Headers ------------------------------------------------------------------------------ */

/* "Name: value" lines, '\n'-separated, with secret values rewritten;
 * other lines verbatim. */
static char *
rewrite_headers (const char  *headers,
                 gboolean     restore,
                 GHashTable  *secrets,
                 GPtrArray   *missing,
                 GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *key = NULL;
      const char *replacement;

      if (colon == NULL)
        continue;
      name = g_strstrip (g_strndup (lines[i], (gsize) (colon - lines[i])));
      if (!ic_redact_is_secret_header (name))
        continue;
      value = g_strstrip (g_strdup (colon + 1));
      lower = g_ascii_strdown (name, -1);
      key = g_strconcat (IC_REDACT_KEY_HEADER, lower, NULL);
      if (restore)
        {
          replacement = secrets && is_placeholder (value) ? g_hash_table_lookup (secrets, key)
                                                          : NULL;
          if (replacement == NULL && is_placeholder (value) && missing != NULL)
            g_ptr_array_add (missing, g_steal_pointer (&key));
        }
      else
        {
          replacement = *value != '\0' && !is_placeholder (value) ? IC_REDACTED : NULL;
          if (replacement != NULL && !keep_secret (secrets, key, name, value, error))
            return NULL;
        }
      if (replacement != NULL)
        {
          char *line = g_strdup_printf ("%.*s: %s", (int) (colon - lines[i]), lines[i],
                                        replacement);

          secret_free (lines[i]);
          lines[i] = line;
        }
      if (value != NULL)
        memset (value, 0, strlen (value));
    }
  return g_strjoinv ("\n", lines);
}

/**
 * ic_redact_headers:
 * @headers: "Name: value" lines, separated by '\n'
 *
 * Returns: (transfer full): @headers with the values of secret headers
 *   replaced by IC_REDACTED
 */
char *
ic_redact_headers (const char *headers)
{
  g_return_val_if_fail (headers != NULL, NULL);

  return rewrite_headers (headers, FALSE, NULL, NULL, NULL);
}

/**
 * ic_redact_headers_have_secret:
 *
 * Returns: whether @headers (nullable) hold a secret value in clear
 */
gboolean
ic_redact_headers_have_secret (const char *headers)
{
  g_autofree char *redacted = NULL;

  if (headers == NULL)
    return FALSE;
  redacted = ic_redact_headers (headers);
  return !g_str_equal (redacted, headers);
}

/**
 * ic_redact_split_headers:
 * @secrets: (nullable): receives each secret value under
 *   IC_REDACT_KEY_HEADER + the header's name in lower case
 *
 * As ic_redact_headers(), keeping what it hides.
 *
 * Returns: (transfer full) (nullable): the redacted headers; %NULL with
 *   @error set when a secret header comes twice with different values
 */
char *
ic_redact_split_headers (const char  *headers,
                         GHashTable  *secrets,
                         GError     **error)
{
  g_return_val_if_fail (headers != NULL, NULL);

  return rewrite_headers (headers, FALSE, secrets, NULL, error);
}

/**
 * ic_redact_restore_headers:
 * @missing: (nullable) (element-type utf8): receives the keys of
 *   placeholders that @secrets has no value for
 *
 * Returns: (transfer full): the headers to send, secrets in place
 */
char *
ic_redact_restore_headers (const char *stored,
                           GHashTable *secrets,
                           GPtrArray  *missing)
{
  g_return_val_if_fail (stored != NULL, NULL);

  return rewrite_headers (stored, TRUE, secrets, missing, NULL);
}

/* Free text -------------------------------------------------------------------------- */

static gboolean
ends_url (char c)
{
  return (guchar) c >= 0x80 || g_ascii_isspace (c) || c == '\0' || strchr ("\"'<>`", c) != NULL;
}

/* Each "scheme://…" in @text, redacted as a target. */
static void
redact_urls (GString *text)
{
  gsize from = 0;
  const char *sep;

  while ((sep = strstr (text->str + from, "://")) != NULL)
    {
      gsize start = (gsize) (sep - text->str);
      gsize end = start + 3;
      g_autofree char *url = NULL;
      g_autofree char *redacted = NULL;

      while (start > 0 && (g_ascii_isalnum (text->str[start - 1])
                           || strchr ("+.-", text->str[start - 1]) != NULL))
        start--;
      while (!ends_url (text->str[end]))
        end++;
      url = g_strndup (text->str + start, end - start);
      redacted = ic_redact_target (url);
      g_string_erase (text, (gssize) start, (gssize) (end - start));
      g_string_insert (text, (gssize) start, redacted);
      from = start + strlen (redacted);
      memset (url, 0, strlen (url));
    }
}

/* Too short to hide: every "a" in a message would become a placeholder,
 * which would tell the secret rather than hide it. */
#define MIN_HIDDEN 3

/* Hides @secret as written, percent-decoded and -encoded, and each piece
 * of it between URL delimiters: a parser that fails on a secret with a
 * '/' or ':' in it quotes the piece it stopped at ("port “s3cret”"). */
static void
redact_value (GString    *text,
              const char *secret)
{
  g_autofree char *decoded = g_uri_unescape_string (secret, NULL);
  g_autofree char *encoded = g_uri_escape_string (secret, NULL, FALSE);
  g_auto(GStrv) pieces = g_strsplit_set (secret, ":/@?#&=;", -1);
  const char *forms[] = { secret, decoded, encoded };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (forms[i] != NULL && strlen (forms[i]) >= MIN_HIDDEN)
      g_string_replace (text, forms[i], IC_REDACTED, 0);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      if (strlen (pieces[i]) >= MIN_HIDDEN)
        g_string_replace (text, pieces[i], IC_REDACTED, 0);
      memset (pieces[i], 0, strlen (pieces[i]));
    }
  if (decoded != NULL)
    memset (decoded, 0, strlen (decoded));
  if (encoded != NULL)
    memset (encoded, 0, strlen (encoded));
}

/**
 * ic_redact_text:
 * @text: a message that may echo a target or a secret: a library's error,
 *   a sample's detail, a parse error
 * @secrets: (nullable) (array zero-terminated=1): secret values known to
 *   be in play, hidden wherever they appear (from three characters up)
 *
 * Returns: (transfer full): @text with every URL in it redacted as by
 *   ic_redact_target() and every one of @secrets replaced by IC_REDACTED
 */
char *
ic_redact_text (const char         *text,
                const char * const *secrets)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (text);
  redact_urls (out);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    redact_value (out, secrets[i]);
  return g_string_free (out, FALSE);
}
