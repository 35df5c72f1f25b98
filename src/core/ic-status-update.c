/* ic-status-update.c — one-line status updates, reminders and incident metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-status-update"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-status-update.h"
#include "ic-store-private.h"

/* "elevated 500s on checkout." → "elevated 500s on checkout": the template
 * adds its own full stops. */
static char *
clean_clause (const char *text)
{
  char *clean = g_strstrip (g_strdup (text ? text : ""));
  gsize len = strlen (clean);

  while (len > 0 && (clean[len - 1] == '.' || clean[len - 1] == ' '))
    clean[--len] = '\0';
  return clean;
}

static char *
capitalize (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  g_autofree char *rest = g_strdup (g_utf8_next_char (text));
  char upper[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_toupper (first), upper);
  return g_strconcat (upper, rest, NULL);
}

/**
 * ic_status_update_format:
 * @status: the status the update announces
 * @what_we_see: e.g. "elevated 500s on checkout"
 * @action: the action being taken, e.g. "rolling back deploy v1.2.3"
 * @next_update_minutes: when the next update comes (> 0)
 *
 * Builds the one line: "Investigating elevated 500s on checkout. Rolling
 * back deploy v1.2.3. Next update in 3 min." — plain words, no emoji, no
 * apologies.
 *
 * Returns: (transfer full) (nullable): the line, or %NULL with an error
 *   saying which part is missing
 */
char *
ic_status_update_format (IcIncidentStatus   status,
                         const char        *what_we_see,
                         const char        *action,
                         int                next_update_minutes,
                         GError           **error)
{
  g_autofree char *what = clean_clause (what_we_see);
  g_autofree char *act = clean_clause (action);
  g_autofree char *act_cap = NULL;

  if (ic_incident_status_to_string (status) == NULL)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Unknown status for an update"));
      return NULL;
    }
  if (*what == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Say what we see, e.g. elevated 500s on checkout"));
      return NULL;
    }
  if (*act == '\0')
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Say the action we are taking, e.g. rolling back deploy v1.2.3"));
      return NULL;
    }
  if (next_update_minutes <= 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("The next update needs a time: a number of minutes above 0"));
      return NULL;
    }
  act_cap = capitalize (act);
  /* Translators: a status update: "<Status> <what we see>. <Action>. Next update in N min." */
  return g_strdup_printf (_("%s %s. %s. Next update in %d min."),
                          ic_incident_status_get_label (status), what, act_cap,
                          next_update_minutes);
}

/**
 * ic_store_add_status_update:
 * @message: (out) (optional): the line that was recorded
 *
 * Records an update: the line, the timeline entry, the next update time
 * (for the reminder), and the incident's status follows the update's.
 *
 * Returns: the update's id, or 0 with @error set
 */
gint64
ic_store_add_status_update (IcStore           *self,
                            IcIncident        *incident,
                            IcIncidentStatus   status,
                            const char        *what_we_see,
                            const char        *action,
                            int                next_update_minutes,
                            char             **message,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *line = NULL;
  g_autofree char *what = clean_clause (what_we_see);
  g_autofree char *act = clean_clause (action);
  gint64 now, id;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);

  line = ic_status_update_format (status, what_we_see, action, next_update_minutes, error);
  if (line == NULL || !_ic_store_check_incident (self, incident, error))
    return 0;
  now = ic_clock_get_now (self->clock);
  stmt = _ic_store_prepare (self, "INSERT INTO status_updates (incident_id, status, what_we_see,"
                            " action, next_update_minutes, next_update_at, message, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  sqlite3_bind_text (stmt, 2, ic_incident_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, what, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, act, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, next_update_minutes);
  sqlite3_bind_int64 (stmt, 6, now + (gint64) next_update_minutes * 60 * G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 7, line, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, now);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot record a status update in"));
      return 0;
    }
  id = sqlite3_last_insert_rowid (self->db);
  _ic_store_record_event (self, incident, "status-update", line, NULL);
  ic_incident_set_status (incident, status);
  if (!ic_store_flush (self, error))
    return 0;
  if (message != NULL)
    *message = g_steal_pointer (&line);
  return id;
}

/**
 * ic_store_get_next_update_at:
 *
 * Returns: when the latest update promised the next one, or 0
 */
gint64
ic_store_get_next_update_at (IcStore    *self,
                             IcIncident *incident)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IC_IS_STORE (self), 0);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), 0);

  if (self->db == NULL)
    return 0;
  stmt = _ic_store_prepare (self, "SELECT next_update_at FROM status_updates WHERE incident_id = ?1"
                            " ORDER BY created_at DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * ic_store_snooze_update:
 * @minutes: how long to wait before reminding again (1, 3, 5 …)
 *
 * Moves the next update's time to now + @minutes; recorded on the
 * timeline.
 */
gboolean
ic_store_snooze_update (IcStore     *self,
                        IcIncident  *incident,
                        int          minutes,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  int rc;

  g_return_val_if_fail (IC_IS_STORE (self), FALSE);
  g_return_val_if_fail (IC_IS_INCIDENT (incident), FALSE);

  if (minutes <= 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID,
                           _("Snooze for a number of minutes above 0"));
      return FALSE;
    }
  if (!_ic_store_check_incident (self, incident, error))
    return FALSE;
  stmt = _ic_store_prepare (self, "UPDATE status_updates SET next_update_at = ?1 WHERE id ="
                            " (SELECT id FROM status_updates WHERE incident_id = ?2"
                            "  ORDER BY created_at DESC, id DESC LIMIT 1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ic_clock_get_now (self->clock)
                               + (gint64) minutes * 60 * G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, ic_incident_get_id (incident));
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _ic_store_set_error (error, self, rc, _("Cannot snooze the reminder in"));
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND,
                           _("There is no status update to remind of"));
      return FALSE;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Status update reminder snoozed for %d "
                                       "minute", "Status update reminder snoozed for %d minutes",
                                       (gulong) minutes), minutes);
  _ic_store_record_event (self, incident, "status-reminder", text, NULL);
  return TRUE;
}

/**
 * ic_store_get_metrics:
 *
 * Fills @metrics: time since the alert, and from the alert to the first
 * hypothesis, to mitigation and to resolution (-1 where not reached).
 */
void
ic_store_get_metrics (IcStore           *self,
                      IcIncident        *incident,
                      IcIncidentMetrics *metrics)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 alert, mitigated = 0, resolved = 0;

  g_return_if_fail (IC_IS_STORE (self));
  g_return_if_fail (IC_IS_INCIDENT (incident));
  g_return_if_fail (metrics != NULL);

  alert = ic_incident_get_alert_time (incident);
  g_object_get (incident, "mitigated-at", &mitigated, "resolved-at", &resolved, NULL);
  metrics->since_alert = ic_clock_get_now (self->clock) - alert;
  metrics->to_mitigation = mitigated != 0 ? mitigated - alert : -1;
  metrics->to_resolution = resolved != 0 ? resolved - alert : -1;
  metrics->to_first_hypothesis = -1;
  if (self->db == NULL)
    return;
  stmt = _ic_store_prepare (self, "SELECT min(created_at) FROM hypotheses WHERE incident_id = ?1",
                            NULL);
  sqlite3_bind_int64 (stmt, 1, ic_incident_get_id (incident));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    metrics->to_first_hypothesis = sqlite3_column_int64 (stmt, 0) - alert;
}
