/* test-drill-keyboard.c — a drill from the main menu to its debrief by
 * keyboard alone: the real application and window under Xvfb, every key
 * sent through the X server (no pointer, no action called directly), the
 * debrief and the database read back after
 *
 * The test reads state in-process (which widget has the keyboard, what the
 * store holds) but changes nothing except by keys. Where a person would
 * press Tab or an arrow until the control they want is focused, so does
 * the test, a bounded number of times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-change-row.h"
#include "ic-drill-catalog.h"
#include "ic-drill-debrief-dialog.h"
#include "ic-drill-dialog.h"
#include "ic-drill-player.h"
#include "ic-incident-view.h"
#include "ic-probe-card.h"
#include "ic-store-changes.h"
#include "ic-store-drills.h"
#include "ic-store-hypotheses.h"
#include "ic-test-app.h"
#include "ic-test-keys.h"

#define SCENARIO "redis-discovery-bypass"
#define CULPRIT "config-redis-uri"
#define CLUSTER_PROBE "Session store cluster"
/* The title the drill's incident takes from its alert. */
#define ALERT_TITLE "SessionsHighErrorRate: sessions-api 5xx above 5 % (login, refresh)"

/* More presses than any of the walk's moves needs: reaching it later
 * means the control is not where the keyboard goes. */
#define MAX_PRESSES 60

/* The three hypotheses, most likely first; only the wild card names the
 * cause in words the scenario's truth keywords match. */
static const char * const hypotheses[] = {
  "Refresh token rotation in v2.32.0 signs users out",
  "Remember-me flag at 50 % fills the session store",
  "Client bypassed cluster discovery: REDIS_URI points at one seed node",
};

typedef gboolean (*FocusMatch) (GtkWidget *focus, gconstpointer data);

/* Presses @keyval (with @modifiers) until the keyboard focus of @window
 * satisfies @match, at most MAX_PRESSES times. */
static void
press_until (GtkWindow       *window,
             guint            keyval,
             GdkModifierType  modifiers,
             FocusMatch       match,
             gconstpointer    data,
             const char      *what)
{
  for (guint presses = 0;; presses++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (focus != NULL && match (focus, data))
        {
          g_test_message ("%s: %u × %s", what, presses, gdk_keyval_name (keyval));
          return;
        }
      if (presses == MAX_PRESSES)
        g_error ("%s never had the keyboard after %u presses of %s (the focus was on a %s)",
                 what, presses, gdk_keyval_name (keyval),
                 focus ? G_OBJECT_TYPE_NAME (focus) : "nothing");
      ic_test_key (keyval, modifiers);
    }
}

/* The focus is @data or inside it. */
static gboolean
is_within (GtkWidget     *focus,
           gconstpointer  data)
{
  return focus == data || gtk_widget_is_ancestor (focus, GTK_WIDGET (data));
}

/* The focus is inside a widget of type @data (a GType). */
static gboolean
is_within_type (GtkWidget     *focus,
                gconstpointer  data)
{
  return gtk_widget_get_ancestor (focus, (GType) GPOINTER_TO_SIZE (data)) != NULL;
}

/* The focus is a list row named @data (the drill dialog names its rows
 * after their scenarios). */
static gboolean
is_row_named (GtkWidget     *focus,
              gconstpointer  data)
{
  return GTK_IS_LIST_BOX_ROW (focus) && g_str_equal (gtk_widget_get_name (focus), data);
}

/* The text of the first label under @widget that is no menu item's: a
 * menu section's heading. */
static const char *
find_heading (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return NULL;
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *heading = find_heading (child);

      if (heading != NULL)
        return heading;
    }
  return NULL;
}

typedef struct
{
  const char *text;     /* the item's, as shown (without its mnemonic's underscore) */
  const char *section;  /* (nullable): its section's heading */
} MenuItem;

/* The focus is the menu item @data describes. A popover menu's items are
 * GtkModelButtons, which activate their action through the menu model
 * rather than as actionables: they are told by their text and the
 * heading of the section they are in. */
