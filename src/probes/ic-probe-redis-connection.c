/* ic-probe-redis-connection.c — one Redis connection of a probe check
 *
 * The I/O is GIO's: GResolver for the name (an address is used as it
 * is), a non-blocking GSocket for each address (the next one is tried when
 * one refuses), and GTlsClientConnection for rediss://. A plain connection
 * is read and written on the GSocket itself, as soon as it is ready; a TLS
 * one through its pollable streams. hiredis does what it is best at: its
 * formatter writes the commands and its reader parses the replies. So the
 * same code runs on Debian's hiredis 0.14 (which has no TLS) and on 1.x,
 * and the commands a check queues at once leave in one write: AUTH,
 * SELECT, PING and INFO cost one round trip.
 *
 * One source of the run's own holds it: its ready time is the deadline of
 * the whole run, it watches a plain connection's socket, and it returns
 * the task once the run is complete (at the end of the dispatch that
 * completed it, or in the next one), so the caller's callback never runs
 * inside a reply callback. A probe costs a few main-loop wake-ups only, and
 * GLib wakes the loop each time a source's descriptors change: one source
 * for the whole exchange, rather than one per step, is what keeps a check
 * on loopback close to a bare hiredis connection. The TLS streams' sources
 * and the operations under way hold a reference too; they are destroyed
 * and cancelled (io) when the run completes or the check detaches.
 *
 * What is sent once the connection is up belongs to the check that started
 * the run (IcRedisRunStart): ic-probe-redis.c for a node, ic-probe-redis-
 * cluster.c for a cluster's seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-redis-connection-private.h"
#include "ic-probe-session-pool-private.h"

/* "ERR max number of clients reached"; a cluster node says "ERR max number
 * of clients + cluster connections reached". */
#define MAXCLIENTS_REACHED "max number of clients"

#define READ_SIZE 16384

struct _IcRedisRun
{
  gatomicrefcount     ref_count;

  GTask              *task;
  GMainContext       *context;
  IcRedisTarget       target;     /* strings owned */
  char               *ca_file;    /* owned; options.ca_file is dropped */
  IcProbeSessionPool *pool;       /* (nullable) owned: options.sessions, whose CA files
                                   * it shares; options.sessions borrows it */
  IcCaFileStamp       ca_stamp;   /* the version of the CA file read */
  IcProbeOptions      options;
  IcRedisRunStart     start;
  gpointer            check;
  GDestroyNotify      check_free;

  GCancellable       *inner;      /* (nullable) cancelled on completion; made when asked for */
  GCancellable       *io;         /* (nullable) the operations under way: on completion or detach */
  GCancellable       *outer;
  GSource            *cancel_source;
  GSource            *source;     /* the run's: deadline, plain socket, return of the task */
  gint64              deadline;   /* monotonic µs */

  GTlsDatabase       *database;   /* the CA file's, for TLS */
  char               *tls_peer;   /* (nullable): how a TLS failure names the server */
  GList              *addresses;  /* (element-type GInetAddress) what the host resolved to */
  GList              *next_address;
  GString            *tried;      /* "::1: Connection refused; " of the addresses before */

  GSocket            *socket;     /* while connecting, and the plain connection's */
  GSocket            *closing;    /* (nullable) the plain connection's, done with: closed once
                                   * the task has returned */
  gpointer            socket_tag; /* the socket in the run's source */
  GIOCondition        watched;    /* what the run's source waits for on it */
  GIOStream          *stream;     /* TLS: the TLS connection */
  GSource            *reading;    /* TLS: the stream is readable */
  GSource            *writing;    /* TLS: writable again, with some left to write */
  redisReader        *reader;     /* from the connection on */
  GString            *out;        /* formatted commands not yet written */
  GArray             *funcs;      /* (element-type IcRedisReplyFunc) one per command sent */
  guint               answered;   /* replies seen so far */
  gsize               received;   /* bytes read so far */

  gint64              started;    /* monotonic µs */
  gboolean            handshaking; /* TLS: waiting for the server's hello */
  gboolean            connecting; /* the socket is connecting */
  gboolean            detached;   /* the check is done with the connection */
  gboolean            dispatching; /* in the run's source: the task returns at its end */

