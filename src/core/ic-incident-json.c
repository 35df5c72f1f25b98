/* ic-incident-json.c — a whole incident as a JSON document, exported and imported without loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-incident-json-private.h"
#include "ic-json.h"
#include "ic-store-private.h"

/*
 * One table of an incident. Rows are tied to the incident either directly
 * (@owner holds the incident id) or through a parent table of the same
 * incident (@owner holds an id of @parent). @link is an optional reference
 * to another row of the same incident, in @target.
 */
typedef struct
{
  const char *name;    /* the table, and its member of the document */
  const char *key;     /* the primary key (within the incident): row order */
  const char *owner;
  const char *parent;
  const char *link;
  const char *target;
} TableSpec;

/*
 * Parents before children, so every foreign key already holds when a row
 * is inserted. Listed explicitly rather than read from sqlite_schema: the
 * FTS5 search tables must stay out (their triggers rebuild them on
 * insert), and so must service-level probes, which belong to no incident.
 * Columns, on the other hand, are read from each row, so a column added by
 * a later migration is never silently dropped.
 */
static const TableSpec tables[] = {
  { "incidents", "id", "id", NULL, NULL, NULL },
  { "changes", "id", "incident_id", NULL, NULL, NULL },
  { "decision_checks", "step", "incident_id", NULL, NULL, NULL },
  { "hypotheses", "id", "incident_id", NULL, NULL, NULL },
  { "probes", "id", "incident_id", NULL, NULL, NULL },
  { "probe_samples", "id", "probe_id", "probes", NULL, NULL },
  { "evidence", "id", "hypothesis_id", "hypotheses", "probe_sample_id", "probe_samples" },
  { "timeline", "id", "incident_id", NULL, NULL, NULL },
  { "status_updates", "id", "incident_id", NULL, NULL, NULL },
  { "actions", "id", "incident_id", NULL, "change_id", "changes" },
  { "postmortem", "incident_id", "incident_id", NULL, NULL, NULL },
  { "whys", "id", "incident_id", NULL, NULL, NULL },
  { "action_items", "id", "incident_id", NULL, NULL, NULL },
};

/* The incidents table is the document's single "incident" object. */
#define INCIDENT_MEMBER "incident"

static const char *
member_name (const TableSpec *spec)
{
  return spec == &tables[0] ? INCIDENT_MEMBER : spec->name;
}

/* Writing ----------------------------------------------------------------- */

/*
 * The document is written by hand rather than with JsonGenerator: json-glib
 * 1.6 writes 1e-300 as "1e-300.0", which is not JSON, and the exact bytes
 * of the file should not depend on the library's version.
 */
static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest form that reads back as the very same double, so 0.1 is
 * written "0.1" and still survives exactly. */
static void
append_double (GString *out,
               double   value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  /* Without a point or an exponent a reader sees an integer, and SQLite
   * would store INTEGER where REAL was. */
  if (strpbrk (buffer, ".e") == NULL)
    g_string_append (out, ".0");
}

static gboolean
append_value (GString          *out,
              sqlite3_stmt     *stmt,
              int               column,
              const TableSpec  *spec,
              GError          **error)
{
  const char *name = sqlite3_column_name (stmt, column);
  const char *text;

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT,
                              (gint64) sqlite3_column_int64 (stmt, column));
      return TRUE;
    case SQLITE_FLOAT:
      if (!isfinite (sqlite3_column_double (stmt, column)))
        break;
      append_double (out, sqlite3_column_double (stmt, column));
      return TRUE;
    case SQLITE_TEXT:
      text = (const char *) sqlite3_column_text (stmt, column);
      if (!g_utf8_validate_len (text, sqlite3_column_bytes (stmt, column), NULL))
        break;
      append_string (out, text);
      return TRUE;
    case SQLITE_NULL:
      g_string_append (out, "null");
      return TRUE;
    default:
      break;
    }
  g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
               _("Cannot export the incident: column “%s” of “%s” holds a value JSON"
                 " cannot carry"),
               name, spec->name);
  return FALSE;
}

/* Writes the current row as an object whose members follow the columns,
 * but for those that belong to this database alone (a keyring reference). */
