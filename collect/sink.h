/* SPDX-License-Identifier: Apache-2.0 */
/* Where acquired bytes go: raw (optionally split) files or an E01 set through libewf. */
#ifndef LL_COLLECT_SINK_H
#define LL_COLLECT_SINK_H

#include "core/compat.h"

#include "collect/chunk.h"
#include "collect/pipeline.h"

#include "core/evidence.h" /* struct ll_range */

struct ll_media_hashes;

struct ll_sink_opts {
	const char *base;        /* output path without extension */
	uint64_t segment_size;   /* 0: one raw file / libewf's default for E01 */
	enum ll_compression compression;
	int64_t media_size;      /* -1 for a stream */
	uint32_t sector_size;
	bool physical;           /* the source is a device */
	size_t block_size;       /* pipeline block size (a multiple of the chunk) */
	size_t nworkers;         /* compression threads (E01) */
	/* E01 header values; NULL or "" are left out. */
	const char *case_number, *evidence_number, *examiner, *description,
		*notes, *model, *serial, *software, *os;
};

struct ll_sink {
	const char *format;       /* "e01", "raw", "split-raw" */
	/* Stages wired into the pipeline by ll_sink_attach. */
	ll_block_fn prepare;      /* NULL when nothing runs in parallel */
	ll_block_fn write;
	size_t aux_size;
	size_t nworkers;
	uint32_t sectors_per_chunk; /* E01 only */
	/* Records the results, closes and fsyncs; after it `files` is complete. */
	int (*finish)(struct ll_sink *s, const struct ll_media_hashes *h,
		      const struct ll_range *errs, size_t nerrs, uint64_t media_size);
	/* Closes without finalising (an interrupted run). */
	void (*abort)(struct ll_sink *s);
	void (*destroy)(struct ll_sink *s);
	char **files;             /* paths written, in order */
	size_t nfiles;
};

int ll_sink_raw_open(struct ll_sink **out, const struct ll_sink_opts *o);
int ll_sink_e01_open(struct ll_sink **out, const struct ll_sink_opts *o);
void ll_sink_free(struct ll_sink *s);

/* Adds the sink's stages to `cfg`. */
int ll_sink_attach(struct ll_sink *s, struct ll_pipe_config *cfg);

/* Appends a copy of `path` to s->files. */
int ll_sink_add_file(struct ll_sink *s, const char *path);

/*
 * Sectors per chunk for E01 so the chunk table fits libewf's limit: 64
 * (32 KiB chunks) up to 2 TiB, doubling with the size. `media_size` -1
 * (a stream) gets 64. Returns 0 when no value fits.
 */
uint32_t ll_e01_sectors_per_chunk(int64_t media_size, uint32_t sector_size);

#endif