  gboolean            finished;
  gboolean            returning;  /* finished, the task not returned yet */
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
  if (run->check_free != NULL)
    run->check_free (run->check);
  g_clear_object (&run->task);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free ((char *) run->target.host);
  g_free ((char *) run->target.tls_name);
  g_free (run->tls_peer);
  g_free ((char *) run->target.user);
  forget_secret ((char **) &run->target.password);
  g_free (run->ca_file);
  g_clear_object (&run->pool);
  g_clear_object (&run->database);
  g_list_free_full (run->addresses, g_object_unref);
  if (run->tried != NULL)
    g_string_free (run->tried, TRUE);
  g_clear_object (&run->socket);
  g_clear_object (&run->closing);
  g_clear_object (&run->stream);
  g_clear_pointer (&run->reader, redisReaderFree);
  if (run->out != NULL)
    {
      /* AUTH's password went through it. */
      memset (run->out->str, 0, run->out->allocated_len);
      g_string_free (run->out, TRUE);
    }
  g_clear_pointer (&run->funcs, g_array_unref);
  g_clear_object (&run->inner);
  g_clear_object (&run->io);
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

/* Cancelled when the run completes, or when the caller cancels it. Made
 * only for a check that asks: most never do. */
GCancellable *
_ic_redis_run_get_cancellable (IcRedisRun *run)
{
  if (run->inner == NULL)
    {
      run->inner = g_cancellable_new ();
      if (run->finished)
        g_cancellable_cancel (run->inner);
    }
  return run->inner;
}

/* For the resolver, the CA file and the TLS handshake: a plain connection
 * to an address needs none. */
static GCancellable *
get_io (IcRedisRun *run)
{
  if (run->io == NULL)
    run->io = g_cancellable_new ();
  return run->io;
}

/* Attaches @source on the run's context, calling @func with a reference to
 * the run that is dropped when the source is destroyed. */
static GSource *
watch (IcRedisRun  *run,
       GSource     *source,
       GSourceFunc  func,
       const char  *name)
{
  g_source_set_callback (source, func, _ic_redis_run_ref (run),
                         (GDestroyNotify) _ic_redis_run_unref);
  g_source_set_static_name (source, name);
  g_source_attach (source, run->context);
  return source;
}

/* Completing --------------------------------------------------------------- */

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  _ic_redis_run_unref (user_data);
}

/* The run's source stops watching the socket (before it closes, or when
 * TLS takes it over). */
static void
unwatch_socket (IcRedisRun *run)
{
  if (run->socket_tag == NULL)
    return;
  g_source_remove_unix_fd (run->source, g_steal_pointer (&run->socket_tag));
  run->watched = 0;
}

/* The run's source waits for @condition on the socket. */
static void
watch_socket (IcRedisRun   *run,
              GIOCondition  condition)
{
  if (run->socket_tag == NULL)
    run->socket_tag = g_source_add_unix_fd (run->source, g_socket_get_fd (run->socket),
                                            condition);
  else if (condition != run->watched)
    g_source_modify_unix_fd (run->source, run->socket_tag, condition);
  run->watched = condition;
}

/* Stops what is under way and closes the connection without waiting on
 * it: a TLS connection says goodbye on the way out. */
static void
close_stream (IcRedisRun *run)
{
  if (run->io != NULL)
    g_cancellable_cancel (run->io);
  _ic_probe_clear_source (&run->reading);
  _ic_probe_clear_source (&run->writing);
  unwatch_socket (run);
  if (run->socket != NULL)
    g_socket_close (run->socket, NULL);
  g_clear_object (&run->socket);
  if (run->stream == NULL)
    return;
  g_io_stream_close_async (run->stream, G_PRIORITY_DEFAULT, NULL, closed_cb,
                           _ic_redis_run_ref (run));
  g_clear_object (&run->stream);
}

/* Returns the task of a complete run. Nothing reads or writes the
 * connection any more; a plain one is closed after the task has returned,
 * so that the close (a seventh of a loopback check) does not delay the
 * answer. */
