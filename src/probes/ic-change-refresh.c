/* ic-change-refresh.c — an incident's changes, read from its change sources
 *
 * When an incident opens (and on demand) every source of its service is
 * read for the window before the alert: git repositories in a worker
 * thread each, deployment feeds over HTTP (libsoup, asynchronous), with
 * their Authorization from the keyring. What each read is merged into
 * the incident's changes on the main thread as it arrives (one change per
 * source and revision, however often read), and how the read went is kept
 * on the source: a source that fails says why there and stops nothing
 * else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-refresh"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-change-feed.h"
#include "ic-change-git.h"
#include "ic-http.h"
#include "ic-change-refresh.h"
#include "ic-probe-secret.h"
#include "ic-store-change-sources.h"

typedef struct
{
  IcStore     *store;
  IcIncident  *incident;
  GObject     *session;   /* ic-http.h's */
  guint        pending;
  guint        n_read;
  guint        n_added;
  gboolean     returned;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->store);
  g_clear_object (&refresh->incident);
  g_clear_object (&refresh->session);
  g_free (refresh);
}

/* One source's read, in its worker thread or on its way back. */
typedef struct
{
  GTask          *task;     /* the whole refresh */
  IcChangeSource *source;
  gint64          since_us;
  gint64          until_us;
  GPtrArray      *drafts;
  char           *note;
} SourceRead;

static void
source_read_free (SourceRead *read)
{
  g_clear_object (&read->task);
  ic_change_source_free (read->source);
  g_clear_pointer (&read->drafts, g_ptr_array_unref);
  g_free (read->note);
  g_free (read);
}

/* One source less to wait for; the refresh ends with the last, or at
 * once when it is cancelled. */
static void
finish_one (GTask *task)
{
  Refresh *refresh = g_task_get_task_data (task);

  refresh->pending--;
  if (refresh->returned)
    return;
  if (g_task_return_error_if_cancelled (task))
    refresh->returned = TRUE;
  else if (refresh->pending == 0)
    {
      refresh->returned = TRUE;
      g_task_return_boolean (task, TRUE);
    }
}

/* A source's read is back: its changes merged, its status kept. */
static void
source_done (SourceRead   *read,
             const GError *read_error)
{
  Refresh *refresh = g_task_get_task_data (read->task);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = ic_change_source_dup_name (read->source);
  g_autofree char *status = NULL;
  gboolean failed = TRUE;
  guint added = 0;

  if (refresh->returned || g_cancellable_is_cancelled (g_task_get_cancellable (read->task)))
    {
      finish_one (read->task);
      return;
    }
  if (read_error != NULL)
    status = g_strdup (read_error->message);
  else if (!ic_store_merge_changes (refresh->store, refresh->incident, name, read->drafts,
                                    &added, &error))
    status = g_strdup (error->message);
  else
    {
      /* Translators: how a change source's last read went, e.g. "4 changes in the window, 1 new." */
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change in the window, %u new.",
                                             "%u changes in the window, %u new.",
                                             read->drafts->len),
                                read->drafts->len, added);
      if (read->note != NULL)
        {
          g_autofree char *plain = g_steal_pointer (&status);

          status = g_strconcat (plain, " ", read->note, NULL);
        }
      refresh->n_read += read->drafts->len;
      refresh->n_added += added;
      failed = FALSE;
    }
  g_clear_error (&error);
  if (!ic_store_set_change_source_status (refresh->store, read->source->id, failed, status,
                                          &error))
    g_debug ("Cannot keep how %s was read: %s", name, error->message);
  finish_one (read->task);
}

static void
git_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SourceRead *read = task_data;
  GError *error = NULL;

  read->drafts = ic_change_git_read (read->source, read->since_us, read->until_us, cancellable,
                                     &read->note, &error);
  if (read->drafts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
git_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SourceRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  source_done (read, error);
}

static void
feed_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SourceRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->drafts = ic_change_feed_read_finish (result, &error);
  source_done (read, error);
  source_read_free (read);
}

static void
read_feed (SourceRead *read,
           const char *authorization)
{
  Refresh *refresh = g_task_get_task_data (read->task);
  g_autoptr(GObject) session = refresh->session != NULL ? g_object_ref (refresh->session)
                                                         : ic_http_session_new (0);

  ic_change_feed_read_async (session, read->source, authorization, read->since_us,
                             read->until_us, g_task_get_cancellable (read->task), feed_done_cb,
                             read);
}

