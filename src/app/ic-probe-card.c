/* ic-probe-card.c — one probe on the dashboard: its state, its results,
 * and what can be done with it
 *
 * The card shows what the dashboard tells it (ic_probe_card_show_*) and
 * asks for what the user does through the dashboard's actions:
 * probes.open-editor(x), probes.remove(x), probes.keep((xb)) and
 * probes.attach((xxs)). It never touches the store or the scheduler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-store-drills.h"
#include "ic-hypothesis.h"
#include "ic-probe-card.h"
#include "ic-probe-node-table.h"
#include "ic-redact.h"
#include "ic-sparkline.h"

struct _IcProbeCard
{
  GtkWidget parent_instance;

  /* Owned */
  IcProbeRecord *record;
  GListModel    *hypotheses;      /* (nullable): where evidence can go */
  int            state;
  char          *state_text;
  char          *target;
  char          *numbers;
  char          *detail;
  char          *kept_text;
  char          *keyring_problem; /* (nullable): why a secret of it is missing */
  char          *last_summary;
  gint64         last_sample_id;
  gboolean       kept;
  gboolean       updating;

  /* Template widgets */
  GtkImage      *state_icon;
  GtkLabel      *name_label;
  GtkMenuButton *evidence_menu;
  GtkToggleButton *keep_button;
  GtkButton     *edit_button;
  GtkButton     *remove_button;
  IcSparkline   *sparkline;
  IcProbeNodeTable *node_table;
};

enum {
  PROP_0,
  PROP_RECORD,
  PROP_STATE,
  PROP_STATE_TEXT,
  PROP_TARGET,
  PROP_NUMBERS,
  PROP_DETAIL,
  PROP_KEPT,
  PROP_KEPT_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcProbeCard, ic_probe_card, GTK_TYPE_WIDGET)

static const char * const state_classes[] = { "probe-ok", "probe-degraded", "probe-failing",
                                               "probe-error" };

static const char *
state_icon (int state)
{
  switch (state)
    {
    case IC_PROBE_STATE_OK:
      return "emblem-ok-symbolic";
    case IC_PROBE_STATE_DEGRADED:
      return "dialog-warning-symbolic";
    case IC_PROBE_STATE_FAILING:
      return "dialog-error-symbolic";
    case IC_PROBE_STATE_ERROR:
      return "network-error-symbolic";
    default:
      return "content-loading-symbolic";
    }
}

static void
set_string (IcProbeCard  *self,
            char        **field,
            const char   *value,
            int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state_text (IcProbeCard *self,
                const char  *text,
                const char  *icon)
{
  g_autofree char *a11y = NULL;

  set_string (self, &self->state_text, text, PROP_STATE_TEXT);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  /* A screen reader hears the state with the probe's name, not a colour.
   * Translators: a probe card as a screen reader reads it, e.g.
   * "checkout health: Failing" */
  a11y = g_strdup_printf (_("%s: %s"), ic_probe_record_get_name (self->record), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/* The detail line: the last error or detail, verbatim, after a keyring
 * problem if there is one. */
static void
show_detail (IcProbeCard *self,
             const char  *detail)
{
  g_autofree char *both = NULL;

  if (self->keyring_problem != NULL)
    both = g_strconcat (self->keyring_problem, "\n", detail, NULL);
  set_string (self, &self->detail, both ? both : detail, PROP_DETAIL);
}

/* The evidence menu, built each time it opens so that it shows the
 * hypotheses as they are then: a section per hypothesis, headed by its
 * text, with For and Against asking probes.attach(probe, hypothesis,
 * stance). */
static void
fill_evidence_menu (GtkMenuButton *menu_button,
                    gpointer       user_data)
{
  IcProbeCard *self = user_data;
  g_autoptr(GMenu) menu = g_menu_new ();
  guint n = self->hypotheses ? g_list_model_get_n_items (self->hypotheses) : 0;
  const char *names[] = { _("For"), _("Against") };
  GtkPopover *popover;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (self->hypotheses, i);
      g_autoptr(GMenu) section = g_menu_new ();

      for (int stance = IC_STANCE_FOR; stance <= IC_STANCE_AGAINST; stance++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (names[stance], NULL);

          g_menu_item_set_action_and_target (item, "probes.attach", "(xxs)",
                                             ic_probe_record_get_id (self->record),
                                             ic_hypothesis_get_id (hypothesis),
                                             ic_stance_to_string ((IcStance) stance));
          g_menu_append_item (section, item);
        }
      g_menu_append_section (menu, ic_hypothesis_get_text (hypothesis), G_MENU_MODEL (section));
    }
  /* An action no one has: the item is shown, insensitive. */
  if (n == 0)
    g_menu_append (menu, _("No hypotheses yet"), "probes.no-hypotheses");
  /* The popover made the first time takes each new menu: a popover
   * replaced at each opening is let go while GTK 4.8's tooltip can still
   * hold it, and a tooltip timed on it then reads a surface it no longer
   * has (a GDK critical). */
  popover = gtk_menu_button_get_popover (menu_button);
  if (GTK_IS_POPOVER_MENU (popover))
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (popover), G_MENU_MODEL (menu));
  else
    gtk_menu_button_set_menu_model (menu_button, G_MENU_MODEL (menu));
}

static void
keep_toggled_cb (IcProbeCard *self)
{
  gboolean wanted = gtk_toggle_button_get_active (self->keep_button);

  if (self->updating)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "probes.keep", "(xb)",
                              ic_probe_record_get_id (self->record), wanted);
  /* Refused or not, the button shows what is kept. */
  if (gtk_toggle_button_get_active (self->keep_button) != self->kept)
    {
      self->updating = TRUE;
      gtk_toggle_button_set_active (self->keep_button, self->kept);
      self->updating = FALSE;
    }
}

