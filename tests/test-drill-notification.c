/* test-drill-notification.c — a drill a quarter: the reminder as a desktop
 * notification, sent by the real application to a notification server on
 * a private session bus
 *
 * The server (ic-test-notifications.h) keeps what it was asked to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-drill-catalog.h"
#include "ic-drill-dialog.h"
#include "ic-store-drills.h"
#include "ic-test-app.h"
#include "ic-test-notifications.h"
#include "ic-test-scenario.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static GTestDBus *test_bus;

static gboolean
has_shown (gpointer data)
{
  return ic_test_notifications->len >= GPOINTER_TO_UINT (data);
}

/* Puts a drill @days_ago into the app's database, from a connection of its
 * own with its own clock, as an earlier run of the app would have. */
static void
add_drill (AppFixture *fx,
           guint       days_ago)
{
  g_autofree char *text = NULL;
  g_autoptr(IcScenario) scenario = ic_test_scenario (&text);
  g_autoptr(IcClock) clock = ic_clock_new_manual (g_get_real_time () - days_ago * DAY_US);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = ic_store_open (fx->db, clock, &error);
  g_autoptr(IcIncident) drill = NULL;

  g_assert_no_error (error);
  drill = ic_store_start_drill (store, scenario, text, &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_flush (store, &error));
  ic_store_close (store);
}

static GSettings *
reset_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  const char *keys[] = { "drill-reminder", "drill-reminder-days", "drill-reminder-since",
                         "drill-reminded-at" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_ptr_array_set_size (ic_test_notifications, 0);
  return settings;
}

static IcDrillDialog *
find_drill_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (IC_IS_DRILL_DIALOG (window))
        return IC_DRILL_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_drill_dialog (gpointer data)
{
  return find_drill_dialog () != NULL;
}

/* The last drill 100 days ago: the app says so once it opens, with a way to
 * the drill list and a way to turn reminders off; once, not at each look. */
static void
test_due (AppFixture    *fx,
          gconstpointer  data)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(GVariantIter) actions = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *summary, *body, *action;
  IcWindow *window;

  add_drill (fx, 100);
  window = activate_window (fx);
  wait_for (has_shown, GUINT_TO_POINTER (1), "the drill reminder");
  g_variant_get (g_ptr_array_index (ic_test_notifications, 0), "(&su&s&s&sas@a{sv}i)", NULL, NULL, NULL,
                 &summary, &body, &actions, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a Drill");
  g_assert_true (g_str_has_prefix (body, "The last drill was on "));
  g_assert_nonnull (strstr (body, ", 100 days ago. Practise the first minutes"));
  /* Actions come as id, label pairs: the two buttons, by their labels. */
  while (g_variant_iter_next (actions, "&s", &action))
    g_ptr_array_add (labels, (gpointer) action);
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Start a Drill…", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Turn Off Reminders", g_str_equal,
                                                   NULL));
  g_assert_cmpint (g_settings_get_int64 (settings, "drill-reminded-at"), >, 0);

  /* Looked at again: just reminded, so not again. */
  g_assert_false (ic_application_check_drill_reminder (fx->app));
  g_assert_cmpuint (ic_test_notifications->len, ==, 1);

  /* Its action opens the drill list over the window. */
  g_assert_null (find_drill_dialog ());
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "start-drill", NULL);
  wait_for (has_drill_dialog, NULL, "the drill list");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (find_drill_dialog ()))
                 == GTK_WINDOW (window));

  /* And its other button switches reminders off. */
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "drill-reminders-off", NULL);
  g_assert_false (g_settings_get_boolean (settings, "drill-reminder"));
}

/* A drill 30 days ago is recent; switched off, even an old one is not
 * mentioned; a shorter interval makes the same drill due. */
static void
test_not_due (AppFixture    *fx,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = reset_settings ();

  add_drill (fx, 30);
  activate_window (fx);
  g_assert_false (ic_application_check_drill_reminder (fx->app));
  g_settings_set_uint (settings, "drill-reminder-days", 28);
  g_settings_set_boolean (settings, "drill-reminder", FALSE);
  g_assert_false (ic_application_check_drill_reminder (fx->app));
  g_settings_set_boolean (settings, "drill-reminder", TRUE);
  g_assert_true (ic_application_check_drill_reminder (fx->app));
  wait_for (has_shown, GUINT_TO_POINTER (1), "the drill reminder");
}

/* Never drilled: the first start is where the interval begins (a new
 * user is not nagged at once); an interval later, it is due. */
static void
test_never_drilled (AppFixture    *fx,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = reset_settings ();
  const char *body;

  activate_window (fx);
  g_assert_cmpint (g_settings_get_int64 (settings, "drill-reminder-since"), >, 0);
  g_assert_false (ic_application_check_drill_reminder (fx->app));
  g_settings_set_int64 (settings, "drill-reminder-since", g_get_real_time () - 92 * DAY_US);
  g_assert_true (ic_application_check_drill_reminder (fx->app));
  wait_for (has_shown, GUINT_TO_POINTER (1), "the drill reminder");
  g_variant_get (g_ptr_array_index (ic_test_notifications, 0), "(&su&s&s&sas@a{sv}i)", NULL, NULL, NULL, NULL,
                 &body, NULL, NULL, NULL);
  g_assert_cmpstr (body, ==, "No drill yet. Practise the first minutes before the next page "
                             "does it for you.");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* A bus of this program's own, before GTK connects to any (GTestDBus
   * unsets DISPLAY; the window needs it back). */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  ic_test_notifications_start ();

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/drill-notification/due", test_due);
  ADD ("/ic/drill-notification/not-due", test_not_due);
  ADD ("/ic/drill-notification/never-drilled", test_never_drilled);
#undef ADD
  status = g_test_run ();
  /* GTK keeps its connection to the bus to the end: stop the daemon
   * without waiting for that connection to go (g_test_dbus_down() and the
   * object's disposal would wait, and time out). */
  g_test_dbus_stop (test_bus);
  return status;
}
