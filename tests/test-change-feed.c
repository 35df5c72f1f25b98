/* test-change-feed.c — deployments read from an HTTP(S) JSON feed: the
 * documented shape and mappings, parsed from tables, and reads from a real
 * in-process SoupServer on loopback, hostile answers included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ic-change-feed.h"
#include "ic-http.h"
#include "ic-test-http.h"

/* The alert (2026-11-28T08:00:00Z), and the window the app reads: two
 * hours before it to ten minutes after. */
#define ALERT_S G_GINT64_CONSTANT (1795852800)
#define MIN_S(n) ((gint64) (n) * 60)
#define SINCE_US ((ALERT_S - MIN_S (120)) * G_USEC_PER_SEC)
#define UNTIL_US ((ALERT_S + MIN_S (10)) * G_USEC_PER_SEC)
#define AT_US(minutes) ((ALERT_S + MIN_S (minutes)) * G_USEC_PER_SEC)

/* The documented shape: three changes in the window (a string time, a
 * number, another offset), one before it, two that are no change. */
#define DOCUMENTED_FEED \
  "[" \
  " {\"time\": \"2026-11-28T07:30:00Z\", \"kind\": \"deploy\"," \
  "  \"description\": \"checkout 4.2.1 to production\", \"author\": \"dana\"," \
  "  \"revision\": \"d-8812\", \"reversible\": false}," \
  " {\"time\": 1795849200, \"description\": \"Enable flag new-payment-form\"," \
  "  \"revision\": 8813}," \
  " {\"time\": \"2026-11-28T09:15:00+02:00\", \"kind\": \"rollout\"," \
  "  \"description\": \"Migrate the orders table\", \"revision\": \"d-8814\"}," \
  " {\"time\": \"2026-11-28T05:00:00Z\", \"description\": \"yesterday's deploy\"," \
  "  \"revision\": \"d-8700\"}," \
  " {\"time\": \"2026-11-28T07:40:00Z\", \"revision\": \"d-8815\"}," \
  " 42" \
  "]"

/* A CD system's own shape, read through NESTED_MAPPING. */
#define NESTED_FEED \
  "{\"data\": {\"deployments\": [" \
  " {\"id\": 501, \"name\": \"api v2.3 released\", \"finished_at\": \"2026-11-28T07:50:00Z\"," \
  "  \"user\": {\"login\": \"sam\"}, \"type\": \"deploy\", \"rollbackable\": false," \
  "  \"tags\": [\"hotfix\"]}," \
  " {\"id\": \"502\", \"name\": \"DNS cutover for api.example.com\"," \
  "  \"finished_at\": 1795851000, \"user\": {\"login\": \"kim\"}, \"tags\": []}," \
  " {\"id\": 503, \"name\": \"last week\", \"finished_at\": \"2026-11-21T07:50:00Z\"}," \
  " {\"name\": \"no id\", \"finished_at\": \"2026-11-28T07:55:00Z\"}" \
  "]}, \"meta\": {\"page\": 1}}"

#define NESTED_MAPPING \
  "{\"items\": \"$.data.deployments[*]\", \"time\": \"$.finished_at\"," \
  " \"description\": \"$.name\", \"author\": \"$.user.login\", \"revision\": \"$.id\"," \
  " \"kind\": \"$.type\", \"reversible\": \"$.rollbackable\"}"

static IcChangeDraft *
draft_at (GPtrArray *drafts,
          guint      i)
{
  g_assert_cmpuint (i, <, drafts->len);
  return g_ptr_array_index (drafts, i);
}

static GPtrArray *
parse (const char  *body,
       const char  *mapping,
       guint       *n_skipped,
       GError     **error)
{
  return ic_change_feed_parse (body, strlen (body), mapping, SINCE_US, UNTIL_US, n_skipped,
                               error);
}

