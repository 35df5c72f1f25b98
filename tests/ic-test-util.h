/* ic-test-util.h — small helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include <stdlib.h>
#include <string.h>

/* @ms, times how much slower everything runs here: `build-aux/test
 * --sanitize` says so in IC_TEST_TIME_SCALE. For how long a test waits
 * before it calls a wait hung, never for what it asserts. */
static inline guint
ic_test_scaled_ms (guint ms)
{
  const char *scale = g_getenv ("IC_TEST_TIME_SCALE");
  int factor = scale != NULL ? atoi (scale) : 1;

  return ms * (guint) MAX (factor, 1);
}

/* Whether a library whose file name starts with @name ("libgit2",
 * "libic-git.so") is mapped into this process. */
static inline gboolean
ic_test_library_mapped (const char *name)
{
  g_autofree char *maps = NULL;
  g_autofree char *needle = g_strconcat ("/", name, NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

/* Removes a temporary folder and everything in it (read-only parts too).
 * A symbolic link in it is removed, not followed: neither its target's
 * permissions nor what is in it are touched (a test links to /dev/zero). */
static inline void
ic_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_chmod (path, 0700);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        g_remove (child);
      else if (g_file_test (child, G_FILE_TEST_IS_DIR))
        ic_test_remove_tree (child);
      else
        {
          g_chmod (child, 0700);
          g_remove (child);
        }
    }
  g_rmdir (path);
}

/* Asserts that no byte sequence @needle is in the SQLite database @db, its
 * write-ahead log or its journal: a secret must reach none of them. */
static inline void
ic_test_assert_not_in_database (const char *db,
                                const char *needle)
{
  const char *suffixes[] = { "", "-wal", "-journal" };
  gsize n = strlen (needle);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;
      gboolean found = FALSE;

      if (!g_file_get_contents (path, &bytes, &length, NULL))
        continue;
      for (gsize at = 0; !found && at + n <= length; at++)
        found = memcmp (bytes + at, needle, n) == 0;
      if (found)
        g_test_message ("“%s” is in %s", needle, path);
      g_assert_false (found);
    }
}
