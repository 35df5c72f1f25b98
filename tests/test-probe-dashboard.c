/* test-probe-dashboard.c — IcProbeDashboard on its own: a real store file,
 * the dashboard in a plain GtkWindow under Xvfb (the window's win.toast
 * stood in for), probes checking real servers on loopback and the test
 * keyring build-aux/session starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ic-incident-json.h"
#include "ic-markdown-export.h"
#include "ic-probe-card.h"
#include "ic-probe-config.h"
#include "ic-probe-dashboard.h"
#include "ic-probe-editor.h"
#include "ic-probe-node-item.h"
#include "ic-probe-node-table.h"
#include "ic-probe-secret.h"
#include "ic-store-private.h"
#include "ic-test-http.h"
#include "ic-test-redis-cluster.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture      store;
  GtkWindow        *window;
  IcProbeDashboard *dashboard;
  GPtrArray        *toasts;   /* owned by the window */
} DashboardFixture;

static void
open_dashboard (DashboardFixture *fx)
{
  fx->dashboard = IC_PROBE_DASHBOARD (ic_probe_dashboard_new (fx->store.store));
  fx->window = ic_test_window_for (GTK_WIDGET (fx->dashboard), &fx->toasts);
  /* The focus starts outside the form, as in the app's window. Alone in a
   * window, the dashboard would have its first entry focused, and GTK 4.8
   * warns ("GtkText - did not receive a focus-out event") when the form
   * goes insensitive under a focused entry while the keyring stores. */
  gtk_window_set_focus (fx->window, NULL);
}

static void
dashboard_setup (DashboardFixture *fx,
                 gconstpointer     data)
{
  store_fixture_setup (&fx->store, data);
  open_dashboard (fx);
}

static void
dashboard_teardown (DashboardFixture *fx,
                    gconstpointer     data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, data);
}

/* The dashboard and its store made again from the file, as after a restart. */
static void
restart (DashboardFixture *fx)
{
  ic_test_window_close (fx->window);
  store_fixture_reopen (&fx->store);
  open_dashboard (fx);
}

/* A new incident in the fixture's store. */
static IcIncident *
add_incident (DashboardFixture *fx,
              const char       *title,
              const char       *service)
{
  g_autoptr(GError) error = NULL;
  IcIncident *incident = ic_store_create_incident (fx->store.store, title, service,
                                                   IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);

  g_assert_no_error (error);
  return incident;
}

/* Shows @incident's probes, as the incident view does when it is selected. */
static IcProbeDashboard *
show_probes (DashboardFixture *fx,
             IcIncident       *incident)
{
  ic_probe_dashboard_set_incident (fx->dashboard, incident);
  return fx->dashboard;
}

/* The only probe of @incident (the live list keeps it). */
static IcProbeRecord *
first_probe (DashboardFixture *fx,
             IcIncident       *incident)
{
  g_autoptr(IcProbeRecord) record = g_list_model_get_item (ic_store_get_probes (fx->store.store,
                                                                                incident), 0);

  g_assert_nonnull (record);
  return record;
}

static gboolean
model_not_empty (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* @data: a weak pointer to a window */
static gboolean
widget_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL || !gtk_widget_get_visible (*(GtkWidget **) data);
}

static gboolean
is_password_entry (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_PASSWORD_ENTRY (widget) || ADW_IS_PASSWORD_ENTRY_ROW (widget);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_expander (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_EXPANDER (widget);
}

static gboolean
is_spin_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

/* Opens "More Options": its fields are in the widget tree only when open. */
static void
open_more_options (GtkWidget *root)
{
  GtkWidget *expander = ic_test_find_widget (root, is_expander, NULL);

  g_assert_nonnull (expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
}

/* Servers on loopback ---------------------------------------------------------- */

static guint probe_status = 200;

/* Serves @handler on a loopback port of @server; returns the port. */
static int
listen_local (SoupServer         *server,
              SoupServerCallback  handler)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int port;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

static void
probe_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  soup_server_message_set_status (msg, probe_status, NULL);
  soup_server_message_set_response (msg, "application/health+json", SOUP_MEMORY_STATIC,
                                    "{\"status\":\"pass\"}", 17);
}

/* Probe cards ------------------------------------------------------------------ */

/* The IcProbeCard showing @record under @root, if there is one. */
static IcProbeCard *
find_card (GtkWidget     *root,
           IcProbeRecord *record)
{
  if (IC_IS_PROBE_CARD (root)
      && ic_probe_record_get_id (ic_probe_card_get_record (IC_PROBE_CARD (root)))
           == ic_probe_record_get_id (record))
    return IC_PROBE_CARD (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      IcProbeCard *found = find_card (child, record);

      if (found != NULL)
        return found;
    }
  return NULL;
}

#define CARD_GETTER(type, name, fallback)                                      \
  static G_GNUC_UNUSED type                                                    \
  card_##name (IcProbeDashboard *dashboard,                                    \
               IcProbeRecord    *record)                                       \
  {                                                                            \
    IcProbeCard *card = find_card (GTK_WIDGET (dashboard), record);            \
                                                                               \
    return card != NULL ? ic_probe_card_get_##name (card) : fallback;          \
  }

CARD_GETTER (const char *, state_text, NULL)
CARD_GETTER (const char *, detail, NULL)
CARD_GETTER (const char *, target, NULL)
CARD_GETTER (const char *, title, NULL)
CARD_GETTER (const char *, kept_text, NULL)
CARD_GETTER (GtkWidget *, keep_button, NULL)
CARD_GETTER (guint, history_length, 0)
CARD_GETTER (GtkWidget *, node_table, NULL)

typedef struct
{
  IcProbeDashboard *dashboard;
  IcProbeRecord    *record;
  const char       *text;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (card_state_text (wait->dashboard, wait->record), wait->text) == 0;
}

typedef struct
{
  IcProbeDashboard *dashboard;
  IcProbeRecord    *record;
  const char       *prefix;
} DetailWait;

static gboolean
detail_has_prefix (gpointer data)
{
  DetailWait *wait = data;
  const char *detail = card_detail (wait->dashboard, wait->record);

  return detail != NULL && g_str_has_prefix (detail, wait->prefix);
}

/* The keyring ------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  char     *password;
  GError   *error;
} SecretWait;

static void
secret_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SecretWait *wait = user_data;

  wait->password = ic_probe_secret_lookup_finish (result, &wait->error);
  wait->done = TRUE;
}

static gboolean
secret_done (gpointer data)
{
  return ((SecretWait *) data)->done;
}

/* What the test keyring holds under @ref; NULL for nothing. */
static char *
keyring_lookup (const char *ref)
{
  SecretWait wait = { FALSE, NULL, NULL };

  ic_probe_secret_lookup_async (ref, NULL, secret_found_cb, &wait);
  wait_for (secret_done, &wait, "the keyring to answer");
  g_assert_no_error (wait.error);
  return wait.password;
}

