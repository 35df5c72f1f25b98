/* ic-application.c — the AdwApplication: single instance, command line, app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-application"

#include "config.h"

#include <signal.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ic-application-private.h"
#include "ic-drill-catalog.h"
#include "ic-drill-reminder.h"
#include "ic-command-line.h"
#include "ic-new-request.h"
#include "ic-settings.h"
#include "ic-time-input.h"
#include "ic-window.h"

/* How often the app looks for incidents other programs (the command line)
 * wrote to the same database. */
#define REFRESH_INTERVAL_SECONDS 2

struct _IcApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char         *database_path;
  IcStore      *store;
  GError       *store_error;
  IcClock      *clock;
  IcSettings   *settings;
  guint         refresh_id;
  guint         sigterm_id;
  guint         sigint_id;
  gboolean      drill_reminder_checked;
  GThread      *icon_theme_thread;   /* (nullable): loads the icon theme; joined at shutdown */
  GtkIconTheme *loading_icon_theme;  /* (nullable): the theme it loads */
};

G_DEFINE_FINAL_TYPE (IcApplication, ic_application, ADW_TYPE_APPLICATION)

static IcWindow *
get_window (IcApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (IC_IS_WINDOW (l->data))
      return IC_WINDOW (l->data);
  return NULL;
}

/* The icon theme's first lookup loads the theme: the index files of the
 * theme and the themes it inherits, each directory's cache. The window's
 * first frame draws icons, so that load was the first frame's, on the
 * main thread. GtkIconTheme may be looked in from another thread once it
 * is set up (GtkApplication's startup did, the application's own icons
 * included, and it is locked while one looks): from the end of startup a
 * thread looks the application's icon up while the store opens and the
 * window is built and laid out, and the first frame finds the theme
 * loaded, or waits for the rest of the load. */
static gpointer
load_icon_theme_thread (gpointer data)
{
  return GINT_TO_POINTER (gtk_icon_theme_has_icon (data, "incident-commander-symbolic"));
}

static void
start_loading_icon_theme (IcApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (self->icon_theme_thread != NULL || display == NULL)
    return;
  self->loading_icon_theme = g_object_ref (gtk_icon_theme_get_for_display (display));
  self->icon_theme_thread = g_thread_try_new ("ic-icon-theme", load_icon_theme_thread,
                                              self->loading_icon_theme, NULL);
  if (self->icon_theme_thread == NULL)
    g_clear_object (&self->loading_icon_theme);
}

/**
 * _ic_application_join_icon_theme:
 *
 * Waits for the thread that loads the icon theme, if one was started and
 * not joined yet (shutdown joins it too).
 *
 * Returns: whether there was one, and the theme it loaded has the
 *   application's icon
 */
gboolean
_ic_application_join_icon_theme (IcApplication *self)
{
  gboolean found;

  g_return_val_if_fail (IC_IS_APPLICATION (self), FALSE);

  if (self->icon_theme_thread == NULL)
    return FALSE;
  found = GPOINTER_TO_INT (g_thread_join (g_steal_pointer (&self->icon_theme_thread)));
  g_clear_object (&self->loading_icon_theme);
  return found;
}

static IcWindow *
ensure_window (IcApplication *self)
{
  IcWindow *window = get_window (self);

  if (window == NULL)
    window = ic_window_new (GTK_APPLICATION (self), self->store, self->store_error,
                            self->settings, self->clock);
  return window;
}

/* Each failed autosave is retried by the store; the window shows a
 * banner once it keeps failing (IcStore:save-error), not a toast a try. */
static void
store_save_failed_cb (IcStore       *store,
                      const char    *message,
                      IcApplication *self)
{
  g_debug ("Autosave failed: %s", message);
}

/* SIGTERM (logout, `systemctl --user stop`) and SIGINT end the app the way
 * Quit does, with pending edits committed first. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  IcApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !ic_store_flush (self->store, &error))
    g_debug ("Could not save before quitting: %s", error->message);
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  IcApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !ic_store_refresh (self->store, &error))
    g_debug ("Could not refresh the incident list: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* Actions --------------------------------------------------------------- */