/* The documented feed's changes, as both the parse and a read give them. */
static void
assert_documented_feed (GPtrArray *drafts)
{
  IcChangeDraft *draft;

  g_assert_cmpuint (drafts->len, ==, 3);
  draft = draft_at (drafts, 0);
  g_assert_cmpint (draft->changed_at, ==, AT_US (-30));
  g_assert_cmpint (draft->kind, ==, IC_CHANGE_KIND_DEPLOY);
  g_assert_cmpstr (draft->description, ==, "checkout 4.2.1 to production");
  g_assert_cmpstr (draft->author, ==, "dana");
  g_assert_cmpstr (draft->revision, ==, "d-8812");
  g_assert_false (draft->reversible);
  g_assert_null (draft->config_diff);
  draft = draft_at (drafts, 1);
  g_assert_cmpint (draft->changed_at, ==, AT_US (-45));
  g_assert_cmpint (draft->kind, ==, IC_CHANGE_KIND_MIGRATION);
  g_assert_cmpstr (draft->revision, ==, "d-8814");
  draft = draft_at (drafts, 2);
  g_assert_cmpint (draft->changed_at, ==, AT_US (-60));
  g_assert_cmpint (draft->kind, ==, IC_CHANGE_KIND_FEATURE_FLAG);
  g_assert_cmpstr (draft->revision, ==, "8813");
  g_assert_null (draft->author);
  g_assert_true (draft->reversible);
}

/* Parsing: the documented shape ------------------------------------------- */

/* A feed in the documented shape gives its changes in the window, newest
 * first; the deployment before the window is dropped silently, the item
 * without a description and the number that is no object are counted as
 * skipped. */
static void
test_parse_documented (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  guint skipped = 99;

  drafts = parse (DOCUMENTED_FEED, NULL, &skipped, &error);
  g_assert_no_error (error);
  assert_documented_feed (drafts);
  g_assert_cmpuint (skipped, ==, 2);
}

typedef enum { KEPT, SKIPPED, OUTSIDE } Outcome;

typedef struct
{
  const char   *item;
  Outcome       outcome;
  gint64        changed_at;
  IcChangeKind  kind;
  const char   *description;
  const char   *author;
  const char   *revision;
  gboolean      reversible;
} ItemCase;

#define T "\"time\": \"2026-11-28T07:00:00Z\""
#define D "\"description\": \"api deploy\""
#define R "\"revision\": \"r1\""

/* Each field of one item, read as documented: what is kept, guessed,
 * defaulted, and what makes an item skipped (counted) or outside the
 * window (dropped, not counted). The window's ends are inside it. */
