/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of a VMDK descriptor's extent lines and of the virtual disk recogniser. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/vdisk_sets.h"

struct seen {
	char names[8][256];
	uint64_t sectors[8];
	size_t lines[8];
	size_t n;
};

static void on_extent(const char *name, uint64_t sectors, size_t line, void *payload)
{
	struct seen *s = payload;

	if (s->n < 8) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
		s->sectors[s->n] = sectors;
		s->lines[s->n++] = line;
	}
}

static size_t extents(struct seen *s, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	return ll_vmdk_descriptor_extents((const uint8_t *)text, len, on_extent, s);
}

/* qemu-img's monolithicFlat descriptor, and a split sparse one (VMware's twoGbMaxExtentSparse) */
static void test_extent_lines(void **state)
{
	static const char flat[] = "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\n\n"
				   "# Extent description\nRW 12288 FLAT \"d-flat.vmdk\" 0\n\nddb.x = \"1\"\n";
	static const char split[] = "# Disk DescriptorFile\r\nRW 4192256 SPARSE \"w-s001.vmdk\"\r\n"
				    "RDONLY\t8323072 SPARSE \"w-s002.vmdk\"\r\nNOACCESS 5 ZERO\r\n";
	struct seen s;

	(void)state;
	assert_int_equal(extents(&s, flat, sizeof(flat) - 1), 1);
	assert_string_equal(s.names[0], "d-flat.vmdk");
	assert_int_equal(s.sectors[0], 12288);
	assert_int_equal(s.lines[0], 6);
	assert_int_equal(extents(&s, split, sizeof(split) - 1), 2);
	assert_string_equal(s.names[0], "w-s001.vmdk");
	assert_string_equal(s.names[1], "w-s002.vmdk");
	assert_int_equal(s.sectors[1], 8323072);
}

/* names with a path, empty, unterminated or too long name no file; a NUL ends the text */
static void test_hostile_lines(void **state)
{
	char long_line[400];
	struct seen s;
	static const char odd[] = "RW 1 FLAT \"../etc/passwd\" 0\nRW 2 FLAT \"\" 0\nRW 3 FLAT \"open\n"
				  "RWX 4 FLAT \"not-an-access-word\"\nRW 99999999999999999999999 FLAT \"big\" 0\n";
	static const char nul[] = "RW 1 FLAT \"a\" 0\n\0RW 1 FLAT \"b\" 0\n";

	(void)state;
	extents(&s, odd, sizeof(odd) - 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "big");
	assert_int_equal(s.sectors[0], 0); /* not a number it can hold */
	extents(&s, nul, sizeof(nul) - 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "a");
	memset(long_line, 'x', sizeof(long_line));
	memcpy(long_line, "RW 1 FLAT \"", 11);
	long_line[sizeof(long_line) - 1] = '"';
	extents(&s, long_line, sizeof(long_line));
	assert_int_equal(s.n, 0);
}

static void test_recognise(void **state)
{
	uint8_t tail[512] = { 0 };

	(void)state;
	assert_int_equal(ll_vdisk_of((const uint8_t *)"KDMV\1\0\0\0", 8, NULL), LL_VDISK_VMDK);
	assert_int_equal(ll_vdisk_of((const uint8_t *)"# Disk DescriptorFile\n", 22, NULL), LL_VDISK_VMDK);
	assert_int_equal(ll_vdisk_of((const uint8_t *)"vhdxfile", 8, NULL), LL_VDISK_VHDX);
	assert_int_equal(ll_vdisk_of((const uint8_t *)"conectix", 8, NULL), LL_VDISK_VHD);
	assert_int_equal(ll_vdisk_of((const uint8_t *)"QFI\xfb\0\0\0\3", 8, NULL), LL_VDISK_QCOW);
	/* a fixed VHD: only its footer, in the last 512 bytes, says so */
	assert_int_equal(ll_vdisk_of((const uint8_t *)"\0\0\0\0\0\0\0\0", 8, tail), LL_VDISK_NONE);
	memcpy(tail, "conectix", 8);
	assert_int_equal(ll_vdisk_of((const uint8_t *)"\0\0\0\0\0\0\0\0", 8, tail), LL_VDISK_VHD);
	/* shorter than a signature is nothing */
	assert_int_equal(ll_vdisk_of((const uint8_t *)"KDM", 3, NULL), LL_VDISK_NONE);
	assert_string_equal(ll_vdisk_name(LL_VDISK_QCOW), "qcow");
	assert_null(ll_vdisk_name(LL_VDISK_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extent_lines),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_recognise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
