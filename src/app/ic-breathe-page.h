/* ic-breathe-page.h — stop, breathe: the calm first page of a new incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_BREATHE_PAGE (ic_breathe_page_get_type ())

G_DECLARE_FINAL_TYPE (IcBreathePage, ic_breathe_page, IC, BREATHE_PAGE, GtkWidget)

GtkWidget  *ic_breathe_page_new         (IcStore       *store);
void        ic_breathe_page_set_rhythm  (IcBreathePage *self,
                                         guint          in_seconds,
                                         guint          out_seconds,
                                         guint          count);
IcIncident *ic_breathe_page_get_incident (IcBreathePage *self);
void        ic_breathe_page_set_incident (IcBreathePage *self,
                                          IcIncident    *incident);
void        ic_breathe_page_start       (IcBreathePage *self);
void        ic_breathe_page_skip        (IcBreathePage *self);
const char *ic_breathe_page_get_guide_text (IcBreathePage *self);

G_END_DECLS