static const ItemCase item_cases[] = {
  { "{" T ", " D ", " R "}", KEPT, AT_US (-60), IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1",
    TRUE },
  { "{" T ", " D ", " R ", \"kind\": \"config\", \"author\": \"lee\", \"reversible\": false}",
    KEPT, AT_US (-60), IC_CHANGE_KIND_CONFIG, "api deploy", "lee", "r1", FALSE },
  { "{" T ", " D ", " R ", \"kind\": \"Feature-Flag\"}", KEPT, AT_US (-60),
    IC_CHANGE_KIND_FEATURE_FLAG, "api deploy", NULL, "r1", TRUE },
  /* An unknown or unusable kind is guessed from the description. */
  { "{" T ", \"description\": \"Update DNS for api\", " R ", \"kind\": \"rollout\"}", KEPT,
    AT_US (-60), IC_CHANGE_KIND_DNS, "Update DNS for api", NULL, "r1", TRUE },
  { "{" T ", \"description\": \"nightly job\", " R ", \"kind\": 3}", KEPT, AT_US (-60),
    IC_CHANGE_KIND_OTHER, "nightly job", NULL, "r1", TRUE },
  /* Times: other offsets, fractions, Unix seconds as integers and not. */
  { "{\"time\": \"2026-11-28T02:00:00-05:00\", " D ", " R "}", KEPT, AT_US (-60),
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  { "{\"time\": \"2026-11-28T07:00:00.250Z\", " D ", " R "}", KEPT, AT_US (-60) + 250000,
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  { "{\"time\": 1795849200, " D ", " R "}", KEPT, AT_US (-60), IC_CHANGE_KIND_DEPLOY,
    "api deploy", NULL, "r1", TRUE },
  { "{\"time\": 1795849200.5, " D ", " R "}", KEPT, AT_US (-60) + 500000,
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  /* Revisions: numbers as written, integers without a fraction. */
  { "{" T ", " D ", \"revision\": 8812}", KEPT, AT_US (-60), IC_CHANGE_KIND_DEPLOY,
    "api deploy", NULL, "8812", TRUE },
  { "{" T ", " D ", \"revision\": 8812.0}", KEPT, AT_US (-60), IC_CHANGE_KIND_DEPLOY,
    "api deploy", NULL, "8812", TRUE },
  { "{" T ", " D ", \"revision\": 12.5}", KEPT, AT_US (-60), IC_CHANGE_KIND_DEPLOY,
    "api deploy", NULL, "12.5", TRUE },
  /* Optional fields of the wrong type are as if missing. */
  { "{" T ", " D ", " R ", \"author\": 7, \"reversible\": \"no\"}", KEPT, AT_US (-60),
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  { "{" T ", " D ", " R ", \"author\": null, \"kind\": null}", KEPT, AT_US (-60),
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  /* The window's ends are in it. */
  { "{\"time\": \"2026-11-28T06:00:00Z\", " D ", " R "}", KEPT, AT_US (-120),
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  { "{\"time\": \"2026-11-28T08:10:00Z\", " D ", " R "}", KEPT, AT_US (10),
    IC_CHANGE_KIND_DEPLOY, "api deploy", NULL, "r1", TRUE },
  { "{\"time\": \"2026-11-28T05:59:59Z\", " D ", " R "}", OUTSIDE },
  { "{\"time\": \"2026-11-28T08:10:01Z\", " D ", " R "}", OUTSIDE },
  { "{\"time\": 0, " D ", " R "}", OUTSIDE },
  /* Required fields missing or unusable. */
  { "{" D ", " R "}", SKIPPED },
  { "{" T ", " R "}", SKIPPED },
  { "{" T ", " D "}", SKIPPED },
  { "{" T ", \"description\": \"  \", " R "}", SKIPPED },
  { "{" T ", \"description\": 5, " R "}", SKIPPED },
  { "{" T ", " D ", \"revision\": \"\"}", SKIPPED },
  { "{" T ", " D ", \"revision\": {\"id\": 1}}", SKIPPED },
  { "{" T ", " D ", \"revision\": true}", SKIPPED },
  { "{" T ", " D ", \"revision\": null}", SKIPPED },
  { "{\"time\": \"2026-11-28T07:00:00\", " D ", " R "}", SKIPPED },  /* no offset */
  { "{\"time\": \"yesterday\", " D ", " R "}", SKIPPED },
  { "{\"time\": \"1795849200\", " D ", " R "}", SKIPPED },
  { "{\"time\": true, " D ", " R "}", SKIPPED },
  { "{\"time\": 1e300, " D ", " R "}", SKIPPED },
  { "{\"time\": 99999999999999999, " D ", " R "}", SKIPPED },
  /* Items that are no object. */
  { "42", SKIPPED },
  { "\"deploy\"", SKIPPED },
  { "null", SKIPPED },
  { "[1, 2]", SKIPPED },
};

#undef T
#undef D
#undef R

static void
test_parse_items (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_cases); i++)
    {
      const ItemCase *c = &item_cases[i];
      g_autofree char *body = g_strdup_printf ("[%s]", c->item);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      guint skipped = 99;
      IcChangeDraft *draft;

      g_test_message ("%s", c->item);
      drafts = parse (body, NULL, &skipped, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, c->outcome == KEPT ? 1 : 0);
      g_assert_cmpuint (skipped, ==, c->outcome == SKIPPED ? 1 : 0);
      if (c->outcome != KEPT)
        continue;
      draft = draft_at (drafts, 0);
      g_assert_cmpint (draft->changed_at, ==, c->changed_at);
      g_assert_cmpint (draft->kind, ==, c->kind);
      g_assert_cmpstr (draft->description, ==, c->description);
      g_assert_cmpstr (draft->author, ==, c->author);
      g_assert_cmpstr (draft->revision, ==, c->revision);
      g_assert_cmpint (draft->reversible, ==, c->reversible);
    }
}

/* Text from outside is bounded: a description is cut (it is only shown);
 * a revision too long to be an identifier makes the item skipped rather
 * than cut, which could make two deployments one change. */
static void
test_parse_bounds (void)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *body = g_strdup_printf (
    "[{\"time\": 1795849200, \"description\": \"%s\", \"revision\": \"a\", \"author\": \"%s\"},"
    " {\"time\": 1795849200, \"description\": \"b\", \"revision\": \"%s\"}]",
    long_text, long_text, long_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  guint skipped = 0;

  drafts = parse (body, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (strlen (draft_at (drafts, 0)->description), <, 1100);
  g_assert_cmpuint (strlen (draft_at (drafts, 0)->author), <, 300);
  g_assert_true (g_str_has_prefix (draft_at (drafts, 0)->description, "xxxx"));
}

/* An empty list is no error, and deployments at the same time keep the
 * feed's order (newest first otherwise). */
static void
test_parse_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  guint skipped = 99;

  drafts = parse (" [ ] ", NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_assert_cmpuint (skipped, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  drafts = parse ("[{\"time\": 1795849200, \"description\": \"a\", \"revision\": 1},"
                  " {\"time\": 1795852000, \"description\": \"b\", \"revision\": 2},"
                  " {\"time\": 1795849200, \"description\": \"c\", \"revision\": 3}]",
                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 3);
  g_assert_cmpstr (draft_at (drafts, 0)->revision, ==, "2");
  g_assert_cmpstr (draft_at (drafts, 1)->revision, ==, "1");
  g_assert_cmpstr (draft_at (drafts, 2)->revision, ==, "3");
}

/* Parsing: mappings ----------------------------------------------------------- */

/* A nested shape read through a mapping: the list found by "items" with
 * or without its [*] (or by a recursive descent), each field at its path
 * in one item, missing ones defaulted, the item without a revision
 * skipped. */
static void
test_parse_mapping (void)
{
  const char *items_paths[] = {
    "$.data.deployments[*]", "$.data.deployments", "$..deployments[*]", "$['data'].deployments",
  };

  for (guint i = 0; i < G_N_ELEMENTS (items_paths); i++)
    {
      g_autofree char *mapping = g_strdup_printf (
        "{\"items\": \"%s\", \"time\": \"$.finished_at\", \"description\": \"$.name\","
        " \"author\": \"$.user.login\", \"revision\": \"$.id\", \"kind\": \"$.type\","
        " \"reversible\": \"$.rollbackable\"}", items_paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      IcChangeDraft *draft;
      guint skipped = 0;

      g_test_message ("items: %s", items_paths[i]);
      drafts = parse (NESTED_FEED, mapping, &skipped, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drafts->len, ==, 2);
      g_assert_cmpuint (skipped, ==, 1);
      draft = draft_at (drafts, 0);
      g_assert_cmpint (draft->changed_at, ==, AT_US (-10));
      g_assert_cmpstr (draft->description, ==, "api v2.3 released");
      g_assert_cmpstr (draft->author, ==, "sam");
      g_assert_cmpstr (draft->revision, ==, "501");
      g_assert_cmpint (draft->kind, ==, IC_CHANGE_KIND_DEPLOY);
      g_assert_false (draft->reversible);
      draft = draft_at (drafts, 1);
      g_assert_cmpint (draft->changed_at, ==, AT_US (-30));
      g_assert_cmpstr (draft->author, ==, "kim");
      g_assert_cmpstr (draft->revision, ==, "502");
      g_assert_cmpint (draft->kind, ==, IC_CHANGE_KIND_DNS);
      g_assert_true (draft->reversible);
    }
}

/* A field's path may match several nodes, or none in an empty array: the
 * first match is taken, and nothing reads past an array's end (a
 * Json-CRITICAL would fail this test). Fields the mapping leaves out are
 * read from the members of their documented names. */
static void
test_parse_mapping_first_match (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  drafts = parse ("{\"data\": {\"deployments\": ["
                  " {\"id\": 1, \"time\": 1795849200, \"description\": \"a\", \"tags\": []},"
                  " {\"id\": 2, \"time\": 1795849100, \"description\": \"b\","
                  "  \"tags\": [\"x\", \"y\"]}]}}",
                  "{\"items\": \"$.data.deployments\", \"revision\": \"$.id\","
                  " \"author\": \"$.tags[*]\"}",
                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_null (draft_at (drafts, 0)->author);
  g_assert_cmpstr (draft_at (drafts, 0)->description, ==, "a");
  g_assert_cmpstr (draft_at (drafts, 1)->author, ==, "x");
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* An empty list behind "items", with or without [*]. */
  drafts = parse ("{\"data\": {\"deployments\": []}}", NESTED_MAPPING, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = parse ("{\"data\": {\"deployments\": []}}", "{\"items\": \"$..deployments[*]\"}",
                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
}

typedef struct
{
  const char *mapping;
  const char *message;   /* a glob */
} MappingErrorCase;

/* A mapping that is no JSON object of JSONPath strings is an error naming
 * the member, before any body is looked at; so are index, set and slice
 * paths, which json-glib reads past the end of arrays with. */
static const MappingErrorCase mapping_error_cases[] = {
  { "{", "mapping: not a JSON object*" },
  { "[\"$.time\"]", "mapping: not a JSON object*" },
  { "\"$.time\"", "mapping: not a JSON object*" },
  { "{\"time\": 1}", "mapping: \"time\": expected a JSONPath string" },
  { "{\"time\": null}", "mapping: \"time\": expected a JSONPath string" },
  { "{\"when\": \"$.finished_at\"}", "mapping: \"when\": not a field of a change*" },
  { "{\"time\": \"finished_at\"}", "mapping: \"time\": ?*" },
  { "{\"time\": \"$.\"}", "mapping: \"time\": ?*" },
  { "{\"description\": \"$.a[\"}", "mapping: \"description\": ?*" },
  { "{\"author\": \"$.authors[0]\"}", "mapping: \"author\": array indexes are not supported*" },
  { "{\"author\": \"$.authors[0].name\"}", "mapping: \"author\": array indexes*" },
  { "{\"revision\": \"$.ids[0,1]\"}", "mapping: \"revision\": array indexes*" },
  { "{\"kind\": \"$.kinds[0:2]\"}", "mapping: \"kind\": array indexes*" },
  { "{\"items\": \"$.data[0].deployments[*]\"}", "mapping: \"items\": array indexes*" },
  { "{\"items\": \"$.data\", \"reversible\": \"$.r[-1]\"}", "mapping: \"reversible\": array*" },
};

static void
test_parse_mapping_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mapping_error_cases); i++)
    {
      const MappingErrorCase *c = &mapping_error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;

      drafts = parse (DOCUMENTED_FEED, c->mapping, NULL, &error);
      g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING);
      g_assert_null (drafts);
      g_test_message ("%s → %s", c->mapping, error->message);
      g_assert_true (g_pattern_match_simple (c->message, error->message));
    }
}

typedef struct
{
  const char *body;
  const char *mapping;
  int         code;
  const char *message;   /* a glob */
} BodyErrorCase;

/* Bodies that are no feed: not JSON, or no list where the mapping (or
 * the documented shape, at "$") expects one. */
static const BodyErrorCase body_error_cases[] = {
  { "<html>502 Bad Gateway</html>", NULL, IC_CHANGE_FEED_ERROR_NOT_JSON, "not valid JSON: *" },
  { "", NULL, IC_CHANGE_FEED_ERROR_NOT_JSON, "not valid JSON: *" },
  { "[{\"time\": 1", NULL, IC_CHANGE_FEED_ERROR_NOT_JSON, "not valid JSON: *" },
  { "\xff\xfe[]", NULL, IC_CHANGE_FEED_ERROR_NOT_JSON, "not valid JSON: *" },
  { "{\"deployments\": []}", NULL, IC_CHANGE_FEED_ERROR_WRONG_SHAPE,
    "expected a list of changes at $" },
  { "\"deploy\"", NULL, IC_CHANGE_FEED_ERROR_WRONG_SHAPE, "expected a list of changes at $" },
  { "null", NULL, IC_CHANGE_FEED_ERROR_WRONG_SHAPE, "expected a list of changes at $" },
  { "{\"data\": {}}", NESTED_MAPPING, IC_CHANGE_FEED_ERROR_WRONG_SHAPE,
    "expected a list of changes at $.data.deployments[*]" },
  /* json-glib's [*] matches an object itself: it is no list either. */
  { "{\"data\": {\"deployments\": {\"id\": 1}}}", NESTED_MAPPING,
    IC_CHANGE_FEED_ERROR_WRONG_SHAPE, "expected a list of changes at $.data.deployments[*]" },
  { "[]", "{\"items\": \"$.data\"}", IC_CHANGE_FEED_ERROR_WRONG_SHAPE,
    "expected a list of changes at $.data" },
};

static void
test_parse_body_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (body_error_cases); i++)
    {
      const BodyErrorCase *c = &body_error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;

      drafts = parse (c->body, c->mapping, NULL, &error);
      g_assert_error (error, IC_CHANGE_FEED_ERROR, c->code);
      g_assert_null (drafts);
      g_test_message ("%s → %s", c->body, error->message);
      g_assert_true (g_pattern_match_simple (c->message, error->message));
    }
}

/* The cap holds for a body handed to the parse too. */
static void
test_parse_too_large (void)
{
  gsize length = IC_CHANGE_FEED_MAX_BODY + 1;
  g_autofree char *body = g_malloc (length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  memset (body, ' ', length);
  body[0] = '[';
  body[length - 1] = ']';
  drafts = ic_change_feed_parse (body, length, NULL, SINCE_US, UNTIL_US, NULL, &error);
  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TOO_LARGE);
  g_assert_null (drafts);
  g_clear_error (&error);
  /* Within the cap, the length is what counts, not a NUL. */
  drafts = ic_change_feed_parse (body + 1, length - 2, NULL, SINCE_US, UNTIL_US, NULL, &error);
  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_NOT_JSON);
}

/* Reading: a server on loopback ------------------------------------------- */

typedef struct
{
  SoupServer  *server;
  GObject     *session;         /* ic_http_session_new()'s, a SoupSession */
  char        *base;            /* http://127.0.0.1:PORT */
  GSList      *paused;          /* messages kept hanging */
  guint        n_requests;
  char        *accept;          /* of the last request */
  char        *authorization;   /* of the last request */
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
endless_chunk_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  static char chunk[64 * 1024];
  guint *sent = user_data;

  /* Bounded for the test's sake: 8 MiB, twice the cap. */
  if ((*sent)++ < 128)
    soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                              chunk, sizeof chunk);
  else
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static void
reply_endless (SoupServerMessage *msg)
{
  guint *sent = g_new0 (guint, 1);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  g_object_set_data_full (G_OBJECT (msg), "sent", sent, g_free);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_chunk_cb), sent);
  endless_chunk_cb (msg, sent);
}

/* A list of 4 MiB and a bit, its size said up front. */
static void
reply_huge (SoupServerMessage *msg)
{
  gsize length = IC_CHANGE_FEED_MAX_BODY + 2;
  char *body = g_malloc (length);

  memset (body, ' ', length);
  body[0] = '[';
  body[length - 1] = ']';
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  fx->n_requests++;
  g_free (fx->accept);
  fx->accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));
  g_free (fx->authorization);
  fx->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));

  if (g_str_equal (path, "/deployments"))
    reply (msg, 200, DOCUMENTED_FEED);
  else if (g_str_equal (path, "/api/deployments"))
    reply (msg, 200, NESTED_FEED);
  else if (g_str_equal (path, "/private"))
    {
      if (g_strcmp0 (fx->authorization, IC_TEST_TOKEN) == 0)
        reply (msg, 200, DOCUMENTED_FEED);
      else
        reply (msg, 401, "{\"error\": \"unauthorized\"}");
    }
  else if (g_str_equal (path, "/garbage"))
    reply (msg, 200, "<html><body>It works!</body></html>");
  else if (g_str_equal (path, "/object"))
    reply (msg, 200, "{\"deployments\": []}");
  else if (g_str_equal (path, "/huge"))
    reply_huge (msg);
  else if (g_str_equal (path, "/endless"))
    reply_endless (msg);
  else if (g_str_equal (path, "/hang"))
    {
      soup_server_message_pause (msg);
      fx->paused = g_slist_prepend (fx->paused, g_object_ref (msg));
    }
  else
    reply (msg, 404, "{}");
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fx->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fx->server, NULL, handler, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx->server);
  fx->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fx->session = ic_http_session_new (0);
  g_assert_true (SOUP_IS_SESSION (fx->session));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ic_change_feed_set_timeout_for_testing (0);
  soup_session_abort (SOUP_SESSION (fx->session));
  g_clear_object (&fx->session);
  for (GSList *l = fx->paused; l != NULL; l = l->next)
    soup_server_message_unpause (l->data);
  g_slist_free_full (fx->paused, g_object_unref);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (fx->base);
  g_free (fx->accept);
  g_free (fx->authorization);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
