/* test-change-refresh.c — an incident's changes read from its service's
 * change sources: two repositories at once (the code and the config), a
 * source that fails without stopping the others, a second read that adds
 * nothing twice, and a cancelled refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <libsoup/soup.h>

#include "ic-change-refresh.h"
#include "ic-http.h"
#include "ic-probe-secret.h"
#include "ic-store-change-sources.h"
#include "ic-store-changes.h"
#include "ic-test-git.h"
#include "ic-test-store-fixture.h"

#define MIN_S(n) ((gint64) (n) * 60)
#define ALERT_S (IC_TEST_START_US / G_USEC_PER_SEC)

typedef struct
{
  StoreFixture  store;
  IcIncident   *incident;   /* of service "sessions", alert at IC_TEST_START_US */
  char         *code;
  char         *config;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  store_fixture_setup (&fx->store, data);
  fx->incident = ic_store_create_incident (fx->store.store, "Logins failing", "sessions",
                                           IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  ic_incident_set_alert_time (fx->incident, IC_TEST_START_US);
  fx->code = g_build_filename (fx->store.dir, "sessions-api", NULL);
  fx->config = g_build_filename (fx->store.dir, "sessions-config", NULL);

  /* The code repository: a deploy 20 minutes before the alert, one 3 hours
   * before (outside the window). */
  init_repo (fx->code);
  write_file (fx->code, "src/tokens.c", "rotate ();\n", -1);
  commit_at (fx->code, ALERT_S - MIN_S (180), "Tokens");
  write_file (fx->code, "src/tokens.c", "rotate_every_use ();\n", -1);
  commit_at (fx->code, ALERT_S - MIN_S (20), "Rotate refresh tokens on every use");
  /* The config repository: the renamed variable, 35 minutes before. */
  init_repo (fx->config);
  write_file (fx->config, "prod.env", "CLUSTER_DISCOVERY=true\n", -1);
  commit_at (fx->config, ALERT_S - MIN_S (150), "Prod");
  write_file (fx->config, "prod.env", "REDIS_URI=redis://10.0.4.13:6379\n", -1);
  commit_at (fx->config, ALERT_S - MIN_S (35), "Simplify Redis connection settings");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->incident);
  g_free (fx->code);
  g_free (fx->config);
  store_fixture_teardown (&fx->store, data);
}

static gint64
add_source (Fixture    *fx,
            const char *service,
            const char *location)
{
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_GIT, service,
                                                           location);
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_store_add_change_source (fx->store.store, source, &error));
  g_assert_no_error (error);
  return source->id;
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Refreshes on the main loop, as the app does; the loop turns meanwhile. */
static gboolean
refresh (Fixture       *fx,
         GCancellable  *cancellable,
         guint         *n_read,
         guint         *n_added,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint turns = 0;

  ic_change_sources_refresh_async (fx->store.store, fx->incident, NULL, cancellable,
                                   refresh_done_cb, &result);
  while (result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      turns++;
    }
  g_assert_cmpuint (turns, >, 0);
  return ic_change_sources_refresh_finish (fx->store.store, result, n_read, n_added, error);
}

static const IcChangeSource *
source_by_id (GPtrArray *sources,
              gint64     id)
{
  for (guint i = 0; i < sources->len; i++)
    if (((IcChangeSource *) sources->pdata[i])->id == id)
      return sources->pdata[i];
  g_assert_not_reached ();
}

/* Both repositories of the service are read for the two hours before the
 * alert; a source of another service is not; a source that is no
 * repository says so on itself, and the others' changes still arrive. */
static void
test_two_repositories (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (fx->store.dir, "not-a-repo", NULL);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *changes = ic_store_get_changes (fx->store.store, fx->incident);
  gint64 code_id, config_id, broken_id, other_id;
  guint n_read = 0, n_added = 0;
  g_autoptr(IcChange) newest = NULL;
  g_autoptr(IcChange) config = NULL;

  g_assert_cmpint (g_mkdir_with_parents (plain, 0700), ==, 0);
  code_id = add_source (fx, "sessions", fx->code);
  config_id = add_source (fx, "", fx->config);
  broken_id = add_source (fx, "sessions", plain);
  other_id = add_source (fx, "checkout", fx->code);

  g_assert_true (refresh (fx, NULL, &n_read, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, 2);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 2);
  newest = g_list_model_get_item (changes, 0);
  config = g_list_model_get_item (changes, 1);
  g_assert_cmpstr (ic_change_get_source (newest), ==, "sessions-api");
  g_assert_cmpint (ic_change_get_kind (newest), ==, IC_CHANGE_KIND_DEPLOY);
  g_assert_cmpstr (ic_change_get_source (config), ==, "sessions-config");
  g_assert_cmpint (ic_change_get_kind (config), ==, IC_CHANGE_KIND_CONFIG);
  g_assert_cmpstr (ic_change_get_config_diff (config), ==,
                   "prod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI added "
                   "(redis://10.0.4.13:6379) — CLUSTER_DISCOVERY removed, REDIS_URI added: "
                   "renamed?");
  /* The most recent reversible change is the rollback candidate, as for
   * changes typed in. */
  g_assert_true (ic_store_get_rollback_candidate (fx->store.store, fx->incident) == newest);

  sources = ic_store_list_change_sources (fx->store.store, NULL, &error);
  g_assert_false (source_by_id (sources, code_id)->failed);
  g_assert_cmpstr (source_by_id (sources, code_id)->status, ==,
                   "1 change in the window, 1 new.");
  g_assert_cmpstr (source_by_id (sources, config_id)->status, ==,
                   "1 change in the window, 1 new.");
  g_assert_true (source_by_id (sources, broken_id)->failed);
  g_assert_true (g_str_has_suffix (source_by_id (sources, broken_id)->status,
                                   "/not-a-repo is not a git repository"));
  g_assert_cmpint (source_by_id (sources, other_id)->read_at, ==, 0);
}

