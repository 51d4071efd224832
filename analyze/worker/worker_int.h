/* SPDX-License-Identifier: Apache-2.0 */
/* What the kinds of workers share: the exec of `lifeline __worker` and how a worker ended. */
#ifndef LL_ANALYZE_WORKER_WORKER_INT_H
#define LL_ANALYZE_WORKER_WORKER_INT_H

#include "core/compat.h"

struct rusage;

/*
 * The child between fork and exec (async-signal-safe only): keeps `in_fd`
 * as 3, `out_fd` as 4 (and `map_fd` as 5 when >= 0), closes every other
 * descriptor above 2 and execs /proc/self/exe with `argv`. Never returns.
 */
void ll_worker_exec(int in_fd, int out_fd, int map_fd, char **argv);

/*
 * Why a worker that ended with wait status `status` after `ru` is to
 * blame, written to `buf` ("it crashed (Segmentation fault)"); NULL when
 * it exited 0. `cpu`: its CPU limit, seconds.
 */
const char *ll_worker_cause(char *buf, size_t len, int status,
	const struct rusage *ru, uint64_t cpu);

#endif