typedef struct
{
  gboolean    done;
  GHashTable *secrets;
  GError     *error;
} SecretsWait;

static void
secrets_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretsWait *wait = user_data;

  wait->secrets = ic_probe_secret_lookup_all_finish (result, &wait->error);
  wait->done = TRUE;
}

static gboolean
secrets_done (gpointer data)
{
  return ((SecretsWait *) data)->done;
}

/* All the test keyring holds under @ref. */
static GHashTable *
keyring_lookup_all (const char *ref)
{
  SecretsWait wait = { FALSE, NULL, NULL };

  ic_probe_secret_lookup_all_async (ref, NULL, secrets_found_cb, &wait);
  wait_for (secrets_done, &wait, "the keyring to answer");
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.secrets);
  return wait.secrets;
}

/* /ic/probe-dashboard/add ------------------------------------------------------ */

static void
test_add (DashboardFixture *fx,
          gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcHypothesis) hypothesis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *url = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GListModel *evidence;
  StateWait wait;

  url = g_strdup_printf ("http://127.0.0.1:%d/health", listen_local (server, probe_handler));
  probe_status = 200;

  incident = add_incident (fx, "Checkout health", "checkout");
  hypothesis = ic_store_add_hypothesis (fx->store.store, incident, "Upstream down",
                                        IC_LIKELIHOOD_LIKELY, NULL, &error);
  g_assert_no_error (error);
  dashboard = show_probes (fx, incident);

  /* A bad target: an inline error, nothing saved. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "x",
                              "gopher://old", 1);
  g_assert_nonnull (ic_probe_dashboard_get_error_text (dashboard));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_probes (fx->store.store, incident)), ==,
                    0);
  /* A bad JSON condition: the same. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.set-condition", "s",
                              "status = pass");
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "x", url, 1);
  g_assert_nonnull (strstr (ic_probe_dashboard_get_error_text (dashboard), "JSON condition"));
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_probes (fx->store.store, incident)), ==,
                    0);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.set-condition", "s",
                              "$.status == \"pass\"");

  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "checkout health",
                              url, 1);
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);
  g_assert_cmpstr (ic_probe_record_get_json_condition (record), ==, "$.status == \"pass\"");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe to report OK");

  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.attach", "(xxs)",
                              ic_probe_record_get_id (record), ic_hypothesis_get_id (hypothesis),
                              "against");
  evidence = ic_store_get_evidence (fx->store.store, hypothesis);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  {
    g_autoptr(IcEvidence) item = g_list_model_get_item (evidence, 0);

    g_assert_cmpint (ic_evidence_get_stance (item), ==, IC_STANCE_AGAINST);
    g_assert_nonnull (strstr (ic_evidence_get_text (item), "checkout health"));
    g_assert_cmpint (ic_evidence_get_probe_sample_id (item), >, 0);
  }

  /* The endpoint fails: after two failures in a row the card says so and
   * the timeline records the change. */
  probe_status = 503;
  wait.text = "Failing";
  wait_for (state_is, &wait, "the probe to report failing");
  timeline = ic_store_list_timeline (fx->store.store, incident, &error);
  g_assert_true (ic_test_timeline_has (timeline, "probe-state", "OK → Failing"));
  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/samples-batched --------------------------------------------- */

static gboolean
nothing_pending (gpointer data)
{
  return ic_probe_dashboard_get_n_pending_samples (data) == 0;
}

static gboolean
some_pending (gpointer data)
{
  return ic_probe_dashboard_get_n_pending_samples (data) > 0;
}

/* A result is on the card at once and in the store within the second, with
 * the others of that second in one transaction; leaving the incident
 * stores what is waiting. */
static void
test_samples_batched (DashboardFixture *fx,
                      gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *url = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  StateWait wait;
  guint pending;

  url = g_strdup_printf ("http://127.0.0.1:%d/health", listen_local (server, probe_handler));
  probe_status = 200;
  incident = add_incident (fx, "Checkout health", "checkout");
  dashboard = show_probes (fx, incident);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "checkout health",
                              url, 1);
  record = first_probe (fx, incident);
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe to report OK");

  /* Shown, not stored yet. */
  g_assert_cmpuint (ic_probe_dashboard_get_n_pending_samples (dashboard), ==, 1);
  before = ic_store_list_probe_samples (fx->store.store, record, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);

  wait_for (nothing_pending, dashboard, "the samples to be stored");
  after = ic_store_list_probe_samples (fx->store.store, record, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, >=, 1);
  g_assert_cmpstr (((IcStoredSample *) g_ptr_array_index (after, 0))->state, ==, "ok");

  /* Another incident: what waited is stored on the way out. */
  wait_for (some_pending, dashboard, "the next sample");
  pending = ic_probe_dashboard_get_n_pending_samples (dashboard);
  ic_probe_dashboard_set_incident (dashboard, NULL);
  g_assert_cmpuint (ic_probe_dashboard_get_n_pending_samples (dashboard), ==, 0);
  left = ic_store_list_probe_samples (fx->store.store, record, 60, &error);
  g_assert_cmpuint (left->len, >=, after->len + pending);
  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/redis ---------------------------------------------------- */

/* A Redis probe added from the dashboard checks the real redis-server that
 * build-aux/test starts (IC_TEST_REDIS_PORT). */
static void
test_redis (DashboardFixture *fx,
            gconstpointer     data)
{
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *url = NULL;
  const char *port = g_getenv ("IC_TEST_REDIS_PORT");
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  StateWait wait;

  if (port == NULL)
    g_error ("IC_TEST_REDIS_PORT is not set: run the tests with build-aux/test, "
             "which starts a private redis-server");
  url = g_strdup_printf ("redis://127.0.0.1:%s", port);

  incident = add_incident (fx, "Sessions lost", "sessions");
  dashboard = show_probes (fx, incident);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "session redis",
                              url, 1);
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the Redis probe to report OK");
}

/* /ic/probe-dashboard/redis-cluster -------------------------------------------- */

/* A Redis cluster probe's card shows one row per primary and, when one node
 * holds most of the client connections, a skew warning: an icon and words
 * naming the node, not a colour alone. The cluster is the test's own. */
