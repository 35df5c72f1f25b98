/* ic-probe-session-pool.c — HTTP sessions shared by the checks of one
 * main context
 *
 * A SoupSession made and torn down for every check cost 5 to 8 % of an
 * HTTP check's CPU on loopback, and a probe with a CA file had it read and
 * parsed in a worker at every check. Checks that would configure a session
 * alike now share one: the same timeout and the same CAs, the certificates
 * of a CA file being kept for as long as the file stays the same one
 * (Redis checks over TLS take their CA files' certificates from here too).
 *
 * A shared session must not make one check's result depend on another, so
 * nothing it holds carries over from one check to the next:
 * - connections: each check opens its own and closes it after the answer
 *   (ic-probe.c says why), so its latency still includes the connect and
 *   the TLS handshake, and a server that stopped accepting fails the check;
 * - cookies: no SoupCookieJar (nor HSTS enforcer, nor cache) is ever added;
 * - credentials: the authentication manager's cache is not used
 *   (SOUP_MESSAGE_DO_NOT_USE_AUTH_CACHE), so a URL's user and password
 *   answer that check's challenge and are not sent by the next;
 * - redirects are followed per message, as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ic-http.h"
#include "ic-probe-proxy.h"
#include "ic-probe-session-pool-private.h"

/* A session or a CA file nobody used for this long is let go: a probe
 * whose timeout or CA file changed leaves its old one behind. */
#define IDLE_DROP_US (10 * 60 * G_USEC_PER_SEC)
/* Bounds against a configuration with a great many timeouts or CA files. */
#define MAX_SESSIONS 64
#define MAX_CA_FILES 64

typedef struct
{
  guint         timeout_s;
  GTlsDatabase *database;   /* owned, nullable: the system's CAs */
  GObject      *session;    /* owned: ic-http.h's */
  gint64        used;       /* monotonic µs */
} Shared;

typedef struct
{
  IcCaFileStamp  stamp;
  GTlsDatabase  *database;  /* owned */
  gint64         used;
} CaFile;

struct _IcProbeSessionPool
{
  GObject     parent_instance;

  /* Owned */
  GMainContext *context;    /* where the sessions live */
  GPtrArray  *sessions;     /* Shared* */
  GHashTable *ca_files;     /* path → CaFile* */
};

G_DEFINE_FINAL_TYPE (IcProbeSessionPool, ic_probe_session_pool, G_TYPE_OBJECT)

static void
shared_free (Shared *shared)
{
  g_clear_object (&shared->session);
  g_clear_object (&shared->database);
  g_free (shared);
}

static void
ca_file_free (CaFile *ca_file)
{
  g_clear_object (&ca_file->database);
  g_free (ca_file);
}

/* Checks in flight keep their own reference to the session they use: a
 * session let go here goes once they are done. */
static void
drop_sessions_of (IcProbeSessionPool *self,
                  GTlsDatabase       *database)
{
  for (guint i = self->sessions->len; i > 0; i--)
    if (((Shared *) g_ptr_array_index (self->sessions, i - 1))->database == database)
      g_ptr_array_remove_index_fast (self->sessions, i - 1);
}

static void
drop_idle_sessions (IcProbeSessionPool *self,
                    gint64              now)
{
  for (guint i = self->sessions->len; i > 0; i--)
    if (now - ((Shared *) g_ptr_array_index (self->sessions, i - 1))->used > IDLE_DROP_US)
      g_ptr_array_remove_index_fast (self->sessions, i - 1);
}

static void
drop_least_recent_session (IcProbeSessionPool *self)
{
  guint oldest = 0;

  for (guint i = 1; i < self->sessions->len; i++)
    if (((Shared *) g_ptr_array_index (self->sessions, i))->used
        < ((Shared *) g_ptr_array_index (self->sessions, oldest))->used)
      oldest = i;
  if (self->sessions->len > 0)
    g_ptr_array_remove_index_fast (self->sessions, oldest);
}

/* Drops the CA files not used for a while and, to @make_room for one
 * more, the least recently used one; with them the sessions that trust
 * them. */
static void
drop_ca_files (IcProbeSessionPool *self,
               gint64              now,
               gboolean            make_room)
{
  GHashTableIter iter;
  gpointer path, value;
  const char *oldest = NULL;
  gint64 oldest_used = G_MAXINT64;

  g_hash_table_iter_init (&iter, self->ca_files);
  while (g_hash_table_iter_next (&iter, &path, &value))
    {
      CaFile *ca_file = value;

      if (now - ca_file->used > IDLE_DROP_US)
        {
          drop_sessions_of (self, ca_file->database);
          g_hash_table_iter_remove (&iter);
        }
      else if (ca_file->used < oldest_used)
        {
          oldest = path;
          oldest_used = ca_file->used;
        }
    }
  if (make_room && oldest != NULL && g_hash_table_size (self->ca_files) >= MAX_CA_FILES)
    {
      drop_sessions_of (self, ((CaFile *) g_hash_table_lookup (self->ca_files, oldest))->database);
      g_hash_table_remove (self->ca_files, oldest);
    }
}

