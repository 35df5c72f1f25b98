/* ic-change-feed.c — deployments read from an HTTP(S) JSON feed, as changes
 *
 * A CD system's API or a small webhook relay answers a GET with the
 * deployments it knows. The documented shape is a JSON array of objects:
 *
 *   [
 *     { "time": "2026-11-28T09:12:00Z",   RFC 3339 with an offset, or Unix
 *                                         seconds as a number (required)
 *       "kind": "deploy",                 deploy, config, dns, migration,
 *                                         feature-flag or other (optional:
 *                                         missing or unknown, it is guessed
 *                                         from the description)
 *       "description": "checkout 4.2.1",  (required)
 *       "author": "dana",                 (optional)
 *       "revision": "d-8812",             a string or a number (required:
 *                                         what makes one deployment the
 *                                         same change on the next read)
 *       "reversible": true },             (optional, true when missing)
 *     …
 *   ]
 *
 * Items outside the window asked for are dropped. An item that is not an
 * object, or lacks a usable time, description or revision, is skipped and
 * counted, never an error: one odd deployment must not hide the others.
 *
 * Other shapes are read through a mapping, a JSON object of JSONPath
 * expressions: "items" on the body gives the list (by default the body
 * itself), each field's on one item gives that field (by default the
 * member of the field's name), and the first match is taken. json-glib's
 * JsonPath reads past the end of an array for an index, a set or a slice
 * that is out of range (Json-CRITICALs; REFERENCE.md B6), so a mapping
 * uses member names, [*], .* and .. only: [*] with "the first match" does
 * what [0] would.
 *
 * The read is asynchronous from the request to the parse, which runs in a
 * worker thread; one deadline bounds connecting, the answer and its body,
 * and the body is read up to a cap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-feed"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ic-change-feed.h"
#include "ic-http.h"
#include "ic-json.h"
#include "ic-redact.h"
#include "ic-utf8.h"

/* What is kept of a change's texts from outside. */
#define MAX_DESCRIPTION_BYTES 1000
#define MAX_AUTHOR_BYTES      200
/* A longer revision is no identifier: the item is skipped, not cut, or
 * two deployments could become one change. */
#define MAX_REVISION_BYTES    256
/* Unix seconds up to 9999-12-31, so that µs never overflow. */
#define MAX_UNIX_SECONDS      G_GINT64_CONSTANT (253402300799)
#define READ_CHUNK            (64 * 1024)

typedef enum
{
  FIELD_TIME,
  FIELD_KIND,
  FIELD_DESCRIPTION,
  FIELD_AUTHOR,
  FIELD_REVISION,
  FIELD_REVERSIBLE,
  N_FIELDS,
} Field;

static const char * const field_names[N_FIELDS] = {
  "time", "kind", "description", "author", "revision", "reversible",
};

typedef struct
{
  char     *items_text;        /* as written, for messages; "$" by default */
  JsonPath *items;             /* NULL: the body */
  gboolean  items_is_list;     /* its one match is the list, not an item */
  JsonPath *fields[N_FIELDS];  /* NULL: the member of the field's name */
} Mapping;

/* One read, from the request to the parse. */
typedef struct
{
  Mapping      *mapping;
  char         *shown_url;   /* secrets redacted, for messages */
  gint64        since_us;
  gint64        until_us;

  GCancellable *inner;       /* cancelled by the deadline or the caller */
  GCancellable *outer;
  gulong        outer_id;
  GSource      *deadline;
  gboolean      timed_out;

  GObject      *message;     /* ic-http.h's */
  GInputStream *stream;
  GByteArray   *body;
} Read;

G_DEFINE_QUARK (ic-change-feed-error-quark, ic_change_feed_error)

static guint timeout_seconds = IC_CHANGE_FEED_TIMEOUT_SECONDS;

static void
mapping_free (Mapping *mapping)
{
  g_free (mapping->items_text);
  g_clear_object (&mapping->items);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_object (&mapping->fields[i]);
  g_free (mapping);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mapping, mapping_free)

static void
read_free (Read *read)
{
  if (read->deadline != NULL)
    g_source_destroy (read->deadline);
  g_clear_pointer (&read->deadline, g_source_unref);
  if (read->outer != NULL)
    g_cancellable_disconnect (read->outer, read->outer_id);
  g_clear_object (&read->outer);
  g_clear_object (&read->inner);
  g_clear_object (&read->stream);
  g_clear_object (&read->message);
  g_clear_pointer (&read->body, g_byte_array_unref);
  g_clear_pointer (&read->mapping, mapping_free);
  g_free (read->shown_url);
  g_free (read);
}

