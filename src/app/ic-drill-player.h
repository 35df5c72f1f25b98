/* ic-drill-player.h — plays a drill while its incident is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-store-drills.h"

G_BEGIN_DECLS

#define IC_TYPE_DRILL_PLAYER (ic_drill_player_get_type ())

G_DECLARE_FINAL_TYPE (IcDrillPlayer, ic_drill_player, IC, DRILL_PLAYER, GObject)

IcDrillPlayer *ic_drill_player_new            (IcStore        *store,
                                               IcIncident     *incident,
                                               GError        **error);
const char    *ic_drill_player_get_title      (IcDrillPlayer  *self);
gboolean       ic_drill_player_get_paused     (IcDrillPlayer  *self);
gboolean       ic_drill_player_get_fixed      (IcDrillPlayer  *self);
gboolean       ic_drill_player_get_ended      (IcDrillPlayer  *self);
gboolean       ic_drill_player_set_paused     (IcDrillPlayer  *self,
                                               gboolean        paused,
                                               GError        **error);
gboolean       ic_drill_player_abandon        (IcDrillPlayer  *self,
                                               GError        **error);

G_END_DECLS