/* The feed's Authorization, from the keyring, then the feed. */
static void
authorization_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SourceRead *read = user_data;
  g_autoptr(GError) error = NULL;
  char *authorization = ic_probe_secret_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_autoptr(GError) said = g_error_new (error->domain, error->code,
                                            /* Translators: %s says why the keyring failed */
                                            _("The feed’s Authorization cannot be read from the "
                                              "keyring: %s"), error->message);

      source_done (read, said);
      source_read_free (read);
      return;
    }
  read_feed (read, authorization);
  ic_probe_secret_free (authorization);
}

static void
read_source (GTask                *task,
             const IcChangeSource *source,
             gint64                since_us,
             gint64                until_us)
{
  SourceRead *read = g_new0 (SourceRead, 1);
  g_autoptr(GTask) worker = NULL;

  read->task = g_object_ref (task);
  read->source = ic_change_source_copy (source);
  read->since_us = since_us;
  read->until_us = until_us;
  if (source->kind == IC_CHANGE_SOURCE_FEED)
    {
      if (source->secret_ref != NULL)
        ic_probe_secret_lookup_async (source->secret_ref, g_task_get_cancellable (task),
                                      authorization_cb, read);
      else
        read_feed (read, NULL);
      return;
    }
  worker = g_task_new (NULL, g_task_get_cancellable (task), git_done_cb, NULL);
  g_task_set_source_tag (worker, read_source);
  g_task_set_task_data (worker, read, (GDestroyNotify) source_read_free);
  g_task_run_in_thread (worker, git_thread);
}

/**
 * ic_change_sources_refresh_async:
 * @session: (nullable): for deployment feeds
 *
 * Reads every change source of @incident's service (and those for every
 * service) for its window before the alert (before the incident's start
 * when it has no alert time) up to now, merging what each finds into
 * @incident's changes as it comes. A source that cannot be read records
 * why (ic_store_list_change_sources() shows it) and does not fail the
 * refresh.
 */
void
ic_change_sources_refresh_async (IcStore             *store,
                                 IcIncident          *incident,
                                 GObject             *session,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  Refresh *refresh;
  gint64 from, now;

  g_return_if_fail (IC_IS_STORE (store));
  g_return_if_fail (IC_IS_INCIDENT (incident));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_change_sources_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->store = g_object_ref (store);
  refresh->incident = g_object_ref (incident);
  refresh->session = session != NULL ? g_object_ref (session) : NULL;
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);

  sources = ic_store_list_change_sources (store, ic_incident_get_service (incident), &error);
  if (sources == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (sources->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  now = ic_clock_get_now (ic_store_get_clock (store));
  from = ic_incident_get_alert_time (incident) != 0 ? ic_incident_get_alert_time (incident)
                                                    : ic_incident_get_created_at (incident);
  refresh->pending = sources->len;
  for (guint i = 0; i < sources->len; i++)
    {
      const IcChangeSource *source = sources->pdata[i];
      gint64 since = from - (gint64) source->window_minutes * 60 * G_USEC_PER_SEC;

      read_source (task, source, since, MAX (now, from));
    }
}

/**
 * ic_change_sources_refresh_finish:
 * @n_read: (out) (optional): changes the sources had in the window
 * @n_added: (out) (optional): of those, the ones new to the incident
 *
 * Returns: %FALSE with @error set when the sources could not be listed or
 *   the refresh was cancelled; a source that failed is no error here
 */
gboolean
ic_change_sources_refresh_finish (IcStore       *store,
                                  GAsyncResult  *result,
                                  guint         *n_read,
                                  guint         *n_added,
                                  GError       **error)
{
  Refresh *refresh;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  refresh = g_task_get_task_data (G_TASK (result));
  if (n_read != NULL)
    *n_read = refresh->n_read;
  if (n_added != NULL)
    *n_added = refresh->n_added;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * ic_change_sources_refresh_sync:
 *
 * ic_change_sources_refresh_async(), waiting for it: for the command line,
 * which has no window to keep responsive.
 */
gboolean
ic_change_sources_refresh_sync (IcStore     *store,
                                IcIncident  *incident,
                                GObject     *session,
                                guint       *n_added,
                                GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_main_context_push_thread_default (context);
  ic_change_sources_refresh_async (store, incident, session, NULL, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = ic_change_sources_refresh_finish (store, result, NULL, n_added, error);
  g_main_context_pop_thread_default (context);
  return ok;
}
