/* ic-types.h — shared enums and forward declarations of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _IcChange        IcChange;
typedef struct _IcClock         IcClock;
typedef struct _IcDecisionCheck IcDecisionCheck;
typedef struct _IcEvidence      IcEvidence;
typedef struct _IcHypothesis    IcHypothesis;
typedef struct _IcIncident      IcIncident;
typedef struct _IcStore         IcStore;
typedef struct _IcTimelineEvent IcTimelineEvent;

/**
 * IcSeverity:
 * @IC_SEVERITY_SEV1: critical, customer-visible outage
 * @IC_SEVERITY_SEV2: major degradation
 * @IC_SEVERITY_SEV3: minor, partial impact
 * @IC_SEVERITY_SEV4: low, no visible impact yet
 */
typedef enum
{
  IC_SEVERITY_SEV1 = 1,
  IC_SEVERITY_SEV2,
  IC_SEVERITY_SEV3,
  IC_SEVERITY_SEV4,
} IcSeverity;

typedef enum
{
  IC_INCIDENT_STATUS_INVESTIGATING,
  IC_INCIDENT_STATUS_IDENTIFIED,
  IC_INCIDENT_STATUS_MITIGATING,
  IC_INCIDENT_STATUS_MONITORING,
  IC_INCIDENT_STATUS_RESOLVED,
} IcIncidentStatus;

/**
 * IcCreatedVia:
 * How an incident came into being; recorded on the timeline.
 */
typedef enum
{
  IC_CREATED_VIA_APP,
  IC_CREATED_VIA_CLI,
  IC_CREATED_VIA_URI,
  IC_CREATED_VIA_ALERT,
} IcCreatedVia;

typedef enum
{
  IC_BREATHE_STATE_PENDING,
  IC_BREATHE_STATE_COMPLETED,
  IC_BREATHE_STATE_SKIPPED,
} IcBreatheState;

typedef enum
{
  IC_BLAST_SCOPE_UNKNOWN,
  IC_BLAST_SCOPE_ALL,
  IC_BLAST_SCOPE_SUBSET,
} IcBlastScope;

typedef enum
{
  IC_CHANGE_KIND_DEPLOY,
  IC_CHANGE_KIND_CONFIG,
  IC_CHANGE_KIND_DNS,
  IC_CHANGE_KIND_MIGRATION,
  IC_CHANGE_KIND_FEATURE_FLAG,
  IC_CHANGE_KIND_OTHER,
} IcChangeKind;

typedef enum
{
  IC_CHECK_ANSWER_UNANSWERED,
  IC_CHECK_ANSWER_YES,
  IC_CHECK_ANSWER_NO,
  IC_CHECK_ANSWER_UNKNOWN,
} IcCheckAnswer;

typedef enum
{
  IC_LIKELIHOOD_LIKELY,
  IC_LIKELIHOOD_POSSIBLE,
  IC_LIKELIHOOD_WILD_CARD,
} IcLikelihood;

typedef enum
{
  IC_HYPOTHESIS_STATUS_OPEN,
  IC_HYPOTHESIS_STATUS_TESTING,
  IC_HYPOTHESIS_STATUS_CONFIRMED,
  IC_HYPOTHESIS_STATUS_REFUTED,
} IcHypothesisStatus;

typedef enum
{
  IC_STANCE_FOR,
  IC_STANCE_AGAINST,
} IcStance;

/**
 * IcProbeKind:
 *
 * What a probe checks; its string form is the scheme of its target and
 * what the store keeps ("http", "redis", "prometheus", "tcp", "dns"). A
 * drill's scripted probe has the target scheme "replay" (its samples come
 * from the scenario) and is stored as the kind it plays.
 */
typedef enum
{
  IC_PROBE_KIND_HTTP,
  IC_PROBE_KIND_REDIS,
  IC_PROBE_KIND_PROMETHEUS,
  IC_PROBE_KIND_TCP,
  IC_PROBE_KIND_DNS,
  IC_PROBE_KIND_REPLAY,
} IcProbeKind;

/* Stable string forms: these are what the database and the command line use.
 * They are the enums' GEnumValue nicks (ic-enum-types.h, generated). */
const char *ic_enum_to_nick              (GType             type,
                                          int               value);
gboolean    ic_enum_from_nick            (GType             type,
                                          const char       *str,
                                          int              *value);

const char *ic_severity_to_string        (IcSeverity        severity);
gboolean    ic_severity_from_string      (const char       *str,
                                          IcSeverity       *severity);
const char *ic_severity_get_label        (IcSeverity        severity);
const char *ic_incident_status_to_string (IcIncidentStatus  status);
gboolean    ic_incident_status_from_string (const char     *str,
                                            IcIncidentStatus *status);
const char *ic_incident_status_get_label (IcIncidentStatus  status);
const char *ic_created_via_to_string     (IcCreatedVia      via);
gboolean    ic_created_via_from_string   (const char       *str,
                                          IcCreatedVia     *via);
const char *ic_breathe_state_to_string   (IcBreatheState    state);
gboolean    ic_breathe_state_from_string (const char       *str,
                                          IcBreatheState   *state);
const char *ic_blast_scope_to_string     (IcBlastScope      scope);
gboolean    ic_blast_scope_from_string   (const char       *str,
                                          IcBlastScope     *scope);

const char *ic_change_kind_to_string     (IcChangeKind      kind);
gboolean    ic_change_kind_from_string   (const char       *str,
                                          IcChangeKind     *kind);
const char *ic_change_kind_get_label     (IcChangeKind      kind);
const char *ic_check_answer_to_string    (IcCheckAnswer     answer);
gboolean    ic_check_answer_from_string  (const char       *str,
                                          IcCheckAnswer    *answer);
const char *ic_check_answer_get_label    (IcCheckAnswer     answer);
const char *ic_likelihood_to_string      (IcLikelihood      likelihood);
gboolean    ic_likelihood_from_string    (const char       *str,
                                          IcLikelihood     *likelihood);
const char *ic_likelihood_get_label      (IcLikelihood      likelihood);
const char *ic_hypothesis_status_to_string (IcHypothesisStatus status);
gboolean    ic_hypothesis_status_from_string (const char     *str,
                                              IcHypothesisStatus *status);
const char *ic_hypothesis_status_get_label (IcHypothesisStatus status);
const char *ic_stance_to_string          (IcStance          stance);
gboolean    ic_stance_from_string        (const char       *str,
                                          IcStance         *stance);
const char *ic_probe_kind_to_string      (IcProbeKind       kind);
gboolean    ic_probe_kind_from_string    (const char       *str,
                                          IcProbeKind      *kind);

G_END_DECLS
