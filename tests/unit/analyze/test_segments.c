/* SPDX-License-Identifier: Apache-2.0 */
/* Segment sets among an item's files: EWF, numbered and lettered split raw, and what is not a set. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/segments.h"
#include "core/alloc.h"
#include "core/evidence.h"

#define MAXF 12

static struct ll_evidence ev;
static struct ll_evidence_file files[MAXF];

/* An item of files "path:size", in the order given. */
static void item(const char *const *spec, size_t n)
{
	memset(&ev, 0, sizeof(ev));
	memset(files, 0, sizeof(files));
	for (size_t i = 0; i < n; i++) {
		const char *c = strchr(spec[i], ':');

		files[i].path = ll_strdup(spec[i]);
		files[i].path[c - spec[i]] = '\0';
		files[i].size = strtoull(c + 1, NULL, 10);
	}
	ev.kind = (char *)"file";
	ev.files = files;
	ev.nfiles = n;
}

static void release(void)
{
	for (size_t i = 0; i < ev.nfiles; i++)
		ll_free(files[i].path);
}

/* The set starting at file `first`, as "i,j,k". */
static void expect_set(size_t first, const char *want)
{
	size_t *set = NULL, n = 0;
	char got[64] = "";

	assert_int_equal(ll_segments_set(&set, &n, &ev, first), 0);
	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%zu", i ? "," : "", set[i]);
	ll_free(set);
	assert_string_equal(got, want);
}

/* File i is a later segment of the set starting at `first` (-1: it is not). */
static void expect_later(size_t i, long first)
{
	size_t *map = NULL;

	assert_int_equal(ll_segments_map(&map, &ev), 0);
	if (first < 0)
		assert_int_equal(map[i], i);
	else
		assert_int_equal(map[i], (size_t)first);
	ll_free(map);
}

static void test_ewf(void **state)
{
	static const char *const s[] = { "d/x.E02:9", "d/x.E01:10", "d/x.E03:3", "d/y.E02:5",
					 "d/x.L01:4", "d/x.log:1" };

	LL_UNUSED(state);
	item(s, LL_ARRAY_SIZE(s));
	expect_set(1, "1,0,2");
	expect_later(0, 1);
	expect_later(2, 1);
	expect_later(1, -1);
	expect_later(3, -1); /* y.E02 without y.E01 */
	expect_set(4, "4");  /* a logical evidence file is another set */
	expect_later(5, -1);
	release();
}

static void test_numbered(void **state)
{
	static const char *const from1[] = { "a/disk.001:100", "a/disk.003:40", "a/disk.002:100" };
	static const char *const from0[] = { "disk.002:7", "disk.001:100", "disk.000:100" };
	static const char *const gap[] = { "disk.001:100", "disk.002:100", "disk.004:100" };
	static const char *const sizes[] = { "disk.001:100", "disk.002:90", "disk.003:100" };
	static const char *const logs[] = { "syslog.1:100", "syslog.2:100" };

	LL_UNUSED(state);
	item(from1, 3);
	expect_set(0, "0,2,1");
	expect_later(1, 0);
	expect_later(2, 0);
	release();
	item(from0, 3);
	expect_set(2, "2,1,0");
	/* .001 is the second segment when .000 is there, listed first or not */
	expect_later(1, 2);
	expect_later(0, 2);
	expect_later(2, -1);
	release();
	item(gap, 3);
	expect_set(0, "0,1"); /* a missing segment ends the set */
	expect_later(2, -1);
	release();
	item(sizes, 3);
	expect_set(0, "0"); /* a short segment before the last: not one split image */
	expect_later(1, -1);
	release();
	/* names alone make rotated logs a candidate; the first's reader decides (driver) */
	item(logs, 2);
	expect_set(0, "0,1");
	release();
}

static void test_lettered(void **state)
{
	static const char *const s[] = { "img.ab:100", "img.aa:100", "img.ac:5", "img.gz:1" };
	static const char *const roll[] = { "img.az:10", "img.ba:10", "img.aa:10" };

	LL_UNUSED(state);
	item(s, LL_ARRAY_SIZE(s));
	expect_set(1, "1,0,2");
	expect_later(2, 1);
	expect_later(3, -1);
	release();
	item(roll, 3);
	expect_set(2, "2"); /* aa then az: not consecutive */
	release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ewf),
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_lettered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
