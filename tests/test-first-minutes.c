/* test-first-minutes.c — paged to structured by keyboard alone: the real
 * application and window under Xvfb, every key sent through the X server
 * (no pointer, no action called directly), the database read back after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-decision-check.h"
#include "ic-incident-view.h"
#include "ic-steps-box.h"
#include "ic-test-app.h"
#include "ic-test-first-minutes.h"

static IcIncidentView *
view_of (IcWindow *window)
{
  return ic_window_get_view (window);
}

/* Where the walk stands after some of its steps. The keys' settling wait
 * is usually enough; under the sanitizers a key can be handled later, so
 * the step is waited for (bounded), never assumed. */
static void
check_step (const char *step,
            gint64      started,
            gpointer    user_data)
{
  const char *expected = NULL;

  if (g_str_equal (step, "new incident (Ctrl+N)"))
    expected = "breathe";
  else if (g_str_equal (step, "breath skipped (Escape)"))
    expected = "structure";
  else if (g_str_equal (step, "structure done (Ctrl+Enter)"))
    expected = "hypotheses";
  if (expected != NULL)
    ic_test_wait_for_step (view_of (user_data), expected);
}

/* /ic/first-minutes/keyboard-only ---------------------------------------------- */

/* What a paged engineer does first, with keys only (ic-test-first-minutes.h),
 * and everything saved. */
static void
test_keyboard_only (AppFixture    *fx,
                    gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(IcStore) reopened = NULL;
  g_autoptr(IcIncident) incident = NULL;
  g_autoptr(IcDecisionCheck) first_check = NULL;
  g_autofree char *good = NULL;
  g_autofree char *region = NULL;
  GListModel *hypotheses;
  gint64 completed = 0;
  int scope = 0;
  gboolean wild = FALSE;

  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_keys_pressed = 0;
  ic_first_minutes_walk (GTK_WINDOW (window), check_step, window);
  g_test_message ("keystrokes beyond the typed text: %u", ic_test_keys_pressed);
  g_assert_cmpuint (ic_test_keys_pressed, <=, 25);
  /* The wild card's Enter may still be queued under the sanitizers. */
  ic_test_wait_for_hypotheses (view_of (window), 3);

  /* What another connection reads: everything was saved. */
  g_assert_true (ic_store_flush (ic_application_get_store (fx->app), &error));
  g_assert_no_error (error);
  reopened = ic_store_open (fx->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ic_store_get_incidents (reopened)), ==, 1);
  incident = g_list_model_get_item (ic_store_get_incidents (reopened), 0);
  g_assert_cmpstr (ic_incident_get_title (incident), ==, "Checkout 500s in eu-west-1");
  g_assert_cmpint (ic_incident_get_alert_time (incident), >, 0);
  g_object_get (incident, "last-known-good", &good, "blast-scope", &scope, "blast-region", &region,
                "structure-completed-at", &completed, NULL);
  g_assert_cmpstr (good, ==, "checkout v1.2.2");
  g_assert_cmpint (scope, ==, IC_BLAST_SCOPE_SUBSET);
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_assert_cmpint (completed, >, 0);
  first_check = g_list_model_get_item (ic_store_get_decision_checks (reopened, incident), 0);
  g_assert_cmpint (ic_decision_check_get_answer (first_check), ==, IC_CHECK_ANSWER_NO);
  g_assert_cmpstr (ic_decision_check_get_note (first_check), ==, "only eu-west-1, writes");
  hypotheses = ic_store_get_hypotheses (reopened, incident);
  g_assert_cmpuint (g_list_model_get_n_items (hypotheses), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);

      wild |= ic_hypothesis_get_likelihood (hypothesis) == IC_LIKELIHOOD_WILD_CARD;
    }
  g_assert_true (wild);
  g_assert_true (ic_store_get_hypotheses_ready (reopened, incident));
  ic_store_close (reopened);
}

/* /ic/first-minutes/steps-beneath-pause ------------------------------------------ */

static GtkWidget *
template_child (IcIncidentView *view,
                const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), IC_TYPE_INCIDENT_VIEW, name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

/* Ctrl+N in @window, given the keyboard: the new incident's view, on its
 * breathing pause. */
static IcIncidentView *
new_incident (IcWindow *window)
{
  IcIncidentView *view;

  ic_test_keys_focus (GTK_WINDOW (window));
  ic_test_key (GDK_KEY_n, GDK_CONTROL_MASK);
  view = view_of (window);
  ic_test_wait_for_step (view, "breathe");
  return view;
}

