/* ic-command-line.c — parsing and the display-less subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-command-line"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ic-command-line.h"
#include "ic-probe.h"
#include "ic-redact.h"

typedef struct
{
  char    *database;
  char    *title;
  char    *service;
  char    *severity;
  char    *alert_time;
  char    *from_alert;
  gboolean no_window;
  gboolean json;
  int      timeout_ms;
  char    *method;
  GStrv    headers;
  char    *ca_file;
  char    *format;
  char    *output;
  char    *git;
  char    *feed;
  char    *branch;
  GStrv    paths;
  char    *mapping;
  int      window_minutes;
  gboolean help;
  gboolean version;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->database);
  g_free (o->title);
  g_free (o->service);
  g_free (o->severity);
  g_free (o->alert_time);
  g_free (o->from_alert);
  g_free (o->format);
  g_free (o->output);
  g_free (o->method);
  g_strfreev (o->headers);
  g_free (o->ca_file);
  g_free (o->git);
  g_free (o->feed);
  g_free (o->branch);
  g_strfreev (o->paths);
  g_free (o->mapping);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static GOptionContext *
make_context (Options       *o,
              IcCommandKind  kind)
{
  const GOptionEntry global[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &o->database,
      N_("Use the incident database at PATH"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, N_("Print the version and exit"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o->help, N_("Show this help and exit"), NULL },
    { NULL }
  };
  const GOptionEntry new_entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &o->title, N_("Title of the incident"), N_("TITLE") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &o->service, N_("Affected service"),
      N_("SERVICE") },
    { "severity", 0, 0, G_OPTION_ARG_STRING, &o->severity,
      N_("Severity: sev1, sev2, sev3 or sev4 (default sev2)"), N_("SEV") },
    { "alert-time", 0, 0, G_OPTION_ARG_STRING, &o->alert_time,
      N_("When the alert fired: 07:58, 2026-11-28T07:58:00Z or 5m"), N_("TIME") },
    { "from-alert", 0, 0, G_OPTION_ARG_FILENAME, &o->from_alert,
      N_("Pre-fill from a PagerDuty v3 or Alertmanager v4 webhook JSON file (- for stdin)"),
      N_("FILE") },
    { "no-window", 0, 0, G_OPTION_ARG_NONE, &o->no_window,
      N_("Only create the incident and print its id"), NULL },
    { NULL }
  };
  const GOptionEntry drill_entries[] = {
    { "no-window", 0, 0, G_OPTION_ARG_NONE, &o->no_window,
      N_("Only start the drill and print its incident’s id"), NULL },
    { NULL }
  };
  const GOptionEntry list_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the list as JSON"), NULL },
    { NULL }
  };
  const GOptionEntry probe_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the sample as JSON"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout_ms,
      N_("Give up after MS milliseconds (default 5000)"), N_("MS") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method,
      N_("Send an HTTP request with METHOD instead of GET"), N_("METHOD") },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &o->headers,
      N_("Send an HTTP header; repeat for more"), N_("“NAME: VALUE”") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &o->ca_file,
      N_("Trust the CAs in FILE (PEM) instead of the system’s"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry export_entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &o->format,
      N_("markdown (the default) or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry sources_entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &o->service,
      N_("The service whose incidents read it (default: every incident)"), N_("SERVICE") },
    { "git", 0, 0, G_OPTION_ARG_FILENAME, &o->git, N_("A local git repository"), N_("PATH") },
    { "feed", 0, 0, G_OPTION_ARG_STRING, &o->feed, N_("A deployment feed (JSON over HTTP)"),
      N_("URL") },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &o->branch, N_("Read this branch (default: HEAD)"),
      N_("BRANCH") },
    { "path", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->paths,
      N_("Only commits touching PATH (a folder or a glob); repeat for more"), N_("PATH") },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &o->mapping,
      N_("A feed of another shape: a JSON object of JSONPath expressions"), N_("JSON") },
    { "window", 0, 0, G_OPTION_ARG_INT, &o->window_minutes,
      N_("Read MINUTES before the alert (default 120)"), N_("MINUTES") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the list as JSON"), NULL },
    { NULL }
  };
  const GOptionEntry changes_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the changes as JSON"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global, GETTEXT_PACKAGE);
  if (kind == IC_COMMAND_NEW)
    g_option_context_add_main_entries (context, new_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_LIST)
    g_option_context_add_main_entries (context, list_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_PROBE)
    g_option_context_add_main_entries (context, probe_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_EXPORT)
    g_option_context_add_main_entries (context, export_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_DRILL)
    g_option_context_add_main_entries (context, drill_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_SOURCES)
    g_option_context_add_main_entries (context, sources_entries, GETTEXT_PACKAGE);
  else if (kind == IC_COMMAND_CHANGES || kind == IC_COMMAND_SIMILAR)
    g_option_context_add_main_entries (context, changes_entries, GETTEXT_PACKAGE);
  return context;
}

/* probe's --method, --header and --ca-file, checked as the probe form
 * checks them; on the command line an Authorization header is allowed:
 * nothing is stored. */
