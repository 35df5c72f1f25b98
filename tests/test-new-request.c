/* test-new-request.c — incident-commander://new?… links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ic-new-request.h"

/* 2024-05-01T12:00:00Z */
#define NOW_S G_GINT64_CONSTANT (1714564800)
#define NOW_US (NOW_S * G_USEC_PER_SEC)
#define DAY_S (24 * 60 * 60)

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)

typedef struct
{
  const char *uri;
  const char *title;
  const char *service;
  int         severity;      /* 0: not given */
  gint64      alert_time;    /* µs; 0: not given */
  const char *warnings[3];
} GoodCase;

static const GoodCase good_cases[] = {
  { "incident-commander://new?title=Elevated%20500s%20%E2%80%94%20checkout&service=checkout"
    "&severity=sev2&alert_time=2024-05-01T11:58:00Z",
    "Elevated 500s — checkout", "checkout", IC_SEVERITY_SEV2, SECONDS (NOW_S - 120), { NULL } },
  /* "+" is a space in text values, as in HTML forms. */
  { "incident-commander://new?title=Disk+full+on+db-7&service=primary+db",
    "Disk full on db-7", "primary db", 0, 0, { NULL } },
  { "incident-commander://new?title=1%2B1%3D2", "1+1=2", NULL, 0, 0, { NULL } },
  { "incident-commander://new?title=a%26b%3Dc", "a&b=c", NULL, 0, 0, { NULL } },
  { "incident-commander://new?title=50%25+errors%20%23checkout", "50% errors #checkout", NULL, 0, 0,
    { NULL } },
  /* Raw UTF-8 and spaces are encoded by the URI parser and decoded back. */
  { "incident-commander://new?title=Café au lait", "Café au lait", NULL, 0, 0, { NULL } },
  /* Scheme and action are matched without regard to case. */
  { "INCIDENT-COMMANDER://NEW?title=x", "x", NULL, 0, 0, { NULL } },
  { "Incident-Commander://New/?severity=SEV1", NULL, NULL, IC_SEVERITY_SEV1, 0, { NULL } },
  { "incident-commander://new?severity=3", NULL, NULL, IC_SEVERITY_SEV3, 0, { NULL } },
  { "incident-commander://new?severity=%20sev4%20", NULL, NULL, IC_SEVERITY_SEV4, 0, { NULL } },
  /* Empty queries and empty values mean "not given". */
  { "incident-commander://new", NULL, NULL, 0, 0, { NULL } },
  { "incident-commander://new?", NULL, NULL, 0, 0, { NULL } },
  { "incident-commander://new/", NULL, NULL, 0, 0, { NULL } },
  { "incident-commander://new?title=&service=&severity=&alert_time=", NULL, NULL, 0, 0, { NULL } },
  { "incident-commander://new?title=+++&service=%20%09%20", NULL, NULL, 0, 0, { NULL } },
  { "incident-commander://new?title=%20%20padded%20%20", "padded", NULL, 0, 0, { NULL } },
  { "incident-commander://new?&&title=x&", "x", NULL, 0, 0, { NULL } },
  /* Alert times: Unix seconds, Z, offsets with "+" left raw or encoded, fractions. */
  { "incident-commander://new?alert_time=1714564680", NULL, NULL, 0, SECONDS (NOW_S - 120),
    { NULL } },
  { "incident-commander://new?alert_time=2024-05-01T13:58:00+02:00", NULL, NULL, 0,
    SECONDS (NOW_S - 120), { NULL } },
  { "incident-commander://new?alert_time=2024-05-01T13:58:00%2B02:00", NULL, NULL, 0,
    SECONDS (NOW_S - 120), { NULL } },
  { "incident-commander://new?alert_time=2024-05-01T06:28:00-05:30", NULL, NULL, 0,
    SECONDS (NOW_S - 120), { NULL } },
  { "incident-commander://new?alert_time=2024-05-01T11:58:00.250Z", NULL, NULL, 0,
    SECONDS (NOW_S - 120) + 250000, { NULL } },
  { "incident-commander://new?alert_time=2024-05-02T12:00:00Z", NULL, NULL, 0,
    SECONDS (NOW_S + DAY_S), { NULL } },
  { "incident-commander://new?alert_time=2001-09-09T01:46:40Z", NULL, NULL, 0,
    SECONDS (1000000000), { NULL } },
  /* Unknown parameters: one warning each, in order, repeats included once. */
  { "incident-commander://new?title=x&foo=1&utm_source=mail&foo=2",
    "x", NULL, 0, 0,
    { "Ignored unknown parameter “foo”", "Ignored unknown parameter “utm_source”", NULL } },
  { "incident-commander://new?Title=x", NULL, NULL, 0, 0,
    { "Ignored unknown parameter “Title”", NULL } },
  { "incident-commander://new?na%20me=x&=y", NULL, NULL, 0, 0,
    { "Ignored unknown parameter “na me”", "Ignored unknown parameter “”", NULL } },
};

