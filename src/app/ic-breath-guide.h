/* ic-breath-guide.h — the animated breathing guide, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-breathing.h"
#include "ic-clock.h"

G_BEGIN_DECLS

#define IC_TYPE_BREATH_GUIDE (ic_breath_guide_get_type ())

G_DECLARE_FINAL_TYPE (IcBreathGuide, ic_breath_guide, IC, BREATH_GUIDE, GtkWidget)

GtkWidget  *ic_breath_guide_new            (void);
void        ic_breath_guide_set_clock      (IcBreathGuide *self,
                                            IcClock       *clock);
void        ic_breath_guide_set_rhythm     (IcBreathGuide *self,
                                            guint          in_seconds,
                                            guint          out_seconds,
                                            guint          count);
void        ic_breath_guide_start          (IcBreathGuide *self);
void        ic_breath_guide_stop           (IcBreathGuide *self);
gboolean    ic_breath_guide_get_running    (IcBreathGuide *self);
gint64      ic_breath_guide_get_elapsed    (IcBreathGuide *self);
void        ic_breath_guide_get_state      (IcBreathGuide *self,
                                            IcBreathState *state);
const char *ic_breath_guide_get_text       (IcBreathGuide *self);
gboolean    ic_breath_guide_get_animated   (IcBreathGuide *self);

G_END_DECLS