static gboolean
parse_request (IcCommand  *command,
               Options    *o,
               GError    **error)
{
  g_autofree char *headers = o->headers ? g_strjoinv ("\n", o->headers) : NULL;

  if (!ic_probe_check_method (o->method, error)
      || !ic_probe_check_header_lines (headers, error)
      || !ic_probe_check_ca_file (o->ca_file, error))
    return FALSE;
  command->method = g_strdup (o->method);
  command->headers = g_steal_pointer (&headers);
  command->ca_file = g_strdup (o->ca_file);
  return TRUE;
}

/* The subcommand is the first argument that is neither an option nor the
 * value of --database. */
static int
find_subcommand (const char * const *argv)
{
  for (int i = 1; argv[i] != NULL; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        return argv[i + 1] != NULL ? i + 1 : -1;
      if (strcmp (argv[i], "--database") == 0 && argv[i + 1] != NULL)
        {
          i++;
          continue;
        }
      if (argv[i][0] != '-')
        return i;
    }
  return -1;
}

static gboolean
fill_command (IcCommand  *command,
              Options    *o,
              GError    **error)
{
  command->database = g_steal_pointer (&o->database);
  command->alert_time = g_steal_pointer (&o->alert_time);
  command->from_alert = g_steal_pointer (&o->from_alert);
  command->title = g_steal_pointer (&o->title);
  command->service = g_steal_pointer (&o->service);
  command->no_window = o->no_window;
  command->json = o->json;
  command->severity = IC_SEVERITY_SEV2;

  if (command->database != NULL && *command->database == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--database needs a file path"));
      return FALSE;
    }
  if (o->severity != NULL && !ic_severity_from_string (o->severity, &command->severity))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Invalid severity “%s”: use sev1, sev2, sev3 or sev4"), o->severity);
      return FALSE;
    }
  if (command->from_alert != NULL && *command->from_alert == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--from-alert needs a file, or - for standard input"));
      return FALSE;
    }
  if (command->alert_time != NULL && *g_strstrip (command->alert_time) == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--alert-time must not be empty"));
      return FALSE;
    }
  if (command->title != NULL && *g_strstrip (command->title) == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--title must not be empty"));
      return FALSE;
    }
  if (o->help)
    command->kind = IC_COMMAND_HELP;
  else if (o->version)
    command->kind = IC_COMMAND_VERSION;
  return TRUE;
}

/* `incident-commander [--database PATH] URI…`, as the desktop file's %U
 * passes links. The links themselves are validated when they are opened. */
static IcCommand *
parse_uris (const char * const  *argv,
            int                  first,
            GError             **error)
{
  g_autoptr(IcCommand) command = g_new0 (IcCommand, 1);
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();

  command->kind = IC_COMMAND_OPEN_URI;
  command->severity = IC_SEVERITY_SEV2;
  for (int i = 1; argv[i] != NULL; i++)
    {
      if (strcmp (argv[i], "--database") == 0 && argv[i + 1] != NULL && i < first)
        {
          g_free (command->database);
          command->database = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--database=") && i < first)
        {
          g_free (command->database);
          command->database = g_strdup (argv[i] + strlen ("--database="));
        }
      else if (g_ascii_strncasecmp (argv[i], "incident-commander:", 19) == 0)
        g_strv_builder_add (uris, argv[i]);
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("Unexpected argument “%s” (try --help)"), argv[i]);
          return NULL;
        }
    }
  command->uris = g_strv_builder_end (uris);
  return g_steal_pointer (&command);
}

