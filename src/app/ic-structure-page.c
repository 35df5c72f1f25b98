/* ic-structure-page.c — the three facts and what changed in the last hour
 *
 * The page is walked by keyboard: it starts on "What is alerting?" (the
 * title, selected so that typing replaces it), Enter commits a field and
 * moves to the next one (an empty one is passed the same way), choosing
 * from a list moves on too, and Ctrl+Enter anywhere ends the step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-structure-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ic-accessible.h"
#include "ic-change-row.h"
#include "ic-change-reader.h"
#include "ic-structure-page.h"
#include "ic-time-input.h"

struct _IcStructurePage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore    *store;
  IcIncident *incident;
  GHashTable *recorded;   /* fact name → last text recorded on the timeline */
  IcChangeReader *reader; /* the changes read from the service's sources */

  /* Template widgets */
  AdwEntryRow   *title_row;
  AdwEntryRow   *alert_time_row;
  GtkLabel      *alert_time_ago;
  AdwEntryRow   *good_text_row;
  AdwEntryRow   *good_time_row;
  GtkLabel      *good_time_ago;
  AdwComboRow   *scope_row;
  AdwEntryRow   *region_row;
  AdwEntryRow   *zone_row;
  AdwComboRow   *path_row;
  AdwEntryRow   *percent_row;
  AdwEntryRow   *services_row;
  AdwEntryRow   *radius_row;
  AdwEntryRow   *error_rate_row;
  GtkListBox    *changes_list;
  GtkLabel      *sources_label;
  AdwComboRow   *change_kind_row;
  AdwEntryRow   *change_description_row;
  AdwEntryRow   *change_time_row;
  GtkSwitch     *change_reversible_switch;
  GtkLabel      *change_error_label;
  GtkWidget     *done_button;

  GtkWidget     *chosen_in;   /* a list chosen from, until it has the focus back */
  guint          title_settle_id;  /* the title typed, not yet the incident's */
  guint          title_tick_id;    /* the keyboard moved on: the title at the next frame */
  gboolean       title_ticked;     /* the frame that shows it moved has begun */
  gboolean       updating;
};

/* A title being typed becomes the incident's when the typing pauses this
 * long; when the keyboard moves on from the row (Enter, Tab), right after
 * the frame that shows it moved (settle_title_soon()); at once when it is
 * committed otherwise (Ctrl+Enter, another incident, the page unmapped).
 * The title shows in the header, the window's title and the sidebar row,
 * each laid out again at every key before: 17.9-19.2 ms a key, 13.9-17.0
 * ms since (bench-first-minutes, alternated runs). */
#define TITLE_SETTLE_MS 250

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const blast_paths[] = { "", "read", "write", "both" };

G_DEFINE_FINAL_TYPE (IcStructurePage, ic_structure_page, GTK_TYPE_WIDGET)

static gint64
now (IcStructurePage *self)
{
  return ic_clock_get_now (ic_store_get_clock (self->store));
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));

  return *clean == '\0';
}

static void
set_row_error (AdwEntryRow *row,
               const char  *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Records "Fact set: …" on the timeline, once per distinct value. */
static void
record_fact (IcStructurePage *self,
             const char      *fact,
             const char      *label,
             const char      *value)
{
  g_autofree char *text = NULL;
  IcTimelineEvent *event;

  if (self->incident == NULL || value == NULL
      || g_strcmp0 (g_hash_table_lookup (self->recorded, fact), value) == 0)
    return;
  g_hash_table_insert (self->recorded, g_strdup (fact), g_strdup (value));
  /* Translators: a timeline entry, e.g. "Blast radius — Region: eu-west-1" */
  text = *value != '\0' ? g_strdup_printf (_("%s: %s"), label, value)
                        : g_strdup_printf (_("%s cleared"), label);
  event = ic_store_add_timeline_event (self->store, self->incident, "fact", text, fact, NULL);
  g_clear_object (&event);
}

static void
set_time_row (AdwEntryRow *row,
              GtkLabel    *ago,
              gint64       time,
              gint64       now_us)
{
  g_autofree char *local = NULL;
  g_autofree char *ago_text = NULL;

  if (time == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (row), "");
      gtk_label_set_label (ago, "");
      return;
    }
  local = ic_time_format_local (time, now_us, NULL);
  ago_text = ic_time_format_ago (time, now_us);
  gtk_editable_set_text (GTK_EDITABLE (row), local);
  gtk_label_set_label (ago, ago_text);
}

