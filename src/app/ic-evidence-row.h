/* ic-evidence-row.h — one piece of evidence on a hypothesis card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ic-hypothesis.h"

G_BEGIN_DECLS

#define IC_TYPE_EVIDENCE_ROW (ic_evidence_row_get_type ())

G_DECLARE_FINAL_TYPE (IcEvidenceRow, ic_evidence_row, IC, EVIDENCE_ROW, GtkWidget)

GtkWidget  *ic_evidence_row_new          (IcEvidence    *evidence);
IcEvidence *ic_evidence_row_get_evidence (IcEvidenceRow *self);
const char *ic_evidence_row_get_text     (IcEvidenceRow *self);

G_END_DECLS
