/* ic-probe-form.c — the fields of a probe, shared by the add form and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "ic-probe-config.h"
#include "ic-probe-form.h"
#include "ic-probe.h"
#include "ic-probe-secret.h"
#include "ic-probe-spec.h"
#include "ic-redact.h"

/* A blank entry is "none"; anything else must be a number. */
static gboolean
optional_number (GtkWidget *entry,
                 double    *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *end = NULL;

  *value = NAN;
  if (*text == '\0')
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && !isnan (*value);
}

static const char *
text_of (IcProbeForm  *form,
         IcProbeField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (form->entries[field]));
}

/* "X-Env: prod; Accept: text/plain" as typed, one header per line as stored. */
static char *
headers_from_entry (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *header = g_strstrip (parts[i]);

      if (*header == '\0')
        continue;
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      g_string_append (lines, header);
    }
  return lines->len > 0 ? g_string_free (g_steal_pointer (&lines), FALSE) : NULL;
}

static char *
headers_to_entry (const char *headers)
{
  g_auto(GStrv) lines = g_strsplit (headers ? headers : "", "\n", -1);

  return g_strjoinv ("; ", lines);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The form's field of each part ic_probe_config_check() may refuse. */
static const IcProbeField part_fields[] = {
  [IC_PROBE_PART_SPEC] = IC_PROBE_FIELD_SPEC,
  [IC_PROBE_PART_STATUS] = IC_PROBE_FIELD_STATUS,
  [IC_PROBE_PART_CONDITION] = IC_PROBE_FIELD_CONDITION,
  [IC_PROBE_PART_LATENCY] = IC_PROBE_FIELD_LATENCY,
  [IC_PROBE_PART_METHOD] = IC_PROBE_FIELD_METHOD,
  [IC_PROBE_PART_HEADERS] = IC_PROBE_FIELD_HEADERS,
  [IC_PROBE_PART_CA_FILE] = IC_PROBE_FIELD_CA_FILE,
};

/* Reads the optional fields and checks the whole probe as an imported one
 * is checked (ic_probe_config_check()); returns the first bad field, or -1. */
static int
read_checks (IcProbeForm        *form,
             IcProbeFormValues  *values,
             GError            **error)
{
  IcProbeChecks *checks = &values->checks;
  const char *status = text_of (form, IC_PROBE_FIELD_STATUS);
  const char *condition = text_of (form, IC_PROBE_FIELD_CONDITION);
  double latency = NAN;
  IcProbePart part = IC_PROBE_PART_SPEC;
  int bad = -1;

  values->headers = headers_from_entry (text_of (form, IC_PROBE_FIELD_HEADERS));
  checks->headers = values->headers;
  checks->method = nonempty (text_of (form, IC_PROBE_FIELD_METHOD));
  checks->ca_file = nonempty (text_of (form, IC_PROBE_FIELD_CA_FILE));
  checks->expected_status = *status ? status : NULL;
  checks->body_contains = text_of (form, IC_PROBE_FIELD_BODY);
  checks->json_condition = *condition ? condition : NULL;

  /* What only typing can get wrong: a number that is not one. */
  if (!optional_number (form->entries[IC_PROBE_FIELD_LATENCY], &latency)
      || (!isnan (latency) && (latency < 1 || latency > IC_PROBE_MAX_LATENCY_THRESHOLD_MS)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Latency threshold: a number of milliseconds"));
      return IC_PROBE_FIELD_LATENCY;
    }
  checks->latency_threshold_ms = isnan (latency) ? 0 : (guint) latency;
  if (!optional_number (form->entries[IC_PROBE_FIELD_WARN], &checks->warn_above))
    bad = IC_PROBE_FIELD_WARN;
  else if (!optional_number (form->entries[IC_PROBE_FIELD_FAIL], &checks->fail_above))
    bad = IC_PROBE_FIELD_FAIL;
  if (bad >= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Thresholds must be numbers"));
      return bad;
    }
  if (!ic_probe_config_check (values->kind, values->spec, checks, &part, error))
    return part_fields[part];
  return -1;
}

static const char *
password_title (gboolean kept)
{
  return kept ? _("Password or Authorization: unchanged, kept in the keyring")
              : _("Redis password or HTTP Authorization (kept in the keyring)");
}

/**
 * ic_probe_form_add_row:
 * @group: an #AdwPreferencesGroup
 * @title: what the field is, with an example where one helps
 * @with_message: whether a row under it says what is wrong, when something is
 *
 * Adds an entry row for @field to @group (a password row for the
 * password), as the GNOME HIG lays out a form.
 *
 * Returns: (transfer none): the row, a #GtkEditable
 */
GtkWidget *
ic_probe_form_add_row (IcProbeForm  *form,
                       GtkWidget    *group,
                       IcProbeField  field,
                       const char   *title,
                       gboolean      with_message)
{
  GtkWidget *row = field == IC_PROBE_FIELD_PASSWORD ? adw_password_entry_row_new ()
                                                    : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  form->entries[field] = row;
  if (with_message)
    {
      GtkWidget *holder = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE,
                                        "selectable", FALSE, NULL);
      GtkWidget *message = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (message), 0);
      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      g_object_set (message, "margin-start", 12, "margin-end", 12, "margin-top", 6,
                    "margin-bottom", 6, NULL);
      gtk_widget_add_css_class (message, "error");
      gtk_widget_add_css_class (message, "caption");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (holder), message);
      gtk_widget_set_visible (holder, FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), holder);
      form->messages[field] = message;
    }
  return row;
}

