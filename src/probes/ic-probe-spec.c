/* ic-probe-spec.c — what a probe checks, written as one URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ic-probe-spec.h"
#include "ic-redact.h"
#include "ic-utf8.h"

G_DEFINE_QUARK (ic-probe-spec-error-quark, ic_probe_spec_error)

void
ic_probe_spec_free (IcProbeSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->url);
  g_free (spec->host);
  g_free (spec->query);
  g_free (spec->user);
  g_strfreev (spec->seeds);
  if (spec->password != NULL)
    memset (spec->password, 0, strlen (spec->password));
  g_free (spec->password);
  g_free (spec);
}

/* How much of a target (or of a library's message about it) an error quotes. */
#define MAX_QUOTED_BYTES 512

/* The error names the target as it may be shown: its secrets hidden,
 * there and in @why, which may be a library's message echoing them. */
static gboolean
fail (GError     **error,
      const char  *text,
      const char  *why)
{
  g_autoptr(GHashTable) secrets = ic_redact_secrets_new ();
  g_autofree char *shown = ic_redact_split_target (text, secrets, NULL);
  g_autoptr(GPtrArray) values = ic_redact_list_values (secrets);
  g_autofree char *redacted = ic_redact_text (why, (const char * const *) values->pdata);
  g_autofree char *reason = ic_utf8_truncate (redacted, MAX_QUOTED_BYTES);

  g_autofree char *quoted = NULL;

  if (shown == NULL)
    shown = ic_redact_target (text);
  /* What was typed may be any bytes, and long: the message is shown in
   * labels and printed, so it is valid UTF-8 and of bounded length. */
  quoted = ic_utf8_truncate (shown, MAX_QUOTED_BYTES);
  g_set_error (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID,
               _("Invalid probe “%s”: %s"), quoted, reason);
  return FALSE;
}

static gboolean
need_host_port (GUri        *uri,
                IcProbeSpec *spec,
                int          default_port,
                const char  *text,
                GError     **error)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);

  if (host == NULL || *host == '\0')
    return fail (error, text, _("a host is needed"));
  if (port <= 0)
    port = default_port;
  if (port <= 0 || port > 65535)
    return fail (error, text, _("a port between 1 and 65535 is needed"));
  spec->host = g_strdup (host);
  spec->port = port;
  return TRUE;
}

/* "?seeds=10.0.0.2:6379,10.0.0.3:6379": where else a cluster can be read
 * from when the target node does not answer. */
