/* ic-store-probes.c — probes of an incident and their samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "ic-probe-record-private.h"
#include "ic-redact.h"
#include "ic-store-private.h"
#include "ic-utf8.h"

/* One row of PROBE_COLUMNS as a record. */
static IcProbeRecord *
record_from_row (sqlite3_stmt *stmt)
{
  IcProbeRecord *record = _ic_probe_record_new (
    sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 14),
    (const char *) sqlite3_column_text (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
    (const char *) sqlite3_column_text (stmt, 3), (guint) sqlite3_column_int (stmt, 4),
    (guint) sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6) != 0);
  IcProbeChecks checks = {
    (const char *) sqlite3_column_text (stmt, 7),
    (const char *) sqlite3_column_text (stmt, 8),
    (const char *) sqlite3_column_text (stmt, 9),
    (guint) sqlite3_column_int (stmt, 10),
    sqlite3_column_type (stmt, 11) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 11),
    sqlite3_column_type (stmt, 12) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 12),
    (const char *) sqlite3_column_text (stmt, 13),
    (const char *) sqlite3_column_text (stmt, 16),
    (const char *) sqlite3_column_text (stmt, 17),
    (const char *) sqlite3_column_text (stmt, 18),
  };

  _ic_probe_record_set_checks (record, &checks);
  _ic_probe_record_set_service (record, (const char *) sqlite3_column_text (stmt, 15));
  _ic_probe_record_set_enabled (record, sqlite3_column_int (stmt, 6) != 0,
                                sqlite3_column_int (stmt, 19) != 0);
  return record;
}

/* The records a prepared PROBE_COLUMNS query yields. */
static GListStore *
collect_probes (IcStore       *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GListStore) result = g_list_store_new (IC_TYPE_PROBE_RECORD);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IcProbeRecord) record = record_from_row (stmt);

      g_list_store_append (result, record);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the probes from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

static GListStore *
load_probes (IcStore  *self,
             gint64    incident_id,
             GError  **error)
{
  g_auto (IcStoreStmt) lent = { 0 };

  if (!_ic_store_cached (self, IC_STORE_SELECT_PROBES_SQL, &lent, error))
    return NULL;
  sqlite3_bind_int64 (lent.stmt, 1, incident_id);
  return collect_probes (self, lent.stmt, error);
}

/**
 * ic_store_get_probes:
 *
 * Returns: (transfer none) (nullable): the live list of @incident's
 *   #IcProbeRecord, oldest first
 */
GListModel *
ic_store_get_probes (IcStore    *self,
                     IcIncident *incident)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  return _ic_store_get_live (self, self->probes, incident, load_probes);
}


/**
 * ic_store_add_probe:
 * @kind: http, redis, prometheus, tcp or dns
 * @name: what people call it, e.g. "checkout health"; must not be blank
 * @spec: the target as a URL; the caller has validated it
 * @interval_ms: how often to check (≥ 500)
 * @timeout_ms: the deadline of one check (> 0)
 *
 * Returns: (transfer full) (nullable): the probe
 */
IcProbeRecord *
ic_store_add_probe (IcStore     *self,
                    IcIncident  *incident,
                    const char  *kind,
                    const char  *name,
                    const char  *spec,
                    guint        interval_ms,
                    guint        timeout_ms,
                    GError     **error)
{
  IcProbeChecks none = { NULL, NULL, NULL, 0, NAN, NAN, NULL };

  return ic_store_add_probe_full (self, incident, kind, name, spec, interval_ms, timeout_ms,
                                  &none, error);
}

