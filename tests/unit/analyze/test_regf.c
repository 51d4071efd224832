/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The registry hive reader's pure parts: value data as text (UTF-16LE with
 * bad surrogates, REG_MULTI_SZ, numbers, hex), control set names, and the
 * facts of the interpreted keys of SYSTEM, SOFTWARE and NTUSER.DAT.
 */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyze/registry/regf_interp.h"
#include "analyze/registry/regf_key.h"
#include "analyze/registry/regf_name.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* The facts of one key, as "kind|value|message|attrs" lines. */
struct facts {
	struct ll_buf out;
	size_t n;
};

static int collect(void *payload, const struct ll_regf_fact *f)
{
	struct facts *fs = payload;

	fs->n++;
	return ll_buf_printf(&fs->out, "%s|%s|%s|%s|%s\n", f->kind, f->category, f->value,
			     f->message, f->attrs);
}

static int interpret(struct facts *fs, const char *rel, unsigned current,
		     const struct ll_regf_value *v, size_t nv)
{
	struct ll_regf_key k = { .path = rel, .rel = rel, .values = v, .nvals_read = nv };
	struct ll_regf_hive_info info = { .current_cs = current };

	ll_buf_init(&fs->out);
	fs->n = 0;
	return ll_regf_interpret(&k, &info, collect, fs);
}

/*
 * Key `rel` interpreted (Select\Current `current`) gives `n` facts, and
 * when `want` is not NULL exactly these lines.
 */
static void facts_are(const char *rel, unsigned current, const struct ll_regf_value *v, size_t nv,
		      size_t n, const char *want)
{
	struct facts fs;

	assert_int_equal(interpret(&fs, rel, current, v, nv), 0);
	assert_int_equal(fs.n, n);
	if (want)
		assert_string_equal(fs.out.ptr ? fs.out.ptr : "", want);
	ll_buf_release(&fs.out);
}

/* Key `rel` interpreted gives facts whose lines hold `part`. */
static void facts_hold(const char *rel, unsigned current, const struct ll_regf_value *v, size_t nv,
		       const char *part)
{
	struct facts fs;

	assert_int_equal(interpret(&fs, rel, current, v, nv), 0);
	assert_non_null(fs.out.ptr);
	if (!strstr(fs.out.ptr, part))
		fail_msg("'%s' not in the facts of %s:\n%s", part, rel, fs.out.ptr);
	ll_buf_release(&fs.out);
}

#define U32(x) (const uint8_t[]){ (uint8_t)(x), (uint8_t)((x) >> 8), (uint8_t)((x) >> 16), (uint8_t)((x) >> 24) }
#define DWORD(name, x) { name, LL_REG_DWORD, U32(x), 4, 4 }
#define SZ(name, lit) { name, LL_REG_SZ, (const uint8_t *)(lit), sizeof(lit) - 1, sizeof(lit) - 1 }

static void test_utf16(void **state)
{
	/* "A", U+1F600 (a pair), a lone high surrogate before "B", a lone low one, NUL, junk */
	static const uint8_t s[] = { 'A', 0, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xd8, 'B', 0,
				     0x00, 0xdc, 0, 0, 'x', 0 };
	struct ll_buf b = LL_BUF_INIT;

	LL_UNUSED(state);
	assert_int_equal(ll_regf_utf16_append(&b, s, sizeof(s)), 0);
	assert_string_equal(b.ptr, "A\xf0\x9f\x98\x80\xef\xbf\xbd" "B\xef\xbf\xbd");
	/* an odd byte at the end is dropped; no NUL: the end stops it */
	ll_buf_reset(&b);
	assert_int_equal(ll_regf_utf16_append(&b, (const uint8_t *)"h\0i\0!", 5), 0);
	assert_string_equal(b.ptr, "hi");
	ll_buf_release(&b);
}

