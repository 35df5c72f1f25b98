/* ic-markdown-view.c — a text view for Markdown, highlighted when the
 * module that does it loads
 *
 * The highlighting is GtkSourceView's, in libic-markdown-view.so
 * (ic-markdown-view-module.h), opened the first time a view is made:
 * GtkSourceView, libxml2 and ICU are not loaded by a start that never
 * shows the postmortem. Without the module (a broken installation), the
 * view is a plain GtkTextView: the text is edited and saved the same,
 * unhighlighted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-markdown-view"

#include "config.h"

#include "ic-markdown-view.h"
#include "ic-markdown-view-module.h"
#include "ic-module-loader.h"

static IcModuleOnce markdown_module = IC_MODULE_ONCE_INIT (IC_MARKDOWN_VIEW_MODULE_FILE,
                                                         IC_MARKDOWN_VIEW_MODULE_ENTRY,
                                                         IcMarkdownViewModule);

/* The module's functions, opened the first time; NULL when it cannot be
 * (said once by ic_module_get_table(); why, in markdown_module.failure). */
static const IcMarkdownViewModule *
get_module (void)
{
  return ic_module_once_get (&markdown_module);
}

/**
 * ic_markdown_view_new:
 *
 * Returns: (transfer floating): a GtkTextView of its own buffer, which
 *   highlights Markdown when ic_markdown_view_is_highlighted()
 */
GtkWidget *
ic_markdown_view_new (void)
{
  const IcMarkdownViewModule *module = get_module ();

  return module != NULL ? module->view_new () : gtk_text_view_new ();
}

/**
 * ic_markdown_view_set_dark:
 * @view: a view from ic_markdown_view_new()
 * @dark: whether the application's style is dark
 *
 * Colours the highlighting to match the style (a plain view follows it by
 * itself).
 */
void
ic_markdown_view_set_dark (GtkWidget *view,
                           gboolean   dark)
{
  const IcMarkdownViewModule *module = get_module ();

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  if (module != NULL)
    module->set_dark (view, dark);
}

/**
 * ic_markdown_view_is_highlighted:
 *
 * Returns: whether the views highlight Markdown: the module loaded (it is
 *   opened the first time this or ic_markdown_view_new() is called)
 */
gboolean
ic_markdown_view_is_highlighted (void)
{
  return get_module () != NULL;
}