static void
return_task (IcRedisRun *run)
{
  /* The source held a reference: the caller's callback may drop the last
   * other one. */
  _ic_redis_run_ref (run);
  run->returning = FALSE;
  if (run->result != NULL)
    g_task_return_pointer (run->task, g_steal_pointer (&run->result),
                           (GDestroyNotify) ic_probe_sample_free);
  else
    g_task_return_new_error (run->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The check was cancelled"));
  /* Taking a socket out of the loop's set wakes the loop: after the
   * answer too. */
  _ic_probe_clear_source (&run->source);
  if (run->closing != NULL)
    g_socket_close (run->closing, NULL);
  g_clear_object (&run->closing);
  _ic_redis_run_unref (run);
}

/* Ends the check with @sample (owned), or as cancelled when %NULL. Safe from
 * anywhere, including reply callbacks: the task returns when the run's
 * source is dispatched next, or at the end of its dispatch under way. */
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
  run->returning = TRUE;
  run->result = sample;
  if (run->inner != NULL)
    g_cancellable_cancel (run->inner);
  /* A plain connection that is up: no longer read or written (the run's
   * source looks at its socket only while it has a tag), closed by
   * return_task(). Its fd leaves the loop's set with the source. */
  if (run->socket != NULL && !run->connecting)
    {
      run->closing = g_steal_pointer (&run->socket);
      run->socket_tag = NULL;
      run->watched = 0;
    }
  close_stream (run);
  _ic_probe_clear_source (&run->cancel_source);
  /* Setting a ready time wakes the loop: not needed from the source's own
   * dispatch, which returns the task as it ends. */
  if (!run->dispatching)
    g_source_set_ready_time (run->source, 0);
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
  IcProbeSample *sample;

  if (run->finished)
    return;
  sample = _ic_probe_sample_new (state, _ic_redis_run_elapsed (run), detail);
  sample->has_error = TRUE;
  sample->error_kind = kind;
  _ic_redis_run_complete (run, sample);
}

static void
time_out (IcRedisRun *run)
{
  /* A plain Redis port reads a TLS hello as the start of a command that
   * never ends, and says nothing. */
  g_autofree char *detail = run->handshaking
    ? g_strdup_printf (_("Timed out after %u ms in the TLS handshake: does the server speak TLS "
                         "on this port?"), run->options.timeout_ms)
    : g_strdup_printf (_("Timed out after %u ms"), run->options.timeout_ms);

  _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TIMEOUT, detail);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  _ic_redis_run_complete (user_data, NULL);
  return G_SOURCE_REMOVE;
}

/* GIO says "Could not connect to 127.0.0.1: Connection refused"; the
 * address is named by the detail already, so only the reason is kept. */
static const char *
connect_reason (const GError *error)
{
  const char *colon = g_strrstr (error->message, ": ");

  if (error->domain == G_IO_ERROR && colon != NULL && colon[2] != '\0')
    return colon + 2;
  return error->message;
}

/* A failure to reach or talk to the server, in its own words. A server
 * that expects TLS drops a plain connection before it answers anything. */
static void
fail_with_reason (IcRedisRun   *run,
                  IcProbeError  kind,
                  const char   *reason)
{
  g_autofree char *detail = NULL;

  if (run->reader != NULL && !run->target.tls && run->answered == 0)
    /* Translators: "The server closed the connection — does it expect TLS (rediss://)?" */
    detail = g_strdup_printf (_("%s — does it expect TLS (rediss://)?"), reason);
  _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, kind, detail ? detail : reason);
}

static void
fail_with_error (IcRedisRun   *run,
                 const GError *error)
{
  fail_with_reason (run, ic_probe_error_classify (error), error->message);
}

/* Talking to the server ----------------------------------------------------- */

