/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the EVTX chunk walk: live and recovered records and their file offsets. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/unit/unit_bytes.h"

#include "analyze/winlog/evtx_scan.h"
#include "core/alloc.h"
#include "core/error.h"

#define FILE_HEADER 4096
#define CHUNK 65536

/* A record of `size` bytes at p: signature, size, number, written time, size again. */
static void record(uint8_t *p, uint32_t size, uint64_t id, uint64_t written)
{
	memset(p, 0, size);
	memcpy(p, "\x2a\x2a\0\0", 4);
	ll_unit_put32(p + 4, size);
	ll_unit_put64(p + 8, id);
	ll_unit_put64(p + 16, written);
	ll_unit_put32(p + size - 4, size);
}

/* A chunk at file offset `base` whose free space starts at `freeoff`. */
static void chunk(uint8_t *f, size_t base, uint32_t freeoff)
{
	memcpy(f + base, "ElfChnk\0", 8);
	ll_unit_put32(f + base + 48, freeoff);
}

static struct ll_evtx_map scan(const uint8_t *f, size_t n)
{
	struct ll_unit_mem m = { f, n };
	struct ll_evtx_map map;

	assert_int_equal(ll_evtx_map_build(&map, ll_unit_mem_read, &m, n), 0);
	return map;
}

static void expect(const struct ll_evtx_map *m, size_t i, uint64_t id, uint64_t off,
		   uint64_t written, bool live)
{
	assert_true(i < m->n);
	assert_true(m->v[i].id == id);
	assert_true(m->v[i].offset == off);
	assert_true(m->v[i].written == written);
	assert_int_equal(m->v[i].live, live);
}

static void live_and_recovered(void **state)
{
	size_t n = FILE_HEADER + 2 * CHUNK;
	uint8_t *f = calloc(1, n);
	struct ll_evtx_map m;
	uint64_t off = 0;
	size_t c2 = FILE_HEADER + CHUNK;

	(void)state;
	assert_non_null(f);
	/* chunk 1: two live records, one recovered at an odd offset in the free space */
	chunk(f, FILE_HEADER, 512 + 100 + 60);
	record(f + FILE_HEADER + 512, 100, 7, 1000);
	record(f + FILE_HEADER + 612, 60, 8, 1001);
	record(f + FILE_HEADER + 901, 40, 3, 900);
	/* a signature whose size runs past the chunk's end is no record */
	memcpy(f + FILE_HEADER + CHUNK - 40, "\x2a\x2a\0\0", 4);
	ll_unit_put32(f + FILE_HEADER + CHUNK - 36, 41);
	/* chunk 2: a free-space offset past the chunk (all of it is live) */
	chunk(f, c2, CHUNK + 1);
	record(f + c2 + 512, 28, 9, 2000);
	record(f + c2 + 540, 32, 7, 999);

	m = scan(f, n);
	assert_int_equal(m.n, 5);
	/* sorted by number, then offset */
	expect(&m, 0, 3, FILE_HEADER + 901, 900, false);
	expect(&m, 1, 7, FILE_HEADER + 512, 1000, true);
	expect(&m, 2, 7, c2 + 540, 999, true);
	expect(&m, 3, 8, FILE_HEADER + 612, 1001, true);
	expect(&m, 4, 9, c2 + 512, 2000, true);
	assert_true(ll_evtx_map_find(&m, 3, true, &off) && off == FILE_HEADER + 901);
	assert_true(ll_evtx_map_find(&m, 8, true, &off) && off == FILE_HEADER + 612);
	assert_false(ll_evtx_map_find(&m, 4, true, &off));
	assert_true(ll_evtx_map_has_live(&m, 7, 999));
	assert_false(ll_evtx_map_has_live(&m, 3, 900));
	ll_evtx_map_release(&m);
	free(f);
}

/* A live record whose repeated size is wrong ends the walk; what follows is recovered. */
static void broken_live_record(void **state)
{
	size_t n = FILE_HEADER + CHUNK;
	uint8_t *f = calloc(1, n);
	struct ll_evtx_map m;

	(void)state;
	assert_non_null(f);
	chunk(f, FILE_HEADER, 512 + 3 * 64);
	record(f + FILE_HEADER + 512, 64, 1, 10);
	record(f + FILE_HEADER + 576, 64, 2, 20);
	ll_unit_put32(f + FILE_HEADER + 576 + 60, 65);
	record(f + FILE_HEADER + 640, 64, 3, 30);
	/* a record too short to hold its header (size < 28) */
	memcpy(f + FILE_HEADER + 1000, "\x2a\x2a\0\0", 4);
	ll_unit_put32(f + FILE_HEADER + 1004, 27);
	m = scan(f, n);
	assert_int_equal(m.n, 2);
	expect(&m, 0, 1, FILE_HEADER + 512, 10, true);
	expect(&m, 1, 3, FILE_HEADER + 640, 30, false);
	ll_evtx_map_release(&m);
	free(f);
}

/* A file cut inside a chunk: the records before the cut; a cut record is none. */
static void cut_file(void **state)
{
	size_t n = FILE_HEADER + 512 + 100 + 50;
	uint8_t *f = calloc(1, FILE_HEADER + CHUNK);
	struct ll_evtx_map m;

	(void)state;
	assert_non_null(f);
	chunk(f, FILE_HEADER, 512 + 200);
	record(f + FILE_HEADER + 512, 100, 1, 10);
	record(f + FILE_HEADER + 612, 100, 2, 20);
	m = scan(f, n);
	assert_int_equal(m.n, 1);
	expect(&m, 0, 1, FILE_HEADER + 512, 10, true);
	ll_evtx_map_release(&m);

	/* shorter than a chunk header: nothing, no error */
	m = scan(f, FILE_HEADER + 511);
	assert_int_equal(m.n, 0);
	ll_evtx_map_release(&m);
	/* not a chunk: skipped */
	f[FILE_HEADER] = 'X';
	m = scan(f, n);
	assert_int_equal(m.n, 0);
	ll_evtx_map_release(&m);
	free(f);
}

static void out_of_memory(void **state)
{
	size_t n = FILE_HEADER + CHUNK;
	uint8_t *f = calloc(1, n);
	struct ll_unit_mem mm = { f, n };
	struct ll_evtx_map m;

	(void)state;
	assert_non_null(f);
	chunk(f, FILE_HEADER, 512 + 64);
	record(f + FILE_HEADER + 512, 64, 1, 10);
	for (unsigned long k = 1; k <= 2; k++) {
		ll_alloc_fail_at(k);
		assert_int_equal(ll_evtx_map_build(&m, ll_unit_mem_read, &mm, n), LL_ENOMEM);
		ll_alloc_fail_at(0);
		ll_evtx_map_release(&m);
	}
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(live_and_recovered),
		cmocka_unit_test(broken_live_record),
		cmocka_unit_test(cut_file),
		cmocka_unit_test(out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
