/* test-markdown-export.c — the postmortem as CommonMark: golden file, determinism and
 * hostile text parsed back with cmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ic-hypothesis.h"
#include "ic-incident.h"
#include "ic-markdown-export.h"
#include "ic-postmortem.h"
#include "ic-store-change-sources.h"
#include "ic-test-store-fixture.h"
#include "ic-timeline-event.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

/* Every hostile case of DESIGN.md §7: headings, table pipes, backticks, raw
 * HTML, list markers, a leading '>', setext underlines, entities, links. */
static const char * const hostile[] = {
  "# Not a heading",
  "Title ## with closing #",
  "| a | b | c |",
  "`code` and ``` a fence",
  "<script>alert(1)</script>",
  "<!-- comment --> <https://example.com>",
  "- a list item",
  "+ another",
  "* and a third",
  "1. ordered",
  "42) ordered too",
  "> a quote",
  "===",
  "---",
  "**bold** _em_ ~~strike~~ [link](http://x) ![img](y) [ref]",
  "&amp; &copy; &#35;",
  "back\\slash at the end\\",
  "    four spaces",
  "line one\nline two\n\n# after a blank line",
};

static const char hostile_markdown[] =
  "Intro paragraph.\n"
  "# Not a heading\n"
  "Setext attempt\n"
  "===\n"
  "Another\n"
  "---\n"
  "> quoted\n"
  "<div>raw html</div>\n"
  "  <!-- hidden -->\n"
  "- a real list\n"
  "- kept as a list\n"
  "`<b>` in code stays\n"
  "```\n"
  "an unclosed fence\n";

typedef struct
{
  GHashTable *counts;        /* element name → count */
  GPtrArray  *headings;      /* "level:text" */
  GPtrArray  *cells;         /* text of each table cell */
  GPtrArray  *items;         /* text of each list item's first paragraph */
  GString    *text;          /* text of the current heading or cell, or NULL */
  int         level;
  int         item_depth;
} Outline;

static void
outline_clear (Outline *o)
{
  g_clear_pointer (&o->counts, g_hash_table_unref);
  g_clear_pointer (&o->headings, g_ptr_array_unref);
  g_clear_pointer (&o->cells, g_ptr_array_unref);
  g_clear_pointer (&o->items, g_ptr_array_unref);
  if (o->text != NULL)
    g_string_free (o->text, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outline, outline_clear)

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Outline *o = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (o->counts, name));

  g_hash_table_insert (o->counts, g_strdup (name), GUINT_TO_POINTER (n + 1));
  if (g_str_equal (name, "heading"))
    {
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (g_str_equal (attribute_names[i], "level"))
          o->level = atoi (attribute_values[i]);
      o->text = g_string_new (NULL);
    }
  else if (g_str_equal (name, "table_cell") || (g_str_equal (name, "item") && o->text == NULL))
    o->text = g_string_new (NULL);
  else if ((g_str_equal (name, "softbreak") || g_str_equal (name, "linebreak")) && o->text)
    g_string_append_c (o->text, ' ');
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Outline *o = user_data;

  if (o->text == NULL)
    return;
  if (g_str_equal (name, "heading"))
    g_ptr_array_add (o->headings, g_strdup_printf ("%d:%s", o->level, o->text->str));
  else if (g_str_equal (name, "table_cell"))
    g_ptr_array_add (o->cells, g_strdup (o->text->str));
  else if (g_str_equal (name, "paragraph") && o->items != NULL
           && g_str_equal (g_markup_parse_context_get_element_stack (context)->next->data,
                           "item"))
    g_ptr_array_add (o->items, g_strdup (o->text->str));
  else
    return;
  g_string_free (o->text, TRUE);
  o->text = NULL;
}

static void
text (GMarkupParseContext  *context,
      const char           *str,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Outline *o = user_data;
  const char *element = g_markup_parse_context_get_element (context);

  if (o->text != NULL && element != NULL
      && (g_str_equal (element, "text") || g_str_equal (element, "code")))
    g_string_append_len (o->text, str, len);
}

