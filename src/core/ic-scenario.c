/* ic-scenario.c — reading and checking a drill's scenario file
 *
 * Every rule of data/scenarios/README.md is checked here, and a file that
 * breaks one is refused with the file, the JSON path and what was expected
 * ("redis.json: $.probes[0].script[2].state: expected one of ok, degraded,
 * failing, error"). Unknown members are refused too: a misspelt optional
 * member would otherwise be silently ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ic-alert.h"
#include "ic-json.h"
#include "ic-scenario.h"

G_DEFINE_QUARK (ic-scenario-error-quark, ic_scenario_error)

typedef struct
{
  const char  *name;     /* the file, as the error names it */
  GError     **error;
  gboolean     failed;
} Ctx;

static gboolean
invalid (Ctx        *ctx,
         const char *path,
         const char *expected)
{
  if (!ctx->failed)
    {
      /* Translators: a scenario file's error: file, JSON path, what was expected */
      g_set_error (ctx->error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_INVALID, _("%s: %s: expected %s"),
                   ctx->name, path, expected);
      ctx->failed = TRUE;
    }
  return FALSE;
}

/* Members ------------------------------------------------------------------ */

static gboolean
only_members (Ctx         *ctx,
              JsonObject  *object,
              const char  *path,
              const char **allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *where = g_strdup_printf ("%s.%s", path, (const char *) l->data);
        g_autofree char *what = g_strjoinv (", ", (char **) allowed);
        g_autofree char *expected = g_strdup_printf (_("no such member (known: %s)"), what);

        return invalid (ctx, where, expected);
      }
  return TRUE;
}

static JsonNode *
member (Ctx        *ctx,
        JsonObject *object,
        const char *path,
        const char *name,
        gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && required)
    {
      g_autofree char *where = g_strdup_printf ("%s.%s", path, name);

      invalid (ctx, where, _("this member, which is required"));
    }
  return node;
}

static char *
get_text (Ctx        *ctx,
          JsonObject *object,
          const char *path,
          const char *name,
          gboolean    required,
          gsize       max_length)
{
  JsonNode *node = member (ctx, object, path, name, required);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, name);
  const char *text;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (ctx, where, _("a string")), NULL;
  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (ctx, where, _("UTF-8 text")), NULL;
  if (required)
    {
      g_autofree char *copy = g_strstrip (g_strdup (text));

      if (*copy == '\0')
        return invalid (ctx, where, _("text that is not empty")), NULL;
    }
  if (max_length > 0 && g_utf8_strlen (text, -1) > (glong) max_length)
    {
      g_autofree char *expected = g_strdup_printf (_("at most %zu characters"), max_length);

      return invalid (ctx, where, expected), NULL;
    }
  return g_strdup (text);
}

static gboolean
get_number (Ctx        *ctx,
            JsonObject *object,
            const char *path,
            const char *name,
            gboolean    required,
            double     *value,
            gboolean   *present)
{
  JsonNode *node = member (ctx, object, path, name, required);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, name);
  GType type;

  if (present != NULL)
    *present = FALSE;
  if (node == NULL)
    return !required;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return invalid (ctx, where, _("a number"));
  *value = json_node_get_double (node);
  if (!isfinite (*value) || *value < 0)
    return invalid (ctx, where, _("a number that is 0 or more"));
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
get_seconds (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             const char *name,
             gboolean    required,
             gint64     *seconds)
{
  JsonNode *node = member (ctx, object, path, name, required);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, name);

  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (ctx, where, _("whole seconds"));
  *seconds = json_node_get_int (node);
  /* A week is more than any drill, and keeps the sums far from overflow. */
  if (*seconds < 0 || *seconds > 7 * 24 * 3600)
    return invalid (ctx, where, _("whole seconds from 0 to 604800"));
  return TRUE;
}

static gboolean
get_boolean (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             const char *name,
             gboolean   *value)
{
  JsonNode *node = member (ctx, object, path, name, TRUE);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, name);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (ctx, where, _("true or false"));
  *value = json_node_get_boolean (node);
  return TRUE;
}

