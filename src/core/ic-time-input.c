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

/* What parse_ago() made of the text. */
typedef enum
{
  AGO_NOT,        /* not an amount of time ago */
  AGO_OK,
  AGO_TOO_FAR,    /* an amount of time ago, but more than can be counted back */
} AgoResult;

/* The unit's length in µs, or 0 for a word that is no unit. */
static guint64
unit_us (const char *unit,
         gsize       length)
{
  static const struct { const char *name; guint64 us; } units[] = {
    { "s", G_USEC_PER_SEC }, { "sec", G_USEC_PER_SEC }, { "secs", G_USEC_PER_SEC },
    { "m", 60 * G_USEC_PER_SEC }, { "min", 60 * G_USEC_PER_SEC },
    { "mins", 60 * G_USEC_PER_SEC }, { "minute", 60 * G_USEC_PER_SEC },
    { "minutes", 60 * G_USEC_PER_SEC },
    { "h", 3600 * (guint64) G_USEC_PER_SEC }, { "hour", 3600 * (guint64) G_USEC_PER_SEC },
    { "hours", 3600 * (guint64) G_USEC_PER_SEC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strlen (units[i].name) == length && strncmp (unit, units[i].name, length) == 0)
      return units[i].us;
  return 0;
}

/* "15m", "15 min", "15 min ago", "-15m", "2h", "90s": at most one minus
 * sign, then digits only. The amount and its product with the unit are
 * counted without overflow; @delta_us is less than @now_us on success, so
 * the time it gives is after the epoch. */
static AgoResult
parse_ago (const char *text,
           gint64      now_us,
           gint64     *delta_us)
{
  guint64 amount = 0, unit, delta;
  gboolean overflow = FALSE;
  const char *p = text, *word;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return AGO_NOT;
  for (; g_ascii_isdigit (*p); p++)
    overflow = overflow || !g_uint64_checked_mul (&amount, amount, 10)
               || !g_uint64_checked_add (&amount, amount, (guint64) (*p - '0'));
  while (g_ascii_isspace (*p))
    p++;
  for (word = p; g_ascii_islower (*p); p++)
    ;
  if ((unit = unit_us (word, (gsize) (p - word))) == 0)
    return AGO_NOT;
  while (*p == ' ')
    p++;
  if (*p != '\0' && strcmp (p, "ago") != 0)
    return AGO_NOT;
  if (overflow || !g_uint64_checked_mul (&delta, amount, unit) || now_us <= 0
      || delta >= (guint64) now_us)
    return AGO_TOO_FAR;
  *delta_us = (gint64) delta;
  return AGO_OK;
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

  /* sscanf() alone would take "+7:50" and "7: 50" too. */
  if (text[strspn (text, "0123456789:")] != '\0')
    return FALSE;
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
 *   or a last known good state are all in the past. So are amounts too
 *   large to count back and times not after 1970-01-01 00:00 UTC
 *   (%IC_TIME_INPUT_ERROR_TOO_FAR_PAST).
 */
gint64
ic_time_input_parse (const char  *text,
                     gint64       now_us,
                     GTimeZone   *tz,
                     GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *clean = NULL;
  gint64 result = 0, delta = 0;
  AgoResult ago = AGO_NOT;

  g_return_val_if_fail (text != NULL, 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  stripped = g_strstrip (g_strdup (text));
  clean = g_ascii_strdown (stripped, -1);
  if (*clean == '\0')
    {
      g_set_error_literal (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_INVALID,
                           _("Enter a time, e.g. 07:50 or 15 min ago"));
      return 0;
    }
  if (strcmp (clean, "now") == 0)
    result = now_us;
  else if ((ago = parse_ago (clean, now_us, &delta)) == AGO_OK)
    result = now_us - delta;
  else if (ago == AGO_NOT && !parse_clock_time (clean, now_us, tz, &result)
           && !parse_date_time (text, tz, &result))
    {
      g_set_error (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_INVALID,
                   _("“%s” is not a time: use 07:50, 2026-11-28 07:50 or 15 min ago"), clean);
      return 0;
    }
  /* 0 is this function's failure value: nothing at or before the epoch. */
  if (ago == AGO_TOO_FAR || result <= 0)
    {
      g_set_error_literal (error, IC_TIME_INPUT_ERROR, IC_TIME_INPUT_ERROR_TOO_FAR_PAST,
                           _("That time is too far in the past"));
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
  gint64 seconds, minutes;

  /* Times come from files too: the difference of two extremes saturates
   * instead of overflowing. */
  if (time_us < 0 && now_us > G_MAXINT64 + time_us)
    seconds = G_MAXINT64 / G_USEC_PER_SEC;
  else if (time_us > 0 && now_us < G_MININT64 + time_us)
    seconds = G_MININT64 / G_USEC_PER_SEC;
  else
    seconds = (now_us - time_us) / G_USEC_PER_SEC;
  minutes = seconds / 60;

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