static void
set_percent_row (AdwEntryRow *row,
                 double       value)
{
  g_autofree char *text = value >= 0 ? g_strdup_printf ("%g", value) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
load_incident (IcStructurePage *self)
{
  g_autofree char *good = NULL, *radius = NULL, *region = NULL, *zone = NULL;
  g_autofree char *path = NULL, *services = NULL;
  gint64 good_at = 0;
  double percent = -1, error_rate = -1;
  int scope = 0;

  if (self->incident == NULL)
    return;
  g_object_get (self->incident, "last-known-good", &good, "last-known-good-at", &good_at,
                "blast-scope", &scope, "blast-radius", &radius, "blast-region", &region,
                "blast-zone", &zone, "blast-path", &path, "blast-percent", &percent,
                "affected-services", &services, "error-rate", &error_rate, NULL);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), ic_incident_get_title (self->incident));
  set_time_row (self->alert_time_row, self->alert_time_ago,
                ic_incident_get_alert_time (self->incident), now (self));
  gtk_editable_set_text (GTK_EDITABLE (self->good_text_row), good);
  set_time_row (self->good_time_row, self->good_time_ago, good_at, now (self));
  adw_combo_row_set_selected (self->scope_row, (guint) scope);
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), region);
  gtk_editable_set_text (GTK_EDITABLE (self->zone_row), zone);
  adw_combo_row_set_selected (self->path_row, 0);
  for (guint i = 0; i < G_N_ELEMENTS (blast_paths); i++)
    if (g_strcmp0 (path, blast_paths[i]) == 0)
      adw_combo_row_set_selected (self->path_row, i);
  set_percent_row (self->percent_row, percent);
  gtk_editable_set_text (GTK_EDITABLE (self->services_row), services);
  gtk_editable_set_text (GTK_EDITABLE (self->radius_row), radius);
  set_percent_row (self->error_rate_row, error_rate >= 0 ? error_rate * 100.0 : -1);
  self->updating = FALSE;
}

/* The title typed becomes the incident's, if it has not yet. A blank row
 * keeps the last title (ic_incident_set_title()). */
static void
apply_title (IcStructurePage *self)
{
  if (self->incident != NULL)
    ic_incident_set_title (self->incident,
                           gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
}

static void stop_title_tick (IcStructurePage *self);

static void
commit_title (IcStructurePage *self)
{
  if (self->title_settle_id == 0 && self->title_tick_id == 0)
    return;
  g_clear_handle_id (&self->title_settle_id, g_source_remove);
  stop_title_tick (self);
  apply_title (self);
}

static gboolean
title_settled_cb (gpointer user_data)
{
  IcStructurePage *self = user_data;

  self->title_settle_id = 0;
  apply_title (self);
  return G_SOURCE_REMOVE;
}

/* The keyboard moved on from the title (Enter, Tab): the title becomes the
 * incident's at the next frame's start, after the frame that shows the
 * focus moved. In that frame, the header, the window's title and the
 * sidebar row changed with the two fields, so GTK drew the whole window
 * again. The title step's keys (the typing, its Enter) were 21.5 -> 16.7
 * ms (wall) and 16.3 -> 12.7 ms (the main thread's CPU time), medians of 3
 * alternated runs of 20 walks of bench-first-minutes. The title's own
 * frame, next, redraws the header and the row only. (An idle would wait
 * behind the frames of the cursor's blinking.) */
static gboolean
title_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (widget);

  /* The first tick is the frame that shows the focus moved. */
  if (!self->title_ticked)
    {
      self->title_ticked = TRUE;
      return G_SOURCE_CONTINUE;
    }
  self->title_tick_id = 0;
  apply_title (self);
  return G_SOURCE_REMOVE;
}