static JsonObject *
get_object (Ctx        *ctx,
            JsonNode   *node,
            const char *where)
{
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, where, _("an object")), NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (Ctx        *ctx,
           JsonObject *object,
           const char *path,
           const char *name,
           guint       min,
           guint       max)
{
  JsonNode *node = member (ctx, object, path, name, TRUE);
  g_autofree char *where = g_strdup_printf ("%s.%s", path, name);
  JsonArray *array;
  guint n;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (ctx, where, _("an array")), NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min || n > max)
    {
      g_autofree char *expected = g_strdup_printf (_("from %u to %u entries"), min, max);

      return invalid (ctx, where, expected), NULL;
    }
  return array;
}

static gboolean
is_id (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
get_id (Ctx        *ctx,
        JsonObject *object,
        const char *path,
        const char *name)
{
  g_autofree char *id = get_text (ctx, object, path, name, TRUE, 64);

  if (id != NULL && !is_id (id))
    {
      g_autofree char *where = g_strdup_printf ("%s.%s", path, name);

      return invalid (ctx, where, _("lower-case letters, digits and “-”")), NULL;
    }
  return g_steal_pointer (&id);
}

static GStrv
get_words (Ctx        *ctx,
           JsonObject *object,
           const char *path,
           const char *name)
{
  JsonArray *array = get_array (ctx, object, path, name, 1, 6);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s.%s[%u]", path, name, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || *json_node_get_string (node) == '\0'
          || !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return invalid (ctx, where, _("a word")), NULL;
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/* Pieces ------------------------------------------------------------------- */

static void
node_free (IcScenarioNode *node)
{
  g_free (node->address);
  g_free (node->role);
  g_free (node->error);
  g_free (node->primary);
  g_free (node);
}

static void
sample_free (IcScenarioSample *sample)
{
  g_free (sample->state);
  g_free (sample->detail);
  g_clear_pointer (&sample->nodes, g_ptr_array_unref);
  g_free (sample);
}

static void
probe_free (IcScenarioProbe *probe)
{
  g_free (probe->name);
  g_free (probe->target);
  g_clear_pointer (&probe->script, g_ptr_array_unref);
  g_clear_pointer (&probe->after_fix, g_ptr_array_unref);
  g_free (probe);
}

static void
change_free (IcScenarioChange *change)
{
  g_free (change->id);
  g_free (change->description);
  g_free (change);
}

static void
event_free (IcScenarioEvent *event)
{
  g_free (event->from);
  g_free (event->text);
  g_free (event);
}

static IcScenarioNode *
parse_node (Ctx        *ctx,
            JsonNode   *json,
            const char *path)
{
  static const char *allowed[] = { "address", "role", "connected_clients", "maxclients",
                                   "latency_ms", "error", "primary", NULL };
  JsonObject *object = get_object (ctx, json, path);
  IcScenarioNode *node;
  double clients = 0, max = 0;

  if (object == NULL || !only_members (ctx, object, path, allowed))
    return NULL;
  node = g_new0 (IcScenarioNode, 1);
  node->address = get_text (ctx, object, path, "address", TRUE, 256);
  node->role = get_text (ctx, object, path, "role", TRUE, 16);
  node->error = get_text (ctx, object, path, "error", FALSE, 1024);
  node->primary = get_text (ctx, object, path, "primary", FALSE, 256);
  if (!ctx->failed && !g_str_equal (node->role, "master") && !g_str_equal (node->role, "replica"))
    {
      g_autofree char *where = g_strdup_printf ("%s.role", path);

      invalid (ctx, where, _("“master” or “replica”"));
    }
  if (node->error == NULL)
    {
      get_number (ctx, object, path, "connected_clients", TRUE, &clients, NULL);
      get_number (ctx, object, path, "maxclients", TRUE, &max, NULL);
      get_number (ctx, object, path, "latency_ms", TRUE, &node->latency_ms, NULL);
    }
  node->connected_clients = (gint64) CLAMP (clients, 0, G_MAXINT32);
  node->maxclients = (gint64) CLAMP (max, 0, G_MAXINT32);
  if (ctx->failed)
    return node_free (node), NULL;
  return node;
}

static IcScenarioSample *
parse_sample (Ctx        *ctx,
              JsonNode   *json,
              const char *path,
              gboolean    cluster)
{
  static const char *allowed[] = { "at_s", "state", "latency_ms", "value", "detail", "nodes",
                                   NULL };
  static const char *states[] = { "ok", "degraded", "failing", "error", NULL };
  JsonObject *object = get_object (ctx, json, path);
  IcScenarioSample *sample;

  if (object == NULL || !only_members (ctx, object, path, allowed))
    return NULL;
  sample = g_new0 (IcScenarioSample, 1);
  get_seconds (ctx, object, path, "at_s", TRUE, &sample->at_s);
  sample->state = get_text (ctx, object, path, "state", TRUE, 16);
  if (sample->state != NULL && !g_strv_contains (states, sample->state))
    {
      g_autofree char *where = g_strdup_printf ("%s.state", path);

      invalid (ctx, where, _("one of ok, degraded, failing, error"));
    }
  get_number (ctx, object, path, "latency_ms", TRUE, &sample->latency_ms, NULL);
  get_number (ctx, object, path, "value", FALSE, &sample->value, &sample->has_value);
  sample->detail = get_text (ctx, object, path, "detail", TRUE, 1024);
  if (!ctx->failed && json_object_has_member (object, "nodes"))
    {
      JsonArray *nodes;

      if (!cluster)
        {
          g_autofree char *where = g_strdup_printf ("%s.nodes", path);

          invalid (ctx, where, _("no nodes: only a Redis cluster probe (redis://…?cluster=1) "
                                 "has them"));
        }
      else if ((nodes = get_array (ctx, object, path, "nodes", 1, 1000)) != NULL)
        {
          sample->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
          for (guint i = 0; i < json_array_get_length (nodes) && !ctx->failed; i++)
            {
              g_autofree char *where = g_strdup_printf ("%s.nodes[%u]", path, i);
              IcScenarioNode *node = parse_node (ctx, json_array_get_element (nodes, i), where);

              if (node != NULL)
                g_ptr_array_add (sample->nodes, node);
            }
        }
    }
  if (ctx->failed)
    return sample_free (sample), NULL;
  return sample;
}

static GPtrArray *
parse_script (Ctx        *ctx,
              JsonObject *object,
              const char *path,
              const char *name,
              gboolean    cluster)
{
  JsonArray *array = get_array (ctx, object, path, name, 1, 1000);
  g_autoptr(GPtrArray) script = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array) && !ctx->failed; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.%s[%u]", path, name, i);
      IcScenarioSample *sample = parse_sample (ctx, json_array_get_element (array, i), where,
                                               cluster);

      if (sample == NULL)
        break;
      if (i == 0 && sample->at_s != 0)
        {
          g_autofree char *at = g_strdup_printf ("%s.at_s", where);

          invalid (ctx, at, _("0: a script starts at once"));
        }
      else if (i > 0 && sample->at_s <= ((IcScenarioSample *) g_ptr_array_index (script, i - 1))->at_s)
        {
          g_autofree char *at = g_strdup_printf ("%s.at_s", where);

          invalid (ctx, at, _("a time after the previous sample’s"));
        }
      g_ptr_array_add (script, sample);
    }
  if (ctx->failed)
    return NULL;
  return g_steal_pointer (&script);
}

