/* ic-change-source.h — where changes are read from (a git repository, a
 * deployment feed), and a change as read, before it is stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ic-types.h"

G_BEGIN_DECLS

typedef enum
{
  IC_CHANGE_SOURCE_GIT,
  IC_CHANGE_SOURCE_FEED,
} IcChangeSourceKind;

/* The window read, before the alert, unless a source says otherwise. */
#define IC_CHANGE_SOURCE_DEFAULT_WINDOW_MINUTES 120

/**
 * IcChangeSource:
 * @service: the service it belongs to; "" for every incident
 * @location: the repository's path, or the feed's http(s) URL
 * @branch: (nullable): git: the branch to read (else HEAD)
 * @paths: git: path filters (a prefix, or a glob); empty for all
 * @mapping: (nullable): feed: a JSON object mapping each field of a
 *   change to a JSONPath into the feed's items, for shapes other than the
 *   documented one
 * @secret_ref: (nullable): feed: where its Authorization value is kept in
 *   the keyring (ic-probe-secret.h), never the value itself
 * @window_minutes: how long before the alert to read from
 * @read_at: when it was last read, 0 for never
 * @failed: whether that read failed; @status says why
 * @status: (nullable): how the last read went, in words
 */
typedef struct
{
  gint64              id;
  char               *service;
  IcChangeSourceKind  kind;
  char               *location;
  char               *branch;
  GStrv               paths;
  char               *mapping;
  char               *secret_ref;
  guint               window_minutes;
  gint64              read_at;
  gboolean            failed;
  char               *status;
} IcChangeSource;

/**
 * IcChangeDraft:
 * @revision: the commit id or deployment id: with the source's name, what
 *   makes one change the same change on the next read
 * @config_diff: (nullable): what it did to configuration files
 *
 * A change as a source read it.
 */
typedef struct
{
  IcChangeKind  kind;
  char         *description;
  gint64        changed_at;
  gboolean      reversible;
  char         *author;
  char         *revision;
  char         *config_diff;
} IcChangeDraft;

IcChangeSource *ic_change_source_new       (IcChangeSourceKind    kind,
                                            const char           *service,
                                            const char           *location);
IcChangeSource *ic_change_source_copy      (const IcChangeSource *source);
void            ic_change_source_free      (IcChangeSource       *source);
const char     *ic_change_source_kind_to_string (IcChangeSourceKind kind);
char           *ic_change_source_dup_name  (const IcChangeSource *source);
IcChangeDraft  *ic_change_draft_new        (void);
void            ic_change_draft_free       (IcChangeDraft        *draft);
IcChangeKind    ic_change_guess_kind       (const char           *message,
                                            const char * const   *paths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcChangeSource, ic_change_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcChangeDraft, ic_change_draft_free)

G_END_DECLS
