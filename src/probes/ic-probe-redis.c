/* ic-probe-redis.c — the Redis probe: PING latency and connection utilisation
 *
 * hiredis 0.14 resolves host names with a blocking call and has no async
 * timeouts, so the host is resolved with GResolver first, the connection is
 * made by address, and one main-loop timer bounds the whole check. The GLib
 * adapter is a bare GSource that we attach and destroy ourselves. The async
 * context is only ever freed from our own idle callback (never from inside
 * hiredis' callbacks), and that same idle returns the task, so the caller's
 * callback never runs inside hiredis either.
 *
 * With ?cluster=1 the same run reads CLUSTER INFO and CLUSTER NODES from the
 * seed node and hands them to ic-probe-redis-cluster.c, which checks every
 * primary with a run of its own (RUN_NODE); the seed run's deadline and
 * cancellable still bound the whole check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <hiredis/adapters/glib.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "ic-probe-redis-private.h"

/* "ERR max number of clients reached"; a cluster node says "ERR max number
 * of clients + cluster connections reached". */
#define MAXCLIENTS_REACHED "max number of clients"

/* What a run does once connected (and authenticated). */
typedef enum
{
  RUN_SINGLE,   /* PING, INFO: one node's sample */
  RUN_NODE,     /* the same, plus the node's row of a cluster table */
  RUN_SEED,     /* CLUSTER INFO and NODES, then every primary */
} RunMode;

typedef struct
{
  gatomicrefcount     ref_count;

  GTask              *task;
  GMainContext       *context;
  char               *host;
  int                 port;
  char               *user;
  char               *password;
  int                 db;
  RunMode             mode;
  IcProbeOptions      options;

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
  gint64              ping_sent;
  gint64              ping_us;
  guint               replies;    /* replies seen so far */
  IcRedisInfo         info;
  char               *cluster_info;
  gboolean            detached;   /* RUN_SEED: done with the seed connection */

  gboolean            finished;
  IcProbeSample      *result;     /* NULL with finished: cancelled */
} Run;

static Run *
run_ref (Run *run)
{
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

static void
run_unref (Run *run)
{
  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;
  g_assert (run->ac == NULL);
  g_assert (run->redis_source == NULL);
  g_clear_object (&run->task);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run->host);
  g_strfreev (run->addresses);
  if (run->tried != NULL)
    g_string_free (run->tried, TRUE);
  g_free (run->user);
  if (run->password != NULL)
    memset (run->password, 0, strlen (run->password));
  g_free (run->password);
  g_clear_object (&run->inner);
  g_clear_object (&run->outer);
  _ic_redis_info_clear (&run->info);
  g_free (run->cluster_info);
  g_clear_pointer (&run->result, ic_probe_sample_free);
  g_free (run);
}

/* Completing --------------------------------------------------------------- */

static gboolean
teardown_cb (gpointer user_data)
{
  Run *run = user_data;

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
  run_unref (run);
  return G_SOURCE_REMOVE;
}

/* Ends the check with @sample (owned), or as cancelled when %NULL. Safe from
 * anywhere, including hiredis' callbacks: the work happens in an idle. */
static void
complete (Run           *run,
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
  g_source_set_callback (run->teardown, teardown_cb, run_ref (run), NULL);
  g_source_set_static_name (run->teardown, "[ic] redis probe teardown");
  g_source_attach (run->teardown, run->context);
  _ic_probe_clear_source (&run->retry_source);
}

static gint64
elapsed (Run *run)
{
  return g_get_monotonic_time () - run->started;
}

