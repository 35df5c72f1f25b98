/* ic-probe-config.c — the one check of a probe's configuration, typed or imported
 *
 * The probe form and the import of an incident file both go through
 * ic_probe_config_check(), so a probe read from a file is held to exactly
 * what a typed one is (DESIGN.md §9: what comes from a file is data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ic-json-condition.h"
#include "ic-probe-config.h"
#include "ic-probe.h"
#include "ic-probe-spec.h"

/* "200-299,301": digits, ranges and commas only. */
static gboolean
valid_status_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (g_strstrip (parts[i]), "-", 2);
      guint64 low = 0, high = 0;

      if (!g_ascii_string_to_unsigned (range[0], 10, 100, 599, &low, NULL)
          || (range[1] != NULL
              && (!g_ascii_string_to_unsigned (range[1], 10, 100, 599, &high, NULL)
                  || high < low)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_spec (const char  *kind,
            const char  *spec,
            GError     **error)
{
  g_autoptr(IcProbeSpec) parsed = ic_probe_spec_parse (spec, error);
  const char *parsed_kind;

  if (parsed == NULL)
    return FALSE;
  parsed_kind = ic_probe_kind_to_string (parsed->kind);
  if (kind != NULL && g_strcmp0 (kind, parsed_kind) != 0)
    {
      /* Translators: "The probe is called a redis probe, but its target is a http one" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The probe is called a %s probe, but its target is a %s one"), kind,
                   parsed_kind);
      return FALSE;
    }
  return TRUE;
}

/* A stored probe runs from whatever folder the app was started in: a
 * relative path would name a different file each time. */
static gboolean
check_ca_file (const char  *ca_file,
               GError     **error)
{
  if (ca_file != NULL && *ca_file != '\0' && !g_path_is_absolute (ca_file))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Trusted CA file: “%s” is not a full path; write one starting with /"),
                   ca_file);
      return FALSE;
    }
  return ic_probe_check_ca_file (ca_file, error);
}

/* Returns the first part of @checks that is wrong, or -1. */
static int
check_parts (const IcProbeChecks  *checks,
             GError              **error)
{
  const char *status = checks->expected_status;

  if (status != NULL && *status != '\0' && !valid_status_list (status))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Expected status: write codes and ranges such as 200-299,301"));
      return IC_PROBE_PART_STATUS;
    }
  if (checks->json_condition != NULL && *checks->json_condition != '\0')
    {
      g_autoptr(IcJsonCondition) parsed = ic_json_condition_parse (checks->json_condition, error);

      if (parsed == NULL)
        return IC_PROBE_PART_CONDITION;
    }
  if (checks->latency_threshold_ms > IC_PROBE_MAX_LATENCY_THRESHOLD_MS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Latency threshold: a number of milliseconds"));
      return IC_PROBE_PART_LATENCY;
    }
  if (!ic_probe_check_method (checks->method, error))
    return IC_PROBE_PART_METHOD;
  if (!ic_probe_check_headers (checks->headers, error))
    return IC_PROBE_PART_HEADERS;
  if (!check_ca_file (checks->ca_file, error))
    return IC_PROBE_PART_CA_FILE;
  return -1;
}

/**
 * ic_probe_config_check:
 * @kind: (nullable): the kind the probe is stored as (http, redis, …),
 *   which must be its target's; %NULL when the target decides
 * @spec: (nullable): the target as a URL
 * @checks: what the check sends and accepts
 * @bad: (out) (optional): the part that is wrong, when one is
 *
 * Checks a probe's configuration as a probe will use it: a target that
 * parses (of @kind), an expected-status list, a JSON condition, a latency
 * threshold of at most ten minutes, an HTTP method, header lines (an
 * Authorization value is refused: it belongs in the keyring) and a trusted
 * CA file named by a full path (see ic_probe_check_ca_file(): its
 * metadata only is read, so this is safe on the main loop).
 *
 * Returns: %TRUE if the probe can be stored and run; otherwise %FALSE
 *   with @error saying what is wrong
 */
gboolean
ic_probe_config_check (const char           *kind,
                       const char           *spec,
                       const IcProbeChecks  *checks,
                       IcProbePart          *bad,
                       GError              **error)
{
  int part;

  g_return_val_if_fail (checks != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_spec (kind, spec, error))
    part = IC_PROBE_PART_SPEC;
  else
    part = check_parts (checks, error);
  if (part < 0)
    return TRUE;
  if (bad != NULL)
    *bad = (IcProbePart) part;
  return FALSE;
}

/**
 * ic_probe_config_check_imported:
 * @user_data: unused
 *
 * ic_probe_config_check() in the shape of #IcProbeCheckFunc, for
 * ic_store_import_incident_json().
 */
gboolean
ic_probe_config_check_imported (const char           *kind,
                                const char           *spec,
                                const IcProbeChecks  *checks,
                                gpointer              user_data,
                                GError              **error)
{
  return ic_probe_config_check (kind, spec, checks, NULL, error);
}
