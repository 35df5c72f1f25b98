/* ic-store-changes.h — the store's recent changes and decision-tree checks (ic-store-changes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"
#include "ic-change.h"
#include "ic-decision-check.h"

G_BEGIN_DECLS

GListModel  *ic_store_get_changes            (IcStore        *self,
                                              IcIncident     *incident);
IcChange    *ic_store_add_change             (IcStore        *self,
                                              IcIncident     *incident,
                                              IcChangeKind    kind,
                                              const char     *description,
                                              gint64          changed_at,
                                              gboolean        reversible,
                                              GError        **error);
gboolean     ic_store_delete_change          (IcStore        *self,
                                              IcChange       *change,
                                              GError        **error);
gboolean     ic_store_roll_back_change       (IcStore        *self,
                                              IcIncident     *incident,
                                              IcChange       *change,
                                              GError        **error);
IcChange    *ic_store_get_rollback_candidate (IcStore        *self,
                                              IcIncident     *incident);

GListModel  *ic_store_get_decision_checks    (IcStore        *self,
                                              IcIncident     *incident);
gboolean     ic_store_answer_decision_check  (IcStore        *self,
                                              IcDecisionCheck *check,
                                              IcCheckAnswer   answer,
                                              const char     *note,
                                              GError        **error);
IcDecisionCheck *ic_store_get_next_decision_check (IcStore   *self,
                                              IcIncident     *incident);

G_END_DECLS