/* A password in clear; the placeholder of a redacted one is not. */
static gboolean
spec_has_password (const char *spec)
{
  g_autoptr(GUri) uri = g_uri_parse (spec, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_PARSE_RELAXED,
                                     NULL);
  const char *password = uri != NULL ? g_uri_get_password (uri) : NULL;

  return password != NULL && *password != '\0' && !g_str_equal (password, IC_REDACTED);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* A kind as the store keeps it: "http", "redis", … exactly. */
static gboolean
is_kind (const char *kind)
{
  IcProbeKind known;

  return ic_probe_kind_from_string (kind, &known)
         && g_strcmp0 (kind, ic_probe_kind_to_string (known)) == 0;
}

/* The rules a probe's row follows, whether added, edited or imported. */
static gboolean
validate_probe (const char  *kind,
                const char  *clean_name,
                const char  *spec,
                guint        interval_ms,
                guint        timeout_ms,
                GError     **error)
{
  if (*clean_name == '\0' || spec == NULL || *spec == '\0' || kind == NULL
      || !is_kind (kind) || interval_ms < 500 || timeout_ms == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A probe needs a name, a target, an interval of at least 0.5 s "
                             "and a timeout"));
      return FALSE;
    }
  if (spec_has_password (spec))
    {
      /* Secrets never go into the database in clear (DESIGN.md §5). */
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A probe's target must not contain a password: passwords are not "
                             "stored in the incident database"));
      return FALSE;
    }
  if (ic_redact_target_has_secret (spec))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A probe's target must not hold a token or a secret parameter "
                             "such as api_key: it is kept in the keyring, not in the incident "
                             "database"));
      return FALSE;
    }
  return TRUE;
}

/* An Authorization header holds a secret, and so do Cookie, X-API-Key and
 * the others ic_redact_is_secret_header() names: the keyring keeps them,
 * the database a placeholder (DESIGN.md §5). */
static gboolean
check_headers (const IcProbeChecks  *checks,
               GError              **error)
{
  g_auto(GStrv) lines = g_strsplit (checks->headers ? checks->headers : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (g_strchug (lines[i]), "authorization", 13) == 0
          && (lines[i][13] == ':' || g_ascii_isspace (lines[i][13])))
        {
          g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                               _("A probe's headers must not hold an Authorization value: it is "
                                 "kept in the keyring, not in the incident database"));
          return FALSE;
        }
    }
  if (ic_redact_headers_have_secret (checks->headers))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("A probe's headers must not hold a secret value such as a Cookie or "
                             "an API key: it is kept in the keyring, not in the incident "
                             "database"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ic_store_check_probe:
 * @name: the probe's name, as it would be stored (trimmed)
 *
 * The store's own rules for a probe's row (a name, a known kind, a target
 * without a password, an interval of at least 0.5 s, a timeout, headers
 * without an Authorization value), for a probe the store did not write
 * itself: an imported one.
 */
gboolean
_ic_store_check_probe (const char           *kind,
                       const char           *name,
                       const char           *spec,
                       guint                 interval_ms,
                       guint                 timeout_ms,
                       const IcProbeChecks  *checks,
                       GError              **error)
{
  return validate_probe (kind, name, spec, interval_ms, timeout_ms, error)
         && check_headers (checks, error);
}

/* The config column: the target and the string-valued checks. */
static char *
build_config (const char          *spec,
              const IcProbeChecks *checks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "spec");
  json_builder_add_string_value (builder, spec);
  add_optional_string (builder, "expected_status", checks->expected_status);
  add_optional_string (builder, "body_contains", checks->body_contains);
  add_optional_string (builder, "json_condition", checks->json_condition);
  add_optional_string (builder, "method", checks->method);
  add_optional_string (builder, "headers", checks->headers);
  add_optional_string (builder, "ca_file", checks->ca_file);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
bind_thresholds (sqlite3_stmt        *stmt,
                 int                  first,
                 const IcProbeChecks *checks)
{
  sqlite3_bind_int (stmt, first, (int) checks->latency_threshold_ms);
  if (isnan (checks->warn_above))
    sqlite3_bind_null (stmt, first + 1);
  else
    sqlite3_bind_double (stmt, first + 1, checks->warn_above);
  if (isnan (checks->fail_above))
    sqlite3_bind_null (stmt, first + 2);
  else
    sqlite3_bind_double (stmt, first + 2, checks->fail_above);
}

/**
 * ic_store_add_probe_full:
 * @checks: what the check accepts (expected status, body, JSON condition,
 *   latency and value thresholds); the caller has validated them
 *
 * As ic_store_add_probe(), with the check's conditions.
 *
 * Returns: (transfer full) (nullable): the probe
 */
IcProbeRecord *
ic_store_add_probe_full (IcStore              *self,
                         IcIncident           *incident,
                         const char           *kind,
                         const char           *name,
                         const char           *spec,
                         guint                 interval_ms,
                         guint                 timeout_ms,
                         const IcProbeChecks  *checks,
                         GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *config = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  GListModel *live;
  IcProbeRecord *record;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), NULL);

  if (!validate_probe (kind, clean, spec, interval_ms, timeout_ms, error)
      || !check_headers (checks, error) || !_ic_store_check_incident (self, incident, error))
    return NULL;
  live = ic_store_get_probes (self, incident);
  config = build_config (spec, checks);
  stmt = _ic_store_prepare (self, "INSERT INTO probes (incident_id, kind, name, config,"
                            " interval_ms, timeout_ms, created_at, latency_threshold_ms,"
                            " warn_threshold, fail_threshold, secret_ref)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, 0), ?9, ?10, ?11)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, config, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) interval_ms);
  sqlite3_bind_int (stmt, 6, (int) timeout_ms);
  sqlite3_bind_int64 (stmt, 7, ic_clock_get_now (self->clock));
  bind_thresholds (stmt, 8, checks);
  sqlite3_bind_text (stmt, 11, checks->secret_ref, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add a probe to"));
      return NULL;
    }
  record = _ic_probe_record_new (sqlite3_last_insert_rowid (self->db),
                                 ic_incident_get_id (incident), kind, clean, spec, interval_ms,
                                 timeout_ms, TRUE);
  _ic_probe_record_set_checks (record, checks);
  if (live != NULL)
    g_list_store_append (G_LIST_STORE (live), record);
  shown = ic_redact_target (spec);
  text = g_strdup_printf (_("Probe added: %s (%s)"), clean, shown);
  _ic_store_record_event (self, incident, "probe-added", text, NULL);
  return record;
}

