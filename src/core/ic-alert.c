/* ic-alert.c — an alert imported from a PagerDuty or Alertmanager webhook payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-alert"

#include "config.h"

#include "ic-enum-types.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-alert.h"
#include "ic-json.h"

/* How many values of one label the blast-radius line lists before "and N more". */
#define MAX_LISTED_VALUES 3

struct _IcAlert
{
  GObject parent_instance;

  IcAlertSource source;
  IcSeverity    severity;
  gint64        alert_time;
  guint         n_alerts;
  guint64       truncated_alerts;

  /* Owned */
  char         *title;
  char         *service;
  char         *dedup_key;
  char         *summary;
  char         *description;
  char         *raw_payload;
  GStrv         link_labels;
  GStrv         link_urls;
  GStrv         assignees;
  GStrv         hints[IC_ALERT_N_HINTS];
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_TITLE,
  PROP_SERVICE,
  PROP_SEVERITY,
  PROP_ALERT_TIME,
  PROP_DEDUP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcAlert, ic_alert, G_TYPE_OBJECT)

G_DEFINE_QUARK (ic-alert-error-quark, ic_alert_error)

/* The label names behind IcAlertHint, in enum order. */
static const char * const hint_labels[IC_ALERT_N_HINTS] = {
  "service", "job", "instance", "namespace", "cluster",
};

/* Parsing state that only lives while one payload is read. */
typedef struct
{
  GPtrArray *link_labels;
  GPtrArray *link_urls;
} Links;

/* Strings --------------------------------------------------------------- */

/* A copy of @str on one line: control characters become spaces and the
 * ends are trimmed.  Titles and services end up in one-line widgets. */
static char *
dup_one_line (const char *str)
{
  GString *out;

  if (str == NULL)
    return NULL;

  out = g_string_sized_new (strlen (str));
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
dup_trimmed (const char *str)
{
  char *copy;

  if (str == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (str));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static char *
join_path (const char *parent,
           const char *name)
{
  if (parent == NULL || parent[0] == '\0')
    return g_strdup (name);
  return g_strconcat (parent, ".", name, NULL);
}

/* Links are only kept when they are plain web addresses: anything else
 * (javascript:, file:, garbage) would end up clickable in the notes. */
static gboolean
is_web_url (const char *url)
{
  const char *scheme;

  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return FALSE;
  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return FALSE;
  scheme = g_uri_peek_scheme (url);
  return g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0;
}

static void
add_link (Links      *links,
          const char *label,
          const char *url)
{
  if (url == NULL || url[0] == '\0')
    return;
  if (!is_web_url (url))
    {
      g_debug ("Ignoring %s link that is not an http(s) URL", label);
      return;
    }
  g_ptr_array_add (links->link_labels, g_strdup (label));
  g_ptr_array_add (links->link_urls, g_strdup (url));
}

static GStrv
strv_from_ptr_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The distinct values of a string set, sorted, as a new GStrv. */
static GStrv
sorted_strv_from_set (GHashTable *set)
{
  GPtrArray *array = g_ptr_array_new_full (g_hash_table_size (set) + 1, NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (array, g_strdup (key));
  g_ptr_array_sort (array, compare_strings);
  return strv_from_ptr_array (array);
}

/* Errors and typed member access ---------------------------------------- */

/* Describes what a node holds, for "expected X, got Y" messages. */
static char *
describe_node (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return g_strdup (_("an object"));
    case JSON_NODE_ARRAY:
      return g_strdup (_("an array"));
    case JSON_NODE_NULL:
      return g_strdup (_("null"));
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (_("a boolean"));
  if (type == G_TYPE_STRING && g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *line = dup_one_line (json_node_get_string (node));

      if (line == NULL)
        return g_strdup (_("an empty string"));
      if (g_utf8_strlen (line, -1) > 40)
        {
          g_autofree char *cut = g_utf8_substring (line, 0, 40);

          return g_strdup_printf (_("“%s…”"), cut);
        }
      return g_strdup_printf (_("“%s”"), line);
    }
  if (type == G_TYPE_STRING)
    return g_strdup (_("a string"));
  return g_strdup (_("a number"));
}

static gboolean
set_wrong_type (GError     **error,
                const char  *parent,
                const char  *name,
                const char  *expected,
                JsonNode    *node)
{
  g_autofree char *path = join_path (parent, name);
  g_autofree char *got = describe_node (node);

  /* Translators: "alerts[2].startsAt: expected an RFC 3339 time, got a number" */
  g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_WRONG_TYPE, _("%s: expected %s, got %s"),
               path, expected, got);
  return FALSE;
}

static gboolean
set_missing (GError     **error,
             const char  *parent,
             const char  *name)
{
  g_autofree char *path = join_path (parent, name);

  /* Translators: %s is a JSON path such as "event.data.title" */
  g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_MISSING_FIELD, _("%s is missing"), path);
  return FALSE;
}

/* Looks @name up in @obj (which may be %NULL: an absent parent).  Absent and
 * JSON null members give %NULL in *@out; null is only an error when the
 * member is required.  @expected overrides "a string" in messages. */
static gboolean
get_string (JsonObject  *obj,
            const char  *parent,
            const char  *name,
            gboolean     required,
            const char  *expected,
            const char **out,
            GError     **error)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    return required ? set_missing (error, parent, name) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_wrong_type (error, parent, name, expected ? expected : _("a string"), node);

  /* json-glib turns a lone "\udc00" escape into invalid UTF-8. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *path = join_path (parent, name);

      g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_UTF8,
                   _("%s: the string decodes to invalid UTF-8"), path);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_object (JsonObject  *obj,
            const char  *parent,
            const char  *name,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    return required ? set_missing (error, parent, name) : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_wrong_type (error, parent, name, _("an object"), node);
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *obj,
           const char  *parent,
           const char  *name,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    return required ? set_missing (error, parent, name) : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_wrong_type (error, parent, name, _("an array"), node);
  *out = json_node_get_array (node);
  return TRUE;
}

/* A required time with an explicit offset or Z, as µs since the epoch. */
static gboolean
get_time (JsonObject  *obj,
          const char  *parent,
          const char  *name,
          const char  *expected,
          gint64      *out,
          GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  const char *str;

  if (!get_string (obj, parent, name, TRUE, expected, &str, error))
    return FALSE;
  /* A NULL default zone makes times without an offset fail, as they should. */
  time = g_date_time_new_from_iso8601 (str, NULL);
  if (time == NULL)
    return set_wrong_type (error, parent, name, expected, json_object_get_member (obj, name));
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* Checks an array element; @path already names it ("alerts[3]"). */
static gboolean
check_element_object (JsonNode    *node,
                      const char  *path,
                      GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  return set_wrong_type (error, NULL, path, _("an object"), node);
}

/* Pre-checks ------------------------------------------------------------ */

static gboolean
check_utf8 (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end = NULL;

  /* With an explicit length, NUL bytes fail validation too. */
  if (g_utf8_validate_len (data, length, &end))
    return TRUE;
  g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_UTF8,
               _("The alert payload is not valid UTF-8 text (invalid byte at offset %u)"),
               (guint) (end - data));
  return FALSE;
}

static gboolean
check_size (gsize    length,
            GError **error)
{
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;

  if (length <= IC_ALERT_MAX_PAYLOAD_SIZE)
    return TRUE;
  size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
  limit = g_format_size_full (IC_ALERT_MAX_PAYLOAD_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE,
               _("The alert payload is too large (%s; the limit is %s)"), size, limit);
  return FALSE;
}

/* On success *@root is the document (a null node for a bare "null"). */
static gboolean
parse_json (const char  *data,
            gsize        length,
            JsonNode   **root,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *root = ic_json_parse (data, (gssize) length, IC_JSON_MAX_DEPTH, &local_error);
  if (*root != NULL)
    return TRUE;
  if (g_error_matches (local_error, IC_JSON_ERROR, IC_JSON_ERROR_EMPTY))
    g_set_error_literal (error, IC_ALERT_ERROR, IC_ALERT_ERROR_INVALID_JSON,
                         _("The alert payload is empty"));
  else
    /* Translators: "The alert payload is not valid JSON: 3:15: Parse error: …" */
    g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_INVALID_JSON,
                 _("The alert payload is not valid JSON: %s"), local_error->message);
  return FALSE;
}

