/* ic-markdown-export.h — an incident and its postmortem as one CommonMark document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_MARKDOWN_EXPORT (ic_markdown_export_get_type ())

G_DECLARE_FINAL_TYPE (IcMarkdownExport, ic_markdown_export, IC, MARKDOWN_EXPORT, GObject)

IcMarkdownExport *ic_markdown_export_new           (IcStore          *store,
                                                    GTimeZone        *time_zone);
char             *ic_markdown_export_run           (IcMarkdownExport *self,
                                                    IcIncident       *incident,
                                                    GError          **error);

char             *ic_markdown_escape_inline        (const char       *text);
char             *ic_markdown_sanitize_block       (const char       *markdown);
char             *ic_markdown_code_span            (const char       *text);

G_END_DECLS
