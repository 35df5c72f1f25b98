/* ic-test-scenario.h — tests/data/scenarios/base.json, the scenario the
 * drill tests share (a Redis cluster's sessions store, its culprit the
 * renamed environment variable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ic-scenario.h"

/* Its path. */
static inline char *
ic_test_scenario_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "scenarios", "base.json", NULL);
}

/* Its text. */
static inline char *
ic_test_scenario_text (void)
{
  g_autofree char *path = ic_test_scenario_path ();
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* It, parsed; its text in @text if asked for. */
static inline IcScenario *
ic_test_scenario (char **text)
{
  g_autofree char *contents = ic_test_scenario_text ();
  g_autoptr(GError) error = NULL;
  IcScenario *scenario = ic_scenario_parse (contents, -1, "base.json", &error);

  g_assert_no_error (error);
  if (text != NULL)
    *text = g_steal_pointer (&contents);
  return scenario;
}
