/* ic-section-editor.c — one free-text section of the postmortem
 *
 * A group titled with the section's title (the one the Markdown export
 * uses) and its hint, around a Markdown editor (ic-markdown-view.c:
 * GtkSourceView 5, loaded with the first editor, the Adwaita scheme that
 * matches the style). The section is named in the page's template by its
 * column name ("summary", "detection_gap", …); the page saves what is
 * typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-section-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-markdown-view.h"
#include "ic-section-editor.h"

struct _IcSectionEditor
{
  AdwPreferencesGroup parent_instance;

  IcPostmortemSection section;

  /* Template widgets */
  GtkWidget *frame;
  GtkScrolledWindow *scroller;

  GtkWidget *view;
};

enum {
  PROP_0,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcSectionEditor, ic_section_editor, ADW_TYPE_PREFERENCES_GROUP)

static const char *
section_hint (IcPostmortemSection section)
{
  switch (section)
    {
    case IC_POSTMORTEM_SUMMARY:
      return _("What happened and how it ended, in two or three sentences.");
    case IC_POSTMORTEM_IMPACT:
      return _("Who was affected, how badly and for how long. Drafted from the incident.");
    case IC_POSTMORTEM_ROOT_CAUSE:
      return _("Drafted from the confirmed hypothesis.");
    case IC_POSTMORTEM_WENT_WELL:
    case IC_POSTMORTEM_WENT_WRONG:
    case IC_POSTMORTEM_LUCKY:
    case IC_POSTMORTEM_LESSONS:
    case IC_POSTMORTEM_DETECTION_GAP:
    case IC_POSTMORTEM_DEBUGGING_GAP:
    case IC_POSTMORTEM_N_SECTIONS:
    default:
      return NULL;
    }
}

static void
update_scheme (IcSectionEditor *self)
{
  ic_markdown_view_set_dark (self->view,
                             adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static void
ic_section_editor_constructed (GObject *object)
{
  IcSectionEditor *self = IC_SECTION_EDITOR (object);
  const char *title = ic_postmortem_section_get_title (self->section);

  G_OBJECT_CLASS (ic_section_editor_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         section_hint (self->section));
  gtk_widget_set_name (self->view, ic_postmortem_section_to_string (self->section));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
}

static void
ic_section_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IC_TYPE_SECTION_EDITOR);

  G_OBJECT_CLASS (ic_section_editor_parent_class)->dispose (object);
}

static void
ic_section_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcSectionEditor *self = IC_SECTION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      g_value_set_string (value, ic_postmortem_section_to_string (self->section));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_section_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IcSectionEditor *self = IC_SECTION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      {
        const char *name = g_value_get_string (value);

        for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
          if (g_strcmp0 (name, ic_postmortem_section_to_string (s)) == 0)
            self->section = s;
        if (g_strcmp0 (name, ic_postmortem_section_to_string (self->section)) != 0)
          g_critical ("“%s” is not a postmortem section", name);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_section_editor_class_init (IcSectionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ic_section_editor_constructed;
  object_class->dispose = ic_section_editor_dispose;
  object_class->get_property = ic_section_editor_get_property;
  object_class->set_property = ic_section_editor_set_property;

  /* The section's column name: "summary", "impact", "root_cause", … */
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "summary",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-section-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, IcSectionEditor, frame);
  gtk_widget_class_bind_template_child (widget_class, IcSectionEditor, scroller);
}

static void
ic_section_editor_init (IcSectionEditor *self)
{
  GtkTextView *view;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->view = ic_markdown_view_new ();
  view = GTK_TEXT_VIEW (self->view);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  /* Tab moves on to the next field: keyboard users must not get stuck. */
  gtk_text_view_set_accepts_tab (view, FALSE);
  gtk_text_view_set_monospace (view, TRUE);
  gtk_text_view_set_top_margin (view, 8);
  gtk_text_view_set_bottom_margin (view, 8);
  gtk_text_view_set_left_margin (view, 10);
  gtk_text_view_set_right_margin (view, 10);
  gtk_scrolled_window_set_child (self->scroller, self->view);
}

IcPostmortemSection
ic_section_editor_get_section (IcSectionEditor *self)
{
  g_return_val_if_fail (IC_IS_SECTION_EDITOR (self), IC_POSTMORTEM_SUMMARY);
  return self->section;
}

/**
 * ic_section_editor_get_buffer:
 *
 * Returns: (transfer none): the Markdown text's buffer (a GtkSourceBuffer
 *   when ic_markdown_view_is_highlighted())
 */
GtkTextBuffer *
ic_section_editor_get_buffer (IcSectionEditor *self)
{
  g_return_val_if_fail (IC_IS_SECTION_EDITOR (self), NULL);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

/**
 * ic_section_editor_get_view:
 *
 * Returns: (transfer none): the text view (to give it the focus)
 */
GtkWidget *
ic_section_editor_get_view (IcSectionEditor *self)
{
  g_return_val_if_fail (IC_IS_SECTION_EDITOR (self), NULL);
  return self->view;
}
