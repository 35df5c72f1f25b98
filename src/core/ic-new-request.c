/* ic-new-request.c — a request to start an incident, read from an incident-commander:// link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-new-request"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-new-request.h"

#define SCHEME "incident-commander"
#define ACTION_NEW "new"

/* Values quoted in messages are cut to this many characters. */
#define MAX_QUOTED_LENGTH 40

typedef enum
{
  PARAM_TITLE,
  PARAM_SERVICE,
  PARAM_SEVERITY,
  PARAM_ALERT_TIME,
  N_PARAMS
} Param;

static const char * const param_names[N_PARAMS] = {
  "title", "service", "severity", "alert_time",
};

G_DEFINE_QUARK (ic-new-request-error-quark, ic_new_request_error)

/* Helpers --------------------------------------------------------------- */

/* A copy of @str fit for quoting in a one-line message: control characters
 * become spaces and long values are cut. */
static char *
dup_for_message (const char *str)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  if (!g_utf8_validate (str, -1, NULL))
    return g_strdup ("…");
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MAX_QUOTED_LENGTH)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
has_control_characters (const char *str)
{
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_all_digits (const char *str)
{
  if (str[0] == '\0')
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Percent-decodes one key or value.  With @plus_is_space, '+' means a space
 * as in HTML forms; alert_time keeps it so that "+02:00" offsets survive
 * unencoded.  Returns %NULL for bad escapes and for %00. */
static char *
decode_component (const char *raw,
                  gboolean    plus_is_space)
{
  g_autofree char *copy = g_strdup (raw);

  if (plus_is_space)
    g_strdelimit (copy, "+", ' ');
  return g_uri_unescape_string (copy, NULL);
}

static Param
lookup_param (const char *key)
{
  for (guint i = 0; i < N_PARAMS; i++)
    if (g_str_equal (key, param_names[i]))
      return (Param) i;
  return N_PARAMS;
}

/* URI shape ------------------------------------------------------------- */

static gboolean
check_scheme (const char  *uri,
              GError     **error)
{
  /* Not g_uri_peek_scheme(): it interns every scheme it sees, so a stream
   * of links with made-up schemes would grow memory for good. */
  g_autofree char *parsed = g_uri_parse_scheme (uri);
  g_autofree char *scheme = parsed != NULL ? g_ascii_strdown (parsed, -1) : NULL;

  if (scheme == NULL)
    {
      g_set_error_literal (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                           _("The link is not a URI"));
      return FALSE;
    }
  if (!g_str_equal (scheme, SCHEME))
    {
      g_autofree char *shown = dup_for_message (scheme);

      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_WRONG_SCHEME,
                   _("Links starting with “%s:” cannot be opened here: only "
                     "“incident-commander:” links can"), shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_action (GUri    *parsed,
              GError **error)
{
  const char *host = g_uri_get_host (parsed);
  const char *path = g_uri_get_path (parsed);

  if (host == NULL || host[0] == '\0' || g_uri_get_userinfo (parsed) != NULL
      || g_uri_get_port (parsed) != -1)
    {
      g_set_error_literal (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                           _("The link must start with “incident-commander://new”"));
      return FALSE;
    }
  /* A "#" is most likely an unencoded character of a title: refusing it
   * beats silently cutting the title short. */
  if (g_uri_get_fragment (parsed) != NULL)
    {
      g_set_error_literal (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                           _("The link contains “#”: write it as %23 inside values"));
      return FALSE;
    }
  if (g_ascii_strcasecmp (host, ACTION_NEW) != 0 || (path[0] != '\0' && !g_str_equal (path, "/")))
    {
      g_autofree char *action = g_strconcat (host, path, NULL);
      g_autofree char *shown = dup_for_message (action);

      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION,
                   _("Unknown action “%s”: links can only start a new incident "
                     "(incident-commander://new)"), shown);
      return FALSE;
    }
  return TRUE;
}

/* Values ---------------------------------------------------------------- */

static gboolean
parse_text (const char  *name,
            const char  *value,
            char       **out,
            GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  glong length;

  if (has_control_characters (text))
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Parameter “%s” contains a control character (such as a line break)"),
                   name);
      return FALSE;
    }
  length = g_utf8_strlen (text, -1);
  if (length > IC_NEW_REQUEST_MAX_TEXT_LENGTH)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Parameter “%s” is too long (%u characters; at most %u)"), name,
                   (guint) length, (guint) IC_NEW_REQUEST_MAX_TEXT_LENGTH);
      return FALSE;
    }
  *out = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  return TRUE;
}

