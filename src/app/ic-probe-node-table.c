/* ic-probe-node-table.c — a Redis cluster probe's per-node table and skew warning
 *
 * One row per node, each primary followed by its replicas: address, role,
 * clients, utilisation (near the limit by the probe's own threshold), latency and a
 * status that pairs an icon with words (never colour alone). The skew
 * warning above the table is an icon with an accessible label and a
 * sentence naming the node that holds most connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-node-table"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "ic-probe-node-table.h"

enum
{
  COLUMN_ADDRESS,
  COLUMN_ROLE,
  COLUMN_CLIENTS,
  COLUMN_UTILISATION,
  COLUMN_LATENCY,
  COLUMN_STATUS,
  N_COLUMNS
};

struct _IcProbeNodeTable
{
  GtkWidget  parent_instance;

  /* Children */
  GtkWidget *skew_box;
  GtkWidget *skew_icon;
  GtkWidget *skew_label;
  GtkWidget *grid;

  guint      n_nodes;
};

G_DEFINE_FINAL_TYPE (IcProbeNodeTable, ic_probe_node_table, GTK_TYPE_WIDGET)

static GtkWidget *
new_cell (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_header (IcProbeNodeTable *self)
{
  const char *titles[N_COLUMNS] = {
    _("Node"), _("Role"), _("Clients"), _("Utilisation"), _("Latency"), _("Status"),
  };

  for (guint column = 0; column < N_COLUMNS; column++)
    gtk_grid_attach (GTK_GRID (self->grid), new_cell (titles[column], "caption-heading"),
                     (int) column, 0, 1, 1);
}

/* An icon and words: the node's error, "Near its client limit" or "OK". */
static GtkWidget *
new_status (const IcProbeNode *node)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  const char *icon = "emblem-ok-symbolic";
  const char *text = _("OK");
  GtkWidget *image;
  GtkWidget *label;

  if (node->has_error)
    {
      icon = "dialog-error-symbolic";
      text = node->error ? node->error : _("Not checked");
    }
  else if (node->near_limit)
    {
      icon = "dialog-warning-symbolic";
      text = _("Near its client limit");
    }
  image = gtk_image_new_from_icon_name (icon);
  /* The words beside it say the same: the icon is decoration. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  label = new_cell (text, NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* "primary", "replica of 10.0.0.1:6379", with the cluster's failure flags
 * (",fail") as it spells them. */
static char *
role_text (const IcProbeNode *node)
{
  const char *role = node->role ? node->role : "";
  const char *flags = strchr (role, ',');

  if (g_str_has_prefix (role, "replica") && node->primary != NULL)
    /* Translators: a cluster node's role; %s is its primary's address */
    return g_strdup_printf (_("replica of %s%s"), node->primary, flags ? flags : "");
  if (g_str_has_prefix (role, "replica"))
    return g_strdup_printf ("%s%s", _("replica"), flags ? flags : "");
  if (g_str_has_prefix (role, "primary"))
    return g_strdup_printf ("%s%s", _("primary"), flags ? flags : "");
  return g_strdup (role);
}

static void
add_row (IcProbeNodeTable  *self,
         guint              row,
         const IcProbeNode *node)
{
  g_autofree char *clients = node->connected_clients >= 0
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, node->connected_clients)
                               : g_strdup ("–");
  g_autofree char *use = node->has_utilisation ? g_strdup_printf ("%.1f %%", node->utilisation)
                                               : g_strdup ("–");
  g_autofree char *latency = node->latency_us >= 0
                               ? g_strdup_printf (_("%.1f ms"), node->latency_us / 1000.0)
                               : g_strdup ("–");
  g_autofree char *role = role_text (node);
  GtkGrid *grid = GTK_GRID (self->grid);
  int y = (int) row + 1;

  gtk_grid_attach (grid, new_cell (node->address, "monospace"), COLUMN_ADDRESS, y, 1, 1);
  gtk_grid_attach (grid, new_cell (role, NULL), COLUMN_ROLE, y, 1, 1);
  gtk_grid_attach (grid, new_cell (clients, "numeric"), COLUMN_CLIENTS, y, 1, 1);
  gtk_grid_attach (grid, new_cell (use, "numeric"), COLUMN_UTILISATION, y, 1, 1);
  gtk_grid_attach (grid, new_cell (latency, "numeric"), COLUMN_LATENCY, y, 1, 1);
  gtk_grid_attach (grid, new_status (node), COLUMN_STATUS, y, 1, 1);
}

