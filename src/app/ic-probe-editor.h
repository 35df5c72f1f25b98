/* ic-probe-editor.h — changes an existing probe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_EDITOR (ic_probe_editor_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeEditor, ic_probe_editor, IC, PROBE_EDITOR, AdwWindow)

GtkWidget     *ic_probe_editor_new            (IcStore       *store,
                                               IcProbeRecord *record);
IcProbeRecord *ic_probe_editor_get_record     (IcProbeEditor *self);
void           ic_probe_editor_set_target     (IcProbeEditor *self,
                                               const char    *name,
                                               const char    *spec,
                                               int            interval_s);
gboolean       ic_probe_editor_save           (IcProbeEditor *self);
const char    *ic_probe_editor_get_error_text (IcProbeEditor *self);

G_END_DECLS