static gboolean
parse_severity (const char    *value,
                IcNewRequest  *request,
                GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));

  if (text[0] == '\0')
    return TRUE;
  if (!ic_severity_from_string (text, &request->severity))
    {
      g_autofree char *shown = dup_for_message (text);

      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Invalid severity “%s”: use sev1, sev2, sev3 or sev4"), shown);
      return FALSE;
    }
  request->has_severity = TRUE;
  return TRUE;
}

/* Reads Unix seconds or an ISO 8601 time with an offset. */
static gboolean
read_time (const char *text,
           gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  guint64 seconds;

  if (is_all_digits (text))
    {
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &seconds, NULL))
        return FALSE;
      *out = (gint64) seconds * G_USEC_PER_SEC;
      return TRUE;
    }
  /* With no default zone, a time without an offset is refused: guessing the
   * zone of whoever made the link would shift the timeline by hours. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static gboolean
parse_alert_time (const char  *value,
                  gint64       now_us,
                  gint64      *out,
                  GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  g_autofree char *shown = NULL;
  gint64 time = 0;

  if (text[0] == '\0')
    return TRUE;
  shown = dup_for_message (text);
  if (!read_time (text, &time))
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Invalid alert time “%s”: use an ISO 8601 time with a time zone, such as "
                     "2024-05-01T12:00:00Z, or Unix seconds"), shown);
      return FALSE;
    }
  /* 0 means "not given" in IcNewRequest, so the epoch itself is refused too. */
  if (time <= 0)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Invalid alert time “%s”: it is not after 1 January 1970"), shown);
      return FALSE;
    }
  if (time > now_us && time - now_us > IC_NEW_REQUEST_MAX_FUTURE_US)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("Invalid alert time “%s”: it is more than a day in the future"), shown);
      return FALSE;
    }
  *out = time;
  return TRUE;
}

static gboolean
apply_param (IcNewRequest  *request,
             Param          param,
             const char    *value,
             gint64         now_us,
             GError       **error)
{
  switch (param)
    {
    case PARAM_TITLE:
      return parse_text (param_names[param], value, &request->title, error);
    case PARAM_SERVICE:
      return parse_text (param_names[param], value, &request->service, error);
    case PARAM_SEVERITY:
      return parse_severity (value, request, error);
    case PARAM_ALERT_TIME:
      return parse_alert_time (value, now_us, &request->alert_time, error);
    case N_PARAMS:
    default:
      g_assert_not_reached ();
      return FALSE;
    }
}

/* Query ----------------------------------------------------------------- */

/* Splits one "key=value" pair; *@key is decoded, *@raw_value points into @pair. */
static gboolean
split_pair (const char  *pair,
            char       **key,
            const char **raw_value,
            GError     **error)
{
  const char *equals = strchr (pair, '=');
  g_autofree char *raw_key = equals ? g_strndup (pair, equals - pair) : g_strdup (pair);
  g_autofree char *shown = dup_for_message (raw_key);

  if (equals == NULL)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                   _("Parameter “%s” has no “=” and no value"), shown);
      return FALSE;
    }
  *key = decode_component (raw_key, TRUE);
  if (*key == NULL || !g_utf8_validate (*key, -1, NULL))
    {
      g_clear_pointer (key, g_free);
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                   _("Parameter name “%s” has an invalid percent-encoding or an encoded NUL "
                     "(%%00)"), shown);
      return FALSE;
    }
  *raw_value = equals + 1;
  return TRUE;
}

static gboolean
parse_pair (IcNewRequest  *request,
            const char    *pair,
            gint64         now_us,
            gboolean      *seen,
            GPtrArray     *warnings,
            GHashTable    *ignored,
            GError       **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *raw_value;
  Param param;

  if (!split_pair (pair, &key, &raw_value, error))
    return FALSE;
  param = lookup_param (key);
  if (param == N_PARAMS)
    {
      if (g_hash_table_add (ignored, g_strdup (key)))
        {
          g_autofree char *shown = dup_for_message (key);

          g_ptr_array_add (warnings,
                           g_strdup_printf (_("Ignored unknown parameter “%s”"), shown));
        }
      return TRUE;
    }
  if (seen[param])
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_DUPLICATE,
                   _("Parameter “%s” is given more than once"), key);
      return FALSE;
    }
  seen[param] = TRUE;

  value = decode_component (raw_value, param != PARAM_ALERT_TIME);
  if (value == NULL)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                   _("The value of “%s” has an invalid percent-encoding or an encoded NUL "
                     "(%%00)"), key);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE,
                   _("The value of “%s” is not valid UTF-8 text"), key);
      return FALSE;
    }
  return apply_param (request, param, value, now_us, error);
}

