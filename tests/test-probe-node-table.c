/* test-probe-node-table.c — IcProbeNodeTable on its own: what it shows of
 * a Redis cluster probe's sample, row by row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-probe-node-item.h"
#include "ic-probe-node-row.h"
#include "ic-probe-node-table.h"
#include "ic-test-widget.h"

static IcProbeNodeItem *
row_at (IcProbeNodeTable *table,
        guint             position)
{
  g_autoptr(IcProbeNodeItem) item = g_list_model_get_item (ic_probe_node_table_get_nodes (table),
                                                           position);

  g_assert_nonnull (item);
  return item;   /* the table's model holds it */
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

/* The label on screen that reads @text. */
static GtkWidget *
shown_label (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label = ic_test_find_widget (root, is_label_reading, text);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  return label;
}

/* /ic/probe-node-table/replica-and-limit ------------------------------------- */

/* A replica's row names its primary; "near its client limit" follows the
 * flag the probe set by its own threshold, in words beside an icon. */
static void
test_replica_and_limit (void)
{
  g_autoptr(GtkWidget) table = g_object_ref_sink (ic_probe_node_table_new ());
  IcProbeSample sample = { 0 };
  IcProbeNode *primary = ic_probe_node_new ("10.0.0.1:7000", "primary");
  IcProbeNode *replica = ic_probe_node_new ("10.0.0.4:7003", "replica");
  IcProbeNode *failed = ic_probe_node_new ("10.0.0.5:7004", "replica,fail");
  IcProbeNodeTable *view = IC_PROBE_NODE_TABLE (table);
  GListModel *nodes = ic_probe_node_table_get_nodes (view);
  IcProbeSample empty = { 0 };
  GtkWindow *window;
  GPtrArray *toasts;
  GtkWidget *status;
  GtkWidget *first;

  primary->connected_clients = 40;
  primary->maxclients = 100;
  primary->has_utilisation = TRUE;
  primary->utilisation = 40;
  primary->near_limit = TRUE;   /* the probe's threshold was 30 % */
  replica->connected_clients = 95;
  replica->maxclients = 100;
  replica->has_utilisation = TRUE;
  replica->utilisation = 95;
  replica->near_limit = FALSE;  /* and 99 % here: the table does not judge by itself */
  replica->primary = g_strdup ("10.0.0.1:7000");
  failed->primary = g_strdup ("10.0.0.1:7000");
  failed->has_error = TRUE;
  failed->error = g_strdup ("Connection refused");
  sample.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
  g_ptr_array_add (sample.nodes, primary);
  g_ptr_array_add (sample.nodes, replica);
  g_ptr_array_add (sample.nodes, failed);

  ic_probe_node_table_show_sample (IC_PROBE_NODE_TABLE (table), &sample);
  g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, 3);
  g_assert_cmpstr (ic_probe_node_item_get_role (row_at (view, 0)), ==, "primary");
  g_assert_cmpstr (ic_probe_node_item_get_role (row_at (view, 1)), ==,
                   "replica of 10.0.0.1:7000");
  g_assert_cmpstr (ic_probe_node_item_get_role (row_at (view, 2)), ==,
                   "replica of 10.0.0.1:7000,fail");
  g_assert_cmpstr (ic_probe_node_item_get_status (row_at (view, 0)), ==, "Near its client limit");
  g_assert_cmpstr (ic_probe_node_item_get_status (row_at (view, 1)), ==, "OK");
  g_assert_cmpstr (ic_probe_node_item_get_status (row_at (view, 2)), ==, "Connection refused");
  g_assert_cmpstr (ic_probe_node_item_get_status_icon (row_at (view, 0)), ==,
                   "dialog-warning-symbolic");
  g_assert_cmpstr (ic_probe_node_item_get_status_icon (row_at (view, 1)), ==,
                   "emblem-ok-symbolic");
  g_assert_cmpstr (ic_probe_node_item_get_status_icon (row_at (view, 2)), ==,
                   "dialog-error-symbolic");
  g_assert_cmpstr (ic_probe_node_item_get_clients (row_at (view, 1)), ==, "95");
  g_assert_cmpstr (ic_probe_node_item_get_utilisation (row_at (view, 1)), ==, "95.0 %");
  g_assert_cmpstr (ic_probe_node_item_get_clients (row_at (view, 2)), ==, "–");
  g_assert_null (ic_probe_node_table_get_skew (view));
  g_assert_true (gtk_widget_get_visible (table));

  /* What the rows say is what the window shows: the words, and the
   * status icon beside them. */
  window = ic_test_window_for (g_object_ref (table), &toasts);
  shown_label (table, "10.0.0.5:7004");
  shown_label (table, "replica of 10.0.0.1:7000,fail");
  status = shown_label (table, "Connection refused");
  g_assert_true (GTK_IS_IMAGE (gtk_widget_get_prev_sibling (status)));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_prev_sibling (status))), ==,
                   "dialog-error-symbolic");
  shown_label (table, "Near its client limit");

  /* The next check of the same nodes: the rows stay, their words change. */
  first = ic_test_find_descendant (table, IC_TYPE_PROBE_NODE_ROW);
  replica->connected_clients = 96;
  replica->utilisation = 96;
  ic_probe_node_table_show_sample (view, &sample);
  g_assert_true (ic_test_find_descendant (table, IC_TYPE_PROBE_NODE_ROW) == first);
  g_assert_cmpstr (ic_probe_node_item_get_utilisation (row_at (view, 1)), ==, "96.0 %");
  shown_label (table, "96.0 %");

  /* A sample without nodes (any other kind) hides the table and empties it. */
  ic_probe_node_table_show_sample (view, &empty);
  g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, 0);
  g_assert_false (gtk_widget_get_visible (table));
  ic_test_window_close (window);
  g_ptr_array_unref (sample.nodes);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ic/probe-node-table/replica-and-limit", test_replica_and_limit);
  return g_test_run ();
}
