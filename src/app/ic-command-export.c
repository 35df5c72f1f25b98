/* ic-command-export.c — the export and import subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-command-line"

#include "config.h"

#include <stdio.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "ic-command-line.h"
#include "ic-incident-json.h"
#include "ic-incident.h"
#include "ic-markdown-export.h"
#include "ic-probe-config.h"

/* Exit statuses of export and import (sysexits.h values). */
#define EXIT_NOT_FOUND 1
#define EXIT_DATA_ERROR 65
#define EXIT_IO_ERROR 74

/**
 * ic_command_run_export:
 * @out: receives the document when no output file was given
 *
 * Returns: the exit status: 0, 1 for an unknown incident, 74 when the file
 *   cannot be written (then @error says why)
 */
int
ic_command_run_export (const IcCommand  *command,
                       IcStore          *store,
                       GString          *out,
                       GError          **error)
{
  IcIncident *incident;
  g_autofree char *document = NULL;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_EXPORT, 2);
  g_return_val_if_fail (IC_IS_STORE (store), 2);

  incident = ic_store_lookup_incident (store, command->incident_id);
  if (incident == NULL)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   /* One literal: xgettext does not join G_GINT64_FORMAT into a msgid. */
                   _("No incident with id %lld in “%s” (see the list command)"),
                   (long long) command->incident_id, ic_store_get_path (store));
      return EXIT_NOT_FOUND;
    }
  if (command->export_json)
    document = ic_store_export_incident_json (store, command->incident_id, error);
  else
    {
      g_autoptr(IcMarkdownExport) exporter = ic_markdown_export_new (store, NULL);
      document = ic_markdown_export_run (exporter, incident, error);
    }
  if (document == NULL)
    return EXIT_DATA_ERROR;
  if (command->path == NULL || g_str_equal (command->path, "-"))
    {
      g_string_append (out, document);
      return 0;
    }
  if (!g_file_set_contents (command->path, document, -1, error))
    return EXIT_IO_ERROR;
  return 0;
}

static char *
read_all (const char  *path,
          gsize       *length,
          GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) mem = NULL;

  if (!g_str_equal (path, "-"))
    {
      char *contents = NULL;

      return g_file_get_contents (path, &contents, length, error) ? contents : NULL;
    }
  in = g_unix_input_stream_new (fileno (stdin), FALSE);
  mem = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  *length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
  /* Terminate it: the importer may treat the data as a string. */
  g_output_stream_write_all (mem, "", 1, NULL, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
}

/**
 * ic_command_run_import:
 * @out: receives the new incident's id
 *
 * Imports an incident file. Its probes are checked as the probe form
 * checks typed ones and stay stopped until the user confirms their
 * targets in the window.
 *
 * Returns: the exit status: 0, 65 for a bad or newer-format file or one
 *   whose probes or test commands are refused, 74 when it cannot be read
 *   (then @error says why; the database is unchanged)
 */
int
ic_command_run_import (const IcCommand  *command,
                       IcStore          *store,
                       GString          *out,
                       GError          **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 id;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_IMPORT, 2);
  g_return_val_if_fail (IC_IS_STORE (store), 2);

  contents = read_all (command->path, &length, error);
  if (contents == NULL)
    return EXIT_IO_ERROR;
  id = ic_store_import_incident_json (store, contents, length, ic_probe_config_check_imported,
                                      NULL, error);
  if (id <= 0)
    return EXIT_DATA_ERROR;
  g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", id);
  return 0;
}
