/* ic-config-diff.c — what a change did to configuration files
 *
 * Each format is read into one flat table, key path → value: nested
 * mappings become dotted paths, a list of named items (a Kubernetes
 * container, an `env:` entry) is keyed by its name, and an `env:` entry's
 * value is the variable's value. Two tables compare into keys added,
 * removed and changed. A key removed in the change beside one added under
 * the same parent is called out as a possible rename: that is how an
 * environment variable renamed in a config repository (CLUSTER_DISCOVERY
 * gone, REDIS_URI new) reads in a diff, and what a paged engineer needs to
 * see first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-config-diff"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <yaml.h>

#include "ic-config-diff.h"
#include "ic-json.h"

#define MASK "••••••"

G_DEFINE_QUARK (ic-config-error-quark, ic_config_error)

/**
 * ic_config_format_for_path:
 *
 * Returns: the format of the configuration file at @path (by its name), or
 *   %IC_CONFIG_FORMAT_NONE for anything else
 */
IcConfigFormat
ic_config_format_for_path (const char *path)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, IC_CONFIG_FORMAT_NONE);

  base = g_ascii_strdown (strrchr (path, '/') ? strrchr (path, '/') + 1 : path, -1);
  if (g_str_equal (base, ".env") || g_str_has_prefix (base, ".env.") || g_str_has_suffix (base, ".env"))
    return IC_CONFIG_FORMAT_ENV;
  if (g_str_has_suffix (base, ".properties"))
    return IC_CONFIG_FORMAT_PROPERTIES;
  if (g_str_has_suffix (base, ".ini") || g_str_has_suffix (base, ".cfg")
      || g_str_has_suffix (base, ".conf"))
    return IC_CONFIG_FORMAT_INI;
  if (g_str_has_suffix (base, ".toml"))
    return IC_CONFIG_FORMAT_TOML;
  if (g_str_has_suffix (base, ".json"))
    return IC_CONFIG_FORMAT_JSON;
  if (g_str_has_suffix (base, ".yaml") || g_str_has_suffix (base, ".yml"))
    return IC_CONFIG_FORMAT_YAML;
  return IC_CONFIG_FORMAT_NONE;
}

/**
 * ic_config_key_is_secret:
 *
 * Returns: whether the value of @key (its last part) looks secret: a
 *   password, token, secret or key
 */
gboolean
ic_config_key_is_secret (const char *key)
{
  const char *words[] = { "PASSWORD", "PASSWD", "TOKEN", "SECRET", "KEY", "CREDENTIAL" };
  const char *last;
  g_autofree char *upper = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  last = strrchr (key, '.');
  upper = g_ascii_strup (last != NULL ? last + 1 : key, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (upper, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
malformed (GError     **error,
           guint        line,
           const char  *expected)
{
  /* Translators: "line 4: expected KEY=value" */
  g_set_error (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_MALFORMED, _("line %u: expected %s"), line,
               expected);
}

static char *
unquote (const char *value)
{
  gsize n = strlen (value);

  if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0])
    return g_strndup (value + 1, n - 2);
  return g_strdup (value);
}

/* Line formats ------------------------------------------------------------ */

/* .env, .properties, .ini and TOML: one key a line, sections in brackets
 * (INI, TOML), comments with # (and ; in INI, ! in properties). A TOML
 * value may go on over lines while its brackets or triple quotes are open. */
static gboolean
read_lines (IcConfigFormat   format,
            const char      *text,
            GHashTable      *table,
            GError         **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *section = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *key = NULL;
      g_autoptr(GString) value = NULL;
      const char *sep;

      if (*line == '\0' || *line == '#' || (format == IC_CONFIG_FORMAT_INI && *line == ';')
          || (format == IC_CONFIG_FORMAT_PROPERTIES && *line == '!'))
        continue;
      if (*line == '[' && (format == IC_CONFIG_FORMAT_INI || format == IC_CONFIG_FORMAT_TOML))
        {
          char *end = strrchr (line, ']');

          if (end == NULL)
            {
              malformed (error, i + 1, "[section]");
              return FALSE;
            }
          *end = '\0';
          g_free (section);
          section = g_strdup (g_strstrip (line + (line[1] == '[' ? 2 : 1)));
          continue;
        }
      if (format == IC_CONFIG_FORMAT_ENV && g_str_has_prefix (line, "export "))
        memmove (line, line + 7, strlen (line + 7) + 1);
      sep = strchr (line, '=');
      if (format == IC_CONFIG_FORMAT_PROPERTIES)
        {
          const char *colon = strchr (line, ':');

          if (colon != NULL && (sep == NULL || colon < sep))
            sep = colon;
        }
      if (sep == NULL || sep == line)
        {
          malformed (error, i + 1, format == IC_CONFIG_FORMAT_ENV ? "KEY=value" : "key = value");
          return FALSE;
        }
      key = g_strstrip (g_strndup (line, sep - line));
      value = g_string_new (sep + 1);
      g_strstrip (value->str);
      g_string_set_size (value, strlen (value->str));
      if (format == IC_CONFIG_FORMAT_TOML)
        {
          /* A value that opens brackets or triple quotes goes on. */
          while (lines[i + 1] != NULL
                 && ((g_str_has_prefix (value->str, "\"\"\"")
                      && (value->len < 6 || !g_str_has_suffix (value->str, "\"\"\"")))
                     || (value->str[0] == '['
                         && strchr (value->str, ']') == NULL)))
            {
              g_string_append_c (value, '\n');
              g_string_append (value, g_strstrip (lines[++i]));
            }
        }
      g_hash_table_replace (table,
                            section != NULL ? g_strdup_printf ("%s.%s", section, key)
                                            : g_strdup (key),
                            unquote (value->str));
    }
  return TRUE;
}