/* export ID [--format markdown|json] [-o FILE] and import FILE */
static gboolean
parse_transfer (IcCommand  *command,
                Options    *o,
                GStrv       args,
                GError    **error)
{
  guint64 id = 0;

  if (args[1] == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           command->kind == IC_COMMAND_EXPORT
                             ? _("export needs an incident id (see the list command)")
                             : _("import needs a FILE made by export --format json "
                                 "(- for standard input)"));
      return FALSE;
    }
  if (command->kind == IC_COMMAND_IMPORT)
    {
      command->path = g_strdup (args[1]);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (args[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an incident id: ids are whole numbers such as 7"), args[1]);
      return FALSE;
    }
  if (o->format != NULL && g_strcmp0 (o->format, "markdown") != 0
      && g_strcmp0 (o->format, "json") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown export format “%s”: use markdown or json"), o->format);
      return FALSE;
    }
  command->incident_id = (gint64) id;
  command->export_json = g_strcmp0 (o->format, "json") == 0;
  command->path = g_steal_pointer (&o->output);
  return TRUE;
}

static gboolean
parse_id (const char  *arg,
          gint64      *id,
          GError     **error)
{
  guint64 value;

  if (arg == NULL || !g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an id: ids are whole numbers such as 7"), arg ? arg : "");
      return FALSE;
    }
  *id = (gint64) value;
  return TRUE;
}

/* sources add (--git PATH | --feed URL) […], sources list, sources remove
 * ID; a relative repository path is the caller's, made absolute here. */
static gboolean
parse_sources (IcCommand  *command,
               Options    *o,
               GStrv       args,
               GError    **error)
{
  const char *action = args[1];

  if (action == NULL || !g_strv_contains ((const char * const[]) { "add", "list", "remove", NULL },
                                          action))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("sources needs add, list or remove"));
      return FALSE;
    }
  command->sources_action = g_strdup (action);
  if (g_str_equal (action, "remove"))
    return parse_id (args[2], &command->source_id, error);
  if (!g_str_equal (action, "add"))
    return TRUE;
  if ((o->git == NULL) == (o->feed == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("sources add needs --git PATH or --feed URL (one of them)"));
      return FALSE;
    }
  if (o->window_minutes < 0 || o->window_minutes > 10080)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--window must be between 1 and 10080 minutes"));
      return FALSE;
    }
  if (o->git != NULL)
    command->git = g_canonicalize_filename (o->git, NULL);
  command->feed = g_steal_pointer (&o->feed);
  command->branch = g_steal_pointer (&o->branch);
  command->paths = g_steal_pointer (&o->paths);
  command->mapping = g_steal_pointer (&o->mapping);
  command->window_minutes = o->window_minutes;
  return TRUE;
}

/**
 * ic_command_parse:
 * @argv: the full argument vector, program name first; not modified
 *
 * Returns: (transfer full) (nullable): the command, or %NULL with a
 *   #G_OPTION_ERROR whose message is one line, ready for stderr
 */
