/* ic-probe-redis-connection.c — one Redis connection of a probe check
 *
 * hiredis 0.14 resolves host names with a blocking call and has no async
 * timeouts, so the host is resolved with GResolver first, the connection is
 * made by address, and one main-loop timer bounds the whole run. The GLib
 * adapter is a bare GSource that we attach and destroy ourselves. The async
 * context is only ever freed from our own idle callback (never from inside
 * hiredis' callbacks), and that same idle returns the task, so the caller's
 * callback never runs inside hiredis either.
 *
 * What is sent once the connection is up belongs to the check that started
 * the run (IcRedisRunStart): ic-probe-redis.c for a node, ic-probe-redis-
 * cluster.c for a cluster's seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <hiredis/adapters/glib.h>

#include "ic-probe-redis-connection-private.h"

/* "ERR max number of clients reached"; a cluster node says "ERR max number
 * of clients + cluster connections reached". */
#define MAXCLIENTS_REACHED "max number of clients"

struct _IcRedisRun
{
  gatomicrefcount     ref_count;

  GTask              *task;
  GMainContext       *context;
  IcRedisTarget       target;     /* strings owned */
  IcProbeOptions      options;
  IcRedisRunStart     start;
  gpointer            check;
  GDestroyNotify      check_free;

  GCancellable       *inner;      /* stops the resolver on completion */
  GCancellable       *outer;
  GSource            *cancel_source;
  GSource            *deadline;
  GSource            *teardown;

  GStrv               addresses;  /* what the host name resolved to */
  guint               next_address;
  gboolean            retry;      /* the connection failed: try the next address */
  GSource            *retry_source;
  GString            *tried;      /* "::1: Connection refused" of the addresses before */

  redisAsyncContext  *ac;         /* NULL once hiredis or we freed it */
  GSource            *redis_source;

  gint64              started;    /* monotonic µs */
  guint               replies;    /* replies seen so far */
  gboolean            detached;   /* the check is done with the connection */

  gboolean            finished;
  IcProbeSample      *result;     /* NULL with finished: cancelled */
};

