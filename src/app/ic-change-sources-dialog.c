/* ic-change-sources-dialog.c — "Change Sources": where changes are read from
 *
 * Every source with what it is, whom it serves and how its last read went
 * (a failure said in words); a repository is added by choosing its folder
 * (through the file chooser portal in the Flatpak, which shares that folder
 * and only it, and keeps the grant across restarts), a deployment feed by
 * its address, with its Authorization kept in the keyring (never in the
 * database) and a field mapping for feeds of another shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-sources-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-change-feed.h"
#include "ic-change-sources-dialog.h"
#include "ic-probe-secret.h"
#include "ic-store-change-sources.h"
#include "ic-time-input.h"

struct _IcChangeSourcesDialog
{
  AdwWindow parent_instance;

  /* Owned */
  IcStore              *store;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 n_sources;

  /* Template widgets */
  GtkListBox  *list;
  GtkWidget   *empty_label;
  AdwEntryRow *service_row;
  GtkSpinButton *window_spin;
  AdwEntryRow *branch_row;
  AdwEntryRow *paths_row;
  AdwEntryRow *feed_row;
  AdwEntryRow *authorization_row;
  AdwEntryRow *mapping_row;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (IcChangeSourcesDialog, ic_change_sources_dialog, ADW_TYPE_WINDOW)

static void
show_error (IcChangeSourcesDialog *self,
            const char            *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* "sessions-api · /srv/git/sessions-api · for sessions · branch prod ·
 * only env/", then how the last read went. */
static char *
describe_source (const IcChangeSource *source,
                 gint64                now)
{
  GString *text = g_string_new (source->location);

  g_string_append (text, " · ");
  if (*source->service != '\0')
    /* Translators: the service a change source belongs to */
    g_string_append_printf (text, _("for %s"), source->service);
  else
    g_string_append (text, _("for every service"));
  if (source->window_minutes != IC_CHANGE_SOURCE_DEFAULT_WINDOW_MINUTES)
    /* Translators: how long before the alert a change source is read */
    g_string_append_printf (text, _(" · %u min before the alert"), source->window_minutes);
  if (source->branch != NULL)
    /* Translators: a repository's branch */
    g_string_append_printf (text, _(" · branch %s"), source->branch);
  if (source->paths[0] != NULL)
    {
      g_autofree char *paths = g_strjoinv (", ", source->paths);

      /* Translators: a repository's path filters */
      g_string_append_printf (text, _(" · only %s"), paths);
    }
  g_string_append_c (text, '\n');
  if (source->read_at == 0)
    g_string_append (text, _("Not read yet: it is read when an incident of its service opens."));
  else
    {
      g_autofree char *when = ic_time_format_local (source->read_at, now, NULL);

      /* Translators: "Failed at 12:41:00: /srv/git/x is not a git repository" */
      g_string_append_printf (text, source->failed ? _("Failed at %s: %s") : _("Read at %s: %s"),
                              when, source->status != NULL ? source->status : "");
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_row (const IcChangeSource *source,
            gint64                now)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *name = ic_change_source_dup_name (source);
  g_autofree char *subtitle = describe_source (source, now);
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
  g_autofree char *title = g_markup_escape_text (name, -1);
  g_autofree char *label = g_strdup_printf (_("Remove %s"), name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                source->kind == IC_CHANGE_SOURCE_GIT ? "folder-symbolic"
                                                                     : "network-server-symbolic");
  if (source->failed)
    gtk_widget_add_css_class (row, "error");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "sources.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", source->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
reload (IcChangeSourcesDialog *self)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  sources = ic_store_list_change_sources (self->store, NULL, &error);
  if (sources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < sources->len; i++)
    gtk_list_box_append (self->list,
                         create_row (sources->pdata[i],
                                     ic_clock_get_now (ic_store_get_clock (self->store))));
  self->n_sources = sources->len;
  gtk_widget_set_visible (GTK_WIDGET (self->list), sources->len > 0);
  gtk_widget_set_visible (self->empty_label, sources->len == 0);
}

/* A source from the form's shared fields: service, branch, paths. */
static IcChangeSource *
source_from_form (IcChangeSourcesDialog *self,
                  IcChangeSourceKind     kind,
                  const char            *location)
{
  g_autofree char *service = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->service_row))));
  IcChangeSource *source = ic_change_source_new (kind, service, location);

  source->window_minutes = (guint) gtk_spin_button_get_value_as_int (self->window_spin);

  if (kind == IC_CHANGE_SOURCE_GIT)
    {
      g_autofree char *branch = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->branch_row))));
      g_auto(GStrv) paths = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->paths_row)), ",",
                                        -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

      if (*branch != '\0')
        source->branch = g_steal_pointer (&branch);
      for (guint i = 0; paths[i] != NULL; i++)
        if (*g_strstrip (paths[i]) != '\0')
          g_strv_builder_add (kept, paths[i]);
      g_strfreev (source->paths);
      source->paths = g_strv_builder_end (kept);
    }
  return source;
}

