/* ic-json.c — JSON from outside, parsed with a bound on its nesting depth
 *
 * json-glib 1.6 (Debian 12's) recurses once per nesting level and overflows
 * the stack somewhere below 100 000 nested arrays: a few hundred kilobytes of
 * "[" from an alert webhook, an imported file or a probed server would take
 * the whole application down. Every document that comes from outside is
 * parsed here, after a cheap scan of its depth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-json.h"

G_DEFINE_QUARK (ic-json-error-quark, ic_json_error)

static gboolean
is_structural (char c)
{
  return c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == ':' || c == '"';
}

/* One pass over the text before json-glib sees it. It counts the nesting
 * of arrays and objects, skipping over strings (and the escaped quotes
 * inside them), and stops at the first level too deep. It also stops at
 * text after the end of the document, and at comments, which are not JSON
 * though json-glib takes them (its idea of where one ends is its own):
 * json-glib 1.6 leaks what it parsed of a document followed by more
 * (`""{}`, `/ * / 5{}`), and says less about it. */
static gboolean
scan (const char  *data,
      gsize        length,
      guint        max_depth,
      GError     **error)
{
  gboolean in_string = FALSE, in_scalar = FALSE, ended = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              ended = depth == 0;
            }
          continue;
        }
      if (in_scalar && (g_ascii_isspace (c) || is_structural (c) || c == '/'))
        {
          in_scalar = FALSE;
          ended = TRUE;
        }
      if (c == '/')
        {
          g_set_error (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID,
                       /* Translators: follows "… is not valid JSON: " */
                       _("comments are not part of JSON (at byte %lu)"), (unsigned long) i);
          return FALSE;
        }
      if (g_ascii_isspace (c) || in_scalar)
        continue;
      if (ended)
        {
          g_set_error (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID,
                       /* Translators: follows "… is not valid JSON: " */
                       _("unexpected text after the end of the document (at byte %lu)"),
                       (unsigned long) i);
          return FALSE;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, IC_JSON_ERROR, IC_JSON_ERROR_TOO_DEEP,
                           /* Translators: follows "… is not valid JSON: " */
                           _("nested deeper than %u levels (at byte %lu)"), max_depth,
                           (unsigned long) i);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* Unbalanced closing brackets are json-glib's to report. */
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        default:
          /* A number or a literal (true, false, null) at the top level. */
          if (depth == 0 && !is_structural (c))
            in_scalar = TRUE;
          break;
        }
    }
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* json-glib's message on one line, without the "<data>:" it names the input by:
 * "3:15: Parse error: unexpected character `}'". It quotes a string constant
 * it did not expect as it is, with any newline or control character in it;
 * and the message ends up in labels, so it is made valid UTF-8 too. */
static void
set_invalid (GError       **error,
             const GError  *parse_error)
{
  const char *message = parse_error->message;
  g_autofree char *valid = NULL;
  GString *line;

  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  valid = g_utf8_make_valid (message, -1);
  line = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }
  g_strstrip (line->str);
  g_set_error_literal (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID, line->str);
  g_string_free (line, TRUE);
}

/**
 * ic_json_parse:
 * @data: (array length=length): the document
 * @length: the size of @data in bytes, or -1 if it is NUL-terminated
 * @max_depth: how deeply arrays and objects may nest, usually
 *   %IC_JSON_MAX_DEPTH; `[[1]]` is two levels, a bare value none
 * @error: return location for an #IC_JSON_ERROR
 *
 * Parses a document from outside the application. Its depth is checked
 * before json-glib sees it, so no input can overflow the stack. Size
 * limits are the caller's. The result is immutable (sealed).
 *
 * Returns: (transfer full) (nullable): the document's root node (a null
 *   node for "null"), or %NULL with @error set
 */
JsonNode *
ic_json_parse (const char  *data,
               gssize       length,
               guint        max_depth,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  len = length >= 0 ? (gsize) length : strlen (data);
  if (is_blank (data, len))
    {
      g_set_error_literal (error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY,
                           /* Translators: follows "… is not valid JSON: " */
                           _("the document is empty"));
      return NULL;
    }
  if (!scan (data, len, max_depth, error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      set_invalid (error, local_error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  /* Not blank, yet no value: never seen, since comments are refused above. */
  if (root == NULL)
    {
      g_set_error_literal (error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY, _("the document is empty"));
      return NULL;
    }
  return json_node_ref (root);
}

/**
 * ic_json_parse_bytes:
 * @bytes: the document
 * @max_depth: as for ic_json_parse()
 * @error: return location for an #IC_JSON_ERROR
 *
 * Like ic_json_parse().
 *
 * Returns: (transfer full) (nullable): the document's root node, or %NULL
 *   with @error set
 */
JsonNode *
ic_json_parse_bytes (GBytes  *bytes,
                     guint    max_depth,
                     GError **error)
{
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  g_return_val_if_fail (size <= G_MAXSSIZE, NULL);
  return ic_json_parse (data ? data : "", (gssize) size, max_depth, error);
}
