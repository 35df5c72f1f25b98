/* ic-timeline-page.h — everything that happened, newest last, and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_TIMELINE_PAGE (ic_timeline_page_get_type ())

G_DECLARE_FINAL_TYPE (IcTimelinePage, ic_timeline_page, IC, TIMELINE_PAGE, GtkWidget)

GtkWidget  *ic_timeline_page_new          (IcStore        *store);
void        ic_timeline_page_set_incident (IcTimelinePage *self,
                                           IcIncident     *incident);
void        ic_timeline_page_focus_note   (IcTimelinePage *self);
gboolean    ic_timeline_page_add_note     (IcTimelinePage *self,
                                           GError        **error);
void        ic_timeline_page_set_note_text (IcTimelinePage *self,
                                            const char     *text);

G_END_DECLS
