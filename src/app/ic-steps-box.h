/* ic-steps-box.h — a box whose content can be laid out while out of reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IC_TYPE_STEPS_BOX (ic_steps_box_get_type ())

G_DECLARE_FINAL_TYPE (IcStepsBox, ic_steps_box, IC, STEPS_BOX, GtkBox)

GtkWidget *ic_steps_box_new           (void);
void       ic_steps_box_set_reachable (IcStepsBox *self,
                                       gboolean    reachable);
gboolean   ic_steps_box_get_reachable (IcStepsBox *self);

G_END_DECLS
