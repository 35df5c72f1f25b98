/* ic-timeline-event.h — one entry of an incident's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_TYPE_TIMELINE_EVENT (ic_timeline_event_get_type ())

G_DECLARE_FINAL_TYPE (IcTimelineEvent, ic_timeline_event, IC, TIMELINE_EVENT, GObject)

/* Kinds recorded automatically; later features add their own. */
#define IC_TIMELINE_KIND_CREATED        "created"
#define IC_TIMELINE_KIND_STATUS_CHANGED "status-changed"
#define IC_TIMELINE_KIND_NOTE           "note"
#define IC_TIMELINE_KIND_CHANGE_ADDED   "change-added"
#define IC_TIMELINE_KIND_CHANGE_REMOVED "change-removed"
#define IC_TIMELINE_KIND_CHECK_ANSWERED "check-answered"

gint64      ic_timeline_event_get_id          (IcTimelineEvent *self);
gint64      ic_timeline_event_get_incident_id (IcTimelineEvent *self);
gint64      ic_timeline_event_get_time        (IcTimelineEvent *self);
const char *ic_timeline_event_get_kind        (IcTimelineEvent *self);
const char *ic_timeline_event_get_text        (IcTimelineEvent *self);
const char *ic_timeline_event_get_reference   (IcTimelineEvent *self);
gboolean    ic_timeline_event_get_pinned      (IcTimelineEvent *self);
gboolean    ic_timeline_event_get_manual      (IcTimelineEvent *self);

G_END_DECLS
