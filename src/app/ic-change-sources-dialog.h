/* ic-change-sources-dialog.h — "Change Sources": where changes are read from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_CHANGE_SOURCES_DIALOG (ic_change_sources_dialog_get_type ())

G_DECLARE_FINAL_TYPE (IcChangeSourcesDialog, ic_change_sources_dialog, IC, CHANGE_SOURCES_DIALOG,
                      AdwWindow)

IcChangeSourcesDialog *ic_change_sources_dialog_new        (GtkWindow             *parent,
                                                            IcStore               *store,
                                                            const char            *service);
gboolean               ic_change_sources_dialog_add_folder (IcChangeSourcesDialog *self,
                                                            GFile                 *folder);
void                   ic_change_sources_dialog_add_feed   (IcChangeSourcesDialog *self);
guint                  ic_change_sources_dialog_get_n_sources (IcChangeSourcesDialog *self);

G_END_DECLS
