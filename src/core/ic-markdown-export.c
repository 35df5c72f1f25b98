/* ic-markdown-export.c — an incident and its postmortem as one CommonMark document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-change.h"
#include "ic-hypothesis.h"
#include "ic-incident.h"
#include "ic-store-changes.h"
#include "ic-markdown-export.h"
#include "ic-postmortem.h"
#include "ic-timeline-event.h"

/*
 * The document has exactly one level-1 heading (the incident's title) and a
 * level-2 heading per section, always in the same order, so the same
 * incident gives the same bytes. User text comes in two kinds:
 *
 *  - short texts (titles, hypotheses, evidence, whys, action items, timeline
 *    entries) are inline: whitespace collapses to one space and every
 *    character CommonMark or a GFM table could read as structure is
 *    backslash-escaped;
 *  - the free-text sections are the user's own Markdown: lists, emphasis and
 *    code stay, but nothing in them can leave their section: headings, setext
 *    underlines, block quotes and raw HTML are escaped and an unclosed code
 *    fence is closed.
 */

struct _IcMarkdownExport
{
  GObject parent_instance;

  /* Owned */
  IcStore   *store;
  GTimeZone *time_zone;
};

G_DEFINE_FINAL_TYPE (IcMarkdownExport, ic_markdown_export, G_TYPE_OBJECT)

/* Characters that mean something somewhere in a CommonMark/GFM line. */
#define INLINE_SPECIAL "\\`*_[]<>#|~&!"
#define LINE_START_SPECIAL "-+=>"

/**
 * ic_markdown_escape_inline:
 *
 * Returns: (transfer full): @text as inline CommonMark that renders as the
 *   text itself, on one line, safe in a heading, a list item or a table cell
 */
