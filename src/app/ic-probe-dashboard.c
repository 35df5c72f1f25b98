/* ic-probe-dashboard.c — live probes of an incident, evidence in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-probe-card.h"
#include "ic-probe-dashboard.h"
#include "ic-probe-editor.h"
#include "ic-probe-form.h"
#include "ic-probe-node-table.h"
#include "ic-probe-scheduler.h"
#include "ic-probe-secret.h"
#include "ic-redact.h"
#include "ic-sparkline.h"

#define CHECKS_IN_FLIGHT 8
/* As many as the sparkline draws. */
#define SPARKLINE_SAMPLES 60
/* Results are shown at once and stored a second's worth at a time, in one
 * transaction: 200 probes are not 200 commits a second. */
#define SAMPLE_FLUSH_MS 1000
/* While the database refuses them, at most this many wait. */
#define MAX_PENDING_SAMPLES 10000

/* What the dashboard keeps for each probe it runs, beside its card. */
typedef struct
{
  IcProbeRecord *record;
  IcProbeCard   *card;
  gboolean       keyring_problem;  /* a secret of it is missing */
  GCancellable  *lookup;           /* (nullable): reading its secrets */
  GHashTable    *secrets;          /* (nullable): its secrets from the keyring */
  GHashTable    *sent;             /* (nullable): all it sends, hidden in what it shows */
} Card;

struct _IcProbeDashboard
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore          *store;
  IcIncident       *incident;
  IcProbeScheduler *scheduler;
  GHashTable       *cards;       /* gint64* probe id → Card* */
  GPtrArray        *pending_records;  /* IcProbeRecord, one per pending sample */
  GPtrArray        *pending_samples;  /* IcStoredSample, shown and not yet stored */
  guint             flush_id;

  GtkWidget        *editor;      /* (nullable): weak, the open IcProbeEditor */
  GCancellable     *adding;      /* (nullable): a new probe's password going to the keyring */

  /* Template widgets (the form's entries too) */
  IcProbeForm       form;
  GtkWidget        *scrolled;
  GtkWidget        *form_box;
  GtkWidget        *form_line;
  GtkWidget        *notice;
  GtkWidget        *error_label;
  GtkWidget        *list;
  GtkWidget        *empty_label;
  GtkWidget        *offer;         /* probes kept for the service, not used here yet */
  GtkWidget        *offer_label;
  GtkWidget        *confirm;       /* GtkRevealer: "This incident came from a file…" */
  GtkWidget        *confirm_targets;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcProbeDashboard, ic_probe_dashboard, GTK_TYPE_WIDGET)

static void
card_free (Card *card)
{
  g_cancellable_cancel (card->lookup);
  g_clear_object (&card->lookup);
  g_clear_object (&card->record);
  g_clear_object (&card->card);
  g_clear_pointer (&card->secrets, g_hash_table_unref);
  g_clear_pointer (&card->sent, g_hash_table_unref);
  g_free (card);
}

static void
record_state_change (IcProbeDashboard *self,
                     Card             *card,
                     int               old_state,
                     int               new_state)
{
  g_autoptr(IcTimelineEvent) event = NULL;
  g_autofree char *text = NULL;

  /* The first result is not a change; ok → failing and back are. */
  if (old_state < 0 || self->incident == NULL)
    return;
  /* Translators: timeline entry: "Probe checkout health: OK → Failing (HTTP 503)" */
  text = g_strdup_printf (_("Probe %s: %s → %s (%s)"), ic_probe_record_get_name (card->record),
                          ic_probe_state_get_label ((IcProbeState) old_state),
                          ic_probe_state_get_label ((IcProbeState) new_state),
                          ic_probe_card_get_last_summary (card->card)
                            ? ic_probe_card_get_last_summary (card->card) : "");
  event = ic_store_add_timeline_event (self->store, self->incident, "probe-state", text, NULL,
                                       NULL);
}

static void
state_changed_cb (IcProbeScheduler *scheduler,
                  gint64            id,
                  int               old_state,
                  int               new_state,
                  IcProbeDashboard *self)
{
  Card *card = g_hash_table_lookup (self->cards, &id);

  if (card == NULL)
    return;
  ic_probe_card_show_state (card->card, new_state);
  record_state_change (self, card, old_state, new_state);
}

/* Stores the samples that are waiting, in one transaction, and tells each
 * card the id of the result it shows. When the database refuses the batch
 * (its probe was deleted meanwhile, or the disk is full), each is tried on
 * its own: the ones that fail are dropped, not retried for ever. */