static void
new_incident_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  IcApplication *self = user_data;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  IcWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  incident = ic_application_new_incident (self, _("New incident"), NULL, IC_SEVERITY_SEV2,
                                          IC_CREATED_VIA_APP, &error);
  if (incident == NULL)
    ic_window_show_toast (window, error->message);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  IcApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  g_autoptr(GList) copy = g_list_copy (windows);

  /* Closing the windows lets them save their state; the store flushes on
   * shutdown. */
  for (GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  IcApplication *self = user_data;
  const char *developers[] = { _("The Incident Commander developers"), NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Incident Commander"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Incident Commander developers"),
                        "developers", developers,
                        "version", VERSION,
                        "website", "https://github.com/incidentcommander/incident-commander",
                        "issue-url",
                        "https://github.com/incidentcommander/incident-commander/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Stay systematic when you are paged: breathe, structure, "
                                      "three hypotheses, live probes, the two-minute rule and "
                                      "a postmortem that prevents recurrence."),
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

/* "app.show-page('timeline')": for scripts (the screenshot script) and
 * other programs over D-Bus; the window's own switcher does the same. */
static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  IcApplication *self = user_data;
  IcWindow *window = get_window (self);

  if (window != NULL && ic_window_get_view (window) != NULL)
    ic_incident_view_show_page (ic_window_get_view (window), g_variant_get_string (parameter,
                                                                                   NULL));
}

/* "app.start-drill": the drill list, in front (the reminder's action). */
static void
start_drill_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IcApplication *self = user_data;
  IcWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-drill", NULL);
}

/* "app.drill-reminders-off": the reminder's off switch, from the
 * notification itself. */
static void
drill_reminders_off_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  IcApplication *self = user_data;

  g_settings_set_boolean (ic_settings_get_settings (self->settings), "drill-reminder", FALSE);
  g_application_withdraw_notification (G_APPLICATION (self), "drill-reminder");
}

static const GActionEntry app_entries[] = {
  { "new-incident", new_incident_action },
  { "start-drill", start_drill_action },
  { "drill-reminders-off", drill_reminders_off_action },
  { "show-page", show_page_action, "s" },
  { "quit", quit_action },
  { "about", about_action },
};

/* Command line ---------------------------------------------------------- */

/* Reads --from-alert's file (or standard input) in the command-line
 * process, which has no main loop to keep responsive. */
static IcAlert *
read_alert_sync (const char  *from,
                 GError     **error)
{
  g_autoptr(GInputStream) in = NULL;

  if (g_strcmp0 (from, "-") == 0)
    in = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (from);

      in = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (in == NULL)
        return NULL;
    }
  return ic_alert_read_sync (in, NULL, error);
}

/* Applies --alert-time; a bad value is reported before anything is created. */
static gboolean
parse_alert_time (IcApplication   *self,
                  const IcCommand *command,
                  gint64          *alert_time,
                  GError         **error)
{
  *alert_time = 0;
  if (command->alert_time == NULL)
    return TRUE;
  *alert_time = ic_time_input_parse (command->alert_time, ic_clock_get_now (self->clock), NULL,
                                     error);
  if (*alert_time == 0)
    {
      g_prefix_error (error, _("Invalid --alert-time “%s”: "), command->alert_time);
      return FALSE;
    }
  return TRUE;
}

/* Creates the incident a `new` command describes, or finds the open one
 * already imported from the same alert (*existing is then TRUE); either
 * way committed before it returns. */
static IcIncident *
create_from_command (IcStore          *store,
                     const IcCommand  *command,
                     IcAlert          *alert,
                     gint64            alert_time,
                     gboolean         *existing,
                     GError          **error)
{
  g_autoptr(IcIncidentDraft) draft = ic_command_to_draft (command, alert, alert_time);

  return ic_store_create_incident_from_draft (store, draft, existing, error);
}

