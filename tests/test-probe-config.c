/* test-probe-config.c — one check of a probe's configuration for the form and
 * for imports; a missing target and hostile CA files are errors, never a hang
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ic-probe-config.h"
#include "ic-probe.h"
#include "ic-test-util.h"

/* The target ------------------------------------------------------------- */

/* A stored probe whose configuration lost its target reads back with no
 * spec: the parser says so instead of returning NULL with no error. */
static void
test_spec_missing (void)
{
  const char *missing[] = { NULL, "" };

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse (missing[i], &error);

      g_assert_null (spec);
      g_assert_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "no target"));
    }
}

/* Hostile CA files ------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *fifo;
  char *big;
  char *link;
  char *missing;
  char *empty;
} CaFiles;

static void
ca_files_setup (CaFiles       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc0 (2 * 1024 * 1024);

  fx->dir = g_dir_make_tmp ("ic-ca-XXXXXX", &error);
  g_assert_no_error (error);
  fx->fifo = g_build_filename (fx->dir, "fifo.pem", NULL);
  g_assert_cmpint (mkfifo (fx->fifo, 0600), ==, 0);
  fx->big = g_build_filename (fx->dir, "big.pem", NULL);
  g_assert_true (g_file_set_contents (fx->big, big, 2 * 1024 * 1024, &error));
  g_assert_no_error (error);
  fx->link = g_build_filename (fx->dir, "zero.pem", NULL);
  g_assert_cmpint (symlink ("/dev/zero", fx->link), ==, 0);
  fx->missing = g_build_filename (fx->dir, "missing.pem", NULL);
  fx->empty = g_build_filename (fx->dir, "empty.pem", NULL);
  g_assert_true (g_file_set_contents (fx->empty, "", 0, &error));
}

static void
ca_files_teardown (CaFiles       *fx,
                   gconstpointer  data)
{
  ic_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->fifo);
  g_free (fx->big);
  g_free (fx->link);
  g_free (fx->missing);
  g_free (fx->empty);
}

/* /dev/zero is endless, a FIFO blocks whoever opens it, a directory, a
 * 2 MiB file and an empty one are not a file of CA certificates, and
 * /proc/self/pagemap says it is empty but is endless: each is refused by
 * its metadata, unread, with an error that names the file and says why; a
 * probe given one reports that error at once, and nothing hangs. */
static void
test_ca_file_refused (CaFiles       *fx,
                      gconstpointer  data)
{
  struct { const char *path; int code; const char *why; } cases[] = {
    { "/dev/zero", G_IO_ERROR_NOT_REGULAR_FILE, "not a regular file" },
    { fx->fifo, G_IO_ERROR_NOT_REGULAR_FILE, "not a regular file" },
    { fx->dir, G_IO_ERROR_NOT_REGULAR_FILE, "not a regular file" },
    { fx->link, G_IO_ERROR_NOT_REGULAR_FILE, "not a regular file" },
    { fx->big, G_IO_ERROR_MESSAGE_TOO_LARGE, "larger than 1 MiB" },
    { fx->missing, G_IO_ERROR_NOT_FOUND, "No such file" },
    { fx->empty, G_IO_ERROR_INVALID_DATA, "it is empty" },
    /* Says it is empty; read, it is endless. */
    { "/proc/self/pagemap", G_IO_ERROR_INVALID_DATA, "it is empty" },
  };
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse ("https://127.0.0.1:1/health", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IcProbeSample) sample = NULL;
      g_autofree char *expected = g_strdup_printf ("Cannot read the CA file %s: ",
                                                   cases[i].path);
      IcProbeOptions options;

      g_test_message ("%s", cases[i].path);
      g_assert_false (ic_probe_check_ca_file (cases[i].path, &error));
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_assert_nonnull (strstr (error->message, cases[i].why));

      ic_probe_options_init (&options);
      options.ca_file = cases[i].path;
      sample = ic_probe_run_sync (spec, &options, NULL);
      g_assert_nonnull (sample);
      g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
      g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TLS);
      g_assert_cmpstr (sample->detail, ==, error->message);
    }
}

/* A real file of CA certificates passes; a regular file that holds none is
 * refused when the check reads it (off the main loop), in its own words. */
static void
test_ca_file_accepted (CaFiles       *fx,
                       gconstpointer  data)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "tls", "ca.pem", NULL);
  g_autofree char *junk = g_build_filename (fx->dir, "junk.pem", NULL);
  g_autoptr(IcProbeSpec) spec = ic_probe_spec_parse ("https://127.0.0.1:1/health", NULL);
  g_autoptr(IcProbeSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  IcProbeOptions options;

  g_assert_true (ic_probe_check_ca_file (ca, &error));
  g_assert_no_error (error);
  g_assert_true (ic_probe_check_ca_file (NULL, &error));
  g_assert_true (ic_probe_check_ca_file ("", &error));
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (junk, "not a certificate\n", -1, &error));
  g_assert_true (ic_probe_check_ca_file (junk, &error));
  ic_probe_options_init (&options);
  options.ca_file = junk;
  sample = ic_probe_run_sync (spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sample->state, ==, IC_PROBE_STATE_ERROR);
  g_assert_cmpint (sample->error_kind, ==, IC_PROBE_ERROR_TLS);
  g_assert_true (g_str_has_prefix (sample->detail, "Cannot read the CA file "));
}

/* The shared check ------------------------------------------------------- */

