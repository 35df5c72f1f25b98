/* ic-store.h — the SQLite store: schema, migrations, model cache, autosave, search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-alert.h"
#include "ic-change.h"
#include "ic-clock.h"
#include "ic-decision-check.h"
#include "ic-hypothesis.h"
#include "ic-incident.h"
#include "ic-incident-draft.h"
#include "ic-probe-record.h"
#include "ic-timeline-event.h"
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

/* The schema version this build writes; older files are migrated forward. */
#define IC_STORE_SCHEMA_VERSION 2

/* Edits are committed at most this long after the last change. */
#define IC_STORE_AUTOSAVE_DELAY_MS 250

#define IC_TYPE_STORE (ic_store_get_type ())

G_DECLARE_FINAL_TYPE (IcStore, ic_store, IC, STORE, GObject)

GQuark       ic_store_error_quark            (void);

char        *ic_store_dup_default_path       (void);

IcStore     *ic_store_open                   (const char     *path,
                                              IcClock        *clock,
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

IcTimelineEvent *ic_store_add_timeline_event (IcStore        *self,
                                              IcIncident     *incident,
                                              const char     *kind,
                                              const char     *text,
                                              const char     *reference,
                                              GError        **error);
GListModel  *ic_store_list_timeline          (IcStore        *self,
                                              IcIncident     *incident,
                                              GError        **error);
GListModel  *ic_store_get_timeline           (IcStore        *self,
                                              IcIncident     *incident);
IcTimelineEvent *ic_store_add_note           (IcStore        *self,
                                              IcIncident     *incident,
                                              const char     *text,
                                              GError        **error);
gboolean     ic_store_set_event_pinned       (IcStore        *self,
                                              IcTimelineEvent *event,
                                              gboolean        pinned,
                                              GError        **error);
gboolean     ic_store_set_event_time         (IcStore        *self,
                                              IcTimelineEvent *event,
                                              gint64          time,
                                              GError        **error);
gboolean     ic_store_delete_event           (IcStore        *self,
                                              IcTimelineEvent *event,
                                              GError        **error);

GListModel  *ic_store_get_changes            (IcStore        *self,
                                              IcIncident     *incident);
IcChange    *ic_store_add_change             (IcStore        *self,
                                              IcIncident     *incident,
                                              IcChangeKind    kind,
                                              const char     *description,
                                              gint64          changed_at,
                                              gboolean        reversible,
                                              GError        **error);
gboolean     ic_store_delete_change          (IcStore        *self,
                                              IcChange       *change,
                                              GError        **error);
IcChange    *ic_store_get_rollback_candidate (IcStore        *self,
                                              IcIncident     *incident);

GListModel  *ic_store_get_decision_checks    (IcStore        *self,
                                              IcIncident     *incident);
gboolean     ic_store_answer_decision_check  (IcStore        *self,
                                              IcDecisionCheck *check,
                                              IcCheckAnswer   answer,
                                              const char     *note,
                                              GError        **error);
IcDecisionCheck *ic_store_get_next_decision_check (IcStore   *self,
                                              IcIncident     *incident);

gboolean     ic_store_get_has_pending_changes (IcStore       *self);
const char  *ic_store_get_save_error         (IcStore       *self);
gboolean     ic_store_flush                  (IcStore        *self,
                                              GError        **error);
gboolean     ic_store_refresh                (IcStore        *self,
                                              GError        **error);
void         ic_store_close                  (IcStore        *self);

GListModel   *ic_store_get_hypotheses          (IcStore        *self,
                                               IcIncident     *incident);
IcHypothesis *ic_store_add_hypothesis          (IcStore        *self,
                                               IcIncident     *incident,
                                               const char     *text,
                                               IcLikelihood    likelihood,
                                               const char     *test_command,
                                               GError        **error);
gboolean      ic_store_move_hypothesis         (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               int             rank,
                                               GError        **error);
gboolean      ic_store_set_hypothesis_status   (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               IcHypothesisStatus status,
                                               GError        **error);
gboolean      ic_store_delete_hypothesis       (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               GError        **error);
GListModel   *ic_store_get_evidence            (IcStore        *self,
                                               IcHypothesis   *hypothesis);
IcEvidence   *ic_store_add_evidence            (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               IcStance        stance,
                                               const char     *text,
                                               gint64          probe_sample_id,
                                               GError        **error);
gboolean      ic_store_get_hypotheses_ready    (IcStore        *self,
                                               IcIncident     *incident);
gboolean      ic_store_get_hypothesis_rule_overridden (IcStore  *self,
                                               IcIncident     *incident);
gboolean      ic_store_override_hypothesis_rule (IcStore       *self,
                                               IcIncident     *incident,
                                               const char     *reason,
                                               GError        **error);

GListModel    *ic_store_get_probes           (IcStore              *self,
                                              IcIncident           *incident);
IcProbeRecord *ic_store_add_probe            (IcStore              *self,
                                              IcIncident           *incident,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              GError              **error);
IcProbeRecord *ic_store_add_probe_full       (IcStore              *self,
                                              IcIncident           *incident,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              const IcProbeChecks  *checks,
                                              GError              **error);
gboolean       ic_store_update_probe         (IcStore              *self,
                                              IcProbeRecord        *record,
                                              const char           *kind,
                                              const char           *name,
                                              const char           *spec,
                                              guint                 interval_ms,
                                              guint                 timeout_ms,
                                              const IcProbeChecks  *checks,
                                              GError              **error);
gboolean       ic_store_delete_probe         (IcStore              *self,
                                              IcProbeRecord        *record,
                                              GError              **error);
gboolean       ic_store_is_secret_ref_used   (IcStore              *self,
                                              const char           *secret_ref);
GListModel    *ic_store_list_service_probes  (IcStore              *self,
                                              const char           *service,
                                              GError              **error);
IcProbeRecord *ic_store_find_service_probe   (IcStore              *self,
                                              const char           *service,
                                              const char           *spec);
IcProbeRecord *ic_store_keep_probe_for_service (IcStore            *self,
                                              IcProbeRecord        *record,
                                              const char           *service,
                                              GError              **error);
GListModel    *ic_store_list_unused_service_probes (IcStore        *self,
                                              IcIncident           *incident);
guint          ic_store_use_service_probes   (IcStore              *self,
                                              IcIncident           *incident,
                                              GError              **error);
gboolean       ic_store_confirm_probes       (IcStore              *self,
                                              IcIncident           *incident,
                                              GError              **error);
gint64         ic_store_add_probe_sample     (IcStore              *self,
                                              IcProbeRecord        *record,
                                              const IcStoredSample *sample,
                                              GError              **error);
GPtrArray     *ic_store_list_probe_samples   (IcStore              *self,
                                              IcProbeRecord        *record,
                                              guint                 limit,
                                              GError              **error);

G_END_DECLS