/* The mapping ------------------------------------------------------------ */

static gboolean
mapping_error (GError     **error,
               const char  *member,
               const char  *problem)
{
  g_autofree char *shown = ic_utf8_truncate (member, 64);

  g_set_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING,
               /* Translators: a member of a feed's field mapping (JSON: keep its
                * quotes), then what is wrong with it, e.g.
                * mapping: "time": Invalid first character “a” */
               _("mapping: \"%s\": %s"), shown, problem);
  return FALSE;
}

/* Whether @text, a compiled JSONPath, stays off array indexes, sets and
 * slices (see the top of the file); @definite says whether it can match
 * at most one node (no wildcard, no recursive descent). */
static gboolean
check_path_steps (const char *text,
                  gboolean   *definite)
{
  *definite = TRUE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '[' && p[1] == '\'')
        {
          const char *end = strstr (p + 2, "']");

          if (end == NULL)
            return TRUE;
          p = end + 1;
        }
      else if (*p == '[' && p[1] == '*' && p[2] == ']')
        {
          *definite = FALSE;
          p += 2;
        }
      else if (*p == '[')
        return FALSE;
      else if (*p == '*' || (*p == '.' && p[1] == '.'))
        *definite = FALSE;
    }
  return TRUE;
}

static JsonPath *
compile_path (const char  *member,
              const char  *text,
              gboolean    *definite,
              GError     **error)
{
  g_autoptr(JsonPath) path = json_path_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_path_compile (path, text, &local_error))
    {
      mapping_error (error, member, local_error->message);
      return NULL;
    }
  if (!check_path_steps (text, definite))
    {
      if (g_str_equal (member, "items"))
        /* Translators: [*] is JSONPath, keep it */
        mapping_error (error, member, _("array indexes are not supported: use [*]"));
      else
        mapping_error (error, member,
                       /* Translators: [*] is JSONPath, keep it */
                       _("array indexes are not supported: use [*], whose first match is "
                         "taken"));
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* "items": a path to the list ($.data.deployments, or with [*] after it)
 * or one that matches each item ($..deployments[*]). */
static gboolean
set_items_path (Mapping     *mapping,
                const char  *text,
                GError     **error)
{
  g_autofree char *list_text = NULL;
  gboolean definite;

  mapping->items_text = g_strdup (text);
  if (g_str_has_suffix (text, "[*]"))
    {
      /* A definite path to the list: its [*] would turn an object there
       * into one item (json-glib's wildcard matches a non-array itself). */
      list_text = g_strndup (text, strlen (text) - 3);
      if (check_path_steps (list_text, &definite) && definite
          && (mapping->items = compile_path ("items", list_text, &definite, NULL)) != NULL)
        {
          mapping->items_is_list = TRUE;
          return TRUE;
        }
    }
  mapping->items = compile_path ("items", text, &definite, error);
  mapping->items_is_list = definite;
  return mapping->items != NULL;
}

static gboolean
set_member_path (Mapping     *mapping,
                 const char  *member,
                 JsonNode    *value,
                 GError     **error)
{
  gboolean definite;

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return mapping_error (error, member, _("expected a JSONPath string"));
  if (g_str_equal (member, "items"))
    return set_items_path (mapping, json_node_get_string (value), error);
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (member, field_names[i]))
      {
        mapping->fields[i] = compile_path (member, json_node_get_string (value), &definite,
                                           error);
        return mapping->fields[i] != NULL;
      }
  return mapping_error (error, member,
                        /* Translators: the names are the mapping's members, keep them */
                        _("not a field of a change (items, time, kind, description, author, "
                          "revision, reversible)"));
}

/* @text: (nullable): the mapping; %NULL or "" for the documented shape */
static Mapping *
mapping_new (const char  *text,
             GError     **error)
{
  g_autoptr(Mapping) mapping = g_new0 (Mapping, 1);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (text == NULL || *text == '\0')
    {
      mapping->items_text = g_strdup ("$");
      return g_steal_pointer (&mapping);
    }
  root = ic_json_parse (text, -1, IC_JSON_MAX_DEPTH, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING,
                   /* Translators: a feed's field mapping */
                   _("mapping: not a JSON object of JSONPath expressions%s%s"),
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &member, &value))
    if (!set_member_path (mapping, member, value, error))
      return NULL;
  if (mapping->items_text == NULL)
    mapping->items_text = g_strdup ("$");
  return g_steal_pointer (&mapping);
}