static void
complete_error (Run          *run,
                IcProbeState  state,
                IcProbeError  kind,
                const char   *detail)
{
  IcProbeSample *sample = _ic_probe_sample_new (state, elapsed (run), detail);

  sample->has_error = TRUE;
  sample->error_kind = kind;
  complete (run, sample);
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
complete_from_context (Run                     *run,
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
  complete_error (run, IC_PROBE_STATE_ERROR, classify_hiredis_error (err, errstr),
                  detail ? detail : errstr);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Run *run = user_data;
  g_autofree char *detail = g_strdup_printf (_("Timed out after %u ms"), run->options.timeout_ms);

  complete_error (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TIMEOUT, detail);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  complete (user_data, NULL);
  return G_SOURCE_REMOVE;
}

/* Evaluating ---------------------------------------------------------------- */

/* A cluster node's row. The client limit bounds clients and cluster bus
 * links together (REFERENCE B5), so both count towards its utilisation. */
static IcProbeNode *
node_row (Run *run)
{
  IcRedisInfo *info = &run->info;
  g_autofree char *address = g_strdup_printf ("%s:%d", run->host, run->port);
  IcProbeNode *node = ic_probe_node_new (address, info->role);
  /* Each count is at most IC_REDIS_MAX_COUNT (the parser refuses more):
   * the sum cannot overflow. */
  gint64 used = info->connected_clients + MAX (info->cluster_connections, 0);

  node->connected_clients = info->connected_clients;
  node->maxclients = info->maxclients;
  node->latency_us = run->ping_us;
  if (info->connected_clients >= 0 && info->maxclients > 0)
    {
      node->has_utilisation = TRUE;
      node->utilisation = 100.0 * (double) used / (double) info->maxclients;
    }
  return node;
}

static void
evaluate (Run *run)
{
  IcProbeSample *sample = _ic_probe_evaluate_redis (&run->info, run->ping_us, elapsed (run),
                                                    &run->options);

  /* A node whose answers make no sense has no row of figures. */
  if (run->mode == RUN_NODE && !sample->has_error)
    {
      sample->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
      g_ptr_array_add (sample->nodes, node_row (run));
    }
  complete (run, sample);
}

/* Talking to the server ----------------------------------------------------- */

/* The common part of every reply callback. Returns the reply when the
 * check goes on, %NULL when it has been completed (or already was). An
 * error reply is returned too: the caller decides what it means. */
static redisReply *
check_reply (Run               *run,
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

      complete_error (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_SATURATED, detail);
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

static void
complete_error_reply (Run        *run,
                      redisReply *reply)
{
  const char *text = reply->str ? reply->str : "";

  complete_error (run, IC_PROBE_STATE_FAILING, classify_error_reply (text), text);
}

static void
config_cb (redisAsyncContext *ac,
           void              *reply_,
           void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  /* Managed services disable CONFIG: the limit just stays unknown. */
  if (reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2
      && reply->element[1]->type == REDIS_REPLY_STRING)
    _ic_redis_info_parse_maxclients (&run->info, reply->element[1]->str,
                                     reply->element[1]->len);
  else if (reply->type == REDIS_REPLY_ERROR)
    g_debug ("CONFIG GET maxclients: %s", reply->str);
  evaluate (run);
}

static void
info_cb (redisAsyncContext *ac,
         void              *reply_,
         void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      complete_error_reply (run, reply);
      return;
    }
  if (reply->type == REDIS_REPLY_STRING)
    _ic_redis_parse_info (&run->info, reply->str, reply->len);
  if (run->info.maxclients < 0 && run->info.bad_figure == NULL)
    {
      redisAsyncCommand (ac, config_cb, run, "CONFIG GET maxclients");
      return;
    }
  evaluate (run);
}

static void
ping_cb (redisAsyncContext *ac,
         void              *reply_,
         void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  run->ping_us = g_get_monotonic_time () - run->ping_sent;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      complete_error_reply (run, reply);
      return;
    }
  if (reply->type != REDIS_REPLY_STATUS || g_strcmp0 (reply->str, "PONG") != 0)
    {
      g_autofree char *detail = g_strdup_printf (_("Unexpected answer to PING: %s"),
                                                 reply->str ? reply->str : "?");

      complete_error (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, detail);
      return;
    }
  redisAsyncCommand (ac, info_cb, run, "INFO");
}

static void
send_ping (Run               *run,
           redisAsyncContext *ac)
{
  run->ping_sent = g_get_monotonic_time ();
  redisAsyncCommand (ac, ping_cb, run, "PING");
}

static void
cluster_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Run *run = user_data;
  IcProbeSample *sample = _ic_probe_redis_cluster_check_finish (result, NULL);

  /* Cancelled or timed out meanwhile: the run is already complete. */
  if (sample != NULL)
    complete (run, sample);
  run_unref (run);
}

/* What is left of the deadline, less a margin so that a node that does not
 * answer shows up in the table as its own timeout. */
static guint
remaining_ms (Run *run)
{
  gint64 left = (gint64) run->options.timeout_ms - elapsed (run) / 1000;

  left -= MIN (left / 10, 100);
  return (guint) CLAMP (left, 1, G_MAXUINT);
}

