/* ic-change-row.h — one recent change in the structure step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-change.h"

G_BEGIN_DECLS

#define IC_TYPE_CHANGE_ROW (ic_change_row_get_type ())

G_DECLARE_FINAL_TYPE (IcChangeRow, ic_change_row, IC, CHANGE_ROW, AdwActionRow)

GtkWidget *ic_change_row_new           (IcChange    *change,
                                        gint64       now,
                                        gboolean     candidate);
IcChange  *ic_change_row_get_change    (IcChangeRow *self);
gboolean   ic_change_row_get_candidate (IcChangeRow *self);

G_END_DECLS
