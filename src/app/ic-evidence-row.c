/* ic-evidence-row.c — one piece of evidence on a hypothesis card:
 * "+ 07:58:03  pool_in_use 200/200", its stance written out, not only
 * coloured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-evidence-row"

#include "config.h"

#include "ic-evidence-row.h"

struct _IcEvidenceRow
{
  GtkWidget parent_instance;

  /* Owned */
  IcEvidence *evidence;

  /* Template widgets */
  GtkLabel   *label;
};

enum {
  PROP_0,
  PROP_EVIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcEvidenceRow, ic_evidence_row, GTK_TYPE_WIDGET)

static void
ic_evidence_row_dispose (GObject *object)
{
  IcEvidenceRow *self = IC_EVIDENCE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_EVIDENCE_ROW);
  g_clear_object (&self->evidence);

  G_OBJECT_CLASS (ic_evidence_row_parent_class)->dispose (object);
}

static void
ic_evidence_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IcEvidenceRow *self = IC_EVIDENCE_ROW (object);

  switch (prop_id)
    {
    case PROP_EVIDENCE:
      g_value_set_object (value, self->evidence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_evidence_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IcEvidenceRow *self = IC_EVIDENCE_ROW (object);

  switch (prop_id)
    {
    case PROP_EVIDENCE:
      self->evidence = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_evidence_row_constructed (GObject *object)
{
  IcEvidenceRow *self = IC_EVIDENCE_ROW (object);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *line = NULL;
  gboolean in_favour;

  G_OBJECT_CLASS (ic_evidence_row_parent_class)->constructed (object);
  g_return_if_fail (IC_IS_EVIDENCE (self->evidence));

  in_favour = ic_evidence_get_stance (self->evidence) == IC_STANCE_FOR;
  when = g_date_time_new_from_unix_local (ic_evidence_get_created_at (self->evidence)
                                          / G_USEC_PER_SEC);
  time = g_date_time_format (when, "%H:%M:%S");
  /* Stance is written out (+ / −, and the column's heading), not only coloured. */
  line = g_strdup_printf ("%s %s  %s", in_favour ? "+" : "−", time,
                          ic_evidence_get_text (self->evidence));
  gtk_label_set_label (self->label, line);
  gtk_widget_add_css_class (GTK_WIDGET (self->label),
                            in_favour ? "evidence-for" : "evidence-against");
}

static void
ic_evidence_row_class_init (IcEvidenceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_evidence_row_dispose;
  object_class->constructed = ic_evidence_row_constructed;
  object_class->get_property = ic_evidence_row_get_property;
  object_class->set_property = ic_evidence_row_set_property;

  properties[PROP_EVIDENCE] =
    g_param_spec_object ("evidence", NULL, NULL, IC_TYPE_EVIDENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-evidence-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcEvidenceRow, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ic_evidence_row_init (IcEvidenceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ic_evidence_row_new (IcEvidence *evidence)
{
  g_return_val_if_fail (IC_IS_EVIDENCE (evidence), NULL);
  return g_object_new (IC_TYPE_EVIDENCE_ROW, "evidence", evidence, NULL);
}

IcEvidence *
ic_evidence_row_get_evidence (IcEvidenceRow *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE_ROW (self), NULL);
  return self->evidence;
}

/* The line as shown: "+ 07:58:03  pool_in_use 200/200". */
const char *
ic_evidence_row_get_text (IcEvidenceRow *self)
{
  g_return_val_if_fail (IC_IS_EVIDENCE_ROW (self), NULL);
  return gtk_label_get_label (self->label);
}
