/* ic-hypothesis-board.c — three ranked hypotheses, one a wild card
 *
 * A template (ui/ic-hypothesis-board.ui); the cards are bound to the
 * store's live list of hypotheses and ask the board through board.*
 * actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-hypothesis-board"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-hypothesis-board.h"
#include "ic-hypothesis-card.h"
#include "ic-similar.h"
#include "ic-suggestion-row.h"
#include "ic-wrap-layout.h"

struct _IcHypothesisBoard
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore       *store;
  IcIncident    *incident;
  IcSuggestions *suggestions;
  GListModel    *shown_suggestions;  /* IcSuggestion: what the incident matches */
  GtkWindow     *confirm_dialog;     /* while it is open */
  IcHypothesis  *confirm_hypothesis; /* what it asks about */
  gint64         focus_after_rebuild;

  /* Template widgets */
  GtkWidget     *scrolled;
  GtkWidget     *next_step;
  GtkWidget     *next_step_label;
  GtkWidget     *text_entry;
  GtkWidget     *likelihood_dropdown;
  GtkWidget     *command_entry;
  GtkWidget     *add_error;
  GtkWidget     *suggestion_group;
  GtkWidget     *suggestion_list;
  GtkWidget     *seen_group;
  GtkWidget     *seen_list;
  GListModel    *seen;              /* IcSimilar: past incidents like this one */
  GCancellable  *seen_cancellable;  /* the look-up under way */
  guint          seen_timeout_id;   /* a look-up soon, after a burst of changes */
  gboolean       seen_pending;      /* an incident set while hidden: look up when shown */
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

/* "board.likelihood('wild-card')" (Ctrl+1, Ctrl+2, Ctrl+3 in the board):
 * the likelihood of the hypothesis being written, without opening its list. */
static void
likelihood_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  IcLikelihood likelihood;

  if (ic_likelihood_from_string (g_variant_get_string (parameter, NULL), &likelihood))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->likelihood_dropdown), (guint) likelihood);
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

static GtkWidget *
create_suggestion_row (gpointer item,
                       gpointer user_data)
{
  return ic_suggestion_row_new (item);
}

/* The starting points for what the incident says about itself. */
static void
update_suggestions (IcHypothesisBoard *self)
{
  g_autofree char *haystack = NULL;

  g_clear_object (&self->shown_suggestions);
  if (self->incident != NULL && self->suggestions != NULL)
    {
      haystack = g_strjoin (" ", ic_incident_get_title (self->incident),
                            ic_incident_get_service (self->incident),
                            ic_incident_get_notes (self->incident), NULL);
      self->shown_suggestions = ic_suggestions_match (self->suggestions, haystack);
    }
  gtk_list_box_bind_model (GTK_LIST_BOX (self->suggestion_list), self->shown_suggestions,
                           create_suggestion_row, NULL, NULL);
  gtk_widget_set_visible (self->suggestion_group,
                          self->shown_suggestions != NULL
                          && g_list_model_get_n_items (self->shown_suggestions) > 0);
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

/* "board.shift" (id, -1 or +1): Alt+Up / Alt+Down on a card; a card at
 * the top or the bottom stays where it is. */
static void
shift_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);
  GListModel *live = hypotheses (self);
  IcHypothesis *hypothesis;
  gint64 id = 0;
  int delta = 0, rank;

  g_variant_get (parameter, "(xi)", &id, &delta);
  hypothesis = find_hypothesis (self, id);
  if (hypothesis == NULL)
    return;
  rank = ic_hypothesis_get_rank (hypothesis) + delta;
  if (rank >= 1 && live != NULL && (guint) rank <= g_list_model_get_n_items (live))
    move (self, hypothesis, rank);
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
  g_autoptr(IcHypothesis) hypothesis = g_steal_pointer (&self->confirm_hypothesis);

  if (g_strcmp0 (response, "confirm") == 0 && hypothesis != NULL)
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
  g_set_object (&self->confirm_hypothesis, hypothesis);
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

static GtkWidget *
create_card (gpointer item,
             gpointer user_data)
{
  IcHypothesisBoard *self = user_data;
  IcHypothesis *hypothesis = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *card = ic_hypothesis_card_new (hypothesis,
                                            ic_store_get_evidence (self->store, hypothesis));
  g_autofree char *a11y = ic_hypothesis_card_dup_summary (IC_HYPOTHESIS_CARD (card));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), card);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

