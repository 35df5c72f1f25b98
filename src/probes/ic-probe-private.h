/* ic-probe-private.h — shared by the probe kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe.h"

G_BEGIN_DECLS

/* A new sample stamped now, with a copy of @detail. */
IcProbeSample *_ic_probe_sample_new (IcProbeState  state,
                                     gint64        latency_us,
                                     const char   *detail);

/* Destroys and drops an attached source; a %NULL one is left alone. */
void           _ic_probe_clear_source (GSource **source);

/* ic-probe-redis.c: same contract as ic_probe_run_async () for Redis specs:
 * the task returns an IcProbeSample (every failure of the server is a
 * sample), or G_IO_ERROR_CANCELLED when @cancellable was cancelled. */
void           _ic_probe_redis_run_async (const IcProbeSpec    *spec,
                                          const IcProbeOptions *options,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);

G_END_DECLS