/* JSON -------------------------------------------------------------------- */

static void flatten_json (JsonNode *node, const char *prefix, GHashTable *table);

/* An item of a list keyed by its "name", if it has one (a container, an
 * env entry). */
static const char *string_member (JsonObject *object, const char *name);

static const char *
json_item_name (JsonNode *item)
{
  return JSON_NODE_HOLDS_OBJECT (item) ? string_member (json_node_get_object (item), "name")
                                       : NULL;
}

static char *
child_key (const char *prefix,
           const char *key)
{
  return *prefix == '\0' ? g_strdup (key) : g_strdup_printf ("%s.%s", prefix, key);
}

static void
flatten_json (JsonNode   *node,
              const char *prefix,
              GHashTable *table)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        {
          g_autofree char *key = child_key (prefix, member);

          flatten_json (child, key, table);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      gboolean env = g_str_has_suffix (prefix, "env") || g_str_equal (prefix, "env");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *name = json_item_name (item);
          g_autofree char *key = NULL;

          if (name != NULL && env)
            {
              /* An environment variable: NAME → its value. */
              JsonNode *value = json_object_get_member (json_node_get_object (item), "value");

              key = g_strdup_printf ("%s.%s", prefix, name);
              if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
                flatten_json (value, key, table);
              else
                {
                  g_autoptr(JsonNode) rest = json_node_copy (item);

                  json_object_remove_member (json_node_get_object (rest), "name");
                  flatten_json (rest, key, table);
                }
              continue;
            }
          key = name != NULL ? g_strdup_printf ("%s[%s]", prefix, name)
                             : g_strdup_printf ("%s[%u]", prefix, i);
          flatten_json (item, key, table);
        }
    }
  else if (JSON_NODE_HOLDS_NULL (node))
    g_hash_table_replace (table, g_strdup (prefix), g_strdup ("null"));
  else
    {
      GType type = json_node_get_value_type (node);
      char *value;

      if (type == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_BOOLEAN)
        value = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      else if (type == G_TYPE_INT64)
        value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          /* As written: the shortest form that reads back the same. */
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          double number = json_node_get_double (node);

          g_ascii_formatd (buffer, sizeof buffer, "%.15g", number);
          if (g_ascii_strtod (buffer, NULL) != number)
            g_ascii_dtostr (buffer, sizeof buffer, number);
          value = g_strdup (buffer);
        }
      g_hash_table_replace (table, g_strdup (prefix), value);
    }
}

/* YAML -------------------------------------------------------------------- */

/* YAML reads into the same tree as JSON, so both flatten alike: scalars
 * stay strings (a YAML 1.1 "yes" is what the file says). */