static void
ic_probe_card_dispose (GObject *object)
{
  IcProbeCard *self = IC_PROBE_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_PROBE_CARD);
  /* GTK 4.8 leaves the template's unnamed children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->record);
  g_clear_object (&self->hypotheses);

  G_OBJECT_CLASS (ic_probe_card_parent_class)->dispose (object);
}

static void
ic_probe_card_finalize (GObject *object)
{
  IcProbeCard *self = IC_PROBE_CARD (object);

  g_free (self->state_text);
  g_free (self->target);
  g_free (self->numbers);
  g_free (self->detail);
  g_free (self->kept_text);
  g_free (self->keyring_problem);
  g_free (self->last_summary);

  G_OBJECT_CLASS (ic_probe_card_parent_class)->finalize (object);
}

static void
ic_probe_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IcProbeCard *self = IC_PROBE_CARD (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATE_TEXT:
      g_value_set_string (value, self->state_text);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_NUMBERS:
      g_value_set_string (value, self->numbers);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_KEPT:
      g_value_set_boolean (value, self->kept);
      break;
    case PROP_KEPT_TEXT:
      g_value_set_string (value, self->kept_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_probe_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IcProbeCard *self = IC_PROBE_CARD (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      self->record = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_probe_card_constructed (GObject *object)
{
  IcProbeCard *self = IC_PROBE_CARD (object);
  g_autofree char *edit_label = NULL;
  gint64 id;

  G_OBJECT_CLASS (ic_probe_card_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_PROBE_RECORD (self->record));

  id = ic_probe_record_get_id (self->record);
  /* The target as shown: its secrets are ***. */
  if (ic_probe_record_get_spec (self->record) != NULL
      && g_str_has_prefix (ic_probe_record_get_spec (self->record), IC_DRILL_PROBE_SCHEME "://"))
    /* A drill's: what the scenario shows, never contacted. */
    self->target = ic_drill_probe_dup_target (ic_probe_record_get_spec (self->record));
  else
    self->target = ic_redact_target (ic_probe_record_get_spec (self->record));
  g_object_notify_by_pspec (object, properties[PROP_TARGET]);
  gtk_label_set_label (self->name_label, ic_probe_record_get_name (self->record));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "x", id);
  /* Translators: tooltip of a probe card's edit button; %s is the probe's name */
  edit_label = g_strdup_printf (_("Edit probe “%s”"), ic_probe_record_get_name (self->record));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  ic_probe_card_show_state (self, IC_PROBE_CARD_WAITING);
  ic_probe_card_show_kept (self, NULL, FALSE);
}