static int
run_transfer_command (IcStore         *store,
                      const IcCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (command->kind == IC_COMMAND_EXPORT)
    status = ic_command_run_export (command, store, out, &error);
  else
    status = ic_command_run_import (command, store, out, &error);
  ic_store_close (store);
  if (status != 0)
    {
      g_printerr ("incident-commander: %s\n", error->message);
      return status;
    }
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}

static int
run_sources_command (IcStore         *store,
                     const IcCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  int status;

  if (command->kind == IC_COMMAND_SOURCES)
    status = ic_command_run_sources (command, store, out, &error);
  else if (command->kind == IC_COMMAND_SIMILAR)
    status = ic_command_run_similar (command, store, out, &error);
  else
    status = ic_command_run_changes (command, store, out, err, &error);
  ic_store_close (store);
  fwrite (out->str, 1, out->len, stdout);
  fwrite (err->str, 1, err->len, stderr);
  if (error != NULL)
    g_printerr ("incident-commander: %s\n", error->message);
  return status;
}

/* `drill list`: each built-in scenario, what it is and its last run. */
static void
format_drill_list (IcStore *store,
                   GString *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scenarios = ic_drill_catalog_list (&error);

  if (scenarios == NULL)
    {
      g_printerr ("incident-commander: %s\n", error->message);
      return;
    }
  for (guint i = 0; i < scenarios->len; i++)
    {
      const IcScenario *scenario = g_ptr_array_index (scenarios, i);
      g_autofree char *last = ic_drill_catalog_dup_last_run (store, scenario);

      g_string_append_printf (out, "%s\t%s\n\t%s\n\t%s\n", scenario->id, scenario->title,
                              scenario->description, last);
    }
}

static int
run_local_command (IcApplication   *self,
                   const IcCommand *command)
{
  g_autoptr(IcStore) store = NULL;
  g_autoptr(IcAlert) alert = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean existing = FALSE;
  gint64 alert_time = 0;

  if (command->kind == IC_COMMAND_NEW
      && (!parse_alert_time (self, command, &alert_time, &error)
          || (command->from_alert != NULL
              && (alert = read_alert_sync (command->from_alert, &error)) == NULL)))
    {
      g_printerr ("incident-commander: %s\n", error->message);
      return 2;
    }
  store = ic_store_open (self->database_path, self->clock, &error);
  if (store == NULL)
    {
      g_printerr ("incident-commander: %s\n", error->message);
      return 1;
    }
  if (command->kind == IC_COMMAND_EXPORT || command->kind == IC_COMMAND_IMPORT)
    return run_transfer_command (store, command);
  if (command->kind == IC_COMMAND_SOURCES || command->kind == IC_COMMAND_CHANGES
      || command->kind == IC_COMMAND_SIMILAR)
    return run_sources_command (store, command);
  if (command->kind == IC_COMMAND_LIST)
    ic_command_run_list (command, store, out, NULL);
  else if (command->kind == IC_COMMAND_DRILL && command->scenario == NULL)
    format_drill_list (store, out);
  else if (command->kind == IC_COMMAND_DRILL)
    {
      incident = ic_drill_catalog_start (store, command->scenario, &error);
      if (incident == NULL)
        {
          g_printerr ("incident-commander: %s\n", error->message);
          ic_store_close (store);
          return error->domain == IC_SCENARIO_ERROR ? 2 : 1;
        }
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", ic_incident_get_id (incident));
    }
  else if ((incident = create_from_command (store, command, alert, alert_time, &existing,
                                            &error)) == NULL)
    {
      g_printerr ("incident-commander: %s\n", error->message);
      return 1;
    }
  else
    {
      if (existing)
        g_printerr (_("incident-commander: this alert is already incident %lld (still open); "
                      "not creating a duplicate\n"),
                    (long long) ic_incident_get_id (incident));
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", ic_incident_get_id (incident));
    }
  ic_store_close (store);
  g_print ("%s", out->str);
  return 0;
}

