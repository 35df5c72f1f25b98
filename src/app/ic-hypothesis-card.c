/* ic-hypothesis-card.c — one ranked hypothesis on the board: its test
 * command, its evidence for and against, its status
 *
 * The card shows its IcHypothesis and the evidence model it is given, and
 * asks the board for every change through actions: board.status((xs)),
 * board.evidence((xss)), board.move((xi)) when a card is dropped on it,
 * board.shift((xi)) for Alt+Up / Alt+Down. It never touches the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-hypothesis-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-evidence-row.h"
#include "ic-hypothesis-card.h"
#include "ic-wrap-layout.h"

struct _IcHypothesisCard
{
  GtkWidget parent_instance;

  /* Owned */
  IcHypothesis *hypothesis;
  GListModel   *evidence;

  /* Template widgets */
  GtkLabel     *rank_label;
  GtkLabel     *text_label;
  GtkWidget    *likelihood_tag;
  GtkWidget    *likelihood_icon;
  GtkLabel     *likelihood_label;
  GtkWidget    *status_tag;
  GtkImage     *status_icon;
  GtkLabel     *status_label;
  GtkLabel     *command_label;
  GtkWidget    *copy_button;
  GtkWidget    *warning_box;
  GtkLabel     *warning_label;
  GtkListBox   *for_list;      /* the evidence for, as the store's list filtered */
  GtkListBox   *against_list;
  GtkDropDown  *stance_dropdown;
  GtkEntry     *evidence_entry;
  GtkWidget    *testing_button;
  GtkWidget    *confirm_button;
  GtkWidget    *refute_button;
};

enum {
  PROP_0,
  PROP_HYPOTHESIS,
  PROP_EVIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcHypothesisCard, ic_hypothesis_card, GTK_TYPE_WIDGET)

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
copy_clicked_cb (IcHypothesisCard *self)
{
  /* The app never runs a test command: it copies it, exactly as written,
   * direction marks included; the card shows them and warns. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          ic_hypothesis_get_test_command (self->hypothesis));
}

static void
evidence_activate_cb (IcHypothesisCard *self)
{
  IcStance stance = (IcStance) gtk_drop_down_get_selected (self->stance_dropdown);

  gtk_widget_activate_action (GTK_WIDGET (self), "board.evidence", "(xss)",
                              ic_hypothesis_get_id (self->hypothesis),
                              ic_stance_to_string (stance),
                              gtk_editable_get_text (GTK_EDITABLE (self->evidence_entry)));
}

static gboolean
shift_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  IcHypothesisCard *self = IC_HYPOTHESIS_CARD (widget);

  gtk_widget_activate_action (widget, "board.shift", "(xi)",
                              ic_hypothesis_get_id (self->hypothesis),
                              g_variant_get_int32 (args));
  return TRUE;
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource    *source,
                 double            x,
                 double            y,
                 IcHypothesisCard *self)
{
  return gdk_content_provider_new_typed (G_TYPE_INT64, ic_hypothesis_get_id (self->hypothesis));
}

/* A card dropped on this one takes its rank. */
static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         IcHypothesisCard *self)
{
  if (!G_VALUE_HOLDS_INT64 (value)
      || g_value_get_int64 (value) == ic_hypothesis_get_id (self->hypothesis))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "board.move", "(xi)",
                                     g_value_get_int64 (value),
                                     ic_hypothesis_get_rank (self->hypothesis));
}

static gboolean
has_stance (gpointer item,
            gpointer user_data)
{
  return ic_evidence_get_stance (IC_EVIDENCE (item)) == (IcStance) GPOINTER_TO_INT (user_data);
}