/* PagerDuty ------------------------------------------------------------- */

static IcSeverity
severity_from_pagerduty (const char *priority,
                         const char *urgency)
{
  static const struct { const char *name; IcSeverity severity; } priorities[] = {
    { "P1", IC_SEVERITY_SEV1 },
    { "P2", IC_SEVERITY_SEV2 },
    { "P3", IC_SEVERITY_SEV3 },
    { "P4", IC_SEVERITY_SEV4 },
    { "P5", IC_SEVERITY_SEV4 },
  };

  /* Accounts may rename priorities; unknown names fall back to the urgency. */
  for (guint i = 0; priority != NULL && i < G_N_ELEMENTS (priorities); i++)
    if (g_ascii_strcasecmp (priority, priorities[i].name) == 0)
      return priorities[i].severity;
  if (g_strcmp0 (urgency, "low") == 0)
    return IC_SEVERITY_SEV3;
  /* "high", and PagerDuty's default when the urgency is missing. */
  return IC_SEVERITY_SEV2;
}

static gboolean
parse_pagerduty_severity (IcAlert     *self,
                          JsonObject  *data,
                          GError     **error)
{
  JsonObject *priority;
  const char *priority_name;
  const char *urgency;

  if (!get_object (data, "event.data", "priority", FALSE, &priority, error)
      || !get_string (priority, "event.data.priority", "summary", FALSE, NULL, &priority_name,
                      error)
      || !get_string (data, "event.data", "urgency", FALSE, NULL, &urgency, error))
    return FALSE;
  self->severity = severity_from_pagerduty (priority_name, urgency);
  return TRUE;
}

static gboolean
parse_pagerduty_links (JsonObject  *data,
                       Links       *links,
                       GError     **error)
{
  JsonObject *bridge;
  const char *html_url;
  const char *conference_url;

  if (!get_string (data, "event.data", "html_url", FALSE, NULL, &html_url, error)
      || !get_object (data, "event.data", "conference_bridge", FALSE, &bridge, error)
      || !get_string (bridge, "event.data.conference_bridge", "conference_url", FALSE, NULL,
                      &conference_url, error))
    return FALSE;
  add_link (links, _("PagerDuty incident"), html_url);
  add_link (links, _("Conference bridge"), conference_url);
  return TRUE;
}

