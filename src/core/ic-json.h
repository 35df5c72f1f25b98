/* ic-json.h — JSON from outside, parsed with a bound on its nesting depth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IC_JSON_ERROR (ic_json_error_quark ())

/**
 * IcJsonError:
 * @IC_JSON_ERROR_INVALID: not JSON (json-glib's line, column and reason), or
 *   not UTF-8 text
 * @IC_JSON_ERROR_TOO_DEEP: arrays and objects nested deeper than the limit
 * @IC_JSON_ERROR_EMPTY: nothing but white space
 *
 * The messages say what is wrong, to follow the caller's "… is not valid
 * JSON: ": "2:7: Parse error: unexpected character `}'", "nested deeper
 * than 128 levels (at byte 128)", "the document is empty".
 */
typedef enum
{
  IC_JSON_ERROR_INVALID,
  IC_JSON_ERROR_TOO_DEEP,
  IC_JSON_ERROR_EMPTY,
} IcJsonError;

/* The nesting depth every document from outside is held to. json-glib 1.6
 * recurses once per level without a limit; alert payloads, incident files,
 * health and Prometheus answers nest fewer than 10 levels. */
#define IC_JSON_MAX_DEPTH 128

GQuark    ic_json_error_quark (void);
JsonNode *ic_json_parse       (const char  *data,
                               gssize       length,
                               guint        max_depth,
                               GError     **error);
JsonNode *ic_json_parse_bytes (GBytes      *bytes,
                               guint        max_depth,
                               GError     **error);

G_END_DECLS