/* Tells the views showing @record that it changed, as a replaced item. */
static void
refresh_live (IcStore       *self,
              gint64         incident_id,
              IcProbeRecord *record)
{
  GListStore *live = g_hash_table_lookup (self->probes, &incident_id);
  g_autoptr(IcProbeRecord) held = g_object_ref (record);
  guint position;

  if (live != NULL && g_list_store_find (live, record, &position))
    g_list_store_splice (live, position, 1, (gpointer *) &held, 1);
}

/**
 * ic_store_update_probe:
 * @kind: http, redis, prometheus, tcp or dns (the target's scheme decides)
 * @name: the new name; must not be blank
 * @spec: the new target; the caller has validated it
 * @checks: the new conditions; the caller has validated them
 *
 * Changes a probe's configuration, in the database and in @record, and
 * notes the change on the incident's timeline. On an error nothing changes.
 *
 * Returns: %TRUE on success; %IC_STORE_ERROR_NOT_FOUND for a removed probe
 */
gboolean
ic_store_update_probe (IcStore              *self,
                       IcProbeRecord        *record,
                       const char           *kind,
                       const char           *name,
                       const char           *spec,
                       guint                 interval_ms,
                       guint                 timeout_ms,
                       const IcProbeChecks  *checks,
                       GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *config = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  gint64 incident_id;
  IcIncident *incident;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), FALSE);
  g_return_val_if_fail (checks != NULL, FALSE);

  if (!validate_probe (kind, clean, spec, interval_ms, timeout_ms, error)
      || !check_headers (checks, error) || !_ic_store_ensure_open (self, error))
    return FALSE;
  config = build_config (spec, checks);
  stmt = _ic_store_prepare (self, "UPDATE probes SET kind = ?2, name = ?3, config = ?4,"
                            " interval_ms = ?5, timeout_ms = ?6,"
                            " latency_threshold_ms = NULLIF(?7, 0), warn_threshold = ?8,"
                            " fail_threshold = ?9, secret_ref = ?10 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_probe_record_get_id (record));
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, config, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) interval_ms);
  sqlite3_bind_int (stmt, 6, (int) timeout_ms);
  bind_thresholds (stmt, 7, checks);
  sqlite3_bind_text (stmt, 10, checks->secret_ref, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot change a probe in"));
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("This probe no longer exists"));
      return FALSE;
    }
  _ic_probe_record_update (record, kind, clean, spec, interval_ms, timeout_ms);
  _ic_probe_record_set_checks (record, checks);
  incident_id = ic_probe_record_get_incident_id (record);
  refresh_live (self, incident_id, record);
  incident = ic_store_lookup_incident (self, incident_id);
  /* Translators: timeline entry: "Probe changed: checkout health (https://…/health)" */
  shown = ic_redact_target (spec);
  text = g_strdup_printf (_("Probe changed: %s (%s)"), clean, shown);
  if (incident != NULL)
    _ic_store_record_event (self, incident, "probe-changed", text, NULL);
  return TRUE;
}

