/* ic-hypothesis-board.c — three ranked hypotheses, one a wild card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-hypothesis-board"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-hypothesis-board.h"

struct _IcHypothesisBoard
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore       *store;
  IcIncident    *incident;
  IcSuggestions *suggestions;
  GPtrArray     *shown_suggestions;  /* IcSuggestion*, borrowed from suggestions */
  GtkWindow     *confirm_dialog;     /* while it is open */
  gint64         focus_after_rebuild;

  GtkWidget     *scrolled;
  GtkWidget     *next_step;
  GtkWidget     *next_step_label;
  GtkWidget     *text_entry;
  GtkWidget     *likelihood_dropdown;
  GtkWidget     *command_entry;
  GtkWidget     *add_error;
  GtkWidget     *suggestion_group;
  GtkWidget     *suggestion_list;
  GtkWidget     *cards;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcHypothesisBoard, ic_hypothesis_board, GTK_TYPE_WIDGET)

static void rebuild (IcHypothesisBoard *self);

static GListModel *
hypotheses (IcHypothesisBoard *self)
{
  return self->incident ? ic_store_get_hypotheses (self->store, self->incident) : NULL;
}

static IcHypothesis *
find_hypothesis (IcHypothesisBoard *self,
                 gint64             id)
{
  GListModel *live = hypotheses (self);

  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);

      if (ic_hypothesis_get_id (hypothesis) == id)
        return hypothesis;
    }
  return NULL;
}

static void
show_error (IcHypothesisBoard *self,
            const GError      *error)
{
  gtk_label_set_label (GTK_LABEL (self->add_error), error ? error->message : "");
  gtk_widget_set_visible (self->add_error, error != NULL);
}

/* The next-step notice: until three hypotheses, one a wild card. */
static void
update_next_step (IcHypothesisBoard *self)
{
  GListModel *live = hypotheses (self);
  guint n = live ? g_list_model_get_n_items (live) : 0;
  gboolean wild = FALSE, ready;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);
      wild |= ic_hypothesis_get_likelihood (hypothesis) == IC_LIKELIHOOD_WILD_CARD;
    }
  ready = self->incident != NULL && ic_store_get_hypotheses_ready (self->store, self->incident);
  if (n < 3)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Next step: three hypotheses before any command — "
                                         "%u written, at least one a wild card.",
                                         "Next step: three hypotheses before any command — "
                                         "%u written, at least one a wild card.", n), n);
  else if (!wild)
    text = g_strdup (_("Next step: one of the hypotheses should be a wild card — what is the "
                       "improbable cause?"));
  gtk_label_set_label (GTK_LABEL (self->next_step_label), text ? text : "");
  gtk_widget_set_visible (self->next_step, !ready && self->incident != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Adding ------------------------------------------------------------------ */

static gboolean
add (IcHypothesisBoard *self,
     const char        *text,
     IcLikelihood       likelihood,
     const char        *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;

  if (self->incident == NULL)
    return FALSE;
  hypothesis = ic_store_add_hypothesis (self->store, self->incident, text, likelihood, command,
                                        &error);
  show_error (self, error);
  return hypothesis != NULL;
}

/* A control character in the command is refused as it is typed or pasted,
 * beside the form, before anything is added. */
static gboolean
check_command_entry (IcHypothesisBoard *self)
{
  const char *command = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
  g_autoptr(GError) error = NULL;

  if (ic_hypothesis_check_test_command (command, &error))
    {
      if (gtk_widget_has_css_class (self->command_entry, "error"))
        show_error (self, NULL);
      gtk_widget_remove_css_class (self->command_entry, "error");
      return TRUE;
    }
  gtk_widget_add_css_class (self->command_entry, "error");
  show_error (self, error);
  return FALSE;
}

static void
add_from_form (IcHypothesisBoard *self)
{
  guint likelihood = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->likelihood_dropdown));

  if (!check_command_entry (self))
    {
      gtk_widget_grab_focus (self->command_entry);
      return;
    }
  if (!add (self, gtk_editable_get_text (GTK_EDITABLE (self->text_entry)),
            (IcLikelihood) likelihood, gtk_editable_get_text (GTK_EDITABLE (self->command_entry))))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), "");
  gtk_widget_grab_focus (self->text_entry);
}

