/* ic-change-feed.h — deployments read from an HTTP(S) JSON feed, as changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gio/gio.h>

#include "ic-change-source.h"

G_BEGIN_DECLS

#define IC_CHANGE_FEED_ERROR (ic_change_feed_error_quark ())

/**
 * IcChangeFeedError:
 * @IC_CHANGE_FEED_ERROR_INVALID_URL: the source's location is no http(s) URL
 * @IC_CHANGE_FEED_ERROR_MAPPING: the mapping is no JSON object of JSONPath
 *   strings; the message names the member ("mapping: \"time\": …")
 * @IC_CHANGE_FEED_ERROR_HTTP_STATUS: the feed answered with a status other
 *   than 2xx ("The feed answered 401 Unauthorized")
 * @IC_CHANGE_FEED_ERROR_NOT_JSON: the body is not JSON
 * @IC_CHANGE_FEED_ERROR_WRONG_SHAPE: the body is JSON, but no list of
 *   changes where one was expected
 * @IC_CHANGE_FEED_ERROR_TOO_LARGE: the body is larger than
 *   %IC_CHANGE_FEED_MAX_BODY
 * @IC_CHANGE_FEED_ERROR_TIMEOUT: no whole answer within the timeout
 *   (%IC_CHANGE_FEED_TIMEOUT_SECONDS)
 *
 * Failures to connect (refused, name not found, TLS) keep the domain
 * libsoup gave them: %G_IO_ERROR, %G_RESOLVER_ERROR, %G_TLS_ERROR; without
 * the module that speaks HTTP, %IC_HTTP_ERROR_UNAVAILABLE.
 */
typedef enum
{
  IC_CHANGE_FEED_ERROR_INVALID_URL,
  IC_CHANGE_FEED_ERROR_MAPPING,
  IC_CHANGE_FEED_ERROR_HTTP_STATUS,
  IC_CHANGE_FEED_ERROR_NOT_JSON,
  IC_CHANGE_FEED_ERROR_WRONG_SHAPE,
  IC_CHANGE_FEED_ERROR_TOO_LARGE,
  IC_CHANGE_FEED_ERROR_TIMEOUT,
} IcChangeFeedError;

/* A whole read (connecting, the answer and its body) takes at most this. */
#define IC_CHANGE_FEED_TIMEOUT_SECONDS 15
/* A feed's answer is at most this large: some 10 000 deployments. */
#define IC_CHANGE_FEED_MAX_BODY (4 * 1024 * 1024)

GQuark     ic_change_feed_error_quark             (void);
GPtrArray *ic_change_feed_parse                   (const char            *body,
                                                   gsize                  length,
                                                   const char            *mapping,
                                                   gint64                 since_us,
                                                   gint64                 until_us,
                                                   guint                 *n_skipped,
                                                   GError               **error);
void       ic_change_feed_read_async              (GObject               *session,
                                                   const IcChangeSource  *source,
                                                   const char            *authorization,
                                                   gint64                 since_us,
                                                   gint64                 until_us,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
GPtrArray *ic_change_feed_read_finish             (GAsyncResult          *result,
                                                   GError               **error);
void       ic_change_feed_set_timeout_for_testing (guint                  seconds);

G_END_DECLS
