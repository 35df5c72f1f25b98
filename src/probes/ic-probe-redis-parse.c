/* ic-probe-redis-parse.c — what the Redis probes read from a server: INFO,
 * CLUSTER INFO and CLUSTER NODES
 *
 * Pure functions over bytes (ic-probe-redis-private.h): no hiredis, no I/O,
 * no main loop, so that tests and a fuzzing harness can call them with
 * anything at all. Nothing here assumes a NUL after the bytes it is given,
 * and nothing allocates more than the input's size or, for CLUSTER NODES,
 * the number of rows the caller allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <string.h>

#include "ic-probe-redis-private.h"

/* Lines and counts ------------------------------------------------------------ */

gboolean
_ic_redis_next_line (const char **cursor,
                     const char  *end,
                     const char **line,
                     gsize       *line_len)
{
  const char *start = *cursor;
  const char *newline;
  const char *stop;

  if (start == NULL || start >= end)
    return FALSE;
  newline = memchr (start, '\n', (size_t) (end - start));
  stop = newline != NULL ? newline : end;
  *cursor = newline != NULL ? newline + 1 : end;
  while (stop > start && g_ascii_isspace (stop[-1]))
    stop--;
  *line = start;
  *line_len = (gsize) (stop - start);
  return TRUE;
}

gint64
_ic_redis_parse_count (const char *text,
                       gsize       len)
{
  gint64 value = 0;

  if (len == 0)
    return -1;
  for (gsize i = 0; i < len; i++)
    {
      int digit;

      if (!g_ascii_isdigit (text[i]))
        return -1;
      digit = text[i] - '0';
      if (value > (G_MAXINT64 - digit) / 10)
        value = G_MAXINT64;
      else if (value != G_MAXINT64)
        value = value * 10 + digit;
    }
  return value;
}

/* INFO ------------------------------------------------------------------------ */

static gboolean
key_is (const char *key,
        gsize       key_len,
        const char *name)
{
  return key_len == strlen (name) && memcmp (key, name, key_len) == 0;
}

void
_ic_redis_info_init (IcRedisInfo *info)
{
  memset (info, 0, sizeof *info);
  info->connected_clients = -1;
  info->cluster_connections = -1;
  info->maxclients = -1;
  info->rejected_connections = -1;
}

void
_ic_redis_info_clear (IcRedisInfo *info)
{
  g_clear_pointer (&info->role, g_free);
  g_clear_pointer (&info->used_memory_human, g_free);
  g_clear_pointer (&info->master_link_status, g_free);
  g_clear_pointer (&info->bad_figure, g_free);
}

static void
set_str (char       **field,
         const char  *value,
         gsize        len)
{
  g_free (*field);
  *field = g_strndup (value, len);
}

/* A connection count: anything above what Redis can count is refused, and
 * named in @info->bad_figure (the first one only), escaped and cut short. */
static void
set_count (IcRedisInfo *info,
           gint64      *field,
           const char  *name,
           const char  *value,
           gsize        value_len)
{
  gint64 count = _ic_redis_parse_count (value, value_len);

  if (count > IC_REDIS_MAX_COUNT)
    {
      if (info->bad_figure == NULL)
        {
          g_autofree char *cut = g_strndup (value, MIN (value_len, 40));
          g_autofree char *escaped = g_strescape (cut, NULL);

          info->bad_figure = g_strdup_printf ("%s:%s%s", name, escaped,
                                              value_len > 40 ? "…" : "");
        }
      count = -1;
    }
  *field = count;
}

void
_ic_redis_info_parse_maxclients (IcRedisInfo *info,
                                 const char  *value,
                                 gsize        len)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (value != NULL || len == 0);

  set_count (info, &info->maxclients, "maxclients", value, len);
}

