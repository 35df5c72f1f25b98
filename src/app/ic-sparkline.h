/* ic-sparkline.h — the last samples of a probe as bars, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IC_TYPE_SPARKLINE (ic_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (IcSparkline, ic_sparkline, IC, SPARKLINE, GtkWidget)

GtkWidget *ic_sparkline_new        (void);
void       ic_sparkline_push       (IcSparkline *self,
                                    double       value,
                                    gboolean     bad);
guint      ic_sparkline_get_n      (IcSparkline *self);

G_END_DECLS