static gboolean
refocus_cb (gpointer user_data)
{
  IcHypothesisBoard *self = user_data;
  GtkWidget *child;

  /* The board left its window (closed) before this ran: nothing to focus. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL || self->cards == NULL)
    {
      self->focus_after_rebuild = 0;
      return G_SOURCE_REMOVE;
    }
  for (child = gtk_widget_get_first_child (self->cards); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));
      IcHypothesis *hypothesis = IC_IS_HYPOTHESIS_CARD (card)
                                   ? ic_hypothesis_card_get_hypothesis (IC_HYPOTHESIS_CARD (card))
                                   : NULL;

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

/* Seen before -------------------------------------------------------------- */

static GtkWidget *
create_seen_row (gpointer item,
                 gpointer user_data)
{
  IcSimilar *similar = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_from_icon_name ("go-next-symbolic");
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ic_similar_get_alert_time (similar)
                                                               / G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (when, "%b %d %Y");
  g_autofree char *duration = ic_similar_get_duration (similar) > 0
                                ? ic_format_elapsed (ic_similar_get_duration (similar))
                                : g_strdup (_("still open"));
  g_autofree char *hypothesis = ic_similar_dup_hypothesis (similar);
  g_autofree char *open_label = NULL;
  GString *subtitle = g_string_new (NULL);

  /* Translators: a past incident's date and how long it lasted, "Nov 28 2026 · 42:00" */
  g_string_append_printf (subtitle, _("%s · %s"), date, duration);
  if (*ic_similar_get_root_cause (similar) != '\0')
    /* Translators: in "Seen before" */
    g_string_append_printf (subtitle, _("\nRoot cause: %s"), ic_similar_get_root_cause (similar));
  if (*ic_similar_get_detection_gap (similar) != '\0')
    g_string_append_printf (subtitle, _("\nDetection gap: %s"),
                            ic_similar_get_detection_gap (similar));
  if (*ic_similar_get_fix (similar) != '\0')
    g_string_append_printf (subtitle, _("\nFixed by: %s"), ic_similar_get_fix (similar));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ic_similar_get_title (similar));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);
  if (hypothesis != NULL)
    {
      GtkWidget *add = gtk_button_new_with_mnemonic (_("Add as _Hypothesis"));

      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "board.add");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "(sss)", hypothesis, "possible", "");
      ic_accessible_name_mnemonics (add);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
    }
  /* Translators: the button that opens a past incident; %s is its title */
  open_label = g_strdup_printf (_("Open “%s”"), ic_similar_get_title (similar));
  gtk_widget_set_tooltip_text (open, open_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, open_label,
                                  -1);
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (open, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.show-incident");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x",
                                    ic_similar_get_incident_id (similar));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  return row;
}

/* @user_data is the board, unowned: a board that goes cancels its look-up
 * first, and a cancelled look-up ends here with G_IO_ERROR_CANCELLED. */
static void
seen_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  IcHypothesisBoard *self;
  g_autoptr(GError) error = NULL;
  GListModel *found = ic_store_find_similar_finish (IC_STORE (source), result, &error);

  if (found == NULL)
    {
      /* Cancelled: a newer look-up is on its way, or the board is gone.
       * Failed: nothing offered. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No similar incidents: %s", error->message);
      return;
    }
  self = user_data;
  g_clear_object (&self->seen);
  self->seen = found;
  gtk_list_box_bind_model (GTK_LIST_BOX (self->seen_list), self->seen, create_seen_row, NULL,
                           NULL);
  gtk_widget_set_visible (self->seen_group, g_list_model_get_n_items (self->seen) > 0);
}

/* Stops a look-up of past incidents that is waiting or under way. */
static void
cancel_seen (IcHypothesisBoard *self)
{
  g_clear_handle_id (&self->seen_timeout_id, g_source_remove);
  g_cancellable_cancel (self->seen_cancellable);
  g_clear_object (&self->seen_cancellable);
}

/* Looks again for past incidents like this one, cancelling a look-up that
 * has not finished. */
static gboolean
find_seen (gpointer user_data)
{
  IcHypothesisBoard *self = user_data;

  self->seen_timeout_id = 0;   /* this source, if it is the one running */
  cancel_seen (self);
  if (self->seen_list == NULL)  /* disposed */
    return G_SOURCE_REMOVE;
  if (self->incident == NULL || self->store == NULL)
    {
      gtk_widget_set_visible (self->seen_group, FALSE);
      return G_SOURCE_REMOVE;
    }
  self->seen_cancellable = g_cancellable_new ();
  ic_store_find_similar_async (self->store, self->incident, self->seen_cancellable,
                               seen_found_cb, self);
  return G_SOURCE_REMOVE;
}

/* After a burst of hypotheses, one look-up. */
static void
find_seen_soon (IcHypothesisBoard *self)
{
  g_clear_handle_id (&self->seen_timeout_id, g_source_remove);
  if (self->seen_list == NULL)  /* disposed */
    return;
  /* Without a reference: dispose removes the source. One would keep the
   * board, its cards and their controls alive after their window had
   * gone, to be torn down in whatever came next: the next Ctrl+N. */
  self->seen_timeout_id = g_timeout_add (300, find_seen, self);
}

/**
 * ic_hypothesis_board_get_seen_before:
 *
 * Returns: (transfer none) (nullable): the past incidents shown under
 *   "Seen Before" (#IcSimilar)
 */
GListModel *
ic_hypothesis_board_get_seen_before (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);
  return self->seen;
}