static IcScenarioProbe *
parse_probe (Ctx        *ctx,
             JsonNode   *json,
             const char *path)
{
  static const char *allowed[] = { "name", "kind", "target", "script", "after_fix", NULL };
  JsonObject *object = get_object (ctx, json, path);
  g_autofree char *kind = NULL;
  IcProbeKind probe_kind = IC_PROBE_KIND_HTTP;
  IcScenarioProbe *probe;
  gboolean cluster;

  if (object == NULL || !only_members (ctx, object, path, allowed))
    return NULL;
  probe = g_new0 (IcScenarioProbe, 1);
  probe->name = get_text (ctx, object, path, "name", TRUE, 100);
  kind = get_text (ctx, object, path, "kind", TRUE, 16);
  /* "replay" is how the app stores a scripted probe, not a kind to script. */
  if (kind != NULL && (!ic_probe_kind_from_string (kind, &probe_kind)
                       || probe_kind == IC_PROBE_KIND_REPLAY))
    {
      g_autofree char *where = g_strdup_printf ("%s.kind", path);

      invalid (ctx, where, _("one of http, redis, prometheus, tcp, dns"));
    }
  probe->kind = probe_kind;
  probe->target = get_text (ctx, object, path, "target", TRUE, 1024);
  cluster = probe->kind == IC_PROBE_KIND_REDIS && probe->target != NULL
            && strstr (probe->target, "cluster=1") != NULL;
  if (!ctx->failed)
    probe->script = parse_script (ctx, object, path, "script", cluster);
  if (!ctx->failed)
    probe->after_fix = parse_script (ctx, object, path, "after_fix", cluster);
  if (ctx->failed)
    return probe_free (probe), NULL;
  return probe;
}

