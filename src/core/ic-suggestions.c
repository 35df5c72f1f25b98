/* ic-suggestions.c — starting points for hypotheses, from a data file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-suggestions"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-json.h"
#include "ic-suggestions.h"

typedef struct
{
  GStrv      keywords;      /* lower case */
  GPtrArray *suggestions;   /* IcSuggestion* */
} Symptom;

struct _IcSuggestions
{
  GObject    parent_instance;

  GPtrArray *symptoms;      /* Symptom* */
};

G_DEFINE_FINAL_TYPE (IcSuggestions, ic_suggestions, G_TYPE_OBJECT)

G_DEFINE_QUARK (ic-suggestions-error-quark, ic_suggestions_error)

static void
suggestion_free (IcSuggestion *suggestion)
{
  g_free (suggestion->category);
  g_free (suggestion->category_label);
  g_free (suggestion->text);
  g_free (suggestion->test_command);
  g_free (suggestion);
}

static void
symptom_free (Symptom *symptom)
{
  g_strfreev (symptom->keywords);
  g_ptr_array_unref (symptom->suggestions);
  g_free (symptom);
}

static void
ic_suggestions_finalize (GObject *object)
{
  IcSuggestions *self = IC_SUGGESTIONS (object);

  g_clear_pointer (&self->symptoms, g_ptr_array_unref);

  G_OBJECT_CLASS (ic_suggestions_parent_class)->finalize (object);
}

static void
ic_suggestions_class_init (IcSuggestionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_suggestions_finalize;
}

static void
ic_suggestions_init (IcSuggestions *self)
{
  self->symptoms = g_ptr_array_new_with_free_func ((GDestroyNotify) symptom_free);
}

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, IC_SUGGESTIONS_ERROR, IC_SUGGESTIONS_ERROR_INVALID,
               _("Invalid suggestions file: %s"), what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
parse_suggestion (JsonNode    *node,
                  JsonObject  *categories,
                  GPtrArray   *into,
                  GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *category, *text, *likelihood, *command, *label;
  IcSuggestion *suggestion;
  IcLikelihood value;

  if (object == NULL)
    return invalid (error, "a suggestion is not an object");
  category = member_string (object, "category");
  text = member_string (object, "text");
  likelihood = member_string (object, "likelihood");
  command = member_string (object, "test_command");
  label = category ? member_string (categories, category) : NULL;
  if (text == NULL || *text == '\0' || label == NULL)
    return invalid (error, "a suggestion needs a text and a known category");
  if (!ic_likelihood_from_string (likelihood, &value))
    return invalid (error, "a suggestion's likelihood is not likely, possible or wild-card");

  suggestion = g_new0 (IcSuggestion, 1);
  suggestion->category = g_strdup (category);
  /* The file is in English; its strings are looked up in the app's catalogue. */
  suggestion->category_label = g_strdup (g_dgettext (GETTEXT_PACKAGE, label));
  suggestion->likelihood = value;
  suggestion->text = g_strdup (g_dgettext (GETTEXT_PACKAGE, text));
  suggestion->test_command = g_strdup (command ? command : "");
  g_ptr_array_add (into, suggestion);
  return TRUE;
}

static gboolean
parse_symptom (IcSuggestions  *self,
               JsonNode       *node,
               JsonObject     *categories,
               GError        **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *keywords, *suggestions;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Symptom *symptom;

  if (object == NULL)
    return invalid (error, "a symptom is not an object");
  keywords = member_array (object, "keywords");
  suggestions = member_array (object, "suggestions");
  if (keywords == NULL || suggestions == NULL || json_array_get_length (keywords) == 0)
    return invalid (error, "a symptom needs keywords and suggestions");
  for (guint i = 0; i < json_array_get_length (keywords); i++)
    {
      JsonNode *k = json_array_get_element (keywords, i);
      g_autofree char *lower = NULL;

      if (!JSON_NODE_HOLDS_VALUE (k) || json_node_get_value_type (k) != G_TYPE_STRING)
        return invalid (error, "a keyword is not a string");
      lower = g_utf8_strdown (json_node_get_string (k), -1);
      g_strv_builder_add (builder, lower);
    }
  symptom = g_new0 (Symptom, 1);
  symptom->keywords = g_strv_builder_end (builder);
  symptom->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) suggestion_free);
  g_ptr_array_add (self->symptoms, symptom);
  for (guint i = 0; i < json_array_get_length (suggestions); i++)
    if (!parse_suggestion (json_array_get_element (suggestions, i), categories,
                           symptom->suggestions, error))
      return FALSE;
  return TRUE;
}

