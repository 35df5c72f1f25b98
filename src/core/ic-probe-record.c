/* ic-probe-record.c — a probe as the store keeps it, and its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-record"

#include "config.h"

#include <math.h>

#include "ic-probe-record-private.h"

struct _IcProbeRecord
{
  GObject  parent_instance;

  gint64   id;
  gint64   incident_id;
  char    *kind;
  char    *name;
  char    *spec;
  guint    interval_ms;
  guint    timeout_ms;
  gboolean enabled;
  gboolean awaiting_confirmation;
  char    *expected_status;
  char    *body_contains;
  char    *json_condition;
  guint    latency_threshold_ms;
  double   warn_above;
  double   fail_above;
  char    *secret_ref;
  char    *method;
  char    *headers;
  char    *ca_file;
  char    *service;
};

G_DEFINE_FINAL_TYPE (IcProbeRecord, ic_probe_record, G_TYPE_OBJECT)

static void
ic_probe_record_finalize (GObject *object)
{
  IcProbeRecord *self = IC_PROBE_RECORD (object);

  g_free (self->kind);
  g_free (self->name);
  g_free (self->spec);
  g_free (self->expected_status);
  g_free (self->body_contains);
  g_free (self->json_condition);
  g_free (self->secret_ref);
  g_free (self->method);
  g_free (self->headers);
  g_free (self->ca_file);
  g_free (self->service);

  G_OBJECT_CLASS (ic_probe_record_parent_class)->finalize (object);
}

static void
ic_probe_record_class_init (IcProbeRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_probe_record_finalize;
}

static void
ic_probe_record_init (IcProbeRecord *self)
{
  self->warn_above = NAN;
  self->fail_above = NAN;
}

void
_ic_probe_record_set_checks (IcProbeRecord       *self,
                             const IcProbeChecks *checks)
{
  /* @checks may hold this record's own strings, e.g. when only the name is edited. */
  g_autofree char *old_status = g_steal_pointer (&self->expected_status);
  g_autofree char *old_body = g_steal_pointer (&self->body_contains);
  g_autofree char *old_condition = g_steal_pointer (&self->json_condition);
  g_autofree char *old_ref = g_steal_pointer (&self->secret_ref);
  g_autofree char *old_method = g_steal_pointer (&self->method);
  g_autofree char *old_headers = g_steal_pointer (&self->headers);
  g_autofree char *old_ca_file = g_steal_pointer (&self->ca_file);

  self->expected_status = g_strdup (checks->expected_status);
  self->body_contains = g_strdup (checks->body_contains);
  self->json_condition = g_strdup (checks->json_condition);
  self->secret_ref = g_strdup (checks->secret_ref);
  self->method = g_strdup (checks->method);
  self->headers = g_strdup (checks->headers);
  self->ca_file = g_strdup (checks->ca_file);
  self->latency_threshold_ms = checks->latency_threshold_ms;
  self->warn_above = checks->warn_above;
  self->fail_above = checks->fail_above;
}

void
_ic_probe_record_update (IcProbeRecord *self,
                         const char    *kind,
                         const char    *name,
                         const char    *spec,
                         guint          interval_ms,
                         guint          timeout_ms)
{
  /* The new values may be the old ones: copy before freeing. */
  g_autofree char *old_kind = g_steal_pointer (&self->kind);
  g_autofree char *old_name = g_steal_pointer (&self->name);
  g_autofree char *old_spec = g_steal_pointer (&self->spec);

  self->kind = g_strdup (kind);
  self->name = g_strdup (name);
  self->spec = g_strdup (spec);
  self->interval_ms = interval_ms;
  self->timeout_ms = timeout_ms;
}

const char *
ic_probe_record_get_expected_status (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->expected_status;
}

const char *
ic_probe_record_get_body_contains (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->body_contains;
}

const char *
ic_probe_record_get_json_condition (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->json_condition;
}