/* Runs a real CommonMark parser (cmark, or cmark-gfm with the table
 * extension) over @markdown and reads back its XML. */
static void
parse_markdown (const char *markdown,
                gboolean    gfm,
                Outline    *o)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  const char *gfm_argv[] = { "cmark-gfm", "-e", "table", "-t", "xml", NULL };
  const char *cm_argv[] = { "cmark", "-t", "xml", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cmark = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *xml = NULL;
  const char *body;

  cmark = g_subprocess_newv (gfm ? gfm_argv : cm_argv,
                             G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error);
  g_assert_no_error (error);  /* build-aux/setup.sh installs cmark and cmark-gfm */
  g_assert_true (g_subprocess_communicate_utf8 (cmark, markdown, NULL, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (cmark));

  o->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o->headings = g_ptr_array_new_with_free_func (g_free);
  o->cells = g_ptr_array_new_with_free_func (g_free);
  o->items = g_ptr_array_new_with_free_func (g_free);
  /* GMarkup does not read DOCTYPE declarations: start at the document. */
  body = strstr (xml, "<document");
  g_assert_nonnull (body);
  context = g_markup_parse_context_new (&parser, 0, o, NULL);
  g_assert_true (g_markup_parse_context_parse (context, body, -1, &error));
  g_assert_no_error (error);
}

static guint
count (Outline    *o,
       const char *element)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (o->counts, element));
}

static char *
collapse (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (builder, words[i]);
  kept = g_strv_builder_end (builder);
  return g_strjoinv (" ", kept);
}

static IcHypothesis *
add_hypothesis (StoreFixture       *fx,
                const char         *text,
                IcLikelihood        likelihood,
                const char         *command,
                IcHypothesisStatus  status)
{
  g_autoptr(GError) error = NULL;
  IcHypothesis *hypothesis = ic_store_add_hypothesis (fx->store, fx->incident, text, likelihood,
                                                      command, &error);

  g_assert_no_error (error);
  if (status != IC_HYPOTHESIS_STATUS_OPEN)
    g_assert_true (ic_store_set_hypothesis_status (fx->store, hypothesis, status, &error));
  return hypothesis;
}

static void
add_evidence (StoreFixture *fx,
              IcHypothesis *hypothesis,
              IcStance      stance,
              const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) evidence = ic_store_add_evidence (fx->store, hypothesis, stance, text, 0,
                                                          &error);
  g_assert_no_error (error);
}

static void
add_item (StoreFixture     *fx,
          const char       *text,
          const char       *owner,
          const char       *due,
          IcActionItemKind  kind,
          gboolean          done)
{
  g_autoptr(GError) error = NULL;
  IcActionItemFields item = { text, owner, due, kind, done };

  g_assert_cmpint (ic_store_add_action_item (fx->store, fx->incident, &item, &error), >, 0);
  g_assert_no_error (error);
}

static void
set_section (StoreFixture        *fx,
             IcPostmortemSection  section,
             const char          *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_store_set_postmortem_section (fx->store, fx->incident, section, text,
                                                  &error));
  g_assert_no_error (error);
}

static void
answer_whys (StoreFixture       *fx,
             const char * const *answers)
{
  g_autoptr(GError) error = NULL;
  GListModel *whys = ic_store_get_whys (fx->store, fx->incident);

  for (guint i = 0; i < g_list_model_get_n_items (whys) && answers[i] != NULL; i++)
    {
      g_autoptr(IcWhy) why = g_list_model_get_item (whys, i);
      g_autofree char *question = i == 0 ? g_strdup (ic_why_get_question (why))
                                         : g_strdup_printf ("Why %s?", answers[i - 1]);

      g_assert_true (ic_store_update_why (fx->store, fx->incident, ic_why_get_id (why), question,
                                          answers[i], &error));
      g_assert_no_error (error);
    }
}

/* The incident of the golden file: a timeline with a pinned event, three
 * hypotheses with evidence, every section written, whys, action items. */
