/* SPDX-License-Identifier: Apache-2.0 */
/* One worker's run, shared by worker_run.c (start, frames, result), pool.c (several at once) and the other kinds of workers. */
#ifndef LL_ANALYZE_WORKER_WORKER_INT_H
#define LL_ANALYZE_WORKER_WORKER_INT_H

#include "core/compat.h"

#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "analyze/worker/frame.h"
#include "analyze/worker/worker_fs.h"

struct ll_source_ctx;
struct ll_source_kind;
struct ll_input_budget;
struct ll_harm_batch;

/* One worker: its process, its pipe and what came through it. */
struct run {
	struct ll_source_ctx *ctx;
	const struct ll_source_kind *k;
	struct ll_input_budget *bud;
	uint32_t index;
	pid_t pid;
	int pipe;
	struct ll_frame_decoder dec;
	bool ended, stopped_by_writer, eof;
	int end_rc;
	char end_msg[LL_FRAME_TEXT_MAX + 1];
	uint64_t inflated;
	uint64_t cpu; /* the worker's CPU limit, seconds */
	bool scratch;		    /* the third fd is a scratch file (scratch.h), not the mapping */
	int scratch_fd;		    /* the parent's descriptor of it until the worker started */
	char *scratch_path;	    /* removed at the release */
	struct ll_worker_segs segs; /* a whole-item reader's files */
	struct ll_tsk_store *fs;    /* where its fs rows go */
	struct ll_harm_batch *harm; /* the hospital rows of the file (apply_harm.c) */
	struct timespec t0; /* its start: the wall-clock limit counts from it */
	bool reaped;	    /* status and ru hold how it ended */
	int status;
	struct rusage ru;
};

/* The pipe read size: one read, one feed. */
#define LL_WORKER_READ ((size_t)256 * 1024)

/*
 * Starts the worker of ctx's file (ll_worker_run's first half): 0 with
 * r->pid and r->pipe set, 1 when the file must be read in-process, < 0 on
 * failure (nothing left to release). Release a started run with
 * ll_worker_release.
 */
int ll_worker_start(struct run *r, struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		    uint32_t index, struct ll_input_budget *bud);

/*
 * Bytes read from r's pipe: decoded and checked; when `store`, each frame
 * is also applied (stored through r->ctx). < 0 as soon as a frame is
 * refused or cannot be stored.
 */
int ll_worker_feed(struct run *r, const uint8_t *data, size_t len, bool store);

/* The wall-clock limit of r, seconds from r->t0. */
uint64_t ll_worker_wall_limit(const struct run *r);

/* 0 while r is within its wall-clock limit; past it, sets *timed_out and says so (< 0). */
int ll_worker_past_wall(const struct run *r, bool *timed_out);

/*
 * One read of r's pipe into buf[size], stored (ll_worker_feed): 0 to read
 * on, 1 at the end of a whole stream, < 0 when it failed or was refused.
 */
int ll_worker_read(struct run *r, uint8_t *buf, size_t size);

/*
 * After the stream (rc: the stream's result): reaps the worker (killed
 * first when rc < 0 or timed_out) and returns ll_worker_run's result.
 */
int ll_worker_conclude(struct run *r, int rc, bool timed_out, bool *worker_failed);

/* Kills (when not reaped yet) and reaps the worker, closes its pipe, frees the decoder. */
void ll_worker_release(struct run *r);

/*
 * The child between fork and exec (async-signal-safe only): keeps `in_fd`
 * as 3, `out_fd` as 4 (and `map_fd` as 5 when >= 0), closes every other
 * descriptor above 2 and execs /proc/self/exe with `argv`. Never returns.
 */
void ll_worker_exec(int in_fd, int out_fd, int map_fd, char **argv);

/*
 * ll_worker_exec for any number of descriptors: keep[i] becomes 3 + i
 * (keep is overwritten). The probe worker's (probe.c): its pipe and the
 * item's files.
 */
void ll_worker_exec_fds(int *keep, int n, char **argv);

/*
 * Why a worker that ended with wait status `status` after `ru` is to
 * blame, written to `buf` ("it crashed (Segmentation fault)"); NULL when
 * it exited 0. `cpu`: its CPU limit, seconds.
 */
const char *ll_worker_cause(char *buf, size_t len, int status,
	const struct rusage *ru, uint64_t cpu);

#endif