static void
settle_title_soon (IcStructurePage *self)
{
  if (self->title_settle_id == 0)
    return;
  g_clear_handle_id (&self->title_settle_id, g_source_remove);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      apply_title (self);
      return;
    }
  self->title_ticked = FALSE;
  self->title_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), title_tick_cb, NULL,
                                                      NULL);
}

static void
stop_title_tick (IcStructurePage *self)
{
  if (self->title_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->title_tick_id);
  self->title_tick_id = 0;
}

static void
title_changed_cb (IcStructurePage *self)
{
  if (self->updating || self->incident == NULL)
    return;
  g_clear_handle_id (&self->title_settle_id, g_source_remove);
  stop_title_tick (self);
  self->title_settle_id = g_timeout_add (TITLE_SETTLE_MS, title_settled_cb, self);
}

/* The title set elsewhere (the Details page) shows here, unless it is
 * being typed here. */
static void
title_notify_cb (IcStructurePage *self)
{
  if (self->incident == NULL
      || gtk_widget_get_state_flags (GTK_WIDGET (self->title_row)) & GTK_STATE_FLAG_FOCUS_WITHIN)
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), ic_incident_get_title (self->incident));
  self->updating = FALSE;
}

/* Parses a time row; on success stores it with @setter and returns TRUE. */
static gboolean
apply_time_row (IcStructurePage *self,
                AdwEntryRow     *row,
                GtkLabel        *ago,
                const char      *property,
                const char      *label)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gint64 t;

  if (self->incident == NULL)
    return FALSE;
  /* Emptied: nothing to change; the row shows what is stored. */
  if (is_blank (text))
    {
      set_row_error (row, NULL);
      g_object_get (self->incident, property, &t, NULL);
      self->updating = TRUE;
      set_time_row (row, ago, t, now (self));
      self->updating = FALSE;
      return TRUE;
    }
  t = ic_time_input_parse (text, now (self), NULL, &error);
  if (t == 0)
    {
      set_row_error (row, error->message);
      return FALSE;
    }
  set_row_error (row, NULL);
  g_object_set (self->incident, property, t, NULL);
  self->updating = TRUE;
  set_time_row (row, ago, t, now (self));
  self->updating = FALSE;
  record_fact (self, property, label, gtk_editable_get_text (GTK_EDITABLE (row)));
  return TRUE;
}

static void
alert_time_apply_cb (IcStructurePage *self)
{
  apply_time_row (self, self->alert_time_row, self->alert_time_ago, "alert-time",
                  _("Alert time"));
}

static void
good_time_apply_cb (IcStructurePage *self)
{
  apply_time_row (self, self->good_time_row, self->good_time_ago, "last-known-good-at",
                  _("Last known good at"));
}

static void
good_text_changed_cb (IcStructurePage *self)
{
  if (self->updating || self->incident == NULL)
    return;
  g_object_set (self->incident, "last-known-good",
                gtk_editable_get_text (GTK_EDITABLE (self->good_text_row)), NULL);
}

typedef struct
{
  const char *property;
  const char *label;
} TextFact;

static gboolean
text_fact_for_row (IcStructurePage *self,
                   AdwEntryRow     *row,
                   TextFact        *fact)
{
  if (row == self->good_text_row)
    *fact = (TextFact) { "last-known-good", _("Last known good") };
  else if (row == self->region_row)
    *fact = (TextFact) { "blast-region", _("Blast radius — region") };
  else if (row == self->zone_row)
    *fact = (TextFact) { "blast-zone", _("Blast radius — availability zone") };
  else if (row == self->services_row)
    *fact = (TextFact) { "affected-services", _("Affected services") };
  else if (row == self->radius_row)
    *fact = (TextFact) { "blast-radius", _("Blast radius") };
  else
    return FALSE;
  return TRUE;
}