static void
build_rich_incident (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcHypothesis) pool = NULL, deploy = NULL, dns = NULL;
  g_autoptr(IcTimelineEvent) note = NULL;

  g_object_set (fx->incident, "blast-scope", IC_BLAST_SCOPE_SUBSET, "blast-region", "eu-west-1",
                "blast-percent", 30.0, "error-rate", 0.12, NULL);
  ic_clock_advance (fx->clock, 2 * MINUTE);
  note = ic_store_add_note (fx->store, fx->incident, "Checkout p99 at 4 s; 500s on /pay only",
                            &error);
  g_assert_no_error (error);
  g_assert_true (ic_store_set_event_pinned (fx->store, note, TRUE, &error));
  ic_clock_advance (fx->clock, MINUTE);
  pool = add_hypothesis (fx, "Connection pool exhausted after the deploy",
                         IC_LIKELIHOOD_LIKELY, "redis-cli -p 6379 INFO clients",
                         IC_HYPOTHESIS_STATUS_CONFIRMED);
  add_evidence (fx, pool, IC_STANCE_FOR, "connected_clients 10000 of maxclients 10000");
  deploy = add_hypothesis (fx, "Bad config in v1.2.3", IC_LIKELIHOOD_POSSIBLE, "",
                           IC_HYPOTHESIS_STATUS_OPEN);
  add_evidence (fx, deploy, IC_STANCE_AGAINST, "Config diff is empty");
  g_assert_true (ic_store_set_hypothesis_status (fx->store, deploy, IC_HYPOTHESIS_STATUS_REFUTED,
                                                 &error));
  dns = add_hypothesis (fx, "DNS change at the provider", IC_LIKELIHOOD_WILD_CARD,
                        "dig +short `hostname`", IC_HYPOTHESIS_STATUS_OPEN);
  ic_clock_advance (fx->clock, 40 * MINUTE);
  g_object_set (fx->incident, "mitigated-at", ic_clock_get_now (fx->clock), NULL);
  ic_clock_advance (fx->clock, 2 * MINUTE);
  g_object_set (fx->incident, "resolved-at", ic_clock_get_now (fx->clock),
                "status", IC_INCIDENT_STATUS_RESOLVED, NULL);
  g_assert_true (ic_store_flush (fx->store, &error));
  g_assert_no_error (error);

  g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
  set_section (fx, IC_POSTMORTEM_SUMMARY,
               "Checkout failed for **30 %** of EU users for 45 minutes.\n\n"
               "- cause: connection pool exhaustion\n- fix: rollback of `v1.2.3`");
  set_section (fx, IC_POSTMORTEM_DETECTION_GAP,
               "We had no alert on Redis connection utilisation; only on error rate.");
  set_section (fx, IC_POSTMORTEM_DEBUGGING_GAP, "The Redis dashboard was behind the VPN.");
  set_section (fx, IC_POSTMORTEM_WENT_WELL, "Rollback in 2 minutes.");
  set_section (fx, IC_POSTMORTEM_WENT_WRONG, "Two people debugged the same hypothesis.");
  set_section (fx, IC_POSTMORTEM_LUCKY, "It happened before the evening peak.");
  set_section (fx, IC_POSTMORTEM_LESSONS, "Watch saturation, not only errors.");
  answer_whys (fx, (const char *[]) { "Redis refused new connections",
                                      "The pool doubled with the new worker count",
                                      "The worker count is not reviewed with capacity",
                                      "Capacity review is manual",
                                      "Nobody owns capacity", NULL });
  add_item (fx, "Add an alert on Redis connection utilisation ≥ 80 %", "Ana", "2026-12-05",
            IC_ACTION_ITEM_MONITORING, FALSE);
  add_item (fx, "Derive pool size from maxclients", "", NULL, IC_ACTION_ITEM_CODE, TRUE);
}

static char *
export (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+01:00");
  g_autoptr(IcMarkdownExport) exporter = ic_markdown_export_new (fx->store, zone);
  char *markdown = ic_markdown_export_run (exporter, fx->incident, &error);

  g_assert_no_error (error);
  g_assert_nonnull (markdown);
  return markdown;
}

