/* ic-probe-types.c — probe states and the probe error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <string.h>

#include "ic-probe-types.h"

G_DEFINE_QUARK (ic-probe-error-quark, ic_probe_error)

static const char * const state_names[] = { "ok", "degraded", "failing", "error" };

static const char * const error_names[] = {
  "failed", "dns", "refused", "tls", "timeout", "protocol", "auth", "http-status",
  "saturated", "cancelled",
};

const char *
ic_probe_state_to_string (IcProbeState state)
{
  g_return_val_if_fail (state <= IC_PROBE_STATE_ERROR, NULL);
  return state_names[state];
}

gboolean
ic_probe_state_from_string (const char   *str,
                            IcProbeState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (str, state_names[i]) == 0)
        {
          *state = (IcProbeState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ic_probe_error_to_string (IcProbeError code)
{
  g_return_val_if_fail (code <= IC_PROBE_ERROR_CANCELLED, NULL);
  return error_names[code];
}

static IcProbeError
classify_io_error (int code)
{
  switch (code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
      return IC_PROBE_ERROR_REFUSED;
    case G_IO_ERROR_TIMED_OUT:
      return IC_PROBE_ERROR_TIMEOUT;
    case G_IO_ERROR_CANCELLED:
      return IC_PROBE_ERROR_CANCELLED;
    case G_IO_ERROR_HOST_NOT_FOUND:
      return IC_PROBE_ERROR_DNS;
    case G_IO_ERROR_PERMISSION_DENIED:
      return IC_PROBE_ERROR_AUTH;
    case G_IO_ERROR_INVALID_DATA:
    case G_IO_ERROR_BROKEN_PIPE:
    case G_IO_ERROR_PARTIAL_INPUT:
      return IC_PROBE_ERROR_PROTOCOL;
    default:
      return IC_PROBE_ERROR_FAILED;
    }
}

/**
 * ic_probe_error_classify:
 * @error: an error from GIO, GResolver or GTLS (libsoup and our Redis
 *   client report through these domains)
 *
 * Returns: the probe error kind that describes @error
 */
IcProbeError
ic_probe_error_classify (const GError *error)
{
  g_return_val_if_fail (error != NULL, IC_PROBE_ERROR_FAILED);

  if (error->domain == IC_PROBE_ERROR)
    return (IcProbeError) error->code;
  if (error->domain == G_RESOLVER_ERROR)
    return IC_PROBE_ERROR_DNS;
  if (error->domain == G_TLS_ERROR)
    return IC_PROBE_ERROR_TLS;
  if (error->domain == G_IO_ERROR)
    return classify_io_error (error->code);
  return IC_PROBE_ERROR_FAILED;
}

/**
 * ic_probe_error_new_from_error:
 *
 * Returns: (transfer full): an #IC_PROBE_ERROR with the classified code and
 *   @error's message, verbatim
 */
GError *
ic_probe_error_new_from_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  return g_error_new_literal (IC_PROBE_ERROR, ic_probe_error_classify (error), error->message);
}
