/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the Prefetch header read (the fallback when libscca refuses
 * a damaged file) and of the events' message, attrs and locator. The
 * expected values are sccainfo 20200717's (libscca-utils) on plaso's files
 * in tests/data/prefetch: the header alone must say what libscca says.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/unit/unit_bytes.h"

#include "analyze/prefetch/pf_header.h"
#include "analyze/prefetch/pf_info.h"
#include "core/buf.h"
#include "core/error.h"

/* The first LL_PF_HEADER_MAX bytes (or fewer) of tests/data/prefetch/<name>. */
static size_t head_of(uint8_t *buf, const char *name)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/prefetch/%s", LL_SRC_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, LL_PF_HEADER_MAX, f);
	fclose(f);
	return n;
}

struct want {
	const char *file;
	uint32_t version;
	const char *exe;
	uint32_t hash, run_count, declared;
	size_t nruns;
	uint64_t runs[LL_PF_RUNS]; /* sccainfo's dates as FILETIME */
};

static const struct want wants[] = {
	{ "CMD.EXE-087B4001.pf", 17, "CMD.EXE", 0x087b4001, 2, 11986, 1,
	  { 130073839092812500u } },
	{ "PING.EXE-B29F6629.pf", 23, "PING.EXE", 0xb29f6629, 14, 11216, 1,
	  { 129782124559329556u } },
	{ "WUAUCLT.EXE-830BCC14.pf", 23, "WUAUCLT.EXE", 0x830bcc14, 25, 158422, 1,
	  { 129763198598079963u } },
	{ "TASKHOST.EXE-3AE259FC.pf", 26, "TASKHOST.EXE", 0x3ae259fc, 4, 28766, 8,
	  { 130253748090378333u, 130253740890103565u, 130253411945960606u,
	    130253406736429375u } },
};

static void header_matches_sccainfo(void **state)
{
	(void)state;
	for (size_t k = 0; k < LL_ARRAY_SIZE(wants); k++) {
		const struct want *w = &wants[k];
		struct ll_pf_info pi = { 0 };
		uint8_t buf[LL_PF_HEADER_MAX];
		size_t n = head_of(buf, w->file);

		assert_int_equal(ll_pf_kind(buf, n), LL_PF_SCCA);
		assert_int_equal(ll_pf_declared_size(buf, n), w->declared);
		assert_int_equal(ll_pf_header_read(&pi, buf, n), 0);
		assert_int_equal(pi.version, w->version);
		assert_string_equal(pi.exe, w->exe);
		assert_int_equal(pi.hash, w->hash);
		assert_int_equal(pi.run_count, w->run_count);
		assert_int_equal(pi.nruns, w->nruns);
		assert_true(pi.header_only);
		for (size_t i = 0; i < LL_PF_RUNS; i++)
			assert_true(i < pi.nruns ? pi.runs[i] == w->runs[i] : pi.runs[i] == 0);
	}
}

static void kinds(void **state)
{
	uint8_t buf[LL_PF_HEADER_MAX];
	size_t n;

	(void)state;
	n = head_of(buf, "NOTEPAD.EXE-D8414F97.pf");
	assert_int_equal(ll_pf_kind(buf, n), LL_PF_MAM);
	assert_int_equal(ll_pf_declared_size(buf, n), 0x85ee); /* its uncompressed size */
	assert_int_equal(ll_pf_kind(buf, 7), LL_PF_NONE);       /* too short to tell */
	assert_int_equal(ll_pf_kind((const uint8_t *)"\x11\0\0\0SCCB", 8), LL_PF_NONE);
	assert_int_equal(ll_pf_kind((const uint8_t *)"MAM\x05\0\0\0\0", 8), LL_PF_NONE);
	assert_int_equal(ll_pf_kind((const uint8_t *)"\x11\0\0\0SCCA", 8), LL_PF_SCCA);
	assert_int_equal(ll_pf_declared_size((const uint8_t *)"\x11\0\0\0SCCA", 8), 0);
	/* MAM is not an uncompressed file: no header read */
	{
		struct ll_pf_info pi = { 0 };

		assert_int_equal(ll_pf_header_read(&pi, buf, n), LL_ECORRUPT);
		assert_non_null(strstr(ll_error_message(), "offset 4"));
	}
}

/* Each cut names the field and the offset where the bytes ran out. */
static void cut_header(void **state)
{
	static const struct {
		size_t len;
		const char *field, *offset;
	} cuts[] = {
		{ 2, "no \"SCCA\" signature", "offset 4" },
		{ 50, "executable name", "offset 16" },
		{ 86, "file information", "offset 84" },
		{ 124, "last run time 1", "offset 120" },
		{ 146, "run count", "offset 144" },
	};
	uint8_t buf[LL_PF_HEADER_MAX];

	(void)state;
	head_of(buf, "CMD.EXE-087B4001.pf");
	for (size_t k = 0; k < LL_ARRAY_SIZE(cuts); k++) {
		struct ll_pf_info pi = { 0 };
		int rc = ll_pf_header_read(&pi, buf, cuts[k].len);

		assert_int_equal(rc, LL_ECORRUPT);
		assert_non_null(strstr(ll_error_message(), cuts[k].field));
		assert_non_null(strstr(ll_error_message(), cuts[k].offset));
		assert_false(pi.header_only);
	}
	{
		struct ll_pf_info pi = { 0 };

		/* 148 bytes: the run count's last byte is there */
		assert_int_equal(ll_pf_header_read(&pi, buf, 148), 0);
		assert_int_equal(pi.run_count, 2);
	}
}

