/* ic-test-redis-fake.h — a scripted Redis server inside the test process
 *
 * A GSocketService on a random loopback port that reads RESP commands and
 * answers from a script: what INFO, CLUSTER INFO and CLUSTER NODES say,
 * or nothing at all. It counts the connections it accepts and how many
 * are open at once, so a test can see how a probe fans out. Everything
 * runs on the thread-default main context; answers are written
 * asynchronously, so an answer larger than the socket buffers cannot
 * block the test against the probe reading it in the same thread.
 *
 * With a certificate (ic_test_redis_fake_start_tls()) it speaks TLS, as a
 * managed Redis does. It counts the reads that brought commands: a client
 * that pipelines its commands is answered in one round trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gio/gio.h>

typedef struct
{
  const char *info;            /* INFO's body; NULL: an error reply */
  const char *cluster_info;    /* CLUSTER INFO's; NULL: cluster support disabled */
  const char *cluster_nodes;   /* CLUSTER NODES' */
  const char *config_maxclients;  /* CONFIG GET maxclients' value; NULL: an error */
  gboolean    silent;          /* reads commands and never answers */
  gsize       huge_info;       /* > 0: INFO's answer is this many bytes of "x" */
  gboolean    one_section;     /* as before Redis 7: INFO of several sections is refused */
} IcTestRedisScript;

typedef struct
{
  GSocketService          *service;
  int                      port;
  const IcTestRedisScript *script;     /* borrowed */
  GCancellable            *cancellable;
  guint                    accepted;   /* connections so far */
  guint                    open;       /* accepted and not yet closed by the client */
  guint                    most_open;  /* the most open at once */
  guint                    commands;   /* commands read */
  guint                    round_trips; /* reads that brought at least one command */
  guint                    live;       /* connections with a read under way */
  GTlsCertificate         *tls;        /* (nullable): speak TLS with it */
  GString                 *asked;      /* every command read, a line each, in order */
} IcTestRedisFake;

typedef struct
{
  IcTestRedisFake   *fake;
  GIOStream         *connection;   /* the socket's, or TLS over it */
  GByteArray        *pending;      /* bytes read, not yet a whole command */
  GQueue             answers;      /* GBytes waiting for the one being written */
  GBytes            *writing;      /* the answer being written */
  guint8             buffer[16384];
} IcTestRedisFakeConnection;

static inline char *
ic_test_resp_bulk (const char *text)
{
  return g_strdup_printf ("$%zu\r\n%s\r\n", strlen (text), text);
}

/* Parses one command at the start of @data into @argv: returns the bytes it
 * took, 0 while it is incomplete, -1 when it is not RESP. */
static inline gssize
ic_test_resp_parse_command (const guint8 *data,
                            gsize         len,
                            GPtrArray    *argv)
{
  const char *p = (const char *) data;
  const char *end = p + len;
  const char *crlf;
  char *after = NULL;
  gint64 count;

  if (len == 0)
    return 0;
  if (*p != '*')
    return -1;
  crlf = g_strstr_len (p, end - p, "\r\n");
  if (crlf == NULL)
    return 0;
  count = g_ascii_strtoll (p + 1, &after, 10);
  if (after != crlf || count < 1 || count > 64)
    return -1;
  p = crlf + 2;
  for (gint64 i = 0; i < count; i++)
    {
      gint64 size;

      if (p >= end)
        return 0;
      if (*p != '$')
        return -1;
      crlf = g_strstr_len (p, end - p, "\r\n");
      if (crlf == NULL)
        return 0;
      size = g_ascii_strtoll (p + 1, &after, 10);
      if (after != crlf || size < 0 || size > 1024 * 1024)
        return -1;
      p = crlf + 2;
      if (end - p < size + 2)
        return 0;
      g_ptr_array_add (argv, g_strndup (p, (gsize) size));
      p += size + 2;
    }
  return p - (const char *) data;
}

