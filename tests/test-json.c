/* test-json.c — the one depth-checked parse of JSON from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ic-json.h"

/* So deep that json-glib 1.6 overflows the stack parsing it. */
#define VERY_DEEP 80000

static char *
dup_nested (guint       depth,
            const char *open,
            const char *inner,
            const char *close)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

/* Parses @json, which must nest exactly @depth levels, under @max_depth. */
static void
assert_depth (const char *json,
              guint       depth,
              guint       max_depth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ic_json_parse (json, -1, max_depth, &error);

  if (depth <= max_depth)
    {
      g_assert_no_error (error);
      g_assert_nonnull (root);
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("nested deeper than %u levels", max_depth);

      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_TOO_DEEP);
      g_assert_true (g_str_has_prefix (error->message, message));
    }
}

static void
test_limit (void)
{
  static const struct { const char *open; const char *close; } shapes[] = {
    { "[", "]" },
    { "{\"a\":", "}" },
    { "[{\"a\":", "}]" },   /* two levels a step */
  };
  const guint limits[] = { 1, 2, 7, IC_JSON_MAX_DEPTH };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        guint step = s == 2 ? 2 : 1;
        guint at_limit = limits[l] / step;
        g_autofree char *fits = dup_nested (at_limit, shapes[s].open, "1", shapes[s].close);
        g_autofree char *over = dup_nested (at_limit + 1, shapes[s].open, "1", shapes[s].close);

        g_test_message ("%s at limit %u", shapes[s].open, limits[l]);
        assert_depth (fits, at_limit * step, limits[l]);
        assert_depth (over, (at_limit + 1) * step, limits[l]);
      }

  /* A bare value nests no level; the first array is one. */
  assert_depth ("\"[\"", 0, 0);
  assert_depth ("[]", 1, 0);
  /* Siblings do not add up: depth is how deep, not how many. */
  assert_depth ("[[1],[2],{\"a\":3},[],{}]", 2, 2);
  assert_depth ("[[1],[2],{\"a\":[3]},[]]", 3, 2);
}

/* The error says where the limit was crossed: the byte of the first bracket
 * one level too deep. */
static void
test_too_deep_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ic_json_parse ("  [[[[1]]]]", -1, 3, &error);

  g_assert_null (root);
  g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_TOO_DEEP);
  g_assert_cmpstr (error->message, ==, "nested deeper than 3 levels (at byte 5)");
}

static void
test_very_deep (void)
{
  static const struct { const char *open; const char *close; } shapes[] = {
    { "[", "]" },
    { "{\"a\":", "}" },
    { "[", "" },          /* only the opening half */
    { "{\"\":[", "]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = dup_nested (VERY_DEEP, shapes[i].open, "1", shapes[i].close);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(JsonNode) root = ic_json_parse (json, -1, IC_JSON_MAX_DEPTH, &error);
      g_autoptr(JsonNode) from_bytes = NULL;

      g_test_message ("%u × %s", VERY_DEEP, shapes[i].open);
      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_TOO_DEEP);
      g_clear_error (&error);
      from_bytes = ic_json_parse_bytes (bytes, IC_JSON_MAX_DEPTH, &error);
      g_assert_null (from_bytes);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_TOO_DEEP);
    }
}

/* Brackets inside strings are text, and an escaped quote does not end the
 * string; an escaped backslash before the closing quote does not hide it. */
static void
test_strings (void)
{
  static const struct { const char *json; guint depth; } cases[] = {
    { "[\"[[[[{{{{\"]", 1 },
    { "[\"]]]]}}}}\", [2]]", 2 },
    { "[\"\\\"[[[[\"]", 1 },                 /* ["\"[[[["] */
    { "{\"[{\\\"\": \"\\\"]}\"}", 1 },       /* {"[{\"": "\"]}"} */
    { "[\"a\\\\\", [[1]]]", 3 },             /* ["a\\", [[1]]]: the string ends */
    { "[\"\\\\\\\"[\", [1]]", 2 },           /* ["\\\"[", [1]] */
    { "[\"\\u005b\\u007b\"]", 1 },           /* escaped brackets are text too */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].json);
      assert_depth (cases[i].json, cases[i].depth, cases[i].depth);
      assert_depth (cases[i].json, cases[i].depth, cases[i].depth - 1);
    }

  /* A long string of brackets under a tight limit. */
  {
    g_autofree char *brackets = dup_nested (VERY_DEEP, "[", "", "");
    g_autofree char *json = g_strdup_printf ("{\"title\": \"%s\\\"{\"}", brackets);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = ic_json_parse (json, -1, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (root),
                                                             "title")), ==, VERY_DEEP + 2);
  }
}