static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* A mnemonic shown twice only moves the focus between the two: the page
 * titles had theirs, and Alt+D went to "Details" and back to "_Done — On
 * to the Hypotheses" without ending the step. Pages have Alt+1 … Alt+6. */
static void
test_alt_d_ends_structure_step (AppFixture    *fx,
                                gconstpointer  data)
{
  IcIncidentView *view = new_incident (activate_window (fx));
  IcIncident *incident;
  gint64 completed = 0;

  ic_test_key (GDK_KEY_Escape, 0);
  ic_test_wait_for_step (view, "structure");
  ic_test_key (GDK_KEY_d, GDK_ALT_MASK);
  ic_test_wait_for_step (view, "hypotheses");
  incident = ic_incident_view_get_incident (view);
  g_object_get (incident, "structure-completed-at", &completed, NULL);
  g_assert_cmpint (completed, >, 0);
}

/* A signal handler that counts its emissions in @count. */
static void
count_emission (guint *count)
{
  (*count)++;
}

/* What the pointer would reach in @box at the centre of @widget, or NULL. */
static GtkWidget *
pick_centre (GtkWidget *box,
             GtkWidget *widget)
{
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0f,
                                                 gtk_widget_get_height (widget) / 2.0f);
  graphene_point_t in_box;

  g_assert_true (gtk_widget_compute_point (widget, box, &centre, &in_box));
  return gtk_widget_pick (box, in_box.x, in_box.y, GTK_PICK_DEFAULT);
}

static gboolean
is_transparent (gpointer data)
{
  return gtk_widget_get_opacity (data) == 0.0;
}

/* While the breathing pause lasts, the steps beneath it are laid out, so
 * that Escape only has them drawn (ic-incident-view.c), but none of them
 * is drawn, reachable by Tab or by a mnemonic, or shown to a screen
 * reader; Escape gives them back with the keyboard in the title. */
static void
test_steps_beneath_pause (AppFixture    *fx,
                          gconstpointer  data)
{
  IcWindow *window = activate_window (fx);
  IcIncidentView *view = new_incident (window);
  GtkWidget *steps, *structure, *breathe;
  IcIncident *incident;
  g_autoptr(GPtrArray) buttons = NULL;
  guint activated = 0;

  incident = ic_incident_view_get_incident (view);
  g_assert_nonnull (incident);
  steps = template_child (view, "main_box");
  structure = template_child (view, "structure_page");
  breathe = template_child (view, "breathe_page");

  /* Laid out beneath the pause (a frame after its first)... */
  wait_for (is_laid_out, structure, "the structure step to be laid out beneath the pause");
  g_assert_true (gtk_widget_get_mapped (breathe));
  /* ...but not drawn (after one frame at 1/255, ic-steps-box.c), and not
   * reachable: not by the pointer... */
  wait_for (is_transparent, steps, "the steps not to be drawn");
  g_assert_null (pick_centre (steps, structure));
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *focus;

      ic_test_key (GDK_KEY_Tab, 0);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_false (focus != NULL && gtk_widget_is_ancestor (focus, steps));
    }
  /* ...nor Tab (above), nor Alt: the structure step's "_Done — On to the
   * Hypotheses" and the decision tree's "_No". A mnemonic activates its
   * button at once, which is clicked 250 ms later. */
  buttons = ic_test_find_all (steps, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    g_signal_connect_swapped (buttons->pdata[i], "activate", G_CALLBACK (count_emission),
                              &activated);
  ic_test_key (GDK_KEY_d, GDK_ALT_MASK);
  ic_test_key (GDK_KEY_n, GDK_ALT_MASK);
  g_assert_cmpuint (activated, ==, 0);
  for (guint i = 0; i < buttons->len; i++)
    g_signal_handlers_disconnect_by_data (buttons->pdata[i], &activated);
  g_assert_cmpstr (ic_incident_view_get_step (view), ==, "breathe");
  {
    gint64 completed = 0;

    g_object_get (incident, "structure-completed-at", &completed, NULL);
    g_assert_cmpint (completed, ==, 0);
  }

  /* Escape: the pause goes at once, the steps are there and drawn, and
   * the keyboard is in the title. */
  ic_test_key (GDK_KEY_Escape, 0);
  ic_test_wait_for_step (view, "structure");
  g_assert_false (gtk_widget_get_mapped (breathe));
  g_assert_cmpfloat (gtk_widget_get_opacity (steps), ==, 1.0);
  g_assert_nonnull (pick_centre (steps, structure));
  g_assert_true (ic_test_has_focus (GTK_WINDOW (window), structure));
}