static void
flush_samples (IcProbeDashboard *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending_samples->len == 0 || self->store == NULL)
    return;
  records = g_steal_pointer (&self->pending_records);
  samples = g_steal_pointer (&self->pending_samples);
  self->pending_records = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_stored_sample_free);
  if (!ic_store_add_probe_samples (self->store, records, samples, &error))
    {
      g_debug ("Could not store %u samples at once: %s", samples->len, error->message);
      for (guint i = 0; i < samples->len; i++)
        {
          IcStoredSample *sample = g_ptr_array_index (samples, i);
          g_autoptr(GError) one_error = NULL;

          sample->id = ic_store_add_probe_sample (self->store, g_ptr_array_index (records, i),
                                                  sample, &one_error);
          if (sample->id == 0)
            g_debug ("Could not store a sample: %s", one_error->message);
        }
    }
  for (guint i = 0; i < samples->len; i++)
    {
      IcProbeRecord *record = g_ptr_array_index (records, i);
      gint64 id = ic_probe_record_get_id (record);
      Card *card = g_hash_table_lookup (self->cards, &id);
      IcStoredSample *sample = g_ptr_array_index (samples, i);

      /* In order: a card's last one is the result it shows. */
      if (card != NULL && card->record == record && sample->id != 0)
        ic_probe_card_set_last_sample_id (card->card, sample->id);
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  IcProbeDashboard *self = user_data;

  self->flush_id = 0;
  flush_samples (self);
  return G_SOURCE_REMOVE;
}

static void
queue_sample (IcProbeDashboard *self,
              IcProbeRecord    *record,
              IcStoredSample   *sample)
{
  if (self->pending_samples->len >= MAX_PENDING_SAMPLES)
    {
      g_debug ("%u samples could not be stored; the oldest are dropped",
               self->pending_samples->len);
      g_ptr_array_remove_range (self->pending_records, 0, MAX_PENDING_SAMPLES / 2);
      g_ptr_array_remove_range (self->pending_samples, 0, MAX_PENDING_SAMPLES / 2);
    }
  g_ptr_array_add (self->pending_records, g_object_ref (record));
  g_ptr_array_add (self->pending_samples, sample);
  if (self->flush_id == 0)
    {
      self->flush_id = g_timeout_add (SAMPLE_FLUSH_MS, flush_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_id),
                                "[ic] store probe samples");
    }
}

static void
sample_cb (IcProbeScheduler *scheduler,
           gint64            id,
           gpointer          data,
           IcProbeDashboard *self)
{
  IcProbeSample *sample = data;
  Card *card = g_hash_table_lookup (self->cards, &id);
  g_autoptr(GPtrArray) secrets = NULL;
  IcStoredSample *stored;

  if (card == NULL)
    return;
  /* A library's message may echo the URL, and a server the token: what is
   * stored and shown hides them (DESIGN.md §9). */
  secrets = ic_redact_list_values (card->sent);
  stored = g_new0 (IcStoredSample, 1);
  stored->detail = ic_redact_text (sample->detail, (const char * const *) secrets->pdata);
  stored->time = sample->time;
  stored->state = g_strdup (ic_probe_state_to_string (sample->state));
  stored->latency_us = sample->latency_us;
  stored->has_value = sample->has_value;
  stored->value = sample->value;
  stored->error_kind = sample->has_error
                         ? g_strdup (ic_probe_error_to_string (sample->error_kind)) : NULL;
  ic_probe_card_show_sample (card->card, sample);
  ic_probe_card_show_result (card->card, stored, sample->state);
  queue_sample (self, card->record, stored);
}

/**
 * ic_probe_dashboard_get_n_pending_samples:
 *
 * Returns: how many results are shown and not stored yet (they are, within
 *   a second)
 */
guint
ic_probe_dashboard_get_n_pending_samples (IcProbeDashboard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_DASHBOARD (self), 0);
  return self->pending_samples->len;
}

/* Attach as evidence --------------------------------------------------------- */

