/* ic-clock.h — the one source of time for every timer (DESIGN.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_TYPE_CLOCK (ic_clock_get_type ())

G_DECLARE_FINAL_TYPE (IcClock, ic_clock, IC, CLOCK, GObject)

IcClock  *ic_clock_new_system        (void);
IcClock  *ic_clock_new_manual        (gint64   start_utc_us);
gboolean  ic_clock_get_is_manual     (IcClock *self);
gint64    ic_clock_get_now           (IcClock *self);
gint64    ic_clock_get_monotonic     (IcClock *self);
void      ic_clock_advance           (IcClock *self,
                                      gint64   delta_us);

guint     ic_clock_add_deadline      (IcClock    *self,
                                      gint64      deadline_utc_us,
                                      GSourceFunc callback,
                                      gpointer    user_data);
void      ic_clock_remove_deadline   (IcClock    *self,
                                      guint       id);

char     *ic_format_elapsed          (gint64   elapsed_us);

G_END_DECLS