static gboolean
parse_pagerduty_assignees (IcAlert     *self,
                           JsonObject  *data,
                           GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *assignees;
  guint n;

  if (!get_array (data, "event.data", "assignees", FALSE, &assignees, error))
    return FALSE;
  n = assignees != NULL ? json_array_get_length (assignees) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("event.data.assignees[%u]", i);
      JsonNode *node = json_array_get_element (assignees, i);
      const char *summary;
      char *name;

      if (!check_element_object (node, path, error)
          || !get_string (json_node_get_object (node), path, "summary", FALSE, NULL, &summary,
                          error))
        return FALSE;
      if ((name = dup_one_line (summary)) != NULL)
        g_ptr_array_add (names, name);
    }
  self->assignees = strv_from_ptr_array (g_steal_pointer (&names));
  return TRUE;
}

static gboolean
parse_pagerduty_identity (IcAlert     *self,
                          JsonObject  *data,
                          GError     **error)
{
  JsonObject *service;
  const char *title;
  const char *key;
  const char *id;
  const char *service_name;

  if (!get_string (data, "event.data", "title", TRUE, NULL, &title, error))
    return FALSE;
  if ((self->title = dup_one_line (title)) == NULL)
    return set_missing (error, "event.data", "title");

  /* incident_key is missing from older payloads; the incident id always works. */
  if (!get_string (data, "event.data", "incident_key", FALSE, NULL, &key, error))
    return FALSE;
  self->dedup_key = dup_trimmed (key);
  if (!get_string (data, "event.data", "id", self->dedup_key == NULL, NULL, &id, error))
    return FALSE;
  if (self->dedup_key == NULL && (self->dedup_key = dup_trimmed (id)) == NULL)
    return set_missing (error, "event.data", "id");

  if (!get_object (data, "event.data", "service", FALSE, &service, error)
      || !get_string (service, "event.data.service", "summary", FALSE, NULL, &service_name,
                      error))
    return FALSE;
  self->service = dup_one_line (service_name);
  return TRUE;
}

static gboolean
parse_pagerduty (IcAlert     *self,
                 JsonObject  *event,
                 Links       *links,
                 GError     **error)
{
  JsonObject *data;
  const char *event_type;

  self->source = IC_ALERT_SOURCE_PAGERDUTY;
  if (!get_string (event, "event", "event_type", TRUE, NULL, &event_type, error))
    return FALSE;
  if (g_strcmp0 (event_type, "incident.triggered") != 0)
    {
      g_autofree char *shown = dup_one_line (event_type);

      g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_UNSUPPORTED,
                   _("PagerDuty “%s” events cannot start an incident: only "
                     "“incident.triggered” can"), shown ? shown : "");
      return FALSE;
    }

  if (!get_time (event, "event", "occurred_at", _("an ISO 8601 time with a time zone"),
                 &self->alert_time, error)
      || !get_object (event, "event", "data", TRUE, &data, error)
      || !parse_pagerduty_identity (self, data, error)
      || !parse_pagerduty_severity (self, data, error)
      || !parse_pagerduty_links (data, links, error)
      || !parse_pagerduty_assignees (self, data, error))
    return FALSE;

  /* The payload carries no labels: the service is the only blast-radius hint. */
  if (self->service != NULL)
    {
      g_strfreev (self->hints[IC_ALERT_HINT_SERVICE]);
      self->hints[IC_ALERT_HINT_SERVICE] = g_strdupv ((char *[]) { self->service, NULL });
    }
  return TRUE;
}

/* Alertmanager ---------------------------------------------------------- */

/* Per-group state while the alerts array is walked. */
typedef struct
{
  gint64      earliest;
  gboolean    any_firing;
  GHashTable *hint_sets[IC_ALERT_N_HINTS];
  GHashTable *seen_sources;
  GPtrArray  *sources;
} AlertWalk;

static void
alert_walk_clear (AlertWalk *walk)
{
  for (guint i = 0; i < IC_ALERT_N_HINTS; i++)
    g_clear_pointer (&walk->hint_sets[i], g_hash_table_unref);
  g_clear_pointer (&walk->seen_sources, g_hash_table_unref);
  g_clear_pointer (&walk->sources, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AlertWalk, alert_walk_clear)

static IcSeverity
severity_from_alertmanager (const char *label)
{
  static const struct { const char *name; IcSeverity severity; } names[] = {
    { "critical", IC_SEVERITY_SEV1 },
    { "page", IC_SEVERITY_SEV1 },
    { "error", IC_SEVERITY_SEV2 },
    { "major", IC_SEVERITY_SEV2 },
    { "high", IC_SEVERITY_SEV2 },
    { "warning", IC_SEVERITY_SEV3 },
    { "minor", IC_SEVERITY_SEV3 },
    { "medium", IC_SEVERITY_SEV3 },
    { "info", IC_SEVERITY_SEV4 },
    { "low", IC_SEVERITY_SEV4 },
    { "none", IC_SEVERITY_SEV4 },
  };
  IcSeverity severity;

  if (label == NULL)
    return IC_SEVERITY_SEV2;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (label, names[i].name) == 0)
      return names[i].severity;
  /* Teams that already label alerts "sev1" … "sev4" get what they wrote. */
  if (ic_severity_from_string (label, &severity))
    return severity;
  return IC_SEVERITY_SEV2;
}

static gboolean
walk_alert_labels (AlertWalk   *walk,
                   JsonObject  *alert,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *labels_path = join_path (path, "labels");
  JsonObject *labels;

  if (!get_object (alert, path, "labels", FALSE, &labels, error))
    return FALSE;
  for (guint h = 0; h < IC_ALERT_N_HINTS; h++)
    {
      const char *value;

      if (!get_string (labels, labels_path, hint_labels[h], FALSE, NULL, &value, error))
        return FALSE;
      if (value != NULL && value[0] != '\0')
        g_hash_table_add (walk->hint_sets[h], (gpointer) value);
    }
  return TRUE;
}

