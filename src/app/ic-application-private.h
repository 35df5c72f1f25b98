/* ic-application-private.h — what tests may ask of the application beyond
 * its API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ic-application.h"

G_BEGIN_DECLS

gboolean _ic_application_join_icon_theme (IcApplication *self);

G_END_DECLS
