/* ic-hypothesis.h — one ranked hypothesis, and one piece of evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_HYPOTHESIS_ERROR (ic_hypothesis_error_quark ())

typedef enum
{
  IC_HYPOTHESIS_ERROR_CONTROL_CHARACTER,
} IcHypothesisError;

#define IC_TYPE_HYPOTHESIS (ic_hypothesis_get_type ())
G_DECLARE_FINAL_TYPE (IcHypothesis, ic_hypothesis, IC, HYPOTHESIS, GObject)

#define IC_TYPE_EVIDENCE (ic_evidence_get_type ())
G_DECLARE_FINAL_TYPE (IcEvidence, ic_evidence, IC, EVIDENCE, GObject)

gint64              ic_hypothesis_get_id                (IcHypothesis *self);
gint64              ic_hypothesis_get_incident_id       (IcHypothesis *self);
int                 ic_hypothesis_get_rank              (IcHypothesis *self);
const char         *ic_hypothesis_get_text              (IcHypothesis *self);
void                ic_hypothesis_set_text              (IcHypothesis *self,
                                                         const char   *text);
IcLikelihood        ic_hypothesis_get_likelihood        (IcHypothesis *self);
void                ic_hypothesis_set_likelihood        (IcHypothesis *self,
                                                         IcLikelihood  likelihood);
const char         *ic_hypothesis_get_test_command      (IcHypothesis *self);
gboolean            ic_hypothesis_set_test_command      (IcHypothesis *self,
                                                         const char   *command,
                                                         GError      **error);
IcHypothesisStatus  ic_hypothesis_get_status            (IcHypothesis *self);
gint64              ic_hypothesis_get_status_changed_at (IcHypothesis *self);

GQuark              ic_hypothesis_error_quark           (void);
gboolean            ic_hypothesis_check_test_command    (const char   *command,
                                                         GError      **error);
char               *ic_hypothesis_make_test_command_visible (const char *command,
                                                             gboolean   *marked);

/* The rules, without the store: what a status change needs, and when the
 * board has enough hypotheses. */
const char         *ic_hypothesis_refuse_status         (IcHypothesis       *self,
                                                         IcHypothesisStatus  status,
                                                         GListModel         *evidence,
                                                         GListModel         *hypotheses);
gboolean            ic_hypotheses_meet_rule             (GListModel   *hypotheses);

gint64              ic_evidence_get_id                  (IcEvidence   *self);
gint64              ic_evidence_get_hypothesis_id       (IcEvidence   *self);
IcStance            ic_evidence_get_stance              (IcEvidence   *self);
const char         *ic_evidence_get_text                (IcEvidence   *self);
gint64              ic_evidence_get_probe_sample_id     (IcEvidence   *self);
gint64              ic_evidence_get_created_at          (IcEvidence   *self);

G_END_DECLS