static void
closed_by_server (IcRedisRun *run)
{
  fail_with_reason (run, IC_PROBE_ERROR_FAILED, _("The server closed the connection"));
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

static gboolean write_ready_cb (GObject  *stream,
                                gpointer  user_data);

/* Writes what was queued, as far as the socket takes it now; the rest when
 * it is writable again. What a check queues before it returns leaves in
 * one write. */
static void
flush (IcRedisRun *run)
{
  GPollableOutputStream *output = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (run->finished || run->detached || run->reader == NULL || run->writing != NULL
      || run->out->len == 0)
    return;
  if (run->stream != NULL)
    {
      output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (run->stream));
      n = g_pollable_output_stream_write_nonblocking (output, run->out->str, run->out->len, NULL,
                                                      &error);
    }
  else
    n = g_socket_send (run->socket, run->out->str, run->out->len, NULL, &error);
  if (n > 0)
    {
      memset (run->out->str, 0, (size_t) n);
      g_string_erase (run->out, 0, n);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      /* A server that refuses the connection (maxclients) answers and
       * closes at once, and writing to it fails: what it said is still
       * there to read, and the read decides. */
      g_debug ("Redis write: %s", error->message);
      memset (run->out->str, 0, run->out->len);
      g_string_truncate (run->out, 0);
    }
  if (run->stream == NULL)
    watch_socket (run, run->out->len > 0 ? G_IO_IN | G_IO_OUT : G_IO_IN);
  else if (run->out->len > 0)
    run->writing = watch (run, g_pollable_output_stream_create_source (output, NULL),
                          G_SOURCE_FUNC (write_ready_cb), "[ic] redis probe write");
}

static gboolean
write_ready_cb (GObject  *stream,
                gpointer  user_data)
{
  IcRedisRun *run = user_data;

  g_clear_pointer (&run->writing, g_source_unref);
  flush (run);
  return G_SOURCE_REMOVE;
}

/* Fixed commands (PING, INFO's sections, CLUSTER NODES) in the protocol,
 * formatted by hiredis once per process: formatting was a tenth of a
 * check's time in this process. */
static GMutex fixed_lock;
static GHashTable *fixed_commands;   /* command → GBytes, never freed */

/**
 * _ic_redis_format_fixed:
 * @command: a command without arguments to format ("PING", "INFO clients")
 *
 * Returns: (transfer none) (nullable): @command as the protocol sends it,
 *   the same bytes each time; %NULL when hiredis cannot format it
 */
GBytes *
_ic_redis_format_fixed (const char *command)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fixed_lock);
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  GBytes *bytes;
  char *formatted = NULL;
  int len;

  g_return_val_if_fail (command != NULL && strchr (command, '%') == NULL, NULL);

  if (fixed_commands == NULL)
    fixed_commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_bytes_unref);
  bytes = g_hash_table_lookup (fixed_commands, command);
  if (bytes != NULL)
    return bytes;
  /* Words separated by spaces, as hiredis reads a format. */
  words = g_strsplit (command, " ", -1);
  argv = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (argv, words[i]);
  len = redisFormatCommandArgv (&formatted, (int) argv->len, (const char **) argv->pdata, NULL);
  if (len < 0 || formatted == NULL)
    return NULL;
  bytes = g_bytes_new (formatted, (gsize) len);
  redisFreeCommand (formatted);
  g_hash_table_insert (fixed_commands, g_strdup (command), bytes);
  return bytes;
}

/**
 * _ic_redis_run_command:
 * @func: called with the reply
 * @format: a hiredis command format ("SELECT %d", "AUTH %s %s"); one
 *   without a % is formatted once for the process
 *
 * Queues a command; what a check queues before it returns to the main loop
 * is written at once.
 */
void
_ic_redis_run_command (IcRedisRun       *run,
                       IcRedisReplyFunc  func,
                       const char       *format,
                       ...)
{
  char *command = NULL;
  const char *data;
  gsize size = 0;
  va_list args;
  int len;

  g_return_if_fail (func != NULL && format != NULL);

  if (run->finished || run->detached)
    return;
  if (strchr (format, '%') == NULL)
    {
      GBytes *fixed = _ic_redis_format_fixed (format);

      data = fixed != NULL ? g_bytes_get_data (fixed, &size) : NULL;
    }
  else
    {
      va_start (args, format);
      len = redisvFormatCommand (&command, format, args);
      va_end (args);
      data = len >= 0 ? command : NULL;
      size = len >= 0 ? (gsize) len : 0;
    }
  if (data == NULL)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED, _("Out of memory"));
      return;
    }
  g_string_append_len (run->out, data, (gssize) size);
  if (command != NULL)
    {
      /* AUTH's password went through it. */
      memset (command, 0, size);
      redisFreeCommand (command);
    }
  g_array_append_val (run->funcs, func);
}