/* Read again after a new commit: only it is new, nothing is doubled, and a
 * change rolled back in between keeps its rollback. */
static void
test_read_again (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *changes = ic_store_get_changes (fx->store.store, fx->incident);
  g_autoptr(IcChange) deploy = NULL;
  guint n_read = 0, n_added = 0;

  add_source (fx, "sessions", fx->code);
  add_source (fx, "sessions", fx->config);
  g_assert_true (refresh (fx, NULL, NULL, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 2);
  deploy = g_list_model_get_item (changes, 0);
  g_assert_true (ic_store_roll_back_change (fx->store.store, fx->incident, deploy, &error));

  write_file (fx->config, "prod.env", "CLUSTER_DISCOVERY=true\n", -1);
  commit_at (fx->config, ALERT_S + MIN_S (1), "Revert \"Simplify Redis connection settings\"");
  ic_clock_advance (fx->store.clock, MIN_S (5) * G_USEC_PER_SEC);
  g_assert_true (refresh (fx, NULL, &n_read, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, 3);
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 3);
  g_assert_cmpint (ic_change_get_rolled_back_at (deploy), >, 0);
}

/* The deployment feed's server: the documented shape, for the one
 * Authorization the source keeps in the keyring; 401 for anything else. */
static void
feed_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *body = NULL;

  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), "Bearer feed-token") != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  body = g_strdup_printf ("[{\"time\": %" G_GINT64_FORMAT ", \"kind\": \"deploy\","
                          " \"description\": \"sessions-api v2.32.0 to prod\","
                          " \"author\": \"ci\", \"revision\": \"deploy-4812\"},"
                          " {\"time\": %" G_GINT64_FORMAT ", \"description\": \"too old\","
                          " \"revision\": \"deploy-4700\"}]",
                          ALERT_S - MIN_S (15), ALERT_S - MIN_S (600));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_probe_secret_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* A deployment feed beside a repository: read over HTTP with the
 * Authorization the keyring keeps for it, its deployments in the window
 * merged as changes; without the right Authorization it says so on the
 * source. */
static void
test_feed (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GObject) session = ic_http_session_new (0);
  g_autoptr(IcChangeSource) feed = NULL;
  g_autoptr(IcChangeSource) refused = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *other = NULL;
  GListModel *changes = ic_store_get_changes (fx->store.store, fx->incident);
  g_autoptr(IcChange) deploy = NULL;
  gboolean stored = FALSE;
  guint n_added = 0;

  soup_server_add_handler (server, "/changes", feed_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/changes", g_uri_get_port (uris->data));
  other = g_strdup_printf ("http://127.0.0.1:%d/changes?other", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  feed = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "sessions", url);
  feed->secret_ref = ic_probe_secret_new_ref ();
  ic_probe_secret_store_async (feed->secret_ref, url, "Bearer feed-token", NULL, stored_cb,
                               &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ic_store_add_change_source (fx->store.store, feed, &error));
  refused = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "sessions", other);
  g_assert_true (ic_store_add_change_source (fx->store.store, refused, &error));
  add_source (fx, "sessions", fx->config);

  ic_change_sources_refresh_async (fx->store.store, fx->incident, session, NULL,
                                   refresh_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ic_change_sources_refresh_finish (fx->store.store, result, NULL, &n_added,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  deploy = g_list_model_get_item (changes, 0);
  g_assert_cmpstr (ic_change_get_description (deploy), ==, "sessions-api v2.32.0 to prod");
  g_assert_cmpstr (ic_change_get_source (deploy), ==, "127.0.0.1");
  g_assert_cmpstr (ic_change_get_revision (deploy), ==, "deploy-4812");
  g_assert_cmpint (ic_change_get_kind (deploy), ==, IC_CHANGE_KIND_DEPLOY);

  sources = ic_store_list_change_sources (fx->store.store, NULL, &error);
  g_assert_false (source_by_id (sources, feed->id)->failed);
  g_assert_true (source_by_id (sources, refused->id)->failed);
  g_assert_nonnull (strstr (source_by_id (sources, refused->id)->status, "401"));
}

/* No sources: nothing to read, no error. Cancelled: says so. */
static void
test_none_and_cancelled (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n_added = 99;

  g_assert_true (refresh (fx, NULL, NULL, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 0);

  add_source (fx, "sessions", fx->code);
  g_cancellable_cancel (cancellable);
  g_assert_false (refresh (fx, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_changes (fx->store.store,
                                                                    fx->incident)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ic/change-refresh/two-repositories", test_two_repositories);
  ADD ("/ic/change-refresh/read-again", test_read_again);
  ADD ("/ic/change-refresh/none-and-cancelled", test_none_and_cancelled);
  ADD ("/ic/change-refresh/feed", test_feed);
#undef ADD
  return g_test_run ();
}
