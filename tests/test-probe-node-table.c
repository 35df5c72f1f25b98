/* test-probe-node-table.c — IcProbeNodeTable on its own: what it shows of
 * a Redis cluster probe's sample, row by row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-probe-node-table.h"

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
  g_assert_cmpuint (ic_probe_node_table_get_n_nodes (IC_PROBE_NODE_TABLE (table)), ==, 3);
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 0, 1), ==,
                   "primary");
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 1, 1), ==,
                   "replica of 10.0.0.1:7000");
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 2, 1), ==,
                   "replica of 10.0.0.1:7000,fail");
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 0, 5), ==,
                   "Near its client limit");
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 1, 5), ==,
                   "OK");
  g_assert_cmpstr (ic_probe_node_table_get_cell_text (IC_PROBE_NODE_TABLE (table), 2, 5), ==,
                   "Connection refused");
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
