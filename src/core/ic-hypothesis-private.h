/* ic-hypothesis-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-hypothesis.h"

G_BEGIN_DECLS

IcHypothesis *_ic_hypothesis_new        (gint64              id,
                                         gint64              incident_id,
                                         int                 rank,
                                         const char         *text,
                                         IcLikelihood        likelihood,
                                         IcHypothesisStatus  status,
                                         const char         *test_command,
                                         gint64              status_changed_at);
void          _ic_hypothesis_set_rank   (IcHypothesis       *self,
                                         int                 rank);
void          _ic_hypothesis_set_status (IcHypothesis       *self,
                                         IcHypothesisStatus  status,
                                         gint64              when);

IcEvidence   *_ic_evidence_new          (gint64              id,
                                         gint64              hypothesis_id,
                                         IcStance            stance,
                                         const char         *text,
                                         gint64              probe_sample_id,
                                         gint64              created_at);

G_END_DECLS
