/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze timeline`: every registered evidence item through its reader into events. */
#ifndef LL_ANALYZE_TIMELINE_H
#define LL_ANALYZE_TIMELINE_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/source.h"

struct ll_case;
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
 * `*report` (caller decrefs) is the `lifeline.analyze.timeline/1` body.
 */
int ll_timeline_run(json_t **report, struct ll_case *cs,
		    const struct ll_signer *signer,
		    const struct ll_timeline_run_opts *opts);

/* The best reader for a file by content, or NULL. */
const struct ll_source_kind *ll_timeline_pick_reader(const char *path,
						     bool whole_item_only);

#endif
