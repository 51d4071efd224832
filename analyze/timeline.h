/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze timeline`: every registered evidence item through its reader into events. */
#ifndef LL_ANALYZE_TIMELINE_H
#define LL_ANALYZE_TIMELINE_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/source.h"

struct ll_case;
struct ll_evidence;
struct ll_signer;

struct ll_clock_offset {
	const char *evidence_id;
	int64_t seconds;
};

struct ll_timeline_run_opts {
	struct ll_timeline_opts reader;
	char *const *ids;         /* evidence ids; nids == 0 = every registered item */
	size_t nids;
	const struct ll_clock_offset *offsets;
	size_t noffsets;
	/* per-item limits of a load; 0 = none (docs/commands/analyze-timeline.md) */
	uint64_t max_inflated;    /* --max-inflated: bytes gzip files may inflate to */
	uint64_t max_events;      /* --max-events */
	uint64_t min_free;        /* --min-free: bytes that must stay free in the case directory */
	/*
	 * Readers marked `worker` (analyze/source.h) run in `lifeline
	 * __worker` processes: set by the CLI, whose executable that is.
	 */
	bool workers;
	/*
	 * --jobs: up to this many workers at once, for the files to come
	 * (analyze/worker/pool.h); 0 or 1 = one at a time, at its turn.
	 */
	unsigned jobs;
	/*
	 * Checks an item before it is read (files against their recorded
	 * hashes, image containers against their own checksums); NULL = not
	 * checked. Appends one {reason, path, message} to `problems` per
	 * problem found; returns < 0 only when the check could not run.
	 * Sets *media_verified when it recomputed a virtual disk's media
	 * hashes and they equal those recorded at collection (the image
	 * reader then does not read every virtual byte again first).
	 */
	int (*check_item)(json_t *problems, bool *media_verified, struct ll_case *cs,
			  const struct ll_evidence *ev, void *payload);
	/* called after each file with the running event count; may be NULL */
	void (*progress)(const char *evidence_id, const char *file,
			 uint64_t events, void *payload);
	void *payload;
};

/*
 * Runs the readers over each item: one transaction per item that replaces
 * its earlier events, records the analysis (options, counts, warnings) and
 * appends a signed `analyze` custody entry. A file no reader recognises, or
 * one that fails, is reported in the item's warnings and the rest goes on.
 * Every input refused or only partly read (no reader, a reader's refusal,
 * rejected records, a damaged or changed item, a budget hit) is listed in
 * the report's "partial" array as {id, path, reason, message}, and
 * "complete" is false; the rest is stored all the same.
 * `*report` (caller decrefs) is the `lifeline.analyze.timeline/1` body.
 */
int ll_timeline_run(json_t **report, struct ll_case *cs,
		    const struct ll_signer *signer,
		    const struct ll_timeline_run_opts *opts);

/* The --clock-offset of item `id`, seconds; 0 when none was given. */
int64_t ll_timeline_clock_offset(const struct ll_timeline_run_opts *o, const char *id);

/* The best reader for a file by content, or NULL. */
const struct ll_source_kind *ll_timeline_pick_reader(const char *path,
						     bool whole_item_only);

#endif
