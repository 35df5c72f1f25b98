/* test-probe-proxy.c — the probes' proxy resolver asks the system's once
 * per URI and minute, and an HTTP probe goes through it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "ic-probe-proxy.h"
#include "ic-probe.h"

/* A resolver that counts what it is asked and answers from a table; a URI
 * with "fail" in it is an error. */
typedef struct
{
  GObject parent_instance;
  guint   asked;
  char   *proxy;     /* what every URI goes through */
} CountingResolver;

typedef GObjectClass CountingResolverClass;

static void counting_iface_init (GProxyResolverInterface *iface);
static GType counting_resolver_get_type (void);
G_DEFINE_TYPE_WITH_CODE (CountingResolver, counting_resolver, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER, counting_iface_init))
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CountingResolver, g_object_unref)

static gboolean
counting_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
counting_lookup (GProxyResolver  *resolver,
                 const char      *uri,
                 GCancellable    *cancellable,
                 GError         **error)
{
  CountingResolver *self = (CountingResolver *) resolver;
  char *proxies[] = { self->proxy, NULL };

  self->asked++;
  if (strstr (uri, "fail") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no answer for %s", uri);
      return NULL;
    }
  return g_strdupv (proxies);
}

static void
counting_lookup_async (GProxyResolver      *resolver,
                       const char          *uri,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  char **proxies = counting_lookup (resolver, uri, cancellable, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static char **
counting_lookup_finish (GProxyResolver  *resolver,
                        GAsyncResult    *result,
                        GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
counting_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = counting_is_supported;
  iface->lookup = counting_lookup;
  iface->lookup_async = counting_lookup_async;
  iface->lookup_finish = counting_lookup_finish;
}

static void
counting_resolver_finalize (GObject *object)
{
  g_free (((CountingResolver *) object)->proxy);
  G_OBJECT_CLASS (counting_resolver_parent_class)->finalize (object);
}

static void
counting_resolver_class_init (CountingResolverClass *klass)
{
  klass->finalize = counting_resolver_finalize;
}

static void
counting_resolver_init (CountingResolver *self)
{
  self->proxy = g_strdup ("direct://");
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GStrv
lookup_async_and_wait (GProxyResolver *resolver,
                       const char     *uri,
                       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_proxy_resolver_lookup_async (resolver, uri, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_proxy_resolver_lookup_finish (resolver, result, error);
}

/* One question per URI while the answer is fresh, sync or async alike; a
 * failure is asked again; a stale answer too. */
static void
test_remembers (void)
{
  g_autoptr(CountingResolver) inner = g_object_new (counting_resolver_get_type (), NULL);
  g_autoptr(IcProbeProxyCache) cache =
    ic_probe_proxy_cache_new (G_PROXY_RESOLVER (inner), 200 * G_USEC_PER_SEC / 1000);
  GProxyResolver *resolver = G_PROXY_RESOLVER (cache);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) third = NULL;
  g_auto(GStrv) other = NULL;
  g_auto(GStrv) later = NULL;

  g_assert_true (g_proxy_resolver_is_supported (resolver));
  first = g_proxy_resolver_lookup (resolver, "http://a.example/health", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first[0], ==, "direct://");
  second = lookup_async_and_wait (resolver, "http://a.example/health", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (second, first);
  third = g_proxy_resolver_lookup (resolver, "http://a.example/health", NULL, &error);
  g_assert_cmpuint (inner->asked, ==, 1);

  other = lookup_async_and_wait (resolver, "http://b.example/health", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inner->asked, ==, 2);

  g_assert_null (g_proxy_resolver_lookup (resolver, "http://fail.example/", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (lookup_async_and_wait (resolver, "http://fail.example/", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (inner->asked, ==, 4);

  /* The system's settings changed: seen once the answer is stale. */
  g_free (inner->proxy);
  inner->proxy = g_strdup ("http://proxy.example:3128");
  g_usleep (250 * 1000);
  later = g_proxy_resolver_lookup (resolver, "http://a.example/health", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (later[0], ==, "http://proxy.example:3128");
  g_assert_cmpuint (inner->asked, ==, 5);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

/* What HTTP probes use: the system's resolver behind the cache; a probe's
 * connection asks it (and the answer is remembered). */
static void
test_default (void)
{
  GProxyResolver *resolver = ic_probe_proxy_cache_get_default ();
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) proxies = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  g_autofree char *url = NULL;
  g_autofree char *asked = NULL;
  GSList *uris;

  g_assert_true (IC_IS_PROBE_PROXY_CACHE (resolver));
  g_assert_true (resolver == ic_probe_proxy_cache_get_default ());
  proxies = g_proxy_resolver_lookup (resolver, "http://127.0.0.1:1/health", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (proxies);
  g_assert_nonnull (proxies[0]);

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/health", g_uri_get_port (uris->data));
  /* GIO asks for the connection's address, by scheme, host and port. */
  asked = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_false (ic_probe_proxy_cache_has (IC_PROBE_PROXY_CACHE (resolver), asked));
  spec = ic_probe_spec_parse (url, &error);
  g_assert_no_error (error);
  ic_probe_run_async (spec, NULL, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sample = ic_probe_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_OK);
  g_assert_true (ic_probe_proxy_cache_has (IC_PROBE_PROXY_CACHE (resolver), asked));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-proxy/remembers", test_remembers);
  g_test_add_func ("/ic/probe-proxy/default", test_default);

  return g_test_run ();
}