/**
 * ic_store_delete_probe:
 *
 * Removes a probe and its samples.
 */
gboolean
ic_store_delete_probe (IcStore        *self,
                       IcProbeRecord  *record,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 incident_id;
  GListStore *live;
  guint position;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), FALSE);

  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "DELETE FROM probes WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_probe_record_get_id (record));
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot remove a probe from"));
      return FALSE;
    }
  incident_id = ic_probe_record_get_incident_id (record);
  live = g_hash_table_lookup (self->probes, &incident_id);
  if (live != NULL && g_list_store_find (live, record, &position))
    g_list_store_remove (live, position);
  return TRUE;
}

/**
 * ic_store_is_secret_ref_used:
 *
 * Returns: whether a probe still refers to the keyring item @secret_ref;
 *   %TRUE when the database cannot tell, so that a password is never
 *   removed from the keyring by mistake
 */
gboolean
ic_store_is_secret_ref_used (IcStore    *self,
                             const char *secret_ref)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), TRUE);
  g_return_val_if_fail (secret_ref != NULL, TRUE);

  stmt = _ic_store_prepare (self, "SELECT 1 FROM probes WHERE secret_ref = ?1 LIMIT 1", NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, secret_ref, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

/* Service-level probes ----------------------------------------------------------
 *
 * A probe kept for a service belongs to no incident (incident_id NULL): it
 * is the service's standing set of checks, copied into each incident of
 * that service that uses it, so that its samples stay with the incident.
 */

static gboolean
check_service (const char  *service,
               GError     **error)
{
  if (service == NULL || *service == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Probes can only be kept for a service when the incident names "
                             "its service"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_list_service_probes:
 *
 * Returns: (transfer full) (nullable): the #IcProbeRecord kept for
 *   @service, oldest first; %NULL with @error set when they cannot be read
 */
GListModel *
ic_store_list_service_probes (IcStore     *self,
                              const char  *service,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (!check_service (service, error) || !_ic_store_ensure_open (self, error))
    return NULL;
  stmt = _ic_store_prepare (self, "SELECT " PROBE_COLUMNS " FROM probes"
                            " WHERE incident_id IS NULL AND service = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_TRANSIENT);
  return G_LIST_MODEL (collect_probes (self, stmt, error));
}

/**
 * ic_store_find_service_probe:
 * @spec: (nullable): the target; a stored probe whose configuration lost
 *   it has none, and nothing is kept for it
 *
 * Returns: (transfer full) (nullable): the probe kept for @service with
 *   the target @spec, if there is one
 */
IcProbeRecord *
ic_store_find_service_probe (IcStore    *self,
                             const char *service,
                             const char *spec)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) found = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (spec == NULL || service == NULL || *service == '\0'
      || !_ic_store_ensure_open (self, NULL))
    return NULL;
  /* The same match keep_probe_for_service replaces on. */
  stmt = _ic_store_prepare (self, "SELECT " PROBE_COLUMNS " FROM probes"
                            " WHERE incident_id IS NULL AND service = ?1"
                            " AND json_extract(config, '$.spec') = ?2 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, spec, -1, SQLITE_TRANSIENT);
  found = collect_probes (self, stmt, NULL);
  return found != NULL ? g_list_model_get_item (G_LIST_MODEL (found), 0) : NULL;
}

/**
 * ic_store_keep_probe_for_service:
 * @record: an incident's probe
 * @service: the service to keep it for, normally the incident's
 *
 * Keeps a copy of @record's configuration (its password reference
 * included) for @service, replacing one kept with the same target; its
 * incident's timeline notes it.
 *
 * Returns: (transfer full) (nullable): the kept copy
 */
IcProbeRecord *
ic_store_keep_probe_for_service (IcStore        *self,
                                 IcProbeRecord  *record,
                                 const char     *service,
                                 GError        **error)
{
  g_autoptr(sqlite3_stmt) drop = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(IcProbeRecord) kept = NULL;
  g_autofree char *text = NULL;
  IcIncident *incident;
  int rc = SQLITE_OK;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), NULL);

  if (ic_probe_record_get_awaiting_confirmation (record))
    {
      /* Kept, it would run in the service's next incidents unconfirmed. */
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("This probe came from a file: start the incident’s probes, "
                             "confirming their targets, before keeping one for the service"));
      return NULL;
    }
  if (!check_service (service, error) || !_ic_store_ensure_open (self, error)
      || !_ic_store_exec (self, "SAVEPOINT keep_probe", _("Cannot keep a probe in"), error))
    return NULL;
  drop = _ic_store_prepare (self, "DELETE FROM probes WHERE incident_id IS NULL"
                            " AND service = ?1 AND json_extract(config, '$.spec') = ?2", error);
  copy = _ic_store_prepare (self, "INSERT INTO probes (incident_id, service, kind, name, config,"
                            " interval_ms, timeout_ms, latency_threshold_ms, warn_threshold,"
                            " fail_threshold, failure_threshold, recovery_threshold, retention,"
                            " secret_ref, enabled, created_at)"
                            " SELECT NULL, ?1, kind, name, config, interval_ms, timeout_ms,"
                            " latency_threshold_ms, warn_threshold, fail_threshold,"
                            " failure_threshold, recovery_threshold, retention, secret_ref,"
                            " enabled, ?3 FROM probes WHERE id = ?2", error);
  read = _ic_store_prepare (self, "SELECT " PROBE_COLUMNS " FROM probes WHERE id = ?1", error);
  if (drop != NULL && copy != NULL && read != NULL)
    {
      sqlite3_bind_text (drop, 1, service, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (drop, 2, ic_probe_record_get_spec (record), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (copy, 1, service, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (copy, 2, ic_probe_record_get_id (record));
      sqlite3_bind_int64 (copy, 3, ic_clock_get_now (self->clock));
      if ((rc = sqlite3_step (drop)) == SQLITE_DONE && (rc = sqlite3_step (copy)) == SQLITE_DONE)
        {
          if (sqlite3_changes (self->db) == 0)
            g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                                 _("This probe no longer exists"));
          else
            {
              sqlite3_bind_int64 (read, 1, sqlite3_last_insert_rowid (self->db));
              if ((rc = sqlite3_step (read)) == SQLITE_ROW)
                kept = record_from_row (read);
            }
        }
      if (kept == NULL && (error == NULL || *error == NULL))
        _ic_store_set_error (error, self, rc, _("Cannot keep a probe in"));
    }
  if (kept == NULL)
    {
      _ic_store_exec (self, "ROLLBACK TO keep_probe; RELEASE keep_probe", "", NULL);
      return NULL;
    }
  if (!_ic_store_exec (self, "RELEASE keep_probe", _("Cannot keep a probe in"), error))
    return NULL;
  incident = ic_store_lookup_incident (self, ic_probe_record_get_incident_id (record));
  /* Translators: timeline entry: "Probe kept for service checkout: health" */
  text = g_strdup_printf (_("Probe kept for service %s: %s"), service,
                          ic_probe_record_get_name (record));
  if (incident != NULL)
    _ic_store_record_event (self, incident, "probe-kept", text, NULL);
  return g_steal_pointer (&kept);
}

/**
 * ic_store_list_unused_service_probes:
 *
 * Returns: (transfer full): the probes kept for @incident's service whose
 *   target none of @incident's probes has; empty when it names no service
 */
GListModel *
ic_store_list_unused_service_probes (IcStore    *self,
                                     IcIncident *incident)
{
  GListStore *unused = g_list_store_new (IC_TYPE_PROBE_RECORD);
  g_autoptr(GListModel) kept = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *own;
  const char *service;

  g_return_val_if_fail (IC_IS_STORE (self), G_LIST_MODEL (unused));
  g_return_val_if_fail (IC_IS_INCIDENT (incident), G_LIST_MODEL (unused));

  service = ic_incident_get_service (incident);
  if (service == NULL || *service == '\0')
    return G_LIST_MODEL (unused);
  own = ic_store_get_probes (self, incident);
  kept = ic_store_list_service_probes (self, service, &error);
  if (kept == NULL || own == NULL)
    {
      g_debug ("No service probes for %s: %s", service, error ? error->message : "");
      return G_LIST_MODEL (unused);
    }
  for (guint i = 0; i < g_list_model_get_n_items (kept); i++)
    {
      g_autoptr(IcProbeRecord) candidate = g_list_model_get_item (kept, i);
      gboolean present = FALSE;

      for (guint j = 0; !present && j < g_list_model_get_n_items (own); j++)
        {
          g_autoptr(IcProbeRecord) probe = g_list_model_get_item (own, j);

          present = g_strcmp0 (ic_probe_record_get_spec (probe),
                               ic_probe_record_get_spec (candidate)) == 0;
        }
      if (!present)
        g_list_store_append (unused, candidate);
    }
  return G_LIST_MODEL (unused);
}

/**
 * ic_store_use_service_probes:
 *
 * Copies into @incident each probe kept for its service that it does not
 * have yet, with the same configuration and password reference.
 *
 * Returns: how many were added; on an error those before it stay
 */
guint
ic_store_use_service_probes (IcStore     *self,
                             IcIncident  *incident,
                             GError     **error)
{
  g_autoptr(GListModel) unused = NULL;
  guint added = 0;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);

  unused = ic_store_list_unused_service_probes (self, incident);
  for (guint i = 0; i < g_list_model_get_n_items (unused); i++)
    {
      g_autoptr(IcProbeRecord) kept = g_list_model_get_item (unused, i);
      g_autoptr(IcProbeRecord) copy = NULL;
      IcProbeChecks checks = {
        ic_probe_record_get_expected_status (kept),
        ic_probe_record_get_body_contains (kept),
        ic_probe_record_get_json_condition (kept),
        ic_probe_record_get_latency_threshold_ms (kept),
        ic_probe_record_get_warn_above (kept),
        ic_probe_record_get_fail_above (kept),
        ic_probe_record_get_secret_ref (kept),
        ic_probe_record_get_method (kept),
        ic_probe_record_get_headers (kept),
        ic_probe_record_get_ca_file (kept),
      };

      copy = ic_store_add_probe_full (self, incident, ic_probe_record_get_kind (kept),
                                      ic_probe_record_get_name (kept),
                                      ic_probe_record_get_spec (kept),
                                      ic_probe_record_get_interval_ms (kept),
                                      ic_probe_record_get_timeout_ms (kept), &checks, error);
      if (copy == NULL)
        break;
      added++;
    }
  return added;
}

/* "checkout health (https://checkout.example/health), cache (redis://…)" */
static char *
describe_probes (GPtrArray *records)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      IcProbeRecord *record = g_ptr_array_index (records, i);
      /* Stored targets hold no secret; hidden anyway, as everywhere a
       * target reaches the timeline. */
      g_autofree char *shown = ic_redact_target (ic_probe_record_get_spec (record));

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s (%s)", ic_probe_record_get_name (record),
                              shown != NULL ? shown : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Shows @records as enabled in the live list, each as a replaced item, so
 * the views that show them start them. */
static void
show_confirmed (IcStore   *self,
                gint64     incident_id,
                GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      IcProbeRecord *record = g_ptr_array_index (records, i);

      _ic_probe_record_set_enabled (record, TRUE, FALSE);
      refresh_live (self, incident_id, record);
    }
}