start_read (Fixture       *fx,
            const char    *path,
            const char    *mapping,
            const char    *authorization,
            GCancellable  *cancellable,
            GAsyncResult **result)
{
  g_autofree char *url = g_strconcat (fx->base, path, NULL);
  g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "checkout",
                                                           url);

  /* The source is gone before the read ends: the read keeps what it needs. */
  source->mapping = g_strdup (mapping);
  ic_change_feed_read_async (fx->session, source, authorization, SINCE_US, UNTIL_US,
                             cancellable, done_cb, result);
}

static GPtrArray *
finish_read (GAsyncResult **result,
             GError       **error)
{
  GPtrArray *drafts;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  drafts = ic_change_feed_read_finish (*result, error);
  g_clear_object (result);
  if (error != NULL && *error != NULL)
    g_test_message ("%s", (*error)->message);
  return drafts;
}

/* Reads on the default context, where the server lives too. */
static GPtrArray *
read_feed (Fixture     *fx,
           const char  *path,
           const char  *mapping,
           const char  *authorization,
           GError     **error)
{
  GAsyncResult *result = NULL;

  start_read (fx, path, mapping, authorization, NULL, &result);
  return finish_read (&result, error);
}

/* A read asks for JSON, sends no Authorization when it has none, and
 * gives the documented feed's changes as the parse does. */
