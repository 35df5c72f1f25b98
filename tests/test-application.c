/* test-application.c — requests from other processes: what the running app
 * acknowledges is on disk, whatever happens to it next
 *
 * The real binary runs as the GUI on a private session bus; other runs of it
 * hand it requests (`new`, a link, `new --from-alert`), as a terminal, a
 * browser or a pager hook would. The GUI is killed with SIGKILL as soon as
 * the requester has exited: what the requester was told must be in the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ic-application.h"
#include "ic-incident-view.h"
#include "ic-structure-page.h"
#include "ic-window.h"
#include "ic-test-util.h"

/* The GUI's bus: private to this program, shared by its tests. */
static GTestDBus *test_bus;

typedef struct
{
  char        *dir;
  char        *data_home;
  char        *db;
  GSubprocess *gui;
} RemoteFixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static GSubprocessLauncher *
new_launcher (RemoteFixture    *fx,
              GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *config = g_build_filename (fx->dir, "config", NULL);
  g_autofree char *cache = g_build_filename (fx->dir, "cache", NULL);

  /* The default database lives under XDG_DATA_HOME: that is the file a
   * requester without --database and the running GUI share. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fx->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  return launcher;
}

static void
completed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                  ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : -1;
}

/* Runs the binary to completion; a run that does not end within 20 s is
 * killed and fails the test (an unbounded read would otherwise hang it). */
static void
run_binary (RemoteFixture *fx,
            const char    *stdin_path,
            Run           *run,
            const char    *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("IC_BINARY"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (fx, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE
                               | (stdin_path ? 0 : G_SUBPROCESS_FLAGS_STDIN_PIPE));
  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  run->status = -2;
  g_subprocess_communicate_utf8_async (process, stdin_path ? NULL : "", NULL, completed_cb, run);
  timeout_id = g_timeout_add (20000, flag_cb, &timed_out);
  while (run->status == -2 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_subprocess_force_exit (process);
      g_error ("%s %s did not finish within 20 s", first, argv->len > 3 ? (char *) argv->pdata[2]
                                                                          : "");
    }
  g_source_remove (timeout_id);
}

static void
remote_setup (RemoteFixture *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ic-app-XXXXXX", &error);
  g_assert_no_error (error);
  fx->data_home = g_build_filename (fx->dir, "data", NULL);
  fx->db = g_build_filename (fx->data_home, "incident-commander", "incidents.db", NULL);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(int *) user_data = 1;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(int *) user_data = 0;
}

/* Waits until the GUI owns (want_owned) or no longer owns its bus name. */
static void
wait_for_name (gboolean want_owned)
{
  int owned = -1;
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (ic_test_scaled_ms (10000), flag_cb, &timed_out);
  guint watch = g_bus_watch_name (G_BUS_TYPE_SESSION, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                  name_appeared_cb, name_vanished_cb, &owned, NULL);

  while (owned != (want_owned ? 1 : 0) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  if (timed_out)
    g_error ("The GUI did not %s its bus name", want_owned ? "take" : "give up");
  g_source_remove (timeout_id);
}

static void
start_gui (RemoteFixture *fx)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (fx, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  fx->gui = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("IC_BINARY"), NULL);
  g_assert_no_error (error);
  wait_for_name (TRUE);
}

/* SIGKILL: no handler runs, nothing is flushed. */
static void
kill_gui (RemoteFixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fx->gui, SIGKILL);
  g_subprocess_wait (fx->gui, NULL, &error);
  g_assert_no_error (error);
  /* It was still running: killed by this signal, not ended or crashed. */
  g_assert_true (g_subprocess_get_if_signaled (fx->gui));
  g_assert_cmpint (g_subprocess_get_term_sig (fx->gui), ==, SIGKILL);
  g_clear_object (&fx->gui);
  wait_for_name (FALSE);
}

static void
remote_teardown (RemoteFixture *fx,
                 gconstpointer  data)
{
  if (fx->gui != NULL)
    kill_gui (fx);
  ic_test_remove_tree (fx->dir);
  g_free (fx->db);
  g_free (fx->data_home);
  g_free (fx->dir);
}

static gint64
parse_id (const Run *run)
{
  char *end = NULL;
  gint64 id;

  g_assert_cmpint (run->status, ==, 0);
  id = g_ascii_strtoll (run->out, &end, 10);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (end, ==, "\n");
  return id;
}

static gint64
utc (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* Opens what the killed GUI left behind, as the next start would. */
static IcStore *
open_left_behind (RemoteFixture *fx)
{
  g_autoptr(GError) error = NULL;
  IcStore *store = ic_store_open (fx->db, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_remote_new (RemoteFixture *fx,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(IcStore) store = NULL;
  IcIncident *incident;
  gint64 id;

  start_gui (fx);
  run_binary (fx, NULL, &run, "new", "--title", "Checkout 500s", "--service", "checkout",
              "--severity", "sev1", "--alert-time", "2026-11-28T06:00:00Z", NULL);
  id = parse_id (&run);
  kill_gui (fx);

  store = open_left_behind (fx);
  incident = ic_store_lookup_incident (store, id);
  g_assert_nonnull (incident);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s");
  g_assert_cmpstr (ic_incident_get_service (incident), ==, "checkout");
  g_assert_cmpint (ic_incident_get_severity (incident), ==, IC_SEVERITY_SEV1);
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, utc ("2026-11-28T06:00:00Z"));
  g_assert_cmpint (ic_incident_get_created_via (incident), ==, IC_CREATED_VIA_CLI);
  ic_store_close (store);
}

static void
test_remote_link (RemoteFixture *fx,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GError) error = NULL;
  IcIncident *incident;
  gboolean warned = FALSE;
  gint64 id;

  start_gui (fx);
  run_binary (fx, NULL, &run,
              "incident-commander://new?title=Login%20errors&service=auth&severity=sev2"
              "&alert_time=2026-11-28T06%3A30%3A00Z&pager=pd", NULL);
  id = parse_id (&run);
  kill_gui (fx);

  store = open_left_behind (fx);
  incident = ic_store_lookup_incident (store, id);
  g_assert_nonnull (incident);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Login errors");
  g_assert_cmpstr (ic_incident_get_service (incident), ==, "auth");
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, utc ("2026-11-28T06:30:00Z"));
  g_assert_cmpint (ic_incident_get_created_via (incident), ==, IC_CREATED_VIA_URI);
  /* The ignored parameter's timeline entry was part of the same commit. */
  timeline = ic_store_list_timeline (store, incident, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      warned |= g_str_equal (ic_timeline_event_get_kind (event), "link-warning")
                && strstr (ic_timeline_event_get_text (event), "pager") != NULL;
    }
  g_assert_true (warned);
  ic_store_close (store);
}

static void
test_remote_alert (RemoteFixture *fx,
                   gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "alerts",
                                                 "alertmanager-firing.json", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(IcStore) store = NULL;
  g_autofree char *source = NULL, *key = NULL;
  IcIncident *incident;
  gint64 id;

  start_gui (fx);
  run_binary (fx, NULL, &run, "new", "--from-alert", file, "--title", "Checkout is down",
              "--alert-time", "2026-11-28T07:00:00Z", NULL);
  id = parse_id (&run);
  kill_gui (fx);

  store = open_left_behind (fx);
  incident = ic_store_lookup_incident (store, id);
  g_assert_nonnull (incident);
  /* The explicit options, applied in the same commit as the alert's fields. */
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout is down");
  g_assert_cmpint (ic_incident_get_alert_time (incident), ==, utc ("2026-11-28T07:00:00Z"));
  g_object_get (incident, "alert-source", &source, "alert-dedup-key", &key, NULL);
  g_assert_cmpstr (source, ==, "alertmanager");
  g_assert_nonnull (key);
  g_assert_cmpstr (key, !=, "");
  ic_store_close (store);
  g_clear_object (&store);

  /* The same alert again, after the kill: the incident it made, not a duplicate. */
  start_gui (fx);
  run_binary (fx, NULL, &again, "new", "--from-alert", file, NULL);
  g_assert_cmpint (parse_id (&again), ==, id);
  kill_gui (fx);
  store = open_left_behind (fx);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (store)), ==, 1);
  ic_store_close (store);
}