static void versions(void **state)
{
	uint8_t buf[LL_PF_HEADER_MAX] = { 0 };
	struct ll_pf_info pi = { 0 };

	(void)state;
	memcpy(buf + 4, "SCCA", 4);
	ll_unit_put32(buf, 31);
	assert_int_equal(ll_pf_header_read(&pi, buf, sizeof(buf)), LL_EUNSUPPORTED);
	assert_non_null(strstr(ll_error_message(), "format version 31"));
	ll_unit_put32(buf, 0);
	assert_int_equal(ll_pf_header_read(&pi, buf, sizeof(buf)), LL_EUNSUPPORTED);
	/* version 30: the run count's place follows the metrics array offset */
	ll_unit_put32(buf, 30);
	ll_unit_put32(buf + 200, 7);
	ll_unit_put32(buf + 208, 9);
	ll_unit_put64(buf + 128 + 7 * 8, 42); /* the eighth run time */
	ll_unit_put32(buf + 84, 0x130);
	assert_int_equal(ll_pf_header_read(&pi, buf, sizeof(buf)), 0);
	assert_int_equal(pi.run_count, 9);
	assert_int_equal(pi.nruns, 8);
	assert_true(pi.runs[7] == 42);
	ll_unit_put32(buf + 84, 0x128);
	assert_int_equal(ll_pf_header_read(&pi, buf, sizeof(buf)), 0);
	assert_int_equal(pi.run_count, 7);
	/* the name: UTF-16 with a surrogate pair, and a lone surrogate */
	memcpy(buf + 16, "A\0\x3d\xd8\x00\xde" "B\0\x00\xdc" "C\0\0\0", 14);
	assert_int_equal(ll_pf_header_read(&pi, buf, sizeof(buf)), 0);
	assert_string_equal(pi.exe, "A\xf0\x9f\x98\x80" "B\xef\xbf\xbd" "C");
}

static void locator_escaped(void **state)
{
	struct ll_buf b;

	(void)state;
	ll_buf_init(&b);
	assert_int_equal(ll_pf_locator(&b, "CMD.EXE-087B4001.pf", 0), 0);
	assert_string_equal(b.ptr, "prefetch=CMD.EXE-087B4001.pf;run=1");
	assert_int_equal(ll_pf_locator(&b, "a;run=9%\n.pf", 7), 0);
	assert_string_equal(b.ptr, "prefetch=a%3Brun%3D9%25%0A.pf;run=8");
	ll_buf_release(&b);
	assert_string_equal(ll_pf_time_desc(0), "Last Time Executed");
	assert_string_equal(ll_pf_time_desc(1), "Previous Last Time Executed");
	assert_string_equal(ll_pf_time_desc(7), "Previous Last Time Executed");
}

/* 100 loaded files: 8 named in the message, 64 kept in attrs, all counted. */
static void files_bounded(void **state)
{
	struct ll_pf_info pi = { .version = 30, .hash = 0xd8414f97, .run_count = 2, .nruns = 8 };
	struct ll_buf b;
	char name[64];

	(void)state;
	ll_buf_init(&b);
	snprintf(pi.exe, sizeof(pi.exe), "NOTEPAD.EXE");
	for (int i = 0; i < 100; i++) {
		int n = snprintf(name, sizeof(name), "\\VOLUME{X}\\WINDOWS\\F%03d.DLL", i);

		assert_int_equal(ll_pf_info_add_file(&pi, name, (size_t)n), 0);
	}
	assert_int_equal(ll_pf_info_add_volume(&pi, "\\VOLUME{X}", 10, 0x2ca3d1ae, 1), 0);
	assert_int_equal(pi.nfiles, 100);
	assert_int_equal(pi.nkept, LL_PF_FILES_ATTR);
	assert_int_equal(ll_pf_message(&b, &pi, 1), 0);
	assert_non_null(strstr(b.ptr, "Prefetch [NOTEPAD.EXE] was executed - run count 2, hash 0xD8414F97, earlier run 2 of 8"));
	assert_non_null(strstr(b.ptr, "volume 1 [serial 0x2CA3D1AE, \\VOLUME{X}]"));
	assert_non_null(strstr(b.ptr, "100 files loaded: F000.DLL, F001.DLL"));
	assert_non_null(strstr(b.ptr, "F007.DLL, … (92 more)"));
	assert_null(strstr(b.ptr, "F008.DLL"));
	assert_int_equal(ll_pf_attrs(&b, &pi, 1), 0);
	assert_non_null(strstr(b.ptr, "\"files_loaded_count\":100"));
	assert_non_null(strstr(b.ptr, "F063.DLL\""));
	assert_null(strstr(b.ptr, "F064.DLL"));
	assert_non_null(strstr(b.ptr, "\"run\":2"));
	assert_non_null(strstr(b.ptr, "\"volume_serials\":\"0x2CA3D1AE\""));
	ll_pf_info_release(&pi);
	ll_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_matches_sccainfo),
		cmocka_unit_test(kinds),
		cmocka_unit_test(cut_header),
		cmocka_unit_test(versions),
		cmocka_unit_test(locator_escaped),
		cmocka_unit_test(files_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
