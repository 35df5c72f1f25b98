/* ic-why.h — one step of a postmortem's chain of whys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define IC_TYPE_WHY (ic_why_get_type ())

G_DECLARE_FINAL_TYPE (IcWhy, ic_why, IC, WHY, GObject)

IcWhy      *ic_why_new          (gint64      id,
                                 int         position,
                                 const char *question,
                                 const char *answer);
gint64      ic_why_get_id       (IcWhy      *self);
int         ic_why_get_position (IcWhy      *self);
const char *ic_why_get_question (IcWhy      *self);
const char *ic_why_get_answer   (IcWhy      *self);

G_END_DECLS
