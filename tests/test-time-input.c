/* test-time-input.c — typed times and their display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-time-input.h"

/* 2026-11-28T08:00:00Z */
#define NOW G_GINT64_CONSTANT (1795852800000000)
#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static void
test_parse_good (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  struct { const char *text; GTimeZone *tz; gint64 expected; } cases[] = {
    { "now", utc, NOW },
    { "  NOW ", utc, NOW },
    { "15m", utc, NOW - MINUTES (15) },
    { "15 min ago", utc, NOW - MINUTES (15) },
    { "-2h", utc, NOW - MINUTES (120) },
    { "-5m", utc, NOW - MINUTES (5) },
    { "2 hours ago", utc, NOW - MINUTES (120) },
    { "0m", utc, NOW },
    { "90s", utc, NOW - 90 * G_USEC_PER_SEC },
    /* The earliest time counted back: one second after the epoch. */
    { "1795852799s", utc, G_USEC_PER_SEC },
    { "07:50", utc, NOW - MINUTES (10) },
    { "7:50", utc, NOW - MINUTES (10) },
    { "07:50:30", utc, NOW - MINUTES (10) + 30 * G_USEC_PER_SEC },
    /* Later than now on the clock means yesterday. */
    { "23:10", utc, NOW - MINUTES (8 * 60 + 50) },
    { "2026-11-28 07:00", utc, NOW - MINUTES (60) },
    { "2026-11-28T07:00:00Z", berlin, NOW - MINUTES (60) },
    { "2026-11-28T08:00:00+01:00", utc, NOW - MINUTES (60) },
    /* Local time: 08:50 in Berlin is 07:50 UTC. */
    { "08:50", berlin, NOW - MINUTES (10) },
  };

  g_assert_nonnull (berlin);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = ic_time_input_parse (cases[i].text, NOW, cases[i].tz, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (t, ==, cases[i].expected);
    }
}

static void
test_parse_bad (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  struct { const char *text; int code; } cases[] = {
    { "", IC_TIME_INPUT_ERROR_INVALID },
    { "   ", IC_TIME_INPUT_ERROR_INVALID },
    { "soon", IC_TIME_INPUT_ERROR_INVALID },
    { "25:00", IC_TIME_INPUT_ERROR_INVALID },
    { "07:60", IC_TIME_INPUT_ERROR_INVALID },
    { "7", IC_TIME_INPUT_ERROR_INVALID },
    { "15 parsecs", IC_TIME_INPUT_ERROR_INVALID },
    { "15m later", IC_TIME_INPUT_ERROR_INVALID },
    { "2026-13-01 00:00", IC_TIME_INPUT_ERROR_INVALID },
    { "2026-11-28 09:00", IC_TIME_INPUT_ERROR_FUTURE },
    { "2027-01-01T00:00:00Z", IC_TIME_INPUT_ERROR_FUTURE },
    /* One minus sign at most, and no other sign or space before the digits:
     * sscanf() read "--15m" as 4294967281 minutes (#12). */
    { "--15m", IC_TIME_INPUT_ERROR_INVALID },
    { "+-3h", IC_TIME_INPUT_ERROR_INVALID },
    { "-+3h", IC_TIME_INPUT_ERROR_INVALID },
    { "+3h", IC_TIME_INPUT_ERROR_INVALID },
    { "- 15m", IC_TIME_INPUT_ERROR_INVALID },
    { "-m", IC_TIME_INPUT_ERROR_INVALID },
    { "1.5h", IC_TIME_INPUT_ERROR_INVALID },
    { "+7:50", IC_TIME_INPUT_ERROR_INVALID },
    { "-7:50", IC_TIME_INPUT_ERROR_INVALID },
    { "7: 50", IC_TIME_INPUT_ERROR_INVALID },
    /* Amounts that overflowed 64 bits (signed overflow, #12), or that end
     * before the epoch: 0 is also the failure value. */
    { "4294967295h", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "-4294967295h", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "9999999999999999999m", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "18446744073709551615 s", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "99999999999999999999999999999 hours ago", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "1795852800s", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "500000h", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "1970-01-01T00:00:00Z", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
    { "1969-07-20 20:17", IC_TIME_INPUT_ERROR_TOO_FAR_PAST },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t = ic_time_input_parse (cases[i].text, NOW, utc, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (t, ==, 0);
      g_assert_error (error, IC_TIME_INPUT_ERROR, cases[i].code);
    }
}

/* A relative time a second before the epoch, against a clock already
 * there, and against one before it. */
static void
test_parse_epoch (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  gint64 early = 2 * G_USEC_PER_SEC;

  g_assert_cmpint (ic_time_input_parse ("1s", early, utc, &error), ==, G_USEC_PER_SEC);
  g_assert_no_error (error);
  g_assert_cmpint (ic_time_input_parse ("2s", early, utc, &error), ==, 0);
  g_assert_error (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_TOO_FAR_PAST);
  g_assert_cmpstr (error->message, ==, "That time is too far in the past");
  g_clear_error (&error);
  g_assert_cmpint (ic_time_input_parse ("0s", G_MININT64, utc, &error), ==, 0);
  g_assert_error (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_TOO_FAR_PAST);
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  struct { gint64 t; const char *local; const char *ago; } cases[] = {
    { NOW, "08:00:00", "just now" },
    { NOW - 59 * G_USEC_PER_SEC, "07:59:01", "just now" },
    { NOW - MINUTES (4), "07:56:00", "4 min ago" },
    { NOW - MINUTES (125), "05:55:00", "2 h 5 min ago" },
    { NOW - MINUTES (9 * 60), "Nov 27 23:00:00", "9 h 0 min ago" },
    { NOW - MINUTES (3 * 24 * 60), "Nov 25 08:00:00", "3 days ago" },
    { NOW + MINUTES (2), "08:02:00", "in the future" },
    /* Extremes from a file: no overflow, no date for the clock. */
    { G_MININT64, "?", "106751991 days ago" },
    { G_MAXINT64, "?", "in the future" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *local = ic_time_format_local (cases[i].t, NOW, utc);
      g_autofree char *ago = ic_time_format_ago (cases[i].t, NOW);

      g_assert_cmpstr (local, ==, cases[i].local);
      g_assert_cmpstr (ago, ==, cases[i].ago);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/time-input/parse/good", test_parse_good);
  g_test_add_func ("/ic/time-input/parse/bad", test_parse_bad);
  g_test_add_func ("/ic/time-input/parse/epoch", test_parse_epoch);
  g_test_add_func ("/ic/time-input/format", test_format);

  return g_test_run ();
}
