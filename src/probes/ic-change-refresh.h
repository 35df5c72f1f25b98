/* ic-change-refresh.h — an incident's changes, read from its change sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-incident.h"
#include "ic-store.h"

G_BEGIN_DECLS

void     ic_change_sources_refresh_async  (IcStore              *store,
                                           IcIncident           *incident,
                                           GObject              *session,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean ic_change_sources_refresh_finish (IcStore              *store,
                                           GAsyncResult         *result,
                                           guint                *n_read,
                                           guint                *n_added,
                                           GError              **error);
gboolean ic_change_sources_refresh_sync   (IcStore              *store,
                                           IcIncident           *incident,
                                           GObject              *session,
                                           guint                *n_added,
                                           GError              **error);

G_END_DECLS