static gboolean
walk_alert (AlertWalk   *walk,
            JsonObject  *alert,
            const char  *path,
            GError     **error)
{
  const char *status;
  const char *source;
  gint64 starts_at;

  if (!get_string (alert, path, "status", TRUE, NULL, &status, error))
    return FALSE;
  if (g_strcmp0 (status, "firing") != 0 && g_strcmp0 (status, "resolved") != 0)
    return set_wrong_type (error, path, "status", _("“firing” or “resolved”"),
                           json_object_get_member (alert, "status"));
  if (!get_time (alert, path, "startsAt", _("an RFC 3339 time"), &starts_at, error)
      || !get_string (alert, path, "generatorURL", FALSE, NULL, &source, error)
      || !walk_alert_labels (walk, alert, path, error))
    return FALSE;

  if (g_str_equal (status, "firing") && (!walk->any_firing || starts_at < walk->earliest))
    {
      walk->earliest = starts_at;
      walk->any_firing = TRUE;
    }
  if (source != NULL && source[0] != '\0'
      && walk->sources->len < IC_ALERT_MAX_SOURCE_LINKS
      && g_hash_table_add (walk->seen_sources, (gpointer) source))
    g_ptr_array_add (walk->sources, (gpointer) source);
  return TRUE;
}

static gboolean
walk_alerts (IcAlert     *self,
             JsonArray   *alerts,
             AlertWalk   *walk,
             GError     **error)
{
  guint n = json_array_get_length (alerts);

  for (guint h = 0; h < IC_ALERT_N_HINTS; h++)
    walk->hint_sets[h] = g_hash_table_new (g_str_hash, g_str_equal);
  walk->seen_sources = g_hash_table_new (g_str_hash, g_str_equal);
  walk->sources = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("alerts[%u]", i);
      JsonNode *node = json_array_get_element (alerts, i);

      if (!check_element_object (node, path, error)
          || !walk_alert (walk, json_node_get_object (node), path, error))
        return FALSE;
    }
  if (n == 0)
    {
      g_set_error_literal (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_FIRING,
                           _("The Alertmanager group lists no alerts"));
      return FALSE;
    }
  if (!walk->any_firing)
    {
      g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_FIRING,
                   g_dngettext (GETTEXT_PACKAGE,
                                "None of the %u alerts in the Alertmanager group is firing",
                                "None of the %u alerts in the Alertmanager group is firing", n),
                   n);
      return FALSE;
    }

  self->n_alerts = n;
  self->alert_time = walk->earliest;
  for (guint h = 0; h < IC_ALERT_N_HINTS; h++)
    {
      g_strfreev (self->hints[h]);
      self->hints[h] = sorted_strv_from_set (walk->hint_sets[h]);
    }
  return TRUE;
}

static gboolean
parse_alertmanager_status (JsonObject  *root,
                           GError     **error)
{
  const char *status;

  if (!get_string (root, NULL, "status", TRUE, NULL, &status, error))
    return FALSE;
  if (g_str_equal (status, "resolved"))
    {
      g_set_error_literal (error, IC_ALERT_ERROR, IC_ALERT_ERROR_NOT_FIRING,
                           _("The Alertmanager group is resolved: nothing is firing"));
      return FALSE;
    }
  if (!g_str_equal (status, "firing"))
    return set_wrong_type (error, NULL, "status", _("“firing” or “resolved”"),
                           json_object_get_member (root, "status"));
  return TRUE;
}

static gboolean
parse_truncated_alerts (IcAlert     *self,
                        JsonObject  *root,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (root, "truncatedAlerts");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    return set_wrong_type (error, NULL, "truncatedAlerts", _("a non-negative integer"), node);
  self->truncated_alerts = (guint64) json_node_get_int (node);
  return TRUE;
}

/* Title: commonAnnotations.summary, else commonLabels.alertname, else
 * alerts[0].labels.alertname.  Types were checked when the alerts were walked,
 * except for alertname. */
