/* ic-timeline-event-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-timeline-event.h"

G_BEGIN_DECLS

IcTimelineEvent *_ic_timeline_event_new (gint64      id,
                                         gint64      incident_id,
                                         gint64      time,
                                         const char *kind,
                                         const char *text,
                                         const char *reference,
                                         gboolean    pinned,
                                         gboolean    manual);
void             _ic_timeline_event_set_pinned (IcTimelineEvent *self,
                                                gboolean         pinned);
void             _ic_timeline_event_set_time   (IcTimelineEvent *self,
                                                gint64           time);

G_END_DECLS