typedef struct
{
  guint keep, zap, quux;
} Clicks;

static GtkWidget *
mnemonic_button (const char *label,
                 guint      *clicks)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_swapped (button, "clicked", G_CALLBACK (count_emission), clicks);
  return button;
}

typedef struct
{
  guint *clicks;
  guint  count;
} ClickWait;

static gboolean
clicked_enough (gpointer data)
{
  ClickWait *wait = data;

  return *wait->clicks >= wait->count;
}

/* Alt+K, then "_Keep" clicked @count times in all. A button activated by
 * its mnemonic is clicked 250 ms later (GTK shows it pressed meanwhile),
 * so what Alt did before has been clicked too by then, if it was. */
static void
alt_keep (Clicks *clicks,
          guint   count)
{
  ClickWait wait = { &clicks->keep, count };

  ic_test_key (GDK_KEY_k, GDK_ALT_MASK);
  wait_for (clicked_enough, &wait, "_Keep to be clicked");
  g_assert_cmpuint (clicks->keep, ==, count);
}

/* An IcStepsBox out of reach keeps the mnemonics of what it holds from
 * Alt, also one added while it is (as a change row read during the pause),
 * and gives them back with it; a label removed meanwhile is gone from the
 * window for good. Mnemonics outside it answer all along. */
static void
test_steps_box_holds_mnemonics (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *outside = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *box = ic_steps_box_new ();
  IcStepsBox *steps = IC_STEPS_BOX (box);
  GtkWidget *zap_button, *quux_button;
  Clicks clicks = { 0 };

  gtk_box_append (GTK_BOX (outside), entry);
  gtk_box_append (GTK_BOX (outside), mnemonic_button ("_Keep", &clicks.keep));
  zap_button = mnemonic_button ("_Zap", &clicks.zap);
  gtk_box_append (GTK_BOX (box), zap_button);
  gtk_box_append (GTK_BOX (outside), box);
  gtk_window_set_child (GTK_WINDOW (window), outside);
  ic_test_keys_focus (GTK_WINDOW (window));
  g_assert_true (gtk_widget_grab_focus (entry));
  g_assert_true (ic_steps_box_get_reachable (steps));

  ic_steps_box_set_reachable (steps, FALSE);
  g_assert_false (ic_steps_box_get_reachable (steps));
  ic_test_key (GDK_KEY_z, GDK_ALT_MASK);
  alt_keep (&clicks, 1);
  g_assert_cmpuint (clicks.zap, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *focus;

      ic_test_key (GDK_KEY_Tab, 0);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_false (focus != NULL && gtk_widget_is_ancestor (focus, box));
    }
  /* Added out of reach: held too. */
  quux_button = mnemonic_button ("_Quux", &clicks.quux);
  gtk_box_append (GTK_BOX (box), quux_button);
  ic_test_key (GDK_KEY_q, GDK_ALT_MASK);
  alt_keep (&clicks, 2);
  g_assert_cmpuint (clicks.quux, ==, 0);

  /* Given back, both answer. */
  ic_steps_box_set_reachable (steps, TRUE);
  ic_test_key (GDK_KEY_z, GDK_ALT_MASK);
  ic_test_key (GDK_KEY_q, GDK_ALT_MASK);
  alt_keep (&clicks, 3);
  g_assert_cmpuint (clicks.zap, ==, 1);
  g_assert_cmpuint (clicks.quux, ==, 1);

  /* Removed while out of reach, removed while reachable: gone. */
  ic_steps_box_set_reachable (steps, FALSE);
  gtk_box_remove (GTK_BOX (box), quux_button);
  ic_steps_box_set_reachable (steps, TRUE);
  gtk_box_remove (GTK_BOX (box), zap_button);
  ic_test_key (GDK_KEY_q, GDK_ALT_MASK);
  ic_test_key (GDK_KEY_z, GDK_ALT_MASK);
  alt_keep (&clicks, 4);
  g_assert_cmpuint (clicks.quux, ==, 1);
  g_assert_cmpuint (clicks.zap, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AppFixture, NULL, app_setup, fn, app_teardown)
  ADD ("/ic/first-minutes/keyboard-only", test_keyboard_only);
  ADD ("/ic/first-minutes/steps-beneath-pause", test_steps_beneath_pause);
  ADD ("/ic/first-minutes/alt-d-ends-structure-step", test_alt_d_ends_structure_step);
#undef ADD
  g_test_add_func ("/ic/first-minutes/steps-box-holds-mnemonics", test_steps_box_holds_mnemonics);
  return g_test_run ();
}
