/* ic-test-widget.h — driving widgets under Xvfb: waiting for the main loop,
 * and standing in for the window's actions a page calls up to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-test-util.h"

typedef gboolean (*Condition) (gpointer data);

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @condition holds; fails after 10 s (more
 * where everything runs slower: ic_test_scaled_ms()). */
static G_GNUC_UNUSED void
wait_for (Condition    condition,
          gpointer     data,
          const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ic_test_scaled_ms (10000), timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

/* A Condition: whether the widget @data is mapped. */
static G_GNUC_UNUSED gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Lets pending work run. Bounded: an animation (the breathing guide)
 * keeps the frame clock busy for as long as it runs. */
static G_GNUC_UNUSED void
spin (void)
{
  for (guint i = 0; i < 200 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
toast_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_ptr_array_add (user_data, g_variant_dup_string (parameter, NULL));
}

/* Gives @host the "win.toast" action IcWindow has, recording each message
 * in the returned array (owned by @host), so a page is tested without a
 * window of the app around it. */
static G_GNUC_UNUSED GPtrArray *
ic_test_catch_toasts (GtkWidget *host)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) toast = g_simple_action_new ("toast", G_VARIANT_TYPE_STRING);
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect_data (toast, "activate", G_CALLBACK (toast_activated_cb), messages,
                         (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast));
  gtk_widget_insert_action_group (host, "win", G_ACTION_GROUP (group));
  return messages;
}

/* The first descendant of @root (itself included) of @type. */
static G_GNUC_UNUSED GtkWidget *
ic_test_find_descendant (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ic_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_descendants (child, type, found);
}

/* Every descendant of @root (itself included) of @type, in the order
 * they are shown; the array is the caller's, the widgets are not. */
static G_GNUC_UNUSED GPtrArray *
ic_test_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_descendants (root, type, found);
  return found;
}

/* A click on @button, as a pointer or Space gives it (gtk_widget_activate()
 * would emit "clicked" only after its 250 ms press animation). */
static G_GNUC_UNUSED void
ic_test_click_button (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* A plain GtkWindow showing @page, with the window's win.toast stood in
 * for (its messages in *@toasts, owned by the window). */
static G_GNUC_UNUSED GtkWindow *
ic_test_window_for (GtkWidget  *page,
                    GPtrArray **toasts)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, page);
  *toasts = ic_test_catch_toasts (GTK_WIDGET (window));
  gtk_window_present (window);
  spin ();
  return window;
}

static G_GNUC_UNUSED void
ic_test_window_close (GtkWindow *window)
{
  gtk_window_destroy (window);
  spin ();
}

typedef struct
{
  const char *name;
  const char *parameter_type;
} IcTestAction;

static void
record_activation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  g_autofree char *printed = parameter ? g_variant_print (parameter, FALSE) : g_strdup ("");

  g_ptr_array_add (user_data, g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                               printed));
}

/* Stands in for the actions of a widget a row asks (a page's, a board's):
 * @host gets a group @prefix with @actions, and each activation appends
 * "name parameter" (as GVariant prints it) to @asked. Returns the group
 * (owned by @host) for a test to add behaviour to an action. */
static G_GNUC_UNUSED GActionMap *
ic_test_record_actions (GtkWidget          *host,
                        const char         *prefix,
                        const IcTestAction *actions,
                        guint               n_actions,
                        GPtrArray          *asked)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  for (guint i = 0; i < n_actions; i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new (actions[i].name, actions[i].parameter_type
                                                ? G_VARIANT_TYPE (actions[i].parameter_type)
                                                : NULL);

      g_signal_connect (action, "activate", G_CALLBACK (record_activation_cb), asked);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  gtk_widget_insert_action_group (host, prefix, G_ACTION_GROUP (group));
  return G_ACTION_MAP (group);
}

/* Finding and driving widgets as a person would ------------------------------ */

typedef gboolean (*IcTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root (itself included), depth first, that
 * @match accepts. */
static G_GNUC_UNUSED GtkWidget *
ic_test_find_widget (GtkWidget         *root,
                     IcTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ic_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A GtkEntry whose placeholder is @data. */
static G_GNUC_UNUSED gboolean
ic_test_is_entry_with_placeholder (GtkWidget     *widget,
                                   gconstpointer  data)
{
  return GTK_IS_ENTRY (widget)
         && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), data) == 0;
}

/* A GtkButton whose label is @data. */
static G_GNUC_UNUSED gboolean
ic_test_is_button_labelled (GtkWidget     *widget,
                            gconstpointer  data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* A GtkLabel whose text starts with @data. */
static G_GNUC_UNUSED gboolean
ic_test_is_label_prefixed (GtkWidget     *widget,
                           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), data);
}

/* A GtkButton showing the icon named @data. */
static G_GNUC_UNUSED gboolean
ic_test_is_button_with_icon (GtkWidget     *widget,
                             gconstpointer  data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), data) == 0;
}

/* Types @text into the entry under @root found by @match, as a person would. */
static G_GNUC_UNUSED void
ic_test_type_into (GtkWidget         *root,
                   IcTestWidgetMatch  match,
                   gconstpointer      data,
                   const char        *text)
{
  GtkWidget *entry = ic_test_find_widget (root, match, data);

  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Clicks the button under @root found by @match, which must be on screen
 * and sensitive. */
static G_GNUC_UNUSED void
ic_test_click (GtkWidget         *root,
               IcTestWidgetMatch  match,
               gconstpointer      data)
{
  GtkWidget *button = ic_test_find_widget (root, match, data);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  ic_test_click_button (button);
}