static gboolean
append_row (GString          *out,
            sqlite3_stmt     *stmt,
            const TableSpec  *spec,
            const char       *indent,
            GError          **error)
{
  int n_columns = sqlite3_column_count (stmt);
  gboolean first = TRUE;

  g_string_append (out, "{");
  for (int i = 0; i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (_ic_incident_json_is_local_column (spec->name, name))
        continue;
      g_string_append_printf (out, "%s\n%s  ", first ? "" : ",", indent);
      append_string (out, name);
      g_string_append (out, ": ");
      if (!append_value (out, stmt, i, spec, error))
        return FALSE;
      first = FALSE;
    }
  g_string_append_printf (out, "\n%s}", indent);
  return TRUE;
}

static sqlite3_stmt *
select_rows (IcStore          *self,
             const TableSpec  *spec,
             gint64            incident_id,
             GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (spec->parent == NULL)
    sql = g_strdup_printf ("SELECT * FROM %s WHERE %s = ?1 ORDER BY %s",
                           spec->name, spec->owner, spec->key);
  else
    sql = g_strdup_printf ("SELECT * FROM %s WHERE %s IN"
                           " (SELECT id FROM %s WHERE incident_id = ?1) ORDER BY %s",
                           spec->name, spec->owner, spec->parent, spec->key);
  stmt = _ic_store_prepare (self, sql, error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, incident_id);
  return stmt;
}

static gboolean
append_incident (IcStore  *self,
                 GString  *out,
                 gint64    incident_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = select_rows (self, &tables[0], incident_id, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                   _("No incident with id %lld"), (long long) incident_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _ic_store_set_error (error, self, rc, _("Cannot export an incident from"));
      return FALSE;
    }
  g_string_append (out, "  \"" INCIDENT_MEMBER "\": ");
  return append_row (out, stmt, &tables[0], "  ", error);
}

static gboolean
append_table (IcStore          *self,
              GString          *out,
              const TableSpec  *spec,
              gint64            incident_id,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = select_rows (self, spec, incident_id, error);
  guint n_rows = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_string_append_printf (out, "  \"%s\": [", spec->name);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, n_rows++ > 0 ? ",\n    " : "\n    ");
      if (!append_row (out, stmt, spec, "    ", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot export an incident from"));
      return FALSE;
    }
  g_string_append (out, n_rows > 0 ? "\n  ]" : "]");
  return TRUE;
}

static gboolean
append_document (IcStore  *self,
                 GString  *out,
                 gint64    incident_id,
                 GError  **error)
{
  g_string_append (out, "{\n  \"format\": \"" IC_INCIDENT_JSON_FORMAT "\",\n");
  g_string_append_printf (out, "  \"version\": %d,\n", IC_INCIDENT_JSON_VERSION);
  if (!append_incident (self, out, incident_id, error))
    return FALSE;
  for (guint i = 1; i < G_N_ELEMENTS (tables); i++)
    {
      g_string_append (out, ",\n");
      if (!append_table (self, out, &tables[i], incident_id, error))
        return FALSE;
    }
  g_string_append (out, "\n}\n");
  return TRUE;
}

/* Reading ----------------------------------------------------------------- */

typedef struct
{
  IcStore          *store;        /* borrowed */
  gint64            incident_id;
  GHashTable       *keys;         /* borrowed: table name → set of the keys imported into it */
  GHashTable       *renumbered;   /* owned: table name → (file id → id given here) */
  IcProbeCheckFunc  check_probe;
  gpointer          check_data;
} Import;

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* *@document holds the parsed file; the result is its root object, borrowed. */
static JsonObject *
parse_document (JsonNode   **document,
                const char  *json,
                gsize        length,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_utf8_validate_len (json, length, NULL))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_CORRUPT,
                           _("The incident file is not valid JSON: it is not UTF-8 text"));
      return NULL;
    }
  /* Depth-checked: json-glib would overflow the stack on a deeply nested file. */
  *document = ic_json_parse (json, (gssize) length, IC_JSON_MAX_DEPTH, &local_error);
  if (*document == NULL && !g_error_matches (local_error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY))
    {
      /* Translators: "The incident file is not valid JSON: nested deeper than 128 levels
       * (at byte 128)", or json-glib's "3:15: Parse error: …" */
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_CORRUPT,
                   _("The incident file is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (*document == NULL || !JSON_NODE_HOLDS_OBJECT (*document))
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_OURS,
                           _("The file is not an incident exported by Incident Commander"));
      return NULL;
    }
  return json_node_get_object (*document);
}