/**
 * ic_store_confirm_probes:
 *
 * The user has seen the targets of @incident's probes that came from a
 * file and wants them checked: they are enabled, and the incident's
 * timeline notes which targets were confirmed. Probes not awaiting
 * confirmation are left as they are.
 *
 * Returns: %TRUE on success, also when none was awaiting confirmation
 */
gboolean
ic_store_confirm_probes (IcStore     *self,
                         IcIncident  *incident,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *targets = NULL;
  g_autofree char *text = NULL;
  GListModel *live;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  live = ic_store_get_probes (self, incident);
  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(IcProbeRecord) record = g_list_model_get_item (live, i);

      if (ic_probe_record_get_awaiting_confirmation (record))
        g_ptr_array_add (confirmed, g_steal_pointer (&record));
    }
  if (confirmed->len == 0)
    return TRUE;
  stmt = _ic_store_prepare (self, "UPDATE probes SET enabled = 1, awaiting_confirmation = 0"
                            " WHERE incident_id = ?1 AND awaiting_confirmation = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot start the probes in"));
      return FALSE;
    }
  targets = describe_probes (confirmed);
  show_confirmed (self, ic_incident_get_id (incident), confirmed);
  /* Translators: timeline entry; %s lists the probes, e.g. "health (https://…/health)" */
  text = g_strdup_printf (_("Probes from the imported file started, targets confirmed: %s"),
                          targets);
  _ic_store_record_event (self, incident, "probes-confirmed", text, NULL);
  return TRUE;
}

