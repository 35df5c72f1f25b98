/* ic-types.c — string forms of the shared enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-enum-types.h"
#include "ic-types.h"

/* The stable string form of an enum value is its GEnumValue nick, as
 * gnome.mkenums_simple() generates it from the value's name
 * (IC_CHANGE_KIND_FEATURE_FLAG → "feature-flag"): one table, the enum. */
/**
 * ic_enum_to_nick:
 * @type: an enum's GType (ic-enum-types.h)
 *
 * Returns: (nullable): @value's string form, %NULL if it is not one of @type
 */
const char *
ic_enum_to_nick (GType type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : NULL;
}

/**
 * ic_enum_from_nick:
 * @str: (nullable): a string form, in any case
 * @value: (out): the value it names
 *
 * Returns: %TRUE if @str is the string form of a value of @type
 */
gboolean
ic_enum_from_nick (GType       type,
                   const char *str,
                   int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;

  if (str == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  for (guint i = 0; i < klass->n_values; i++)
    {
      if (g_ascii_strcasecmp (klass->values[i].value_nick, str) == 0)
        {
          *value = klass->values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

#define DEFINE_NICKS(prefix, Type, TYPE)                                   \
  const char *                                                             \
  prefix##_to_string (Type value)                                          \
  {                                                                        \
    return ic_enum_to_nick (TYPE, value);                                          \
  }                                                                        \
                                                                           \
  gboolean                                                                 \
  prefix##_from_string (const char *str,                                   \
                        Type       *value)                                 \
  {                                                                        \
    int v;                                                                 \
                                                                           \
    g_return_val_if_fail (value != NULL, FALSE);                           \
    if (!ic_enum_from_nick (TYPE, str, &v))                                         \
      return FALSE;                                                        \
    *value = (Type) v;                                                     \
    return TRUE;                                                           \
  }

DEFINE_NICKS (ic_incident_status, IcIncidentStatus, IC_TYPE_INCIDENT_STATUS)
DEFINE_NICKS (ic_created_via, IcCreatedVia, IC_TYPE_CREATED_VIA)
DEFINE_NICKS (ic_breathe_state, IcBreatheState, IC_TYPE_BREATHE_STATE)
DEFINE_NICKS (ic_blast_scope, IcBlastScope, IC_TYPE_BLAST_SCOPE)
DEFINE_NICKS (ic_change_kind, IcChangeKind, IC_TYPE_CHANGE_KIND)
DEFINE_NICKS (ic_check_answer, IcCheckAnswer, IC_TYPE_CHECK_ANSWER)
DEFINE_NICKS (ic_likelihood, IcLikelihood, IC_TYPE_LIKELIHOOD)
DEFINE_NICKS (ic_hypothesis_status, IcHypothesisStatus, IC_TYPE_HYPOTHESIS_STATUS)
DEFINE_NICKS (ic_stance, IcStance, IC_TYPE_STANCE)
DEFINE_NICKS (ic_probe_kind, IcProbeKind, IC_TYPE_PROBE_KIND)

const char *
ic_severity_to_string (IcSeverity severity)
{
  return ic_enum_to_nick (IC_TYPE_SEVERITY, severity);
}

/**
 * ic_severity_from_string:
 * @str: "sev1" … "sev4" (any case), or "1" … "4"
 * @severity: (out): the parsed value
 *
 * Returns: %TRUE if @str names a severity
 */
gboolean
ic_severity_from_string (const char *str,
                         IcSeverity *severity)
{
  int value;

  g_return_val_if_fail (severity != NULL, FALSE);

  if (str != NULL && str[0] >= '1' && str[0] <= '4' && str[1] == '\0')
    {
      *severity = (IcSeverity) (str[0] - '0');
      return TRUE;
    }
  if (!ic_enum_from_nick (IC_TYPE_SEVERITY, str, &value))
    return FALSE;
  *severity = (IcSeverity) value;
  return TRUE;
}

const char *
ic_severity_get_label (IcSeverity severity)
{
  switch (severity)
    {
    case IC_SEVERITY_SEV1:
      /* Translators: incident severity; SEV is the usual abbreviation */
      return _("SEV1 · Critical");
    case IC_SEVERITY_SEV2:
      return _("SEV2 · Major");
    case IC_SEVERITY_SEV3:
      return _("SEV3 · Minor");
    case IC_SEVERITY_SEV4:
      return _("SEV4 · Low");
    default:
      return _("Unknown severity");
    }
}

const char *
ic_incident_status_get_label (IcIncidentStatus status)
{
  switch (status)
    {
    case IC_INCIDENT_STATUS_INVESTIGATING:
      return _("Investigating");
    case IC_INCIDENT_STATUS_IDENTIFIED:
      return _("Identified");
    case IC_INCIDENT_STATUS_MITIGATING:
      return _("Mitigating");
    case IC_INCIDENT_STATUS_MONITORING:
      return _("Monitoring");
    case IC_INCIDENT_STATUS_RESOLVED:
      return _("Resolved");
    default:
      return _("Unknown status");
    }
}

const char *
ic_change_kind_get_label (IcChangeKind kind)
{
  switch (kind)
    {
    case IC_CHANGE_KIND_DEPLOY:
      return _("Deploy");
    case IC_CHANGE_KIND_CONFIG:
      return _("Config push");
    case IC_CHANGE_KIND_DNS:
      return _("DNS change");
    case IC_CHANGE_KIND_MIGRATION:
      return _("Database migration");
    case IC_CHANGE_KIND_FEATURE_FLAG:
      return _("Feature flag");
    case IC_CHANGE_KIND_OTHER:
    default:
      return _("Other change");
    }
}

const char *
ic_check_answer_get_label (IcCheckAnswer answer)
{
  switch (answer)
    {
    case IC_CHECK_ANSWER_YES:
      return _("Yes");
    case IC_CHECK_ANSWER_NO:
      return _("No");
    case IC_CHECK_ANSWER_UNKNOWN:
      return _("Unknown");
    case IC_CHECK_ANSWER_UNANSWERED:
    default:
      return _("Not answered");
    }
}

/* Hypotheses ------------------------------------------------------------ */


const char *
ic_likelihood_get_label (IcLikelihood likelihood)
{
  switch (likelihood)
    {
    case IC_LIKELIHOOD_LIKELY:
      return _("Likely");
    case IC_LIKELIHOOD_POSSIBLE:
      return _("Possible");
    case IC_LIKELIHOOD_WILD_CARD:
      /* Translators: an improbable hypothesis, kept on purpose */
      return _("Wild card");
    default:
      return _("Unknown likelihood");
    }
}

const char *
ic_hypothesis_status_get_label (IcHypothesisStatus status)
{
  switch (status)
    {
    case IC_HYPOTHESIS_STATUS_OPEN:
      return _("Open");
    case IC_HYPOTHESIS_STATUS_TESTING:
      return _("Testing");
    case IC_HYPOTHESIS_STATUS_CONFIRMED:
      return _("Confirmed");
    case IC_HYPOTHESIS_STATUS_REFUTED:
      return _("Refuted");
    default:
      return _("Unknown status");
    }
}
