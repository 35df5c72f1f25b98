/* test-probe-card.c — IcProbeCard on its own: what it shows of a probe and
 * its results, and the dashboard actions it asks for (stood in for here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-probe-card.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture   store;
  IcProbeRecord *record;
  GtkWindow     *window;
  IcProbeCard   *card;
  GPtrArray     *asked;    /* "name parameter" of each probes.* activation */
  gboolean       refuse;   /* probes.keep leaves the card as it was */
} CardFixture;

/* The dashboard's answer to probes.keep, unless the test has it refuse. */
static void
keep_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  CardFixture *fx = user_data;
  gint64 id;
  gboolean wanted;

  if (fx->refuse)
    return;
  g_variant_get (parameter, "(xb)", &id, &wanted);
  ic_probe_card_show_kept (fx->card, "checkout", wanted);
}

static void
card_setup (CardFixture   *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GActionMap *group;
  const IcTestAction actions[] = {
    { "keep", "(xb)" }, { "open-editor", "x" }, { "remove", "x" }, { "attach", "(xxs)" },
  };

  store_fixture_setup (&fx->store, data);
  fx->record = ic_store_add_probe (fx->store.store, fx->store.incident, "http", "checkout health",
                                   "https://checkout.example/health", 10000, 3000,
                                   &error);
  g_assert_no_error (error);
  fx->asked = g_ptr_array_new_with_free_func (g_free);
  fx->window = GTK_WINDOW (gtk_window_new ());
  group = ic_test_record_actions (GTK_WIDGET (fx->window), "probes", actions,
                                  G_N_ELEMENTS (actions), fx->asked);
  g_signal_connect (g_action_map_lookup_action (group, "keep"), "activate", G_CALLBACK (keep_cb),
                    fx);
  fx->card = IC_PROBE_CARD (ic_probe_card_new (fx->record));
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->card));
  gtk_window_present (fx->window);
  spin ();
}

static void
card_teardown (CardFixture   *fx,
               gconstpointer  data)
{
  gtk_window_destroy (fx->window);
  spin ();
  g_ptr_array_unref (fx->asked);
  g_clear_object (&fx->record);
  store_fixture_teardown (&fx->store, data);
}

