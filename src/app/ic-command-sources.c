/* ic-command-sources.c — the sources and changes subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-command-line"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ic-change-feed.h"
#include "ic-change-refresh.h"
#include "ic-command-line.h"
#include "ic-http.h"
#include "ic-similar.h"
#include "ic-store-change-sources.h"
#include "ic-store-changes.h"

/* Exit statuses (sysexits.h values where one fits). */
#define EXIT_NOT_FOUND 1
#define EXIT_USAGE 64

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

/* What @builder built, pretty-printed, a line. */
static void
append_json (GString     *out,
             JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_string_append_printf (out, "%s\n", text);
}

static void
format_sources_text (GPtrArray *sources,
                     GString   *out)
{
  for (guint i = 0; i < sources->len; i++)
    {
      const IcChangeSource *source = sources->pdata[i];
      g_autofree char *paths = g_strjoinv (", ", source->paths);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", source->id,
                              ic_change_source_kind_to_string (source->kind), source->location,
                              *source->service != '\0' ? source->service
                                                       : _("(every service)"));
      if (source->branch != NULL)
        /* Translators: a change source's branch, in `sources list` */
        g_string_append_printf (out, _("\tbranch %s\n"), source->branch);
      if (*paths != '\0')
        /* Translators: a change source's path filters, in `sources list` */
        g_string_append_printf (out, _("\tonly %s\n"), paths);
      if (source->read_at != 0)
        {
          g_autofree char *when = format_time (source->read_at);

          g_string_append_printf (out, "\t%s %s: %s\n", when,
                                  source->failed ? _("failed") : _("read"),
                                  source->status != NULL ? source->status : "");
        }
      else
        g_string_append_printf (out, "\t%s\n", _("not read yet"));
    }
}

static void
format_sources_json (GPtrArray *sources,
                     GString   *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < sources->len; i++)
    {
      const IcChangeSource *source = sources->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, source->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, ic_change_source_kind_to_string (source->kind));
      json_builder_set_member_name (builder, "location");
      json_builder_add_string_value (builder, source->location);
      json_builder_set_member_name (builder, "service");
      json_builder_add_string_value (builder, source->service);
      json_builder_set_member_name (builder, "branch");
      json_builder_add_string_value (builder, source->branch);
      json_builder_set_member_name (builder, "paths");
      json_builder_begin_array (builder);
      for (guint j = 0; source->paths[j] != NULL; j++)
        json_builder_add_string_value (builder, source->paths[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "window_minutes");
      json_builder_add_int_value (builder, source->window_minutes);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_boolean_value (builder, source->failed);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, source->status);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  append_json (out, builder);
}

/**
 * ic_command_run_sources:
 *
 * `sources add`, `sources list` and `sources remove`.
 *
 * Returns: the exit status: 0; 1 for an unknown source; 64 for a source
 *   that cannot be kept (@error says why)
 */
int
ic_command_run_sources (const IcCommand  *command,
                        IcStore          *store,
                        GString          *out,
                        GError          **error)
{
  g_autoptr(GPtrArray) sources = NULL;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_SOURCES, 2);

  if (g_str_equal (command->sources_action, "remove"))
    return ic_store_remove_change_source (store, command->source_id, error) ? 0 : EXIT_NOT_FOUND;
  if (g_str_equal (command->sources_action, "add"))
    {
      g_autoptr(IcChangeSource) source = ic_change_source_new (command->git != NULL
                                                                 ? IC_CHANGE_SOURCE_GIT
                                                                 : IC_CHANGE_SOURCE_FEED,
                                                               command->service,
                                                               command->git != NULL
                                                                 ? command->git : command->feed);

      source->branch = g_strdup (command->branch);
      if (command->paths != NULL)
        {
          g_strfreev (source->paths);
          source->paths = g_strdupv (command->paths);
        }
      if (command->mapping != NULL)
        {
          g_autoptr(GError) local = NULL;
          g_autoptr(GPtrArray) none = ic_change_feed_parse ("[]", 2, command->mapping, 0, 0, NULL,
                                                            &local);

          /* Refused now, by the reader's own rules, rather than at the first read. */
          if (g_error_matches (local, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return EXIT_USAGE;
            }
        }
      source->mapping = g_strdup (command->mapping);
      if (command->window_minutes > 0)
        source->window_minutes = command->window_minutes;
      if (!ic_store_add_change_source (store, source, error))
        return EXIT_USAGE;
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", source->id);
      return 0;
    }
  sources = ic_store_list_change_sources (store, NULL, error);
  if (sources == NULL)
    return EXIT_NOT_FOUND;
  if (command->json)
    format_sources_json (sources, out);
  else
    format_sources_text (sources, out);
  return 0;
}