void
_ic_redis_parse_info (IcRedisInfo *info,
                      const char  *text,
                      gsize        len)
{
  const char *cursor = text;
  const char *line;
  gsize line_len;

  g_return_if_fail (info != NULL);
  g_return_if_fail (text != NULL || len == 0);

  while (len > 0 && _ic_redis_next_line (&cursor, text + len, &line, &line_len))
    {
      const char *colon = memchr (line, ':', line_len);
      const char *value;
      gsize key_len;
      gsize value_len;

      if (line_len == 0 || *line == '#' || colon == NULL || memchr (line, '\0', line_len) != NULL)
        continue;
      key_len = (gsize) (colon - line);
      value = colon + 1;
      value_len = line_len - key_len - 1;
      if (key_is (line, key_len, "connected_clients"))
        set_count (info, &info->connected_clients, "connected_clients", value, value_len);
      else if (key_is (line, key_len, "cluster_connections"))
        set_count (info, &info->cluster_connections, "cluster_connections", value, value_len);
      else if (key_is (line, key_len, "maxclients"))
        set_count (info, &info->maxclients, "maxclients", value, value_len);
      else if (key_is (line, key_len, "rejected_connections"))
        /* A counter since the server started, not a number of connections. */
        info->rejected_connections = _ic_redis_parse_count (value, value_len);
      else if (key_is (line, key_len, "role"))
        set_str (&info->role, value, value_len);
      else if (key_is (line, key_len, "used_memory_human"))
        set_str (&info->used_memory_human, value, value_len);
      else if (key_is (line, key_len, "master_link_status"))
        set_str (&info->master_link_status, value, value_len);
    }
}

/* CLUSTER INFO ---------------------------------------------------------------- */

void
_ic_redis_cluster_info_init (IcRedisClusterInfo *info)
{
  info->state = NULL;
  info->slots_assigned = -1;
  info->slots_ok = -1;
}

void
_ic_redis_cluster_info_clear (IcRedisClusterInfo *info)
{
  g_clear_pointer (&info->state, g_free);
}

void
_ic_redis_parse_cluster_info (IcRedisClusterInfo *info,
                              const char         *text,
                              gsize               len)
{
  const char *cursor = text;
  const char *line;
  gsize line_len;

  g_return_if_fail (info != NULL);
  g_return_if_fail (text != NULL || len == 0);

  while (len > 0 && _ic_redis_next_line (&cursor, text + len, &line, &line_len))
    {
      const char *colon = memchr (line, ':', line_len);
      const char *value;
      gsize key_len;
      gsize value_len;

      if (colon == NULL || memchr (line, '\0', line_len) != NULL)
        continue;
      key_len = (gsize) (colon - line);
      value = colon + 1;
      value_len = line_len - key_len - 1;
      if (key_is (line, key_len, "cluster_state"))
        {
          g_free (info->state);
          info->state = g_strndup (value, value_len);
        }
      else if (key_is (line, key_len, "cluster_slots_assigned"))
        info->slots_assigned = _ic_redis_parse_count (value, value_len);
      else if (key_is (line, key_len, "cluster_slots_ok"))
        info->slots_ok = _ic_redis_parse_count (value, value_len);
    }
}

/* CLUSTER NODES --------------------------------------------------------------- */

/* "primary" or "replica", plus the failure flags the cluster reports, as
 * it spells them. */
static char *
role_from_flags (const char * const *flags,
                 gboolean            replica)
{
  g_autoptr(GString) role = g_string_new (replica ? "replica" : "primary");

  for (guint i = 0; flags[i] != NULL; i++)
    {
      if (g_str_has_prefix (flags[i], "fail") || strcmp (flags[i], "noaddr") == 0)
        g_string_append_printf (role, ",%s", flags[i]);
    }
  return g_string_free (g_steal_pointer (&role), FALSE);
}

typedef enum
{
  LINE_NODE,
  LINE_SKIPPED,     /* a node Redis lists but that cannot be checked yet */
  LINE_MALFORMED,
} LineKind;

typedef struct
{
  char        *id;
  char        *master_id;   /* a replica's primary ("-" when it has none); NULL for a primary */
  char        *host;
  int          port;
  IcProbeNode *node;
} NodeLine;