static IcStoredSample
sample (gint64      id,
        const char *state,
        gint64      latency_us,
        const char *detail)
{
  IcStoredSample s = { 0 };

  s.id = id;
  s.state = (char *) state;
  s.latency_us = latency_us;
  s.detail = (char *) detail;
  return s;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* /ic/probe-card/new-destroy ------------------------------------------------ */

static void
test_new_destroy (CardFixture   *fx,
                  gconstpointer  data)
{
  GtkWidget *card = g_object_ref_sink (ic_probe_card_new (fx->record));

  g_assert_true (ic_probe_card_get_record (IC_PROBE_CARD (card)) == fx->record);
  g_assert_finalize_object (card);
}

/* /ic/probe-card/shows ------------------------------------------------------- */

static void
test_shows (CardFixture   *fx,
            gconstpointer  data)
{
  IcStoredSample failing = sample (41, "failing", 3200, "HTTP 503");
  IcStoredSample ok = sample (42, "ok", 1500, "HTTP 200");
  g_autofree char *state_text = NULL;

  g_assert_cmpstr (ic_probe_card_get_title (fx->card), ==, "checkout health");
  g_assert_cmpstr (ic_probe_card_get_target (fx->card), ==, "https://checkout.example/health");
  /* What the template binds to it is on screen. */
  g_assert_nonnull (find_label (GTK_WIDGET (fx->card), "https://checkout.example/health"));
  g_assert_cmpint (ic_probe_card_get_state (fx->card), ==, IC_PROBE_CARD_WAITING);
  g_assert_cmpstr (ic_probe_card_get_state_text (fx->card), ==, "Waiting for the first check");
  g_assert_null (ic_probe_card_get_last_summary (fx->card));
  g_assert_cmpuint (ic_probe_card_get_history_length (fx->card), ==, 0);

  ic_probe_card_show_state (fx->card, IC_PROBE_STATE_FAILING);
  g_object_get (fx->card, "state-text", &state_text, NULL);
  g_assert_cmpstr (state_text, ==, "Failing");
  /* A screen reader hears the state with the probe's name. */
  gtk_test_accessible_assert_property (fx->card, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "checkout health: Failing");
  /* Not by colour alone: the word, the icon and the class together. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fx->card), "probe-failing"));

  ic_probe_card_push_point (fx->card, 2000, IC_PROBE_STATE_OK);
  ic_probe_card_show_result (fx->card, &failing, IC_PROBE_STATE_FAILING);
  g_assert_cmpuint (ic_probe_card_get_history_length (fx->card), ==, 2);
  g_assert_cmpstr (ic_probe_card_get_numbers (fx->card), ==, "3.2 ms");
  g_assert_nonnull (find_label (GTK_WIDGET (fx->card), "3.2 ms"));
  g_assert_nonnull (find_label (GTK_WIDGET (fx->card), "Failing"));
  g_assert_cmpstr (ic_probe_card_get_detail (fx->card), ==, "HTTP 503");
  g_assert_cmpstr (ic_probe_card_get_last_summary (fx->card), ==, "Failing, 3.2 ms: HTTP 503");
  g_assert_cmpint (ic_probe_card_get_last_sample_id (fx->card), ==, 41);

  /* A keyring problem leads every detail after it. */
  ic_probe_card_set_keyring_problem (fx->card, "The keyring is locked");
  g_assert_cmpstr (ic_probe_card_get_detail (fx->card), ==, "The keyring is locked");
  ic_probe_card_show_result (fx->card, &ok, IC_PROBE_STATE_OK);
  g_assert_cmpstr (ic_probe_card_get_detail (fx->card), ==, "The keyring is locked\nHTTP 200");
  g_assert_cmpint (ic_probe_card_get_last_sample_id (fx->card), ==, 42);

  ic_probe_card_show_error (fx->card, "unsupported probe kind “gopher”");
  g_assert_cmpint (ic_probe_card_get_state (fx->card), ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpstr (ic_probe_card_get_detail (fx->card), ==, "unsupported probe kind “gopher”");

  ic_probe_card_show_stopped (fx->card);
  g_assert_cmpstr (ic_probe_card_get_state_text (fx->card), ==, "Stopped");
}

/* /ic/probe-card/kept -------------------------------------------------------- */

static void
test_kept (CardFixture   *fx,
           gconstpointer  data)
{
  GtkToggleButton *keep = GTK_TOGGLE_BUTTON (ic_probe_card_get_keep_button (fx->card));
  g_autofree char *asked = g_strdup_printf ("keep (%" G_GINT64_FORMAT ", true)",
                                            ic_probe_record_get_id (fx->record));

  /* No service: nothing to keep it for. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (keep)));
  g_assert_null (ic_probe_card_get_kept_text (fx->card));

  ic_probe_card_show_kept (fx->card, "checkout", FALSE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (keep)));
  g_assert_false (ic_probe_card_get_kept (fx->card));

  /* Pressed: the card asks the dashboard, which says it is kept. */
  gtk_toggle_button_set_active (keep, TRUE);
  g_assert_cmpuint (fx->asked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 0), ==, asked);
  g_assert_true (ic_probe_card_get_kept (fx->card));
  g_assert_cmpstr (ic_probe_card_get_kept_text (fx->card), ==, "Kept for checkout");

  /* Refused (the store failed): the button goes back to what is kept. */
  fx->refuse = TRUE;
  gtk_toggle_button_set_active (keep, FALSE);
  g_assert_cmpuint (fx->asked->len, ==, 2);
  g_assert_true (gtk_toggle_button_get_active (keep));
  g_assert_true (ic_probe_card_get_kept (fx->card));
}

/* /ic/probe-card/buttons ----------------------------------------------------- */

static void
click_labelled (GtkWidget  *root,
                const char *tooltip_prefix)
{
  GtkWidget *found = NULL;
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      const char *tip = gtk_widget_get_tooltip_text (w);

      if (GTK_IS_BUTTON (w) && tip != NULL && g_str_has_prefix (tip, tooltip_prefix))
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
}

static void
test_buttons (CardFixture   *fx,
              gconstpointer  data)
{
  gint64 id = ic_probe_record_get_id (fx->record);
  g_autofree char *edit = g_strdup_printf ("open-editor %" G_GINT64_FORMAT, id);
  g_autofree char *remove = g_strdup_printf ("remove %" G_GINT64_FORMAT, id);

  click_labelled (GTK_WIDGET (fx->card), "Edit probe “checkout health”");
  click_labelled (GTK_WIDGET (fx->card), "Remove this probe");
  g_assert_cmpuint (fx->asked->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 0), ==, edit);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 1), ==, remove);
}

