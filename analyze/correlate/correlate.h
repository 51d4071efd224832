/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze correlate`: attacker action → system → disruption → patient harm, with statistics. */
#ifndef LL_ANALYZE_CORRELATE_H
#define LL_ANALYZE_CORRELATE_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/correlate/attack_path.h" /* the path's steps, and their read API */

struct ll_case;
struct ll_signer;
struct ll_store;

struct ll_window {
	int64_t from, to; /* ns, UTC, [from, to) */
};

struct ll_correlate_opts {
	bool attack_set;
	struct ll_window attack;          /* --attack; else first disruption to last restoration */
	const struct ll_window *baselines; /* --baseline; else the defaults of harm-schemas.md */
	size_t nbaselines;
	/* after each step ("findings", "harm", "chains", "statistics", "store"); may be NULL */
	void (*progress)(void *payload, const char *step, uint64_t done, uint64_t total);
	void *progress_payload;
};

/*
 * Builds the `lifeline.correlate/1` document (docs/formats/correlation.md),
 * stores it in the case (table correlation) and appends a signed
 * `correlate` custody entry with the windows, counts and the SHA-256 of the
 * document, all in one transaction. `*doc` belongs to the caller.
 */
int ll_correlate_run(json_t **doc, struct ll_case *cs, const struct ll_signer *signer,
		     const struct ll_correlate_opts *opts);

/*
 * Storage (analyze/correlate/correlate_store.c, the only code with SQL on
 * the table correlation): the last result, stored inside the caller's
 * transaction, and read back as text (*doc NULL when there is none).
 */
int ll_correlate_store(struct ll_store *st, int64_t time_ns, const char *options,
		       const char *doc);
int ll_correlate_load(char **doc, int64_t *time_ns, struct ll_store *st);

#endif