static gboolean
parse_alertmanager_title (IcAlert     *self,
                          JsonObject  *annotations,
                          JsonObject  *labels,
                          JsonArray   *alerts,
                          GError     **error)
{
  JsonObject *first_labels = NULL;
  const char *summary;
  const char *name;
  const char *first_name;

  /* walk_alerts() has checked that alerts[0] is an object and its labels one too. */
  if (json_array_get_length (alerts) > 0
      && !get_object (json_node_get_object (json_array_get_element (alerts, 0)), "alerts[0]",
                      "labels", FALSE, &first_labels, error))
    return FALSE;
  if (!get_string (annotations, "commonAnnotations", "summary", FALSE, NULL, &summary, error)
      || !get_string (labels, "commonLabels", "alertname", FALSE, NULL, &name, error)
      || !get_string (first_labels, "alerts[0].labels", "alertname", FALSE, NULL, &first_name,
                      error))
    return FALSE;

  self->summary = dup_trimmed (summary);
  self->title = dup_one_line (summary);
  if (self->title == NULL)
    self->title = dup_one_line (name);
  if (self->title == NULL)
    self->title = dup_one_line (first_name);
  if (self->title == NULL)
    {
      g_set_error_literal (error, IC_ALERT_ERROR, IC_ALERT_ERROR_MISSING_FIELD,
                           _("The alert has no title: commonAnnotations.summary, "
                             "commonLabels.alertname and alerts[0].labels.alertname "
                             "are all missing"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_alertmanager_labels (IcAlert     *self,
                           JsonObject  *labels,
                           GError     **error)
{
  static const char * const service_labels[] = { "service", "job", "app" };
  const char *severity;

  for (guint i = 0; i < G_N_ELEMENTS (service_labels) && self->service == NULL; i++)
    {
      const char *value;

      if (!get_string (labels, "commonLabels", service_labels[i], FALSE, NULL, &value, error))
        return FALSE;
      self->service = dup_one_line (value);
    }
  if (!get_string (labels, "commonLabels", "severity", FALSE, NULL, &severity, error))
    return FALSE;
  self->severity = severity_from_alertmanager (severity);
  return TRUE;
}

static gboolean
parse_alertmanager_links (IcAlert     *self,
                          JsonObject  *root,
                          JsonObject  *annotations,
                          AlertWalk   *walk,
                          Links       *links,
                          GError     **error)
{
  const char *external_url;
  const char *runbook_url;
  const char *description;

  if (!get_string (root, NULL, "externalURL", FALSE, NULL, &external_url, error)
      || !get_string (annotations, "commonAnnotations", "runbook_url", FALSE, NULL,
                      &runbook_url, error)
      || !get_string (annotations, "commonAnnotations", "description", FALSE, NULL,
                      &description, error))
    return FALSE;

  self->description = dup_trimmed (description);
  add_link (links, _("Alertmanager"), external_url);
  for (guint i = 0; i < walk->sources->len; i++)
    add_link (links, _("Source"), g_ptr_array_index (walk->sources, i));
  add_link (links, _("Runbook"), runbook_url);
  return TRUE;
}

static gboolean
parse_alertmanager (IcAlert     *self,
                    JsonObject  *root,
                    Links       *links,
                    GError     **error)
{
  g_auto(AlertWalk) walk = { 0, };
  JsonObject *labels;
  JsonObject *annotations;
  JsonArray *alerts;
  const char *group_key;

  self->source = IC_ALERT_SOURCE_ALERTMANAGER;
  if (!parse_alertmanager_status (root, error)
      || !get_string (root, NULL, "groupKey", TRUE, NULL, &group_key, error))
    return FALSE;
  if ((self->dedup_key = dup_trimmed (group_key)) == NULL)
    return set_missing (error, NULL, "groupKey");

  if (!get_array (root, NULL, "alerts", TRUE, &alerts, error)
      || !get_object (root, NULL, "commonLabels", FALSE, &labels, error)
      || !get_object (root, NULL, "commonAnnotations", FALSE, &annotations, error)
      || !parse_truncated_alerts (self, root, error)
      || !walk_alerts (self, alerts, &walk, error)
      || !parse_alertmanager_title (self, annotations, labels, alerts, error)
      || !parse_alertmanager_labels (self, labels, error)
      || !parse_alertmanager_links (self, root, annotations, &walk, links, error))
    return FALSE;
  return TRUE;
}

/* Format detection ------------------------------------------------------- */

static gboolean
parse_root (IcAlert     *self,
            JsonNode    *root,
            Links       *links,
            GError     **error)
{
  JsonObject *obj = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root)
                                                                   : NULL;
  JsonNode *event = obj != NULL ? json_object_get_member (obj, "event") : NULL;
  JsonNode *version = obj != NULL ? json_object_get_member (obj, "version") : NULL;
  const char *version_str = NULL;

  if (event != NULL && JSON_NODE_HOLDS_OBJECT (event))
    return parse_pagerduty (self, json_node_get_object (event), links, error);

  if (version != NULL && JSON_NODE_HOLDS_VALUE (version)
      && json_node_get_value_type (version) == G_TYPE_STRING)
    version_str = json_node_get_string (version);
  if (g_strcmp0 (version_str, "4") == 0)
    return parse_alertmanager (self, obj, links, error);
  if (version_str != NULL && json_object_has_member (obj, "alerts"))
    {
      g_autofree char *shown = dup_one_line (version_str);

      g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_UNSUPPORTED,
                   _("Alertmanager webhook version “%s” is not supported: only version 4 is"),
                   shown ? shown : "");
      return FALSE;
    }

  g_set_error_literal (error, IC_ALERT_ERROR, IC_ALERT_ERROR_UNKNOWN_FORMAT,
                       _("The alert payload is neither a PagerDuty v3 webhook nor an "
                         "Alertmanager v4 webhook"));
  return FALSE;
}

/* GObject --------------------------------------------------------------- */

static void
ic_alert_finalize (GObject *object)
{
  IcAlert *self = IC_ALERT (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->dedup_key, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->raw_payload, g_free);
  g_clear_pointer (&self->link_labels, g_strfreev);
  g_clear_pointer (&self->link_urls, g_strfreev);
  g_clear_pointer (&self->assignees, g_strfreev);
  for (guint i = 0; i < IC_ALERT_N_HINTS; i++)
    g_clear_pointer (&self->hints[i], g_strfreev);

  G_OBJECT_CLASS (ic_alert_parent_class)->finalize (object);
}

static void
ic_alert_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  IcAlert *self = IC_ALERT (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_ALERT_TIME:
      g_value_set_int64 (value, self->alert_time);
      break;
    case PROP_DEDUP_KEY:
      g_value_set_string (value, self->dedup_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_alert_class_init (IcAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ic_alert_finalize;
  object_class->get_property = ic_alert_get_property;

  /* Alerts are parsed, never edited: every property is read-only. */
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, IC_TYPE_ALERT_SOURCE, IC_ALERT_SOURCE_PAGERDUTY,
                       flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, flags);
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, IC_TYPE_SEVERITY, IC_SEVERITY_SEV2, flags);
  properties[PROP_ALERT_TIME] =
    g_param_spec_int64 ("alert-time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DEDUP_KEY] = g_param_spec_string ("dedup-key", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_alert_init (IcAlert *self)
{
  self->severity = IC_SEVERITY_SEV2;
}

/* Public API ------------------------------------------------------------ */

const char *
ic_alert_source_to_string (IcAlertSource source)
{
  switch (source)
    {
    case IC_ALERT_SOURCE_PAGERDUTY:
      return "pagerduty";
    case IC_ALERT_SOURCE_ALERTMANAGER:
      return "alertmanager";
    default:
      return NULL;
    }
}

/**
 * ic_alert_source_from_string:
 * @str: (nullable): "pagerduty" or "alertmanager" (any case)
 * @source: (out): the parsed value
 *
 * Returns: %TRUE if @str names a source
 */
gboolean
ic_alert_source_from_string (const char    *str,
                             IcAlertSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  if (str != NULL && g_ascii_strcasecmp (str, "pagerduty") == 0)
    *source = IC_ALERT_SOURCE_PAGERDUTY;
  else if (str != NULL && g_ascii_strcasecmp (str, "alertmanager") == 0)
    *source = IC_ALERT_SOURCE_ALERTMANAGER;
  else
    return FALSE;
  return TRUE;
}

/**
 * ic_alert_source_get_label:
 *
 * Returns: the product name, for display
 */
const char *
ic_alert_source_get_label (IcAlertSource source)
{
  switch (source)
    {
    case IC_ALERT_SOURCE_PAGERDUTY:
      return _("PagerDuty");
    case IC_ALERT_SOURCE_ALERTMANAGER:
      return _("Alertmanager");
    default:
      return _("Unknown source");
    }
}

/**
 * ic_alert_parse:
 * @data: (array length=length): the webhook body
 * @length: the size of @data in bytes, or -1 if it is NUL-terminated
 * @error: return location for an #IC_ALERT_ERROR
 *
 * Reads a PagerDuty webhook v3 `incident.triggered` event or an Alertmanager
 * webhook (version 4) with at least one firing alert.  Input over
 * %IC_ALERT_MAX_PAYLOAD_SIZE bytes, not UTF-8, or nested deeper than
 * %IC_JSON_MAX_DEPTH levels is refused before it is parsed.
 *
 * Returns: (transfer full) (nullable): the alert, or %NULL with @error set
 */
IcAlert *
ic_alert_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(IcAlert) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  Links links;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Never scan further than one byte past the limit for the terminator. */
  len = length >= 0 ? (gsize) length : strnlen (data, IC_ALERT_MAX_PAYLOAD_SIZE + 1);
  if (!check_size (len, error) || !check_utf8 (data ? data : "", len, error))
    return NULL;
  if (!parse_json (data ? data : "", len, &root, error))
    return NULL;

  self = g_object_new (IC_TYPE_ALERT, NULL);
  links.link_labels = g_ptr_array_new_with_free_func (g_free);
  links.link_urls = g_ptr_array_new_with_free_func (g_free);
  if (!parse_root (self, root, &links, error))
    {
      g_ptr_array_unref (links.link_labels);
      g_ptr_array_unref (links.link_urls);
      return NULL;
    }

  self->link_labels = strv_from_ptr_array (links.link_labels);
  self->link_urls = strv_from_ptr_array (links.link_urls);
  self->raw_payload = g_strndup (data, len);
  return g_steal_pointer (&self);
}

/**
 * ic_alert_parse_bytes:
 * @bytes: the webhook body
 * @error: return location for an #IC_ALERT_ERROR
 *
 * Like ic_alert_parse().
 *
 * Returns: (transfer full) (nullable): the alert, or %NULL with @error set
 */
IcAlert *
ic_alert_parse_bytes (GBytes  *bytes,
                      GError **error)
{
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  /* The size check comes first, so the gssize cast cannot overflow in practice. */
  if (!check_size (size, error))
    return NULL;
  return ic_alert_parse (data ? data : "", (gssize) size, error);
}

IcAlertSource
ic_alert_get_source (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), IC_ALERT_SOURCE_PAGERDUTY);
  return self->source;
}

/**
 * ic_alert_get_title:
 *
 * Returns: the title, on one line, never empty
 */
const char *
ic_alert_get_title (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->title;
}

/**
 * ic_alert_get_service:
 *
 * Returns: (nullable): the affected service, if the payload names one
 */
const char *
ic_alert_get_service (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->service;
}

IcSeverity
ic_alert_get_severity (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), IC_SEVERITY_SEV2);
  return self->severity;
}