/* One reply: the first may say that the server is full. */
static void
dispatch (IcRedisRun *run,
          redisReply *reply)
{
  gboolean first = run->answered == 0;
  IcRedisReplyFunc func;

  if (run->answered >= run->funcs->len)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL,
                          _("Protocol error: the server sent an answer nobody asked for"));
      return;
    }
  func = g_array_index (run->funcs, IcRedisReplyFunc, run->answered++);
  /* At maxclients the TCP connect succeeds; the first reply says so. */
  if (first && reply->type == REDIS_REPLY_ERROR && reply->str != NULL
      && strstr (reply->str, MAXCLIENTS_REACHED) != NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("Saturated: %s"), reply->str);

      _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_SATURATED, detail);
      return;
    }
  func (run, reply);
}

/* Each whole reply in what was read goes to its check. */
static void
take_replies (IcRedisRun *run)
{
  while (!run->finished && !run->detached)
    {
      void *reply = NULL;

      if (redisReaderGetReply (run->reader, &reply) != REDIS_OK)
        {
          const char *reason = *run->reader->errstr ? run->reader->errstr
                                                    : _("Protocol error");

          _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, reason);
          break;
        }
      if (reply == NULL)
        break;
      dispatch (run, reply);
      freeReplyObject (reply);
    }
}

/* Reads what the connection has now, as long as the run needs it. */
static void
receive (IcRedisRun *run)
{
  /* INFO is a few KiB: one read. */
  char buffer[READ_SIZE];

  while (!run->finished && !run->detached)
    {
      g_autoptr(GError) error = NULL;
      gssize n = run->stream != NULL
        ? g_pollable_input_stream_read_nonblocking (
            G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (run->stream)), buffer,
            sizeof buffer, NULL, &error)
        : g_socket_receive (run->socket, buffer, sizeof buffer, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (n < 0)
        {
          fail_with_error (run, error);
          break;
        }
      if (n == 0)
        {
          closed_by_server (run);
          break;
        }
      run->received += (gsize) n;
      if (run->received > IC_REDIS_MAX_RECEIVED)
        {
          _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL,
                              _("Protocol error: the server sent more than 16 MiB"));
          break;
        }
      if (redisReaderFeed (run->reader, buffer, (size_t) n) != REDIS_OK)
        {
          _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED,
                              _("Out of memory"));
          break;
        }
      take_replies (run);
      /* What the replies asked next. */
      flush (run);
    }
}

/* TLS: the stream is readable. */
static gboolean
read_ready_cb (GObject  *stream,
               gpointer  user_data)
{
  IcRedisRun *run = user_data;

  receive (run);
  /* Done with the replies: the task returns now rather than an iteration
   * later (completing destroyed this source already). */
  if (run->returning)
    return_task (run);
  return G_SOURCE_CONTINUE;
}

static void
start_reading (IcRedisRun *run)
{
  GInputStream *input;

  /* A plain connection's socket is watched by the run's source (flush
   * keeps it so). */
  if (run->stream == NULL)
    {
      if (run->socket_tag == NULL)
        watch_socket (run, G_IO_IN);
      return;
    }
  input = g_io_stream_get_input_stream (run->stream);
  run->reading = watch (run,
                        g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (input),
                                                               NULL),
                        G_SOURCE_FUNC (read_ready_cb), "[ic] redis probe read");
}

