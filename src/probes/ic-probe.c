/* ic-probe.c — one asynchronous check, yielding a sample
 *
 * Every kind runs on the main loop (libsoup, GResolver, GSocketClient) under
 * one deadline: a timer cancels the check's own cancellable, and a
 * cancellation the caller did not ask for is reported as a timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ic-http.h"
#include "ic-probe-evaluate.h"
#include "ic-probe-private.h"
#include "ic-probe-record.h"
#include "ic-probe-session-pool-private.h"
#include "ic-redact.h"
#include "ic-utf8.h"

typedef struct
{
  IcProbeKind     kind;
  char           *url;
  char           *host;
  int             port;
  char           *query;
  IcProbeOptions  options;
  char           *expected_status;
  char           *body_contains;
  char           *json_condition;
  char           *method;
  char           *headers;
  char           *ca_file;
  char           *authorization;
  char           *fetch_url;     /* while a CA file is read */
  IcCaFileStamp   ca_stamp;      /* which version of it */
  IcProbeSessionPool *pool;      /* nullable */

  GCancellable   *inner;         /* cancelled by the deadline or the caller */
  gulong          outer_id;
  GCancellable   *outer;
  GSource        *timeout_source;
  gboolean        timed_out;
  gint64          started;       /* monotonic µs */

  GObject        *session;   /* ic-http.h's */
  GObject        *message;
  guint           redirects;
  GInputStream   *body_stream;
  GByteArray     *body;
  guint           body_read_at;  /* where the read in flight writes */
} Run;

/* Destroys and drops a source the probe attached, if any. */
void
_ic_probe_clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
run_free (Run *run)
{
  _ic_probe_clear_source (&run->timeout_source);
  if (run->outer != NULL)
    g_cancellable_disconnect (run->outer, run->outer_id);
  g_clear_object (&run->outer);
  g_clear_object (&run->inner);
  g_clear_object (&run->body_stream);
  g_clear_object (&run->message);
  g_clear_object (&run->session);
  g_clear_object (&run->pool);
  g_clear_pointer (&run->body, g_byte_array_unref);
  g_free (run->url);
  g_free (run->host);
  g_free (run->query);
  g_free (run->expected_status);
  g_free (run->body_contains);
  g_free (run->json_condition);
  g_free (run->method);
  g_free (run->headers);
  g_free (run->ca_file);
  g_free (run->fetch_url);
  if (run->authorization != NULL)
    memset (run->authorization, 0, strlen (run->authorization));
  g_free (run->authorization);
  g_free (run);
}

void
ic_probe_options_init (IcProbeOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->timeout_ms = 5000;
  options->warn_above = NAN;
  options->fail_above = NAN;
}

void
_ic_probe_options_drop_strings (IcProbeOptions *options)
{
  options->expected_status = NULL;
  options->body_contains = NULL;
  options->json_condition = NULL;
  options->password = NULL;
  options->method = NULL;
  options->headers = NULL;
  options->ca_file = NULL;
  options->sessions = NULL;
}

void
ic_probe_sample_free (IcProbeSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->detail);
  g_strfreev (sample->addresses);
  g_clear_pointer (&sample->nodes, g_ptr_array_unref);
  g_free (sample->skew);
  g_free (sample);
}

/**
 * ic_probe_sample_get_nodes:
 *
 * Returns: (transfer none) (nullable) (element-type IcProbeNode): a Redis
 *   cluster's per-node table; %NULL for every other probe, and for a
 *   cluster probe that did not get as far as the node list
 */
GPtrArray *
ic_probe_sample_get_nodes (const IcProbeSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  return sample->nodes;
}

const char *
ic_probe_state_get_label (IcProbeState state)
{
  switch (state)
    {
    case IC_PROBE_STATE_OK:
      return _("OK");
    case IC_PROBE_STATE_DEGRADED:
      return _("Degraded");
    case IC_PROBE_STATE_FAILING:
      return _("Failing");
    case IC_PROBE_STATE_ERROR:
    default:
      return _("Error");
    }
}

/* Finishing ---------------------------------------------------------------- */