/* /dev/zero never ends: the read stops one byte past the size limit, in
 * the running app as in a display-less run, and the app stays up. */
static void
test_remote_endless_alert (RemoteFixture *fx,
                           gconstpointer  data)
{
  g_auto(Run) file_run = { 0 };
  g_auto(Run) stdin_run = { 0 };
  g_auto(Run) after = { 0 };

  start_gui (fx);
  run_binary (fx, NULL, &file_run, "new", "--from-alert", "/dev/zero", NULL);
  g_assert_cmpint (file_run.status, ==, 2);
  g_assert_nonnull (strstr (file_run.err, "too large"));
  run_binary (fx, "/dev/zero", &stdin_run, "new", "--from-alert", "-", NULL);
  g_assert_cmpint (stdin_run.status, ==, 2);
  g_assert_nonnull (strstr (stdin_run.err, "too large"));

  /* Answered by the same GUI (a requester that found none would become
   * the GUI itself and never exit). */
  run_binary (fx, NULL, &after, "new", "--title", "Still here", NULL);
  parse_id (&after);
}

static void
test_local_endless_alert (RemoteFixture *fx,
                          gconstpointer  data)
{
  g_auto(Run) file_run = { 0 };
  g_auto(Run) stdin_run = { 0 };

  run_binary (fx, NULL, &file_run, "--database", fx->db, "new", "--no-window", "--from-alert",
              "/dev/zero", NULL);
  g_assert_cmpint (file_run.status, ==, 2);
  g_assert_nonnull (strstr (file_run.err, "too large"));
  run_binary (fx, "/dev/zero", &stdin_run, "--database", fx->db, "new", "--no-window",
              "--from-alert", "-", NULL);
  g_assert_cmpint (stdin_run.status, ==, 2);
  g_assert_nonnull (strstr (stdin_run.err, "too large"));
  /* Refused before the database was even opened. */
  g_assert_false (g_file_test (fx->db, G_FILE_TEST_EXISTS));
}

