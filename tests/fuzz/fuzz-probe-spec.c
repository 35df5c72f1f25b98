/* fuzz-probe-spec.c — probe targets as typed in the form or on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-probe-spec.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  spec = ic_probe_spec_parse (text, &error);
  /* A refused spec always says why. */
  g_assert_true ((spec == NULL) != (error == NULL));
  if (error != NULL)
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return 0;
}