static gboolean
ic_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  IcApplication *self = IC_APPLICATION (app);
  g_autoptr(IcCommand) command = NULL;
  g_autoptr(GError) error = NULL;

  /* D-Bus activation: let GApplication handle it. */
  if (g_strv_contains ((const char * const *) *arguments, "--gapplication-service"))
    return G_APPLICATION_CLASS (ic_application_parent_class)
             ->local_command_line (app, arguments, exit_status);

  command = ic_command_parse ((const char * const *) *arguments, &error);
  if (command == NULL)
    {
      g_printerr ("incident-commander: %s\n", error->message);
      *exit_status = 2;
      return TRUE;
    }
  switch (command->kind)
    {
    case IC_COMMAND_HELP:
      {
        g_autofree char *help = ic_command_dup_help ();
        g_print ("%s", help);
        *exit_status = 0;
        return TRUE;
      }
    case IC_COMMAND_VERSION:
      g_print ("incident-commander %s\n", VERSION);
      *exit_status = 0;
      return TRUE;
    case IC_COMMAND_OPEN:
    case IC_COMMAND_OPEN_URI:
    case IC_COMMAND_NEW:
    case IC_COMMAND_LIST:
    case IC_COMMAND_PROBE:
    case IC_COMMAND_EXPORT:
    case IC_COMMAND_IMPORT:
    case IC_COMMAND_DRILL:
    case IC_COMMAND_SOURCES:
    case IC_COMMAND_CHANGES:
    case IC_COMMAND_SIMILAR:
    default:
      break;
    }

  /* Another database means another instance: never hand the request to a
   * running app that works on a different file. */
  if (command->database != NULL)
    {
      ic_application_set_database_path (self, command->database);
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (command->kind == IC_COMMAND_PROBE)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GString) err = g_string_new (NULL);

      *exit_status = ic_command_run_probe (command, out, err);
      g_print ("%s", out->str);
      g_printerr ("%s", err->str);
      return TRUE;
    }
  if (!ic_command_needs_display (command))
    {
      if (self->database_path == NULL)
        self->database_path = ic_store_dup_default_path ();
      *exit_status = run_local_command (self, command);
      return TRUE;
    }
  return G_APPLICATION_CLASS (ic_application_parent_class)
           ->local_command_line (app, arguments, exit_status);
}

/* Shows a freshly created (or found again) incident, at its first step. */
static void
present_incident (IcApplication *self,
                  IcIncident    *incident,
                  gboolean       existing)
{
  ic_window_show_created (ensure_window (self), incident, existing);
}

static void
report_error (IcApplication *self,
              const char    *message)
{
  IcWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  ic_window_show_toast (window, message);
}

static gboolean
check_store (IcApplication  *self,
             GError        **error)
{
  if (self->store != NULL)
    return TRUE;
  g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED,
                       self->store_error ? self->store_error->message
                                         : _("The incident database is not open"));
  return FALSE;
}

/* Creates what @draft describes (committed before this returns, so an id
 * handed to a requester is on disk with everything it asked for) and
 * shows it. */
static IcIncident *
create_and_present (IcApplication          *self,
                    const IcIncidentDraft  *draft,
                    GError                **error)
{
  g_autoptr(IcIncident) incident = NULL;
  gboolean existing = FALSE;

  if (!check_store (self, error))
    return NULL;
  incident = ic_store_create_incident_from_draft (self->store, draft, &existing, error);
  if (incident == NULL)
    return NULL;
  present_incident (self, incident, existing);
  return g_steal_pointer (&incident);
}

/**
 * ic_application_open_uri:
 * @uri: an `incident-commander://new?…` link
 *
 * Creates the incident the link describes. Unknown parameters are ignored
 * and recorded on the incident's timeline; a bad link creates nothing.
 *
 * Returns: (transfer full) (nullable): the incident, committed
 */