IcProbeSample *
_ic_probe_sample_new (IcProbeState  state,
                      gint64        latency_us,
                      const char   *detail)
{
  IcProbeSample *sample = g_new0 (IcProbeSample, 1);

  sample->time = g_get_real_time ();
  sample->state = state;
  sample->latency_us = latency_us;
  sample->detail = ic_utf8_truncate (detail ? detail : "", IC_PROBE_SAMPLE_DETAIL_MAX);
  sample->rejected_connections = -1;
  sample->rejected_per_s = NAN;
  return sample;
}

static void
bound_text (char **text)
{
  char *bounded;

  if (*text == NULL)
    return;
  bounded = ic_utf8_truncate (*text, IC_PROBE_SAMPLE_DETAIL_MAX);
  g_free (*text);
  *text = bounded;
}

/* Every kind rewrites the detail after it made the sample; what leaves the
 * engine is bounded here, with the words of a cluster's table. */
void
_ic_probe_sample_bound (IcProbeSample *sample)
{
  bound_text (&sample->detail);
  bound_text (&sample->skew);
  for (guint i = 0; sample->nodes != NULL && i < sample->nodes->len; i++)
    bound_text (&((IcProbeNode *) g_ptr_array_index (sample->nodes, i))->error);
}

static IcProbeSample *
new_sample (Run          *run,
            IcProbeState  state,
            const char   *detail)
{
  return _ic_probe_sample_new (state, g_get_monotonic_time () - run->started, detail);
}

static void
finish (GTask         *task,
        IcProbeSample *sample)
{
  Run *run = g_task_get_task_data (task);

  _ic_probe_clear_source (&run->timeout_source);
  /* A slow success is degraded. */
  if (sample->state == IC_PROBE_STATE_OK && run->options.latency_threshold_ms > 0
      && sample->latency_us > (gint64) run->options.latency_threshold_ms * 1000)
    {
      g_autofree char *detail = g_strdup_printf (_("%s; slower than %u ms"), sample->detail,
                                                 run->options.latency_threshold_ms);
      sample->state = IC_PROBE_STATE_DEGRADED;
      g_free (sample->detail);
      sample->detail = g_steal_pointer (&detail);
    }
  g_task_return_pointer (task, sample, (GDestroyNotify) ic_probe_sample_free);
}

/* Ends the check on a transport error: a timeout, the caller's
 * cancellation, or a classified failure with the library's message. */
static void
finish_error (GTask        *task,
              const GError *error)
{
  Run *run = g_task_get_task_data (task);
  IcProbeSample *sample;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !run->timed_out)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
      return;
    }
  if (run->timed_out)
    {
      g_autofree char *detail = g_strdup_printf (_("Timed out after %u ms"),
                                                 run->options.timeout_ms);
      sample = new_sample (run, IC_PROBE_STATE_ERROR, detail);
      sample->error_kind = IC_PROBE_ERROR_TIMEOUT;
    }
  else
    {
      sample = new_sample (run, IC_PROBE_STATE_ERROR, error->message);
      sample->error_kind = ic_probe_error_classify (error);
    }
  sample->has_error = TRUE;
  finish (task, sample);
}

