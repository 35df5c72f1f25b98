/* ic-breath-guide.c — the animated breathing guide, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-breath-guide"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ic-breath-guide.h"

/* How often the text countdown is refreshed; the circle itself follows the
 * frame clock when animations are enabled, redrawn only when its edge has
 * moved by a pixel. */
#define TEXT_REFRESH_MS 100

struct _IcBreathGuide
{
  GtkWidget parent_instance;

  /* Owned */
  IcClock *clock;
  char    *text;

  guint    in_seconds;
  guint    out_seconds;
  guint    count;
  gint64   started_at;   /* monotonic µs; 0 when not running */
  gint64   stopped_elapsed;
  guint    refresh_id;
  guint    tick_id;
  gulong   advanced_id;
  gboolean finished;
  float    drawn_radius; /* the inner circle's, as last drawn; < 0 before */
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_RUNNING,
  PROP_ANIMATED,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IcBreathGuide, ic_breath_guide, GTK_TYPE_WIDGET)

/**
 * ic_breath_guide_get_animated:
 *
 * Returns: %FALSE when the desktop asks for reduced motion; the guide then
 *   shows a text countdown and a still circle
 */
gboolean
ic_breath_guide_get_animated (IcBreathGuide *self)
{
  gboolean enabled = TRUE;

  g_return_val_if_fail (IC_IS_BREATH_GUIDE (self), FALSE);

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled,
                NULL);
  return enabled;
}

static char *
describe_state (const IcBreathState *state,
                guint                count)
{
  int seconds = (int) ((state->phase_left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  switch (state->phase)
    {
    case IC_BREATH_PHASE_IN:
      /* Translators: the breathing guide's countdown, e.g. "Breathe in · 3" */
      return g_strdup_printf (_("Breathe in · %d"), seconds);
    case IC_BREATH_PHASE_OUT:
      return g_strdup_printf (_("Breathe out · %d"), seconds);
    case IC_BREATH_PHASE_DONE:
    default:
      return g_strdup (_("Done. Now write down what you know."));
    }
}

/* The inner circle's radius, in whole device pixels: what a frame would
 * draw now. */
static float
inner_radius (IcBreathGuide *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  float max_r = MIN (gtk_widget_get_width (widget), gtk_widget_get_height (widget)) / 2.0f;
  int scale = gtk_widget_get_scale_factor (widget);
  IcBreathState state;
  double radius;

  ic_breath_guide_get_state (self, &state);
  /* Reduced motion: a still circle; the countdown text does the guiding. */
  radius = ic_breath_guide_get_animated (self) ? ic_breathing_get_radius (&state) : 0.7;
  return roundf (max_r * (float) radius * (float) scale) / (float) scale;
}

/* A frame only when the circle's edge has moved. A breath's circle moves
 * by 11 to 28 px a second: redrawn at each of the frame clock's 60 frames,
 * most frames drew what the one before had, and each kept the next frame
 * (a key's, Escape's) waiting for its turn (#14). */
static void
redraw_if_moved (IcBreathGuide *self)
{
  if (inner_radius (self) != self->drawn_radius)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update (IcBreathGuide *self)
{
  IcBreathState state;
  g_autofree char *text = NULL;

  ic_breath_guide_get_state (self, &state);
  text = describe_state (&state, self->count);
  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->text, -1);
    }
  redraw_if_moved (self);

  if (state.phase == IC_BREATH_PHASE_DONE && !self->finished && self->started_at != 0)
    {
      self->finished = TRUE;
      ic_breath_guide_stop (self);
      g_signal_emit (self, signals[FINISHED], 0);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (IC_BREATH_GUIDE (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  redraw_if_moved (IC_BREATH_GUIDE (widget));
  return G_SOURCE_CONTINUE;
}

static void
clock_advanced_cb (IcClock       *clock,
                   gint64         delta,
                   IcBreathGuide *self)
{
  if (self->started_at != 0)
    update (self);
}

static void
append_circle (GtkSnapshot    *snapshot,
               float           cx,
               float           cy,
               float           r,
               const GdkRGBA  *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r),
                                   r);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r));
  gtk_snapshot_pop (snapshot);
}

static void
ic_breath_guide_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  IcBreathGuide *self = IC_BREATH_GUIDE (widget);
  /* GNOME blue 3, as the accent colour of libadwaita 1.2 */
  const GdkRGBA outer = { 0.208f, 0.518f, 0.894f, 0.15f };
  const GdkRGBA inner = { 0.208f, 0.518f, 0.894f, 0.85f };
  float w = (float) gtk_widget_get_width (widget);
  float h = (float) gtk_widget_get_height (widget);

  self->drawn_radius = inner_radius (self);
  append_circle (snapshot, w / 2, h / 2, MIN (w, h) / 2.0f, &outer);
  append_circle (snapshot, w / 2, h / 2, self->drawn_radius, &inner);
}

