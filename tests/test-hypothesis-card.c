/* test-hypothesis-card.c — IcHypothesisCard and IcEvidenceRow on their
 * own, on a real store file under Xvfb, with the board's actions stood in
 * for (the board itself: test-hypothesis-board.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ic-evidence-row.h"
#include "ic-hypothesis-card.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture  store;
  IcHypothesis *hypothesis;
  GtkWindow    *window;
  GPtrArray    *asked;    /* "name parameter" of each board.* activation */
} CardFixture;

static void
card_setup (CardFixture   *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  store_fixture_setup (&fx->store, data);
  /* U+202E turns what follows around on screen: the card shows it. */
  fx->hypothesis = ic_store_add_hypothesis (fx->store.store, fx->store.incident,
                                            "The pool is exhausted", IC_LIKELIHOOD_WILD_CARD,
                                            "ls \u202etxt.exe", &error);
  g_assert_no_error (error);
  fx->asked = g_ptr_array_new_with_free_func (g_free);
}

static void
card_teardown (CardFixture   *fx,
               gconstpointer  data)
{
  if (fx->window != NULL)
    ic_test_window_close (fx->window);
  g_ptr_array_unref (fx->asked);
  g_clear_object (&fx->hypothesis);
  store_fixture_teardown (&fx->store, data);
}

static IcHypothesisCard *
show_card (CardFixture *fx)
{
  const IcTestAction actions[] = {
    { "status", "(xs)" }, { "evidence", "(xss)" }, { "move", "(xi)" }, { "shift", "(xi)" },
  };
  GtkWidget *card = ic_hypothesis_card_new (fx->hypothesis,
                                            ic_store_get_evidence (fx->store.store,
                                                                   fx->hypothesis));
  GPtrArray *toasts;

  fx->window = ic_test_window_for (card, &toasts);
  ic_test_record_actions (GTK_WIDGET (fx->window), "board", actions, G_N_ELEMENTS (actions),
                          fx->asked);
  return IC_HYPOTHESIS_CARD (card);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* /ic/evidence-row, /ic/hypothesis-card/new-destroy ------------------------ */

static void
test_evidence_row (CardFixture   *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) against = ic_store_add_evidence (fx->store.store, fx->hypothesis,
                                                         IC_STANCE_AGAINST,
                                                         "pool_in_use 12/200", 0, &error);
  GtkWidget *row;

  g_assert_no_error (error);
  row = g_object_ref_sink (ic_evidence_row_new (against));
  g_assert_true (ic_evidence_row_get_evidence (IC_EVIDENCE_ROW (row)) == against);
  /* The stance is written out, not only coloured (the clock reads 08:00 UTC). */
  g_assert_cmpstr (ic_evidence_row_get_text (IC_EVIDENCE_ROW (row)), ==,
                   "− 08:00:00  pool_in_use 12/200");
  g_assert_finalize_object (row);
}

static void
test_card_new_destroy (CardFixture   *fx,
                       gconstpointer  data)
{
  GtkWidget *card = g_object_ref_sink (ic_hypothesis_card_new (fx->hypothesis, NULL));

  g_assert_true (ic_hypothesis_card_get_hypothesis (IC_HYPOTHESIS_CARD (card)) == fx->hypothesis);
  g_assert_finalize_object (card);
}

/* /ic/hypothesis-card/shows ------------------------------------------------ */

static void
test_card_shows (CardFixture   *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) one = NULL;
  g_autoptr(IcEvidence) two = NULL;
  g_autoptr(IcEvidence) three = NULL;
  IcHypothesisCard *card;
  g_autofree char *summary = NULL;

  one = ic_store_add_evidence (fx->store.store, fx->hypothesis, IC_STANCE_FOR, "pool 200/200",
                               0, &error);
  two = ic_store_add_evidence (fx->store.store, fx->hypothesis, IC_STANCE_FOR, "timeouts", 0,
                               &error);
  three = ic_store_add_evidence (fx->store.store, fx->hypothesis, IC_STANCE_AGAINST, "db idle",
                                 0, &error);
  g_assert_no_error (error);
  card = show_card (fx);
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_FOR), ==, 2);
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_AGAINST), ==, 1);
  g_assert_cmpstr (ic_hypothesis_card_get_command_text (card), ==, "ls ⟨U+202E⟩txt.exe");
  g_assert_nonnull (strstr (ic_hypothesis_card_get_command_warning (card),
                            "invisible direction"));
  summary = ic_hypothesis_card_dup_summary (card);
  g_assert_cmpstr (summary, ==, "Hypothesis 1: The pool is exhausted, Wild card, Open");
}

