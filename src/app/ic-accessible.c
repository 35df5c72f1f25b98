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

/* GTK 4.8 names a mnemonic button by its label property followed by the
 * label it is labelled by: "_Skip Skip". Without the property the name is
 * the shown label's alone. GtkButton sets the property again with every new
 * label. */
static void
label_changed_cb (GtkButton  *button,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/**
 * ic_accessible_name_mnemonics:
 * @root: a widget, usually a template just initialised
 *
 * Makes every button in @root (itself included) whose label has a mnemonic
 * read by the words it shows ("Skip"), now and after its label changes.
 */
void
ic_accessible_name_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root)
      && g_signal_handler_find (root, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, label_changed_cb, NULL) == 0)
    {
      g_signal_connect (root, "notify::label", G_CALLBACK (label_changed_cb), NULL);
      g_signal_connect (root, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
      label_changed_cb (GTK_BUTTON (root), NULL, NULL);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ic_accessible_name_mnemonics (child);
}
