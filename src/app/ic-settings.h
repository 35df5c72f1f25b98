/* ic-settings.h — typed properties over the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IC_TYPE_SETTINGS (ic_settings_get_type ())

G_DECLARE_FINAL_TYPE (IcSettings, ic_settings, IC, SETTINGS, GObject)

IcSettings *ic_settings_new                     (const char *schema_id);
GSettings  *ic_settings_get_settings            (IcSettings *self);
int         ic_settings_get_window_width        (IcSettings *self);
int         ic_settings_get_window_height       (IcSettings *self);
gboolean    ic_settings_get_window_maximized    (IcSettings *self);
gint64      ic_settings_get_selected_incident   (IcSettings *self);
void        ic_settings_set_selected_incident   (IcSettings *self,
                                                 gint64      id);
guint       ic_settings_get_breathe_in_seconds  (IcSettings *self);
guint       ic_settings_get_breathe_out_seconds (IcSettings *self);
guint       ic_settings_get_breath_count        (IcSettings *self);
guint       ic_settings_get_rollback_seconds    (IcSettings *self);

G_END_DECLS
