/* test-new-destroy.c — every widget and object type of the app, made and
 * dropped again: nothing keeps it alive once its owner lets go (a cycle,
 * a signal left connected, a source left running)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-change-reader.h"
#include "ic-change-sources-dialog.h"
#include "ic-store-change-sources.h"

#include <adwaita.h>

#include "ic-drill-catalog.h"
#include "ic-drill-debrief-dialog.h"
#include "ic-drill-dialog.h"
#include "ic-drill-player.h"
#include "ic-breath-guide.h"
#include "ic-breathe-page.h"
#include "ic-hypothesis-board.h"
#include "ic-details-page.h"
#include "ic-incident-row.h"
#include "ic-markdown-export.h"
#include "ic-postmortem-page.h"
#include "ic-postmortem.h"
#include "ic-section-editor.h"
#include "ic-probe-dashboard.h"
#include "ic-probe-editor.h"
#include "ic-probe-node-item.h"
#include "ic-probe-node-row.h"
#include "ic-probe-node-table.h"
#include "ic-rollback-chip.h"
#include "ic-rollback-timer.h"
#include "ic-sparkline.h"
#include "ic-status-composer.h"
#include "ic-structure-page.h"
#include "ic-suggestion-row.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

/* Widgets that need nothing. */
static void
test_plain_widgets (void)
{
  GtkWidget *(*constructors[]) (void) = {
    ic_breath_guide_new, ic_incident_row_new, ic_probe_node_table_new, ic_rollback_chip_new,
    ic_sparkline_new, ic_status_composer_new,
  };

  for (guint i = 0; i < G_N_ELEMENTS (constructors); i++)
    {
      GtkWidget *widget = g_object_ref_sink (constructors[i] ());

      g_test_message ("%s", G_OBJECT_TYPE_NAME (widget));
      g_assert_finalize_object (widget);
    }
  /* A node table with rows, and a row on its own. */
  {
    IcProbeSample sample = { 0 };
    IcProbeNode *node = ic_probe_node_new ("10.0.0.1:7000", "primary");
    GtkWidget *table = g_object_ref_sink (ic_probe_node_table_new ());
    IcProbeNodeItem *item = ic_probe_node_item_new (node);
    GtkWidget *row = g_object_ref_sink (ic_probe_node_row_new (item));

    sample.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
    g_ptr_array_add (sample.nodes, node);
    ic_probe_node_table_show_sample (IC_PROBE_NODE_TABLE (table), &sample);
    g_assert_finalize_object (table);
    g_assert_finalize_object (row);
    g_assert_finalize_object (item);
    g_ptr_array_unref (sample.nodes);
  }
  /* The hypothesis board's starting points: the list, a match and a row. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = g_resources_lookup_data (
      RESOURCE_BASE "/suggestions.json", 0, &error);
    IcSuggestions *suggestions;
    GListModel *matches;
    IcSuggestion *first;
    GtkWidget *row;

    g_assert_no_error (error);
    suggestions = ic_suggestions_new_from_bytes (bytes, &error);
    g_assert_no_error (error);
    matches = ic_suggestions_match (suggestions, "Timeouts on checkout");
    first = g_list_model_get_item (matches, 0);
    row = g_object_ref_sink (ic_suggestion_row_new (first));
    g_assert_finalize_object (row);
    g_object_unref (first);
    g_assert_finalize_object (matches);
    g_assert_finalize_object (suggestions);
  }
  /* A section editor of each section. */
  for (int s = 0; s < IC_POSTMORTEM_N_SECTIONS; s++)
    {
      GtkWidget *editor = g_object_ref_sink (
        g_object_new (IC_TYPE_SECTION_EDITOR, "section", ic_postmortem_section_to_string (s),
                      NULL));

      g_assert_cmpint (ic_section_editor_get_section (IC_SECTION_EDITOR (editor)), ==, s);
      g_assert_finalize_object (editor);
    }
}