/* Copies the probe's last result into the hypothesis's evidence. */
static void
attach (IcProbeDashboard *self,
        Card             *card,
        IcHypothesis     *hypothesis,
        IcStance          stance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcEvidence) evidence = NULL;
  g_autofree char *text = NULL;

  if (ic_probe_card_get_last_summary (card->card) == NULL)
    return;
  /* The evidence points at the stored sample. */
  flush_samples (self);
  /* Translators: evidence copied from a probe: "checkout health: Failing, 3.2 ms: HTTP 503" */
  text = g_strdup_printf (_("%s: %s"), ic_probe_record_get_name (card->record),
                          ic_probe_card_get_last_summary (card->card));
  evidence = ic_store_add_evidence (self->store, hypothesis, stance, text,
                                    ic_probe_card_get_last_sample_id (card->card), &error);
  if (evidence == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
    }
}

/* Cards ----------------------------------------------------------------------- */

static void
password_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not a warning: a keyring that is gone keeps nothing to remove. */
  if (!ic_probe_secret_clear_finish (result, &error))
    g_debug ("%s", error->message);
}

/* A password leaves the keyring with the last probe that refers to it. */
static void
forget_password (IcProbeDashboard *self,
                 const char       *secret_ref)
{
  if (secret_ref != NULL && !ic_store_is_secret_ref_used (self->store, secret_ref))
    ic_probe_secret_clear_async (secret_ref, NULL, password_cleared_cb, NULL);
}

/* "probes.remove" (probe id): as the card's Remove button. */
static void
remove_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  gint64 id = g_variant_get_int64 (parameter);
  Card *card = g_hash_table_lookup (self->cards, &id);
  g_autoptr(IcProbeRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (card == NULL)
    return;
  record = g_object_ref (card->record);
  /* Its samples so far go with it, not in a batch that would then fail. */
  flush_samples (self);
  if (!ic_store_delete_probe (self->store, record, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not remove the probe: %s. It is kept and keeps running."),
                         error->message);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
      return;
    }
  ic_probe_scheduler_remove (self->scheduler, id);
  g_hash_table_remove (self->cards, &id);
  /* Its password goes too, unless a copy of the probe still uses it. */
  forget_password (self, ic_probe_record_get_secret_ref (record));
}

static void
open_editor (IcProbeDashboard *self,
             IcProbeRecord    *record)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));
  self->editor = ic_probe_editor_new (self->store, record);
  g_object_add_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self->editor));
}

/* Keeping for the service --------------------------------------------------------- */

static void
show_error (IcProbeDashboard *self,
            const char       *message)
{
  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static const char *
incident_service (IcProbeDashboard *self)
{
  const char *service = self->incident ? ic_incident_get_service (self->incident) : NULL;

  return service != NULL && *service != '\0' ? service : NULL;
}

static void
show_kept (IcProbeDashboard *self,
           Card             *card)
{
  const char *service = incident_service (self);
  g_autoptr(IcProbeRecord) kept = NULL;

  if (service != NULL)
    kept = ic_store_find_service_probe (self->store, service,
                                        ic_probe_record_get_spec (card->record));
  ic_probe_card_show_kept (card->card, service, kept != NULL);
}

/* What the service keeps that this incident does not run yet. */
static void
update_offer (IcProbeDashboard *self)
{
  g_autoptr(GListModel) unused = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n;

  unused = self->incident ? ic_store_list_unused_service_probes (self->store, self->incident)
                          : NULL;
  n = unused ? g_list_model_get_n_items (unused) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IcProbeRecord) record = g_list_model_get_item (unused, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, ic_probe_record_get_name (record));
    }
  if (n > 0)
    /* Translators: %1$s is a service, %2$s the probes' names, e.g. "health, cache" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A probe kept for %1$s is not running here: %2$s",
                                         "%3$u probes kept for %1$s are not running here: %2$s",
                                         n),
                            incident_service (self), names->str, n);
  gtk_label_set_label (GTK_LABEL (self->offer_label), text ? text : "");
  gtk_widget_set_visible (self->offer, n > 0);
}

static void
refresh_kept (IcProbeDashboard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    show_kept (self, value);
  update_offer (self);
}

static void
keep (IcProbeDashboard *self,
      Card             *card,
      gboolean          wanted)
{
  const char *service = incident_service (self);
  g_autoptr(IcProbeRecord) kept = NULL;
  g_autoptr(GError) error = NULL;

  if (service == NULL)
    return;
  kept = ic_store_find_service_probe (self->store, service,
                                      ic_probe_record_get_spec (card->record));
  if (wanted)
    {
      g_clear_object (&kept);
      kept = ic_store_keep_probe_for_service (self->store, card->record, service, &error);
    }
  else if (kept != NULL && ic_store_delete_probe (self->store, kept, &error))
    forget_password (self, ic_probe_record_get_secret_ref (kept));
  show_error (self, error ? error->message : NULL);
  refresh_kept (self);
}

/* A card made again (the incident reopened, the probe edited) starts from
 * the stored samples: the sparkline, the last numbers and detail, and that
 * sample ready to attach as evidence. */
