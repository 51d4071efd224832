/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Sigma correlation rule (Sigma's correlation specification, v2):
 * event_count, value_count, temporal and temporal_ordered over the matches
 * of other rules, grouped by fields within a timespan. Parsed by
 * sigma_corr.c; referenced rules resolved and windows evaluated by
 * analyze/detect/detect_corr.c and corr_window.c.
 */
#ifndef LL_ANALYZE_SIGMA_CORR_H
#define LL_ANALYZE_SIGMA_CORR_H

#include "core/compat.h"

enum ll_corr_type {
	LL_CORR_EVENT_COUNT,
	LL_CORR_VALUE_COUNT,
	LL_CORR_TEMPORAL,
	LL_CORR_TEMPORAL_ORDERED,
};

/* Bounds a hostile rule cannot exceed (refused, named, beyond them). */
#define LL_CORR_MAX_RULES 16
#define LL_CORR_MAX_GROUP 8
#define LL_CORR_MAX_COUNT INT64_C(1000000000)
#define LL_CORR_MAX_TIMESPAN_S (INT64_C(3650) * 86400) /* ten years */

struct ll_sigma_corr {
	enum ll_corr_type type;
	char *rules[LL_CORR_MAX_RULES];   /* referenced rules: id or name */
	size_t nrules;
	char *group[LL_CORR_MAX_GROUP];   /* group-by fields (may be none) */
	size_t ngroup;
	/* aliases: alias[g][r] is the field of group g in rule r, NULL = group[g] */
	char *alias[LL_CORR_MAX_GROUP][LL_CORR_MAX_RULES];
	int64_t timespan_ns;
	/* condition: lo <= count <= hi, and count != neq when has_neq */
	int64_t lo, hi, neq;
	bool has_neq;
	char *field;                      /* value_count: the field whose distinct values count */
	bool generate;                    /* referenced rules also give their own findings */
};

/* True when `count` satisfies the correlation's condition. */
bool ll_corr_condition(const struct ll_sigma_corr *c, int64_t count);
/* "event_count", "value_count", "temporal", "temporal_ordered" */
const char *ll_corr_type_name(enum ll_corr_type t);

#endif
