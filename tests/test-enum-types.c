/* test-enum-types.c — the enums' GTypes (gnome.mkenums_simple), their
 * stable string forms, and the properties that hold them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-action-item.h"
#include "ic-alert.h"
#include "ic-change.h"
#include "ic-decision-check.h"
#include "ic-enum-types.h"
#include "ic-hypothesis.h"
#include "ic-incident.h"
#include "ic-rollback-timer.h"
#include "ic-types.h"

typedef struct
{
  GType              (*get_type) (void);
  const char * const  strings[8];   /* in value order: what the database keeps */
} EnumCase;

static const EnumCase cases[] = {
  { ic_incident_status_get_type,
    { "investigating", "identified", "mitigating", "monitoring", "resolved" } },
  { ic_created_via_get_type, { "app", "cli", "uri", "alert" } },
  { ic_breathe_state_get_type, { "pending", "completed", "skipped" } },
  { ic_blast_scope_get_type, { "unknown", "all", "subset" } },
  { ic_change_kind_get_type,
    { "deploy", "config", "dns", "migration", "feature-flag", "other" } },
  { ic_check_answer_get_type, { "unanswered", "yes", "no", "unknown" } },
  { ic_likelihood_get_type, { "likely", "possible", "wild-card" } },
  { ic_hypothesis_status_get_type, { "open", "testing", "confirmed", "refuted" } },
  { ic_stance_get_type, { "for", "against" } },
  { ic_probe_kind_get_type, { "http", "redis", "prometheus", "tcp", "dns", "replay" } },
  { ic_action_item_kind_get_type, { "monitoring", "process", "code", "other" } },
};

/* Every value's string form is the one stored, and reads back. */
static void
test_nicks (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      GType type = cases[c].get_type ();
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);
      guint n = 0;

      g_test_message ("%s", g_type_name (type));
      g_assert_true (G_TYPE_IS_ENUM (type));
      for (; n < G_N_ELEMENTS (cases[c].strings) && cases[c].strings[n] != NULL; n++)
        {
          g_autofree char *upper = g_ascii_strup (cases[c].strings[n], -1);
          int value = -1;

          g_assert_cmpstr (ic_enum_to_nick (type, (int) n), ==, cases[c].strings[n]);
          g_assert_true (ic_enum_from_nick (type, cases[c].strings[n], &value));
          g_assert_cmpint (value, ==, (int) n);
          value = -1;
          g_assert_true (ic_enum_from_nick (type, upper, &value));
          g_assert_cmpint (value, ==, (int) n);
        }
      g_assert_cmpuint (klass->n_values, ==, n);
      g_assert_null (ic_enum_to_nick (type, (int) n));
      g_assert_false (ic_enum_from_nick (type, NULL, &(int) { 0 }));
      g_assert_false (ic_enum_from_nick (type, "", &(int) { 0 }));
      g_assert_false (ic_enum_from_nick (type, "no such value", &(int) { 0 }));
    }
}

/* The typed functions agree with the nicks; severity also reads digits. */
static void
test_typed (void)
{
  IcSeverity severity = 0;
  IcProbeKind kind = 0;
  IcChangeKind change = 0;
  IcActionItemKind item = 0;

  g_assert_cmpstr (ic_severity_to_string (IC_SEVERITY_SEV1), ==, "sev1");
  g_assert_cmpstr (ic_severity_to_string (IC_SEVERITY_SEV4), ==, "sev4");
  g_assert_true (ic_severity_from_string ("SEV3", &severity));
  g_assert_cmpint (severity, ==, IC_SEVERITY_SEV3);
  g_assert_true (ic_severity_from_string ("2", &severity));
  g_assert_cmpint (severity, ==, IC_SEVERITY_SEV2);
  g_assert_false (ic_severity_from_string ("5", &severity));
  g_assert_false (ic_severity_from_string ("sev0", &severity));
  g_assert_cmpstr (ic_probe_kind_to_string (IC_PROBE_KIND_PROMETHEUS), ==, "prometheus");
  g_assert_true (ic_probe_kind_from_string ("dns", &kind));
  g_assert_cmpint (kind, ==, IC_PROBE_KIND_DNS);
  g_assert_false (ic_probe_kind_from_string ("gopher", &kind));
  g_assert_true (ic_change_kind_from_string ("feature-flag", &change));
  g_assert_cmpint (change, ==, IC_CHANGE_KIND_FEATURE_FLAG);
  g_assert_false (ic_change_kind_from_string ("feature_flag", &change));
  g_assert_true (ic_action_item_kind_from_string ("process", &item));
  g_assert_cmpint (item, ==, IC_ACTION_ITEM_PROCESS);
  g_assert_cmpstr (ic_action_item_kind_to_string (IC_ACTION_ITEM_CODE), ==, "code");
}

/* The properties that hold these enums are of the enum's type. */
static void
test_properties (void)
{
  struct { GType (*object) (void); const char *name; GType (*type) (void); } props[] = {
    { ic_incident_get_type, "severity", ic_severity_get_type },
    { ic_incident_get_type, "status", ic_incident_status_get_type },
    { ic_incident_get_type, "created-via", ic_created_via_get_type },
    { ic_incident_get_type, "breathe-state", ic_breathe_state_get_type },
    { ic_incident_get_type, "blast-scope", ic_blast_scope_get_type },
    { ic_hypothesis_get_type, "likelihood", ic_likelihood_get_type },
    { ic_hypothesis_get_type, "status", ic_hypothesis_status_get_type },
    { ic_change_get_type, "kind", ic_change_kind_get_type },
    { ic_decision_check_get_type, "answer", ic_check_answer_get_type },
    { ic_alert_get_type, "source", ic_alert_source_get_type },
    { ic_alert_get_type, "severity", ic_severity_get_type },
    { ic_rollback_timer_get_type, "state", ic_rollback_timer_state_get_type },
    { ic_action_item_get_type, "kind", ic_action_item_kind_get_type },
  };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (props[i].object ());
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), props[i].name);

      g_test_message ("%s:%s", g_type_name (props[i].object ()), props[i].name);
      g_assert_nonnull (pspec);
      g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
      g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == props[i].type ());
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/enum-types/nicks", test_nicks);
  g_test_add_func ("/ic/enum-types/typed", test_typed);
  g_test_add_func ("/ic/enum-types/properties", test_properties);

  return g_test_run ();
}
