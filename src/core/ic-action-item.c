/* ic-action-item.c — what a postmortem commits to, with an owner and a due date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-action-item"

#include "config.h"

#include "ic-enum-types.h"

#include <glib/gi18n-lib.h>

#include "ic-postmortem-private.h"
#include "ic-types.h"

struct _IcActionItem
{
  GObject parent_instance;

  gint64   id;
  char    *text;
  char    *owner;
  char    *due_date;
  int      kind;
  gboolean done;
  gint64   created_at;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TEXT,
  PROP_OWNER,
  PROP_DUE_DATE,
  PROP_KIND,
  PROP_DONE,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcActionItem, ic_action_item, G_TYPE_OBJECT)

static void
ic_action_item_finalize (GObject *object)
{
  IcActionItem *self = IC_ACTION_ITEM (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->due_date, g_free);

  G_OBJECT_CLASS (ic_action_item_parent_class)->finalize (object);
}

static void
ic_action_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IcActionItem *self = IC_ACTION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case PROP_DUE_DATE:
      g_value_set_string (value, self->due_date);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_action_item_class_init (IcActionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_action_item_finalize;
  object_class->get_property = ic_action_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", ro);
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, "", ro);
  /* YYYY-MM-DD, or NULL */
  properties[PROP_DUE_DATE] = g_param_spec_string ("due-date", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, IC_TYPE_ACTION_ITEM_KIND,
                                             IC_ACTION_ITEM_OTHER, ro);
  properties[PROP_DONE] = g_param_spec_boolean ("done", NULL, NULL, FALSE, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_action_item_init (IcActionItem *self)
{
  self->text = g_strdup ("");
  self->owner = g_strdup ("");
  self->kind = IC_ACTION_ITEM_OTHER;
}

IcActionItem *
_ic_action_item_new (gint64                    id,
                     const IcActionItemFields *fields,
                     gint64                    created_at)
{
  IcActionItem *self = g_object_new (IC_TYPE_ACTION_ITEM, NULL);

  self->id = id;
  self->created_at = created_at;
  _ic_action_item_update (self, fields);
  return self;
}

static void
set_text (IcActionItem  *self,
          char         **field,
          const char    *text,
          int            prop)
{
  if (g_strcmp0 (*field, text) == 0)
    return;
  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The fields as the store saved them (text and owner trimmed, an empty due
 * date as none). */
void
_ic_action_item_update (IcActionItem             *self,
                        const IcActionItemFields *fields)
{
  g_autofree char *text = g_strstrip (g_strdup (fields->text != NULL ? fields->text : ""));
  g_autofree char *owner = g_strstrip (g_strdup (fields->owner != NULL ? fields->owner : ""));
  const char *due = fields->due_date != NULL && *fields->due_date != '\0' ? fields->due_date
                                                                          : NULL;

  g_return_if_fail (IC_IS_ACTION_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_text (self, &self->text, text, PROP_TEXT);
  set_text (self, &self->owner, owner, PROP_OWNER);
  set_text (self, &self->due_date, due, PROP_DUE_DATE);
  if (self->kind != (int) fields->kind)
    {
      self->kind = fields->kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
  if (self->done != !!fields->done)
    {
      self->done = !!fields->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
ic_action_item_get_id (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), 0);
  return self->id;
}

const char *
ic_action_item_get_text (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), NULL);
  return self->text;
}

const char *
ic_action_item_get_owner (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), NULL);
  return self->owner;
}

/**
 * ic_action_item_get_due_date:
 *
 * Returns: (nullable): YYYY-MM-DD, or %NULL when it has none
 */
const char *
ic_action_item_get_due_date (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), NULL);
  return self->due_date;
}

IcActionItemKind
ic_action_item_get_kind (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), IC_ACTION_ITEM_OTHER);
  return (IcActionItemKind) self->kind;
}

gboolean
ic_action_item_get_done (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), FALSE);
  return self->done;
}

gint64
ic_action_item_get_created_at (IcActionItem *self)
{
  g_return_val_if_fail (IC_IS_ACTION_ITEM (self), 0);
  return self->created_at;
}

const char *
ic_action_item_kind_to_string (IcActionItemKind kind)
{
  return ic_enum_to_nick (IC_TYPE_ACTION_ITEM_KIND, kind);
}

gboolean
ic_action_item_kind_from_string (const char       *str,
                                 IcActionItemKind *kind)
{
  int value;

  if (!ic_enum_from_nick (IC_TYPE_ACTION_ITEM_KIND, str, &value))
    return FALSE;
  *kind = (IcActionItemKind) value;
  return TRUE;
}

const char *
ic_action_item_kind_get_label (IcActionItemKind kind)
{
  switch (kind)
    {
    case IC_ACTION_ITEM_MONITORING:
      return _("Monitoring");
    case IC_ACTION_ITEM_PROCESS:
      return _("Process");
    case IC_ACTION_ITEM_CODE:
      return _("Code");
    case IC_ACTION_ITEM_OTHER:
    default:
      return _("Other");
    }
}