static void
add_action (GtkWidget  *widget,
            const char *name,
            GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  const char *text = NULL, *likelihood = NULL, *command = NULL;
  IcLikelihood value;

  g_variant_get (parameter, "(&s&s&s)", &text, &likelihood, &command);
  if (ic_likelihood_from_string (likelihood, &value))
    add (self, text, value, command);
}

static void
accept_suggestion_cb (GtkButton         *button,
                      IcHypothesisBoard *self)
{
  IcSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "suggestion");

  add (self, suggestion->text, suggestion->likelihood, suggestion->test_command);
}

static void
update_suggestions (IcHypothesisBoard *self)
{
  g_autofree char *haystack = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->suggestion_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->suggestion_list), child);
  g_clear_pointer (&self->shown_suggestions, g_ptr_array_unref);
  if (self->incident == NULL || self->suggestions == NULL)
    {
      gtk_widget_set_visible (self->suggestion_group, FALSE);
      return;
    }
  haystack = g_strjoin (" ", ic_incident_get_title (self->incident),
                        ic_incident_get_service (self->incident),
                        ic_incident_get_notes (self->incident), NULL);
  self->shown_suggestions = ic_suggestions_match (self->suggestions, haystack);
  for (guint i = 0; i < self->shown_suggestions->len; i++)
    {
      IcSuggestion *suggestion = g_ptr_array_index (self->shown_suggestions, i);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", suggestion->category_label,
                                                   ic_likelihood_get_label (
                                                     suggestion->likelihood));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *accept = gtk_button_new_with_label (_("Add"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), suggestion->text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (accept, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (accept, _("Add this hypothesis"));
      g_object_set_data (G_OBJECT (accept), "suggestion", suggestion);
      g_signal_connect_object (accept, "clicked", G_CALLBACK (accept_suggestion_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), accept);
      gtk_list_box_append (GTK_LIST_BOX (self->suggestion_list), row);
    }
  gtk_widget_set_visible (self->suggestion_group, self->shown_suggestions->len > 0);
}

/* Ranking ----------------------------------------------------------------- */

static void
move (IcHypothesisBoard *self,
      IcHypothesis      *hypothesis,
      int                rank)
{
  g_autoptr(GError) error = NULL;

  self->focus_after_rebuild = ic_hypothesis_get_id (hypothesis);
  if (!ic_store_move_hypothesis (self->store, hypothesis, rank, &error))
    show_error (self, error);
}

static void
move_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  gint64 id = 0;
  int rank = 0;
  IcHypothesis *hypothesis;

  g_variant_get (parameter, "(xi)", &id, &rank);
  hypothesis = find_hypothesis (self, id);
  if (hypothesis != NULL)
    move (self, hypothesis, rank);
}

static gboolean
move_shortcut_cb (GtkWidget *row,
                  GVariant  *args,
                  gpointer   user_data)
{
  IcHypothesisBoard *self = user_data;
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (row), "hypothesis");
  int delta = g_variant_get_int32 (args);
  int rank = ic_hypothesis_get_rank (hypothesis) + delta;
  GListModel *live = hypotheses (self);

  if (rank >= 1 && live != NULL && (guint) rank <= g_list_model_get_n_items (live))
    move (self, hypothesis, rank);
  return TRUE;
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (row), "hypothesis");

  return gdk_content_provider_new_typed (G_TYPE_INT64, ic_hypothesis_get_id (hypothesis));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  IcHypothesisBoard *self = g_object_get_data (G_OBJECT (row), "board");
  IcHypothesis *onto = g_object_get_data (G_OBJECT (row), "hypothesis");
  IcHypothesis *dragged;

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  dragged = find_hypothesis (self, g_value_get_int64 (value));
  if (dragged == NULL || dragged == onto)
    return FALSE;
  move (self, dragged, ic_hypothesis_get_rank (onto));
  return TRUE;
}

