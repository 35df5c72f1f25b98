/* fuzz-new-request.c — incident-commander://new?… links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-new-request.h"

/* 2026-11-28T08:00:00Z */
#define NOW_US G_GINT64_CONSTANT (1795852800000000)

/* What a link may carry: one line of bounded, valid text per field. */
static void
check_field (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, IC_NEW_REQUEST_MAX_TEXT_LENGTH);
  g_assert_null (strchr (text, '\n'));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *uri = fuzz_dup_string (data, size);
  g_autoptr(IcNewRequest) request = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  request = ic_new_request_parse_uri (uri, NOW_US, &error);
  g_assert_true ((request == NULL) != (error == NULL));
  if (request == NULL)
    return 0;
  check_field (request->title);
  check_field (request->service);
  g_assert_true (request->alert_time <= NOW_US + IC_NEW_REQUEST_MAX_FUTURE_US);
  draft = ic_new_request_to_draft (request, "New incident");
  g_assert_cmpuint (draft->events->len, ==, g_strv_length (request->warnings));
  return 0;
}
