/* ic-config-diff.h — what a change did to configuration files: keys added,
 * removed and changed, secrets masked, renames suspected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IC_CONFIG_ERROR (ic_config_error_quark ())

typedef enum
{
  IC_CONFIG_ERROR_MALFORMED,   /* the file cannot be read in its format */
  IC_CONFIG_ERROR_BINARY,      /* not text */
  IC_CONFIG_ERROR_TOO_LARGE,   /* larger than IC_CONFIG_MAX_BYTES */
} IcConfigError;

/* A file larger than this is not compared. */
#define IC_CONFIG_MAX_BYTES (1024 * 1024)

typedef enum
{
  IC_CONFIG_FORMAT_NONE,         /* not a configuration file */
  IC_CONFIG_FORMAT_ENV,          /* .env, *.env: KEY=value */
  IC_CONFIG_FORMAT_PROPERTIES,   /* *.properties: key=value or key: value */
  IC_CONFIG_FORMAT_INI,          /* *.ini, *.cfg, *.conf: [section] key=value */
  IC_CONFIG_FORMAT_TOML,         /* *.toml: [table] key = value */
  IC_CONFIG_FORMAT_JSON,         /* *.json */
  IC_CONFIG_FORMAT_YAML,         /* *.yaml, *.yml: Helm values, Kubernetes manifests */
} IcConfigFormat;

/**
 * IcConfigKeyDiff:
 * @key: the key's path ("spec.template.spec.containers[sessions-api].env.REDIS_URI")
 * @old_value: (nullable): before; %NULL when the key was added
 * @new_value: (nullable): after; %NULL when the key was removed
 *
 * Values of keys that look secret are masked.
 */
typedef struct
{
  char *key;
  char *old_value;
  char *new_value;
} IcConfigKeyDiff;

/**
 * IcConfigFileDiff:
 * @path: the file
 * @keys: (element-type IcConfigKeyDiff): sorted by key
 * @renames: (element-type utf8): pairs, removed key then added key, of a
 *   key removed in the same change that adds a similar one
 * @problem: (nullable): why the file could not be compared
 */
typedef struct
{
  char      *path;
  GPtrArray *keys;
  GPtrArray *renames;
  char      *problem;
} IcConfigFileDiff;

GQuark            ic_config_error_quark        (void);
IcConfigFormat    ic_config_format_for_path    (const char       *path);
GHashTable       *ic_config_read               (IcConfigFormat    format,
                                                const char       *text,
                                                gssize            length,
                                                GError          **error);
gboolean          ic_config_key_is_secret      (const char       *key);
IcConfigFileDiff *ic_config_diff_new           (const char       *path,
                                                const char       *old_text,
                                                gssize            old_length,
                                                const char       *new_text,
                                                gssize            new_length);
void              ic_config_file_diff_free     (IcConfigFileDiff *diff);
char             *ic_config_file_diff_to_string (const IcConfigFileDiff *diff);
const char       *ic_config_diff_rename_mark   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcConfigFileDiff, ic_config_file_diff_free)

G_END_DECLS
