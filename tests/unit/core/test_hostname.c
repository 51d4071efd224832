/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of host names: the syntax check, /etc/hostname's content, same-host comparison. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/hostname.h"

static int check(const char *s, char *why, size_t wl)
{
	return ll_hostname_check(s, strlen(s), why, wl);
}

static void syntax(void **state)
{
	char why[160], l63[64], l64[65], n253[254], n254[255];

	(void)state;
	assert_int_equal(check("FS03", why, sizeof(why)), 0);
	assert_int_equal(check("fs03.offsec.lan", why, sizeof(why)), 0);
	assert_int_equal(check("fs03.offsec.lan.", why, sizeof(why)), 0); /* the root's dot */
	assert_int_equal(check("WIN_PC-01", why, sizeof(why)), 0);
	assert_int_equal(check("", why, sizeof(why)), -1);
	assert_string_equal(why, "empty");
	assert_int_equal(check("bad host", why, sizeof(why)), -1);
	assert_string_equal(why, "byte 0x20 at offset 3 is not a letter, digit, '-', '_' or '.'");
	assert_int_equal(check("a..b", why, sizeof(why)), -1);
	assert_string_equal(why, "label at byte 2 is empty");
	assert_int_equal(check(".a", why, sizeof(why)), -1);
	assert_int_equal(check("-a.b", why, sizeof(why)), -1);
	assert_string_equal(why, "label at byte 0 starts or ends with '-'");
	assert_int_equal(check("a.b-", why, sizeof(why)), -1);
	assert_string_equal(why, "label at byte 2 starts or ends with '-'");
	assert_int_equal(check("srv\x1b[2J", why, sizeof(why)), -1);
	assert_string_equal(why, "byte 0x1B at offset 3 is not a letter, digit, '-', '_' or '.'");
	assert_int_equal(check("srv\xe2\x80\xae" "exe", why, sizeof(why)), -1); /* U+202E */
	assert_string_equal(why, "byte 0xE2 at offset 3 is not a letter, digit, '-', '_' or '.'");
	assert_int_equal(check("caf\xc3\xa9", why, sizeof(why)), -1); /* IDNs come as punycode */
	/* a NUL inside the length is a byte like any other */
	assert_int_equal(ll_hostname_check("a\0b", 3, why, sizeof(why)), -1);
	assert_string_equal(why, "byte 0x00 at offset 1 is not a letter, digit, '-', '_' or '.'");
	/* 63-byte labels, 253-byte names */
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';
	assert_int_equal(check(l63, why, sizeof(why)), 0);
	assert_int_equal(check(l64, why, sizeof(why)), -1);
	assert_string_equal(why, "label at byte 0 is over 63 bytes");
	for (size_t i = 0; i < 253; i++)
		n253[i] = i % 2 ? '.' : 'a';
	n253[253] = '\0';
	assert_int_equal(check(n253, why, sizeof(why)), 0);
	memcpy(n254, n253, 253);
	n254[253] = 'b';
	n254[254] = '\0';
	n254[252] = 'a';
	assert_int_equal(check(n254, why, sizeof(why)), -1);
	assert_string_equal(why, "254 bytes, over the 253 a host name may have");
}

static int from_file(char *out, const char *raw, uint64_t size, char *why, size_t wl)
{
	return ll_hostname_from_file(out, (const uint8_t *)raw, strlen(raw), size, why, wl);
}

static void file_content(void **state)
{
	char out[LL_HOSTNAME_MAX + 1], why[160];

	(void)state;
	assert_int_equal(from_file(out, "srv-a\n", 6, why, sizeof(why)), 0);
	assert_string_equal(out, "srv-a");
	assert_int_equal(from_file(out, "srv-a", 5, why, sizeof(why)), 0); /* no newline */
	assert_string_equal(out, "srv-a");
	assert_int_equal(from_file(out, "# the lab\n\n  labbox.corp.lan. \r\n\n", 35, why,
				   sizeof(why)), 0);
	assert_string_equal(out, "labbox.corp.lan");
	assert_int_equal(from_file(out, "\n# nothing\n", 11, why, sizeof(why)), -1);
	assert_string_equal(why, "no name in it");
	assert_int_equal(from_file(out, "one\ntwo\n", 8, why, sizeof(why)), -1);
	assert_string_equal(why, "a second name line at offset 4");
	assert_int_equal(from_file(out, "a\x1b[2J\n", 6, why, sizeof(why)), -1);
	assert_string_equal(out, "");
	assert_int_equal(ll_hostname_from_file(out, (const uint8_t *)"srv\0evil\n", 9, 9, why,
					       sizeof(why)), -1);
	assert_string_equal(why, "a NUL byte at offset 3");
	/* the size decides, whatever was read of it */
	assert_int_equal(from_file(out, "aaaa", 10240, why, sizeof(why)), -1);
	assert_string_equal(why, "10240 bytes, larger than a host name file (1024)");
	assert_int_equal(from_file(out, "aaaa", 3, why, sizeof(why)), -1); /* more than the file */
	assert_int_equal(from_file(out, "aaaa", LL_HOSTNAME_FILE_MAX, why, sizeof(why)), 0);
}

static void same_host(void **state)
{
	(void)state;
	assert_true(ll_hostname_same("FS03", "fs03"));
	assert_true(ll_hostname_same("FS03", "fs03.offsec.lan"));
	assert_true(ll_hostname_same("fs03.offsec.lan.", "FS03"));
	assert_true(ll_hostname_same("fs03.offsec.lan", "FS03.OFFSEC.LAN."));
	assert_false(ll_hostname_same("fs03.offsec.lan", "fs03.other.lan"));
	assert_false(ll_hostname_same("fs03", "fs0"));
	assert_false(ll_hostname_same("fs03", "fs03x.lan"));
	assert_false(ll_hostname_same("FILESRV02", "srv-b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax),
		cmocka_unit_test(file_content),
		cmocka_unit_test(same_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
