/* ic-similar.h — "Seen before": past incidents like this one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_SIMILAR (ic_similar_get_type ())

G_DECLARE_FINAL_TYPE (IcSimilar, ic_similar, IC, SIMILAR, GObject)

/* At most this many are offered. */
#define IC_SIMILAR_MAX 5

gint64      ic_similar_get_incident_id   (IcSimilar *self);
const char *ic_similar_get_title         (IcSimilar *self);
gint64      ic_similar_get_alert_time    (IcSimilar *self);
gint64      ic_similar_get_duration      (IcSimilar *self);
const char *ic_similar_get_root_cause    (IcSimilar *self);
const char *ic_similar_get_detection_gap (IcSimilar *self);
const char *ic_similar_get_fix           (IcSimilar *self);
char       *ic_similar_dup_hypothesis    (IcSimilar *self);

char       *ic_similar_build_query       (const char * const *texts);

void        ic_store_find_similar_async  (IcStore             *store,
                                          IcIncident          *incident,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GListModel *ic_store_find_similar_finish (IcStore             *store,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
