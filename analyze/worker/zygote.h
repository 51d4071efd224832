/* SPDX-License-Identifier: Apache-2.0 */
/* Starting workers cheaply: a fork server ("zygote") exec'd once per run, fork+exec as the fallback. */
#ifndef LL_ANALYZE_WORKER_ZYGOTE_H
#define LL_ANALYZE_WORKER_ZYGOTE_H

#include "core/compat.h"

#include <sys/types.h>

/*
 * Starts a worker, `lifeline __worker ARGS` (argv: NULL-terminated, argv[0]
 * "lifeline", argv[1] "__worker"), with `in_fd` as its fd 3, out[1] (the
 * write end of the caller's frame pipe `out`, close-on-exec) as 4 and
 * `map_fd` as 5 when >= 0, no other descriptor above 2. The worker is
 * the caller's child either way: waitpid/wait4 and kill work on *pid.
 *
 * The first call of a process starts the zygote (`__worker --zygote`,
 * fork+exec with only its socket); each call sends it the argv and the
 * descriptors, and it clones the worker with CLONE_PARENT. When the zygote
 * cannot start, is lost (it ended or stopped answering) or refuses, the
 * worker is started by fork+exec of /proc/self/exe as before, and every
 * later call does so too. See docs/formats/worker-frames.md, "Workers".
 *
 * Returns 0 with *pid set, or LL_EIO when no process could be made. The
 * caller's descriptors stay open (it closes them). When the zygote was lost
 * in the middle of this request, `out` is replaced by a new pipe (the old
 * one closed): a worker it may have cloned then cannot reach the caller.
 */
int ll_worker_spawn(pid_t *pid, int in_fd, int out[2], int map_fd, char **argv);

/*
 * In a new worker process (async-signal-safe): fds[0..n) become 3, 4 (and
 * 5), every other descriptor above 2 is closed; _exit(126) when that fails.
 */
void ll_worker_place_fds(int *fds, int n);

/*
 * `lifeline __worker --zygote`: serves the requests on fd 3 until the
 * parent closes it, then exits. Never returns. Each worker it makes runs
 * ll_worker_main (worker.h) with its request's arguments, no exec.
 */
void ll_worker_zygote_main(void);

#endif