static void test_value_text(void **state)
{
	static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0, 'z', 0 };
	static const uint8_t qw[] = { 1, 0, 0, 0, 1, 0, 0, 0 };
	static const uint8_t be[] = { 0, 0, 1, 2 };
	uint8_t big[70];
	struct ll_regf_value v = { "x", LL_REG_MULTI_SZ, multi, sizeof(multi), sizeof(multi) };
	struct ll_buf b = LL_BUF_INIT;

	LL_UNUSED(state);
	assert_int_equal(ll_regf_value_text(&b, &v), 0);
	assert_string_equal(b.ptr, "a; bc");
	ll_buf_reset(&b);
	v = (struct ll_regf_value){ "x", LL_REG_QWORD, qw, 8, 8 };
	assert_int_equal(ll_regf_value_text(&b, &v), 0);
	assert_string_equal(b.ptr, "4294967297");
	ll_buf_reset(&b);
	v = (struct ll_regf_value){ "x", LL_REG_DWORD_BE, be, 4, 4 };
	assert_int_equal(ll_regf_value_text(&b, &v), 0);
	assert_string_equal(b.ptr, "258");
	/* a DWORD of the wrong size is shown as bytes, not read past its end */
	ll_buf_reset(&b);
	v = (struct ll_regf_value){ "x", LL_REG_DWORD, be, 3, 3 };
	assert_int_equal(ll_regf_value_text(&b, &v), 0);
	assert_string_equal(b.ptr, "000001");
	ll_buf_reset(&b);
	memset(big, 0xab, sizeof(big));
	v = (struct ll_regf_value){ "x", LL_REG_BINARY, big, sizeof(big), sizeof(big) };
	assert_int_equal(ll_regf_value_text(&b, &v), 0);
	assert_int_equal(b.len, 128 + 3);
	assert_string_equal(b.ptr + 128, "\xe2\x80\xa6");
	ll_buf_release(&b);
}

static void test_control_set(void **state)
{
	const char *rest;

	LL_UNUSED(state);
	assert_int_equal(ll_regf_control_set("ControlSet001\\Services\\x", &rest), 1);
	assert_string_equal(rest, "Services\\x");
	assert_int_equal(ll_regf_control_set("controlset012", &rest), 12);
	assert_string_equal(rest, "");
	assert_int_equal(ll_regf_control_set("ControlSet01", &rest), 0);
	assert_int_equal(ll_regf_control_set("ControlSet0010", &rest), 0);
	assert_int_equal(ll_regf_control_set("ControlSet000", &rest), 0);
	assert_int_equal(ll_regf_control_set("CurrentControlSet\\Services", &rest), 0);
	assert_int_equal(ll_regf_parse_current("2"), 2);
	assert_int_equal(ll_regf_parse_current("999"), 999);
	assert_int_equal(ll_regf_parse_current("1000"), 0);
	assert_int_equal(ll_regf_parse_current("0"), 0);
	assert_int_equal(ll_regf_parse_current(""), 0);
	assert_int_equal(ll_regf_parse_current("2a"), 0);
}

static void test_time_zone(void **state)
{
	static const char tzi[] = "ControlSet001\\Control\\TimeZoneInformation";
	struct ll_regf_value v[] = {
		SZ("TimeZoneKeyName", "E\0a\0s\0t\0\0\0"),
		DWORD("Bias", 300),
	};

	LL_UNUSED(state);
	/* Bias is minutes to add to local time for UTC: 300 is five hours west */
	facts_are(tzi, 1, v, 2, 1,
		  "time_zone|system|TimeZoneKeyName|time zone: East, bias 300 min (UTC-05:00) (ControlSet001)|"
		  "{\"kind\":\"time_zone\",\"TimeZoneKeyName\":\"East\",\"Bias\":300,\"control_set\":1}\n");
	v[1] = (struct ll_regf_value)DWORD("Bias", 0xffffffc4u);
	facts_hold(tzi, 1, v, 2, "bias -60 min (UTC+01:00)");
	facts_hold(tzi, 1, v, 2, "\"Bias\":-60");
	v[1] = (struct ll_regf_value)DWORD("Bias", 0xfffffdcbu); /* -565: UTC+09:25 */
	facts_hold(tzi, 1, v, 2, "(UTC+09:25)");
}

static void test_services_current_only(void **state)
{
	struct ll_regf_value v[] = {
		SZ("ImagePath", "x\0.\0e\0x\0e\0\0\0"),
		DWORD("Start", 2),
	};

	LL_UNUSED(state);
	facts_are("ControlSet002\\Services\\evil", 2, v, 2, 1,
		  "service|persistence|ImagePath|service evil: start automatic (2), image x.exe (ControlSet002)|"
		  "{\"kind\":\"service\",\"service\":\"evil\",\"ImagePath\":\"x.exe\",\"Start\":2,\"start_type\":\"automatic\",\"control_set\":2}\n");
	/* another control set than Select\Current: none */
	facts_are("ControlSet001\\Services\\evil", 2, v, 2, 0, NULL);
	/* Select unknown: every control set */
	facts_are("ControlSet001\\Services\\evil", 0, v, 2, 1, NULL);
	/* a service's sub key is not a service; a key without ImagePath or Start neither */
	assert_false(ll_regf_wants_values("ControlSet002\\Services\\evil\\Parameters"));
	facts_are("ControlSet002\\Services\\evil\\Parameters", 2, v, 2, 0, NULL);
	facts_are("ControlSet002\\Services\\empty", 2, NULL, 0, 0, NULL);
}

