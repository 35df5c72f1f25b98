/* test-accessible.c — every control of every page has a name a screen
 * reader can say: the real window under Xvfb, an incident on each page,
 * the accessible properties and relations GTK gives assistive technology
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-incident-view.h"
#include "ic-postmortem.h"
#include "ic-test-app.h"
#include "ic-test-store-fixture.h"

/* The label property GTK gives assistive technology, or %NULL. */
static char *
dup_label (GtkAccessible *accessible)
{
  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* Compared with "", the check returns the value when it is not empty. */
  return gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_EXPANDER (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget)
         || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_TEXT_VIEW (widget) || GTK_IS_SCALE (widget);
}

/* What GTK 4.8 names a control by for a screen reader: its label property
 * or a labelled-by relation, nothing else (not the words it shows, not a
 * placeholder). A mnemonic's underscore must not be read out ("_Skip"). */
static char *
unnamed_reason (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autofree char *label = NULL;

  if (!is_control (widget))
    return NULL;
  /* A menu button's own toggle is named through the menu button. */
  if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    return NULL;
  label = dup_label (accessible);
  /* GTK 4.8 reads the label property and then what the button is labelled
   * by: a mnemonic label left in the property is read as "_Skip Skip". */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget))
      && label != NULL && strchr (label, '_') != NULL)
    return g_strdup_printf ("a button read as “%s …”", label);
  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return NULL;
  if (label == NULL || *label == '\0')
    return g_strdup_printf ("a %s without a name", G_OBJECT_TYPE_NAME (widget));
  return NULL;
}

static void
collect_unnamed (GtkWidget *widget,
                 GString   *found)
{
  g_autofree char *reason = NULL;

  if (!gtk_widget_get_mapped (widget))
    return;
  reason = unnamed_reason (widget);
  if (reason != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (widget);

      g_string_append_printf (found, "\n  %s (in %s)", reason,
                              parent ? G_OBJECT_TYPE_NAME (parent) : "nothing");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, found);
}

/* Focus order -------------------------------------------------------------- */

/* Where Tab stops for @widget: a control in a list's row is reached through
 * its list (the arrows move between rows, as GTK's lists do). */
static GtkWidget *
tab_stop_for (GtkWidget *widget)
{
  GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX);

  while (list != NULL && gtk_widget_get_ancestor (gtk_widget_get_parent (list),
                                                  GTK_TYPE_LIST_BOX) != NULL)
    list = gtk_widget_get_ancestor (gtk_widget_get_parent (list), GTK_TYPE_LIST_BOX);
  return list != NULL ? list : widget;
}

static void
collect_expected (GtkWidget *widget,
                  GPtrArray *expected)
{
  /* What GTK keeps off the focus chain itself (a window's own buttons, a
   * spin button's arrows: keys do their work) is not expected on it. */
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget)
      || !gtk_widget_get_can_focus (widget))
    return;
  if (is_control (widget) && gtk_widget_get_focusable (widget)
      && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    {
      GtkWidget *stop = tab_stop_for (widget);

      if (!g_ptr_array_find (expected, stop, NULL))
        g_ptr_array_add (expected, stop);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_expected (child, expected);
}

/* Tab from the top of @window around to where it started: every shown
 * control (or the list it is in) gets the focus on the way. */
static void
collect_skipped (GtkWindow  *window,
                 const char *where,
                 GString    *found)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) reached = g_ptr_array_new ();
  GtkWidget *first = NULL;

  collect_expected (GTK_WIDGET (window), expected);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (guint i = 0; i < 2000; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL || focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (reached, focus);
    }
  g_test_message ("%s: %u tab stops expected, %u reached", where, expected->len, reached->len);
  g_assert_cmpuint (expected->len, >=, 10);
  for (guint e = 0; e < expected->len; e++)
    {
      GtkWidget *stop = g_ptr_array_index (expected, e);
      gboolean found_it = FALSE;

      for (guint r = 0; r < reached->len && !found_it; r++)
        {
          GtkWidget *focus = g_ptr_array_index (reached, r);

          found_it = focus == stop || gtk_widget_is_ancestor (focus, stop);
        }
      if (!found_it)
        g_string_append_printf (found, "\n  %s: Tab never reaches a %s (in %s)", where,
                                G_OBJECT_TYPE_NAME (stop),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (stop)));
    }
}

/* /ic/accessible/every-control-named ------------------------------------------ */

static void
test_every_control_named (AppFixture    *fx,
                          gconstpointer  data)
{
  const char *pages[] = { "structure", "hypotheses", "probes", "timeline", "details",
                          "postmortem" };
  IcWindow *window = activate_window (fx);
  IcStore *store = ic_application_get_store (fx->app);
  g_autoptr(GString) found = g_string_new (NULL);
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(IcChange) change = NULL;
  GtkWidget *root = GTK_WIDGET (window);
  IcIncident *incident;

  /* The list and the empty content pane, then a new incident's breathing
   * pause, then each page. */
  collect_unnamed (root, found);
  gtk_widget_activate_action (root, "win.search", NULL);
  spin ();
  collect_unnamed (root, found);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "new-incident", NULL);
  spin ();
  collect_unnamed (root, found);

  /* Something on every page: hypotheses, a probe, a change, the postmortem. */
  incident = ic_window_get_selected_incident (window);
  hypothesis = ic_store_add_hypothesis (store, incident, "Bad deploy", IC_LIKELIHOOD_LIKELY,
                                        "kubectl rollout history", &error);
  g_assert_no_error (error);
  probe = ic_store_add_probe (store, incident, "tcp", "payments", "tcp://127.0.0.1:1", 60000,
                              1000, &error);
  g_assert_no_error (error);
  change = ic_store_add_change (store, incident, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3",
                                IC_TEST_START_US, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_ensure_postmortem (store, incident, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (root, "win.show-page", "s", pages[i]);
      spin ();
      collect_unnamed (root, found);
      collect_skipped (GTK_WINDOW (window), pages[i], skipped);
    }
  if (found->len > 0)
    g_error ("controls a screen reader cannot name:%s", found->str);
  if (skipped->len > 0)
    g_error ("controls the keyboard cannot reach:%s", skipped->str);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/accessible/every-control-named", test_every_control_named);
#undef ADD
  return g_test_run ();
}