guint
ic_probe_record_get_latency_threshold_ms (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), 0);
  return self->latency_threshold_ms;
}

double
ic_probe_record_get_warn_above (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NAN);
  return self->warn_above;
}

double
ic_probe_record_get_fail_above (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NAN);
  return self->fail_above;
}

IcProbeRecord *
_ic_probe_record_new (gint64      id,
                      gint64      incident_id,
                      const char *kind,
                      const char *name,
                      const char *spec,
                      guint       interval_ms,
                      guint       timeout_ms,
                      gboolean    enabled)
{
  IcProbeRecord *self = g_object_new (IC_TYPE_PROBE_RECORD, NULL);

  self->id = id;
  self->incident_id = incident_id;
  self->kind = g_strdup (kind);
  self->name = g_strdup (name);
  self->spec = g_strdup (spec);
  self->interval_ms = interval_ms;
  self->timeout_ms = timeout_ms;
  self->enabled = enabled;
  return self;
}

gint64
ic_probe_record_get_id (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), 0);
  return self->id;
}

gint64
ic_probe_record_get_incident_id (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), 0);
  return self->incident_id;
}

const char *
ic_probe_record_get_kind (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->kind;
}

const char *
ic_probe_record_get_name (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->name;
}

/**
 * ic_probe_record_get_spec:
 *
 * Returns: the probe's target written as a URL (see ic_probe_spec_parse())
 */
const char *
ic_probe_record_get_spec (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->spec;
}

guint
ic_probe_record_get_interval_ms (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), 0);
  return self->interval_ms;
}

guint
ic_probe_record_get_timeout_ms (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), 0);
  return self->timeout_ms;
}

/**
 * ic_probe_record_get_enabled:
 *
 * Returns: whether the probe is to be run; a probe awaiting confirmation
 *   never is
 */
gboolean
ic_probe_record_get_enabled (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), FALSE);
  return self->enabled;
}

/**
 * ic_probe_record_get_awaiting_confirmation:
 *
 * Returns: whether the probe came from an incident file and stays stopped
 *   until the user confirms its target (ic_store_confirm_probes())
 */
gboolean
ic_probe_record_get_awaiting_confirmation (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), FALSE);
  return self->awaiting_confirmation;
}

void
_ic_probe_record_set_enabled (IcProbeRecord *self,
                              gboolean       enabled,
                              gboolean       awaiting_confirmation)
{
  self->enabled = enabled;
  self->awaiting_confirmation = awaiting_confirmation;
}

void
ic_stored_sample_free (IcStoredSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->state);
  g_free (sample->error_kind);
  g_free (sample->detail);
  g_free (sample);
}

/**
 * ic_probe_record_get_secret_ref:
 *
 * Returns: (nullable): the keyring reference of the probe's password
 */
const char *
ic_probe_record_get_secret_ref (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->secret_ref;
}

/**
 * ic_probe_record_get_service:
 *
 * Returns: (nullable): the service a service-level probe is kept for;
 *   %NULL for an incident's own probe
 */
const char *
ic_probe_record_get_service (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->service;
}

void
_ic_probe_record_set_service (IcProbeRecord *self,
                              const char    *service)
{
  g_free (self->service);
  self->service = g_strdup (service);
}

/**
 * ic_probe_record_get_method:
 *
 * Returns: (nullable): the HTTP method; %NULL for GET
 */
const char *
ic_probe_record_get_method (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->method;
}

/**
 * ic_probe_record_get_headers:
 *
 * Returns: (nullable): "Name: value" lines to send, separated by newlines
 */
const char *
ic_probe_record_get_headers (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->headers;
}

/**
 * ic_probe_record_get_ca_file:
 *
 * Returns: (nullable): the PEM file of CAs an HTTPS probe trusts instead of the system's
 */
const char *
ic_probe_record_get_ca_file (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), NULL);
  return self->ca_file;
}
