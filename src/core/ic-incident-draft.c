/* ic-incident-draft.c — everything a new incident is to hold, inserted in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident-draft"

#include "config.h"

#include "ic-incident-draft.h"

static void
draft_event_free (gpointer data)
{
  IcDraftEvent *event = data;

  g_free (event->kind);
  g_free (event->text);
  g_free (event->reference);
  g_free (event);
}

/**
 * ic_incident_draft_new:
 * @title: (nullable): the title
 * @severity: the severity
 * @via: how the incident is being created
 *
 * Returns: (transfer full): a draft with no other field set
 */
IcIncidentDraft *
ic_incident_draft_new (const char   *title,
                       IcSeverity    severity,
                       IcCreatedVia  via)
{
  IcIncidentDraft *self = g_new0 (IcIncidentDraft, 1);

  self->title = g_strdup (title);
  self->severity = severity;
  self->via = via;
  self->events = g_ptr_array_new_with_free_func (draft_event_free);
  return self;
}

/**
 * ic_incident_draft_add_event:
 * @kind: the timeline kind
 * @text: the entry's text
 * @reference: (nullable): what it refers to
 *
 * Adds a timeline entry to record with the incident, after those added
 * before it.
 */
void
ic_incident_draft_add_event (IcIncidentDraft *self,
                             const char      *kind,
                             const char      *text,
                             const char      *reference)
{
  IcDraftEvent *event;

  g_return_if_fail (self != NULL);
  g_return_if_fail (kind != NULL && text != NULL);

  event = g_new0 (IcDraftEvent, 1);
  event->kind = g_strdup (kind);
  event->text = g_strdup (text);
  event->reference = g_strdup (reference);
  g_ptr_array_add (self->events, event);
}

void
ic_incident_draft_free (IcIncidentDraft *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->service);
  g_free (self->alert_source);
  g_free (self->alert_payload);
  g_free (self->alert_dedup_key);
  g_free (self->alert_url);
  g_free (self->blast_radius);
  g_free (self->affected_services);
  g_free (self->notes);
  g_ptr_array_unref (self->events);
  g_free (self);
}
