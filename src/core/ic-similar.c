/* ic-similar.c — "Seen before": past incidents like this one
 *
 * The words of this incident (its title, service, notes, hypotheses and
 * their evidence) are looked for in every other incident's full-text
 * indexes — title, service and notes, timeline, hypotheses, postmortem —
 * and the incidents ranked by SQLite FTS5's bm25 (the best match in each
 * index, summed; lower is closer). Drills are never offered: they are
 * practice, not memory. The query runs in a worker thread on a read-only
 * connection of its own, as the search does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ic-hypothesis.h"
#include "ic-similar.h"
#include "ic-store-hypotheses.h"
#include "ic-store-private.h"

struct _IcSimilar
{
  GObject parent_instance;

  gint64  incident_id;
  char   *title;
  gint64  alert_time;
  gint64  duration;       /* alert to resolution, 0 while open */
  char   *root_cause;     /* the postmortem's, else the confirmed hypothesis, else "" */
  char   *detection_gap;
  char   *fix;            /* what was rolled back, else the first action taken, else "" */
};

G_DEFINE_FINAL_TYPE (IcSimilar, ic_similar, G_TYPE_OBJECT)

static void
ic_similar_finalize (GObject *object)
{
  IcSimilar *self = IC_SIMILAR (object);

  g_free (self->title);
  g_free (self->root_cause);
  g_free (self->detection_gap);
  g_free (self->fix);
  G_OBJECT_CLASS (ic_similar_parent_class)->finalize (object);
}

static void
ic_similar_class_init (IcSimilarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ic_similar_finalize;
}

static void
ic_similar_init (IcSimilar *self)
{
}

gint64
ic_similar_get_incident_id (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), 0);
  return self->incident_id;
}

const char *
ic_similar_get_title (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), NULL);
  return self->title;
}

gint64
ic_similar_get_alert_time (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), 0);
  return self->alert_time;
}

gint64
ic_similar_get_duration (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), 0);
  return self->duration;
}

const char *
ic_similar_get_root_cause (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), NULL);
  return self->root_cause;
}

const char *
ic_similar_get_detection_gap (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), NULL);
  return self->detection_gap;
}

const char *
ic_similar_get_fix (IcSimilar *self)
{
  g_return_val_if_fail (IC_IS_SIMILAR (self), NULL);
  return self->fix;
}

/**
 * ic_similar_dup_hypothesis:
 *
 * Returns: (transfer full) (nullable): the hypothesis it suggests: its root
 *   cause, with the way back to it ("… (seen before: incident 12, Nov 28)"),
 *   or %NULL when it has no root cause
 */
char *
ic_similar_dup_hypothesis (IcSimilar *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (IC_IS_SIMILAR (self), NULL);

  if (*self->root_cause == '\0')
    return NULL;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->incident_id);
  when = g_date_time_new_from_unix_local (self->alert_time / G_USEC_PER_SEC);
  date = g_date_time_format (when, "%b %d");
  /* Translators: a hypothesis taken from a past incident: its root cause, then
   * "(seen before: incident 12, Nov 28)" */
  return g_strdup_printf (_("%s (seen before: incident %s, %s)"), self->root_cause, id, date);
}

/* Words every incident has, which say nothing of this one. */
static const char * const stop_words[] = {
  "the", "and", "for", "with", "from", "was", "are", "not", "but", "all", "any", "this", "that",
  "its", "our", "has", "have", "had", "you", "into", "than", "then", "there", "when", "what",
  "who", "why", "how", "off", "out", "too", "very", "can", "may", "one", "two", "incident",
  NULL
};

/**
 * ic_similar_build_query:
 * @texts: what this incident says
 *
 * Returns: (transfer full) (nullable): an FTS5 query matching any of their
 *   words of three or more letters (each once, at most 48, common English
 *   words left out), or %NULL when there is none
 */
char *
ic_similar_build_query (const char * const *texts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *query = g_string_new (NULL);

  for (guint t = 0; texts != NULL && texts[t] != NULL; t++)
    {
      g_autofree char *folded = g_utf8_casefold (texts[t], -1);
      GString *word = g_string_new (NULL);

      for (const char *p = folded;; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c != 0 && g_unichar_isalnum (c))
            {
              g_string_append_unichar (word, c);
              continue;
            }
          if (g_utf8_strlen (word->str, -1) >= 3 && g_hash_table_size (seen) < 48
              && !g_hash_table_contains (seen, word->str)
              && !g_strv_contains (stop_words, word->str))
            {
              g_hash_table_add (seen, g_strdup (word->str));
              if (query->len > 0)
                g_string_append (query, " OR ");
              /* Quoted: a word is never an FTS5 operator. */
              g_string_append_printf (query, "\"%s\"", word->str);
            }
          g_string_truncate (word, 0);
          if (c == 0)
            break;
        }
      g_string_free (word, TRUE);
    }
  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

/* The best match per index and incident (FTS5's rank, bm25), summed;
 * drills and this incident left out. The timeline's index is keyed by
 * incident: its rowid shifted right is the incident's id (schema v6);
 * search_timeline has the events whose ids do not fit that key. */
