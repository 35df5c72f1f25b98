/* ic-http-module.c — HTTP through libsoup, as a module (ic-http-module.h)
 *
 * The only code that calls libsoup. It is built as libic-http.so, which
 * links libsoup; the program does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-http"

#include "config.h"

#include <gmodule.h>
#include <libsoup/soup.h>

#include "ic-http-module.h"

static GObject *
session_new (guint timeout_s)
{
  SoupSession *session = soup_session_new ();

  if (timeout_s > 0)
    soup_session_set_timeout (session, timeout_s);
  return G_OBJECT (session);
}

static GObject *
probe_session_new (guint           timeout_s,
                   const char     *user_agent,
                   GProxyResolver *proxy_resolver,
                   GTlsDatabase   *database)
{
  /* No limit on connections: a check never waits for another's (each
   * opens its own; the scheduler bounds how many run at once). */
  SoupSession *session = soup_session_new_with_options ("timeout", timeout_s,
                                                        "idle-timeout", 1,
                                                        "max-conns", G_MAXINT,
                                                        "max-conns-per-host", G_MAXINT,
                                                        "user-agent", user_agent,
                                                        "proxy-resolver", proxy_resolver,
                                                        NULL);

  if (database != NULL)
    soup_session_set_tls_database (session, database);
  return G_OBJECT (session);
}

static GObject *
message_new (const char *method,
             const char *url)
{
  return (GObject *) soup_message_new (method, url);
}

static GObject *
message_new_from_uri (const char *method,
                      GUri       *uri)
{
  return G_OBJECT (soup_message_new_from_uri (method, uri));
}

static void
message_add_header (GObject    *message,
                    const char *name,
                    const char *value,
                    gboolean    replace)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (SOUP_MESSAGE (message));

  if (replace)
    soup_message_headers_replace (headers, name, value);
  else
    soup_message_headers_append (headers, name, value);
}

static void
message_set_fresh (GObject *message)
{
  soup_message_add_flags (SOUP_MESSAGE (message),
                          SOUP_MESSAGE_NEW_CONNECTION | SOUP_MESSAGE_DO_NOT_USE_AUTH_CACHE);
}

static void
send_async (GObject             *session,
            GObject             *message,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  soup_session_send_async (SOUP_SESSION (session), SOUP_MESSAGE (message), G_PRIORITY_DEFAULT,
                           cancellable, callback, user_data);
}

static GInputStream *
send_finish (GObject       *session,
             GAsyncResult  *result,
             GError       **error)
{
  return soup_session_send_finish (SOUP_SESSION (session), result, error);
}

static guint
get_status (GObject *message)
{
  return soup_message_get_status (SOUP_MESSAGE (message));
}

static const char *
get_reason (GObject *message)
{
  return soup_message_get_reason_phrase (SOUP_MESSAGE (message));
}

static const char *
get_content_type (GObject *message)
{
  return soup_message_headers_get_content_type (
    soup_message_get_response_headers (SOUP_MESSAGE (message)), NULL);
}

static goffset
get_content_length (GObject *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (SOUP_MESSAGE (message));

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return -1;
  return soup_message_headers_get_content_length (headers);
}

G_MODULE_EXPORT const IcHttpModule *ic_http_module_get (void);

const IcHttpModule *
ic_http_module_get (void)
{
  static const IcHttpModule module = {
    .size = sizeof (IcHttpModule),
    .session_new = session_new,
    .probe_session_new = probe_session_new,
    .message_new = message_new,
    .message_new_from_uri = message_new_from_uri,
    .message_add_header = message_add_header,
    .message_set_fresh = message_set_fresh,
    .send_async = send_async,
    .send_finish = send_finish,
    .get_status = get_status,
    .get_reason = get_reason,
    .get_content_type = get_content_type,
    .get_content_length = get_content_length,
    .status_phrase = soup_status_get_phrase,
  };

  return &module;
}