static void
format_change_text (IcChange *change,
                    GString  *out)
{
  g_autofree char *when = format_time (ic_change_get_changed_at (change));
  const char *diff = ic_change_get_config_diff (change);

  g_string_append_printf (out, "%s\t%s\t%s", when,
                          ic_change_kind_to_string (ic_change_get_kind (change)),
                          ic_change_get_description (change));
  if (ic_change_get_author (change) != NULL)
    g_string_append_printf (out, " (%s)", ic_change_get_author (change));
  if (ic_change_get_rolled_back_at (change) != 0)
    g_string_append_printf (out, " [%s]", _("rolled back"));
  g_string_append_c (out, '\n');
  if (diff != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (diff, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (out, "\t\t%s\n", lines[i]);
    }
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
format_changes_json (GListModel *changes,
                     GString    *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);
      g_autofree char *when = format_time (ic_change_get_changed_at (change));
      g_autofree char *rolled = ic_change_get_rolled_back_at (change) != 0
                                  ? format_time (ic_change_get_rolled_back_at (change)) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, ic_change_get_id (change));
      add_string_member (builder, "kind", ic_change_kind_to_string (ic_change_get_kind (change)));
      add_string_member (builder, "description", ic_change_get_description (change));
      add_string_member (builder, "time", when);
      json_builder_set_member_name (builder, "reversible");
      json_builder_add_boolean_value (builder, ic_change_get_reversible (change));
      add_string_member (builder, "rolled_back", rolled);
      add_string_member (builder, "source", ic_change_get_source (change));
      add_string_member (builder, "revision", ic_change_get_revision (change));
      add_string_member (builder, "author", ic_change_get_author (change));
      add_string_member (builder, "config_diff", ic_change_get_config_diff (change));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  append_json (out, builder);
}

/**
 * ic_command_run_changes:
 * @err: receives, one line each, the sources that could not be read
 *
 * `changes ID`: reads the incident's change sources (no display needed),
 * stores what is new and prints every change of the incident, newest
 * first, with its config diff.
 *
 * Returns: the exit status: 0 when every source was read; 1 for an
 *   unknown incident (@error says so); 3 when some source could not be
 *   read (the changes are printed all the same)
 */
int
ic_command_run_changes (const IcCommand  *command,
                        IcStore          *store,
                        GString          *out,
                        GString          *err,
                        GError          **error)
{
  g_autoptr(GObject) session = ic_http_session_new (0);
  g_autoptr(GPtrArray) sources = NULL;
  IcIncident *incident;
  GListModel *changes;
  int status = 0;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_CHANGES, 2);

  incident = ic_store_lookup_incident (store, command->incident_id);
  if (incident == NULL)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   _("No incident with id %lld in “%s” (see the list command)"),
                   (long long) command->incident_id, ic_store_get_path (store));
      return EXIT_NOT_FOUND;
    }
  if (!ic_change_sources_refresh_sync (store, incident, session, NULL, error)
      || !ic_store_flush (store, error))
    return EXIT_NOT_FOUND;
  sources = ic_store_list_change_sources (store, ic_incident_get_service (incident), error);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const IcChangeSource *source = sources->pdata[i];

      if (source->failed)
        {
          /* Translators: a change source that could not be read (its id), and why */
          g_string_append_printf (err, _("incident-commander: source %lld: %s\n"),
                                  (long long) source->id, source->status);
          status = 3;
        }
    }
  changes = ic_store_get_changes (store, incident);
  if (command->json)
    format_changes_json (changes, out);
  else
    for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
      {
        g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

        format_change_text (change, out);
      }
  return status;
}

static void
similar_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
format_similar_json (GListModel *found,
                     GString    *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(IcSimilar) similar = g_list_model_get_item (found, i);
      g_autofree char *when = format_time (ic_similar_get_alert_time (similar));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, ic_similar_get_incident_id (similar));
      add_string_member (builder, "title", ic_similar_get_title (similar));
      add_string_member (builder, "alert_time", when);
      json_builder_set_member_name (builder, "duration_s");
      json_builder_add_int_value (builder, ic_similar_get_duration (similar) / G_USEC_PER_SEC);
      add_string_member (builder, "root_cause", ic_similar_get_root_cause (similar));
      add_string_member (builder, "detection_gap", ic_similar_get_detection_gap (similar));
      add_string_member (builder, "fix", ic_similar_get_fix (similar));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  append_json (out, builder);
}

static void
format_similar_text (GListModel *found,
                     GString    *out)
{
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(IcSimilar) similar = g_list_model_get_item (found, i);
      g_autofree char *when = format_time (ic_similar_get_alert_time (similar));
      const char *fields[][2] = {
        { N_("root cause"), ic_similar_get_root_cause (similar) },
        { N_("detection gap"), ic_similar_get_detection_gap (similar) },
        { N_("fix"), ic_similar_get_fix (similar) },
      };

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\n",
                              ic_similar_get_incident_id (similar), when,
                              ic_similar_get_title (similar));
      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        if (fields[j][1] != NULL && *fields[j][1] != '\0')
          g_string_append_printf (out, "\t%s: %s\n", _(fields[j][0]), fields[j][1]);
    }
}

/**
 * ic_command_run_similar:
 *
 * `similar ID`: the past incidents most like incident ID (never drills,
 * never itself), as "Seen before" on its hypothesis board shows them.
 *
 * Returns: the exit status: 0, or 1 for an unknown incident
 */
int
ic_command_run_similar (const IcCommand  *command,
                        IcStore          *store,
                        GString          *out,
                        GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) found = NULL;
  IcIncident *incident;

  g_return_val_if_fail (command != NULL && command->kind == IC_COMMAND_SIMILAR, 2);

  incident = ic_store_lookup_incident (store, command->incident_id);
  if (incident == NULL)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   _("No incident with id %lld in “%s” (see the list command)"),
                   (long long) command->incident_id, ic_store_get_path (store));
      return EXIT_NOT_FOUND;
    }
  g_main_context_push_thread_default (context);
  ic_store_find_similar_async (store, incident, NULL, similar_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  found = ic_store_find_similar_finish (store, result, error);
  if (found == NULL)
    return EXIT_NOT_FOUND;
  if (command->json)
    format_similar_json (found, out);
  else
    format_similar_text (found, out);
  return 0;
}
