/* fuzz-json-condition.c — JSON conditions of HTTP probes, and the bodies they look at
 *
 * The input is a condition, a newline, then a response body: both come
 * from outside (an imported probe, a probed server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-json-condition.h"
#include "ic-json.h"
#include "ic-probe-record.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  gsize condition_len = newline ? (gsize) (newline - data) : size;
  g_autofree char *text = fuzz_dup_string (data, condition_len);
  const char *body = newline ? (const char *) newline + 1 : "";
  gsize body_len = newline ? size - condition_len - 1 : 0;
  g_autoptr(IcJsonCondition) condition = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;

  condition = ic_json_condition_parse (text, &error);
  g_assert_true ((condition == NULL) != (error == NULL));
  if (condition == NULL)
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  root = ic_json_parse (body, (gssize) body_len, IC_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    return 0;
  ic_json_condition_eval (condition, root, &explanation);
  /* What a failing condition says ends up in a sample's detail. */
  if (explanation != NULL)
    {
      g_assert_true (g_utf8_validate (explanation, -1, NULL));
      g_assert_cmpuint (strlen (explanation), <=, IC_PROBE_SAMPLE_DETAIL_MAX + 3);
    }
  return 0;
}
