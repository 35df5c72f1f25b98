/* ic-store-change-sources.c — where changes are read from, and the changes
 * read
 *
 * A source belongs to a service ("" for every incident). Reading it is the
 * probes layer's work (ic-change-reader.c); here it is kept, with how its
 * last read went, and what was read is merged into an incident's changes:
 * one revision of one source is one change, however often it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-change-private.h"
#include "ic-json.h"
#include "ic-store-change-sources.h"
#include "ic-store-changes.h"
#include "ic-store-private.h"

#define SOURCE_COLUMNS \
  "id, service, kind, location, branch, paths, mapping, window_minutes, read_at, failed, status," \
  " secret_ref"

static gboolean
check_source (const IcChangeSource  *source,
              GError               **error)
{
  const char *problem = NULL;

  if (source->location == NULL || *g_strstrip (source->location) == '\0')
    problem = _("A change source needs a repository folder or a feed address");
  else if (source->kind == IC_CHANGE_SOURCE_GIT && !g_path_is_absolute (source->location))
    problem = _("A repository is given by its full path (it starts with /)");
  else if (source->kind == IC_CHANGE_SOURCE_FEED
           && !g_str_has_prefix (source->location, "https://")
           && !g_str_has_prefix (source->location, "http://"))
    problem = _("A deployment feed is an http:// or https:// address");
  else if (source->window_minutes < 1 || source->window_minutes > 10080)
    problem = _("A change source reads between 1 minute and 7 days before the alert");
  else if (source->mapping != NULL)
    {
      g_autoptr(JsonNode) root = ic_json_parse (source->mapping, -1, 4, NULL);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        problem = _("A feed’s field mapping is a JSON object of JSONPath expressions");
    }
  if (problem != NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID, problem);
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_add_change_source:
 * @source: a source not yet stored; its id is set
 *
 * Returns: %FALSE with %IC_STORE_ERROR_INVALID for a source that cannot be
 *   read (a relative path, a feed that is no http(s) address, a mapping
 *   that is no JSON object) or that is there already
 */
gboolean
ic_store_add_change_source (IcStore         *self,
                            IcChangeSource  *source,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *paths = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if (!check_source (source, error) || !_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "INSERT INTO change_sources (service, kind, location,"
                                    " branch, paths, mapping, window_minutes, created_at, secret_ref)"
                                    " VALUES (?1, ?2, ?3, COALESCE(?4, ''), ?5, ?6, ?7, ?8, ?9)",
                                    error)) == NULL)
    return FALSE;
  paths = source->paths != NULL ? g_strjoinv ("\n", source->paths) : g_strdup ("");
  sqlite3_bind_text (stmt, 1, source->service != NULL ? source->service : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ic_change_source_kind_to_string (source->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, source->location, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, source->branch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, paths, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, source->mapping, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, source->window_minutes);
  sqlite3_bind_int64 (stmt, 8, ic_clock_get_now (self->clock));
  sqlite3_bind_text (stmt, 9, source->secret_ref, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("This change source is there already"));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot add the change source to"));
      return FALSE;
    }
  source->id = sqlite3_last_insert_rowid (_ic_store_get_db (self));
  return TRUE;
}

static IcChangeSource *
source_from_row (sqlite3_stmt *stmt)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, 2);
  const char *paths = (const char *) sqlite3_column_text (stmt, 5);
  IcChangeSource *source = ic_change_source_new (g_strcmp0 (kind, "feed") == 0
                                                   ? IC_CHANGE_SOURCE_FEED
                                                   : IC_CHANGE_SOURCE_GIT,
                                                 (const char *) sqlite3_column_text (stmt, 1),
                                                 (const char *) sqlite3_column_text (stmt, 3));

  source->id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_bytes (stmt, 4) > 0)
    source->branch = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  if (paths != NULL && *paths != '\0')
    {
      g_strfreev (source->paths);
      source->paths = g_strsplit (paths, "\n", -1);
    }
  source->mapping = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  source->window_minutes = sqlite3_column_int (stmt, 7);
  source->read_at = sqlite3_column_int64 (stmt, 8);
  source->failed = sqlite3_column_int (stmt, 9) != 0;
  source->status = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  source->secret_ref = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  return source;
}

/**
 * ic_store_list_change_sources:
 * @service: (nullable): the sources an incident of this service reads
 *   (its own and those for every service); %NULL for all
 *
 * Returns: (transfer full) (element-type IcChangeSource) (nullable): in
 *   the order they were added
 */
GPtrArray *
ic_store_list_change_sources (IcStore     *self,
                              const char  *service,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), NULL);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "SELECT " SOURCE_COLUMNS " FROM change_sources"
                                    " WHERE ?1 IS NULL OR service = '' OR service = ?1"
                                    " ORDER BY id", error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_TRANSIENT);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_source_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, source_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot read the change sources from"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
update_one (IcStore       *self,
            sqlite3_stmt  *stmt,
            const char    *doing,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, doing);
      return FALSE;
    }
  if (sqlite3_changes (_ic_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("There is no such change source"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ic_store_remove_change_source:
 *
 * Removes the source; the changes read from it stay with their incidents.
 */
gboolean
ic_store_remove_change_source (IcStore  *self,
                               gint64    id,
                               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "DELETE FROM change_sources WHERE id = ?1",
                                    error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return update_one (self, stmt, _("Cannot remove the change source from"), error);
}

/**
 * ic_store_set_change_source_status:
 * @status: how the read went, in words ("12 commits, 3 new"; or why it
 *   failed)
 *
 * Records a read of the source, now.
 */
gboolean
ic_store_set_change_source_status (IcStore     *self,
                                   gint64       id,
                                   gboolean     failed,
                                   const char  *status,
                                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);

  if (!_ic_store_ensure_open (self, error)
      || (stmt = _ic_store_prepare (self, "UPDATE change_sources SET read_at = ?2, failed = ?3,"
                                    " status = ?4 WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, ic_clock_get_now (self->clock));
  sqlite3_bind_int (stmt, 3, failed ? 1 : 0);
  sqlite3_bind_text (stmt, 4, status, -1, SQLITE_TRANSIENT);
  return update_one (self, stmt, _("Cannot save the change source in"), error);
}