static void
clear_grid (IcProbeNodeTable *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
}

static void
show_skew (IcProbeNodeTable *self,
           const char       *skew)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->skew_box, skew != NULL);
  if (skew == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->skew_label), "");
      return;
    }
  /* Translators: "Skew: 127.0.0.1:7001 holds 52 of 58 client connections. …" */
  text = g_strdup_printf (_("Skew: %s. A client may be bypassing cluster discovery."), skew);
  gtk_label_set_label (GTK_LABEL (self->skew_label), text);
}

static void
ic_probe_node_table_dispose (GObject *object)
{
  IcProbeNodeTable *self = IC_PROBE_NODE_TABLE (object);

  g_clear_pointer (&self->skew_box, gtk_widget_unparent);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (ic_probe_node_table_parent_class)->dispose (object);
}

static void
ic_probe_node_table_class_init (IcProbeNodeTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_probe_node_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "probe-node-table");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ic_probe_node_table_init (IcProbeNodeTable *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cluster nodes"), -1);

  self->skew_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->skew_box, "probe-skew");
  self->skew_icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->skew_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  self->skew_label = new_cell (NULL, NULL);
  gtk_label_set_wrap (GTK_LABEL (self->skew_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->skew_label), TRUE);
  gtk_widget_set_hexpand (self->skew_label, TRUE);
  gtk_box_append (GTK_BOX (self->skew_box), self->skew_icon);
  gtk_box_append (GTK_BOX (self->skew_box), self->skew_label);
  gtk_widget_set_visible (self->skew_box, FALSE);
  gtk_widget_set_parent (self->skew_box, GTK_WIDGET (self));

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
ic_probe_node_table_new (void)
{
  return g_object_new (IC_TYPE_PROBE_NODE_TABLE, NULL);
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

  g_return_if_fail (IC_IS_PROBE_NODE_TABLE (self));
  g_return_if_fail (sample != NULL);

  nodes = ic_probe_sample_get_nodes (sample);
  clear_grid (self);
  self->n_nodes = nodes ? nodes->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (self), nodes != NULL);
  show_skew (self, nodes ? sample->skew : NULL);
  if (nodes == NULL)
    return;
  add_header (self);
  for (guint i = 0; i < nodes->len; i++)
    add_row (self, i, g_ptr_array_index (nodes, i));
}

guint
ic_probe_node_table_get_n_nodes (IcProbeNodeTable *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), 0);

  return self->n_nodes;
}

/**
 * ic_probe_node_table_get_cell_text:
 * @row: a node's row, from 0
 * @column: 0 address, 1 role, 2 clients, 3 utilisation, 4 latency, 5 status
 *
 * Returns: (nullable): the words the cell shows
 */
const char *
ic_probe_node_table_get_cell_text (IcProbeNodeTable *self,
                                   guint             row,
                                   guint             column)
{
  GtkWidget *cell;

  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), NULL);

  if (row >= self->n_nodes || column >= N_COLUMNS)
    return NULL;
  cell = gtk_grid_get_child_at (GTK_GRID (self->grid), (int) column, (int) row + 1);
  if (column == COLUMN_STATUS)
    cell = gtk_widget_get_last_child (cell);
  return gtk_label_get_label (GTK_LABEL (cell));
}

/**
 * ic_probe_node_table_get_skew_text:
 *
 * Returns: (nullable): the skew warning, %NULL when none is shown
 */
const char *
ic_probe_node_table_get_skew_text (IcProbeNodeTable *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), NULL);

  if (!gtk_widget_get_visible (self->skew_box))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->skew_label));
}

/**
 * ic_probe_node_table_get_skew_icon:
 *
 * Returns: (transfer none): the skew warning's icon
 */
GtkWidget *
ic_probe_node_table_get_skew_icon (IcProbeNodeTable *self)
{
  g_return_val_if_fail (IC_IS_PROBE_NODE_TABLE (self), NULL);

  return self->skew_icon;
}
