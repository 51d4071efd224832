/* SPDX-License-Identifier: Apache-2.0 */
/* collect image: one read pass to a verified, registered, signed exhibit (DESIGN §4). */
#ifndef LL_COLLECT_ACQUIRE_H
#define LL_COLLECT_ACQUIRE_H

#include "core/compat.h"

#include <signal.h>

#include "collect/chunk.h"
#include "collect/hashers.h"
#include "collect/block_reader.h"
#include "collect/everify.h"
#include "collect/register.h"

struct ll_case;
struct ll_signer;

struct ll_acquire_opts {
	const char *source;        /* path, device, "-" */
	bool e01;                  /* else raw */
	const char *id;            /* --exhibit, or NULL for the next E<n> */
	const char *description, *notes;
	const char *host;          /* --host, checked by the caller; NULL: none */
	uint64_t segment_size;     /* 0: default */
	enum ll_compression compression;
	bool verify;
	volatile sig_atomic_t *stop;
	ll_progress_fn progress;   /* bytes read; total via `started` */
	void *progress_payload;
	/* Called once the source is open: its size (-1 unknown) and phase name. */
	void (*phase)(void *payload, const char *name, int64_t total);
	/*
	 * An E01's verification: its media read back and hashed by this
	 * (cli/: a sandboxed check worker, so this process, which holds the
	 * key, reads no E01) with verify_payload; NULL: in-process.
	 */
	ll_everify_media_fn verify_media;
	void *verify_payload;
};

struct ll_acquire_result {
	char *id;
	const char *format;
	char *dir;                 /* evidence/<id>, relative to the case */
	struct ll_media_hashes hashes;
	uint64_t media_size;
	uint64_t unreadable;
	uint64_t padded;           /* E01: zeros added to end on a whole sector */
	struct ll_range *errs;
	size_t nerrs;
	struct ll_evidence_file_rec *files;
	size_t nfiles;
	uint32_t sectors_per_chunk;
	bool verified;
	double acquire_secs, verify_secs;
	int64_t acquire_seq, register_seq;
	char acquire_hash[65], head[65];
	const char *state;         /* registered | incomplete */
	bool retried;              /* --exhibit of an unfinished image: its earlier files kept */
	char *model, *serial;
};

/*
 * Images `o->source` into <case>/evidence/<id>/ and registers it. On
 * failure or interruption the item is left 'incomplete' with the reason
 * (res->state says so and res->id names it) and the error is returned.
 */
int ll_acquire_image(struct ll_acquire_result *res, struct ll_case *cs,
		     const struct ll_signer *signer,
		     const struct ll_acquire_opts *o);

void ll_acquire_result_release(struct ll_acquire_result *res);

#endif
