/* test-probe-secret.c — probe passwords in a real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/test starts gnome-keyring-daemon on the private session bus
 * with a throw-away keyring; these tests talk to it through libsecret.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "ic-probe-secret.h"
#include "ic-module-loader.h"
#include "ic-probe-secret-module.h"
#include "ic-test-util.h"
#include "ic-redact.h"

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static gboolean
store (const char  *ref,
       const char  *password,
       GError     **error)
{
  Wait wait = { FALSE, NULL };
  gboolean ok;

  ic_probe_secret_store_async (ref, "redis://127.0.0.1:6379", password, NULL, done_cb, &wait);
  ok = ic_probe_secret_store_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return ok;
}

static char *
lookup (const char  *ref,
        GError     **error)
{
  Wait wait = { FALSE, NULL };
  char *password;

  ic_probe_secret_lookup_async (ref, NULL, done_cb, &wait);
  password = ic_probe_secret_lookup_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return password;
}

static gboolean
clear (const char  *ref,
       GError     **error)
{
  Wait wait = { FALSE, NULL };
  gboolean ok;

  ic_probe_secret_clear_async (ref, NULL, done_cb, &wait);
  ok = ic_probe_secret_clear_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return ok;
}

static void
test_strip (void)
{
  struct { const char *in, *out, *password; } cases[] = {
    { "redis://:s3cret@cache:6379", "redis://cache:6379", "s3cret" },
    { "redis://app:s3cret@cache:6379/2?cluster=1", "redis://app@cache:6379/2?cluster=1",
      "s3cret" },
    /* Percent-encoded in the URL, itself in the keyring. */
    { "redis://app:p%40ss%3Aw@cache", "redis://app@cache", "p@ss:w" },
    { "redis://app@cache:6379", "redis://app@cache:6379", NULL },
    { "redis://cache:6379", "redis://cache:6379", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *password = NULL;
      g_autofree char *bare = ic_probe_secret_strip (cases[i].in, &password);

      g_assert_cmpstr (bare, ==, cases[i].out);
      g_assert_cmpstr (password, ==, cases[i].password);
    }
  g_assert_null (ic_probe_secret_strip ("not a url", NULL));
}

