/* ic-scenario.h — a drill's scenario: an incident to replay, and its truth
 *
 * The file format is documented in data/scenarios/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_SCENARIO_ERROR (ic_scenario_error_quark ())

typedef enum
{
  IC_SCENARIO_ERROR_INVALID,    /* not a scenario: "FILE: $.path: expected …" */
  IC_SCENARIO_ERROR_READ,       /* the file could not be read */
  IC_SCENARIO_ERROR_NOT_FOUND,  /* no such built-in scenario */
} IcScenarioError;

#define IC_SCENARIO_FORMAT   "incident-commander/scenario"
#define IC_SCENARIO_VERSION  1
/* The largest scenario file read. */
#define IC_SCENARIO_MAX_SIZE (1024 * 1024)

/**
 * IcScenarioNode:
 *
 * One Redis cluster node as a scripted check reports it.
 */
typedef struct
{
  char   *address;
  char   *role;               /* "master" or "replica" */
  gint64  connected_clients;
  gint64  maxclients;
  double  latency_ms;
  char   *error;              /* (nullable): the node's error instead of figures */
  char   *primary;            /* (nullable): a replica's primary */
} IcScenarioNode;

/**
 * IcScenarioSample:
 *
 * What a scripted probe answers from @at_s on, until the next sample.
 */
typedef struct
{
  gint64     at_s;
  char      *state;           /* "ok", "degraded", "failing" or "error" */
  double     latency_ms;
  gboolean   has_value;
  double     value;
  char      *detail;
  GPtrArray *nodes;           /* (element-type IcScenarioNode) (nullable) */
} IcScenarioSample;

typedef struct
{
  char        *name;
  IcProbeKind  kind;
  char        *target;        /* shown only, never contacted */
  GPtrArray   *script;        /* (element-type IcScenarioSample): from the start */
  GPtrArray   *after_fix;     /* (element-type IcScenarioSample): from the fix */
} IcScenarioProbe;

typedef struct
{
  char         *id;
  IcChangeKind  kind;
  char         *description;
  gint64        ago_s;
  gboolean      reversible;
} IcScenarioChange;

typedef enum
{
  IC_SCENARIO_EVENT_MESSAGE,
  IC_SCENARIO_EVENT_ALERT,
  IC_SCENARIO_EVENT_RECOVERY,
} IcScenarioEventKind;

typedef struct
{
  IcScenarioEventKind kind;
  gboolean            after_fix;  /* @at_s counts from the fix, not the start */
  gint64              at_s;
  char               *from;
  char               *text;
} IcScenarioEvent;

typedef struct
{
  char        *id;
  char        *title;
  char        *description;
  char        *service;
  IcSeverity   severity;

  char        *alert_source;     /* "pagerduty" or "alertmanager" */
  char        *alert_payload;    /* the webhook body, as JSON text */

  char        *last_known_good;
  gint64       last_known_good_ago_s;
  char        *blast_radius;
  gboolean     has_error_rate;
  double       error_rate;

  GPtrArray   *changes;          /* (element-type IcScenarioChange) */
  GPtrArray   *probes;           /* (element-type IcScenarioProbe) */
  GPtrArray   *events;           /* (element-type IcScenarioEvent) */

  char        *root_cause;
  char        *culprit_change;   /* the id of the change whose rollback fixes it */
  gboolean     wild_card;
  GStrv        keywords;
  char        *detection_gap;
  char        *missing_signal;
  GStrv        missing_signal_keywords;
} IcScenario;

GQuark                  ic_scenario_error_quark      (void);

IcScenario             *ic_scenario_parse            (const char       *data,
                                                      gssize            length,
                                                      const char       *name,
                                                      GError          **error);
IcScenario             *ic_scenario_load             (GFile            *file,
                                                      char            **text,
                                                      GCancellable     *cancellable,
                                                      GError          **error);
void                    ic_scenario_free             (IcScenario       *self);

const IcScenarioChange *ic_scenario_find_change      (const IcScenario *self,
                                                      const char       *id);
const IcScenarioSample *ic_scenario_probe_sample_at  (const IcScenarioProbe *probe,
                                                      gint64            elapsed_s,
                                                      gint64            fixed_for_s);
gboolean                ic_scenario_text_names_cause (const IcScenario *self,
                                                      const char       *text);

const char             *ic_scenario_event_kind_to_string (IcScenarioEventKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcScenario, ic_scenario_free)

G_END_DECLS