static void
auth_cb (IcRedisRun *run,
         redisReply *reply)
{
  if (reply->type == REDIS_REPLY_ERROR)
    _ic_redis_run_fail (run, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_AUTH,
                        reply->str ? reply->str : "");
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
 * other means: the connection closes, and nothing it says any more counts. */
void
_ic_redis_run_detach (IcRedisRun *run)
{
  run->detached = TRUE;
  if (!run->finished)
    {
      /* The check holds the run (the caller's reply callback runs with the
       * reading source's reference, dropped here). */
      _ic_redis_run_ref (run);
      close_stream (run);
      _ic_redis_run_unref (run);
    }
}

/* The connection is up (and TLS spoken when asked): AUTH first, then what
 * the check asks, all in one write. A plain connection is @run's socket,
 * and @stream %NULL. */
static void
connected (IcRedisRun *run,
           GIOStream  *stream)
{
  if (stream != NULL)
    run->stream = g_object_ref (stream);
  run->reader = redisReaderCreate ();
  if (run->target.password != NULL)
    {
      if (run->target.user != NULL && *run->target.user != '\0')
        _ic_redis_run_command (run, auth_cb, "AUTH %s %s", run->target.user,
                               run->target.password);
      else
        _ic_redis_run_command (run, auth_cb, "AUTH %s", run->target.password);
    }
  run->start (run);
  flush (run);
  if (!run->finished)
    start_reading (run);
}

/* "unknown-ca, bad-identity" as words. */
static char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is not signed by a trusted authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it is not for this host name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("its algorithm is insecure") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (flags & reasons[i].flag)
      g_string_append_printf (text, "%s%s", text->len ? "; " : "", _(reasons[i].text));
  return text->len ? g_strdup (text->str) : NULL;
}

/* Who the TLS failure is about: "10.0.0.1", or "redis-1.example
 * (10.0.0.1)" for a node asked by address under its announced name. */
static const char *
tls_peer_name (IcRedisRun *run)
{
  if (run->tls_peer == NULL)
    run->tls_peer = run->target.tls_name != NULL
                      ? g_strdup_printf ("%s (%s)", run->target.tls_name, run->target.host)
                      : g_strdup (run->target.host);
  return run->tls_peer;
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IcRedisRun *run = user_data;
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  g_autoptr(GError) error = NULL;

  run->handshaking = FALSE;
  if (g_tls_connection_handshake_finish (tls, result, &error) && !run->finished)
    {
      connected (run, G_IO_STREAM (tls));
      _ic_redis_run_unref (run);
      return;
    }
  if (error != NULL && !run->finished)
    {
      g_autofree char *why = describe_certificate_errors (
        g_tls_connection_get_peer_certificate_errors (tls));
      /* Translators: "TLS with 127.0.0.1 failed: Unacceptable TLS certificate (it is
       * not signed by a trusted authority)" */
      g_autofree char *detail = why != NULL
        ? g_strdup_printf (_("TLS with %s failed: %s (%s)"), tls_peer_name (run), error->message,
                           why)
        : g_strdup_printf (_("TLS with %s failed: %s"), tls_peer_name (run), error->message);

      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TLS, detail);
    }
  /* Failed, or the run ended meanwhile: the connection is not needed. */
  g_io_stream_close_async (G_IO_STREAM (tls), G_PRIORITY_DEFAULT, NULL, closed_cb,
                           _ic_redis_run_ref (run));
  _ic_redis_run_unref (run);
}

static void
start_tls (IcRedisRun        *run,
           GSocketConnection *connection)
{
  const char *name = run->target.tls_name != NULL ? run->target.tls_name : run->target.host;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (name,
                                                                   (guint16) run->target.port);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) tls = NULL;

  /* Made with the CA file's database, not given it afterwards:
   * glib-networking before 2.80 reads the certificates of a connection's
   * first database when the connection is made. Without one that is the
   * system's, over a hundred of them: some 18 ms of CPU at every check. */
  if (run->database != NULL)
    tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                          NULL, &error, "base-io-stream", connection, "server-identity", identity,
                          "database", run->database, NULL);
  else
    tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  if (tls == NULL)
    {
      _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TLS, error->message);
      return;
    }
  run->handshaking = TRUE;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, get_io (run),
                                    handshake_cb, _ic_redis_run_ref (run));
}

