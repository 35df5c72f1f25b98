/* test-redact.c — secrets in targets and headers, told apart and hidden, from tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "ic-redact.h"

static void
test_parameters (void)
{
  const char *secret[] = { "api_key", "API_KEY", "apikey", "api-key", "key", "token", "Token",
                           "access_token", "refresh_token", "id_token", "auth", "auth_token",
                           "authorization", "password", "passwd", "pwd", "pass", "secret",
                           "client_secret", "signature", "sig", "session", "sessionid",
                           "X-Amz-Signature", "X-Amz-Security-Token", "github_token",
                           "app_secret", "private_token", "db_password", "stripe_key" };
  const char *plain[] = { "query", "cluster", "seeds", "format", "env", "keys", "tokens",
                          "monkey", "page", "q", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (secret); i++)
    {
      g_test_message ("secret parameter: %s", secret[i]);
      g_assert_true (ic_redact_is_secret_parameter (secret[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_test_message ("plain parameter: %s", plain[i]);
      g_assert_false (ic_redact_is_secret_parameter (plain[i]));
    }
}

static void
test_headers (void)
{
  const char *secret[] = { "Authorization", "authorization", "Proxy-Authorization", "Cookie",
                           "Set-Cookie", "X-API-Key", "x-api-key", "Api-Key", "X-Auth-Token",
                           "X-Access-Token", "Private-Token", "X-Vault-Token", "X-Goog-Api-Key",
                           "X-Hub-Secret", "X-Webhook-Signature", "Ocp-Apim-Subscription-Key",
                           "X-Auth" };
  const char *plain[] = { "Accept", "X-Env", "Content-Type", "User-Agent", "X-Request-Id",
                          "Host", "X-Tokens-Left", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (secret); i++)
    {
      g_test_message ("secret header: %s", secret[i]);
      g_assert_true (ic_redact_is_secret_header (secret[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_test_message ("plain header: %s", plain[i]);
      g_assert_false (ic_redact_is_secret_header (plain[i]));
    }
}

/* What each target looks like shown, and what splitting it keeps. */
static const struct
{
  const char *target;
  const char *redacted;
  const char *userinfo;      /* kept under "userinfo", or NULL */
  const char *query_key;     /* one kept query key, or NULL */
  const char *query_value;
  const char *restored;      /* when not the target as typed */
} targets[] = {
  /* Nothing secret: verbatim, however odd. */
  { "https://checkout.example/health", "https://checkout.example/health", NULL, NULL, NULL },
  { "https://h/health?env=prod&query=up", "https://h/health?env=prod&query=up", NULL, NULL,
    NULL },
  { "prometheus+http://h:9090/?query=sum(rate(x[5m]))",
    "prometheus+http://h:9090/?query=sum(rate(x[5m]))", NULL, NULL, NULL },
  { "redis://app@cache:6379/2?cluster=1", "redis://app@cache:6379/2?cluster=1", NULL, NULL,
    NULL },
  { "tcp://db:5432", "tcp://db:5432", NULL, NULL, NULL },
  /* A token as the URL's user. */
  { "https://TOKEN@host/health", "https://***@host/health", "TOKEN", NULL, NULL },
  { "prometheus+https://TOKEN@prom/?query=up", "prometheus+https://***@prom/?query=up", "TOKEN",
    NULL, NULL },
  /* A user and a password: the user stays. */
  { "https://alice:pa55word@host/", "https://alice:***@host/", "pa55word", NULL, NULL },
  { "redis://:s3cret@cache:6379", "redis://:***@cache:6379", "s3cret", NULL, NULL },
  { "redis://app:p%40ss@cache/1", "redis://app:***@cache/1", "p%40ss", NULL, NULL },
  /* Query values, by the parameter's name, whatever its case or escape. */
  { "https://h/health?api_key=K123&env=prod", "https://h/health?api_key=***&env=prod", NULL,
    "query:api_key", "K123" },
  { "https://h/x?env=prod&Token=abc#top", "https://h/x?env=prod&Token=***#top", NULL,
    "query:Token", "abc" },
  /* GUri decodes escaped unreserved characters: the same URL. */
  { "https://h/x?api%5Fkey=K9", "https://h/x?api_key=***", NULL, "query:api_key", "K9",
    "https://h/x?api_key=K9" },
  { "https://s3.example/b/o?X-Amz-Signature=f00d&X-Amz-Date=1",
    "https://s3.example/b/o?X-Amz-Signature=***&X-Amz-Date=1", NULL, "query:X-Amz-Signature",
    "f00d" },
  { "https://u:p@h/x?sig=s1", "https://u:***@h/x?sig=***", "p", "query:sig", "s1" },
  /* Empty values and placeholders hide nothing more. */
  { "https://h/x?token=&key", "https://h/x?token=&key", NULL, NULL, NULL },
  { "https://***@h/x?token=***", "https://***@h/x?token=***", NULL, NULL, NULL },
  { "https://alice:***@h/", "https://alice:***@h/", NULL, NULL, NULL },
  /* GUri refuses these (a bad port, a bad escape): redacted by hand, as
   * their parse errors would otherwise echo them. */
  { "redis://:s3cret@h:99999999/99", "redis://:***@h:99999999/99", "s3cret", NULL, NULL },
  { "redis://:s3cret@h:port", "redis://:***@h:port", "s3cret", NULL, NULL },
  { "https://TOKEN@h:x/p?token=%zz#f", "https://***@h:x/p?token=***#f", "TOKEN",
    "query:token", "%zz" },
  { "not a url?password=hunter22", "not a url?password=***", NULL, "query:password",
    "hunter22" },
  /* A '/' in the password: the userinfo still ends at the last '@'. */
  { "redis://:pa/ss@h:6379/1", "redis://:***@h:6379/1", "pa/ss", NULL, NULL },
  { "https://u:p/w@h/x?key=k/1", "https://u:***@h/x?key=***", "p/w", "query:key", "k/1" },
};