static void
fail_with (GTask        *task,
           IcProbeState  state,
           IcProbeError  kind,
           const char   *detail)
{
  IcProbeSample *sample = new_sample (g_task_get_task_data (task), state, detail);

  sample->has_error = TRUE;
  sample->error_kind = kind;
  finish (task, sample);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Run *run = user_data;

  g_clear_pointer (&run->timeout_source, g_source_unref);
  run->timed_out = TRUE;
  g_cancellable_cancel (run->inner);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* HTTP and Prometheus ------------------------------------------------------ */

static void evaluate (GTask *task);

/* The first read of a body, and the most one read asks for. */
#define BODY_FIRST_READ (8 * 1024)
#define BODY_MAX_READ   (64 * 1024)

static void body_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Reads the next part of the body straight into it, never past the cap.
 * Reads start small and grow with what came: a 64 KiB buffer for every
 * read (g_input_stream_read_bytes_async()) made the heap grow and shrink
 * at every check of a small health answer, and the page faults, brk calls
 * and TLB flushes were a sixth of what 100 HTTP probes cost. */
static void
read_body (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  guint room = IC_PROBE_MAX_BODY - run->body->len;
  guint want = MIN (CLAMP (run->body->len, BODY_FIRST_READ, BODY_MAX_READ), room);

  run->body_read_at = run->body->len;
  g_byte_array_set_size (run->body, run->body->len + want);
  g_input_stream_read_async (run->body_stream, run->body->data + run->body_read_at, want,
                             G_PRIORITY_DEFAULT, run->inner, body_read_cb, task);
}

static void
body_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GObject) session = user_data;

  /* Nothing to report: the answer was read in full. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
}

static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  g_byte_array_set_size (run->body, run->body_read_at + (guint) MAX (n, 0));
  if (n < 0)
    {
      finish_error (task, error);
      return;
    }
  /* An endless body stops at the cap: the first MiB is what is judged. */
  if (n > 0 && run->body->len < IC_PROBE_MAX_BODY)
    {
      read_body (g_steal_pointer (&task));
      return;
    }
  /* The session stays until the stream is closed: let go first (by a
   * pool that dropped it, its CA file having changed), it would be
   * disposed with the connection still in use, which libsoup reports. */
  g_input_stream_close_async (run->body_stream, G_PRIORITY_DEFAULT, NULL, body_closed_cb,
                              g_object_ref (run->session));
  evaluate (task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->body_stream = ic_http_send_finish (G_OBJECT (source), result, &error);
  if (run->body_stream == NULL)
    {
      if (run->redirects > IC_PROBE_MAX_REDIRECTS && !run->timed_out)
        {
          g_autofree char *detail = g_strdup_printf (_("More than %d redirects"),
                                                     IC_PROBE_MAX_REDIRECTS);
          fail_with (task, IC_PROBE_STATE_FAILING, IC_PROBE_ERROR_PROTOCOL, detail);
          return;
        }
      finish_error (task, error);
      return;
    }
  run->body = g_byte_array_new ();
  read_body (g_steal_pointer (&task));
}

static void
restarted_cb (GObject     *message,
              Run         *run)
{
  if (++run->redirects > IC_PROBE_MAX_REDIRECTS)
    g_cancellable_cancel (run->inner);
}

/* The configured headers, then the Authorization from the keyring. */
static void
add_headers (Run *run)
{
  g_auto(GStrv) lines = g_strsplit (run->headers ? run->headers : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      ic_http_message_add_header (run->message, g_strstrip (lines[i]), g_strstrip (colon + 1));
    }
  if (run->authorization != NULL && *run->authorization != '\0')
    ic_http_message_replace_header (run->message, "Authorization", run->authorization);
}

static void
send_request (GTask        *task,
              const char   *url,
              GTlsDatabase *database)
{
  Run *run = g_task_get_task_data (task);
  /* libsoup's own timeout backs the deadline. */
  guint timeout_s = run->options.timeout_ms / 1000 + 1;
  GObject *shared = NULL;
  g_autoptr(GError) error = NULL;

  /* Without the module that speaks HTTP, the check says so. */
  if (!ic_http_is_available (&error))
    {
      fail_with (task, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED, error->message);
      return;
    }
  if (run->pool != NULL)
    shared = _ic_probe_session_pool_get (run->pool, timeout_s, database);
  run->session = shared != NULL ? g_object_ref (shared)
                                : _ic_probe_http_session_new (timeout_s, database);
  run->message = ic_http_message_new (run->method && *run->method ? run->method : "GET", url);
  if (run->message == NULL)
    {
      g_autofree char *shown = ic_redact_target (url);
      g_autofree char *detail = g_strdup_printf (_("Not a valid URL: %s"), shown);
      fail_with (task, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_FAILED, detail);
      return;
    }
  add_headers (run);
  /* A probe measures a fresh request, the way a new client makes it: its
   * latency includes the connect and the TLS handshake, and a server that
   * stopped accepting connections fails it. So every request opens a
   * connection of its own, even through a shared session (a redirect's
   * next request too), and closes it after the answer: an idle connection
   * left for the next check would hide both, and a pool of them would hold
   * sockets on the server for nothing. "Connection: close" replaces any
   * configured Connection header (HTTP/2 drops the header; its connection
   * is then never reused and closes after a second idle). Credentials from
   * the URL answer this request's challenge and are not cached for others
   * (ic-probe-session-pool.c). */
  ic_http_message_set_fresh (run->message);
  ic_http_message_replace_header (run->message, "Connection", "close");
  g_signal_connect (run->message, "restarted", G_CALLBACK (restarted_cb), run);
  ic_http_send_async (run->session, run->message, run->inner, sent_cb, g_object_ref (task));
}