static GtkWidget *
create_evidence_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), ic_evidence_row_new (IC_EVIDENCE (item)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The text is selectable, and so a stop for Tab; the row is not another. */
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

/* The evidence of one stance, as it is added, newest last; the list's
 * placeholder says "None yet". */
static void
bind_evidence (IcHypothesisCard *self,
               GtkListBox       *list,
               IcStance          stance)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (has_stance, GINT_TO_POINTER (stance), NULL);
  g_autoptr(GtkFilterListModel) shown = NULL;

  shown = gtk_filter_list_model_new (self->evidence ? g_object_ref (self->evidence) : NULL,
                                     GTK_FILTER (filter));
  gtk_list_box_bind_model (list, G_LIST_MODEL (shown), create_evidence_row, NULL, NULL);
}

static void
ic_hypothesis_card_dispose (GObject *object)
{
  IcHypothesisCard *self = IC_HYPOTHESIS_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_HYPOTHESIS_CARD);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->hypothesis);
  g_clear_object (&self->evidence);

  G_OBJECT_CLASS (ic_hypothesis_card_parent_class)->dispose (object);
}

static void
ic_hypothesis_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IcHypothesisCard *self = IC_HYPOTHESIS_CARD (object);

  switch (prop_id)
    {
    case PROP_HYPOTHESIS:
      g_value_set_object (value, self->hypothesis);
      break;
    case PROP_EVIDENCE:
      g_value_set_object (value, self->evidence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_hypothesis_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IcHypothesisCard *self = IC_HYPOTHESIS_CARD (object);

  switch (prop_id)
    {
    case PROP_HYPOTHESIS:
      self->hypothesis = g_value_dup_object (value);
      break;
    case PROP_EVIDENCE:
      self->evidence = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_hypothesis_card_constructed (GObject *object)
{
  IcHypothesisCard *self = IC_HYPOTHESIS_CARD (object);
  const char *raw;
  g_autofree char *rank = NULL;
  g_autofree char *visible = NULL;
  gboolean marked = FALSE;
  IcLikelihood likelihood;
  IcHypothesisStatus status;
  gint64 id;

  G_OBJECT_CLASS (ic_hypothesis_card_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_HYPOTHESIS (self->hypothesis));

  id = ic_hypothesis_get_id (self->hypothesis);
  likelihood = ic_hypothesis_get_likelihood (self->hypothesis);
  status = ic_hypothesis_get_status (self->hypothesis);
  rank = g_strdup_printf ("#%d", ic_hypothesis_get_rank (self->hypothesis));
  gtk_label_set_label (self->rank_label, rank);
  gtk_label_set_label (self->text_label, ic_hypothesis_get_text (self->hypothesis));
  gtk_label_set_label (self->likelihood_label, ic_likelihood_get_label (likelihood));
  gtk_widget_set_visible (self->likelihood_icon, likelihood == IC_LIKELIHOOD_WILD_CARD);
  gtk_widget_add_css_class (self->likelihood_tag, likelihood == IC_LIKELIHOOD_WILD_CARD
                                                    ? "wild-card" : "likelihood");
  gtk_label_set_label (self->status_label, ic_hypothesis_status_get_label (status));
  gtk_image_set_from_icon_name (self->status_icon, status_icon (status));
  gtk_widget_add_css_class (self->status_tag, ic_hypothesis_status_to_string (status));

  /* The command as a shell reads it: direction marks as code points. */
  raw = ic_hypothesis_get_test_command (self->hypothesis);
  visible = ic_hypothesis_make_test_command_visible (raw, &marked);
  gtk_label_set_label (self->command_label, *raw ? visible : _("No test command"));
  gtk_widget_set_sensitive (self->copy_button, *raw != '\0');
  gtk_widget_set_visible (self->warning_box, marked);

  bind_evidence (self, self->for_list, IC_STANCE_FOR);
  bind_evidence (self, self->against_list, IC_STANCE_AGAINST);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->testing_button), "(xs)", id,
                                    "testing");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "(xs)", id,
                                    "confirmed");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->refute_button), "(xs)", id,
                                    "refuted");
}

