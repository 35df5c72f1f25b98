/* ic-status-composer.h — writes the one-line status update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_STATUS_COMPOSER (ic_status_composer_get_type ())

G_DECLARE_FINAL_TYPE (IcStatusComposer, ic_status_composer, IC, STATUS_COMPOSER, GtkWidget)

GtkWidget  *ic_status_composer_new          (void);
void        ic_status_composer_set_incident (IcStatusComposer *self,
                                             IcStore          *store,
                                             IcIncident       *incident);
const char *ic_status_composer_get_preview  (IcStatusComposer *self);
void        ic_status_composer_focus        (IcStatusComposer *self);

G_END_DECLS