static void
blast_text_changed_cb (IcStructurePage *self,
                       AdwEntryRow     *row)
{
  TextFact fact;

  if (self->updating || self->incident == NULL || !text_fact_for_row (self, row, &fact))
    return;
  g_object_set (self->incident, fact.property, gtk_editable_get_text (GTK_EDITABLE (row)), NULL);
}

/* Enter or leaving a text row: the fact is "set" — record it once. */
static void
fact_committed_cb (IcStructurePage *self,
                   AdwEntryRow     *row)
{
  g_autofree char *clean = NULL;
  TextFact fact;

  if (self->incident == NULL || !text_fact_for_row (self, row, &fact))
    return;
  clean = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (*clean == '\0' && !g_hash_table_contains (self->recorded, fact.property))
    return;
  record_fact (self, fact.property, fact.label, clean);
}

static void
row_focus_leave_cb (GtkEventControllerFocus *controller,
                    IcStructurePage         *self)
{
  fact_committed_cb (self, ADW_ENTRY_ROW (gtk_event_controller_get_widget (
                             GTK_EVENT_CONTROLLER (controller))));
}

static void
update_subset_rows (IcStructurePage *self)
{
  gboolean subset = adw_combo_row_get_selected (self->scope_row) == IC_BLAST_SCOPE_SUBSET;

  gtk_widget_set_sensitive (GTK_WIDGET (self->region_row), subset);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zone_row), subset);
  gtk_widget_set_sensitive (GTK_WIDGET (self->path_row), subset);
  gtk_widget_set_sensitive (GTK_WIDGET (self->percent_row), subset);
}

static void
scope_changed_cb (IcStructurePage *self)
{
  guint selected = adw_combo_row_get_selected (self->scope_row);
  g_autoptr(GObject) item = adw_combo_row_get_selected_item (self->scope_row)
                              ? g_object_ref (adw_combo_row_get_selected_item (self->scope_row))
                              : NULL;

  update_subset_rows (self);
  if (self->updating || self->incident == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  g_object_set (self->incident, "blast-scope", (int) selected, NULL);
  if (item != NULL)
    record_fact (self, "blast-scope", _("Who is affected"),
                 gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
}

static void
path_changed_cb (IcStructurePage *self)
{
  guint selected = adw_combo_row_get_selected (self->path_row);
  GObject *item = adw_combo_row_get_selected_item (self->path_row);

  if (self->updating || self->incident == NULL || selected >= G_N_ELEMENTS (blast_paths))
    return;
  g_object_set (self->incident, "blast-path", blast_paths[selected], NULL);
  if (item != NULL)
    record_fact (self, "blast-path", _("Read or write path"),
                 gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
}

/* A percentage 0…100, or blank for "not known". */
static gboolean
parse_percent (const char *text,
               double     *value)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));
  char *end = NULL;
  size_t len = strlen (clean);

  if (len > 0 && clean[len - 1] == '%')
    clean[len - 1] = '\0';
  g_strstrip (clean);
  if (*clean == '\0')
    {
      *value = -1;
      return TRUE;
    }
  *value = g_ascii_strtod (clean, &end);
  return end != clean && *end == '\0' && *value >= 0 && *value <= 100;
}