static void
test_golden (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL, *expected = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "export", "rich-incident.md",
                                          NULL);

  build_rich_incident (fx);
  markdown = export (fx);
  /* IC_UPDATE_GOLDEN=1 rewrites the file after a deliberate format change. */
  if (g_getenv ("IC_UPDATE_GOLDEN") != NULL)
    g_assert_true (g_file_set_contents (path, markdown, -1, &error));
  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (markdown, ==, expected);
}

static void
test_deterministic (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autofree char *first = NULL, *second = NULL, *reopened = NULL;

  build_rich_incident (fx);
  first = export (fx);
  second = export (fx);
  g_assert_cmpstr (first, ==, second);
  store_fixture_reopen (fx);
  reopened = export (fx);
  g_assert_cmpstr (first, ==, reopened);
}

static void
test_structure (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autofree char *markdown = NULL;
  g_auto(Outline) cm = { 0 };
  g_auto(Outline) gfm = { 0 };

  build_rich_incident (fx);
  markdown = export (fx);
  parse_markdown (markdown, FALSE, &cm);
  g_assert_cmpstr (cm.headings->pdata[0], ==, "1:Elevated 500s on checkout");
  g_assert_cmpuint (cm.headings->len, ==, 20);
  for (guint i = 1; i < cm.headings->len; i++)
    g_assert_false (g_str_has_prefix (cm.headings->pdata[i], "1:"));
  g_assert_cmpstr (cm.headings->pdata[1], ==, "2:Summary");
  g_assert_cmpstr (cm.headings->pdata[cm.headings->len - 1], ==, "2:Lessons");
  /* The summary's own list survives as a list; the whys are one ordered list. */
  g_assert_true (g_ptr_array_find_with_equal_func (cm.items, "fix: rollback of v1.2.3",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (
    cm.items, "Why? Why did “Elevated 500s on checkout” happen? Because: Redis refused new "
    "connections", g_str_equal, NULL));
  g_assert_cmpuint (count (&cm, "code"), >=, 2);

  parse_markdown (markdown, TRUE, &gfm);
  g_assert_cmpuint (count (&gfm, "table"), ==, 1);
  g_assert_cmpuint (count (&gfm, "table_header"), ==, 1);
  g_assert_cmpuint (count (&gfm, "table_row"), ==, 2);
  g_assert_cmpstr (gfm.cells->pdata[7], ==, "Add an alert on Redis connection utilisation ≥ 80 %");
  g_assert_cmpstr (gfm.cells->pdata[8], ==, "Ana");
}

/* The changes, typed in and read from a repository, in a section of their
 * own after the timeline: newest first, who made each, its rollback, and
 * what it did to configuration files as a nested list. */
static void
test_changes (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_draft_free);
  g_autoptr(IcChange) typed = NULL;
  g_autofree char *markdown = NULL;
  g_auto(Outline) cm = { 0 };
  IcChangeDraft *read = ic_change_draft_new ();
  IcChange *config;
  guint timeline_at = 0, changes_at = 0;

  typed = ic_store_add_change (fx->store, fx->incident, IC_CHANGE_KIND_DEPLOY, "checkout v1.2.3",
                               IC_TEST_START_US - 10 * MINUTE, TRUE, &error);
  read->kind = IC_CHANGE_KIND_CONFIG;
  read->description = g_strdup ("sessions-config 9f2c1e0: Simplify *Redis* settings");
  read->changed_at = IC_TEST_START_US - 35 * MINUTE;
  read->author = g_strdup ("Ana Lima");
  read->revision = g_strdup ("9f2c1e0");
  read->config_diff = g_strdup ("prod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI added "
                                "(redis://10.0.4.13:6379) — CLUSTER_DISCOVERY removed, REDIS_URI "
                                "added: renamed?\nprod.yaml: a binary file, not compared");
  g_ptr_array_add (drafts, read);
  g_assert_true (ic_store_merge_changes (fx->store, fx->incident, "sessions-config", drafts, NULL,
                                         &error));
  config = g_list_model_get_item (ic_store_get_changes (fx->store, fx->incident), 1);
  g_object_unref (config);
  ic_clock_advance (fx->clock, MINUTE);
  g_assert_true (ic_store_roll_back_change (fx->store, fx->incident, config, &error));
  g_assert_no_error (error);

  markdown = export (fx);
  g_assert_nonnull (strstr (markdown,
    "## What Changed\n\n"
    "- 2026-11-28T08:50:00+01:00 — Deploy — checkout v1.2.3\n"
    "- 2026-11-28T08:25:00+01:00 — Config push — sessions-config 9f2c1e0: Simplify \\*Redis\\* "
    "settings (by Ana Lima) — rolled back at 2026-11-28T09:01:00+01:00\n"
    "  - prod.env: CLUSTER\\_DISCOVERY removed (was true); REDIS\\_URI added "
    "(redis://10.0.4.13:6379) — CLUSTER\\_DISCOVERY removed, REDIS\\_URI added: renamed?\n"
    "  - prod.yaml: a binary file, not compared\n"));
  parse_markdown (markdown, FALSE, &cm);
  for (guint i = 0; i < cm.headings->len; i++)
    {
      if (g_str_equal (cm.headings->pdata[i], "2:Timeline"))
        timeline_at = i;
      else if (g_str_equal (cm.headings->pdata[i], "2:What Changed"))
        changes_at = i;
    }
  /* Right after the timeline (and its own sub-sections), before the
   * hypotheses. */
  g_assert_cmpuint (changes_at, >, timeline_at);
  for (guint i = timeline_at + 1; i < changes_at; i++)
    g_assert_true (g_str_has_prefix (cm.headings->pdata[i], "3:"));
  g_assert_cmpstr (cm.headings->pdata[changes_at + 1], ==, "2:Hypotheses");
  /* And the config change is on the timeline, with its diff. */
  g_assert_nonnull (strstr (markdown, "Config change: sessions-config 9f2c1e0: Simplify "));
}