IcRedisRun *
_ic_redis_run_ref (IcRedisRun *run)
{
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

static void
forget_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

void
_ic_redis_run_unref (IcRedisRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;
  g_assert (run->ac == NULL);
  g_assert (run->redis_source == NULL);
  if (run->check_free != NULL)
    run->check_free (run->check);
  g_clear_object (&run->task);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free ((char *) run->target.host);
  g_free ((char *) run->target.user);
  forget_secret ((char **) &run->target.password);
  g_strfreev (run->addresses);
  if (run->tried != NULL)
    g_string_free (run->tried, TRUE);
  g_clear_object (&run->inner);
  g_clear_object (&run->outer);
  g_clear_pointer (&run->result, ic_probe_sample_free);
  g_free (run);
}

gpointer
_ic_redis_run_get_check (IcRedisRun *run)
{
  return run->check;
}

const IcRedisTarget *
_ic_redis_run_get_target (IcRedisRun *run)
{
  return &run->target;
}

const IcProbeOptions *
_ic_redis_run_get_options (IcRedisRun *run)
{
  return &run->options;
}

/* Cancelled when the run completes, or when the caller cancels it. */
GCancellable *
_ic_redis_run_get_cancellable (IcRedisRun *run)
{
  return run->inner;
}

/* Completing --------------------------------------------------------------- */

static gboolean
teardown_cb (gpointer user_data)
{
  IcRedisRun *run = user_data;

  g_clear_pointer (&run->teardown, g_source_unref);
  /* Frees the context first (our cleanup hook clears run->ac and the
   * adapter's poll fd), then the source that watched it. Pending reply
   * callbacks run now with a NULL reply and see run->finished. */
  if (run->ac != NULL)
    redisAsyncFree (run->ac);
  g_assert (run->ac == NULL);
  _ic_probe_clear_source (&run->redis_source);

  if (run->result != NULL)
    g_task_return_pointer (run->task, g_steal_pointer (&run->result),
                           (GDestroyNotify) ic_probe_sample_free);
  else
    g_task_return_new_error (run->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The check was cancelled"));
  _ic_redis_run_unref (run);
  return G_SOURCE_REMOVE;
}

/* Ends the check with @sample (owned), or as cancelled when %NULL. Safe from
 * anywhere, including hiredis' callbacks: the work happens in an idle. */
void
_ic_redis_run_complete (IcRedisRun    *run,
                        IcProbeSample *sample)
{
  if (run->finished)
    {
      ic_probe_sample_free (sample);
      return;
    }
  run->finished = TRUE;
  run->result = sample;
  g_cancellable_cancel (run->inner);
  _ic_probe_clear_source (&run->deadline);
  _ic_probe_clear_source (&run->cancel_source);

  run->teardown = g_idle_source_new ();
  g_source_set_priority (run->teardown, G_PRIORITY_DEFAULT);
  g_source_set_callback (run->teardown, teardown_cb, _ic_redis_run_ref (run), NULL);
  g_source_set_static_name (run->teardown, "[ic] redis probe teardown");
  g_source_attach (run->teardown, run->context);
  _ic_probe_clear_source (&run->retry_source);
}

gint64
_ic_redis_run_elapsed (IcRedisRun *run)
{
  return g_get_monotonic_time () - run->started;
}

void
_ic_redis_run_fail (IcRedisRun   *run,
                    IcProbeState  state,
                    IcProbeError  kind,
                    const char   *detail)
{
  IcProbeSample *sample = _ic_probe_sample_new (state, _ic_redis_run_elapsed (run), detail);

  sample->has_error = TRUE;
  sample->error_kind = kind;
  _ic_redis_run_complete (run, sample);
}

/* hiredis reports I/O errors as strerror () text; map the common ones. */
static IcProbeError
classify_hiredis_error (int         err,
                        const char *errstr)
{
  static const int errnos[] = { ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH,
                                ECONNRESET, EPIPE };

  switch (err)
    {
    case REDIS_ERR_PROTOCOL:
      return IC_PROBE_ERROR_PROTOCOL;
    case REDIS_ERR_EOF:
      return IC_PROBE_ERROR_FAILED;
    case REDIS_ERR_IO:
      for (guint i = 0; i < G_N_ELEMENTS (errnos); i++)
        {
          if (errstr != NULL && strcmp (errstr, strerror (errnos[i])) == 0)
            {
              g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR,
                                                             g_io_error_from_errno (errnos[i]),
                                                             errstr);
              return ic_probe_error_classify (error);
            }
        }
      return IC_PROBE_ERROR_FAILED;
    default:
      return IC_PROBE_ERROR_FAILED;
    }
}

static void
complete_from_context (IcRedisRun              *run,
                       const redisAsyncContext *ac)
{
  /* The context's own error: ac->err is only copied from it later, after
   * the connect callback has run. */
  const char *errstr = ac->c.errstr;
  int err = ac->c.err;

  g_autofree char *detail = NULL;

  if (err == 0 || *errstr == '\0')
    errstr = _("The server closed the connection");
  /* "::1: Connection refused; 127.0.0.1: Connection refused" */
  if (run->tried != NULL && run->next_address > 0)
    detail = g_strdup_printf ("%s%s: %s", run->tried->str, run->addresses[run->next_address - 1],
                              errstr);
  _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, classify_hiredis_error (err, errstr),
                      detail ? detail : errstr);
}

static gboolean
deadline_cb (gpointer user_data)
{
  IcRedisRun *run = user_data;
  g_autofree char *detail = g_strdup_printf (_("Timed out after %u ms"), run->options.timeout_ms);

  _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TIMEOUT, detail);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  _ic_redis_run_complete (user_data, NULL);
  return G_SOURCE_REMOVE;
}

/* Talking to the server ----------------------------------------------------- */

/* The common part of every reply callback. Returns the reply when the
 * check goes on, %NULL when it has been completed (or already was). An
 * error reply is returned too: the caller decides what it means. */
redisReply *
_ic_redis_run_check_reply (IcRedisRun        *run,
                           redisAsyncContext *ac,
                           void              *reply_)
{
  redisReply *reply = reply_;
  gboolean first = run->replies++ == 0;

  if (run->finished)
    return NULL;
  if (reply == NULL)
    {
      complete_from_context (run, ac);
      return NULL;
    }
  /* At maxclients the TCP connect succeeds; the first reply says so. */
  if (first && reply->type == REDIS_REPLY_ERROR && reply->str != NULL
      && strstr (reply->str, MAXCLIENTS_REACHED) != NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("Saturated: %s"), reply->str);

      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_SATURATED, detail);
      return NULL;
    }
  return reply;
}

static IcProbeError
classify_error_reply (const char *text)
{
  if (g_str_has_prefix (text, "NOAUTH") || g_str_has_prefix (text, "WRONGPASS"))
    return IC_PROBE_ERROR_AUTH;
  return IC_PROBE_ERROR_PROTOCOL;
}

void
_ic_redis_run_fail_reply (IcRedisRun *run,
                          redisReply *reply)
{
  const char *text = reply->str ? reply->str : "";

  _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, classify_error_reply (text), text);
}

