/* SPDX-License-Identifier: Apache-2.0 */
/* The check before reading of E01 containers and image media, in a sandboxed worker (issue #16). */
#ifndef LL_CLI_CHECK_WORKER_H
#define LL_CLI_CHECK_WORKER_H

#include "core/compat.h"

#include "collect/block_reader.h" /* ll_progress_fn */
#include "collect/hashers.h"

/* One problem the worker found in an E01 set (docs/formats/worker-frames.md, "Check workers"). */
struct ll_check_problem {
	bool unreadable;   /* libewf cannot open the set: it is not read */
	char *message;
};

/* What a check worker answered. */
struct ll_check_result {
	struct ll_check_problem *problems; /* mode "ewf" */
	size_t nproblems;
	bool has_media;			   /* mode "media": the hashes */
	struct ll_media_hashes media;
	uint64_t media_size;
	int rc;		    /* the check's own result (END): 0 or an LL_E* code */
	char message[1100]; /* its message when rc != 0 */
	bool failed;	    /* the worker failed (crash, limit, bad frame) */
	char cause[1100];   /* why, when failed */
};

/*
 * The parent's: starts `lifeline __check` (fork, exec of /proc/self/exe
 * with only its pipe) on the files `paths` (absolute; `rels` as the item
 * records them, for the messages) of item `item`, reads and checks its
 * frames. mode "ewf": the set's section chains, libewf's open, every chunk
 * and the media hashes the set stores (out->problems); mode "media": the
 * media's hashes through libewf (out->media), its progress told to
 * `progress` (may be NULL) as the worker reports it. Returns 0 with `out` filled
 * (out->failed when the worker failed: out->cause says why), or a negative
 * error when the worker could not be run or out of memory.
 */
int ll_check_run(struct ll_check_result *out, const char *mode, const char *item,
		 char *const *paths, const char *const *rels, size_t n, ll_progress_fn progress,
		 void *progress_payload);
void ll_check_result_release(struct ll_check_result *r);

struct ll_evidence;

/*
 * An ll_everify_media_fn (collect/everify.h) for `analyze timeline`'s check,
 * `evidence verify` and `collect image`'s verification: an E01 image's media
 * hashed by a check worker in mode "media". `payload` is a struct
 * ll_check_media; its `failed` says the worker itself failed (the error
 * then names the cause), not the media.
 */
struct ll_check_media {
	const struct ll_evidence *ev; /* the item; NULL for an image not yet registered: */
	const char *id;		      /* then its name, and the paths name its files */
	ll_progress_fn progress;      /* may be NULL */
	void *progress_payload;
	bool failed;
};

int ll_check_media_in_worker(struct ll_media_hashes *out, uint64_t *size, char **paths,
			     size_t n, void *payload);

/* The worker's: `lifeline __check ARGS…`. Does not return. */
int ll_check_main(int argc, char **argv);

#endif