/**
 * ic_probe_form_build_more:
 *
 * Builds "More Options": what a check sends and accepts beyond reaching its
 * target, as a boxed list of entry rows.
 *
 * Returns: (transfer floating): the expander
 */
GtkWidget *
ic_probe_form_build_more (IcProbeForm *form,
                          gboolean     with_messages)
{
  GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_More Options"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *accepts = adw_preferences_group_new ();
  GtkWidget *sends = adw_preferences_group_new ();

  /* GTK 4.8 names an expander by nothing it shows. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("More Options"), -1);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (accepts), _("What Counts as Healthy"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (sends), _("What the Check Sends"));
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_STATUS,
                         _("Expected HTTP status, e.g. 200-299,301"), with_messages);
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_BODY, _("Body contains"), with_messages);
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_CONDITION,
                         _("JSON condition, e.g. $.status == \"UP\""), with_messages);
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_LATENCY, _("Slow above (ms)"),
                         with_messages);
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_WARN,
                         _("Degraded above (Prometheus value, Redis clients %)"), with_messages);
  ic_probe_form_add_row (form, accepts, IC_PROBE_FIELD_FAIL,
                         _("Failing above (Prometheus value)"), with_messages);
  ic_probe_form_add_row (form, sends, IC_PROBE_FIELD_METHOD, _("HTTP method (GET when empty)"),
                         with_messages);
  ic_probe_form_add_row (form, sends, IC_PROBE_FIELD_HEADERS,
                         _("HTTP headers, e.g. X-Env: prod; Accept: text/plain"), with_messages);
  ic_probe_form_add_row (form, sends, IC_PROBE_FIELD_CA_FILE,
                         _("Trusted CA file for HTTPS and rediss:// (the system’s when empty)"),
                         with_messages);
  ic_probe_form_add_row (form, sends, IC_PROBE_FIELD_PASSWORD, password_title (FALSE),
                         with_messages);
  gtk_box_append (GTK_BOX (box), accepts);
  gtk_box_append (GTK_BOX (box), sends);
  gtk_widget_set_margin_top (box, 12);
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  gtk_widget_set_margin_top (expander, 6);
  form->more = expander;
  return expander;
}

static void
set_number (IcProbeForm  *form,
            IcProbeField  field,
            double        value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (!isnan (value) && value != 0)
    g_ascii_formatd (buffer, sizeof buffer, "%g", value);
  gtk_editable_set_text (GTK_EDITABLE (form->entries[field]), buffer);
}

static void
set_text (IcProbeForm  *form,
          IcProbeField  field,
          const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (form->entries[field]), text ? text : "");
}

/* Shows @record's configuration; "More Options" opens when it uses any. */
void
ic_probe_form_fill (IcProbeForm   *form,
                    IcProbeRecord *record)
{
  /* Secrets show as placeholders, even those of a probe saved before they
   * moved to the keyring; saving again keeps what they stand for. */
  g_autofree char *target = ic_redact_target (ic_probe_record_get_spec (record));
  g_autofree char *headers = NULL;
  gboolean more;

  set_text (form, IC_PROBE_FIELD_NAME, ic_probe_record_get_name (record));
  set_text (form, IC_PROBE_FIELD_SPEC, target);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (form->interval_spin),
                             ic_probe_record_get_interval_ms (record) / 1000.0);
  set_text (form, IC_PROBE_FIELD_STATUS, ic_probe_record_get_expected_status (record));
  set_text (form, IC_PROBE_FIELD_BODY, ic_probe_record_get_body_contains (record));
  set_text (form, IC_PROBE_FIELD_CONDITION, ic_probe_record_get_json_condition (record));
  set_number (form, IC_PROBE_FIELD_LATENCY, ic_probe_record_get_latency_threshold_ms (record));
  set_number (form, IC_PROBE_FIELD_WARN, ic_probe_record_get_warn_above (record));
  set_number (form, IC_PROBE_FIELD_FAIL, ic_probe_record_get_fail_above (record));
  set_text (form, IC_PROBE_FIELD_METHOD, ic_probe_record_get_method (record));
  if (ic_probe_record_get_headers (record) != NULL)
    {
      g_autofree char *redacted = ic_redact_headers (ic_probe_record_get_headers (record));

      headers = headers_to_entry (redacted);
    }
  set_text (form, IC_PROBE_FIELD_HEADERS, headers);
  set_text (form, IC_PROBE_FIELD_CA_FILE, ic_probe_record_get_ca_file (record));
  set_text (form, IC_PROBE_FIELD_PASSWORD, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->entries[IC_PROBE_FIELD_PASSWORD]),
                                 password_title (ic_probe_record_get_secret_ref (record) != NULL));
  more = FALSE;
  for (int field = IC_PROBE_FIELD_STATUS; field < IC_PROBE_N_FIELDS; field++)
    more |= *text_of (form, field) != '\0';
  if (form->more != NULL)
    gtk_expander_set_expanded (GTK_EXPANDER (form->more), more);
}

