/* SPDX-License-Identifier: Apache-2.0 */
/* A worker's frame stream read to its end, and the worker reaped: for the workers that are not readers (rules, checks). */
#ifndef LL_ANALYZE_WORKER_STREAM_H
#define LL_ANALYZE_WORKER_STREAM_H

#include "core/compat.h"

#include <sys/resource.h>
#include <sys/types.h>

struct ll_frame;
struct ll_frame_decoder;

/* One validated frame; < 0 stops the stream with that error. */
typedef int (*ll_worker_frame_fn)(void *payload, const struct ll_frame *f);

struct ll_worker_stream {
	int fd;			      /* the worker's pipe */
	struct ll_frame_decoder *dec; /* initialised by the caller */
	uint64_t wall;		      /* seconds from the call */
	ll_worker_frame_fn apply;
	void *payload;
	const char *who; /* "the rules' worker": for the messages */
	bool timed_out;	 /* the wall-clock limit stopped it */
	bool eof;	 /* the pipe reached its end */
};

/*
 * Reads s->fd to its end, each frame decoded, checked and handed to
 * s->apply: 0 at the end of a stream that ended between frames, < 0 as
 * soon as a frame is refused, s->apply fails, a read fails or the wall
 * clock runs out (s->timed_out).
 */
int ll_worker_stream_pump(struct ll_worker_stream *s);

/* Kills the worker first when `kill_it`, then waits for it: its wait status and usage. */
int ll_worker_wait(pid_t pid, bool kill_it, const char *who, int *status, struct rusage *ru);

/*
 * Which reason names a non-reader worker's failure: `why` (the stream's
 * own error, rc < 0) when this side stopped it — a refused frame, the wall
 * clock, or a stream that ended without a cause from the exit status —
 * else `cause` (ll_worker_cause: how the worker ended).
 */
const char *ll_worker_blame(const char *why, const char *cause, int rc, bool timed_out,
			    bool eof);

#endif
