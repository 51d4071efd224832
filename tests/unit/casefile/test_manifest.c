/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the sha256sum-format manifest reader and writer. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "casefile/manifest.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

#define H "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void parses_and_sorts(void **state)
{
	static const char text[] = H "  data/z.txt\n" H "  data/a b.txt\n" H "  bagit.txt\n";
	struct ll_manifest m = LL_MANIFEST_INIT;
	struct ll_buf out = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_manifest_parse(&m, text, strlen(text)), 0);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.v[0].path, "bagit.txt");
	assert_string_equal(m.v[1].path, "data/a b.txt");
	assert_int_equal(ll_manifest_find(&m, "data/z.txt"), 2);
	assert_int_equal(ll_manifest_find(&m, "data/q"), -1);
	assert_int_equal(ll_manifest_format(&out, &m), 0);
	assert_string_equal(out.ptr, H "  bagit.txt\n" H "  data/a b.txt\n" H "  data/z.txt\n");
	ll_buf_release(&out);
	ll_manifest_release(&m);
}

static void uppercase_hex_is_lowered(void **state)
{
	static const char text[] = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855  x\n";
	struct ll_manifest m = LL_MANIFEST_INIT;

	(void)state;
	assert_int_equal(ll_manifest_parse(&m, text, strlen(text)), 0);
	assert_string_equal(m.v[0].sha256, H);
	ll_manifest_release(&m);
}

static void rejects(const char *text, size_t len, const char *why)
{
	struct ll_manifest m = LL_MANIFEST_INIT;

	assert_int_equal(ll_manifest_parse(&m, text, len), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), why));
	assert_int_equal(m.n, 0);
}

static void rejects_bad_input(void **state)
{
	static const char nul[] = H "  da\0ta\n";

	(void)state;
	rejects(H "  data/x", strlen(H "  data/x"), "line 1: no newline");
	rejects(H " data/x\n", strlen(H " data/x\n"), "line 1: not");
	rejects(H "  ../etc/passwd\n", strlen(H "  ../etc/passwd\n"), "unsafe path");
	rejects(H "  /etc/passwd\n", strlen(H "  /etc/passwd\n"), "unsafe path");
	rejects(H "  data//x\n", strlen(H "  data//x\n"), "unsafe path");
	rejects(H "  a\r\n", strlen(H "  a\r\n"), "raw CR");
	rejects(H "  a%\n", strlen(H "  a%\n"), "not written %25");
	rejects(H "  a%2\n", strlen(H "  a%2\n"), "not written %25");
	rejects(H "  a%41\n", strlen(H "  a%41\n"), "not written %25");
	rejects(H "  %2e%2e/x\n", strlen(H "  %2e%2e/x\n"), "not written %25");
	rejects(H "  a%0A\n" H "  a%0a\n", 2 * (strlen(H) + 7), "listed twice");
	rejects(nul, sizeof(nul) - 1, "NUL");
	rejects("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  x\n", 68, "bad hex");
	rejects(H "  a\n" H "  b\n" H "  a\n", 3 * 68, "listed twice");
	rejects(H "  a\nshort\n", 68 + 6, "line 2");
}

static void add_refuses_a_bad_digest(void **state)
{
	static const char *const bad[] = {
		"", "abcd", "98EA6E4F216F2FB4B69FFF9B3A44842C38686CA685F3F55DC48C5D3FB1107BE4",
		"98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be", /* 63 */
		"98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4a", /* 65 */
		"98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107bg4",
	};
	struct ll_manifest m = LL_MANIFEST_INIT;

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(bad); i++) {
		assert_int_equal(ll_manifest_add(&m, "evidence/E1/files/a", bad[i], 1), LL_ECORRUPT);
		assert_non_null(strstr(ll_error_message(), "is not 64 lowercase hex digits"));
	}
	assert_int_equal(ll_manifest_add(&m, "evidence/E1/files/a", NULL, 1), LL_ECORRUPT);
	assert_int_equal(m.n, 0);
	assert_int_equal(ll_manifest_add(&m, "evidence/E1/files/a",
					 "98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4", 1), 0);
	assert_int_equal(m.n, 1);
	ll_manifest_release(&m);
}

