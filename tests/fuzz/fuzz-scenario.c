/* fuzz-scenario.c — drill scenario files, hostile or broken, into a
 * scenario and the samples its probes would answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "ic-scenario.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(IcScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  scenario = ic_scenario_parse ((const char *) data, (gssize) size, "fuzz.json", &error);
  /* Exactly one of the two: a scenario, or an error naming the file. */
  g_assert_true ((scenario == NULL) != (error == NULL));
  if (scenario == NULL)
    {
      g_assert_true (g_str_has_prefix (error->message, "fuzz.json: "));
      return 0;
    }
  /* Every probe answers at any time, fixed or not; the culprit exists. */
  for (guint i = 0; i < scenario->probes->len; i++)
    {
      const IcScenarioProbe *probe = g_ptr_array_index (scenario->probes, i);

      g_assert_nonnull (ic_scenario_probe_sample_at (probe, 0, -1));
      g_assert_nonnull (ic_scenario_probe_sample_at (probe, G_MAXINT32, -1));
      g_assert_nonnull (ic_scenario_probe_sample_at (probe, 10, 0));
    }
  g_assert_nonnull (ic_scenario_find_change (scenario, scenario->culprit_change));
  return 0;
}
