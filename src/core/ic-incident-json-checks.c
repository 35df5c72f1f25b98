/* ic-incident-json-checks.c — what an incident file may not decide
 *
 * What comes from a file is data, never authority (DESIGN.md §9). An
 * export carries neither a probe's keyring reference nor whether its
 * target was confirmed here; an import refuses a probe that the probe form
 * would refuse and a test command that could run more than it shows, and
 * every probe it adds stays stopped until the user confirms its target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ic-incident-json-private.h"
#include "ic-store-private.h"

/*
 * Columns that belong to this database alone, never written to a file nor
 * read from one: a probe's keyring reference (a file's reference would
 * make this app send one of this desktop's passwords to the file's
 * target) and whether the user confirmed the probe's target here.
 */
static const struct
{
  const char *table;
  const char *column;
} local_columns[] = {
  { "probes", "secret_ref" },
  { "probes", "awaiting_confirmation" },
};

/* What a probe's config member may hold: its target and string checks. */
static const char * const config_members[] = {
  "spec", "expected_status", "body_contains", "json_condition", "method", "headers", "ca_file",
  NULL
};

/**
 * _ic_incident_json_is_local_column:
 *
 * Returns: whether @column of @table is left out of an export, and
 *   ignored in an import
 */
gboolean
_ic_incident_json_is_local_column (const char *table,
                                   const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_columns); i++)
    if (g_str_equal (table, local_columns[i].table)
        && g_str_equal (column, local_columns[i].column))
      return TRUE;
  return FALSE;
}

/**
 * _ic_incident_json_is_forced_column:
 *
 * Returns: whether an imported row's @column of @table gets the value of
 *   _ic_incident_json_add_forced() whatever the file says
 */
gboolean
_ic_incident_json_is_forced_column (const char *table,
                                    const char *column)
{
  /* A probe runs only once its target is confirmed here: the file's
   * "enabled" is written as it was, but decides nothing. */
  return g_str_equal (table, "probes")
         && (g_str_equal (column, "enabled") || g_str_equal (column, "awaiting_confirmation"));
}

/**
 * _ic_incident_json_add_forced:
 * @columns: the column list of an INSERT being built
 * @values: its value list
 *
 * Adds the values an imported row of @table gets whatever the file says:
 * a probe is disabled and awaits the confirmation of its target.
 */
void
_ic_incident_json_add_forced (const char *table,
                              GString    *columns,
                              GString    *values)
{
  if (!g_str_equal (table, "probes"))
    return;
  g_string_append_printf (columns, "%s\"enabled\", \"awaiting_confirmation\"",
                          columns->len > 0 ? ", " : "");
  g_string_append_printf (values, "%s0, 1", values->len > 0 ? ", " : "");
}

/* Probes ------------------------------------------------------------------- */

/* One probe row of a file, read into what the checks take. */
typedef struct
{
  const char    *kind;
  char          *name;       /* owned: trimmed */
  guint          interval_ms;
  guint          timeout_ms;
  IcProbeChecks  checks;
  GHashTable    *config;     /* owned: member → text */
} FileProbe;

static void
file_probe_clear (FileProbe *probe)
{
  g_clear_pointer (&probe->name, g_free);
  g_clear_pointer (&probe->config, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileProbe, file_probe_clear)

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* An integer member as a guint; @fallback when missing or null, @bad when
 * it is no integer or out of range, so that the range checks refuse it. */
static guint
member_uint (JsonObject *object,
             const char *name,
             guint       fallback,
             guint       bad)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad;
  value = json_node_get_int (node);
  return value >= 0 && value <= G_MAXINT ? (guint) value : bad;
}

static double
member_double (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return NAN;
}

/* The config member, a JSON object of texts, read by SQLite's JSON
 * functions (as the column is stored), which are not recursive: a config
 * nested ten thousand deep is refused like any other wrong one. */
static GHashTable *
read_config (IcStore     *store,
             const char  *config,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) shape = NULL;
  g_autoptr(sqlite3_stmt) each = NULL;
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  int rc;

  shape = _ic_store_prepare (store, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) END",
                             error);
  if (shape == NULL)
    return NULL;
  each = _ic_store_prepare (store, "SELECT key, type, value FROM json_each(?1)", error);
  if (each == NULL)
    return NULL;
  sqlite3_bind_text (shape, 1, config, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (shape) != SQLITE_ROW
      || g_strcmp0 ((const char *) sqlite3_column_text (shape, 0), "object") != 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("its configuration is not a JSON object"));
      return NULL;
    }
  sqlite3_bind_text (each, 1, config, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (each)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (each, 0);

      if (!g_strv_contains (config_members, key))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("its configuration has an unknown member “%s”"), key);
          return NULL;
        }
      /* Checked, the last one would count; stored, SQLite reads the first. */
      if (g_hash_table_contains (members, key))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("its configuration has “%s” twice"), key);
          return NULL;
        }
      if (g_strcmp0 ((const char *) sqlite3_column_text (each, 1), "text") != 0)
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("its configuration’s “%s” is not a text"), key);
          return NULL;
        }
      g_hash_table_insert (members, g_strdup (key),
                           g_strdup ((const char *) sqlite3_column_text (each, 2)));
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, store, rc, _("Cannot import an incident into"));
      return NULL;
    }
  return g_steal_pointer (&members);
}

