/* SPDX-License-Identifier: Apache-2.0 */
/* Rate ratios against Dameff et al.'s published figures and R's binom.test. */
#include "core/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "analyze/correlate/stats.h"

static double r3(double x) { return round(x * 1000) / 1000; }
static double r2(double x) { return round(x * 100) / 100; }

/* Dameff et al., JAMA Netw Open 2023: census 6,114 -> 7,039 over 28 days each */
static void test_dameff_census(void **state)
{
	struct ll_rate_ratio rr;

	(void)state;
	assert_int_equal(ll_stats_rate_ratio(&rr, 6114, 28, 7039, 28), 0);
	assert_true(rr.defined);
	assert_false(rr.exact_used);
	assert_true(r3(rr.rr) == 1.151);
	assert_true(r3(rr.wald_lo) == 1.113);
	assert_true(r3(rr.wald_hi) == 1.191);
	/* the exact interval agrees to three places at these counts */
	assert_true(fabs(rr.exact_lo - rr.wald_lo) < 0.002);
	assert_true(fabs(rr.exact_hi - rr.wald_hi) < 0.002);
}

static void test_dameff_ems(void **state)
{
	struct ll_rate_ratio rr;

	(void)state;
	assert_int_equal(ll_stats_rate_ratio(&rr, 1741, 28, 2354, 28), 0);
	assert_true(r3(rr.rr) == 1.352);
	assert_true(r3(rr.wald_lo) == 1.271);
	assert_true(r3(rr.wald_hi) == 1.439);
}

/* LWBS per visit: visits are the exposure */
static void test_dameff_lwbs(void **state)
{
	struct ll_rate_ratio rr;

	(void)state;
	assert_int_equal(ll_stats_rate_ratio(&rr, 158, 6114, 360, 7039), 0);
	assert_true(r2(rr.rr) == 1.98);
	assert_true(r2(rr.wald_lo) == 1.64);
	assert_true(r2(rr.wald_hi) == 2.39);
	/* per visit, the exact conditional p is 1.63e-13 */
	assert_true(rr.p_exact > 1.6e-13 && rr.p_exact < 1.7e-13);
	/*
	 * "exact conditional p for LWBS counts ≈ 4×10⁻¹⁹" (harm-schemas.md):
	 * that figure is for the counts over 28 days each (π0 = 1/2), 3.64e-19
	 */
	assert_int_equal(ll_stats_rate_ratio(&rr, 158, 28, 360, 28), 0);
	assert_true(rr.p_exact > 3.6e-19 && rr.p_exact < 3.7e-19);
}

/*
 * Small counts: 2 events in 28 days against 9 in 28 days. The conditional
 * binomial gives the Clopper-Pearson limits of binom.test(9, 11):
 * 0.4822441 .. 0.9771688, so RR limits p/(1-p) = 0.9315 .. 42.73, and the
 * two-sided p-value 0.06543 (R 4.x: binom.test(9, 11)$p.value).
 */
static void test_small_counts_exact(void **state)
{
	struct ll_rate_ratio rr;

	(void)state;
	assert_int_equal(ll_stats_rate_ratio(&rr, 2, 28, 9, 28), 0);
	assert_true(rr.exact_used);
	assert_true(fabs(rr.rr - 4.5) < 1e-12);
	assert_true(fabs(rr.exact_lo - 0.4822441 / (1 - 0.4822441)) < 1e-4);
	assert_true(fabs(rr.exact_hi - 0.9771688 / (1 - 0.9771688)) < 1e-2);
	assert_true(fabs(rr.p_exact - 0.06542969) < 1e-6);
}

/*
 * The exact interval is the one used whenever EITHER count is below
 * LL_STATS_SMALL_COUNT (20), not only when both are. The expected limits are
 * Clopper-Pearson's, computed independently (Python: bisection on the exact
 * binomial sums, math.comb) for b of n = a + b, RR = p/(1-p) at equal
 * exposures: 5 vs 40 gives 3.1574 .. 25.9711 (its Wald interval is
 * 3.157 .. 20.270), 40 vs 5 gives 0.038504 .. 0.316718, 19 vs 200 gives
 * 6.5662 .. 17.8526; 25 vs 30 (both >= 20) uses Wald.
 */
