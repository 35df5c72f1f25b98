/* ic-store.h — the SQLite store: opening, migrations, the incidents, autosave, search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-alert.h"
#include "ic-clock.h"
#include "ic-incident.h"
#include "ic-incident-draft.h"
#include "ic-incident-list.h"
#include "ic-types.h"

G_BEGIN_DECLS

#define IC_STORE_ERROR (ic_store_error_quark ())

/**
 * IcStoreError:
 * @IC_STORE_ERROR_FAILED: any other SQLite failure
 * @IC_STORE_ERROR_IO: the file or its directory cannot be created or read
 * @IC_STORE_ERROR_CORRUPT: the file is not a database, or is damaged
 * @IC_STORE_ERROR_NOT_OURS: a valid SQLite database that is not an Incident Commander one
 * @IC_STORE_ERROR_NEWER_SCHEMA: written by a newer version; refused, never migrated
 * @IC_STORE_ERROR_READ_ONLY: the file (or its directory) cannot be written
 * @IC_STORE_ERROR_LOCKED: another program holds a write lock
 * @IC_STORE_ERROR_NOT_FOUND: no such record
 * @IC_STORE_ERROR_INVALID: a value the data model does not accept
 */
typedef enum
{
  IC_STORE_ERROR_FAILED,
  IC_STORE_ERROR_IO,
  IC_STORE_ERROR_CORRUPT,
  IC_STORE_ERROR_NOT_OURS,
  IC_STORE_ERROR_NEWER_SCHEMA,
  IC_STORE_ERROR_READ_ONLY,
  IC_STORE_ERROR_LOCKED,
  IC_STORE_ERROR_NOT_FOUND,
  IC_STORE_ERROR_INVALID,
} IcStoreError;

/**
 * IcStoreOpenFlags:
 * @IC_STORE_OPEN_NONE: the incident list is whole when the store opens
 * @IC_STORE_OPEN_LIST_IN_PAGES: the store opens with the first page of the
 *   incident list (IC_STORE_LIST_FIRST_PAGE incidents) and reads the rest a
 *   page at a time when the main loop is idle; the list's
 *   #IcIncidentList:complete is %FALSE until then. Opening then takes the
 *   same time whatever the number of incidents. Searches and refreshes read
 *   what is left first.
 */
typedef enum
{
  IC_STORE_OPEN_NONE = 0,
  IC_STORE_OPEN_LIST_IN_PAGES = 1 << 0,
} IcStoreOpenFlags;

/* The list's first page, read at open with IC_STORE_OPEN_LIST_IN_PAGES:
 * more rows than a window shows, and than GtkListView makes at once. */
#define IC_STORE_LIST_FIRST_PAGE 256

/* The schema version this build writes; older files are migrated forward. */
#define IC_STORE_SCHEMA_VERSION 8

/* Edits are committed at most this long after the last change. */
#define IC_STORE_AUTOSAVE_DELAY_MS 250

#define IC_TYPE_STORE (ic_store_get_type ())

G_DECLARE_FINAL_TYPE (IcStore, ic_store, IC, STORE, GObject)

GQuark       ic_store_error_quark            (void);

char        *ic_store_dup_default_path       (void);

IcStore     *ic_store_open                   (const char     *path,
                                              IcClock        *clock,
                                              GError        **error);
IcStore     *ic_store_open_with_flags        (const char     *path,
                                              IcClock        *clock,
                                              IcStoreOpenFlags flags,
                                              GError        **error);
const char  *ic_store_get_path               (IcStore        *self);
IcClock     *ic_store_get_clock              (IcStore        *self);
const char  *ic_store_get_backup_path        (IcStore        *self);

GListModel  *ic_store_get_incidents          (IcStore        *self);
IcIncident  *ic_store_lookup_incident        (IcStore        *self,
                                              gint64          id);
IcIncident  *ic_store_create_incident        (IcStore        *self,
                                              const char     *title,
                                              const char     *service,
                                              IcSeverity      severity,
                                              IcCreatedVia    via,
                                              GError        **error);
IcIncident  *ic_store_create_incident_from_draft (IcStore              *self,
                                              const IcIncidentDraft *draft,
                                              gboolean             *existing,
                                              GError              **error);
IcIncident  *ic_store_create_incident_from_alert (IcStore     *self,
                                              IcAlert        *alert,
                                              gboolean       *existing,
                                              GError        **error);
IcIncident  *ic_store_find_alert_incident    (IcStore        *self,
                                              IcAlert        *alert);
gboolean     ic_store_delete_incident        (IcStore        *self,
                                              IcIncident     *incident,
                                              GError        **error);
GListModel  *ic_store_search                 (IcStore        *self,
                                              const char     *query,
                                              GError        **error);
void         ic_store_search_async           (IcStore        *self,
                                              const char     *query,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
GListModel  *ic_store_search_finish          (IcStore        *self,
                                              GAsyncResult   *result,
                                              GError        **error);

gboolean     ic_store_get_has_pending_changes (IcStore       *self);
const char  *ic_store_get_save_error         (IcStore       *self);
gboolean     ic_store_flush                  (IcStore        *self,
                                              GError        **error);
gboolean     ic_store_refresh                (IcStore        *self,
                                              GError        **error);
void         ic_store_close                  (IcStore        *self);
void         ic_store_release_memory         (IcStore        *self);
gboolean     ic_store_prepare_ahead          (IcStore        *self,
                                              GError        **error);

G_END_DECLS

/* Each entity's part of the store's API is in a header of its own. */
#include "ic-store-changes.h"
#include "ic-store-hypotheses.h"
#include "ic-store-probes.h"
#include "ic-store-timeline.h"
