/* ic-json-condition.c — "$.checks.db.status != \"fail\"" against a JSON body
 *
 * A small, safe subset of JSONPath (members and array indexes, no filters
 * or wildcards) followed by a comparison with a literal. It walks the nodes
 * itself: json-glib's JsonPath logs criticals on some empty matches. The
 * literal goes through the depth-checked parse, and a path is no longer
 * than a document that parse accepts is deep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-json-condition.h"
#include "ic-json.h"
#include "ic-utf8.h"

G_DEFINE_QUARK (ic-json-condition-error-quark, ic_json_condition_error)

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS } Op;

typedef struct
{
  char *member;   /* NULL for an index step */
  guint index;
} Step;

struct _IcJsonCondition
{
  char     *path_text;     /* as quoted in an explanation: bounded */
  GArray   *steps;         /* Step */
  Op        op;
  JsonNode *literal;
  char     *literal_text;  /* as quoted in an explanation: bounded */
};

static const char * const op_names[] = { "==", "!=", "<", "<=", ">", ">=", "contains" };

static void
clear_step (Step *step)
{
  g_free (step->member);
}

void
ic_json_condition_free (IcJsonCondition *condition)
{
  if (condition == NULL)
    return;
  g_free (condition->path_text);
  g_free (condition->literal_text);
  g_clear_pointer (&condition->steps, g_array_unref);
  g_clear_pointer (&condition->literal, json_node_unref);
  g_free (condition);
}

/* How much of a condition an error message quotes, and how much of the
 * value found, the path and the literal an explanation quotes: each may be
 * a megabyte of string (a member name or a literal has no other bound), and
 * all three with the words around them must fit in the sample's detail. */
#define MAX_QUOTED 200
#define MAX_QUOTED_VALUE 1024

static IcJsonCondition *
syntax (GError     **error,
        const char  *text,
        const char  *why)
{
  g_autofree char *quoted = ic_utf8_truncate (text, MAX_QUOTED);

  g_set_error (error, IC_JSON_CONDITION_ERROR, IC_JSON_CONDITION_ERROR_SYNTAX,
               _("Invalid JSON condition “%s”: %s"), quoted, why);
  return NULL;
}

/* Parses "$.a.b[2].c" up to the first space; returns the rest. */
static const char *
parse_path (IcJsonCondition *condition,
            const char      *p,
            gboolean        *ok)
{
  *ok = FALSE;
  if (*p++ != '$')
    return p;
  while (*p != '\0' && *p != ' ')
    {
      Step step = { NULL, 0 };

      if (*p == '.')
        {
          const char *start = ++p;

          while (*p != '\0' && *p != '.' && *p != '[' && *p != ' ')
            p++;
          if (p == start)
            return p;
          step.member = g_strndup (start, (gsize) (p - start));
        }
      else if (*p == '[')
        {
          char *end = NULL;
          long index = strtol (p + 1, &end, 10);

          if (end == p + 1 || *end != ']' || index < 0)
            return p;
          step.index = (guint) index;
          p = end + 1;
        }
      else
        return p;
      g_array_append_val (condition->steps, step);
    }
  *ok = TRUE;
  return p;
}

/**
 * ic_json_condition_parse:
 * @text: `PATH OP LITERAL`, e.g. `$.status == "UP"`, `$.queue.depth < 100`,
 *   `$.checks.db.status != "fail"`, `$.version contains "1.2"`
 *
 * Returns: (transfer full) (nullable): the condition, or %NULL with an
 *   error naming what is wrong
 */
IcJsonCondition *
ic_json_condition_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(IcJsonCondition) condition = g_new0 (IcJsonCondition, 1);
  g_autoptr(JsonNode) literal = NULL;
  g_autofree char *literal_json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *too_long = NULL;
  const char *p = text;
  gboolean ok = FALSE;
  gboolean found = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  /* Its path comes back in what a failing check says: it must be text. */
  if (!g_utf8_validate (text, -1, NULL))
    /* Translators: the reason in "Invalid JSON condition “…”: …" */
    return syntax (error, text, _("it is not UTF-8 text"));
  condition->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (condition->steps, (GDestroyNotify) clear_step);
  while (*p == ' ')
    p++;
  p = parse_path (condition, p, &ok);
  if (!ok)
    return syntax (error, text, _("the path must look like $.a.b[0].c"));
  if (condition->steps->len > IC_JSON_MAX_DEPTH)
    {
      /* Translators: the reason in "Invalid JSON condition “…”: …" */
      too_long = g_strdup_printf (_("the path has more than %u steps"), IC_JSON_MAX_DEPTH);
      return syntax (error, text, too_long);
    }
  while (*p == ' ')
    p++;
  for (guint i = G_N_ELEMENTS (op_names); i > 0 && !found; i--)
    {
      /* Longest names first ("<=" before "<"). */
      guint k = i - 1;
      gsize len;

      if (k == OP_LT || k == OP_GT)
        continue;
      len = strlen (op_names[k]);
      if (strncmp (p, op_names[k], len) == 0)
        {
          condition->op = (Op) k;
          p += len;
          found = TRUE;
        }
    }
  if (!found && (*p == '<' || *p == '>'))
    {
      condition->op = *p == '<' ? OP_LT : OP_GT;
      p++;
      found = TRUE;
    }
  if (!found)
    return syntax (error, text, _("expected ==, !=, <, <=, >, >= or contains"));
  while (*p == ' ')
    p++;
  literal = ic_json_parse (p, -1, IC_JSON_MAX_DEPTH, NULL);
  if (literal == NULL || (!JSON_NODE_HOLDS_VALUE (literal) && !JSON_NODE_HOLDS_NULL (literal)))
    return syntax (error, text, _("the value must be a string in quotes, a number, true, "
                                  "false or null"));
  condition->literal = g_steal_pointer (&literal);
  literal_json = json_to_string (condition->literal, FALSE);
  condition->literal_text = ic_utf8_truncate (literal_json, MAX_QUOTED_VALUE);
  path = g_strndup (text, (gsize) (strstr (text, op_names[condition->op]) - text));
  condition->path_text = ic_utf8_truncate (g_strstrip (path), MAX_QUOTED_VALUE);
  return g_steal_pointer (&condition);
}

