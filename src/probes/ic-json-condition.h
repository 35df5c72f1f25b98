/* ic-json-condition.h — "$.checks.db.status != \"fail\"" against a JSON body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IC_JSON_CONDITION_ERROR (ic_json_condition_error_quark ())

typedef enum
{
  IC_JSON_CONDITION_ERROR_SYNTAX,
} IcJsonConditionError;

typedef struct _IcJsonCondition IcJsonCondition;

GQuark           ic_json_condition_error_quark (void);
IcJsonCondition *ic_json_condition_parse       (const char       *text,
                                                GError          **error);
void             ic_json_condition_free        (IcJsonCondition  *condition);
gboolean         ic_json_condition_eval        (IcJsonCondition  *condition,
                                                JsonNode         *root,
                                                char            **explanation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcJsonCondition, ic_json_condition_free)

G_END_DECLS
