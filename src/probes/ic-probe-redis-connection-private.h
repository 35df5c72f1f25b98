/* ic-probe-redis-connection-private.h — one Redis connection, bounded and
 * cancellable, for the single-node check (ic-probe-redis.c) and the cluster
 * check (ic-probe-redis-cluster.c) alike
 *
 * A run resolves the host with GResolver, connects with GIO by address
 * (trying the next address when one refuses), wraps the connection in TLS
 * for rediss:// targets, and then hands it to its check's start function.
 * Commands are written with hiredis' formatter and the replies parsed with
 * its reader: the commands a check queues before it returns (AUTH, SELECT,
 * PING, INFO) go out in one write, and their replies come back in one
 * round trip. The deadline, the cancellable, I/O and protocol errors and
 * the teardown are the connection's business; the commands and what their
 * replies mean are the check's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hiredis/hiredis.h>

#include "ic-probe-private.h"

G_BEGIN_DECLS

typedef struct _IcRedisRun IcRedisRun;

/**
 * IcRedisRunStart:
 * @run: the run, connected (AUTH, when it has a password, is queued ahead)
 *
 * Queues a check's first commands with _ic_redis_run_command(); they are
 * written together once it returns. The check ends with
 * _ic_redis_run_complete() or _ic_redis_run_fail().
 */
typedef void (*IcRedisRunStart) (IcRedisRun *run);

/**
 * IcRedisReplyFunc:
 * @run: the run
 * @reply: the reply to the command this function was queued with (an error
 *   reply too: the check decides what it means); freed after the call
 *
 * Never called once the run is complete: a check that fails on one reply
 * does not see the replies to the commands it had queued after it.
 */
typedef void (*IcRedisReplyFunc) (IcRedisRun *run,
                                  redisReply *reply);

/**
 * IcRedisTarget:
 * @host: a host name or address
 * @port: the port; 6379 when 0 or less
 * @user: (nullable): the ACL user
 * @password: (nullable): the password; AUTH is sent only with one
 * @tls: whether to speak TLS (rediss://), the certificate verified against
 *   @tls_name, or @host without one
 * @tls_name: (nullable): the name the server's certificate must be for,
 *   when it is not @host (a cluster node asked by address that announces
 *   its host name)
 *
 * Whom a run talks to, borrowed for the call. With @tls, the options'
 * CA file (when set) replaces the system's trusted CAs.
 */
typedef struct
{
  const char *host;
  int         port;
  const char *user;
  const char *password;
  gboolean    tls;
  const char *tls_name;
} IcRedisTarget;

/* The most a server may send on one connection: INFO is a few KiB and a
 * cluster's CLUSTER NODES of 1,000 nodes about 200 KiB. */
#define IC_REDIS_MAX_RECEIVED (16 * 1024 * 1024)

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

GBytes        *_ic_redis_format_fixed       (const char           *command);
void           _ic_redis_run_command        (IcRedisRun           *run,
                                             IcRedisReplyFunc      func,
                                             const char           *format,
                                             ...);
void           _ic_redis_run_complete       (IcRedisRun           *run,
                                             IcProbeSample        *sample);
void           _ic_redis_run_fail           (IcRedisRun           *run,
                                             IcProbeState          state,
                                             IcProbeError          kind,
                                             const char           *detail);
void           _ic_redis_run_fail_reply     (IcRedisRun           *run,
                                             redisReply           *reply);
void           _ic_redis_run_detach         (IcRedisRun           *run);

G_END_DECLS