/* A hypothesis added at the end of the list (the store gives it the next
 * rank) changes no other card: the list box's own binding makes its card,
 * instead of every card being made again. */
static void
hypotheses_changed_cb (IcHypothesisBoard *self,
                       guint              position,
                       guint              removed,
                       guint              added,
                       GListModel        *live)
{
  if (removed == 0 && added > 0 && position + added == g_list_model_get_n_items (live)
      && self->focus_after_rebuild == 0)
    update_next_step (self);
  else
    rebuild (self);
  find_seen_soon (self);
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

static void
ic_hypothesis_board_map (GtkWidget *widget)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (widget);

  GTK_WIDGET_CLASS (ic_hypothesis_board_parent_class)->map (widget);
  /* Not in the key that shows the board either (Ctrl+Enter): soon after. */
  if (self->seen_pending)
    {
      self->seen_pending = FALSE;
      find_seen_soon (self);
    }
}

/* GObject ----------------------------------------------------------------- */

static void
ic_hypothesis_board_dispose (GObject *object)
{
  IcHypothesisBoard *self = IC_HYPOTHESIS_BOARD (object);

  if (self->store != NULL && self->incident != NULL)
    watch (self, FALSE);
  cancel_seen (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_HYPOTHESIS_BOARD);
  g_clear_object (&self->seen);
  g_clear_object (&self->confirm_hypothesis);
  g_clear_object (&self->shown_suggestions);
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
  widget_class->map = ic_hypothesis_board_map;

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
  gtk_widget_class_install_action (widget_class, "board.likelihood", "s", likelihood_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "board.likelihood", "s", "likely");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "board.likelihood", "s", "possible");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "board.likelihood", "s", "wild-card");
  gtk_widget_class_install_action (widget_class, "board.move", "(xi)", move_action);
  gtk_widget_class_install_action (widget_class, "board.shift", "(xi)", shift_action);
  gtk_widget_class_install_action (widget_class, "board.status", "(xs)", status_action);
  gtk_widget_class_install_action (widget_class, "board.evidence", "(xss)", evidence_action);
  gtk_widget_class_install_action (widget_class, "board.override", "s", override_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hypothesis-board");

  g_type_ensure (IC_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-hypothesis-board.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcHypothesisBoard, name)
  BIND (scrolled);
  BIND (next_step);
  BIND (next_step_label);
  BIND (text_entry);
  BIND (likelihood_dropdown);
  BIND (command_entry);
  BIND (add_error);
  BIND (cards);
  BIND (suggestion_group);
  BIND (suggestion_list);
  BIND (seen_group);
  BIND (seen_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, add_from_form);
  gtk_widget_class_bind_template_callback (widget_class, check_command_entry);
  gtk_widget_class_bind_template_callback (widget_class, override_clicked_cb);
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
  load_suggestions (self);
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  ic_accessible_name_drop_down (GTK_DROP_DOWN (self->likelihood_dropdown), _("Likelihood"));
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
  gtk_widget_set_visible (self->seen_group, FALSE);
  /* Past incidents like this one are looked for when the board is shown,
   * with the words the incident has by then: a new incident is set here
   * in the key that creates it (Ctrl+N), titled "New incident", while the
   * breathing pause is what shows, and the look-up ran then, its thread
   * beside that key's frame. The previous incident's are gone at once,
   * and its look-up under way with them. */
  cancel_seen (self);
  if (self->seen != NULL)
    {
      gtk_list_box_bind_model (GTK_LIST_BOX (self->seen_list), NULL, NULL, NULL, NULL);
      g_clear_object (&self->seen);
    }
  self->seen_pending = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->seen_pending)
    find_seen (self);
}

gboolean
ic_hypothesis_board_get_ready (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), FALSE);
  return self->incident != NULL && ic_store_get_hypotheses_ready (self->store, self->incident);
}

/**
 * ic_hypothesis_board_get_suggestions:
 *
 * Returns: (transfer none) (nullable): the starting points shown (IcSuggestion),
 *   %NULL without an incident
 */
GListModel *
ic_hypothesis_board_get_suggestions (IcHypothesisBoard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_BOARD (self), NULL);
  return self->shown_suggestions;
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
