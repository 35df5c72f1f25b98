/* ic-incident.c — one incident, as a GObject with notify-on-change properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident"

#include "config.h"

#include "ic-enum-types.h"

#include <string.h>

#include "ic-incident-private.h"

/*
 * The incident's persistent fields are described once, in `fields` below:
 * property name, column, kind and storage offset. Properties, the store's
 * SELECT/UPDATE statements and row binding are all driven by that table, so
 * a column added in a later schema version is one line here.
 */

typedef enum
{
  FIELD_STRING,          /* NOT NULL TEXT, "" when empty */
  FIELD_STRING_NULLABLE, /* TEXT, NULL when unset */
  FIELD_TIME,            /* INTEGER µs, 0 ↔ NULL */
  FIELD_TIME_REQUIRED,   /* INTEGER µs, NOT NULL */
  FIELD_BOOLEAN,
  FIELD_FRACTION,        /* REAL in [0, 1], negative ↔ NULL */
  FIELD_PERCENT,         /* REAL in [0, 100], negative ↔ NULL */
  FIELD_SEVERITY,
  FIELD_STATUS,
  FIELD_CREATED_VIA,
  FIELD_BREATHE_STATE,
  FIELD_BLAST_SCOPE,
} FieldKind;

struct _IcIncident
{
  GObject parent_instance;

  gint64 id;
  gint64 updated_at;

  char *title;
  char *service;
  char *alert_source;
  char *alert_payload;
  char *alert_dedup_key;
  char *alert_url;
  char *last_known_good;
  char *blast_radius;
  char *blast_region;
  char *blast_zone;
  char *blast_path;
  char *affected_services;
  char *notes;

  gint64 created_at;
  gint64 alert_time;
  gint64 acknowledged_at;
  gint64 breathe_ended_at;
  gint64 structure_completed_at;
  gint64 last_known_good_at;
  gint64 rollback_deadline;
  gint64 identified_at;
  gint64 mitigated_at;
  gint64 resolved_at;

  double blast_percent;
  double error_rate;

  int severity;
  int status;
  int created_via;
  int breathe_state;
  int blast_scope;

  gboolean drill;
};

typedef struct
{
  const char *name;
  const char *column;
  FieldKind   kind;
  gsize       offset;
  gboolean    read_only;
} Field;

#define F(n, c, k, m, ro) { n, c, k, G_STRUCT_OFFSET (IcIncident, m), ro }

static const Field fields[] = {
  F ("title", "title", FIELD_STRING, title, FALSE),
  F ("service", "service", FIELD_STRING, service, FALSE),
  F ("severity", "severity", FIELD_SEVERITY, severity, FALSE),
  F ("status", "status", FIELD_STATUS, status, FALSE),
  F ("drill", "drill", FIELD_BOOLEAN, drill, FALSE),
  F ("created-via", "created_via", FIELD_CREATED_VIA, created_via, TRUE),
  F ("created-at", "created_at", FIELD_TIME_REQUIRED, created_at, TRUE),
  F ("alert-time", "alert_time", FIELD_TIME_REQUIRED, alert_time, FALSE),
  F ("alert-source", "alert_source", FIELD_STRING_NULLABLE, alert_source, FALSE),
  F ("alert-payload", "alert_payload", FIELD_STRING_NULLABLE, alert_payload, FALSE),
  F ("alert-dedup-key", "alert_dedup_key", FIELD_STRING_NULLABLE, alert_dedup_key, FALSE),
  F ("alert-url", "alert_url", FIELD_STRING_NULLABLE, alert_url, FALSE),
  F ("acknowledged-at", "acknowledged_at", FIELD_TIME, acknowledged_at, FALSE),
  F ("breathe-state", "breathe_state", FIELD_BREATHE_STATE, breathe_state, FALSE),
  F ("breathe-ended-at", "breathe_ended_at", FIELD_TIME, breathe_ended_at, FALSE),
  F ("structure-completed-at", "structure_completed_at", FIELD_TIME, structure_completed_at,
     FALSE),
  F ("last-known-good", "last_known_good", FIELD_STRING, last_known_good, FALSE),
  F ("last-known-good-at", "last_known_good_at", FIELD_TIME, last_known_good_at, FALSE),
  F ("blast-scope", "blast_scope", FIELD_BLAST_SCOPE, blast_scope, FALSE),
  F ("blast-radius", "blast_radius", FIELD_STRING, blast_radius, FALSE),
  F ("blast-region", "blast_region", FIELD_STRING, blast_region, FALSE),
  F ("blast-zone", "blast_zone", FIELD_STRING, blast_zone, FALSE),
  F ("blast-path", "blast_path", FIELD_STRING, blast_path, FALSE),
  F ("blast-percent", "blast_percent", FIELD_PERCENT, blast_percent, FALSE),
  F ("affected-services", "affected_services", FIELD_STRING, affected_services, FALSE),
  F ("error-rate", "error_rate", FIELD_FRACTION, error_rate, FALSE),
  F ("notes", "notes", FIELD_STRING, notes, FALSE),
  F ("rollback-deadline", "rollback_deadline", FIELD_TIME, rollback_deadline, FALSE),
  F ("identified-at", "identified_at", FIELD_TIME, identified_at, FALSE),
  F ("mitigated-at", "mitigated_at", FIELD_TIME, mitigated_at, FALSE),
  F ("resolved-at", "resolved_at", FIELD_TIME, resolved_at, FALSE),
};