static void
auth_cb (redisAsyncContext *ac,
         void              *reply_,
         void              *privdata)
{
  IcRedisRun *run = privdata;
  redisReply *reply = _ic_redis_run_check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_AUTH,
                          reply->str ? reply->str : "");
      return;
    }
  run->start (run, ac);
}

/* What is left of the deadline, less a margin so that a node the check
 * goes on to ask and that does not answer shows up as its own timeout. */
guint
_ic_redis_run_remaining_ms (IcRedisRun *run)
{
  gint64 left = (gint64) run->options.timeout_ms - _ic_redis_run_elapsed (run) / 1000;

  left -= MIN (left / 10, 100);
  return (guint) CLAMP (left, 1, G_MAXUINT);
}

/* The check is done with the connection and completes the run later by
 * other means: hiredis closes @ac once the current reply callback returns,
 * and the cleanup hook knows not to report that as the server's doing. */
void
_ic_redis_run_detach (IcRedisRun        *run,
                      redisAsyncContext *ac)
{
  run->detached = TRUE;
  redisAsyncDisconnect (ac);
}

/* Notes a refused connection; returns whether another address is left. */
static gboolean
note_refused (IcRedisRun              *run,
              const redisAsyncContext *ac)
{
  if (run->addresses == NULL || run->addresses[run->next_address] == NULL
      || classify_hiredis_error (ac->c.err, ac->c.errstr) != IC_PROBE_ERROR_REFUSED)
    return FALSE;
  if (run->tried == NULL)
    run->tried = g_string_new (NULL);
  g_string_append_printf (run->tried, "%s: %s; ", run->addresses[run->next_address - 1],
                          ac->c.errstr);
  return TRUE;
}

static void
connect_cb (const redisAsyncContext *cac,
            int                      status)
{
  redisAsyncContext *ac = (redisAsyncContext *) cac;
  IcRedisRun *run = ac->data;

  if (run->finished)
    return;
  if (status != REDIS_OK)
    {
      /* A name with several addresses ("localhost": ::1 and 127.0.0.1)
       * may listen on only some: try the next one before giving up, as
       * any client would. hiredis frees the context itself after this;
       * the cleanup hook starts the next connection. */
      if (note_refused (run, ac))
        {
          run->retry = TRUE;
          return;
        }
      complete_from_context (run, ac);
      return;
    }
  if (run->target.password != NULL)
    {
      if (run->target.user != NULL && *run->target.user != '\0')
        redisAsyncCommand (ac, auth_cb, run, "AUTH %s %s", run->target.user,
                           run->target.password);
      else
        redisAsyncCommand (ac, auth_cb, run, "AUTH %s", run->target.password);
      return;
    }
  run->start (run, ac);
}

static void connect_to (IcRedisRun *run,
                        const char *ip);

static gboolean
retry_cb (gpointer user_data)
{
  IcRedisRun *run = user_data;

  g_clear_pointer (&run->retry_source, g_source_unref);
  /* The failed connection's context is gone (the cleanup hook ran); so
   * goes the source that watched it. */
  _ic_probe_clear_source (&run->redis_source);
  if (!run->finished)
    connect_to (run, run->addresses[run->next_address++]);
  return G_SOURCE_REMOVE;
}

/* The adapter's cleanup hook runs in every path that frees the context
 * (ours, a failed connect, a closed connection, a protocol error): chain
 * to it, then forget the context.
 *
 * When the connection failed, the context's error is the answer, and the
 * hook reports it itself: hiredis 0.14 runs it after the pending callbacks
 * got their NULL reply (they have reported the error already), but hiredis
 * 1.x runs it before them (src/async.c, __redisAsyncDisconnect), and a
 * generic "closed" here would win over the protocol error they were about
 * to report. The context and its error are still valid during the hook in
 * both. */
static void
redis_cleanup_hook (void *data)
{
  RedisSource *source = data;
  IcRedisRun *run = source->ac->data;

  redis_source_cleanup (data);
  /* The adapter's dispatch goes on to read after a write that freed the
   * context; clearing revents keeps it off the freed context. */
  source->poll_fd.revents = 0;
  run->ac = NULL;
  if (run->retry && !run->finished)
    {
      run->retry = FALSE;
      run->retry_source = g_idle_source_new ();
      g_source_set_callback (run->retry_source, retry_cb, _ic_redis_run_ref (run),
                             (GDestroyNotify) _ic_redis_run_unref);
      g_source_set_static_name (run->retry_source, "[ic] redis probe next address");
      g_source_attach (run->retry_source, run->context);
    }
  else if (!run->finished && !run->detached)
    complete_from_context (run, source->ac);
  _ic_redis_run_unref (run);
}

