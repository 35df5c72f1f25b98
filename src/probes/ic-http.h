/* ic-http.h — HTTP sessions and requests, through the module that calls
 * libsoup (ic-http-module.h)
 *
 * A session and a message are GObjects (a SoupSession and a SoupMessage
 * when the module loaded). Without the module, sessions and messages are
 * still made, and every request fails with IC_HTTP_ERROR_UNAVAILABLE: the
 * callers handle one more error, not a missing session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What libsoup parses a request's URL with (SOUP_HTTP_URI_FLAGS). */
#define IC_HTTP_URI_FLAGS (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH \
                           | G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_FRAGMENT \
                           | G_URI_FLAGS_SCHEME_NORMALIZE)

#define IC_HTTP_ERROR (ic_http_error_quark ())

typedef enum
{
  IC_HTTP_ERROR_UNAVAILABLE,   /* the module that speaks HTTP did not load */
} IcHttpError;

GQuark        ic_http_error_quark          (void);
gboolean      ic_http_is_available         (GError              **error);

GObject      *ic_http_session_new          (guint                 timeout_s);
GObject      *ic_http_probe_session_new    (guint                 timeout_s,
                                            const char           *user_agent,
                                            GProxyResolver       *proxy_resolver,
                                            GTlsDatabase         *database);

GObject      *ic_http_message_new          (const char           *method,
                                            const char           *url);
GObject      *ic_http_message_new_from_uri (const char           *method,
                                            GUri                 *uri);
void          ic_http_message_add_header   (GObject              *message,
                                            const char           *name,
                                            const char           *value);
void          ic_http_message_replace_header (GObject            *message,
                                              const char         *name,
                                              const char         *value);
void          ic_http_message_set_fresh    (GObject              *message);

void          ic_http_send_async           (GObject              *session,
                                            GObject              *message,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GInputStream *ic_http_send_finish          (GObject              *session,
                                            GAsyncResult         *result,
                                            GError              **error);

guint         ic_http_message_get_status   (GObject              *message);
const char   *ic_http_message_get_reason   (GObject              *message);
const char   *ic_http_message_get_content_type   (GObject        *message);
goffset       ic_http_message_get_content_length (GObject        *message);
const char   *ic_http_status_get_phrase    (guint                 status);

G_END_DECLS