static void
test_redis_cluster (DashboardFixture *fx,
                    gconstpointer     data)
{
  IcTestRedisCluster cluster = { 0 };
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *hot = NULL;
  IcProbeDashboard *dashboard;
  IcProbeNodeTable *table;
  GListModel *nodes;
  GObject *skew_icon;
  IcProbeRecord *record;
  StateWait wait;

  ic_test_cluster_start (&cluster);
  /* A client that ignores the cluster and stays on one node. */
  for (guint i = 0; i < 40; i++)
    {
      g_ptr_array_add (held, g_socket_client_connect_to_host (client, "127.0.0.1",
                                                              (guint16) cluster.ports[1],
                                                              NULL, &error));
      g_assert_no_error (error);
    }
  url = g_strdup_printf ("redis://127.0.0.1:%d?cluster=1", cluster.ports[0]);

  incident = add_incident (fx, "Sessions lost", "sessions");
  dashboard = show_probes (fx, incident);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "session cluster",
                              url, 1);
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);
  wait = (StateWait) { dashboard, record, "Degraded" };
  wait_for (state_is, &wait, "the cluster probe to report the skew");

  table = IC_PROBE_NODE_TABLE (card_node_table (dashboard, record));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (table)));
  nodes = ic_probe_node_table_get_nodes (table);
  g_assert_cmpuint (g_list_model_get_n_items (nodes), ==, IC_TEST_CLUSTER_SIZE);
  for (guint row = 0; row < IC_TEST_CLUSTER_SIZE; row++)
    {
      g_autofree char *address = g_strdup_printf ("127.0.0.1:%d", cluster.ports[row]);
      g_autoptr(IcProbeNodeItem) item = g_list_model_get_item (nodes, row);
      gboolean listed = FALSE;

      for (guint i = 0; i < IC_TEST_CLUSTER_SIZE; i++)
        {
          g_autoptr(IcProbeNodeItem) other = g_list_model_get_item (nodes, i);

          listed |= g_strcmp0 (ic_probe_node_item_get_address (other), address) == 0;
        }
      g_assert_true (listed);
      g_assert_cmpstr (ic_probe_node_item_get_role (item), ==, "primary");
      g_assert_true (g_str_has_suffix (ic_probe_node_item_get_utilisation (item), " %"));
      g_assert_true (g_str_has_suffix (ic_probe_node_item_get_latency (item), " ms"));
      g_assert_cmpstr (ic_probe_node_item_get_status (item), ==, "OK");
    }
  hot = g_strdup_printf ("Skew: 127.0.0.1:%d holds ", cluster.ports[1]);
  g_assert_true (g_str_has_prefix (ic_probe_node_table_get_skew (table), hot));
  skew_icon = gtk_widget_get_template_child (GTK_WIDGET (table), IC_TYPE_PROBE_NODE_TABLE,
                                             "skew_icon");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (skew_icon)));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (skew_icon)), ==,
                   "dialog-warning-symbolic");

  /* The skew gone, so is the warning. */
  g_ptr_array_set_size (held, 0);
  wait.text = "OK";
  wait_for (state_is, &wait, "the cluster probe to report OK");
  g_assert_null (ic_probe_node_table_get_skew (table));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (skew_icon)));
  ic_test_cluster_stop (&cluster);
}

/* /ic/probe-dashboard/keyring -------------------------------------------------- */

/* A password typed into a redis:// target goes to the keyring, not the
 * database; the probe authenticates with it; the editor changes it; removing
 * the probe removes it. Typed and clicked as a person would. */
static void
test_keyring (DashboardFixture *fx,
              gconstpointer     data)
{
  IcTestRedisCluster server = { 0 };
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(redisReply) reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *ref = NULL;
  const char *db = fx->store.path;
  char *password;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GtkWidget *editor;
  GListModel *probes;
  StateWait wait;
  DetailWait detail;

  ic_test_cluster_start_server (&server, 0, FALSE);
  reply = ic_test_cluster_command (&server, 0, "CONFIG SET requirepass s3cret-in-keyring");
  g_assert_cmpint (reply->type, ==, REDIS_REPLY_STATUS);
  url = g_strdup_printf ("redis://:s3cret-in-keyring@127.0.0.1:%d", server.ports[0]);
  bare = g_strdup_printf ("redis://127.0.0.1:%d", server.ports[0]);

  incident = add_incident (fx, "Sessions lost", "sessions");
  dashboard = show_probes (fx, incident);
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Name",
                     "sessions");
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Target URL",
                     url);
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Add Probe");
  probes = ic_store_get_probes (fx->store.store, incident);
  wait_for (model_not_empty, probes, "the probe to be added once the keyring has its password");
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);

  /* The target lost its password; the database holds a reference only. */
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, bare);
  g_assert_cmpstr (card_target (dashboard, record), ==, bare);
  ref = g_strdup (ic_probe_record_get_secret_ref (record));
  g_assert_nonnull (ref);
  ic_test_assert_not_in_database (db, "s3cret-in-keyring");
  password = keyring_lookup (ref);
  g_assert_cmpstr (password, ==, "s3cret-in-keyring");
  ic_probe_secret_free (password);
  /* The form is empty again, password field included. */
  open_more_options (GTK_WIDGET (dashboard));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     ic_test_find_widget (GTK_WIDGET (dashboard), is_password_entry, NULL))),
                   ==, "");

  /* Read back from the keyring, it authenticates. */
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the password-protected Redis probe to report OK");

  /* Changed in the editor's password field: saved to the keyring, and the
   * card restarts with it; the server refuses the wrong one, verbatim. */
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_with_icon, "document-edit-symbolic");
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_nonnull (editor);
  open_more_options (editor);
  ic_test_type_into (editor, is_password_entry, NULL, "not-the-password");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ic_test_click (editor, ic_test_is_button_labelled, "_Save");
  wait_for (widget_gone, &editor, "the editor to close once the keyring has the password");
  g_assert_cmpstr (ic_probe_record_get_secret_ref (record), ==, ref);
  password = keyring_lookup (ref);
  g_assert_cmpstr (password, ==, "not-the-password");
  ic_probe_secret_free (password);
  wait.text = "Failing";
  wait_for (state_is, &wait, "the probe with the wrong password to fail");
  detail = (DetailWait) { dashboard, record, "WRONGPASS" };
  wait_for (detail_has_prefix, &detail, "the server's refusal on the card");
  ic_test_assert_not_in_database (db, "not-the-password");

  /* Removed: the password leaves the keyring too. */
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_with_icon, "user-trash-symbolic");
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 0);
  for (guint i = 0; i < 100; i++)
    {
      password = keyring_lookup (ref);
      if (password == NULL)
        break;
      ic_probe_secret_free (password);
      spin ();
    }
  g_assert_null (password);

  ic_test_cluster_stop (&server);
}