#define SIMILAR_SQL \
  "WITH hits (id, rank) AS (" \
  "  SELECT rowid, rank FROM search_incidents WHERE search_incidents MATCH ?1" \
  "  UNION ALL SELECT rowid >> 32, MIN(rank) FROM search_events" \
  "    WHERE search_events MATCH ?1 GROUP BY rowid >> 32" \
  "  UNION ALL SELECT t.incident_id, MIN(m.rank) FROM" \
  "    (SELECT rowid, rank FROM search_timeline WHERE search_timeline MATCH ?1) m" \
  "    JOIN timeline t ON t.id = m.rowid GROUP BY t.incident_id" \
  "  UNION ALL SELECT h.incident_id, MIN(m.rank) FROM" \
  "    (SELECT rowid, rank FROM search_hypotheses WHERE search_hypotheses MATCH ?1) m" \
  "    JOIN hypotheses h ON h.id = m.rowid GROUP BY h.incident_id" \
  "  UNION ALL SELECT rowid, rank FROM search_postmortem WHERE search_postmortem MATCH ?1)" \
  " SELECT i.id, i.title, i.alert_time, COALESCE(i.resolved_at - i.alert_time, 0)," \
  "  COALESCE(NULLIF(p.root_cause, ''), (SELECT text FROM hypotheses" \
  "    WHERE incident_id = i.id AND status = 'confirmed' ORDER BY rank LIMIT 1), '')," \
  "  COALESCE(p.detection_gap, '')," \
  "  COALESCE((SELECT description FROM changes WHERE incident_id = i.id" \
  "    AND rolled_back_at IS NOT NULL ORDER BY rolled_back_at LIMIT 1)," \
  "   (SELECT text FROM actions WHERE incident_id = i.id AND state = 'taken'" \
  "    ORDER BY taken_at LIMIT 1), '')" \
  " FROM hits JOIN incidents i ON i.id = hits.id" \
  " LEFT JOIN postmortem p ON p.incident_id = i.id" \
  " WHERE i.id != ?2 AND i.drill = 0" \
  " GROUP BY i.id ORDER BY SUM(hits.rank), i.id DESC LIMIT ?3"

typedef struct
{
  char      *path;
  char      *query;
  gint64     incident_id;
  GPtrArray *found;   /* IcSimilar */
} Find;

static void
find_free (Find *find)
{
  g_free (find->path);
  g_free (find->query);
  g_clear_pointer (&find->found, g_ptr_array_unref);
  g_free (find);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? text : "";
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Find *find = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int rc;

  rc = _ic_store_open_reader (find->path, cancellable, &db);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, SIMILAR_SQL, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, find->query, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, find->incident_id);
      sqlite3_bind_int (stmt, 3, IC_SIMILAR_MAX);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          IcSimilar *similar = g_object_new (IC_TYPE_SIMILAR, NULL);

          similar->incident_id = sqlite3_column_int64 (stmt, 0);
          similar->title = g_strdup (column_text (stmt, 1));
          similar->alert_time = sqlite3_column_int64 (stmt, 2);
          similar->duration = MAX (sqlite3_column_int64 (stmt, 3), 0);
          similar->root_cause = g_strdup (column_text (stmt, 4));
          similar->detection_gap = g_strdup (column_text (stmt, 5));
          similar->fix = g_strdup (column_text (stmt, 6));
          g_ptr_array_add (find->found, similar);
        }
    }
  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) && rc != SQLITE_DONE)
    g_set_error (&error, IC_STORE_ERROR, IC_STORE_ERROR_FAILED,
                 _("Cannot look for similar incidents: %s"),
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* What @incident says, for the query. */
static GStrv
texts_of (IcStore    *store,
          IcIncident *incident)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  GListModel *hypotheses = ic_store_get_hypotheses (store, incident);
  g_autofree char *notes = NULL;

  g_object_get (incident, "notes", &notes, NULL);
  g_strv_builder_add (texts, ic_incident_get_title (incident));
  g_strv_builder_add (texts, ic_incident_get_service (incident));
  g_strv_builder_add (texts, notes ? notes : "");
  for (guint i = 0; hypotheses != NULL && i < g_list_model_get_n_items (hypotheses); i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);
      GListModel *evidence = ic_store_get_evidence (store, hypothesis);

      g_strv_builder_add (texts, ic_hypothesis_get_text (hypothesis));
      for (guint j = 0; evidence != NULL && j < g_list_model_get_n_items (evidence); j++)
        {
          g_autoptr(IcEvidence) item = g_list_model_get_item (evidence, j);

          g_strv_builder_add (texts, ic_evidence_get_text (item));
        }
    }
  return g_strv_builder_end (texts);
}

/**
 * ic_store_find_similar_async:
 * @incident: the incident to find others like
 * @cancellable: (nullable): cancels the look-up (the incident changed again)
 *
 * Looks for up to %IC_SIMILAR_MAX past incidents like @incident (never a
 * drill, never itself), off the main thread.
 */
void
ic_store_find_similar_async (IcStore             *store,
                             IcIncident          *incident,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = NULL;
  Find *find;

  g_return_if_fail (IC_IS_STORE (store));
  g_return_if_fail (IC_IS_INCIDENT (incident));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_store_find_similar_async);
  find = g_new0 (Find, 1);
  find->path = g_strdup (ic_store_get_path (store));
  find->incident_id = ic_incident_get_id (incident);
  find->found = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, find, (GDestroyNotify) find_free);
  if (!_ic_store_ensure_open (store, &error) || !ic_store_flush (store, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  texts = texts_of (store, incident);
  find->query = ic_similar_build_query ((const char * const *) texts);
  if (find->query == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_run_in_thread (task, find_thread);
}

/**
 * ic_store_find_similar_finish:
 *
 * Returns: (transfer full) (nullable): the similar incidents (#IcSimilar),
 *   closest first, or %NULL with an error (%G_IO_ERROR_CANCELLED when
 *   cancelled)
 */
GListModel *
ic_store_find_similar_finish (IcStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  GListStore *found;
  Find *find;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  find = g_task_get_task_data (G_TASK (result));
  found = g_list_store_new (IC_TYPE_SIMILAR);
  g_list_store_splice (found, 0, 0, find->found->pdata, find->found->len);
  return G_LIST_MODEL (found);
}
