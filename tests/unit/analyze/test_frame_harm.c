/* SPDX-License-Identifier: Apache-2.0 */
/* The HARM_ROW frame: round trip, every field's refusal, allocation failures. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/error.h"
#include "frame_expect.h"

/* name NUL value NUL …: a harm event's cells as a worker sends them */
static const char CELLS[] = "schema\0lifeline-harm/1\0event_id\0H-0001\0"
			    "summary\0ligne 1\nligne 2, \xc3\xa9t\xc3\xa9\0";
#define NCELLS 3

static struct ll_frame good_row(void)
{
	struct ll_frame f = { .type = LL_FRAME_HARM_ROW };

	f.u.harm.kind = 0;
	f.u.harm.locator = "evidence/E1/files/harm.csv:2";
	f.u.harm.where = "line 2";
	f.u.harm.ncells = NCELLS;
	f.u.harm.cells = CELLS;
	return f;
}

/* HELLO, FILE; returns the offset of what follows (frame 3). */
static size_t prologue(struct ll_buf *b)
{
	return put_file_prologue(b, "harm-csv");
}

static void put_end(struct ll_buf *b)
{
	struct ll_frame f = { .type = LL_FRAME_END };

	f.u.end.message = "";
	enc(b, &f);
}

static void refuse_row(const struct ll_frame *f, const char *want)
{
	struct ll_buf s = LL_BUF_INIT;
	size_t at = prologue(&s);

	enc(&s, f);
	put_end(&s);
	expect_refused(&s, 3, at, want);
	assert_non_null(
		strstr(ll_error_message(), "frame 3 (HARM_ROW) at offset"));
	ll_buf_release(&s);
}

