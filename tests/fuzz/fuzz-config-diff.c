/* fuzz-config-diff.c — configuration files from a repository, hostile or
 * broken, before and after a change, into what the change did to their keys
 *
 * The input is the file's format (its first byte picks a name), then the
 * file before the change and after it, split at the first "\n===\n".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ic-config-diff.h"

static const char * const paths[] = {
  "prod.env", "app.properties", "redis.ini", "Cargo.toml", "flags.json",
  "k8s/sessions.yaml", "charts/values.yml",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(IcConfigFileDiff) diff = NULL;
  g_autofree char *text = NULL;
  const char *path, *before, *after, *split;
  gsize before_length, after_length;

  if (size < 1)
    return 0;
  path = paths[data[0] % G_N_ELEMENTS (paths)];
  before = (const char *) data + 1;
  split = g_strstr_len (before, size - 1, "\n===\n");
  if (split != NULL)
    {
      before_length = split - before;
      after = split + 5;
      after_length = size - 1 - before_length - 5;
    }
  else
    {
      before_length = size - 1;
      after = NULL;
      after_length = 0;
    }
  diff = ic_config_diff_new (path, before, before_length, after, after_length);
  g_assert_nonnull (diff);
  /* Either keys or a problem, said about this file. */
  g_assert_true (diff->problem == NULL || diff->keys->len == 0);
  g_assert_cmpuint (diff->renames->len % 2, ==, 0);
  for (guint i = 0; i < diff->keys->len; i++)
    {
      const IcConfigKeyDiff *key = diff->keys->pdata[i];

      g_assert_true (key->old_value != NULL || key->new_value != NULL);
      if (ic_config_key_is_secret (key->key))
        g_assert_true ((key->old_value == NULL || *key->old_value == '\0'
                        || strcmp (key->old_value, "••••••") == 0)
                       && (key->new_value == NULL || *key->new_value == '\0'
                           || strcmp (key->new_value, "••••••") == 0));
    }
  text = ic_config_file_diff_to_string (diff);
  g_assert_true (g_str_has_prefix (text, path));
  return 0;
}
