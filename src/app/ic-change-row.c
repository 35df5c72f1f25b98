/* ic-change-row.c — one recent change in the structure step
 *
 * The title is the change's description; the subtitle says its kind, when
 * it happened and whether it can be rolled back, and for a change read
 * from a repository or a feed who made it, where it was read, and what it
 * did to configuration files; both follow the change. A suspected renamed
 * key is called out beside it in words. Both are escaped: the row shows
 * markup (libadwaita 1.2's action row ignores use-markup), and descriptions
 * come from commit messages.
 * (A template cannot bind its own properties: GTK 4.8 then unrefs the
 * binding after the row is gone.) The Remove button asks the page through
 * structure.remove-change(id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-row"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "ic-accessible.h"
#include "ic-change-row.h"
#include "ic-config-diff.h"
#include "ic-time-input.h"

struct _IcChangeRow
{
  AdwActionRow parent_instance;

  /* Owned */
  IcChange  *change;
  gint64     now;
  gboolean   candidate;

  /* Template widgets */
  GtkButton *remove_button;
  GtkButton *roll_back_button;
  GtkWidget *renamed_label;
};

enum {
  PROP_0,
  PROP_CHANGE,
  PROP_NOW,
  PROP_CANDIDATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcChangeRow, ic_change_row, ADW_TYPE_ACTION_ROW)

/* The title (what changed) and the subtitle (its kind, when, whether it
 * can be rolled back) follow the change as it is edited. */
static void
update (IcChangeRow *self)
{
  g_autofree char *when = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *subtitle = NULL;
  gint64 changed_at = ic_change_get_changed_at (self->change);
  const char *diff = ic_change_get_config_diff (self->change);
  g_autofree char *escaped = NULL;
  GString *text;

  when = ic_time_format_local (changed_at, self->now, NULL);
  ago = ic_time_format_ago (changed_at, self->now);
  /* Translators: "Deploy · 07:40:00 (20 min ago) · reversible" */
  subtitle = g_strdup_printf (_("%s · %s (%s) · %s"),
                              ic_change_kind_get_label (ic_change_get_kind (self->change)), when,
                              ago,
                              ic_change_get_rolled_back_at (self->change) != 0
                                ? _("rolled back")
                                : ic_change_get_reversible (self->change) ? _("reversible")
                                                                          : _("not reversible"));
  text = g_string_new (subtitle);
  if (ic_change_get_source (self->change) != NULL)
    {
      g_string_append (text, " · ");
      if (ic_change_get_author (self->change) != NULL)
        /* Translators: a change read from a repository: "by Ana Lima in sessions-config" */
        g_string_append_printf (text, _("by %s in %s"), ic_change_get_author (self->change),
                                ic_change_get_source (self->change));
      else
        /* Translators: a change read from a repository or a feed: "from sessions-config" */
        g_string_append_printf (text, _("from %s"), ic_change_get_source (self->change));
    }
  if (diff != NULL)
    g_string_append_printf (text, "\n%s", diff);
  g_free (subtitle);
  subtitle = g_string_free (text, FALSE);
  gtk_widget_set_visible (self->renamed_label,
                          diff != NULL && strstr (diff, ic_config_diff_rename_mark ()) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->roll_back_button),
                          ic_change_get_reversible (self->change)
                          && ic_change_get_rolled_back_at (self->change) == 0);
  escaped = g_markup_escape_text (ic_change_get_description (self->change), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), escaped);
  g_free (escaped);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
}

static void
ic_change_row_dispose (GObject *object)
{
  IcChangeRow *self = IC_CHANGE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_CHANGE_ROW);
  g_clear_object (&self->change);

  G_OBJECT_CLASS (ic_change_row_parent_class)->dispose (object);
}

static void
ic_change_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IcChangeRow *self = IC_CHANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_CHANGE:
      g_value_set_object (value, self->change);
      break;
    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;
    case PROP_CANDIDATE:
      g_value_set_boolean (value, self->candidate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_change_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IcChangeRow *self = IC_CHANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_CHANGE:
      self->change = g_value_dup_object (value);
      break;
    case PROP_NOW:
      self->now = g_value_get_int64 (value);
      break;
    case PROP_CANDIDATE:
      self->candidate = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_change_row_constructed (GObject *object)
{
  IcChangeRow *self = IC_CHANGE_ROW (object);

  G_OBJECT_CLASS (ic_change_row_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_CHANGE (self->change));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "x",
                                    ic_change_get_id (self->change));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->roll_back_button), "x",
                                    ic_change_get_id (self->change));
  update (self);
  g_signal_connect_object (self->change, "notify", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
}

static void
ic_change_row_class_init (IcChangeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ic_change_row_dispose;
  object_class->constructed = ic_change_row_constructed;
  object_class->get_property = ic_change_row_get_property;
  object_class->set_property = ic_change_row_set_property;

  properties[PROP_CHANGE] = g_param_spec_object ("change", NULL, NULL, IC_TYPE_CHANGE, flags);
  /* What "20 min ago" is counted from (µs since the epoch). */
  properties[PROP_NOW] = g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The most recent reversible change: what the two-minute rule rolls back. */
  properties[PROP_CANDIDATE] = g_param_spec_boolean ("candidate", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-change-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcChangeRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, IcChangeRow, roll_back_button);
  gtk_widget_class_bind_template_child (widget_class, IcChangeRow, renamed_label);
}

static void
ic_change_row_init (IcChangeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
ic_change_row_new (IcChange *change,
                   gint64    now,
                   gboolean  candidate)
{
  g_return_val_if_fail (IC_IS_CHANGE (change), NULL);
  return g_object_new (IC_TYPE_CHANGE_ROW, "change", change, "now", now, "candidate", candidate,
                       NULL);
}

IcChange *
ic_change_row_get_change (IcChangeRow *self)
{
  g_return_val_if_fail (IC_IS_CHANGE_ROW (self), NULL);
  return self->change;
}

gboolean
ic_change_row_get_candidate (IcChangeRow *self)
{
  g_return_val_if_fail (IC_IS_CHANGE_ROW (self), FALSE);
  return self->candidate;
}