/* Status and evidence ------------------------------------------------------ */

static void
set_status (IcHypothesisBoard  *self,
            IcHypothesis       *hypothesis,
            IcHypothesisStatus  status)
{
  g_autoptr(GError) error = NULL;

  self->focus_after_rebuild = ic_hypothesis_get_id (hypothesis);
  if (!ic_store_set_hypothesis_status (self->store, hypothesis, status, &error))
    show_error (self, error);
  else
    show_error (self, NULL);
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     IcHypothesisBoard *self)
{
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (dialog), "hypothesis");

  if (g_strcmp0 (response, "confirm") == 0)
    set_status (self, hypothesis, IC_HYPOTHESIS_STATUS_CONFIRMED);
  self->confirm_dialog = NULL;
}

/* Confirming is a decision: ask whether this is the clear hypothesis. */
static void
ask_confirm (IcHypothesisBoard *self,
             IcHypothesis      *hypothesis)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Is This the Clear Hypothesis?"),
                                   ic_hypothesis_get_text (hypothesis));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  ic_hypothesis_get_text (hypothesis),
                                  _("Confirming marks the incident identified and stops the "
                                    "rollback timer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Not Yet"),
                                    "confirm", _("_Confirm"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hypothesis", g_object_ref (hypothesis),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  self->confirm_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
status_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  const char *status_str = NULL;
  IcHypothesisStatus status;
  IcHypothesis *hypothesis;
  gint64 id = 0;

  g_variant_get (parameter, "(x&s)", &id, &status_str);
  hypothesis = find_hypothesis (self, id);
  if (hypothesis == NULL || !ic_hypothesis_status_from_string (status_str, &status))
    return;
  if (status == IC_HYPOTHESIS_STATUS_CONFIRMED)
    ask_confirm (self, hypothesis);
  else
    set_status (self, hypothesis, status);
}

static void
evidence (IcHypothesisBoard *self,
          IcHypothesis      *hypothesis,
          IcStance           stance,
          const char        *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) item = NULL;

  self->focus_after_rebuild = ic_hypothesis_get_id (hypothesis);
  item = ic_store_add_evidence (self->store, hypothesis, stance, text, 0, &error);
  show_error (self, error);
  if (item != NULL)
    rebuild (self);
}

static void
evidence_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  const char *stance_str = NULL, *text = NULL;
  IcHypothesis *hypothesis;
  IcStance stance;
  gint64 id = 0;

  g_variant_get (parameter, "(x&s&s)", &id, &stance_str, &text);
  hypothesis = find_hypothesis (self, id);
  if (hypothesis != NULL && ic_stance_from_string (stance_str, &stance))
    evidence (self, hypothesis, stance, text);
}

static void
override_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  if (!ic_store_override_hypothesis_rule (self->store, self->incident,
                                          g_variant_get_string (parameter, NULL), &error))
    show_error (self, error);
  update_next_step (self);
}

static void
override_clicked_cb (IcHypothesisBoard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "board.override", "s",
                              _("chosen from the board"));
}

/* Cards ------------------------------------------------------------------- */

static void
card_button_cb (GtkButton         *button,
                IcHypothesisBoard *self)
{
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (button), "hypothesis");
  const char *status = g_object_get_data (G_OBJECT (button), "status");

  gtk_widget_activate_action (GTK_WIDGET (self), "board.status", "(xs)",
                              ic_hypothesis_get_id (hypothesis), status);
}

