/* ic-probe-types.h — probe states and the probe error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * IcProbeState:
 * @IC_PROBE_STATE_OK: the check passed
 * @IC_PROBE_STATE_DEGRADED: passed, but slow or over a warning threshold
 * @IC_PROBE_STATE_FAILING: the check ran and failed
 * @IC_PROBE_STATE_ERROR: the check could not run (DNS, refused, TLS, timeout)
 */
typedef enum
{
  IC_PROBE_STATE_OK,
  IC_PROBE_STATE_DEGRADED,
  IC_PROBE_STATE_FAILING,
  IC_PROBE_STATE_ERROR,
} IcProbeState;

#define IC_PROBE_ERROR (ic_probe_error_quark ())

/**
 * IcProbeError:
 * How a check failed. The message of such an error always keeps the
 * underlying library's text verbatim.
 */
typedef enum
{
  IC_PROBE_ERROR_FAILED,
  IC_PROBE_ERROR_DNS,
  IC_PROBE_ERROR_REFUSED,
  IC_PROBE_ERROR_TLS,
  IC_PROBE_ERROR_TIMEOUT,
  IC_PROBE_ERROR_PROTOCOL,
  IC_PROBE_ERROR_AUTH,
  IC_PROBE_ERROR_HTTP_STATUS,
  IC_PROBE_ERROR_SATURATED,
  IC_PROBE_ERROR_CANCELLED,
} IcProbeError;

GQuark       ic_probe_error_quark          (void);
const char  *ic_probe_state_to_string      (IcProbeState   state);
gboolean     ic_probe_state_from_string    (const char    *str,
                                            IcProbeState  *state);
const char  *ic_probe_error_to_string      (IcProbeError   code);
IcProbeError ic_probe_error_classify       (const GError  *error);
GError      *ic_probe_error_new_from_error (const GError  *error);

G_END_DECLS
