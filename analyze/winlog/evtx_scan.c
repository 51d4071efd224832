/* SPDX-License-Identifier: Apache-2.0 */
/* The EVTX chunk walk that gives every record its file offset. */
#include "core/compat.h"
#include "analyze/winlog/evtx_scan.h"

#include "core/endian.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/reader.h"

#define FILE_HEADER 4096
#define CHUNK 65536
#define CHUNK_HEADER 512
#define REC_MIN 28
#define REC_SIG "\x2a\x2a\0\0"

/* Records the record `rec` (a cursor over its bytes, at its file offset). */
static int add(struct ll_evtx_map *m, const struct ll_reader *rec, bool live)
{
	const uint8_t *h;
	int rc;

	/* record_at made sure of REC_MIN bytes: number at 8, written time at 16 */
	if ((rc = ll_reader_peek(&h, rec, 0, REC_MIN)) < 0)
		return rc;
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 1024;
		void *p = ll_reallocarray(m->v, nc, sizeof(*m->v));

		if (!p)
			return ll_error_set(LL_ENOMEM, "out of memory");
		m->v = p;
		m->cap = nc;
	}
	m->v[m->n++] = (struct ll_evtx_loc){ ll_le64(h + 8), ll_reader_offset(rec), ll_le64(h + 16),
					     live };
	return 0;
}

/*
 * A record at the position of `r`: signature, sane size, and the size
 * repeated at its end. Takes it as *rec and steps `r` over it; false (`r`
 * unmoved) when there is none.
 */
static bool record_at(struct ll_reader *rec, struct ll_reader *r)
{
	struct ll_reader head = *r, rest = *r, whole, tail;
	uint32_t sz, again;

	if (ll_reader_need(&head, REC_MIN) < 0 || !ll_reader_match(&head, 0, REC_SIG, 4) ||
	    ll_reader_skip(&head, 4) < 0 || ll_reader_u32le(&sz, &head) < 0 || sz < REC_MIN ||
	    ll_reader_sub(&whole, &rest, sz) < 0)
		return false;
	tail = whole;
	if (ll_reader_seek(&tail, sz - 4) < 0 || ll_reader_u32le(&again, &tail) < 0 || again != sz)
		return false;
	*rec = whole;
	*r = rest;
	return true;
}

static int cmp(const void *a, const void *b)
{
	const struct ll_evtx_loc *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

int ll_evtx_map_build(struct ll_evtx_map *m, ll_evtx_read_fn rd, void *arg,
		      uint64_t size)
{
	uint8_t *c = ll_malloc(CHUNK);
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!c)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (uint64_t base = FILE_HEADER; base + CHUNK_HEADER <= size; base += CHUNK) {
		int64_t got = rd(arg, base, c, CHUNK);
		struct ll_reader chunk, live, scan, rec;
		size_t live_end, pos;
		const uint8_t *h;
		uint32_t freeoff;

		if (got < CHUNK_HEADER)
			break;
		ll_reader_init_at(&chunk, c, (size_t)got, base);
		if (!ll_reader_match(&chunk, 0, "ElfChnk\0", 8))
			continue;
		/* the chunk header is whole (got >= CHUNK_HEADER): free space offset at 48 */
		if ((rc = ll_reader_peek(&h, &chunk, 0, CHUNK_HEADER)) < 0)
			goto out;
		freeoff = ll_le32(h + 48);
		live_end = freeoff >= CHUNK_HEADER && freeoff <= (size_t)got ? freeoff : (size_t)got;
		/* live records: one after the other from the header to the free space */
		scan = chunk;
		if ((rc = ll_reader_sub(&live, &scan, live_end)) < 0 ||
		    (rc = ll_reader_seek(&live, CHUNK_HEADER)) < 0)
			goto out;
		while (record_at(&rec, &live))
			if ((rc = add(m, &rec, true)) < 0)
				goto out;
		/* recovered records: signatures in the rest of the chunk */
		pos = ll_reader_pos(&live);
		scan = chunk;
		if ((rc = ll_reader_seek(&scan, pos < live_end ? pos + 1 : live_end)) < 0)
			goto out;
		while (ll_reader_find(&scan, REC_SIG, 4) == 0) {
			if (record_at(&rec, &scan)) {
				if ((rc = add(m, &rec, false)) < 0)
					goto out;
			} else if ((rc = ll_reader_skip(&scan, 1)) < 0) {
				goto out;
			}
		}
	}
	if (m->n)
		if (m->n > 1) /* qsort(NULL, 0) is undefined */
			qsort(m->v, m->n, sizeof(*m->v), cmp);
out:
	ll_free(c);
	return rc;
}

static size_t lower(const struct ll_evtx_map *m, uint64_t id)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ll_evtx_map_has_live(const struct ll_evtx_map *m, uint64_t id, uint64_t written)
{
	for (size_t i = lower(m, id); i < m->n && m->v[i].id == id; i++)
		if (m->v[i].live && m->v[i].written == written)
			return true;
	return false;
}

bool ll_evtx_map_find(const struct ll_evtx_map *m, uint64_t id, bool live,
		      uint64_t *offset)
{
	const struct ll_evtx_loc *any = NULL;

	for (size_t i = lower(m, id); i < m->n && m->v[i].id == id; i++) {
		if (m->v[i].live == live) {
			*offset = m->v[i].offset;
			return true;
		}
		if (!any)
			any = &m->v[i];
	}
	if (any)
		*offset = any->offset;
	return any != NULL;
}

void ll_evtx_map_release(struct ll_evtx_map *m)
{
	ll_free(m->v);
	memset(m, 0, sizeof(*m));
}