static void
test_read_documented (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/deployments", NULL, NULL, &error);

  g_assert_no_error (error);
  assert_documented_feed (drafts);
  g_assert_cmpuint (fx->n_requests, ==, 1);
  g_assert_cmpstr (fx->accept, ==, "application/json");
  g_assert_null (fx->authorization);
}

/* A feed of another shape is read through the source's mapping. */
static void
test_read_mapping (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/api/deployments", NESTED_MAPPING, NULL,
                                           &error);

  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (draft_at (drafts, 0)->revision, ==, "501");
  g_assert_cmpstr (draft_at (drafts, 0)->author, ==, "sam");
  g_assert_cmpstr (draft_at (drafts, 1)->revision, ==, "502");
}

/* A broken mapping fails the read before anything is sent. */
static void
test_read_mapping_error (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/api/deployments",
                                           "{\"time\": \"finished_at\"}", NULL, &error);

  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_MAPPING);
  g_assert_null (drafts);
  g_assert_true (g_str_has_prefix (error->message, "mapping: \"time\": "));
  g_assert_cmpuint (fx->n_requests, ==, 0);
}

/* A feed behind a token: without it the answer's status and reason are
 * the error; with it the header is sent as given and the feed is read. */
static void
test_read_unauthorized (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/private", NULL, NULL, &error);

  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_HTTP_STATUS);
  g_assert_cmpstr (error->message, ==, "The feed answered 401 Unauthorized");
  g_assert_null (drafts);
  g_assert_null (fx->authorization);
  g_clear_error (&error);

  drafts = read_feed (fx, "/private", NULL, IC_TEST_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fx->authorization, ==, IC_TEST_TOKEN);
  assert_documented_feed (drafts);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  drafts = read_feed (fx, "/missing", NULL, IC_TEST_TOKEN, &error);
  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_HTTP_STATUS);
  g_assert_cmpstr (error->message, ==, "The feed answered 404 Not Found");
}