static void
node_line_free (NodeLine *line)
{
  g_free (line->id);
  g_free (line->master_id);
  g_free (line->host);
  if (line->node != NULL)
    ic_probe_node_free (line->node);
  g_free (line);
}

/* The hostname of "ip:port@cport,hostname[,aux=value…]" (Redis 7), when
 * it is one: a DNS name of at most 253 characters, letters, digits,
 * hyphens and dots. Anything else a server sends there is not used as a
 * name to check its certificate against (nor shown). */
static char *
parse_hostname (const char *after_port)
{
  const char *comma = strchr (after_port, ',');
  const char *end;
  gsize len;

  if (comma == NULL)
    return NULL;
  end = strchr (comma + 1, ',');
  len = end != NULL ? (gsize) (end - comma - 1) : strlen (comma + 1);
  if (len == 0 || len > 253)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (comma[1 + i]) && comma[1 + i] != '-' && comma[1 + i] != '.')
      return NULL;
  return g_strndup (comma + 1, len);
}

/* "6379" → 6379; 0 for a node whose address is not known (":0@0"); -1 for
 * anything that is not a TCP port. */
static int
parse_port (const char *text)
{
  gint64 port = _ic_redis_parse_count (text, strlen (text));

  return port > 65535 ? -1 : (int) port;
}

/* One CLUSTER NODES line: "<id> <ip:port@cport[,hostname]> <flags> <master> …".
 * With @out, a node line's row is returned there. */
static LineKind
parse_node_line (const char  *text,
                 gsize        len,
                 const char  *seed_host,
                 NodeLine   **out)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) flags = NULL;
  g_autofree char *address = NULL;
  g_autofree char *role = NULL;
  gboolean replica;
  g_autofree char *hostname = NULL;
  NodeLine *parsed;
  char *at;
  char *colon;
  int port;

  if (len == 0)
    return LINE_SKIPPED;
  if (memchr (text, '\0', len) != NULL)
    return LINE_MALFORMED;
  copy = g_strndup (text, len);
  fields = g_strsplit (copy, " ", 5);
  if (g_strv_length (fields) < 4)
    return LINE_MALFORMED;
  flags = g_strsplit (fields[2], ",", -1);
  if (g_strv_contains ((const char * const *) flags, "handshake"))
    return LINE_SKIPPED;
  replica = g_strv_contains ((const char * const *) flags, "slave");
  if (!replica && !g_strv_contains ((const char * const *) flags, "master"))
    return g_strv_contains ((const char * const *) flags, "noflags")
           || g_strv_contains ((const char * const *) flags, "noaddr") ? LINE_SKIPPED
                                                                       : LINE_MALFORMED;
  /* "-" marks a primary's missing primary: it is never a node's id. */
  if (*fields[0] == '\0' || strcmp (fields[0], "-") == 0)
    return LINE_MALFORMED;
  at = strpbrk (fields[1], "@,");
  if (at != NULL)
    {
      hostname = parse_hostname (at);
      *at = '\0';
    }
  colon = strrchr (fields[1], ':');
  if (colon == NULL)
    return LINE_MALFORMED;
  port = parse_port (colon + 1);
  if (port <= 0)
    return port == 0 ? LINE_SKIPPED : LINE_MALFORMED;
  if (out == NULL)
    return LINE_NODE;
  *colon = '\0';
  parsed = g_new0 (NodeLine, 1);
  parsed->id = g_strdup (fields[0]);
  parsed->master_id = replica ? g_strdup (fields[3]) : NULL;
  /* A node that does not know its own address yet says ":port". */
  parsed->host = g_strdup (*fields[1] != '\0' ? fields[1] : seed_host);
  parsed->port = port;
  address = g_strdup_printf ("%s:%d", parsed->host, port);
  role = role_from_flags ((const char * const *) flags, replica);
  parsed->node = ic_probe_node_new (address, role);
  parsed->node->hostname = g_steal_pointer (&hostname);
  *out = parsed;
  return LINE_NODE;
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const NodeLine *line_a = *(NodeLine * const *) a;
  const NodeLine *line_b = *(NodeLine * const *) b;
  int by_host = strcmp (line_a->host, line_b->host);

  if (by_host != 0)
    return by_host;
  return (line_a->port > line_b->port) - (line_a->port < line_b->port);
}

