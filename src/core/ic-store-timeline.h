/* ic-store-timeline.h — the store's timeline events and notes (ic-store-timeline.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"
#include "ic-timeline-event.h"

G_BEGIN_DECLS

IcTimelineEvent *ic_store_add_timeline_event (IcStore        *self,
                                              IcIncident     *incident,
                                              const char     *kind,
                                              const char     *text,
                                              const char     *reference,
                                              GError        **error);
GListModel  *ic_store_list_timeline          (IcStore        *self,
                                              IcIncident     *incident,
                                              GError        **error);
GListModel  *ic_store_get_timeline           (IcStore        *self,
                                              IcIncident     *incident);
IcTimelineEvent *ic_store_add_note           (IcStore        *self,
                                              IcIncident     *incident,
                                              const char     *text,
                                              GError        **error);
gboolean     ic_store_set_event_pinned       (IcStore        *self,
                                              IcTimelineEvent *event,
                                              gboolean        pinned,
                                              GError        **error);
gboolean     ic_store_set_event_time         (IcStore        *self,
                                              IcTimelineEvent *event,
                                              gint64          time,
                                              GError        **error);
gboolean     ic_store_delete_event           (IcStore        *self,
                                              IcTimelineEvent *event,
                                              GError        **error);

G_END_DECLS