static void
replay_history (IcProbeDashboard *self,
                Card             *card)
{
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GError) error = NULL;

  /* The history includes what was shown and is still waiting. */
  flush_samples (self);
  samples = ic_store_list_probe_samples (self->store, card->record, SPARKLINE_SAMPLES, &error);
  if (samples == NULL)
    {
      g_debug ("No history for probe %" G_GINT64_FORMAT ": %s",
               ic_probe_record_get_id (card->record), error->message);
      return;
    }
  for (guint i = 0; i < samples->len; i++)
    {
      const IcStoredSample *sample = g_ptr_array_index (samples, i);
      IcProbeState state = IC_PROBE_STATE_ERROR;

      ic_probe_state_from_string (sample->state, &state);
      if (i + 1 < samples->len)
        ic_probe_card_push_point (card->card, sample->latency_us, state);
      else
        ic_probe_card_show_result (card->card, sample, state);
    }
}

static GtkWidget *
build_card (IcProbeDashboard *self,
            IcProbeRecord    *record)
{
  Card *card = g_new0 (Card, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  gint64 *key = g_new (gint64, 1);

  card->record = g_object_ref (record);
  card->card = g_object_ref_sink (IC_PROBE_CARD (ic_probe_card_new (record)));
  ic_probe_card_set_hypotheses (card->card, self->incident
                                              ? ic_store_get_hypotheses (self->store,
                                                                         self->incident)
                                              : NULL);
  show_kept (self, card);
  replay_history (self, card);

  *key = ic_probe_record_get_id (record);
  g_hash_table_insert (self->cards, key, card);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), GTK_WIDGET (card->card));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* Hands @record to the scheduler with its secrets from the keyring in
 * place of the placeholders its target and headers keep. */
static void
schedule (IcProbeDashboard *self,
          Card             *card)
{
  IcProbeRecord *record = card->record;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *target = NULL;
  g_autofree char *headers = NULL;
  IcProbeOptions options;

  /* A damaged probe has no target: the scheduler says so on its card. */
  if (ic_probe_record_get_spec (record) != NULL)
    target = ic_redact_restore_target (ic_probe_record_get_spec (record), card->secrets,
                                       missing);
  if (ic_probe_record_get_headers (record) != NULL)
    headers = ic_redact_restore_headers (ic_probe_record_get_headers (record), card->secrets,
                                         missing);
  if (missing->len > 0 && !card->keyring_problem)
    {
      /* The check still runs: the server's refusal is evidence too. */
      card->keyring_problem = TRUE;
      ic_probe_card_set_keyring_problem (card->card,
                                         _("The keyring holds no value for some of this "
                                           "probe’s secrets (shown as ***)"));
    }
  ic_probe_options_init (&options);
  options.password = card->secrets ? g_hash_table_lookup (card->secrets,
                                                          IC_PROBE_SECRET_PASSWORD)
                                   : NULL;
  /* Whatever it sends, from the keyring or (saved before secrets went
   * there) in clear, is hidden in the details it shows and stores. */
  g_clear_pointer (&card->sent, g_hash_table_unref);
  card->sent = ic_redact_secrets_new ();
  if (target != NULL)
    g_free (ic_redact_split_target (target, card->sent, NULL));
  if (headers != NULL)
    g_free (ic_redact_split_headers (headers, card->sent, NULL));
  if (options.password != NULL)
    g_hash_table_replace (card->sent, g_strdup (IC_PROBE_SECRET_PASSWORD),
                          g_strdup (options.password));
  options.timeout_ms = ic_probe_record_get_timeout_ms (record);
  options.expected_status = ic_probe_record_get_expected_status (record);
  options.body_contains = ic_probe_record_get_body_contains (record);
  options.json_condition = ic_probe_record_get_json_condition (record);
  options.latency_threshold_ms = ic_probe_record_get_latency_threshold_ms (record);
  options.warn_above = ic_probe_record_get_warn_above (record);
  options.fail_above = ic_probe_record_get_fail_above (record);
  options.method = ic_probe_record_get_method (record);
  options.headers = headers;
  options.ca_file = ic_probe_record_get_ca_file (record);
  if (!ic_probe_scheduler_add (self->scheduler, ic_probe_record_get_id (record), target,
                               &options, ic_probe_record_get_interval_ms (record), 2, 2, &error))
    {
      /* A stored probe that cannot run (its configuration was damaged or
       * came from elsewhere) is an error card that says why. */
      ic_probe_card_show_error (card->card, error->message);
    }
  if (target != NULL)
    memset (target, 0, strlen (target));
  if (headers != NULL)
    memset (headers, 0, strlen (headers));
}

