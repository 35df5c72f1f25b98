/* ic-probe-spec.h — what a probe checks, written as one URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-types.h"

G_BEGIN_DECLS

/**
 * IcProbeSpec:
 * @kind: what kind of check
 * @url: for HTTP, the URL to fetch; for Prometheus, the server's base URL
 * @host: the host (TCP, Redis) or the name to resolve (DNS)
 * @port: the port (TCP, Redis), 0 otherwise
 * @query: the PromQL expression (Prometheus)
 * @user: (nullable): Redis ACL user
 * @password: (nullable): Redis password (only ever held in memory)
 * @db: Redis database number
 * @cluster: whether a Redis target is a cluster seed node
 * @tls: whether a Redis target speaks TLS (`rediss://`; the cluster's nodes
 *   too)
 *
 * Parsed from `http(s)://…`, `redis://[user:password@]host:port[/db][?cluster=1[&seeds=host:port,…]]`
 * (`rediss://` for TLS),
 * `prometheus+http(s)://host:port/?query=…`, `tcp://host:port` and `dns://name`.
 */
typedef struct
{
  IcProbeKind kind;
  char       *url;
  char       *host;
  int         port;
  char       *query;
  char       *user;
  char       *password;
  int         db;
  gboolean    cluster;
  gboolean    tls;
  char      **seeds;      /* (nullable): more cluster seed nodes, "host:port" */
  gint64      drill;      /* replay: the drill's incident */
  guint       drill_probe; /* replay: the scenario's probe */
} IcProbeSpec;

#define IC_PROBE_SPEC_ERROR (ic_probe_spec_error_quark ())

typedef enum
{
  IC_PROBE_SPEC_ERROR_INVALID,
} IcProbeSpecError;

GQuark       ic_probe_spec_error_quark (void);
IcProbeSpec *ic_probe_spec_parse       (const char  *text,
                                        GError     **error);
void         ic_probe_spec_free        (IcProbeSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcProbeSpec, ic_probe_spec_free)

G_END_DECLS