#undef F

enum {
  PROP_0,
  PROP_ID,
  PROP_IS_OPEN,
  PROP_FIRST_FIELD,
  N_PROPS = PROP_FIRST_FIELD + G_N_ELEMENTS (fields),
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcIncident, ic_incident, G_TYPE_OBJECT)

#define FIELD_PTR(self, f, type) ((type *) G_STRUCT_MEMBER_P ((self), (f)->offset))

/* g_set_str () needs GLib 2.76; the floor is 2.74. */
static gboolean
set_str (char       **ptr,
         const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

static const Field *
field_for_prop (guint prop_id)
{
  g_assert (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS);
  return &fields[prop_id - PROP_FIRST_FIELD];
}

static const Field *
field_for_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static gboolean
field_is_enum (const Field *f)
{
  switch (f->kind)
    {
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
      return TRUE;
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
    case FIELD_BOOLEAN:
    case FIELD_FRACTION:
    case FIELD_PERCENT:
    default:
      return FALSE;
    }
}

static const char *
enum_to_string (FieldKind kind,
                int       value)
{
  switch (kind)
    {
    case FIELD_SEVERITY:
      return ic_severity_to_string ((IcSeverity) value);
    case FIELD_STATUS:
      return ic_incident_status_to_string ((IcIncidentStatus) value);
    case FIELD_CREATED_VIA:
      return ic_created_via_to_string ((IcCreatedVia) value);
    case FIELD_BREATHE_STATE:
      return ic_breathe_state_to_string ((IcBreatheState) value);
    case FIELD_BLAST_SCOPE:
      return ic_blast_scope_to_string ((IcBlastScope) value);
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
    case FIELD_BOOLEAN:
    case FIELD_FRACTION:
    case FIELD_PERCENT:
    default:
      g_assert_not_reached ();
      return NULL;
    }
}

static gboolean
enum_from_string (FieldKind   kind,
                  const char *str,
                  int        *value)
{
  switch (kind)
    {
    case FIELD_SEVERITY:
      return ic_severity_from_string (str, (IcSeverity *) value);
    case FIELD_STATUS:
      return ic_incident_status_from_string (str, (IcIncidentStatus *) value);
    case FIELD_CREATED_VIA:
      return ic_created_via_from_string (str, (IcCreatedVia *) value);
    case FIELD_BREATHE_STATE:
      return ic_breathe_state_from_string (str, (IcBreatheState *) value);
    case FIELD_BLAST_SCOPE:
      return ic_blast_scope_from_string (str, (IcBlastScope *) value);
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
    case FIELD_BOOLEAN:
    case FIELD_FRACTION:
    case FIELD_PERCENT:
    default:
      return FALSE;
    }
}

static GParamSpec *
make_pspec (const Field *f)
{
  GParamFlags flags = G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  flags |= f->read_only ? G_PARAM_READABLE : G_PARAM_READWRITE;

  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      return g_param_spec_string (f->name, NULL, NULL, NULL, flags);
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
      return g_param_spec_int64 (f->name, NULL, NULL, 0, G_MAXINT64, 0, flags);
    case FIELD_BOOLEAN:
      return g_param_spec_boolean (f->name, NULL, NULL, FALSE, flags);
    case FIELD_FRACTION:
      return g_param_spec_double (f->name, NULL, NULL, -1.0, 1.0, -1.0, flags);
    case FIELD_PERCENT:
      return g_param_spec_double (f->name, NULL, NULL, -1.0, 100.0, -1.0, flags);
    case FIELD_SEVERITY:
      return g_param_spec_enum (f->name, NULL, NULL, IC_TYPE_SEVERITY, IC_SEVERITY_SEV2, flags);
    case FIELD_STATUS:
      return g_param_spec_enum (f->name, NULL, NULL, IC_TYPE_INCIDENT_STATUS,
                                IC_INCIDENT_STATUS_INVESTIGATING, flags);
    case FIELD_CREATED_VIA:
      return g_param_spec_enum (f->name, NULL, NULL, IC_TYPE_CREATED_VIA, IC_CREATED_VIA_APP,
                                flags);
    case FIELD_BREATHE_STATE:
      return g_param_spec_enum (f->name, NULL, NULL, IC_TYPE_BREATHE_STATE,
                                IC_BREATHE_STATE_PENDING, flags);
    case FIELD_BLAST_SCOPE:
      return g_param_spec_enum (f->name, NULL, NULL, IC_TYPE_BLAST_SCOPE, IC_BLAST_SCOPE_UNKNOWN,
                                flags);
    default:
      g_assert_not_reached ();
      return NULL;
    }
}

