/* ic-probe-redis-connection-private.h — one Redis connection, bounded and
 * cancellable, for the single-node check (ic-probe-redis.c) and the cluster
 * check (ic-probe-redis-cluster.c) alike
 *
 * A run resolves the host with GResolver, connects by address (trying the
 * next address when one refuses), authenticates, and then hands the
 * connection to its check's start function, which sends commands and ends
 * the run with a sample. The deadline, the cancellable, hiredis' errors
 * and the teardown are the connection's business; the commands and what
 * their replies mean are the check's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "ic-probe-private.h"

G_BEGIN_DECLS

typedef struct _IcRedisRun IcRedisRun;

/**
 * IcRedisRunStart:
 * @run: the run, connected (and authenticated when it has a password)
 * @ac: its connection
 *
 * Sends a check's first command. Every reply callback passes its reply
 * through _ic_redis_run_check_reply() first, and the check ends with
 * _ic_redis_run_complete() or _ic_redis_run_fail().
 */
typedef void (*IcRedisRunStart) (IcRedisRun        *run,
                                 redisAsyncContext *ac);

/**
 * IcRedisTarget:
 * @host: a host name or address
 * @port: the port; 6379 when 0 or less
 * @user: (nullable): the ACL user
 * @password: (nullable): the password; AUTH is sent only with one
 *
 * Whom a run talks to, borrowed for the call.
 */
typedef struct
{
  const char *host;
  int         port;
  const char *user;
  const char *password;
} IcRedisTarget;

void           _ic_redis_run_start          (const IcRedisTarget  *target,
                                             const IcProbeOptions *options,
                                             IcRedisRunStart       start,
                                             gpointer              check,
                                             GDestroyNotify        check_free,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);

IcRedisRun    *_ic_redis_run_ref            (IcRedisRun           *run);
void           _ic_redis_run_unref          (IcRedisRun           *run);

gpointer       _ic_redis_run_get_check      (IcRedisRun           *run);
const IcRedisTarget *
               _ic_redis_run_get_target     (IcRedisRun           *run);
const IcProbeOptions *
               _ic_redis_run_get_options    (IcRedisRun           *run);
GCancellable  *_ic_redis_run_get_cancellable (IcRedisRun          *run);
gint64         _ic_redis_run_elapsed        (IcRedisRun           *run);
guint          _ic_redis_run_remaining_ms   (IcRedisRun           *run);

redisReply    *_ic_redis_run_check_reply    (IcRedisRun           *run,
                                             redisAsyncContext    *ac,
                                             void                 *reply);
void           _ic_redis_run_complete       (IcRedisRun           *run,
                                             IcProbeSample        *sample);
void           _ic_redis_run_fail           (IcRedisRun           *run,
                                             IcProbeState          state,
                                             IcProbeError          kind,
                                             const char           *detail);
void           _ic_redis_run_fail_reply     (IcRedisRun           *run,
                                             redisReply           *reply);
void           _ic_redis_run_detach         (IcRedisRun           *run,
                                             redisAsyncContext    *ac);

G_END_DECLS