static void
apply_percent (IcStructurePage *self,
               AdwEntryRow     *row,
               const char      *property,
               double           scale,
               const char      *label)
{
  double value = -1;

  if (self->incident == NULL)
    return;
  if (!parse_percent (gtk_editable_get_text (GTK_EDITABLE (row)), &value))
    {
      set_row_error (row, _("Enter a percentage between 0 and 100"));
      return;
    }
  set_row_error (row, NULL);
  g_object_set (self->incident, property, value < 0 ? -1.0 : value * scale, NULL);
  record_fact (self, property, label, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
percent_apply_cb (IcStructurePage *self)
{
  apply_percent (self, self->percent_row, "blast-percent", 1.0, _("Share of users affected (%)"));
}

static void
error_rate_apply_cb (IcStructurePage *self)
{
  apply_percent (self, self->error_rate_row, "error-rate", 0.01, _("Error rate (%)"));
}

/* Changes ---------------------------------------------------------------- */

/* "structure.remove-change" (change id): as a change row's Remove button. */
/* The change of the shown incident with @id, or %NULL (removed meanwhile). */
static IcChange *
find_change (IcStructurePage *self,
             gint64           id)
{
  GListModel *changes = self->incident ? ic_store_get_changes (self->store, self->incident)
                                       : NULL;

  for (guint i = 0; changes != NULL && i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(IcChange) change = g_list_model_get_item (changes, i);

      if (ic_change_get_id (change) == id)
        return change;  /* the store's list keeps it */
    }
  return NULL;
}

static void
remove_change_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (widget);
  IcChange *change = find_change (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;

  if (change != NULL && !ic_store_delete_change (self->store, change, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not remove the change: %s. It is kept."), error->message);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
    }
}

/* Any reversible change, not only the rollback candidate. */
static void
roll_back_change_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (widget);
  IcChange *change = find_change (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;

  if (change != NULL
      && !ic_store_roll_back_change (self->store, self->incident, change, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not record the rollback: %s"),
                                                  error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
    }
}

static GtkWidget *
create_change_row (gpointer item,
                   gpointer user_data)
{
  IcStructurePage *self = user_data;
  IcChange *change = item;
  gboolean candidate = self->incident != NULL
                       && ic_store_get_rollback_candidate (self->store, self->incident) == change;

  return ic_change_row_new (change, now (self), candidate);
}

static void
rebind_changes (IcStructurePage *self)
{
  GListModel *changes = NULL;

  if (self->incident != NULL)
    changes = ic_store_get_changes (self->store, self->incident);
  gtk_list_box_bind_model (self->changes_list, changes, create_change_row, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list),
                          changes != NULL && g_list_model_get_n_items (changes) > 0);
}

static void
changes_changed_cb (IcStructurePage *self)
{
  /* The candidate mark depends on every row: rebuild them all. */
  rebind_changes (self);
}

static void
add_change_cb (IcStructurePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChange) change = NULL;
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->change_description_row));
  const char *when = gtk_editable_get_text (GTK_EDITABLE (self->change_time_row));
  gint64 changed_at;

  if (self->incident == NULL)
    return;
  /* Nothing typed: Enter passes on to the end of the step. */
  if (is_blank (description) && *when == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), FALSE);
      gtk_widget_grab_focus (self->done_button);
      return;
    }
  changed_at = *when ? ic_time_input_parse (when, now (self), NULL, &error) : now (self);
  if (changed_at != 0)
    change = ic_store_add_change (self->store, self->incident,
                                  (IcChangeKind) adw_combo_row_get_selected (self->change_kind_row),
                                  description, changed_at,
                                  gtk_switch_get_active (self->change_reversible_switch), &error);
  if (change == NULL)
    {
      gtk_label_set_label (self->change_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->change_description_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->change_time_row), "");
  gtk_switch_set_active (self->change_reversible_switch, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->change_description_row));
}

static void
done_clicked_cb (IcStructurePage *self)
{
  IcTimelineEvent *event;
  gint64 completed = 0;

  if (self->incident == NULL)
    return;
  commit_title (self);
  g_object_get (self->incident, "structure-completed-at", &completed, NULL);
  if (completed == 0)
    {
      g_object_set (self->incident, "structure-completed-at", now (self), NULL);
      event = ic_store_add_timeline_event (self->store, self->incident, "structure",
                                           _("Structure step completed"), NULL, NULL);
      g_clear_object (&event);
    }
  g_signal_emit (self, signals[DONE], 0);
}

/* Walking the page by keyboard ------------------------------------------- */