static JsonNode *
walk (IcJsonCondition *condition,
      JsonNode        *node)
{
  for (guint i = 0; node != NULL && i < condition->steps->len; i++)
    {
      Step *step = &g_array_index (condition->steps, Step, i);

      if (step->member != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), step->member);
        }
      else
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          array = json_node_get_array (node);
          /* Checked here: json-glib's own bound check is off by one. */
          if (step->index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, step->index);
        }
    }
  return node;
}

static gboolean
node_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      /* Prometheus and friends send numbers as strings. */
      char *end = NULL;
      const char *s = json_node_get_string (node);

      *out = g_ascii_strtod (s, &end);
      return end != s && *end == '\0';
    }
  return FALSE;
}

static int
compare (JsonNode *a,
         JsonNode *b,
         gboolean *comparable)
{
  double x, y;

  *comparable = TRUE;
  if (node_number (a, &x) && node_number (b, &y))
    return x < y ? -1 : x > y;
  if (a != NULL && b != NULL && JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b)
      && json_node_get_value_type (a) == G_TYPE_STRING
      && json_node_get_value_type (b) == G_TYPE_STRING)
    return strcmp (json_node_get_string (a), json_node_get_string (b));
  *comparable = FALSE;
  return 0;
}

/**
 * ic_json_condition_eval:
 * @root: (nullable): the body, as ic_json_parse() gave it: its depth is bounded
 * @explanation: (out) (optional): what was found, for the sample's detail;
 *   a long value, path or literal is quoted up to its first kilobyte, so
 *   it fits in a sample's detail
 *
 * Returns: whether the condition holds; a missing path never holds
 */
gboolean
ic_json_condition_eval (IcJsonCondition  *condition,
                        JsonNode         *root,
                        char            **explanation)
{
  JsonNode *found;
  g_autofree char *found_json = NULL;
  g_autofree char *found_text = NULL;
  gboolean comparable = FALSE, result = FALSE;
  int cmp;

  g_return_val_if_fail (condition != NULL, FALSE);

  found = root ? walk (condition, root) : NULL;
  if (found == NULL)
    {
      if (explanation)
        *explanation = g_strdup_printf (_("%s is missing (expected %s %s)"),
                                        condition->path_text, op_names[condition->op],
                                        condition->literal_text);
      return FALSE;
    }
  found_json = json_to_string (found, FALSE);
  found_text = ic_utf8_truncate (found_json, MAX_QUOTED_VALUE);
  if (condition->op == OP_CONTAINS)
    result = JSON_NODE_HOLDS_VALUE (found) && json_node_get_value_type (found) == G_TYPE_STRING
             && JSON_NODE_HOLDS_VALUE (condition->literal)
             && json_node_get_value_type (condition->literal) == G_TYPE_STRING
             && strstr (json_node_get_string (found),
                        json_node_get_string (condition->literal)) != NULL;
  else
    {
      cmp = compare (found, condition->literal, &comparable);
      switch (condition->op)
        {
        case OP_EQ:
          result = comparable ? cmp == 0 : json_node_equal (found, condition->literal);
          break;
        case OP_NE:
          result = comparable ? cmp != 0 : !json_node_equal (found, condition->literal);
          break;
        case OP_LT:
          result = comparable && cmp < 0;
          break;
        case OP_LE:
          result = comparable && cmp <= 0;
          break;
        case OP_GT:
          result = comparable && cmp > 0;
          break;
        case OP_GE:
          result = comparable && cmp >= 0;
          break;
        case OP_CONTAINS:
        default:
          break;
        }
    }
  if (explanation)
    *explanation = g_strdup_printf (_("%s is %s (expected %s %s)"), condition->path_text,
                                    found_text, op_names[condition->op],
                                    condition->literal_text);
  return result;
}
