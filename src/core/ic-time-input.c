/* ic-time-input.c — times as responders type and read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-time-input"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-time-input.h"

G_DEFINE_QUARK (ic-time-input-error-quark, ic_time_input_error)

/* A small slack for clocks that disagree by a little. */
#define FUTURE_SLACK_US (5 * G_USEC_PER_SEC)

static gboolean
parse_ago (const char *text,
           gint64     *delta_us)
{
  char unit[16] = { 0 };
  unsigned int amount = 0;
  int consumed = 0;
  const char *rest;

  /* "15m", "15 min", "15 min ago", "-15m", "2h", "90s" */
  if (*text == '-')
    text++;
  if (sscanf (text, "%u %15[a-z]%n", &amount, unit, &consumed) != 2)
    return FALSE;
  rest = text + consumed;
  while (*rest == ' ')
    rest++;
  if (*rest != '\0' && strcmp (rest, "ago") != 0)
    return FALSE;
  if (strcmp (unit, "s") == 0 || strcmp (unit, "sec") == 0 || strcmp (unit, "secs") == 0)
    *delta_us = (gint64) amount * G_USEC_PER_SEC;
  else if (strcmp (unit, "m") == 0 || strcmp (unit, "min") == 0 || strcmp (unit, "mins") == 0
           || strcmp (unit, "minutes") == 0 || strcmp (unit, "minute") == 0)
    *delta_us = (gint64) amount * 60 * G_USEC_PER_SEC;
  else if (strcmp (unit, "h") == 0 || strcmp (unit, "hour") == 0 || strcmp (unit, "hours") == 0)
    *delta_us = (gint64) amount * 3600 * G_USEC_PER_SEC;
  else
    return FALSE;
  return TRUE;
}

/* "HH:MM" or "HH:MM:SS" today (or yesterday, if that would be the future). */
static gboolean
parse_clock_time (const char *text,
                  gint64      now_us,
                  GTimeZone  *tz,
                  gint64     *out)
{
  g_autoptr(GDateTime) now_utc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) dt = NULL;
  unsigned int h = 0, m = 0, s = 0;
  int consumed = 0;

  if (sscanf (text, "%2u:%2u:%2u%n", &h, &m, &s, &consumed) != 3 || text[consumed] != '\0')
    {
      s = 0;
      consumed = 0;
      if (sscanf (text, "%2u:%2u%n", &h, &m, &consumed) != 2 || text[consumed] != '\0')
        return FALSE;
    }
  if (h > 23 || m > 59 || s > 59)
    return FALSE;
  now_utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  now = g_date_time_to_timezone (now_utc, tz);
  dt = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                        g_date_time_get_day_of_month (now), (int) h, (int) m, s);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  if (*out > now_us + FUTURE_SLACK_US)
    *out -= (gint64) 24 * 3600 * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
parse_date_time (const char *text,
                 GTimeZone  *tz,
                 gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = g_strdup (text);

  /* "2026-11-28 07:50" is ISO-8601 with a space; local time unless an
   * offset is given. */
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  if (strlen (iso) == 16)
    {
      char *with_seconds = g_strconcat (iso, ":00", NULL);
      g_free (iso);
      iso = with_seconds;
    }
  dt = g_date_time_new_from_iso8601 (iso, tz);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC
         + g_date_time_get_microsecond (dt);
  return TRUE;
}

/**
 * ic_time_input_parse:
 * @text: "07:50", "07:50:30", "2026-11-28 07:50", ISO-8601 with an offset,
 *   "now", "15m", "15 min ago", "2h"
 * @now_us: the current time
 * @tz: (nullable): the zone for times without an offset; local if %NULL
 *
 * Returns: the time in µs since the epoch, or 0 with @error set. Times
 *   more than a few seconds in the future are refused: an alert, a change
 *   or a last known good state are all in the past.
 */
gint64
ic_time_input_parse (const char  *text,
                     gint64       now_us,
                     GTimeZone   *tz,
                     GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *clean = NULL;
  gint64 result = 0, delta = 0;

  g_return_val_if_fail (text != NULL, 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  clean = g_ascii_strdown (g_strstrip (g_strdup (text)), -1);
  if (*clean == '\0')
    {
      g_set_error_literal (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_INVALID,
                           _("Enter a time, e.g. 07:50 or 15 min ago"));
      return 0;
    }
  if (strcmp (clean, "now") == 0)
    result = now_us;
  else if (parse_ago (clean, &delta))
    result = now_us - delta;
  else if (!parse_clock_time (clean, now_us, tz, &result)
           && !parse_date_time (text, tz, &result))
    {
      g_set_error (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_INVALID,
                   _("“%s” is not a time: use 07:50, 2026-11-28 07:50 or 15 min ago"), clean);
      return 0;
    }
  if (result > now_us + FUTURE_SLACK_US)
    {
      g_set_error_literal (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_FUTURE,
                           _("That time is in the future"));
      return 0;
    }
  return result;
}

/**
 * ic_time_format_local:
 * @tz: (nullable): the zone to show; local if %NULL
 *
 * Returns: (transfer full): "07:50:12" for today, "Nov 27 23:10:05" for
 *   another day, always with seconds
 */
char *
ic_time_format_local (gint64     time_us,
                      gint64     now_us,
                      GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (utc == NULL || now_utc == NULL)
    return g_strdup ("?");
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  dt = g_date_time_to_timezone (utc, tz);
  now = g_date_time_to_timezone (now_utc, tz);
  if (g_date_time_get_year (dt) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    return g_date_time_format (dt, "%H:%M:%S");
  return g_date_time_format (dt, "%b %d %H:%M:%S");
}

/**
 * ic_time_format_ago:
 *
 * Returns: (transfer full): "just now", "4 min ago", "2 h 5 min ago",
 *   "3 days ago", or "in the future"
 */
char *
ic_time_format_ago (gint64 time_us,
                    gint64 now_us)
{
  gint64 seconds = (now_us - time_us) / G_USEC_PER_SEC;
  gint64 minutes = seconds / 60;

  if (seconds < -5)
    return g_strdup (_("in the future"));
  if (seconds < 60)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago",
                                         (gulong) minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("%d h %d min ago"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       (gulong) (minutes / 1440)), (int) (minutes / 1440));
}
