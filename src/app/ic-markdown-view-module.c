/* ic-markdown-view-module.c — Markdown highlighted by GtkSourceView, as a
 * module (ic-markdown-view-module.h)
 *
 * The only code that calls GtkSourceView. It is built as
 * libic-markdown-view.so, which links GtkSourceView; the program does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-markdown-view"

#include "config.h"

#include <gmodule.h>
#include <gtksourceview/gtksource.h>

#include "ic-markdown-view-module.h"

static GtkWidget *
view_new (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  gtk_source_init ();
  buffer = gtk_source_buffer_new_with_language (gtk_source_language_manager_get_language (
    gtk_source_language_manager_get_default (), "markdown"));
  return gtk_source_view_new_with_buffer (buffer);
}

/* The Adwaita schemes, which match the application's style. */
static void
set_dark (GtkWidget *view,
          gboolean   dark)
{
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (
    gtk_source_style_scheme_manager_get_default (), dark ? "Adwaita-dark" : "Adwaita");

  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))), scheme);
}

G_MODULE_EXPORT const IcMarkdownViewModule *ic_markdown_view_module_get (void);

const IcMarkdownViewModule *
ic_markdown_view_module_get (void)
{
  static const IcMarkdownViewModule module = {
    .size = sizeof (IcMarkdownViewModule),
    .view_new = view_new,
    .set_dark = set_dark,
  };

  return &module;
}