static void
test_targets (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *redacted = ic_redact_target (targets[i].target);
      g_autofree char *split = NULL;
      g_autofree char *again = NULL;
      g_autofree char *restored = NULL;
      g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
      gboolean secret = !g_str_equal (targets[i].target, targets[i].redacted);

      g_test_message ("target: %s", targets[i].target);
      g_assert_cmpstr (redacted, ==, targets[i].redacted);
      g_assert_cmpint (ic_redact_target_has_secret (targets[i].target), ==, secret);
      /* Redacting twice changes nothing. */
      again = ic_redact_target (redacted);
      g_assert_cmpstr (again, ==, redacted);
      g_assert_false (ic_redact_target_has_secret (redacted));

      split = ic_redact_split_target (targets[i].target, secrets, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (split, ==, targets[i].redacted);
      g_assert_cmpstr (g_hash_table_lookup (secrets, "userinfo"), ==, targets[i].userinfo);
      if (targets[i].query_key != NULL)
        g_assert_cmpstr (g_hash_table_lookup (secrets, targets[i].query_key), ==,
                         targets[i].query_value);
      if (!secret)
        g_assert_cmpuint (g_hash_table_size (secrets), ==, 0);

      /* Restored from what was kept: the target as typed. */
      restored = ic_redact_restore_target (split, secrets, missing);
      if (secret)
        {
          g_assert_cmpstr (restored, ==, targets[i].restored ? targets[i].restored
                                                             : targets[i].target);
          g_assert_cmpuint (missing->len, ==, 0);
        }
    }
}

/* A placeholder the table has no value for stays, and is named. */
static void
test_restore_missing (void)
{
  g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *restored = NULL;
  g_autofree char *headers = NULL;

  g_hash_table_insert (secrets, g_strdup ("query:token"), g_strdup ("t0k"));
  restored = ic_redact_restore_target ("https://***@h/x?token=***&api_key=***", secrets, missing);
  g_assert_cmpstr (restored, ==, "https://***@h/x?token=t0k&api_key=***");
  g_assert_cmpuint (missing->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "userinfo");
  g_assert_cmpstr (g_ptr_array_index (missing, 1), ==, "query:api_key");

  headers = ic_redact_restore_headers ("Cookie: ***\nX-Env: prod", NULL, missing);
  g_assert_cmpstr (headers, ==, "Cookie: ***\nX-Env: prod");
  g_assert_cmpuint (missing->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (missing, 2), ==, "header:cookie");
}

/* The same secret parameter twice with two values cannot be restored:
 * refused, with its name. */
