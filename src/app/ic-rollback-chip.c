/* ic-rollback-chip.c — the two-minute countdown in the incident header
 *
 * A ring that empties as the deadline nears, drawn with GtkSnapshot, and
 * the time left in words beside it: the state never rests on the ring's
 * colour alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-rollback-chip"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ic-rollback-chip.h"

struct _IcRollbackChip
{
  GtkWidget        parent_instance;

  /* Owned */
  IcRollbackTimer *timer;
  IcClock         *clock;
  guint            tick_id;
  gulong           advanced_id;

  GtkWidget       *ring;
  GtkWidget       *label;
  double           fraction;    /* of the time left, 0 … 1 */
};

G_DEFINE_FINAL_TYPE (IcRollbackChip, ic_rollback_chip, GTK_TYPE_WIDGET)

/* The ring is a small private widget: its own snapshot, nothing else. */
#define IC_TYPE_RING (ic_ring_get_type ())
G_DECLARE_FINAL_TYPE (IcRing, ic_ring, IC, RING, GtkWidget)

struct _IcRing
{
  GtkWidget parent_instance;
  double    fraction;
};

G_DEFINE_FINAL_TYPE (IcRing, ic_ring, GTK_TYPE_WIDGET)

static void
ic_ring_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  IcRing *self = IC_RING (widget);
  float size = (float) MIN (gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  const GdkRGBA track = { 0.5f, 0.5f, 0.5f, 0.25f };
  const GdkRGBA fill = { 0.208f, 0.518f, 0.894f, 1.0f };
  const GdkRGBA late = { 0.878f, 0.106f, 0.141f, 1.0f };
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, size, size);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  double r = size / 2.0 - 2.5;

  cairo_set_line_width (cr, 3.0);
  gdk_cairo_set_source_rgba (cr, &track);
  cairo_arc (cr, size / 2.0, size / 2.0, r, 0, 2 * G_PI);
  cairo_stroke (cr);
  gdk_cairo_set_source_rgba (cr, self->fraction < 0.25 ? &late : &fill);
  cairo_arc (cr, size / 2.0, size / 2.0, r, -G_PI / 2,
             -G_PI / 2 + 2 * G_PI * CLAMP (self->fraction, 0.0, 1.0));
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
ic_ring_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  *minimum = *natural = 20;
}

static void
ic_ring_class_init (IcRingClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = ic_ring_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = ic_ring_measure;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass),
                                        GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
ic_ring_init (IcRing *self)
{
}

static void
update (IcRollbackChip *self)
{
  g_autofree char *text = NULL;
  gint64 remaining, length;

  if (self->timer == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  switch (ic_rollback_timer_get_state (self->timer))
    {
    case IC_ROLLBACK_TIMER_RUNNING:
      {
        g_autofree char *left = NULL;

        remaining = ic_rollback_timer_get_remaining (self->timer);
        /* Round up: "0:01" until the very end, never "0:00" while running. */
        left = ic_format_elapsed (remaining + G_USEC_PER_SEC - 1);
        /* Translators: the countdown of the two-minute rule */
        text = g_strdup_printf (_("Roll back in %s"), left);
        length = MAX (ic_rollback_timer_get_length (self->timer), 1);
        /* An extension may give more than the length: the ring stays full. */
        self->fraction = (double) remaining / (double) length;
        break;
      }
    case IC_ROLLBACK_TIMER_EXPIRED:
      text = g_strdup (_("Rollback decision due"));
      self->fraction = 0;
      break;
    case IC_ROLLBACK_TIMER_STOPPED:
      text = g_strdup (_("Clear hypothesis"));
      self->fraction = 1;
      break;
    case IC_ROLLBACK_TIMER_DECIDED:
      text = g_strdup (_("Rollback decided"));
      self->fraction = 1;
      break;
    case IC_ROLLBACK_TIMER_IDLE:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  IC_RING (self->ring)->fraction = MIN (self->fraction, 1.0);
  gtk_widget_queue_draw (self->ring);
  gtk_label_set_label (GTK_LABEL (self->label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (IC_ROLLBACK_CHIP (user_data));
  return G_SOURCE_CONTINUE;
}

static void
disconnect (IcRollbackChip *self)
{
  if (self->timer != NULL)
    g_signal_handlers_disconnect_by_data (self->timer, self);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->advanced_id, self->clock);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->timer);
  g_clear_object (&self->clock);
}

static void
ic_rollback_chip_dispose (GObject *object)
{
  IcRollbackChip *self = IC_ROLLBACK_CHIP (object);
  GtkWidget *child;

  disconnect (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ic_rollback_chip_parent_class)->dispose (object);
}

static void
ic_rollback_chip_class_init (IcRollbackChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_rollback_chip_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rollback-chip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
ic_rollback_chip_init (IcRollbackChip *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_box_layout_set_spacing (layout, 6);
  self->ring = g_object_new (IC_TYPE_RING, NULL);
  gtk_widget_set_valign (self->ring, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->ring, GTK_WIDGET (self));
  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
ic_rollback_chip_new (void)
{
  return g_object_new (IC_TYPE_ROLLBACK_CHIP, NULL);
}

/**
 * ic_rollback_chip_set_timer:
 * @timer: (nullable): the incident's timer
 *
 * Follows @timer: a countdown every second and on manual clock steps.
 */
void
ic_rollback_chip_set_timer (IcRollbackChip  *self,
                            IcRollbackTimer *timer,
                            IcClock         *clock)
{
  g_return_if_fail (IC_IS_ROLLBACK_CHIP (self));

  disconnect (self);
  if (timer != NULL)
    {
      self->timer = g_object_ref (timer);
      self->clock = g_object_ref (clock);
      g_signal_connect_swapped (timer, "notify::state", G_CALLBACK (update), self);
      self->advanced_id = g_signal_connect_swapped (clock, "advanced", G_CALLBACK (update), self);
      self->tick_id = g_timeout_add (1000, tick_cb, self);
    }
  update (self);
}

const char *
ic_rollback_chip_get_text (IcRollbackChip *self)
{
  g_return_val_if_fail (IC_IS_ROLLBACK_CHIP (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_label (GTK_LABEL (self->label))
                                                     : NULL;
}
