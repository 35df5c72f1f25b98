/* test-probe-scheduler.c — intervals, thresholds, the concurrency cap, pause
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <libsoup/soup.h>

#include "ic-probe-scheduler.h"
#include "ic-test-redis-cluster.h"
#include "ic-test-util.h"

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       status;      /* what /flip answers */
  GSList     *paused;
  GArray     *states;      /* reported states, in order */
  guint       n_samples;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;

  if (g_str_equal (path, "/hang"))
    {
      soup_server_message_pause (msg);
      fx->paused = g_slist_prepend (fx->paused, g_object_ref (msg));
      return;
    }
  soup_server_message_set_status (msg, g_str_equal (path, "/flip") ? fx->status : 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "x", 1);
}

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fx->status = 200;
  fx->states = g_array_new (FALSE, FALSE, sizeof (int));
  fx->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fx->server, NULL, handler, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx->server);
  fx->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  for (GSList *l = fx->paused; l != NULL; l = l->next)
    soup_server_message_unpause (l->data);
  g_slist_free_full (fx->paused, g_object_unref);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (fx->states);
  g_free (fx->base);
}

static void
sample_cb (IcProbeScheduler *scheduler,
           gint64            id,
           gpointer          sample,
           Fixture          *fx)
{
  fx->n_samples++;
}

static void
state_cb (IcProbeScheduler *scheduler,
          gint64            id,
          int               old_state,
          int               new_state,
          Fixture          *fx)
{
  g_array_append_val (fx->states, new_state);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @fx has seen @n samples; fails after 10 s. */
static void
wait_samples (Fixture *fx,
              guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ic_test_scaled_ms (10000), timed_out_cb, &timed_out);

  while (fx->n_samples < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
test_thresholds (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (4);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fx->base, "/flip", NULL);

  g_signal_connect (scheduler, "sample", G_CALLBACK (sample_cb), fx);
  g_signal_connect (scheduler, "state-changed", G_CALLBACK (state_cb), fx);
  g_assert_true (ic_probe_scheduler_add (scheduler, 7, url, NULL, 30, 2, 2, &error));
  g_assert_no_error (error);

  wait_samples (fx, 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 7), ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (fx->states->len, ==, 1);

  /* One failure is not enough to report failing… */
  fx->status = 503;
  wait_samples (fx, fx->n_samples + 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 7), ==, IC_PROBE_STATE_OK);
  /* …two in a row are. */
  wait_samples (fx, fx->n_samples + 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 7), ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpint (g_array_index (fx->states, int, fx->states->len - 1), ==,
                   IC_PROBE_STATE_FAILING);

  /* Recovery needs two successes as well. */
  fx->status = 200;
  wait_samples (fx, fx->n_samples + 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 7), ==, IC_PROBE_STATE_FAILING);
  wait_samples (fx, fx->n_samples + 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 7), ==, IC_PROBE_STATE_OK);
  g_assert_cmpuint (fx->states->len, ==, 3);
}

static void
test_concurrency_cap (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (2);
  g_autofree char *hang = g_strconcat (fx->base, "/hang", NULL);
  g_autofree char *ok = g_strconcat (fx->base, "/ok", NULL);
  IcProbeOptions options;

  ic_probe_options_init (&options);
  options.timeout_ms = 300;
  g_signal_connect (scheduler, "sample", G_CALLBACK (sample_cb), fx);
  for (int i = 0; i < 5; i++)
    g_assert_true (ic_probe_scheduler_add (scheduler, i, i < 4 ? hang : ok, &options, 20, 1, 1,
                                           NULL));
  wait_samples (fx, 8);
  /* Never more than the cap in flight, and the quick probe still ran. */
  g_assert_cmpuint (ic_probe_scheduler_get_max_seen_running (scheduler), ==, 2);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 4), ==, IC_PROBE_STATE_OK);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 0), ==, IC_PROBE_STATE_ERROR);
}

static void
seen_cb (IcProbeScheduler *scheduler,
         gint64            id,
         gpointer          sample,
         GHashTable       *seen)
{
  g_assert_cmpint (((IcProbeSample *) sample)->state, ==, IC_PROBE_STATE_OK);
  g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
}

/* Probes added together become due on the same tick: all of them start,
 * one after the other and within the cap, none is forgotten. */
static void
test_same_tick (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (4);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *ok = g_strconcat (fx->base, "/ok", NULL);
  gboolean timed_out = FALSE;
  guint id;

  g_signal_connect (scheduler, "sample", G_CALLBACK (sample_cb), fx);
  g_signal_connect (scheduler, "sample", G_CALLBACK (seen_cb), seen);
  for (gint64 i = 0; i < 30; i++)
    g_assert_true (ic_probe_scheduler_add (scheduler, i, ok, NULL, 1000, 1, 1, NULL));
  id = g_timeout_add (ic_test_scaled_ms (10000), timed_out_cb, &timed_out);
  while (g_hash_table_size (seen) < 30 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpuint (ic_probe_scheduler_get_max_seen_running (scheduler), <=, 4);
  for (gint64 i = 0; i < 30; i++)
    g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, i), ==, IC_PROBE_STATE_OK);
}