IcCommand *
ic_command_parse (const char * const  *argv,
                  GError             **error)
{
  g_autoptr(IcCommand) command = g_new0 (IcCommand, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_auto(Options) o = { 0 };
  g_auto(GStrv) args = NULL;
  guint extra;
  int sub;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  sub = find_subcommand (argv);
  command->kind = IC_COMMAND_OPEN;
  if (sub > 0 && strcmp (argv[sub], "new") == 0)
    command->kind = IC_COMMAND_NEW;
  else if (sub > 0 && strcmp (argv[sub], "list") == 0)
    command->kind = IC_COMMAND_LIST;
  else if (sub > 0 && strcmp (argv[sub], "probe") == 0)
    command->kind = IC_COMMAND_PROBE;
  else if (sub > 0 && strcmp (argv[sub], "export") == 0)
    command->kind = IC_COMMAND_EXPORT;
  else if (sub > 0 && strcmp (argv[sub], "import") == 0)
    command->kind = IC_COMMAND_IMPORT;
  else if (sub > 0 && strcmp (argv[sub], "drill") == 0)
    command->kind = IC_COMMAND_DRILL;
  else if (sub > 0 && strcmp (argv[sub], "sources") == 0)
    command->kind = IC_COMMAND_SOURCES;
  else if (sub > 0 && strcmp (argv[sub], "changes") == 0)
    command->kind = IC_COMMAND_CHANGES;
  else if (sub > 0 && strcmp (argv[sub], "similar") == 0)
    command->kind = IC_COMMAND_SIMILAR;
  else if (sub > 0 && g_ascii_strncasecmp (argv[sub], "incident-commander:", 19) == 0)
    return parse_uris (argv, sub, error);
  else if (sub > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                   _("Unknown command “%s” (try --help)"), argv[sub]);
      return NULL;
    }

  /* g_option_context_parse_strv() removes what it parsed; parse a copy
   * without the subcommand word so leftovers are real mistakes. */
  args = g_new0 (char *, g_strv_length ((char **) argv) + 1);
  for (int i = 0, j = 0; argv[i] != NULL; i++)
    if (i != sub)
      args[j++] = g_strdup (argv[i]);

  context = make_context (&o, command->kind);
  if (!g_option_context_parse_strv (context, &args, error))
    return NULL;
  if (command->kind == IC_COMMAND_PROBE)
    {
      if (args[1] == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("probe needs a SPEC, e.g. https://host/health or "
                                 "tcp://host:port"));
          return NULL;
        }
      command->probe_spec = g_strdup (args[1]);
      if (o.timeout_ms < 0 || o.timeout_ms > 600000)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--timeout must be between 1 and 600000 milliseconds"));
          return NULL;
        }
      command->timeout_ms = o.timeout_ms;
      if (!parse_request (command, &o, error))
        return NULL;
    }
  if ((command->kind == IC_COMMAND_EXPORT || command->kind == IC_COMMAND_IMPORT)
      && !parse_transfer (command, &o, args, error))
    return NULL;
  if (command->kind == IC_COMMAND_DRILL)
    {
      if (args[1] == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("drill needs a SCENARIO (or a scenario FILE), or “list”"));
          return NULL;
        }
      if (strcmp (args[1], "list") != 0)
        command->scenario = g_strdup (args[1]);
    }
  if (command->kind == IC_COMMAND_SOURCES && !parse_sources (command, &o, args, error))
    return NULL;
  if ((command->kind == IC_COMMAND_CHANGES || command->kind == IC_COMMAND_SIMILAR)
      && !parse_id (args[1], &command->incident_id, error))
    return NULL;
  /* The commands with an operand have checked that args[1] is there. */
  extra = command->kind == IC_COMMAND_PROBE || command->kind == IC_COMMAND_EXPORT
          || command->kind == IC_COMMAND_IMPORT || command->kind == IC_COMMAND_DRILL
          || command->kind == IC_COMMAND_SOURCES || command->kind == IC_COMMAND_CHANGES
          || command->kind == IC_COMMAND_SIMILAR ? 2 : 1;
  if (command->kind == IC_COMMAND_SOURCES && g_strcmp0 (command->sources_action, "remove") == 0)
    extra = 3;
  if (args[extra] != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s” (try --help)"), args[extra]);
      return NULL;
    }
  if (!fill_command (command, &o, error))
    return NULL;
  return g_steal_pointer (&command);
}

void
ic_command_free (IcCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->database);
  g_free (command->title);
  g_free (command->service);
  g_free (command->alert_time);
  g_free (command->from_alert);
  g_strfreev (command->uris);
  g_free (command->probe_spec);
  g_free (command->method);
  g_free (command->headers);
  g_free (command->ca_file);
  g_free (command->path);
  g_free (command->scenario);
  g_free (command->sources_action);
  g_free (command->git);
  g_free (command->feed);
  g_free (command->branch);
  g_strfreev (command->paths);
  g_free (command->mapping);
  g_free (command);
}

/**
 * ic_command_dup_help:
 *
 * Returns: (transfer full): the text printed by --help
 */
