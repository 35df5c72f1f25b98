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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe/secret/strip", test_strip);
  g_test_add_func ("/ic/probe/secret/round-trip", test_round_trip);
  g_test_add_func ("/ic/probe/secret/no-keyring", test_no_keyring);
  return g_test_run ();
}
