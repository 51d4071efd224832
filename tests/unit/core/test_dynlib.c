/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of core/dynlib: a library's table filled from the library
 * itself, a missing function or library named (never a NULL in a table),
 * and the library kept out of the process's global scope (RTLD_LOCAL: what
 * lets each libyal library bind to its own helpers).
 */
#define _GNU_SOURCE 1 /* RTLD_DEFAULT */
#include "core/compat.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "analyze/winlog/evt_lib.h"
#include "analyze/winlog/evtx_lib.h"
#include "core/dynlib.h"
#include "core/error.h"

/* zlib (linked: its declarations type the table) through a table */
#define ZT_FUNCS(X) X(zlibVersion) X(crc32)
#define ZT_FIELD(name) LL_DYNLIB_FIELD(, name)
struct zt_api {
	ZT_FUNCS(ZT_FIELD)
};
const struct zt_api *zt_get(void);
LL_DYNLIB_DEFINE(zt_get, struct zt_api, ZT_FUNCS, "libz.so.1", "zlib1g", "")

/* one function more than the library has */
int ll_no_such_function(void);
#define ZB_FUNCS(X) X(zlibVersion) X(ll_no_such_function) X(crc32)
struct zb_api {
	ZB_FUNCS(ZT_FIELD)
};
const struct zb_api *zb_get(void);
LL_DYNLIB_DEFINE(zb_get, struct zb_api, ZB_FUNCS, "libz.so.1", "zlib1g", "")

/* a library that is not there */
#define ZN_FUNCS(X) X(zlibVersion)
struct zn_api {
	ZN_FUNCS(ZT_FIELD)
};
const struct zn_api *zn_get(void);
LL_DYNLIB_DEFINE(zn_get, struct zn_api, ZN_FUNCS, "libll-not-installed.so.9", "ll-nothing", "")

static void table_filled(void **state)
{
	const struct zt_api *z = zt_get();

	(void)state;
	assert_non_null(z);
	assert_ptr_equal(z, zt_get()); /* loaded once */
	assert_string_equal(z->zlibVersion(), zlibVersion());
	assert_int_equal(z->crc32(0, (const Bytef *)"abc", 3), 0x352441c2);
}

static void missing_function_named(void **state)
{
	(void)state;
	assert_null(zb_get());
	assert_int_equal(ll_error_code(), LL_EUNSUPPORTED);
	assert_string_equal(ll_error_message(),
			    "libz.so.1 lacks ll_no_such_function (a version too old?)");
	/* the answer stays: no second load, no half-filled table handed out */
	assert_null(zb_get());
}

static void missing_library_named(void **state)
{
	(void)state;
	assert_null(zn_get());
	assert_int_equal(ll_error_code(), LL_EUNSUPPORTED);
	assert_non_null(strstr(ll_error_message(), "cannot load libll-not-installed.so.9: "));
	assert_non_null(strstr(ll_error_message(), "(install ll-nothing)"));
}

static void refused_by_test_hook(void **state)
{
	(void)state;
	setenv("LIFELINE_TEST_DYNLIB_FAIL", "libfoo.so.1:libevtx.so.1", 1);
	assert_null(ll_evtx_api_get());
	unsetenv("LIFELINE_TEST_DYNLIB_FAIL");
	assert_string_equal(ll_error_message(), "cannot load libevtx.so.1: refused by "
						"LIFELINE_TEST_DYNLIB_FAIL (install libevtx1)");
}

static void kept_out_of_the_global_scope(void **state)
{
	const struct ll_evt_api *evt;

	(void)state;
	/* this test is not linked with any libyal library: only a table brings one */
	assert_null(dlsym(RTLD_DEFAULT, "libevt_get_version"));
	assert_non_null(evt = ll_evt_api_get());
	assert_non_null(evt->get_version());
	/* loaded, but not for anyone else to bind to: neither it nor its helpers' copies */
	assert_null(dlsym(RTLD_DEFAULT, "libevt_get_version"));
	assert_null(dlsym(RTLD_DEFAULT, "libcdata_array_initialize"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_filled),
		cmocka_unit_test(missing_function_named),
		cmocka_unit_test(missing_library_named),
		cmocka_unit_test(refused_by_test_hook),
		cmocka_unit_test(kept_out_of_the_global_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