/* Stores @value into field @f; returns TRUE if it changed. */
static gboolean
field_set (IcIncident   *self,
           const Field  *f,
           const GValue *value)
{
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      {
        const char *str = g_value_get_string (value);

        if (f->kind == FIELD_STRING && str == NULL)
          str = "";
        return set_str (FIELD_PTR (self, f, char *), str);
      }
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
      {
        gint64 *p = FIELD_PTR (self, f, gint64);
        gint64 v = g_value_get_int64 (value);

        if (*p == v)
          return FALSE;
        *p = v;
        return TRUE;
      }
    case FIELD_BOOLEAN:
      {
        gboolean *p = FIELD_PTR (self, f, gboolean);
        gboolean v = !!g_value_get_boolean (value);

        if (*p == v)
          return FALSE;
        *p = v;
        return TRUE;
      }
    case FIELD_FRACTION:
    case FIELD_PERCENT:
      {
        double *p = FIELD_PTR (self, f, double);
        double v = g_value_get_double (value);

        if (v < 0)
          v = -1.0;
        if (*p == v)
          return FALSE;
        *p = v;
        return TRUE;
      }
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
      {
        int *p = FIELD_PTR (self, f, int);
        int v = g_value_get_enum (value);

        if (*p == v)
          return FALSE;
        *p = v;
        return TRUE;
      }
    default:
      g_assert_not_reached ();
      return FALSE;
    }
}

static void
field_get (IcIncident  *self,
           const Field *f,
           GValue      *value)
{
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      g_value_set_string (value, *FIELD_PTR (self, f, char *));
      break;
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
      g_value_set_int64 (value, *FIELD_PTR (self, f, gint64));
      break;
    case FIELD_BOOLEAN:
      g_value_set_boolean (value, *FIELD_PTR (self, f, gboolean));
      break;
    case FIELD_FRACTION:
    case FIELD_PERCENT:
      g_value_set_double (value, *FIELD_PTR (self, f, double));
      break;
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
      g_value_set_enum (value, *FIELD_PTR (self, f, int));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_field_and_notify (IcIncident   *self,
                      guint         index,
                      const GValue *value)
{
  gboolean was_open = ic_incident_get_is_open (self);

  if (!field_set (self, &fields[index], value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + index]);
  if (was_open != ic_incident_get_is_open (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_OPEN]);
}

static void
ic_incident_finalize (GObject *object)
{
  IcIncident *self = IC_INCIDENT (object);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i].kind == FIELD_STRING || fields[i].kind == FIELD_STRING_NULLABLE)
        g_clear_pointer (FIELD_PTR (self, &fields[i], char *), g_free);
    }

  G_OBJECT_CLASS (ic_incident_parent_class)->finalize (object);
}