/* The fields in the order Enter walks them; a row that is insensitive
 * (the subset's details, when all users are affected) is passed over. */
static GtkWidget *
next_field (IcStructurePage *self,
            GtkWidget       *from)
{
  GtkWidget *order[] = {
    GTK_WIDGET (self->title_row), GTK_WIDGET (self->alert_time_row),
    GTK_WIDGET (self->good_text_row), GTK_WIDGET (self->good_time_row),
    GTK_WIDGET (self->scope_row), GTK_WIDGET (self->region_row), GTK_WIDGET (self->zone_row),
    GTK_WIDGET (self->path_row), GTK_WIDGET (self->percent_row),
    GTK_WIDGET (self->services_row), GTK_WIDGET (self->radius_row),
    GTK_WIDGET (self->error_rate_row), GTK_WIDGET (self->change_description_row),
    self->done_button,
  };
  guint i = 0;

  while (i < G_N_ELEMENTS (order) && order[i] != from)
    i++;
  for (i++; i < G_N_ELEMENTS (order); i++)
    if (gtk_widget_is_sensitive (order[i]) && gtk_widget_get_visible (order[i]))
      return order[i];
  return NULL;
}

static void
move_on_from (IcStructurePage *self,
              GtkWidget       *from)
{
  GtkWidget *next = next_field (self, from);

  if (next != NULL)
    gtk_widget_grab_focus (next);
}

/* After the row's own handlers have committed (or refused) what it holds:
 * a refused value keeps the focus where it is, to be put right. */
static void
row_activated_cb (AdwEntryRow     *row,
                  IcStructurePage *self)
{
  if (row == self->title_row)
    settle_title_soon (self);
  if (!gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    move_on_from (self, GTK_WIDGET (row));
}

/* A choice made from a list by keyboard moves on like Enter, once the
 * list has closed and given the row its focus back (GTK does that after
 * the choice is made). */
static void
choice_made_cb (AdwComboRow     *row,
                GParamSpec      *pspec,
                IcStructurePage *self)
{
  if (self->updating || !(gtk_widget_get_state_flags (GTK_WIDGET (row))
                          & GTK_STATE_FLAG_FOCUS_WITHIN))
    return;
  self->chosen_in = GTK_WIDGET (row);
}

static gboolean
move_on_idle_cb (gpointer user_data)
{
  GtkWidget *row = user_data;
  GtkWidget *page = gtk_widget_get_ancestor (row, IC_TYPE_STRUCTURE_PAGE);

  if (page != NULL && gtk_widget_has_focus (row))
    move_on_from (IC_STRUCTURE_PAGE (page), row);
  return G_SOURCE_REMOVE;
}

static void
row_focus_is_cb (GtkEventControllerFocus *controller,
                 GParamSpec              *pspec,
                 IcStructurePage         *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (row != self->chosen_in || !gtk_event_controller_focus_is_focus (controller))
    return;
  self->chosen_in = NULL;
  /* Not while GTK is still giving the focus back. */
  g_idle_add_full (G_PRIORITY_DEFAULT, move_on_idle_cb, g_object_ref (row), g_object_unref);
}

/* "structure.done" (Ctrl+Enter): as the Done button. */
static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  done_clicked_cb (IC_STRUCTURE_PAGE (widget));
}

/* GObject ---------------------------------------------------------------- */

/* The reader of the service's change sources, its status under the list. */
static IcChangeReader *
ensure_reader (IcStructurePage *self)
{
  if (self->reader == NULL && self->store != NULL)
    {
      self->reader = ic_change_reader_new (self->store);
      g_object_bind_property (self->reader, "status", self->sources_label, "label",
                              G_BINDING_SYNC_CREATE);
    }
  return self->reader;
}

/* "structure.refresh-changes" (F5 through win.refresh-changes): the
 * sources read again. */
static void
refresh_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ic_structure_page_refresh_changes (IC_STRUCTURE_PAGE (widget));
}

