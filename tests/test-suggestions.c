/* test-suggestions.c — the data file of hypothesis starting points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-suggestions.h"

static IcSuggestions *
load_shipped (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "suggestions.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  IcSuggestions *suggestions;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  suggestions = ic_suggestions_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  return suggestions;
}

static void
test_shipped_file (void)
{
  IcSuggestions *suggestions = load_shipped ();

  g_assert_cmpuint (ic_suggestions_get_n_symptoms (suggestions), >=, 4);
  g_assert_finalize_object (suggestions);
}

static void
test_match_symptoms (void)
{
  g_autoptr(IcSuggestions) suggestions = load_shipped ();
  struct { const char *text; const char *category; } cases[] = {
    { "Connection refused from checkout to payments", "node-down" },
    { "Timeouts on search", "resource-exhaustion" },
    { "Elevated 5xx on checkout", "recent-change" },
    { "p99 latency regression", "resource-exhaustion" },
    { "Disk full on db-3", "resource-exhaustion" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) matches = ic_suggestions_match (suggestions, cases[i].text);
      gboolean wild = FALSE;
      g_autoptr(IcSuggestion) first = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (g_list_model_get_n_items (matches), >=, 3);
      g_assert_true (g_list_model_get_item_type (matches) == IC_TYPE_SUGGESTION);
      first = g_list_model_get_item (matches, 0);
      g_assert_cmpstr (ic_suggestion_get_category (first), ==, cases[i].category);
      g_assert_cmpstr (ic_suggestion_get_text (first), !=, "");
      /* Every symptom offers a wild card too. */
      for (guint m = 0; m < g_list_model_get_n_items (matches); m++)
        {
          g_autoptr(IcSuggestion) match = g_list_model_get_item (matches, m);

          wild |= ic_suggestion_get_likelihood (match) == IC_LIKELIHOOD_WILD_CARD;
        }
      g_assert_true (wild);
    }
}

static void
test_no_match (void)
{
  g_autoptr(IcSuggestions) suggestions = load_shipped ();
  g_autoptr(GListModel) none = ic_suggestions_match (suggestions, "Something odd");
  g_autoptr(GListModel) partial = ic_suggestions_match (suggestions, "refusedness of 5000 slows");

  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  /* Words match whole: "refusedness", "5000" and "slows" are not symptoms. */
  g_assert_cmpuint (g_list_model_get_n_items (partial), ==, 0);
}

static void
test_bad_files (void)
{
  const char *bad[] = {
    "",
    "[]",
    "{\"categories\": {}}",
    "{\"categories\": {\"a\": \"A\"}, \"symptoms\": [1]}",
    "{\"categories\": {\"a\": \"A\"}, \"symptoms\": [{\"keywords\": [], \"suggestions\": []}]}",
    "{\"categories\": {\"a\": \"A\"}, \"symptoms\": [{\"keywords\": [\"x\"], \"suggestions\":"
    " [{\"category\": \"b\", \"likelihood\": \"likely\", \"text\": \"t\"}]}]}",
    "{\"categories\": {\"a\": \"A\"}, \"symptoms\": [{\"keywords\": [\"x\"], \"suggestions\":"
    " [{\"category\": \"a\", \"likelihood\": \"maybe\", \"text\": \"t\"}]}]}",
    "{\"categories\": {\"a\": \"A\"}, \"symptoms\": [{\"keywords\": [2], \"suggestions\": []}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(IcSuggestions) suggestions = ic_suggestions_new_from_bytes (bytes, &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (suggestions);
      g_assert_nonnull (error);
    }
}

/* Not JSON, or nested too deep for json-glib: an error of the suggestions
 * domain that says so, and no crash. */
static void
test_not_json (void)
{
  GString *deep = g_string_new (NULL);
  const char *cases[] = { "", "{", "{\"categories\": }", NULL };
  g_autofree char *deep_text = NULL;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  cases[3] = deep_text = g_string_free (deep, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i], strlen (cases[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(IcSuggestions) suggestions = ic_suggestions_new_from_bytes (bytes, &error);

      g_assert_null (suggestions);
      g_assert_error (error, IC_SUGGESTIONS_ERROR, IC_SUGGESTIONS_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "Invalid suggestions file: "));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/suggestions/shipped-file", test_shipped_file);
  g_test_add_func ("/ic/suggestions/match", test_match_symptoms);
  g_test_add_func ("/ic/suggestions/no-match", test_no_match);
  g_test_add_func ("/ic/suggestions/bad-files", test_bad_files);
  g_test_add_func ("/ic/suggestions/not-json", test_not_json);

  return g_test_run ();
}