static void
ic_incident_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IcIncident *self = IC_INCIDENT (object);

  if (prop_id == PROP_ID)
    g_value_set_int64 (value, self->id);
  else if (prop_id == PROP_IS_OPEN)
    g_value_set_boolean (value, ic_incident_get_is_open (self));
  else if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
    field_get (self, field_for_prop (prop_id), value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_incident_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  IcIncident *self = IC_INCIDENT (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
    set_field_and_notify (self, prop_id - PROP_FIRST_FIELD, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_incident_class_init (IcIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ic_incident_finalize;
  object_class->get_property = ic_incident_get_property;
  object_class->set_property = ic_incident_set_property;

  /**
   * IcIncident:id:
   *
   * The row id in the store; assigned once, on insert.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * IcIncident:is-open:
   *
   * %TRUE until the incident is resolved.
   */
  properties[PROP_IS_OPEN] =
    g_param_spec_boolean ("is-open", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    properties[PROP_FIRST_FIELD + i] = make_pspec (&fields[i]);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_incident_init (IcIncident *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i].kind == FIELD_STRING)
        *FIELD_PTR (self, &fields[i], char *) = g_strdup ("");
    }
  self->severity = IC_SEVERITY_SEV2;
  self->status = IC_INCIDENT_STATUS_INVESTIGATING;
  self->created_via = IC_CREATED_VIA_APP;
  self->breathe_state = IC_BREATHE_STATE_PENDING;
  self->blast_scope = IC_BLAST_SCOPE_UNKNOWN;
  self->blast_percent = -1.0;
  self->error_rate = -1.0;
}

/* Row access ------------------------------------------------------------ */

const char *
_ic_incident_get_select_columns (void)
{
  static char *columns;

  if (g_once_init_enter (&columns))
    {
      GString *str = g_string_new ("id, updated_at");

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        g_string_append_printf (str, ", %s", fields[i].column);
      g_once_init_leave (&columns, g_string_free (str, FALSE));
    }
  return columns;
}

const char *
_ic_incident_get_update_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *str = g_string_new ("UPDATE incidents SET ");
      guint n = G_N_ELEMENTS (fields);

      for (guint i = 0; i < n; i++)
        {
          /* A title being retyped is blank for a moment: keep the last
           * non-blank one rather than failing the autosave. */
          if (strcmp (fields[i].column, "title") == 0)
            g_string_append_printf (str, "title = COALESCE(NULLIF(trim(?%u), ''), title), ",
                                    i + 1);
          else
            g_string_append_printf (str, "%s = ?%u, ", fields[i].column, i + 1);
        }
      g_string_append_printf (str, "updated_at = ?%u WHERE id = ?%u", n + 1, n + 2);
      g_once_init_leave (&sql, g_string_free (str, FALSE));
    }
  return sql;
}

static void
read_column (const Field  *f,
             sqlite3_stmt *stmt,
             int           col,
             GValue       *value)
{
  gboolean is_null = sqlite3_column_type (stmt, col) == SQLITE_NULL;

  g_value_init (value, G_PARAM_SPEC_VALUE_TYPE (properties[PROP_FIRST_FIELD + (f - fields)]));
  if (field_is_enum (f))
    {
      int v = 0;

      if (enum_from_string (f->kind, (const char *) sqlite3_column_text (stmt, col), &v))
        g_value_set_enum (value, v);
      else
        g_param_value_set_default (properties[PROP_FIRST_FIELD + (f - fields)], value);
      return;
    }
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      g_value_set_string (value, is_null ? NULL : (const char *) sqlite3_column_text (stmt, col));
      break;
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
      g_value_set_int64 (value, is_null ? 0 : sqlite3_column_int64 (stmt, col));
      break;
    case FIELD_BOOLEAN:
      g_value_set_boolean (value, sqlite3_column_int (stmt, col) != 0);
      break;
    case FIELD_FRACTION:
    case FIELD_PERCENT:
      g_value_set_double (value, is_null ? -1.0 : sqlite3_column_double (stmt, col));
      break;
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
    default:
      g_assert_not_reached ();
    }
}

/* Like read_column () followed by field_set (), without the GValue: this
 * is the hot path when the store loads thousands of incidents. */
