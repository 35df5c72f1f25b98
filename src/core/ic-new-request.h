/* ic-new-request.h — a request to start an incident, read from an incident-commander:// link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ic-incident-draft.h"
#include "ic-types.h"

G_BEGIN_DECLS

#define IC_NEW_REQUEST_ERROR (ic_new_request_error_quark ())

/**
 * IcNewRequestError:
 * @IC_NEW_REQUEST_ERROR_BAD_URI: not a URI, a fragment, bad percent-encoding,
 *   a parameter without "=", or too long
 * @IC_NEW_REQUEST_ERROR_WRONG_SCHEME: a scheme other than `incident-commander`
 * @IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION: a host (action) other than `new`
 * @IC_NEW_REQUEST_ERROR_BAD_VALUE: a known parameter with an unusable value
 *   (the message names the parameter)
 * @IC_NEW_REQUEST_ERROR_DUPLICATE: a known parameter given more than once
 */
typedef enum
{
  IC_NEW_REQUEST_ERROR_BAD_URI,
  IC_NEW_REQUEST_ERROR_WRONG_SCHEME,
  IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION,
  IC_NEW_REQUEST_ERROR_BAD_VALUE,
  IC_NEW_REQUEST_ERROR_DUPLICATE,
} IcNewRequestError;

/* Title and service are limited to this many characters, after trimming. */
#define IC_NEW_REQUEST_MAX_TEXT_LENGTH 200

/* Longer links are refused before they are parsed. */
#define IC_NEW_REQUEST_MAX_URI_LENGTH 8192

/* How far in the future an alert time may lie, to allow for clock skew. */
#define IC_NEW_REQUEST_MAX_FUTURE_US (G_GINT64_CONSTANT (24 * 60 * 60) * G_USEC_PER_SEC)

/**
 * IcNewRequest:
 * @title: (nullable): the incident title, trimmed, on one line
 * @service: (nullable): the affected service, trimmed, on one line
 * @severity: the severity if @has_severity, otherwise %IC_SEVERITY_SEV2
 * @has_severity: whether the link gave a severity
 * @alert_time: when the alert fired, µs since the epoch (UTC); 0 if not given
 * @warnings: (array zero-terminated=1): one translated line per ignored
 *   parameter; empty, never %NULL
 *
 * What an `incident-commander://new?…` link asks for.  Every field is
 * optional: the new-incident form pre-fills what is there.
 */
typedef struct
{
  char       *title;
  char       *service;
  IcSeverity  severity;
  gboolean    has_severity;
  gint64      alert_time;
  GStrv       warnings;
} IcNewRequest;

GQuark        ic_new_request_error_quark (void);

IcNewRequest *ic_new_request_parse_uri   (const char    *uri,
                                          gint64         now_us,
                                          GError       **error);
void          ic_new_request_free        (IcNewRequest  *request);
IcIncidentDraft *ic_new_request_to_draft (const IcNewRequest *request,
                                          const char         *default_title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcNewRequest, ic_new_request_free)

G_END_DECLS