char *
ic_command_dup_help (void)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = make_context (&o, IC_COMMAND_OPEN);
  g_autofree char *global_help = NULL;
  GString *help = g_string_new (NULL);

  g_option_context_set_summary (
    context, _("Commands:\n"
               "  (none)                Open Incident Commander\n"
               "  new [OPTION…]         Start a new incident and open it\n"
               "      --title TITLE     Title of the incident\n"
               "      --service SERVICE Affected service\n"
               "      --severity SEV    sev1, sev2, sev3 or sev4 (default sev2)\n"
               "      --alert-time TIME When the alert fired (07:58, ISO-8601, 5m)\n"
               "      --from-alert FILE Pre-fill from a PagerDuty or Alertmanager\n"
               "                        webhook JSON file; - reads standard input\n"
               "      --no-window       Only create it and print its id\n"
               "  list [--json]         List incidents, open first\n"
               "  probe SPEC [--json] [--timeout MS] [--method M] [-H 'Name: value']… "
               "[--ca-file FILE]\n"
               "                        Run one check: https://…, prometheus+http://…/?query=…,\n"
               "                        tcp://host:port, dns://name. Exit status 0 ok,\n"
               "                        1 degraded, 2 failing, 3 error, 64 bad SPEC\n"
               "  export ID [--format markdown|json] [-o FILE]\n"
               "                        Write an incident and its postmortem as Markdown,\n"
               "                        or all of its data as JSON\n"
               "  import FILE           Add an incident from a JSON export (- for stdin)\n"
               "  drill list            List the drill scenarios and their last runs\n"
               "  drill SCENARIO|FILE [--no-window]\n"
               "                        Start a drill: an incident replayed offline\n"
               "  sources list [--json] Where changes are read from, and how each last read went\n"
               "  sources add (--git PATH [--branch B] [--path P]… | --feed URL [--mapping JSON])\n"
               "              [--service SERVICE] [--window MINUTES]\n"
               "                        Read changes from a repository or a deployment feed\n"
               "  sources remove ID     Stop reading a source (its changes stay)\n"
               "  changes ID [--json]   Read incident ID's change sources and print its changes\n"
               "  similar ID [--json]   Past incidents like incident ID (not drills), most alike\n"
               "                        first, with their root cause, detection gap and fix\n"
               "  URI…                  Open incident-commander://new?title=…&service=…\n"
               "                        &severity=…&alert_time=… links"));
  global_help = g_option_context_get_help (context, TRUE, NULL);
  g_string_append (help, global_help);
  return g_string_free (help, FALSE);
}

/**
 * ic_command_needs_display:
 *
 * Returns: %TRUE if @command shows a window (and so goes to the running
 *   instance, if there is one)
 */
gboolean
ic_command_needs_display (const IcCommand *command)
{
  g_return_val_if_fail (command != NULL, FALSE);

  switch (command->kind)
    {
    case IC_COMMAND_OPEN:
    case IC_COMMAND_OPEN_URI:
      return TRUE;
    case IC_COMMAND_NEW:
      return !command->no_window;
    case IC_COMMAND_DRILL:
      return command->scenario != NULL && !command->no_window;
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
      return FALSE;
    }
}

/**
 * ic_command_get_title:
 *
 * Returns: the title for a new incident: the given one or a default
 */
const char *
ic_command_get_title (const IcCommand *command)
{
  g_return_val_if_fail (command != NULL, NULL);
  return command->title != NULL ? command->title : _("New incident");
}

/**
 * ic_command_to_draft:
 * @alert: (nullable): the alert of `--from-alert`
 * @alert_time: the parsed `--alert-time`, or 0
 *
 * Maps a `new` command onto a new incident. With an alert, the options
 * given explicitly win over what the alert said.
 *
 * Returns: (transfer full): the draft
 */
IcIncidentDraft *
ic_command_to_draft (const IcCommand *command,
                     IcAlert         *alert,
                     gint64           alert_time)
{
  IcIncidentDraft *draft;

  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (alert == NULL || IC_IS_ALERT (alert), NULL);

  if (alert != NULL)
    {
      draft = ic_alert_to_draft (alert);
      if (command->title != NULL)
        {
          g_free (draft->title);
          draft->title = g_strdup (command->title);
        }
    }
  else
    draft = ic_incident_draft_new (ic_command_get_title (command), command->severity,
                                   IC_CREATED_VIA_CLI);
  if (command->service != NULL)
    {
      g_free (draft->service);
      draft->service = g_strdup (command->service);
    }
  if (alert_time != 0)
    draft->alert_time = alert_time;
  return draft;
}