/* /ic/probe-dashboard/keyring-missing ------------------------------------------ */

/* With no keyring to keep a password, the probe is not added and the
 * form says why; nothing reaches the database. Run in a process whose
 * session bus does not exist. */
static void
test_keyring_missing (void)
{
  if (g_test_subprocess ())
    {
      DashboardFixture fixture = { 0 };
      DashboardFixture *fx = &fixture;
      g_autoptr(IcIncident) incident = NULL;
      GtkWidget *dashboard;
      const char *message;

      dashboard_setup (fx, NULL);
      dashboard = GTK_WIDGET (fx->dashboard);
      incident = add_incident (fx, "Sessions lost", "sessions");
      show_probes (fx, incident);
      ic_test_type_into (dashboard, ic_test_is_entry_with_placeholder, "Target URL",
                         "redis://:s3cret@127.0.0.1:6379");
      ic_test_click (dashboard, ic_test_is_button_labelled, "_Add Probe");
      while (ic_probe_dashboard_get_error_text (fx->dashboard) == NULL)
        g_main_context_iteration (NULL, TRUE);
      message = ic_probe_dashboard_get_error_text (fx->dashboard);
      g_test_message ("%s", message);
      g_assert_true (g_str_has_prefix (message, "The keyring did not keep the password: "));
      g_assert_true (g_str_has_suffix (message, "Nothing was saved."));
      g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_probes (fx->store.store,
                                                                       incident)), ==, 0);
      /* What was typed is still there, to try again. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                         ic_test_find_widget (dashboard, ic_test_is_entry_with_placeholder,
                                              "Target URL"))),
                       ==, "redis://:s3cret@127.0.0.1:6379");
      g_clear_object (&incident);
      dashboard_teardown (fx, NULL);
    }
  else
    {
      g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ic-test-bus", TRUE);
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (bus != NULL)
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
      g_test_trap_assert_passed ();
    }
}

/* /ic/probe-dashboard/http-request --------------------------------------------- */

static void
fill_more (GtkWidget  *root,
           const char *method,
           const char *headers,
           const char *ca_file,
           const char *password)
{
  ic_test_type_into (root, is_row_titled, "HTTP method (GET when empty)", method);
  ic_test_type_into (root, is_row_titled, "HTTP headers, e.g. X-Env: prod; Accept: text/plain",
                     headers);
  ic_test_type_into (root, is_row_titled, "Trusted CA file for HTTPS and rediss:// (the system’s when empty)",
                     ca_file);
  ic_test_type_into (root, is_password_entry, NULL, password);
}

/* An HTTP probe's method, headers and trusted CA file come from the form;
 * its Authorization value from the password field, through the keyring.
 * A bad header, an Authorization header or an unreadable CA file is
 * refused beside its field, and nothing is added. */
static void
test_http_request (DashboardFixture *fx,
                   gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *url = NULL;
  const char *db = fx->store.path;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GListModel *probes;
  StateWait wait;
  struct { const char *method, *headers, *ca_file, *expected; } refused[] = {
    { "GET /", "", "", "not an HTTP method" },
    { "POST", "X-Env prod", "", "not a header" },
    { "POST", "Authorization: " IC_TEST_TOKEN, "", "kept in the keyring" },
    { "POST", "X-Env: prod", "/nonexistent/ca.pem", "Cannot read the CA file" },
  };

  url = g_strdup_printf ("http://127.0.0.1:%d/health",
                         listen_local (server, ic_test_request_handler));

  incident = add_incident (fx, "Checkout health", "checkout");
  dashboard = show_probes (fx, incident);
  probes = ic_store_get_probes (fx->store.store, incident);
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Name", "health");
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Target URL",
                     url);
  open_more_options (GTK_WIDGET (dashboard));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *message;

      fill_more (GTK_WIDGET (dashboard), refused[i].method, refused[i].headers,
                 refused[i].ca_file, IC_TEST_TOKEN);
      ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Add Probe");
      message = ic_probe_dashboard_get_error_text (dashboard);
      g_test_message ("%s", message);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, refused[i].expected));
      g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 0);
    }

  fill_more (GTK_WIDGET (dashboard), "POST", "X-Env: prod", "", IC_TEST_TOKEN);
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Add Probe");
  wait_for (model_not_empty, probes, "the probe to be added once the keyring has the token");
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);
  g_assert_cmpstr (ic_probe_record_get_method (record), ==, "POST");
  g_assert_cmpstr (ic_probe_record_get_headers (record), ==, "X-Env: prod");
  g_assert_null (ic_probe_record_get_ca_file (record));
  g_assert_nonnull (ic_probe_record_get_secret_ref (record));
  ic_test_assert_not_in_database (db, "t0ken");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the POST with its headers and token to report OK");

  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/secrets -------------------------------------------------- */

/* What the secrets server wants: the token as the URL's user (HTTP Basic,
 * after a challenge, as libsoup answers one), the api_key parameter and
 * the Cookie and X-API-Key headers. Proxy-Authorization is for a proxy:
 * libsoup sends it with the first request and drops it when it answers
 * the challenge, so the server notes that it saw it. */
static struct
{
  const char *api_key;
  gboolean    echo;         /* refuse with the key in the reason phrase */
  gboolean    proxy_seen;
} secret_server;

#define SECRET_TOKEN "T0KEN-s3cret"

static void
secret_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *basic = g_base64_encode ((const guchar *) SECRET_TOKEN ":",
                                            strlen (SECRET_TOKEN ":"));
  g_autofree char *expected_auth = g_strconcat ("Basic ", basic, NULL);
  g_autofree char *reason = NULL;
  gboolean rest;

  secret_server.proxy_seen |= g_strcmp0 (soup_message_headers_get_one (headers,
                                                                       "Proxy-Authorization"),
                                         "Basic PR0XY-s3cret") == 0;
  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), expected_auth) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"probes\"");
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  rest = query != NULL && g_strcmp0 (g_hash_table_lookup (query, "api_key"),
                                     secret_server.api_key) == 0
         && g_strcmp0 (g_hash_table_lookup (query, "env"), "prod") == 0
         && g_strcmp0 (soup_message_headers_get_one (headers, "Cookie"), "c00kie=s3cret") == 0
         && g_strcmp0 (soup_message_headers_get_one (headers, "X-API-Key"), "X-K3Y-s3cret") == 0
         && g_strcmp0 (soup_message_headers_get_one (headers, "X-Env"), "prod") == 0;
  /* A server that echoes what it refuses: the key in its reason phrase. */
  if (rest && secret_server.echo)
    reason = g_strdup_printf ("key %s is revoked", secret_server.api_key);
  soup_server_message_set_status (msg, !rest ? 400 : reason ? 503 : 200, reason);
}

