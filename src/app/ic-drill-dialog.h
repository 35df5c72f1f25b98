/* ic-drill-dialog.h — "Start a Drill…": the scenarios and their last runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_DRILL_DIALOG (ic_drill_dialog_get_type ())

G_DECLARE_FINAL_TYPE (IcDrillDialog, ic_drill_dialog, IC, DRILL_DIALOG, AdwWindow)

IcDrillDialog *ic_drill_dialog_new          (GtkWindow     *parent,
                                             IcStore       *store);
GListModel    *ic_drill_dialog_get_scenarios (IcDrillDialog *self);

G_END_DECLS
