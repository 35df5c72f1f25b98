/* ic-timeline-event.c — one entry of an incident's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-timeline-event"

#include "config.h"

#include "ic-timeline-event-private.h"

struct _IcTimelineEvent
{
  GObject parent_instance;

  gint64   id;
  gint64   incident_id;
  gint64   time;
  char    *kind;
  char    *text;
  char    *reference;
  gboolean pinned;
  gboolean manual;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_INCIDENT_ID,
  PROP_TIME,
  PROP_KIND,
  PROP_TEXT,
  PROP_REFERENCE,
  PROP_PINNED,
  PROP_MANUAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcTimelineEvent, ic_timeline_event, G_TYPE_OBJECT)

static void
ic_timeline_event_finalize (GObject *object)
{
  IcTimelineEvent *self = IC_TIMELINE_EVENT (object);

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->reference, g_free);

  G_OBJECT_CLASS (ic_timeline_event_parent_class)->finalize (object);
}

static void
ic_timeline_event_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcTimelineEvent *self = IC_TIMELINE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_INCIDENT_ID:
      g_value_set_int64 (value, self->incident_id);
      break;
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_REFERENCE:
      g_value_set_string (value, self->reference);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_MANUAL:
      g_value_set_boolean (value, self->manual);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_timeline_event_class_init (IcTimelineEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* Read-only to views: changes go through the store, which notifies. */
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_timeline_event_finalize;
  object_class->get_property = ic_timeline_event_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_INCIDENT_ID] =
    g_param_spec_int64 ("incident-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_REFERENCE] = g_param_spec_string ("reference", NULL, NULL, NULL, flags);
  properties[PROP_PINNED] = g_param_spec_boolean ("pinned", NULL, NULL, FALSE, flags);
  properties[PROP_MANUAL] = g_param_spec_boolean ("manual", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_timeline_event_init (IcTimelineEvent *self)
{
}

IcTimelineEvent *
_ic_timeline_event_new (gint64      id,
                        gint64      incident_id,
                        gint64      time,
                        const char *kind,
                        const char *text,
                        const char *reference,
                        gboolean    pinned,
                        gboolean    manual)
{
  IcTimelineEvent *self = g_object_new (IC_TYPE_TIMELINE_EVENT, NULL);

  self->id = id;
  self->incident_id = incident_id;
  self->time = time;
  self->kind = g_strdup (kind);
  self->text = g_strdup (text);
  self->reference = g_strdup (reference);
  self->pinned = pinned;
  self->manual = manual;
  return self;
}

void
_ic_timeline_event_set_pinned (IcTimelineEvent *self,
                               gboolean         pinned)
{
  pinned = !!pinned;
  if (self->pinned == pinned)
    return;
  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

void
_ic_timeline_event_set_time (IcTimelineEvent *self,
                             gint64           time)
{
  if (self->time == time)
    return;
  self->time = time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

gint64
ic_timeline_event_get_id (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), 0);
  return self->id;
}

gint64
ic_timeline_event_get_incident_id (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), 0);
  return self->incident_id;
}

gint64
ic_timeline_event_get_time (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), 0);
  return self->time;
}

const char *
ic_timeline_event_get_kind (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), NULL);
  return self->kind;
}

const char *
ic_timeline_event_get_text (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), NULL);
  return self->text;
}

const char *
ic_timeline_event_get_reference (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), NULL);
  return self->reference;
}

gboolean
ic_timeline_event_get_pinned (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), FALSE);
  return self->pinned;
}

/**
 * ic_timeline_event_get_manual:
 *
 * Returns: %TRUE for notes the responder wrote (which can be deleted),
 *   %FALSE for events the app recorded
 */
gboolean
ic_timeline_event_get_manual (IcTimelineEvent *self)
{
  g_return_val_if_fail (IC_IS_TIMELINE_EVENT (self), FALSE);
  return self->manual;
}
