/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the growable buffer's appends at the edge of its room:
 * ll_buf_put's inline path (room for the bytes and the NUL, else grow) and
 * ll_buf_printf's single pass (formatted in place when it fits, else
 * measured, grown and formatted again with the earlier text intact).
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"

/* `b` holds exactly `want`, NUL-terminated, within its capacity. */
static void holds(const struct ll_buf *b, const char *want)
{
	assert_int_equal(b->len, strlen(want));
	assert_memory_equal(b->ptr, want, b->len);
	assert_int_equal(b->ptr[b->len], '\0');
	assert_true(b->len < b->cap);
}

static void put_at_the_edge(void **state)
{
	struct ll_buf b = LL_BUF_INIT;
	char want[256];
	size_t cap, room;

	(void)state;
	ll_buf_init(&b);
	assert_int_equal(ll_buf_put(&b, "", 0), 0); /* nothing, on a buffer never grown */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(ll_buf_putc(&b, 'a'), 0);
	holds(&b, "a");
	cap = b.cap;
	room = cap - b.len - 1; /* bytes that fit with the NUL */
	memset(want, 'x', sizeof(want));
	want[0] = 'a';
	assert_int_equal(ll_buf_put(&b, want + 1, room), 0); /* fills it exactly */
	assert_int_equal(b.cap, cap);
	want[1 + room] = '\0';
	holds(&b, want);
	assert_int_equal(ll_buf_putc(&b, 'y'), 0); /* one more grows it */
	assert_true(b.cap > cap);
	want[1 + room] = 'y';
	want[2 + room] = '\0';
	holds(&b, want);
	ll_buf_release(&b);
}

static void printf_fits_or_grows(void **state)
{
	struct ll_buf b = LL_BUF_INIT;
	char want[2048], text[1200];
	size_t room;

	(void)state;
	ll_buf_init(&b);
	assert_int_equal(ll_buf_printf(&b, "%s-%d", "usn", 42), 0); /* never grown */
	holds(&b, "usn-42");
	/* exactly the room left, then one byte more than it */
	for (int extra = 0; extra <= 1; extra++) {
		ll_buf_reset(&b);
		assert_int_equal(ll_buf_puts(&b, "head:"), 0);
		room = b.cap - b.len - 1;
		memset(text, 'z', room + (size_t)extra);
		text[room + (size_t)extra] = '\0';
		assert_int_equal(ll_buf_printf(&b, "%s", text), 0);
		snprintf(want, sizeof(want), "head:%s", text);
		holds(&b, want);
	}
	/* a long text after a short one: the first stays, the second is whole */
	ll_buf_reset(&b);
	assert_int_equal(ll_buf_printf(&b, "%d;", 7), 0);
	memset(text, 'q', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(ll_buf_printf(&b, "[%s]%u", text, 9u), 0);
	snprintf(want, sizeof(want), "7;[%s]9", text);
	holds(&b, want);
	ll_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_at_the_edge),
		cmocka_unit_test(printf_fits_or_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
