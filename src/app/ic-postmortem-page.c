/* ic-postmortem-page.c — the postmortem editor: sections, 5 whys, action items, export
 *
 * A template (ui/ic-postmortem-page.ui): an IcSectionEditor per free-text
 * section, saved as it is typed; the whys and action items are bound to the
 * store's live lists in ic-postmortem-lists.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-postmortem-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-hypothesis.h"
#include "ic-incident.h"
#include "ic-markdown-export.h"
#include "ic-action-item-row.h"
#include "ic-postmortem-page-private.h"
#include "ic-section-editor.h"
#include "ic-timeline-event.h"

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcPostmortemPage, ic_postmortem_page, GTK_TYPE_WIDGET)

/* The template's ids of the section editors, in IcPostmortemSection order. */
static const char * const editor_ids[IC_POSTMORTEM_N_SECTIONS] = {
  "summary_editor", "impact_editor", "root_cause_editor", "detection_gap_editor",
  "debugging_gap_editor", "went_well_editor", "went_wrong_editor", "lucky_editor",
  "lessons_editor",
};

/* Enter in a field of the new action item's form adds it. */
static void
form_activated_cb (IcPostmortemPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "postmortem.add-item", NULL);
}

static void
show_toast (IcPostmortemPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/**
 * _ic_postmortem_page_show_error:
 * @error: (nullable): what went wrong, or %NULL to clear the message
 */
void
_ic_postmortem_page_show_error (IcPostmortemPage *self,
                                const GError     *error)
{
  g_free (self->error);
  self->error = error != NULL ? g_strdup (error->message) : NULL;
  gtk_label_set_label (GTK_LABEL (self->error_label), self->error ? self->error : "");
  gtk_widget_set_visible (self->error_label, self->error != NULL);
}

static gboolean
has_item (IcPostmortemPage *self,
          const char       *text)
{
  GListModel *items = ic_store_get_action_items (self->store, self->incident);

  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(IcActionItem) item = g_list_model_get_item (items, i);

      if (g_utf8_collate (ic_action_item_get_text (item), text) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * _ic_postmortem_page_update_suggestion:
 *
 * The missing-signal helper: offers a monitoring action item drawn from the
 * detection gap and the whys, until it is accepted.
 */
void
_ic_postmortem_page_update_suggestion (IcPostmortemPage *self)
{
  g_autofree char *detection = NULL, *debugging = NULL;
  g_clear_pointer (&self->suggestion, g_free);
  if (self->incident != NULL && ic_store_has_postmortem (self->store, self->incident))
    {
      detection = ic_store_dup_postmortem_section (self->store, self->incident,
                                                   IC_POSTMORTEM_DETECTION_GAP);
      debugging = ic_store_dup_postmortem_section (self->store, self->incident,
                                                   IC_POSTMORTEM_DEBUGGING_GAP);
      self->suggestion = ic_postmortem_suggest_signal (
        detection, debugging, ic_store_get_whys (self->store, self->incident));
      if (self->suggestion != NULL && has_item (self, self->suggestion))
        g_clear_pointer (&self->suggestion, g_free);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->suggestion_row),
                               self->suggestion ? self->suggestion : "");
  gtk_widget_set_visible (self->suggestion_group, self->suggestion != NULL);
}

static void
section_changed_cb (GtkTextBuffer    *buffer,
                    IcPostmortemPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  int section = -1;

  /* The section is the buffer's place among the page's buffers. */
  for (int i = 0; i < IC_POSTMORTEM_N_SECTIONS; i++)
    if (self->buffers[i] == buffer)
      section = i;
  if (self->loading || self->incident == NULL || section < 0)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!ic_store_set_postmortem_section (self->store, self->incident, section, text, &error))
    _ic_postmortem_page_show_error (self, error);
  else if (section == IC_POSTMORTEM_DETECTION_GAP || section == IC_POSTMORTEM_DEBUGGING_GAP)
    _ic_postmortem_page_update_suggestion (self);
}

static char *
format_clock (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%H:%M");
}

static void
load_timeline (IcPostmortemPage *self)
{
  GListModel *events = ic_store_get_timeline (self->store, self->incident);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = events != NULL ? g_list_model_get_n_items (events) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (events, i);
      g_autofree char *when = NULL;

      if (!ic_timeline_event_get_pinned (event))
        continue;
      when = format_clock (ic_timeline_event_get_time (event));
      g_string_append_printf (text, "%s%s  %s", text->len ? "\n" : "", when,
                              ic_timeline_event_get_text (event));
    }
  if (text->len == 0)
    g_string_append (text, _("No event is pinned yet: pin the key moments on the Timeline page."));
  gtk_label_set_label (GTK_LABEL (self->timeline_label), text->str);
}