/* The script's answer to one command (owned); NULL for none. */
static inline char *
ic_test_redis_fake_answer (const IcTestRedisScript *script,
                           GPtrArray               *argv)
{
  const char *name = g_ptr_array_index (argv, 0);
  const char *sub = argv->len > 1 ? g_ptr_array_index (argv, 1) : "";

  if (script->silent)
    return NULL;
  if (g_ascii_strcasecmp (name, "PING") == 0)
    return g_strdup ("+PONG\r\n");
  if (g_ascii_strcasecmp (name, "AUTH") == 0 || g_ascii_strcasecmp (name, "SELECT") == 0)
    return g_strdup ("+OK\r\n");
  if (g_ascii_strcasecmp (name, "INFO") == 0 && script->one_section && argv->len > 2)
    return g_strdup ("-ERR syntax error\r\n");
  if (g_ascii_strcasecmp (name, "INFO") == 0 && script->huge_info > 0)
    {
      GString *answer = g_string_sized_new (script->huge_info + 32);

      g_string_append_printf (answer, "$%" G_GSIZE_FORMAT "\r\n", script->huge_info);
      for (gsize i = 0; i < script->huge_info; i++)
        g_string_append_c (answer, 'x');
      g_string_append (answer, "\r\n");
      return g_string_free (answer, FALSE);
    }
  if (g_ascii_strcasecmp (name, "INFO") == 0 && script->info != NULL)
    return ic_test_resp_bulk (script->info);
  if (g_ascii_strcasecmp (name, "CLUSTER") == 0 && g_ascii_strcasecmp (sub, "INFO") == 0)
    return script->cluster_info ? ic_test_resp_bulk (script->cluster_info)
                                : g_strdup ("-ERR This instance has cluster support disabled\r\n");
  if (g_ascii_strcasecmp (name, "CLUSTER") == 0 && g_ascii_strcasecmp (sub, "NODES") == 0
      && script->cluster_nodes != NULL)
    return ic_test_resp_bulk (script->cluster_nodes);
  if (g_ascii_strcasecmp (name, "CONFIG") == 0 && script->config_maxclients != NULL)
    {
      g_autofree char *key = ic_test_resp_bulk ("maxclients");
      g_autofree char *value = ic_test_resp_bulk (script->config_maxclients);

      return g_strdup_printf ("*2\r\n%s%s", key, value);
    }
  return g_strdup_printf ("-ERR unknown command '%s'\r\n", name);
}

static inline void ic_test_redis_fake_write_next (IcTestRedisFakeConnection *client);

static inline void
ic_test_redis_fake_connection_free (IcTestRedisFakeConnection *client)
{
  g_queue_clear_full (&client->answers, (GDestroyNotify) g_bytes_unref);
  g_byte_array_unref (client->pending);
  g_io_stream_close (client->connection, NULL, NULL);
  g_object_unref (client->connection);
  g_free (client);
}

static inline void
ic_test_redis_fake_written_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  IcTestRedisFakeConnection *client = user_data;

  /* A client that went away meanwhile is no failure of the test. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_clear_pointer (&client->writing, g_bytes_unref);
  ic_test_redis_fake_write_next (client);
}

/* Writes the next answer; frees @client once its reads have ended (fake
 * is NULL then) and nothing is being written. */
static inline void
ic_test_redis_fake_write_next (IcTestRedisFakeConnection *client)
{
  GOutputStream *out = g_io_stream_get_output_stream (client->connection);

  if (client->writing != NULL)
    return;
  if (client->fake == NULL)
    {
      ic_test_redis_fake_connection_free (client);
      return;
    }
  client->writing = g_queue_pop_head (&client->answers);
  if (client->writing == NULL)
    return;
  g_output_stream_write_all_async (out, g_bytes_get_data (client->writing, NULL),
                                   g_bytes_get_size (client->writing), G_PRIORITY_DEFAULT,
                                   client->fake->cancellable, ic_test_redis_fake_written_cb,
                                   client);
}

static inline void ic_test_redis_fake_read (IcTestRedisFakeConnection *client);

