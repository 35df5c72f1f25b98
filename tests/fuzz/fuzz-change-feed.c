/* fuzz-change-feed.c — a deployment feed's answer, hostile or broken, into
 * changes: read as the documented shape and through a mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "ic-change-feed.h"

static void
check (const char *body,
       gsize       size,
       const char *mapping)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  guint skipped = 0;

  drafts = ic_change_feed_parse (body, size, mapping, 0, G_MAXINT64, &skipped, &error);
  /* Exactly one of the two: changes, or why not. */
  g_assert_true ((drafts == NULL) != (error == NULL));
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      const IcChangeDraft *draft = drafts->pdata[i];

      /* Each one can be stored: what makes it a change is there. */
      g_assert_nonnull (draft->description);
      g_assert_nonnull (draft->revision);
      g_assert_cmpint (draft->changed_at, >=, 0);
      g_assert_true (ic_change_kind_to_string (draft->kind) != NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check ((const char *) data, size, NULL);
  check ((const char *) data, size,
         "{\"items\": \"$..deployments[*]\", \"time\": \"$.finished_at\","
         " \"description\": \"$.name\", \"revision\": \"$.id\", \"author\": \"$.user.login\","
         " \"kind\": \"$.type\", \"reversible\": \"$.rollbackable\"}");
  return 0;
}
