/* ic-sparkline.c — the last samples of a probe as bars, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-sparkline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ic-sparkline.h"

#define MAX_POINTS 60

typedef struct
{
  double   value;
  gboolean bad;
} Point;

struct _IcSparkline
{
  GtkWidget parent_instance;

  Point     points[MAX_POINTS];
  guint     n;
};

G_DEFINE_FINAL_TYPE (IcSparkline, ic_sparkline, GTK_TYPE_WIDGET)

static void
ic_sparkline_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  IcSparkline *self = IC_SPARKLINE (widget);
  const GdkRGBA good = { 0.208f, 0.518f, 0.894f, 0.8f };
  const GdkRGBA bad = { 0.878f, 0.106f, 0.141f, 0.9f };
  float w = (float) gtk_widget_get_width (widget);
  float h = (float) gtk_widget_get_height (widget);
  float bar = w / MAX_POINTS;
  double max = 0;

  for (guint i = 0; i < self->n; i++)
    max = MAX (max, self->points[i].value);
  for (guint i = 0; i < self->n; i++)
    {
      const Point *p = &self->points[i];
      /* A failed check gets a full-height bar: failures must stand out
       * even when their latency is small (the text says which it is). */
      float height = p->bad ? h : (max > 0 ? (float) (p->value / max) * h : 1.0f);
      float x = w - (float) (self->n - i) * bar;

      gtk_snapshot_append_color (snapshot, p->bad ? &bad : &good,
                                 &GRAPHENE_RECT_INIT (x, h - MAX (height, 1.0f),
                                                      MAX (bar - 1.0f, 1.0f),
                                                      MAX (height, 1.0f)));
    }
}

static void
ic_sparkline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? MAX_POINTS : 24;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? MAX_POINTS * 4 : 32;
}

static void
ic_sparkline_class_init (IcSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ic_sparkline_snapshot;
  widget_class->measure = ic_sparkline_measure;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ic_sparkline_init (IcSparkline *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Latency of the last checks"), -1);
}

GtkWidget *
ic_sparkline_new (void)
{
  return g_object_new (IC_TYPE_SPARKLINE, NULL);
}

/**
 * ic_sparkline_push:
 * @value: the latency (or value) of one check
 * @bad: whether that check failed
 *
 * Adds a point on the right; the oldest of more than 60 drops off.
 */
void
ic_sparkline_push (IcSparkline *self,
                   double       value,
                   gboolean     bad)
{
  g_return_if_fail (IC_IS_SPARKLINE (self));

  if (self->n == MAX_POINTS)
    {
      memmove (self->points, self->points + 1, sizeof (Point) * (MAX_POINTS - 1));
      self->n--;
    }
  self->points[self->n].value = MAX (value, 0);
  self->points[self->n].bad = bad;
  self->n++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ic_sparkline_get_n (IcSparkline *self)
{
  g_return_val_if_fail (IC_IS_SPARKLINE (self), 0);
  return self->n;
}