static void
cluster_nodes_cb (redisAsyncContext *ac,
                  void              *reply_,
                  void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);
  IcProbeOptions options = run->options;
  IcRedisClusterSeed seed = { run->host, run->port, run->user, run->password,
                              run->cluster_info, NULL };

  if (reply == NULL)
    return;
  if (reply->type != REDIS_REPLY_STRING)
    {
      complete_error_reply (run, reply);
      return;
    }
  seed.cluster_nodes = reply->str;
  options.timeout_ms = remaining_ms (run);
  /* The seed connection is not needed any more; hiredis closes it once
   * this callback returns, and the cleanup hook knows not to complete. */
  run->detached = TRUE;
  redisAsyncDisconnect (ac);
  _ic_probe_redis_cluster_check_async (&seed, &options, run->inner, cluster_checked_cb,
                                       run_ref (run));
}

static void
cluster_info_cb (redisAsyncContext *ac,
                 void              *reply_,
                 void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      /* "ERR This instance has cluster support disabled", verbatim: the
       * seed is not a cluster node, so there is no cluster to check. */
      complete_error (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_PROTOCOL,
                      reply->str ? reply->str : "");
      return;
    }
  if (reply->type != REDIS_REPLY_STRING)
    {
      complete_error (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL,
                      _("Unexpected answer to CLUSTER INFO"));
      return;
    }
  run->cluster_info = g_strndup (reply->str, reply->len);
  redisAsyncCommand (ac, cluster_nodes_cb, run, "CLUSTER NODES");
}

static void
select_cb (redisAsyncContext *ac,
           void              *reply_,
           void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  /* "ERR DB index is out of range", verbatim: the target names a
   * database this server does not have. */
  if (reply->type == REDIS_REPLY_ERROR)
    complete_error_reply (run, reply);
  else
    send_ping (run, ac);
}

/* The commands after the connection (and AUTH) are up. */
static void
start_commands (Run               *run,
                redisAsyncContext *ac)
{
  if (run->mode == RUN_SEED)
    redisAsyncCommand (ac, cluster_info_cb, run, "CLUSTER INFO");
  else if (run->mode == RUN_SINGLE && run->db > 0)
    /* The database the application uses must exist (a cluster has only 0). */
    redisAsyncCommand (ac, select_cb, run, "SELECT %d", run->db);
  else
    send_ping (run, ac);
}

static void
auth_cb (redisAsyncContext *ac,
         void              *reply_,
         void              *privdata)
{
  Run *run = privdata;
  redisReply *reply = check_reply (run, ac, reply_);

  if (reply == NULL)
    return;
  if (reply->type == REDIS_REPLY_ERROR)
    {
      complete_error (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_AUTH,
                      reply->str ? reply->str : "");
      return;
    }
  start_commands (run, ac);
}

/* Notes a refused connection; returns whether another address is left. */
static gboolean
note_refused (Run                     *run,
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
  Run *run = ac->data;

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
  if (run->password != NULL)
    {
      if (run->user != NULL && *run->user != '\0')
        redisAsyncCommand (ac, auth_cb, run, "AUTH %s %s", run->user, run->password);
      else
        redisAsyncCommand (ac, auth_cb, run, "AUTH %s", run->password);
      return;
    }
  start_commands (run, ac);
}

static void connect_to (Run        *run,
                        const char *ip);

static gboolean
retry_cb (gpointer user_data)
{
  Run *run = user_data;

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
  Run *run = source->ac->data;

  redis_source_cleanup (data);
  /* The adapter's dispatch goes on to read after a write that freed the
   * context; clearing revents keeps it off the freed context. */
  source->poll_fd.revents = 0;
  run->ac = NULL;
  if (run->retry && !run->finished)
    {
      run->retry = FALSE;
      run->retry_source = g_idle_source_new ();
      g_source_set_callback (run->retry_source, retry_cb, run_ref (run),
                             (GDestroyNotify) run_unref);
      g_source_set_static_name (run->retry_source, "[ic] redis probe next address");
      g_source_attach (run->retry_source, run->context);
    }
  else if (!run->finished && !run->detached)
    complete_from_context (run, source->ac);
  run_unref (run);
}

