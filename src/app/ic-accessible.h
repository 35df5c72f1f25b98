/* ic-accessible.h — names for what GTK 4.8 leaves unnamed to a screen reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ic_accessible_name_drop_down (GtkDropDown *drop_down,
                                   const char  *name);

void ic_accessible_name_mnemonics  (GtkWidget   *root);

G_END_DECLS