static void test_computer_name_and_select(void **state)
{
	struct ll_regf_value name[] = { SZ("ComputerName", "F\0S\0" "0\0" "3\0\0\0") };
	struct ll_regf_value sel[] = { DWORD("Current", 2), DWORD("LastKnownGood", 1) };

	LL_UNUSED(state);
	facts_are("controlset002\\control\\computername\\COMPUTERNAME", 2, name, 1, 1,
		  "computer_name|system|ComputerName|computer name: FS03 (ControlSet002)|"
		  "{\"kind\":\"computer_name\",\"ComputerName\":\"FS03\",\"control_set\":2}\n");
	facts_are("Select", 2, sel, 2, 1,
		  "control_set|system|Current|current control set: ControlSet002 (Select\\Current = 2)|"
		  "{\"kind\":\"control_set\",\"Current\":2,\"LastKnownGood\":1}\n");
}

static void test_run_and_uninstall(void **state)
{
	struct ll_regf_value run[] = {
		SZ("Updater", "u\0.\0e\0x\0e\0\0\0"),
		{ "", LL_REG_EXPAND_SZ, (const uint8_t *)"%\0x\0%\0", 6, 6 },
	};
	struct ll_regf_value app[] = { SZ("DisplayName", "7\0z\0\0\0"), SZ("InstallDate", "2\0" "0\0\0\0") };

	LL_UNUSED(state);
	facts_are("software\\microsoft\\windows\\currentversion\\RUNONCE", 0, run, 2, 2,
		  "run|persistence|Updater|RUNONCE: Updater = u.exe|{\"kind\":\"run\",\"run_key\":\"RUNONCE\",\"name\":\"Updater\",\"command\":\"u.exe\"}\n"
		  "run|persistence||RUNONCE:  = %x%|{\"kind\":\"run\",\"run_key\":\"RUNONCE\",\"name\":\"\",\"command\":\"%x%\"}\n");
	/* a Run key's sub key is not a Run key */
	facts_are("Microsoft\\Windows\\CurrentVersion\\Run\\x", 0, run, 2, 0, NULL);
	facts_are("Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{A}", 0, app, 2, 1,
		  "installed_program|program|DisplayName|installed program: 7z (InstallDate 20)|"
		  "{\"kind\":\"installed_program\",\"uninstall_key\":\"{A}\",\"DisplayName\":\"7z\",\"InstallDate\":\"20\"}\n");
	/* without DisplayName: an update, not a program */
	facts_are("Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB1", 0, app + 1, 1, 0, NULL);
}

static void test_recent_docs_and_rdp(void **state)
{
	static const uint8_t mru[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0 };
	static const uint8_t d0[] = { 'a', 0, 0, 0, 0x14, 0 };
	static const uint8_t d1[] = { 'b', 0, 0, 0 };
	static const uint8_t d2[] = { 'c', 0 };
	struct ll_regf_value v[] = {
		{ "MRUListEx", LL_REG_BINARY, mru, sizeof(mru), sizeof(mru) },
		{ "0", LL_REG_BINARY, d0, sizeof(d0), sizeof(d0) },
		{ "1", LL_REG_BINARY, d1, sizeof(d1), sizeof(d1) },
		{ "2", LL_REG_BINARY, d2, sizeof(d2), sizeof(d2) },
	};
	struct ll_regf_value hint[] = { SZ("UsernameHint", "D\0\\\0u\0\0\0") };

	LL_UNUSED(state);
	/* entry 2 stands after MRUListEx's end marker: not listed */
	facts_are("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.txt", 0, v, 4, 3,
		  "recent_doc|user-activity|0|recent document: a (MRU position 1)|{\"kind\":\"recent_doc\",\"document\":\"a\",\"entry\":\"0\",\"extension_key\":\".txt\",\"mru_position\":1,\"opened_at_key_time\":false}\n"
		  "recent_doc|user-activity|1|recent document: b (MRU position 0)|{\"kind\":\"recent_doc\",\"document\":\"b\",\"entry\":\"1\",\"extension_key\":\".txt\",\"mru_position\":0,\"opened_at_key_time\":true}\n"
		  "recent_doc|user-activity|2|recent document: c|{\"kind\":\"recent_doc\",\"document\":\"c\",\"entry\":\"2\",\"extension_key\":\".txt\",\"opened_at_key_time\":false}\n");
	facts_are("Software\\Microsoft\\Terminal Server Client\\Servers\\10.0.2.17", 0, hint, 1, 1,
		  "rdp_server|user-activity||RDP client connected to 10.0.2.17 as D\\u|"
		  "{\"kind\":\"rdp_server\",\"server\":\"10.0.2.17\",\"UsernameHint\":\"D\\\\u\"}\n");
}

