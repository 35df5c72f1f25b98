/* ic-drill-catalog.c — the scenarios the app ships, and scenario files
 *
 * The built-in scenarios (the JSON files in data/scenarios) are compiled into the
 * app's resources; `incident-commander drill NAME` and the "Start a Drill…"
 * list take one of them by its id, and `drill FILE` any scenario file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-drill-catalog.h"
#include "ic-drill-debrief.h"

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const IcScenario *x = *(IcScenario * const *) a;
  const IcScenario *y = *(IcScenario * const *) b;

  return g_strcmp0 (x->id, y->id);
}

static IcScenario *
load_builtin (const char  *file_name,
              char       **text,
              GError     **error)
{
  g_autofree char *path = g_build_path ("/", IC_DRILL_CATALOG_PATH, file_name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  IcScenario *scenario;

  if (bytes == NULL)
    return NULL;
  scenario = ic_scenario_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                file_name, error);
  if (scenario != NULL && text != NULL)
    *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return scenario;
}

/**
 * ic_drill_catalog_list:
 *
 * Returns: (transfer full) (element-type IcScenario): the built-in
 *   scenarios, by id
 */
GPtrArray *
ic_drill_catalog_list (GError **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (IC_DRILL_CATALOG_PATH,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_scenario_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      IcScenario *scenario;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      if ((scenario = load_builtin (names[i], NULL, error)) == NULL)
        return NULL;
      g_ptr_array_add (list, scenario);
    }
  g_ptr_array_sort (list, compare_ids);
  return g_steal_pointer (&list);
}

/**
 * ic_drill_catalog_load:
 * @name: a built-in scenario's id, or a scenario file's path
 * @text: (out) (optional): the file's text
 *
 * Returns: (transfer full) (nullable): the scenario
 */
IcScenario *
ic_drill_catalog_load (const char  *name,
                       char       **text,
                       GError     **error)
{
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(GFile) file = NULL;
  IcScenario *scenario;

  g_return_val_if_fail (name != NULL, NULL);

  if (strchr (name, '/') == NULL && !g_str_has_suffix (name, ".json")
      && ((scenario = load_builtin (file_name, text, &local)) != NULL || local != NULL))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return scenario;
    }
  if (!g_file_test (name, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_NOT_FOUND,
                   _("No scenario “%s”: give a scenario file, or one of those "
                     "`incident-commander drill list` shows"), name);
      return NULL;
    }
  file = g_file_new_for_commandline_arg (name);
  /* The text kept with the drill is the one that was checked. */
  return ic_scenario_load (file, text, NULL, error);
}

/**
 * ic_drill_catalog_start:
 * @name: as for ic_drill_catalog_load()
 *
 * Returns: (transfer full) (nullable): the drill's new incident
 */
IcIncident *
ic_drill_catalog_start (IcStore     *store,
                        const char  *name,
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(IcScenario) scenario = ic_drill_catalog_load (name, &text, error);

  if (scenario == NULL)
    return NULL;
  return ic_store_start_drill (store, scenario, text, error);
}

/**
 * ic_drill_catalog_dup_last_run:
 *
 * Returns: (transfer full): the last run of @scenario in words, with its
 *   score ("Last run Dec 03 14:05, resolved, 5 of 7 met (3 runs)"), or
 *   "Not run yet"
 */
char *
ic_drill_catalog_dup_last_run (IcStore          *store,
                               const IcScenario *scenario)
{
  g_autoptr(GPtrArray) runs = ic_store_list_drills (store, scenario->id, NULL);
  const IcDrillRecord *last;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(IcDrillFacts) facts = NULL;
  g_autoptr(IcDrillDebrief) debrief = NULL;
  g_autofree char *date = NULL;
  g_autofree char *score = NULL;
  const char *how;

  if (runs == NULL || runs->len == 0)
    return g_strdup (_("Not run yet"));
  last = g_ptr_array_index (runs, runs->len - 1);
  when = g_date_time_new_from_unix_local (last->started_at / G_USEC_PER_SEC);
  date = g_date_time_format (when, "%b %d %H:%M");
  if (last->ended_at == 0)
    how = _("not finished");
  else if (last->abandoned)
    how = _("abandoned");
  else
    how = _("resolved");
  facts = ic_store_get_drill_facts (store, last->incident_id, NULL);
  debrief = facts != NULL ? ic_drill_debrief_new (facts, scenario) : NULL;
  /* Translators: a drill's score, "5 of 7 met" */
  score = debrief != NULL ? g_strdup_printf (_("%u of %u met"), debrief->score,
                                             debrief->items->len)
                          : g_strdup (_("not scored"));
  /* Translators: "Last run Dec 03 14:05, resolved, 5 of 7 met (3 runs)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last run %s, %s, %s (%u run)",
                                       "Last run %s, %s, %s (%u runs)", runs->len),
                          date, how, score, runs->len);
}