/* A message sits in a row of its own under its field, shown with it. */
static void
set_message_visible (GtkWidget *message,
                     gboolean   visible)
{
  gtk_widget_set_visible (gtk_widget_get_parent (message), visible);
}

void
ic_probe_form_clear_errors (IcProbeForm *form)
{
  for (guint i = 0; i < IC_PROBE_N_FIELDS; i++)
    {
      gtk_widget_remove_css_class (form->entries[i], "error");
      if (form->messages[i] != NULL)
        set_message_visible (form->messages[i], FALSE);
    }
}

/* Marks @field as wrong and, where it has a message label, says why. */
void
ic_probe_form_mark_error (IcProbeForm  *form,
                          IcProbeField  field,
                          const char   *message)
{
  gtk_widget_add_css_class (form->entries[field], "error");
  if (form->messages[field] != NULL)
    {
      gtk_label_set_label (GTK_LABEL (form->messages[field]), message);
      set_message_visible (form->messages[field], TRUE);
    }
  if (field >= IC_PROBE_FIELD_STATUS && form->more != NULL)
    gtk_expander_set_expanded (GTK_EXPANDER (form->more), TRUE);
}

/* Marks @field with @local_error and hands it on; clears @values. */
static gboolean
refuse (IcProbeForm        *form,
        IcProbeFormValues  *values,
        IcProbeField        field,
        GError             *local_error,
        GError            **error)
{
  ic_probe_form_mark_error (form, field, local_error->message);
  g_propagate_error (error, local_error);
  ic_probe_form_values_clear (values);
  return FALSE;
}