static inline void
ic_test_redis_fake_read_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  IcTestRedisFakeConnection *client = user_data;
  IcTestRedisFake *fake = client->fake;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      /* Closed by the client, or the fake stopped. */
      fake->open--;
      fake->live--;
      client->fake = NULL;
      ic_test_redis_fake_write_next (client);
      return;
    }
  g_byte_array_append (client->pending, client->buffer, (guint) n);
  for (guint parsed = 0;; parsed++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      gssize used = ic_test_resp_parse_command (client->pending->data, client->pending->len,
                                                argv);
      char *answer;

      g_assert_cmpint (used, >=, 0);
      if (used == 0)
        break;
      if (parsed == 0)
        fake->round_trips++;
      g_byte_array_remove_range (client->pending, 0, (guint) used);
      fake->commands++;
      for (guint i = 0; i < argv->len; i++)
        g_string_append_printf (fake->asked, "%s%s", i > 0 ? " " : "",
                                (const char *) g_ptr_array_index (argv, i));
      g_string_append_c (fake->asked, '\n');
      answer = ic_test_redis_fake_answer (fake->script, argv);
      if (answer != NULL)
        g_queue_push_tail (&client->answers, g_bytes_new_take (answer, strlen (answer)));
    }
  ic_test_redis_fake_write_next (client);
  ic_test_redis_fake_read (client);
}

static inline void
ic_test_redis_fake_read (IcTestRedisFakeConnection *client)
{
  GInputStream *in = g_io_stream_get_input_stream (client->connection);

  g_input_stream_read_async (in, client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT,
                             client->fake->cancellable, ic_test_redis_fake_read_cb, client);
}

static inline gboolean
ic_test_redis_fake_incoming_cb (GSocketService    *service,
                                GSocketConnection *connection,
                                GObject           *source_object,
                                gpointer           user_data)
{
  IcTestRedisFake *fake = user_data;
  IcTestRedisFakeConnection *client = g_new0 (IcTestRedisFakeConnection, 1);

  client->fake = fake;
  if (fake->tls != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* The handshake happens with the first read. */
      client->connection = g_tls_server_connection_new (G_IO_STREAM (connection), fake->tls,
                                                        &error);
      g_assert_no_error (error);
    }
  else
    client->connection = g_object_ref (G_IO_STREAM (connection));
  client->pending = g_byte_array_new ();
  g_queue_init (&client->answers);
  fake->accepted++;
  fake->open++;
  fake->live++;
  fake->most_open = MAX (fake->most_open, fake->open);
  ic_test_redis_fake_read (client);
  return TRUE;
}

/* Listens on 127.0.0.1 and a free port (@fake->port) with a queue of
 * @backlog connections the kernel completes before they are accepted,
 * answering from @script, which must outlive the fake. */
static inline void
ic_test_redis_fake_start_backlog (IcTestRedisFake         *fake,
                                  const IcTestRedisScript *script,
                                  int                      backlog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  memset (fake, 0, sizeof *fake);
  fake->script = script;
  fake->cancellable = g_cancellable_new ();
  fake->asked = g_string_new (NULL);
  fake->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (fake->service), backlog);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                 &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fake->service, "incoming", G_CALLBACK (ic_test_redis_fake_incoming_cb),
                    fake);
  g_socket_service_start (fake->service);
}

/* The same with a queue for many connections at once (the fan-out tests
 * open many). */
static inline void
ic_test_redis_fake_start (IcTestRedisFake         *fake,
                          const IcTestRedisScript *script)
{
  ic_test_redis_fake_start_backlog (fake, script, 1024);
}

/* The same, speaking TLS with @certificate (a certificate and its key). */
static inline void
ic_test_redis_fake_start_tls (IcTestRedisFake         *fake,
                              const IcTestRedisScript *script,
                              GTlsCertificate         *certificate)
{
  ic_test_redis_fake_start (fake, script);
  fake->tls = g_object_ref (certificate);
}

/* Stops listening, drops every connection and waits until their reads
 * have ended, so nothing refers to @fake any more. */
static inline void
ic_test_redis_fake_stop (IcTestRedisFake *fake)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (fake->service == NULL)
    return;
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_clear_object (&fake->service);
  g_cancellable_cancel (fake->cancellable);
  while (fake->live > 0)
    g_main_context_iteration (context, TRUE);
  g_clear_object (&fake->cancellable);
  g_clear_object (&fake->tls);
  g_string_free (g_steal_pointer (&fake->asked), TRUE);
}