static char *
format_time_utc (gint64 us)
{
  g_autoptr(GDateTime) dt = NULL;

  if (us == 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
format_time_local (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/**
 * ic_format_incident_list_json:
 * @incidents: a #GListModel of #IcIncident
 *
 * Returns: (transfer full): a pretty-printed JSON array, one object per
 *   incident, with times in ISO-8601 UTC
 */
char *
ic_format_incident_list_json (GListModel *incidents)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(IcIncident) incident = g_list_model_get_item (incidents, i);
      g_autofree char *created = format_time_utc (ic_incident_get_created_at (incident));
      g_autofree char *alert = format_time_utc (ic_incident_get_alert_time (incident));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, ic_incident_get_id (incident));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, ic_incident_get_title (incident));
      json_builder_set_member_name (builder, "service");
      json_builder_add_string_value (builder, ic_incident_get_service (incident));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder,
                                     ic_severity_to_string (ic_incident_get_severity (incident)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (
        builder, ic_incident_status_to_string (ic_incident_get_status (incident)));
      json_builder_set_member_name (builder, "open");
      json_builder_add_boolean_value (builder, ic_incident_get_is_open (incident));
      json_builder_set_member_name (builder, "drill");
      json_builder_add_boolean_value (builder, ic_incident_get_drill (incident));
      json_builder_set_member_name (builder, "created_via");
      json_builder_add_string_value (
        builder, ic_created_via_to_string (ic_incident_get_created_via (incident)));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "alert_time");
      json_builder_add_string_value (builder, alert);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
format_list_text (GListModel *incidents,
                  GString    *out)
{
  guint n = g_list_model_get_n_items (incidents);

  if (n == 0)
    {
      g_string_append (out, _("No incidents.\n"));
      return;
    }
  g_string_append_printf (out, "%-6s  %-13s  %-4s  %-16s  %-18s  %s\n", _("ID"), _("STATUS"),
                          _("SEV"), _("ALERT TIME"), _("SERVICE"), _("TITLE"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcIncident) incident = g_list_model_get_item (incidents, i);
      g_autofree char *alert = format_time_local (ic_incident_get_alert_time (incident));
      const char *service = ic_incident_get_service (incident);

      g_string_append_printf (out, "%-6" G_GINT64_FORMAT "  %-13s  %-4s  %-16s  %-18s  %s\n",
                              ic_incident_get_id (incident),
                              ic_incident_status_to_string (ic_incident_get_status (incident)),
                              ic_severity_to_string (ic_incident_get_severity (incident)), alert,
                              *service ? service : "-", ic_incident_get_title (incident));
    }
}

/**
 * ic_command_run_list:
 * @out: receives what goes to standard output
 *
 * Returns: %TRUE on success
 */
gboolean
ic_command_run_list (const IcCommand  *command,
                     IcStore          *store,
                     GString          *out,
                     GError          **error)
{
  GListModel *incidents;

  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (IC_IS_STORE (store), FALSE);

  incidents = ic_store_get_incidents (store);
  if (command->json)
    {
      g_autofree char *json = ic_format_incident_list_json (incidents);

      g_string_append (out, json);
      g_string_append_c (out, '\n');
    }
  else
    format_list_text (incidents, out);
  return TRUE;
}

/* One cell of the node table: a count, or a dash when unknown. */
static char *
format_count (gint64 value)
{
  return value >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("-");
}

static void
format_probe_node (const IcProbeNode *node,
                   GString           *out)
{
  g_autofree char *clients = format_count (node->connected_clients);
  g_autofree char *limit = format_count (node->maxclients);
  g_autofree char *use = node->has_utilisation ? g_strdup_printf ("%.1f %%", node->utilisation)
                                               : g_strdup ("-");
  g_autofree char *latency = node->latency_us >= 0
                               ? g_strdup_printf (_("%.1f ms"), node->latency_us / 1000.0)
                               : g_strdup ("-");

  g_string_append_printf (out, "  %-22s %-10s %8s %10s %8s %10s", node->address,
                          node->role ? node->role : "", clients, limit, use, latency);
  if (node->primary != NULL)
    /* Translators: after a replica's row in `incident-commander probe` */
    g_string_append_printf (out, _("  of %s"), node->primary);
  if (node->error != NULL)
    g_string_append_printf (out, "  %s", node->error);
  g_string_append_c (out, '\n');
}

/* A Redis cluster's per-node table and skew warning, under the sample's line. */
static void
format_probe_nodes (const IcProbeSample *sample,
                    GString             *out)
{
  GPtrArray *nodes = ic_probe_sample_get_nodes (sample);

  g_string_append_printf (out, "  %-22s %-10s %8s %10s %8s %10s\n", _("NODE"), _("ROLE"),
                          _("CLIENTS"), _("MAXCLIENTS"), _("USE"), _("LATENCY"));
  for (guint i = 0; i < nodes->len; i++)
    format_probe_node (g_ptr_array_index (nodes, i), out);
  if (sample->skew != NULL)
    /* Translators: "Skew: 127.0.0.1:7001 holds 52 of 58 client connections" */
    g_string_append_printf (out, _("  Skew: %s\n"), sample->skew);
}

static int
run_probe (const IcCommand *command,
           GString         *out,
           GString         *err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(IcProbeSample) sample = NULL;
  IcProbeOptions options;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_PROBE, 64);

  spec = ic_probe_spec_parse (command->probe_spec, &error);
  if (spec == NULL)
    {
      g_string_append_printf (err, "incident-commander: %s\n", error->message);
      return 64;
    }
  ic_probe_options_init (&options);
  if (command->timeout_ms > 0)
    options.timeout_ms = (guint) command->timeout_ms;
  options.method = command->method;
  options.headers = command->headers;
  options.ca_file = command->ca_file;
  sample = ic_probe_run_sync (spec, &options, &error);
  if (sample == NULL)
    {
      g_string_append_printf (err, "incident-commander: %s\n", error->message);
      return 3;
    }
  if (command->json)
    {
      g_autofree char *json = ic_probe_sample_to_json (sample, spec);
      g_string_append_printf (out, "%s\n", json);
    }
  else
    {
      /* Translators: "OK  12.3 ms  HTTP 200 OK" (state, latency, what was seen) */
      g_string_append_printf (out, "%-9s %8.1f ms  %s\n", ic_probe_state_get_label (sample->state),
                              sample->latency_us / 1000.0, sample->detail);
      if (ic_probe_sample_get_nodes (sample) != NULL)
        format_probe_nodes (sample, out);
    }
  switch (sample->state)
    {
    case IC_PROBE_STATE_OK:
      return 0;
    case IC_PROBE_STATE_DEGRADED:
      return 1;
    case IC_PROBE_STATE_FAILING:
      return 2;
    case IC_PROBE_STATE_ERROR:
    default:
      return 3;
    }
}

