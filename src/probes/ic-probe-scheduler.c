/* ic-probe-scheduler.c — runs probes on their intervals, bounded and cancellable
 *
 * Each probe runs on its own interval with ±10 % jitter (so probes added
 * together do not fire together), at most `max_running` checks are in
 * flight, and a probe's reported state changes only after N consecutive
 * failures or M consecutive successes, so one lost packet is not an alarm.
 *
 * Checks start on ticks of the monotonic clock, 50 ms apart (less for
 * intervals under a second), one after the other. Spread evenly, 200
 * probes at 1 s woke the process 200 times a second, each time with cold
 * caches after the servers and everything else on the machine had run:
 * started a few at a tick, each check costs much less CPU. A check starts
 * at most half a tick before or after its time, well within its jitter,
 * and no sooner or later on average. The ticks' checks start one per
 * main-loop iteration, below the priority of I/O, so the ones already
 * running read an answer that has arrived before the next check starts;
 * one that arrives during a start waits for it (a few tenths of a ms on
 * loopback: the measured latency grows by that much).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ic-probe-private.h"
#include "ic-probe-scheduler.h"
#include "ic-probe-session-pool.h"
#include "ic-redact.h"

typedef struct
{
  IcProbeScheduler *scheduler;    /* borrowed */
  gint64            id;
  IcProbeSpec      *spec;
  IcProbeOptions    options;
  char             *expected_status;
  char             *body_contains;
  char             *json_condition;
  char             *password;
  char             *method;
  char             *headers;
  char             *ca_file;
  IcProbeSessionPool *sessions;   /* owned: the caller's or the scheduler's */
  guint             interval_ms;
  guint             failures_to_fail;
  guint             successes_to_recover;

  gint64            due;          /* monotonic µs; 0: not waiting for its time */
  GSequenceIter    *due_iter;     /* in the scheduler's timetable */
  gboolean          running;
  gboolean          queued;
  GCancellable     *cancellable;
  int               reported;     /* IcProbeState, or -1 before the first sample */
  gint64            rejected;     /* the last sample's rejected_connections, or -1 */
  gint64            rejected_at;  /* its time, µs */
  guint             streak;       /* consecutive results against the reported state */
} Entry;

struct _IcProbeScheduler
{
  GObject     parent_instance;

  GHashTable *entries;      /* gint64* → Entry* */
  GSequence  *timetable;    /* Entry* waiting for their time, soonest first */
  GSource    *timer;        /* one source for them all: ready at the soonest */
  GQueue      waiting;      /* Entry* over the concurrency cap */
  IcProbeSessionPool *sessions;   /* the HTTP checks' sessions */
  guint       max_running;
  guint       n_running;
  guint       max_seen;
  gboolean    paused;
};

