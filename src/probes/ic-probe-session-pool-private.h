/* ic-probe-session-pool-private.h — what the HTTP check asks of the pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-probe-session-pool.h"

G_BEGIN_DECLS

/* Which version of a CA file was read: a file replaced or rewritten since
 * has another inode, size, modification or change time. */
typedef struct
{
  gboolean valid;
  guint64  device;
  guint64  inode;
  gint64   size;
  gint64   mtime_ns;
  gint64   ctime_ns;
} IcCaFileStamp;

/* A session as an HTTP check uses it: the check's I/O timeout in seconds
 * (backing its own deadline), @database to trust (%NULL: the system's),
 * the proxy cache, our user agent. Every check of the pool and every
 * check without one gets its session from here. */
GObject      *_ic_probe_http_session_new              (guint                timeout_s,
                                                       GTlsDatabase        *database);

/* The pool's session for @timeout_s and @database (transfer none): the
 * same object for the same two, never one for another timeout or
 * database; %NULL on a main context other than the pool's. */
GObject      *_ic_probe_session_pool_get              (IcProbeSessionPool  *self,
                                                       guint                timeout_s,
                                                       GTlsDatabase        *database);

/* The CAs read from @ca_file before (transfer none), if the file is the
 * same one that was read; otherwise %NULL, and @stamp says which version
 * of the file is there now, for _ic_probe_session_pool_remember_ca_file()
 * once a worker has read it. Looks at the file's metadata only. */
GTlsDatabase *_ic_probe_session_pool_lookup_ca_file   (IcProbeSessionPool  *self,
                                                       const char          *ca_file,
                                                       IcCaFileStamp       *stamp);
void          _ic_probe_session_pool_remember_ca_file (IcProbeSessionPool  *self,
                                                       const char          *ca_file,
                                                       const IcCaFileStamp *stamp,
                                                       GTlsDatabase        *database);

/* How many sessions the pool holds (tests). */
guint         _ic_probe_session_pool_get_n_sessions   (IcProbeSessionPool  *self);

G_END_DECLS