static void
ic_probe_card_class_init (IcProbeCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ic_probe_card_dispose;
  object_class->finalize = ic_probe_card_finalize;
  object_class->constructed = ic_probe_card_constructed;
  object_class->get_property = ic_probe_card_get_property;
  object_class->set_property = ic_probe_card_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, IC_TYPE_PROBE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, IC_PROBE_CARD_WAITING, IC_PROBE_STATE_ERROR,
                      IC_PROBE_CARD_WAITING, ro);
  properties[PROP_STATE_TEXT] = g_param_spec_string ("state-text", NULL, NULL, NULL, ro);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, ro);
  properties[PROP_NUMBERS] = g_param_spec_string ("numbers", NULL, NULL, NULL, ro);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, ro);
  properties[PROP_KEPT] = g_param_spec_boolean ("kept", NULL, NULL, FALSE, ro);
  properties[PROP_KEPT_TEXT] = g_param_spec_string ("kept-text", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IC_TYPE_SPARKLINE);
  g_type_ensure (IC_TYPE_PROBE_NODE_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-probe-card.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcProbeCard, name)
  BIND (state_icon);
  BIND (name_label);
  BIND (evidence_menu);
  BIND (keep_button);
  BIND (edit_button);
  BIND (remove_button);
  BIND (sparkline);
  BIND (node_table);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, keep_toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ic_probe_card_init (IcProbeCard *self)
{
  self->state = IC_PROBE_CARD_WAITING;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->evidence_menu, fill_evidence_menu, self, NULL);
}

GtkWidget *
ic_probe_card_new (IcProbeRecord *record)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), NULL);
  return g_object_new (IC_TYPE_PROBE_CARD, "record", record, NULL);
}

IcProbeRecord *
ic_probe_card_get_record (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->record;
}

/**
 * ic_probe_card_set_hypotheses:
 * @hypotheses: (nullable): the incident's hypotheses, offered by "Attach
 *   as Evidence"
 */
void
ic_probe_card_set_hypotheses (IcProbeCard *self,
                              GListModel  *hypotheses)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));
  g_set_object (&self->hypotheses, hypotheses);
}

int
ic_probe_card_get_state (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), IC_PROBE_CARD_WAITING);
  return self->state;
}

const char *
ic_probe_card_get_state_text (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->state_text;
}

const char *
ic_probe_card_get_title (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return gtk_label_get_label (self->name_label);
}

const char *
ic_probe_card_get_target (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->target;
}

const char *
ic_probe_card_get_numbers (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->numbers;
}

const char *
ic_probe_card_get_detail (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->detail ? self->detail : "";
}

gboolean
ic_probe_card_get_kept (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), FALSE);
  return self->kept;
}

/**
 * ic_probe_card_get_kept_text:
 *
 * Returns: (nullable): "Kept for checkout" when the probe is kept for the
 *   incident's service, else %NULL
 */
const char *
ic_probe_card_get_kept_text (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->kept ? self->kept_text : NULL;
}

guint
ic_probe_card_get_history_length (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), 0);
  return ic_sparkline_get_n (self->sparkline);
}

/**
 * ic_probe_card_get_last_summary:
 *
 * Returns: (nullable): the last result in words ("Failing, 3.2 ms: HTTP
 *   503"), what "Attach as Evidence" copies
 */
const char *
ic_probe_card_get_last_summary (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return self->last_summary;
}

gint64
ic_probe_card_get_last_sample_id (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), 0);
  return self->last_sample_id;
}

/* The stored id of the result shown last, once it is stored (the dashboard
 * writes a second's samples at once). */
void
ic_probe_card_set_last_sample_id (IcProbeCard *self,
                                  gint64       id)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));
  self->last_sample_id = id;
}

GtkWidget *
ic_probe_card_get_node_table (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return GTK_WIDGET (self->node_table);
}

GtkWidget *
ic_probe_card_get_keep_button (IcProbeCard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_CARD (self), NULL);
  return GTK_WIDGET (self->keep_button);
}

/**
 * ic_probe_card_show_state:
 * @state: an #IcProbeState, or %IC_PROBE_CARD_WAITING
 *
 * Shows the reported state: icon, word and colour together.
 */
void
ic_probe_card_show_state (IcProbeCard *self,
                          int          state)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));
  g_return_if_fail (state >= IC_PROBE_CARD_WAITING && state <= IC_PROBE_STATE_ERROR);

  set_state_text (self, state < 0 ? _("Waiting for the first check")
                                  : ic_probe_state_get_label ((IcProbeState) state),
                  state_icon (state));
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
  if (state >= 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), state_classes[state]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/**
 * ic_probe_card_show_stopped:
 *
 * A probe that is not to run: one from a file waits for its target to be
 * confirmed (DESIGN.md §9); the card says which.
 */
void
ic_probe_card_show_stopped (IcProbeCard *self)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));

  ic_probe_card_show_state (self, IC_PROBE_CARD_WAITING);
  set_state_text (self, ic_probe_record_get_awaiting_confirmation (self->record)
                          ? _("Stopped until its target is confirmed")
                          : _("Stopped"),
                  "media-playback-pause-symbolic");
}