static IcScenarioChange *
parse_change (Ctx        *ctx,
              JsonNode   *json,
              const char *path)
{
  static const char *allowed[] = { "id", "kind", "description", "ago_s", "reversible", NULL };
  JsonObject *object = get_object (ctx, json, path);
  g_autofree char *kind = NULL;
  IcChangeKind change_kind = IC_CHANGE_KIND_OTHER;
  IcScenarioChange *change;

  if (object == NULL || !only_members (ctx, object, path, allowed))
    return NULL;
  change = g_new0 (IcScenarioChange, 1);
  change->id = get_id (ctx, object, path, "id");
  kind = get_text (ctx, object, path, "kind", TRUE, 32);
  if (kind != NULL && !ic_change_kind_from_string (kind, &change_kind))
    {
      g_autofree char *where = g_strdup_printf ("%s.kind", path);

      invalid (ctx, where, _("one of deploy, config, dns, migration, feature-flag, other"));
    }
  change->kind = change_kind;
  change->description = get_text (ctx, object, path, "description", TRUE, 500);
  get_seconds (ctx, object, path, "ago_s", TRUE, &change->ago_s);
  get_boolean (ctx, object, path, "reversible", &change->reversible);
  if (ctx->failed)
    return change_free (change), NULL;
  return change;
}

static IcScenarioEvent *
parse_event (Ctx        *ctx,
             JsonNode   *json,
             const char *path)
{
  static const char *allowed[] = { "at_s", "after_fix_s", "kind", "from", "text", NULL };
  static const char *kinds[] = { "message", "alert", "recovery", NULL };
  JsonObject *object = get_object (ctx, json, path);
  g_autofree char *kind = NULL;
  IcScenarioEvent *event;
  gboolean at, after;

  if (object == NULL || !only_members (ctx, object, path, allowed))
    return NULL;
  event = g_new0 (IcScenarioEvent, 1);
  at = json_object_has_member (object, "at_s");
  after = json_object_has_member (object, "after_fix_s");
  if (at == after)
    invalid (ctx, path, _("exactly one of at_s (from the start) and after_fix_s (from the fix)"));
  else if (at)
    get_seconds (ctx, object, path, "at_s", TRUE, &event->at_s);
  else
    {
      event->after_fix = TRUE;
      get_seconds (ctx, object, path, "after_fix_s", TRUE, &event->at_s);
    }
  kind = get_text (ctx, object, path, "kind", TRUE, 16);
  for (guint i = 0; kind != NULL && kinds[i] != NULL; i++)
    if (g_str_equal (kind, kinds[i]))
      event->kind = (IcScenarioEventKind) i;
  if (kind != NULL && !g_strv_contains (kinds, kind))
    {
      g_autofree char *where = g_strdup_printf ("%s.kind", path);

      invalid (ctx, where, _("one of message, alert, recovery"));
    }
  event->from = get_text (ctx, object, path, "from", TRUE, 100);
  event->text = get_text (ctx, object, path, "text", TRUE, 1000);
  if (ctx->failed)
    return event_free (event), NULL;
  return event;
}

typedef gpointer (*ParseFunc) (Ctx *ctx, JsonNode *json, const char *path);

static GPtrArray *
parse_list (Ctx            *ctx,
            JsonObject     *root,
            const char     *name,
            guint           min,
            guint           max,
            ParseFunc       parse,
            GDestroyNotify  free_func)
{
  JsonArray *array = get_array (ctx, root, "$", name, min, max);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array) && !ctx->failed; i++)
    {
      g_autofree char *where = g_strdup_printf ("$.%s[%u]", name, i);
      gpointer item = parse (ctx, json_array_get_element (array, i), where);

      if (item != NULL)
        g_ptr_array_add (list, item);
    }
  if (ctx->failed)
    return NULL;
  return g_steal_pointer (&list);
}