static gboolean
read_probe (IcStore      *store,
            JsonObject   *object,
            FileProbe    *probe,
            GError      **error)
{
  JsonNode *config = json_object_get_member (object, "config");
  const char *name = member_text (object, "name");
  GHashTable *members;

  probe->name = g_strstrip (g_strdup (name != NULL ? name : ""));
  /* Missing, the column's default: {}, which names no target. */
  if (config != NULL && member_text (object, "config") == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("its configuration is not a JSON object"));
      return FALSE;
    }
  probe->config = read_config (store, config != NULL ? member_text (object, "config") : "{}",
                               error);
  if (probe->config == NULL)
    return FALSE;
  members = probe->config;
  probe->kind = member_text (object, "kind");
  /* The schema's defaults when missing; 0, refused, when not a count. */
  probe->interval_ms = member_uint (object, "interval_ms", 10000, 0);
  probe->timeout_ms = member_uint (object, "timeout_ms", 5000, 0);
  probe->checks.latency_threshold_ms = member_uint (object, "latency_threshold_ms", 0, G_MAXUINT);
  probe->checks.warn_above = member_double (object, "warn_threshold");
  probe->checks.fail_above = member_double (object, "fail_threshold");
  probe->checks.expected_status = g_hash_table_lookup (members, "expected_status");
  probe->checks.body_contains = g_hash_table_lookup (members, "body_contains");
  probe->checks.json_condition = g_hash_table_lookup (members, "json_condition");
  probe->checks.method = g_hash_table_lookup (members, "method");
  probe->checks.headers = g_hash_table_lookup (members, "headers");
  probe->checks.ca_file = g_hash_table_lookup (members, "ca_file");
  return TRUE;
}

/* A probe of the file is held to the store's rules and to the probe
 * form's (@check_probe), as if typed. */
static gboolean
check_probe (IcStore           *store,
             guint              row,
             JsonObject        *object,
             IcProbeCheckFunc   check,
             gpointer           user_data,
             GError           **error)
{
  g_auto(FileProbe) probe = { 0 };
  g_autoptr(GError) local_error = NULL;
  const char *spec;

  if (read_probe (store, object, &probe, &local_error))
    {
      spec = g_hash_table_lookup (probe.config, "spec");
      if (!check (probe.kind, spec, &probe.checks, user_data, &local_error))
        {
          /* A check that refuses without a word still refuses. */
          if (local_error == NULL)
            g_set_error_literal (&local_error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                                 _("the probe check refused it"));
        }
      else
        _ic_store_check_probe (probe.kind, probe.name, spec, probe.interval_ms,
                               probe.timeout_ms, &probe.checks, &local_error);
    }
  if (local_error == NULL)
    return TRUE;
  /* Translators: "Cannot import probe “health” (row 1 of “probes”): The probe has no target…" */
  g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
               _("Cannot import probe “%s” (row %u of “probes”): %s"),
               probe.name != NULL ? probe.name : "", row, local_error->message);
  return FALSE;
}

/* Hypotheses ---------------------------------------------------------------- */

static gboolean
check_hypothesis (guint        row,
                  JsonObject  *object,
                  GError     **error)
{
  const char *command = member_text (object, "test_command");
  g_autoptr(GError) local_error = NULL;

  if (command == NULL || _ic_store_check_test_command (command, &local_error))
    return TRUE;
  g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
               _("Cannot import row %u of “hypotheses”: %s"), row, local_error->message);
  return FALSE;
}

/**
 * _ic_incident_json_check_row:
 * @row: the row's number in the file, from 1
 * @object: the row, its columns already checked against the table's
 *
 * Refuses what the store and the forms would refuse from a person: a
 * probe that ic_store_add_probe_full() or @check_probe would not take, a
 * test command with control characters.
 */
gboolean
_ic_incident_json_check_row (IcStore           *store,
                             const char        *table,
                             guint              row,
                             JsonObject        *object,
                             IcProbeCheckFunc   check_probe_func,
                             gpointer           user_data,
                             GError           **error)
{
  if (g_str_equal (table, "probes"))
    return check_probe (store, row, object, check_probe_func, user_data, error);
  if (g_str_equal (table, "hypotheses"))
    return check_hypothesis (row, object, error);
  return TRUE;
}