/* A window closing, or the step leaving, unmaps the page while the
 * widgets around it are whole: a title still being typed is the
 * incident's from then on, and the header and sidebar still follow it. */
static void
ic_structure_page_unmap (GtkWidget *widget)
{
  commit_title (IC_STRUCTURE_PAGE (widget));
  GTK_WIDGET_CLASS (ic_structure_page_parent_class)->unmap (widget);
}

static void
ic_structure_page_dispose (GObject *object)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (object);
  GtkWidget *child;

  /* Typed into, it was mapped: unmapped since, it has no title pending.
   * A program's text is dropped here, not committed while the widgets
   * that show the title are going too. */
  g_clear_handle_id (&self->title_settle_id, g_source_remove);
  stop_title_tick (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), IC_TYPE_STRUCTURE_PAGE);
  /* A bin: the template's root is our only child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->reader);
  g_clear_object (&self->incident);
  g_clear_object (&self->store);
  g_clear_pointer (&self->recorded, g_hash_table_unref);

  G_OBJECT_CLASS (ic_structure_page_parent_class)->dispose (object);
}

static void
ic_structure_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_structure_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IcStructurePage *self = IC_STRUCTURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_structure_page_class_init (IcStructurePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ic_structure_page_dispose;
  widget_class->unmap = ic_structure_page_unmap;
  object_class->get_property = ic_structure_page_get_property;
  object_class->set_property = ic_structure_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, IC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IcStructurePage::done:
   *
   * The responder finished the step; its completion is recorded.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ic-structure-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, IcStructurePage, name)
  BIND (title_row);
  BIND (alert_time_row);
  BIND (alert_time_ago);
  BIND (good_text_row);
  BIND (good_time_row);
  BIND (good_time_ago);
  BIND (scope_row);
  BIND (region_row);
  BIND (zone_row);
  BIND (path_row);
  BIND (percent_row);
  BIND (services_row);
  BIND (radius_row);
  BIND (error_rate_row);
  BIND (changes_list);
  BIND (sources_label);
  BIND (change_kind_row);
  BIND (change_description_row);
  BIND (change_time_row);
  BIND (change_reversible_switch);
  BIND (change_error_label);
  BIND (done_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, alert_time_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, good_time_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, good_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, blast_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fact_committed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scope_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, percent_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_rate_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_change_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_install_action (widget_class, "structure.remove-change", "x",
                                   remove_change_action);
  gtk_widget_class_install_action (widget_class, "structure.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "structure.refresh-changes", NULL,
                                   refresh_changes_action);
  gtk_widget_class_install_action (widget_class, "structure.roll-back-change", "x",
                                   roll_back_change_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "structure.done", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "structure.done", NULL);
  g_type_ensure (IC_TYPE_CHANGE_ROW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ic_structure_page_init (IcStructurePage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  AdwEntryRow *text_rows[] = { NULL, NULL, NULL, NULL, NULL };
  AdwEntryRow *walked[10];
  AdwComboRow *lists[2];

  gtk_widget_init_template (GTK_WIDGET (self));
  ic_accessible_name_mnemonics (GTK_WIDGET (self));
  /* Enter moves on from each; the changes' rows add a change instead. */
  walked[0] = self->title_row;
  walked[1] = self->alert_time_row;
  walked[2] = self->good_text_row;
  walked[3] = self->good_time_row;
  walked[4] = self->region_row;
  walked[5] = self->zone_row;
  walked[6] = self->percent_row;
  walked[7] = self->services_row;
  walked[8] = self->radius_row;
  walked[9] = self->error_rate_row;
  lists[0] = self->scope_row;
  lists[1] = self->path_row;
  self->recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (IcChangeKind kind = IC_CHANGE_KIND_DEPLOY; kind <= IC_CHANGE_KIND_OTHER; kind++)
    gtk_string_list_append (kinds, ic_change_kind_get_label (kind));
  adw_combo_row_set_model (self->change_kind_row, G_LIST_MODEL (kinds));

  text_rows[0] = self->good_text_row;
  text_rows[1] = self->region_row;
  text_rows[2] = self->zone_row;
  text_rows[3] = self->services_row;
  text_rows[4] = self->radius_row;
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_object (focus, "leave", G_CALLBACK (settle_title_soon), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->title_row), focus);
  }
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_object (focus, "leave", G_CALLBACK (row_focus_leave_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (text_rows[i]), focus);
    }
  /* A row with an apply button takes Enter as "apply" when its text has
   * changed, and as "entry-activated" otherwise. */
  for (guint i = 0; i < G_N_ELEMENTS (walked); i++)
    {
      g_signal_connect_object (walked[i], "entry-activated", G_CALLBACK (row_activated_cb),
                               self, G_CONNECT_AFTER);
      if (adw_entry_row_get_show_apply_button (walked[i]))
        g_signal_connect_object (walked[i], "apply", G_CALLBACK (row_activated_cb), self,
                                 G_CONNECT_AFTER);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_object (lists[i], "notify::selected", G_CALLBACK (choice_made_cb), self,
                               G_CONNECT_AFTER);
      g_signal_connect_object (focus, "notify::is-focus", G_CALLBACK (row_focus_is_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (lists[i]), focus);
    }
  update_subset_rows (self);
}