static void
parse_alert (Ctx        *ctx,
             JsonObject *root,
             IcScenario *self)
{
  static const char *allowed[] = { "source", "payload", NULL };
  JsonObject *alert = get_object (ctx, member (ctx, root, "$", "alert", TRUE), "$.alert");
  JsonNode *payload;
  g_autoptr(IcAlert) parsed = NULL;
  g_autoptr(GError) local = NULL;

  if (alert == NULL || !only_members (ctx, alert, "$.alert", allowed))
    return;
  self->alert_source = get_text (ctx, alert, "$.alert", "source", TRUE, 32);
  if (self->alert_source == NULL)
    return;
  if (!g_str_equal (self->alert_source, "pagerduty")
      && !g_str_equal (self->alert_source, "alertmanager"))
    {
      invalid (ctx, "$.alert.source", _("“pagerduty” or “alertmanager”"));
      return;
    }
  payload = member (ctx, alert, "$.alert", "payload", TRUE);
  if (get_object (ctx, payload, "$.alert.payload") == NULL)
    return;
  self->alert_payload = json_to_string (payload, FALSE);
  /* The importer reads it as it would a real webhook's body. */
  parsed = ic_alert_parse (self->alert_payload, -1, &local);
  if (parsed == NULL)
    {
      g_autofree char *expected = g_strdup_printf (_("a webhook body the alert importer reads "
                                                     "(%s)"), local->message);

      invalid (ctx, "$.alert.payload", expected);
    }
  else if (!g_str_equal (ic_alert_source_to_string (ic_alert_get_source (parsed)),
                         self->alert_source))
    {
      g_autofree char *expected = g_strdup_printf (_("a %s webhook body, as $.alert.source says"),
                                                   self->alert_source);

      invalid (ctx, "$.alert.payload", expected);
    }
}

static void
parse_facts (Ctx        *ctx,
             JsonObject *root,
             IcScenario *self)
{
  static const char *allowed[] = { "last_known_good", "last_known_good_ago_s", "blast_radius",
                                   "error_rate", NULL };
  JsonObject *facts = get_object (ctx, member (ctx, root, "$", "facts", TRUE), "$.facts");

  if (facts == NULL || !only_members (ctx, facts, "$.facts", allowed))
    return;
  self->last_known_good = get_text (ctx, facts, "$.facts", "last_known_good", TRUE, 500);
  get_seconds (ctx, facts, "$.facts", "last_known_good_ago_s", TRUE,
               &self->last_known_good_ago_s);
  self->blast_radius = get_text (ctx, facts, "$.facts", "blast_radius", TRUE, 500);
  get_number (ctx, facts, "$.facts", "error_rate", FALSE, &self->error_rate,
              &self->has_error_rate);
  if (!ctx->failed && self->has_error_rate && self->error_rate > 100)
    invalid (ctx, "$.facts.error_rate", _("a percentage from 0 to 100"));
}

static void
parse_truth (Ctx        *ctx,
             JsonObject *root,
             IcScenario *self)
{
  static const char *allowed[] = { "root_cause", "culprit_change", "wild_card", "keywords",
                                   "detection_gap", "missing_signal",
                                   "missing_signal_keywords", NULL };
  JsonObject *truth = get_object (ctx, member (ctx, root, "$", "truth", TRUE), "$.truth");
  const IcScenarioChange *culprit;

  if (truth == NULL || !only_members (ctx, truth, "$.truth", allowed))
    return;
  self->root_cause = get_text (ctx, truth, "$.truth", "root_cause", TRUE, 1000);
  self->culprit_change = get_id (ctx, truth, "$.truth", "culprit_change");
  get_boolean (ctx, truth, "$.truth", "wild_card", &self->wild_card);
  if (!ctx->failed)
    self->keywords = get_words (ctx, truth, "$.truth", "keywords");
  self->detection_gap = get_text (ctx, truth, "$.truth", "detection_gap", TRUE, 1000);
  self->missing_signal = get_text (ctx, truth, "$.truth", "missing_signal", TRUE, 1000);
  if (!ctx->failed)
    self->missing_signal_keywords = get_words (ctx, truth, "$.truth", "missing_signal_keywords");
  if (ctx->failed)
    return;
  culprit = ic_scenario_find_change (self, self->culprit_change);
  if (culprit == NULL)
    invalid (ctx, "$.truth.culprit_change", _("the id of one of $.changes"));
  else if (!culprit->reversible)
    invalid (ctx, "$.truth.culprit_change", _("a reversible change: rolling it back is the fix"));
}