static JsonNode *
yaml_to_json (yaml_document_t *document,
              yaml_node_t     *node,
              guint            depth)
{
  JsonNode *out;

  if (node == NULL || depth > 64)
    return json_node_new (JSON_NODE_NULL);
  switch (node->type)
    {
    case YAML_SCALAR_NODE:
      out = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (out, (const char *) node->data.scalar.value);
      return out;
    case YAML_SEQUENCE_NODE:
      {
        JsonArray *array = json_array_new ();

        for (yaml_node_item_t *item = node->data.sequence.items.start;
             item < node->data.sequence.items.top; item++)
          json_array_add_element (array, yaml_to_json (document,
                                                       yaml_document_get_node (document, *item),
                                                       depth + 1));
        out = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (out, array);
        return out;
      }
    case YAML_MAPPING_NODE:
      {
        JsonObject *object = json_object_new ();

        for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
             pair < node->data.mapping.pairs.top; pair++)
          {
            yaml_node_t *key = yaml_document_get_node (document, pair->key);

            if (key == NULL || key->type != YAML_SCALAR_NODE)
              continue;
            json_object_set_member (object, (const char *) key->data.scalar.value,
                                    yaml_to_json (document,
                                                  yaml_document_get_node (document, pair->value),
                                                  depth + 1));
          }
        out = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (out, object);
        return out;
      }
    case YAML_NO_NODE:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* @name's value in @object if it is a string, else NULL (a YAML "kind:"
 * can be anything). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;
}

/* A document's name in a file of several (Kubernetes manifests):
 * "Deployment/sessions-api", else its place. */
static char *
yaml_document_prefix (JsonNode *root,
                      guint     index)
{
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *metadata = json_object_get_member (object, "metadata");
      const char *kind = string_member (object, "kind");
      const char *name = metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata)
                           ? string_member (json_node_get_object (metadata), "name") : NULL;

      if (kind != NULL && name != NULL)
        return g_strdup_printf ("%s/%s", kind, name);
    }
  return g_strdup_printf ("#%u", index + 1);
}

static gboolean
read_yaml (const char  *text,
           gsize        length,
           GHashTable  *table,
           GError     **error)
{
  yaml_parser_t parser;
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gboolean ok = TRUE;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) text, length);
  for (;;)
    {
      yaml_document_t document;
      yaml_node_t *root;

      if (!yaml_parser_load (&parser, &document))
        {
          g_set_error (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_MALFORMED,
                       /* Translators: "line 3: mapping values are not allowed in this context" */
                       _("line %u: %s"), (guint) parser.problem_mark.line + 1,
                       parser.problem != NULL ? parser.problem : _("not YAML"));
          ok = FALSE;
          break;
        }
      root = yaml_document_get_root_node (&document);
      if (root == NULL)
        {
          yaml_document_delete (&document);
          break;
        }
      g_ptr_array_add (roots, yaml_to_json (&document, root, 0));
      yaml_document_delete (&document);
    }
  yaml_parser_delete (&parser);
  if (!ok)
    return FALSE;
  for (guint i = 0; i < roots->len; i++)
    {
      g_autofree char *prefix = roots->len > 1 ? yaml_document_prefix (roots->pdata[i], i)
                                               : g_strdup ("");

      flatten_json (roots->pdata[i], prefix, table);
    }
  return TRUE;
}

/**
 * ic_config_read:
 * @length: of @text, or -1 when it ends with a NUL
 *
 * Returns: (transfer full) (nullable): key path → value, or %NULL with
 *   @error set (%IC_CONFIG_ERROR_MALFORMED naming the line where it can,
 *   %IC_CONFIG_ERROR_BINARY, %IC_CONFIG_ERROR_TOO_LARGE)
 */
GHashTable *
ic_config_read (IcConfigFormat   format,
                const char      *text,
                gssize           length,
                GError         **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize n;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  n = length < 0 ? strlen (text) : (gsize) length;
  if (n > IC_CONFIG_MAX_BYTES)
    {
      g_set_error (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_TOO_LARGE,
                   _("larger than %u KiB, not compared"), IC_CONFIG_MAX_BYTES / 1024);
      return NULL;
    }
  if (memchr (text, '\0', n) != NULL || !g_utf8_validate (text, n, NULL))
    {
      g_set_error_literal (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_BINARY,
                           _("a binary file, not compared"));
      return NULL;
    }
  switch (format)
    {
    case IC_CONFIG_FORMAT_JSON:
      {
        /* Through ic_json_parse(): a bound on the nesting, and nothing
         * after the document (json-glib 1.6 would leak what it had built). */
        g_autoptr(JsonNode) root = NULL;
        g_autoptr(GError) local = NULL;

        root = ic_json_parse (text, n, IC_JSON_MAX_DEPTH, &local);
        if (root == NULL)
          {
            g_set_error_literal (error, IC_CONFIG_ERROR, IC_CONFIG_ERROR_MALFORMED,
                                 local->message);
            return NULL;
          }
        flatten_json (root, "", table);
        break;
      }
    case IC_CONFIG_FORMAT_YAML:
      if (!read_yaml (text, n, table, error))
        return NULL;
      break;
    case IC_CONFIG_FORMAT_ENV:
    case IC_CONFIG_FORMAT_PROPERTIES:
    case IC_CONFIG_FORMAT_INI:
    case IC_CONFIG_FORMAT_TOML:
      {
        g_autofree char *copy = g_strndup (text, n);

        if (!read_lines (format, copy, table, error))
          return NULL;
        break;
      }
    case IC_CONFIG_FORMAT_NONE:
    default:
      break;
    }
  return g_steal_pointer (&table);
}