static void
connect_to (Run        *run,
            const char *ip)
{
  redisAsyncContext *ac = redisAsyncConnect (ip, run->port);

  if (ac == NULL)
    {
      complete_error (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED,
                      _("Out of memory"));
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
  ac->data = run_ref (run);   /* dropped by the cleanup hook */
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
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autofree char *ip = NULL;

  if (run->finished)
    goto out;
  if (addresses == NULL)
    {
      complete_error (run, IC_PROBE_STATE_ERROR, ic_probe_error_classify (error),
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
  run_unref (run);
}

/* Starting ------------------------------------------------------------------ */

static void
start_run (const IcProbeSpec    *spec,
           const IcProbeOptions *options,
           RunMode               mode,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GResolver) resolver = NULL;
  IcProbeOptions defaults;
  Run *run;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (options == NULL)
    {
      ic_probe_options_init (&defaults);
      options = &defaults;
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, start_run);
  g_task_set_name (task, "[ic] redis probe");

  run = g_new0 (Run, 1);
  g_atomic_ref_count_init (&run->ref_count);
  run->task = g_object_ref (task);
  run->context = g_main_context_ref_thread_default ();
  run->host = g_strdup (spec->host);
  run->port = spec->port > 0 ? spec->port : 6379;
  run->user = g_strdup (spec->user);
  run->db = spec->db;
  run->password = g_strdup (options->password != NULL ? options->password : spec->password);
  run->mode = mode;
  run->options = *options;
  _ic_probe_options_drop_strings (&run->options);
  run->inner = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  run->ping_us = -1;
  _ic_redis_info_init (&run->info);

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

  if (spec->host == NULL || *spec->host == '\0')
    {
      complete_error (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_DNS, _("No host name"));
      run_unref (run);
      return;
    }
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, spec->host, run->inner, resolved_cb, run_ref (run));
  /* The initial reference now belongs to the teardown (or the resolver's
   * callback when it fails): drop ours. */
  run_unref (run);
}

/* Cluster seeds ---------------------------------------------------------------
 *
 * A cluster can be read from any of its nodes. When the target node does
 * not take the connection (refused, or its name does not resolve), the
 * check goes on to the seeds the target lists (?seeds=…) and then to the
 * nodes the last good check of the same target saw, within the same
 * deadline, as a cluster-aware client would.
 */

static GMutex      learned_lock;
static GHashTable *learned;   /* "host:port" of a target → GStrv of node addresses */

static void
learn_nodes (const char          *target,
             const IcProbeSample *sample)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (sample->nodes == NULL || sample->nodes->len == 0)
    return;
  for (guint i = 0; i < sample->nodes->len; i++)
    g_strv_builder_add (builder, ((IcProbeNode *) g_ptr_array_index (sample->nodes, i))->address);
  g_mutex_lock (&learned_lock);
  if (learned == NULL)
    learned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_hash_table_replace (learned, g_strdup (target), g_strv_builder_end (builder));
  g_mutex_unlock (&learned_lock);
}

typedef struct
{
  char           *user;
  char           *password;
  IcProbeOptions  options;
  GPtrArray      *candidates;   /* "host:port", the target's first */
  GHashTable     *seen;         /* the candidates, borrowed: each once */
  guint           next;
  gint64          started;
  GString        *skipped;      /* the seeds that did not answer, and why */
} SeedWalk;

static void
seed_walk_free (SeedWalk *walk)
{
  g_free (walk->user);
  if (walk->password != NULL)
    memset (walk->password, 0, strlen (walk->password));
  g_free (walk->password);
  g_hash_table_unref (walk->seen);
  g_ptr_array_unref (walk->candidates);
  g_string_free (walk->skipped, TRUE);
  g_free (walk);
}

static void
add_candidate (SeedWalk   *walk,
               const char *address)
{
  char *copy;

  if (g_hash_table_contains (walk->seen, address))
    return;
  copy = g_strdup (address);
  g_ptr_array_add (walk->candidates, copy);
  g_hash_table_add (walk->seen, copy);
}

static void walk_next (GTask *task);

static gboolean
worth_another_seed (const IcProbeSample *sample)
{
  /* Only what says "not this node": anything later (AUTH, a cluster that
   * is down) is the cluster's answer, and a timeout has used the time. */
  return sample->has_error && sample->nodes == NULL
         && (sample->error_kind == IC_PROBE_ERROR_REFUSED
             || sample->error_kind == IC_PROBE_ERROR_DNS);
}