static void
evidence_activate_cb (GtkEntry          *entry,
                      IcHypothesisBoard *self)
{
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (entry), "hypothesis");
  GtkDropDown *stance = g_object_get_data (G_OBJECT (entry), "stance");

  evidence (self, hypothesis, (IcStance) gtk_drop_down_get_selected (stance),
            gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
copy_command_cb (GtkButton         *button,
                 IcHypothesisBoard *self)
{
  IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (button), "hypothesis");

  /* The app never runs a test command: it copies it, exactly as written,
   * direction marks included; the card shows them and warns. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          ic_hypothesis_get_test_command (hypothesis));
}

static GtkWidget *
tag (const char *text,
     const char *css_class,
     const char *icon)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  if (icon != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_box_append (GTK_BOX (box), gtk_label_new (text));
  gtk_widget_add_css_class (box, "tag");
  gtk_widget_add_css_class (box, css_class);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static const char *
status_icon (IcHypothesisStatus status)
{
  switch (status)
    {
    case IC_HYPOTHESIS_STATUS_TESTING:
      return "system-run-symbolic";
    case IC_HYPOTHESIS_STATUS_CONFIRMED:
      return "emblem-ok-symbolic";
    case IC_HYPOTHESIS_STATUS_REFUTED:
      return "window-close-symbolic";
    case IC_HYPOTHESIS_STATUS_OPEN:
    default:
      return "dialog-question-symbolic";
    }
}

static void
append_evidence (GtkWidget  *box,
                 GListModel *items,
                 IcStance    stance)
{
  GtkWidget *heading = gtk_label_new (stance == IC_STANCE_FOR ? _("Evidence for")
                                                             : _("Evidence against"));
  guint shown = 0;

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_box_append (GTK_BOX (box), heading);
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(IcEvidence) item = g_list_model_get_item (items, i);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *time = NULL;
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (ic_evidence_get_stance (item) != stance)
        continue;
      when = g_date_time_new_from_unix_local (ic_evidence_get_created_at (item) / G_USEC_PER_SEC);
      time = g_date_time_format (when, "%H:%M:%S");
      /* Stance is written out (+ / −, and the heading), not only coloured. */
      line = g_strdup_printf ("%s %s  %s", stance == IC_STANCE_FOR ? "+" : "−", time,
                              ic_evidence_get_text (item));
      label = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, stance == IC_STANCE_FOR ? "evidence-for"
                                                               : "evidence-against");
      gtk_box_append (GTK_BOX (box), label);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *none = gtk_label_new (_("None yet"));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }
}

static GtkWidget *
status_button (IcHypothesisBoard *self,
               IcHypothesis      *hypothesis,
               const char        *label,
               const char        *status)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "hypothesis", hypothesis);
  g_object_set_data (G_OBJECT (button), "status", (gpointer) status);
  g_signal_connect_object (button, "clicked", G_CALLBACK (card_button_cb), self, 0);
  return button;
}

static GtkWidget *
build_header (IcHypothesis *hypothesis)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *rank = g_strdup_printf ("#%d", ic_hypothesis_get_rank (hypothesis));
  GtkWidget *rank_label = gtk_label_new (rank);
  GtkWidget *text = gtk_label_new (ic_hypothesis_get_text (hypothesis));
  IcLikelihood likelihood = ic_hypothesis_get_likelihood (hypothesis);
  IcHypothesisStatus status = ic_hypothesis_get_status (hypothesis);

  gtk_widget_add_css_class (rank_label, "title-3");
  gtk_widget_add_css_class (rank_label, "numeric");
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "heading");
  gtk_box_append (GTK_BOX (header), rank_label);
  gtk_box_append (GTK_BOX (header), text);
  gtk_box_append (GTK_BOX (header),
                  tag (ic_likelihood_get_label (likelihood),
                       likelihood == IC_LIKELIHOOD_WILD_CARD ? "wild-card" : "likelihood",
                       likelihood == IC_LIKELIHOOD_WILD_CARD ? "starred-symbolic" : NULL));
  gtk_box_append (GTK_BOX (header), tag (ic_hypothesis_status_get_label (status),
                                         ic_hypothesis_status_to_string (status),
                                         status_icon (status)));
  return header;
}

/* "This command holds invisible direction characters…", under the command. */
static GtkWidget *
build_command_warning (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Contains invisible direction or control characters, "
                                      "shown here as ⟨U+…⟩: elsewhere the command may not read "
                                      "as it runs. Copy copies it exactly as written."));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (box, "warning");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* The command as a shell reads it (direction marks as code points), and Copy. */
