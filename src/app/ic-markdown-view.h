/* ic-markdown-view.h — a text view for Markdown, highlighted when the
 * module that does it loads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *ic_markdown_view_new           (void);
void       ic_markdown_view_set_dark      (GtkWidget *view,
                                           gboolean   dark);
gboolean   ic_markdown_view_is_highlighted (void);

G_END_DECLS