static void
seed_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedWalk *walk = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  IcProbeSample *sample = g_task_propagate_pointer (G_TASK (result), &error);
  const char *tried = g_ptr_array_index (walk->candidates, walk->next - 1);
  gint64 left_ms = (gint64) walk->options.timeout_ms
                   - (g_get_monotonic_time () - walk->started) / 1000;

  if (sample == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (worth_another_seed (sample) && walk->next < walk->candidates->len && left_ms > 0)
    {
      g_string_append_printf (walk->skipped, "%s%s (%s)", walk->skipped->len ? "; " : "", tried,
                              sample->detail);
      ic_probe_sample_free (sample);
      walk_next (task);
      return;
    }
  if (walk->skipped->len > 0)
    {
      /* Translators: "Seed 127.0.0.1:7000 (Connection refused) did not answer; read the
       * cluster from 127.0.0.1:7001 · " before the cluster's summary */
      g_autofree char *detail = g_strdup_printf (_("Seed %s did not answer; read the cluster "
                                                   "from %s · %s"),
                                                 walk->skipped->str, tried, sample->detail);

      g_free (sample->detail);
      sample->detail = g_steal_pointer (&detail);
    }
  if (sample->nodes != NULL)
    learn_nodes (g_ptr_array_index (walk->candidates, 0), sample);
  g_task_return_pointer (task, sample, (GDestroyNotify) ic_probe_sample_free);
}

static void
walk_next (GTask *task)
{
  SeedWalk *walk = g_task_get_task_data (task);
  g_autofree char *host = g_strdup (g_ptr_array_index (walk->candidates, walk->next));
  char *colon = strrchr (host, ':');
  IcProbeOptions options = walk->options;
  IcProbeSpec spec = { 0 };
  gint64 used_ms = (g_get_monotonic_time () - walk->started) / 1000;

  walk->next++;
  *colon = '\0';
  spec.kind = IC_PROBE_KIND_REDIS;
  spec.host = host;
  spec.port = atoi (colon + 1);
  spec.user = walk->user;
  spec.cluster = TRUE;
  options.password = walk->password;
  options.timeout_ms = (guint) MAX ((gint64) walk->options.timeout_ms - used_ms, 1);
  start_run (&spec, &options, RUN_SEED, g_task_get_cancellable (task), seed_done_cb,
             g_object_ref (task));
}

static void
walk_seeds_async (const IcProbeSpec    *spec,
                  const IcProbeOptions *options,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *target = NULL;
  SeedWalk *walk = g_new0 (SeedWalk, 1);
  IcProbeOptions defaults;
  GStrv seen;

  if (options == NULL)
    {
      ic_probe_options_init (&defaults);
      options = &defaults;
    }
  g_task_set_source_tag (task, walk_seeds_async);
  g_task_set_name (task, "[ic] redis cluster seeds");
  walk->user = g_strdup (spec->user);
  walk->password = g_strdup (options->password != NULL ? options->password : spec->password);
  walk->options = *options;
  _ic_probe_options_drop_strings (&walk->options);
  walk->candidates = g_ptr_array_new_with_free_func (g_free);
  walk->seen = g_hash_table_new (g_str_hash, g_str_equal);
  walk->skipped = g_string_new (NULL);
  walk->started = g_get_monotonic_time ();
  target = g_strdup_printf ("%s:%d", spec->host ? spec->host : "",
                            spec->port > 0 ? spec->port : 6379);
  add_candidate (walk, target);
  for (guint i = 0; spec->seeds != NULL && spec->seeds[i] != NULL; i++)
    add_candidate (walk, spec->seeds[i]);
  g_mutex_lock (&learned_lock);
  seen = learned ? g_hash_table_lookup (learned, target) : NULL;
  for (guint i = 0; seen != NULL && seen[i] != NULL; i++)
    add_candidate (walk, seen[i]);
  g_mutex_unlock (&learned_lock);
  g_task_set_task_data (task, walk, (GDestroyNotify) seed_walk_free);
  walk_next (task);
}

/* Public (to the module) ----------------------------------------------------- */

void
_ic_probe_redis_run_async (const IcProbeSpec    *spec,
                           const IcProbeOptions *options,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_return_if_fail (spec != NULL);

  if (spec->cluster)
    walk_seeds_async (spec, options, cancellable, callback, user_data);
  else
    start_run (spec, options, RUN_SINGLE, cancellable, callback, user_data);
}

void
_ic_probe_redis_node_run_async (const IcProbeSpec    *spec,
                                const IcProbeOptions *options,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_return_if_fail (spec != NULL);

  start_run (spec, options, RUN_NODE, cancellable, callback, user_data);
}
