/* test-wrap-layout.c — IcWrapLayout under Xvfb: a wrapping label in a row,
 * sized by its width and its height for that width, never asked its width
 * for a height (which a GtkLabel answers with a search over widths)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-test-widget.h"
#include "ic-wrap-layout.h"

/* A widget sized as a wrapping text of 60 units of area, 20 per line at the
 * least, that records how it is asked: a stand-in for a wrapping GtkLabel
 * whose questions can be counted. */
#define TEST_TYPE_PROBE_TEXT (test_probe_text_get_type ())
G_DECLARE_FINAL_TYPE (TestProbeText, test_probe_text, TEST, PROBE_TEXT, GtkWidget)

struct _TestProbeText
{
  GtkWidget parent_instance;
  guint     width_for_height; /* HORIZONTAL with a height given */
  guint     width;            /* HORIZONTAL for no height */
  guint     height_for_width;
};

G_DEFINE_FINAL_TYPE (TestProbeText, test_probe_text, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
test_probe_text_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
test_probe_text_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  TestProbeText *self = TEST_PROBE_TEXT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (for_size >= 0)
        self->width_for_height++;
      else
        self->width++;
      *minimum = 20;
      *natural = 600;
    }
  else
    {
      int width = for_size > 0 ? for_size : 600;

      self->height_for_width++;
      *minimum = *natural = 10 * ((6000 + width - 1) / width);
    }
}

static void
test_probe_text_class_init (TestProbeTextClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->get_request_mode = test_probe_text_get_request_mode;
  widget_class->measure = test_probe_text_measure;
}

static void
test_probe_text_init (TestProbeText *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/* A row as the hypothesis board's "Next step" line: an icon, the text
 * (wrapped in an AdwBin with @layout, or alone), a button centred. */
static GtkWindow *
row_window (TestProbeText     *text,
            GtkLayoutManager  *layout,
            GtkWidget        **holder)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_label ("Go On Anyway");

  gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("dialog-information-symbolic"));
  if (layout != NULL)
    {
      *holder = adw_bin_new ();
      gtk_widget_set_layout_manager (*holder, layout);
      adw_bin_set_child (ADW_BIN (*holder), GTK_WIDGET (text));
      gtk_box_append (GTK_BOX (row), *holder);
    }
  else
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (text));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), button);
  gtk_window_set_child (window, row);
  gtk_window_set_default_size (window, 400, 300);
  gtk_window_present (window);
  return window;
}

static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* GTK 4.8's row asks the text its width for a height, as its window does
 * (the reason for IcWrapLayout); in the layout's AdwBin it is asked its
 * width and its height for the width it gets, and nothing else. */
static void
test_row_asks_no_width_for_height (void)
{
  TestProbeText *bare = g_object_new (TEST_TYPE_PROBE_TEXT, NULL);
  TestProbeText *wrapped = g_object_new (TEST_TYPE_PROBE_TEXT, NULL);
  GtkWindow *without = row_window (bare, NULL, NULL);
  GtkWidget *holder = NULL;
  GtkWindow *with = row_window (wrapped, ic_wrap_layout_new (), &holder);

  wait_for (is_laid_out, bare, "the row without the layout");
  wait_for (is_laid_out, wrapped, "the row with the layout");
  g_assert_cmpuint (bare->width_for_height, >, 0);

  g_assert_cmpuint (wrapped->width_for_height, ==, 0);
  g_assert_cmpuint (wrapped->width, >, 0);
  g_assert_cmpuint (wrapped->height_for_width, >, 0);

  /* Laid out as the bare one: the same width, its height for it. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (wrapped)), ==,
                   gtk_widget_get_width (GTK_WIDGET (bare)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (wrapped)), >=,
                   10 * ((6000 + gtk_widget_get_width (GTK_WIDGET (wrapped)) - 1)
                         / gtk_widget_get_width (GTK_WIDGET (wrapped))));
  gtk_window_destroy (without);
  gtk_window_destroy (with);
}

/* The layout itself: height for width passed through, width the same for
 * any height, the whole allocation to the child, hidden children left out. */
static void
test_measure (void)
{
  GtkWidget *holder = adw_bin_new ();
  TestProbeText *text = g_object_new (TEST_TYPE_PROBE_TEXT, NULL);
  GtkLayoutManager *layout = ic_wrap_layout_new ();
  int min = -1, nat = -1;

  g_object_ref_sink (holder);
  gtk_widget_set_layout_manager (holder, layout);
  adw_bin_set_child (ADW_BIN (holder), GTK_WIDGET (text));
  g_assert_cmpint (gtk_widget_get_request_mode (holder), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  gtk_widget_measure (holder, GTK_ORIENTATION_HORIZONTAL, 30, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 20);
  g_assert_cmpint (nat, ==, 600);
  g_assert_cmpuint (text->width_for_height, ==, 0);
  gtk_widget_measure (holder, GTK_ORIENTATION_VERTICAL, 200, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 300);
  g_assert_cmpint (nat, ==, 300);

  gtk_widget_set_visible (GTK_WIDGET (text), FALSE);
  gtk_widget_measure (holder, GTK_ORIENTATION_VERTICAL, 200, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 0);
  g_assert_cmpint (nat, ==, 0);
  g_object_unref (holder);
}

static void
test_allocates_whole (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *holder = adw_bin_new ();
  TestProbeText *text = g_object_new (TEST_TYPE_PROBE_TEXT, NULL);

  gtk_widget_set_layout_manager (holder, ic_wrap_layout_new ());
  adw_bin_set_child (ADW_BIN (holder), GTK_WIDGET (text));
  gtk_window_set_child (window, holder);
  gtk_window_set_default_size (window, 300, 400);
  gtk_window_present (window);
  wait_for (is_laid_out, text, "the text");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (text)), ==, gtk_widget_get_width (holder));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (text)), ==, gtk_widget_get_height (holder));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ic/wrap-layout/row-asks-no-width-for-height",
                   test_row_asks_no_width_for_height);
  g_test_add_func ("/ic/wrap-layout/measure", test_measure);
  g_test_add_func ("/ic/wrap-layout/allocates-whole", test_allocates_whole);
  return g_test_run ();
}