/**
 * ic_scenario_parse:
 * @data: the file's contents
 * @length: their length, or -1 when nul-terminated
 * @name: what errors call the file, e.g. its base name
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with @error
 *   set to an #IC_SCENARIO_ERROR_INVALID naming @name, the JSON path and
 *   what was expected there
 */
IcScenario *
ic_scenario_parse (const char  *data,
                   gssize       length,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(IcScenario) self = NULL;
  static const char *allowed[] = { "format", "version", "id", "title", "description",
                                   "service", "severity", "alert", "facts", "changes",
                                   "probes", "events", "truth", NULL };
  Ctx ctx = { name, error, FALSE };
  g_autofree char *format = NULL;
  g_autofree char *severity = NULL;
  JsonObject *root;
  gint64 version = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = ic_json_parse (data, length, IC_JSON_MAX_DEPTH, &local);
  if (node == NULL)
    {
      g_set_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_INVALID, _("%s: not JSON: %s"),
                   name, local->message);
      return NULL;
    }
  if ((root = get_object (&ctx, node, "$")) == NULL
      || !only_members (&ctx, root, "$", allowed))
    return NULL;
  format = get_text (&ctx, root, "$", "format", TRUE, 64);
  if (format != NULL && !g_str_equal (format, IC_SCENARIO_FORMAT))
    return invalid (&ctx, "$.format", "“" IC_SCENARIO_FORMAT "”"), NULL;
  if (get_seconds (&ctx, root, "$", "version", TRUE, &version) && version != IC_SCENARIO_VERSION)
    return invalid (&ctx, "$.version", _("1, the version this app reads")), NULL;

  self = g_new0 (IcScenario, 1);
  self->id = get_id (&ctx, root, "$", "id");
  self->title = get_text (&ctx, root, "$", "title", TRUE, 200);
  self->description = get_text (&ctx, root, "$", "description", TRUE, 120);
  self->service = get_text (&ctx, root, "$", "service", TRUE, 200);
  severity = get_text (&ctx, root, "$", "severity", TRUE, 8);
  if (severity != NULL && !ic_severity_from_string (severity, &self->severity))
    invalid (&ctx, "$.severity", _("one of sev1, sev2, sev3, sev4"));
  if (!ctx.failed)
    parse_alert (&ctx, root, self);
  if (!ctx.failed)
    parse_facts (&ctx, root, self);
  if (!ctx.failed)
    self->changes = parse_list (&ctx, root, "changes", 1, 20, (ParseFunc) parse_change,
                                (GDestroyNotify) change_free);
  if (!ctx.failed)
    self->probes = parse_list (&ctx, root, "probes", 1, 8, (ParseFunc) parse_probe,
                               (GDestroyNotify) probe_free);
  if (!ctx.failed)
    self->events = parse_list (&ctx, root, "events", 0, 50, (ParseFunc) parse_event,
                               (GDestroyNotify) event_free);
  for (guint i = 0; !ctx.failed && i < self->changes->len; i++)
    for (guint j = 0; j < i; j++)
      if (g_str_equal (((IcScenarioChange *) g_ptr_array_index (self->changes, i))->id,
                       ((IcScenarioChange *) g_ptr_array_index (self->changes, j))->id))
        {
          g_autofree char *where = g_strdup_printf ("$.changes[%u].id", i);

          invalid (&ctx, where, _("an id no other change has"));
          break;
        }
  if (!ctx.failed)
    parse_truth (&ctx, root, self);
  if (ctx.failed)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * ic_scenario_load:
 * @file: a scenario file
 * @text: (out) (optional): the text that was parsed, to keep with a drill
 *
 * Reads @file once (at most %IC_SCENARIO_MAX_SIZE bytes) and parses it;
 * errors name the file by its base name.
 *
 * Returns: (transfer full) (nullable): the scenario
 */