static void test_alloc_failure(void **state)
{
	struct ll_regf_value v[] = {
		SZ("ImagePath", "x\0.\0e\0x\0e\0\0\0"),
		DWORD("Start", 2),
	};
	struct facts fs;
	unsigned failed = 0;
	int rc;

	LL_UNUSED(state);
	for (unsigned long n = 1; n < 200; n++) {
		ll_alloc_fail_at(n);
		rc = interpret(&fs, "ControlSet002\\Services\\evil", 2, v, 2);
		ll_alloc_fail_at(0);
		ll_buf_release(&fs.out);
		if (rc == 0)
			break;
		assert_int_equal(rc, LL_ENOMEM);
		failed++;
	}
	/* some allocations did fail, and each failure was an error, not a crash */
	assert_true(failed > 0);
	assert_int_equal(rc, 0);
}

/* A file in memory, read through the callback. */
struct mem {
	uint8_t *d;
	size_t n;
};

static int64_t mem_read(void *payload, uint64_t off, void *buf, size_t n)
{
	struct mem *m = payload;

	if (off >= m->n)
		return 0;
	if (n > m->n - off)
		n = m->n - off;
	memcpy(buf, m->d + off, n);
	return (int64_t)n;
}

static struct mem load(const char *rel)
{
	char path[512];
	struct mem m = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/regf/%s", LL_SRC_DIR, rel);
	assert_non_null(f = fopen(path, "rb"));
	m.d = malloc(1 << 20);
	assert_non_null(m.d);
	m.n = fread(m.d, 1, 1 << 20, f);
	fclose(f);
	return m;
}

static void test_computer_name(void **state)
{
	/* make_hives.sh's SYSTEM: Select\Current = 2, ControlSet002 names FS03 (001: OLDNAME) */
	struct mem m = load("system-hivexsh.hiv");
	char name[64];

	LL_UNUSED(state);
	assert_int_equal(ll_regf_computer_name(name, sizeof(name), mem_read, &m), 0);
	assert_string_equal(name, "FS03");
	/* too small a buffer: refused, not cut */
	assert_int_equal(ll_regf_computer_name(name, 4, mem_read, &m), LL_ECORRUPT);
	/* Select\Current = 1 (the DWORD patched in place): ControlSet001's name */
	for (size_t i = 0; i + 8 < m.n; i++) {
		if (!memcmp(m.d + i, "vk\x07\x00\x04\x00\x00\x80", 8) && !memcmp(m.d + i + 20, "Current", 7)) {
			m.d[i + 8] = 1;
			break;
		}
	}
	assert_int_equal(ll_regf_computer_name(name, sizeof(name), mem_read, &m), 0);
	assert_string_equal(name, "OLDNAME");
	/* cut short: the cells on the way are missing, said with an offset */
	m.n = 8192;
	assert_int_equal(ll_regf_computer_name(name, sizeof(name), mem_read, &m), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "offset"));
	free(m.d);
	/* a hive without a SYSTEM's keys */
	m = load("100_sub_keys.hiv");
	assert_int_equal(ll_regf_computer_name(name, sizeof(name), mem_read, &m), LL_ENOTFOUND);
	free(m.d);
	/* not a hive */
	m = load("magic-only.hiv");
	assert_int_equal(ll_regf_computer_name(name, sizeof(name), mem_read, &m), LL_ECORRUPT);
	free(m.d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_control_set),
		cmocka_unit_test(test_time_zone),
		cmocka_unit_test(test_services_current_only),
		cmocka_unit_test(test_computer_name_and_select),
		cmocka_unit_test(test_run_and_uninstall),
		cmocka_unit_test(test_recent_docs_and_rdp),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_computer_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
