/* fuzz-alert.c — PagerDuty v3 / Alertmanager v4 payloads into an incident draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-alert.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(IcAlert) alert = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  alert = ic_alert_parse ((const char *) data, (gssize) size, &error);
  /* Exactly one of the two: an alert, or an error that says why not. */
  g_assert_true ((alert == NULL) != (error == NULL));
  if (alert == NULL)
    return 0;
  draft = ic_alert_to_draft (alert);
  g_assert_true (g_utf8_validate (draft->title, -1, NULL));
  g_assert_nonnull (ic_alert_get_dedup_key (alert));
  return 0;
}