typedef struct
{
  IcProbeDashboard *self;   /* owned */
  gint64            id;
} Lookup;

static void
secrets_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(IcProbeDashboard) self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) secrets = ic_probe_secret_lookup_all_finish (result, &error);
  Card *card = self->cards ? g_hash_table_lookup (self->cards, &lookup->id) : NULL;

  g_free (lookup);
  /* A card that was replaced or removed cancelled its lookup. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || card == NULL)
    return;
  g_clear_object (&card->lookup);
  card->keyring_problem = error != NULL || secrets == NULL;
  ic_probe_card_set_keyring_problem (card->card,
                                     error != NULL ? error->message
                                     : secrets == NULL
                                       ? _("The keyring holds no password for this probe")
                                       : NULL);
  card->secrets = g_steal_pointer (&secrets);
  /* Without its secrets the probe still runs: the server's refusal is
   * evidence too. */
  schedule (self, card);
}

static void
lookup_secrets (IcProbeDashboard *self,
                Card             *card)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->id = ic_probe_record_get_id (card->record);
  card->lookup = g_cancellable_new ();
  ic_probe_secret_lookup_all_async (ic_probe_record_get_secret_ref (card->record), card->lookup,
                                    secrets_found_cb, lookup);
}

static GtkWidget *
create_card_cb (gpointer item,
                gpointer user_data)
{
  IcProbeDashboard *self = user_data;
  IcProbeRecord *record = item;
  GtkWidget *row = build_card (self, record);
  Card *card = g_hash_table_lookup (self->cards, &(gint64) { ic_probe_record_get_id (record) });

  /* A probe that is not to run (one from a file waits for its target to
   * be confirmed, DESIGN.md §9): nothing is checked, no password looked up. */
  if (!ic_probe_record_get_enabled (record))
    ic_probe_card_show_stopped (card->card);
  else if (ic_probe_record_get_secret_ref (record) == NULL)
    schedule (self, card);
  else
    lookup_secrets (self, card);
  return row;
}

/* "This incident came from a file: start its probes?" with the targets of
 * the probes that wait, while any does. */
static void
update_confirm (IcProbeDashboard *self)
{
  GListModel *probes = self->incident ? ic_store_get_probes (self->store, self->incident) : NULL;
  g_autoptr(GString) targets = g_string_new (NULL);

  for (guint i = 0; probes != NULL && i < g_list_model_get_n_items (probes); i++)
    {
      g_autoptr(IcProbeRecord) record = g_list_model_get_item (probes, i);
      g_autofree char *spec = ic_redact_target (ic_probe_record_get_spec (record));

      if (!ic_probe_record_get_awaiting_confirmation (record))
        continue;
      if (targets->len > 0)
        g_string_append_c (targets, '\n');
      /* Translators: a probe waiting for confirmation: "checkout health — https://…/health" */
      g_string_append_printf (targets, _("%s — %s"), ic_probe_record_get_name (record),
                              spec != NULL ? spec : _("no target"));
    }
  gtk_label_set_label (GTK_LABEL (self->confirm_targets), targets->str);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), targets->len > 0);
  gtk_widget_set_visible (self->confirm, targets->len > 0);
}

static void
probes_changed_cb (IcProbeDashboard *self)
{
  GListModel *probes = self->incident ? ic_store_get_probes (self->store, self->incident) : NULL;

  gtk_widget_set_visible (self->empty_label, probes == NULL || g_list_model_get_n_items (probes) == 0);
  update_offer (self);
  update_confirm (self);
}

static void
rebind (IcProbeDashboard *self)
{
  GListModel *probes = self->incident ? ic_store_get_probes (self->store, self->incident) : NULL;

  ic_probe_scheduler_stop (self->scheduler);
  flush_samples (self);
  g_hash_table_remove_all (self->cards);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), probes, create_card_cb, self, NULL);
  if (probes != NULL)
    g_signal_connect_object (probes, "items-changed", G_CALLBACK (probes_changed_cb), self,
                             G_CONNECT_SWAPPED);
  probes_changed_cb (self);
}

