/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the change journal's record checks and scan
 * (analyze/usn/usn_parse.c) and of the flags' names (usn_event.c). The
 * values of plaso's UsnJrnl.raw are usnjls's (t2730 compares them all).
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "analyze/detect/usn_burst.h"
#include "analyze/usn/usn_event.h"
#include "analyze/usn/usn_parse.h"
#include "core/buf.h"
#include "core/error.h"

static uint8_t plaso[4096];
static size_t plaso_len;

static int load(void **state)
{
	char path[512];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/usn/plaso_UsnJrnl.raw", LL_SRC_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	plaso_len = fread(plaso, 1, sizeof(plaso), f);
	fclose(f);
	assert_int_equal(plaso_len, 1728);
	return 0;
}

/* A V2 record of `len` bytes with a name of `nlen` bytes at 60, in b. */
static void v2(uint8_t *b, uint32_t len, uint16_t nlen)
{
	memset(b, 0, len);
	memcpy(b, &len, 4);
	b[4] = 2;
	b[56] = (uint8_t)nlen;
	b[57] = (uint8_t)(nlen >> 8);
	b[58] = 60;
	for (uint16_t i = 0; i < nlen && 60u + i < len; i += 2)
		b[60 + i] = 'a';
}

static void first_record(void **state)
{
	struct ll_usn_rec r;

	(void)state;
	assert_int_equal(ll_usn_rec_parse(&r, plaso, plaso_len, 0), 0);
	assert_int_equal(r.len, 112);
	assert_int_equal(r.major, 2);
	assert_int_equal(r.ref, 30);
	assert_int_equal(r.ref_seq, 1);
	assert_int_equal(r.parent, 5);
	assert_int_equal(r.parent_seq, 5);
	assert_int_equal(r.usn, 0);
	assert_int_equal(r.filetime, 130933917272031250u);
	assert_int_equal(r.reason, 0x100);
	assert_int_equal(r.security_id, 260);
	assert_int_equal(r.attributes, 32);
	assert_int_equal(r.name_len, 50);
	assert_memory_equal(r.name, "N\0i\0e\0u\0w\0", 10);
}

/* The record length's bounds: 8-aligned, at least the fixed part, at most LL_USN_REC_MAX. */
static void length_bounds(void **state)
{
	uint8_t b[1024];
	struct ll_usn_rec r;

	(void)state;
	v2(b, 64, 4);
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), 0);
	v2(b, LL_USN_REC_MAX, 510);
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), 0);
	v2(b, LL_USN_REC_MAX + 8, 510);
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "record length out of bounds (600)"));
	v2(b, 68, 4); /* not 8-aligned */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 56, 0); /* shorter than V2's fixed part */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 64, 4); /* longer than what is left */
	assert_int_equal(ll_usn_rec_parse(&r, b, 63, 40), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "at offset 40: record longer than the journal left (64)"));
}

static void name_bounds(void **state)
{
	uint8_t b[1024];
	struct ll_usn_rec r;

	(void)state;
	v2(b, 64, 6); /* 60 + 6 > 64 */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 64, 3); /* odd */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 592, 512); /* 256 units */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "file name length out of bounds (512)"));
	v2(b, 64, 4);
	b[58] = 56; /* the name inside the fixed part */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 64, 4);
	b[5] = 1; /* version 258 */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
	v2(b, 64, 4);
	b[6] = 1; /* minor 1 */
	assert_int_equal(ll_usn_rec_parse(&r, b, sizeof(b), 0), LL_ECORRUPT);
}

struct seen {
	uint64_t offs[64];
	size_t n;
	uint64_t bad[8];
	size_t nbad;
	const uint8_t *data;
	size_t size;
	uint64_t reads_below; /* the lowest offset read */
};

static int64_t rd(void *p, uint64_t off, void *buf, size_t n)
{
	struct seen *s = p;

	if (off < s->reads_below)
		s->reads_below = off;
	if (n > s->size - off)
		n = s->size - off;
	memcpy(buf, s->data + off, n);
	return (int64_t)n;
}

static uint64_t hole_4k(void *p, uint64_t off)
{
	(void)p;
	return off < 4096 ? 4096 : off;
}

static int on_rec(const struct ll_usn_rec *r, void *p)
{
	struct seen *s = p;

	if (s->n < 64)
		s->offs[s->n++] = r->off;
	return 0;
}

static int on_bad(uint64_t off, const char *why, void *p)
{
	struct seen *s = p;

	(void)why;
	if (s->nbad < 8)
		s->bad[s->nbad++] = off;
	return 0;
}

