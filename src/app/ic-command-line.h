/* ic-command-line.h — parsing and the display-less subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-store.h"

G_BEGIN_DECLS

typedef enum
{
  IC_COMMAND_OPEN,     /* no subcommand: open (or raise) the app */
  IC_COMMAND_OPEN_URI, /* incident-commander://new?… links */
  IC_COMMAND_NEW,
  IC_COMMAND_LIST,
  IC_COMMAND_PROBE,    /* one check, no display */
  IC_COMMAND_EXPORT,   /* an incident as Markdown or JSON, no display */
  IC_COMMAND_IMPORT,   /* an incident from a JSON export, no display */
  IC_COMMAND_DRILL,    /* start a drill (drill SCENARIO|FILE) or list them (drill list) */
  IC_COMMAND_SOURCES,  /* sources add|list|remove: where changes are read from */
  IC_COMMAND_CHANGES,  /* changes ID: read an incident's change sources, print its changes */
  IC_COMMAND_SIMILAR,  /* similar ID: past incidents like it ("Seen before") */
  IC_COMMAND_HELP,
  IC_COMMAND_VERSION,
} IcCommandKind;

typedef struct
{
  IcCommandKind kind;
  char         *database;   /* nullable: the default database */
  char         *title;      /* nullable: a default title */
  char         *service;
  IcSeverity    severity;
  char         *alert_time; /* nullable: as typed, see ic_time_input_parse() */
  char         *from_alert; /* nullable: a file, or "-" for standard input */
  gboolean      no_window;
  gboolean      json;
  GStrv         uris;       /* IC_COMMAND_OPEN_URI only */
  char         *probe_spec; /* IC_COMMAND_PROBE only */
  int           timeout_ms; /* IC_COMMAND_PROBE: 0 for the default */
  char         *method;     /* IC_COMMAND_PROBE: nullable, HTTP method */
  char         *headers;    /* IC_COMMAND_PROBE: nullable, "Name: value" lines */
  char         *ca_file;    /* IC_COMMAND_PROBE: nullable, CAs to trust */
  gint64        incident_id; /* IC_COMMAND_EXPORT */
  gboolean      export_json; /* IC_COMMAND_EXPORT: JSON instead of Markdown */
  char         *path;       /* EXPORT: nullable output file; IMPORT: input file or "-" */
  char         *scenario;   /* DRILL: a built-in scenario's id or a file; NULL for the list */
  char         *sources_action; /* SOURCES: "add", "list" or "remove" */
  gint64        source_id;  /* SOURCES remove */
  char         *git;        /* SOURCES add: a repository's folder, absolute */
  char         *feed;       /* SOURCES add: a deployment feed's URL */
  char         *branch;     /* SOURCES add: nullable */
  GStrv         paths;      /* SOURCES add: path filters, nullable */
  char         *mapping;    /* SOURCES add: nullable, a feed's JSONPath mapping */
  int           window_minutes; /* SOURCES add: 0 for the default */
} IcCommand;

IcCommand *ic_command_parse        (const char * const *argv,
                                    GError            **error);
void       ic_command_free         (IcCommand          *command);
char      *ic_command_dup_help     (void);
gboolean   ic_command_needs_display (const IcCommand   *command);
const char *ic_command_get_title   (const IcCommand    *command);
IcIncidentDraft *ic_command_to_draft (const IcCommand  *command,
                                    IcAlert            *alert,
                                    gint64              alert_time);

gboolean   ic_command_run_list     (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GError            **error);
char      *ic_format_incident_list_json (GListModel    *incidents);
int        ic_command_run_probe    (const IcCommand    *command,
                                    GString            *out,
                                    GString            *err);
int        ic_command_run_export   (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GError            **error);
int        ic_command_run_import   (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GError            **error);
int        ic_command_run_sources  (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GError            **error);
int        ic_command_run_similar  (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GError            **error);
int        ic_command_run_changes  (const IcCommand    *command,
                                    IcStore            *store,
                                    GString            *out,
                                    GString            *err,
                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcCommand, ic_command_free)

G_END_DECLS
