/* ic-accessible.c — names for what GTK 4.8 leaves unnamed to a screen reader
 *
 * tests/test-accessible.c finds every control of every page without a
 * name; what GTK cannot be told through a template is named here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-accessible.h"

/**
 * ic_accessible_name_drop_down:
 * @name: what the list chooses, e.g. "Likelihood"
 *
 * Names @drop_down and the button inside it that opens its list: GTK 4.8
 * gives that button no name of its own, and a screen reader lands on it.
 */
void
ic_accessible_name_drop_down (GtkDropDown *drop_down,
                              const char  *name)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (name != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
}