static void
load_column (IcIncident   *self,
             const Field  *f,
             sqlite3_stmt *stmt,
             int           col)
{
  gboolean is_null = sqlite3_column_type (stmt, col) == SQLITE_NULL;

  if (field_is_enum (f))
    {
      int v = 0;

      if (enum_from_string (f->kind, (const char *) sqlite3_column_text (stmt, col), &v))
        *FIELD_PTR (self, f, int) = v;
      return;
    }
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      if (!is_null || f->kind == FIELD_STRING_NULLABLE)
        set_str (FIELD_PTR (self, f, char *),
                 is_null ? NULL : (const char *) sqlite3_column_text (stmt, col));
      break;
    case FIELD_TIME:
    case FIELD_TIME_REQUIRED:
      *FIELD_PTR (self, f, gint64) = is_null ? 0 : sqlite3_column_int64 (stmt, col);
      break;
    case FIELD_BOOLEAN:
      *FIELD_PTR (self, f, gboolean) = sqlite3_column_int (stmt, col) != 0;
      break;
    case FIELD_FRACTION:
    case FIELD_PERCENT:
      *FIELD_PTR (self, f, double) = is_null ? -1.0 : sqlite3_column_double (stmt, col);
      break;
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
    default:
      g_assert_not_reached ();
    }
}

gboolean
_ic_incident_apply_row (IcIncident   *self,
                        sqlite3_stmt *stmt)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (IC_IS_INCIDENT (self), FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  self->id = sqlite3_column_int64 (stmt, 0);
  self->updated_at = sqlite3_column_int64 (stmt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      gboolean was_open = ic_incident_get_is_open (self);

      read_column (&fields[i], stmt, (int) i + 2, &value);
      if (!field_set (self, &fields[i], &value))
        continue;
      changed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + i]);
      if (was_open != ic_incident_get_is_open (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_OPEN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return changed;
}

IcIncident *
_ic_incident_new_from_row (sqlite3_stmt *stmt)
{
  IcIncident *self = g_object_new (IC_TYPE_INCIDENT, NULL);

  /* Nobody listens to a new object yet: fill it without notifications,
   * which is what makes loading thousands of incidents cheap. */
  self->id = sqlite3_column_int64 (stmt, 0);
  self->updated_at = sqlite3_column_int64 (stmt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    load_column (self, &fields[i], stmt, (int) i + 2);
  return self;
}

static void
bind_field (IcIncident   *self,
            const Field  *f,
            sqlite3_stmt *stmt,
            int           param)
{
  if (field_is_enum (f))
    {
      sqlite3_bind_text (stmt, param, enum_to_string (f->kind, *FIELD_PTR (self, f, int)), -1,
                         SQLITE_STATIC);
      return;
    }
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_STRING_NULLABLE:
      {
        const char *str = *FIELD_PTR (self, f, char *);

        if (str == NULL && f->kind == FIELD_STRING)
          str = "";
        sqlite3_bind_text (stmt, param, str, -1, SQLITE_TRANSIENT);
        break;
      }
    case FIELD_TIME:
      if (*FIELD_PTR (self, f, gint64) == 0)
        sqlite3_bind_null (stmt, param);
      else
        sqlite3_bind_int64 (stmt, param, *FIELD_PTR (self, f, gint64));
      break;
    case FIELD_TIME_REQUIRED:
      sqlite3_bind_int64 (stmt, param, *FIELD_PTR (self, f, gint64));
      break;
    case FIELD_BOOLEAN:
      sqlite3_bind_int (stmt, param, *FIELD_PTR (self, f, gboolean) ? 1 : 0);
      break;
    case FIELD_FRACTION:
    case FIELD_PERCENT:
      if (*FIELD_PTR (self, f, double) < 0)
        sqlite3_bind_null (stmt, param);
      else
        sqlite3_bind_double (stmt, param, *FIELD_PTR (self, f, double));
      break;
    case FIELD_SEVERITY:
    case FIELD_STATUS:
    case FIELD_CREATED_VIA:
    case FIELD_BREATHE_STATE:
    case FIELD_BLAST_SCOPE:
    default:
      g_assert_not_reached ();
    }
}

void
_ic_incident_bind_update (IcIncident   *self,
                          sqlite3_stmt *stmt,
                          gint64        updated_at)
{
  guint n = G_N_ELEMENTS (fields);

  for (guint i = 0; i < n; i++)
    bind_field (self, &fields[i], stmt, (int) i + 1);
  sqlite3_bind_int64 (stmt, (int) n + 1, updated_at);
  sqlite3_bind_int64 (stmt, (int) n + 2, self->id);
  self->updated_at = updated_at;
}

gint64
_ic_incident_get_updated_at (IcIncident *self)
{
  return self->updated_at;
}

/* Public API ------------------------------------------------------------ */

gboolean
ic_incident_is_persistent_property (const char *name)
{
  const Field *f;

  g_return_val_if_fail (name != NULL, FALSE);

  f = field_for_name (name);
  return f != NULL && !f->read_only;
}

gint64
ic_incident_get_id (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), 0);
  return self->id;
}

