/* ic-alert.h — an alert imported from a PagerDuty or Alertmanager webhook payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-incident-draft.h"
#include "ic-types.h"

G_BEGIN_DECLS

#define IC_ALERT_ERROR (ic_alert_error_quark ())

/**
 * IcAlertError:
 * @IC_ALERT_ERROR_NOT_UTF8: the payload is not valid UTF-8 (or contains a NUL byte)
 * @IC_ALERT_ERROR_TOO_LARGE: the payload is over %IC_ALERT_MAX_PAYLOAD_SIZE bytes
 * @IC_ALERT_ERROR_INVALID_JSON: the payload is not JSON, is empty, or nests too deeply
 * @IC_ALERT_ERROR_UNKNOWN_FORMAT: valid JSON, but neither a PagerDuty v3 nor an
 *   Alertmanager v4 webhook
 * @IC_ALERT_ERROR_MISSING_FIELD: a required field is absent (the message names its path)
 * @IC_ALERT_ERROR_WRONG_TYPE: a field has the wrong JSON type or an unusable value
 *   (the message names its path and what was expected)
 * @IC_ALERT_ERROR_UNSUPPORTED: a PagerDuty event other than `incident.triggered`
 * @IC_ALERT_ERROR_NOT_FIRING: an Alertmanager group that is resolved, or has no firing alert
 */
typedef enum
{
  IC_ALERT_ERROR_NOT_UTF8,
  IC_ALERT_ERROR_TOO_LARGE,
  IC_ALERT_ERROR_INVALID_JSON,
  IC_ALERT_ERROR_UNKNOWN_FORMAT,
  IC_ALERT_ERROR_MISSING_FIELD,
  IC_ALERT_ERROR_WRONG_TYPE,
  IC_ALERT_ERROR_UNSUPPORTED,
  IC_ALERT_ERROR_NOT_FIRING,
} IcAlertError;

/**
 * IcAlertSource:
 * @IC_ALERT_SOURCE_PAGERDUTY: a PagerDuty webhook v3 `incident.triggered` event
 * @IC_ALERT_SOURCE_ALERTMANAGER: a Prometheus Alertmanager webhook, version 4
 */
typedef enum
{
  IC_ALERT_SOURCE_PAGERDUTY,
  IC_ALERT_SOURCE_ALERTMANAGER,
} IcAlertSource;

/**
 * IcAlertHint:
 * @IC_ALERT_HINT_SERVICE: the `service` label
 * @IC_ALERT_HINT_JOB: the `job` label
 * @IC_ALERT_HINT_INSTANCE: the `instance` label
 * @IC_ALERT_HINT_NAMESPACE: the `namespace` label
 * @IC_ALERT_HINT_CLUSTER: the `cluster` label
 *
 * The labels whose distinct values hint at the blast radius.
 */
typedef enum
{
  IC_ALERT_HINT_SERVICE,
  IC_ALERT_HINT_JOB,
  IC_ALERT_HINT_INSTANCE,
  IC_ALERT_HINT_NAMESPACE,
  IC_ALERT_HINT_CLUSTER,
} IcAlertHint;

#define IC_ALERT_N_HINTS (IC_ALERT_HINT_CLUSTER + 1)

/* Payloads above this size are refused before parsing. */
#define IC_ALERT_MAX_PAYLOAD_SIZE (4 * 1024 * 1024)

/* At most this many distinct generatorURL links are kept from one group. */
#define IC_ALERT_MAX_SOURCE_LINKS 10

#define IC_TYPE_ALERT (ic_alert_get_type ())

G_DECLARE_FINAL_TYPE (IcAlert, ic_alert, IC, ALERT, GObject)

GQuark              ic_alert_error_quark            (void);

const char         *ic_alert_source_to_string       (IcAlertSource  source);
gboolean            ic_alert_source_from_string     (const char    *str,
                                                     IcAlertSource *source);
const char         *ic_alert_source_get_label       (IcAlertSource  source);

IcAlert            *ic_alert_parse                  (const char    *data,
                                                     gssize         length,
                                                     GError       **error);
IcAlert            *ic_alert_parse_bytes            (GBytes        *bytes,
                                                     GError       **error);
IcAlert            *ic_alert_read_sync              (GInputStream  *stream,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
void                ic_alert_read_async             (GInputStream  *stream,
                                                     GCancellable  *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer       user_data);
IcAlert            *ic_alert_read_finish            (GInputStream  *stream,
                                                     GAsyncResult  *result,
                                                     GError       **error);

IcAlertSource       ic_alert_get_source             (IcAlert       *self);
const char         *ic_alert_get_title              (IcAlert       *self);
const char         *ic_alert_get_service            (IcAlert       *self);
IcSeverity          ic_alert_get_severity           (IcAlert       *self);
gint64              ic_alert_get_alert_time         (IcAlert       *self);
const char         *ic_alert_get_dedup_key          (IcAlert       *self);
const char * const *ic_alert_get_link_labels        (IcAlert       *self);
const char * const *ic_alert_get_link_urls          (IcAlert       *self);
const char * const *ic_alert_get_assignees          (IcAlert       *self);
const char * const *ic_alert_get_hint_values        (IcAlert       *self,
                                                     IcAlertHint    hint);
guint               ic_alert_get_n_alerts           (IcAlert       *self);
guint64             ic_alert_get_truncated_alerts   (IcAlert       *self);
const char         *ic_alert_get_summary            (IcAlert       *self);
const char         *ic_alert_get_description        (IcAlert       *self);
const char         *ic_alert_get_raw_payload        (IcAlert       *self);

char               *ic_alert_dup_blast_radius_text  (IcAlert       *self);
char               *ic_alert_dup_notes              (IcAlert       *self);

IcIncidentDraft    *ic_alert_to_draft               (IcAlert       *self);

G_END_DECLS