/* Neither the timeline nor either export holds a byte of "s3cret". */
static void
assert_no_secret_out (IcStore    *store,
                      IcIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = ic_store_list_timeline (store, incident, &error);
  g_autoptr(IcMarkdownExport) markdown = ic_markdown_export_new (store, NULL);
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(IcTimelineEvent) event = g_list_model_get_item (timeline, i);

      g_test_message ("timeline: %s", ic_timeline_event_get_text (event));
      g_assert_null (strstr (ic_timeline_event_get_text (event), "s3cret"));
    }
  json = ic_store_export_incident_json (store, ic_incident_get_id (incident), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "api_key=***"));
  g_assert_null (strstr (json, "s3cret"));
  text = ic_markdown_export_run (markdown, incident, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "s3cret"));
}

/* A token as the URL's user, an api_key value and Cookie, X-API-Key and
 * Proxy-Authorization headers typed into the add form go to the keyring:
 * the database keeps placeholders, the card shows them, and the check
 * sends the real values. The editor shows placeholders, keeps what they
 * stand for and takes a new key; a server echoing the key in its answer
 * does not bring it to the card, the samples, the timeline or the
 * exports. */
static void
test_secrets (DashboardFixture *fx,
              gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GHashTable) kept = NULL;
  const char *db = fx->store.path;
  g_autofree char *url = NULL, *shown = NULL, *edited = NULL;
  const char *headers = "X-Env: prod\nCookie: ***\nX-API-Key: ***\nProxy-Authorization: ***";
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GtkWidget *editor;
  GListModel *probes;
  StateWait wait;
  int port = listen_local (server, secret_handler);

  url = g_strdup_printf ("http://" SECRET_TOKEN "@127.0.0.1:%d/health?api_key=K3Y-s3cret&env=prod",
                         port);
  shown = g_strdup_printf ("http://***@127.0.0.1:%d/health?api_key=***&env=prod", port);
  edited = g_strdup_printf ("http://***@127.0.0.1:%d/health?api_key=N3W-s3cret&env=prod", port);
  secret_server.api_key = "K3Y-s3cret";
  secret_server.echo = FALSE;
  secret_server.proxy_seen = FALSE;

  incident = add_incident (fx, "Checkout health", "checkout");
  dashboard = show_probes (fx, incident);
  probes = ic_store_get_probes (fx->store.store, incident);
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Name", "health");
  ic_test_type_into (GTK_WIDGET (dashboard), ic_test_is_entry_with_placeholder, "Target URL",
                     url);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ic_test_find_widget (GTK_WIDGET (dashboard),
                                                                   is_spin_button, NULL)), 1);
  open_more_options (GTK_WIDGET (dashboard));
  fill_more (GTK_WIDGET (dashboard), "",
             "X-Env: prod; Cookie: c00kie=s3cret; X-API-Key: X-K3Y-s3cret; "
             "Proxy-Authorization: Basic PR0XY-s3cret", "", "");
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Add Probe");
  wait_for (model_not_empty, probes, "the probe to be added once the keyring has its secrets");
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);

  /* Placeholders in the database and on the card; the values in the keyring. */
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, shown);
  g_assert_cmpstr (ic_probe_record_get_headers (record), ==, headers);
  g_assert_cmpstr (card_target (dashboard, record), ==, shown);
  g_assert_nonnull (ic_probe_record_get_secret_ref (record));
  ic_test_assert_not_in_database (db, "s3cret");
  kept = keyring_lookup_all (ic_probe_record_get_secret_ref (record));
  g_assert_cmpstr (g_hash_table_lookup (kept, "userinfo"), ==, SECRET_TOKEN);
  g_assert_cmpstr (g_hash_table_lookup (kept, "query:api_key"), ==, "K3Y-s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:cookie"), ==, "c00kie=s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:x-api-key"), ==, "X-K3Y-s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:proxy-authorization"), ==,
                   "Basic PR0XY-s3cret");
  g_clear_pointer (&kept, g_hash_table_unref);
  /* The server answers 200 only to the real values. */
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe with its secrets to report OK");
  g_assert_true (secret_server.proxy_seen);

  /* The editor shows the placeholders and says the keyring keeps the rest;
   * a new key typed over one placeholder replaces that one alone. */
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_with_icon, "document-edit-symbolic");
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_test_find_widget (
                     editor, is_row_titled,
                     "Target, e.g. https://host/health, redis://host:6379 or rediss://host:6380"))), ==, shown);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_test_find_widget (
                     editor, is_row_titled,
                     "HTTP headers, e.g. X-Env: prod; Accept: text/plain"))), ==,
                   "X-Env: prod; Cookie: ***; X-API-Key: ***; Proxy-Authorization: ***");
  g_assert_nonnull (ic_test_find_widget (editor, is_row_titled,
                                         "Password or Authorization: unchanged, kept in the "
                                         "keyring"));
  ic_test_type_into (editor, is_row_titled,
                     "Target, e.g. https://host/health, redis://host:6379 or rediss://host:6380", edited);
  secret_server.api_key = "N3W-s3cret";
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ic_test_click (editor, ic_test_is_button_labelled, "_Save");
  wait_for (widget_gone, &editor, "the editor to close once the keyring has the new key");
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, shown);
  g_assert_cmpstr (ic_probe_record_get_headers (record), ==, headers);
  kept = keyring_lookup_all (ic_probe_record_get_secret_ref (record));
  g_assert_cmpstr (g_hash_table_lookup (kept, "userinfo"), ==, SECRET_TOKEN);
  g_assert_cmpstr (g_hash_table_lookup (kept, "query:api_key"), ==, "N3W-s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:cookie"), ==, "c00kie=s3cret");
  g_clear_pointer (&kept, g_hash_table_unref);
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the edited probe to send the new key");

  /* The server echoes the key: not on the card, nor anywhere stored. */
  secret_server.echo = TRUE;
  wait.text = "Failing";
  wait_for (state_is, &wait, "the probe refused with the key echoed to fail");
  g_assert_nonnull (strstr (card_detail (dashboard, record), "key *** is revoked"));
  g_assert_null (strstr (card_detail (dashboard, record), "s3cret"));
  assert_no_secret_out (fx->store.store, incident);
  ic_test_assert_not_in_database (db, "s3cret");

  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/secrets-held --------------------------------------------- */

