/* SPDX-License-Identifier: Apache-2.0 */
/* Read once, do everything with the bytes in flight: a ring of blocks shared by threads. */
#ifndef LL_COLLECT_PIPELINE_H
#define LL_COLLECT_PIPELINE_H

#include "core/compat.h"

#include <signal.h>

#define LL_PIPE_MAX_CONSUMERS 8

/*
 * The ring used by acquisition and verification: 8 blocks of 4 MiB. Larger
 * blocks than the first 1 MiB cut the wake-ups between threads fourfold
 * (about 15 % of the raw path's CPU on the machine measured, bench/README.md).
 * A multiple of every E01 chunk size up to 8192 sectors of 512 bytes.
 */
#define LL_PIPE_BLOCK_SIZE ((size_t)4 << 20)
#define LL_PIPE_NSLOTS 8

struct ll_block {
	uint8_t *data;
	size_t len;   /* bytes in data (only the last block may be short) */
	uint64_t off; /* media offset of data[0] */
	uint64_t seq;
	void *aux;    /* aux_size bytes of scratch for the prepare stage */
	bool prepared;
};

/* A stage: returns 0 or a negative ll error (which stops the pipeline). */
typedef int (*ll_block_fn)(void *ctx, struct ll_block *b);

/*
 * Fills b->data (up to the block size) and sets b->len and b->off. Returns
 * 0 when more follows, 1 when this was the last block (len may be 0), or a
 * negative ll error.
 */
typedef int (*ll_produce_fn)(void *ctx, struct ll_block *b, size_t cap);

struct ll_pipe_config {
	size_t block_size;
	size_t nslots;
	/* Ordered consumers, each in its own thread, seeing blocks in order. */
	ll_block_fn consumer[LL_PIPE_MAX_CONSUMERS];
	void *consumer_ctx[LL_PIPE_MAX_CONSUMERS];
	bool after_prepare[LL_PIPE_MAX_CONSUMERS]; /* waits for `prepare` */
	size_t nconsumers;
	/* Optional: run on `nworkers` threads, blocks in any order. */
	ll_block_fn prepare;
	void *prepare_ctx;
	size_t nworkers;
	size_t aux_size;
	/* Checked between blocks: a signal handler sets it to stop cleanly. */
	volatile sig_atomic_t *stop;
};

/*
 * Runs the pipeline: `produce` on the calling thread, the stages on their
 * threads, until the producer says it was the last block or any stage
 * fails. Returns the first error (LL_EINTERRUPTED when *stop was set) with
 * its message, else 0. Every consumer has seen every produced block when it
 * returns 0.
 */
int ll_pipe_run(const struct ll_pipe_config *cfg, ll_produce_fn produce,
		void *produce_ctx);

/* Worker threads for compression: the number of online CPUs (1..8). */
size_t ll_acquire_nworkers(void);

#endif