static void
load_hypotheses (IcPostmortemPage *self)
{
  GListModel *hypotheses = ic_store_get_hypotheses (self->store, self->incident);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = hypotheses != NULL ? g_list_model_get_n_items (hypotheses) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);
      GListModel *evidence = ic_store_get_evidence (self->store, hypothesis);
      guint count = evidence != NULL ? g_list_model_get_n_items (evidence) : 0;

      g_string_append_printf (text, "%s%d. %s — %s, ", text->len ? "\n" : "",
                              ic_hypothesis_get_rank (hypothesis),
                              ic_hypothesis_get_text (hypothesis),
                              ic_hypothesis_status_get_label (ic_hypothesis_get_status (hypothesis)));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u piece of evidence",
                                                 "%u pieces of evidence", count), count);
    }
  if (text->len == 0)
    g_string_append (text, _("No hypotheses were recorded."));
  gtk_label_set_label (GTK_LABEL (self->hypotheses_label), text->str);
}

static void
load_sections (IcPostmortemPage *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < IC_POSTMORTEM_N_SECTIONS; i++)
    {
      g_autofree char *text = ic_store_dup_postmortem_section (self->store, self->incident, i);
      g_autofree char *shown = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffers[i]), &start, &end);
      shown = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffers[i]), &start, &end, FALSE);
      /* Keep the cursor where it is when nothing changed. */
      if (g_strcmp0 (shown, text) != 0)
        gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffers[i]), text, -1);
    }
  self->loading = FALSE;
}

/**
 * ic_postmortem_page_refresh:
 *
 * Reloads what the page shows from the store (after the page is shown
 * again: the timeline and hypotheses may have changed meanwhile).
 */
void
ic_postmortem_page_refresh (IcPostmortemPage *self)
{
  gboolean started;

  g_return_if_fail (IC_IS_POSTMORTEM_PAGE (self));

  started = self->incident != NULL && ic_store_has_postmortem (self->store, self->incident);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), started ? "editor" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "postmortem.add-why", started);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "postmortem.add-item", started);
  _ic_postmortem_page_bind_lists (self);
  if (!started)
    return;
  load_sections (self);
  load_timeline (self);
  load_hypotheses (self);
  _ic_postmortem_page_update_suggestion (self);
}

static void
start_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  if (!ic_store_ensure_postmortem (self->store, self->incident, &error))
    _ic_postmortem_page_show_error (self, error);
  ic_postmortem_page_refresh (self);
  gtk_widget_grab_focus (ic_section_editor_get_view (self->editors[IC_POSTMORTEM_SUMMARY]));
}

static char *
dup_markdown (IcPostmortemPage  *self,
              GError           **error)
{
  g_autoptr(IcMarkdownExport) exporter = ic_markdown_export_new (self->store, NULL);

  return ic_markdown_export_run (exporter, self->incident, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IcPostmortemPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *message = NULL;

  self->export_pending--;
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ic_postmortem_page_show_error (self, error);
      return;
    }
  name = g_file_get_parse_name (G_FILE (object));
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Postmortem exported to “%s”"), name);
  show_toast (self, message);
}

static void
export_to_file (IcPostmortemPage *self,
                GFile            *file)
{
  g_autoptr(GError) error = NULL;
  char *markdown = dup_markdown (self, &error);
  g_autoptr(GBytes) bytes = NULL;

  if (markdown == NULL)
    {
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  bytes = g_bytes_new_take (markdown, strlen (markdown));
  self->export_pending++;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                       export_done_cb, g_object_ref (self));
}

static void
export_to_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

  if (self->incident != NULL)
    export_to_file (self, file);
}

static void
chooser_response_cb (IcPostmortemPage *self,
                     int               response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  if (file != NULL && self->incident != NULL)
    export_to_file (self, file);
  g_clear_object (&self->chooser);
}

static char *
suggest_file_name (IcIncident *incident)
{
  g_autofree char *title = g_strdup (ic_incident_get_title (incident));

  g_strdelimit (title, "/\\:*?\"<>|", '-');
  /* Translators: the suggested file name of an export; %s is the incident's title */
  return g_strdup_printf (_("%s — postmortem.md"), title);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *suggested = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->incident == NULL || self->chooser != NULL)
    return;
  /* GtkFileChooserNative goes through the portal inside the Flatpak. */
  self->chooser = gtk_file_chooser_native_new (_("Export Postmortem"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Markdown"));
  gtk_file_filter_add_mime_type (filter, "text/markdown");
  gtk_file_filter_add_suffix (filter, "md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  suggested = suggest_file_name (self->incident);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
copy_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;

  if (self->incident == NULL)
    return;
  markdown = dup_markdown (self, &error);
  if (markdown == NULL)
    {
      _ic_postmortem_page_show_error (self, error);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), markdown);
  show_toast (self, _("Postmortem copied as Markdown"));
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *name,
                          GVariant   *param)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (widget);
  g_autofree char *text = g_strdup (self->suggestion);

  if (text != NULL)
    _ic_postmortem_page_add_item (self, text, "", NULL, IC_ACTION_ITEM_MONITORING);
}

