/* ic-store-hypotheses.h — the store's hypotheses and their evidence (ic-store-hypotheses.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store.h"
#include "ic-hypothesis.h"

G_BEGIN_DECLS

GListModel   *ic_store_get_hypotheses          (IcStore        *self,
                                               IcIncident     *incident);
IcHypothesis *ic_store_add_hypothesis          (IcStore        *self,
                                               IcIncident     *incident,
                                               const char     *text,
                                               IcLikelihood    likelihood,
                                               const char     *test_command,
                                               GError        **error);
gboolean      ic_store_move_hypothesis         (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               int             rank,
                                               GError        **error);
gboolean      ic_store_set_hypothesis_status   (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               IcHypothesisStatus status,
                                               GError        **error);
gboolean      ic_store_delete_hypothesis       (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               GError        **error);
GListModel   *ic_store_get_evidence            (IcStore        *self,
                                               IcHypothesis   *hypothesis);
IcEvidence   *ic_store_add_evidence            (IcStore        *self,
                                               IcHypothesis   *hypothesis,
                                               IcStance        stance,
                                               const char     *text,
                                               gint64          probe_sample_id,
                                               GError        **error);
gboolean      ic_store_get_hypotheses_ready    (IcStore        *self,
                                               IcIncident     *incident);
gboolean      ic_store_get_hypothesis_rule_overridden (IcStore  *self,
                                               IcIncident     *incident);
gboolean      ic_store_override_hypothesis_rule (IcStore       *self,
                                               IcIncident     *incident,
                                               const char     *reason,
                                               GError        **error);

G_END_DECLS