/* Kept, read back, replaced, removed: all through the Secret Service. */
static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = ic_probe_secret_new_ref ();
  g_autofree char *other = ic_probe_secret_new_ref ();
  char *password;

  g_assert_cmpstr (ref, !=, other);
  g_assert_true (store (ref, "s3cret", &error));
  g_assert_no_error (error);
  g_assert_true (store (other, "another", &error));
  g_assert_no_error (error);

  password = lookup (ref, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret");
  ic_probe_secret_free (password);

  /* Storing again under the same reference replaces. */
  g_assert_true (store (ref, "rotated", &error));
  g_assert_no_error (error);
  password = lookup (ref, &error);
  g_assert_cmpstr (password, ==, "rotated");
  ic_probe_secret_free (password);

  g_assert_true (clear (ref, &error));
  g_assert_no_error (error);
  password = lookup (ref, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  /* The other probe's password is untouched. */
  password = lookup (other, &error);
  g_assert_cmpstr (password, ==, "another");
  ic_probe_secret_free (password);

  /* Removing what is not there is not an error. */
  g_assert_true (clear (ref, &error));
  g_assert_no_error (error);
  g_assert_true (clear (other, &error));
}

/* With no Secret Service to talk to, each call fails with a message that
 * says it was the keyring, and nothing hangs. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ref = ic_probe_secret_new_ref ();
      char *password;

      g_assert_false (store (ref, "s3cret", &error));
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "The keyring did not keep the password: "));
      g_clear_error (&error);

      password = lookup (ref, &error);
      g_assert_null (password);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "The keyring could not be read: "));
    }
  else
    {
      g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

      /* A fresh process whose session bus does not exist. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ic-test-bus", TRUE);
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (bus != NULL)
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
      g_test_trap_assert_passed ();
    }
}

/* libsecret (and libgcrypt with it) is loaded with the first secret read,
 * not before: the program does not link it, and its module is opened
 * local. In a process of its own, so that no other test has read first. */
static void
test_module_loaded_on_use (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ref = ic_probe_secret_new_ref ();
      char *password;

      g_assert_false (ic_test_library_mapped ("libsecret-1"));
      g_assert_false (ic_test_library_mapped (IC_PROBE_SECRET_MODULE_FILE));
      password = lookup (ref, &error);
      g_assert_no_error (error);
      g_assert_null (password);
      g_assert_true (ic_test_library_mapped (IC_PROBE_SECRET_MODULE_FILE));
      g_assert_true (ic_test_library_mapped ("libsecret-1"));
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No module where the program looks (a broken installation): keeping,
 * reading and removing each fail, every time, by their own error that
 * says why; the program goes on. */
static void
test_module_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("ic-no-module-XXXXXX", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *ref = ic_probe_secret_new_ref ();

      g_assert_true (g_setenv ("IC_MODULE_DIR", dir, TRUE));
      for (guint i = 0; i < 2; i++)
        {
          char *password;

          g_assert_false (store (ref, "s3cret", &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_assert_true (g_str_has_prefix (error->message,
                                           "The keyring did not keep the password: the app's "
                                           "keyring module did not load ("));
          g_assert_nonnull (strstr (error->message, IC_PROBE_SECRET_MODULE_FILE));
          g_clear_error (&error);

          password = lookup (ref, &error);
          g_assert_null (password);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_assert_true (g_str_has_prefix (error->message,
                                           "The keyring could not be read: the app's keyring "
                                           "module did not load ("));
          g_clear_error (&error);

          g_assert_false (clear (ref, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_assert_true (g_str_has_prefix (error->message,
                                           "The keyring did not remove the password: the app's "
                                           "keyring module did not load ("));
          g_clear_error (&error);
        }
      /* Told without waiting for an answer. */
      ic_probe_secret_clear_async (ref, NULL, NULL, NULL);
      g_main_context_iteration (NULL, FALSE);
      g_assert_false (ic_test_library_mapped ("libsecret-1"));
      ic_test_remove_tree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot load *ic-no-module-*/libic-keyring.so*");
}

/* A module whose table is not the size this program expects (left from
 * another build of the app) is not called, and says why. */
static void
test_module_other_version (void)
{
  g_autofree char *failure = NULL;
  const IcProbeSecretModule *found;

  if (g_test_subprocess ())
    {
      found = ic_module_get_table (IC_PROBE_SECRET_MODULE_FILE, IC_PROBE_SECRET_MODULE_ENTRY,
                                   sizeof (IcProbeSecretModule) + sizeof (gpointer), &failure);
      g_assert_null (found);
      g_assert_cmpstr (failure, ==, "libic-keyring.so is from another version of the app");
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*libic-keyring.so is from another version of the app: not used*");

  found = ic_module_get_table (IC_PROBE_SECRET_MODULE_FILE, IC_PROBE_SECRET_MODULE_ENTRY,
                               sizeof (IcProbeSecretModule), &failure);
  g_assert_nonnull (found);
  g_assert_null (failure);
  g_assert_cmpuint (found->size, ==, sizeof (IcProbeSecretModule));
}

static GHashTable *
table (const char *first_key,
       ...)
{
  GHashTable *secrets = ic_redact_secrets_new ();
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_replace (secrets, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return secrets;
}

static void
assert_same_table (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (b, key), ==, value);
}

/* A password alone is the item's text, as it always was; anything more
 * is one JSON object; an item of the old form reads as a password, even
 * one that looks like JSON. */
static void
test_item_format (void)
{
  g_autoptr(GHashTable) alone = table ("password", "s3cret", NULL);
  g_autoptr(GHashTable) all = table ("password", "Bearer t0k", "userinfo", "T0KEN",
                                     "query:api_key", "K\"1", "header:cookie", "a=b",
                                     "header:x-api-key", "K2", NULL);
  g_autoptr(GHashTable) empty = ic_redact_secrets_new ();
  g_autofree char *plain = ic_probe_secret_serialize (alone);
  g_autofree char *json = ic_probe_secret_serialize (all);
  const char *old_items[] = { "s3cret", "{\"password\":\"x\"}", "{\"ic-probe-secrets\":1,",
                              "" };

  g_assert_cmpstr (plain, ==, "s3cret");
  g_assert_cmpstr (json, ==,
                   "{\"ic-probe-secrets\":1,\"password\":\"Bearer t0k\",\"userinfo\":\"T0KEN\","
                   "\"query\":{\"api_key\":\"K\\\"1\"},"
                   "\"headers\":{\"cookie\":\"a=b\",\"x-api-key\":\"K2\"}}");
  g_assert_null (ic_probe_secret_serialize (empty));
  {
    g_autoptr(GHashTable) back = ic_probe_secret_parse (json);
    g_autoptr(GHashTable) back_plain = ic_probe_secret_parse (plain);

    assert_same_table (back, all);
    assert_same_table (back_plain, alone);
  }
  for (guint i = 0; i < G_N_ELEMENTS (old_items); i++)
    {
      g_autoptr(GHashTable) read = ic_probe_secret_parse (old_items[i]);

      g_assert_cmpuint (g_hash_table_size (read), ==, 1);
      g_assert_cmpstr (g_hash_table_lookup (read, "password"), ==, old_items[i]);
    }
}

static char *
keep (const char  *ref,
      GHashTable  *secrets,
      GError     **error)
{
  Wait wait = { FALSE, NULL };
  char *kept;

  ic_probe_secret_keep_async (ref, "https://***@h/", secrets, NULL, done_cb, &wait);
  kept = ic_probe_secret_keep_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return kept;
}

static GHashTable *
lookup_all (const char  *ref,
            GError     **error)
{
  Wait wait = { FALSE, NULL };
  GHashTable *secrets;

  ic_probe_secret_lookup_all_async (ref, NULL, done_cb, &wait);
  secrets = ic_probe_secret_lookup_all_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return secrets;
}

/* Kept under a new reference; kept again under it, merged over what it
 * held: a value given again replaces, one not given stays. An item of the
 * old form (a Redis password) merges as its password. */
static void
test_keep_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = table ("userinfo", "T0KEN", "query:api_key", "K1", NULL);
  g_autoptr(GHashTable) second = table ("query:api_key", "K2", "header:cookie", "a=b", NULL);
  g_autoptr(GHashTable) expected = table ("userinfo", "T0KEN", "query:api_key", "K2",
                                          "header:cookie", "a=b", NULL);
  g_autoptr(GHashTable) read = NULL;
  g_autofree char *ref = keep (NULL, first, &error);
  g_autofree char *again = NULL;
  g_autofree char *old = ic_probe_secret_new_ref ();
  g_autofree char *merged_old = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ref);
  again = keep (ref, second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, ref);
  read = lookup_all (ref, &error);
  g_assert_no_error (error);
  assert_same_table (read, expected);
  g_clear_pointer (&read, g_hash_table_unref);

  g_assert_true (store (old, "redis-pw", &error));
  merged_old = keep (old, first, &error);
  g_assert_no_error (error);
  read = lookup_all (old, &error);
  g_assert_cmpstr (g_hash_table_lookup (read, "password"), ==, "redis-pw");
  g_assert_cmpstr (g_hash_table_lookup (read, "userinfo"), ==, "T0KEN");
  g_clear_pointer (&read, g_hash_table_unref);

  g_assert_true (clear (ref, &error));
  g_assert_true (clear (old, &error));
  g_assert_no_error (error);
  read = lookup_all (ref, &error);
  g_assert_no_error (error);
  g_assert_null (read);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe/secret/strip", test_strip);
  g_test_add_func ("/ic/probe/secret/round-trip", test_round_trip);
  g_test_add_func ("/ic/probe/secret/no-keyring", test_no_keyring);
  g_test_add_func ("/ic/probe/secret/item-format", test_item_format);
  g_test_add_func ("/ic/probe/secret/keep-merge", test_keep_merge);
  g_test_add_func ("/ic/probe/secret/module-loaded-on-use", test_module_loaded_on_use);
  g_test_add_func ("/ic/probe/secret/module-missing", test_module_missing);
  g_test_add_func ("/ic/probe/secret/module-other-version", test_module_other_version);
  return g_test_run ();
}
