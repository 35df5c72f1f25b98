/* ic-postmortem-page.h — the postmortem editor: sections, 5 whys, action items, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_POSTMORTEM_PAGE (ic_postmortem_page_get_type ())

G_DECLARE_FINAL_TYPE (IcPostmortemPage, ic_postmortem_page, IC, POSTMORTEM_PAGE, GtkWidget)

void         ic_postmortem_page_set_incident      (IcPostmortemPage *self,
                                                   IcIncident       *incident);
void         ic_postmortem_page_refresh           (IcPostmortemPage *self);
IcIncident  *ic_postmortem_page_get_incident      (IcPostmortemPage *self);
const char  *ic_postmortem_page_get_suggestion    (IcPostmortemPage *self);
const char  *ic_postmortem_page_get_error         (IcPostmortemPage *self);
gboolean     ic_postmortem_page_get_export_pending (IcPostmortemPage *self);

G_END_DECLS
