/* ic-probe-node-row.c — one row of a Redis cluster probe's node table
 *
 * A template (ui/ic-probe-node-row.ui) whose cells are bound to the
 * properties of its IcProbeNodeItem: address, role, clients, utilisation,
 * latency, and the status in words beside its icon. The table lines the
 * cells up in columns with one size group per column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-node-row"

#include "config.h"

#include "ic-probe-node-row.h"

#define N_CELLS 6

struct _IcProbeNodeRow
{
  GtkWidget        parent_instance;

  /* Owned */
  IcProbeNodeItem *item;

  /* Template widgets */
  GtkWidget       *address;
  GtkWidget       *role;
  GtkWidget       *clients;
  GtkWidget       *utilisation;
  GtkWidget       *latency;
  GtkWidget       *status;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcProbeNodeRow, ic_probe_node_row, GTK_TYPE_WIDGET)

static void
ic_probe_node_row_dispose (GObject *object)
{
  IcProbeNodeRow *self = IC_PROBE_NODE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_PROBE_NODE_ROW);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (ic_probe_node_row_parent_class)->dispose (object);
}

static void
ic_probe_node_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcProbeNodeRow *self = IC_PROBE_NODE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_probe_node_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IcProbeNodeRow *self = IC_PROBE_NODE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_set_object (&self->item, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_probe_node_row_class_init (IcProbeNodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_probe_node_row_dispose;
  object_class->get_property = ic_probe_node_row_get_property;
  object_class->set_property = ic_probe_node_row_set_property;

  /**
   * IcProbeNodeRow:item:
   *
   * The node the row shows.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, IC_TYPE_PROBE_NODE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ic-probe-node-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, address);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, role);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, clients);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, utilisation);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, latency);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeRow, status);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "probe-node-row");
}

static void
ic_probe_node_row_init (IcProbeNodeRow *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              18);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ic_probe_node_row_new (IcProbeNodeItem *item)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_ITEM (item), NULL);

  return g_object_new (IC_TYPE_PROBE_NODE_ROW, "item", item, NULL);
}

/**
 * ic_probe_node_row_get_item:
 *
 * Returns: (transfer none): the node the row shows
 */
IcProbeNodeItem *
ic_probe_node_row_get_item (IcProbeNodeRow *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_ROW (self), NULL);

  return self->item;
}

/**
 * ic_probe_node_row_align_cells:
 * @columns: (array fixed-size=5): a size group for each column but the
 *   last, left to right
 *
 * Puts each of the row's cells in its column's size group, so that the
 * rows (and the table's header) line up.
 */
void
ic_probe_node_row_align_cells (IcProbeNodeRow  *self,
                               GtkSizeGroup   **columns)
{
  GtkWidget *cells[N_CELLS] = {
    self->address, self->role, self->clients, self->utilisation, self->latency, self->status,
  };

  g_return_if_fail (IC_IS_PROBE_NODE_ROW (self));

  /* The status takes what is left. */
  for (guint i = 0; i < N_CELLS - 1; i++)
    gtk_size_group_add_widget (columns[i], cells[i]);
}
