/* ic-probe-session-pool.h — HTTP sessions shared by the checks of one
 * main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IC_TYPE_PROBE_SESSION_POOL (ic_probe_session_pool_get_type ())
G_DECLARE_FINAL_TYPE (IcProbeSessionPool, ic_probe_session_pool, IC, PROBE_SESSION_POOL, GObject)

IcProbeSessionPool *ic_probe_session_pool_new (void);

G_END_DECLS