/* Adding ------------------------------------------------------------------------ */

/* Reads the form again (insensitive while the keyring was busy) and adds
 * the probe with @secret_ref. */
static gboolean
store_new_probe (IcProbeDashboard *self,
                 const char       *secret_ref)
{
  g_auto(IcProbeFormValues) values = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeRecord) record = NULL;

  if (self->incident == NULL || !ic_probe_form_read (&self->form, &values, &error))
    {
      show_error (self, error ? error->message : NULL);
      return FALSE;
    }
  values.checks.secret_ref = secret_ref;
  record = ic_store_add_probe_full (self->store, self->incident, values.kind,
                                    *values.name ? values.name : values.spec, values.spec,
                                    values.interval_ms, 5000, &values.checks, &error);
  if (record == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  for (guint i = 0; i < IC_PROBE_N_FIELDS; i++)
    if (i == IC_PROBE_FIELD_NAME || i == IC_PROBE_FIELD_SPEC || i == IC_PROBE_FIELD_PASSWORD)
      gtk_editable_set_text (GTK_EDITABLE (self->form.entries[i]), "");
  return TRUE;
}

/* The add form's line and its More Options, while the keyring is busy. */
static void
set_form_sensitive (IcProbeDashboard *self,
                    gboolean          sensitive)
{
  gtk_widget_set_sensitive (self->form.more, sensitive);
  gtk_widget_set_sensitive (gtk_widget_get_parent (self->form.entries[IC_PROBE_FIELD_SPEC]),
                            sensitive);
}

static void
new_secrets_kept_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(IcProbeDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = ic_probe_form_keep_secrets_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->adding);
  set_form_sensitive (self, TRUE);
  if (error != NULL)
    show_error (self, error->message);
  else if (!store_new_probe (self, ref))
    forget_password (self, ref);
}

static void
add_probe (IcProbeDashboard *self)
{
  g_auto(IcProbeFormValues) values = { 0 };
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL || self->adding != NULL)
    return;
  if (!ic_probe_form_read (&self->form, &values, &error))
    {
      show_error (self, error->message);
      return;
    }
  if (!ic_probe_form_values_has_secrets (&values))
    {
      store_new_probe (self, NULL);
      return;
    }
  /* The secrets go to the keyring first: a probe is only stored with a
   * reference that leads somewhere. */
  self->adding = g_cancellable_new ();
  set_form_sensitive (self, FALSE);
  ic_probe_form_keep_secrets_async (NULL, &values, self->adding, new_secrets_kept_cb,
                                    g_object_ref (self));
}

/* "probes.set-condition" (text): fills the JSON condition field, as typing would. */
static void
set_condition_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->form.entries[IC_PROBE_FIELD_CONDITION]),
                         g_variant_get_string (parameter, NULL));
}

/* "probes.attach" (probe id, hypothesis id, "for"|"against") */
static void
attach_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  GListModel *hypotheses = self->incident ? ic_store_get_hypotheses (self->store, self->incident)
                                          : NULL;
  gint64 probe_id = 0, hypothesis_id = 0;
  const char *stance_str = NULL;
  IcStance stance;
  Card *card;

  g_variant_get (parameter, "(xx&s)", &probe_id, &hypothesis_id, &stance_str);
  card = g_hash_table_lookup (self->cards, &probe_id);
  if (card == NULL || !ic_stance_from_string (stance_str, &stance))
    return;
  for (guint i = 0; hypotheses != NULL && i < g_list_model_get_n_items (hypotheses); i++)
    {
      g_autoptr(IcHypothesis) hypothesis = g_list_model_get_item (hypotheses, i);

      if (ic_hypothesis_get_id (hypothesis) == hypothesis_id)
        attach (self, card, hypothesis, stance);
    }
}

static void
add_action (GtkWidget  *widget,
            const char *name,
            GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  const char *probe_name = NULL, *spec = NULL;
  int interval = 10;

  g_variant_get (parameter, "(&s&si)", &probe_name, &spec, &interval);
  gtk_editable_set_text (GTK_EDITABLE (self->form.entries[IC_PROBE_FIELD_NAME]), probe_name);
  gtk_editable_set_text (GTK_EDITABLE (self->form.entries[IC_PROBE_FIELD_SPEC]), spec);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->form.interval_spin), interval);
  add_probe (self);
}