static void le_store(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void round_trip(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	struct ll_frame_decoder d;
	struct ll_frame f;
	int rc;

	(void)state;
	prologue(&in);
	f = good_row();
	enc(&in, &f);
	f = good_row();
	f.u.harm.kind = 3;		  /* systems */
	f.u.harm.locator = "b\xff.csv:7"; /* a path as recorded: raw */
	f.u.harm.where = "/entry/3/resource";
	f.u.harm.ncells = 1;
	enc(&in, &f);
	put_end(&in);
	ll_frame_decoder_init(&d);
	assert_int_equal(
		ll_frame_decoder_feed(&d, (const uint8_t *)in.ptr, in.len), 0);
	for (int i = 0; (rc = ll_frame_decoder_next(&f, &d)) == 1; i++) {
		if (i == 2) {
			assert_int_equal(f.type, LL_FRAME_HARM_ROW);
			assert_int_equal(f.u.harm.kind, 0);
			assert_string_equal(f.u.harm.locator,
				"evidence/E1/files/harm.csv:2");
			assert_string_equal(f.u.harm.where, "line 2");
			assert_int_equal(f.u.harm.ncells, NCELLS);
			assert_memory_equal(
				f.u.harm.cells, CELLS, sizeof(CELLS));
		} else if (i == 3) {
			assert_int_equal(f.u.harm.kind, 3);
			assert_string_equal(f.u.harm.locator, "b\xff.csv:7");
			assert_int_equal(f.u.harm.ncells, 1);
			assert_string_equal(f.u.harm.cells, "schema");
		}
		assert_int_equal(ll_frame_encode(&out, &f), 0);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(ll_frame_decoder_finish(&d), 0);
	/* what decodes encodes back to the very bytes */
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);
	ll_frame_decoder_release(&d);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/* Each field as the encoder writes it, wrong. */
static void refuses_bad_fields(void **state)
{
	static char longloc[LL_FRAME_LOCATOR_MAX + 2],
		longwhere[LL_FRAME_TEXT_MAX + 2];
	struct ll_frame f;

	(void)state;
	memset(longloc, 'a', sizeof(longloc) - 1);
	memset(longwhere, 'w', sizeof(longwhere) - 1);
	f = good_row(), f.u.harm.kind = 4;
	refuse_row(&f, "field 'kind': 4 is not 0..3");
	f = good_row(), f.u.harm.kind = 255;
	refuse_row(&f, "field 'kind': 255 is not 0..3");
	f = good_row(), f.u.harm.locator = NULL;
	refuse_row(&f, "field 'locator': required but absent");
	f = good_row(), f.u.harm.locator = "";
	refuse_row(&f, "field 'locator': empty");
	f = good_row(), f.u.harm.locator = longloc;
	refuse_row(&f, "field 'locator': too long (2049 bytes)");
	f = good_row(), f.u.harm.where = NULL;
	refuse_row(&f, "field 'where': required but absent");
	f = good_row(), f.u.harm.where = "";
	refuse_row(&f, "field 'where': empty");
	f = good_row(), f.u.harm.where = "line\t2";
	refuse_row(&f, "field 'where': control character at byte 4");
	f = good_row(), f.u.harm.where = "line \xc3\x28";
	refuse_row(&f, "field 'where': invalid UTF-8 at byte 5");
	f = good_row(), f.u.harm.where = longwhere;
	refuse_row(&f, "field 'where': too long (1025 bytes)");
	f = good_row(), f.u.harm.cells = "\0x\0";
	f.u.harm.ncells = 1;
	refuse_row(&f, "field 'name': empty");
	f = good_row(), f.u.harm.cells = "schema\0\0";
	f.u.harm.ncells = 1;
	refuse_row(&f, "field 'value': empty");
	f = good_row(), f.u.harm.cells = "summary\0caf\xe9\0"; /* Latin-1 */
	f.u.harm.ncells = 1;
	refuse_row(&f, "field 'value': invalid UTF-8 at byte 3");
	f = good_row(), f.u.harm.cells = "r\xc3\xa9sum\xc3\0x\0";
	f.u.harm.ncells = 1;
	refuse_row(&f, "field 'name': invalid UTF-8 at byte 6");
}

/* Damage the encoder cannot make: counts, NULs, truncation, absent cells, trailing bytes. */
static void refuses_bad_bytes(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_row();
	/* payload: kind(1) locator(4+28) where(4+6) ncells(2) */
	size_t at, ncells_at, first_name_at;

	(void)state;
	at = prologue(&s);
	ncells_at = at + LL_FRAME_HEADER + 1 + 4 + strlen(f.u.harm.locator) +
		    4 + strlen(f.u.harm.where);
	first_name_at = ncells_at + 2;
	enc(&s, &f);
	put_end(&s);
	le_store((uint8_t *)s.ptr + ncells_at, 0, 2);
	expect_refused(&s, 3, at, "field 'ncells': 0 is not 1..1024");
	le_store((uint8_t *)s.ptr + ncells_at, LL_FRAME_HARM_MAX_CELLS + 1, 2);
	expect_refused(&s, 3, at, "field 'ncells': 1025 is not 1..1024");
	/* more cells announced than sent: the next string runs into END */
	le_store((uint8_t *)s.ptr + ncells_at, NCELLS + 1, 2);
	expect_refused(&s, 3, at, "field 'name': length truncated");
	/* fewer: the rest is left over */
	le_store((uint8_t *)s.ptr + ncells_at, NCELLS - 1, 2);
	expect_refused(&s, 3, at, "bytes after the last field");
	le_store((uint8_t *)s.ptr + ncells_at, NCELLS, 2);
	/* a NUL inside a name; an absent name */
	s.ptr[first_name_at + 4 + 2] = '\0';
	expect_refused(&s, 3, at, "field 'name': NUL byte at byte 2");
	le_store((uint8_t *)s.ptr + first_name_at, UINT32_MAX, 4);
	expect_refused(&s, 3, at, "field 'name': required but absent");

	/* cut inside ncells, then inside kind (the lengths made to say so) */
	at = prologue(&s);
	enc(&s, &f);
	s.len = ncells_at + 1;
	le_store((uint8_t *)s.ptr + at + 4,
		ncells_at + 1 - at - LL_FRAME_HEADER, 4);
	put_end(&s);
	expect_refused(&s, 3, at, "field 'ncells': truncated");
	s.len = at + LL_FRAME_HEADER;
	le_store((uint8_t *)s.ptr + at + 4, 0, 4);
	put_end(&s);
	expect_refused(&s, 3, at, "field 'kind': truncated");
	ll_buf_release(&s);
}

static void refuses_bad_sequence(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_row();
	size_t at;

	(void)state;
	/* outside a file: after END */
	prologue(&s);
	put_end(&s);
	at = s.len;
	enc(&s, &f);
	expect_refused(&s, 4, at, "HARM_ROW outside a file");
	/* before HELLO */
	ll_buf_reset(&s);
	enc(&s, &f);
	expect_refused(&s, 1, 0, "HARM_ROW before HELLO");
	/* the rest of the hospital range stays reserved */
	at = prologue(&s);
	enc(&s, &f);
	le_store((uint8_t *)s.ptr + at, LL_FRAME_HARM_ROW + 1, 2);
	{
		struct ll_frame_decoder d;
		struct ll_frame g;

		ll_frame_decoder_init(&d);
		assert_int_equal(ll_frame_decoder_feed(
					 &d, (const uint8_t *)s.ptr, s.len),
			0);
		assert_int_equal(ll_frame_decoder_next(&g, &d), 1);
		assert_int_equal(ll_frame_decoder_next(&g, &d), 1);
		assert_int_equal(ll_frame_decoder_next(&g, &d), LL_ECORRUPT);
		assert_non_null(
			strstr(ll_error_message(), "type 0x0201 is reserved"));
		ll_frame_decoder_release(&d);
	}
	ll_buf_release(&s);
}

static void encoder_checks_cells(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame f = good_row();

	(void)state;
	f.u.harm.ncells = 0;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	f.u.harm.ncells = LL_FRAME_HARM_MAX_CELLS + 1;
	assert_int_equal(ll_frame_encode(&s, &f), LL_EINVAL);
	assert_int_equal(s.len, 0); /* only whole frames */
	ll_buf_release(&s);
}

/* Every allocation of decoding and encoding fails in turn: LL_ENOMEM, then it all comes through. */
static void survives_allocation_failures(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	struct ll_frame f = good_row();
	unsigned long k, failed = 0;
	int rc = LL_ENOMEM;

	(void)state;
	prologue(&in);
	enc(&in, &f);
	put_end(&in);
	for (k = 1; k < 200 && rc == LL_ENOMEM; k++) {
		struct ll_frame_decoder d;
		struct ll_frame g;

		ll_buf_reset(&out);
		ll_frame_decoder_init(&d);
		ll_alloc_fail_at(k);
		rc = ll_frame_decoder_feed(&d, (const uint8_t *)in.ptr, in.len);
		while (rc >= 0 && (rc = ll_frame_decoder_next(&g, &d)) == 1)
			rc = ll_frame_encode(&out, &g);
		if (rc == 0)
			rc = ll_frame_decoder_finish(&d);
		ll_alloc_fail_at(0);
		ll_frame_decoder_release(&d);
		if (rc == LL_ENOMEM)
			failed++;
	}
	assert_int_equal(rc, 0);
	assert_true(failed >= 2);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.ptr, in.ptr, in.len);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/* The seeds tests/fuzz/frame_seeds.py writes from the document: the same bytes as this encoder's, the damaged ones refused. */
static void second_encoder_agrees(void **state)
{
	static const char *const bad[] = { "harm-bad-kind", "harm-ncells-lies",
		"harm-empty-value", "harm-outside-file" };
	struct ll_buf seed = LL_BUF_INIT, mine = LL_BUF_INIT;
	struct ll_frame_decoder d;
	struct ll_frame f = good_row();
	char path[512];
	int rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/frame/harm-row.bin",
		LL_SRC_DIR);
	assert_int_equal(ll_buf_read_file(&seed, path), 0);
	prologue(&mine);
	enc(&mine, &f);
	put_end(&mine);
	assert_int_equal(seed.len, mine.len);
	assert_memory_equal(seed.ptr, mine.ptr, mine.len);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path),
			"%s/tests/fuzz/corpus/frame/%s.bin", LL_SRC_DIR,
			bad[i]);
		ll_buf_reset(&seed);
		assert_int_equal(ll_buf_read_file(&seed, path), 0);
		ll_frame_decoder_init(&d);
		assert_int_equal(ll_frame_decoder_feed(&d,
					 (const uint8_t *)seed.ptr, seed.len),
			0);
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1)
			;
		if (rc == 0)
			rc = ll_frame_decoder_finish(&d);
		assert_int_equal(rc, LL_ECORRUPT);
		ll_frame_decoder_release(&d);
	}
	ll_buf_release(&seed);
	ll_buf_release(&mine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_bad_fields),
		cmocka_unit_test(refuses_bad_bytes),
		cmocka_unit_test(refuses_bad_sequence),
		cmocka_unit_test(encoder_checks_cells),
		cmocka_unit_test(survives_allocation_failures),
		cmocka_unit_test(second_encoder_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