static GtkWidget *
build_command (IcHypothesisBoard *self,
               IcHypothesis      *hypothesis)
{
  const char *raw = ic_hypothesis_get_test_command (hypothesis);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *visible = NULL;
  gboolean marked = FALSE;
  GtkWidget *command;
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  visible = ic_hypothesis_make_test_command_visible (raw, &marked);
  command = gtk_label_new (*raw ? visible : _("No test command"));
  gtk_label_set_xalign (GTK_LABEL (command), 0);
  gtk_label_set_selectable (GTK_LABEL (command), TRUE);
  gtk_label_set_wrap (GTK_LABEL (command), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (command), PANGO_WRAP_CHAR);
  gtk_widget_set_hexpand (command, TRUE);
  gtk_widget_add_css_class (command, "monospace");
  gtk_widget_add_css_class (command, "test-command");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the test command (it is never run here)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the test command"), -1);
  gtk_widget_set_sensitive (copy, *raw != '\0');
  g_object_set_data (G_OBJECT (copy), "hypothesis", hypothesis);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_command_cb), self, 0);
  gtk_box_append (GTK_BOX (box), command);
  gtk_box_append (GTK_BOX (box), copy);
  gtk_box_append (GTK_BOX (column), box);
  g_object_set_data (G_OBJECT (column), "command", command);
  if (marked)
    {
      GtkWidget *warning = build_command_warning ();

      gtk_box_append (GTK_BOX (column), warning);
      g_object_set_data (G_OBJECT (column), "warning",
                         gtk_widget_get_last_child (warning));
    }
  return column;
}

static GtkWidget *
build_evidence_form (IcHypothesisBoard *self,
                     IcHypothesis      *hypothesis)
{
  const char *stances[] = { _("For"), _("Against"), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *stance = gtk_drop_down_new_from_strings (stances);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_add_css_class (box, "linked");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Add evidence (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New evidence"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (stance), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("For or against"), -1);
  gtk_widget_set_hexpand (entry, TRUE);
  g_object_set_data (G_OBJECT (entry), "hypothesis", hypothesis);
  g_object_set_data (G_OBJECT (entry), "stance", stance);
  g_signal_connect_object (entry, "activate", G_CALLBACK (evidence_activate_cb), self, 0);
  gtk_box_append (GTK_BOX (box), stance);
  gtk_box_append (GTK_BOX (box), entry);
  return box;
}

static GtkWidget *
create_card (gpointer item,
             gpointer user_data)
{
  IcHypothesisBoard *self = user_data;
  IcHypothesis *hypothesis = item;
  GListModel *items = ic_store_get_evidence (self->store, hypothesis);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *for_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *against_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkWidget *command;
  g_autofree char *a11y = g_strdup_printf (_("Hypothesis %d: %s, %s, %s"),
                                           ic_hypothesis_get_rank (hypothesis),
                                           ic_hypothesis_get_text (hypothesis),
                                           ic_likelihood_get_label (
                                             ic_hypothesis_get_likelihood (hypothesis)),
                                           ic_hypothesis_status_get_label (
                                             ic_hypothesis_get_status (hypothesis)));

  gtk_widget_add_css_class (card, "hypothesis-card");
  gtk_box_append (GTK_BOX (card), build_header (hypothesis));
  command = build_command (self, hypothesis);
  gtk_box_append (GTK_BOX (card), command);
  gtk_widget_set_hexpand (for_box, TRUE);
  gtk_widget_set_hexpand (against_box, TRUE);
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  append_evidence (for_box, items, IC_STANCE_FOR);
  append_evidence (against_box, items, IC_STANCE_AGAINST);
  gtk_box_append (GTK_BOX (columns), for_box);
  gtk_box_append (GTK_BOX (columns), against_box);
  gtk_box_append (GTK_BOX (card), columns);
  gtk_box_append (GTK_BOX (card), build_evidence_form (self, hypothesis));
  gtk_box_append (GTK_BOX (buttons), status_button (self, hypothesis, _("_Testing"), "testing"));
  gtk_box_append (GTK_BOX (buttons), status_button (self, hypothesis, _("_Confirm…"),
                                                    "confirmed"));
  gtk_box_append (GTK_BOX (buttons), status_button (self, hypothesis, _("_Refute"), "refuted"));
  gtk_box_append (GTK_BOX (card), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), card);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_set_tooltip_text (row, _("Drag to re-rank, or Alt+Up / Alt+Down"));

  g_object_set_data_full (G_OBJECT (row), "hypothesis", g_object_ref (hypothesis),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "board", self);
  g_object_set_data (G_OBJECT (row), "command", command);
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_LOCAL);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                     gtk_callback_action_new (move_shortcut_cb, self, NULL),
                                     "i", -1));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                     gtk_callback_action_new (move_shortcut_cb, self, NULL),
                                     "i", 1));
  gtk_widget_add_controller (row, keys);
  return row;
}

