/* ic-probe-proxy.h — the system's proxy settings, looked up once a minute
 * per target rather than at every check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IC_TYPE_PROBE_PROXY_CACHE (ic_probe_proxy_cache_get_type ())
G_DECLARE_FINAL_TYPE (IcProbeProxyCache, ic_probe_proxy_cache, IC, PROBE_PROXY_CACHE, GObject)

IcProbeProxyCache *ic_probe_proxy_cache_new        (GProxyResolver *inner,
                                                    gint64          ttl_us);
GProxyResolver    *ic_probe_proxy_cache_get_default (void);
gboolean           ic_probe_proxy_cache_has        (IcProbeProxyCache *self,
                                                    const char        *uri);

G_END_DECLS
