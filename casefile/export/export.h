/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline exports: bodyfile, mactime, l2tcsv, Timesketch JSONL, CSV, OpenSearch _bulk (streaming). */
#ifndef LL_CASEFILE_EXPORT_H
#define LL_CASEFILE_EXPORT_H

#include "core/compat.h"

#include <stdio.h>

struct ll_store;

enum ll_export_format {
	LL_EXPORT_BODYFILE, /* TSK 3.x body file, from fs_entries */
	LL_EXPORT_MACTIME,  /* the columns of `mactime -d -y` */
	LL_EXPORT_L2TCSV,   /* plaso's 17 columns */
	LL_EXPORT_JSONL,    /* Timesketch: a bounded set of keys (export_bounded.c) */
	LL_EXPORT_CSV,      /* every event column */
	LL_EXPORT_JSONL_WIDE, /* the old Timesketch form: one key per attribute */
	LL_EXPORT_OSBULK,   /* OpenSearch _bulk NDJSON; split export only */
};

struct ll_export_filter {
	const char *evidence_id; /* NULL = all */
	bool has_from, has_to;
	int64_t from_ns, to_ns;  /* inclusive range on time_ns (bodyfile and
				  * mactime: at one-second resolution) */
	bool has_part;           /* only this file system (byte offset); */
	uint64_t part_offset;    /* for event formats: fs events of it only */
	bool has_pool;           /* with has_part: only this APFS pool volume */
	uint64_t pool_block;     /* (the block of its superblock, fls -B) */
	bool redact_harm;        /* event formats: harm rows cut to what a
				  * case file with an encrypted harm annex
				  * keeps in clear (casefile/redact.h) */
	/* jsonl, jsonl-wide: incremented for each event written whose year
	 * Timesketch refuses (ll_export_year_ok); may be NULL. The one-file
	 * exports keep them: the caller says how many there are. */
	uint64_t *out_of_range;
	/* called for each row read (events, file-system entries, mactime lines); may be NULL */
	void (*progress)(void *payload);
	void *progress_payload;
};

/* "bodyfile", "mactime", "l2tcsv", "jsonl", "csv", "jsonl-wide",
 * "opensearch-bulk"; LL_EINVAL otherwise. */
int ll_export_format_parse(enum ll_export_format *out, const char *name);

/* Streams the export to `out`; `rows_out` (may be NULL) gets the row count. */
int ll_timeline_export(FILE *out, struct ll_store *st, enum ll_export_format fmt,
		       const struct ll_export_filter *filter, uint64_t *rows_out);

/* The years Timesketch's importer takes; outside them it refuses a file. */
#define LL_EXPORT_YEAR_MIN 1700
#define LL_EXPORT_YEAR_MAX 9999
/* True when `ns` falls in years LL_EXPORT_YEAR_MIN..LL_EXPORT_YEAR_MAX (UTC). */
bool ll_export_year_ok(int64_t ns);

/* --- Split exports: a directory of bounded files and a manifest --- */

#define LL_EXPORT_SPLIT_EVENTS 50000u          /* per file, Timesketch's advice */
#define LL_EXPORT_SPLIT_BYTES 100000000u       /* JSONL: 100 MB per file */
#define LL_EXPORT_BULK_BYTES 20000000u         /* _bulk: 20 MB per request file */
#define LL_EXPORT_BULK_BYTES_MAX 104857600u    /* OpenSearch http.max_content_length */
/* the smallest byte limit: one event's line never exceeds it (export_bounded.c) */
#define LL_EXPORT_SPLIT_BYTES_MIN 4000000u

enum ll_export_group {
	LL_EXPORT_PER_HOST, /* one timeline per host name */
	LL_EXPORT_PER_ITEM, /* one timeline per evidence item */
};

struct ll_export_split_opts {
	enum ll_export_format fmt;  /* LL_EXPORT_JSONL or LL_EXPORT_OSBULK */
	uint64_t max_events;        /* per file, >= 1 */
	uint64_t max_bytes;         /* per file, >= LL_EXPORT_SPLIT_BYTES_MIN */
	enum ll_export_group group; /* JSONL: the timelines */
	const char *index;          /* OSBULK: the index name (ll_export_index_name_ok) */
};

struct ll_export_split_result {
	uint64_t rows;         /* events written, out-of-range ones included */
	uint64_t files;        /* data files (the manifest not counted) */
	uint64_t timelines;
	uint64_t out_of_range; /* JSONL: in out-of-range-NNNN.jsonl, not importable */
	uint64_t truncated;    /* events with a value cut to its cap */
};

/* True when `name` is an index name OpenSearch accepts and we allow:
 * 1..255 bytes of [a-z0-9._-], not starting with '.', '_' or '-'. */
bool ll_export_index_name_ok(const char *name);

/*
 * Writes the export into the directory `dir` (created; it must not exist or
 * be empty): data files of at most o->max_events events and o->max_bytes
 * bytes, named after their timeline (docs/formats/timeline-split.md), and
 * manifest.json listing each with its events, bytes and SHA-256. The same
 * case gives the same bytes. On failure every file written is removed.
 */
int ll_timeline_export_split(struct ll_export_split_result *out, struct ll_store *st,
			     const char *dir, const struct ll_export_split_opts *o,
			     const struct ll_export_filter *filter);

#endif