static gboolean
check_header (JsonObject  *root,
              GError     **error)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *version = json_object_get_member (root, "version");

  if (!holds (format, G_TYPE_STRING)
      || g_strcmp0 (json_node_get_string (format), IC_INCIDENT_JSON_FORMAT) != 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_OURS,
                           _("The file is not an incident exported by Incident Commander"));
      return FALSE;
    }
  if (!holds (version, G_TYPE_INT64) || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("The incident file has no valid “version”"));
      return FALSE;
    }
  if (json_node_get_int (version) > IC_INCIDENT_JSON_VERSION)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NEWER_SCHEMA,
                   _("The incident file was made by a newer version of Incident Commander"
                     " (file version %lld; this version reads up to %d)"),
                   (long long) json_node_get_int (version), IC_INCIDENT_JSON_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_known_member (const char *name)
{
  if (g_str_equal (name, "format") || g_str_equal (name, "version"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (name, member_name (&tables[i])))
      return TRUE;
  return FALSE;
}

/* Every table must be there, and nothing else: a member this version does
 * not know would otherwise be dropped without a word. */
static gboolean
check_members (JsonObject  *root,
               GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (root);
  JsonNode *incident = json_object_get_member (root, INCIDENT_MEMBER);

  if (incident == NULL || !JSON_NODE_HOLDS_OBJECT (incident))
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("The incident file has no “%s” object"), INCIDENT_MEMBER);
      return FALSE;
    }
  for (guint i = 1; i < G_N_ELEMENTS (tables); i++)
    {
      JsonNode *rows = json_object_get_member (root, tables[i].name);

      if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("The incident file has no “%s” list"), tables[i].name);
          return FALSE;
        }
    }
  for (GList *l = names; l != NULL; l = l->next)
    if (!is_known_member (l->data))
      {
        g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                     _("The incident file has an unknown member “%s”"), (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static GHashTable *
dup_columns (IcStore          *self,
             const TableSpec  *spec,
             GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s LIMIT 0", spec->name);
  g_autoptr(sqlite3_stmt) stmt = _ic_store_prepare (self, sql, error);
  GHashTable *columns;

  if (stmt == NULL)
    return NULL;
  columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    g_hash_table_add (columns, g_strdup (sqlite3_column_name (stmt, i)));
  return columns;
}

/* Refuses what SQLite would accept but lose: a column it does not have (the
 * value would be dropped) or a value that is not a number, text or null. */
static gboolean
check_columns (const TableSpec  *spec,
               guint             row,
               JsonObject       *object,
               GHashTable       *columns,
               GError          **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (!g_hash_table_contains (columns, l->data))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("Cannot import: “%s” has no column “%s” (row %u of the file)"),
                       spec->name, (const char *) l->data, row);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_NULL (node) && !holds (node, G_TYPE_INT64)
          && !holds (node, G_TYPE_DOUBLE) && !holds (node, G_TYPE_STRING))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("Cannot import: column “%s” of “%s” (row %u of the file) holds"
                         " neither a number, a text nor null"),
                       (const char *) l->data, spec->name, row);
          return FALSE;
        }
      /* What an export could not write back: "\ud800" decodes to bytes
       * that are not UTF-8, 1e999 to infinity. */
      if ((holds (node, G_TYPE_STRING) && !g_utf8_validate (json_node_get_string (node), -1, NULL))
          || (holds (node, G_TYPE_DOUBLE) && !isfinite (json_node_get_double (node))))
        {
          g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                       _("Cannot import: column “%s” of “%s” (row %u of the file) holds"
                         " text that is not UTF-8 or a number out of range"),
                       (const char *) l->data, spec->name, row);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
has_key (Import     *imp,
         const char *table,
         JsonNode   *node)
{
  GHashTable *keys = g_hash_table_lookup (imp->keys, table);
  gint64 key;

  if (keys == NULL || !holds (node, G_TYPE_INT64))
    return FALSE;
  key = json_node_get_int (node);
  return g_hash_table_contains (keys, &key);
}

/* Every row must belong to the imported incident, or it would be attached
 * to another incident of this database. */