/* Pages: made on a store, shown an incident, dropped; the store lives on. */
static void
test_pages (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IcActionItemFields item = { "Alert on pool usage", "Ana", NULL, IC_ACTION_ITEM_MONITORING,
                              FALSE };
  GtkWidget *page;

  page = g_object_ref_sink (ic_breathe_page_new (fx->store));
  ic_breathe_page_set_incident (IC_BREATHE_PAGE (page), fx->incident);
  g_assert_finalize_object (page);

  page = g_object_ref_sink (ic_structure_page_new (fx->store));
  ic_structure_page_set_incident (IC_STRUCTURE_PAGE (page), fx->incident);
  g_assert_finalize_object (page);

  page = g_object_ref_sink (ic_hypothesis_board_new (fx->store));
  ic_hypothesis_board_set_incident (IC_HYPOTHESIS_BOARD (page), fx->incident);
  g_assert_finalize_object (page);

  page = g_object_ref_sink (ic_probe_dashboard_new (fx->store));
  ic_probe_dashboard_set_incident (IC_PROBE_DASHBOARD (page), fx->incident);
  g_assert_finalize_object (page);

  page = g_object_ref_sink (g_object_new (IC_TYPE_POSTMORTEM_PAGE, "store", fx->store, NULL));
  ic_postmortem_page_set_incident (IC_POSTMORTEM_PAGE (page), fx->incident);
  g_assert_finalize_object (page);

  page = g_object_ref_sink (ic_details_page_new (fx->store));
  ic_details_page_set_incident (IC_DETAILS_PAGE (page), fx->incident);
  g_assert_finalize_object (page);

  /* Started, with its rows of whys and an action item. */
  g_assert_true (ic_store_ensure_postmortem (fx->store, fx->incident, &error));
  g_assert_cmpint (ic_store_add_action_item (fx->store, fx->incident, &item, &error), >, 0);
  g_assert_no_error (error);
  page = g_object_ref_sink (g_object_new (IC_TYPE_POSTMORTEM_PAGE, "store", fx->store, NULL));
  ic_postmortem_page_set_incident (IC_POSTMORTEM_PAGE (page), fx->incident);
  g_assert_finalize_object (page);
}

/* A top-level window is GTK's until destroyed. */
static void
test_probe_editor (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) record = NULL;
  GtkWidget *editor;

  record = ic_store_add_probe (fx->store, fx->incident, "http", "health",
                               "https://checkout.example/health", 10000, 3000, &error);
  g_assert_no_error (error);
  editor = g_object_ref (ic_probe_editor_new (fx->store, record));
  gtk_window_present (GTK_WINDOW (editor));
  spin ();
  gtk_window_destroy (GTK_WINDOW (editor));
  spin ();
  g_assert_finalize_object (editor);
}

/* A drill's player and the dialog that starts drills. */
static void
test_drill (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcIncident) drill = ic_drill_catalog_start (fx->store, "az-health-check", &error);
  IcDrillPlayer *player;
  GtkWidget *dialog;
  GtkWidget *chart;

  g_assert_no_error (error);
  player = ic_drill_player_new (fx->store, drill, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (player);
  dialog = g_object_ref (GTK_WIDGET (ic_drill_dialog_new (NULL, fx->store)));
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (dialog);
  dialog = g_object_ref (GTK_WIDGET (ic_drill_debrief_dialog_new (NULL, fx->store,
                                                                  ic_incident_get_id (drill),
                                                                  &error)));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (dialog);
  chart = g_object_ref_sink (ic_drill_chart_new ());
  ic_drill_chart_add_run (IC_DRILL_CHART (chart), 90 * G_USEC_PER_SEC, -1);
  g_assert_finalize_object (chart);
}

/* The change sources' reader, freed while a read is under way (the read is
 * cancelled and its end finds nothing freed), and their dialog. */
static void
test_change_reader (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "", fx->dir);
  g_autoptr(GError) error = NULL;
  IcChangeReader *reader = ic_change_reader_new (fx->store);
  GtkWidget *dialog;

  g_assert_true (ic_store_add_change_source (fx->store, source, &error));
  ic_change_reader_set_incident (reader, fx->incident);
  g_assert_true (ic_change_reader_get_busy (reader));
  g_assert_finalize_object (reader);
  spin ();
  dialog = g_object_ref (GTK_WIDGET (ic_change_sources_dialog_new (NULL, fx->store, "checkout")));
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (dialog);
}

/* Objects of the core that are made beside the store, not by it. */
static void
test_core_objects (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  IcWhy *why = ic_why_new (0, 1, "Why?", "Because");
  IcRollbackTimer *timer = ic_rollback_timer_new (fx->store, fx->incident,
                                                  120 * G_USEC_PER_SEC);
  IcMarkdownExport *export = ic_markdown_export_new (fx->store, utc);

  ic_rollback_timer_start (timer);
  g_assert_finalize_object (timer);
  g_assert_finalize_object (export);
  g_assert_finalize_object (why);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, \
                                  store_fixture_teardown)
  g_test_add_func ("/ic/new-destroy/plain-widgets", test_plain_widgets);
  ADD ("/ic/new-destroy/pages", test_pages);
  ADD ("/ic/new-destroy/probe-editor", test_probe_editor);
  ADD ("/ic/new-destroy/core-objects", test_core_objects);
  ADD ("/ic/new-destroy/drill", test_drill);
  ADD ("/ic/new-destroy/change-reader", test_change_reader);
#undef ADD
  return g_test_run ();
}
