/* SPDX-License-Identifier: Apache-2.0 */
/* Rate ratios with Wald and exact conditional intervals, medians with a seeded bootstrap. */
#include "core/compat.h"
#include "analyze/correlate/stats.h"

#include <math.h>

#include "core/alloc.h"
#include "core/error.h"

#define Z975 1.959963984540054

/* Continued fraction for the incomplete beta (Lentz's method). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 10000; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

double ll_stats_betainc(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return bt * betacf(a, b, x) / a;
	return 1 - bt * betacf(b, a, 1 - x) / b;
}

/* P(X >= k) and P(X <= k) for X ~ Bin(n, p). */
static double upper_tail(uint64_t k, uint64_t n, double p)
{
	return k == 0 ? 1 : ll_stats_betainc((double)k, (double)(n - k + 1), p);
}

static double lower_tail(uint64_t k, uint64_t n, double p)
{
	return k >= n ? 1 : 1 - ll_stats_betainc((double)(k + 1), (double)(n - k), p);
}

/* Solves f(p) = target for a tail monotone in p, by bisection on (0, 1). */
static double solve(double (*tail)(uint64_t, uint64_t, double), uint64_t k,
		    uint64_t n, double target, bool increasing)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2, v = tail(k, n, mid);

		if ((v < target) == increasing)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static double log_pmf(uint64_t k, uint64_t n, double p)
{
	double dk = (double)k, dn = (double)n;

	if (p <= 0)
		return k == 0 ? 0 : -INFINITY;
	if (p >= 1)
		return k == n ? 0 : -INFINITY;
	return lgamma(dn + 1) - lgamma(dk + 1) - lgamma(dn - dk + 1) + dk * log(p) +
	       (dn - dk) * log1p(-p);
}

/* Two-sided exact binomial p (R binom.test: outcomes with pmf <= pmf(k)). */
static double binom_p(uint64_t k, uint64_t n, double p)
{
	double d = log_pmf(k, n, p), rel = 1 + 1e-7, sum = 0;

	for (uint64_t i = 0; i <= n; i++) {
		double l = log_pmf(i, n, p);

		if (l <= d + log(rel))
			sum += exp(l);
	}
	return sum > 1 ? 1 : sum;
}

int ll_stats_rate_ratio(struct ll_rate_ratio *out, uint64_t a, double ta,
			uint64_t b, double tb)
{
	uint64_t n = a + b;
	double scale, pl, pu, pi0;

	memset(out, 0, sizeof(*out));
	if (!(ta > 0) || !(tb > 0))
		return ll_error_set(LL_EINVAL, "rate ratio: exposures must be positive");
	if (n > UINT64_C(100000000))
		return ll_error_set(LL_EUNSUPPORTED, "rate ratio: counts above 10^8");
	out->exact_used = a < LL_STATS_SMALL_COUNT || b < LL_STATS_SMALL_COUNT;
	scale = ta / tb; /* RR = π/(1-π) · ta/tb */
	pi0 = tb / (ta + tb);
	out->p_exact = n ? binom_p(b, n, pi0) : 1;
	if (a == 0) {
		out->defined = false;
		out->rr = INFINITY;
	} else {
		out->defined = true;
		out->rr = ((double)b / tb) / ((double)a / ta);
	}
	if (a > 0 && b > 0) {
		double se = sqrt(1.0 / (double)a + 1.0 / (double)b);

		out->wald_lo = exp(log(out->rr) - Z975 * se);
		out->wald_hi = exp(log(out->rr) + Z975 * se);
	} else {
		out->wald_lo = NAN;
		out->wald_hi = NAN;
	}
	if (n == 0) {
		out->exact_lo = 0;
		out->exact_hi = INFINITY;
		return 0;
	}
	/* Clopper–Pearson: P(X >= b; πL) = 0.025, P(X <= b; πU) = 0.025 */
	pl = b == 0 ? 0 : solve(upper_tail, b, n, 0.025, true);
	pu = b == n ? 1 : solve(lower_tail, b, n, 0.025, false);
	out->exact_lo = pl / (1 - pl) * scale;
	out->exact_hi = pu >= 1 ? INFINITY : pu / (1 - pu) * scale;
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

double ll_stats_median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void resample(double *dst, const double *src, size_t n, uint64_t *s)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[splitmix64(s) % n];
}

int ll_stats_median_diff(struct ll_median_diff *out, const double *attack,
			 size_t na, const double *baseline, size_t nb,
			 uint64_t seed, unsigned reps)
{
	double *ta = NULL, *tb = NULL, *diffs = NULL;
	uint64_t s = seed;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->seed = seed;
	out->reps = reps;
	if (na == 0 || nb == 0 || reps == 0)
		return ll_error_set(LL_EINVAL, "median difference needs values in both windows");
	ta = ll_calloc(na, sizeof(*ta));
	tb = ll_calloc(nb, sizeof(*tb));
	diffs = ll_calloc(reps, sizeof(*diffs));
	if (!ta || !tb || !diffs) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(ta, attack, na * sizeof(*ta));
	memcpy(tb, baseline, nb * sizeof(*tb));
	out->attack = ll_stats_median(ta, na);
	out->baseline = ll_stats_median(tb, nb);
	out->diff = out->attack - out->baseline;
	for (unsigned r = 0; r < reps; r++) {
		resample(ta, attack, na, &s);
		resample(tb, baseline, nb, &s);
		diffs[r] = ll_stats_median(ta, na) - ll_stats_median(tb, nb);
	}
	qsort(diffs, reps, sizeof(*diffs), cmp_double);
	out->lo = diffs[(size_t)floor(0.025 * (reps - 1))];
	out->hi = diffs[(size_t)ceil(0.975 * (reps - 1))];
out:
	ll_free(ta);
	ll_free(tb);
	ll_free(diffs);
	return rc;
}