/**
 * ic_alert_get_alert_time:
 *
 * Returns: when the problem started, µs since the epoch (UTC): the PagerDuty
 *   event time, or the earliest startsAt of the firing Alertmanager alerts
 */
gint64
ic_alert_get_alert_time (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), 0);
  return self->alert_time;
}

/**
 * ic_alert_get_dedup_key:
 *
 * Returns: the PagerDuty incident key (or incident id), or the Alertmanager
 *   group key
 */
const char *
ic_alert_get_dedup_key (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->dedup_key;
}

/**
 * ic_alert_get_link_labels:
 *
 * Returns: (transfer none): translated labels ("Runbook", …), parallel to
 *   ic_alert_get_link_urls(); possibly empty, never %NULL
 */
const char * const *
ic_alert_get_link_labels (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return (const char * const *) self->link_labels;
}

/**
 * ic_alert_get_link_urls:
 *
 * Returns: (transfer none): http(s) URLs, parallel to ic_alert_get_link_labels();
 *   links with any other scheme are dropped while parsing
 */
const char * const *
ic_alert_get_link_urls (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return (const char * const *) self->link_urls;
}

/**
 * ic_alert_get_assignees:
 *
 * Returns: (transfer none): PagerDuty assignee names; possibly empty, never %NULL
 */
