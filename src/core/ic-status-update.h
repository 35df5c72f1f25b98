/* ic-status-update.h — one-line status updates, reminders and incident metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

char     *ic_status_update_format    (IcIncidentStatus   status,
                                      const char        *what_we_see,
                                      const char        *action,
                                      int                next_update_minutes,
                                      GError           **error);

gint64    ic_store_add_status_update (IcStore           *self,
                                      IcIncident        *incident,
                                      IcIncidentStatus   status,
                                      const char        *what_we_see,
                                      const char        *action,
                                      int                next_update_minutes,
                                      char             **message,
                                      GError           **error);
gint64    ic_store_get_next_update_at (IcStore          *self,
                                       IcIncident       *incident);
gboolean  ic_store_snooze_update     (IcStore           *self,
                                      IcIncident        *incident,
                                      int                minutes,
                                      GError           **error);

gboolean  ic_store_action_needs_evidence (IcStore       *self,
                                          IcIncident    *incident,
                                          gboolean       reversible);
gint64    ic_store_add_action        (IcStore           *self,
                                      IcIncident        *incident,
                                      const char        *text,
                                      gboolean           reversible,
                                      gboolean           taken,
                                      const char        *evidence,
                                      GError           **error);
GStrv     ic_store_list_actions      (IcStore           *self,
                                      IcIncident        *incident);

typedef struct
{
  gint64 since_alert;          /* µs */
  gint64 to_first_hypothesis;  /* µs from the alert, -1 if none yet */
  gint64 to_mitigation;        /* µs from the alert, -1 if not mitigated */
  gint64 to_resolution;        /* µs from the alert, -1 if not resolved */
} IcIncidentMetrics;

void      ic_store_get_metrics       (IcStore           *self,
                                      IcIncident        *incident,
                                      IcIncidentMetrics *metrics);

G_END_DECLS
