/* SPDX-License-Identifier: Apache-2.0 */
/* Inside `analyze correlate`: the typed statistics and their JSON form (correlate_json.c). */
#ifndef LL_ANALYZE_CORRELATE_INT_H
#define LL_ANALYZE_CORRELATE_INT_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/correlate/correlate.h"
#include "analyze/correlate/stats.h"
#include "analyze/detect/findings.h"
#include "analyze/harm/harm.h"

struct ll_store;

/* One window of one metric series: the rows within it, summed. */
struct ll_corr_window_stat {
	struct ll_window w;
	const char *label;         /* baselines only; borrowed */
	size_t rows;
	double days, count, den;
	bool all_den;              /* every row has a denominator */
	bool has_median;           /* median metrics: the median of the period values */
	double median_of_periods;
};

/* One metric series, the attack window against one baseline. */
struct ll_corr_stat {
	const struct ll_harm_metric_key *key; /* borrowed from ll_corr_stats.keys */
	struct ll_corr_window_stat attack, baseline;
	bool median;               /* a median metric ("_median_" in its name) */
	struct ll_median_diff md;  /* median metrics */
	struct ll_rate_ratio rr;   /* the others */
	bool per_den;              /* rate per denominator, else per day */
};

struct ll_corr_stats {
	struct ll_harm_metric_key *keys;
	size_t nkeys;
	struct ll_corr_stat *v;
	size_t n;
};

/*
 * Every metric series against each baseline (`labels[i]` names
 * baselines[i]); a series without rows in one of the two windows is left
 * out. Release with ll_corr_stats_release.
 */
int ll_correlate_statistics(struct ll_corr_stats *out, struct ll_store *st,
			    const struct ll_window *attack, const struct ll_window *baselines,
			    const char *const *labels, size_t nbaselines);
void ll_corr_stats_release(struct ll_corr_stats *s);

/* The "statistics" array of docs/formats/correlation.md; NULL on allocation failure. */
json_t *ll_corr_stats_json(const struct ll_corr_stats *s);

/* enum ll_corr_conf: analyze/correlate/attack_path.h (through correlate.h) */

/*
 * What a link points at or cites: a string (a harm event, disruption,
 * system or host name, a row locator), borrowed from the run's data, or,
 * when `s` is NULL, an integer (a finding or event id).
 */
struct ll_corr_val {
	const char *s;
	int64_t i;
};

struct ll_corr_vals {
	struct ll_corr_val *v;
	size_t n;
};

/* One step of a chain (docs/formats/correlation.md, "links"). */
struct ll_corr_link {
	const char *kind, *basis;  /* static text */
	struct ll_corr_val from, to;
	enum ll_corr_conf conf;
	char *reason;              /* owned */
	struct ll_corr_vals events, findings, rows; /* cited, each once */
};

/* What a walk from disruptions back to the attacker reached. */
struct ll_corr_path {
	struct ll_corr_link *links;
	size_t nlinks;
	struct ll_corr_link *hyps;  /* time-only links: at most low, never part of the chain */
	size_t nhyps;
	struct ll_corr_vals systems, hosts, findings, events; /* each once */
	const struct ll_finding_row *intrusion;               /* the earliest reached */
};

/* From one patient harm event back to the attacker. */
struct ll_corr_chain {
	const struct ll_harm_event *h;
	const char *status;        /* static text */
	enum ll_corr_conf conf;
	struct ll_corr_path p;
	struct ll_corr_vals disruptions;
	char **notes;              /* owned */
	size_t nnotes;
};

/* A disruption of a life-critical service, and whether it reaches the attack. */
struct ll_corr_endangerment {
	const struct ll_harm_disruption *d;
	enum ll_corr_conf conf;
	struct ll_corr_path p;
	struct ll_corr_vals events;      /* its start and end events, then the path's */
	struct ll_corr_vals harm_events; /* the harm events that name it */
};

/* The whole result; the strings it borrows live in the run's findings and hospital data. */
struct ll_correlation {
	bool have_attack, attack_given;
	struct ll_window attack;
	const struct ll_window *baselines;
	const char *const *labels;
	size_t nbaselines;
	struct ll_corr_chain *chains;
	size_t nchains;
	struct ll_corr_endangerment *endangerment;
	size_t nendangerment;
	struct ll_corr_stats stats;
	const struct ll_attack_paths *paths; /* per host behind a disrupted system */
};

void ll_corr_path_release(struct ll_corr_path *p);

/* The `lifeline.correlate/1` document, without its "sha256"; NULL on allocation failure. */
json_t *ll_correlation_json(const struct ll_correlation *c);

/* "2025-10-10T02:30:00Z" as a JSON string. */
json_t *ll_correlate_time(int64_t ns);

#endif