/* A probe saved before its token, key and Cookie went to the keyring
 * holds them in clear (written here straight into the database): its card
 * shows placeholders, checks with them and hides them in what it shows;
 * saving it in the editor, unchanged, moves them to the keyring and leaves
 * placeholders in its row. */
static void
test_secrets_held (DashboardFixture *fx,
                   gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autofree char *url = NULL, *shown = NULL, *sql = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  IcIncident *incident;
  GtkWidget *editor;
  StateWait wait;
  DetailWait detail;
  sqlite3 *handle = NULL;
  int port = listen_local (server, secret_handler);

  url = g_strdup_printf ("http://" SECRET_TOKEN "@127.0.0.1:%d/health?api_key=K3Y-s3cret&env=prod",
                         port);
  shown = g_strdup_printf ("http://***@127.0.0.1:%d/health?api_key=***&env=prod", port);
  secret_server.api_key = "K3Y-s3cret";
  secret_server.echo = FALSE;

  probe = ic_store_add_probe (fx->store.store, fx->store.incident, "http", "health",
                              "http://127.0.0.1/", 1000, 5000, &error);
  g_assert_no_error (error);
  g_clear_object (&probe);
  sql = g_strdup_printf ("UPDATE probes SET config = json_object('spec', '%s', 'headers',"
                         " 'X-Env: prod' || char(10) || 'Cookie: c00kie=s3cret' || char(10)"
                         " || 'X-API-Key: X-K3Y-s3cret')", url);
  g_assert_cmpint (sqlite3_open (fx->store.path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  /* Read from the file as it is now. */
  restart (fx);

  incident = fx->store.incident;
  dashboard = show_probes (fx, incident);
  record = first_probe (fx, incident);
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, url);
  g_assert_null (ic_probe_record_get_secret_ref (record));
  g_assert_cmpstr (card_target (dashboard, record), ==, shown);
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe with secrets in clear to report OK");
  /* What it sends is hidden in what it shows, even before the keyring has it. */
  secret_server.echo = TRUE;
  detail = (DetailWait) { dashboard, record, "HTTP 503 key *** is revoked" };
  wait_for (detail_has_prefix, &detail, "the refusal with the key echoed on the card");
  secret_server.echo = FALSE;

  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_with_icon, "document-edit-symbolic");
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_nonnull (editor);
  open_more_options (editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_test_find_widget (
                     editor, is_row_titled,
                     "Target, e.g. https://host/health, redis://host:6379 or rediss://host:6380"))), ==, shown);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ic_test_find_widget (
                     editor, is_row_titled,
                     "HTTP headers, e.g. X-Env: prod; Accept: text/plain"))), ==,
                   "X-Env: prod; Cookie: ***; X-API-Key: ***");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ic_test_click (editor, ic_test_is_button_labelled, "_Save");
  wait_for (widget_gone, &editor, "the editor to close once the keyring has the secrets");

  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, shown);
  g_assert_cmpstr (ic_probe_record_get_headers (record), ==,
                   "X-Env: prod\nCookie: ***\nX-API-Key: ***");
  g_assert_nonnull (ic_probe_record_get_secret_ref (record));
  kept = keyring_lookup_all (ic_probe_record_get_secret_ref (record));
  g_assert_cmpstr (g_hash_table_lookup (kept, "userinfo"), ==, SECRET_TOKEN);
  g_assert_cmpstr (g_hash_table_lookup (kept, "query:api_key"), ==, "K3Y-s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:cookie"), ==, "c00kie=s3cret");
  g_assert_cmpstr (g_hash_table_lookup (kept, "header:x-api-key"), ==, "X-K3Y-s3cret");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe to check with the secrets from the keyring");

  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/every-kind ----------------------------------------------- */

static void
every_kind_handler (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  const char *body = g_str_equal (path, "/api/v1/query")
    ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
      "[{\"metric\":{},\"value\":[1795852800.1,\"0.0731\"]}]}}"
    : "{\"status\":\"pass\"}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

/* One probe of each kind on one dashboard, against real servers on
 * loopback: each card reaches the state its target calls for. */
static void
test_every_kind (DashboardFixture *fx,
                 gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  const char *redis_port = g_getenv ("IC_TEST_REDIS_PORT");
  IcProbeDashboard *dashboard;
  GListModel *probes;
  int port;
  struct { const char *name; char *spec; const char *state; } kinds[] = {
    { "http", NULL, "OK" },
    { "prometheus", NULL, "OK" },
    { "redis", NULL, "OK" },
    { "tcp open", NULL, "OK" },
    { "tcp closed", NULL, "Error" },
    { "dns", NULL, "OK" },
  };

  if (redis_port == NULL)
    g_error ("IC_TEST_REDIS_PORT is not set: run the tests with build-aux/test, "
             "which starts a private redis-server");
  port = listen_local (server, every_kind_handler);
  kinds[0].spec = g_strdup_printf ("http://127.0.0.1:%d/health", port);
  kinds[1].spec = g_strdup_printf ("prometheus+http://127.0.0.1:%d/?query=error_rate", port);
  kinds[2].spec = g_strdup_printf ("redis://127.0.0.1:%s", redis_port);
  kinds[3].spec = g_strdup_printf ("tcp://127.0.0.1:%d", port);
  kinds[4].spec = g_strdup ("tcp://127.0.0.1:1");
  kinds[5].spec = g_strdup ("dns://localhost");

  incident = add_incident (fx, "Everything at once", "checkout");
  dashboard = show_probes (fx, incident);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", kinds[i].name,
                                  kinds[i].spec, 1);
      g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
    }
  probes = ic_store_get_probes (fx->store.store, incident);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(IcProbeRecord) record = g_list_model_get_item (probes, i);
      g_autofree char *what = g_strdup_printf ("the %s probe to report %s", kinds[i].name,
                                               kinds[i].state);
      StateWait wait = { dashboard, record, kinds[i].state };

      g_assert_cmpstr (ic_probe_record_get_name (record), ==, kinds[i].name);
      wait_for (state_is, &wait, what);
      g_free (kinds[i].spec);
    }
  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/kept-for-service ----------------------------------------- */

/* A probe kept for the service is offered to the service's next incident,
 * and one click there starts it. */
