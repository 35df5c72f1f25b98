/* ic-postmortem.c — postmortem value types, drafts and the missing-signal helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-postmortem"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-incident.h"
#include "ic-postmortem.h"

static const char * const section_columns[IC_POSTMORTEM_N_SECTIONS] = {
  "summary", "impact", "root_cause", "detection_gap", "debugging_gap",
  "went_well", "went_wrong", "lucky", "lessons",
};

/**
 * ic_postmortem_section_to_string:
 *
 * Returns: the section's column name in the postmortem table
 */
const char *
ic_postmortem_section_to_string (IcPostmortemSection section)
{
  g_return_val_if_fail (section < IC_POSTMORTEM_N_SECTIONS, NULL);
  return section_columns[section];
}

/**
 * ic_postmortem_section_get_title:
 *
 * Returns: the section's heading as the user reads it
 */
const char *
ic_postmortem_section_get_title (IcPostmortemSection section)
{
  switch (section)
    {
    case IC_POSTMORTEM_SUMMARY:
      return _("Summary");
    case IC_POSTMORTEM_IMPACT:
      return _("Impact");
    case IC_POSTMORTEM_ROOT_CAUSE:
      return _("Root Cause");
    case IC_POSTMORTEM_DETECTION_GAP:
      return _("Why didn’t our monitoring catch this earlier?");
    case IC_POSTMORTEM_DEBUGGING_GAP:
      return _("What made the debugging path longer than it should have been?");
    case IC_POSTMORTEM_WENT_WELL:
      return _("What Went Well");
    case IC_POSTMORTEM_WENT_WRONG:
      return _("What Went Wrong");
    case IC_POSTMORTEM_LUCKY:
      return _("Where We Got Lucky");
    case IC_POSTMORTEM_LESSONS:
      return _("Lessons");
    case IC_POSTMORTEM_N_SECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
format_local (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M %Z");
}

static void
append_duration (GString *out,
                 gint64   us)
{
  gint64 minutes = us / (60 * G_USEC_PER_SEC);

  if (minutes < 60)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                              (gulong) minutes), (int) minutes);
  else
    /* Translators: a duration in hours and minutes, e.g. "2 h 05 min" */
    g_string_append_printf (out, _("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static void
append_blast_radius (GString    *out,
                     IcIncident *incident)
{
  g_autofree char *radius = NULL, *region = NULL, *zone = NULL, *path = NULL, *services = NULL;
  double percent = -1;
  IcBlastScope scope = IC_BLAST_SCOPE_UNKNOWN;

  g_object_get (incident, "blast-scope", &scope, "blast-radius", &radius, "blast-region",
                &region, "blast-zone", &zone, "blast-path", &path, "blast-percent", &percent,
                "affected-services", &services, NULL);
  if (scope == IC_BLAST_SCOPE_ALL)
    g_string_append (out, _("Blast radius: all users."));
  else if (scope == IC_BLAST_SCOPE_SUBSET)
    g_string_append (out, _("Blast radius: a subset of users."));
  else
    g_string_append (out, _("Blast radius: not established."));
  if (radius != NULL && *radius != '\0')
    g_string_append_printf (out, " %s.", radius);
  if (region != NULL && *region != '\0')
    g_string_append_printf (out, _(" Region: %s."), region);
  if (zone != NULL && *zone != '\0')
    g_string_append_printf (out, _(" Zone: %s."), zone);
  if (path != NULL && *path != '\0')
    g_string_append_printf (out, _(" Path: %s."), path);
  if (percent >= 0)
    g_string_append_printf (out, _(" %.4g %% of traffic."), percent);
  if (services != NULL && *services != '\0')
    g_string_append_printf (out, _(" Affected services: %s."), services);
  g_string_append_c (out, '\n');
}

/**
 * ic_postmortem_dup_impact_draft:
 *
 * A first draft of the impact section from what was recorded during the
 * incident: blast radius, error rate, alert and resolution times, duration.
 *
 * Returns: (transfer full): Markdown text, one fact per line
 */
char *
ic_postmortem_dup_impact_draft (IcIncident *incident)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *alert = NULL;
  gint64 resolved = 0, mitigated = 0;
  double error_rate = -1;

  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  g_object_get (incident, "error-rate", &error_rate, "resolved-at", &resolved, "mitigated-at",
                &mitigated, NULL);
  g_string_append (out, "- ");
  append_blast_radius (out, incident);
  if (error_rate >= 0)
    g_string_append_printf (out, _("- Error rate at its worst: %.4g %%.\n"), error_rate * 100.0);
  alert = format_local (ic_incident_get_alert_time (incident));
  g_string_append_printf (out, _("- Alert: %s.\n"), alert);
  if (mitigated > 0)
    {
      g_autofree char *when = format_local (mitigated);
      g_string_append_printf (out, _("- Mitigated: %s.\n"), when);
    }
  if (resolved > 0)
    {
      g_autofree char *when = format_local (resolved);
      g_string_append_printf (out, _("- Resolved: %s (duration: "), when);
      append_duration (out, resolved - ic_incident_get_alert_time (incident));
      g_string_append (out, ").\n");
    }
  else
    g_string_append (out, _("- Not resolved yet.\n"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ic_postmortem_dup_first_why:
 *
 * Returns: (transfer full): the question that starts the chain of whys:
 *   the symptom, which is what the incident is named after
 */
char *
ic_postmortem_dup_first_why (IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);
  /* Translators: the first of the 5 whys; %s is the incident's title (the symptom) */
  return g_strdup_printf (_("Why did “%s” happen?"), ic_incident_get_title (incident));
}

/* Phrases that name a signal nobody watched, each followed by the signal. */
static const char * const signal_patterns[] = {
  "(?:no|without an?|missing an?|lacked an?|lack of an?)\\s+(?:alerts?|alerting|monitoring|"
    "metrics?|dashboards?|checks?|probes?)\\s+(?:on|for|of|about)\\s+(?<s>[^.;:\\n]+)",
  "(?:did ?n[o']t|do ?n[o']t|does ?n[o']t|never|not)\\s+(?:alert|monitor|track|measure|watch|"
    "graph|page)(?:ed|ing|s)?\\s+(?:on\\s+|for\\s+)?(?<s>[^.;:\\n]+)",
  "(?<s>[^.;:\\n]+?)\\s+(?:was|is|were|are)\\s+(?:not|never|un)\\s*(?:monitored|alerted|tracked|"
    "measured|watched|graphed)",
};

static char *
find_signal (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (signal_patterns); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (signal_patterns[i], G_REGEX_CASELESS, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, text, 0, &match))
        {
          g_autofree char *signal = g_match_info_fetch_named (match, "s");

          g_strstrip (signal);
          if (*signal != '\0')
            return g_steal_pointer (&signal);
        }
    }
  return NULL;
}

static const char *
deepest_answer (GListModel *whys)
{
  for (guint i = whys != NULL ? g_list_model_get_n_items (whys) : 0; i > 0; i--)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i - 1);
      const char *answer = ic_why_get_answer (why);

      if (*answer != '\0')
        return answer;
    }
  return NULL;
}