/* Every hostile text in every place user text goes: the outline stays the
 * same and each text reads back as itself. */
static void
test_hostile (StoreFixture  *fx,
              gconstpointer  data)
{
  for (guint h = 0; h < G_N_ELEMENTS (hostile); h++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcHypothesis) hypothesis = NULL;
      g_autoptr(IcWhy) first = NULL;
      g_autoptr(IcTimelineEvent) note = NULL;
      g_autofree char *markdown = NULL, *expected = collapse (hostile[h]);
      g_autofree char *command = NULL;
      g_autofree char *expected_h1 = g_strdup_printf ("1:%s", expected);
      g_autofree char *expected_h3 = g_strdup_printf ("3:Hypothesis 1: %s", expected);
      g_auto(Outline) cm = { 0 };
      g_auto(Outline) gfm = { 0 };

      g_test_message ("hostile text: %s", hostile[h]);
      g_clear_object (&fx->incident);
      fx->incident = ic_store_create_incident (fx->store, hostile[h], hostile[h],
                                               IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
      g_assert_no_error (error);
      note = ic_store_add_note (fx->store, fx->incident, hostile[h], &error);
      /* A test command is one line: the store refuses one with line breaks,
       * and the same words on one line stand in for it. */
      if (ic_hypothesis_check_test_command (hostile[h], NULL))
        command = g_strdup (hostile[h]);
      else
        {
          g_assert_null (ic_store_add_hypothesis (fx->store, fx->incident, hostile[h],
                                                  IC_LIKELIHOOD_LIKELY, hostile[h], &error));
          g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
          g_clear_error (&error);
          command = g_strdup (expected);
        }
      hypothesis = add_hypothesis (fx, hostile[h], IC_LIKELIHOOD_LIKELY, command,
                                   IC_HYPOTHESIS_STATUS_OPEN);
      add_evidence (fx, hypothesis, IC_STANCE_FOR, hostile[h]);
      g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
      for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
        set_section (fx, s, s % 2 ? hostile_markdown : hostile[h]);
      first = g_list_model_get_item (ic_store_get_whys (fx->store, fx->incident), 0);
      g_assert_true (ic_store_update_why (fx->store, fx->incident, ic_why_get_id (first),
                                          hostile[h], hostile[h], &error));
      add_item (fx, hostile[h], hostile[h], NULL, IC_ACTION_ITEM_OTHER, FALSE);

      markdown = export (fx);
      parse_markdown (markdown, FALSE, &cm);
      g_assert_cmpuint (count (&cm, "html_block") + count (&cm, "html_inline"), ==, 0);
      g_assert_cmpuint (count (&cm, "block_quote"), ==, 0);
      /* Links may come from the user's own Markdown sections; the inline
       * places are checked below by reading their text back. */
      g_assert_cmpuint (cm.headings->len, ==, 18);
      g_assert_cmpstr (cm.headings->pdata[0], ==, expected_h1);
      g_assert_cmpstr (cm.headings->pdata[7], ==, expected_h3);
      g_assert_cmpstr (cm.headings->pdata[cm.headings->len - 1], ==, "2:Lessons");
      for (guint i = 1; i < cm.headings->len; i++)
        g_assert_cmpint (((char *) cm.headings->pdata[i])[0], !=, '1');

      parse_markdown (markdown, TRUE, &gfm);
      g_assert_cmpuint (count (&gfm, "table"), ==, 1);
      g_assert_cmpuint (count (&gfm, "table_header"), ==, 1);
      g_assert_cmpuint (count (&gfm, "table_row"), ==, 1);
      g_assert_cmpuint (gfm.cells->len, ==, 10);
      g_assert_cmpstr (gfm.cells->pdata[7], ==, expected);
      g_assert_cmpstr (gfm.cells->pdata[8], ==, expected);
    }
}