static void
connect_to (IcRedisRun *run,
            const char *ip)
{
  redisAsyncContext *ac = redisAsyncConnect (ip, run->target.port);

  if (ac == NULL)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED, _("Out of memory"));
      return;
    }
  if (ac->err != 0)
    {
      gboolean next = note_refused (run, ac);

      if (!next)
        complete_from_context (run, ac);
      redisAsyncFree (ac);
      if (next)
        connect_to (run, run->addresses[run->next_address++]);
      return;
    }
  ac->data = _ic_redis_run_ref (run);   /* dropped by the cleanup hook */
  run->ac = ac;
  run->redis_source = redis_source_new (ac);
  ac->ev.cleanup = redis_cleanup_hook;
  g_source_set_static_name (run->redis_source, "[ic] redis probe");
  g_source_attach (run->redis_source, run->context);
  /* Setting the connect callback also arms the write event that tells
   * when the connection is up. */
  redisAsyncSetConnectCallback (ac, connect_cb);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IcRedisRun *run = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autofree char *ip = NULL;

  if (run->finished)
    goto out;
  if (addresses == NULL)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, ic_probe_error_classify (error),
                          error->message);
      goto out;
    }
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (GList *l = addresses; l != NULL; l = l->next)
      {
        g_autofree char *text = g_inet_address_to_string (l->data);

        g_strv_builder_add (builder, text);
      }
    run->addresses = g_strv_builder_end (builder);
  }
  ip = g_strdup (run->addresses[run->next_address++]);
  connect_to (run, ip);

out:
  g_resolver_free_addresses (addresses);
  _ic_redis_run_unref (run);
}

/* Starting ------------------------------------------------------------------ */

/**
 * _ic_redis_run_start:
 * @target: whom to talk to
 * @options: (nullable): the deadline and thresholds; defaults from
 *   ic_probe_options_init(); its password, when set, wins over @target's
 * @start: sends the check's first command once connected
 * @check: (transfer full) (nullable): the check's state, for @start and the
 *   reply callbacks (_ic_redis_run_get_check())
 * @check_free: (nullable): frees @check with the run
 * @cancellable: (nullable): ends the run as cancelled
 *
 * Runs one check over one connection on the thread-default main context.
 * The task returns an IcProbeSample (every failure of the server is a
 * sample), or %G_IO_ERROR_CANCELLED; finish it with ic_probe_run_finish().
 */
void
_ic_redis_run_start (const IcRedisTarget  *target,
                     const IcProbeOptions *options,
                     IcRedisRunStart       start,
                     gpointer              check,
                     GDestroyNotify        check_free,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GResolver) resolver = NULL;
  IcProbeOptions defaults;
  IcRedisRun *run;

  g_return_if_fail (target != NULL && start != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (options == NULL)
    {
      ic_probe_options_init (&defaults);
      options = &defaults;
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ic_redis_run_start);
  g_task_set_name (task, "[ic] redis probe");

  run = g_new0 (IcRedisRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  run->task = g_object_ref (task);
  run->context = g_main_context_ref_thread_default ();
  run->target.host = g_strdup (target->host);
  run->target.port = target->port > 0 ? target->port : 6379;
  run->target.user = g_strdup (target->user);
  run->target.password = g_strdup (options->password != NULL ? options->password
                                                              : target->password);
  run->options = *options;
  _ic_probe_options_drop_strings (&run->options);
  run->start = start;
  run->check = check;
  run->check_free = check_free;
  run->inner = g_cancellable_new ();
  run->started = g_get_monotonic_time ();

  run->deadline = g_timeout_source_new (MAX (options->timeout_ms, 1));
  g_source_set_callback (run->deadline, deadline_cb, run, NULL);
  g_source_set_static_name (run->deadline, "[ic] redis probe deadline");
  g_source_attach (run->deadline, run->context);

  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->cancel_source, G_SOURCE_FUNC (cancelled_cb), run, NULL);
      g_source_attach (run->cancel_source, run->context);
    }

  if (target->host == NULL || *target->host == '\0')
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_DNS, _("No host name"));
      _ic_redis_run_unref (run);
      return;
    }
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, target->host, run->inner, resolved_cb,
                                   _ic_redis_run_ref (run));
  /* The initial reference now belongs to the teardown (or the resolver's
   * callback when it fails): drop ours. */
  _ic_redis_run_unref (run);
}
