/* ic-redact.h — which parts of a probe's target and headers are secrets, and hiding them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What stands in for a secret wherever a target or a header is shown,
 * stored or logged. ASCII and valid in a URL, so a redacted target still
 * parses as a probe. */
#define IC_REDACTED "***"

/* Keys of a secrets table (see ic_redact_split_target()). */
#define IC_REDACT_KEY_USERINFO "userinfo"
#define IC_REDACT_KEY_QUERY    "query:"    /* + the parameter's name, as written */
#define IC_REDACT_KEY_HEADER   "header:"   /* + the header's name, in lower case */

#define IC_REDACT_ERROR (ic_redact_error_quark ())

typedef enum
{
  IC_REDACT_ERROR_REPEATED,
} IcRedactError;

GQuark      ic_redact_error_quark          (void);
gboolean    ic_redact_is_secret_parameter  (const char  *name);
gboolean    ic_redact_is_secret_header     (const char  *name);
GHashTable *ic_redact_secrets_new          (void);
GPtrArray  *ic_redact_list_values          (GHashTable  *secrets);

char       *ic_redact_target               (const char  *target);
gboolean    ic_redact_target_has_secret    (const char  *target);
char       *ic_redact_split_target         (const char  *target,
                                            GHashTable  *secrets,
                                            GError     **error);
char       *ic_redact_restore_target       (const char  *stored,
                                            GHashTable  *secrets,
                                            GPtrArray   *missing);

char       *ic_redact_headers              (const char  *headers);
gboolean    ic_redact_headers_have_secret  (const char  *headers);
char       *ic_redact_split_headers        (const char  *headers,
                                            GHashTable  *secrets,
                                            GError     **error);
char       *ic_redact_restore_headers      (const char  *stored,
                                            GHashTable  *secrets,
                                            GPtrArray   *missing);

char       *ic_redact_text                 (const char  *text,
                                            const char * const *secrets);

G_END_DECLS