static gboolean
check_ties (Import           *imp,
            const TableSpec  *spec,
            guint             row,
            JsonObject       *object,
            GError          **error)
{
  JsonNode *owner = json_object_get_member (object, spec->owner);
  JsonNode *link = spec->link ? json_object_get_member (object, spec->link) : NULL;
  gboolean owned;

  if (spec->parent != NULL)
    owned = has_key (imp, spec->parent, owner);
  else
    owned = holds (owner, G_TYPE_INT64) && json_node_get_int (owner) == imp->incident_id;
  if (!owned)
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("Cannot import: row %u of “%s” does not belong to incident %lld"),
                   row, spec->name, (long long) imp->incident_id);
      return FALSE;
    }
  if (link != NULL && !JSON_NODE_HOLDS_NULL (link) && !has_key (imp, spec->target, link))
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("Cannot import: row %u of “%s” refers to a row of “%s” that is not part"
                     " of the incident"), row, spec->name, spec->target);
      return FALSE;
    }
  return TRUE;
}

/* The id a row of @table that the file calls @node has in this database. */
static gint64
translate (Import     *imp,
           const char *table,
           JsonNode   *node)
{
  GHashTable *map = table ? g_hash_table_lookup (imp->renumbered, table) : NULL;
  gint64 key = json_node_get_int (node);
  gint64 *to = map ? g_hash_table_lookup (map, &key) : NULL;

  return to != NULL ? *to : key;
}