typedef struct
{
  const char    *kind;
  const char    *spec;
  IcProbeChecks  checks;
  IcProbePart    part;
  const char    *message;   /* a g_pattern_match_simple() pattern */
} ConfigCase;

#define NO_CHECKS NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, NULL, NULL

/* What the form refuses and an import must refuse as well, one part at a time. */
static void
test_config_check (void)
{
  const ConfigCase refused[] = {
    { "http", NULL, { NO_CHECKS }, IC_PROBE_PART_SPEC, "The probe has no target*" },
    { "http", "gopher://old", { NO_CHECKS }, IC_PROBE_PART_SPEC, "Invalid probe*" },
    { "redis", "https://checkout.example/health", { NO_CHECKS }, IC_PROBE_PART_SPEC,
      "The probe is called a redis probe, but its target is a http one" },
    { "http", "https://checkout.example/health",
      { "200-ok", NULL, NULL, 0, NAN, NAN, NULL, NULL, NULL, NULL }, IC_PROBE_PART_STATUS,
      "Expected status:*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, "status = pass", 0, NAN, NAN, NULL, NULL, NULL, NULL },
      IC_PROBE_PART_CONDITION, "*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, NULL, 600001, NAN, NAN, NULL, NULL, NULL, NULL }, IC_PROBE_PART_LATENCY,
      "Latency threshold:*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, NULL, 0, NAN, NAN, NULL, "GET /", NULL, NULL }, IC_PROBE_PART_METHOD,
      "*not an HTTP method*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, "Authorization: Bearer x", NULL },
      IC_PROBE_PART_HEADERS, "*keyring*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, NULL, "ca.pem" }, IC_PROBE_PART_CA_FILE,
      "Trusted CA file: “ca.pem” is not a full path*" },
    { "http", "https://checkout.example/health",
      { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, NULL, "/dev/zero" }, IC_PROBE_PART_CA_FILE,
      "Cannot read the CA file /dev/zero: it is not a regular file" },
  };
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "tls", "ca.pem", NULL);
  IcProbeChecks good = { "200-299,301", "ok", "$.status == \"UP\"", 250, 0.5, 0.9, NULL,
                         "HEAD", "X-Env: prod", ca };
  g_autoptr(GError) error = NULL;

  g_assert_true (ic_probe_config_check ("http", "https://checkout.example/health", &good, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (ic_probe_config_check (NULL, "redis://cache:6379/2", &good, NULL, &error));
  g_assert_true (ic_probe_config_check_imported ("tcp", "tcp://db:5432", &good, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refusal = NULL;
      IcProbePart part = IC_PROBE_PART_CA_FILE + 1;

      g_test_message ("case %u: %s", i, refused[i].spec ? refused[i].spec : "(no target)");
      g_assert_false (ic_probe_config_check (refused[i].kind, refused[i].spec,
                                             &refused[i].checks, &part, &refusal));
      g_assert_nonnull (refusal);
      g_test_message ("%s", refusal->message);
      g_assert_cmpint (part, ==, refused[i].part);
      g_assert_true (g_pattern_match_simple (refused[i].message, refusal->message));
      g_clear_error (&refusal);
      g_assert_false (ic_probe_config_check_imported (refused[i].kind, refused[i].spec,
                                                      &refused[i].checks, NULL, &refusal));
      g_assert_nonnull (refusal);
    }
}

/* rediss:// is a Redis target over TLS; its kind is "redis" like the
 * plain one, so a stored probe can move to TLS by its target alone. */
static void
test_rediss (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcProbeSpec) tls = ic_probe_spec_parse ("rediss://app:pw@cache.example:6380/2"
                                                    "?cluster=1", &error);
  g_autoptr(IcProbeSpec) plain = NULL;
  IcProbeChecks none = { NULL, NULL, NULL, 0, NAN, NAN, NULL, NULL, NULL, NULL };

  g_assert_no_error (error);
  g_assert_cmpint (tls->kind, ==, IC_PROBE_KIND_REDIS);
  g_assert_true (tls->tls);
  g_assert_true (tls->cluster);
  g_assert_cmpstr (tls->host, ==, "cache.example");
  g_assert_cmpint (tls->port, ==, 6380);
  g_assert_cmpint (tls->db, ==, 2);
  g_assert_cmpstr (tls->user, ==, "app");
  g_assert_cmpstr (tls->password, ==, "pw");
  plain = ic_probe_spec_parse ("redis://cache.example", &error);
  g_assert_no_error (error);
  g_assert_false (plain->tls);
  g_assert_cmpint (plain->port, ==, 6379);
  g_assert_true (ic_probe_config_check ("redis", "rediss://cache.example:6380", &none, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_null (ic_probe_spec_parse ("redisx://cache.example", &error));
  g_assert_nonnull (strstr (error->message, "redis(s)://"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ic/probe-config/spec-missing", test_spec_missing);
  g_test_add ("/ic/probe-config/ca-file/refused", CaFiles, NULL, ca_files_setup,
              test_ca_file_refused, ca_files_teardown);
  g_test_add ("/ic/probe-config/ca-file/accepted", CaFiles, NULL, ca_files_setup,
              test_ca_file_accepted, ca_files_teardown);
  g_test_add_func ("/ic/probe-config/check", test_config_check);
  g_test_add_func ("/ic/probe-config/rediss", test_rediss);

  return g_test_run ();
}