static void
ic_postmortem_page_dispose (GObject *object)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  _ic_postmortem_page_unbind_lists (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_POSTMORTEM_PAGE);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ic_postmortem_page_parent_class)->dispose (object);
}

static void
ic_postmortem_page_finalize (GObject *object)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (object);

  g_free (self->suggestion);
  g_free (self->error);
  G_OBJECT_CLASS (ic_postmortem_page_parent_class)->finalize (object);
}

static void
ic_postmortem_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_postmortem_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IcPostmortemPage *self = IC_POSTMORTEM_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_postmortem_page_class_init (IcPostmortemPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_postmortem_page_dispose;
  object_class->finalize = ic_postmortem_page_finalize;
  object_class->get_property = ic_postmortem_page_get_property;
  object_class->set_property = ic_postmortem_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "postmortem.start", NULL, start_action);
  _ic_postmortem_page_install_list_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "postmortem.accept-suggestion", NULL,
                                   accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "postmortem.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "postmortem.export-to", "s", export_to_action);
  gtk_widget_class_install_action (widget_class, "postmortem.copy", NULL, copy_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "postmortem-page");

  g_type_ensure (IC_TYPE_SECTION_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-postmortem-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, timeline_label);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, hypotheses_label);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, whys_list);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, no_items_label);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, suggestion_group);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, suggestion_row);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, new_item_row);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, new_owner_row);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, new_due_row);
  gtk_widget_class_bind_template_child (widget_class, IcPostmortemPage, new_kind_row);
  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    gtk_widget_class_bind_template_child_full (widget_class, editor_ids[s], FALSE,
                                               G_STRUCT_OFFSET (IcPostmortemPage, editors)
                                                 + s * sizeof (IcSectionEditor *));
  gtk_widget_class_bind_template_callback (widget_class, form_activated_cb);
}

static void
ic_postmortem_page_init (IcPostmortemPage *self)
{
  g_autoptr(GtkStringList) kinds = ic_action_item_kinds_new ();

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    {
      self->buffers[s] = ic_section_editor_get_buffer (self->editors[s]);
      g_signal_connect_object (self->buffers[s], "changed", G_CALLBACK (section_changed_cb),
                               self, 0);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->new_kind_row), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->new_kind_row), IC_ACTION_ITEM_OTHER);
  g_signal_connect (self, "map", G_CALLBACK (ic_postmortem_page_refresh), NULL);
}

/**
 * ic_postmortem_page_set_incident:
 * @incident: (nullable): the incident whose postmortem is edited
 */
void
ic_postmortem_page_set_incident (IcPostmortemPage *self,
                                 IcIncident       *incident)
{
  g_return_if_fail (IC_IS_POSTMORTEM_PAGE (self));

  if (!g_set_object (&self->incident, incident))
    return;
  _ic_postmortem_page_show_error (self, NULL);
  ic_postmortem_page_refresh (self);
}

/**
 * ic_postmortem_page_get_suggestion:
 *
 * Returns: (nullable): the missing-signal helper's current suggestion
 */
const char *
ic_postmortem_page_get_suggestion (IcPostmortemPage *self)
{
  g_return_val_if_fail (IC_IS_POSTMORTEM_PAGE (self), NULL);
  return self->suggestion;
}

/**
 * ic_postmortem_page_get_incident:
 *
 * Returns: (transfer none) (nullable): the incident whose postmortem it is
 */
IcIncident *
ic_postmortem_page_get_incident (IcPostmortemPage *self)
{
  g_return_val_if_fail (IC_IS_POSTMORTEM_PAGE (self), NULL);
  return self->incident;
}

/**
 * ic_postmortem_page_get_error:
 *
 * Returns: (nullable): the message shown at the top of the page
 */
const char *
ic_postmortem_page_get_error (IcPostmortemPage *self)
{
  g_return_val_if_fail (IC_IS_POSTMORTEM_PAGE (self), NULL);
  return self->error;
}

/**
 * ic_postmortem_page_get_export_pending:
 *
 * Returns: whether an export is still being written
 */
gboolean
ic_postmortem_page_get_export_pending (IcPostmortemPage *self)
{
  g_return_val_if_fail (IC_IS_POSTMORTEM_PAGE (self), FALSE);
  return self->export_pending > 0;
}