char *
ic_markdown_escape_inline (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;
  const char *digits_end;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (strchr (INLINE_SPECIAL, *p) != NULL || (out->len == 0 && strchr (LINE_START_SPECIAL, *p)))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  /* "1. " or "1) " at the start would open an ordered list inside a container. */
  digits_end = out->str + strspn (out->str, "0123456789");
  if (digits_end != out->str && (*digits_end == '.' || *digits_end == ')'))
    g_string_insert_c (out, digits_end - out->str, '\\');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ic_markdown_code_span:
 *
 * Returns: (transfer full): @text as a code span, whatever backticks it holds
 */
char *
ic_markdown_code_span (const char *text)
{
  g_autoptr(GString) body = g_string_new (text != NULL ? text : "");
  g_autofree char *fence = NULL;
  guint run = 0, longest = 0;
  gboolean pad;

  g_string_replace (body, "\r", " ", 0);
  g_string_replace (body, "\n", " ", 0);
  for (gsize i = 0; i < body->len; i++)
    {
      run = body->str[i] == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (longest + 1, '`');
  pad = body->len > 0 && (body->str[0] == '`' || body->str[0] == ' '
                          || body->str[body->len - 1] == '`' || body->str[body->len - 1] == ' ');
  return g_strdup_printf ("%s%s%s%s%s", fence, pad ? " " : "", body->str, pad ? " " : "", fence);
}

static gsize
count_run (const char *p,
           char        c)
{
  gsize n = 0;

  while (p[n] == c)
    n++;
  return n;
}

/* Copies one line outside code fences, escaping raw HTML but leaving code
 * spans alone. */
static void
append_text_line (GString    *out,
                  const char *line)
{
  for (const char *p = line; *p != '\0';)
    {
      if (*p == '`')
        {
          gsize n = count_run (p, '`');
          g_autofree char *ticks = g_strnfill (n, '`');
          const char *close = strstr (p + n, ticks);

          while (close != NULL && close[n] == '`')
            close = strstr (close + count_run (close, '`'), ticks);
          if (close != NULL)
            {
              g_string_append_len (out, p, close + n - p);
              p = close + n;
              continue;
            }
          g_string_append_len (out, p, n);
          p += n;
          continue;
        }
      if (*p == '<')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p++);
    }
}

static gboolean
is_setext_underline (const char *rest)
{
  gsize n;

  if (*rest != '=' && *rest != '-')
    return FALSE;
  n = count_run (rest, *rest);
  rest += n;
  while (*rest == ' ' || *rest == '\t')
    rest++;
  return *rest == '\0';
}

static void
append_sanitized_line (GString    *out,
                       const char *line)
{
  gsize indent = strspn (line, " ");
  const char *rest = line + indent;

  if (indent > 3)
    {
      append_text_line (out, line);
      return;
    }
  g_string_append_len (out, line, indent);
  if (*rest == '#' || *rest == '>' || is_setext_underline (rest))
    g_string_append_c (out, '\\');
  append_text_line (out, rest);
}

/**
 * ic_markdown_sanitize_block:
 *
 * Returns: (transfer full): the user's Markdown, kept as Markdown but unable
 *   to open a heading, a block quote or an HTML block, or to leave a code
 *   fence open; ends without a newline
 */
char *
ic_markdown_sanitize_block (const char *markdown)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  char fence_char = 0;
  gsize fence_len = 0;

  lines = g_strsplit (markdown != NULL ? markdown : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *rest = line + strspn (line, " ");
      gboolean fence_line = rest - line <= 3 && (*rest == '`' || *rest == '~')
                            && count_run (rest, *rest) >= 3;

      if (fence_char != 0)
        {
          g_string_append (out, line);
          if (fence_line && *rest == fence_char && count_run (rest, *rest) >= fence_len
              && rest[count_run (rest, *rest)] == '\0')
            fence_char = 0;
        }
      else if (fence_line && (*rest == '~' || strchr (rest + count_run (rest, '`'), '`') == NULL))
        {
          fence_char = *rest;
          fence_len = count_run (rest, *rest);
          g_string_append (out, line);
        }
      else
        append_sanitized_line (out, line);
      g_string_append_c (out, '\n');
    }
  if (fence_char != 0)
    {
      g_autofree char *close = g_strnfill (fence_len, fence_char);
      g_string_append_printf (out, "%s\n", close);
    }
  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && out->str[0] == '\n')
    g_string_erase (out, 0, 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_time (IcMarkdownExport *self,
             gint64            us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->time_zone);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
append_heading (GString    *out,
                int         level,
                const char *title)
{
  g_autofree char *text = ic_markdown_escape_inline (title);
  g_autofree char *marks = g_strnfill (level, '#');

  if (!g_str_has_suffix (out->str, "\n\n"))
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "%s %s\n\n", marks, text);
}

static void
append_fact (GString    *out,
             const char *label,
             const char *value)
{
  g_autofree char *text = ic_markdown_escape_inline (value);

  if (value != NULL && *value != '\0')
    g_string_append_printf (out, "- **%s:** %s\n", label, text);
}

static void
append_time_fact (IcMarkdownExport *self,
                  GString          *out,
                  const char       *label,
                  gint64            us)
{
  g_autofree char *when = NULL;

  if (us <= 0)
    return;
  when = format_time (self, us);
  append_fact (out, label, when);
}