static void path_rules(void **state)
{
	(void)state;
	assert_true(ll_manifest_path_ok("data/report.html"));
	assert_true(ll_manifest_path_ok("data/a b/.hidden"));
	assert_false(ll_manifest_path_ok(""));
	assert_false(ll_manifest_path_ok("data/"));
	assert_false(ll_manifest_path_ok("./data"));
	assert_false(ll_manifest_path_ok("data/.."));
	/* any byte but '/' and NUL is a name a file system allows */
	assert_true(ll_manifest_path_ok("data/\x7f\\\t\n\r%\xff\x01"));
	assert_false(ll_manifest_path_ok("/etc/passwd"));
}

/* RFC 8493 2.1.3: CR, LF and % (only those) are percent-encoded, and read back. */
static void percent_encodes_cr_lf_percent(void **state)
{
	static const char *const names[] = {
		"data/a\nb", "data/\r", "data/100%", "data/%0A", "data/\\x\t\xff\x1b[0m",
		"data/%25%", "data/crlf\r\n",
	};
	struct ll_manifest m = LL_MANIFEST_INIT, back = LL_MANIFEST_INIT;
	struct ll_buf out = LL_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(names); i++)
		assert_int_equal(ll_manifest_add(&m, names[i], H, 0), 0);
	ll_manifest_sort(&m);
	assert_int_equal(ll_manifest_format(&out, &m), 0);
	assert_non_null(strstr(out.ptr, H "  data/a%0Ab\n"));
	assert_non_null(strstr(out.ptr, H "  data/%0D\n"));
	assert_non_null(strstr(out.ptr, H "  data/100%25\n"));
	assert_non_null(strstr(out.ptr, H "  data/%250A\n"));
	assert_non_null(strstr(out.ptr, H "  data/%2525%25\n"));
	assert_non_null(strstr(out.ptr, H "  data/crlf%0D%0A\n"));
	assert_null(strchr(out.ptr, '\r'));
	assert_int_equal(ll_manifest_parse(&back, out.ptr, out.len), 0);
	assert_int_equal(back.n, m.n);
	for (size_t i = 0; i < m.n; i++)
		assert_string_equal(back.v[i].path, m.v[i].path);
	ll_manifest_release(&back);
	/* lowercase hex reads back too (RFC 3986) */
	assert_int_equal(ll_manifest_parse(&back, H "  a%0a%0d\n", strlen(H) + 10), 0);
	assert_string_equal(back.v[0].path, "a\n\r");
	ll_manifest_release(&back);
	ll_manifest_release(&m);
	ll_buf_release(&out);
}

/*
 * Every allocation of the parse fails in turn (the nth, n = 1, 2, ...):
 * each such run must report LL_ENOMEM and leave nothing behind, until n is
 * past the parse's last allocation and it succeeds. That at least one run
 * failed is asserted too: with ll_alloc_fail_at a no-op, n = 1 would
 * succeed and this test would fail instead of passing vacuously.
 */
static void survives_allocation_failures(void **state)
{
	static const char text[] = H "  b\n" H "  a\n" H "  c\n";
	unsigned long n, failed = 0;
	int rc = LL_ENOMEM;

	(void)state;
	for (n = 1; n < 1000 && rc == LL_ENOMEM; n++) {
		struct ll_manifest m = LL_MANIFEST_INIT;

		ll_alloc_fail_at(n);
		rc = ll_manifest_parse(&m, text, strlen(text));
		ll_alloc_fail_at(0);
		if (rc == LL_ENOMEM) {
			failed++;
			assert_int_equal(m.n, 0);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(m.n, 3);
		}
		ll_manifest_release(&m);
	}
	assert_int_equal(rc, 0);
	/* three paths and the array: at least four allocations could fail */
	assert_true(failed >= 4);
	assert_int_equal(failed, n - 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_sorts),
		cmocka_unit_test(uppercase_hex_is_lowered),
		cmocka_unit_test(rejects_bad_input),
		cmocka_unit_test(add_refuses_a_bad_digest),
		cmocka_unit_test(path_rules),
		cmocka_unit_test(percent_encodes_cr_lf_percent),
		cmocka_unit_test(survives_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