IcIncident *
ic_application_open_uri (IcApplication  *self,
                         const char     *uri,
                         GError        **error)
{
  g_autoptr(IcNewRequest) request = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;

  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  request = ic_new_request_parse_uri (uri, ic_clock_get_now (self->clock), error);
  if (request == NULL)
    return NULL;
  draft = ic_new_request_to_draft (request, _("New incident"));
  return create_and_present (self, draft, error);
}

typedef struct
{
  IcApplication           *self;
  GApplicationCommandLine *cmdline;
  IcCommand               *command;
  gint64                   alert_time;
} AlertRead;

static void
alert_read_free (AlertRead *read)
{
  g_application_release (G_APPLICATION (read->self));
  g_object_unref (read->self);
  g_object_unref (read->cmdline);
  ic_command_free (read->command);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AlertRead, alert_read_free)

/* The requester is answered (its id printed, its exit status set) only
 * once the incident is committed with every field it asked for. */
static void
finish_alert_command (AlertRead *read,
                      IcAlert   *alert,
                      GError    *read_error)
{
  g_autoptr(GError) error = read_error;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;

  if (error == NULL)
    {
      draft = ic_command_to_draft (read->command, alert, read->alert_time);
      incident = create_and_present (read->self, draft, &error);
    }
  if (incident == NULL)
    {
      g_application_command_line_printerr (read->cmdline, "incident-commander: %s\n",
                                           error->message);
      g_application_command_line_set_exit_status (read->cmdline, 2);
      report_error (read->self, error->message);
      return;
    }
  g_application_command_line_print (read->cmdline, "%" G_GINT64_FORMAT "\n",
                                    ic_incident_get_id (incident));
}

static void
alert_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AlertRead) read = user_data;
  g_autoptr(IcAlert) alert = NULL;
  GError *error = NULL;

  alert = ic_alert_read_finish (G_INPUT_STREAM (source), result, &error);
  finish_alert_command (read, alert, error);
}

static void
alert_file_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GFileInputStream) in = NULL;
  GError *error = NULL;

  in = g_file_read_finish (G_FILE (source), result, &error);
  if (in == NULL)
    {
      g_autoptr(AlertRead) read = user_data;

      finish_alert_command (read, NULL, error);
      return;
    }
  ic_alert_read_async (G_INPUT_STREAM (in), NULL, alert_read_cb, user_data);
}

/* Reads the alert of a forwarded `new --from-alert` without blocking the
 * running app, and no further than the size limit: the caller's file, or
 * its standard input over D-Bus. */
static void
read_alert_async (IcApplication           *self,
                  GApplicationCommandLine *cmdline,
                  IcCommand               *command,
                  gint64                   alert_time)
{
  AlertRead *read = g_new0 (AlertRead, 1);

  read->self = g_object_ref (self);
  read->cmdline = g_object_ref (cmdline);
  read->command = command;
  read->alert_time = alert_time;
  g_application_hold (G_APPLICATION (self));
  if (g_strcmp0 (command->from_alert, "-") == 0)
    {
      g_autoptr(GInputStream) in = g_application_command_line_get_stdin (cmdline);

      if (in == NULL)
        {
          finish_alert_command (read, NULL,
                                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Cannot read standard input")));
          alert_read_free (read);
          return;
        }
      ic_alert_read_async (in, NULL, alert_read_cb, read);
    }
  else
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline,
                                                                              command->from_alert);
      g_file_read_async (file, G_PRIORITY_DEFAULT, NULL, alert_file_opened_cb, read);
    }
}

