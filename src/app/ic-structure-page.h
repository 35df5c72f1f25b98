/* ic-structure-page.h — the three facts and what changed in the last hour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-change-reader.h"
#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_STRUCTURE_PAGE (ic_structure_page_get_type ())

G_DECLARE_FINAL_TYPE (IcStructurePage, ic_structure_page, IC, STRUCTURE_PAGE, GtkWidget)

GtkWidget  *ic_structure_page_new          (IcStore         *store);
void        ic_structure_page_set_incident (IcStructurePage *self,
                                            IcIncident      *incident);
IcIncident *ic_structure_page_get_incident (IcStructurePage *self);
void        ic_structure_page_focus_first  (IcStructurePage *self);
void        ic_structure_page_refresh_changes (IcStructurePage *self);
IcChangeReader *ic_structure_page_get_change_reader (IcStructurePage *self);

G_END_DECLS
