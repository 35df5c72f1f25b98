/* fuzz-incident-json.c — incident files imported into a store, and back out
 *
 * Whatever the file, the import either refuses it with an error and leaves
 * the store as it was, or adds one incident; that incident exports to JSON
 * that imports into another store and exports to the same bytes again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#define FUZZ_OWN_INITIALIZE
#include "fuzz-common.h"
#include "ic-incident-json.h"
#include "ic-probe-config.h"
#include "ic-store.h"

static IcStore *first;
static IcStore *second;

static IcStore *
open_memory_store (void)
{
  g_autoptr(GError) error = NULL;
  /* 2026-11-28T08:00:00Z: a fixed clock keeps the exports comparable. */
  g_autoptr(IcClock) clock = ic_clock_new_manual (G_GINT64_CONSTANT (1795852800000000));
  IcStore *store = ic_store_open (":memory:", clock, &error);

  g_assert_no_error (error);
  return store;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  first = open_memory_store ();
  second = open_memory_store ();
  return 0;
}

static guint
n_incidents (IcStore *store)
{
  return g_list_model_get_n_items (ic_store_get_incidents (store));
}

static void
remove_incident (IcStore *store,
                 gint64   id)
{
  g_autoptr(GError) error = NULL;

  ic_store_delete_incident (store, ic_store_lookup_incident (store, id), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_incidents (store), ==, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *again = NULL;
  gint64 id, second_id;

  id = ic_store_import_incident_json (first, (const char *) data, size,
                                      ic_probe_config_check_imported, NULL, &error);
  if (id <= 0)
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (n_incidents (first), ==, 0);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_incidents (first), ==, 1);

  exported = ic_store_export_incident_json (first, id, &error);
  g_assert_no_error (error);
  second_id = ic_store_import_incident_json (second, exported, strlen (exported),
                                             ic_probe_config_check_imported, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second_id, ==, id);
  again = ic_store_export_incident_json (second, second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, exported);

  remove_incident (first, id);
  remove_incident (second, second_id);
  return 0;
}