static int
run_new_command (IcApplication           *self,
                 GApplicationCommandLine *cmdline,
                 IcCommand               *command)
{
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 alert_time = 0;

  if (!parse_alert_time (self, command, &alert_time, &error))
    {
      g_application_command_line_printerr (cmdline, "incident-commander: %s\n", error->message);
      ic_command_free (command);
      return 2;
    }
  if (command->from_alert != NULL)
    {
      read_alert_async (self, cmdline, command, alert_time);
      return 0;
    }
  draft = ic_command_to_draft (command, NULL, alert_time);
  ic_command_free (command);
  incident = create_and_present (self, draft, &error);
  if (incident == NULL)
    {
      report_error (self, error->message);
      g_application_command_line_printerr (cmdline, "incident-commander: %s\n", error->message);
      return 1;
    }
  g_application_command_line_print (cmdline, "%" G_GINT64_FORMAT "\n",
                                    ic_incident_get_id (incident));
  return 0;
}

static int
run_uri_command (IcApplication           *self,
                 GApplicationCommandLine *cmdline,
                 const IcCommand         *command)
{
  int status = 0;

  for (guint i = 0; command->uris[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcIncident) incident = ic_application_open_uri (self, command->uris[i], &error);

      if (incident == NULL)
        {
          report_error (self, error->message);
          g_application_command_line_printerr (cmdline, "incident-commander: %s\n",
                                               error->message);
          status = 2;
        }
      else
        g_application_command_line_print (cmdline, "%" G_GINT64_FORMAT "\n",
                                          ic_incident_get_id (incident));
    }
  return status;
}

/* `drill SCENARIO|FILE` with a display: a file's path is the caller's. */
static int
run_drill_command (IcApplication           *self,
                   GApplicationCommandLine *cmdline,
                   const IcCommand         *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *name = NULL;

  if (strchr (command->scenario, '/') != NULL || g_str_has_suffix (command->scenario, ".json"))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline,
                                                                              command->scenario);

      name = g_file_get_path (file);
    }
  if (check_store (self, &error))
    incident = ic_drill_catalog_start (self->store, name ? name : command->scenario, &error);
  if (incident == NULL)
    {
      g_application_command_line_printerr (cmdline, "incident-commander: %s\n", error->message);
      return error->domain == IC_SCENARIO_ERROR ? 2 : 1;
    }
  present_incident (self, incident, FALSE);
  g_application_command_line_print (cmdline, "%" G_GINT64_FORMAT "\n",
                                    ic_incident_get_id (incident));
  return 0;
}

static int
ic_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  IcApplication *self = IC_APPLICATION (app);
  g_auto(GStrv) argv = g_application_command_line_get_arguments (cmdline, NULL);
  g_autoptr(IcCommand) command = NULL;
  g_autoptr(GError) error = NULL;

  command = ic_command_parse ((const char * const *) argv, &error);
  if (command == NULL)
    {
      g_application_command_line_printerr (cmdline, "incident-commander: %s\n", error->message);
      return 2;
    }
  switch (command->kind)
    {
    case IC_COMMAND_NEW:
      return run_new_command (self, cmdline, g_steal_pointer (&command));
    case IC_COMMAND_OPEN_URI:
      return run_uri_command (self, cmdline, command);
    case IC_COMMAND_DRILL:
      return run_drill_command (self, cmdline, command);
    case IC_COMMAND_OPEN:
    case IC_COMMAND_LIST:
    case IC_COMMAND_PROBE:
    case IC_COMMAND_EXPORT:
    case IC_COMMAND_IMPORT:
    case IC_COMMAND_SOURCES:
    case IC_COMMAND_CHANGES:
    case IC_COMMAND_SIMILAR:
    case IC_COMMAND_HELP:
    case IC_COMMAND_VERSION:
    default:
      g_application_activate (app);
      return 0;
    }
}

/* D-Bus activation of a link (the desktop file is DBusActivatable). */
static void
ic_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  IcApplication *self = IC_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(IcIncident) incident = ic_application_open_uri (self, uri, &error);

      if (incident == NULL)
        report_error (self, error->message);
    }
}

/* Life cycle ------------------------------------------------------------ */

/* Every key of an application or window action, in one place: the
 * shortcuts window (ui/ic-shortcuts-window.ui) shows these by action. Keys
 * that only work inside one page (Ctrl+Enter at the end of a step) are
 * that page's, and the shortcuts window names them itself. */