static void
test_kept_for_service (DashboardFixture *fx,
                       gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) first = NULL;
  g_autoptr(IcIncident) second = NULL;
  g_autoptr(IcIncident) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *url = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GtkWidget *keep;
  GListModel *probes;
  StateWait wait;

  url = g_strdup_printf ("http://127.0.0.1:%d/health", listen_local (server, probe_handler));
  probe_status = 200;

  first = add_incident (fx, "Checkout slow", "checkout");
  second = add_incident (fx, "Checkout slow again", "checkout");
  other = add_incident (fx, "Search down", "search");
  dashboard = show_probes (fx, first);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "health", url, 1);
  record = first_probe (fx, first);
  g_assert_null (card_kept_text (dashboard, record));
  g_assert_null (ic_probe_dashboard_get_offer_text (dashboard));

  keep = card_keep_button (dashboard, record);
  g_assert_true (gtk_widget_is_sensitive (keep));
  g_signal_emit_by_name (keep, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (keep)));
  /* Said in words, not only by the pressed button. */
  g_assert_cmpstr (card_kept_text (dashboard, record), ==, "Kept for checkout");
  timeline = ic_store_list_timeline (fx->store.store, first, &error);
  g_assert_true (ic_test_timeline_has (timeline, "probe-kept", "health"));

  /* Another service's incident is offered nothing. */
  show_probes (fx, other);
  g_assert_null (ic_probe_dashboard_get_offer_text (dashboard));

  /* The service's next incident: offered, then used with one click. */
  show_probes (fx, second);
  g_assert_cmpstr (ic_probe_dashboard_get_offer_text (dashboard), ==,
                   "A probe kept for checkout is not running here: health");
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Use Them");
  probes = ic_store_get_probes (fx->store.store, second);
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);
  g_assert_null (ic_probe_dashboard_get_offer_text (dashboard));
  record = first_probe (fx, second);
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, url);
  g_assert_cmpstr (card_kept_text (dashboard, record), ==, "Kept for checkout");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the kept probe to report OK in the new incident");

  /* The incident's service renamed: what is kept follows at once. */
  ic_incident_set_service (second, "search");
  g_assert_null (card_kept_text (dashboard, record));
  ic_incident_set_service (second, "checkout");
  g_assert_cmpstr (card_kept_text (dashboard, record), ==, "Kept for checkout");

  /* No longer kept: nothing offered, the incident's own copy stays. */
  keep = card_keep_button (dashboard, record);
  g_signal_emit_by_name (keep, "clicked");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (keep)));
  g_assert_null (card_kept_text (dashboard, record));
  g_assert_cmpuint (g_list_model_get_n_items (probes), ==, 1);
  show_probes (fx, first);
  g_assert_null (ic_probe_dashboard_get_offer_text (dashboard));

  soup_server_disconnect (server);
}

/* /ic/probe-dashboard/edit ----------------------------------------------------- */

/* A probe's editor opens with its configuration, refuses a bad target with a
 * message beside the field and saves nothing; fixed, it saves, the card shows
 * the new name and the probe runs against the new target. */
static void
test_edit (DashboardFixture *fx,
           gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *url = NULL;
  g_autofree char *edited = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;
  GtkWidget *editor;
  StateWait wait;
  guint history;
  gint64 id;

  url = g_strdup_printf ("http://127.0.0.1:%d/health", listen_local (server, probe_handler));
  edited = g_strdup_printf ("%s?edited=1", url);
  probe_status = 200;

  incident = add_incident (fx, "Checkout health", "checkout");
  dashboard = show_probes (fx, incident);
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.set-condition", "s",
                              "$.status == \"pass\"");
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "health", url, 1);
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  record = first_probe (fx, incident);
  id = ic_probe_record_get_id (record);
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the probe to report OK before it is edited");
  history = card_history_length (dashboard, record);
  g_assert_cmpuint (history, >=, 1);

  /* Opened and saved as is: the prefilled fields, JSON condition included, are valid. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.open-editor", "x", id);
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (ic_probe_editor_save (IC_PROBE_EDITOR (editor)));
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, url);
  g_assert_cmpstr (ic_probe_record_get_json_condition (record), ==, "$.status == \"pass\"");

  /* A bad port: the message beside the field, the editor still open, nothing saved. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.edit", "(xssi)", id,
                              "checkout v2", "http://127.0.0.1:99999/health", 2);
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_nonnull (ic_probe_editor_get_error_text (IC_PROBE_EDITOR (editor)));
  g_assert_cmpstr (ic_probe_record_get_name (record), ==, "health");
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, url);
  g_assert_cmpstr (card_title (dashboard, record), ==, "health");

  /* Fixed: saved, shown and checked again. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.edit", "(xssi)", id,
                              "checkout v2", edited, 2);
  editor = ic_probe_dashboard_get_editor (dashboard);
  g_assert_true (editor == NULL || !gtk_widget_get_visible (editor));
  g_assert_cmpstr (ic_probe_record_get_name (record), ==, "checkout v2");
  g_assert_cmpstr (ic_probe_record_get_spec (record), ==, edited);
  g_assert_cmpuint (ic_probe_record_get_interval_ms (record), ==, 2000);
  g_assert_cmpstr (card_title (dashboard, record), ==, "checkout v2");
  g_assert_cmpstr (card_target (dashboard, record), ==, edited);
  /* The card was made again: its history came back from the store. */
  g_assert_cmpuint (card_history_length (dashboard, record), >=, history);
  g_assert_cmpstr (card_detail (dashboard, record), !=, "");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the edited probe to report OK");
  timeline = ic_store_list_timeline (fx->store.store, incident, &error);
  g_assert_true (ic_test_timeline_has (timeline, "probe-changed", "checkout v2"));
  soup_server_disconnect (server);
}

/* Trust: what comes from a file is data (#12) ---------------------------------- */