/* Programs opening one file that does not exist yet, in pairs: the one
 * that waits for the other's schema must see it, not write it again. */
static void
test_fresh_file_race (RemoteFixture *fx,
                      gconstpointer  data)
{
  const guint n_files = 20;

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *db = g_strdup_printf ("%s/race-%u.db", fx->dir, i);
      g_autoptr(GSubprocess) first = NULL, second = NULL;
      g_autoptr(IcStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;

      first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                &error, g_getenv ("IC_BINARY"), "--database", db, "new",
                                "--no-window", "--title", "first", NULL);
      g_assert_no_error (error);
      second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 &error, g_getenv ("IC_BINARY"), "--database", db, "new",
                                 "--no-window", "--title", "second", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (first, NULL, NULL, &out1, &err1, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (second, NULL, NULL, &out2, &err2, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (err1, ==, "");
      g_assert_cmpstr (err2, ==, "");
      g_assert_cmpint (g_subprocess_get_exit_status (first), ==, 0);
      g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
      g_assert_cmpstr (out1, !=, out2);

      store = ic_store_open (db, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (store)), ==, 2);
      ic_store_close (store);
    }
}

/* SIGTERM: the app quits as with Ctrl+Q, after committing what was typed. */
static void
edit_and_terminate_cb (GApplication *app,
                       gpointer      user_data)
{
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;

  incident = ic_application_new_incident (IC_APPLICATION (app), "Typed before logout", NULL,
                                          IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  /* An edit waiting for the autosave delay. */
  ic_incident_set_notes (incident, "The note typed just before SIGTERM");
  g_assert_true (ic_store_get_has_pending_changes (ic_application_get_store (IC_APPLICATION (app))));
  raise (SIGTERM);
}

/* Runs the app on the fixture's file in a child process that @activated
 * ends with SIGTERM, then returns the file's only incident. */
static IcIncident *
incident_after_sigterm (RemoteFixture *fx,
                        const char    *app_id,
                        GCallback      activated)
{
  g_autoptr(IcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  IcIncident *incident;

  if (g_test_subprocess ())
    {
      g_autoptr(IcApplication) app = ic_application_new ();
      const char *argv[] = { "incident-commander", "--database",
                             g_getenv ("IC_TEST_SIGTERM_DB"), NULL };

      g_application_set_application_id (G_APPLICATION (app), app_id);
      g_signal_connect_after (app, "activate", activated, NULL);
      exit (g_application_run (G_APPLICATION (app), 3, (char **) argv));
    }
  /* The child runs this test's set-up again: tell it which file to use. */
  g_setenv ("IC_TEST_SIGTERM_DB", fx->db, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  store = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (store)), ==, 1);
  incident = g_list_model_get_item (ic_store_get_incidents (store), 0);
  ic_store_close (store);
  return incident;
}

static void
test_sigterm_saves (RemoteFixture *fx,
                    gconstpointer  data)
{
  g_autoptr(IcIncident) incident = incident_after_sigterm (
    fx, APP_ID ".SigtermTest", G_CALLBACK (edit_and_terminate_cb));

  g_assert_cmpstr (ic_incident_get_notes (incident), ==, "The note typed just before SIGTERM");
}

/* A title being typed, not yet settled, when SIGTERM comes: the window's
 * closing commits it, and the store's shutdown saves it. */
static void
type_title_and_terminate_cb (GApplication *app,
                             gpointer      user_data)
{
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  IcIncidentView *view;
  GtkWidget *page;
  gint64 until;

  incident = ic_application_new_incident (IC_APPLICATION (app), "New incident", NULL,
                                          IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  view = ic_window_get_view (IC_WINDOW (gtk_application_get_active_window (
    GTK_APPLICATION (app))));
  g_assert_true (gtk_widget_activate_action (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), IC_TYPE_INCIDENT_VIEW,
                                               "breathe_page")), "breathe.skip", NULL));
  page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), IC_TYPE_INCIDENT_VIEW,
                                                    "structure_page"));
  g_assert_true (ic_structure_page_get_incident (IC_STRUCTURE_PAGE (page)) == incident);
  /* Typed where a user types: on the page shown. */
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (page) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (page));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                           page, IC_TYPE_STRUCTURE_PAGE, "title_row")),
                         "Typed before logout");
  /* Typed, not settled: the incident does not have it yet. */
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "New incident");
  raise (SIGTERM);
}

