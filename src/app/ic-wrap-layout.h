/* ic-wrap-layout.h — lays out a wrapping label in a row without GTK's
 * search for its width at each height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IC_TYPE_WRAP_LAYOUT (ic_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (IcWrapLayout, ic_wrap_layout, IC, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *ic_wrap_layout_new (void);

G_END_DECLS