/* Reads through @ca_file, at most a byte past the limit, from what was
 * opened: a file changed into a FIFO since it was checked is not waited
 * on, one that holds more than it said is not read to its end. */
static gboolean
check_ca_contents (const char  *ca_file,
                   GError     **error)
{
  char buffer[16 * 1024];
  gsize total = 0;
  gssize n;
  struct stat st;
  int fd = g_open (ca_file, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the CA file %s: %s"), ca_file, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot read the CA file %s: it is not a regular file"), ca_file);
      return FALSE;
    }
  do
    {
      n = read (fd, buffer, sizeof buffer);
      if (n > 0)
        total += (gsize) n;
    }
  while ((n > 0 && total <= IC_PROBE_MAX_CA_FILE) || (n < 0 && errno == EINTR));
  saved = errno;
  g_close (fd, NULL);
  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the CA file %s: %s"), ca_file, g_strerror (saved));
      return FALSE;
    }
  if (total > IC_PROBE_MAX_CA_FILE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("Cannot read the CA file %s: it is larger than 1 MiB"), ca_file);
      return FALSE;
    }
  return TRUE;
}

/* In a worker: the file is checked first (a FIFO, a device or a huge file
 * is refused unread), then its certificates are read. */
static void
load_ca_file_thread (GTask        *ca_task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *ca_file = task_data;
  GError *error = NULL;
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  if (!ic_probe_check_ca_file (ca_file, &error) || !check_ca_contents (ca_file, &error))
    {
      g_task_return_error (ca_task, error);
      return;
    }
  database = g_tls_file_database_new (ca_file, &local_error);
  if (database == NULL)
    g_task_return_new_error (ca_task, local_error->domain, local_error->code,
                             _("Cannot read the CA file %s: %s"), ca_file,
                             local_error->message);
  else
    g_task_return_pointer (ca_task, database, g_object_unref);
}

static void
ca_file_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = _ic_probe_load_ca_file_finish (result, &error);

  if (database != NULL && run->pool != NULL)
    _ic_probe_session_pool_remember_ca_file (run->pool, run->ca_file, &run->ca_stamp, database);
  if (database != NULL)
    send_request (task, run->fetch_url, database);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_error (task, error);
  else
    fail_with (task, IC_PROBE_STATE_ERROR, IC_PROBE_ERROR_TLS, error->message);
}

/**
 * _ic_probe_load_ca_file_async:
 * @ca_file: a PEM file of CA certificates
 *
 * Reads @ca_file's certificates in a worker: a file is never read on the
 * main loop, and one that blocks (a FIFO made in its place) is left behind
 * when @cancellable is cancelled. The HTTP and Redis probes share it.
 */
void
_ic_probe_load_ca_file_async (const char          *ca_file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) ca_task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (ca_task, _ic_probe_load_ca_file_async);
  g_task_set_task_data (ca_task, g_strdup (ca_file), g_free);
  g_task_set_return_on_cancel (ca_task, TRUE);
  g_task_run_in_thread (ca_task, load_ca_file_thread);
}

/* Returns: (transfer full) (nullable): the CAs, or %NULL with @error set to
 * a sentence that names the file */
GTlsDatabase *
_ic_probe_load_ca_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Fetches @url; with a CA file, its certificates are read first
 * (_ic_probe_load_ca_file_async()), unless the pool read this version of
 * the file before. */