/* "probes.keep" (probe id, keep): as the card's bookmark toggle. */
static void
keep_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  gint64 id = 0;
  gboolean wanted = FALSE;
  Card *card;

  g_variant_get (parameter, "(xb)", &id, &wanted);
  card = g_hash_table_lookup (self->cards, &id);
  if (card != NULL)
    keep (self, card, wanted);
}

/* "probes.use-kept": adds the service's kept probes this incident lacks. */
static void
use_kept_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  ic_store_use_service_probes (self->store, self->incident, &error);
  show_error (self, error ? error->message : NULL);
  update_offer (self);
}

/* "probes.confirm": the user has read the targets of the probes that came
 * from a file and starts them. */
static void
confirm_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;
  ic_store_confirm_probes (self->store, self->incident, &error);
  show_error (self, error ? error->message : NULL);
  update_confirm (self);
}

/* Editing ------------------------------------------------------------------------ */

/* "probes.open-editor" (probe id): as the card's Edit button. */
static void
open_editor_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  gint64 id = g_variant_get_int64 (parameter);
  Card *card = g_hash_table_lookup (self->cards, &id);

  if (card != NULL)
    open_editor (self, card->record);
}

/* "probes.edit" (probe id, name, target, interval in seconds): fills the
 * probe's editor, opening it if needed, and presses Save; an invalid value
 * leaves the editor open with its error. */
static void
edit_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (widget);
  const char *probe_name = NULL, *spec = NULL;
  gint64 id = 0;
  int interval = 10;
  Card *card;

  g_variant_get (parameter, "(x&s&si)", &id, &probe_name, &spec, &interval);
  card = g_hash_table_lookup (self->cards, &id);
  if (card == NULL)
    return;
  if (self->editor == NULL
      || ic_probe_editor_get_record (IC_PROBE_EDITOR (self->editor)) != card->record)
    open_editor (self, card->record);
  ic_probe_editor_set_target (IC_PROBE_EDITOR (self->editor), probe_name, spec, interval);
  ic_probe_editor_save (IC_PROBE_EDITOR (self->editor));
}

/* GObject ------------------------------------------------------------------------ */

static void
ic_probe_dashboard_dispose (GObject *object)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (object);

  if (self->scheduler != NULL)
    ic_probe_scheduler_stop (self->scheduler);
  if (self->pending_samples != NULL)
    flush_samples (self);
  g_clear_pointer (&self->pending_records, g_ptr_array_unref);
  g_clear_pointer (&self->pending_samples, g_ptr_array_unref);
  g_cancellable_cancel (self->adding);
  g_clear_object (&self->adding);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_PROBE_DASHBOARD);
  if (self->editor != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
      gtk_window_destroy (GTK_WINDOW (self->editor));
      self->editor = NULL;
    }
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_probe_dashboard_parent_class)->dispose (object);
}

static void
ic_probe_dashboard_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (object);

  if (prop_id == PROP_STORE)
    g_value_set_object (value, self->store);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_probe_dashboard_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IcProbeDashboard *self = IC_PROBE_DASHBOARD (object);

  if (prop_id == PROP_STORE)
    g_set_object (&self->store, g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_probe_dashboard_class_init (IcProbeDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_probe_dashboard_dispose;
  object_class->get_property = ic_probe_dashboard_get_property;
  object_class->set_property = ic_probe_dashboard_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "probes.add", "(ssi)", add_action);
  gtk_widget_class_install_action (widget_class, "probes.attach", "(xxs)", attach_action);
  gtk_widget_class_install_action (widget_class, "probes.open-editor", "x", open_editor_action);
  gtk_widget_class_install_action (widget_class, "probes.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "probes.edit", "(xssi)", edit_action);
  gtk_widget_class_install_action (widget_class, "probes.keep", "(xb)", keep_action);
  gtk_widget_class_install_action (widget_class, "probes.use-kept", NULL, use_kept_action);
  gtk_widget_class_install_action (widget_class, "probes.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "probes.set-condition", "s",
                                   set_condition_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "probe-dashboard");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-probe-dashboard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcProbeDashboard, name)
  BIND (scrolled);
  BIND (form_box);
  BIND (form_line);
  BIND (notice);
  BIND (error_label);
  BIND (list);
  BIND (empty_label);
  BIND (offer);
  BIND (offer_label);
  BIND (confirm);
  BIND (confirm_targets);
#undef BIND
  gtk_widget_class_bind_template_child_full (
    widget_class, "name_entry", FALSE,
    G_STRUCT_OFFSET (IcProbeDashboard, form) + G_STRUCT_OFFSET (IcProbeForm, entries)
      + IC_PROBE_FIELD_NAME * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child_full (
    widget_class, "spec_entry", FALSE,
    G_STRUCT_OFFSET (IcProbeDashboard, form) + G_STRUCT_OFFSET (IcProbeForm, entries)
      + IC_PROBE_FIELD_SPEC * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child_full (
    widget_class, "interval_spin", FALSE,
    G_STRUCT_OFFSET (IcProbeDashboard, form) + G_STRUCT_OFFSET (IcProbeForm, interval_spin));
  gtk_widget_class_bind_template_callback (widget_class, add_probe);
}

static void
ic_probe_dashboard_init (IcProbeDashboard *self)
{
  self->cards = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) card_free);
  self->pending_records = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_stored_sample_free);
  self->scheduler = ic_probe_scheduler_new (CHECKS_IN_FLIGHT);
  g_signal_connect_object (self->scheduler, "sample", G_CALLBACK (sample_cb), self, 0);
  g_signal_connect_object (self->scheduler, "state-changed", G_CALLBACK (state_changed_cb), self,
                           0);
  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  /* The form's further fields (method, headers, thresholds, …), as the
   * editor has them, between the first line and the error. */
  gtk_box_insert_child_after (GTK_BOX (self->form_box),
                              ic_probe_form_build_more (&self->form, FALSE), self->form_line);
}

