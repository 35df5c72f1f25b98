/* ic-timeline-row.h — one event on the timeline page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-timeline-event.h"

G_BEGIN_DECLS

#define IC_TYPE_TIMELINE_ROW (ic_timeline_row_get_type ())

G_DECLARE_FINAL_TYPE (IcTimelineRow, ic_timeline_row, IC, TIMELINE_ROW, GtkWidget)

GtkWidget       *ic_timeline_row_new            (IcTimelineEvent *event,
                                                 gboolean         show_date);
IcTimelineEvent *ic_timeline_row_get_event      (IcTimelineRow   *self);
gboolean         ic_timeline_row_get_show_date  (IcTimelineRow   *self);
const char      *ic_timeline_row_get_time_error (IcTimelineRow   *self);
void             ic_timeline_row_set_time_error (IcTimelineRow   *self,
                                                 const char      *message);

G_END_DECLS