static void
test_sigterm_saves_typed_title (RemoteFixture *fx,
                                gconstpointer  data)
{
  g_autoptr(IcIncident) incident = incident_after_sigterm (
    fx, APP_ID ".SigtermTitleTest", G_CALLBACK (type_title_and_terminate_cb));

  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Typed before logout");
}

/* The libraries only later features need are not loaded by a start: the
 * real program, its window up for a second and a half (scaled), has mapped
 * none of its modules, nor libsoup, libsecret, GtkSourceView or libgit2. */
static void
test_start_loads_no_module (RemoteFixture *fx,
                            gconstpointer  data)
{
  const char *later[] = { "libsoup-3.0", "libsecret-1", "libgtksourceview-5", "libgit2",
                          "libic-http.so", "libic-keyring.so", "libic-markdown-view.so",
                          "libic-git.so" };
  gboolean waited = FALSE;
  g_autofree char *maps_path = NULL;
  g_autofree char *maps = NULL;

  start_gui (fx);
  g_timeout_add (ic_test_scaled_ms (1500), flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  maps_path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (fx->gui));
  g_assert_true (g_file_get_contents (maps_path, &maps, NULL, NULL));
  /* The window's own libraries are there. */
  g_assert_nonnull (strstr (maps, "/libadwaita-1"));
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    {
      g_autofree char *needle = g_strconcat ("/", later[i], NULL);

      if (strstr (maps, needle) != NULL)
        g_error ("%s is loaded at start", later[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *display = NULL;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* One private session bus for the whole program: the GUI's name is
   * fixed, and the tests run one after the other. */
  display = g_strdup (g_getenv ("DISPLAY"));
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  /* GTestDBus unsets DISPLAY (against X11 autolaunch); the GUI needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

#define ADD(path, fn) g_test_add (path, RemoteFixture, NULL, remote_setup, fn, remote_teardown)
  ADD ("/ic/application/remote/new", test_remote_new);
  ADD ("/ic/application/remote/link", test_remote_link);
  ADD ("/ic/application/remote/alert", test_remote_alert);
  ADD ("/ic/application/remote/endless-alert", test_remote_endless_alert);
  ADD ("/ic/application/local/endless-alert", test_local_endless_alert);
  ADD ("/ic/application/local/fresh-file-race", test_fresh_file_race);
  ADD ("/ic/application/sigterm-saves", test_sigterm_saves);
  ADD ("/ic/application/sigterm-saves-typed-title", test_sigterm_saves_typed_title);
  ADD ("/ic/application/start-loads-no-module", test_start_loads_no_module);
#undef ADD

  status = g_test_run ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  return status;
}