/* The diff ---------------------------------------------------------------- */

static void
key_diff_free (IcConfigKeyDiff *diff)
{
  g_free (diff->key);
  g_free (diff->old_value);
  g_free (diff->new_value);
  g_free (diff);
}

void
ic_config_file_diff_free (IcConfigFileDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->path);
  g_clear_pointer (&diff->keys, g_ptr_array_unref);
  g_clear_pointer (&diff->renames, g_ptr_array_unref);
  g_free (diff->problem);
  g_free (diff);
}

static char *
shown_value (const char *key,
             const char *value)
{
  if (value == NULL)
    return NULL;
  return g_strdup (ic_config_key_is_secret (key) && *value != '\0' ? MASK : value);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const IcConfigKeyDiff *x = *(IcConfigKeyDiff * const *) a;
  const IcConfigKeyDiff *y = *(IcConfigKeyDiff * const *) b;

  return strcmp (x->key, y->key);
}

/* "spec.containers[api].env" of "spec.containers[api].env.REDIS_URI". */
static char *
parent_of (const char *key)
{
  const char *dot = strrchr (key, '.');

  return dot != NULL ? g_strndup (key, dot - key) : g_strdup ("");
}

/* How alike two key names are: the words (split at _ . - and case) they
 * share. */
static guint
shared_words (const char *a,
              const char *b)
{
  g_autofree char *x = g_ascii_strdown (a, -1);
  g_autofree char *y = g_ascii_strdown (b, -1);
  g_auto(GStrv) xs = g_strsplit_set (x, "_.-", -1);
  g_auto(GStrv) ys = g_strsplit_set (y, "_.-", -1);
  guint shared = 0;

  for (guint i = 0; xs[i] != NULL; i++)
    if (*xs[i] != '\0' && g_strv_contains ((const char * const *) ys, xs[i]))
      shared++;
  return shared;
}

/* Each removed key beside an added one under the same parent: the added
 * one with most words in common, each added key taken once. With no word
 * in common the pairing is a guess, so it is only offered when there is
 * one added key to pair with (CLUSTER_DISCOVERY gone, REDIS_URI new). */
static void
find_renames (IcConfigFileDiff *diff)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < diff->keys->len; i++)
    {
      IcConfigKeyDiff *removed = diff->keys->pdata[i];
      g_autofree char *parent = NULL;
      IcConfigKeyDiff *best = NULL;
      guint best_score = 0;
      guint n_best = 0;

      if (removed->new_value != NULL || removed->old_value == NULL)
        continue;
      parent = parent_of (removed->key);
      for (guint j = 0; j < diff->keys->len; j++)
        {
          IcConfigKeyDiff *added = diff->keys->pdata[j];
          g_autofree char *added_parent = NULL;
          guint score;

          if (added->old_value != NULL || g_hash_table_contains (taken, added))
            continue;
          added_parent = parent_of (added->key);
          if (!g_str_equal (parent, added_parent))
            continue;
          score = shared_words (removed->key + strlen (parent), added->key + strlen (parent)) + 1;
          if (score > best_score)
            {
              best = added;
              best_score = score;
              n_best = 1;
            }
          else if (score == best_score)
            n_best++;
        }
      if (best != NULL && (best_score > 1 || n_best == 1))
        {
          g_hash_table_add (taken, best);
          g_ptr_array_add (diff->renames, g_strdup (removed->key));
          g_ptr_array_add (diff->renames, g_strdup (best->key));
        }
    }
}

/**
 * ic_config_diff_new:
 * @path: the file, whose name says its format
 * @old_text: (nullable): before the change; %NULL when the file is new
 * @new_text: (nullable): after it; %NULL when the file was deleted
 *
 * Returns: (transfer full): the keys the change added, removed and
 *   changed, with secrets masked and possible renames; or, for a side that
 *   cannot be read, the problem (the file's other keys are not guessed at)
 */
