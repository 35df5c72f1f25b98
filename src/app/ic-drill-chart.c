/* ic-drill-chart.c — a drill's past runs: time to three hypotheses and to
 * the fix, run by run
 *
 * Drawn with GtkSnapshot: per run, two bars side by side (three hypotheses,
 * then the fix), each with its time written above it ("—" when it was never
 * reached) and the run's number below; the two series differ in shade and
 * in the legend's words, and a screen reader is given the same figures as a
 * sentence per run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-clock.h"
#include "ic-drill-chart.h"

#define BAR_WIDTH   18.0
#define BAR_GAP      4.0
#define RUN_GAP     22.0
#define TEXT_HEIGHT 16.0
#define PLOT_HEIGHT 120.0

typedef struct
{
  gint64 to_three_hypotheses;  /* µs, -1 when never */
  gint64 to_mitigation;        /* µs, -1 when never */
} Run;

struct _IcDrillChart
{
  GtkWidget parent_instance;

  GArray *runs;  /* Run */
};

G_DEFINE_FINAL_TYPE (IcDrillChart, ic_drill_chart, GTK_TYPE_WIDGET)

static gint64
largest (IcDrillChart *self)
{
  gint64 most = 60 * G_USEC_PER_SEC;  /* at least a minute of scale */

  for (guint i = 0; i < self->runs->len; i++)
    {
      const Run *run = &g_array_index (self->runs, Run, i);

      most = MAX (most, MAX (run->to_three_hypotheses, run->to_mitigation));
    }
  return most;
}

static void
draw_text (IcDrillChart *self,
           GtkSnapshot  *snapshot,
           const char   *text,
           double        center_x,
           double        top,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (center_x - width / 2.0),
                                                          (float) top));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
draw_bar (IcDrillChart  *self,
          GtkSnapshot   *snapshot,
          double         x,
          gint64         value,
          gint64         scale,
          const GdkRGBA *fill,
          const GdkRGBA *ink)
{
  double base = TEXT_HEIGHT + PLOT_HEIGHT;
  g_autofree char *label = value >= 0 ? ic_format_elapsed (value) : g_strdup ("—");
  double height = value >= 0 ? MAX (2.0, PLOT_HEIGHT * (double) value / (double) scale) : 0;

  if (height > 0)
    gtk_snapshot_append_color (snapshot, fill,
                               &GRAPHENE_RECT_INIT ((float) x, (float) (base - height),
                                                    BAR_WIDTH, (float) height));
  draw_text (self, snapshot, label, x + BAR_WIDTH / 2, base - height - TEXT_HEIGHT, ink);
}

static void
ic_drill_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  IcDrillChart *self = IC_DRILL_CHART (widget);
  gint64 scale = largest (self);
  GdkRGBA ink, hypotheses, fix;

  /* The text's colour, so that the chart follows the dark style. */
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &ink);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
#endif
  hypotheses = ink;
  hypotheses.alpha = 0.35f;
  fix = ink;
  fix.alpha = 0.8f;
  for (guint i = 0; i < self->runs->len; i++)
    {
      const Run *run = &g_array_index (self->runs, Run, i);
      double x = 24 + i * (2 * BAR_WIDTH + BAR_GAP + RUN_GAP);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      draw_bar (self, snapshot, x, run->to_three_hypotheses, scale, &hypotheses, &ink);
      draw_bar (self, snapshot, x + BAR_WIDTH + BAR_GAP, run->to_mitigation, scale, &fix, &ink);
      draw_text (self, snapshot, number, x + BAR_WIDTH + BAR_GAP / 2,
                 TEXT_HEIGHT + PLOT_HEIGHT + 4, &ink);
    }
}

static void
ic_drill_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  IcDrillChart *self = IC_DRILL_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (48 + self->runs->len * (2 * BAR_WIDTH + BAR_GAP + RUN_GAP));
  else
    *minimum = *natural = (int) (2 * TEXT_HEIGHT + PLOT_HEIGHT + 8);
}

static void
ic_drill_chart_finalize (GObject *object)
{
  IcDrillChart *self = IC_DRILL_CHART (object);

  g_array_unref (self->runs);
  G_OBJECT_CLASS (ic_drill_chart_parent_class)->finalize (object);
}

static void
ic_drill_chart_class_init (IcDrillChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ic_drill_chart_finalize;
  widget_class->snapshot = ic_drill_chart_snapshot;
  widget_class->measure = ic_drill_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ic_drill_chart_init (IcDrillChart *self)
{
  self->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Past runs of this drill"), -1);
}

GtkWidget *
ic_drill_chart_new (void)
{
  return g_object_new (IC_TYPE_DRILL_CHART, NULL);
}

/**
 * ic_drill_chart_add_run:
 * @to_three_hypotheses: µs from the start, or -1 when never reached
 * @to_mitigation: µs from the start to the fix, or -1
 *
 * Adds the next run (oldest first).
 */
void
ic_drill_chart_add_run (IcDrillChart *self,
                        gint64        to_three_hypotheses,
                        gint64        to_mitigation)
{
  Run run = { to_three_hypotheses, to_mitigation };
  g_autofree char *summary = NULL;

  g_return_if_fail (IC_IS_DRILL_CHART (self));

  g_array_append_val (self->runs, run);
  summary = ic_drill_chart_dup_summary (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
ic_drill_chart_get_n_runs (IcDrillChart *self)
{
  g_return_val_if_fail (IC_IS_DRILL_CHART (self), 0);
  return self->runs->len;
}

/**
 * ic_drill_chart_dup_summary:
 *
 * Returns: (transfer full): the chart in words, a sentence per run ("Run 2:
 *   three hypotheses in 1:40, fixed at 4:05.")
 */
char *
ic_drill_chart_dup_summary (IcDrillChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (IC_IS_DRILL_CHART (self), NULL);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const Run *run = &g_array_index (self->runs, Run, i);
      g_autofree char *three = run->to_three_hypotheses >= 0
                                 ? ic_format_elapsed (run->to_three_hypotheses)
                                 : g_strdup (_("never"));
      g_autofree char *fix = run->to_mitigation >= 0 ? ic_format_elapsed (run->to_mitigation)
                                                     : g_strdup (_("never"));

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: one run of a drill in the chart's description */
      g_string_append_printf (text, _("Run %u: three hypotheses %s, fixed %s."), i + 1, three,
                              fix);
    }
  return g_string_free (text, FALSE);
}
