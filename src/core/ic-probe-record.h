/* ic-probe-record.h — a probe as the store keeps it, and its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

typedef struct _IcProbeRecord IcProbeRecord;

#define IC_TYPE_PROBE_RECORD (ic_probe_record_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeRecord, ic_probe_record, IC, PROBE_RECORD, GObject)

/* A sample's detail keeps at most this many bytes of UTF-8, then "…": a
 * failing JSON condition quotes the value it found, and a server's error
 * text can be as long as the server likes. */
#define IC_PROBE_SAMPLE_DETAIL_MAX 4096

/**
 * IcStoredSample:
 * One probe result as stored: the state as its string form ("ok",
 * "degraded", "failing", "error"), and its detail bounded by
 * %IC_PROBE_SAMPLE_DETAIL_MAX.
 */
typedef struct
{
  gint64    id;
  gint64    time;
  char     *state;
  gint64    latency_us;   /* -1: unknown */
  gboolean  has_value;
  double    value;
  char     *error_kind;   /* nullable */
  char     *detail;
} IcStoredSample;

gint64      ic_probe_record_get_id             (IcProbeRecord *self);
gint64      ic_probe_record_get_incident_id    (IcProbeRecord *self);
const char *ic_probe_record_get_kind           (IcProbeRecord *self);
const char *ic_probe_record_get_name           (IcProbeRecord *self);
const char *ic_probe_record_get_spec           (IcProbeRecord *self);
guint       ic_probe_record_get_interval_ms    (IcProbeRecord *self);
guint       ic_probe_record_get_timeout_ms     (IcProbeRecord *self);
gboolean    ic_probe_record_get_enabled        (IcProbeRecord *self);
gboolean    ic_probe_record_get_awaiting_confirmation (IcProbeRecord *self);
const char *ic_probe_record_get_expected_status (IcProbeRecord *self);
const char *ic_probe_record_get_body_contains  (IcProbeRecord *self);
const char *ic_probe_record_get_json_condition (IcProbeRecord *self);
guint       ic_probe_record_get_latency_threshold_ms (IcProbeRecord *self);
double      ic_probe_record_get_warn_above     (IcProbeRecord *self);
double      ic_probe_record_get_fail_above     (IcProbeRecord *self);
const char *ic_probe_record_get_secret_ref     (IcProbeRecord *self);
const char *ic_probe_record_get_method         (IcProbeRecord *self);
const char *ic_probe_record_get_headers        (IcProbeRecord *self);
const char *ic_probe_record_get_ca_file        (IcProbeRecord *self);
const char *ic_probe_record_get_service        (IcProbeRecord *self);

/**
 * IcProbeChecks:
 * What a probe's check accepts beyond reaching its target; strings may be
 * %NULL, thresholds NAN or 0 for none.
 */
typedef struct
{
  const char *expected_status;
  const char *body_contains;
  const char *json_condition;
  guint       latency_threshold_ms;
  double      warn_above;
  double      fail_above;
  const char *secret_ref;   /* its password's keyring reference, or NULL */
  const char *method;       /* HTTP: GET when NULL */
  const char *headers;      /* HTTP: "Name: value" lines, '\n'-separated, or NULL */
  const char *ca_file;      /* HTTPS: the CAs to trust instead of the system's, or NULL */
} IcProbeChecks;

void        ic_stored_sample_free              (IcStoredSample *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcStoredSample, ic_stored_sample_free)

G_END_DECLS
