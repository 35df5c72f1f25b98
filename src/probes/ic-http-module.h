/* ic-http-module.h — between ic-http.c and the module that speaks HTTP
 * through libsoup
 *
 * libsoup and the libraries it needs (Kerberos, libpsl, nghttp2, libidn2)
 * live in a module of their own, opened with its symbols kept local the
 * first time an HTTP session is made: a start with no HTTP check, change
 * feed or export never loads them. Sessions and messages are GObjects to
 * the program (a SoupSession, a SoupMessage).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The module's file, found by ic_module_path(). */
#define IC_HTTP_MODULE_FILE "libic-http.so"
#define IC_HTTP_MODULE_ENTRY "ic_http_module_get"

typedef struct
{
  gsize          size;  /* sizeof (IcHttpModule): one of another shape is not used */
  /* A session with libsoup's defaults, and @timeout_s when not 0. */
  GObject      *(*session_new)          (guint                timeout_s);
  /* A probes' session: no limit on connections, idle connections closed
   * after a second, @user_agent, @proxy_resolver, @database to trust
   * (%NULL: the system's). */
  GObject      *(*probe_session_new)    (guint                timeout_s,
                                         const char          *user_agent,
                                         GProxyResolver      *proxy_resolver,
                                         GTlsDatabase        *database);
  /* %NULL when @url is not an HTTP(S) URL. */
  GObject      *(*message_new)          (const char          *method,
                                         const char          *url);
  GObject      *(*message_new_from_uri) (const char          *method,
                                         GUri                *uri);
  /* Adds a request header, or with @replace replaces any of that name. */
  void          (*message_add_header)   (GObject             *message,
                                         const char          *name,
                                         const char          *value,
                                         gboolean             replace);
  /* On a connection of its own, and no cached credentials. */
  void          (*message_set_fresh)    (GObject             *message);
  void          (*send_async)           (GObject             *session,
                                         GObject             *message,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
  GInputStream *(*send_finish)          (GObject             *session,
                                         GAsyncResult        *result,
                                         GError             **error);
  guint         (*get_status)           (GObject             *message);
  const char   *(*get_reason)           (GObject             *message);
  const char   *(*get_content_type)     (GObject             *message);
  /* The Content-Length of the response, or -1 when it has none. */
  goffset       (*get_content_length)   (GObject             *message);
  const char   *(*status_phrase)        (guint                status);
} IcHttpModule;

/* The type of the module's entry, IC_HTTP_MODULE_ENTRY. */
typedef const IcHttpModule *IcHttpModuleGet (void);

G_END_DECLS