static gboolean
parse_seeds (IcProbeSpec *spec,
             const char  *seeds,
             const char  *text,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (seeds, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!spec->cluster)
    return fail (error, text, _("seeds are for a cluster: add cluster=1"));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *seed = g_strstrip (parts[i]);
      const char *colon = strrchr (seed, ':');
      guint64 port = 0;

      if (*seed == '\0')
        continue;
      if (colon == NULL || colon == seed || strpbrk (seed, " \t\r\n") != NULL
          || !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
        return fail (error, text, _("each seed is host:port, separated by commas"));
      g_strv_builder_add (builder, seed);
    }
  spec->seeds = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_redis (GUri        *uri,
             IcProbeSpec *spec,
             const char  *text,
             GError     **error)
{
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);

  if (!need_host_port (uri, spec, 6379, text, error))
    return FALSE;
  if (g_uri_get_user (uri) != NULL && *g_uri_get_user (uri) != '\0')
    spec->user = g_strdup (g_uri_get_user (uri));
  if (g_uri_get_password (uri) != NULL)
    spec->password = g_strdup (g_uri_get_password (uri));
  if (path != NULL && *path == '/' && path[1] != '\0')
    {
      char *end = NULL;
      long db = strtol (path + 1, &end, 10);

      if (*end != '\0' || db < 0 || db > 15)
        return fail (error, text, _("the database must be a number from 0 to 15"));
      spec->db = (int) db;
    }
  if (query != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      const char *cluster = params ? g_hash_table_lookup (params, "cluster") : NULL;

      const char *seeds = params ? g_hash_table_lookup (params, "seeds") : NULL;

      spec->cluster = g_strcmp0 (cluster, "1") == 0 || g_strcmp0 (cluster, "true") == 0;
      if (seeds != NULL && !parse_seeds (spec, seeds, text, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_prometheus (GUri        *uri,
                  IcProbeSpec *spec,
                  const char  *text,
                  GError     **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *query = g_uri_get_query (uri);
  const char *promql;
  const char *scheme = g_uri_get_scheme (uri) + strlen ("prometheus+");

  if (!need_host_port (uri, spec, g_str_equal (scheme, "https") ? 443 : 9090, text, error))
    return FALSE;
  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  promql = params ? g_hash_table_lookup (params, "query") : NULL;
  if (promql == NULL || *promql == '\0')
    return fail (error, text, _("a PromQL expression is needed: ?query=…"));
  spec->query = g_strdup (promql);
  spec->url = g_strdup_printf ("%s://%s:%d", scheme, spec->host, spec->port);
  return TRUE;
}

/**
 * ic_probe_spec_parse:
 * @text: (nullable): a probe written as a URL
 *
 * A missing target (%NULL, as a stored probe whose configuration lost it
 * reads back) is an error like any other: callers show the message.
 *
 * Returns: (transfer full) (nullable): the spec, or %NULL with @error set
 *   to what is wrong; never %NULL without an error
 */
IcProbeSpec *
ic_probe_spec_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(IcProbeSpec) spec = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *scheme = NULL;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, IC_PROBE_SPEC_ERROR, IC_PROBE_SPEC_ERROR_INVALID,
                           _("The probe has no target: write one as a URL, e.g. "
                             "https://host/health"));
      return NULL;
    }
  spec = g_new0 (IcProbeSpec, 1);
  uri = g_uri_parse (text, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY, &local);
  if (uri == NULL)
    return fail (error, text, local->message), NULL;
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);

  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"))
    {
      spec->kind = IC_PROBE_KIND_HTTP;
      if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return fail (error, text, _("a host is needed")), NULL;
      spec->url = g_strdup (text);
      spec->host = g_strdup (g_uri_get_host (uri));
      spec->port = g_uri_get_port (uri);
    }
  else if (g_str_equal (scheme, "redis") || g_str_equal (scheme, "rediss"))
    {
      spec->kind = IC_PROBE_KIND_REDIS;
      spec->tls = g_str_equal (scheme, "rediss");
      if (!parse_redis (uri, spec, text, error))
        return NULL;
    }
  else if (g_str_equal (scheme, "prometheus+http") || g_str_equal (scheme, "prometheus+https"))
    {
      spec->kind = IC_PROBE_KIND_PROMETHEUS;
      if (!parse_prometheus (uri, spec, text, error))
        return NULL;
    }
  else if (g_str_equal (scheme, "tcp"))
    {
      spec->kind = IC_PROBE_KIND_TCP;
      if (!need_host_port (uri, spec, 0, text, error))
        return NULL;
    }
  else if (g_str_equal (scheme, "dns"))
    {
      spec->kind = IC_PROBE_KIND_DNS;
      if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return fail (error, text, _("a name to resolve is needed")), NULL;
      spec->host = g_strdup (g_uri_get_host (uri));
    }
  else if (g_str_equal (scheme, "replay"))
    {
      /* replay://drill/INCIDENT/PROBE?target=…: a drill's scripted probe. */
      g_auto(GStrv) parts = g_strsplit (g_uri_get_path (uri), "/", -1);
      guint64 incident = 0, probe = 0;

      spec->kind = IC_PROBE_KIND_REPLAY;
      if (g_strcmp0 (g_uri_get_host (uri), "drill") != 0 || g_strv_length (parts) != 3
          || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &incident, NULL)
          || !g_ascii_string_to_unsigned (parts[2], 10, 0, 1000, &probe, NULL))
        return fail (error, text, _("a drill's probe is replay://drill/INCIDENT/PROBE")), NULL;
      spec->drill = (gint64) incident;
      spec->drill_probe = (guint) probe;
    }
  else
    return fail (error, text, _("use http(s)://, redis(s)://, prometheus+http(s)://, tcp:// "
                                "or dns://")), NULL;
  return g_steal_pointer (&spec);
}