static void
ic_hypothesis_card_class_init (IcHypothesisCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_hypothesis_card_dispose;
  object_class->constructed = ic_hypothesis_card_constructed;
  object_class->get_property = ic_hypothesis_card_get_property;
  object_class->set_property = ic_hypothesis_card_set_property;

  properties[PROP_HYPOTHESIS] =
    g_param_spec_object ("hypothesis", NULL, NULL, IC_TYPE_HYPOTHESIS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVIDENCE] =
    g_param_spec_object ("evidence", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IC_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-hypothesis-card.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcHypothesisCard, name)
  BIND (rank_label);
  BIND (text_label);
  BIND (likelihood_tag);
  BIND (likelihood_icon);
  BIND (likelihood_label);
  BIND (status_tag);
  BIND (status_icon);
  BIND (status_label);
  BIND (command_label);
  BIND (copy_button);
  BIND (warning_box);
  BIND (for_list);
  BIND (against_list);
  BIND (warning_label);
  BIND (stance_dropdown);
  BIND (evidence_entry);
  BIND (testing_button);
  BIND (confirm_button);
  BIND (refute_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, evidence_activate_cb);
  /* Re-ranking by keyboard, while focus is in the card. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, shift_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, shift_cb, "i", 1);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ic_hypothesis_card_init (IcHypothesisCard *self)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  ic_accessible_name_drop_down (self->stance_dropdown, _("For or against"));
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (drag_prepare_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * ic_hypothesis_card_new:
 * @evidence: (nullable): the hypothesis's evidence, from the store
 */
GtkWidget *
ic_hypothesis_card_new (IcHypothesis *hypothesis,
                        GListModel   *evidence)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS (hypothesis), NULL);
  return g_object_new (IC_TYPE_HYPOTHESIS_CARD, "hypothesis", hypothesis, "evidence", evidence,
                       NULL);
}

IcHypothesis *
ic_hypothesis_card_get_hypothesis (IcHypothesisCard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_CARD (self), NULL);
  return self->hypothesis;
}

/* The test command as the card shows it (direction marks as ⟨U+…⟩). */
const char *
ic_hypothesis_card_get_command_text (IcHypothesisCard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_CARD (self), NULL);
  return gtk_label_get_label (self->command_label);
}

/**
 * ic_hypothesis_card_get_command_warning:
 *
 * Returns: (nullable): the warning under the test command, when it holds
 *   direction marks or control characters
 */
const char *
ic_hypothesis_card_get_command_warning (IcHypothesisCard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_CARD (self), NULL);
  return gtk_widget_get_visible (self->warning_box) ? gtk_label_get_label (self->warning_label)
                                                    : NULL;
}

/* How many pieces of evidence of @stance the card lists. */
guint
ic_hypothesis_card_get_n_evidence (IcHypothesisCard *self,
                                   IcStance          stance)
{
  GtkListBoxRow *row;
  GtkListBox *list;
  guint n = 0;

  g_return_val_if_fail (IC_IS_HYPOTHESIS_CARD (self), 0);

  list = stance == IC_STANCE_FOR ? self->for_list : self->against_list;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    n += IC_IS_EVIDENCE_ROW (gtk_list_box_row_get_child (row));
  return n;
}

/* "Hypothesis 1: the pool is exhausted, Likely, Testing", for screen readers. */
char *
ic_hypothesis_card_dup_summary (IcHypothesisCard *self)
{
  g_return_val_if_fail (IC_IS_HYPOTHESIS_CARD (self), NULL);
  return g_strdup_printf (_("Hypothesis %d: %s, %s, %s"),
                          ic_hypothesis_get_rank (self->hypothesis),
                          ic_hypothesis_get_text (self->hypothesis),
                          ic_likelihood_get_label (ic_hypothesis_get_likelihood (self->hypothesis)),
                          ic_hypothesis_status_get_label (ic_hypothesis_get_status (
                                                            self->hypothesis)));
}