static gboolean
parse_query (IcNewRequest  *request,
             const char    *query,
             gint64         now_us,
             GError       **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) pairs = g_strsplit (query != NULL ? query : "", "&", -1);
  gboolean seen[N_PARAMS] = { FALSE, };

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      /* "a=1&&b=2" and a trailing "&" are harmless. */
      if (pairs[i][0] == '\0')
        continue;
      if (!parse_pair (request, pairs[i], now_us, seen, warnings, ignored, error))
        return FALSE;
    }
  g_ptr_array_add (warnings, NULL);
  g_strfreev (request->warnings);
  request->warnings = (GStrv) g_ptr_array_free (g_steal_pointer (&warnings), FALSE);
  return TRUE;
}

/* Public API ------------------------------------------------------------ */

/**
 * ic_new_request_parse_uri:
 * @uri: a link such as `incident-commander://new?title=Elevated%20500s&severity=sev2`
 * @now_us: the current time, µs since the epoch; alert times more than a day
 *   after it are refused
 * @error: return location for an #IC_NEW_REQUEST_ERROR
 *
 * Reads a new-incident link.  The scheme and the action are matched without
 * regard to case; parameters are `title`, `service`, `severity` (`sev1` …
 * `sev4`) and `alert_time` (ISO 8601 with an offset, or Unix seconds).  A
 * "+" is a space in title and service.  Empty values count as absent; unknown
 * parameters are ignored with a warning; a known parameter given twice, a
 * fragment or bad percent-encoding is an error.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error set
 */
IcNewRequest *
ic_new_request_parse_uri (const char  *uri,
                          gint64       now_us,
                          GError     **error)
{
  g_autoptr(IcNewRequest) request = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (uri) > IC_NEW_REQUEST_MAX_URI_LENGTH)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                   _("The link is too long (more than %u bytes)"),
                   (guint) IC_NEW_REQUEST_MAX_URI_LENGTH);
      return NULL;
    }
  if (!g_utf8_validate (uri, -1, NULL))
    {
      g_set_error_literal (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                           _("The link is not valid UTF-8 text"));
      return NULL;
    }
  if (!check_scheme (uri, error))
    return NULL;
  /* Strict parsing refuses bad %-escapes anywhere; the query stays encoded
   * so that "&" and "=" inside values can be told apart from separators. */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI,
                   _("The link is not a valid URI: %s"), local_error->message);
      return NULL;
    }
  if (!check_action (parsed, error))
    return NULL;

  request = g_new0 (IcNewRequest, 1);
  request->severity = IC_SEVERITY_SEV2;
  if (!parse_query (request, g_uri_get_query (parsed), now_us, error))
    return NULL;
  return g_steal_pointer (&request);
}

/**
 * ic_new_request_free:
 * @request: (nullable) (transfer full): a request
 */
void
ic_new_request_free (IcNewRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->title);
  g_free (request->service);
  g_strfreev (request->warnings);
  g_free (request);
}

/**
 * ic_new_request_to_draft:
 * @default_title: the title when the link gives none
 *
 * Maps the link onto a new incident: its fields, and one timeline entry
 * ("link-warning") per ignored parameter.
 *
 * Returns: (transfer full): the draft
 */
IcIncidentDraft *
ic_new_request_to_draft (const IcNewRequest *request,
                         const char         *default_title)
{
  IcIncidentDraft *draft;

  g_return_val_if_fail (request != NULL, NULL);

  draft = ic_incident_draft_new (request->title ? request->title : default_title,
                                 request->has_severity ? request->severity : IC_SEVERITY_SEV2,
                                 IC_CREATED_VIA_URI);
  draft->service = g_strdup (request->service);
  draft->alert_time = request->alert_time;
  for (guint i = 0; request->warnings[i] != NULL; i++)
    ic_incident_draft_add_event (draft, "link-warning", request->warnings[i], NULL);
  return draft;
}
