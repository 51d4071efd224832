/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the deterministic ustar writer used for the harm annex. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "casefile/seal/tar.h"
#include "core/buf.h"
#include "core/error.h"

static unsigned checksum(const unsigned char *h)
{
	unsigned sum = 0;

	for (size_t i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum;
}

static void header_fields(void **state)
{
	struct ll_buf t = LL_BUF_INIT;
	const unsigned char *h;
	char want[8];

	(void)state;
	assert_int_equal(ll_tar_add(&t, "harm/E3/a.csv", "hello", 5, 1760259600), 0);
	assert_int_equal(ll_tar_finish(&t), 0);
	assert_int_equal(t.len, 512 + 512 + 1024);
	h = (const unsigned char *)t.ptr;
	assert_string_equal((const char *)h, "harm/E3/a.csv");
	assert_memory_equal(h + 124, "00000000005", 12);
	assert_memory_equal(h + 136, "15072667020", 12); /* 1760259600 in octal */
	assert_memory_equal(h + 100, "0000644", 8);
	assert_memory_equal(h + 257, "ustar\0" "00", 8);
	snprintf(want, sizeof(want), "%06o", checksum(h));
	assert_memory_equal(h + 148, want, 6);
	assert_memory_equal(t.ptr + 512, "hello", 5);
	ll_buf_release(&t);
}

static void long_names_split(void **state)
{
	struct ll_buf t = LL_BUF_INIT;
	char name[200];

	(void)state;
	memset(name, 'a', sizeof(name));
	memcpy(name + 120, "/", 1);
	name[199] = '\0';
	assert_int_equal(ll_tar_add(&t, name, "", 0, 0), 0);
	assert_memory_equal(t.ptr + 345, name, 120);
	assert_memory_equal(t.ptr, name + 121, strlen(name + 121));
	ll_buf_reset(&t);
	memset(name, 'b', sizeof(name));
	name[199] = '\0';
	assert_int_equal(ll_tar_add(&t, name, "", 0, 0), LL_EINVAL);
	ll_buf_release(&t);
}

static void same_input_same_bytes(void **state)
{
	struct ll_buf a = LL_BUF_INIT, b = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_tar_add(&a, "x", "1234", 4, 42), 0);
	assert_int_equal(ll_tar_add(&b, "x", "1234", 4, 42), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	ll_buf_release(&a);
	ll_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_fields),
		cmocka_unit_test(long_names_split),
		cmocka_unit_test(same_input_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