/* One item ---------------------------------------------------------------- */

/* The field's value in @item, or %NULL when it has none (JSON null is
 * none). */
static JsonNode *
dup_field (const Mapping *mapping,
           Field          field,
           JsonNode      *item)
{
  JsonNode *node = NULL;

  if (mapping->fields[field] == NULL)
    {
      JsonObject *object = json_node_get_object (item);

      node = json_object_get_member (object, field_names[field]);
      if (node != NULL)
        json_node_ref (node);
    }
  else
    {
      g_autoptr(JsonNode) matches = json_path_match (mapping->fields[field], item);
      JsonArray *array = json_node_get_array (matches);

      if (json_array_get_length (array) > 0)
        node = json_array_dup_element (array, 0);
    }
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static const char *
get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An RFC 3339 time (with its offset), or Unix seconds. */
static gboolean
read_time (JsonNode *node,
           gint64   *time_us)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      /* A NULL default zone refuses a time without an offset. */
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (node),
                                                                NULL);

      if (time == NULL)
        return FALSE;
      *time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC
                 + g_date_time_get_microsecond (time);
      return TRUE;
    }
  if (type == G_TYPE_INT64)
    {
      gint64 seconds = json_node_get_int (node);

      if (seconds < -MAX_UNIX_SECONDS || seconds > MAX_UNIX_SECONDS)
        return FALSE;
      *time_us = seconds * G_USEC_PER_SEC;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double seconds = json_node_get_double (node);

      if (!isfinite (seconds) || fabs (seconds) > (double) MAX_UNIX_SECONDS)
        return FALSE;
      *time_us = (gint64) llround (seconds * G_USEC_PER_SEC);
      return TRUE;
    }
  return FALSE;
}

/* A string, or a number written as an integer when it is one. */
static char *
dup_revision (JsonNode *node)
{
  const char *text = get_string (node);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (text != NULL)
    return *text != '\0' && strlen (text) <= MAX_REVISION_BYTES ? g_strdup (text) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return NULL;
  value = json_node_get_double (node);
  if (!isfinite (value))
    return NULL;
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return g_strdup_printf ("%.0f", value);
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  return *text != '\0';
}

/* The change @item describes; %NULL with @skipped set when it is no
 * usable change, or unset when it is outside the window. */
static IcChangeDraft *
read_item (const Mapping *mapping,
           JsonNode      *item,
           gint64         since_us,
           gint64         until_us,
           gboolean      *skipped)
{
  g_autoptr(JsonNode) description = NULL;
  g_autoptr(JsonNode) kind = NULL;
  g_autoptr(JsonNode) author = NULL;
  g_autoptr(JsonNode) time = NULL;
  g_autoptr(JsonNode) revision_node = NULL;
  g_autoptr(JsonNode) reversible = NULL;
  g_autofree char *revision = NULL;
  IcChangeDraft *draft;
  gint64 changed_at;

  *skipped = TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (item))
    return NULL;
  time = dup_field (mapping, FIELD_TIME, item);
  description = dup_field (mapping, FIELD_DESCRIPTION, item);
  revision_node = dup_field (mapping, FIELD_REVISION, item);
  revision = dup_revision (revision_node);
  if (!read_time (time, &changed_at) || !has_text (get_string (description)) || revision == NULL)
    return NULL;
  *skipped = FALSE;
  if (changed_at < since_us || changed_at > until_us)
    return NULL;

  kind = dup_field (mapping, FIELD_KIND, item);
  author = dup_field (mapping, FIELD_AUTHOR, item);
  reversible = dup_field (mapping, FIELD_REVERSIBLE, item);
  draft = ic_change_draft_new ();
  draft->description = ic_utf8_truncate (get_string (description), MAX_DESCRIPTION_BYTES);
  draft->changed_at = changed_at;
  draft->revision = g_steal_pointer (&revision);
  if (!ic_change_kind_from_string (get_string (kind), &draft->kind))
    draft->kind = ic_change_guess_kind (draft->description, NULL);
  if (has_text (get_string (author)))
    draft->author = ic_utf8_truncate (get_string (author), MAX_AUTHOR_BYTES);
  draft->reversible = TRUE;
  if (reversible != NULL && JSON_NODE_HOLDS_VALUE (reversible)
      && json_node_get_value_type (reversible) == G_TYPE_BOOLEAN)
    draft->reversible = json_node_get_boolean (reversible);
  return draft;
}