enum {
  SAMPLE,
  STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How far apart the ticks checks start on are; a twentieth of an interval
 * at most, which the ±10 % jitter covers. */
#define TICK_US (50 * 1000)

G_DEFINE_FINAL_TYPE (IcProbeScheduler, ic_probe_scheduler, G_TYPE_OBJECT)

static void schedule (Entry *entry,
                      guint  delay_ms);

static void
unschedule (Entry *entry)
{
  if (entry->due_iter != NULL)
    g_sequence_remove (entry->due_iter);
  entry->due_iter = NULL;
  entry->due = 0;
}

static void
entry_free (Entry *entry)
{
  unschedule (entry);
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  g_clear_object (&entry->cancellable);
  ic_probe_spec_free (entry->spec);
  g_free (entry->expected_status);
  g_free (entry->body_contains);
  g_free (entry->json_condition);
  if (entry->password != NULL)
    memset (entry->password, 0, strlen (entry->password));
  g_free (entry->password);
  g_free (entry->method);
  g_free (entry->headers);
  g_free (entry->ca_file);
  g_clear_object (&entry->sessions);
  g_free (entry);
}

static gboolean
is_bad (IcProbeState state)
{
  return state == IC_PROBE_STATE_FAILING || state == IC_PROBE_STATE_ERROR;
}

/* Applies the thresholds; returns TRUE if the reported state changed. */
static gboolean
apply_thresholds (Entry        *entry,
                  IcProbeState  raw)
{
  if (entry->reported < 0)
    {
      entry->reported = raw;
      return TRUE;
    }
  if (is_bad (raw) == is_bad ((IcProbeState) entry->reported))
    {
      gboolean changed = entry->reported != (int) raw;

      entry->reported = raw;
      entry->streak = 0;
      return changed;
    }
  entry->streak++;
  if (entry->streak >= (is_bad (raw) ? entry->failures_to_fail : entry->successes_to_recover))
    {
      entry->reported = raw;
      entry->streak = 0;
      return TRUE;
    }
  return FALSE;
}

static void start (Entry *entry);

static void
start_next_waiting (IcProbeScheduler *self)
{
  while (!self->paused && self->n_running < self->max_running
         && !g_queue_is_empty (&self->waiting))
    start (g_queue_pop_head (&self->waiting));
}

/* Redis counts rejected connections since it started; what matters during
 * an incident is whether it is rejecting now: the rate since the previous
 * sample. Rejecting now is at least degraded. A lower count means the
 * server restarted: no rate this time. */
static void
apply_rejection_rate (Entry         *entry,
                      IcProbeSample *sample)
{
  gint64 previous = entry->rejected;
  double seconds = (sample->time - entry->rejected_at) / (double) G_USEC_PER_SEC;

  entry->rejected = sample->rejected_connections;
  entry->rejected_at = sample->time;
  if (previous < 0 || sample->rejected_connections < previous || seconds <= 0)
    return;
  sample->rejected_per_s = (sample->rejected_connections - previous) / seconds;
  if (sample->rejected_per_s <= 0)
    return;
  {
    g_autofree char *detail = g_strdup_printf (
      /* Translators: appended to a Redis probe's detail */
      _("%s · rejecting %.1f connections per second since the last check"), sample->detail,
      sample->rejected_per_s);

    g_free (sample->detail);
    sample->detail = g_steal_pointer (&detail);
    _ic_probe_sample_bound (sample);
  }
  if (sample->state == IC_PROBE_STATE_OK)
    sample->state = IC_PROBE_STATE_DEGRADED;
}

/* @text with what @entry sends in secret hidden: a log is no place for a
 * password, a URL's token or a Cookie either (DESIGN.md §9). */
static char *
redact_for_log (Entry      *entry,
                const char *text)
{
  g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
  g_autoptr(GPtrArray) values = NULL;

  if (entry->spec->url != NULL)
    g_free (ic_redact_split_target (entry->spec->url, secrets, NULL));
  if (entry->headers != NULL)
    g_free (ic_redact_split_headers (entry->headers, secrets, NULL));
  if (entry->spec->password != NULL)
    g_hash_table_replace (secrets, g_strdup ("spec-password"), g_strdup (entry->spec->password));
  if (entry->password != NULL)
    g_hash_table_replace (secrets, g_strdup ("password"), g_strdup (entry->password));
  values = ic_redact_list_values (secrets);
  return ic_redact_text (text, (const char * const *) values->pdata);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSample) sample = ic_probe_run_finish (result, &error);
  Entry *entry = user_data;
  IcProbeScheduler *self;
  int old;

  /* Cancelled: the entry is gone or the scheduler stopped; touch nothing
   * that may have been freed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = entry->scheduler;
  entry->running = FALSE;
  g_clear_object (&entry->cancellable);
  self->n_running--;
  if (sample != NULL)
    {
      apply_rejection_rate (entry, sample);
      old = entry->reported;
      g_signal_emit (self, signals[SAMPLE], 0, entry->id, sample);
      if (apply_thresholds (entry, sample->state))
        g_signal_emit (self, signals[STATE_CHANGED], 0, entry->id, old, entry->reported);
    }
  else
    {
      g_autofree char *message = redact_for_log (entry, error->message);

      g_debug ("Probe %" G_GINT64_FORMAT " did not run: %s", entry->id, message);
    }
  schedule (entry, entry->interval_ms);
  start_next_waiting (self);
}

static void
start (Entry *entry)
{
  IcProbeScheduler *self = entry->scheduler;

  entry->queued = FALSE;
  entry->running = TRUE;
  entry->cancellable = g_cancellable_new ();
  self->n_running++;
  self->max_seen = MAX (self->max_seen, self->n_running);
  ic_probe_run_async (entry->spec, &entry->options, entry->cancellable, run_done_cb, entry);
}

/* An entry's time has come. Returns whether its check started. */
static gboolean
due (Entry *entry)
{
  IcProbeScheduler *self = entry->scheduler;

  if (entry->running || entry->queued)
    return FALSE;
  if (self->paused || self->n_running >= self->max_running)
    {
      entry->queued = TRUE;
      g_queue_push_tail (&self->waiting, entry);
      return FALSE;
    }
  start (entry);
  return TRUE;
}

/* Only when the soonest time changed: GLib 2.74 wakes the main loop up at
 * every call, and a probe scheduled a second from now rarely is the next. */
static void
rearm (IcProbeScheduler *self)
{
  GSequenceIter *first = g_sequence_get_begin_iter (self->timetable);
  gint64 ready = g_sequence_iter_is_end (first) ? -1 : ((Entry *) g_sequence_get (first))->due;

  if (g_source_get_ready_time (self->timer) != ready)
    g_source_set_ready_time (self->timer, ready);
}

/* One source for every probe: 200 timers of their own made each main-loop
 * iteration walk 200 sources, a fifth of what the probes cost. It starts
 * one check at a time: while more are due it stays ready, and runs again
 * when no I/O of a higher priority is. */
static gboolean
timer_cb (gpointer user_data)
{
  IcProbeScheduler *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->timetable);
      Entry *entry;

