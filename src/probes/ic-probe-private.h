/* ic-probe-private.h — shared by the probe kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe.h"

G_BEGIN_DECLS

/* A new sample stamped now, with a copy of @detail cut to
 * IC_PROBE_SAMPLE_DETAIL_MAX bytes. */
IcProbeSample *_ic_probe_sample_new (IcProbeState  state,
                                     gint64        latency_us,
                                     const char   *detail);

/* Cuts the sample's detail, skew and node errors to IC_PROBE_SAMPLE_DETAIL_MAX
 * bytes of UTF-8 (and "…"). */
void           _ic_probe_sample_bound (IcProbeSample *sample);

/* Forgets the strings (and the session pool) a copy of @options borrowed
 * from the caller; a run that needs one keeps its own copy first. */
void           _ic_probe_options_drop_strings (IcProbeOptions *options);

/* Destroys and drops an attached source; a %NULL one is left alone. */
void           _ic_probe_clear_source (GSource **source);

/* Reads a CA file's certificates off the main loop (ic-probe.c). */
void           _ic_probe_load_ca_file_async  (const char          *ca_file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GTlsDatabase  *_ic_probe_load_ca_file_finish (GAsyncResult        *result,
                                              GError             **error);

/* How one kind of probe is checked. check_async has the contract of
 * ic_probe_run_async(): its task returns an IcProbeSample (every failure of
 * the checked system is a sample), or G_IO_ERROR_CANCELLED. */
typedef struct
{
  IcProbeKind kind;
  void      (*check_async) (const IcProbeSpec    *spec,
                            const IcProbeOptions *options,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
} IcProbeChecker;

const IcProbeChecker *_ic_probe_get_checker (IcProbeKind kind);

/* ic-probe-replay.c: a drill's scripted probe (same contract). */
void           _ic_probe_replay_check_async     (const IcProbeSpec    *spec,
                                                 const IcProbeOptions *options,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);

/* ic-probe-redis.c: same contract as ic_probe_run_async () for a Redis
 * node: the task returns an IcProbeSample (every failure of the server is
 * a sample), or G_IO_ERROR_CANCELLED when @cancellable was cancelled. */
void           _ic_probe_redis_check_async      (const IcProbeSpec    *spec,
                                                 const IcProbeOptions *options,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);

/* ic-probe-redis.c: checks one node of a cluster like a single node; the
 * sample's nodes hold that node's row when it answered. Over TLS the
 * certificate is checked against @tls_name when given (the host name the
 * node announces), else against the spec's host. */
void           _ic_probe_redis_node_check_async (const IcProbeSpec    *spec,
                                                 const char           *tls_name,
                                                 const IcProbeOptions *options,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);

/* ic-probe-redis-cluster.c: the same contract for ?cluster=1: reads the
 * cluster from the target (or the next seed that answers) and checks every
 * primary it lists; the sample holds the per-node table. */
void           _ic_probe_redis_cluster_check_async (const IcProbeSpec    *spec,
                                                    const IcProbeOptions *options,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);

G_END_DECLS