/* How many labels saying @text @root shows (on screen: a list's
 * placeholder is hidden by being unmapped). */
static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
            && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);
  return n;
}

/* /ic/hypothesis-card/evidence-follows: the card shows the store's live
 * list of evidence, so what is added shows at once, in its column. */
static void
test_evidence_follows (CardFixture   *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) one = NULL;
  g_autoptr(IcEvidence) two = NULL;
  IcHypothesisCard *card = show_card (fx);
  GtkWidget *row;

  /* None of either stance: said in each column. */
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_FOR), ==, 0);
  g_assert_cmpuint (count_labels (GTK_WIDGET (card), "None yet"), ==, 2);

  one = ic_store_add_evidence (fx->store.store, fx->hypothesis, IC_STANCE_FOR, "pool 200/200",
                               0, &error);
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_FOR), ==, 1);
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_AGAINST), ==, 0);
  g_assert_cmpuint (count_labels (GTK_WIDGET (card), "None yet"), ==, 1);
  row = ic_test_find_descendant (GTK_WIDGET (card), IC_TYPE_EVIDENCE_ROW);
  g_assert_nonnull (row);
  g_assert_true (ic_evidence_row_get_evidence (IC_EVIDENCE_ROW (row)) == one);
  g_assert_true (gtk_widget_get_mapped (row));

  two = ic_store_add_evidence (fx->store.store, fx->hypothesis, IC_STANCE_AGAINST, "db idle", 0,
                               &error);
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (ic_hypothesis_card_get_n_evidence (card, IC_STANCE_AGAINST), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (card), "None yet"), ==, 0);
}

/* /ic/hypothesis-card/asks ------------------------------------------------- */

static void
test_card_asks (CardFixture   *fx,
                gconstpointer  data)
{
  IcHypothesisCard *card = show_card (fx);
  gint64 id = ic_hypothesis_get_id (fx->hypothesis);
  g_autofree char *testing = g_strdup_printf ("status (%" G_GINT64_FORMAT ", 'testing')", id);
  g_autofree char *refuted = g_strdup_printf ("status (%" G_GINT64_FORMAT ", 'refuted')", id);
  g_autofree char *against = g_strdup_printf ("evidence (%" G_GINT64_FORMAT
                                              ", 'against', 'db idle')", id);
  GtkWidget *entry = ic_test_find_descendant (GTK_WIDGET (card), GTK_TYPE_ENTRY);
  GtkWidget *dropdown = ic_test_find_descendant (GTK_WIDGET (card), GTK_TYPE_DROP_DOWN);

  g_signal_emit_by_name (find_button (GTK_WIDGET (card), "_Testing"), "clicked");
  g_signal_emit_by_name (find_button (GTK_WIDGET (card), "_Refute"), "clicked");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "db idle");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (fx->asked->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 0), ==, testing);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 1), ==, refuted);
  g_assert_cmpstr (g_ptr_array_index (fx->asked, 2), ==, against);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, CardFixture, NULL, card_setup, fn, card_teardown)
  ADD ("/ic/evidence-row/new-destroy", test_evidence_row);
  ADD ("/ic/hypothesis-card/evidence-follows", test_evidence_follows);
  ADD ("/ic/hypothesis-card/new-destroy", test_card_new_destroy);
  ADD ("/ic/hypothesis-card/shows", test_card_shows);
  ADD ("/ic/hypothesis-card/asks", test_card_asks);
#undef ADD
  return g_test_run ();
}