      if (g_sequence_iter_is_end (first))
        break;
      entry = g_sequence_get (first);
      if (entry->due > now)
        break;
      unschedule (entry);
      if (due (entry))
        break;
    }
  rearm (self);
  return G_SOURCE_CONTINUE;
}

static int
compare_due (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Entry *x = a, *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
schedule (Entry *entry,
          guint  delay_ms)
{
  IcProbeScheduler *self = entry->scheduler;
  guint jitter = delay_ms / 10;

  gint64 tick = MIN (TICK_US, (gint64) entry->interval_ms * 1000 / 20);

  unschedule (entry);
  if (jitter > 0)
    delay_ms = delay_ms - jitter + (guint) g_random_int_range (0, (gint32) (2 * jitter + 1));
  /* Microseconds of the monotonic clock: deadlines do not drift. */
  entry->due = g_get_monotonic_time () + (gint64) MAX (delay_ms, 1) * 1000;
  /* The nearest tick. */
  if (tick > 0)
    entry->due = (entry->due + tick / 2) / tick * tick;
  entry->due_iter = g_sequence_insert_sorted (self->timetable, entry, compare_due, NULL);
  rearm (self);
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, NULL, NULL, NULL };

static void
ic_probe_scheduler_dispose (GObject *object)
{
  ic_probe_scheduler_stop (IC_PROBE_SCHEDULER (object));

  G_OBJECT_CLASS (ic_probe_scheduler_parent_class)->dispose (object);
}

static void
ic_probe_scheduler_finalize (GObject *object)
{
  IcProbeScheduler *self = IC_PROBE_SCHEDULER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->timetable, g_sequence_free);
  g_clear_object (&self->sessions);
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);

  G_OBJECT_CLASS (ic_probe_scheduler_parent_class)->finalize (object);
}

static void
ic_probe_scheduler_class_init (IcProbeSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_probe_scheduler_dispose;
  object_class->finalize = ic_probe_scheduler_finalize;

  /**
   * IcProbeScheduler::sample:
   * @id: the probe
   * @sample: (type gpointer): the #IcProbeSample, valid during emission
   *
   * Every result, before the thresholds.
   */
  signals[SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_POINTER);
  /**
   * IcProbeScheduler::state-changed:
   * @id: the probe
   * @old_state: the reported #IcProbeState before, or -1 for the first
   * @new_state: the reported state now
   *
   * The reported state changed: after the failure or recovery threshold.
   */
  signals[STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_INT64, G_TYPE_INT, G_TYPE_INT);
}

static void
ic_probe_scheduler_init (IcProbeScheduler *self)
{
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) entry_free);
  self->timetable = g_sequence_new (NULL);
  self->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[ic] probe scheduler");
  /* Below the checks' own I/O and completions (G_PRIORITY_DEFAULT). */
  g_source_set_priority (self->timer, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_ready_time (self->timer, -1);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
  g_queue_init (&self->waiting);
  /* Checks made alike share a session (each still connects on its own). */
  self->sessions = ic_probe_session_pool_new ();
  self->max_running = 8;
}

/**
 * ic_probe_scheduler_new:
 * @max_running: how many checks may be in flight at once (≥ 1)
 *
 * Returns: (transfer full): a scheduler on the thread-default main context
 */
IcProbeScheduler *
ic_probe_scheduler_new (guint max_running)
{
  IcProbeScheduler *self = g_object_new (IC_TYPE_PROBE_SCHEDULER, NULL);

  self->max_running = MAX (max_running, 1);
  return self;
}

/**
 * ic_probe_scheduler_add:
 * @id: the caller's id for the probe (the store's)
 * @spec: the target as a URL
 * @options: (nullable): check options
 * @interval_ms: time between checks
 * @failures_to_fail: consecutive failures before the state turns bad (≥ 1)
 * @successes_to_recover: consecutive successes before it turns good (≥ 1)
 *
 * Starts checking soon (within a tenth of the interval) and then on the
 * interval. Replaces a probe with the same id.
 *
 * Returns: %FALSE with an error if @spec is not a valid probe
 */
