/* ic-change-source.c — where changes are read from, and what kind of change
 * a commit or a deployment is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-source"

#include "config.h"

#include <string.h>

#include "ic-change-source.h"
#include "ic-config-diff.h"

/**
 * ic_change_source_new:
 *
 * Returns: (transfer full): a source not yet stored (id 0)
 */
IcChangeSource *
ic_change_source_new (IcChangeSourceKind  kind,
                      const char         *service,
                      const char         *location)
{
  IcChangeSource *source = g_new0 (IcChangeSource, 1);

  source->kind = kind;
  source->service = g_strdup (service != NULL ? service : "");
  source->location = g_strdup (location);
  source->paths = g_new0 (char *, 1);
  source->window_minutes = IC_CHANGE_SOURCE_DEFAULT_WINDOW_MINUTES;
  return source;
}

IcChangeSource *
ic_change_source_copy (const IcChangeSource *source)
{
  IcChangeSource *copy = g_memdup2 (source, sizeof *source);

  copy->service = g_strdup (source->service);
  copy->location = g_strdup (source->location);
  copy->branch = g_strdup (source->branch);
  copy->paths = g_strdupv (source->paths);
  copy->mapping = g_strdup (source->mapping);
  copy->secret_ref = g_strdup (source->secret_ref);
  copy->status = g_strdup (source->status);
  return copy;
}

void
ic_change_source_free (IcChangeSource *source)
{
  if (source == NULL)
    return;
  g_free (source->service);
  g_free (source->location);
  g_free (source->branch);
  g_strfreev (source->paths);
  g_free (source->mapping);
  g_free (source->secret_ref);
  g_free (source->status);
  g_free (source);
}

const char *
ic_change_source_kind_to_string (IcChangeSourceKind kind)
{
  return kind == IC_CHANGE_SOURCE_FEED ? "feed" : "git";
}

/**
 * ic_change_source_dup_name:
 *
 * Returns: (transfer full): how its changes name it: a repository by its
 *   folder's name ("sessions-config"), with the branch when one is set
 *   ("sessions-config@prod"); a feed by its host
 */
char *
ic_change_source_dup_name (const IcChangeSource *source)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  if (source->kind == IC_CHANGE_SOURCE_FEED)
    {
      g_autoptr(GUri) uri = g_uri_parse (source->location, G_URI_FLAGS_NONE, NULL);

      return g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                   : source->location);
    }
  base = g_path_get_basename (source->location);
  if (g_str_has_suffix (base, ".git") && strlen (base) > 4)
    base[strlen (base) - 4] = '\0';
  return source->branch != NULL && *source->branch != '\0'
           ? g_strdup_printf ("%s@%s", base, source->branch) : g_steal_pointer (&base);
}

IcChangeDraft *
ic_change_draft_new (void)
{
  IcChangeDraft *draft = g_new0 (IcChangeDraft, 1);

  draft->kind = IC_CHANGE_KIND_OTHER;
  draft->reversible = TRUE;
  return draft;
}

void
ic_change_draft_free (IcChangeDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->description);
  g_free (draft->author);
  g_free (draft->revision);
  g_free (draft->config_diff);
  g_free (draft);
}

static gboolean
contains_word (const char *folded,
               const char *word)
{
  const char *at = folded;

  while ((at = strstr (at, word)) != NULL)
    {
      gboolean starts = at == folded || !g_ascii_isalnum (at[-1]);

      if (starts)
        return TRUE;
      at++;
    }
  return FALSE;
}

static gboolean
path_says (const char *path,
           const char *const *parts)
{
  g_autofree char *folded = g_ascii_strdown (path, -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (folded, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * ic_change_guess_kind:
 * @message: (nullable): the commit message or the deployment's description
 * @paths: (nullable) (array zero-terminated=1): the files it touched
 *
 * Returns: what kind of change it most likely is: by the files first (a
 *   migration, DNS records, flags, configuration files), then by the words
 *   of the message; a change of code otherwise counts as a deploy, and one
 *   with neither files nor telling words as "other"
 */
IcChangeKind
ic_change_guess_kind (const char         *message,
                      const char * const *paths)
{
  static const char *const migration[] = { "migration", "migrate", "/schema/", ".sql", NULL };
  static const char *const dns[] = { "dns", ".zone", "route53", "coredns", "/zones/", NULL };
  static const char *const flags[] = { "flag", "feature-toggle", "launchdarkly", "unleash",
                                       NULL };
  static const char *const config_dirs[] = { "config/", "configs/", "k8s/", "kubernetes/",
                                             "helm/", "charts/", "deploy/", "manifests/",
                                             "terraform/", ".tf", NULL };
  g_autofree char *folded = g_ascii_strdown (message != NULL ? message : "", -1);
  guint n_paths = paths != NULL ? g_strv_length ((GStrv) paths) : 0;
  guint n_config = 0;

  for (guint i = 0; i < n_paths; i++)
    if (path_says (paths[i], migration))
      return IC_CHANGE_KIND_MIGRATION;
  for (guint i = 0; i < n_paths; i++)
    if (path_says (paths[i], dns))
      return IC_CHANGE_KIND_DNS;
  for (guint i = 0; i < n_paths; i++)
    if (path_says (paths[i], flags))
      return IC_CHANGE_KIND_FEATURE_FLAG;
  for (guint i = 0; i < n_paths; i++)
    n_config += ic_config_format_for_path (paths[i]) != IC_CONFIG_FORMAT_NONE
                || path_says (paths[i], config_dirs);
  if (n_paths > 0 && n_config == n_paths)
    return IC_CHANGE_KIND_CONFIG;

  if (contains_word (folded, "migrat"))
    return IC_CHANGE_KIND_MIGRATION;
  if (contains_word (folded, "dns") || contains_word (folded, "cname")
      || contains_word (folded, "a record"))
    return IC_CHANGE_KIND_DNS;
  if (contains_word (folded, "flag") || contains_word (folded, "feature toggle")
      || contains_word (folded, "rollout"))
    return IC_CHANGE_KIND_FEATURE_FLAG;
  if (contains_word (folded, "config") || contains_word (folded, "env var")
      || contains_word (folded, "setting"))
    return IC_CHANGE_KIND_CONFIG;
  if (n_paths > 0 || contains_word (folded, "deploy") || contains_word (folded, "release")
      || contains_word (folded, "bump") || contains_word (folded, "upgrade"))
    return IC_CHANGE_KIND_DEPLOY;
  return IC_CHANGE_KIND_OTHER;
}