GtkWidget *
ic_structure_page_new (IcStore *store)
{
  g_return_val_if_fail (IC_IS_STORE (store), NULL);
  return g_object_new (IC_TYPE_STRUCTURE_PAGE, "store", store, NULL);
}

void
ic_structure_page_set_incident (IcStructurePage *self,
                                IcIncident      *incident)
{
  GListModel *changes;

  g_return_if_fail (IC_IS_STRUCTURE_PAGE (self));

  if (self->incident == incident)
    return;
  commit_title (self);
  if (self->incident != NULL && (changes = ic_store_get_changes (self->store, self->incident)))
    g_signal_handlers_disconnect_by_func (changes, changes_changed_cb, self);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_func (self->incident, title_notify_cb, self);
  g_set_object (&self->incident, incident);
  if (incident != NULL)
    g_signal_connect_object (incident, "notify::title", G_CALLBACK (title_notify_cb), self,
                             G_CONNECT_SWAPPED);
  g_hash_table_remove_all (self->recorded);
  load_incident (self);
  rebind_changes (self);
  ic_change_reader_set_incident (ensure_reader (self), incident);
  if (incident != NULL && (changes = ic_store_get_changes (self->store, incident)))
    g_signal_connect_object (changes, "items-changed", G_CALLBACK (changes_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

/**
 * ic_structure_page_refresh_changes:
 *
 * Reads the incident's change sources again (off the main thread); what
 * is new joins the list, and the line under it says how the read went.
 */
void
ic_structure_page_refresh_changes (IcStructurePage *self)
{
  g_return_if_fail (IC_IS_STRUCTURE_PAGE (self));

  if (ensure_reader (self) != NULL)
    ic_change_reader_refresh (self->reader);
}

/**
 * ic_structure_page_get_change_reader:
 *
 * Returns: (transfer none) (nullable): what reads the change sources
 */
IcChangeReader *
ic_structure_page_get_change_reader (IcStructurePage *self)
{
  g_return_val_if_fail (IC_IS_STRUCTURE_PAGE (self), NULL);
  return ensure_reader (self);
}

IcIncident *
ic_structure_page_get_incident (IcStructurePage *self)
{
  g_return_val_if_fail (IC_IS_STRUCTURE_PAGE (self), NULL);
  return self->incident;
}

/**
 * ic_structure_page_focus_first:
 *
 * Puts the keyboard on the first field, "What is alerting?", its text
 * selected: typing replaces a title that came with the page, Enter keeps it.
 */
void
ic_structure_page_focus_first (IcStructurePage *self)
{
  g_return_if_fail (IC_IS_STRUCTURE_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  gtk_editable_select_region (GTK_EDITABLE (self->title_row), 0, -1);
}