static void
append_facts (IcMarkdownExport *self,
              GString          *out,
              IcIncident       *incident)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ic_incident_get_id (incident));
  g_autofree char *zone = NULL, *offset = NULL;
  g_autoptr(GDateTime) alert = NULL, local = NULL;
  gint64 acknowledged = 0, identified = 0, mitigated = 0, resolved = 0;

  g_object_get (incident, "acknowledged-at", &acknowledged, "identified-at", &identified,
                "mitigated-at", &mitigated, "resolved-at", &resolved, NULL);
  alert = g_date_time_new_from_unix_utc (ic_incident_get_alert_time (incident) / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (alert, self->time_zone);
  offset = g_date_time_format (local, "%:z");
  /* A zone named by its offset ("+01:00") needs no second mention of it. */
  if (g_str_equal (g_time_zone_get_identifier (self->time_zone), offset))
    zone = g_strdup_printf ("UTC%s", offset);
  else
    zone = g_strdup_printf ("%s (UTC%s)", g_time_zone_get_identifier (self->time_zone), offset);
  append_fact (out, _("Incident"), id);
  append_fact (out, _("Service"), ic_incident_get_service (incident));
  append_fact (out, _("Severity"), ic_severity_get_label (ic_incident_get_severity (incident)));
  append_fact (out, _("Status"), ic_incident_status_get_label (ic_incident_get_status (incident)));
  if (ic_incident_get_drill (incident))
    append_fact (out, _("Drill"), _("yes, this was a practice incident"));
  append_time_fact (self, out, _("Alert"), ic_incident_get_alert_time (incident));
  append_time_fact (self, out, _("Acknowledged"), acknowledged);
  append_time_fact (self, out, _("Identified"), identified);
  append_time_fact (self, out, _("Mitigated"), mitigated);
  append_time_fact (self, out, _("Resolved"), resolved);
  append_fact (out, _("Time zone"), zone);
}

static void
append_section (IcMarkdownExport    *self,
                GString             *out,
                IcIncident          *incident,
                IcPostmortemSection  section,
                int                  level)
{
  g_autofree char *text = ic_store_dup_postmortem_section (self->store, incident, section);
  g_autofree char *clean = ic_markdown_sanitize_block (text);

  append_heading (out, level, ic_postmortem_section_get_title (section));
  if (*clean == '\0')
    g_string_append_printf (out, "*%s*\n", _("Not written yet."));
  else
    g_string_append_printf (out, "%s\n", clean);
}

static void
append_event (IcMarkdownExport *self,
              GString          *out,
              IcTimelineEvent  *event)
{
  g_autofree char *when = format_time (self, ic_timeline_event_get_time (event));
  g_autofree char *text = ic_markdown_escape_inline (ic_timeline_event_get_text (event));
  g_autofree char *kind = ic_markdown_escape_inline (ic_timeline_event_get_kind (event));

  g_string_append_printf (out, "- %s · %s · %s\n", when, kind, text);
}

