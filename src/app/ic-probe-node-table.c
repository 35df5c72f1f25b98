/* ic-probe-node-table.c — a Redis cluster probe's per-node table and skew warning
 *
 * A template (ui/ic-probe-node-table.ui): a list box bound to a list of
 * IcProbeNodeItem, one IcProbeNodeRow per node, each primary followed by
 * its replicas (address, role, clients, utilisation, latency, and a status
 * that pairs an icon with words, never colour alone), its columns lined up
 * with the header's by size groups; above it the skew warning, an icon with
 * an accessible label and a sentence naming the node that holds most
 * connections. From one check to the next the rows stay and only the
 * words that changed are redrawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-node-table"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-probe-node-item.h"
#include "ic-probe-node-row.h"
#include "ic-probe-node-table.h"

struct _IcProbeNodeTable
{
  GtkWidget  parent_instance;

  /* Owned */
  GListStore   *nodes;
  GtkSizeGroup *columns[5];
  char         *skew;

  /* Template widgets */
  GtkWidget    *skew_box;
  GtkWidget    *skew_icon;
  GtkLabel     *skew_label;
  GtkWidget    *header;
  GtkWidget    *head_address;
  GtkWidget    *head_role;
  GtkWidget    *head_clients;
  GtkWidget    *head_utilisation;
  GtkWidget    *head_latency;
  GtkListBox   *rows;
};

enum {
  PROP_0,
  PROP_NODES,
  PROP_SKEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcProbeNodeTable, ic_probe_node_table, GTK_TYPE_WIDGET)

static void
ic_probe_node_table_dispose (GObject *object)
{
  IcProbeNodeTable *self = IC_PROBE_NODE_TABLE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_PROBE_NODE_TABLE);
  g_clear_object (&self->nodes);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  G_OBJECT_CLASS (ic_probe_node_table_parent_class)->dispose (object);
}

static void
ic_probe_node_table_finalize (GObject *object)
{
  IcProbeNodeTable *self = IC_PROBE_NODE_TABLE (object);

  g_free (self->skew);
  G_OBJECT_CLASS (ic_probe_node_table_parent_class)->finalize (object);
}

static void
ic_probe_node_table_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IcProbeNodeTable *self = IC_PROBE_NODE_TABLE (object);

  switch (prop_id)
    {
    case PROP_NODES:
      g_value_set_object (value, self->nodes);
      break;
    case PROP_SKEW:
      g_value_set_string (value, self->skew);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_probe_node_table_class_init (IcProbeNodeTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_probe_node_table_dispose;
  object_class->finalize = ic_probe_node_table_finalize;
  object_class->get_property = ic_probe_node_table_get_property;

  /**
   * IcProbeNodeTable:nodes:
   *
   * The rows, as IcProbeNodeItem: each primary followed by its replicas.
   */
  properties[PROP_NODES] =
    g_param_spec_object ("nodes", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * IcProbeNodeTable:skew:
   *
   * The skew warning shown above the table, %NULL when there is none.
   */
  properties[PROP_SKEW] =
    g_param_spec_string ("skew", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-probe-node-table.ui");
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, skew_box);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, skew_icon);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, skew_label);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, header);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, head_address);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, head_role);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, head_clients);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, head_utilisation);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, head_latency);
  gtk_widget_class_bind_template_child (widget_class, IcProbeNodeTable, rows);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "probe-node-table");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IcProbeNodeTable *self = user_data;
  GtkWidget *row = ic_probe_node_row_new (item);
  GtkWidget *list_row = gtk_list_box_row_new ();

  ic_probe_node_row_align_cells (IC_PROBE_NODE_ROW (row), self->columns);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), row);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  return list_row;
}

static void
ic_probe_node_table_init (IcProbeNodeTable *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *heads[G_N_ELEMENTS (self->columns)];

  gtk_widget_init_template (GTK_WIDGET (self));
  heads[0] = self->head_address;
  heads[1] = self->head_role;
  heads[2] = self->head_clients;
  heads[3] = self->head_utilisation;
  heads[4] = self->head_latency;
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    {
      self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
      gtk_size_group_add_widget (self->columns[i], heads[i]);
    }
  self->nodes = g_list_store_new (IC_TYPE_PROBE_NODE_ITEM);
  gtk_list_box_bind_model (self->rows, G_LIST_MODEL (self->nodes), create_row, self, NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cluster nodes"), -1);
}

GtkWidget *
ic_probe_node_table_new (void)
{
  return g_object_new (IC_TYPE_PROBE_NODE_TABLE, NULL);
}

static void
show_skew (IcProbeNodeTable *self,
           const char       *skew)
{
  g_autofree char *text = NULL;

  if (skew != NULL)
    /* Translators: "Skew: 127.0.0.1:7001 holds 52 of 58 client connections. …" */
    text = g_strdup_printf (_("Skew: %s. A client may be bypassing cluster discovery."), skew);
  gtk_widget_set_visible (self->skew_box, text != NULL);
  gtk_label_set_label (self->skew_label, text ? text : "");
  if (g_strcmp0 (self->skew, text) == 0)
    return;
  g_free (self->skew);
  self->skew = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKEW]);
}

/* Whether @nodes lists the nodes the table shows, in the same order. */
static gboolean
same_nodes (IcProbeNodeTable *self,
            GPtrArray        *nodes)
{
  GListModel *shown = G_LIST_MODEL (self->nodes);

  if (nodes == NULL || nodes->len == 0 || g_list_model_get_n_items (shown) != nodes->len)
    return FALSE;
  for (guint i = 0; i < nodes->len; i++)
    {
      g_autoptr(IcProbeNodeItem) item = g_list_model_get_item (shown, i);
      const IcProbeNode *node = g_ptr_array_index (nodes, i);

      if (g_strcmp0 (ic_probe_node_item_get_address (item), node->address) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * ic_probe_node_table_show_sample:
 *
 * Shows @sample's per-node table and skew warning; hides the table for a
 * sample without nodes (any probe but a Redis cluster).
 */
void
ic_probe_node_table_show_sample (IcProbeNodeTable    *self,
                                 const IcProbeSample *sample)
{
  GPtrArray *nodes;
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (IC_IS_PROBE_NODE_TABLE (self));
  g_return_if_fail (sample != NULL);

  nodes = ic_probe_sample_get_nodes (sample);
  if (same_nodes (self, nodes))
    {
      /* The same nodes as the last check (every check but the first):
       * their rows stay, and only the words that changed are redrawn. */
      for (guint i = 0; i < nodes->len; i++)
        {
          g_autoptr(IcProbeNodeItem) item = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

          ic_probe_node_item_update (item, g_ptr_array_index (nodes, i));
        }
    }
  else
    {
      items = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; nodes != NULL && i < nodes->len; i++)
        g_ptr_array_add (items, ic_probe_node_item_new (g_ptr_array_index (nodes, i)));
      /* One change for the whole table, however many rows. */
      g_list_store_splice (self->nodes, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->nodes)),
                           items->pdata, items->len);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), nodes != NULL);
  show_skew (self, nodes ? sample->skew : NULL);
}

/**
 * ic_probe_node_table_get_nodes:
 *
 * Returns: (transfer none): the rows, as IcProbeNodeItem
 */
GListModel *
ic_probe_node_table_get_nodes (IcProbeNodeTable *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), NULL);

  return G_LIST_MODEL (self->nodes);
}

/**
 * ic_probe_node_table_get_skew:
 *
 * Returns: (nullable): the skew warning, %NULL when none is shown
 */
const char *
ic_probe_node_table_get_skew (IcProbeNodeTable *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), NULL);

  return self->skew;
}
