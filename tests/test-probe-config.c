/* test-probe-config.c — one check of a probe's configuration for the form and
 * for imports; a missing target and hostile CA files are errors, never a hang
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-probe.h"

/* The target ------------------------------------------------------------- */

/* A stored probe whose configuration lost its target reads back with no
 * spec: the parser says so instead of returning NULL with no error. */
static void
test_spec_missing (void)
{
  const char *missing[] = { NULL, "" };

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (missing[i], &error);

      g_assert_null (spec);
      g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "no target"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-config/spec-missing", test_spec_missing);

  return g_test_run ();
}
