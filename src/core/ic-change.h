/* ic-change.h — a recent change (deploy, config push, …): the rollback candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ic-types.h"

G_BEGIN_DECLS

#define IC_TYPE_CHANGE (ic_change_get_type ())

G_DECLARE_FINAL_TYPE (IcChange, ic_change, IC, CHANGE, GObject)

gint64        ic_change_get_id             (IcChange     *self);
gint64        ic_change_get_incident_id    (IcChange     *self);
IcChangeKind  ic_change_get_kind           (IcChange     *self);
void          ic_change_set_kind           (IcChange     *self,
                                            IcChangeKind  kind);
const char   *ic_change_get_description    (IcChange     *self);
void          ic_change_set_description    (IcChange     *self,
                                            const char   *description);
gint64        ic_change_get_changed_at     (IcChange     *self);
void          ic_change_set_changed_at     (IcChange     *self,
                                            gint64        changed_at);
gboolean      ic_change_get_reversible     (IcChange     *self);
void          ic_change_set_reversible     (IcChange     *self,
                                            gboolean      reversible);
gint64        ic_change_get_rolled_back_at (IcChange     *self);
void          ic_change_set_rolled_back_at (IcChange     *self,
                                            gint64        rolled_back_at);
const char   *ic_change_get_source         (IcChange     *self);
const char   *ic_change_get_revision       (IcChange     *self);
const char   *ic_change_get_author         (IcChange     *self);
const char   *ic_change_get_config_diff    (IcChange     *self);

G_END_DECLS