static void
test_pause_and_remove (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (4);
  g_autofree char *ok = g_strconcat (fx->base, "/ok", NULL);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint before;

  g_signal_connect (scheduler, "sample", G_CALLBACK (sample_cb), fx);
  g_assert_true (ic_probe_scheduler_add (scheduler, 1, ok, NULL, 20, 1, 1, NULL));
  wait_samples (fx, 2);
  ic_probe_scheduler_set_paused (scheduler, TRUE);
  g_assert_true (ic_probe_scheduler_get_paused (scheduler));
  /* Let a running check finish, then nothing new starts for 200 ms. */
  g_timeout_add (100, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  before = fx->n_samples;
  done = FALSE;
  g_timeout_add (200, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fx->n_samples, ==, before);
  ic_probe_scheduler_set_paused (scheduler, FALSE);
  wait_samples (fx, before + 1);

  ic_probe_scheduler_remove (scheduler, 1);
  g_assert_cmpint (ic_probe_scheduler_get_state (scheduler, 1), ==, -1);
  g_assert_false (ic_probe_scheduler_add (scheduler, 2, "gopher://x", NULL, 20, 1, 1, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  guint   n;
  double  rate;
  char   *detail;
  int     state;
} LastSample;

static void
keep_last_cb (IcProbeScheduler *scheduler,
              gint64            id,
              gpointer          data,
              LastSample       *last)
{
  IcProbeSample *sample = data;

  last->n++;
  last->rate = sample->rejected_per_s;
  last->state = sample->state;
  g_free (last->detail);
  last->detail = g_strdup (sample->detail);
}

static void
wait_next (LastSample *last)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ic_test_scaled_ms (10000), timed_out_cb, &timed_out);
  guint seen = last->n;

  while (last->n == seen && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* A Redis server that rejects connections now (its counter grew since the
 * last sample) is degraded, with the rate in words; a counter that only
 * ever grew before is history, not news. Against a real redis-server. */
static void
test_rejection_rate (void)
{
  IcTestRedisCluster server = { 0 };
  g_autoptr(IcProbeScheduler) scheduler = ic_probe_scheduler_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(redisReply) limit = NULL;
  g_autofree char *url = NULL;
  redisContext *held[4] = { NULL };
  LastSample last = { 0, NAN, NULL, -1 };

  ic_test_cluster_start_server (&server, 0, FALSE);
  limit = ic_test_cluster_command (&server, 0, "CONFIG SET maxclients 4");
  g_assert_cmpint (limit->type, ==, REDIS_REPLY_STATUS);
  url = g_strdup_printf ("redis://127.0.0.1:%d", server.ports[0]);
  g_signal_connect (scheduler, "sample", G_CALLBACK (keep_last_cb), &last);
  g_assert_true (ic_probe_scheduler_add (scheduler, 1, url, NULL, 300, 1, 1, &error));
  g_assert_no_error (error);

  wait_next (&last);
  g_assert_true (isnan (last.rate));
  wait_next (&last);
  g_assert_cmpfloat (last.rate, ==, 0);
  g_assert_null (strstr (last.detail, "rejecting"));

  /* The server full, three more clients are turned away; then one slot
   * frees, for the probe. */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      held[i] = redisConnect ("127.0.0.1", server.ports[0]);
      g_assert_true (held[i] != NULL && held[i]->err == 0);
      freeReplyObject (redisCommand (held[i], "PING"));
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(redisContext) turned_away = redisConnect ("127.0.0.1", server.ports[0]);
      redisReply *reply = turned_away && !turned_away->err ? redisCommand (turned_away, "PING")
                                                           : NULL;

      if (reply != NULL)
        freeReplyObject (reply);
    }
  redisFree (held[0]);
  held[0] = NULL;

  /* The next sample that saw the new count says so. */
  for (guint i = 0; i < 5 && !(last.rate > 0); i++)
    wait_next (&last);
  g_test_message ("%s", last.detail);
  g_assert_cmpfloat (last.rate, >, 0);
  g_assert_nonnull (strstr (last.detail, "rejecting "));
  g_assert_nonnull (strstr (last.detail, " connections per second since the last check"));
  g_assert_cmpint (last.state, !=, IC_PROBE_STATE_OK);
  /* And the one after, with no new rejections, does not. */
  wait_next (&last);
  g_assert_cmpfloat (last.rate, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (held[i] != NULL)
      redisFree (held[i]);
  ic_probe_scheduler_stop (scheduler);
  ic_test_cluster_stop (&server);
  g_free (last.detail);
}

static void
test_new_destroy (void)
{
  IcProbeScheduler *scheduler = ic_probe_scheduler_new (1);

  g_assert_true (ic_probe_scheduler_add (scheduler, 1, "tcp://127.0.0.1:1", NULL, 1000, 2, 2,
                                         NULL));
  g_assert_finalize_object (scheduler);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-scheduler/new-destroy", test_new_destroy);
  g_test_add_func ("/ic/probe-scheduler/rejection-rate", test_rejection_rate);
  g_test_add ("/ic/probe-scheduler/thresholds", Fixture, NULL, setup, test_thresholds,
              teardown);
  g_test_add ("/ic/probe-scheduler/same-tick", Fixture, NULL, setup, test_same_tick, teardown);
  g_test_add ("/ic/probe-scheduler/concurrency-cap", Fixture, NULL, setup, test_concurrency_cap,
              teardown);
  g_test_add ("/ic/probe-scheduler/pause-and-remove", Fixture, NULL, setup,
              test_pause_and_remove, teardown);

  return g_test_run ();
}