static void
test_repeated (void)
{
  g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *split = NULL;

  split = ic_redact_split_target ("https://h/x?token=a1b&token=c2d", secrets, &error);
  g_assert_null (split);
  g_assert_error (error, IC_REDACT_ERROR, IC_REDACT_ERROR_REPEATED);
  g_assert_nonnull (strstr (error->message, "“token”"));
  g_assert_null (strstr (error->message, "a1b"));
  g_assert_null (strstr (error->message, "c2d"));
  g_clear_error (&error);

  split = ic_redact_split_headers ("Cookie: a=b\ncookie: c=d", secrets, &error);
  g_assert_null (split);
  g_assert_error (error, IC_REDACT_ERROR, IC_REDACT_ERROR_REPEATED);
  g_clear_error (&error);

  /* The same value twice is one secret. */
  g_hash_table_remove_all (secrets);
  split = ic_redact_split_target ("https://h/x?token=a1b&token=a1b", secrets, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (split, ==, "https://h/x?token=***&token=***");
}

static void
test_header_lines (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "X-Env: prod", "X-Env: prod" },
    { "Cookie: a=b", "Cookie: ***" },
    { "X-Env: prod\nX-API-Key: K-1\nAccept: text/plain",
      "X-Env: prod\nX-API-Key: ***\nAccept: text/plain" },
    { "Proxy-Authorization: Basic dXNlcjpwdw==", "Proxy-Authorization: ***" },
    { "authorization:Bearer abc", "authorization: ***" },
    { "X-Vault-Token:   s.123  ", "X-Vault-Token: ***" },
    { "Cookie: ***", "Cookie: ***" },
    { "Cookie:", "Cookie:" },
    { "not a header", "not a header" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *redacted = ic_redact_headers (cases[i].in);
      g_autofree char *split = NULL;
      g_autofree char *restored = NULL;

      g_test_message ("headers: %s", cases[i].in);
      g_assert_cmpstr (redacted, ==, cases[i].out);
      g_assert_cmpint (ic_redact_headers_have_secret (cases[i].in), ==,
                       !g_str_equal (cases[i].in, cases[i].out));
      split = ic_redact_split_headers (cases[i].in, secrets, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (split, ==, cases[i].out);
      restored = ic_redact_restore_headers (split, secrets, NULL);
      /* Back as sent: "Name: value", the value trimmed. */
      if (!g_str_equal (cases[i].in, cases[i].out))
        g_assert_null (strstr (restored, IC_REDACTED));
    }
  {
    g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
    g_autofree char *split = ic_redact_split_headers ("X-Env: prod\nCookie: a=b", secrets, NULL);
    g_autofree char *restored = ic_redact_restore_headers (split, secrets, NULL);

    g_assert_cmpstr (g_hash_table_lookup (secrets, "header:cookie"), ==, "a=b");
    g_assert_cmpstr (restored, ==, "X-Env: prod\nCookie: a=b");
  }
}

/* Messages: URLs in them redacted, known secrets hidden in any form. */
static void
test_text (void)
{
  const char *secrets[] = { "s3cret", "p@ss/w", "ab", "pa55:w0rd/xyz", NULL };
  const struct { const char *in, *out; } cases[] = {
    { "Invalid probe “redis://:s3cret@h/99”: the database must be a number from 0 to 15",
      "Invalid probe “redis://:***@h/99”: the database must be a number from 0 to 15" },
    { "Not a valid URL: https://TOKEN@h/x?api_key=K1 (bad)",
      "Not a valid URL: https://***@h/x?api_key=*** (bad)" },
    { "Could not connect to 'https://u:pw@h:1/'", "Could not connect to 'https://u:***@h:1/'" },
    { "WRONGPASS s3cret is wrong", "WRONGPASS *** is wrong" },
    { "escaped p%40ss%2Fw or plain p@ss/w", "escaped *** or plain ***" },
    /* A parser quotes the piece of a secret it stopped at. */
    { "Could not parse port “w0rd” in URI", "Could not parse port “***” in URI" },
    { "user pa55 refused", "user *** refused" },
    /* Too short to hide without telling it. */
    { "a cab", "a cab" },
    { "nothing to hide", "nothing to hide" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ic_redact_text (cases[i].in, secrets);

      g_test_message ("text: %s", cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/redact/parameters", test_parameters);
  g_test_add_func ("/ic/redact/headers", test_headers);
  g_test_add_func ("/ic/redact/targets", test_targets);
  g_test_add_func ("/ic/redact/restore-missing", test_restore_missing);
  g_test_add_func ("/ic/redact/repeated", test_repeated);
  g_test_add_func ("/ic/redact/header-lines", test_header_lines);
  g_test_add_func ("/ic/redact/text", test_text);
  return g_test_run ();
}
