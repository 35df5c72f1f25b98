/* ic-suggestion-row.h — one starting point on the hypothesis board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-suggestions.h"

G_BEGIN_DECLS

#define IC_TYPE_SUGGESTION_ROW (ic_suggestion_row_get_type ())

G_DECLARE_FINAL_TYPE (IcSuggestionRow, ic_suggestion_row, IC, SUGGESTION_ROW, AdwActionRow)

GtkWidget    *ic_suggestion_row_new            (IcSuggestion    *suggestion);
IcSuggestion *ic_suggestion_row_get_suggestion (IcSuggestionRow *self);

G_END_DECLS
