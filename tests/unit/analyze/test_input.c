/* SPDX-License-Identifier: Apache-2.0 */
/* Input: plain and gzip streams, lines with numbers, offsets and damage flags. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "analyze/input.h"
#include "core/alloc.h"
#include "core/error.h"

static char path[256];

static void write_plain(const char *data, size_t len)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/ll-unit-input.%d", (int)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void write_gzip(const char *data, size_t len)
{
	gzFile g;

	snprintf(path, sizeof(path), "/tmp/ll-unit-input.%d", (int)getpid());
	g = gzopen(path, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
	gzclose(g);
}

static void check_lines(bool gz)
{
	static const char text[] = "first\r\nsecond\n\nlast without newline";
	struct ll_input *in = NULL;
	struct ll_line l;

	if (gz)
		write_gzip(text, sizeof(text) - 1);
	else
		write_plain(text, sizeof(text) - 1);
	assert_int_equal(ll_input_open(&in, path), 0);
	assert_true(ll_input_is_gzip(in) == gz);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_string_equal(l.text, "first");
	assert_true(l.lineno == 1 && l.offset == 0 && !l.no_newline);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_string_equal(l.text, "second");
	assert_true(l.lineno == 2 && l.offset == 7);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_string_equal(l.text, "");
	assert_true(l.lineno == 3 && l.offset == 14);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_string_equal(l.text, "last without newline");
	assert_true(l.lineno == 4 && l.offset == 15 && l.no_newline);
	assert_int_equal(ll_input_line(&l, in), 0);
	ll_input_close(in);
	unlink(path);
}

static void test_plain_lines(void **state)
{
	LL_UNUSED(state);
	check_lines(false);
}

static void test_gzip_lines(void **state)
{
	LL_UNUSED(state);
	check_lines(true);
}

static void test_long_line_truncated(void **state)
{
	size_t n = LL_INPUT_MAX_LINE + 5000;
	char *big = ll_malloc(n + 10);
	struct ll_input *in = NULL;
	struct ll_line l;

	LL_UNUSED(state);
	memset(big, 'x', n);
	memcpy(big + n, "\nnext\n", 6);
	write_plain(big, n + 6);
	assert_int_equal(ll_input_open(&in, path), 0);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_true(l.truncated);
	assert_true(l.len == LL_INPUT_MAX_LINE);
	assert_int_equal(ll_input_line(&l, in), 1);
	assert_string_equal(l.text, "next");
	assert_true(l.lineno == 2 && l.offset == n + 1);
	ll_input_close(in);
	ll_free(big);
	unlink(path);
}

static void test_truncated_gzip(void **state)
{
	char text[4096];
	struct ll_input *in = NULL;
	struct ll_line l;
	FILE *f;
	long sz;
	int rc, lines = 0;

	LL_UNUSED(state);
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)(i % 61 == 60 ? '\n' : 'a' + (char)(i * 7 % 26));
	write_gzip(text, sizeof(text));
	f = fopen(path, "r+b");
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fclose(f);
	assert_int_equal(truncate(path, sz / 2), 0);
	assert_int_equal(ll_input_open(&in, path), 0);
	while ((rc = ll_input_line(&l, in)) == 1)
		lines++;
	/* damage is an error, not silent success, and nothing crashes */
	assert_int_equal(rc, LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "truncated"));
	ll_input_close(in);
	unlink(path);
}

static void test_head_and_missing(void **state)
{
	uint8_t *h = NULL;
	size_t len = 0;
	uint64_t size = 0;

	LL_UNUSED(state);
	write_gzip("hello world", 11);
	assert_int_equal(ll_input_head(&h, &len, &size, path, 5), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(h, "hello", 5);
	ll_free(h);
	unlink(path);
	assert_int_equal(ll_input_head(&h, &len, &size, "/nonexistent/x", 5), LL_ENOTFOUND);
}

/*
 * A bound file (a worker's) is read through its descriptor even once its
 * name is gone, from the start at each open, a limited number of times.
 */
static void test_bound(void **state)
{
	char bound_path[sizeof(path)];
	struct ll_input *in = NULL;
	struct ll_line l;
	uint8_t *h = NULL;
	size_t len = 0;
	uint64_t size = 0;
	int64_t mtime = 0;
	int fd, i;

	LL_UNUSED(state);
	write_gzip("one\ntwo\n", 8);
	snprintf(bound_path, sizeof(bound_path), "%s", path);
	assert_true((fd = open(bound_path, O_RDONLY | O_CLOEXEC)) >= 0);
	assert_int_equal(ll_input_bind(bound_path, fd), 0);
	assert_int_equal(ll_input_bind(bound_path, fd), LL_EINTERNAL);
	unlink(bound_path);
	assert_int_equal(ll_input_size(&size, bound_path), 0);
	assert_true(size > 8); /* the gzip file's own size */
	assert_int_equal(ll_input_mtime(&mtime, bound_path), 0);
	assert_true(mtime > 0);
	assert_int_equal(ll_input_head(&h, &len, &size, bound_path, 64), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(h, "one\ntwo\n", 8);
	ll_free(h);
	for (i = 1; i < LL_INPUT_BIND_OPENS - 1; i++) {
		assert_int_equal(ll_input_open(&in, bound_path), 0);
		assert_true(ll_input_is_gzip(in));
		assert_int_equal(ll_input_line(&l, in), 1);
		assert_string_equal(l.text, "one");
		ll_input_close(in);
	}
	/* the copies are used up: an error, not an open by name */
	assert_int_equal(ll_input_open(&in, bound_path), LL_EIO);
	assert_non_null(strstr(ll_error_message(), "Too many open files"));
	/* other names are opened as ever */
	assert_int_equal(ll_input_size(&size, "/nonexistent/x"), LL_ENOTFOUND);
}

/* A gzip copy shorter than its format's header is refused, named, and not left open. */
static void test_memfd_header(void **state)
{
	uint64_t len = 0;
	char buf[16];
	int fd = -1;

	LL_UNUSED(state);
	write_gzip("0123456789", 10);
	assert_int_equal(ll_input_memfd_header(&fd, &len, path, 1 << 20, "x.evt.gz", 16, "EVT"),
			 LL_ECORRUPT);
	assert_int_equal(fd, -1);
	assert_string_equal(ll_error_message(),
			    "'x.evt.gz' (gzip): 10 bytes, shorter than an EVT file header");
	assert_int_equal(ll_input_memfd_header(&fd, &len, path, 1 << 20, "x.evt.gz", 10, "EVT"), 0);
	assert_true(fd >= 0);
	assert_int_equal(len, 10);
	assert_int_equal(pread(fd, buf, sizeof(buf), 0), 10);
	assert_memory_equal(buf, "0123456789", 10);
	close(fd);
	/* the inflate limit still comes first */
	assert_int_equal(ll_input_memfd_header(&fd, &len, path, 4, "x.evt.gz", 16, "EVT"),
			 LL_EUNSUPPORTED);
	assert_int_equal(fd, -1);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lines),
		cmocka_unit_test(test_gzip_lines),
		cmocka_unit_test(test_long_line_truncated),
		cmocka_unit_test(test_truncated_gzip),
		cmocka_unit_test(test_head_and_missing),
		cmocka_unit_test(test_memfd_header),
		/* last: it binds the test file's name for the rest of the process */
		cmocka_unit_test(test_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