/* A body that is not JSON (an HTML page where the feed was) names the
 * feed's URL and the parser's reason. */
static void
test_read_garbage (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/garbage", NULL, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s/garbage: not valid JSON: ?*", fx->base);

  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_NOT_JSON);
  g_assert_null (drafts);
  g_assert_true (g_pattern_match_simple (expected, error->message));
}

/* A JSON object with no mapping to find the list in is the wrong shape. */
static void
test_read_object (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = read_feed (fx, "/object", NULL, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s/object: expected a list of changes at $",
                                               fx->base);

  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_WRONG_SHAPE);
  g_assert_null (drafts);
  g_assert_cmpstr (error->message, ==, expected);
}

/* A body over the cap is refused, whether its size is said up front or it
 * just keeps coming. */
static void
test_read_too_large (Fixture       *fx,
                     gconstpointer  data)
{
  const char *paths[] = { "/huge", "/endless" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = read_feed (fx, paths[i], NULL, NULL, &error);

      g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TOO_LARGE);
      g_assert_null (drafts);
      g_assert_cmpstr (error->message, ==, "The feed’s answer is larger than 4 MiB");
    }
}

/* A server that takes the request and never answers ends in the timeout
 * error (shortened here), not in a wait as long as the session's. */
static void
test_read_hang (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  ic_change_feed_set_timeout_for_testing (1);
  drafts = read_feed (fx, "/hang", NULL, NULL, &error);
  g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_TIMEOUT);
  g_assert_null (drafts);
  g_assert_cmpstr (error->message, ==, "The feed did not answer within 1 s");
  g_assert_cmpuint (fx->n_requests, ==, 1);
}