/* The target without its secrets, which go into values->secrets: a Redis
 * password as the password, tokens and secret query values as
 * ic_redact_split_target() keys them. */
static gboolean
read_target (IcProbeForm        *form,
             IcProbeFormValues  *values,
             IcProbeKind         kind,
             GError            **error)
{
  const char *typed = text_of (form, IC_PROBE_FIELD_PASSWORD);
  const char *target = text_of (form, IC_PROBE_FIELD_SPEC);
  g_autofree char *bare = NULL;
  g_autofree char *in_target = NULL;
  const char *password = NULL;
  GError *local_error = NULL;

  if (kind == IC_PROBE_KIND_REDIS)
    {
      /* A password written into the target moves to the keyring; a
       * placeholder there stands for the one it has. */
      bare = ic_probe_secret_strip (target, &in_target);
      password = *typed ? typed : in_target;
      if (g_strcmp0 (password, IC_REDACTED) == 0)
        password = NULL;
    }
  else
    {
      bare = g_strdup (target);
      /* HTTP and Prometheus send it as the Authorization header. */
      if (kind == IC_PROBE_KIND_HTTP || kind == IC_PROBE_KIND_PROMETHEUS)
        password = nonempty (typed);
      else if (*typed)
        return refuse (form, values, IC_PROBE_FIELD_PASSWORD,
                       g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                            _("Only Redis, HTTP and Prometheus probes use a "
                                              "password")),
                       error);
    }
  if (password != NULL)
    g_hash_table_replace (values->secrets, g_strdup (IC_PROBE_SECRET_PASSWORD),
                          g_strdup (password));
  if (in_target != NULL)
    memset (in_target, 0, strlen (in_target));
  values->spec = ic_redact_split_target (bare, values->secrets, &local_error);
  memset (bare, 0, strlen (bare));
  if (values->spec == NULL)
    return refuse (form, values, IC_PROBE_FIELD_SPEC, local_error, error);
  return TRUE;
}

/**
 * ic_probe_form_read:
 *
 * Validates the target and the checks as the probes will use them; the
 * first problem is marked on its field and returned in @error. The name is
 * left to the caller: a blank one means different things when adding and
 * editing. The target and headers come out redacted, their secrets in
 * values->secrets.
 */
gboolean
ic_probe_form_read (IcProbeForm        *form,
                    IcProbeFormValues  *values,
                    GError            **error)
{
  g_autoptr(IcProbeSpec) spec = NULL;
  GError *local_error = NULL;
  int bad;

  memset (values, 0, sizeof *values);
  ic_probe_form_clear_errors (form);
  values->name = text_of (form, IC_PROBE_FIELD_NAME);
  values->interval_ms = 1000 * (guint) gtk_spin_button_get_value_as_int (
    GTK_SPIN_BUTTON (form->interval_spin));
  values->secrets = ic_redact_secrets_new ();
  spec = ic_probe_spec_parse (text_of (form, IC_PROBE_FIELD_SPEC), &local_error);
  if (spec == NULL)
    return refuse (form, values, IC_PROBE_FIELD_SPEC, local_error, error);
  values->kind = ic_probe_kind_to_string (spec->kind);
  if (!read_target (form, values, spec->kind, error))
    return FALSE;
  bad = read_checks (form, values, &local_error);
  if (bad >= 0)
    return refuse (form, values, bad, local_error, error);
  if (values->headers != NULL)
    {
      char *split = ic_redact_split_headers (values->headers, values->secrets, &local_error);

      if (split == NULL)
        return refuse (form, values, IC_PROBE_FIELD_HEADERS, local_error, error);
      memset (values->headers, 0, strlen (values->headers));
      g_free (values->headers);
      values->headers = split;
      values->checks.headers = split;
    }
  return TRUE;
}

