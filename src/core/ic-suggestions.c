/* ic-suggestions.c — starting points for hypotheses, from a data file
 *
 * Each symptom (keywords) lists suggestions: a hypothesis text, its
 * category, likelihood and a command to test it. What an incident says
 * about itself is matched against the keywords; the board shows the
 * matching suggestions as a list model of IcSuggestion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-suggestions"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-enum-types.h"
#include "ic-json.h"
#include "ic-suggestions.h"

typedef struct
{
  GStrv      keywords;      /* lower case */
  GPtrArray *suggestions;   /* IcSuggestion, owned */
} Symptom;

struct _IcSuggestions
{
  GObject    parent_instance;

  GPtrArray *symptoms;      /* Symptom* */
};

G_DEFINE_FINAL_TYPE (IcSuggestions, ic_suggestions, G_TYPE_OBJECT)

G_DEFINE_QUARK (ic-suggestions-error-quark, ic_suggestions_error)

/* IcSuggestion ------------------------------------------------------------ */

struct _IcSuggestion
{
  GObject       parent_instance;

  char         *category;        /* "recent-change", "upstream", … */
  char         *category_label;  /* translated */
  IcLikelihood  likelihood;
  char         *text;            /* translated */
  char         *test_command;
};

enum {
  SUGGESTION_PROP_0,
  SUGGESTION_PROP_CATEGORY,
  SUGGESTION_PROP_CATEGORY_LABEL,
  SUGGESTION_PROP_LIKELIHOOD,
  SUGGESTION_PROP_TEXT,
  SUGGESTION_PROP_TEST_COMMAND,
  SUGGESTION_N_PROPS
};

static GParamSpec *suggestion_properties[SUGGESTION_N_PROPS];

G_DEFINE_FINAL_TYPE (IcSuggestion, ic_suggestion, G_TYPE_OBJECT)

static void
ic_suggestion_finalize (GObject *object)
{
  IcSuggestion *self = IC_SUGGESTION (object);

  g_free (self->category);
  g_free (self->category_label);
  g_free (self->text);
  g_free (self->test_command);
  G_OBJECT_CLASS (ic_suggestion_parent_class)->finalize (object);
}

static void
ic_suggestion_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IcSuggestion *self = IC_SUGGESTION (object);

  switch (prop_id)
    {
    case SUGGESTION_PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case SUGGESTION_PROP_CATEGORY_LABEL:
      g_value_set_string (value, self->category_label);
      break;
    case SUGGESTION_PROP_LIKELIHOOD:
      g_value_set_enum (value, self->likelihood);
      break;
    case SUGGESTION_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case SUGGESTION_PROP_TEST_COMMAND:
      g_value_set_string (value, self->test_command);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_suggestion_class_init (IcSuggestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_suggestion_finalize;
  object_class->get_property = ic_suggestion_get_property;
  suggestion_properties[SUGGESTION_PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL, flags);
  suggestion_properties[SUGGESTION_PROP_CATEGORY_LABEL] =
    g_param_spec_string ("category-label", NULL, NULL, NULL, flags);
  suggestion_properties[SUGGESTION_PROP_LIKELIHOOD] =
    g_param_spec_enum ("likelihood", NULL, NULL, IC_TYPE_LIKELIHOOD, IC_LIKELIHOOD_POSSIBLE,
                       flags);
  suggestion_properties[SUGGESTION_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  suggestion_properties[SUGGESTION_PROP_TEST_COMMAND] =
    g_param_spec_string ("test-command", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, SUGGESTION_N_PROPS, suggestion_properties);
}

static void
ic_suggestion_init (IcSuggestion *self)
{
}

/* The category as the file names it: "recent-change", "upstream", … */
const char *
ic_suggestion_get_category (IcSuggestion *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (self), NULL);
  return self->category;
}

/* The category's name, translated. */
const char *
ic_suggestion_get_category_label (IcSuggestion *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (self), NULL);
  return self->category_label;
}

IcLikelihood
ic_suggestion_get_likelihood (IcSuggestion *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (self), IC_LIKELIHOOD_POSSIBLE);
  return self->likelihood;
}

/* The hypothesis, translated. */
const char *
ic_suggestion_get_text (IcSuggestion *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (self), NULL);
  return self->text;
}

/* A command that tests it; "" when the file gives none. */
const char *
ic_suggestion_get_test_command (IcSuggestion *self)
{
  g_return_val_if_fail (IC_IS_SUGGESTION (self), NULL);
  return self->test_command;
}

/* IcSuggestions ----------------------------------------------------------- */

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

  suggestion = g_object_new (IC_TYPE_SUGGESTION, NULL);
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
  symptom->suggestions = g_ptr_array_new_with_free_func (g_object_unref);
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
 * Returns: (transfer full): the suggestions (IcSuggestion) for every
 *   symptom @text mentions, in file order, without duplicates
 */
GListModel *
ic_suggestions_match (IcSuggestions *self,
                      const char    *text)
{
  g_autofree char *lower = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new ();
  GListStore *store = g_list_store_new (IC_TYPE_SUGGESTION);

  g_return_val_if_fail (IC_IS_SUGGESTIONS (self), G_LIST_MODEL (store));

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
  g_list_store_splice (store, 0, 0, result->pdata, result->len);
  return G_LIST_MODEL (store);
}