IcScenario *
ic_scenario_load (GFile         *file,
                  char         **text,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *base = NULL;
  IcScenario *scenario;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  base = g_file_get_basename (file);
  in = g_file_read (file, cancellable, &local);
  if (in != NULL)
    bytes = g_input_stream_read_bytes (G_INPUT_STREAM (in), IC_SCENARIO_MAX_SIZE + 1,
                                       cancellable, &local);
  if (bytes == NULL)
    {
      g_set_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_READ, _("%s: cannot read it: %s"),
                   base, local->message);
      return NULL;
    }
  if (g_bytes_get_size (bytes) > IC_SCENARIO_MAX_SIZE)
    {
      g_set_error (error, IC_SCENARIO_ERROR, IC_SCENARIO_ERROR_READ,
                   _("%s: larger than a scenario can be (1 MiB)"), base);
      return NULL;
    }
  scenario = ic_scenario_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), base,
                                error);
  if (scenario != NULL && text != NULL)
    *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return scenario;
}

void
ic_scenario_free (IcScenario *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->service);
  g_free (self->alert_source);
  g_free (self->alert_payload);
  g_free (self->last_known_good);
  g_free (self->blast_radius);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self->root_cause);
  g_free (self->culprit_change);
  g_strfreev (self->keywords);
  g_free (self->detection_gap);
  g_free (self->missing_signal);
  g_strfreev (self->missing_signal_keywords);
  g_free (self);
}

/**
 * ic_scenario_find_change:
 *
 * Returns: (nullable): the change with @id
 */
const IcScenarioChange *
ic_scenario_find_change (const IcScenario *self,
                         const char       *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && self->changes != NULL && i < self->changes->len; i++)
    {
      const IcScenarioChange *change = g_ptr_array_index (self->changes, i);

      if (g_str_equal (change->id, id))
        return change;
    }
  return NULL;
}

static const IcScenarioSample *
sample_at (GPtrArray *script,
           gint64     at_s)
{
  const IcScenarioSample *found = g_ptr_array_index (script, 0);

  for (guint i = 1; i < script->len; i++)
    {
      const IcScenarioSample *sample = g_ptr_array_index (script, i);

      if (sample->at_s > at_s)
        break;
      found = sample;
    }
  return found;
}

/**
 * ic_scenario_probe_sample_at:
 * @elapsed_s: seconds since the drill started (pauses not counted)
 * @fixed_for_s: seconds since the culprit was rolled back, or -1 when it
 *   has not been
 *
 * Returns: what @probe answers then: the last sample of its script (or,
 *   once fixed, of its after-fix script) whose time has come
 */
const IcScenarioSample *
ic_scenario_probe_sample_at (const IcScenarioProbe *probe,
                             gint64                 elapsed_s,
                             gint64                 fixed_for_s)
{
  g_return_val_if_fail (probe != NULL, NULL);

  if (fixed_for_s >= 0)
    return sample_at (probe->after_fix, fixed_for_s);
  return sample_at (probe->script, MAX (elapsed_s, 0));
}

/**
 * ic_scenario_text_names_cause:
 * @text: e.g. a hypothesis
 *
 * Returns: whether @text names the true cause: one of the truth's keywords
 *   is in it, whatever the case
 */
gboolean
ic_scenario_text_names_cause (const IcScenario *self,
                              const char       *text)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (text == NULL || self->keywords == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; self->keywords[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (self->keywords[i], -1);

      if (strstr (folded, word) != NULL)
        return TRUE;
    }
  return FALSE;
}

const char *
ic_scenario_event_kind_to_string (IcScenarioEventKind kind)
{
  switch (kind)
    {
    case IC_SCENARIO_EVENT_MESSAGE:
      return "message";
    case IC_SCENARIO_EVENT_ALERT:
      return "alert";
    case IC_SCENARIO_EVENT_RECOVERY:
      return "recovery";
    default:
      g_return_val_if_reached ("message");
    }
}