static gboolean
append_timeline (IcMarkdownExport  *self,
                 GString           *out,
                 IcIncident        *incident,
                 GError           **error)
{
  g_autoptr(GListModel) events = ic_store_list_timeline (self->store, incident, error);
  guint n, pinned = 0;

  if (events == NULL)
    return FALSE;
  n = g_list_model_get_n_items (events);
  append_heading (out, 2, _("Timeline"));
  append_heading (out, 3, _("Key Events"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (events, i);

      if (ic_timeline_event_get_pinned (event) && ++pinned)
        append_event (self, out, event);
    }
  if (pinned == 0)
    g_string_append_printf (out, "*%s*\n", _("No event was pinned."));
  append_heading (out, 3, _("All Events"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (events, i);
      append_event (self, out, event);
    }
  if (n == 0)
    g_string_append_printf (out, "*%s*\n", _("No events."));
  return TRUE;
}

static void
append_hypothesis (IcMarkdownExport *self,
                   GString          *out,
                   IcHypothesis     *hypothesis)
{
  GListModel *evidence = ic_store_get_evidence (self->store, hypothesis);
  g_autofree char *title = g_strdup_printf (_("Hypothesis %d: %s"),
                                            ic_hypothesis_get_rank (hypothesis),
                                            ic_hypothesis_get_text (hypothesis));
  const char *command = ic_hypothesis_get_test_command (hypothesis);
  guint n = evidence != NULL ? g_list_model_get_n_items (evidence) : 0;

  append_heading (out, 3, title);
  append_fact (out, _("Outcome"),
               ic_hypothesis_status_get_label (ic_hypothesis_get_status (hypothesis)));
  append_fact (out, _("Likelihood"),
               ic_likelihood_get_label (ic_hypothesis_get_likelihood (hypothesis)));
  if (command != NULL && *command != '\0')
    {
      /* Direction marks as code points: the page reads as a shell would run it. */
      g_autofree char *visible = ic_hypothesis_make_test_command_visible (command, NULL);
      g_autofree char *span = ic_markdown_code_span (visible);

      g_string_append_printf (out, "- **%s:** %s\n", _("Test command"), span);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcEvidence) item = g_list_model_get_item (evidence, i);
      g_autofree char *when = format_time (self, ic_evidence_get_created_at (item));
      g_autofree char *line = g_strdup_printf ("%s (%s)", ic_evidence_get_text (item), when);

      append_fact (out, ic_evidence_get_stance (item) == IC_STANCE_FOR ? _("Evidence for")
                                                                        : _("Evidence against"),
                   line);
    }
  if (n == 0)
    append_fact (out, _("Evidence"), _("none recorded"));
}

static void
append_hypotheses (IcMarkdownExport *self,
                   GString          *out,
                   IcIncident       *incident)
{
  GListModel *hypotheses = ic_store_get_hypotheses (self->store, incident);
  guint n = hypotheses != NULL ? g_list_model_get_n_items (hypotheses) : 0;

  append_heading (out, 2, _("Hypotheses"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);
      append_hypothesis (self, out, hypothesis);
    }
  if (n == 0)
    g_string_append_printf (out, "*%s*\n", _("No hypotheses were recorded."));
}

static void
append_whys (IcMarkdownExport *self,
             GString          *out,
             IcIncident       *incident)
{
  GListModel *whys = ic_store_get_whys (self->store, incident);
  guint n = whys != NULL ? g_list_model_get_n_items (whys) : 0;

  append_heading (out, 2, _("5 Whys"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);
      g_autofree char *marker = g_strdup_printf ("%u. ", i + 1);
      g_autofree char *indent = g_strnfill (strlen (marker), ' ');
      g_autofree char *question = ic_markdown_escape_inline (ic_why_get_question (why));
      g_autofree char *answer = ic_markdown_escape_inline (ic_why_get_answer (why));

      /* A trailing backslash is a hard line break: question and answer on
       * their own lines in one list item. */
      g_string_append_printf (out, "%s**%s** %s\\\n%s**%s** %s\n", marker, _("Why?"),
                              *question ? question : "—", indent, _("Because:"),
                              *answer ? answer : "—");
    }
  if (n == 0)
    g_string_append_printf (out, "*%s*\n", _("Not written yet."));
}

static void
append_action_items (IcMarkdownExport *self,
                     GString          *out,
                     IcIncident       *incident)
{
  GListModel *items = ic_store_get_action_items (self->store, incident);
  guint n = items != NULL ? g_list_model_get_n_items (items) : 0;

  append_heading (out, 2, _("Action Items"));
  if (n == 0)
    {
      g_string_append_printf (out, "*%s*\n", _("No action items."));
      return;
    }
  g_string_append_printf (out, "| %s | %s | %s | %s | %s |\n| --- | --- | --- | --- | --- |\n",
                          _("Done"), _("Kind"), _("Action"), _("Owner"), _("Due"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcActionItem) item = g_list_model_get_item (items, i);
      g_autofree char *text = ic_markdown_escape_inline (ic_action_item_get_text (item));
      g_autofree char *owner = ic_markdown_escape_inline (ic_action_item_get_owner (item));
      g_autofree char *due = ic_markdown_escape_inline (ic_action_item_get_due_date (item));

      g_string_append_printf (out, "| %s | %s | %s | %s | %s |\n",
                              ic_action_item_get_done (item) ? _("Yes") : _("No"),
                              ic_action_item_kind_get_label (ic_action_item_get_kind (item)),
                              text,
                              *owner ? owner : "—", *due ? due : "—");
    }
}

static void
ic_markdown_export_finalize (GObject *object)
{
  IcMarkdownExport *self = IC_MARKDOWN_EXPORT (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  G_OBJECT_CLASS (ic_markdown_export_parent_class)->finalize (object);
}

static void
ic_markdown_export_class_init (IcMarkdownExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_markdown_export_finalize;
}

static void
ic_markdown_export_init (IcMarkdownExport *self)
{
}

/**
 * ic_markdown_export_new:
 * @time_zone: (nullable): the zone times are written in; %NULL for the
 *   local one
 *
 * Returns: (transfer full): an exporter reading from @store
 */
IcMarkdownExport *
ic_markdown_export_new (IcStore   *store,
                        GTimeZone *time_zone)
{
  IcMarkdownExport *self;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  self = g_object_new (IC_TYPE_MARKDOWN_EXPORT, NULL);
  self->store = g_object_ref (store);
  self->time_zone = time_zone != NULL ? g_time_zone_ref (time_zone) : g_time_zone_new_local ();
  return self;
}

/* The changes before and during the incident, newest first, with what each
 * did to configuration files; none, no section. */
static void
append_changes (IcMarkdownExport *self,
                GString          *out,
                IcIncident       *incident)
{
  GListModel *changes = ic_store_get_changes (self->store, incident);

  if (changes == NULL || g_list_model_get_n_items (changes) == 0)
    return;
  append_heading (out, 2, _("What Changed"));
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);
      g_autofree char *when = format_time (self, ic_change_get_changed_at (change));
      g_autofree char *text = ic_markdown_escape_inline (ic_change_get_description (change));
      g_autofree char *kind = ic_markdown_escape_inline (
        ic_change_kind_get_label (ic_change_get_kind (change)));
      const char *diff = ic_change_get_config_diff (change);

      g_string_append_printf (out, "- %s — %s — %s", when, kind, text);
      if (ic_change_get_author (change) != NULL)
        {
          g_autofree char *author = ic_markdown_escape_inline (ic_change_get_author (change));

          /* Translators: who made a change, in the export */
          g_string_append_printf (out, _(" (by %s)"), author);
        }
      if (ic_change_get_rolled_back_at (change) != 0)
        {
          g_autofree char *back = format_time (self, ic_change_get_rolled_back_at (change));

          /* Translators: when a change was rolled back, in the export */
          g_string_append_printf (out, _(" — rolled back at %s"), back);
        }
      g_string_append_c (out, '\n');
      if (diff != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (diff, "\n", -1);

          for (guint j = 0; lines[j] != NULL; j++)
            {
              g_autofree char *line = ic_markdown_escape_inline (lines[j]);

              g_string_append_printf (out, "  - %s\n", line);
            }
        }
    }
}

