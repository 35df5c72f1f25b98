/* ic-settings.c — typed properties over the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-settings"

#include "config.h"

#include "ic-settings.h"

struct _IcSettings
{
  GObject    parent_instance;

  GSettings *settings;
  int        window_width;
  int        window_height;
  gboolean   window_maximized;
  gint64     selected_incident;
  guint      breathe_in_seconds;
  guint      breathe_out_seconds;
  guint      breath_count;
  guint      rollback_seconds;
  guint      utilisation_warn_percent;
};

enum {
  PROP_0,
  PROP_SCHEMA_ID,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_SELECTED_INCIDENT,
  PROP_BREATHE_IN_SECONDS,
  PROP_BREATHE_OUT_SECONDS,
  PROP_BREATH_COUNT,
  PROP_ROLLBACK_SECONDS,
  PROP_UTILISATION_WARN_PERCENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcSettings, ic_settings, G_TYPE_OBJECT)

/* Each property is named like its key; the storage is found by id. */
static gpointer
field_for (IcSettings *self,
           guint       prop_id)
{
  switch (prop_id)
    {
    case PROP_WINDOW_WIDTH:
      return &self->window_width;
    case PROP_WINDOW_HEIGHT:
      return &self->window_height;
    case PROP_WINDOW_MAXIMIZED:
      return &self->window_maximized;
    case PROP_SELECTED_INCIDENT:
      return &self->selected_incident;
    case PROP_BREATHE_IN_SECONDS:
      return &self->breathe_in_seconds;
    case PROP_BREATHE_OUT_SECONDS:
      return &self->breathe_out_seconds;
    case PROP_BREATH_COUNT:
      return &self->breath_count;
    case PROP_ROLLBACK_SECONDS:
      return &self->rollback_seconds;
    case PROP_UTILISATION_WARN_PERCENT:
      return &self->utilisation_warn_percent;
    default:
      return NULL;
    }
}

static void
ic_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IcSettings *self = IC_SETTINGS (object);
  gpointer field = field_for (self, prop_id);

  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (G_IS_PARAM_SPEC_INT (pspec))
    g_value_set_int (value, *(int *) field);
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    g_value_set_uint (value, *(guint *) field);
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    g_value_set_int64 (value, *(gint64 *) field);
  else
    g_value_set_boolean (value, *(gboolean *) field);
}

static void
ic_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  IcSettings *self = IC_SETTINGS (object);
  gpointer field;
  gboolean changed = FALSE;

  if (prop_id == PROP_SCHEMA_ID)
    {
      const char *schema_id = g_value_get_string (value);

      if (schema_id != NULL)
        self->settings = g_settings_new (schema_id);
      return;
    }
  field = field_for (self, prop_id);
  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      changed = *(int *) field != g_value_get_int (value);
      *(int *) field = g_value_get_int (value);
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      changed = *(guint *) field != g_value_get_uint (value);
      *(guint *) field = g_value_get_uint (value);
    }
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    {
      changed = *(gint64 *) field != g_value_get_int64 (value);
      *(gint64 *) field = g_value_get_int64 (value);
    }
  else
    {
      changed = *(gboolean *) field != g_value_get_boolean (value);
      *(gboolean *) field = g_value_get_boolean (value);
    }
  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
ic_settings_constructed (GObject *object)
{
  IcSettings *self = IC_SETTINGS (object);

  G_OBJECT_CLASS (ic_settings_parent_class)->constructed (object);

  g_return_if_fail (self->settings != NULL);
  for (guint i = PROP_WINDOW_WIDTH; i < N_PROPS; i++)
    g_settings_bind (self->settings, properties[i]->name, self, properties[i]->name,
                     G_SETTINGS_BIND_DEFAULT);
}

static void
ic_settings_dispose (GObject *object)
{
  IcSettings *self = IC_SETTINGS (object);

  if (self->settings != NULL)
    for (guint i = PROP_WINDOW_WIDTH; i < N_PROPS; i++)
      g_settings_unbind (self, properties[i]->name);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ic_settings_parent_class)->dispose (object);
}

static void
ic_settings_class_init (IcSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ic_settings_constructed;
  object_class->dispose = ic_settings_dispose;
  object_class->get_property = ic_settings_get_property;
  object_class->set_property = ic_settings_set_property;

  properties[PROP_SCHEMA_ID] =
    g_param_spec_string ("schema-id", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_int ("window-width", NULL, NULL, 0, G_MAXINT, 1000, rw);
  properties[PROP_WINDOW_HEIGHT] =
    g_param_spec_int ("window-height", NULL, NULL, 0, G_MAXINT, 720, rw);
  properties[PROP_WINDOW_MAXIMIZED] =
    g_param_spec_boolean ("window-maximized", NULL, NULL, FALSE, rw);
  properties[PROP_SELECTED_INCIDENT] =
    g_param_spec_int64 ("selected-incident", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_BREATHE_IN_SECONDS] =
    g_param_spec_uint ("breathe-in-seconds", NULL, NULL, 1, 60, 4, rw);
  properties[PROP_BREATHE_OUT_SECONDS] =
    g_param_spec_uint ("breathe-out-seconds", NULL, NULL, 1, 60, 6, rw);
  properties[PROP_BREATH_COUNT] = g_param_spec_uint ("breath-count", NULL, NULL, 1, 20, 3, rw);
  properties[PROP_ROLLBACK_SECONDS] =
    g_param_spec_uint ("rollback-seconds", NULL, NULL, 1, 86400, 120, rw);
  properties[PROP_UTILISATION_WARN_PERCENT] =
    g_param_spec_uint ("utilisation-warn-percent", NULL, NULL, 1, 100, 80, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_settings_init (IcSettings *self)
{
  self->window_width = 1000;
  self->window_height = 720;
  self->breathe_in_seconds = 4;
  self->breathe_out_seconds = 6;
  self->breath_count = 3;
  self->rollback_seconds = 120;
  self->utilisation_warn_percent = 80;
}

/**
 * ic_settings_new:
 * @schema_id: the GSettings schema, the application ID
 *
 * Returns: (transfer full): settings whose properties follow the keys
 */
IcSettings *
ic_settings_new (const char *schema_id)
{
  g_return_val_if_fail (schema_id != NULL, NULL);
  return g_object_new (IC_TYPE_SETTINGS, "schema-id", schema_id, NULL);
}

GSettings *
ic_settings_get_settings (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), NULL);
  return self->settings;
}

int
ic_settings_get_window_width (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 0);
  return self->window_width;
}

int
ic_settings_get_window_height (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 0);
  return self->window_height;
}

gboolean
ic_settings_get_window_maximized (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), FALSE);
  return self->window_maximized;
}

gint64
ic_settings_get_selected_incident (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 0);
  return self->selected_incident;
}

void
ic_settings_set_selected_incident (IcSettings *self,
                                   gint64      id)
{
  g_return_if_fail (IC_IS_SETTINGS (self));
  g_object_set (self, "selected-incident", id, NULL);
}

guint
ic_settings_get_breathe_in_seconds (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 4);
  return self->breathe_in_seconds;
}

guint
ic_settings_get_breathe_out_seconds (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 6);
  return self->breathe_out_seconds;
}

guint
ic_settings_get_breath_count (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 3);
  return self->breath_count;
}

guint
ic_settings_get_rollback_seconds (IcSettings *self)
{
  g_return_val_if_fail (IC_IS_SETTINGS (self), 120);
  return self->rollback_seconds;
}
