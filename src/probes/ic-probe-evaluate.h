/* ic-probe-evaluate.h — what an HTTP or Prometheus answer means: pure
 * functions, a response in and a sample out, with no I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-probe.h"

G_BEGIN_DECLS

/**
 * IcHttpResponse:
 * @status: the HTTP status
 * @reason: (nullable): its reason phrase
 * @content_type: (nullable): the media type, without parameters
 * @body: (array length=body_len): the body as read (at most IC_PROBE_MAX_BODY)
 * @body_len: its length in bytes
 *
 * An answer as the network gave it, borrowed for the call.
 */
typedef struct
{
  guint        status;
  const char  *reason;
  const char  *content_type;
  const char  *body;
  gsize        body_len;
} IcHttpResponse;

IcProbeSample *ic_probe_evaluate_http       (const IcHttpResponse *response,
                                             const IcProbeOptions *options,
                                             gint64                latency_us);
IcProbeSample *ic_probe_evaluate_prometheus (const IcHttpResponse *response,
                                             const char           *query,
                                             const IcProbeOptions *options,
                                             gint64                latency_us);
gboolean       ic_probe_status_expected     (const char           *expected,
                                             guint                 status);

G_END_DECLS
