/* test-incident-view.c — IcIncidentView on its own: a real store file with
 * a manual clock, the view in a plain GtkWindow under Xvfb (the window's
 * win.toast stood in for)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-incident-view.h"
#include "ic-settings.h"
#include "ic-status-composer.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture    store;
  IcSettings     *settings;
  GtkWindow      *window;
  IcIncidentView *view;
  GPtrArray      *toasts;   /* owned by the window */
} ViewFixture;

static void
view_setup (ViewFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, data);
  fx->settings = ic_settings_new (APP_ID);
  fx->view = IC_INCIDENT_VIEW (ic_incident_view_new (fx->store.store, fx->settings));
  fx->window = ic_test_window_for (GTK_WIDGET (fx->view), &fx->toasts);
}

static void
view_teardown (ViewFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  g_clear_object (&fx->settings);
  store_fixture_teardown (&fx->store, data);
}

/* A new incident past the breathe step, shown: the view opens at its pages. */
static IcIncident *
show_new_incident (ViewFixture *fx,
                   const char  *title,
                   const char  *service,
                   IcSeverity   severity)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident = ic_store_create_incident (fx->store.store, title, service, severity,
                                                   IC_CREATED_VIA_APP, &error);

  g_assert_no_error (error);
  g_object_set (incident, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  ic_incident_view_set_incident (fx->view, incident);
  return incident;
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* /ic/incident-view/status-update ------------------------------------------- */

/* A status update is posted from the composer only when complete; the
 * reminder comes when the next update is due, and a snooze moves it. */
static void
test_status_update (ViewFixture   *fx,
                    gconstpointer  data)
{
  IcIncidentView *view = fx->view;
  IcClock *clock = fx->store.clock;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  GObject *composer;

  incident = show_new_incident (fx, "Checkout 500s", "checkout", IC_SEVERITY_SEV1);
  composer = template_child (view, IC_TYPE_INCIDENT_VIEW, "status_composer");
  /* What win.status-update asks the view (/ic/window/actions). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "update.compose", NULL));

  /* Nothing posts while a part is missing. */
  gtk_widget_activate_action (GTK_WIDGET (composer), "update.post", "(sssi)", "mitigating",
                              "elevated 500s on checkout", "", 3);
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_INVESTIGATING);
  gtk_widget_activate_action (GTK_WIDGET (composer), "update.post", "(sssi)", "mitigating",
                              "elevated 500s on checkout", "rolling back deploy v1.2.3", 3);
  g_assert_cmpstr (ic_status_composer_get_preview (IC_STATUS_COMPOSER (composer)), ==,
                   "Mitigating elevated 500s on checkout. Rolling back deploy v1.2.3. "
                   "Next update in 3 min.");
  g_assert_cmpint (ic_incident_get_status (incident), ==, IC_INCIDENT_STATUS_MITIGATING);
  g_assert_false (ic_incident_view_get_reminder_due (view));

  ic_clock_advance (clock, G_GINT64_CONSTANT (180) * G_USEC_PER_SEC);
  g_assert_true (ic_incident_view_get_reminder_due (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "update.snooze", "i", 1);
  g_assert_false (ic_incident_view_get_reminder_due (view));
  ic_clock_advance (clock, G_GINT64_CONSTANT (60) * G_USEC_PER_SEC);
  g_assert_true (ic_incident_view_get_reminder_due (view));

  timeline = ic_store_list_timeline (fx->store.store, incident, &error);
  g_assert_true (ic_test_timeline_has (timeline, "status-update", "Rolling back deploy v1.2.3"));
  g_assert_true (ic_test_timeline_has (timeline, "status-reminder", "1 minute"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, ViewFixture, NULL, view_setup, fn, view_teardown)
  ADD ("/ic/incident-view/status-update", test_status_update);
#undef ADD
  return g_test_run ();
}
