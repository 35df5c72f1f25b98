/* ic-wrap-layout.c — lays out a wrapping label in a row without GTK's
 * search for its width at each height
 *
 * A horizontal GtkBox of GTK 4.8 asks its children their width for a
 * given height. A wrapping GtkLabel answers that by a binary search over
 * widths, each step a Pango layout of its whole text; and the box asks
 * again for each height it tries. The hypothesis board's "Next step" line
 * (an icon, the wrapping label, a button) laid out its text 136 times when
 * a hypothesis was added, a new card's text 108 times (#14).
 *
 * A wrapping label in a row is sized as any other height-for-width
 * widget: its width (the longest word at least, one line at most), then
 * its height for the width it is given. Set on an AdwBin around the label
 * in a template, this layout manager answers the box's question with the
 * label's width for no particular height, and otherwise lays out its one
 * child as GtkBinLayout does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-wrap-layout.h"

struct _IcWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (IcWrapLayout, ic_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

static GtkSizeRequestMode
ic_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ic_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      /* Its width: the same for any height. */
      gtk_widget_measure (child, orientation,
                          orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                          &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
ic_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
ic_wrap_layout_class_init (IcWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = ic_wrap_layout_get_request_mode;
  manager_class->measure = ic_wrap_layout_measure;
  manager_class->allocate = ic_wrap_layout_allocate;
}

static void
ic_wrap_layout_init (IcWrapLayout *self)
{
}

GtkLayoutManager *
ic_wrap_layout_new (void)
{
  return g_object_new (IC_TYPE_WRAP_LAYOUT, NULL);
}
