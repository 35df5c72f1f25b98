/* ic-utf8.h — UTF-8 text cut to a size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What ic_utf8_truncate() appends to text it cut: "…", 3 bytes. */
#define IC_UTF8_ELLIPSIS "\xe2\x80\xa6"

char *ic_utf8_truncate (const char *text,
                        gsize       max_bytes);

G_END_DECLS
