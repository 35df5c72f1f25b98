/* test-change-sources-dialog.c — "Change Sources": every source with how its
 * last read went, a repository added by its folder, a feed with its
 * Authorization in the real (throw-away) keyring and never in the
 * database, a bad source refused in words, a source removed with its
 * secret; and the window's way to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-change-sources-dialog.h"
#include "ic-incident-view.h"
#include "ic-probe-secret.h"
#include "ic-settings.h"
#include "ic-store-change-sources.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

/* An AdwPreferencesRow (an entry row, an action row) titled @data. */
static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

/* A button whose tooltip (its name to a screen reader too) is @data. */
static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* The dialog's error line. */
static gboolean
is_error_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error");
}

static GPtrArray *
list_sources (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sources = ic_store_list_change_sources (fx->store, NULL, &error);

  g_assert_no_error (error);
  return sources;
}

static void
set_text (GtkWidget  *dialog,
          const char *row_title,
          const char *text)
{
  GtkWidget *row = ic_test_find_widget (dialog, is_row_titled, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
has_n_sources (gpointer data)
{
  IcChangeSourcesDialog *dialog = data;

  return ic_change_sources_dialog_get_n_sources (dialog) == 2;
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ic_probe_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  if (*out == NULL)
    *out = g_strdup ("");
}

static char *
lookup_secret (const char *ref)
{
  char *secret = NULL;

  ic_probe_secret_lookup_async (ref, NULL, lookup_done_cb, &secret);
  while (secret == NULL)
    g_main_context_iteration (NULL, TRUE);
  return secret;
}

/* The list: each source by name, where it is, whom it serves and how its
 * last read went — a failure said in words. */
static void
test_list (StoreFixture  *fx,
           gconstpointer  data)
{
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                           "/srv/git/sessions-config");
  g_autoptr(GError) error = NULL;
  IcChangeSourcesDialog *dialog;
  GtkWidget *row;
  GtkWidget *empty;

  dialog = ic_change_sources_dialog_new (NULL, fx->store, "sessions");
  empty = ic_test_find_widget (GTK_WIDGET (dialog), ic_test_is_label_prefixed, "No change sources");
  g_assert_true (gtk_widget_get_visible (empty));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (ic_store_add_change_source (fx->store, source, &error));
  g_assert_true (ic_store_set_change_source_status (fx->store, source->id, TRUE,
                                                    "/srv/git/sessions-config is not a git "
                                                    "repository", &error));
  dialog = ic_change_sources_dialog_new (NULL, fx->store, "sessions");
  row = ic_test_find_widget (GTK_WIDGET (dialog), is_row_titled, "sessions-config");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "/srv/git/sessions-config · for sessions\n"
                   "Failed at 08:00:00: /srv/git/sessions-config is not a git repository");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (ic_test_find_widget (row, is_button_named, "Remove sessions-config"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A repository by its folder, with the form's service, branch and paths;
 * a feed whose Authorization goes to the keyring, the database keeping
 * only where it is; a feed with a broken mapping refused in words. */
static void
test_add (StoreFixture  *fx,
          gconstpointer  data)
{
  IcChangeSourcesDialog *dialog = ic_change_sources_dialog_new (NULL, fx->store, "sessions");
  g_autoptr(GFile) folder = g_file_new_for_path (fx->dir);
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *secret = NULL;
  const IcChangeSource *git, *feed;
  GtkWidget *error_label;

  set_text (GTK_WIDGET (dialog), "Repository: branch (empty: its HEAD)", "prod");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ic_test_find_descendant (GTK_WIDGET (dialog),
                                                                       GTK_TYPE_SPIN_BUTTON)),
                             240);
  set_text (GTK_WIDGET (dialog), "Repository: only these paths (comma-separated folders or globs)",
            "env/, k8s/*.yaml, ");
  g_assert_true (ic_change_sources_dialog_add_folder (dialog, folder));

  /* A mapping that is no JSON object: refused, said, nothing stored. */
  set_text (GTK_WIDGET (dialog), "Deployment feed: address (https://…)",
            "https://deploys.example/api/changes");
  set_text (GTK_WIDGET (dialog), "Deployment feed: field mapping (JSON, for other shapes)",
            "[\"$.items\"]");
  ic_change_sources_dialog_add_feed (dialog);
  error_label = ic_test_find_widget (GTK_WIDGET (dialog), is_error_label, NULL);
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)), "mapping: "));
  g_assert_cmpuint (ic_change_sources_dialog_get_n_sources (dialog), ==, 1);

  /* A JSON object the reader would refuse (an index path): refused now. */
  set_text (GTK_WIDGET (dialog), "Deployment feed: field mapping (JSON, for other shapes)",
            "{\"author\": \"$.users[0]\"}");
  ic_change_sources_dialog_add_feed (dialog);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)),
                                   "mapping: \"author\": "));
  g_assert_cmpuint (ic_change_sources_dialog_get_n_sources (dialog), ==, 1);
  set_text (GTK_WIDGET (dialog), "Deployment feed: field mapping (JSON, for other shapes)",
            "{\"items\": \"$.deployments[*]\"}");
  set_text (GTK_WIDGET (dialog), "Deployment feed: Authorization header (kept in the keyring)",
            "Bearer s3cr3t-token");
  ic_change_sources_dialog_add_feed (dialog);
  wait_for (has_n_sources, dialog, "the feed to be added");
  g_assert_false (gtk_widget_get_visible (error_label));

  sources = list_sources (fx);
  g_assert_cmpuint (sources->len, ==, 2);
  git = sources->pdata[0];
  g_assert_cmpstr (git->location, ==, fx->dir);
  g_assert_cmpstr (git->service, ==, "sessions");
  g_assert_cmpstr (git->branch, ==, "prod");
  g_assert_cmpuint (g_strv_length (git->paths), ==, 2);
  g_assert_cmpstr (git->paths[1], ==, "k8s/*.yaml");
  g_assert_cmpuint (git->window_minutes, ==, 240);
  {
    g_autofree char *base = g_path_get_basename (fx->dir);
    g_autofree char *name = g_strconcat (base, "@prod", NULL);
    GtkWidget *row = ic_test_find_widget (GTK_WIDGET (dialog), is_row_titled, name);

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                              " · for sessions · 240 min before the alert · branch prod · only "
                              "env/, k8s/*.yaml\n"));
  }
  feed = sources->pdata[1];
  g_assert_cmpint (feed->kind, ==, IC_CHANGE_SOURCE_FEED);
  g_assert_cmpstr (feed->mapping, ==, "{\"items\": \"$.deployments[*]\"}");
  g_assert_nonnull (feed->secret_ref);
  secret = lookup_secret (feed->secret_ref);
  g_assert_cmpstr (secret, ==, "Bearer s3cr3t-token");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Removed from its row's button: gone from the list and the database, its
 * Authorization gone from the keyring. */
