/* ic-time-input.h — times as responders type and read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IC_TIME_INPUT_ERROR (ic_time_input_error_quark ())

/**
 * IcTimeInputError:
 * @IC_TIME_INPUT_ERROR_INVALID: not a time in any accepted form
 * @IC_TIME_INPUT_ERROR_FUTURE: more than a few seconds after now
 * @IC_TIME_INPUT_ERROR_TOO_FAR_PAST: "4294967295h" and the like, or a time
 *   not after the epoch
 */
typedef enum
{
  IC_TIME_INPUT_ERROR_INVALID,
  IC_TIME_INPUT_ERROR_FUTURE,
  IC_TIME_INPUT_ERROR_TOO_FAR_PAST,
} IcTimeInputError;

GQuark  ic_time_input_error_quark (void);

gint64  ic_time_input_parse       (const char  *text,
                                   gint64       now_us,
                                   GTimeZone   *tz,
                                   GError     **error);
char   *ic_time_format_local      (gint64       time_us,
                                   gint64       now_us,
                                   GTimeZone   *tz);
char   *ic_time_format_ago        (gint64       time_us,
                                   gint64       now_us);

G_END_DECLS
