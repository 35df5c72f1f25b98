/* ic-test-app.h — the real application in the test's process: its own
 * D-Bus name and a database in a temporary folder; the window under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-application.h"
#include "ic-incident-view.h"
#include "ic-store-hypotheses.h"
#include "ic-test-util.h"
#include "ic-test-widget.h"
#include "ic-window.h"

typedef struct
{
  char          *dir;
  char          *db;
  IcApplication *app;
} AppFixture;

/* A test's data for app_setup(), when the database must hold something
 * before the application opens it (at start-up, as a user's would). */
typedef struct
{
  void  (*seed) (const char *db_path,
                 guint       n);
  guint   n;
} AppSeed;

static void
app_setup (AppFixture    *fx,
           gconstpointer  data)
{
  static guint counter;
  const AppSeed *seed = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = NULL;

  fx->dir = g_dir_make_tmp ("ic-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db = g_build_filename (fx->dir, "incidents.db", NULL);
  if (seed != NULL)
    seed->seed (fx->db, seed->n);
  fx->app = ic_application_new ();
  /* One application object per test: each needs its own D-Bus path. */
  app_id = g_strdup_printf ("%s.Test%u", APP_ID, counter++);
  g_application_set_application_id (G_APPLICATION (fx->app), app_id);
  g_application_set_flags (G_APPLICATION (fx->app),
                           g_application_get_flags (G_APPLICATION (fx->app))
                           | G_APPLICATION_NON_UNIQUE);
  ic_application_set_database_path (fx->app, fx->db);
  g_application_register (G_APPLICATION (fx->app), NULL, &error);
  g_assert_no_error (error);
}

static void
app_teardown (AppFixture    *fx,
              gconstpointer  data)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (fx->app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  spin ();
  if (ic_application_get_store (fx->app) != NULL)
    ic_store_close (ic_application_get_store (fx->app));
  g_clear_object (&fx->app);
  ic_test_remove_tree (fx->dir);
  g_free (fx->db);
  g_free (fx->dir);
}

static G_GNUC_UNUSED IcWindow *
activate_window (AppFixture *fx)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (fx->app));
  window = gtk_application_get_active_window (GTK_APPLICATION (fx->app));
  g_assert_true (IC_IS_WINDOW (window));
  wait_for (is_mapped, window, "the window to be mapped");
  return IC_WINDOW (window);
}

/* Waiting for what keys lead to. Under the sanitizers a key can be handled
 * after the keys' settling wait (ic-test-keys.h): what it leads to is
 * waited for, bounded, and then asserted, never assumed. */
typedef struct
{
  IcIncidentView *view;
  const char     *step;
  guint           count;
} ViewWait;

static gboolean
view_step_is (gpointer data)
{
  ViewWait *wait = data;

  return g_strcmp0 (ic_incident_view_get_step (wait->view), wait->step) == 0;
}

/* Waits until @view shows the step named @step ("breathe", "structure",
 * "hypotheses", …), and asserts it. */
static G_GNUC_UNUSED void
ic_test_wait_for_step (IcIncidentView *view,
                       const char     *step)
{
  ViewWait wait = { view, step, 0 };
  g_autofree char *what = g_strdup_printf ("the %s step", step);

  wait_for (view_step_is, &wait, what);
  g_assert_cmpstr (ic_incident_view_get_step (view), ==, step);
}

static gboolean
view_has_hypotheses (gpointer data)
{
  ViewWait *wait = data;
  IcIncident *incident = ic_incident_view_get_incident (wait->view);
  /* The view's own, not g_application_get_default(): that stays the
   * first test's application for as long as something holds it. */
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (wait->view));
  IcApplication *app = IC_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));

  return incident != NULL
         && g_list_model_get_n_items (ic_store_get_hypotheses (ic_application_get_store (app),
                                                               incident)) >= wait->count;
}

/* Waits until the incident @view shows has at least @count hypotheses in
 * the application's store. */
static G_GNUC_UNUSED void
ic_test_wait_for_hypotheses (IcIncidentView *view,
                             guint           count)
{
  ViewWait wait = { view, NULL, count };

  wait_for (view_has_hypotheses, &wait, "the hypotheses to be added");
}