static void
bind_node (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (holds (node, G_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (holds (node, G_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, json_node_get_double (node));
  else if (holds (node, G_TYPE_STRING))
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Binds one column, following renumbered parents and links; @fresh leaves
 * the row's own id to SQLite. */
static void
bind_column (Import           *imp,
             const TableSpec  *spec,
             sqlite3_stmt     *stmt,
             int               index,
             const char       *column,
             JsonNode         *node,
             gboolean          fresh)
{
  const char *table = NULL;

  if (fresh && g_str_equal (column, spec->key))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  if (spec->parent != NULL && g_str_equal (column, spec->owner))
    table = spec->parent;
  else if (spec->link != NULL && g_str_equal (column, spec->link))
    table = spec->target;
  if (table != NULL && holds (node, G_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, translate (imp, table, node));
  else
    bind_node (stmt, index, node);
}

/* The members of @object that become columns: not those that belong to
 * this database alone, nor those an import decides itself. */
static GPtrArray *
imported_columns (const TableSpec *spec,
                  JsonObject      *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  GPtrArray *columns = g_ptr_array_new ();

  for (GList *l = names; l != NULL; l = l->next)
    if (!_ic_incident_json_is_local_column (spec->name, l->data)
        && !_ic_incident_json_is_forced_column (spec->name, l->data))
      g_ptr_array_add (columns, l->data);
  return columns;
}

static sqlite3_stmt *
prepare_insert (Import           *imp,
                const TableSpec  *spec,
                JsonObject       *object,
                gboolean          fresh,
                GError          **error)
{
  g_autoptr(GPtrArray) names = imported_columns (spec, object);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  /* The names were checked against the table's own columns. */
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (columns, "%s\"%s\"", i > 0 ? ", " : "",
                              (const char *) names->pdata[i]);
      g_string_append_printf (values, "%s?%u", i > 0 ? ", " : "", i + 1);
    }
  _ic_incident_json_add_forced (spec->name, columns, values);
  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", spec->name, columns->str,
                         values->str);
  stmt = _ic_store_prepare (imp->store, sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < names->len; i++)
    bind_column (imp, spec, stmt, (int) i + 1, names->pdata[i],
                 json_object_get_member (object, names->pdata[i]), fresh);
  return stmt;
}

static void
set_insert_error (Import           *imp,
                  const TableSpec  *spec,
                  guint             row,
                  JsonObject       *object,
                  int               rc,
                  GError          **error)
{
  sqlite3 *db = _ic_store_get_db (imp->store);
  JsonNode *key = json_object_get_member (object, spec->key);
  gboolean taken = sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_PRIMARYKEY;

  if (taken && spec == &tables[0])
    g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                 _("Incident %lld already exists in this database"),
                 (long long) imp->incident_id);
  else if (taken && holds (key, G_TYPE_INT64))
    /* Translators: the first %s is a table, the second one of its columns */
    g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                 _("Cannot import: “%s” already has a row with %s %lld in this database"),
                 spec->name, spec->key, (long long) json_node_get_int (key));
  else if ((rc & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                 _("Cannot import row %u of “%s”: %s"), row, spec->name, sqlite3_errmsg (db));
  else
    _ic_store_set_error (error, imp->store, rc, _("Cannot import an incident into"));
}

static void
remember_key (Import           *imp,
              const TableSpec  *spec,
              JsonObject       *object)
{
  JsonNode *node = json_object_get_member (object, spec->key);
  GHashTable *keys = g_hash_table_lookup (imp->keys, spec->name);
  gint64 key;

  /* A row without its key got a new one from SQLite. */
  if (holds (node, G_TYPE_INT64))
    key = json_node_get_int (node);
  else
    key = sqlite3_last_insert_rowid (_ic_store_get_db (imp->store));
  if (keys == NULL)
    {
      keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (imp->keys, (gpointer) spec->name, keys);
    }
  g_hash_table_add (keys, _ic_store_id_key (key));
}

static void
remember_renumbered (Import           *imp,
                     const TableSpec  *spec,
                     JsonObject       *object)
{
  GHashTable *map = g_hash_table_lookup (imp->renumbered, spec->name);

  if (map == NULL)
    {
      map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (imp->renumbered, (gpointer) spec->name, map);
    }
  g_hash_table_insert (map, _ic_store_id_key (json_object_get_int_member (object, spec->key)),
                       _ic_store_id_key (sqlite3_last_insert_rowid (
                                           _ic_store_get_db (imp->store))));
}

/* Ids of timeline events, changes and the like count up over all the
 * incidents of a database, so another database has often used the file's
 * ids already. Such a row gets a new id (its children follow it); the
 * incident keeps its own, and into an empty database nothing changes. */
static gboolean
can_renumber (const TableSpec *spec,
              JsonObject      *object)
{
  return spec != &tables[0] && g_str_equal (spec->key, "id")
         && holds (json_object_get_member (object, spec->key), G_TYPE_INT64);
}

static gboolean
import_row (Import           *imp,
            const TableSpec  *spec,
            guint             row,
            JsonNode         *node,
            GHashTable       *columns,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *object;
  int rc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                   _("Cannot import: row %u of “%s” is not a JSON object"), row, spec->name);
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!check_columns (spec, row, object, columns, error)
      || !check_ties (imp, spec, row, object, error)
      || !_ic_incident_json_check_row (imp->store, spec->name, row, object, imp->check_probe,
                                       imp->check_data, error)
      || (stmt = prepare_insert (imp, spec, object, FALSE, error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && can_renumber (spec, object)
      && sqlite3_extended_errcode (_ic_store_get_db (imp->store)) == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      if ((stmt = prepare_insert (imp, spec, object, TRUE, error)) == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        remember_renumbered (imp, spec, object);
    }
  if (rc != SQLITE_DONE)
    {
      set_insert_error (imp, spec, row, object, rc, error);
      return FALSE;
    }
  remember_key (imp, spec, object);
  return TRUE;
}

static gboolean
import_table (Import           *imp,
              const TableSpec  *spec,
              JsonObject       *root,
              GError          **error)
{
  g_autoptr(GHashTable) columns = dup_columns (imp->store, spec, error);
  JsonArray *rows;

  if (columns == NULL)
    return FALSE;
  if (spec == &tables[0])
    return import_row (imp, spec, 1, json_object_get_member (root, INCIDENT_MEMBER), columns,
                       error);
  rows = json_object_get_array_member (root, spec->name);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (!import_row (imp, spec, i + 1, json_array_get_element (rows, i), columns, error))
      return FALSE;
  return TRUE;
}

static gboolean
import_rows (Import      *imp,
             JsonObject  *root,
             GError     **error)
{
  JsonObject *incident = json_object_get_object_member (root, INCIDENT_MEMBER);
  JsonNode *id = json_object_get_member (incident, "id");

  if (!holds (id, G_TYPE_INT64) || json_node_get_int (id) < 1)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("The incident in the file has no valid id"));
      return FALSE;
    }
  imp->incident_id = json_node_get_int (id);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!import_table (imp, &tables[i], root, error))
      return FALSE;
  return TRUE;
}

/* The live list learns of other connections' commits through
 * ic_store_refresh(), which reloads only when PRAGMA data_version moved;
 * our own commit never moves it. Forgetting the last value seen makes the
 * refresh reload, and the imported incident appears like any other. */
