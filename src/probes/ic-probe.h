/* ic-probe.h — one asynchronous check, yielding a sample
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-probe-node.h"
#include "ic-probe-spec.h"
#include "ic-probe-types.h"

G_BEGIN_DECLS

/* ic-probe-session-pool.h */
typedef struct _IcProbeSessionPool IcProbeSessionPool;

/**
 * IcProbeSample:
 * @time: when the check finished, µs since the epoch (UTC)
 * @state: ok, degraded, failing or error
 * @latency_us: how long the check took, µs; -1 if it did not get that far
 * @has_value: whether @value holds a measured number (HTTP status, a
 *   Prometheus value, the number of resolved addresses)
 * @error_kind: for failing and error states, how it failed
 * @detail: what was seen, with any library error message verbatim
 * @addresses: (nullable): resolved addresses (DNS, TCP), for seeing a DNS change
 * @nodes: (nullable) (element-type IcProbeNode): a Redis cluster's per-node
 *   table, one row per primary; read it with ic_probe_sample_get_nodes()
 * @skew: (nullable): a Redis cluster's skew warning in words, e.g.
 *   "127.0.0.1:7001 holds 52 of 58 client connections"
 */
typedef struct
{
  gint64        time;
  IcProbeState  state;
  gint64        latency_us;
  gboolean      has_value;
  double        value;
  gboolean      has_error;
  IcProbeError  error_kind;
  char         *detail;
  GStrv         addresses;
  GPtrArray    *nodes;
  char         *skew;
  gint64        rejected_connections;  /* Redis: the server's count, -1 when not read */
  double        rejected_per_s;        /* since the previous sample (scheduler), or NAN */
} IcProbeSample;

/**
 * IcProbeOptions:
 * @timeout_ms: the whole check's deadline (connect, TLS, body)
 * @latency_threshold_ms: a slower success is degraded; 0 for none
 * @expected_status: HTTP statuses that count as success, e.g. "200-299,301";
 *   %NULL means 200-399
 * @body_contains: (nullable): a substring the HTTP body must contain
 * @json_condition: (nullable): e.g. `$.status == "UP"`
 * @warn_above: Prometheus: a value above is degraded (NAN: none)
 * @fail_above: Prometheus: a value above is failing (NAN: none)
 * @sessions: (nullable): HTTP sessions to share with other checks on this
 *   main context, and the certificates of the CA files they read, which
 *   Redis checks over TLS share too (borrowed; the check keeps a reference
 *   while it runs); %NULL: a session of the check's own, and the CA file
 *   read at each check. A check opens its own connection either way.
 */
typedef struct
{
  guint        timeout_ms;
  guint        latency_threshold_ms;
  const char  *expected_status;
  const char  *body_contains;
  const char  *json_condition;
  double       warn_above;
  double       fail_above;
  const char  *password;   /* (nullable): from the keyring: Redis AUTH, or HTTP's
                            * Authorization header value ("Bearer …") */
  const char  *method;     /* (nullable): HTTP method, GET when NULL */
  const char  *headers;    /* (nullable): "Name: value" lines, separated by '\n' */
  const char  *ca_file;    /* (nullable): PEM file of the CAs to trust instead of the system's */
  IcProbeSessionPool *sessions;
} IcProbeOptions;

#define IC_PROBE_MAX_BODY      (1024 * 1024)
/* The largest file of trusted CA certificates a probe reads. */
#define IC_PROBE_MAX_CA_FILE   (1024 * 1024)
#define IC_PROBE_MAX_REDIRECTS 5

void           ic_probe_options_init  (IcProbeOptions      *options);
void           ic_probe_sample_free   (IcProbeSample       *sample);
const char    *ic_probe_state_get_label (IcProbeState       state);
GPtrArray     *ic_probe_sample_get_nodes (const IcProbeSample *sample);

void           ic_probe_run_async     (const IcProbeSpec    *spec,
                                       const IcProbeOptions *options,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
IcProbeSample *ic_probe_run_finish    (GAsyncResult         *result,
                                       GError              **error);
IcProbeSample *ic_probe_run_sync      (const IcProbeSpec    *spec,
                                       const IcProbeOptions *options,
                                       GError              **error);
char          *ic_probe_sample_to_json (const IcProbeSample *sample,
                                        const IcProbeSpec   *spec);
gboolean       ic_probe_check_method  (const char           *method,
                                       GError              **error);
gboolean       ic_probe_check_header_lines (const char      *headers,
                                            GError         **error);
gboolean       ic_probe_check_headers (const char           *headers,
                                       GError              **error);
gboolean       ic_probe_check_ca_file (const char           *ca_file,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcProbeSample, ic_probe_sample_free)

G_END_DECLS