gboolean
ic_probe_scheduler_add (IcProbeScheduler      *self,
                        gint64                 id,
                        const char            *spec,
                        const IcProbeOptions  *options,
                        guint                  interval_ms,
                        guint                  failures_to_fail,
                        guint                  successes_to_recover,
                        GError               **error)
{
  g_autoptr(IcProbeSpec) parsed = NULL;
  Entry *entry;
  gint64 *key;

  g_return_val_if_fail (IC_IS_PROBE_SCHEDULER (self), FALSE);
  g_return_val_if_fail (interval_ms > 0, FALSE);

  parsed = ic_probe_spec_parse (spec, error);
  if (parsed == NULL)
    return FALSE;
  ic_probe_scheduler_remove (self, id);
  entry = g_new0 (Entry, 1);
  entry->scheduler = self;
  entry->id = id;
  entry->spec = g_steal_pointer (&parsed);
  if (options != NULL)
    entry->options = *options;
  else
    ic_probe_options_init (&entry->options);
  entry->expected_status = g_strdup (entry->options.expected_status);
  entry->body_contains = g_strdup (entry->options.body_contains);
  entry->json_condition = g_strdup (entry->options.json_condition);
  entry->options.expected_status = entry->expected_status;
  entry->options.body_contains = entry->body_contains;
  entry->options.json_condition = entry->json_condition;
  entry->password = g_strdup (entry->options.password);
  entry->options.password = entry->password;
  entry->method = g_strdup (entry->options.method);
  entry->options.method = entry->method;
  entry->headers = g_strdup (entry->options.headers);
  entry->options.headers = entry->headers;
  entry->ca_file = g_strdup (entry->options.ca_file);
  entry->options.ca_file = entry->ca_file;
  entry->sessions = g_object_ref (entry->options.sessions != NULL ? entry->options.sessions
                                                                  : self->sessions);
  entry->options.sessions = entry->sessions;
  entry->interval_ms = interval_ms;
  entry->failures_to_fail = MAX (failures_to_fail, 1);
  entry->successes_to_recover = MAX (successes_to_recover, 1);
  entry->reported = -1;
  entry->rejected = -1;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_insert (self->entries, key, entry);
  schedule (entry, MAX (interval_ms / 10, 1));
  return TRUE;
}

void
ic_probe_scheduler_remove (IcProbeScheduler *self,
                           gint64            id)
{
  Entry *entry;

  g_return_if_fail (IC_IS_PROBE_SCHEDULER (self));

  entry = g_hash_table_lookup (self->entries, &id);
  if (entry == NULL)
    return;
  g_queue_remove (&self->waiting, entry);
  if (entry->running)
    self->n_running--;
  g_hash_table_remove (self->entries, &id);
  start_next_waiting (self);
}

/**
 * ic_probe_scheduler_set_paused:
 *
 * While paused no new check starts; running ones finish. Resuming starts
 * the ones that came due meanwhile.
 */
void
ic_probe_scheduler_set_paused (IcProbeScheduler *self,
                               gboolean          paused)
{
  g_return_if_fail (IC_IS_PROBE_SCHEDULER (self));

  self->paused = paused;
  if (!paused)
    start_next_waiting (self);
}

gboolean
ic_probe_scheduler_get_paused (IcProbeScheduler *self)
{
  g_return_val_if_fail (IC_IS_PROBE_SCHEDULER (self), FALSE);
  return self->paused;
}

guint
ic_probe_scheduler_get_n_running (IcProbeScheduler *self)
{
  g_return_val_if_fail (IC_IS_PROBE_SCHEDULER (self), 0);
  return self->n_running;
}

/**
 * ic_probe_scheduler_get_max_seen_running:
 *
 * Returns: the most checks that were ever in flight at once
 */
guint
ic_probe_scheduler_get_max_seen_running (IcProbeScheduler *self)
{
  g_return_val_if_fail (IC_IS_PROBE_SCHEDULER (self), 0);
  return self->max_seen;
}

/**
 * ic_probe_scheduler_get_state:
 *
 * Returns: the reported #IcProbeState of probe @id, or -1 if it has no
 *   result yet or is unknown
 */
int
ic_probe_scheduler_get_state (IcProbeScheduler *self,
                              gint64            id)
{
  Entry *entry;

  g_return_val_if_fail (IC_IS_PROBE_SCHEDULER (self), -1);

  entry = g_hash_table_lookup (self->entries, &id);
  return entry ? entry->reported : -1;
}

/**
 * ic_probe_scheduler_stop:
 *
 * Cancels every check and forgets every probe (on window close).
 */
void
ic_probe_scheduler_stop (IcProbeScheduler *self)
{
  g_return_if_fail (IC_IS_PROBE_SCHEDULER (self));

  g_queue_clear (&self->waiting);
  if (self->entries != NULL)
    g_hash_table_remove_all (self->entries);
  self->n_running = 0;
}
