/* ic-why-row.h — one why of the postmortem's chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-why.h"

G_BEGIN_DECLS

#define IC_TYPE_WHY_ROW (ic_why_row_get_type ())

G_DECLARE_FINAL_TYPE (IcWhyRow, ic_why_row, IC, WHY_ROW, GtkListBoxRow)

GtkWidget *ic_why_row_new            (IcWhy     *why,
                                      guint      count);
IcWhy     *ic_why_row_get_why        (IcWhyRow  *self);
guint      ic_why_row_get_count      (IcWhyRow  *self);
void       ic_why_row_set_count      (IcWhyRow  *self,
                                      guint      count);
GtkWidget *ic_why_row_get_question   (IcWhyRow  *self);
GtkWidget *ic_why_row_get_answer     (IcWhyRow  *self);
GtkWidget *ic_why_row_get_button     (IcWhyRow  *self,
                                      int        delta);

G_END_DECLS
