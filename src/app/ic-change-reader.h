/* ic-change-reader.h — an incident's changes read from its sources, and
 * how that went, for the structure step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ic-incident.h"
#include "ic-store.h"

G_BEGIN_DECLS

#define IC_TYPE_CHANGE_READER (ic_change_reader_get_type ())

G_DECLARE_FINAL_TYPE (IcChangeReader, ic_change_reader, IC, CHANGE_READER, GObject)

IcChangeReader *ic_change_reader_new          (IcStore        *store);
void            ic_change_reader_set_incident (IcChangeReader *self,
                                               IcIncident     *incident);
void            ic_change_reader_refresh      (IcChangeReader *self);
const char     *ic_change_reader_get_status   (IcChangeReader *self);
gboolean        ic_change_reader_get_busy     (IcChangeReader *self);

G_END_DECLS