static void
fetch (GTask      *task,
       const char *url)
{
  Run *run = g_task_get_task_data (task);
  GTlsDatabase *known = NULL;

  if (run->ca_file == NULL || *run->ca_file == '\0')
    {
      send_request (task, url, NULL);
      return;
    }
  if (run->pool != NULL)
    known = _ic_probe_session_pool_lookup_ca_file (run->pool, run->ca_file, &run->ca_stamp);
  if (known != NULL)
    {
      send_request (task, url, known);
      return;
    }
  run->fetch_url = g_strdup (url);
  _ic_probe_load_ca_file_async (run->ca_file, run->inner, ca_file_loaded_cb,
                                g_object_ref (task));
}

/* Judges the response with the pure functions of ic-probe-evaluate.c; the
 * latency, the deadline and "slower than" stay with the run. */
static void
evaluate (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  IcHttpResponse response = { 0 };
  IcProbeOptions options = run->options;
  IcProbeSample *sample;
  gint64 latency_us = g_get_monotonic_time () - run->started;

  response.status = ic_http_message_get_status (run->message);
  response.reason = ic_http_message_get_reason (run->message);
  response.content_type = ic_http_message_get_content_type (run->message);
  response.body = (const char *) run->body->data;
  response.body_len = run->body->len;
  options.expected_status = run->expected_status;
  options.body_contains = run->body_contains;
  options.json_condition = run->json_condition;
  if (run->kind == IC_PROBE_KIND_PROMETHEUS)
    sample = ic_probe_evaluate_prometheus (&response, run->query, &options, latency_us);
  else
    sample = ic_probe_evaluate_http (&response, &options, latency_us);
  finish (task, sample);
}

/* TCP and DNS --------------------------------------------------------------- */

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *address = NULL;
  g_autofree char *detail = NULL;
  IcProbeSample *sample;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      finish_error (task, error);
      return;
    }
  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    address = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  detail = g_strdup_printf (_("Connected to %s port %d"), address ? address : run->host,
                            run->port);
  sample = new_sample (run, IC_PROBE_STATE_OK, detail);
  if (address != NULL)
    {
      sample->addresses = g_new0 (char *, 2);
      sample->addresses[0] = g_steal_pointer (&address);
    }
  g_io_stream_close_async (G_IO_STREAM (connection), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  finish (task, sample);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *joined = NULL;
  IcProbeSample *sample;
  guint n = 0;

  if (addresses == NULL)
    {
      finish_error (task, error);
      return;
    }
  for (GList *l = addresses; l != NULL; l = l->next, n++)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);
      g_strv_builder_add (builder, text);
    }
  g_resolver_free_addresses (addresses);
  sample = new_sample (run, IC_PROBE_STATE_OK, NULL);
  sample->addresses = g_strv_builder_end (builder);
  joined = g_strjoinv (", ", sample->addresses);
  g_free (sample->detail);
  sample->detail = g_strdup_printf (_("%s resolves to %s"), run->host, joined);
  sample->has_value = TRUE;
  sample->value = n;
  finish (task, sample);
}

/* The kinds ------------------------------------------------------------------ */

/* Starts a check of the HTTP family (HTTP, Prometheus, TCP, DNS): the
 * task's Run with the caller's options, bounded by their timeout. */
static GTask *
start_check (const IcProbeSpec    *spec,
             const IcProbeOptions *options,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_task_set_source_tag (task, ic_probe_run_async);
  run->kind = spec->kind;
  run->url = g_strdup (spec->url);
  run->host = g_strdup (spec->host);
  run->port = spec->port;
  run->query = g_strdup (spec->query);
  run->options = *options;
  run->expected_status = g_strdup (options->expected_status);
  run->body_contains = g_strdup (options->body_contains);
  run->json_condition = g_strdup (options->json_condition);
  run->method = g_strdup (options->method);
  run->headers = g_strdup (options->headers);
  run->ca_file = g_strdup (options->ca_file);
  run->authorization = g_strdup (options->password);
  run->pool = options->sessions != NULL ? g_object_ref (options->sessions) : NULL;
  _ic_probe_options_drop_strings (&run->options);
  run->inner = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                             run->inner, NULL);
    }
  /* On the caller's thread-default context, so ic_probe_run_sync()'s
   * private loop sees the deadline too. */
  run->timeout_source = g_timeout_source_new (MAX (options->timeout_ms, 1));
  g_source_set_callback (run->timeout_source, deadline_cb, run, NULL);
  g_source_attach (run->timeout_source, g_main_context_get_thread_default ());
  return task;
}