static gboolean
refocus_cb (gpointer user_data)
{
  IcHypothesisBoard *self = user_data;
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (self->cards); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      IcHypothesis *hypothesis = g_object_get_data (G_OBJECT (child), "hypothesis");

      if (hypothesis != NULL && ic_hypothesis_get_id (hypothesis) == self->focus_after_rebuild)
        gtk_widget_child_focus (child, GTK_DIR_TAB_FORWARD);
    }
  self->focus_after_rebuild = 0;
  return G_SOURCE_REMOVE;
}

static void
rebuild (IcHypothesisBoard *self)
{
  GListModel *live = hypotheses (self);

  gtk_list_box_bind_model (GTK_LIST_BOX (self->cards), live, create_card, self, NULL);
  update_next_step (self);
  if (self->focus_after_rebuild != 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, refocus_cb, g_object_ref (self), g_object_unref);
}

static void
hypotheses_changed_cb (IcHypothesisBoard *self)
{
  rebuild (self);
}

static void
hypothesis_notify_cb (IcHypothesisBoard *self)
{
  rebuild (self);
}

static void
watch (IcHypothesisBoard *self,
       gboolean           on)
{
  GListModel *live = hypotheses (self);

  if (live == NULL)
    return;
  if (!on)
    {
      g_signal_handlers_disconnect_by_data (live, self);
      for (guint i = 0; i < g_list_model_get_n_items (live); i++)
        {
          g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);
          g_signal_handlers_disconnect_by_data (hypothesis, self);
        }
      return;
    }
  g_signal_connect_object (live, "items-changed", G_CALLBACK (hypotheses_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Each card follows its hypothesis's status, rank and likelihood. */
static void
watch_items (IcHypothesisBoard *self)
{
  GListModel *live = hypotheses (self);

  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (live, i);

      g_signal_handlers_disconnect_by_data (hypothesis, self);
      g_signal_connect_object (hypothesis, "notify::status", G_CALLBACK (hypothesis_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (hypothesis, "notify::likelihood",
                               G_CALLBACK (hypothesis_notify_cb), self, G_CONNECT_SWAPPED);
    }
}

/* GObject ----------------------------------------------------------------- */

static void
ic_hypothesis_board_dispose (GObject *object)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (object);
  GtkWidget *child;

  if (self->store != NULL && self->incident != NULL)
    watch (self, FALSE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->shown_suggestions, g_ptr_array_unref);
  g_clear_object (&self->suggestions);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_hypothesis_board_parent_class)->dispose (object);
}

static void
ic_hypothesis_board_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_READY:
      g_value_set_boolean (value, ic_hypothesis_board_get_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_hypothesis_board_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (object);

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
ic_hypothesis_board_class_init (IcHypothesisBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_hypothesis_board_dispose;
  object_class->get_property = ic_hypothesis_board_get_property;
  object_class->set_property = ic_hypothesis_board_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * IcHypothesisBoard:ready:
   *
   * %TRUE once there are three hypotheses, one a wild card, or the rule
   * was overridden on the record; the probe page reads it for its notice.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "board.add", "(sss)", add_action);
  gtk_widget_class_install_action (widget_class, "board.move", "(xi)", move_action);
  gtk_widget_class_install_action (widget_class, "board.status", "(xs)", status_action);
  gtk_widget_class_install_action (widget_class, "board.evidence", "(xss)", evidence_action);
  gtk_widget_class_install_action (widget_class, "board.override", "s", override_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hypothesis-board");
}

static GtkWidget *
build_add_form (IcHypothesisBoard *self)
{
  const char *likelihoods[] = { _("Likely"), _("Possible"), _("Wild card"), NULL };
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add_button = gtk_button_new_with_mnemonic (_("_Add Hypothesis"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("What Else Could It Be?"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Three hypotheses before any command, ranked by "
                                           "likelihood, at least one an improbable wild card."));
  self->text_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->text_entry),
                                  _("A hypothesis, e.g. the checkout deploy exhausted the pool"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New hypothesis"), -1);
  gtk_widget_set_hexpand (self->text_entry, TRUE);
  g_signal_connect_object (self->text_entry, "activate", G_CALLBACK (add_from_form), self,
                           G_CONNECT_SWAPPED);
  self->likelihood_dropdown = gtk_drop_down_new_from_strings (likelihoods);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->likelihood_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Likelihood"), -1);
  gtk_box_append (GTK_BOX (line), self->text_entry);
  gtk_box_append (GTK_BOX (line), self->likelihood_dropdown);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), line);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (line, 6);
  self->command_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->command_entry),
                                  _("Test command (copied, never run)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->command_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Test command"), -1);
  gtk_widget_add_css_class (self->command_entry, "monospace");
  gtk_widget_set_hexpand (self->command_entry, TRUE);
  g_signal_connect_object (self->command_entry, "activate", G_CALLBACK (add_from_form), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->command_entry, "changed", G_CALLBACK (check_command_entry),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (add_button, "clicked", G_CALLBACK (add_from_form), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (add_button, "suggested-action");
  gtk_box_append (GTK_BOX (line), self->command_entry);
  gtk_box_append (GTK_BOX (line), add_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), line);

  self->add_error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->add_error), 0);
  gtk_label_set_wrap (GTK_LABEL (self->add_error), TRUE);
  gtk_widget_add_css_class (self->add_error, "error");
  gtk_widget_set_visible (self->add_error, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->add_error);
  return group;
}