static void
test_remove (StoreFixture  *fx,
             gconstpointer  data)
{
  IcChangeSourcesDialog *dialog = ic_change_sources_dialog_new (NULL, fx->store, "");
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *secret = NULL;
  GtkWidget *row;

  set_text (GTK_WIDGET (dialog), "Deployment feed: address (https://…)",
            "https://deploys.example/feed");
  set_text (GTK_WIDGET (dialog), "Deployment feed: Authorization header (kept in the keyring)",
            "Bearer gone-soon");
  ic_change_sources_dialog_add_feed (dialog);
  while (ic_change_sources_dialog_get_n_sources (dialog) == 0)
    g_main_context_iteration (NULL, TRUE);
  sources = list_sources (fx);
  ref = g_strdup (((IcChangeSource *) sources->pdata[0])->secret_ref);

  row = ic_test_find_widget (GTK_WIDGET (dialog), is_row_titled, "deploys.example");
  g_assert_nonnull (row);
  ic_test_click_button (ic_test_find_widget (row, is_button_named, "Remove deploys.example"));
  g_assert_cmpuint (ic_change_sources_dialog_get_n_sources (dialog), ==, 0);
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = list_sources (fx);
  g_assert_cmpuint (sources->len, ==, 0);
  /* The keyring forgets it (asynchronously). */
  for (guint i = 0; i < 200; i++)
    {
      g_clear_pointer (&secret, g_free);
      secret = lookup_secret (ref);
      if (*secret == '\0')
        break;
      spin ();
    }
  g_assert_cmpstr (secret, ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, \
                                  store_fixture_teardown)
  ADD ("/ic/change-sources-dialog/list", test_list);
  ADD ("/ic/change-sources-dialog/add", test_add);
  ADD ("/ic/change-sources-dialog/remove", test_remove);
#undef ADD
  return g_test_run ();
}
