/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the name escape (JSON) and the terminal quoting. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"

static void utf8_validity(void **state)
{
	(void)state;
	assert_true(ll_name_is_utf8(""));
	assert_true(ll_name_is_utf8("caf\xc3\xa9 \x1b\t\n%"));
	assert_true(ll_name_is_utf8("\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"));
	assert_false(ll_name_is_utf8("caf\xe9.log"));
	assert_false(ll_name_is_utf8("\xff"));
	assert_false(ll_name_is_utf8("\xc0\xaf"));         /* overlong '/' */
	assert_false(ll_name_is_utf8("\xed\xa0\x80"));     /* surrogate */
	assert_false(ll_name_is_utf8("\xf4\x90\x80\x80")); /* > U+10FFFF */
	assert_false(ll_name_is_utf8("\xe2\x82"));         /* truncated */
}

static void text_check_names_the_byte(void **state)
{
	(void)state;
	assert_int_equal(ll_utf8_valid_prefix("caf\xc3\xa9"), 5);
	assert_int_equal(ll_utf8_valid_prefix("ab\xe2\x82"), 2);
	assert_int_equal(ll_utf8_valid_prefix("\xff"), 0);
	assert_int_equal(ll_text_check("--note", NULL), 0);
	assert_int_equal(ll_text_check("--note", "Urgences \xe2\x80\x94 \xf0\x9f\x8f\xa5"), 0);
	assert_int_equal(ll_text_check("--note", "caf\xe9!"), LL_EINVAL);
	assert_string_equal(ll_error_message(),
			    "--note is not valid UTF-8 (byte 0xE9 at offset 3); lifeline records text as UTF-8");
	assert_int_equal(ll_text_check("the title", "ok \xed\xa0\x80"), LL_EINVAL);
	assert_non_null(strstr(ll_error_message(), "byte 0xED at offset 3"));
}

static void pct(const char *in, const char *want)
{
	struct ll_buf b = LL_BUF_INIT, back = LL_BUF_INIT;

	assert_int_equal(ll_name_pct_encode(&b, in), 0);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	assert_true(ll_name_is_utf8(b.ptr ? b.ptr : ""));
	assert_int_equal(ll_name_pct_decode(&back, b.ptr ? b.ptr : ""), 0);
	assert_string_equal(back.ptr ? back.ptr : "", in);
	ll_buf_release(&b);
	ll_buf_release(&back);
}

static void percent_escape_round_trips(void **state)
{
	char all[256];
	struct ll_buf b = LL_BUF_INIT, back = LL_BUF_INIT;
	size_t n = 0;

	(void)state;
	pct("", "");
	pct("plain", "plain");
	pct("caf\xe9.log", "caf%E9.log");
	pct("100%", "100%25");
	pct("%E9", "%25E9");
	pct("\xff", "%FF");
	pct("caf\xc3\xa9\t\n\\", "caf\xc3\xa9\t\n\\");
	pct("\xc3\x28", "%C3(");
	pct("\xed\xa0\x80", "%ED%A0%80");
	for (int c = 1; c < 256; c++)
		if (c != '/')
			all[n++] = (char)c;
	all[n] = '\0';
	assert_int_equal(ll_name_pct_encode(&b, all), 0);
	assert_int_equal(ll_name_pct_decode(&back, b.ptr), 0);
	assert_int_equal(back.len, n);
	assert_memory_equal(back.ptr, all, n);
	ll_buf_release(&b);
	ll_buf_release(&back);
}

static void percent_decode_rejects(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_name_pct_decode(&b, "a%"), LL_ECORRUPT);
	assert_int_equal(ll_name_pct_decode(&b, "a%4"), LL_ECORRUPT);
	assert_int_equal(ll_name_pct_decode(&b, "a%zz"), LL_ECORRUPT);
	assert_int_equal(ll_name_pct_decode(&b, "a%00b"), LL_ECORRUPT);
	ll_buf_release(&b);
}

static void q(const char *in, unsigned flags, const char *want)
{
	struct ll_buf b = LL_BUF_INIT;

	assert_int_equal(ll_quote(&b, in, flags), 0);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	ll_buf_release(&b);
}

static void quoting(void **state)
{
	char all[256];
	struct ll_buf b = LL_BUF_INIT;
	size_t n = 0;

	(void)state;
	q("plain caf\xc3\xa9 C:\\Windows", 0, "plain caf\xc3\xa9 C:\\Windows");
	q("plain C:\\Windows \"x\"", LL_QUOTE_NAME, "plain C:\\Windows \"x\"");
	q("a\x1b[31mb\r\n\t\a\x7f", 0, "a\\x1b[31mb\\r\\n\\t\\a\\x7f");
	q("caf\xe9 \xc2\x85 \xc2\x9b", 0, "caf\\xe9 \\u0085 \\u009b");
	q("line1\nline2\r", LL_QUOTE_KEEP_LF, "line1\nline2\\r");
	q("a\\b\n\"c\"", LL_QUOTE_NAME, "\"a\\\\b\\n\\\"c\\\"\"");
	q("\xc2\xa0nbsp", 0, "\xc2\xa0nbsp");
	assert_false(ll_quote_needed("ok \xc3\xa9"));
	assert_true(ll_quote_needed("\xff"));
	/* every byte: nothing below 0x20, no DEL, no C1, no invalid byte is left */
	for (int c = 1; c < 256; c++)
		all[n++] = (char)c;
	all[n] = '\0';
	assert_int_equal(ll_quote(&b, all, 0), 0);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.ptr[i];

		assert_true(c >= 0x20 && c != 0x7f && c < 0x80);
	}
	ll_buf_release(&b);
}

static void survives_allocation_failures(void **state)
{
	(void)state;
	for (unsigned long n = 1; n < 10; n++) {
		struct ll_buf b = LL_BUF_INIT;
		int rc;

		ll_alloc_fail_at(n);
		rc = ll_quote(&b, "a\x1b b", 0);
		if (rc == 0)
			rc = ll_name_pct_encode(&b, "caf\xe9");
		ll_alloc_fail_at(0);
		assert_true(rc == 0 || rc == LL_ENOMEM);
		ll_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validity),
		cmocka_unit_test(text_check_names_the_byte),
		cmocka_unit_test(percent_escape_round_trips),
		cmocka_unit_test(percent_decode_rejects),
		cmocka_unit_test(quoting),
		cmocka_unit_test(survives_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