/* /ic/probe-card/evidence-menu ---------------------------------------------- */

static void
collect_model_buttons (GtkWidget *widget,
                       GPtrArray *found)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_model_buttons (child, found);
}

static gboolean
is_menu_button_labelled (GtkWidget     *widget,
                         gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget)
         && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), data) == 0;
}

static GtkMenuButton *
evidence_button (CardFixture *fx)
{
  GtkWidget *button = ic_test_find_widget (GTK_WIDGET (fx->card), is_menu_button_labelled,
                                           "Attach as Evidence");

  g_assert_nonnull (button);
  return GTK_MENU_BUTTON (button);
}

/* Opens the card's evidence menu; returns its items' buttons as shown. */
static GPtrArray *
open_evidence_menu (CardFixture *fx)
{
  GtkMenuButton *menu_button = evidence_button (fx);
  GPtrArray *items = g_ptr_array_new ();

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (menu_button)));
  gtk_menu_button_popup (menu_button);
  spin ();
  collect_model_buttons (GTK_WIDGET (gtk_menu_button_get_popover (menu_button)), items);
  return items;
}

static const char *
item_text (GtkWidget *item)
{
  static char text[256];
  g_autofree char *value = NULL;

  g_object_get (item, "text", &value, NULL);
  g_strlcpy (text, value ? value : "", sizeof text);
  return text;
}

/* Once a result is in, "Attach as Evidence" offers each hypothesis as it
 * is when the menu opens (in the popover made the first time), For and
 * Against; choosing asks probes.attach with
 * the probe, the hypothesis and the stance. Without hypotheses, it says so. */
static void
test_evidence_menu (CardFixture   *fx,
                    gconstpointer  data)
{
  IcStore *store = fx->store.store;
  IcIncident *incident = fx->store.incident;
  IcStoredSample ok = sample (1, "ok", 12000, "HTTP 200");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(IcHypothesis) first = NULL;
  g_autoptr(IcHypothesis) second = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *against = NULL;
  GtkWidget *popover;
  GtkWidget *first_popover;

  ic_probe_card_show_result (fx->card, &ok, IC_PROBE_STATE_OK);
  ic_probe_card_set_hypotheses (fx->card, ic_store_get_hypotheses (store, incident));
  items = open_evidence_menu (fx);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (item_text (g_ptr_array_index (items, 0)), ==, "No hypotheses yet");
  g_assert_false (gtk_widget_is_sensitive (g_ptr_array_index (items, 0)));
  first_popover = GTK_WIDGET (gtk_menu_button_get_popover (evidence_button (fx)));
  gtk_menu_button_popdown (evidence_button (fx));

  first = ic_store_add_hypothesis (store, incident, "Bad deploy", IC_LIKELIHOOD_LIKELY, "",
                                   &error);
  g_assert_no_error (error);
  second = ic_store_add_hypothesis (store, incident, "Pool exhausted", IC_LIKELIHOOD_POSSIBLE, "",
                                    &error);
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = open_evidence_menu (fx);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpstr (item_text (g_ptr_array_index (items, 0)), ==, "For");
  g_assert_cmpstr (item_text (g_ptr_array_index (items, 3)), ==, "Against");
  /* Each pair under its hypothesis' words. */
  popover = GTK_WIDGET (gtk_menu_button_get_popover (evidence_button (fx)));
  /* The same popover, given the new menu: one replaced at each opening can
   * still be held by GTK 4.8's tooltip after it has lost its surface. */
  g_assert_true (popover == first_popover);
  g_assert_nonnull (find_label (popover, "Bad deploy"));
  g_assert_nonnull (find_label (popover, "Pool exhausted"));
  against = g_ptr_array_index (items, 3);
  g_assert_true (gtk_widget_is_sensitive (against));
  g_signal_emit_by_name (against, "clicked");
  expected = g_strdup_printf ("attach (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'against')",
                              ic_probe_record_get_id (fx->record), ic_hypothesis_get_id (second));
  g_assert_cmpuint (fx->asked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 0), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, CardFixture, NULL, card_setup, fn, card_teardown)
  ADD ("/ic/probe-card/new-destroy", test_new_destroy);
  ADD ("/ic/probe-card/shows", test_shows);
  ADD ("/ic/probe-card/kept", test_kept);
  ADD ("/ic/probe-card/buttons", test_buttons);
  ADD ("/ic/probe-card/evidence-menu", test_evidence_menu);
#undef ADD
  return g_test_run ();
}
