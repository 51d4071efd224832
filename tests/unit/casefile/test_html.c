/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the report's text escaping: markup, invisible and bidi characters, isolation. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "casefile/report/html.h"
#include "core/alloc.h"
#include "core/buf.h"

static char *esc(struct ll_buf *b, const char *s)
{
	ll_buf_reset(b);
	assert_int_equal(ll_html_text(b, s), 0);
	return b->ptr ? b->ptr : (char *)"";
}

static void markup(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	assert_string_equal(esc(&b, "<a href='x'>&\"</a>"),
			    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	assert_string_equal(esc(&b, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92 \xd7\xa9\xd7\x9c"),
			    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92 \xd7\xa9\xd7\x9c");
	assert_string_equal(esc(&b, "a\tb\nc"), "a\tb\nc");
	ll_buf_reset(&b);
	assert_int_equal(ll_html_text(&b, NULL), 0);
	assert_int_equal(b.len, 0);
	ll_buf_release(&b);
}

static void invisible_shown(void **state)
{
	/* every bidi control and the other invisible characters, as UTF-8 */
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "\xe2\x80\xaa", "\xe2\x9f\xa8U+202A\xe2\x9f\xa9" },
		{ "\xe2\x80\xab", "\xe2\x9f\xa8U+202B\xe2\x9f\xa9" },
		{ "\xe2\x80\xac", "\xe2\x9f\xa8U+202C\xe2\x9f\xa9" },
		{ "\xe2\x80\xad", "\xe2\x9f\xa8U+202D\xe2\x9f\xa9" },
		{ "\xe2\x80\xae", "\xe2\x9f\xa8U+202E\xe2\x9f\xa9" },
		{ "\xe2\x81\xa6", "\xe2\x9f\xa8U+2066\xe2\x9f\xa9" },
		{ "\xe2\x81\xa7", "\xe2\x9f\xa8U+2067\xe2\x9f\xa9" },
		{ "\xe2\x81\xa8", "\xe2\x9f\xa8U+2068\xe2\x9f\xa9" },
		{ "\xe2\x81\xa9", "\xe2\x9f\xa8U+2069\xe2\x9f\xa9" },
		{ "\xe2\x80\x8e", "\xe2\x9f\xa8U+200E\xe2\x9f\xa9" },
		{ "\xe2\x80\x8f", "\xe2\x9f\xa8U+200F\xe2\x9f\xa9" },
		{ "\xd8\x9c", "\xe2\x9f\xa8U+061C\xe2\x9f\xa9" },
		{ "\xe2\x80\x8b", "\xe2\x9f\xa8U+200B\xe2\x9f\xa9" },
		{ "\xe2\x80\x8d", "\xe2\x9f\xa8U+200D\xe2\x9f\xa9" },
		{ "\xe2\x80\xa8", "\xe2\x9f\xa8U+2028\xe2\x9f\xa9" },
		{ "\xe2\x80\xa9", "\xe2\x9f\xa8U+2029\xe2\x9f\xa9" },
		{ "\xef\xbb\xbf", "\xe2\x9f\xa8U+FEFF\xe2\x9f\xa9" },
		{ "\xc2\x85", "\xe2\x9f\xa8U+0085\xe2\x9f\xa9" },
		{ "\x01", "\xe2\x9f\xa8U+0001\xe2\x9f\xa9" },
		{ "\x1b", "\xe2\x9f\xa8U+001B\xe2\x9f\xa9" },
		{ "\r", "\xe2\x9f\xa8U+000D\xe2\x9f\xa9" },
		{ "\x7f", "\xe2\x9f\xa8U+007F\xe2\x9f\xa9" },
		{ "\xf3\xa0\x81\x81", "\xe2\x9f\xa8U+E0041\xe2\x9f\xa9" },
		/* not UTF-8: a lone continuation, an overlong '/', a surrogate, a cut sequence */
		{ "\x80", "\xe2\x9f\xa8" "0x80\xe2\x9f\xa9" },
		{ "\xc0\xaf", "\xe2\x9f\xa8" "0xC0\xe2\x9f\xa9\xe2\x9f\xa8" "0xAF\xe2\x9f\xa9" },
		{ "\xed\xa0\x80", "\xe2\x9f\xa8" "0xED\xe2\x9f\xa9\xe2\x9f\xa8" "0xA0\xe2\x9f\xa9\xe2\x9f\xa8" "0x80\xe2\x9f\xa9" },
		{ "\xe2\x80", "\xe2\x9f\xa8" "0xE2\xe2\x9f\xa9\xe2\x9f\xa8" "0x80\xe2\x9f\xa9" },
	};
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(v); i++)
		assert_string_equal(esc(&b, v[i].in), v[i].out);
	/* the fingerprint after a name ending in U+202E is no longer reversed */
	assert_string_equal(esc(&b, "Eve\xe2\x80\xae 1f2e"), "Eve\xe2\x9f\xa8U+202E\xe2\x9f\xa9 1f2e");
	assert_true(ll_html_invisible(0x202e));
	assert_false(ll_html_invisible('a'));
	assert_false(ll_html_invisible(0x05d0)); /* Hebrew alef: visible, isolated instead */
	ll_buf_release(&b);
}

static void cut_and_isolated(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_html_text_max(&b, "ab\xc3\xa9" "cd", 3), 0);
	assert_string_equal(b.ptr, "ab\xc3\xa9\xe2\x80\xa6");
	ll_buf_reset(&b);
	assert_int_equal(ll_html_text_max(&b, "abc", 3), 0);
	assert_string_equal(b.ptr, "abc");
	ll_buf_reset(&b);
	assert_int_equal(ll_html_user(&b, "x<\xe2\x80\xaey"), 0);
	assert_string_equal(b.ptr, "<bdi>x&lt;\xe2\x9f\xa8U+202E\xe2\x9f\xa9y</bdi>");
	ll_buf_reset(&b);
	assert_int_equal(ll_html_user_max(&b, "abcdef", 2), 0);
	assert_string_equal(b.ptr, "<bdi>ab\xe2\x80\xa6</bdi>");
	ll_buf_reset(&b);
	assert_int_equal(ll_html_user(&b, ""), 0);
	assert_int_equal(ll_html_user(&b, NULL), 0);
	assert_int_equal(b.len, 0);
	ll_buf_release(&b);
}

static void out_of_memory(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	ll_alloc_fail_at(1);
	assert_true(ll_html_user(&b, "\xe2\x80\xae text") < 0);
	ll_alloc_fail_at(0);
	ll_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markup),
		cmocka_unit_test(invisible_shown),
		cmocka_unit_test(cut_and_isolated),
		cmocka_unit_test(out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
