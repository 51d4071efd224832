/* SPDX-License-Identifier: Apache-2.0 */
/* Impact statistics: Poisson rate ratios (Wald and exact conditional), medians, bootstrap. */
#ifndef LL_ANALYZE_STATS_H
#define LL_ANALYZE_STATS_H

#include "core/compat.h"

/*
 * Rate ratio of b events over exposure tb (attack) against a over ta
 * (baseline): RR = (b/tb)/(a/ta). Exposure is days for counts, the
 * denominator (visits) for proportions.
 *
 * wald_*: exp(ln RR ± 1.96·√(1/a+1/b)), the log-normal interval that
 *   reproduces Dameff et al.'s published figures; needs a, b > 0.
 * exact_*: conditional on n = a+b, b ~ Binomial(n, π) with
 *   π = RR·tb/(ta + RR·tb); Clopper–Pearson limits for π mapped to RR.
 * p_exact: two-sided exact binomial test of RR = 1 (π0 = tb/(ta+tb)),
 *   summing the probabilities of outcomes no more likely than b (R's
 *   binom.test).
 * `exact_used` says which interval a report should lead with: the exact
 * one when a or b is below LL_STATS_SMALL_COUNT.
 */
#define LL_STATS_SMALL_COUNT 20

struct ll_rate_ratio {
	double rr;
	double wald_lo, wald_hi;
	double exact_lo, exact_hi;
	double p_exact;
	bool exact_used;
	bool defined;   /* false when a == 0 or an exposure is 0 */
};

int ll_stats_rate_ratio(struct ll_rate_ratio *out, uint64_t a, double ta,
			uint64_t b, double tb);

/* Regularised incomplete beta I_x(a, b). */
double ll_stats_betainc(double a, double b, double x);

/* Median of n values (sorted in place); NAN for n == 0. */
double ll_stats_median(double *v, size_t n);

/*
 * Difference of medians (attack − baseline) with a percentile bootstrap
 * 95% interval: `reps` resamples drawn with SplitMix64 from `seed`, so a
 * reader can reproduce it.
 */
struct ll_median_diff {
	double attack, baseline, diff, lo, hi;
	uint64_t seed;
	unsigned reps;
};
int ll_stats_median_diff(struct ll_median_diff *out, const double *attack,
			 size_t na, const double *baseline, size_t nb,
			 uint64_t seed, unsigned reps);

#endif