/**
 * ic_postmortem_suggest_signal:
 * @detection_gap: (nullable): "Why didn't our monitoring catch this earlier?"
 * @debugging_gap: (nullable): "What made the debugging path longer …?"
 * @whys: (nullable): the chain of whys (#IcWhy), in order
 *
 * The missing-signal helper: when the answers name a signal nobody watched
 * ("we had no alert on replica lag"), suggest an alert on it; otherwise, when
 * the chain of whys reached a root cause, suggest an alert that would have
 * caught that cause.
 *
 * Returns: (transfer full) (nullable): a monitoring action item's text, or
 *   %NULL when there is nothing to go on
 */
char *
ic_postmortem_suggest_signal (const char *detection_gap,
                              const char *debugging_gap,
                              GListModel *whys)
{
  g_autofree char *signal = find_signal (detection_gap);
  const char *deepest = deepest_answer (whys);

  for (guint i = 0; signal == NULL && whys != NULL && i < g_list_model_get_n_items (whys); i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);

      signal = find_signal (ic_why_get_answer (why));
    }
  if (signal == NULL)
    signal = find_signal (debugging_gap);
  if (signal != NULL)
    /* Translators: a suggested action item; %s names what was not monitored */
    return g_strdup_printf (_("Add an alert on %s"), signal);
  if (deepest != NULL)
    {
      g_autofree char *cause = g_strstrip (g_strdup (deepest));
      gsize len = strlen (cause);

      if (len > 0 && cause[len - 1] == '.')
        cause[len - 1] = '\0';
      /* Translators: a suggested action item; %s is the deepest answer of the 5 whys */
      return g_strdup_printf (_("Add an alert that fires when this happens again: %s"), cause);
    }
  return NULL;
}