const char * const *
ic_alert_get_assignees (IcAlert *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->assignees != NULL ? (const char * const *) self->assignees : empty;
}

/**
 * ic_alert_get_hint_values:
 * @hint: which label
 *
 * Returns: (transfer none): the distinct values of that label across the
 *   alerts, sorted; possibly empty, never %NULL
 */
const char * const *
ic_alert_get_hint_values (IcAlert     *self,
                          IcAlertHint  hint)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  g_return_val_if_fail (hint < IC_ALERT_N_HINTS, NULL);
  return self->hints[hint] != NULL ? (const char * const *) self->hints[hint] : empty;
}

/**
 * ic_alert_get_n_alerts:
 *
 * Returns: how many alerts the Alertmanager payload lists; 0 for PagerDuty,
 *   whose payload does not say
 */
guint
ic_alert_get_n_alerts (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), 0);
  return self->n_alerts;
}

/**
 * ic_alert_get_truncated_alerts:
 *
 * Returns: how many more alerts Alertmanager dropped because of `max_alerts`
 */
guint64
ic_alert_get_truncated_alerts (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), 0);
  return self->truncated_alerts;
}

/**
 * ic_alert_get_summary:
 *
 * Returns: (nullable): the `summary` annotation, as written
 */
const char *
ic_alert_get_summary (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->summary;
}

/**
 * ic_alert_get_description:
 *
 * Returns: (nullable): the `description` annotation, as written
 */
const char *
ic_alert_get_description (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->description;
}

/**
 * ic_alert_get_raw_payload:
 *
 * Returns: the input, byte for byte
 */
const char *
ic_alert_get_raw_payload (IcAlert *self)
{
  g_return_val_if_fail (IC_IS_ALERT (self), NULL);
  return self->raw_payload;
}

/* "a, b, c and 17 more" */
static char *
dup_value_list (const char * const *values)
{
  guint n = g_strv_length ((GStrv) values);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < n && i < MAX_LISTED_VALUES; i++)
    {
      if (i > 0)
        /* Translators: separates values in a list, e.g. "checkout, payments" */
        g_string_append (list, _(", "));
      g_string_append (list, values[i]);
    }
  if (n > MAX_LISTED_VALUES)
    {
      guint rest = n - MAX_LISTED_VALUES;

      /* Translators: %s is a list of values, %u how many more were left out */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more",
                                           rest), list->str, rest);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static char *
dup_hint_piece (IcAlertHint  hint,
                guint        n,
                const char  *list)
{
  switch (hint)
    {
    case IC_ALERT_HINT_SERVICE:
      /* Translators: %s is a list such as "checkout, payments" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "service: %s", "services: %s", n),
                              list);
    case IC_ALERT_HINT_JOB:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "job: %s", "jobs: %s", n), list);
    case IC_ALERT_HINT_INSTANCE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "instance: %s", "instances: %s", n),
                              list);
    case IC_ALERT_HINT_NAMESPACE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "namespace: %s", "namespaces: %s",
                                           n), list);
    case IC_ALERT_HINT_CLUSTER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "cluster: %s", "clusters: %s", n),
                              list);
    default:
      g_assert_not_reached ();
      return g_strdup (list);
    }
}

static char *
dup_alert_count (IcAlert *self)
{
  guint total = (guint) MIN ((guint64) self->n_alerts + self->truncated_alerts, G_MAXUINT);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert",
                                                         "%u alerts", total), total);
  guint truncated = (guint) MIN (self->truncated_alerts, G_MAXUINT);

  if (truncated == 0)
    return g_steal_pointer (&count);
  /* Translators: "7 alerts (5 not in the payload)": Alertmanager left some out */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u not in the payload)",
                                       "%s (%u not in the payload)", truncated),
                          count, truncated);
}

/**
 * ic_alert_dup_blast_radius_text:
 *
 * Summarises the scope of the alert on one line, such as
 * "3 alerts · services: checkout, payments · namespace: prod".
 *
 * Returns: (transfer full) (nullable): the line, or %NULL when the payload
 *   holds no hint at all
 */
char *
ic_alert_dup_blast_radius_text (IcAlert *self)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (IC_IS_ALERT (self), NULL);

  if (self->n_alerts > 0 || self->truncated_alerts > 0)
    g_ptr_array_add (pieces, dup_alert_count (self));
  for (IcAlertHint h = IC_ALERT_HINT_SERVICE; h < IC_ALERT_N_HINTS; h++)
    {
      const char * const *values = ic_alert_get_hint_values (self, h);
      g_autofree char *list = NULL;
      guint n = g_strv_length ((GStrv) values);

      if (n == 0)
        continue;
      list = dup_value_list (values);
      g_ptr_array_add (pieces, dup_hint_piece (h, n, list));
    }
  if (pieces->len == 0)
    return NULL;
  g_ptr_array_add (pieces, NULL);
  return g_strjoinv (" · ", (GStrv) pieces->pdata);
}

/**
 * ic_alert_dup_notes:
 *
 * Builds the text that pre-fills the notes of an incident started from this
 * alert: the summary and description, then one "- Label: URL" line per
 * link, the assignees and the blast radius.
 *
 * Returns: (transfer full): the notes; empty when there is nothing to add
 */
