/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sigma correlation rules in `analyze detect`: references resolved in the
 * rule set, the matches of referenced rules collected with their group-by
 * values during the scan, windows (corr_window.h) turned into findings.
 */
#ifndef LL_ANALYZE_DETECT_DETECT_CORR_H
#define LL_ANALYZE_DETECT_DETECT_CORR_H

#include "core/compat.h"

#include "analyze/detect/detect.h"

struct ll_ruleset;
struct ll_sigma_event;

/* A correlation finding cites at most this many events (the first ones); details say how many there were. */
#define LL_CORR_CITE_MAX 1000

/*
 * Resolves every correlation's references (a rule's id or `name:`, in the
 * same rule set); a correlation naming an unknown rule or another
 * correlation is taken out of `rs` and recorded as a skip naming the file,
 * the rule and the reference.
 */
int ll_corr_resolve(struct ll_ruleset *rs);

struct ll_corr_run;

int ll_corr_run_new(struct ll_corr_run **out, const struct ll_ruleset *rs);
void ll_corr_run_free(struct ll_corr_run *run);
/*
 * Rule `rule` matched the prepared event `ev` (id, time, host): recorded
 * for every correlation that references it. Returns 1 when the rule's own
 * finding is wanted (not referenced, or a correlation sets `generate`), 0
 * when only correlations use it, < 0 on failure.
 */
int ll_corr_feed(struct ll_corr_run *run, size_t rule, const struct ll_sigma_event *ev,
		 const char *host, int64_t time_ns, int64_t id);
/* Matches left out because a group-by (or value_count) field was absent. */
uint64_t ll_corr_missing(const struct ll_corr_run *run);
/*
 * Evaluates every correlation and calls `emit` per window: one finding per
 * correlation, host, group and run of overlapping windows.
 */
int ll_corr_emit(struct ll_corr_run *run, bool builtin, const char *ruleset, ll_finding_cb emit,
		 void *ctx);

#endif
