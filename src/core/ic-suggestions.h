/* ic-suggestions.h — starting points for hypotheses, from a data file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_TYPE_SUGGESTION (ic_suggestion_get_type ())

G_DECLARE_FINAL_TYPE (IcSuggestion, ic_suggestion, IC, SUGGESTION, GObject)

const char   *ic_suggestion_get_category       (IcSuggestion *self);
const char   *ic_suggestion_get_category_label (IcSuggestion *self);
IcLikelihood  ic_suggestion_get_likelihood     (IcSuggestion *self);
const char   *ic_suggestion_get_text           (IcSuggestion *self);
const char   *ic_suggestion_get_test_command   (IcSuggestion *self);

#define IC_SUGGESTIONS_ERROR (ic_suggestions_error_quark ())

typedef enum
{
  IC_SUGGESTIONS_ERROR_INVALID,
} IcSuggestionsError;

#define IC_TYPE_SUGGESTIONS (ic_suggestions_get_type ())

G_DECLARE_FINAL_TYPE (IcSuggestions, ic_suggestions, IC, SUGGESTIONS, GObject)

GQuark         ic_suggestions_error_quark     (void);
IcSuggestions *ic_suggestions_new_from_bytes  (GBytes        *bytes,
                                               GError       **error);
guint          ic_suggestions_get_n_symptoms  (IcSuggestions *self);
GListModel    *ic_suggestions_match           (IcSuggestions *self,
                                               const char    *text);

G_END_DECLS