static void test_either_count_small(void **state)
{
	static const struct {
		uint64_t a, b;
		bool exact;
		double lo, hi;
	} c[] = {
		{ 5, 40, true, 3.1573851571, 25.9711447780 },
		{ 40, 5, true, 0.0385042711, 0.3167177744 },
		{ 19, 200, true, 6.5661529101, 17.8525822943 },
		{ 200, 19, true, 0.0560143056, 0.1522961792 },
		{ 25, 30, false, 0.6822128116, 2.1279257836 },
	};
	struct ll_rate_ratio rr;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(ll_stats_rate_ratio(&rr, c[i].a, 28, c[i].b, 28), 0);
		if (rr.exact_used != c[i].exact)
			fail_msg("%llu vs %llu: exact_used %d, expected %d", (unsigned long long)c[i].a,
				 (unsigned long long)c[i].b, rr.exact_used, c[i].exact);
		assert_true(fabs(rr.exact_lo - c[i].lo) < 1e-4 * c[i].lo);
		assert_true(fabs(rr.exact_hi - c[i].hi) < 1e-4 * c[i].hi);
	}
	/* 5 vs 40: the two intervals differ, so choosing the wrong one shows */
	assert_int_equal(ll_stats_rate_ratio(&rr, 5, 28, 40, 28), 0);
	assert_true(fabs(rr.wald_hi - 20.270) < 1e-3);
	assert_true(rr.exact_hi - rr.wald_hi > 5);
}

static void test_zero_baseline(void **state)
{
	struct ll_rate_ratio rr;

	(void)state;
	assert_int_equal(ll_stats_rate_ratio(&rr, 0, 28, 5, 28), 0);
	assert_false(rr.defined);
	assert_true(isnan(rr.wald_lo));
	assert_true(rr.exact_lo > 0 && isinf(rr.exact_hi));
	assert_true(fabs(rr.p_exact - 0.0625) < 1e-9); /* binom.test(5, 5) */
	assert_true(ll_stats_rate_ratio(&rr, 1, 0, 1, 28) < 0);
}

static void test_betainc(void **state)
{
	(void)state;
	assert_true(fabs(ll_stats_betainc(2, 3, 0.4) - 0.5248) < 1e-9);
	assert_true(ll_stats_betainc(1, 1, 0) == 0);
	assert_true(ll_stats_betainc(1, 1, 1) == 1);
	assert_true(fabs(ll_stats_betainc(1, 1, 0.3) - 0.3) < 1e-12);
}

static void test_median_diff(void **state)
{
	double a[] = { 50, 60, 55, 58, 70, 65 }, b[] = { 40, 38, 42, 39, 41 };
	double v[] = { 3, 1, 2, 4 };
	struct ll_median_diff d1, d2;

	(void)state;
	assert_true(ll_stats_median(v, 4) == 2.5);
	assert_int_equal(ll_stats_median_diff(&d1, a, 6, b, 5, 42, 2000), 0);
	assert_true(d1.attack == 59 && d1.baseline == 40 && d1.diff == 19);
	assert_true(d1.lo <= 19 && d1.hi >= 19 && d1.lo > 0);
	/* the same seed gives the same interval */
	assert_int_equal(ll_stats_median_diff(&d2, a, 6, b, 5, 42, 2000), 0);
	assert_true(d1.lo == d2.lo && d1.hi == d2.hi);
	assert_true(ll_stats_median_diff(&d2, a, 0, b, 5, 42, 2000) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dameff_census),
		cmocka_unit_test(test_dameff_ems),
		cmocka_unit_test(test_dameff_lwbs),
		cmocka_unit_test(test_small_counts_exact),
		cmocka_unit_test(test_either_count_small),
		cmocka_unit_test(test_zero_baseline),
		cmocka_unit_test(test_betainc),
		cmocka_unit_test(test_median_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
