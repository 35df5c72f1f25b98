/* ic-probe-record.c — a probe as the store keeps it, and its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-record"

#include "config.h"

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
};

G_DEFINE_FINAL_TYPE (IcProbeRecord, ic_probe_record, G_TYPE_OBJECT)

static void
ic_probe_record_finalize (GObject *object)
{
  IcProbeRecord *self = IC_PROBE_RECORD (object);

  g_free (self->kind);
  g_free (self->name);
  g_free (self->spec);

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

gboolean
ic_probe_record_get_enabled (IcProbeRecord *self)
{
  g_return_val_if_fail (IC_IS_PROBE_RECORD (self), FALSE);
  return self->enabled;
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
