/* ic-incident-draft.h — everything a new incident is to hold, inserted in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ic-types.h"

G_BEGIN_DECLS

/**
 * IcIncidentDraft:
 * @title: the title; the store refuses a blank one
 * @service: (nullable): the affected service
 * @severity: the severity
 * @via: how the incident is being created
 * @alert_time: when the alert fired, µs since the epoch (UTC); 0 for the
 *   creation time
 * @alert_source: (nullable): `pagerduty` or `alertmanager` for an imported alert
 * @alert_payload: (nullable): the raw alert payload
 * @alert_dedup_key: (nullable): the key a second import of the same alert
 *   is recognised by (with @alert_source)
 * @alert_url: (nullable): the alert's first link
 * @blast_radius: (nullable): what the alert said about the blast radius
 * @affected_services: (nullable): other services the alert named
 * @notes: (nullable): notes to start with
 * @events: (element-type IcDraftEvent): timeline entries recorded with the
 *   incident, after the entry that says how it was created
 *
 * A new incident as one value: whoever maps a request (a link, the command
 * line, an alert) fills it in, and ic_store_create_incident_from_draft()
 * inserts the row, its fields and its first timeline entries in one
 * transaction — so an id handed back to a requester is an incident that
 * holds everything that was asked for.
 */
typedef struct
{
  char         *title;
  char         *service;
  IcSeverity    severity;
  IcCreatedVia  via;
  gint64        alert_time;
  char         *alert_source;
  char         *alert_payload;
  char         *alert_dedup_key;
  char         *alert_url;
  char         *blast_radius;
  char         *affected_services;
  char         *notes;
  GPtrArray    *events;
} IcIncidentDraft;

/**
 * IcDraftEvent:
 * @kind: the timeline kind (see ic-timeline-event.h)
 * @text: the entry's text
 * @reference: (nullable): what it refers to
 */
typedef struct
{
  char *kind;
  char *text;
  char *reference;
} IcDraftEvent;

IcIncidentDraft *ic_incident_draft_new       (const char      *title,
                                              IcSeverity       severity,
                                              IcCreatedVia     via);
void             ic_incident_draft_add_event (IcIncidentDraft *self,
                                              const char      *kind,
                                              const char      *text,
                                              const char      *reference);
void             ic_incident_draft_free      (IcIncidentDraft *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcIncidentDraft, ic_incident_draft_free)

G_END_DECLS