/**
 * ic_probe_form_get_error_text:
 *
 * Returns: (nullable): the first message shown beside a field
 */
const char *
ic_probe_form_get_error_text (IcProbeForm *form)
{
  for (guint i = 0; i < IC_PROBE_N_FIELDS; i++)
    if (form->messages[i] != NULL
        && gtk_widget_get_visible (gtk_widget_get_parent (form->messages[i])))
      return gtk_label_get_label (GTK_LABEL (form->messages[i]));
  return NULL;
}

/* Wipes the secrets and frees what ic_probe_form_read() allocated. */
void
ic_probe_form_values_clear (IcProbeFormValues *values)
{
  g_clear_pointer (&values->secrets, g_hash_table_unref);
  g_clear_pointer (&values->spec, g_free);
  if (values->headers != NULL)
    memset (values->headers, 0, strlen (values->headers));
  g_clear_pointer (&values->headers, g_free);
  values->checks.headers = NULL;
}

/**
 * ic_probe_form_values_has_secrets:
 *
 * Returns: whether saving @values puts something into the keyring
 */
gboolean
ic_probe_form_values_has_secrets (const IcProbeFormValues *values)
{
  return values->secrets != NULL && g_hash_table_size (values->secrets) > 0;
}

/* Adds @text's secrets that @secrets lacks. */
static void
add_missing (GHashTable *secrets,
             const char *text,
             gboolean    headers)
{
  g_autoptr(GHashTable) held = ic_redact_secrets_new ();
  g_autofree char *redacted = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (text == NULL)
    return;
  redacted = headers ? ic_redact_split_headers (text, held, NULL)
                     : ic_redact_split_target (text, held, NULL);
  g_hash_table_iter_init (&iter, held);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (secrets, key))
      g_hash_table_replace (secrets, g_strdup (key), g_strdup (value));
}

/**
 * ic_probe_form_values_add_held:
 * @record: the probe being edited
 *
 * Adds to @values the secrets that @record holds in clear: a probe saved
 * before tokens, secret query values and secret headers went to the
 * keyring. The form showed them as placeholders; saving moves them to the
 * keyring with the rest, unless a new value was typed.
 */
void
ic_probe_form_values_add_held (IcProbeFormValues *values,
                               IcProbeRecord     *record)
{
  g_return_if_fail (values->secrets != NULL);

  add_missing (values->secrets, ic_probe_record_get_spec (record), FALSE);
  add_missing (values->secrets, ic_probe_record_get_headers (record), TRUE);
}

static void
secrets_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *ref = ic_probe_secret_keep_finish (result, &error);

  if (ref == NULL)
    /* Translators: %s says why the keyring refused */
    g_task_return_new_error (task, error->domain, error->code, _("%s. Nothing was saved."),
                             error->message);
  else
    g_task_return_pointer (task, ref, g_free);
}

/**
 * ic_probe_form_keep_secrets_async:
 * @secret_ref: (nullable): the probe's reference, if it has one
 *
 * Puts the secrets of @values into the keyring: under @secret_ref, merged
 * over what it holds there, or under a new reference.
 */
void
ic_probe_form_keep_secrets_async (const char              *secret_ref,
                                  const IcProbeFormValues *values,
                                  GCancellable            *cancellable,
                                  GAsyncReadyCallback      callback,
                                  gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ic_probe_form_values_has_secrets (values));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_probe_form_keep_secrets_async);
  ic_probe_secret_keep_async (secret_ref, values->spec, values->secrets, cancellable,
                              secrets_kept_cb, g_object_ref (task));
}

/**
 * ic_probe_form_keep_secrets_finish:
 *
 * Returns: (transfer full) (nullable): the reference to store with the
 *   probe; %NULL with @error set, ending in "Nothing was saved.", when the
 *   keyring failed
 */
char *
ic_probe_form_keep_secrets_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