static gboolean
stamp_file (const char    *ca_file,
            IcCaFileStamp *stamp)
{
  GStatBuf st;

  memset (stamp, 0, sizeof *stamp);
  if (g_stat (ca_file, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  stamp->valid = TRUE;
  stamp->device = st.st_dev;
  stamp->inode = st.st_ino;
  stamp->size = st.st_size;
  stamp->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  stamp->ctime_ns = (gint64) st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
  return TRUE;
}

static gboolean
stamps_equal (const IcCaFileStamp *a,
              const IcCaFileStamp *b)
{
  return a->valid && b->valid && a->device == b->device && a->inode == b->inode
         && a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

static void
ic_probe_session_pool_dispose (GObject *object)
{
  IcProbeSessionPool *self = IC_PROBE_SESSION_POOL (object);

  if (self->sessions != NULL)
    g_ptr_array_set_size (self->sessions, 0);
  if (self->ca_files != NULL)
    g_hash_table_remove_all (self->ca_files);

  G_OBJECT_CLASS (ic_probe_session_pool_parent_class)->dispose (object);
}

static void
ic_probe_session_pool_finalize (GObject *object)
{
  IcProbeSessionPool *self = IC_PROBE_SESSION_POOL (object);

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->ca_files, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ic_probe_session_pool_parent_class)->finalize (object);
}

static void
ic_probe_session_pool_class_init (IcProbeSessionPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_probe_session_pool_dispose;
  object_class->finalize = ic_probe_session_pool_finalize;
}

static void
ic_probe_session_pool_init (IcProbeSessionPool *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) shared_free);
  self->ca_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) ca_file_free);
}

/**
 * ic_probe_session_pool_new:
 *
 * Sessions for the HTTP and Prometheus checks that run on the
 * thread-default main context, where they must be used (libsoup binds a
 * session to the context it was made on). Give it to checks through
 * #IcProbeOptions.sessions; the probe scheduler has one.
 *
 * Returns: (transfer full): an empty pool
 */
IcProbeSessionPool *
ic_probe_session_pool_new (void)
{
  return g_object_new (IC_TYPE_PROBE_SESSION_POOL, NULL);
}

GObject *
_ic_probe_http_session_new (guint         timeout_s,
                            GTlsDatabase *database)
{
  g_autofree char *agent = g_strdup_printf ("incident-commander/%s", VERSION);

  /* No limit on connections: a check never waits for another's (each
   * opens its own; the scheduler bounds how many run at once). */
  return ic_http_probe_session_new (timeout_s, agent, ic_probe_proxy_cache_get_default (),
                                    database);
}

GObject *
_ic_probe_session_pool_get (IcProbeSessionPool *self,
                            guint               timeout_s,
                            GTlsDatabase       *database)
{
  gint64 now = g_get_monotonic_time ();
  GMainContext *current = g_main_context_get_thread_default ();
  Shared *shared;

  g_return_val_if_fail (IC_IS_PROBE_SESSION_POOL (self), NULL);

  /* A check on another context (ic_probe_run_sync()'s) cannot use them:
   * libsoup binds a session to the context it was made on. */
  if ((current != NULL ? current : g_main_context_default ()) != self->context)
    return NULL;
  drop_idle_sessions (self, now);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      shared = g_ptr_array_index (self->sessions, i);
      if (shared->timeout_s == timeout_s && shared->database == database)
        {
          shared->used = now;
          return shared->session;
        }
    }
  if (self->sessions->len >= MAX_SESSIONS)
    drop_least_recent_session (self);
  shared = g_new0 (Shared, 1);
  shared->timeout_s = timeout_s;
  shared->database = database != NULL ? g_object_ref (database) : NULL;
  shared->session = _ic_probe_http_session_new (timeout_s, database);
  shared->used = now;
  g_ptr_array_add (self->sessions, shared);
  return shared->session;
}

GTlsDatabase *
_ic_probe_session_pool_lookup_ca_file (IcProbeSessionPool *self,
                                       const char         *ca_file,
                                       IcCaFileStamp      *stamp)
{
  CaFile *known;

  g_return_val_if_fail (IC_IS_PROBE_SESSION_POOL (self), NULL);

  if (!stamp_file (ca_file, stamp))
    return NULL;
  known = g_hash_table_lookup (self->ca_files, ca_file);
  if (known == NULL || !stamps_equal (&known->stamp, stamp))
    return NULL;
  known->used = g_get_monotonic_time ();
  return known->database;
}

void
_ic_probe_session_pool_remember_ca_file (IcProbeSessionPool  *self,
                                         const char          *ca_file,
                                         const IcCaFileStamp *stamp,
                                         GTlsDatabase        *database)
{
  CaFile *known;
  CaFile *entry;

  g_return_if_fail (IC_IS_PROBE_SESSION_POOL (self));
  g_return_if_fail (G_IS_TLS_DATABASE (database));

  if (!stamp->valid)
    return;
  known = g_hash_table_lookup (self->ca_files, ca_file);
  /* A file that changed: nothing will ask for the old CAs' sessions. */
  if (known != NULL && known->database != database)
    drop_sessions_of (self, known->database);
  if (known == NULL)
    drop_ca_files (self, g_get_monotonic_time (), TRUE);
  entry = g_new0 (CaFile, 1);
  entry->stamp = *stamp;
  entry->database = g_object_ref (database);
  entry->used = g_get_monotonic_time ();
  g_hash_table_replace (self->ca_files, g_strdup (ca_file), entry);
}

guint
_ic_probe_session_pool_get_n_sessions (IcProbeSessionPool *self)
{
  g_return_val_if_fail (IC_IS_PROBE_SESSION_POOL (self), 0);

  return self->sessions->len;
}