/* The body --------------------------------------------------------------- */

static void
wrong_shape (const Mapping  *mapping,
             GError        **error)
{
  g_autofree char *shown = ic_utf8_truncate (mapping->items_text, 200);

  g_set_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_WRONG_SHAPE,
               /* Translators: %s is a JSONPath: "$" is the whole answer */
               _("expected a list of changes at %s"), shown);
}

/* The items of @root, by the mapping's "items". */
static JsonArray *
list_items (const Mapping  *mapping,
            JsonNode       *root,
            GError        **error)
{
  g_autoptr(JsonNode) matches = NULL;
  JsonArray *array;
  JsonNode *list;

  if (mapping->items == NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (root))
        return json_array_ref (json_node_get_array (root));
      wrong_shape (mapping, error);
      return NULL;
    }
  matches = json_path_match (mapping->items, root);
  array = json_node_get_array (matches);
  if (!mapping->items_is_list)
    return json_array_ref (array);
  list = json_array_get_length (array) == 1 ? json_array_get_element (array, 0) : NULL;
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    return json_array_ref (json_node_get_array (list));
  wrong_shape (mapping, error);
  return NULL;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const IcChangeDraft *x = *(IcChangeDraft * const *) a;
  const IcChangeDraft *y = *(IcChangeDraft * const *) b;

  return x->changed_at < y->changed_at ? 1 : x->changed_at > y->changed_at ? -1 : 0;
}

static GPtrArray *
parse_body (const Mapping  *mapping,
            const char     *body,
            gsize           length,
            gint64          since_us,
            gint64          until_us,
            guint          *n_skipped,
            GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) local_error = NULL;
  guint skipped = 0;

  if (length > IC_CHANGE_FEED_MAX_BODY)
    {
      g_set_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TOO_LARGE,
                   /* Translators: %u is a number of MiB (mebibytes) */
                   _("The feed’s answer is larger than %u MiB"),
                   IC_CHANGE_FEED_MAX_BODY / (1024 * 1024));
      return NULL;
    }
  root = ic_json_parse (body, (gssize) length, IC_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      g_set_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_NOT_JSON,
                   /* Translators: %s is the parser's reason, e.g. 1:3: Parse error: … */
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  items = list_items (mapping, root, error);
  if (items == NULL)
    return NULL;
  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_draft_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gboolean item_skipped;
      IcChangeDraft *draft = read_item (mapping, json_array_get_element (items, i), since_us,
                                        until_us, &item_skipped);

      if (draft != NULL)
        g_ptr_array_add (drafts, draft);
      else if (item_skipped)
        skipped++;
    }
  /* Stable: deployments at the same time keep the feed's order. */
  g_ptr_array_sort (drafts, compare_newest_first);
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&drafts);
}

/* Reading ---------------------------------------------------------------- */

static void
stop_deadline (Read *read)
{
  if (read->deadline != NULL)
    g_source_destroy (read->deadline);
  g_clear_pointer (&read->deadline, g_source_unref);
}

static void
close_stream (Read *read)
{
  if (read->stream != NULL)
    g_input_stream_close_async (read->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&read->stream);
}

/* Ends the read with @error (taken), the stream closed. */
static void
fail (GTask  *task,
      GError *error)
{
  Read *read = g_task_get_task_data (task);

  stop_deadline (read);
  close_stream (read);
  g_task_return_error (task, error);
}

/* A transport error: the deadline's, the caller's cancellation, or
 * libsoup's own, as it is. */
static void
fail_transport (GTask  *task,
                GError *error)
{
  Read *read = g_task_get_task_data (task);

  if (read->timed_out)
    {
      g_clear_error (&error);
      error = g_error_new (IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TIMEOUT,
                           /* Translators: %u is a number of seconds */
                           _("The feed did not answer within %u s"), timeout_seconds);
    }
  fail (task, error);
}

