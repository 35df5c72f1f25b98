/* ic-window.h — the main window: incident list sidebar and incident view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-clock.h"
#include "ic-incident-view.h"
#include "ic-settings.h"
#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_WINDOW (ic_window_get_type ())

G_DECLARE_FINAL_TYPE (IcWindow, ic_window, IC, WINDOW, AdwApplicationWindow)

IcWindow       *ic_window_new                   (GtkApplication *application,
                                                 IcStore        *store,
                                                 const GError   *store_error,
                                                 IcSettings     *settings,
                                                 IcClock        *clock);
GListModel     *ic_window_get_sidebar_model     (IcWindow       *self);
IcIncident     *ic_window_get_selected_incident (IcWindow       *self);
IcIncidentView *ic_window_get_view              (IcWindow       *self);
void            ic_window_select_incident       (IcWindow       *self,
                                                 IcIncident     *incident);
void            ic_window_show_created          (IcWindow       *self,
                                                 IcIncident     *incident,
                                                 gboolean        existing);
void            ic_window_show_toast            (IcWindow       *self,
                                                 const char     *message);

G_END_DECLS