static void connect_next (IcRedisRun *run);

/* The connection to the current address failed: the next one, or the end. */
static void
connect_failed (IcRedisRun   *run,
                const GError *error)
{
  g_autofree char *address = g_inet_address_to_string (run->next_address->data);
  g_autofree char *detail = NULL;

  run->connecting = FALSE;
  unwatch_socket (run);
  g_clear_object (&run->socket);
  run->next_address = run->next_address->next;
  /* A name with several addresses ("localhost": ::1 and 127.0.0.1) may
   * listen on only some: try the next one before giving up, as any client
   * would. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
      && run->next_address != NULL)
    {
      if (run->tried == NULL)
        run->tried = g_string_new (NULL);
      g_string_append_printf (run->tried, "%s: %s; ", address, connect_reason (error));
      connect_next (run);
      return;
    }
  /* "::1: Connection refused; 127.0.0.1: Connection refused" */
  if (run->tried != NULL)
    detail = g_strdup_printf ("%s%s: %s", run->tried->str, address, connect_reason (error));
  _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, ic_probe_error_classify (error),
                      detail ? detail : connect_reason (error));
}

/* A plain connection goes on on the socket itself; TLS needs a stream. */
static void
socket_connected (IcRedisRun *run)
{
  g_autoptr(GSocketConnection) connection = NULL;

  run->connecting = FALSE;
  g_socket_set_option (run->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  if (!run->target.tls)
    {
      connected (run, NULL);
      return;
    }
  unwatch_socket (run);
  connection = g_socket_connection_factory_create_connection (run->socket);
  g_clear_object (&run->socket);
  start_tls (run, connection);
}

static void
check_connect_result (IcRedisRun *run)
{
  g_autoptr(GError) error = NULL;

  if (g_socket_check_connect_result (run->socket, &error))
    socket_connected (run);
  else
    connect_failed (run, error);
}

/* A non-blocking connect to the next address: on loopback it is often
 * done at once; otherwise the run's source says when. */
static void
connect_next (IcRedisRun *run)
{
  GInetAddress *ip = run->next_address->data;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (ip, (guint16) run->target.port);
  g_autoptr(GError) error = NULL;

  run->socket = g_socket_new (g_inet_address_get_family (ip), G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_TCP, &error);
  if (run->socket == NULL)
    {
      connect_failed (run, error);
      return;
    }
  g_socket_set_blocking (run->socket, FALSE);
  if (g_socket_connect (run->socket, address, NULL, &error))
    {
      socket_connected (run);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      connect_failed (run, error);
      return;
    }
  /* A nearby server (loopback, the same host) has often answered by now:
   * no need to wait for the main loop to say so. */
  if (g_socket_condition_check (run->socket, G_IO_OUT | G_IO_ERR | G_IO_HUP) != 0)
    {
      check_connect_result (run);
      return;
    }
  run->connecting = TRUE;
  watch_socket (run, G_IO_OUT);
}

/* The run's source: the socket is ready, the deadline has come, or the run
 * is complete. */
static gboolean
run_source_cb (gpointer user_data)
{
  IcRedisRun *run = user_data;
  GIOCondition ready = run->socket_tag != NULL
    ? g_source_query_unix_fd (run->source, run->socket_tag) : 0;

  run->dispatching = TRUE;
  if (ready != 0 && run->connecting)
    check_connect_result (run);
  else if (ready != 0)
    {
      if (ready & G_IO_OUT)
        flush (run);
      if (ready & (G_IO_IN | G_IO_HUP | G_IO_ERR))
        receive (run);
    }
  if (!run->finished && g_source_get_time (run->source) >= run->deadline)
    time_out (run);
  run->dispatching = FALSE;
  if (run->returning)
    return_task (run);
  return G_SOURCE_CONTINUE;
}

static gboolean
run_source_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs run_source_funcs = {
  .dispatch = run_source_dispatch,
};

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IcRedisRun *run = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  if (run->finished)
    {
      g_resolver_free_addresses (addresses);
      goto out;
    }
  if (addresses == NULL)
    {
      fail_with_error (run, error);
      goto out;
    }
  run->addresses = addresses;
  run->next_address = addresses;
  connect_next (run);

out:
  _ic_redis_run_unref (run);
}