IcConfigFileDiff *
ic_config_diff_new (const char *path,
                    const char *old_text,
                    gssize      old_length,
                    const char *new_text,
                    gssize      new_length)
{
  IcConfigFileDiff *diff = g_new0 (IcConfigFileDiff, 1);
  IcConfigFormat format = ic_config_format_for_path (path);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  const char *key, *value;

  diff->path = g_strdup (path);
  diff->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_diff_free);
  diff->renames = g_ptr_array_new_with_free_func (g_free);
  before = old_text != NULL ? ic_config_read (format, old_text, old_length, &error)
                            : g_hash_table_new (g_str_hash, g_str_equal);
  if (before != NULL)
    after = new_text != NULL ? ic_config_read (format, new_text, new_length, &error)
                             : g_hash_table_new (g_str_hash, g_str_equal);
  if (after == NULL)
    {
      /* Translators: "before the change: line 3: expected KEY=value" */
      diff->problem = g_strdup_printf (before == NULL ? _("before the change: %s")
                                                      : _("after the change: %s"),
                                       error->message);
      return diff;
    }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    {
      const char *now = g_hash_table_lookup (after, key);

      if (now == NULL || !g_str_equal (now, value))
        {
          IcConfigKeyDiff *change = g_new0 (IcConfigKeyDiff, 1);

          change->key = g_strdup (key);
          change->old_value = shown_value (key, value);
          change->new_value = shown_value (key, now);
          g_ptr_array_add (diff->keys, change);
        }
    }
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    if (!g_hash_table_contains (before, key))
      {
        IcConfigKeyDiff *change = g_new0 (IcConfigKeyDiff, 1);

        change->key = g_strdup (key);
        change->new_value = shown_value (key, value);
        g_ptr_array_add (diff->keys, change);
      }
  g_ptr_array_sort (diff->keys, compare_keys);
  find_renames (diff);
  return diff;
}

/**
 * ic_config_diff_rename_mark:
 *
 * Returns: the words a diff's text flags a suspected rename with
 *   ("renamed?"), for views that call it out
 */
const char *
ic_config_diff_rename_mark (void)
{
  /* Translators: asked of a key removed beside an added one, in a config diff */
  return _("renamed?");
}

/**
 * ic_config_file_diff_to_string:
 *
 * Returns: (transfer full): the diff in one line for the change row, the
 *   timeline and the postmortem: "deploy/prod.env: CLUSTER_DISCOVERY
 *   removed (was true); REDIS_URI added (redis://10.0.4.13:6379) —
 *   CLUSTER_DISCOVERY removed, REDIS_URI added: renamed?"
 */
char *
ic_config_file_diff_to_string (const IcConfigFileDiff *diff)
{
  GString *out;

  g_return_val_if_fail (diff != NULL, NULL);

  out = g_string_new (diff->path);
  g_string_append (out, ": ");
  if (diff->problem != NULL)
    {
      g_string_append (out, diff->problem);
      return g_string_free (out, FALSE);
    }
  if (diff->keys->len == 0)
    g_string_append (out, _("no key changed"));
  for (guint i = 0; i < diff->keys->len; i++)
    {
      const IcConfigKeyDiff *change = diff->keys->pdata[i];

      if (i > 0)
        g_string_append (out, "; ");
      if (change->old_value == NULL)
        /* Translators: a configuration key and its new value */
        g_string_append_printf (out, _("%s added (%s)"), change->key, change->new_value);
      else if (change->new_value == NULL)
        /* Translators: a configuration key and the value it had */
        g_string_append_printf (out, _("%s removed (was %s)"), change->key, change->old_value);
      else
        /* Translators: a configuration key, its old and its new value */
        g_string_append_printf (out, _("%s changed: %s → %s"), change->key, change->old_value,
                                change->new_value);
    }
  for (guint i = 0; i + 1 < diff->renames->len; i += 2)
    /* Translators: two configuration keys, one removed and one added beside
     * it, then the question "renamed?" */
    g_string_append_printf (out, _(" — %s removed, %s added: %s"),
                            (const char *) diff->renames->pdata[i],
                            (const char *) diff->renames->pdata[i + 1],
                            ic_config_diff_rename_mark ());
  return g_string_free (out, FALSE);
}
