/* ic-change.c — a recent change (deploy, config push, …): the rollback candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change"

#include "config.h"

#include "ic-enum-types.h"

#include "ic-change-private.h"

struct _IcChange
{
  GObject parent_instance;

  gint64   id;
  gint64   incident_id;
  int      kind;
  char    *description;
  gint64   changed_at;
  gboolean reversible;
  gint64   rolled_back_at;

  /* Where it was read from: NULL for a change typed in */
  char    *source;
  char    *revision;
  char    *author;
  char    *config_diff;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_INCIDENT_ID,
  PROP_KIND,
  PROP_DESCRIPTION,
  PROP_CHANGED_AT,
  PROP_REVERSIBLE,
  PROP_ROLLED_BACK_AT,
  PROP_SOURCE,
  PROP_REVISION,
  PROP_AUTHOR,
  PROP_CONFIG_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcChange, ic_change, G_TYPE_OBJECT)

static void
ic_change_finalize (GObject *object)
{
  IcChange *self = IC_CHANGE (object);

  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->revision, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->config_diff, g_free);

  G_OBJECT_CLASS (ic_change_parent_class)->finalize (object);
}

static void
ic_change_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IcChange *self = IC_CHANGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_INCIDENT_ID:
      g_value_set_int64 (value, self->incident_id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CHANGED_AT:
      g_value_set_int64 (value, self->changed_at);
      break;
    case PROP_REVERSIBLE:
      g_value_set_boolean (value, self->reversible);
      break;
    case PROP_ROLLED_BACK_AT:
      g_value_set_int64 (value, self->rolled_back_at);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_REVISION:
      g_value_set_string (value, self->revision);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_CONFIG_DIFF:
      g_value_set_string (value, self->config_diff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_change_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IcChange *self = IC_CHANGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      ic_change_set_kind (self, (IcChangeKind) g_value_get_enum (value));
      break;
    case PROP_DESCRIPTION:
      ic_change_set_description (self, g_value_get_string (value));
      break;
    case PROP_CHANGED_AT:
      ic_change_set_changed_at (self, g_value_get_int64 (value));
      break;
    case PROP_REVERSIBLE:
      ic_change_set_reversible (self, g_value_get_boolean (value));
      break;
    case PROP_ROLLED_BACK_AT:
      ic_change_set_rolled_back_at (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_change_class_init (IcChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_change_finalize;
  object_class->get_property = ic_change_get_property;
  object_class->set_property = ic_change_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_INCIDENT_ID] =
    g_param_spec_int64 ("incident-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, IC_TYPE_CHANGE_KIND,
                                             IC_CHANGE_KIND_DEPLOY, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", rw);
  properties[PROP_CHANGED_AT] =
    g_param_spec_int64 ("changed-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_REVERSIBLE] = g_param_spec_boolean ("reversible", NULL, NULL, TRUE, rw);
  properties[PROP_ROLLED_BACK_AT] =
    g_param_spec_int64 ("rolled-back-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  /* Read from a change source (a git repository, a deployment feed): its
   * name, the commit or deployment, who made it, and what it did to
   * configuration files (ic_config_file_diff_to_string(), one file a
   * line). All %NULL for a change typed in. */
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, ro);
  properties[PROP_REVISION] = g_param_spec_string ("revision", NULL, NULL, NULL, ro);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, ro);
  properties[PROP_CONFIG_DIFF] = g_param_spec_string ("config-diff", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_change_init (IcChange *self)
{
  self->description = g_strdup ("");
  self->reversible = TRUE;
}

IcChange *
_ic_change_new (gint64        id,
                gint64        incident_id,
                IcChangeKind  kind,
                const char   *description,
                gint64        changed_at,
                gboolean      reversible,
                gint64        rolled_back_at)
{
  IcChange *self = g_object_new (IC_TYPE_CHANGE, NULL);

  self->id = id;
  self->incident_id = incident_id;
  self->kind = kind;
  g_free (self->description);
  self->description = g_strdup (description ? description : "");
  self->changed_at = changed_at;
  self->reversible = !!reversible;
  self->rolled_back_at = rolled_back_at;
  return self;
}

/* Where a change read from a source came from; set once, before it is
 * shown. */
void
_ic_change_set_origin (IcChange   *self,
                       const char *source,
                       const char *revision,
                       const char *author,
                       const char *config_diff)
{
  g_free (self->source);
  self->source = g_strdup (source);
  g_free (self->revision);
  self->revision = g_strdup (revision);
  g_free (self->author);
  self->author = g_strdup (author);
  g_free (self->config_diff);
  self->config_diff = config_diff != NULL && *config_diff != '\0' ? g_strdup (config_diff) : NULL;
}

const char *
ic_change_get_source (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), NULL);
  return self->source;
}

const char *
ic_change_get_revision (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), NULL);
  return self->revision;
}

const char *
ic_change_get_author (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), NULL);
  return self->author;
}

/**
 * ic_change_get_config_diff:
 *
 * Returns: (nullable): what the change did to configuration files, one file
 *   a line ("deploy/prod.env: CLUSTER_DISCOVERY removed (was true); …"),
 *   or %NULL
 */
const char *
ic_change_get_config_diff (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), NULL);
  return self->config_diff;
}

gint64
ic_change_get_id (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), 0);
  return self->id;
}

gint64
ic_change_get_incident_id (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), 0);
  return self->incident_id;
}

IcChangeKind
ic_change_get_kind (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), IC_CHANGE_KIND_OTHER);
  return (IcChangeKind) self->kind;
}

void
ic_change_set_kind (IcChange     *self,
                    IcChangeKind  kind)
{
  g_return_if_fail (IC_IS_CHANGE (self));
  g_return_if_fail (kind <= IC_CHANGE_KIND_OTHER);

  if (self->kind == (int) kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
ic_change_get_description (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), NULL);
  return self->description;
}

void
ic_change_set_description (IcChange   *self,
                           const char *description)
{
  g_return_if_fail (IC_IS_CHANGE (self));

  if (description == NULL)
    description = "";
  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gint64
ic_change_get_changed_at (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), 0);
  return self->changed_at;
}

void
ic_change_set_changed_at (IcChange *self,
                          gint64    changed_at)
{
  g_return_if_fail (IC_IS_CHANGE (self));

  if (self->changed_at == changed_at)
    return;
  self->changed_at = changed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED_AT]);
}

gboolean
ic_change_get_reversible (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), FALSE);
  return self->reversible;
}

void
ic_change_set_reversible (IcChange *self,
                          gboolean  reversible)
{
  g_return_if_fail (IC_IS_CHANGE (self));

  reversible = !!reversible;
  if (self->reversible == reversible)
    return;
  self->reversible = reversible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVERSIBLE]);
}

/**
 * ic_change_get_rolled_back_at:
 *
 * Returns: when the change was rolled back, or 0
 */
gint64
ic_change_get_rolled_back_at (IcChange *self)
{
  g_return_val_if_fail (IC_IS_CHANGE (self), 0);
  return self->rolled_back_at;
}

void
ic_change_set_rolled_back_at (IcChange *self,
                              gint64    rolled_back_at)
{
  g_return_if_fail (IC_IS_CHANGE (self));

  if (self->rolled_back_at == rolled_back_at)
    return;
  self->rolled_back_at = rolled_back_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLLED_BACK_AT]);
}