static GtkWidget *
build_next_step (IcHypothesisBoard *self)
{
  GtkWidget *override = gtk_button_new_with_mnemonic (_("_Go On Anyway"));

  self->next_step = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->next_step, "next-step");
  gtk_box_append (GTK_BOX (self->next_step),
                  gtk_image_new_from_icon_name ("dialog-information-symbolic"));
  self->next_step_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->next_step_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->next_step_label), 0);
  gtk_widget_set_hexpand (self->next_step_label, TRUE);
  gtk_box_append (GTK_BOX (self->next_step), self->next_step_label);
  gtk_widget_set_tooltip_text (override, _("Skip the rule; this is recorded on the timeline"));
  gtk_widget_set_valign (override, GTK_ALIGN_CENTER);
  g_signal_connect_object (override, "clicked", G_CALLBACK (override_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->next_step), override);
  return self->next_step;
}

static void
load_suggestions (IcHypothesisBoard *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_resources_lookup_data (RESOURCE_BASE "/suggestions.json", 0, &error);
  if (bytes != NULL)
    self->suggestions = ic_suggestions_new_from_bytes (bytes, &error);
  if (self->suggestions == NULL)
    g_debug ("No hypothesis suggestions: %s", error->message);
}

static void
ic_hypothesis_board_init (IcHypothesisBoard *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  load_suggestions (self);
  gtk_box_append (GTK_BOX (box), build_next_step (self));
  gtk_box_append (GTK_BOX (box), build_add_form (self));

  self->cards = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->cards), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->cards, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cards), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hypotheses, most likely first"), -1);
  gtk_box_append (GTK_BOX (box), self->cards);

  self->suggestion_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->suggestion_group),
                                   _("Starting Points"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->suggestion_group),
                                         _("Common causes for what the alert describes. Add "
                                           "the ones that fit; ignore the rest."));
  self->suggestion_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->suggestion_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->suggestion_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->suggestion_group),
                             self->suggestion_list);
  gtk_box_append (GTK_BOX (box), self->suggestion_group);

  g_object_set (box, "margin-top", 18, "margin-bottom", 18, "margin-start", 12, "margin-end", 12,
                NULL);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
