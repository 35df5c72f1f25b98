/* ic-why.c — one step of a postmortem's chain of whys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-why"

#include "config.h"

#include "ic-postmortem-private.h"

struct _IcWhy
{
  GObject parent_instance;

  gint64  id;
  int     position;
  char   *question;
  char   *answer;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_POSITION,
  PROP_QUESTION,
  PROP_ANSWER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcWhy, ic_why, G_TYPE_OBJECT)

static void
ic_why_finalize (GObject *object)
{
  IcWhy *self = IC_WHY (object);

  g_clear_pointer (&self->question, g_free);
  g_clear_pointer (&self->answer, g_free);

  G_OBJECT_CLASS (ic_why_parent_class)->finalize (object);
}

static void
ic_why_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  IcWhy *self = IC_WHY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_QUESTION:
      g_value_set_string (value, self->question);
      break;
    case PROP_ANSWER:
      g_value_set_string (value, self->answer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_why_class_init (IcWhyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_why_finalize;
  object_class->get_property = ic_why_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /* 1-based: the why's place in the chain */
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_QUESTION] = g_param_spec_string ("question", NULL, NULL, "", ro);
  properties[PROP_ANSWER] = g_param_spec_string ("answer", NULL, NULL, "", ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_why_init (IcWhy *self)
{
  self->question = g_strdup ("");
  self->answer = g_strdup ("");
}

/**
 * ic_why_new:
 * @id: the why's row id, 0 for one that is not stored
 * @position: its 1-based place in the chain
 *
 * Whys are made by the store (ic_store_get_whys()); this is for a chain
 * held in memory, e.g. to ask ic_postmortem_suggest_signal().
 */
IcWhy *
ic_why_new (gint64      id,
            int         position,
            const char *question,
            const char *answer)
{
  IcWhy *self = g_object_new (IC_TYPE_WHY, NULL);

  self->id = id;
  _ic_why_update (self, position, question, answer);
  return self;
}

static void
set_text (IcWhy       *self,
          char       **field,
          const char  *text,
          int          prop)
{
  if (text == NULL)
    text = "";
  if (g_strcmp0 (*field, text) == 0)
    return;
  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_ic_why_update (IcWhy      *self,
                int         position,
                const char *question,
                const char *answer)
{
  g_return_if_fail (IC_IS_WHY (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  set_text (self, &self->question, question, PROP_QUESTION);
  set_text (self, &self->answer, answer, PROP_ANSWER);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
ic_why_get_id (IcWhy *self)
{
  g_return_val_if_fail (IC_IS_WHY (self), 0);
  return self->id;
}

int
ic_why_get_position (IcWhy *self)
{
  g_return_val_if_fail (IC_IS_WHY (self), 0);
  return self->position;
}

const char *
ic_why_get_question (IcWhy *self)
{
  g_return_val_if_fail (IC_IS_WHY (self), NULL);
  return self->question;
}

const char *
ic_why_get_answer (IcWhy *self)
{
  g_return_val_if_fail (IC_IS_WHY (self), NULL);
  return self->answer;
}