static void
test_invalid (void)
{
  static const struct { const char *json; gssize length; const char *prefix; } cases[] = {
    { "{\"a\":}", -1, "1:6: Parse error: " },
    { "{\n  \"a\" 1\n}", -1, "2:5: Parse error: " },
    { "[1,]", -1, "1:3: Parse error: " },
    { "[1] x", -1, "unexpected text after the end of the document (at byte 4)" },
    { "\"open", -1, "1:6: Parse error: " },
    { "nul", -1, "1:3: Parse error: " },
    /* json-glib quotes the key it did not expect, control characters and all */
    { "{\"a\\nb\\u0001\" 1}", -1, "1:13: Parse error: unexpected string constant \"a b \"" },
    { "[\xc3\xa9]", -1, "1:2: Parse error: " },
    { "{\"a\":\"\xff\"}", -1, "JSON data must be UTF-8 encoded" },
    /* a NUL within the length */
    { "[1]\0[2]", 7, "unexpected text after the end of the document (at byte 3)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (cases[i].json, cases[i].length,
                                                IC_JSON_MAX_DEPTH, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(parsed)");
      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
      g_assert_null (strstr (error->message, "<data>"));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (strchr (error->message, '\x01'));
      g_assert_null (strstr (error->message, "  "));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* Found by tests/fuzz/fuzz-alert: json-glib 1.6 leaks what it parsed when
 * a second value follows the first (`""{}`); such text is refused before
 * it gets there, comments (which json-glib accepts) aside. */
static void
test_trailing (void)
{
  static const struct { const char *json; gssize at; } cases[] = {
    { "\"\"{}", 2 },
    { "{} {}", 3 },
    { "1 2", 2 },
    { "true false", 5 },
    { "\"a\" \"b\"", 4 },
    { "[1]]", 3 },
    { "{\"a\": \"}\"} x", 11 },
  };
  /* json-glib takes C comments, and leaked /\* / 5{} as it leaks ""{}: they
   * are not JSON, and are refused first. */
  static const struct { const char *json; gssize at; } comments[] = {
    { "/* a comment */", 0 },
    { "/*/5{}", 0 },
    { "{} /* trailing */", 3 },
    { "[1 /* inside */, 2]", 3 },
    { "[1, 2] // note", 7 },
  };
  static const char * const fine[] = {
    "{} ", "  [1, [2]]\n", "\"]\"", "-1.5e3", "{\"url\": \"http://a/b\"}", "\"/*\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (cases[i].json, -1, IC_JSON_MAX_DEPTH, &error);
      g_autofree char *expected = g_strdup_printf ("unexpected text after the end of the "
                                                   "document (at byte %ld)", (long) cases[i].at);

      g_test_message ("case %u: %s", i, error ? error->message : "(parsed)");
      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (comments); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (comments[i].json, -1, IC_JSON_MAX_DEPTH, &error);
      g_autofree char *expected = g_strdup_printf ("comments are not part of JSON (at byte %ld)",
                                                   (long) comments[i].at);

      g_test_message ("comment %u: %s", i, error ? error->message : "(parsed)");
      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (fine[i], -1, IC_JSON_MAX_DEPTH, &error);

      g_test_message ("fine %u: %s", i, fine[i]);
      g_assert_no_error (error);
      g_assert_nonnull (root);
    }
}

static void
test_empty (void)
{
  static const struct { const char *json; gssize length; } cases[] = {
    { "", -1 },
    { " \n\t\r ", -1 },
    { "[1]", 0 },
  };
  g_autoptr(GBytes) none = g_bytes_new (NULL, 0);
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(JsonNode) bytes_root = ic_json_parse_bytes (none, IC_JSON_MAX_DEPTH, &bytes_error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ic_json_parse (cases[i].json, cases[i].length,
                                                IC_JSON_MAX_DEPTH, &error);

      g_test_message ("“%s”", cases[i].json);
      g_assert_null (root);
      g_assert_error (error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY);
      g_assert_cmpstr (error->message, ==, "the document is empty");
    }
  g_assert_null (bytes_root);
  g_assert_error (bytes_error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY);
}

static void
test_values (void)
{
  static const char json[] = "{\"a\": [1, {\"b\": \"x\"}]} trailing";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) null_root = ic_json_parse ("null", -1, 0, &error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("[\"a\", 2]", 8);
  g_autoptr(JsonNode) from_bytes = NULL;
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_nonnull (null_root);
  g_assert_true (JSON_NODE_HOLDS_NULL (null_root));

  /* The given length ends the document before the trailing word. */
  root = ic_json_parse (json, (gssize) strlen ("{\"a\": [1, {\"b\": \"x\"}]}"), 3, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_is_immutable (root));
  array = json_object_get_array_member (json_node_get_object (root), "a");
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "b"),
                   ==, "x");

  from_bytes = ic_json_parse_bytes (bytes, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (from_bytes), 0), ==, "a");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/json/depth/limit", test_limit);
  g_test_add_func ("/ic/json/depth/message", test_too_deep_message);
  g_test_add_func ("/ic/json/depth/very-deep", test_very_deep);
  g_test_add_func ("/ic/json/depth/strings", test_strings);
  g_test_add_func ("/ic/json/invalid", test_invalid);
  g_test_add_func ("/ic/json/trailing", test_trailing);
  g_test_add_func ("/ic/json/empty", test_empty);
  g_test_add_func ("/ic/json/values", test_values);

  return g_test_run ();
}