static gboolean
insert_sample (IcStore               *self,
               sqlite3_stmt          *stmt,
               IcProbeRecord         *record,
               const IcStoredSample  *sample,
               gint64                *id,
               GError               **error)
{
  g_autofree char *detail = NULL;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_int64 (stmt, 1, ic_probe_record_get_id (record));
  sqlite3_bind_int64 (stmt, 2, sample->time);
  sqlite3_bind_text (stmt, 3, sample->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, sample->latency_us);
  if (sample->has_value)
    sqlite3_bind_double (stmt, 5, sample->value);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, sample->error_kind, -1, SQLITE_TRANSIENT);
  detail = ic_utf8_truncate (sample->detail ? sample->detail : "", IC_PROBE_SAMPLE_DETAIL_MAX);
  sqlite3_bind_text (stmt, 7, detail, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot store a probe sample in"));
      return FALSE;
    }
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

#define INSERT_SAMPLE_SQL \
  "INSERT INTO probe_samples (probe_id, sampled_at, state, latency_us, value, error_kind," \
  " detail) VALUES (?1, ?2, ?3, NULLIF(?4, -1), ?5, ?6, ?7)"

/**
 * ic_store_add_probe_sample:
 * @sample: the result; its state string must be ok, degraded, failing or
 *   error
 *
 * Stores a sample, its detail cut to %IC_PROBE_SAMPLE_DETAIL_MAX bytes (and
 * "…"); the oldest beyond the probe's retention are dropped.
 *
 * Returns: the new sample's id, or 0 with @error set
 */