/* A damaged record is reported once and the scan goes on at the next record. */
static void scan_resumes(void **state)
{
	static uint8_t j[8192];
	struct seen s = { .data = j, .size = sizeof(j), .reads_below = UINT64_MAX };
	struct ll_usn_scan_cb cb = { rd, NULL, &s, on_rec, on_bad, &s };
	struct ll_usn_scan_stats st;

	(void)state;
	memset(j, 0, sizeof(j));
	memcpy(j + 4096, plaso, plaso_len); /* 19 records from 4096 */
	j[4096 + 112] = 3; /* the second record's length: 3 */
	assert_int_equal(ll_usn_scan(&st, sizeof(j), &cb), 0);
	assert_int_equal(st.records, 18);
	assert_int_equal(st.damaged, 1);
	assert_int_equal(s.nbad, 1);
	assert_int_equal(s.bad[0], 4096 + 112);
	assert_int_equal(s.offs[0], 4096);
	assert_int_equal(s.offs[1], 4096 + 224);
	assert_int_equal(st.first_off, 4096);
	assert_int_equal(st.zero_skipped, 4096 + (sizeof(j) - 4096 - plaso_len));
	/* the same with the first 4 KiB a hole: never read */
	memset(&s, 0, sizeof(s));
	s.data = j;
	s.size = sizeof(j);
	s.reads_below = UINT64_MAX;
	cb.next_data = hole_4k;
	assert_int_equal(ll_usn_scan(&st, sizeof(j), &cb), 0);
	assert_int_equal(st.records, 18);
	assert_int_equal(st.sparse_skipped, 4096);
	assert_int_equal(s.reads_below, 4096);
}

/* A journal cut inside its last record: that record is damaged, the others kept. */
static void scan_cut(void **state)
{
	struct seen s = { .data = plaso, .size = plaso_len - 20, .reads_below = UINT64_MAX };
	struct ll_usn_scan_cb cb = { rd, NULL, &s, on_rec, on_bad, &s };
	struct ll_usn_scan_stats st;

	(void)state;
	assert_int_equal(ll_usn_scan(&st, plaso_len - 20, &cb), 0);
	assert_int_equal(st.records, 18);
	assert_int_equal(st.damaged, 1);
	assert_true(s.bad[0] < plaso_len - 20 && s.bad[0] % 8 == 0);
}

static void probe(void **state)
{
	static uint8_t head[65536];

	(void)state;
	assert_true(ll_usn_probe(plaso, plaso_len));
	memset(head, 0, sizeof(head));
	assert_false(ll_usn_probe(head, sizeof(head)));
	memcpy(head + 1024, plaso, plaso_len);
	assert_true(ll_usn_probe(head, sizeof(head)));
	head[1024 + 112] = 3; /* a second record that is not one */
	assert_false(ll_usn_probe(head, sizeof(head)));
	assert_false(ll_usn_probe((const uint8_t *)"SQLite format 3", 15));
}

static void flag_names(void **state)
{
	struct ll_buf b;

	(void)state;
	ll_buf_init(&b);
	assert_int_equal(ll_usn_reason_names(&b, 0x80002001u), 0);
	assert_string_equal(b.ptr, "DATA_OVERWRITE RENAME_NEW_NAME CLOSE");
	ll_buf_reset(&b);
	assert_int_equal(ll_usn_reason_names(&b, 0x00000102u), 0);
	assert_string_equal(b.ptr, "DATA_EXTEND FILE_CREATE");
	ll_buf_reset(&b);
	assert_int_equal(ll_usn_reason_names(&b, 0x00001000u | 0x00400000u | 0x02000000u), 0);
	assert_string_equal(b.ptr, "RENAME_OLD_NAME TRANSACTED_CHANGE UNKNOWN_0x02000000");
	ll_buf_reset(&b);
	assert_int_equal(ll_usn_reason_names(&b, 0), 0);
	assert_string_equal(b.ptr, "");
	ll_buf_reset(&b);
	assert_int_equal(ll_usn_source_names(&b, 0x5), 0);
	assert_string_equal(b.ptr, "DATA_MANAGEMENT REPLICATION_MANAGEMENT");
	ll_buf_reset(&b);
	assert_int_equal(ll_usn_attr_names(&b, 0x2020), 0);
	assert_string_equal(b.ptr, "ARCHIVE NOT_CONTENT_INDEXED");
	ll_buf_release(&b);
	/* what the burst counts: rewritten or renamed existing files */
	assert_true(ll_usn_burst_counts(0x00000001u));
	assert_true(ll_usn_burst_counts(0x00000002u));
	assert_true(ll_usn_burst_counts(0x80002000u));
	assert_false(ll_usn_burst_counts(0x80000102u)); /* a new file written */
	assert_false(ll_usn_burst_counts(0x00001000u)); /* the old name */
	assert_false(ll_usn_burst_counts(0x80000200u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_record),
		cmocka_unit_test(length_bounds),
		cmocka_unit_test(name_bounds),
		cmocka_unit_test(scan_resumes),
		cmocka_unit_test(scan_cut),
		cmocka_unit_test(probe),
		cmocka_unit_test(flag_names),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
