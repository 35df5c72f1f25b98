/* test-types.c — string forms of the shared enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-types.h"

static void
test_severity_round_trip (void)
{
  for (IcSeverity s = IC_SEVERITY_SEV1; s <= IC_SEVERITY_SEV4; s++)
    {
      IcSeverity parsed = 0;
      const char *str = ic_severity_to_string (s);

      g_assert_nonnull (str);
      g_assert_true (ic_severity_from_string (str, &parsed));
      g_assert_cmpint (parsed, ==, s);
      g_assert_nonnull (ic_severity_get_label (s));
    }
}

static void
test_severity_parse (void)
{
  struct { const char *in; gboolean ok; IcSeverity out; } cases[] = {
    { "sev1", TRUE, IC_SEVERITY_SEV1 },
    { "SEV3", TRUE, IC_SEVERITY_SEV3 },
    { "4", TRUE, IC_SEVERITY_SEV4 },
    { "2", TRUE, IC_SEVERITY_SEV2 },
    { "0", FALSE, 0 },
    { "5", FALSE, 0 },
    { "sev5", FALSE, 0 },
    { "", FALSE, 0 },
    { "critical", FALSE, 0 },
    { "12", FALSE, 0 },
    { NULL, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IcSeverity parsed = IC_SEVERITY_SEV2;

      g_test_message ("input %s", cases[i].in ? cases[i].in : "(null)");
      g_assert_cmpint (ic_severity_from_string (cases[i].in, &parsed), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (parsed, ==, cases[i].out);
    }
}

static void
test_status_round_trip (void)
{
  const char *expected[] = { "investigating", "identified", "mitigating", "monitoring",
                             "resolved" };

  for (IcIncidentStatus s = IC_INCIDENT_STATUS_INVESTIGATING; s <= IC_INCIDENT_STATUS_RESOLVED;
       s++)
    {
      IcIncidentStatus parsed = 0;

      g_assert_cmpstr (ic_incident_status_to_string (s), ==, expected[s]);
      g_assert_true (ic_incident_status_from_string (expected[s], &parsed));
      g_assert_cmpint (parsed, ==, s);
      g_assert_nonnull (ic_incident_status_get_label (s));
    }
  {
    IcIncidentStatus parsed = IC_INCIDENT_STATUS_MONITORING;

    g_assert_false (ic_incident_status_from_string ("closed", &parsed));
    g_assert_cmpint (parsed, ==, IC_INCIDENT_STATUS_MONITORING);
  }
}

static void
test_other_enums (void)
{
  IcCreatedVia via = 0;
  IcBreatheState breathe = 0;
  IcBlastScope scope = 0;

  g_assert_true (ic_created_via_from_string ("uri", &via));
  g_assert_cmpint (via, ==, IC_CREATED_VIA_URI);
  g_assert_cmpstr (ic_created_via_to_string (IC_CREATED_VIA_ALERT), ==, "alert");
  g_assert_false (ic_created_via_from_string ("email", &via));

  g_assert_true (ic_breathe_state_from_string ("skipped", &breathe));
  g_assert_cmpint (breathe, ==, IC_BREATHE_STATE_SKIPPED);
  g_assert_cmpstr (ic_breathe_state_to_string (IC_BREATHE_STATE_COMPLETED), ==, "completed");

  g_assert_true (ic_blast_scope_from_string ("subset", &scope));
  g_assert_cmpint (scope, ==, IC_BLAST_SCOPE_SUBSET);
  g_assert_cmpstr (ic_blast_scope_to_string (IC_BLAST_SCOPE_ALL), ==, "all");
  g_assert_false (ic_blast_scope_from_string ("some", &scope));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/types/severity/round-trip", test_severity_round_trip);
  g_test_add_func ("/ic/types/severity/parse", test_severity_parse);
  g_test_add_func ("/ic/types/status/round-trip", test_status_round_trip);
  g_test_add_func ("/ic/types/other-enums", test_other_enums);

  return g_test_run ();
}