/* A stored probe that cannot run (its configuration was damaged or came
 * from elsewhere) is an error card that says why. */
void
ic_probe_card_show_error (IcProbeCard *self,
                          const char  *message)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));

  ic_probe_card_show_state (self, IC_PROBE_STATE_ERROR);
  set_string (self, &self->detail, message, PROP_DETAIL);
}

void
ic_probe_card_push_point (IcProbeCard  *self,
                          gint64        latency_us,
                          IcProbeState  state)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));
  ic_sparkline_push (self->sparkline, latency_us / 1000.0,
                     state == IC_PROBE_STATE_FAILING || state == IC_PROBE_STATE_ERROR);
}

/**
 * ic_probe_card_show_result:
 *
 * A result on the card, fresh or read back from the store: the sparkline's
 * newest point, the numbers, the detail, and the sample that "Attach as
 * Evidence" copies.
 */
void
ic_probe_card_show_result (IcProbeCard          *self,
                           const IcStoredSample *sample,
                           IcProbeState          state)
{
  g_autofree char *numbers = NULL;

  g_return_if_fail (IC_IS_PROBE_CARD (self));
  g_return_if_fail (sample != NULL);

  ic_probe_card_push_point (self, sample->latency_us, state);
  self->last_sample_id = sample->id;
  g_free (self->last_summary);
  self->last_summary = g_strdup_printf ("%s, %.1f ms: %s", ic_probe_state_get_label (state),
                                        sample->latency_us / 1000.0, sample->detail);
  numbers = sample->has_value
              ? g_strdup_printf (_("%.1f ms · value %g"), sample->latency_us / 1000.0,
                                 sample->value)
              : g_strdup_printf (_("%.1f ms"), sample->latency_us / 1000.0);
  set_string (self, &self->numbers, numbers, PROP_NUMBERS);
  /* The last error, verbatim; the last detail when all is well. */
  show_detail (self, sample->detail);
  gtk_widget_set_sensitive (GTK_WIDGET (self->evidence_menu), TRUE);
}

/* A fresh sample's per-node figures (a Redis cluster's), in the table. */
void
ic_probe_card_show_sample (IcProbeCard         *self,
                           const IcProbeSample *sample)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));
  ic_probe_node_table_show_sample (self->node_table, sample);
}

/**
 * ic_probe_card_set_keyring_problem:
 * @problem: (nullable): why a secret of the probe is missing
 *
 * Shown on the detail line, and ahead of every result's detail after it.
 */
void
ic_probe_card_set_keyring_problem (IcProbeCard *self,
                                   const char  *problem)
{
  g_return_if_fail (IC_IS_PROBE_CARD (self));

  g_free (self->keyring_problem);
  self->keyring_problem = g_strdup (problem);
  if (problem != NULL)
    set_string (self, &self->detail, problem, PROP_DETAIL);
}

/**
 * ic_probe_card_show_kept:
 * @service: (nullable): the incident's service, if it has one
 * @kept: whether the service keeps this probe
 *
 * The bookmark toggle's state, and the same in words: a pressed button
 * alone is easy to miss.
 */
void
ic_probe_card_show_kept (IcProbeCard *self,
                         const char  *service,
                         gboolean     kept)
{
  gboolean awaiting;
  g_autofree char *tooltip = NULL;
  g_autofree char *words = NULL;

  g_return_if_fail (IC_IS_PROBE_CARD (self));

  awaiting = ic_probe_record_get_awaiting_confirmation (self->record);
  kept = kept && service != NULL;
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->keep_button, kept);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_button), service != NULL && !awaiting);
  if (service == NULL)
    tooltip = g_strdup (_("Name the incident’s service to keep probes for it"));
  else if (awaiting)
    tooltip = g_strdup (_("Start the probes from the file before keeping one"));
  else if (kept)
    /* Translators: %s is a service, e.g. "checkout" */
    tooltip = g_strdup_printf (_("Stop offering this probe to new %s incidents"), service);
  else
    /* Translators: %s is a service, e.g. "checkout" */
    tooltip = g_strdup_printf (_("Keep this probe for every %s incident"), service);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->keep_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->keep_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->keep_button), GTK_ACCESSIBLE_STATE_PRESSED,
                               kept ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                    : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  if (kept)
    /* Translators: beside a probe's target; %s is a service */
    words = g_strdup_printf (_("Kept for %s"), service);
  set_string (self, &self->kept_text, words, PROP_KEPT_TEXT);
  if (self->kept != kept)
    {
      self->kept = kept;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT]);
    }
}
