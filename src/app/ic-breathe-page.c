/* ic-breathe-page.c — stop, breathe: the calm first page of a new incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-breathe-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-breath-guide.h"
#include "ic-breathe-page.h"
#include "ic-time-input.h"
#include "ic-wrap-layout.h"

struct _IcBreathePage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore       *store;
  IcIncident    *incident;

  /* Template widgets */
  GtkLabel      *alert_title_label;
  GtkLabel      *alert_time_label;
  IcBreathGuide *guide;
  GtkLabel      *guide_label;
  GtkButton     *skip_button;
  GtkButton     *continue_button;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_INCIDENT,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcBreathePage, ic_breathe_page, GTK_TYPE_WIDGET)

/* Records the outcome once: on the incident (autosaved) and the timeline. */
static void
record (IcBreathePage  *self,
        IcBreatheState  outcome)
{
  IcClock *clock = ic_store_get_clock (self->store);
  gint64 elapsed = ic_breath_guide_get_elapsed (self->guide);
  int seconds = (int) (elapsed / G_USEC_PER_SEC);
  g_autofree char *text = NULL;
  IcTimelineEvent *event;
  int state = IC_BREATHE_STATE_PENDING;

  g_object_get (self->incident, "breathe-state", &state, NULL);
  if (state != IC_BREATHE_STATE_PENDING)
    return;
  g_object_set (self->incident, "breathe-state", (int) outcome, "breathe-ended-at",
                ic_clock_get_now (clock), NULL);
  if (outcome == IC_BREATHE_STATE_COMPLETED)
    text = g_strdup_printf (_("Breathing completed after %d s"), seconds);
  else
    text = g_strdup_printf (_("Breathing skipped after %d s"), seconds);
  event = ic_store_add_timeline_event (self->store, self->incident, "breathe", text,
                                       ic_breathe_state_to_string (outcome), NULL);
  g_clear_object (&event);
}

static void
update_texts (IcBreathePage *self)
{
  IcClock *clock = ic_store_get_clock (self->store);
  g_autofree char *when = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *line = NULL;
  gint64 alert_time, now;

  if (self->incident == NULL)
    return;
  now = ic_clock_get_now (clock);
  alert_time = ic_incident_get_alert_time (self->incident);
  when = ic_time_format_local (alert_time, now, NULL);
  ago = ic_time_format_ago (alert_time, now);
  /* Translators: "Alert at 07:58:12 · 3 min ago" */
  line = g_strdup_printf (_("Alert at %s · %s"), when, ago);
  gtk_label_set_label (self->alert_title_label, ic_incident_get_title (self->incident));
  gtk_label_set_label (self->alert_time_label, line);
}

static void
guide_text_notify_cb (IcBreathePage *self)
{
  gtk_label_set_label (self->guide_label, ic_breath_guide_get_text (self->guide));
}

/* Continue takes the keyboard from Skip as it replaces it, not from where
 * the responder has gone since (the sidebar, the search). */
static void
guide_finished_cb (IcBreathePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus == NULL || focus == GTK_WIDGET (self)
                       || gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  record (self, IC_BREATHE_STATE_COMPLETED);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

static void
skip_clicked_cb (IcBreathePage *self)
{
  ic_breathe_page_skip (self);
}

static gboolean
skip_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  ic_breathe_page_skip (IC_BREATHE_PAGE (widget));
  return TRUE;
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ic_breathe_page_skip (IC_BREATHE_PAGE (widget));
}

static void
continue_clicked_cb (IcBreathePage *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

static void
ic_breathe_page_dispose (GObject *object)
{
  IcBreathePage *self = IC_BREATHE_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_BREATHE_PAGE);
  /* A bin: the template's root is our only child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_breathe_page_parent_class)->dispose (object);
}

static void
ic_breathe_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcBreathePage *self = IC_BREATHE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_breathe_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IcBreathePage *self = IC_BREATHE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      if (self->store != NULL)
        ic_breath_guide_set_clock (self->guide, ic_store_get_clock (self->store));
      break;
    case PROP_INCIDENT:
      ic_breathe_page_set_incident (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_breathe_page_class_init (IcBreathePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_breathe_page_dispose;
  object_class->get_property = ic_breathe_page_get_property;
  object_class->set_property = ic_breathe_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, IC_TYPE_INCIDENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcBreathePage::done:
   *
   * The responder is ready for the three facts: the breaths were completed
   * (and Continue pressed) or skipped. The outcome is already recorded.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (IC_TYPE_BREATH_GUIDE);
  g_type_ensure (IC_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-breathe-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, alert_title_label);
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, alert_time_label);
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, guide);
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, guide_label);
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, skip_button);
  gtk_widget_class_bind_template_child (widget_class, IcBreathePage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, guide_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, skip_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, skip_shortcut_cb, NULL);
  gtk_widget_class_install_action (widget_class, "breathe.skip", NULL, skip_action);
}

static void
ic_breathe_page_init (IcBreathePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  g_signal_connect_object (self->guide, "notify::text", G_CALLBACK (guide_text_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
ic_breathe_page_new (IcStore *store)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_BREATHE_PAGE, "store", store, NULL);
}

void
ic_breathe_page_set_rhythm (IcBreathePage *self,
                            guint          in_seconds,
                            guint          out_seconds,
                            guint          count)
{
  g_return_if_fail (IC_IS_BREATHE_PAGE (self));
  ic_breath_guide_set_rhythm (self->guide, in_seconds, out_seconds, count);
}

IcIncident *
ic_breathe_page_get_incident (IcBreathePage *self)
{
  g_return_val_if_fail (IC_IS_BREATHE_PAGE (self), NULL);
  return self->incident;
}

/**
 * ic_breathe_page_set_incident:
 *
 * Shows @incident's alert; call ic_breathe_page_start() to begin.
 */
void
ic_breathe_page_set_incident (IcBreathePage *self,
                              IcIncident    *incident)
{
  g_return_if_fail (IC_IS_BREATHE_PAGE (self));

  if (!g_set_object (&self->incident, incident))
    return;
  ic_breath_guide_stop (self->guide);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), FALSE);
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
}

void
ic_breathe_page_start (IcBreathePage *self)
{
  g_return_if_fail (IC_IS_BREATHE_PAGE (self));
  g_return_if_fail (self->incident != NULL);

  update_texts (self);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), FALSE);
  ic_breath_guide_start (self->guide);
  gtk_widget_grab_focus (GTK_WIDGET (self->skip_button));
}

/**
 * ic_breathe_page_skip:
 *
 * Skips the rest of the pause (recorded with how long it lasted) and
 * emits #IcBreathePage::done.
 */
void
ic_breathe_page_skip (IcBreathePage *self)
{
  g_return_if_fail (IC_IS_BREATHE_PAGE (self));

  if (self->incident == NULL)
    return;
  ic_breath_guide_stop (self->guide);
  record (self, IC_BREATHE_STATE_SKIPPED);
  g_signal_emit (self, signals[DONE], 0);
}

const char *
ic_breathe_page_get_guide_text (IcBreathePage *self)
{
  g_return_val_if_fail (IC_IS_BREATHE_PAGE (self), NULL);
  return ic_breath_guide_get_text (self->guide);
}
