/* ic-test-http.h — an HTTP handler that checks what a probe sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

/* The Authorization value the tests give a probe. */
#define IC_TEST_TOKEN "Bearer t0ken"

/* 200 only for the request the tests configure — POST, "X-Env: prod" and
 * IC_TEST_TOKEN as Authorization — and 400 for anything else. */
static inline void
ic_test_request_handler (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean expected =
    g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0
    && g_strcmp0 (soup_message_headers_get_one (headers, "X-Env"), "prod") == 0
    && g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), IC_TEST_TOKEN) == 0;

  soup_server_message_set_status (msg, expected ? 200 : 400, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "x", 1);
}