/**
 * ic_suggestions_new_from_bytes:
 * @bytes: the suggestions file (data/suggestions.json)
 *
 * Returns: (transfer full) (nullable): the suggestions, or %NULL with a
 *   specific error
 */
IcSuggestions *
ic_suggestions_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(IcSuggestions) self = g_object_new (IC_TYPE_SUGGESTIONS, NULL);
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *categories;
  JsonArray *symptoms;
  JsonNode *categories_node;

  g_return_val_if_fail (bytes != NULL, NULL);

  document = ic_json_parse_bytes (bytes, IC_JSON_MAX_DEPTH, &local_error);
  if (document == NULL)
    return invalid (error, local_error->message), NULL;
  if (!JSON_NODE_HOLDS_OBJECT (document))
    return invalid (error, "the top level is not an object"), NULL;
  root = json_node_get_object (document);
  categories_node = json_object_get_member (root, "categories");
  symptoms = member_array (root, "symptoms");
  if (categories_node == NULL || !JSON_NODE_HOLDS_OBJECT (categories_node) || symptoms == NULL)
    return invalid (error, "“categories” and “symptoms” are required"), NULL;
  categories = json_node_get_object (categories_node);
  for (guint i = 0; i < json_array_get_length (symptoms); i++)
    if (!parse_symptom (self, json_array_get_element (symptoms, i), categories, error))
      return NULL;
  return g_steal_pointer (&self);
}

guint
ic_suggestions_get_n_symptoms (IcSuggestions *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTIONS (self), 0);
  return self->symptoms->len;
}

/* A keyword matches as whole words: "500" is in "elevated 500s"? No — in
 * "500 errors", yes. Multi-word keywords match as phrases. */
static gboolean
contains_words (const char *haystack,
                const char *needle)
{
  size_t len = strlen (needle);

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean start_ok = p == haystack || !g_ascii_isalnum (p[-1]);
      gboolean end_ok = !g_ascii_isalnum (p[len]);

      if (start_ok && end_ok)
        return TRUE;
    }
  return FALSE;
}

/**
 * ic_suggestions_match:
 * @text: what the incident says about itself (title, service, notes)
 *
 * Returns: (transfer container) (element-type IcSuggestion): suggestions
 *   for every symptom @text mentions, in file order, without duplicates
 */
GPtrArray *
ic_suggestions_match (IcSuggestions *self,
                      const char    *text)
{
  g_autofree char *lower = NULL;
  GPtrArray *result = g_ptr_array_new ();

  g_return_val_if_fail (IC_IS_SUGGESTIONS (self), result);

  lower = g_utf8_strdown (text ? text : "", -1);
  for (guint i = 0; i < self->symptoms->len; i++)
    {
      Symptom *symptom = g_ptr_array_index (self->symptoms, i);
      gboolean hit = FALSE;

      for (guint k = 0; !hit && symptom->keywords[k] != NULL; k++)
        hit = contains_words (lower, symptom->keywords[k]);
      if (!hit)
        continue;
      for (guint s = 0; s < symptom->suggestions->len; s++)
        {
          IcSuggestion *suggestion = g_ptr_array_index (symptom->suggestions, s);
          gboolean seen = FALSE;

          for (guint r = 0; r < result->len && !seen; r++)
            seen = g_str_equal (((IcSuggestion *) g_ptr_array_index (result, r))->text,
                                suggestion->text);
          if (!seen)
            g_ptr_array_add (result, suggestion);
        }
    }
  return result;
}