/* Writes a row the way a damaged or crafted database holds it. */
static void
exec_sql (IcStore    *store,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_ic_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* /ic/probe-dashboard/damaged-probe -------------------------------------------- */

/* A stored probe whose configuration lost its target (config {}) is an
 * error card that says why; showing its incident used to crash on the
 * NULL the target parser returned without an error. */
static void
test_damaged_probe (DashboardFixture *fx,
                    gconstpointer     data)
{
  g_autoptr(IcIncident) incident = NULL;
  g_autofree char *sql = NULL;
  IcProbeDashboard *dashboard;
  IcProbeRecord *record;

  incident = add_incident (fx, "Checkout health", "checkout");
  sql = g_strdup_printf ("INSERT INTO probes (incident_id, kind, name, config, created_at)"
                         " VALUES (%" G_GINT64_FORMAT ", 'http', 'damaged', '{}', 0)",
                         ic_incident_get_id (incident));
  exec_sql (fx->store.store, sql);
  dashboard = show_probes (fx, incident);
  spin ();
  record = first_probe (fx, incident);
  g_assert_null (ic_probe_record_get_spec (record));
  g_assert_cmpstr (card_state_text (dashboard, record), ==, "Error");
  g_assert_nonnull (strstr (card_detail (dashboard, record), "The probe has no target"));
}

/* /ic/probe-dashboard/import-confirm ------------------------------------------- */

static guint imported_hits;
static guint typed_hits;

static void
counting_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  if (g_str_equal (path, "/imported"))
    imported_hits++;
  else
    typed_hits++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static gboolean
typed_checked_twice (gpointer data)
{
  return typed_hits >= 2;
}

static gboolean
imported_checked (gpointer data)
{
  return imported_hits >= 1;
}

/* Another database's incident with a probe of @url that has a keyring
 * reference, exported as a file: the reference put back in, as a crafted
 * file would have it. */
static char *
export_foreign_incident (DashboardFixture *fx,
                         const char       *url)
{
  IcProbeChecks checks = { NULL, NULL, NULL, 0, NAN, NAN, "ic-probe-secret-theirs" };
  g_autofree char *path = g_build_filename (fx->store.dir, "theirs.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) theirs = ic_store_open (path, NULL, &error);
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcProbeRecord) probe = NULL;
  g_autoptr(GString) json = NULL;
  char *exported;

  g_assert_no_error (error);
  incident = ic_store_create_incident (theirs, "Checkout down, from a colleague", "checkout",
                                       IC_SEVERITY_SEV2, IC_CREATED_VIA_APP, &error);
  g_assert_no_error (error);
  g_object_set (incident, "breathe-state", IC_BREATHE_STATE_SKIPPED, NULL);
  probe = ic_store_add_probe_full (theirs, incident, "http", "their health", url, 1000, 3000,
                                   &checks, &error);
  g_assert_no_error (error);
  exported = ic_store_export_incident_json (theirs, ic_incident_get_id (incident), &error);
  g_assert_no_error (error);
  ic_store_close (theirs);
  g_assert_null (strstr (exported, "ic-probe-secret-theirs"));
  json = g_string_new (exported);
  g_free (exported);
  g_assert_cmpuint (g_string_replace (json, "\"enabled\": 1,", "\"enabled\": 1, \"secret_ref\":"
                                      " \"ic-probe-secret-theirs\",", 0), ==, 1);
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* A crafted incident file's probe comes in without its keyring reference
 * and stopped: with its incident shown, no check reaches its target
 * (while a probe typed here is checked twice), until "Start Probes"; then
 * one does, and the timeline notes the confirmed target. */
static void
test_import_confirm (DashboardFixture *fx,
                     gconstpointer     data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *imported_url = NULL;
  g_autofree char *typed_url = NULL;
  g_autofree char *json = NULL;
  IcProbeDashboard *dashboard;
  IcIncident *incident;
  IcProbeRecord *record;
  StateWait wait;
  gint64 id;
  int port;

  port = listen_local (server, counting_handler);
  imported_url = g_strdup_printf ("http://127.0.0.1:%d/imported", port);
  typed_url = g_strdup_printf ("http://127.0.0.1:%d/typed", port);
  imported_hits = typed_hits = 0;
  json = export_foreign_incident (fx, imported_url);
  /* The file's incident keeps its number: an empty database takes it. */
  g_assert_true (ic_store_delete_incident (fx->store.store, fx->store.incident, &error));
  g_assert_no_error (error);

  id = ic_store_import_incident_json (fx->store.store, json, strlen (json),
                                      ic_probe_config_check_imported, NULL, &error);
  g_assert_no_error (error);
  incident = ic_store_lookup_incident (fx->store.store, id);
  g_assert_nonnull (incident);
  dashboard = show_probes (fx, incident);
  record = first_probe (fx, incident);
  g_assert_null (ic_probe_record_get_secret_ref (record));
  g_assert_true (ic_probe_record_get_awaiting_confirmation (record));
  g_assert_nonnull (ic_probe_dashboard_get_confirm_text (dashboard));
  g_assert_nonnull (strstr (ic_probe_dashboard_get_confirm_text (dashboard), imported_url));
  g_assert_cmpstr (card_state_text (dashboard, record), ==,
                   "Stopped until its target is confirmed");
  g_assert_false (gtk_widget_get_sensitive (card_keep_button (dashboard, record)));

  /* Time passes for the probes: one typed here is checked twice meanwhile. */
  gtk_widget_activate_action (GTK_WIDGET (dashboard), "probes.add", "(ssi)", "typed", typed_url,
                              1);
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  wait_for (typed_checked_twice, NULL, "the typed probe to be checked twice");
  g_assert_cmpuint (imported_hits, ==, 0);
  g_assert_cmpstr (card_state_text (dashboard, record), ==,
                   "Stopped until its target is confirmed");

  spin ();
  ic_test_click (GTK_WIDGET (dashboard), ic_test_is_button_labelled, "_Start Probes");
  g_assert_null (ic_probe_dashboard_get_error_text (dashboard));
  g_assert_null (ic_probe_dashboard_get_confirm_text (dashboard));
  g_assert_true (ic_probe_record_get_enabled (record));
  wait_for (imported_checked, NULL, "the confirmed probe to be checked");
  wait = (StateWait) { dashboard, record, "OK" };
  wait_for (state_is, &wait, "the confirmed probe to report OK");
  timeline = ic_store_list_timeline (fx->store.store, incident, &error);
  g_assert_no_error (error);
  g_assert_true (ic_test_timeline_has (timeline, "probes-confirmed", imported_url));
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) \
  g_test_add (path, DashboardFixture, NULL, dashboard_setup, fn, dashboard_teardown)
  ADD ("/ic/probe-dashboard/add", test_add);
  ADD ("/ic/probe-dashboard/samples-batched", test_samples_batched);
  ADD ("/ic/probe-dashboard/redis", test_redis);
  ADD ("/ic/probe-dashboard/redis-cluster", test_redis_cluster);
  ADD ("/ic/probe-dashboard/keyring", test_keyring);
  g_test_add_func ("/ic/probe-dashboard/keyring-missing", test_keyring_missing);
  ADD ("/ic/probe-dashboard/kept-for-service", test_kept_for_service);
  ADD ("/ic/probe-dashboard/http-request", test_http_request);
  ADD ("/ic/probe-dashboard/secrets", test_secrets);
  ADD ("/ic/probe-dashboard/secrets-held", test_secrets_held);
  ADD ("/ic/probe-dashboard/every-kind", test_every_kind);
  ADD ("/ic/probe-dashboard/edit", test_edit);
  ADD ("/ic/probe-dashboard/damaged-probe", test_damaged_probe);
  ADD ("/ic/probe-dashboard/import-confirm", test_import_confirm);
#undef ADD
  return g_test_run ();
}
