/* ic-details-page.h — an incident's details, response times and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_DETAILS_PAGE (ic_details_page_get_type ())

G_DECLARE_FINAL_TYPE (IcDetailsPage, ic_details_page, IC, DETAILS_PAGE, GtkWidget)

GtkWidget *ic_details_page_new              (IcStore       *store);
void       ic_details_page_set_incident     (IcDetailsPage *self,
                                             IcIncident    *incident);
void       ic_details_page_refresh_metrics  (IcDetailsPage *self);
void       ic_details_page_refresh_actions  (IcDetailsPage *self);
gboolean   ic_details_page_get_done         (IcDetailsPage *self);
void       ic_details_page_action_recorded  (IcDetailsPage *self);
void       ic_details_page_set_action_error (IcDetailsPage *self,
                                             const char    *message);

G_END_DECLS
