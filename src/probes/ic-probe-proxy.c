/* ic-probe-proxy.c — the system's proxy settings, looked up once a minute
 * per target rather than at every check
 *
 * An HTTP check opens a fresh connection, and GIO asks the proxy resolver
 * for each one: with glib-networking's libproxy backend that is a worker
 * thread, a walk through the proxy configuration and /etc/services; in the
 * Flatpak, a D-Bus call to the proxy portal. At 100 HTTP probes a second
 * that was a third of the probes' CPU. This resolver wraps the system's and
 * remembers each URI's answer for a while (errors are not remembered), so
 * the system's settings are still honoured and a change reaches the probes
 * within the minute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include "ic-probe-proxy.h"

#define DEFAULT_TTL_US (60 * G_USEC_PER_SEC)
/* A target list is short; a bound keeps a hostile list from growing it. */
#define MAX_ENTRIES 4096

struct _IcProbeProxyCache
{
  GObject         parent_instance;

  GProxyResolver *inner;
  gint64          ttl_us;
  GMutex          lock;
  GHashTable     *entries;   /* URI → Entry */
};

typedef struct
{
  GStrv  proxies;
  gint64 expires;   /* monotonic µs */
} Entry;

static void resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IcProbeProxyCache, ic_probe_proxy_cache, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      resolver_iface_init))

static void
entry_free (Entry *entry)
{
  g_strfreev (entry->proxies);
  g_free (entry);
}

/* A copy of what is remembered for @uri, or %NULL. */
static GStrv
lookup_cached (IcProbeProxyCache *self,
               const char        *uri)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Entry *entry = g_hash_table_lookup (self->entries, uri);

  if (entry == NULL)
    return NULL;
  if (entry->expires <= g_get_monotonic_time ())
    {
      g_hash_table_remove (self->entries, uri);
      return NULL;
    }
  return g_strdupv (entry->proxies);
}

static void
remember (IcProbeProxyCache  *self,
          const char         *uri,
          const char * const *proxies)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Entry *entry = g_new0 (Entry, 1);

  if (g_hash_table_size (self->entries) >= MAX_ENTRIES)
    g_hash_table_remove_all (self->entries);
  entry->proxies = g_strdupv ((GStrv) proxies);
  entry->expires = g_get_monotonic_time () + self->ttl_us;
  g_hash_table_replace (self->entries, g_strdup (uri), entry);
}

static gboolean
is_supported (GProxyResolver *resolver)
{
  IcProbeProxyCache *self = IC_PROBE_PROXY_CACHE (resolver);

  return g_proxy_resolver_is_supported (self->inner);
}

static char **
lookup (GProxyResolver  *resolver,
        const char      *uri,
        GCancellable    *cancellable,
        GError         **error)
{
  IcProbeProxyCache *self = IC_PROBE_PROXY_CACHE (resolver);
  GStrv proxies = lookup_cached (self, uri);

  if (proxies != NULL)
    return proxies;
  proxies = g_proxy_resolver_lookup (self->inner, uri, cancellable, error);
  if (proxies != NULL)
    remember (self, uri, (const char * const *) proxies);
  return proxies;
}

static void
inner_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IcProbeProxyCache *self = g_task_get_source_object (task);
  GError *error = NULL;
  GStrv proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (source), result, &error);

  if (proxies == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  remember (self, g_task_get_task_data (task), (const char * const *) proxies);
  g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static void
lookup_async (GProxyResolver      *resolver,
              const char          *uri,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  IcProbeProxyCache *self = IC_PROBE_PROXY_CACHE (resolver);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GStrv proxies = lookup_cached (self, uri);

  g_task_set_source_tag (task, lookup_async);
  if (proxies != NULL)
    {
      g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
      return;
    }
  g_task_set_task_data (task, g_strdup (uri), g_free);
  g_proxy_resolver_lookup_async (self->inner, uri, cancellable, inner_done_cb,
                                 g_steal_pointer (&task));
}

static char **
lookup_finish (GProxyResolver  *resolver,
               GAsyncResult    *result,
               GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = is_supported;
  iface->lookup = lookup;
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
}

static void
ic_probe_proxy_cache_finalize (GObject *object)
{
  IcProbeProxyCache *self = IC_PROBE_PROXY_CACHE (object);

  g_clear_object (&self->inner);
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ic_probe_proxy_cache_parent_class)->finalize (object);
}

static void
ic_probe_proxy_cache_class_init (IcProbeProxyCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_probe_proxy_cache_finalize;
}

static void
ic_probe_proxy_cache_init (IcProbeProxyCache *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
}

/**
 * ic_probe_proxy_cache_new:
 * @inner: the resolver that knows
 * @ttl_us: how long an answer is remembered
 *
 * Returns: (transfer full): a resolver that asks @inner once per URI and
 *   @ttl_us
 */
IcProbeProxyCache *
ic_probe_proxy_cache_new (GProxyResolver *inner,
                          gint64          ttl_us)
{
  IcProbeProxyCache *self;

  g_return_val_if_fail (G_IS_PROXY_RESOLVER (inner), NULL);

  self = g_object_new (IC_TYPE_PROBE_PROXY_CACHE, NULL);
  self->inner = g_object_ref (inner);
  self->ttl_us = ttl_us;
  return self;
}

/**
 * ic_probe_proxy_cache_get_default:
 *
 * Returns: (transfer none): the probes' resolver: the system's (the
 *   default #GProxyResolver), remembered for a minute per URI
 */
GProxyResolver *
ic_probe_proxy_cache_get_default (void)
{
  static GProxyResolver *resolver;

  if (g_once_init_enter (&resolver))
    {
      GProxyResolver *made = G_PROXY_RESOLVER (
        ic_probe_proxy_cache_new (g_proxy_resolver_get_default (), DEFAULT_TTL_US));

      g_once_init_leave (&resolver, made);
    }
  return resolver;
}

/**
 * ic_probe_proxy_cache_has:
 *
 * Returns: whether an answer for @uri is remembered and fresh
 */
gboolean
ic_probe_proxy_cache_has (IcProbeProxyCache *self,
                          const char        *uri)
{
  g_auto(GStrv) proxies = NULL;

  g_return_val_if_fail (IC_IS_PROBE_PROXY_CACHE (self), FALSE);

  proxies = lookup_cached (self, uri);
  return proxies != NULL;
}