static void
http_check_async (const IcProbeSpec    *spec,
                  const IcProbeOptions *options,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  g_autoptr(GTask) task = start_check (spec, options, cancellable, callback, user_data);

  fetch (task, spec->url);
}

static void
prometheus_check_async (const IcProbeSpec    *spec,
                        const IcProbeOptions *options,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = start_check (spec, options, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (spec->query, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/query?query=%s", spec->url, escaped);

  fetch (task, url);
}

static void
tcp_check_async (const IcProbeSpec    *spec,
                 const IcProbeOptions *options,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autoptr(GTask) task = start_check (spec, options, cancellable, callback, user_data);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_socket_client_connect_to_host_async (client, spec->host, (guint16) spec->port, run->inner,
                                         connected_cb, g_object_ref (task));
}

static void
dns_check_async (const IcProbeSpec    *spec,
                 const IcProbeOptions *options,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autoptr(GTask) task = start_check (spec, options, cancellable, callback, user_data);
  Run *run = g_task_get_task_data (task);
  GResolver *resolver = g_resolver_get_default ();

  g_resolver_lookup_by_name_async (resolver, spec->host, run->inner, resolved_cb,
                                   g_object_ref (task));
  g_object_unref (resolver);
}

/* A Redis target is one node, or (?cluster=1) a cluster read from it:
 * two checks over the same connection module. */
static void
redis_check_async (const IcProbeSpec    *spec,
                   const IcProbeOptions *options,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  if (spec->cluster)
    _ic_probe_redis_cluster_check_async (spec, options, cancellable, callback, user_data);
  else
    _ic_probe_redis_check_async (spec, options, cancellable, callback, user_data);
}

/* Every kind of probe and the one function that checks it. A new kind (the
 * drills' replay source) is a new row, with nothing else to change here. */
static const IcProbeChecker checkers[] = {
  { IC_PROBE_KIND_HTTP, http_check_async },
  { IC_PROBE_KIND_PROMETHEUS, prometheus_check_async },
  { IC_PROBE_KIND_TCP, tcp_check_async },
  { IC_PROBE_KIND_DNS, dns_check_async },
  { IC_PROBE_KIND_REDIS, redis_check_async },
  { IC_PROBE_KIND_REPLAY, _ic_probe_replay_check_async },
};

/**
 * _ic_probe_get_checker:
 *
 * Returns: (nullable): how a @kind of probe is checked, %NULL for a kind
 *   this build cannot check
 */
const IcProbeChecker *
_ic_probe_get_checker (IcProbeKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (checkers); i++)
    if (checkers[i].kind == kind)
      return &checkers[i];
  return NULL;
}

/* Public API --------------------------------------------------------------- */

/**
 * ic_probe_run_async:
 * @spec: what to check
 * @options: (nullable): how; defaults from ic_probe_options_init()
 * @cancellable: (nullable): cancels the check (an error, not a sample)
 *
 * Runs one check on the thread-default main context. It never blocks:
 * names resolve through GResolver, sockets and HTTP through GIO and
 * libsoup, and the whole check is bounded by @options' timeout.
 */
void
ic_probe_run_async (const IcProbeSpec    *spec,
                    const IcProbeOptions *options,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  const IcProbeChecker *checker;
  IcProbeOptions defaults;

  g_return_if_fail (spec != NULL);

  if (options == NULL)
    {
      ic_probe_options_init (&defaults);
      options = &defaults;
    }
  checker = _ic_probe_get_checker (spec->kind);
  if (checker == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, ic_probe_run_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This kind of probe is not supported"));
      return;
    }
  checker->check_async (spec, options, cancellable, callback, user_data);
}

/**
 * ic_probe_run_finish:
 *
 * Returns: (transfer full) (nullable): the sample, its detail and error
 *   texts bounded by %IC_PROBE_SAMPLE_DETAIL_MAX; %NULL with an error only
 *   when the check was cancelled or is not supported — every failure of
 *   the checked system is a sample
 */
IcProbeSample *
ic_probe_run_finish (GAsyncResult  *result,
                     GError       **error)
{
  IcProbeSample *sample;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  sample = g_task_propagate_pointer (G_TASK (result), error);
  if (sample != NULL)
    _ic_probe_sample_bound (sample);
  return sample;
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * ic_probe_run_sync:
 *
 * Runs a check on a private main context (the command line and tests).
 *
 * Returns: (transfer full) (nullable): as ic_probe_run_finish()
 */
IcProbeSample *
ic_probe_run_sync (const IcProbeSpec    *spec,
                   const IcProbeOptions *options,
                   GError              **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  IcProbeSample *sample;

  g_main_context_push_thread_default (context);
  ic_probe_run_async (spec, options, NULL, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  sample = ic_probe_run_finish (result, error);
  /* Let closing streams and sessions finish on this context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return sample;
}

static void
add_node_json (JsonBuilder       *builder,
               const IcProbeNode *node)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, node->address);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, node->role ? node->role : "");
  json_builder_set_member_name (builder, "primary");
  if (node->primary != NULL)
    json_builder_add_string_value (builder, node->primary);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "near_limit");
  json_builder_add_boolean_value (builder, node->near_limit);
  json_builder_set_member_name (builder, "connected_clients");
  if (node->connected_clients >= 0)
    json_builder_add_int_value (builder, node->connected_clients);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "maxclients");
  if (node->maxclients >= 0)
    json_builder_add_int_value (builder, node->maxclients);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "utilisation");
  if (node->has_utilisation)
    json_builder_add_double_value (builder, node->utilisation);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "latency_ms");
  if (node->latency_us >= 0)
    json_builder_add_double_value (builder, node->latency_us / 1000.0);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  if (node->has_error)
    json_builder_add_string_value (builder, ic_probe_error_to_string (node->error_kind));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error_detail");
  if (node->error != NULL)
    json_builder_add_string_value (builder, node->error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* A Redis cluster's table and skew warning. */
static void
add_nodes_json (JsonBuilder         *builder,
                const IcProbeSample *sample)
{
  json_builder_set_member_name (builder, "skew");
  if (sample->skew != NULL)
    json_builder_add_string_value (builder, sample->skew);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample->nodes->len; i++)
    add_node_json (builder, g_ptr_array_index (sample->nodes, i));
  json_builder_end_array (builder);
}

/**
 * ic_probe_sample_to_json:
 *
 * Returns: (transfer full): the sample as a JSON object
 */
char *
ic_probe_sample_to_json (const IcProbeSample *sample,
                         const IcProbeSpec   *spec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, ic_probe_kind_to_string (spec->kind));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, ic_probe_state_to_string (sample->state));
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_double_value (builder, sample->latency_us / 1000.0);
  json_builder_set_member_name (builder, "value");
  if (sample->has_value)
    json_builder_add_double_value (builder, sample->value);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  if (sample->has_error)
    json_builder_add_string_value (builder, ic_probe_error_to_string (sample->error_kind));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, sample->detail);
  if (sample->rejected_connections >= 0)
    {
      json_builder_set_member_name (builder, "rejected_connections");
      json_builder_add_int_value (builder, sample->rejected_connections);
    }
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; sample->addresses != NULL && sample->addresses[i] != NULL; i++)
    json_builder_add_string_value (builder, sample->addresses[i]);
  json_builder_end_array (builder);
  if (sample->nodes != NULL)
    add_nodes_json (builder, sample);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
