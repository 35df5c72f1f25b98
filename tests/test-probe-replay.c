/* test-probe-replay.c — a drill's scripted probes: what they answer when,
 * on the incident's clock, before and after the fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ic-probe-node.h"
#include "ic-probe-replay.h"
#include "ic-probe-spec.h"
#include "ic-probe.h"
#include "ic-test-scenario.h"

#define START_US G_GINT64_CONSTANT (1795852800000000)
#define SECOND_US G_GINT64_CONSTANT (1000000)

typedef struct
{
  IcClock       *clock;
  IcDrillRecord  record;
  char          *text;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  fx->text = ic_test_scenario_text ();
  fx->clock = ic_clock_new_manual (START_US);
  fx->record.incident_id = 7;
  fx->record.scenario_id = (char *) "base";
  fx->record.scenario = fx->text;
  fx->record.started_at = START_US;
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  ic_probe_replay_remove_drill (7);
  g_clear_object (&fx->clock);
  g_free (fx->text);
}

static void
play (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_probe_replay_set_drill (fx->clock, &fx->record, &error));
  g_assert_no_error (error);
}

static IcProbeSample *
check (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (target, &error);
  IcProbeOptions options;
  IcProbeSample *sample;

  g_assert_no_error (error);
  g_assert_cmpint (spec->kind, ==, IC_PROBE_KIND_REPLAY);
  ic_probe_options_init (&options);
  sample = ic_probe_run_sync (spec, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sample);
  return sample;
}

#define CLUSTER "replay://drill/7/0?target=redis%3A%2F%2F10.0.4.11%3A6379%3Fcluster%3D1"
#define HEALTH  "replay://drill/7/1?target=https%3A%2F%2Flogin.example%2Fhealth"

static void
test_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (CLUSTER, &error);

  g_assert_no_error (error);
  g_assert_cmpint (spec->drill, ==, 7);
  g_assert_cmpuint (spec->drill_probe, ==, 0);
  g_clear_pointer (&spec, ic_probe_spec_free);
  spec = ic_probe_spec_parse ("replay://drill/seven/0", &error);
  g_assert_null (spec);
  g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a drill's probe is replay://drill/INCIDENT/PROBE"));
}

/* Contacting nothing, it says it is not playing until the app plays it. */
static void
test_not_playing (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(IcProbeSample) sample = check (CLUSTER);

  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpstr (sample->detail, ==, "This drill is not being played");
  g_assert_false (ic_probe_replay_has_drill (7));
}

static void
test_script (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(IcProbeSample) first = NULL;
  g_autoptr(IcProbeSample) later = NULL;
  g_autoptr(IcProbeSample) health = NULL;
  const IcProbeNode *node;

  play (fx);
  g_assert_true (ic_probe_replay_has_drill (7));
  first = check (CLUSTER);
  g_assert_cmpint (first->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_cmpint (first->latency_us, ==, 1500);
  g_assert_cmpstr (first->detail, ==, "one node near its limit");
  g_assert_cmpint (first->time, ==, START_US);
  /* The nodes as a live cluster check gives them: utilisation, near the
   * limit, and the skew warning (replicas left out of the sum). */
  g_assert_cmpuint (first->nodes->len, ==, 4);
  node = g_ptr_array_index (first->nodes, 2);
  g_assert_cmpstr (node->address, ==, "10.0.4.13:6379");
  g_assert_true (node->has_utilisation);
  g_assert_cmpfloat (node->utilisation, ==, 90.0);
  g_assert_true (node->near_limit);
  g_assert_false (((IcProbeNode *) g_ptr_array_index (first->nodes, 0))->near_limit);
  g_assert_cmpstr (((IcProbeNode *) g_ptr_array_index (first->nodes, 3))->primary, ==,
                   "10.0.4.11:6379");
  g_assert_cmpstr (first->skew, ==, "10.0.4.13:6379 holds 9000 of 9075 client connections");

  /* Two minutes on the incident's clock: the next sample of the script. */
  ic_clock_advance (fx->clock, 120 * SECOND_US);
  later = check (CLUSTER);
  g_assert_cmpint (later->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_cmpuint (later->nodes->len, ==, 3);

  health = check (HEALTH);
  g_assert_cmpint (health->state, ==, IC_PROBE_STATE_FAILING);
  g_assert_true (health->has_value);
  g_assert_cmpfloat (health->value, ==, 503);
  g_assert_null (health->nodes);
}

/* Paused, the drill's time stands still: the script does not move on. */
static void
test_paused (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(IcProbeSample) sample = NULL;

  fx->record.paused_at = START_US + 100 * SECOND_US;
  play (fx);
  ic_clock_advance (fx->clock, 600 * SECOND_US);
  sample = check (CLUSTER);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_DEGRADED);
}

/* Once the culprit is rolled back, the after-fix script plays from then. */
static void
test_fixed (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(IcProbeSample) right_after = NULL;
  g_autoptr(IcProbeSample) recovered = NULL;

  ic_clock_advance (fx->clock, 300 * SECOND_US);
  fx->record.fixed_at = ic_clock_get_now (fx->clock);
  play (fx);
  right_after = check (CLUSTER);
  g_assert_cmpint (right_after->state, ==, IC_PROBE_STATE_DEGRADED);
  g_assert_cmpstr (right_after->detail, ==, "clients reconnecting");
  ic_clock_advance (fx->clock, 30 * SECOND_US);
  recovered = check (CLUSTER);
  g_assert_cmpint (recovered->state, ==, IC_PROBE_STATE_OK);
  g_assert_null (recovered->skew);
}

static void
test_bad_scenario (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->record.scenario = (char *) "{}";
  g_assert_false (ic_probe_replay_set_drill (fx->clock, &fx->record, &error));
  g_assert_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_INVALID);
  g_assert_false (ic_probe_replay_has_drill (7));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-replay/spec", test_spec);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/ic/probe-replay/not-playing", test_not_playing);
  ADD ("/ic/probe-replay/script", test_script);
  ADD ("/ic/probe-replay/paused", test_paused);
  ADD ("/ic/probe-replay/fixed", test_fixed);
  ADD ("/ic/probe-replay/bad-scenario", test_bad_scenario);
#undef ADD
  return g_test_run ();
}