static void
resolve (IcRedisRun *run)
{
  g_autoptr(GResolver) resolver = NULL;
  GInetAddress *literal = g_inet_address_new_from_string (run->target.host);

  if (literal != NULL)
    {
      run->addresses = g_list_prepend (NULL, literal);
      run->next_address = run->addresses;
      connect_next (run);
      return;
    }
  resolver = g_resolver_get_default ();

  g_resolver_lookup_by_name_async (resolver, run->target.host, get_io (run), resolved_cb,
                                   _ic_redis_run_ref (run));
}

static void
ca_file_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IcRedisRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->database = _ic_probe_load_ca_file_finish (result, &error);
  if (run->database != NULL && run->pool != NULL)
    _ic_probe_session_pool_remember_ca_file (run->pool, run->ca_file, &run->ca_stamp,
                                             run->database);
  if (run->finished)
    ;
  else if (run->database == NULL)
    _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TLS, error->message);
  else
    resolve (run);
  _ic_redis_run_unref (run);
}

/* The CA file's certificates, read in a worker unless the pool holds this
 * version of the file already (a check a second reads it once). */
static void
start_with_ca_file (IcRedisRun *run)
{
  GTlsDatabase *known = NULL;

  if (run->pool != NULL)
    known = _ic_probe_session_pool_lookup_ca_file (run->pool, run->ca_file, &run->ca_stamp);
  if (known != NULL)
    {
      run->database = g_object_ref (known);
      resolve (run);
      return;
    }
  _ic_probe_load_ca_file_async (run->ca_file, get_io (run), ca_file_loaded_cb,
                                _ic_redis_run_ref (run));
}

/* Starting ------------------------------------------------------------------ */

/**
 * _ic_redis_run_start:
 * @target: whom to talk to
 * @options: (nullable): the deadline and thresholds; defaults from
 *   ic_probe_options_init(); its password, when set, wins over @target's;
 *   its CA file is trusted for TLS instead of the system's CAs
 * @start: queues the check's first commands once connected
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
  run->target.tls = target->tls;
  run->target.tls_name = target->tls && target->tls_name != NULL && *target->tls_name != '\0'
                           ? g_strdup (target->tls_name) : NULL;
  run->ca_file = options->ca_file && *options->ca_file ? g_strdup (options->ca_file) : NULL;
  run->options = *options;
  _ic_probe_options_drop_strings (&run->options);
  run->pool = options->sessions != NULL ? g_object_ref (options->sessions) : NULL;
  run->options.sessions = run->pool;
  run->start = start;
  run->check = check;
  run->check_free = check_free;
  run->out = g_string_new (NULL);
  run->funcs = g_array_new (FALSE, FALSE, sizeof (IcRedisReplyFunc));
  run->started = g_get_monotonic_time ();
  run->deadline = run->started + (gint64) MAX (options->timeout_ms, 1) * 1000;

  run->source = g_source_new (&run_source_funcs, sizeof (GSource));
  g_source_set_ready_time (run->source, run->deadline);
  /* Nothing it calls iterates the context, and blocking it during its
   * dispatch would take its socket out of the loop's set and put it back,
   * waking the loop twice. */
  g_source_set_can_recurse (run->source, TRUE);
  watch (run, run->source, run_source_cb, "[ic] redis probe");

  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->cancel_source, G_SOURCE_FUNC (cancelled_cb), run, NULL);
      g_source_attach (run->cancel_source, run->context);
    }

  if (target->host == NULL || *target->host == '\0')
    _ic_redis_run_fail (run, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_DNS, _("No host name"));
  else if (run->target.tls && run->ca_file != NULL)
    start_with_ca_file (run);
  else
    resolve (run);
  /* The run's source holds the run now (and so does the operation under
   * way): drop our reference. */
  _ic_redis_run_unref (run);
}