ic_hypothesis_board_new (IcStore *store)
{
  return g_object_new (IC_TYPE_HYPOTHESIS_BOARD, "store", store, NULL);
}

void
ic_hypothesis_board_set_incident (IcHypothesisBoard *self,
                                  IcIncident        *incident)
{
  g_return_if_fail (IC_IS_HYPOTHESIS_BOARD (self));

  if (self->incident == incident)
    return;
  if (self->incident != NULL)
    watch (self, FALSE);
  g_set_object (&self->incident, incident);
  if (incident != NULL)
    {
      watch (self, TRUE);
      watch_items (self);
    }
  show_error (self, NULL);
  update_suggestions (self);
  rebuild (self);
}

gboolean
ic_hypothesis_board_get_ready (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), FALSE);
  return self->incident != NULL && ic_store_get_hypotheses_ready (self->store, self->incident);
}

guint
ic_hypothesis_board_get_n_suggestions (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), 0);
  return self->shown_suggestions ? self->shown_suggestions->len : 0;
}

/**
 * ic_hypothesis_board_get_confirm_dialog:
 *
 * Returns: (transfer none) (nullable): the "Is this the clear hypothesis?"
 *   dialog while it is open
 */
GtkWindow *
ic_hypothesis_board_get_confirm_dialog (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);
  return self->confirm_dialog;
}

void
ic_hypothesis_board_focus_new (IcHypothesisBoard *self)
{
  g_return_if_fail (IC_IS_HYPOTHESIS_BOARD (self));
  gtk_widget_grab_focus (self->text_entry);
}

/* The command column of @hypothesis's card, if it has one. */
static GtkWidget *
find_command (IcHypothesisBoard *self,
              IcHypothesis      *hypothesis)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->cards); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "hypothesis") == hypothesis)
      return g_object_get_data (G_OBJECT (row), "command");
  return NULL;
}

/**
 * ic_hypothesis_board_get_command_text:
 *
 * Returns: (nullable): the test command as @hypothesis's card shows it
 */
const char *
ic_hypothesis_board_get_command_text (IcHypothesisBoard *self,
                                      IcHypothesis      *hypothesis)
{
  GtkWidget *command;

  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);

  command = find_command (self, hypothesis);
  return command ? gtk_label_get_label (GTK_LABEL (g_object_get_data (G_OBJECT (command),
                                                                     "command")))
                 : NULL;
}

/**
 * ic_hypothesis_board_get_command_warning:
 *
 * Returns: (nullable): the warning under @hypothesis's test command, when
 *   it holds direction marks or control characters
 */
const char *
ic_hypothesis_board_get_command_warning (IcHypothesisBoard *self,
                                         IcHypothesis      *hypothesis)
{
  GtkWidget *command;
  GtkWidget *warning;

  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);

  command = find_command (self, hypothesis);
  warning = command ? g_object_get_data (G_OBJECT (command), "warning") : NULL;
  return warning ? gtk_label_get_label (GTK_LABEL (warning)) : NULL;
}

/**
 * ic_hypothesis_board_get_error_text:
 *
 * Returns: (nullable): the message beside the add form, while shown
 */
const char *
ic_hypothesis_board_get_error_text (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);

  return gtk_widget_get_visible (self->add_error)
           ? gtk_label_get_label (GTK_LABEL (self->add_error)) : NULL;
}