/**
 * ic_markdown_export_run:
 *
 * Returns: (transfer full): the incident and its postmortem as CommonMark
 *   (with a GFM table for the action items), or %NULL with an error
 */
char *
ic_markdown_export_run (IcMarkdownExport  *self,
                        IcIncident        *incident,
                        GError           **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *title = NULL;

  g_return_val_if_fail (IC_IS_MARKDOWN_EXPORT (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  title = ic_markdown_escape_inline (ic_incident_get_title (incident));
  g_string_append_printf (out, "# %s\n\n", title);
  append_facts (self, out, incident);
  append_section (self, out, incident, IC_POSTMORTEM_SUMMARY, 2);
  append_section (self, out, incident, IC_POSTMORTEM_IMPACT, 2);
  if (!append_timeline (self, out, incident, error))
    return NULL;
  append_changes (self, out, incident);
  append_hypotheses (self, out, incident);
  append_section (self, out, incident, IC_POSTMORTEM_ROOT_CAUSE, 2);
  append_whys (self, out, incident);
  append_heading (out, 2, _("Detection Gap"));
  append_section (self, out, incident, IC_POSTMORTEM_DETECTION_GAP, 3);
  append_section (self, out, incident, IC_POSTMORTEM_DEBUGGING_GAP, 3);
  append_section (self, out, incident, IC_POSTMORTEM_WENT_WELL, 2);
  append_section (self, out, incident, IC_POSTMORTEM_WENT_WRONG, 2);
  append_section (self, out, incident, IC_POSTMORTEM_LUCKY, 2);
  append_action_items (self, out, incident);
  append_section (self, out, incident, IC_POSTMORTEM_LESSONS, 2);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