void
_ic_redis_cluster_nodes_clear (IcRedisClusterNodes *parsed)
{
  g_clear_pointer (&parsed->nodes, g_ptr_array_unref);
  g_clear_pointer (&parsed->malformed, g_free);
  parsed->n_listed = 0;
  parsed->n_malformed = 0;
}

/* Places each primary, then its replicas; a replica whose primary is not
 * listed comes last. One hash table of the replicas by their primary's id
 * keeps it linear in the number of nodes. */
static void
order_rows (GPtrArray *lines,
            GPtrArray *nodes)
{
  g_autoptr(GHashTable) replicas = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);

  g_ptr_array_sort (lines, compare_nodes);
  for (guint i = 0; i < lines->len; i++)
    {
      NodeLine *line = g_ptr_array_index (lines, i);
      GPtrArray *of_primary;

      if (line->master_id == NULL)
        continue;
      of_primary = g_hash_table_lookup (replicas, line->master_id);
      if (of_primary == NULL)
        {
          of_primary = g_ptr_array_new ();
          g_hash_table_insert (replicas, line->master_id, of_primary);
        }
      g_ptr_array_add (of_primary, line);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      NodeLine *primary = g_ptr_array_index (lines, i);
      GPtrArray *of_primary;
      IcProbeNode *row;

      if (primary->master_id != NULL)
        continue;
      row = g_steal_pointer (&primary->node);
      g_ptr_array_add (nodes, row);
      of_primary = g_hash_table_lookup (replicas, primary->id);
      for (guint j = 0; of_primary != NULL && j < of_primary->len; j++)
        {
          NodeLine *replica = g_ptr_array_index (of_primary, j);

          /* Under the first of two primaries that claim the same id. */
          if (replica->node == NULL)
            continue;
          replica->node->primary = g_strdup (row->address);
          g_ptr_array_add (nodes, g_steal_pointer (&replica->node));
        }
    }
  for (guint i = 0; i < lines->len; i++)
    {
      NodeLine *orphan = g_ptr_array_index (lines, i);

      if (orphan->node != NULL)
        g_ptr_array_add (nodes, g_steal_pointer (&orphan->node));
    }
}

void
_ic_redis_parse_cluster_nodes (IcRedisClusterNodes *parsed,
                               const char          *text,
                               gsize                len,
                               const char          *seed_host,
                               guint                max_nodes)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) node_line_free);
  const char *cursor = text;
  const char *line;
  gsize line_len;

  g_return_if_fail (parsed != NULL);

  /* Filled in even after a programmer error below: it can be cleared. */
  memset (parsed, 0, sizeof *parsed);
  parsed->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_probe_node_free);
  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (seed_host != NULL);
  while (len > 0 && _ic_redis_next_line (&cursor, text + len, &line, &line_len))
    {
      NodeLine *node_line = NULL;

      switch (parse_node_line (line, line_len, seed_host,
                               lines->len < max_nodes ? &node_line : NULL))
        {
        case LINE_NODE:
          parsed->n_listed++;
          if (node_line != NULL)
            g_ptr_array_add (lines, node_line);
          break;
        case LINE_MALFORMED:
          if (parsed->n_malformed++ == 0)
            {
              g_autofree char *cut = g_strndup (line, MIN (line_len, 80));
              g_autofree char *escaped = g_strescape (cut, NULL);

              parsed->malformed = g_strconcat (escaped, line_len > 80 ? "…" : "", NULL);
            }
          break;
        case LINE_SKIPPED:
        default:
          break;
        }
    }
  order_rows (lines, parsed->nodes);
}
