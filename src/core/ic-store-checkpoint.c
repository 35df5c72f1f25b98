/* ic-store-checkpoint.c — the store's WAL checkpoints, in a thread of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-store"

#include "config.h"

#include <glib/gstdio.h>

#include "ic-store-private.h"

/*
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past
 * 1,000 pages: it copies them into the database file and syncs it, on the
 * committing thread. With 1,000,000 timeline events that was 7 to 120 ms of the
 * main thread, once every ~150 autosaves (#17). The store's connection leaves
 * checkpoints to this thread instead (see the store's WAL hook), which runs
 * them PASSIVE on a connection of its own: a passive checkpoint never takes the
 * write lock, so commits go on meanwhile, and the first commit after one that
 * copied the whole WAL starts the WAL over from its beginning.
 *
 * The connection is opened by the first checkpoint and kept; it is opened
 * again if the file at the path is no longer the one it was opened on (moved
 * away, replaced), and never created.
 */
struct _IcCheckpointer
{
  GMutex    lock;
  GCond     cond;

  /* Owned */
  char     *path;
  GThread  *thread;     /* nullable: started by the first request */

  /* The thread's; set and cleared with the lock held, used without it */
  sqlite3  *db;         /* nullable */
  GStatBuf  opened;     /* the file db was opened on */

  /* With the lock held */
  gboolean  requested;
  gboolean  running;    /* a checkpoint is under way on db */
  gboolean  stopping;
  guint     n_complete; /* checkpoints that copied the whole WAL */
};

static int
open_connection (IcCheckpointer *self)
{
  GStatBuf now;
  sqlite3 *db = NULL;
  int rc;

  if (self->db != NULL
      && (g_stat (self->path, &now) != 0 || now.st_ino != self->opened.st_ino
          || now.st_dev != self->opened.st_dev))
    {
      g_mutex_lock (&self->lock);
      db = g_steal_pointer (&self->db);
      g_mutex_unlock (&self->lock);
      sqlite3_close (db);
    }
  if (self->db != NULL)
    return SQLITE_OK;
  /* Read-write, for the checkpoint; never created: a missing file is an error. */
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK && g_stat (self->path, &self->opened) != 0)
    rc = SQLITE_CANTOPEN;
  /* Reading the schema opens the WAL, which the checkpoint needs. */
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 100);
      rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      sqlite3_close (db);
      return rc;
    }
  g_mutex_lock (&self->lock);
  self->db = db;
  g_mutex_unlock (&self->lock);
  return SQLITE_OK;
}

/* At most this many passes per request, see checkpoint(). */
#define MAX_PASSES 4

/* Copies the WAL into the database file. A pass copies what the WAL held
 * when it began, and commits made meanwhile are left for the next pass,
 * which then has little to do: the WAL can start over only once all of it
 * is copied. A pass that finds nothing new costs no I/O. Returns whether
 * the whole WAL was copied. */
static gboolean
checkpoint (IcCheckpointer *self)
{
  int n_frames = -1, n_copied = -1, before = -1;
  int rc = open_connection (self);

  for (guint pass = 0; rc == SQLITE_OK && pass < MAX_PASSES; pass++)
    {
      before = n_frames;
      rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_frames,
                                      &n_copied);
      /* Fewer copied: a reader still uses older pages, no use going on. */
      if (n_frames == before || n_copied < n_frames)
        break;
    }
  if (rc != SQLITE_OK)
    {
      g_debug ("No checkpoint of “%s”: %s", self->path, sqlite3_errstr (rc));
      return FALSE;
    }
  return n_copied == n_frames;
}

static gpointer
checkpoint_thread (gpointer data)
{
  IcCheckpointer *self = data;
  sqlite3 *db;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gboolean complete;

      while (!self->requested && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stopping)
        break;
      self->requested = FALSE;
      self->running = TRUE;
      g_mutex_unlock (&self->lock);
      complete = checkpoint (self);
      g_mutex_lock (&self->lock);
      self->running = FALSE;
      self->n_complete += complete;
      g_cond_broadcast (&self->cond);
    }
  db = g_steal_pointer (&self->db);
  g_mutex_unlock (&self->lock);
  sqlite3_close (db);
  return NULL;
}

/**
 * _ic_checkpointer_new:
 * @path: the database file
 *
 * Returns: (transfer full): a checkpointer for @path; its thread starts
 *   with the first request
 */
IcCheckpointer *
_ic_checkpointer_new (const char *path)
{
  IcCheckpointer *self = g_new0 (IcCheckpointer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->path = g_strdup (path);
  return self;
}

/**
 * _ic_checkpointer_request:
 *
 * Asks for a checkpoint soon, without waiting for it: cheap enough for the
 * WAL hook, which runs inside every commit. A request made while one runs
 * gives one more run after it.
 */
void
_ic_checkpointer_request (IcCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  if (!self->stopping)
    {
      if (self->thread == NULL)
        self->thread = g_thread_new ("ic-checkpoint", checkpoint_thread, self);
      self->requested = TRUE;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

/**
 * _ic_checkpointer_wait:
 *
 * For the tests: waits until no checkpoint is asked for or under way.
 *
 * Returns: how many checkpoints so far copied the whole WAL
 */
guint
_ic_checkpointer_wait (IcCheckpointer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  while (self->thread != NULL && (self->requested || self->running) && !self->stopping)
    g_cond_wait (&self->cond, &self->lock);
  n = self->n_complete;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * _ic_checkpointer_free:
 *
 * Stops the thread, interrupting a checkpoint under way (the pages it copied
 * stay copied), and closes its connection: the store closes its own after
 * this, as the last connection, which checkpoints and removes the WAL.
 */
void
_ic_checkpointer_free (IcCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  if (self->running && self->db != NULL)
    sqlite3_interrupt (self->db);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  if (self->thread != NULL)
    g_thread_join (self->thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}