char *
ic_alert_dup_notes (IcAlert *self)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *radius = NULL;
  const char * const *assignees;

  g_return_val_if_fail (IC_IS_ALERT (self), NULL);

  if (self->summary != NULL)
    g_string_append_printf (notes, "%s\n\n", self->summary);
  if (self->description != NULL)
    g_string_append_printf (notes, "%s\n\n", self->description);

  for (guint i = 0; self->link_urls[i] != NULL; i++)
    g_string_append_printf (facts, "- %s: %s\n", self->link_labels[i], self->link_urls[i]);
  assignees = ic_alert_get_assignees (self);
  if (assignees[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (_(", "), (GStrv) assignees);

      g_string_append_printf (facts, "- %s: %s\n", _("Assigned to"), names);
    }
  if ((radius = ic_alert_dup_blast_radius_text (self)) != NULL)
    g_string_append_printf (facts, "- %s: %s\n", _("Blast radius"), radius);

  g_string_append (notes, facts->str);
  /* No trailing blank line: the user continues typing right below. */
  while (notes->len > 0 && notes->str[notes->len - 1] == '\n')
    g_string_truncate (notes, notes->len - 1);
  return g_string_free (g_steal_pointer (&notes), FALSE);
}

/* Reading stops one byte past the limit: an endless source (/dev/zero, a
 * pipe that never closes) costs no more than a payload that is too large. */
#define READ_LIMIT (IC_ALERT_MAX_PAYLOAD_SIZE + 1)

static IcAlert *
parse_read (const guint8  *buffer,
            gsize          n_read,
            GError       **error)
{
  if (n_read > IC_ALERT_MAX_PAYLOAD_SIZE)
    {
      g_autofree char *limit = g_format_size_full (IC_ALERT_MAX_PAYLOAD_SIZE,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, IC_ALERT_ERROR, IC_ALERT_ERROR_TOO_LARGE,
                   _("The alert payload is too large (more than %s)"), limit);
      return NULL;
    }
  return ic_alert_parse ((const char *) buffer, (gssize) n_read, error);
}

/**
 * ic_alert_read_sync:
 * @stream: where the payload comes from: a file, standard input
 *
 * Reads a payload of at most %IC_ALERT_MAX_PAYLOAD_SIZE bytes and parses
 * it; a longer one is refused after reading one byte more than the limit.
 * Blocks: for the command line, which has no main loop to keep responsive.
 *
 * Returns: (transfer full) (nullable): the alert
 */
IcAlert *
ic_alert_read_sync (GInputStream  *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize n_read = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  buffer = g_malloc (READ_LIMIT);
  if (!g_input_stream_read_all (stream, buffer, READ_LIMIT, &n_read, cancellable, error))
    return NULL;
  return parse_read (buffer, n_read, error);
}

static void
read_all_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gsize n_read = 0;
  IcAlert *alert;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n_read, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  alert = parse_read (g_task_get_task_data (task), n_read, &error);
  if (alert == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, alert, g_object_unref);
}

/**
 * ic_alert_read_async:
 * @stream: where the payload comes from
 *
 * Reads and parses a payload as ic_alert_read_sync() does, without
 * blocking; finish with ic_alert_read_finish().
 */
void
ic_alert_read_async (GInputStream        *stream,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  guint8 *buffer;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_alert_read_async);
  buffer = g_malloc (READ_LIMIT);
  g_task_set_task_data (task, buffer, g_free);
  g_input_stream_read_all_async (stream, buffer, READ_LIMIT, G_PRIORITY_DEFAULT, cancellable,
                                 read_all_cb, task);
}

/**
 * ic_alert_read_finish:
 *
 * Returns: (transfer full) (nullable): the alert
 */
IcAlert *
ic_alert_read_finish (GInputStream  *stream,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ic_alert_to_draft:
 *
 * Maps the alert onto a new incident once: title, service, severity,
 * alert time, blast-radius hints, links and notes, the raw payload and the
 * dedup key, and the timeline entry that says where it came from.
 *
 * Returns: (transfer full): the draft of the incident the alert starts
 */
IcIncidentDraft *
ic_alert_to_draft (IcAlert *self)
{
  g_autoptr(IcIncidentDraft) draft = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (IC_IS_ALERT (self), NULL);

  draft = ic_incident_draft_new (self->title, self->severity, IC_CREATED_VIA_ALERT);
  draft->service = g_strdup (self->service);
  draft->alert_time = self->alert_time;
  draft->alert_source = g_strdup (ic_alert_source_to_string (self->source));
  draft->alert_payload = g_strdup (self->raw_payload);
  draft->alert_dedup_key = g_strdup (self->dedup_key);
  draft->alert_url = g_strdup (self->link_urls[0]);
  draft->blast_radius = ic_alert_dup_blast_radius_text (self);
  draft->affected_services = g_strjoinv (", ", (GStrv) ic_alert_get_hint_values (
                                                  self, IC_ALERT_HINT_SERVICE));
  draft->notes = ic_alert_dup_notes (self);
  /* Translators: timeline entry, e.g. "Imported from Alertmanager (key {}:{alertname=…})" */
  text = g_strdup_printf (_("Imported from %s (key %s)"), ic_alert_source_get_label (self->source),
                          self->dedup_key);
  ic_incident_draft_add_event (draft, "alert-imported", text,
                               ic_alert_source_to_string (self->source));
  return g_steal_pointer (&draft);
}
