/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A loose $J's $MFT by the collection's layout (analyze/usn/mft_source.c,
 * ll_mft_source_pair): the $MFT of the nearest folder at or above the
 * journal's that holds one — KAPE's `C/$MFT` for `C/$Extend/$UsnJrnl%3A$J`,
 * never D:'s; Velociraptor's upload folder of a volume; the journal's own
 * folder first; two in one folder both named (the caller refuses to guess);
 * none above the journal (another volume's folder is no ancestor) none.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "analyze/usn/mft_source.h"
#include "core/evidence.h"

/* An item of these file names. */
static struct ll_evidence item(struct ll_evidence_file *files, const char *const *names,
			       size_t n)
{
	struct ll_evidence ev = { 0 };

	for (size_t i = 0; i < n; i++)
		files[i] = (struct ll_evidence_file){ .path = (char *)names[i] };
	ev.files = files;
	ev.nfiles = n;
	return ev;
}

static void test_kape_volumes(void **state)
{
	static const char *const names[] = {
		"evidence/E1/files/kape/C/$Extend/$UsnJrnl%3A$J", "evidence/E1/files/kape/C/$MFT",
		"evidence/E1/files/kape/C/Windows/System32/config/SYSTEM",
		"evidence/E1/files/kape/D/$Extend/$J", "evidence/E1/files/kape/D/$MFT",
		"evidence/E1/files/kape/E/$Extend/$J",
	};
	struct ll_evidence_file f[6];
	struct ll_evidence ev = item(f, names, 6);
	size_t idx[LL_MFT_SOURCE_CANDIDATES];

	(void)state;
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[0]), 1);
	assert_int_equal(idx[0], 1);
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[3]), 1);
	assert_int_equal(idx[0], 4);
	/* E: has no $MFT: C:'s and D:'s are in no folder above its journal */
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[5]), 0);
}

static void test_velociraptor_and_own_folder(void **state)
{
	static const char *const names[] = {
		"evidence/E2/files/col/uploads/ntfs/%5C%5C.%5CC%3A/$MFT",
		"evidence/E2/files/col/uploads/ntfs/%5C%5C.%5CC%3A/$Extend/$UsnJrnl%3A$J",
		"evidence/E2/files/col/$MFT",
		"evidence/E2/files/col/$J",
	};
	struct ll_evidence_file f[4];
	struct ll_evidence ev = item(f, names, 4);
	size_t idx[LL_MFT_SOURCE_CANDIDATES];

	(void)state;
	/* the nearest folder holding one: the volume's, not the collection's top */
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[1]), 1);
	assert_int_equal(idx[0], 0);
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[3]), 1);
	assert_int_equal(idx[0], 2);
}

static void test_two_in_one_folder(void **state)
{
	static const char *const names[] = {
		"evidence/E3/files/x/$MFT", "evidence/E3/files/x/$J", "evidence/E3/files/x/$mft",
		"evidence/E3/files/$MFT",
	};
	struct ll_evidence_file f[4];
	struct ll_evidence ev = item(f, names, 4);
	size_t idx[LL_MFT_SOURCE_CANDIDATES];

	(void)state;
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[1]), 2);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 2);
	/* a $MFT is never its own journal's candidate; a name alike is no $MFT */
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[0]), 1);
	assert_int_equal(idx[0], 2);
}

static void test_names_alike(void **state)
{
	static const char *const names[] = {
		"evidence/E4/files/a/$J", "evidence/E4/files/a/x$MFT", "evidence/E4/files/ab/$MFT",
	};
	struct ll_evidence_file f[3];
	struct ll_evidence ev = item(f, names, 3);
	size_t idx[LL_MFT_SOURCE_CANDIDATES];

	(void)state;
	/* "x$MFT" is not named $MFT; "ab/" is not a folder above "a/" */
	assert_int_equal(ll_mft_source_pair(idx, &ev, names[0]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kape_volumes),
		cmocka_unit_test(test_velociraptor_and_own_folder),
		cmocka_unit_test(test_two_in_one_folder),
		cmocka_unit_test(test_names_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
