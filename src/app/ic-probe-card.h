/* ic-probe-card.h — one probe on the dashboard: its state, its results,
 * and what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-probe-record.h"
#include "ic-probe.h"

G_BEGIN_DECLS

#define IC_TYPE_PROBE_CARD (ic_probe_card_get_type ())

G_DECLARE_FINAL_TYPE (IcProbeCard, ic_probe_card, IC, PROBE_CARD, GtkWidget)

/* The state of a card whose probe has not reported yet. */
#define IC_PROBE_CARD_WAITING (-1)

GtkWidget     *ic_probe_card_new                 (IcProbeRecord        *record);
IcProbeRecord *ic_probe_card_get_record          (IcProbeCard          *self);
void           ic_probe_card_set_hypotheses      (IcProbeCard          *self,
                                                  GListModel           *hypotheses);
int            ic_probe_card_get_state           (IcProbeCard          *self);
const char    *ic_probe_card_get_state_text      (IcProbeCard          *self);
const char    *ic_probe_card_get_title           (IcProbeCard          *self);
const char    *ic_probe_card_get_target          (IcProbeCard          *self);
const char    *ic_probe_card_get_numbers         (IcProbeCard          *self);
const char    *ic_probe_card_get_detail          (IcProbeCard          *self);
gboolean       ic_probe_card_get_kept            (IcProbeCard          *self);
const char    *ic_probe_card_get_kept_text       (IcProbeCard          *self);
guint          ic_probe_card_get_history_length  (IcProbeCard          *self);
const char    *ic_probe_card_get_last_summary    (IcProbeCard          *self);
gint64         ic_probe_card_get_last_sample_id  (IcProbeCard          *self);
void           ic_probe_card_set_last_sample_id  (IcProbeCard          *self,
                                                  gint64                id);
GtkWidget     *ic_probe_card_get_node_table      (IcProbeCard          *self);
GtkWidget     *ic_probe_card_get_keep_button     (IcProbeCard          *self);

void           ic_probe_card_show_state          (IcProbeCard          *self,
                                                  int                   state);
void           ic_probe_card_show_stopped        (IcProbeCard          *self);
void           ic_probe_card_show_error          (IcProbeCard          *self,
                                                  const char           *message);
void           ic_probe_card_push_point          (IcProbeCard          *self,
                                                  gint64                latency_us,
                                                  IcProbeState          state);
void           ic_probe_card_show_result         (IcProbeCard          *self,
                                                  const IcStoredSample *sample,
                                                  IcProbeState          state);
void           ic_probe_card_show_sample         (IcProbeCard          *self,
                                                  const IcProbeSample  *sample);
void           ic_probe_card_set_keyring_problem (IcProbeCard          *self,
                                                  const char           *problem);
void           ic_probe_card_show_kept           (IcProbeCard          *self,
                                                  const char           *service,
                                                  gboolean              kept);

G_END_DECLS