static void
fail_too_large (GTask *task)
{
  fail (task, g_error_new (IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TOO_LARGE,
                           _("The feed’s answer is larger than %u MiB"),
                           IC_CHANGE_FEED_MAX_BODY / (1024 * 1024)));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Read *read = user_data;

  g_clear_pointer (&read->deadline, g_source_unref);
  read->timed_out = TRUE;
  g_cancellable_cancel (read->inner);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Read *read = task_data;
  GError *error = NULL;
  GPtrArray *drafts;
  guint skipped = 0;

  drafts = parse_body (read->mapping, (const char *) read->body->data, read->body->len,
                       read->since_us, read->until_us, &skipped, &error);
  if (drafts == NULL)
    {
      g_prefix_error (&error, "%s: ", read->shown_url);
      g_task_return_error (task, error);
      return;
    }
  if (skipped > 0)
    g_debug ("%s: %u items skipped", read->shown_url, skipped);
  g_task_return_pointer (task, drafts, (GDestroyNotify) g_ptr_array_unref);
}

static void read_next (GTask *task);

static void
body_read_cb (GObject      *stream,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *read = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (stream), result,
                                                              &error);

  if (chunk == NULL)
    {
      fail_transport (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      /* The whole answer is in: the deadline no longer applies, and the
       * parse (up to 4 MiB of JSON) is kept off the caller's loop. */
      stop_deadline (read);
      close_stream (read);
      /* libsoup's objects are dropped on the thread that made them. */
      g_clear_object (&read->message);
      g_task_run_in_thread (task, parse_thread);
      return;
    }
  g_byte_array_append (read->body, g_bytes_get_data (chunk, NULL),
                       (guint) g_bytes_get_size (chunk));
  if (read->body->len > IC_CHANGE_FEED_MAX_BODY)
    {
      fail_too_large (task);
      return;
    }
  read_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
read_next (GTask *task)
{
  Read *read = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (read->stream, READ_CHUNK, G_PRIORITY_DEFAULT, read->inner,
                                   body_read_cb, task);
}

static void
sent_cb (GObject      *session,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *read = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;

  read->stream = ic_http_send_finish (session, result, &error);
  if (read->stream == NULL)
    {
      fail_transport (task, error);
      return;
    }
  status = ic_http_message_get_status (read->message);
  if (status < 200 || status > 299)
    {
      const char *reason = ic_http_message_get_reason (read->message);
      g_autofree char *shown = ic_utf8_truncate (reason != NULL && *reason != '\0'
                                                 ? reason : ic_http_status_get_phrase (status),
                                                 100);

      fail (task, g_error_new (IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_HTTP_STATUS,
                               /* Translators: an HTTP status and its reason, e.g.
                                * The feed answered 401 Unauthorized */
                               _("The feed answered %u %s"), status, shown));
      return;
    }
  if (ic_http_message_get_content_length (read->message) > IC_CHANGE_FEED_MAX_BODY)
    {
      fail_too_large (task);
      return;
    }
  read->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

/* A GET of @location, or %NULL when it is no http(s) URL with a host
 * (libsoup 3.2 makes messages of ftp:// URLs too). */
static GObject *
new_request (const char *location)
{
  g_autoptr(GUri) uri = g_uri_parse (location, IC_HTTP_URI_FLAGS, NULL);
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || host == NULL || *host == '\0')
    return NULL;
  return ic_http_message_new_from_uri ("GET", uri);
}

/* Public API --------------------------------------------------------------- */

/**
 * ic_change_feed_parse:
 * @body: (array length=length): a feed's answer
 * @length: the size of @body in bytes
 * @mapping: (nullable): a JSON object of JSONPath expressions for a shape
 *   other than the documented one (see ic-change-feed.c); %NULL or "" for
 *   the documented one
 * @since_us: the window's start, µs since the epoch
 * @until_us: the window's end, µs since the epoch (both included)
 * @n_skipped: (out) (optional): how many items were no usable change: not
 *   an object, or without a time, description or revision
 * @error: return location for an #IC_CHANGE_FEED_ERROR
 *
 * Reads the changes of a feed's answer that fall in the window, newest
 * first. Items that are no usable change are skipped, not an error. Pure
 * and thread-safe.
 *
 * Returns: (transfer full) (element-type IcChangeDraft) (nullable): the
 *   changes, or %NULL with @error set: a mapping that is no JSON object of
 *   JSONPath strings (%IC_CHANGE_FEED_ERROR_MAPPING), a body that is not
 *   JSON (%IC_CHANGE_FEED_ERROR_NOT_JSON), larger than
 *   %IC_CHANGE_FEED_MAX_BODY (%IC_CHANGE_FEED_ERROR_TOO_LARGE), or without a
 *   list where one is expected (%IC_CHANGE_FEED_ERROR_WRONG_SHAPE)
 */
GPtrArray *
ic_change_feed_parse (const char  *body,
                      gsize        length,
                      const char  *mapping,
                      gint64       since_us,
                      gint64       until_us,
                      guint       *n_skipped,
                      GError     **error)
{
  g_autoptr(Mapping) compiled = NULL;

  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  compiled = mapping_new (mapping, error);
  if (compiled == NULL)
    return NULL;
  return parse_body (compiled, body != NULL ? body : "", length, since_us, until_us, n_skipped,
                     error);
}

/**
 * ic_change_feed_read_async:
 * @session: the session to send with (its own timeout is backed by
 *   %IC_CHANGE_FEED_TIMEOUT_SECONDS for the whole read)
 * @source: a feed: its URL and mapping are read
 * @authorization: (nullable): the Authorization header's value, e.g.
 *   "Bearer …"; %NULL or "" to send none
 * @since_us: the window's start, µs since the epoch
 * @until_us: the window's end, µs since the epoch (both included)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: for @callback
 *
 * GETs the feed (Accept: application/json) and reads its changes in the
 * window as ic_change_feed_parse() does. Bounded by a timeout and a cap on
 * the body; the parse runs in a worker thread.
 */
void
ic_change_feed_read_async (GObject              *session,
                           const IcChangeSource *source,
                           const char           *authorization,
                           gint64                since_us,
                           gint64                until_us,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Read *read;

  g_return_if_fail (G_IS_OBJECT (session));
  g_return_if_fail (source != NULL && source->kind == IC_CHANGE_SOURCE_FEED);
  g_return_if_fail (source->location != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ic_change_feed_read_async);
  read = g_new0 (Read, 1);
  read->shown_url = ic_redact_target (source->location);
  read->since_us = since_us;
  read->until_us = until_us;
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);

  read->mapping = mapping_new (source->mapping, &error);
  if (read->mapping == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  read->message = new_request (source->location);
  if (read->message == NULL)
    {
      g_task_return_new_error (task, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_INVALID_URL,
                               _("Not an http:// or https:// address: %s"), read->shown_url);
      return;
    }
  ic_http_message_replace_header (read->message, "Accept", "application/json");
  if (authorization != NULL && *authorization != '\0')
    ic_http_message_replace_header (read->message, "Authorization", authorization);

  read->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      read->outer = g_object_ref (cancellable);
      read->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                              read->inner, NULL);
    }
  /* g_timeout_add_seconds() may fire up to a second late. */
  read->deadline = g_timeout_source_new (timeout_seconds * 1000);
  g_source_set_callback (read->deadline, deadline_cb, read, NULL);
  g_source_attach (read->deadline, g_task_get_context (task));
  ic_http_send_async (session, read->message, read->inner, sent_cb, g_steal_pointer (&task));
}

/**
 * ic_change_feed_read_finish:
 * @result: the result given to the callback
 * @error: return location for an #IC_CHANGE_FEED_ERROR, a transport error
 *   (%G_IO_ERROR, %G_RESOLVER_ERROR, %G_TLS_ERROR) or
 *   %G_IO_ERROR_CANCELLED when the caller cancelled
 *
 * Returns: (transfer full) (element-type IcChangeDraft) (nullable): the
 *   changes in the window, newest first, or %NULL with @error set
 */
GPtrArray *
ic_change_feed_read_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ic_change_feed_read_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ic_change_feed_set_timeout_for_testing:
 * @seconds: the timeout of reads started from now on; 0 restores
 *   %IC_CHANGE_FEED_TIMEOUT_SECONDS
 *
 * For tests of a feed that never answers. Not thread-safe.
 */
void
ic_change_feed_set_timeout_for_testing (guint seconds)
{
  timeout_seconds = seconds > 0 ? seconds : IC_CHANGE_FEED_TIMEOUT_SECONDS;
}