GtkWidget *
ic_probe_dashboard_new (IcStore *store)
{
  return g_object_new (IC_TYPE_PROBE_DASHBOARD, "store", store, NULL);
}

/**
 * ic_probe_dashboard_set_incident:
 *
 * Shows @incident's probes and starts checking them; the previous
 * incident's checks are cancelled.
 */
void
ic_probe_dashboard_set_incident (IcProbeDashboard *self,
                                 IcIncident       *incident)
{
  g_return_if_fail (IC_IS_PROBE_DASHBOARD (self));

  if (self->incident == incident)
    return;
  if (self->incident != NULL && ic_store_get_probes (self->store, self->incident) != NULL)
    g_signal_handlers_disconnect_by_func (ic_store_get_probes (self->store, self->incident),
                                          probes_changed_cb, self);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, refresh_kept, self);
  g_set_object (&self->incident, incident);
  /* Another service keeps other probes. */
  if (incident != NULL)
    g_signal_connect_object (incident, "notify::service", G_CALLBACK (refresh_kept), self,
                             G_CONNECT_SWAPPED);
  show_error (self, NULL);
  rebind (self);
}

void
ic_probe_dashboard_set_hypotheses_ready (IcProbeDashboard *self,
                                         gboolean          ready)
{
  g_return_if_fail (IC_IS_PROBE_DASHBOARD (self));
  gtk_widget_set_visible (self->notice, !ready);
}

const char *
ic_probe_dashboard_get_error_text (IcProbeDashboard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_DASHBOARD (self), NULL);
  return gtk_widget_get_visible (self->error_label)
           ? gtk_label_get_label (GTK_LABEL (self->error_label)) : NULL;
}

/**
 * ic_probe_dashboard_get_editor:
 *
 * Returns: (transfer none) (nullable): the open #IcProbeEditor
 */
GtkWidget *
ic_probe_dashboard_get_editor (IcProbeDashboard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_DASHBOARD (self), NULL);
  return self->editor;
}

/**
 * ic_probe_dashboard_get_offer_text:
 *
 * Returns: (nullable): the offer of the service's kept probes, while shown
 */
const char *
ic_probe_dashboard_get_offer_text (IcProbeDashboard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_DASHBOARD (self), NULL);

  return gtk_widget_get_visible (self->offer) ? gtk_label_get_label (GTK_LABEL (self->offer_label))
                                              : NULL;
}

/**
 * ic_probe_dashboard_get_confirm_text:
 *
 * Returns: (nullable): the targets listed under "This incident came from a
 *   file: start its probes?", one probe a line, while it is shown
 */
const char *
ic_probe_dashboard_get_confirm_text (IcProbeDashboard *self)
{
  g_return_val_if_fail (IC_IS_PROBE_DASHBOARD (self), NULL);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->confirm))
           ? gtk_label_get_label (GTK_LABEL (self->confirm_targets)) : NULL;
}