static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.new-incident", { "<Control>n", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.paste-alert", { "<Control><Shift>v", NULL } },
  { "win.status-update", { "<Control>u", NULL } },
  { "win.note", { "<Control><Shift>n", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.show-page::structure", { "<Alt>1", NULL } },
  { "win.show-page::hypotheses", { "<Alt>2", NULL } },
  { "win.show-page::probes", { "<Alt>3", NULL } },
  { "win.show-page::timeline", { "<Alt>4", NULL } },
  { "win.show-page::details", { "<Alt>5", NULL } },
  { "win.show-page::postmortem", { "<Alt>6", NULL } },
  { "win.next-page", { "<Control>Page_Down", NULL } },
  { "win.previous-page", { "<Control>Page_Up", NULL } },
  { "win.decision-tree", { "F6", NULL } },
  { "win.drill-pause", { "<Control>p", NULL } },
  { "win.refresh-changes", { "F5", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
ic_application_startup (GApplication *app)
{
  IcApplication *self = IC_APPLICATION (app);

  G_APPLICATION_CLASS (ic_application_parent_class)->startup (app);
  start_loading_icon_theme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, self);

  self->settings = ic_settings_new (APP_ID);
  if (self->database_path == NULL)
    self->database_path = ic_store_dup_default_path ();
  g_clear_error (&self->store_error);
  /* The window shows the list's first page first: the rest is read when
   * the main loop is idle, so the start does not grow with the list. */
  self->store = ic_store_open_with_flags (self->database_path, self->clock,
                                          IC_STORE_OPEN_LIST_IN_PAGES, &self->store_error);
  if (self->store != NULL)
    {
      g_signal_connect_object (self->store, "save-failed", G_CALLBACK (store_save_failed_cb),
                               self, 0);
      self->refresh_id = g_timeout_add_seconds (REFRESH_INTERVAL_SECONDS, refresh_cb, self);
    }
  else
    g_debug ("Cannot open the store: %s", self->store_error->message);
}

/**
 * ic_application_check_drill_reminder:
 *
 * Sends the "time for a drill" notification when it is due
 * (ic_drill_reminder_is_due(): the last drill, or the first look, an
 * interval ago; the settings' off switch and interval) and records that it
 * did. The first call records the first look.
 *
 * Returns: whether the notification was sent
 */
gboolean
ic_application_check_drill_reminder (IcApplication *self)
{
  GSettings *settings;
  IcDrillReminderState state = { 0, };
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gint64 now;

  g_return_val_if_fail (IC_IS_APPLICATION (self), FALSE);

  if (self->store == NULL || self->settings == NULL)
    return FALSE;
  settings = ic_settings_get_settings (self->settings);
  now = ic_clock_get_now (self->clock);
  state.enabled = g_settings_get_boolean (settings, "drill-reminder");
  state.interval_days = g_settings_get_uint (settings, "drill-reminder-days");
  state.since = g_settings_get_int64 (settings, "drill-reminder-since");
  state.reminded_at = g_settings_get_int64 (settings, "drill-reminded-at");
  if (state.since == 0)
    g_settings_set_int64 (settings, "drill-reminder-since", now);
  if (!ic_store_get_last_drill_time (self->store, &state.last_drill_at, &error))
    {
      g_debug ("No drill reminder: %s", error->message);
      return FALSE;
    }
  if (!ic_drill_reminder_is_due (&state, now))
    return FALSE;

  if (state.last_drill_at != 0)
    {
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (state.last_drill_at
                                                                   / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (last, "%x");
      guint days = ic_drill_reminder_days_since (state.last_drill_at, now);

      /* Translators: %s is a date, %u a number of days */
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The last drill was on %s, %u day ago. Practise the "
                                           "first minutes before the next page does it for you.",
                                           "The last drill was on %s, %u days ago. Practise the "
                                           "first minutes before the next page does it for you.",
                                           days), date, days);
    }
  else
    body = g_strdup (_("No drill yet. Practise the first minutes before the next page does it "
                       "for you."));
  notification = g_notification_new (_("Time for a Drill"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.start-drill");
  g_notification_add_button (notification, _("Start a Drill…"), "app.start-drill");
  g_notification_add_button (notification, _("Turn Off Reminders"), "app.drill-reminders-off");
  g_application_send_notification (G_APPLICATION (self), "drill-reminder", notification);
  g_settings_set_int64 (settings, "drill-reminded-at", now);
  return TRUE;
}

static void
ic_application_activate (GApplication *app)
{
  IcApplication *self = IC_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  /* Once a run, when the window is there to start the drill from. */
  if (!self->drill_reminder_checked)
    {
      self->drill_reminder_checked = TRUE;
      ic_application_check_drill_reminder (self);
    }
}

static void
ic_application_shutdown (GApplication *app)
{
  IcApplication *self = IC_APPLICATION (app);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->store != NULL)
    ic_store_close (self->store);
  _ic_application_join_icon_theme (self);

  G_APPLICATION_CLASS (ic_application_parent_class)->shutdown (app);
}

static void
ic_application_dispose (GObject *object)
{
  IcApplication *self = IC_APPLICATION (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  _ic_application_join_icon_theme (self);

  G_OBJECT_CLASS (ic_application_parent_class)->dispose (object);
}

static void
ic_application_finalize (GObject *object)
{
  IcApplication *self = IC_APPLICATION (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (ic_application_parent_class)->finalize (object);
}

static void
ic_application_class_init (IcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ic_application_dispose;
  object_class->finalize = ic_application_finalize;
  app_class->local_command_line = ic_application_local_command_line;
  app_class->command_line = ic_application_command_line;
  app_class->open = ic_application_open;
  app_class->startup = ic_application_startup;
  app_class->activate = ic_application_activate;
  app_class->shutdown = ic_application_shutdown;
}

static void
ic_application_init (IcApplication *self)
{
  self->clock = ic_clock_new_system ();
}

/* Public API ------------------------------------------------------------ */

/**
 * ic_application_new:
 *
 * Returns: (transfer full): the application, single instance unless a
 *   database is given on the command line
 */
IcApplication *
ic_application_new (void)
{
  return g_object_new (IC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE
                                | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * ic_application_get_store:
 *
 * Returns: (transfer none) (nullable): the store, or %NULL if the database
 *   could not be opened (see ic_application_get_store_error())
 */
IcStore *
ic_application_get_store (IcApplication *self)
{
  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);
  return self->store;
}

const GError *
ic_application_get_store_error (IcApplication *self)
{
  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);
  return self->store_error;
}

IcClock *
ic_application_get_clock (IcApplication *self)
{
  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);
  return self->clock;
}

const char *
ic_application_get_database_path (IcApplication *self)
{
  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);
  return self->database_path;
}

/**
 * ic_application_set_database_path:
 *
 * Sets the database to open at startup; only before the app starts.
 */
void
ic_application_set_database_path (IcApplication *self,
                                  const char    *path)
{
  g_return_if_fail (IC_IS_APPLICATION (self));
  g_return_if_fail (self->store == NULL);

  g_free (self->database_path);
  self->database_path = g_strdup (path);
}

/**
 * ic_application_new_incident:
 *
 * Creates an incident, shows the window and selects it there.
 *
 * Returns: (transfer full) (nullable): the incident
 */
IcIncident *
ic_application_new_incident (IcApplication  *self,
                             const char     *title,
                             const char     *service,
                             IcSeverity      severity,
                             IcCreatedVia    via,
                             GError        **error)
{
  g_autoptr(IcIncidentDraft) draft = NULL;

  g_return_val_if_fail (IC_IS_APPLICATION (self), NULL);

  draft = ic_incident_draft_new (title, severity, via);
  draft->service = g_strdup (service);
  return create_and_present (self, draft, error);
}
