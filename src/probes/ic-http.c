/* ic-http.c — HTTP sessions and requests, through the module that calls
 * libsoup
 *
 * The module, libic-http.so (ic-http-module.h), is opened the first time a
 * session is made: libsoup, Kerberos and the rest are not loaded by a start
 * that makes none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-http"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-http.h"
#include "ic-http-module.h"
#include "ic-module-loader.h"

G_DEFINE_QUARK (ic-http-error-quark, ic_http_error)

static IcModuleOnce http_module = IC_MODULE_ONCE_INIT (IC_HTTP_MODULE_FILE,
                                                         IC_HTTP_MODULE_ENTRY,
                                                         IcHttpModule);

/* The module's functions, opened the first time; NULL when it cannot be
 * (said once by ic_module_get_table(); why, in http_module.failure). */
static const IcHttpModule *
get_module (void)
{
  return ic_module_once_get (&http_module);
}

/**
 * ic_http_is_available:
 *
 * Opens the module the first time.
 *
 * Returns: whether HTTP requests can be made; if not, @error says why
 *   (%IC_HTTP_ERROR_UNAVAILABLE)
 */
gboolean
ic_http_is_available (GError **error)
{
  if (get_module () != NULL)
    return TRUE;
  g_set_error (error, IC_HTTP_ERROR, IC_HTTP_ERROR_UNAVAILABLE,
               /* Translators: %s is the system's reason, such as a file not found */
               _("HTTP requests cannot be made: the app's HTTP module did not load (%s)"),
               http_module.failure);
  return FALSE;
}

/* What stands in for a session or a message without the module. */
static GObject *
stand_in (void)
{
  return g_object_new (G_TYPE_OBJECT, NULL);
}

/**
 * ic_http_session_new:
 * @timeout_s: the I/O timeout in seconds, or 0 for libsoup's default
 *
 * Returns: (transfer full): a session with libsoup's defaults
 */
GObject *
ic_http_session_new (guint timeout_s)
{
  return get_module () != NULL ? get_module ()->session_new (timeout_s) : stand_in ();
}

/**
 * ic_http_probe_session_new:
 * @database: (nullable): the CAs to trust, or %NULL for the system's
 *
 * Returns: (transfer full): a session as HTTP checks use it: no limit on
 *   connections, idle ones closed after a second, @user_agent, lookups
 *   through @proxy_resolver
 */
GObject *
ic_http_probe_session_new (guint           timeout_s,
                           const char     *user_agent,
                           GProxyResolver *proxy_resolver,
                           GTlsDatabase   *database)
{
  if (get_module () == NULL)
    return stand_in ();
  return get_module ()->probe_session_new (timeout_s, user_agent, proxy_resolver, database);
}

/**
 * ic_http_message_new:
 *
 * Returns: (transfer full) (nullable): a request, or %NULL when @url is not
 *   an HTTP or HTTPS URL
 */
GObject *
ic_http_message_new (const char *method,
                     const char *url)
{
  g_return_val_if_fail (method != NULL && url != NULL, NULL);

  return get_module () != NULL ? get_module ()->message_new (method, url) : stand_in ();
}

/**
 * ic_http_message_new_from_uri:
 * @uri: an HTTP or HTTPS URI, with a host
 *
 * Returns: (transfer full): a request
 */
GObject *
ic_http_message_new_from_uri (const char *method,
                              GUri       *uri)
{
  g_return_val_if_fail (method != NULL && uri != NULL, NULL);

  return get_module () != NULL ? get_module ()->message_new_from_uri (method, uri)
                               : stand_in ();
}

void
ic_http_message_add_header (GObject    *message,
                            const char *name,
                            const char *value)
{
  if (get_module () != NULL)
    get_module ()->message_add_header (message, name, value, FALSE);
}

void
ic_http_message_replace_header (GObject    *message,
                                const char *name,
                                const char *value)
{
  if (get_module () != NULL)
    get_module ()->message_add_header (message, name, value, TRUE);
}

/**
 * ic_http_message_set_fresh:
 *
 * Sends @message on a connection of its own, without credentials cached
 * for other requests.
 */
void
ic_http_message_set_fresh (GObject *message)
{
  if (get_module () != NULL)
    get_module ()->message_set_fresh (message);
}

/**
 * ic_http_send_async:
 *
 * Sends @message; ic_http_send_finish() gives the response's body to read,
 * or the error (%IC_HTTP_ERROR_UNAVAILABLE without the module).
 */
void
ic_http_send_async (GObject             *session,
                    GObject             *message,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (G_IS_OBJECT (session) && G_IS_OBJECT (message));

  if (!ic_http_is_available (&error))
    {
      g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);

      g_task_set_source_tag (task, ic_http_send_async);
      g_task_return_error (task, error);
      return;
    }
  get_module ()->send_async (session, message, cancellable, callback, user_data);
}

/**
 * ic_http_send_finish:
 *
 * Returns: (transfer full) (nullable): the response's body, or %NULL with
 *   @error set
 */
GInputStream *
ic_http_send_finish (GObject       *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  if (g_task_is_valid (result, session)
      && g_task_get_source_tag (G_TASK (result)) == ic_http_send_async)
    return g_task_propagate_pointer (G_TASK (result), error);
  return get_module ()->send_finish (session, result, error);
}

guint
ic_http_message_get_status (GObject *message)
{
  return get_module () != NULL ? get_module ()->get_status (message) : 0;
}

const char *
ic_http_message_get_reason (GObject *message)
{
  return get_module () != NULL ? get_module ()->get_reason (message) : NULL;
}

const char *
ic_http_message_get_content_type (GObject *message)
{
  return get_module () != NULL ? get_module ()->get_content_type (message) : NULL;
}

/**
 * ic_http_message_get_content_length:
 *
 * Returns: the response's Content-Length, or -1 when it has none
 */
goffset
ic_http_message_get_content_length (GObject *message)
{
  return get_module () != NULL ? get_module ()->get_content_length (message) : -1;
}

const char *
ic_http_status_get_phrase (guint status)
{
  return get_module () != NULL ? get_module ()->status_phrase (status) : "";
}