static void
ic_breath_guide_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = 120;
  *natural = 220;
}

static void
ic_breath_guide_dispose (GObject *object)
{
  IcBreathGuide *self = IC_BREATH_GUIDE (object);

  ic_breath_guide_stop (self);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->advanced_id, self->clock);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (ic_breath_guide_parent_class)->dispose (object);
}

static void
ic_breath_guide_finalize (GObject *object)
{
  IcBreathGuide *self = IC_BREATH_GUIDE (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ic_breath_guide_parent_class)->finalize (object);
}

static void
ic_breath_guide_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcBreathGuide *self = IC_BREATH_GUIDE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ic_breath_guide_get_running (self));
      break;
    case PROP_ANIMATED:
      g_value_set_boolean (value, ic_breath_guide_get_animated (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_breath_guide_class_init (IcBreathGuideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ic_breath_guide_dispose;
  object_class->finalize = ic_breath_guide_finalize;
  object_class->get_property = ic_breath_guide_get_property;
  widget_class->snapshot = ic_breath_guide_snapshot;
  widget_class->measure = ic_breath_guide_measure;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_ANIMATED] = g_param_spec_boolean ("animated", NULL, NULL, TRUE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcBreathGuide::finished:
   *
   * Emitted once, when the last breath out ends.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "breath-guide");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ic_breath_guide_init (IcBreathGuide *self)
{
  self->drawn_radius = -1;
  self->in_seconds = 4;
  self->out_seconds = 6;
  self->count = 3;
  self->text = g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Breathing guide"), -1);
}

GtkWidget *
ic_breath_guide_new (void)
{
  return g_object_new (IC_TYPE_BREATH_GUIDE, NULL);
}

void
ic_breath_guide_set_clock (IcBreathGuide *self,
                           IcClock       *clock)
{
  g_return_if_fail (IC_IS_BREATH_GUIDE (self));
  g_return_if_fail (IC_IS_CLOCK (clock));

  if (self->clock != NULL)
    g_clear_signal_handler (&self->advanced_id, self->clock);
  g_set_object (&self->clock, clock);
  self->advanced_id = g_signal_connect (clock, "advanced", G_CALLBACK (clock_advanced_cb), self);
}

void
ic_breath_guide_set_rhythm (IcBreathGuide *self,
                            guint          in_seconds,
                            guint          out_seconds,
                            guint          count)
{
  g_return_if_fail (IC_IS_BREATH_GUIDE (self));
  g_return_if_fail (in_seconds > 0 && out_seconds > 0 && count > 0);

  self->in_seconds = in_seconds;
  self->out_seconds = out_seconds;
  self->count = count;
  update (self);
}

/**
 * ic_breath_guide_start:
 *
 * Starts the breaths from the beginning.
 */
void
ic_breath_guide_start (IcBreathGuide *self)
{
  g_return_if_fail (IC_IS_BREATH_GUIDE (self));
  g_return_if_fail (self->clock != NULL);

  ic_breath_guide_stop (self);
  self->finished = FALSE;
  self->stopped_elapsed = 0;
  self->started_at = ic_clock_get_monotonic (self->clock);
  self->refresh_id = g_timeout_add (TEXT_REFRESH_MS, refresh_cb, self);
  if (ic_breath_guide_get_animated (self))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  update (self);
}

void
ic_breath_guide_stop (IcBreathGuide *self)
{
  g_return_if_fail (IC_IS_BREATH_GUIDE (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->started_at != 0)
    {
      self->stopped_elapsed = ic_clock_get_monotonic (self->clock) - self->started_at;
      self->started_at = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

gboolean
ic_breath_guide_get_running (IcBreathGuide *self)
{
  g_return_val_if_fail (IC_IS_BREATH_GUIDE (self), FALSE);
  return self->started_at != 0;
}

/**
 * ic_breath_guide_get_elapsed:
 *
 * Returns: time since start (or until stop), µs
 */
gint64
ic_breath_guide_get_elapsed (IcBreathGuide *self)
{
  g_return_val_if_fail (IC_IS_BREATH_GUIDE (self), 0);

  if (self->started_at == 0 || self->clock == NULL)
    return self->stopped_elapsed;
  return ic_clock_get_monotonic (self->clock) - self->started_at;
}

void
ic_breath_guide_get_state (IcBreathGuide *self,
                           IcBreathState *state)
{
  g_return_if_fail (IC_IS_BREATH_GUIDE (self));

  ic_breathing_get_state (self->finished ? G_MAXINT64 / 2 : ic_breath_guide_get_elapsed (self),
                          self->in_seconds, self->out_seconds, self->count, state);
}

const char *
ic_breath_guide_get_text (IcBreathGuide *self)
{
  g_return_val_if_fail (IC_IS_BREATH_GUIDE (self), NULL);
  return self->text;
}
