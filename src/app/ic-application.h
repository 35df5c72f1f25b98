/* ic-application.h — the AdwApplication: single instance, command line, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-clock.h"
#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_APPLICATION (ic_application_get_type ())

G_DECLARE_FINAL_TYPE (IcApplication, ic_application, IC, APPLICATION, AdwApplication)

IcApplication *ic_application_new              (void);
IcStore       *ic_application_get_store        (IcApplication *self);
const GError  *ic_application_get_store_error  (IcApplication *self);
IcClock       *ic_application_get_clock        (IcApplication *self);
const char    *ic_application_get_database_path (IcApplication *self);
gboolean       ic_application_check_drill_reminder (IcApplication *self);
void           ic_application_set_database_path (IcApplication *self,
                                                 const char    *path);
IcIncident    *ic_application_new_incident     (IcApplication *self,
                                                 const char    *title,
                                                 const char    *service,
                                                 IcSeverity     severity,
                                                 IcCreatedVia   via,
                                                 GError       **error);

IcIncident    *ic_application_open_uri         (IcApplication *self,
                                                 const char    *uri,
                                                 GError       **error);

G_END_DECLS
