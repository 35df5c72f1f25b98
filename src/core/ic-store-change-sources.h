/* ic-store-change-sources.h — the store's change sources, and the changes
 * read from them (ic-store-change-sources.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-change-source.h"
#include "ic-incident.h"
#include "ic-store.h"

G_BEGIN_DECLS

gboolean    ic_store_add_change_source        (IcStore              *self,
                                               IcChangeSource       *source,
                                               GError              **error);
GPtrArray  *ic_store_list_change_sources      (IcStore              *self,
                                               const char           *service,
                                               GError              **error);
gboolean    ic_store_remove_change_source     (IcStore              *self,
                                               gint64                id,
                                               GError              **error);
gboolean    ic_store_set_change_source_status (IcStore              *self,
                                               gint64                id,
                                               gboolean              failed,
                                               const char           *status,
                                               GError              **error);
gboolean    ic_store_merge_changes            (IcStore              *self,
                                               IcIncident           *incident,
                                               const char           *source_name,
                                               GPtrArray            *drafts,
                                               guint                *n_added,
                                               GError              **error);

G_END_DECLS
