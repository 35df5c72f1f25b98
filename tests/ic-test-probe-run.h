/* ic-test-probe-run.h — one probe check run to its end on the default main
 * context (where the tests' servers live too), for the probe tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-probe.h"

/* A file of tests/data/tls (free it). */
static G_GNUC_UNUSED char *
ic_test_tls_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "tls", name, NULL);
}

/* Writes @from's contents to @path (a new version of the file: a new
 * ctime at least). */
static G_GNUC_UNUSED void
ic_test_copy_file (const char *path,
                   const char *from)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

/* A loopback server that accepts (the kernel does) and never answers:
 * listening, never accepted from. Returns an HTTP URL on it (free it);
 * keep *@socket open while it is used. */
static G_GNUC_UNUSED char *
ic_test_silent_server (GSocket **socket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                          &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (*socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (*socket, &error));
  bound = g_socket_get_local_address (*socket, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u/health",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* Keeps the result (a GAsyncResult **). */
static G_GNUC_UNUSED void
ic_test_probe_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Expects a cancelled check, and sets the gboolean at @user_data. */
static G_GNUC_UNUSED void
ic_test_probe_cancelled_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = ic_probe_run_finish (result, &error);

  g_assert_null (sample);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

/* Runs one check of @spec_text with @options to its end; it must give a
 * sample (what it says is the test's to assert). */
static G_GNUC_UNUSED IcProbeSample *
ic_test_probe_run (const char           *spec_text,
                   const IcProbeOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (spec_text, &error);
  g_autoptr(GAsyncResult) result = NULL;
  IcProbeSample *sample;

  g_assert_no_error (error);
  ic_probe_run_async (spec, options, NULL, ic_test_probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (result, &error);
  g_assert_no_error (error);
  g_test_message ("%s → %s: %s", spec_text, ic_probe_state_to_string (sample->state),
                  sample->detail);
  return sample;
}
