/* ic-probe-form.h — the fields of a probe, shared by the add form and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-store.h"

G_BEGIN_DECLS

typedef enum
{
  IC_PROBE_FIELD_NAME,
  IC_PROBE_FIELD_SPEC,
  IC_PROBE_FIELD_STATUS,
  IC_PROBE_FIELD_BODY,
  IC_PROBE_FIELD_CONDITION,
  IC_PROBE_FIELD_LATENCY,
  IC_PROBE_FIELD_WARN,
  IC_PROBE_FIELD_FAIL,
  IC_PROBE_FIELD_METHOD,
  IC_PROBE_FIELD_HEADERS,
  IC_PROBE_FIELD_CA_FILE,
  IC_PROBE_FIELD_PASSWORD,
  IC_PROBE_N_FIELDS
} IcProbeField;

/* Borrowed widgets: the form's owner holds them in its widget tree. */
typedef struct
{
  GtkWidget *entries[IC_PROBE_N_FIELDS];
  GtkWidget *messages[IC_PROBE_N_FIELDS];   /* (nullable): a message label beside the field */
  GtkWidget *interval_spin;
  GtkWidget *more;
} IcProbeForm;

/* What the form holds once valid; strings are borrowed from the entries,
 * but for the target and headers (their secrets replaced by IC_REDACTED)
 * and the secrets, which ic_probe_form_values_clear() wipes and frees. */
typedef struct
{
  const char    *name;
  char          *spec;
  const char    *kind;
  guint          interval_ms;
  IcProbeChecks  checks;
  GHashTable    *secrets;    /* what goes to the keyring: the password (typed, or
                              * taken out of the target), tokens, secret query
                              * and header values; see ic-probe-secret.h */
  char          *headers;    /* (nullable): checks.headers, one per line */
} IcProbeFormValues;

GtkWidget *ic_probe_form_add_row      (IcProbeForm       *form,
                                       GtkWidget         *group,
                                       IcProbeField       field,
                                       const char        *title,
                                       gboolean           with_message);
GtkWidget *ic_probe_form_build_more   (IcProbeForm       *form,
                                       gboolean           with_messages);
void       ic_probe_form_fill         (IcProbeForm       *form,
                                       IcProbeRecord     *record);
void       ic_probe_form_clear_errors (IcProbeForm       *form);
void       ic_probe_form_mark_error   (IcProbeForm       *form,
                                       IcProbeField       field,
                                       const char        *message);
gboolean   ic_probe_form_read         (IcProbeForm       *form,
                                       IcProbeFormValues *values,
                                       GError           **error);
const char *ic_probe_form_get_error_text (IcProbeForm    *form);
void       ic_probe_form_values_clear (IcProbeFormValues *values);

gboolean   ic_probe_form_values_has_secrets (const IcProbeFormValues *values);
void       ic_probe_form_values_add_held (IcProbeFormValues *values,
                                          IcProbeRecord     *record);

void       ic_probe_form_keep_secrets_async   (const char          *secret_ref,
                                               const IcProbeFormValues *values,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char      *ic_probe_form_keep_secrets_finish  (GAsyncResult        *result,
                                               GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IcProbeFormValues, ic_probe_form_values_clear)

G_END_DECLS
