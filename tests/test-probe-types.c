/* test-probe-types.c — probe states and error classification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-probe-private.h"
#include "ic-probe-types.h"

/* Every kind a spec can name has the one function that checks it; a kind
 * without one is refused with a clear error, not a crash. */
static void
test_every_kind_checked (void)
{
  IcProbeSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  IcProbeSample *sample;

  for (IcProbeKind k = IC_PROBE_KIND_HTTP; k <= IC_PROBE_KIND_DNS; k++)
    {
      const IcProbeChecker *checker = _ic_probe_get_checker (k);

      g_assert_nonnull (checker);
      g_assert_cmpint (checker->kind, ==, k);
      g_assert_nonnull (checker->check_async);
      /* Each kind once: the name it is stored under is its own. */
      g_assert_nonnull (ic_probe_kind_to_string (k));
    }
  g_assert_null (_ic_probe_get_checker ((IcProbeKind) 99));
  spec.kind = (IcProbeKind) 99;
  sample = ic_probe_run_sync (&spec, NULL, &error);
  g_assert_null (sample);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_state_round_trip (void)
{
  for (IcProbeState s = IC_PROBE_STATE_OK; s <= IC_PROBE_STATE_ERROR; s++)
    {
      IcProbeState parsed = IC_PROBE_STATE_OK;

      g_assert_true (ic_probe_state_from_string (ic_probe_state_to_string (s), &parsed));
      g_assert_cmpint (parsed, ==, s);
    }
  {
    IcProbeState parsed = IC_PROBE_STATE_DEGRADED;
    g_assert_false (ic_probe_state_from_string ("fine", &parsed));
    g_assert_false (ic_probe_state_from_string (NULL, &parsed));
    g_assert_cmpint (parsed, ==, IC_PROBE_STATE_DEGRADED);
  }
}

static void
test_classify (void)
{
  struct { GQuark domain; int code; IcProbeError expected; } cases[] = {
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, IC_PROBE_ERROR_REFUSED },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, IC_PROBE_ERROR_TIMEOUT },
    { G_IO_ERROR, G_IO_ERROR_CANCELLED, IC_PROBE_ERROR_CANCELLED },
    { G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND, IC_PROBE_ERROR_DNS },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, IC_PROBE_ERROR_PROTOCOL },
    { G_IO_ERROR, G_IO_ERROR_NOT_FOUND, IC_PROBE_ERROR_FAILED },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, IC_PROBE_ERROR_DNS },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, IC_PROBE_ERROR_TLS },
    { G_FILE_ERROR, G_FILE_ERROR_NOENT, IC_PROBE_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code,
                                                     "Could not connect: Connection refused");
      g_autoptr(GError) probe_error = ic_probe_error_new_from_error (error);

      g_assert_cmpint (ic_probe_error_classify (error), ==, cases[i].expected);
      g_assert_error (probe_error, IC_PROBE_ERROR, (int) cases[i].expected);
      /* The underlying message is kept verbatim. */
      g_assert_cmpstr (probe_error->message, ==, "Could not connect: Connection refused");
      g_assert_nonnull (ic_probe_error_to_string (cases[i].expected));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-types/state/round-trip", test_state_round_trip);
  g_test_add_func ("/ic/probe-types/kind/every-kind-checked", test_every_kind_checked);
  g_test_add_func ("/ic/probe-types/error/classify", test_classify);

  return g_test_run ();
}
