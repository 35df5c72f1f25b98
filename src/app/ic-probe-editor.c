/* ic-probe-editor.c — changes an existing probe
 *
 * A template (ui/ic-probe-editor.ui): the dialog with Cancel and Save, the
 * interval and the place for errors; the probe's own fields are rows of the
 * form shared with the page's add form (ic-probe-form.c), added at init.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-probe-editor.h"
#include "ic-probe-form.h"
#include "ic-probe-secret.h"

struct _IcProbeEditor
{
  AdwWindow parent_instance;

  /* Owned */
  IcStore       *store;
  IcProbeRecord *record;
  GCancellable  *cancellable;   /* the keyring, while saving */

  /* Borrowed */
  IcProbeForm    form;

  /* Template widgets */
  GtkWidget     *more_box;
  GtkWidget     *fields_group;
  GtkWidget     *interval_row;
  GtkWidget     *interval_spin;
  GtkWidget     *error_label;   /* what the store refused, if it did */
};

G_DEFINE_FINAL_TYPE (IcProbeEditor, ic_probe_editor, ADW_TYPE_WINDOW)

static void
save_clicked_cb (IcProbeEditor *self)
{
  ic_probe_editor_save (self);
}

static void
ic_probe_editor_dispose (GObject *object)
{
  IcProbeEditor *self = IC_PROBE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->record);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_probe_editor_parent_class)->dispose (object);
}

static void
ic_probe_editor_class_init (IcProbeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_probe_editor_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-probe-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, IcProbeEditor, more_box);
  gtk_widget_class_bind_template_child (widget_class, IcProbeEditor, fields_group);
  gtk_widget_class_bind_template_child (widget_class, IcProbeEditor, interval_row);
  gtk_widget_class_bind_template_child (widget_class, IcProbeEditor, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, IcProbeEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* The form's name and target rows go first in the group, the interval
 * after them; its other fields go under "More Options". */
static void
add_form_rows (IcProbeEditor *self)
{
  GtkWidget *group = self->fields_group;
  g_autoptr(GtkWidget) interval = g_object_ref (self->interval_row);
  GtkWidget *spec;

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), interval);
  ic_probe_form_add_row (&self->form, group, IC_PROBE_FIELD_NAME, _("Probe name"), TRUE);
  spec = ic_probe_form_add_row (&self->form, group, IC_PROBE_FIELD_SPEC,
                                _("Target, e.g. https://host/health, redis://host:6379 or rediss://host:6380"),
                                TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (spec), FALSE);
  g_signal_connect_object (spec, "entry-activated", G_CALLBACK (save_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), interval);
  self->form.interval_spin = self->interval_spin;
  gtk_box_insert_child_after (GTK_BOX (self->more_box),
                              ic_probe_form_build_more (&self->form, TRUE), group);
}

static void
ic_probe_editor_init (IcProbeEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  add_form_rows (self);
}

/**
 * ic_probe_editor_new:
 *
 * Returns: (transfer floating): an editor showing @record's configuration
 */
GtkWidget *
ic_probe_editor_new (IcStore       *store,
                     IcProbeRecord *record)
{
  IcProbeEditor *self;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), NULL);

  self = g_object_new (IC_TYPE_PROBE_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->record = g_object_ref (record);
  ic_probe_form_fill (&self->form, record);
  return GTK_WIDGET (self);
}

/**
 * ic_probe_editor_get_record:
 *
 * Returns: (transfer none): the probe being edited
 */
IcProbeRecord *
ic_probe_editor_get_record (IcProbeEditor *self)
{
  g_return_val_if_fail (IC_IS_PROBE_EDITOR (self), NULL);
  return self->record;
}

/* Fills the main fields, as typing would. */
void
ic_probe_editor_set_target (IcProbeEditor *self,
                            const char    *name,
                            const char    *spec,
                            int            interval_s)
{
  g_return_if_fail (IC_IS_PROBE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->form.entries[IC_PROBE_FIELD_NAME]), name);
  gtk_editable_set_text (GTK_EDITABLE (self->form.entries[IC_PROBE_FIELD_SPEC]), spec);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->form.interval_spin), interval_s);
}

static void
show_save_error (IcProbeEditor *self,
                 const char    *message)
{
  gtk_label_set_label (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, TRUE);
}

/* Reads the fields again (they were insensitive meanwhile) and stores them
 * with @secret_ref. */
static gboolean
store_fields (IcProbeEditor *self,
              const char    *secret_ref)
{
  g_auto(IcProbeFormValues) values = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!ic_probe_form_read (&self->form, &values, &error))
    return FALSE;
  name = g_strstrip (g_strdup (values.name));
  values.checks.secret_ref = secret_ref;
  if (!ic_store_update_probe (self->store, self->record, values.kind, name, values.spec,
                              values.interval_ms, ic_probe_record_get_timeout_ms (self->record),
                              &values.checks, &error))
    {
      show_save_error (self, error->message);
      return FALSE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
secrets_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IcProbeEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = ic_probe_form_keep_secrets_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (error != NULL)
    {
      show_save_error (self, error->message);
      return;
    }
  /* A new reference no stored probe took leaves the keyring again. */
  if (!store_fields (self, ref) && ref != NULL
      && g_strcmp0 (ref, ic_probe_record_get_secret_ref (self->record)) != 0)
    ic_probe_secret_clear_async (ref, NULL, NULL, NULL);
}

/**
 * ic_probe_editor_save:
 *
 * Validates the fields as the add form does; when all are valid, puts
 * new secrets (a password, a token, a secret query or header value) into
 * the keyring, updates the probe and closes. Otherwise
 * the problem is shown beside its field (or below them all, for the
 * keyring and the store) and nothing is saved. The keyring answers
 * asynchronously; the editor is insensitive until it has.
 *
 * Returns: whether the probe was saved, or (with new secrets) whether
 *   saving began
 */
gboolean
ic_probe_editor_save (IcProbeEditor *self)
{
  g_auto(IcProbeFormValues) values = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (IC_IS_PROBE_EDITOR (self), FALSE);

  gtk_widget_set_visible (self->error_label, FALSE);
  if (self->cancellable != NULL || !ic_probe_form_read (&self->form, &values, &error))
    return FALSE;
  name = g_strstrip (g_strdup (values.name));
  if (*name == '\0')
    {
      ic_probe_form_mark_error (&self->form, IC_PROBE_FIELD_NAME, _("A probe needs a name"));
      return FALSE;
    }
  /* A probe saved with a secret in clear shows it as a placeholder: it
   * moves to the keyring now, as a typed one would. */
  ic_probe_form_values_add_held (&values, self->record);
  if (!ic_probe_form_values_has_secrets (&values))
    return store_fields (self, ic_probe_record_get_secret_ref (self->record));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  ic_probe_form_keep_secrets_async (ic_probe_record_get_secret_ref (self->record), &values,
                                    self->cancellable, secrets_kept_cb, g_object_ref (self));
  return TRUE;
}

/**
 * ic_probe_editor_get_error_text:
 *
 * Returns: (nullable): the message shown, beside a field or below them all
 */
const char *
ic_probe_editor_get_error_text (IcProbeEditor *self)
{
  const char *text;

  g_return_val_if_fail (IC_IS_PROBE_EDITOR (self), NULL);

  text = ic_probe_form_get_error_text (&self->form);
  if (text == NULL && gtk_widget_get_visible (self->error_label))
    text = gtk_label_get_label (GTK_LABEL (self->error_label));
  return text;
}
