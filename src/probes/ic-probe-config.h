/* ic-probe-config.h — the one check of a probe's configuration, typed or imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-probe-record.h"

G_BEGIN_DECLS

/**
 * IcProbePart:
 * Which part of a probe's configuration ic_probe_config_check() refused.
 */
typedef enum
{
  IC_PROBE_PART_SPEC,
  IC_PROBE_PART_STATUS,
  IC_PROBE_PART_CONDITION,
  IC_PROBE_PART_LATENCY,
  IC_PROBE_PART_METHOD,
  IC_PROBE_PART_HEADERS,
  IC_PROBE_PART_CA_FILE,
} IcProbePart;

/* The slowest latency threshold a probe takes, in milliseconds (ten minutes). */
#define IC_PROBE_MAX_LATENCY_THRESHOLD_MS 600000

gboolean ic_probe_config_check          (const char           *kind,
                                         const char           *spec,
                                         const IcProbeChecks  *checks,
                                         IcProbePart          *bad,
                                         GError              **error);
gboolean ic_probe_config_check_imported (const char           *kind,
                                         const char           *spec,
                                         const IcProbeChecks  *checks,
                                         gpointer              user_data,
                                         GError              **error);

G_END_DECLS
