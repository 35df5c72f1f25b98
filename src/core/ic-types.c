/* ic-types.c — string forms of the shared enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-types.h"

typedef struct
{
  int         value;
  const char *nick;
} EnumNick;

static const EnumNick severity_nicks[] = {
  { IC_SEVERITY_SEV1, "sev1" },
  { IC_SEVERITY_SEV2, "sev2" },
  { IC_SEVERITY_SEV3, "sev3" },
  { IC_SEVERITY_SEV4, "sev4" },
  { 0, NULL },
};

static const EnumNick status_nicks[] = {
  { IC_INCIDENT_STATUS_INVESTIGATING, "investigating" },
  { IC_INCIDENT_STATUS_IDENTIFIED, "identified" },
  { IC_INCIDENT_STATUS_MITIGATING, "mitigating" },
  { IC_INCIDENT_STATUS_MONITORING, "monitoring" },
  { IC_INCIDENT_STATUS_RESOLVED, "resolved" },
  { 0, NULL },
};

static const EnumNick via_nicks[] = {
  { IC_CREATED_VIA_APP, "app" },
  { IC_CREATED_VIA_CLI, "cli" },
  { IC_CREATED_VIA_URI, "uri" },
  { IC_CREATED_VIA_ALERT, "alert" },
  { 0, NULL },
};

static const EnumNick breathe_nicks[] = {
  { IC_BREATHE_STATE_PENDING, "pending" },
  { IC_BREATHE_STATE_COMPLETED, "completed" },
  { IC_BREATHE_STATE_SKIPPED, "skipped" },
  { 0, NULL },
};

static const EnumNick scope_nicks[] = {
  { IC_BLAST_SCOPE_UNKNOWN, "unknown" },
  { IC_BLAST_SCOPE_ALL, "all" },
  { IC_BLAST_SCOPE_SUBSET, "subset" },
  { 0, NULL },
};

static const EnumNick change_kind_nicks[] = {
  { IC_CHANGE_KIND_DEPLOY, "deploy" },
  { IC_CHANGE_KIND_CONFIG, "config" },
  { IC_CHANGE_KIND_DNS, "dns" },
  { IC_CHANGE_KIND_MIGRATION, "migration" },
  { IC_CHANGE_KIND_FEATURE_FLAG, "feature-flag" },
  { IC_CHANGE_KIND_OTHER, "other" },
  { 0, NULL },
};

static const EnumNick answer_nicks[] = {
  { IC_CHECK_ANSWER_UNANSWERED, "unanswered" },
  { IC_CHECK_ANSWER_YES, "yes" },
  { IC_CHECK_ANSWER_NO, "no" },
  { IC_CHECK_ANSWER_UNKNOWN, "unknown" },
  { 0, NULL },
};

static const EnumNick likelihood_nicks[] = {
  { IC_LIKELIHOOD_LIKELY, "likely" },
  { IC_LIKELIHOOD_POSSIBLE, "possible" },
  { IC_LIKELIHOOD_WILD_CARD, "wild-card" },
  { 0, NULL },
};

static const EnumNick hypothesis_status_nicks[] = {
  { IC_HYPOTHESIS_STATUS_OPEN, "open" },
  { IC_HYPOTHESIS_STATUS_TESTING, "testing" },
  { IC_HYPOTHESIS_STATUS_CONFIRMED, "confirmed" },
  { IC_HYPOTHESIS_STATUS_REFUTED, "refuted" },
  { 0, NULL },
};

static const EnumNick stance_nicks[] = {
  { IC_STANCE_FOR, "for" },
  { IC_STANCE_AGAINST, "against" },
  { 0, NULL },
};

static const char *
lookup_nick (const EnumNick *table,
             int             value)
{
  for (guint i = 0; table[i].nick != NULL; i++)
    if (table[i].value == value)
      return table[i].nick;
  return NULL;
}

static gboolean
lookup_value (const EnumNick *table,
              const char     *str,
              int            *value)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; table[i].nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (table[i].nick, str) == 0)
        {
          *value = table[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ic_severity_to_string (IcSeverity severity)
{
  return lookup_nick (severity_nicks, severity);
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
  if (!lookup_value (severity_nicks, str, &value))
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
ic_incident_status_to_string (IcIncidentStatus status)
{
  return lookup_nick (status_nicks, status);
}

gboolean
ic_incident_status_from_string (const char       *str,
                                IcIncidentStatus *status)
{
  int value;

  g_return_val_if_fail (status != NULL, FALSE);

  if (!lookup_value (status_nicks, str, &value))
    return FALSE;
  *status = (IcIncidentStatus) value;
  return TRUE;
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
ic_created_via_to_string (IcCreatedVia via)
{
  return lookup_nick (via_nicks, via);
}

gboolean
ic_created_via_from_string (const char   *str,
                            IcCreatedVia *via)
{
  int value;

  g_return_val_if_fail (via != NULL, FALSE);

  if (!lookup_value (via_nicks, str, &value))
    return FALSE;
  *via = (IcCreatedVia) value;
  return TRUE;
}

const char *
ic_breathe_state_to_string (IcBreatheState state)
{
  return lookup_nick (breathe_nicks, state);
}

gboolean
ic_breathe_state_from_string (const char     *str,
                              IcBreatheState *state)
{
  int value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (!lookup_value (breathe_nicks, str, &value))
    return FALSE;
  *state = (IcBreatheState) value;
  return TRUE;
}

const char *
ic_blast_scope_to_string (IcBlastScope scope)
{
  return lookup_nick (scope_nicks, scope);
}

gboolean
ic_blast_scope_from_string (const char   *str,
                            IcBlastScope *scope)
{
  int value;

  g_return_val_if_fail (scope != NULL, FALSE);

  if (!lookup_value (scope_nicks, str, &value))
    return FALSE;
  *scope = (IcBlastScope) value;
  return TRUE;
}

const char *
ic_change_kind_to_string (IcChangeKind kind)
{
  return lookup_nick (change_kind_nicks, kind);
}

gboolean
ic_change_kind_from_string (const char   *str,
                            IcChangeKind *kind)
{
  int value;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (!lookup_value (change_kind_nicks, str, &value))
    return FALSE;
  *kind = (IcChangeKind) value;
  return TRUE;
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
ic_check_answer_to_string (IcCheckAnswer answer)
{
  return lookup_nick (answer_nicks, answer);
}

gboolean
ic_check_answer_from_string (const char    *str,
                             IcCheckAnswer *answer)
{
  int value;

  g_return_val_if_fail (answer != NULL, FALSE);

  if (!lookup_value (answer_nicks, str, &value))
    return FALSE;
  *answer = (IcCheckAnswer) value;
  return TRUE;
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

#define DEFINE_NICKS(prefix, Type, table)                                  \
  const char *                                                             \
  prefix##_to_string (Type value)                                          \
  {                                                                        \
    return lookup_nick (table, value);                                     \
  }                                                                        \
                                                                           \
  gboolean                                                                 \
  prefix##_from_string (const char *str,                                   \
                        Type       *value)                                 \
  {                                                                        \
    int v;                                                                 \
                                                                           \
    g_return_val_if_fail (value != NULL, FALSE);                           \
    if (!lookup_value (table, str, &v))                                    \
      return FALSE;                                                        \
    *value = (Type) v;                                                     \
    return TRUE;                                                           \
  }

DEFINE_NICKS (ic_likelihood, IcLikelihood, likelihood_nicks)
DEFINE_NICKS (ic_hypothesis_status, IcHypothesisStatus, hypothesis_status_nicks)
DEFINE_NICKS (ic_stance, IcStance, stance_nicks)

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