const char *
ic_incident_get_title (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), NULL);
  return self->title;
}

/**
 * ic_incident_set_title:
 * @title: the title as typed
 *
 * Sets the title without the spaces around it. A title is never blank: a
 * blank @title (a field being retyped) keeps the last one.
 */
void
ic_incident_set_title (IcIncident *self,
                       const char *title)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (IC_IS_INCIDENT (self));

  clean = g_strstrip (g_strdup (title != NULL ? title : ""));
  if (*clean != '\0')
    g_object_set (self, "title", clean, NULL);
}

const char *
ic_incident_get_service (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), NULL);
  return self->service;
}

void
ic_incident_set_service (IcIncident *self,
                         const char *service)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "service", service, NULL);
}

IcSeverity
ic_incident_get_severity (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), IC_SEVERITY_SEV2);
  return (IcSeverity) self->severity;
}

void
ic_incident_set_severity (IcIncident *self,
                          IcSeverity  severity)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "severity", (int) severity, NULL);
}

IcIncidentStatus
ic_incident_get_status (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), IC_INCIDENT_STATUS_INVESTIGATING);
  return (IcIncidentStatus) self->status;
}

void
ic_incident_set_status (IcIncident       *self,
                        IcIncidentStatus  status)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "status", (int) status, NULL);
}

gboolean
ic_incident_get_is_open (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), FALSE);
  return self->status != IC_INCIDENT_STATUS_RESOLVED;
}

IcCreatedVia
ic_incident_get_created_via (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), IC_CREATED_VIA_APP);
  return (IcCreatedVia) self->created_via;
}

gint64
ic_incident_get_created_at (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), 0);
  return self->created_at;
}

gint64
ic_incident_get_alert_time (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), 0);
  return self->alert_time;
}

void
ic_incident_set_alert_time (IcIncident *self,
                            gint64      alert_time)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "alert-time", alert_time, NULL);
}

const char *
ic_incident_get_notes (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), NULL);
  return self->notes;
}

void
ic_incident_set_notes (IcIncident *self,
                       const char *notes)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "notes", notes, NULL);
}

gboolean
ic_incident_get_drill (IcIncident *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT (self), FALSE);
  return self->drill;
}

void
ic_incident_set_drill (IcIncident *self,
                       gboolean    drill)
{
  g_return_if_fail (IC_IS_INCIDENT (self));
  g_object_set (self, "drill", drill, NULL);
}

/**
 * ic_incident_stamp_status_times:
 * @now: the time of the status change, µs since the epoch
 *
 * Called when @self's status changed: the first time it is mitigating (or
 * later) and the first time it is resolved are remembered in
 * #IcIncident:mitigated-at and #IcIncident:resolved-at, for the metrics and
 * the postmortem; later changes keep them.
 */
void
ic_incident_stamp_status_times (IcIncident *self,
                                gint64      now)
{
  IcIncidentStatus status;
  gint64 mitigated = 0, resolved = 0;

  g_return_if_fail (IC_IS_INCIDENT (self));

  status = ic_incident_get_status (self);
  g_object_get (self, "mitigated-at", &mitigated, "resolved-at", &resolved, NULL);
  if (mitigated == 0 && status >= IC_INCIDENT_STATUS_MITIGATING)
    g_object_set (self, "mitigated-at", now, NULL);
  if (resolved == 0 && status == IC_INCIDENT_STATUS_RESOLVED)
    g_object_set (self, "resolved-at", now, NULL);
}
