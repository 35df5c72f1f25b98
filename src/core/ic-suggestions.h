/* ic-suggestions.h — starting points for hypotheses, from a data file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-types.h"

G_BEGIN_DECLS

typedef struct
{
  char         *category;        /* "recent-change", "upstream", … */
  char         *category_label;  /* translated */
  IcLikelihood  likelihood;
  char         *text;            /* translated */
  char         *test_command;
} IcSuggestion;

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
GPtrArray     *ic_suggestions_match           (IcSuggestions *self,
                                               const char    *text);

G_END_DECLS