/* A test command's direction marks are written as code points inside its
 * code span: the exported page reads in the order a shell runs it. */
static void
test_command_direction_marks (StoreFixture  *fx,
                              gconstpointer  data)
{
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autofree char *markdown = NULL;

  hypothesis = add_hypothesis (fx, "A renamed binary", IC_LIKELIHOOD_WILD_CARD,
                               "ls \xe2\x80\xae" "txt.exe \xe2\x81\xa7x\xe2\x81\xa9",
                               IC_HYPOTHESIS_STATUS_OPEN);
  markdown = export (fx);
  g_assert_nonnull (strstr (markdown,
                            "- **Test command:** `ls ⟨U+202E⟩txt.exe ⟨U+2067⟩x⟨U+2069⟩`\n"));
  g_assert_null (strstr (markdown, "\xe2\x80\xae"));
  g_assert_null (strstr (markdown, "\xe2\x81\xa7"));
}

static void
test_escape_helpers (void)
{
  g_autofree char *span = ic_markdown_code_span ("a `b` ``c``");
  g_autofree char *edge = ic_markdown_code_span ("`start");
  g_autofree char *lines = ic_markdown_code_span ("one\r\ntwo");
  g_autofree char *block = ic_markdown_sanitize_block ("```\nopen");
  g_autofree char *tilde = ic_markdown_sanitize_block ("~~~~\n# kept in code\n~~~~\n# escaped");
  g_autofree char *list = ic_markdown_escape_inline ("12. twelve");

  g_assert_cmpstr (span, ==, "``` a `b` ``c`` ```");
  g_assert_cmpstr (edge, ==, "`` `start ``");
  g_assert_cmpstr (lines, ==, "`one  two`");
  g_assert_cmpstr (block, ==, "```\nopen\n```");
  g_assert_cmpstr (tilde, ==, "~~~~\n# kept in code\n~~~~\n\\# escaped");
  g_assert_cmpstr (list, ==, "12\\. twelve");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/markdown-export/golden", test_golden);
  ADD ("/ic/markdown-export/test-command-direction-marks", test_command_direction_marks);
  ADD ("/ic/markdown-export/deterministic", test_deterministic);
  ADD ("/ic/markdown-export/structure", test_structure);
  ADD ("/ic/markdown-export/hostile", test_hostile);
  ADD ("/ic/markdown-export/changes", test_changes);
#undef ADD
  g_test_add_func ("/ic/markdown-export/escape-helpers", test_escape_helpers);

  return g_test_run ();
}