/* Appends @text to @to with every secret of the command's target and
 * headers hidden. */
static void
append_redacted (GString    *to,
                 const char *text,
                 GPtrArray  *secrets)
{
  g_autofree char *redacted = ic_redact_text (text, (const char * const *) secrets->pdata);

  g_string_append (to, redacted);
}

/**
 * ic_command_run_probe:
 * @out: receives what goes to standard output
 * @err: receives what goes to standard error
 *
 * Runs the one check of `incident-commander probe SPEC`. Nothing it
 * prints holds a secret of SPEC or of its headers (a password, a token,
 * an `api_key=` value, a `Cookie:`): not an error, not a detail that a
 * library wrote the URL into (DESIGN.md §9).
 *
 * Returns: the exit status: 0 ok, 1 degraded, 2 failing, 3 error, 64 bad SPEC
 */
int
ic_command_run_probe (const IcCommand *command,
                      GString         *out,
                      GString         *err)
{
  g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GString) own_out = g_string_new (NULL);
  g_autoptr(GString) own_err = g_string_new (NULL);
  g_autofree char *target = NULL;
  g_autofree char *headers = NULL;
  int status;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_PROBE, 64);

  /* Only to know the secrets: the check sends the target as typed. */
  target = ic_redact_split_target (command->probe_spec, secrets, NULL);
  if (command->headers != NULL)
    headers = ic_redact_split_headers (command->headers, secrets, NULL);
  values = ic_redact_list_values (secrets);
  status = run_probe (command, own_out, own_err);
  append_redacted (out, own_out->str, values);
  append_redacted (err, own_err->str, values);
  return status;
}
