/* ic-change-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-change.h"

G_BEGIN_DECLS

IcChange *_ic_change_new (gint64        id,
                          gint64        incident_id,
                          IcChangeKind  kind,
                          const char   *description,
                          gint64        changed_at,
                          gboolean      reversible,
                          gint64        rolled_back_at);
void      _ic_change_set_origin (IcChange   *self,
                                 const char *source,
                                 const char *revision,
                                 const char *author,
                                 const char *config_diff);

G_END_DECLS