static gboolean
add_source (IcChangeSourcesDialog *self,
            IcChangeSource        *source)
{
  g_autoptr(GError) error = NULL;

  if (!ic_store_add_change_source (self->store, source, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  reload (self);
  return TRUE;
}

/**
 * ic_change_sources_dialog_add_folder:
 * @folder: the repository's folder, as the file chooser (or its portal)
 *   gave it
 *
 * Adds a git source for @folder with the form's service, branch and
 * paths.
 *
 * Returns: whether it was added; otherwise the dialog says why
 */
gboolean
ic_change_sources_dialog_add_folder (IcChangeSourcesDialog *self,
                                     GFile                 *folder)
{
  g_autofree char *path = NULL;
  g_autoptr(IcChangeSource) source = NULL;

  g_return_val_if_fail (IC_IS_CHANGE_SOURCES_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      show_error (self, _("Choose a folder on this computer: the repository is read locally"));
      return FALSE;
    }
  source = source_from_form (self, IC_CHANGE_SOURCE_GIT, path);
  return add_source (self, source);
}

static void
chooser_response_cb (IcChangeSourcesDialog *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        ic_change_sources_dialog_add_folder (self, folder);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (IcChangeSourcesDialog *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose a Git Repository"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

typedef struct
{
  IcChangeSourcesDialog *self;
  IcChangeSource        *source;
} PendingFeed;

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PendingFeed *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!ic_probe_secret_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The Authorization could not be kept in "
                                                        "the keyring: %s"), error->message);

          show_error (pending->self, message);
        }
    }
  else if (add_source (pending->self, pending->source))
    gtk_editable_set_text (GTK_EDITABLE (pending->self->authorization_row), "");
  g_object_unref (pending->self);
  ic_change_source_free (pending->source);
  g_free (pending);
}

/**
 * ic_change_sources_dialog_add_feed:
 *
 * Adds the feed of the form: its address, its field mapping, and its
 * Authorization, which goes to the keyring first (the source keeps only
 * where it is).
 */
void
ic_change_sources_dialog_add_feed (IcChangeSourcesDialog *self)
{
  g_autofree char *url = NULL;
  g_autofree char *mapping = NULL;
  const char *authorization;
  g_autoptr(IcChangeSource) source = NULL;
  PendingFeed *pending;

  g_return_if_fail (IC_IS_CHANGE_SOURCES_DIALOG (self));

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->feed_row))));
  mapping = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->mapping_row))));
  authorization = gtk_editable_get_text (GTK_EDITABLE (self->authorization_row));
  source = source_from_form (self, IC_CHANGE_SOURCE_FEED, url);
  if (*mapping != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) none = NULL;

      /* Refused now, by the reader's own rules, rather than at the first
       * read. */
      none = ic_change_feed_parse ("[]", 2, mapping, 0, 0, NULL, &error);
      if (g_error_matches (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING))
        {
          show_error (self, error->message);
          return;
        }
      source->mapping = g_steal_pointer (&mapping);
    }
  if (*authorization == '\0')
    {
      if (add_source (self, source))
        gtk_editable_set_text (GTK_EDITABLE (self->feed_row), "");
      return;
    }
  source->secret_ref = ic_probe_secret_new_ref ();
  pending = g_new0 (PendingFeed, 1);
  pending->self = g_object_ref (self);
  pending->source = g_steal_pointer (&source);
  ic_probe_secret_store_async (pending->source->secret_ref, url, authorization, self->cancellable,
                               secret_stored_cb, pending);
}

static void
add_feed_clicked_cb (IcChangeSourcesDialog *self)
{
  ic_change_sources_dialog_add_feed (self);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ic_probe_secret_clear_finish (result, &error))
    g_debug ("A removed feed's Authorization stays in the keyring: %s", error->message);
}

/* "sources.remove(id)": the source goes; its changes stay with their
 * incidents, its Authorization leaves the keyring. */
static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IcChangeSourcesDialog *self = IC_CHANGE_SOURCES_DIALOG (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) sources = ic_store_list_change_sources (self->store, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_ref = NULL;

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    if (((IcChangeSource *) sources->pdata[i])->id == id)
      secret_ref = g_strdup (((IcChangeSource *) sources->pdata[i])->secret_ref);
  if (!ic_store_remove_change_source (self->store, id, &error))
    {
      show_error (self, error->message);
      return;
    }
  if (secret_ref != NULL)
    ic_probe_secret_clear_async (secret_ref, NULL, secret_cleared_cb, NULL);
  show_error (self, NULL);
  reload (self);
}

static void
ic_change_sources_dialog_dispose (GObject *object)
{
  IcChangeSourcesDialog *self = IC_CHANGE_SOURCES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_CHANGE_SOURCES_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_change_sources_dialog_parent_class)->dispose (object);
}

static void
ic_change_sources_dialog_class_init (IcChangeSourcesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_change_sources_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-change-sources-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcChangeSourcesDialog, name)
  BIND (list);
  BIND (empty_label);
  BIND (service_row);
  BIND (window_spin);
  BIND (branch_row);
  BIND (paths_row);
  BIND (feed_row);
  BIND (authorization_row);
  BIND (mapping_row);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_feed_clicked_cb);
  gtk_widget_class_install_action (widget_class, "sources.remove", "x", remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ic_change_sources_dialog_init (IcChangeSourcesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * ic_change_sources_dialog_new:
 * @service: (nullable): the service new sources are for, at first (the
 *   incident's)
 *
 * Returns: (transfer full): the dialog, listing every change source
 */
IcChangeSourcesDialog *
ic_change_sources_dialog_new (GtkWindow  *parent,
                              IcStore    *store,
                              const char *service)
{
  IcChangeSourcesDialog *self;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  self = g_object_new (IC_TYPE_CHANGE_SOURCES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_editable_set_text (GTK_EDITABLE (self->service_row), service != NULL ? service : "");
  reload (self);
  return self;
}

guint
ic_change_sources_dialog_get_n_sources (IcChangeSourcesDialog *self)
{
  g_return_val_if_fail (IC_IS_CHANGE_SOURCES_DIALOG (self), 0);
  return self->n_sources;
}
