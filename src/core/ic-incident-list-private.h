/* ic-incident-list-private.h — what the store does with its incident lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-incident-list.h"
#include "ic-store.h"

G_BEGIN_DECLS

/* What a list knows of an incident without building it: enough to sort. */
typedef struct
{
  gint64   id;
  gint64   created_at;
  gboolean open;
} IcListEntry;

int             _ic_list_entry_compare          (const IcListEntry *a,
                                                 const IcListEntry *b);
IcIncidentList *_ic_incident_list_new           (IcStore           *store,
                                                 gboolean           owns_store,
                                                 GArray            *entries);
const IcListEntry *_ic_incident_list_get_entries (IcIncidentList   *self,
                                                 guint             *n_entries);
GArray         *_ic_incident_list_share_entries (IcIncidentList    *self);
void            _ic_incident_list_forget_store  (IcIncidentList    *self);
void            _ic_incident_list_insert_sorted (IcIncidentList    *self,
                                                 const IcListEntry *entry);
gboolean        _ic_incident_list_remove        (IcIncidentList    *self,
                                                 gint64             id);
void            _ic_incident_list_update        (IcIncidentList    *self,
                                                 const IcListEntry *entry);
void            _ic_incident_list_replace       (IcIncidentList    *self,
                                                 GArray            *entries);
void            _ic_incident_list_merge         (IcIncidentList    *self,
                                                 GArray            *entries);
void            _ic_incident_list_set_complete  (IcIncidentList    *self,
                                                 gboolean           complete);

/* ic-store.c: the item at @position of @list, built (with its page) if
 * it is not in the store's cache. */
IcIncident     *_ic_store_get_list_item         (IcStore           *store,
                                                 IcIncidentList    *list,
                                                 guint              position);

G_END_DECLS
