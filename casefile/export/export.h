/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline exports: bodyfile, mactime, l2tcsv, Timesketch JSONL, CSV (streaming). */
#ifndef LL_CASEFILE_EXPORT_H
#define LL_CASEFILE_EXPORT_H

#include "core/compat.h"

#include <stdio.h>

struct ll_store;

enum ll_export_format {
	LL_EXPORT_BODYFILE, /* TSK 3.x body file, from fs_entries */
	LL_EXPORT_MACTIME,  /* the columns of `mactime -d -y` */
	LL_EXPORT_L2TCSV,   /* plaso's 17 columns */
	LL_EXPORT_JSONL,    /* Timesketch: message, datetime, timestamp_desc + ours */
	LL_EXPORT_CSV,      /* every event column */
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
	/* called for each row read (events, file-system entries, mactime lines); may be NULL */
	void (*progress)(void *payload);
	void *progress_payload;
};

/* "bodyfile", "mactime", "l2tcsv", "jsonl", "csv"; LL_EINVAL otherwise. */
int ll_export_format_parse(enum ll_export_format *out, const char *name);

/* Streams the export to `out`; `rows_out` (may be NULL) gets the row count. */
int ll_timeline_export(FILE *out, struct ll_store *st, enum ll_export_format fmt,
		       const struct ll_export_filter *filter, uint64_t *rows_out);

#endif