/* The caller's cancellation ends a read waiting for its answer with
 * G_IO_ERROR_CANCELLED (not a timeout), and one cancelled before it
 * starts likewise. */
static void
test_read_cancelled (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  GAsyncResult *result = NULL;

  start_read (fx, "/hang", NULL, NULL, cancellable, &result);
  while (fx->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  drafts = finish_read (&result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (drafts);
  g_clear_error (&error);

  start_read (fx, "/deployments", NULL, NULL, cancellable, &result);
  drafts = finish_read (&result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (drafts);
}

/* A location that is no http(s) URL fails at once, naming it. */
static void
test_read_invalid_url (Fixture       *fx,
                       gconstpointer  data)
{
  const char *urls[] = { "ftp://deploys.example.com/feed", "not a url", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(IcChangeSource) source = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "",
                                                               urls[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      GAsyncResult *result = NULL;

      ic_change_feed_read_async (fx->session, source, NULL, SINCE_US, UNTIL_US, NULL, done_cb,
                                 &result);
      drafts = finish_read (&result, &error);
      g_assert_error (error, IC_CHANGE_FEED_ERROR, IC_CHANGE_FEED_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, urls[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/ic/change-feed/parse/documented", test_parse_documented);
  g_test_add_func ("/ic/change-feed/parse/items", test_parse_items);
  g_test_add_func ("/ic/change-feed/parse/bounds", test_parse_bounds);
  g_test_add_func ("/ic/change-feed/parse/order", test_parse_order);
  g_test_add_func ("/ic/change-feed/parse/mapping", test_parse_mapping);
  g_test_add_func ("/ic/change-feed/parse/mapping/first-match", test_parse_mapping_first_match);
  g_test_add_func ("/ic/change-feed/parse/mapping/errors", test_parse_mapping_errors);
  g_test_add_func ("/ic/change-feed/parse/body-errors", test_parse_body_errors);
  g_test_add_func ("/ic/change-feed/parse/too-large", test_parse_too_large);
  ADD ("/ic/change-feed/read/documented", test_read_documented);
  ADD ("/ic/change-feed/read/mapping", test_read_mapping);
  ADD ("/ic/change-feed/read/mapping-error", test_read_mapping_error);
  ADD ("/ic/change-feed/read/unauthorized", test_read_unauthorized);
  ADD ("/ic/change-feed/read/garbage", test_read_garbage);
  ADD ("/ic/change-feed/read/object", test_read_object);
  ADD ("/ic/change-feed/read/too-large", test_read_too_large);
  ADD ("/ic/change-feed/read/hang", test_read_hang);
  ADD ("/ic/change-feed/read/cancelled", test_read_cancelled);
  ADD ("/ic/change-feed/read/invalid-url", test_read_invalid_url);
#undef ADD

  return g_test_run ();
}
