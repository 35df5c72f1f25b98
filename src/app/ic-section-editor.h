/* ic-section-editor.h — one free-text section of the postmortem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-postmortem.h"

G_BEGIN_DECLS

#define IC_TYPE_SECTION_EDITOR (ic_section_editor_get_type ())

G_DECLARE_FINAL_TYPE (IcSectionEditor, ic_section_editor, IC, SECTION_EDITOR,
                      AdwPreferencesGroup)

IcPostmortemSection  ic_section_editor_get_section (IcSectionEditor *self);
GtkTextBuffer       *ic_section_editor_get_buffer  (IcSectionEditor *self);
GtkWidget           *ic_section_editor_get_view    (IcSectionEditor *self);

G_END_DECLS
