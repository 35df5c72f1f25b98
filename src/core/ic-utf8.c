/* ic-utf8.c — UTF-8 text cut to a size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-utf8"

#include "config.h"

#include <string.h>

#include "ic-utf8.h"

/* The replacement character, U+FFFD, for a byte that starts no character. */
#define REPLACEMENT "\xef\xbf\xbd"

/**
 * ic_utf8_truncate:
 * @text: (nullable): text, normally UTF-8
 * @max_bytes: how many bytes of text to keep at most
 *
 * Bounds text from outside (a server's error message, a matched JSON
 * value) before it is kept or shown. Text that fits is copied; longer
 * text is cut after the last whole character that fits in @max_bytes and
 * %IC_UTF8_ELLIPSIS is appended, so the result is at most @max_bytes + 3
 * bytes. Bytes that are not UTF-8 become U+FFFD: the result is always valid.
 *
 * Returns: (transfer full) (nullable): the bounded copy; %NULL for %NULL
 */
char *
ic_utf8_truncate (const char *text,
                  gsize       max_bytes)
{
  const char *end;
  const char *p;
  GString *out;
  gsize length;

  if (text == NULL)
    return NULL;
  /* Never reads further than the bytes that could be kept, plus the one
   * character that no longer fits: a megabyte is cut without a strlen(). */
  length = strnlen (text, max_bytes + 4);
  if (length <= max_bytes && g_utf8_validate (text, length, NULL))
    return g_strndup (text, length);

  end = text + length;
  out = g_string_sized_new (MIN (length, max_bytes) + strlen (IC_UTF8_ELLIPSIS));
  for (p = text; p < end; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *piece = p;
      gsize size;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          piece = REPLACEMENT;
          size = strlen (REPLACEMENT);
          p++;
        }
      else
        {
          size = g_utf8_next_char (p) - p;
          p += size;
        }
      if (out->len + size > max_bytes)
        {
          g_string_append (out, IC_UTF8_ELLIPSIS);
          break;
        }
      g_string_append_len (out, piece, size);
    }
  return g_string_free (out, FALSE);
}