gint64
ic_store_add_probe_sample (IcStore               *self,
                           IcProbeRecord         *record,
                           const IcStoredSample  *sample,
                           GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), 0);
  g_return_val_if_fail (sample != NULL, 0);

  if (!_ic_store_ensure_open (self, error))
    return 0;
  stmt = _ic_store_prepare (self, INSERT_SAMPLE_SQL, error);
  if (stmt == NULL || !insert_sample (self, stmt, record, sample, &id, error))
    return 0;
  return id;
}

/**
 * ic_store_add_probe_samples:
 * @records: (element-type IcProbeRecord): whose each sample is
 * @samples: (element-type IcStoredSample): as ic_store_add_probe_sample()
 *   takes them; each one's id is set when they are stored
 *
 * Stores several samples in one transaction: a dashboard of many probes
 * writes what a second brought at once rather than committing each. All or
 * none: on an error nothing is stored and every id stays 0, so the caller
 * can keep them for the next try.
 *
 * Returns: whether they were stored
 */
gboolean
ic_store_add_probe_samples (IcStore    *self,
                            GPtrArray  *records,
                            GPtrArray  *samples,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL && samples != NULL, FALSE);
  g_return_val_if_fail (records->len == samples->len, FALSE);

  if (samples->len == 0)
    return TRUE;
  if (!_ic_store_ensure_open (self, error))
    return FALSE;
  stmt = _ic_store_prepare (self, INSERT_SAMPLE_SQL, error);
  if (stmt == NULL
      || !_ic_store_exec (self, "BEGIN IMMEDIATE", _("Cannot store probe samples in"), error))
    return FALSE;
  ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), samples->len);
  for (guint i = 0; i < samples->len; i++)
    {
      gint64 id = 0;

      if (!insert_sample (self, stmt, g_ptr_array_index (records, i),
                          g_ptr_array_index (samples, i), &id, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_ic_store_exec (self, "COMMIT", _("Cannot store probe samples in"), error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  for (guint i = 0; i < samples->len; i++)
    ((IcStoredSample *) g_ptr_array_index (samples, i))->id = g_array_index (ids, gint64, i);
  return TRUE;
}

/**
 * ic_store_list_probe_samples:
 * @limit: at most this many, the newest
 *
 * Returns: (transfer full) (element-type IcStoredSample): oldest first
 */
GPtrArray *
ic_store_list_probe_samples (IcStore        *self,
                             IcProbeRecord  *record,
                             guint           limit,
                             GError        **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ic_stored_sample_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (IC_IS_PROBE_RECORD (record), NULL);

  if (!_ic_store_ensure_open (self, error))
    return NULL;
  stmt = _ic_store_prepare (self, "SELECT id, sampled_at, state, latency_us, value, error_kind,"
                            " detail FROM (SELECT * FROM probe_samples WHERE probe_id = ?1"
                            " ORDER BY id DESC LIMIT ?2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ic_probe_record_get_id (record));
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IcStoredSample *sample = g_new0 (IcStoredSample, 1);

      sample->id = sqlite3_column_int64 (stmt, 0);
      sample->time = sqlite3_column_int64 (stmt, 1);
      sample->state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      sample->latency_us = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                             ? -1 : sqlite3_column_int64 (stmt, 3);
      sample->has_value = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      sample->value = sqlite3_column_double (stmt, 4);
      sample->error_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      /* Bounded on the way in; rows written before that are bounded here. */
      sample->detail = ic_utf8_truncate ((const char *) sqlite3_column_text (stmt, 6),
                                         IC_PROBE_SAMPLE_DETAIL_MAX);
      g_ptr_array_add (result, sample);
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read probe samples from"));
      return NULL;
    }
  return g_steal_pointer (&result);
}
