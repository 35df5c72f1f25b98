/* fuzz-common.h — what every libFuzzer target here shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);

/* A warning or a critical is a bug the fuzzer found, as in the tests:
 * make it abort, so libFuzzer saves the input. */
static inline void
fuzz_init_glib (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* Most targets need nothing more before the first input; one that does
 * defines FUZZ_OWN_INITIALIZE before including this file. */
#ifndef FUZZ_OWN_INITIALIZE
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  return 0;
}
#endif

/* The input as a NUL-terminated string (embedded NULs stay: the code
 * under test sees text up to the first one, as from a command line). */
static inline char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';
  return text;
}