is_token (const char *text)
{
  /* RFC 9110 token characters */
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("!#$%&'*+-.^_`|~", *c) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * ic_probe_check_method:
 *
 * Returns: whether @method (GET, HEAD, POST, …) can be sent; %NULL or
 *   empty means GET
 */
gboolean
ic_probe_check_method (const char  *method,
                       GError     **error)
{
  if (method == NULL || *method == '\0' || is_token (method))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an HTTP method: use one word such as GET, HEAD or POST"), method);
  return FALSE;
}

/* Each non-blank line is "Name: value" with a token name; returns the
 * first line that is not, or %NULL. */
static char *
bad_header_line (const char *headers)
{
  g_auto(GStrv) lines = g_strsplit (headers ? headers : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      char *colon = strchr (line, ':');

      if (*line == '\0')
        continue;
      if (colon != NULL)
        *colon = '\0';
      g_strstrip (line);
      if (colon == NULL || !is_token (line) || strchr (colon + 1, '\r') != NULL)
        return g_strstrip (g_strdup (lines[i]));
    }
  return NULL;
}

/**
 * ic_probe_check_header_lines:
 * @headers: (nullable): "Name: value" lines, separated by '\n'
 *
 * Returns: whether every line is a header that can be sent
 */
gboolean
ic_probe_check_header_lines (const char  *headers,
                             GError     **error)
{
  g_autofree char *bad = bad_header_line (headers);

  if (bad == NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a header: write Name: value"), bad);
  return FALSE;
}

/**
 * ic_probe_check_headers:
 * @headers: (nullable): "Name: value" lines, separated by '\n'
 *
 * As ic_probe_check_header_lines(), for headers to be stored: an
 * Authorization header is refused, its value is a secret, which goes to
 * the keyring (the probe's password) and never into the database.
 *
 * Returns: whether the headers can be stored and sent
 */
gboolean
ic_probe_check_headers (const char  *headers,
                        GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (headers ? headers : "", "\n", -1);

  if (!ic_probe_check_header_lines (headers, error))
    return FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (g_ascii_strncasecmp (line, "Authorization", 13) == 0
          && (line[13] == ':' || g_ascii_isspace (line[13])))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Put the Authorization value in the password field: it is "
                                 "kept in the keyring, not in the incident database"));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * ic_probe_check_ca_file:
 * @ca_file: (nullable): a PEM file of CA certificates; %NULL or empty for
 *   none
 *
 * Whether @ca_file can be a probe's trusted CAs: a regular file (a
 * symbolic link is followed to what it names), readable, not empty, of at
 * most %IC_PROBE_MAX_CA_FILE bytes. Only the file's metadata is read, never its
 * contents, so this does not block on a FIFO or a device and is safe on
 * the main loop; the certificates are read when a check runs, off the
 * main loop.
 *
 * Returns: %TRUE if it can be, or %FALSE with @error (in %G_IO_ERROR:
 *   %G_IO_ERROR_NOT_REGULAR_FILE, %G_IO_ERROR_MESSAGE_TOO_LARGE,
 *   %G_IO_ERROR_INVALID_DATA when empty, or what the file system said)
 *   saying why
 */
gboolean
ic_probe_check_ca_file (const char  *ca_file,
                        GError     **error)
{
  GStatBuf st;
  int saved;

  if (ca_file == NULL || *ca_file == '\0')
    return TRUE;
  if (g_stat (ca_file, &st) != 0 || g_access (ca_file, R_OK) != 0)
    {
      saved = errno;
      /* Translators: "Cannot read the CA file /etc/ssl/ours.pem: No such file or directory" */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the CA file %s: %s"), ca_file, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot read the CA file %s: it is not a regular file"), ca_file);
      return FALSE;
    }
  if (st.st_size > IC_PROBE_MAX_CA_FILE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("Cannot read the CA file %s: it is larger than 1 MiB"), ca_file);
      return FALSE;
    }
  /* An empty file trusts nothing; and the kernel's files (/proc, /sys)
   * say they are empty whatever they hold: /proc/self/pagemap is endless. */
  if (st.st_size == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot read the CA file %s: it is empty"), ca_file);
      return FALSE;
    }
  return TRUE;
}
