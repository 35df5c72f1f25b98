/* ic-drill-catalog.h — the scenarios the app ships, and scenario files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-scenario.h"
#include "ic-store-drills.h"

G_BEGIN_DECLS

/* Where the built-in scenarios are, in the app's resources. */
#define IC_DRILL_CATALOG_PATH "/io/github/incidentcommander/IncidentCommander/scenarios"

GPtrArray  *ic_drill_catalog_list        (GError        **error);
IcScenario *ic_drill_catalog_load        (const char     *name,
                                          char          **text,
                                          GError        **error);
IcIncident *ic_drill_catalog_start       (IcStore        *store,
                                          const char     *name,
                                          GError        **error);
char       *ic_drill_catalog_dup_last_run (IcStore          *store,
                                           const IcScenario *scenario);

G_END_DECLS
