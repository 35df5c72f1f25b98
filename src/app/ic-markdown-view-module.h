/* ic-markdown-view-module.h — between ic-markdown-view.c and the module
 * that highlights Markdown with GtkSourceView
 *
 * GtkSourceView and the libraries it needs (libxml2, ICU) live in a module
 * of their own, opened with its symbols kept local the first time a
 * postmortem section is shown: a start that never shows the postmortem
 * page never loads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The module's file, found by ic_module_path(). */
#define IC_MARKDOWN_VIEW_MODULE_FILE "libic-markdown-view.so"
#define IC_MARKDOWN_VIEW_MODULE_ENTRY "ic_markdown_view_module_get"

typedef struct
{
  gsize       size;  /* sizeof (IcMarkdownViewModule): one of another shape is not used */
  /* A new GtkTextView whose buffer highlights Markdown. */
  GtkWidget *(*view_new) (void);
  /* Colours it for a dark style or a light one. */
  void       (*set_dark) (GtkWidget *view,
                          gboolean   dark);
} IcMarkdownViewModule;

/* The type of the module's entry, IC_MARKDOWN_VIEW_MODULE_ENTRY. */
typedef const IcMarkdownViewModule *IcMarkdownViewModuleGet (void);

G_END_DECLS
