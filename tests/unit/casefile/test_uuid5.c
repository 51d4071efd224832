/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of UUIDv5 against RFC 4122 / Python uuid.uuid5 vectors. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "casefile/report/uuid5.h"

static const uint8_t ns_dns[16] = {
	0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

static void known_vectors(void **state)
{
	char u[LL_UUID_STR];

	(void)state;
	/* python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"))' */
	assert_int_equal(ll_uuid5(u, ns_dns, "python.org"), 0);
	assert_string_equal(u, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
	/* lifeline's namespace is uuid5(NAMESPACE_URL, "https://lifeline.invalid/casefile") */
	assert_int_equal(ll_uuid5(u, ll_uuid5_lifeline_ns, "PJ-1/Bundle/bundle"), 0);
	assert_string_equal(u, "f7556576-8c3a-545a-922c-a4fa3e3ade77");
}

static void deterministic_and_distinct(void **state)
{
	char a[LL_UUID_STR], b[LL_UUID_STR], c[LL_UUID_STR];

	(void)state;
	assert_int_equal(ll_uuid5(a, ll_uuid5_lifeline_ns, "x/File/1"), 0);
	assert_int_equal(ll_uuid5(b, ll_uuid5_lifeline_ns, "x/File/1"), 0);
	assert_int_equal(ll_uuid5(c, ll_uuid5_lifeline_ns, "x/File/2"), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 36);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_vectors),
		cmocka_unit_test(deterministic_and_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