static gboolean
is_menu_item (GtkWidget     *focus,
              gconstpointer  data)
{
  const MenuItem *item = data;
  g_autofree char *text = NULL;
  const char *heading = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (focus), "GtkModelButton"))
    return FALSE;
  g_object_get (focus, "text", &text, NULL);
  if (g_strcmp0 (text, item->text) != 0)
    return FALSE;
  if (item->section == NULL)
    return TRUE;
  for (GtkWidget *up = gtk_widget_get_parent (focus); up != NULL && heading == NULL;
       up = gtk_widget_get_parent (up))
    heading = find_heading (up);
  return g_strcmp0 (heading, item->section) == 0;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

/* The focus is an item of a popover's list showing the text @data. */
static gboolean
is_list_item_labelled (GtkWidget     *focus,
                       gconstpointer  data)
{
  return gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL
         && ic_test_find_widget (focus, is_label, data) != NULL;
}

/* Waits until the keyboard is in a popover of @window (@inside), or has
 * left it. */
static void
wait_for_popover (GtkWindow  *window,
                  gboolean    inside,
                  const char *what)
{
  PopoverWait wait = { window, inside };

  wait_for (focus_in_popover_is, &wait, what);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
drill_dialog_is_shown (gpointer data)
{
  GtkWindow *dialog = find_toplevel (IC_TYPE_DRILL_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
drill_dialog_is_gone (gpointer data)
{
  return find_toplevel (IC_TYPE_DRILL_DIALOG) == NULL;
}

static gboolean
debrief_is_shown (gpointer data)
{
  GtkWindow *dialog = find_toplevel (IC_TYPE_DRILL_DEBRIEF_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
view_shows_drill (gpointer data)
{
  IcIncident *incident = ic_incident_view_get_incident (data);

  return incident != NULL && ic_incident_get_drill (incident);
}

static gboolean
card_has_sample (gpointer data)
{
  return ic_probe_card_get_last_sample_id (data) != 0;
}

typedef struct
{
  IcStore      *store;
  IcHypothesis *hypothesis;
} EvidenceWait;

static gboolean
evidence_is_saved (gpointer data)
{
  EvidenceWait *wait = data;

  return g_list_model_get_n_items (ic_store_get_evidence (wait->store, wait->hypothesis)) > 0;
}

static gboolean
is_rolled_back (gpointer data)
{
  return ic_change_get_rolled_back_at (data) != 0;
}

/* The probe card named @name on the page. */
static IcProbeCard *
find_card (GtkWidget  *page,
           const char *name)
{
  g_autoptr(GPtrArray) cards = ic_test_find_all (page, IC_TYPE_PROBE_CARD);

  for (guint i = 0; i < cards->len; i++)
    if (g_str_equal (ic_probe_card_get_title (g_ptr_array_index (cards, i)), name))
      return g_ptr_array_index (cards, i);
  return NULL;
}

/* The structure step's row of the change described as @description. */
static IcChangeRow *
find_change_row (GtkWidget  *page,
                 const char *description)
{
  g_autoptr(GPtrArray) rows = ic_test_find_all (page, IC_TYPE_CHANGE_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      IcChange *change = ic_change_row_get_change (g_ptr_array_index (rows, i));

      if (g_str_equal (ic_change_get_description (change), description))
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static gboolean
is_combo_row_titled (GtkWidget     *widget,
                     gconstpointer  data)
{
  return ADW_IS_COMBO_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

/* The change of the incident's list described as @description. */
static IcChange *
find_change (IcStore    *store,
             IcIncident *incident,
             const char *description)
{
  GListModel *changes = ic_store_get_changes (store, incident);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (g_str_equal (ic_change_get_description (change), description))
        return change;  /* the store's list keeps it */
    }
  return NULL;
}

static const char *
item_text (IcDrillDebrief    *debrief,
           IcDebriefItemKind  kind)
{
  IcDebriefItem *item = g_ptr_array_index (debrief->items, kind);

  g_assert_cmpint (item->kind, ==, kind);
  g_test_message ("debrief: %s %s", item->met ? "met" : "not met", item->text);
  return item->text;
}

static gboolean
item_met (IcDrillDebrief    *debrief,
          IcDebriefItemKind  kind)
{
  return ((IcDebriefItem *) g_ptr_array_index (debrief->items, kind))->met;
}

static void
assert_matches (const char *pattern,
                const char *text)
{
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("“%s” does not match /%s/", text, pattern);
}

/* The walk -------------------------------------------------------------------- */

/* F10, the main menu's "Start a Drill…", the scenario from the list. */
static void
start_drill (IcWindow *window)
{
  const MenuItem start_item = { "Start a Drill…", NULL };
  GtkWindow *dialog;

  ic_test_key (GDK_KEY_F10, 0);
  wait_for_popover (GTK_WINDOW (window), TRUE, "the main menu to open");
  press_until (GTK_WINDOW (window), GDK_KEY_Down, 0, is_menu_item, &start_item,
               "“Start a Drill…” in the main menu");
  ic_test_key (GDK_KEY_Return, 0);
  wait_for (drill_dialog_is_shown, NULL, "the drill dialog");

  /* With no window manager on Xvfb, a new window gets the keyboard from
   * the test, as a window manager would give it. */
  dialog = find_toplevel (IC_TYPE_DRILL_DIALOG);
  ic_test_keys_focus (dialog);
  press_until (dialog, GDK_KEY_Tab, 0, is_within_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_BOX_ROW),
               "the list of scenarios");
  press_until (dialog, GDK_KEY_Down, 0, is_row_named, SCENARIO, "the scenario " SCENARIO);
  ic_test_key (GDK_KEY_Return, 0);
  wait_for (drill_dialog_is_gone, NULL, "the drill dialog to close");
  wait_for (view_shows_drill, ic_window_get_view (window), "the drill to be shown");
  /* The dialog's keyboard back to the window, as a window manager does. */
  ic_test_keys_focus (GTK_WINDOW (window));
}

/* Breathing skipped, the facts kept, three hypotheses. */
static void
structure_and_hypotheses (IcWindow *window)
{
  IcIncidentView *view = ic_window_get_view (window);

  g_assert_cmpstr (ic_incident_view_get_step (view), ==, "breathe");
  ic_test_key (GDK_KEY_Escape, 0);
  ic_test_wait_for_step (view, "structure");

  /* The title came with the alert, the facts with the scenario: Enter
   * keeps each and moves on, Ctrl+Enter ends the step. */
  for (guint i = 0; i < 3; i++)
    ic_test_key (GDK_KEY_Return, 0);
  ic_test_key (GDK_KEY_Return, GDK_CONTROL_MASK);
  ic_test_wait_for_step (view, "hypotheses");

  for (guint i = 0; i < G_N_ELEMENTS (hypotheses); i++)
    {
      ic_test_type (hypotheses[i]);
      ic_test_key (GDK_KEY_1 + i, GDK_CONTROL_MASK);
      ic_test_key (GDK_KEY_Return, 0);
    }
  ic_test_wait_for_hypotheses (view, G_N_ELEMENTS (hypotheses));
}

typedef struct
{
  IcIncidentView *view;
  const char     *name;
} PageWait;

static gboolean
page_is_shown (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (ic_incident_view_get_stack (wait->view)),
                    wait->name) == 0;
}

/* Alt+N, and the page it names once it is shown (under the sanitizers the
 * key may be handled after the keys' settling wait). */
static void
go_to_page (IcIncidentView *view,
            guint           keyval,
            const char     *name)
{
  PageWait wait = { view, name };

  ic_test_key (keyval, GDK_ALT_MASK);
  wait_for (page_is_shown, &wait, name);
}

/* Alt+3, the cluster card's evidence menu, For the wild card. */
static void
attach_evidence (IcWindow     *window,
                 IcStore      *store,
                 IcHypothesis *wild_card)
{
  IcIncidentView *view = ic_window_get_view (window);
  GtkWidget *page;
  IcProbeCard *card;
  GtkWidget *menu_button;
  const MenuItem for_item = { "For", ic_hypothesis_get_text (wild_card) };
  EvidenceWait wait = { store, wild_card };

  go_to_page (view, GDK_KEY_3, "probes");
  page = adw_view_stack_get_child_by_name (ic_incident_view_get_stack (view), "probes");
  card = find_card (page, CLUSTER_PROBE);
  g_assert_nonnull (card);
  /* Its menu is there to use once the card shows a result. */
  wait_for (card_has_sample, card, "the cluster probe's first result");
  menu_button = ic_test_find_descendant (GTK_WIDGET (card), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  press_until (GTK_WINDOW (window), GDK_KEY_Tab, 0, is_within, menu_button,
               "the cluster card's “Attach as Evidence”");
  ic_test_key (GDK_KEY_Return, 0);
  wait_for_popover (GTK_WINDOW (window), TRUE, "the evidence menu to open");
  press_until (GTK_WINDOW (window), GDK_KEY_Down, 0, is_menu_item, &for_item,
               "“For” under the wild card in the evidence menu");
  ic_test_key (GDK_KEY_Return, 0);
  wait_for (evidence_is_saved, &wait, "the evidence to be saved");
  wait_for_popover (GTK_WINDOW (window), FALSE, "the evidence menu to close");
}

/* Alt+1, the culprit's row in the changes, its Roll Back button. */
static void
roll_back (IcWindow *window,
           IcChange *culprit)
{
  IcIncidentView *view = ic_window_get_view (window);
  GtkWidget *page;
  IcChangeRow *row;
  GtkWidget *button;

  go_to_page (view, GDK_KEY_1, "structure");
  page = adw_view_stack_get_child_by_name (ic_incident_view_get_stack (view), "structure");
  row = find_change_row (page, ic_change_get_description (culprit));
  g_assert_nonnull (row);
  button = ic_test_find_widget (GTK_WIDGET (row), ic_test_is_button_labelled, "_Roll Back");
  g_assert_nonnull (button);
  /* Tab reaches the list of changes, arrows its rows, Tab a row's buttons. */
  press_until (GTK_WINDOW (window), GDK_KEY_Tab, 0, is_within_type,
               GSIZE_TO_POINTER (IC_TYPE_CHANGE_ROW), "the list of changes");
  press_until (GTK_WINDOW (window), GDK_KEY_Down, 0, is_within, row, "the culprit's row");
  press_until (GTK_WINDOW (window), GDK_KEY_Tab, 0, is_within, button,
               "the culprit's “Roll Back”");
  ic_test_key (GDK_KEY_Return, 0);
  wait_for (is_rolled_back, culprit, "the rollback to be recorded");
}

/* Alt+5, the Status row, Resolved. */
static void
resolve (IcWindow *window)
{
  IcIncidentView *view = ic_window_get_view (window);
  GtkWidget *page;
  GtkWidget *status_row;

  go_to_page (view, GDK_KEY_5, "details");
  page = adw_view_stack_get_child_by_name (ic_incident_view_get_stack (view), "details");
  status_row = ic_test_find_widget (page, is_combo_row_titled, "Status");
  g_assert_nonnull (status_row);
  press_until (GTK_WINDOW (window), GDK_KEY_Tab, 0, is_within, status_row, "the Status row");
  /* Its list opens on its first item, not on the status it shows. */
  ic_test_key (GDK_KEY_Return, 0);
  wait_for_popover (GTK_WINDOW (window), TRUE, "the list of statuses to open");
  press_until (GTK_WINDOW (window), GDK_KEY_Down, 0, is_list_item_labelled, "Resolved",
               "“Resolved” in the list of statuses");
  ic_test_key (GDK_KEY_Return, 0);
  wait_for_popover (GTK_WINDOW (window), FALSE, "the list of statuses to close");
}

/* /ic/drill-keyboard/redis-discovery-bypass --------------------------------------- */

/* A whole drill by keyboard: started from the main menu, the breath
 * skipped, the facts kept, three hypotheses with the cause as the wild
 * card, a probe's result attached as evidence, the culprit rolled back
 * within two minutes, the incident resolved; the debrief says so, and
 * another connection reads it all back. */
static void
test_redis_discovery_bypass (AppFixture    *fx,
                             gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcIncidentView *view = ic_window_get_view (window);
  IcStore *store = ic_application_get_store (fx->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcScenario) scenario = ic_drill_catalog_load (SCENARIO, NULL, &error);
  g_autoptr(IcStore) reopened = NULL;
  g_autoptr(IcDrillRecord) record = NULL;
  g_autoptr(IcHypothesis) wild_card = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *expected = NULL;
  const IcScenarioChange *culprit_change;
  IcDrillDebriefDialog *dialog;
  IcDrillDebrief *debrief;
  IcIncident *drill;
  IcChange *culprit;
  GListModel *ranked;
  GListModel *evidence;
  GListModel *changes;
  IcEvidence *attached;
  gint64 started = g_get_monotonic_time ();
  guint cause_rank = 0;

  g_assert_no_error (error);
  culprit_change = ic_scenario_find_change (scenario, CULPRIT);
  g_assert_nonnull (culprit_change);
  g_assert_true (g_str_has_prefix (culprit_change->description, "sessions-config #412"));

  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_keys_pressed = 0;
  start_drill (window);
  drill = ic_incident_view_get_incident (view);
  record = ic_store_get_drill (store, ic_incident_get_id (drill), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->scenario_id, ==, SCENARIO);
  g_assert_cmpstr (ic_incident_get_title (drill), ==, ALERT_TITLE);

  structure_and_hypotheses (window);
  /* Enter kept what the alert said. */
  g_assert_cmpstr (ic_incident_get_title (drill), ==, ALERT_TITLE);
  ranked = ic_store_get_hypotheses (store, drill);
  g_assert_cmpuint (g_list_model_get_n_items (ranked), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (ranked); i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (ranked, i);

      if (ic_hypothesis_get_likelihood (hypothesis) == IC_LIKELIHOOD_WILD_CARD)
        g_set_object (&wild_card, hypothesis);
      if (cause_rank == 0
          && ic_scenario_text_names_cause (scenario, ic_hypothesis_get_text (hypothesis)))
        cause_rank = (guint) ic_hypothesis_get_rank (hypothesis);
    }
  g_assert_nonnull (wild_card);
  g_assert_cmpstr (ic_hypothesis_get_text (wild_card), ==, hypotheses[2]);
  g_assert_cmpuint (cause_rank, !=, 0);

  /* The skew sample is the script's answer for the drill's first minute. */
  attach_evidence (window, store, wild_card);
  g_clear_pointer (&record, ic_drill_record_free);
  record = ic_store_get_drill (store, ic_incident_get_id (drill), &error);
  g_assert_cmpint (ic_drill_record_get_elapsed (record, g_get_real_time ()), <,
                   60 * G_USEC_PER_SEC);

  culprit = find_change (store, drill, culprit_change->description);
  g_assert_nonnull (culprit);
  roll_back (window, culprit);
  g_assert_true (ic_drill_player_get_fixed (ic_incident_view_get_drill_player (view)));

  resolve (window);
  wait_for (debrief_is_shown, NULL, "the debrief");
  g_test_message ("keystrokes beyond the typed text: %u; the walk took %.1f s",
                  ic_test_keys_pressed, (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (ic_test_keys_pressed, <=, 60);

  /* The debrief: each measure in words, the times as the clock gave them. */
  dialog = IC_DRILL_DEBRIEF_DIALOG (find_toplevel (IC_TYPE_DRILL_DEBRIEF_DIALOG));
  debrief = ic_drill_debrief_dialog_get_debrief (dialog);
  g_assert_cmpuint (debrief->items->len, ==, IC_DEBRIEF_N_ITEMS);
  g_assert_true (g_str_has_prefix (item_text (debrief, IC_DEBRIEF_STRUCTURE), "Structured in "));
  g_assert_true (item_met (debrief, IC_DEBRIEF_STRUCTURE));
  assert_matches ("^Three hypotheses in [0-9]+:[0-5][0-9] — one was a wild card\\.$",
                  item_text (debrief, IC_DEBRIEF_HYPOTHESES));
  g_assert_true (item_met (debrief, IC_DEBRIEF_HYPOTHESES));
  expected = g_strdup_printf ("The true cause was among the hypotheses, ranked %u.", cause_rank);
  g_assert_cmpstr (item_text (debrief, IC_DEBRIEF_TRUE_CAUSE), ==, expected);
  g_assert_true (item_met (debrief, IC_DEBRIEF_TRUE_CAUSE));
  assert_matches ("^First evidence attached at [0-9]+:[0-5][0-9]\\.$",
                  item_text (debrief, IC_DEBRIEF_EVIDENCE));
  g_assert_true (item_met (debrief, IC_DEBRIEF_EVIDENCE));
  escaped = g_regex_escape_string (culprit_change->description, -1);
  g_free (expected);
  expected = g_strdup_printf ("^Rolled back “%s” at [0-9]+:[0-5][0-9], before the two-minute "
                              "deadline — the change that caused it\\.$", escaped);
  assert_matches (expected, item_text (debrief, IC_DEBRIEF_ROLLBACK));
  g_assert_true (item_met (debrief, IC_DEBRIEF_ROLLBACK));
  /* No status update was sent, and there is no postmortem yet. */
  g_assert_false (item_met (debrief, IC_DEBRIEF_STATUS_UPDATE));
  g_assert_false (item_met (debrief, IC_DEBRIEF_DETECTION_GAP));
  g_assert_cmpuint (debrief->score, ==, 5);
  assert_matches ("^Resolved in [0-9]+:[0-5][0-9]\\.$", debrief->outcome);
  g_assert_cmpint (debrief->to_three_hypotheses, >, 0);
  g_assert_cmpint (debrief->to_mitigation, >, debrief->to_three_hypotheses);

  /* What another connection reads: the evidence and the rollback were saved. */
  g_assert_true (ic_store_flush (store, &error));
  g_assert_no_error (error);
  reopened = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (reopened)), ==, 1);
  drill = g_list_model_get_item (ic_store_get_incidents (reopened), 0);
  g_object_unref (drill);  /* the store's list keeps it */
  g_assert_true (ic_incident_get_drill (drill));
  g_assert_cmpint (ic_incident_get_status (drill), ==, IC_INCIDENT_STATUS_RESOLVED);
  ranked = ic_store_get_hypotheses (reopened, drill);
  g_assert_cmpuint (g_list_model_get_n_items (ranked), ==, 3);
  g_clear_object (&wild_card);
  wild_card = g_list_model_get_item (ranked, cause_rank - 1);
  g_assert_cmpint (ic_hypothesis_get_likelihood (wild_card), ==, IC_LIKELIHOOD_WILD_CARD);
  evidence = ic_store_get_evidence (reopened, wild_card);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  attached = g_list_model_get_item (evidence, 0);
  g_object_unref (attached);  /* the store's list keeps it */
  g_assert_cmpint (ic_evidence_get_stance (attached), ==, IC_STANCE_FOR);
  g_assert_cmpint (ic_evidence_get_probe_sample_id (attached), !=, 0);
  g_assert_true (g_str_has_prefix (ic_evidence_get_text (attached), CLUSTER_PROBE ": "));
  g_assert_nonnull (strstr (ic_evidence_get_text (attached), "skew: 10.0.4.13:6379 holds"));
  changes = ic_store_get_changes (reopened, drill);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, scenario->changes->len);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);
      gboolean is_culprit = g_str_equal (ic_change_get_description (change),
                                         culprit_change->description);

      g_assert_cmpint (ic_change_get_rolled_back_at (change) != 0, ==, is_culprit);
    }
  g_clear_pointer (&record, ic_drill_record_free);
  record = ic_store_get_drill (reopened, ic_incident_get_id (drill), &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->fixed_at, >, 0);
  g_assert_cmpint (record->ended_at, >=, record->fixed_at);
  g_assert_false (record->abandoned);
  ic_store_close (reopened);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/drill-keyboard/redis-discovery-bypass", test_redis_discovery_bypass);
#undef ADD
  return g_test_run ();
}