static void
test_good (gconstpointer data)
{
  const GoodCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IcNewRequest) request = ic_new_request_parse_uri (c->uri, NOW_US, &error);

  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->title, ==, c->title);
  g_assert_cmpstr (request->service, ==, c->service);
  g_assert_cmpint (request->has_severity, ==, c->severity != 0);
  if (c->severity != 0)
    g_assert_cmpint (request->severity, ==, c->severity);
  g_assert_cmpint (request->alert_time, ==, c->alert_time);
  g_assert_nonnull (request->warnings);
  g_assert_cmpuint (g_strv_length (request->warnings), ==,
                    g_strv_length ((GStrv) c->warnings));
  for (guint i = 0; c->warnings[i] != NULL; i++)
    g_assert_cmpstr (request->warnings[i], ==, c->warnings[i]);
}

typedef struct
{
  const char *uri;
  int         code;
  const char *message_part;  /* a substring the message must contain */
} BadCase;

static const BadCase bad_cases[] = {
  { "", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "not a link", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "https://example.com/new?title=x", IC_NEW_REQUEST_ERROR_WRONG_SCHEME, "“https:”" },
  { "incident-commanderx://new", IC_NEW_REQUEST_ERROR_WRONG_SCHEME, "“incident-commanderx:”" },
  { "mailto:new@example.com", IC_NEW_REQUEST_ERROR_WRONG_SCHEME, "“mailto:”" },
  /* Only the "//new" form. */
  { "incident-commander:new?title=x", IC_NEW_REQUEST_ERROR_BAD_URI, "incident-commander://new" },
  { "incident-commander:///new?title=x", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://user@new?title=x", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://new:80?title=x", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://open?title=x", IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION, "“open”" },
  { "incident-commander://resolve", IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION, "“resolve”" },
  { "incident-commander://new/extra?title=x", IC_NEW_REQUEST_ERROR_UNKNOWN_ACTION,
    "“new/extra”" },
  /* Fragments are refused: most likely an unencoded "#" in a value. */
  { "incident-commander://new?title=Errors+on+#checkout", IC_NEW_REQUEST_ERROR_BAD_URI, "%23" },
  { "incident-commander://new?title=x#", IC_NEW_REQUEST_ERROR_BAD_URI, "%23" },
  { "incident-commander://new#top", IC_NEW_REQUEST_ERROR_BAD_URI, "%23" },
  /* Percent-encoding */
  { "incident-commander://new?title=%zz", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://new?title=%", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://new?title=%4", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://new?title=a%00b", IC_NEW_REQUEST_ERROR_BAD_URI, "“title”" },
  { "incident-commander://new?ti%00tle=a", IC_NEW_REQUEST_ERROR_BAD_URI, NULL },
  { "incident-commander://new?title", IC_NEW_REQUEST_ERROR_BAD_URI, "“title”" },
  { "incident-commander://new?title=x\xff", IC_NEW_REQUEST_ERROR_BAD_URI, "UTF-8" },
  /* Values */
  { "incident-commander://new?title=%FF", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“title”" },
  { "incident-commander://new?title=a%0Ab", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“title”" },
  { "incident-commander://new?title=a%1Bb", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“title”" },
  { "incident-commander://new?service=a%09b", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“service”" },
  { "incident-commander://new?service=a%C2%85b", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“service”" },
  { "incident-commander://new?severity=critical", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "Invalid severity “critical”: use sev1, sev2, sev3 or sev4" },
  { "incident-commander://new?severity=sev5", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“sev5”" },
  { "incident-commander://new?severity=0", IC_NEW_REQUEST_ERROR_BAD_VALUE, "“0”" },
  { "incident-commander://new?alert_time=2024-05-01T11:58:00", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "alert time" },
  { "incident-commander://new?alert_time=yesterday", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "“yesterday”" },
  { "incident-commander://new?alert_time=-5", IC_NEW_REQUEST_ERROR_BAD_VALUE, "alert time" },
  { "incident-commander://new?alert_time=1.5", IC_NEW_REQUEST_ERROR_BAD_VALUE, "alert time" },
  { "incident-commander://new?alert_time=0", IC_NEW_REQUEST_ERROR_BAD_VALUE, "1970" },
  { "incident-commander://new?alert_time=1969-12-31T23:00:00Z", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "1970" },
  { "incident-commander://new?alert_time=99999999999999999999", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "alert time" },
  { "incident-commander://new?alert_time=2024-05-02T12:00:01Z", IC_NEW_REQUEST_ERROR_BAD_VALUE,
    "future" },
  { "incident-commander://new?alert_time=1714651201", IC_NEW_REQUEST_ERROR_BAD_VALUE, "future" },
  /* A "+" in a time stays a "+"; a space where the offset sign goes is wrong. */
  { "incident-commander://new?alert_time=2024-05-01T13:58:00%2002:00",
    IC_NEW_REQUEST_ERROR_BAD_VALUE, "alert time" },
  /* Duplicates, compared after decoding, even when the first is empty. */
  { "incident-commander://new?title=a&title=b", IC_NEW_REQUEST_ERROR_DUPLICATE, "“title”" },
  { "incident-commander://new?title=&title=b", IC_NEW_REQUEST_ERROR_DUPLICATE, "“title”" },
  { "incident-commander://new?ti%74le=a&title=b", IC_NEW_REQUEST_ERROR_DUPLICATE, "“title”" },
  { "incident-commander://new?service=a&service=a", IC_NEW_REQUEST_ERROR_DUPLICATE,
    "“service”" },
  { "incident-commander://new?severity=sev1&severity=sev1", IC_NEW_REQUEST_ERROR_DUPLICATE,
    "“severity”" },
  { "incident-commander://new?alert_time=1&alert_time=2", IC_NEW_REQUEST_ERROR_DUPLICATE,
    "“alert_time”" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  IcNewRequest *request = ic_new_request_parse_uri (c->uri, NOW_US, &error);

  g_assert_null (request);
  g_assert_error (error, IC_NEW_REQUEST_ERROR, c->code);
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (c->message_part != NULL)
    g_assert_nonnull (strstr (error->message, c->message_part));
}

/* 200 characters pass, 201 do not; characters, not bytes. */
static void
test_length_limit (void)
{
  const char *params[] = { "title", "service" };

  for (guint p = 0; p < G_N_ELEMENTS (params); p++)
    {
      for (guint extra = 0; extra <= 1; extra++)
        {
          g_autoptr(GString) uri = g_string_new ("incident-commander://new?");
          g_autoptr(IcNewRequest) request = NULL;
          g_autoptr(GError) error = NULL;
          guint n = IC_NEW_REQUEST_MAX_TEXT_LENGTH + extra;

          g_string_append_printf (uri, "%s=", params[p]);
          for (guint i = 0; i < n; i++)
            g_string_append (uri, "%C3%A9");
          request = ic_new_request_parse_uri (uri->str, NOW_US, &error);
          if (extra == 0)
            {
              g_assert_no_error (error);
              g_assert_cmpuint (g_utf8_strlen (p == 0 ? request->title : request->service, -1),
                                ==, n);
            }
          else
            {
              g_assert_null (request);
              g_assert_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE);
              g_assert_nonnull (strstr (error->message, params[p]));
            }
        }
    }
}

static void
test_uri_too_long (void)
{
  g_autoptr(GString) uri = g_string_new ("incident-commander://new?x=");
  g_autoptr(GError) error = NULL;
  IcNewRequest *request;

  while (uri->len <= IC_NEW_REQUEST_MAX_URI_LENGTH)
    g_string_append_c (uri, 'a');
  request = ic_new_request_parse_uri (uri->str, NOW_US, &error);
  g_assert_null (request);
  g_assert_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_URI);
}

static void
test_now_matters (void)
{
  const char *uri = "incident-commander://new?alert_time=2024-05-03T00:00:00Z";
  g_autoptr(GError) error = NULL;
  g_autoptr(IcNewRequest) request = NULL;

  request = ic_new_request_parse_uri (uri, NOW_US, &error);
  g_assert_null (request);
  g_assert_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_BAD_VALUE);
  g_clear_error (&error);

  request = ic_new_request_parse_uri (uri, NOW_US + SECONDS (DAY_S), &error);
  g_assert_no_error (error);
  g_assert_cmpint (request->alert_time, ==, SECONDS (NOW_S + DAY_S + 12 * 60 * 60));
}

static void
test_new_destroy (void)
{
  IcNewRequest *request;

  request = ic_new_request_parse_uri ("incident-commander://new?title=x&foo=1", NOW_US, NULL);
  g_assert_nonnull (request);
  ic_new_request_free (request);
  ic_new_request_free (NULL);

  /* Failing without an error location is fine too. */
  request = ic_new_request_parse_uri ("incident-commander://open", NOW_US, NULL);
  g_assert_null (request);
}

/* Found by tests/fuzz/fuzz-new-request: every scheme seen was interned
 * (g_uri_peek_scheme), so links with made-up schemes grew memory for good. */
static void
test_scheme_not_kept (void)
{
  g_autoptr(IcNewRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = ic_new_request_parse_uri ("x-never-seen-scheme-7f3a:new?title=x", 0, &error);
  g_assert_null (request);
  g_assert_error (error, IC_NEW_REQUEST_ERROR, IC_NEW_REQUEST_ERROR_WRONG_SCHEME);
  g_assert_cmpuint (g_quark_try_string ("x-never-seen-scheme-7f3a"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/new-request/new-destroy", test_new_destroy);
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/new-request/good/%u", i);

      g_test_add_data_func (path, &good_cases[i], test_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ic/new-request/bad/%u", i);

      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/ic/new-request/length-limit", test_length_limit);
  g_test_add_func ("/ic/new-request/uri-too-long", test_uri_too_long);
  g_test_add_func ("/ic/new-request/now-matters", test_now_matters);
  g_test_add_func ("/ic/new-request/scheme-not-kept", test_scheme_not_kept);

  return g_test_run ();
}
