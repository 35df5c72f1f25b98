/* test-utf8.c — text cut to a size on a character boundary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ic-utf8.h"

static void
test_fits (void)
{
  static const char * const cases[] = { "", "abc", "tr\xc3\xa8s", "\xe2\x82\xac\xe2\x82\xac" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *copy = ic_utf8_truncate (cases[i], strlen (cases[i]));

      g_assert_cmpstr (copy, ==, cases[i]);
      g_assert_true (copy != cases[i]);
    }
  g_assert_null (ic_utf8_truncate (NULL, 10));
}

static void
test_cut (void)
{
  static const struct { const char *text; gsize max; const char *expected; } cases[] = {
    { "abcdef", 3, "abc" IC_UTF8_ELLIPSIS },
    { "abcdef", 0, IC_UTF8_ELLIPSIS },
    { "abcd", 3, "abc" IC_UTF8_ELLIPSIS },
    /* "é" is 2 bytes, "€" 3 and "𝄞" 4: never cut inside one */
    { "a\xc3\xa9z", 2, "a" IC_UTF8_ELLIPSIS },
    { "a\xc3\xa9z", 3, "a\xc3\xa9" IC_UTF8_ELLIPSIS },
    { "\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac" IC_UTF8_ELLIPSIS },
    { "\xf0\x9d\x84\x9e!", 3, IC_UTF8_ELLIPSIS },
    { "\xf0\x9d\x84\x9e!", 4, "\xf0\x9d\x84\x9e" IC_UTF8_ELLIPSIS },
    /* Bytes that are not UTF-8 become U+FFFD (3 bytes), within the bound */
    { "a\xffz", 8, "a\xef\xbf\xbdz" },
    { "a\xff\xfez", 5, "a\xef\xbf\xbd" IC_UTF8_ELLIPSIS },
    { "ab\xc3", 8, "ab\xef\xbf\xbd" },          /* cut short inside a character */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cut = ic_utf8_truncate (cases[i].text, cases[i].max);

      g_test_message ("case %u", i);
      g_assert_cmpstr (cut, ==, cases[i].expected);
      g_assert_true (g_utf8_validate (cut, -1, NULL));
      g_assert_cmpuint (strlen (cut), <=, cases[i].max + strlen (IC_UTF8_ELLIPSIS));
    }
}

/* A megabyte of two-byte characters with one odd byte in front, so every
 * character boundary falls on an odd offset: cut to 4 KiB. */
static void
test_large (void)
{
  gsize size = 1024 * 1024;
  g_autofree char *text = g_malloc (size + 2);
  g_autofree char *cut = NULL;

  text[0] = 'x';
  for (gsize i = 1; i + 1 < size; i += 2)
    memcpy (text + i, "\xc3\xa9", 2);
  text[size - 1] = '\0';
  cut = ic_utf8_truncate (text, 4096);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpuint (strlen (cut), ==, 4095 + strlen (IC_UTF8_ELLIPSIS));
  g_assert_true (g_str_has_suffix (cut, "\xc3\xa9" IC_UTF8_ELLIPSIS));
  g_assert_cmpint (memcmp (cut, text, 4095), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/utf8/truncate/fits", test_fits);
  g_test_add_func ("/ic/utf8/truncate/cut", test_cut);
  g_test_add_func ("/ic/utf8/truncate/large", test_large);

  return g_test_run ();
}