static void
show_imported (IcStore *self)
{
  g_autoptr(GError) error = NULL;

  self->data_version = G_MININT64;
  if (!ic_store_refresh (self, &error))
    g_warning ("The imported incident is saved but not listed: %s", error->message);
}

/* Public API -------------------------------------------------------------- */

/**
 * ic_store_export_incident_json:
 * @incident_id: the incident to export
 *
 * Writes the incident and every row that belongs to it — changes, decision
 * checks, hypotheses and their evidence, the incident's own probes and
 * their samples, timeline, status updates, actions, postmortem, whys and
 * action items — as one JSON document. Every column is kept, ids included,
 * with its SQL type (integers stay integers, reals round-trip exactly,
 * NULL is null), so ic_store_import_incident_json() restores it without
 * loss; but for what belongs to this database alone: a probe's keyring
 * reference (its password stays in this desktop's keyring) and whether
 * its target was confirmed here. The output is deterministic: the same
 * incident gives the same bytes. Pending edits are saved first.
 *
 * Returns: (transfer full) (nullable): the UTF-8 document, or %NULL with
 *   @error set (%IC_STORE_ERROR_NOT_FOUND for an unknown incident)
 */
char *
ic_store_export_incident_json (IcStore  *self,
                               gint64    incident_id,
                               GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *doing = _("Cannot export an incident from");

  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ic_store_ensure_open (self, error) || !ic_store_flush (self, error))
    return NULL;
  /* One read transaction: every table is read from the same snapshot, even
   * if another program writes to the file meanwhile. */
  if (!_ic_store_exec (self, "BEGIN", doing, error))
    return NULL;
  if (!append_document (self, out, incident_id, error)
      || !_ic_store_exec (self, "COMMIT", doing, error))
    {
      sqlite3_exec (_ic_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ic_store_import_incident_json:
 * @json: (array length=length): a document written by
 *   ic_store_export_incident_json()
 * @length: the length of @json in bytes
 * @check_probe: (scope call): checks each probe of the file as the probe
 *   form checks a typed one; required, so that no probe is imported
 *   unchecked (the probe engine's ic_probe_config_check_imported())
 * @user_data: for @check_probe
 *
 * Adds the incident of @json to this database with all its rows, keeping
 * their ids, in one transaction, and lists it with the other incidents.
 * What comes from a file is data, never authority: its probes carry no
 * keyring reference (one in the file is ignored) and are stored disabled,
 * awaiting the confirmation of their targets (ic_store_confirm_probes()).
 * Nothing is changed when anything is wrong: a file that is not valid JSON
 * (%IC_STORE_ERROR_CORRUPT) or not an incident file
 * (%IC_STORE_ERROR_NOT_OURS), a newer file version
 * (%IC_STORE_ERROR_NEWER_SCHEMA), a missing or unknown member or column,
 * an incident or row id already taken here, a row that belongs to another
 * incident, a value the data model refuses, a probe that the store or
 * @check_probe refuses, or a test command with control characters
 * (%IC_STORE_ERROR_INVALID).
 *
 * Returns: the id of the imported incident, or 0 with @error set
 */
gint64
ic_store_import_incident_json (IcStore           *self,
                               const char        *json,
                               gsize              length,
                               IcProbeCheckFunc   check_probe,
                               gpointer           user_data,
                               GError           **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) renumbered = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify) g_hash_table_unref);
  Import imp = { self, 0, keys, renumbered, check_probe, user_data };
  const char *doing = _("Cannot import an incident into");
  JsonObject *root;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (json != NULL, 0);
  g_return_val_if_fail (check_probe != NULL, 0);
  g_return_val_if_fail (length <= G_MAXSSIZE, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_ic_store_ensure_open (self, error)
      || (root = parse_document (&document, json, length, error)) == NULL
      || !check_header (root, error) || !check_members (root, error))
    return 0;
  if (!_ic_store_exec (self, "BEGIN IMMEDIATE", doing, error))
    return 0;
  if (!import_rows (&imp, root, error) || !_ic_store_exec (self, "COMMIT", doing, error))
    {
      sqlite3_exec (_ic_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      return 0;
    }
  show_imported (self);
  return imp.incident_id;
}

/* In a worker thread ------------------------------------------------------- */

typedef struct
{
  char             *path;
  IcClock          *clock;
  gint64            incident_id;   /* export: which; import: the one added */
  GBytes           *json;          /* import: the document */
  IcProbeCheckFunc  check_probe;
  gpointer          user_data;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_free (job->path);
  g_clear_object (&job->clock);
  g_clear_pointer (&job->json, g_bytes_unref);
  g_free (job);
}

static FileJob *
file_job_new (IcStore *self)
{
  FileJob *job = g_new0 (FileJob, 1);

  job->path = g_strdup (ic_store_get_path (self));
  job->clock = g_object_ref (ic_store_get_clock (self));
  return job;
}

/* The worker's own connection to the same file: the store's connection and
 * its live lists stay the main thread's. */
static IcStore *
open_in_worker (FileJob  *job,
                GError  **error)
{
  return ic_store_open (job->path, job->clock, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  char *document = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = open_in_worker (job, &error);
  if (store != NULL)
    {
      document = ic_store_export_incident_json (store, job->incident_id, &error);
      ic_store_close (store);
    }
  if (document == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, document, g_free);
}

/**
 * ic_store_export_incident_json_async:
 * @incident_id: the incident to export
 * @cancellable: (nullable): cancels the export before it has begun
 *
 * Exports like ic_store_export_incident_json() without blocking the main
 * loop: pending edits are saved first, then the document is written from a
 * worker thread on a connection of its own, in one read transaction.
 */
void
ic_store_export_incident_json_async (IcStore             *self,
                                     gint64               incident_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FileJob *job;

  g_return_if_fail (IC_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_store_export_incident_json_async);
  g_task_set_name (task, "[ic] export incident");
  if (!_ic_store_ensure_open (self, &error) || !ic_store_flush (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = file_job_new (self);
  job->incident_id = incident_id;
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * ic_store_export_incident_json_finish:
 *
 * Returns: (transfer full) (nullable): as ic_store_export_incident_json(),
 *   or %NULL with an error (%G_IO_ERROR_CANCELLED when it was cancelled)
 */
char *
ic_store_export_incident_json_finish (IcStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (IC_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) store = NULL;
  gsize length = 0;
  const char *json = g_bytes_get_data (job->json, &length);

  if (g_task_return_error_if_cancelled (task))
    return;
  store = open_in_worker (job, &error);
  if (store != NULL)
    {
      job->incident_id = ic_store_import_incident_json (store, json ? json : "", length,
                                                        job->check_probe, job->user_data,
                                                        &error);
      ic_store_close (store);
    }
  if (job->incident_id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IcStore *self = IC_STORE (source);
  FileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Committed by another connection: the store picks it up like a write
   * from another program, before the caller hears of it. */
  show_imported (self);
  g_task_return_int (task, job->incident_id);
}

/**
 * ic_store_import_incident_json_async:
 * @json: the document, as ic_store_import_incident_json() takes it
 * @check_probe: (scope async): as for ic_store_import_incident_json(); it is
 *   called in the worker thread
 * @check_data: for @check_probe
 * @cancellable: (nullable): cancels the import before it has begun
 *
 * Imports like ic_store_import_incident_json() without blocking the main
 * loop: the document is parsed, checked and inserted in one transaction
 * from a worker thread on a connection of its own; once it is committed,
 * the store lists the incident (on the main thread) before @callback runs.
 */
void
ic_store_import_incident_json_async (IcStore             *self,
                                     GBytes              *json,
                                     IcProbeCheckFunc     check_probe,
                                     gpointer             check_data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  FileJob *job;

  g_return_if_fail (IC_IS_STORE (self));
  g_return_if_fail (json != NULL);
  g_return_if_fail (check_probe != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_store_import_incident_json_async);
  g_task_set_name (task, "[ic] import incident");
  if (!_ic_store_ensure_open (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = file_job_new (self);
  job->json = g_bytes_ref (json);
  job->check_probe = check_probe;
  job->user_data = check_data;
  worker = g_task_new (self, cancellable, imported_cb, g_object_ref (task));
  g_task_set_name (worker, "[ic] import incident (worker)");
  g_task_set_task_data (worker, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (worker, import_thread);
}

/**
 * ic_store_import_incident_json_finish:
 *
 * Returns: as ic_store_import_incident_json(): the id of the imported
 *   incident, listed by the store, or 0 with an error
 *   (%G_IO_ERROR_CANCELLED when it was cancelled before it began)
 */
gint64
ic_store_import_incident_json_finish (IcStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  gint64 id;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}
