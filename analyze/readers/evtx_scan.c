/* SPDX-License-Identifier: Apache-2.0 */
/* The EVTX chunk walk that gives every record its file offset. */
#include "core/compat.h"
#include "analyze/readers/evtx_scan.h"

#include "core/endian.h"
#include "core/alloc.h"
#include "core/error.h"

#define FILE_HEADER 4096
#define CHUNK 65536
#define CHUNK_HEADER 512
#define REC_MIN 28



static int add(struct ll_evtx_map *m, const uint8_t *rec, uint64_t off, bool live)
{
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 1024;
		void *p = ll_reallocarray(m->v, nc, sizeof(*m->v));

		if (!p)
			return ll_error_set(LL_ENOMEM, "out of memory");
		m->v = p;
		m->cap = nc;
	}
	m->v[m->n++] = (struct ll_evtx_loc){ ll_le64(rec + 8), off, ll_le64(rec + 16), live };
	return 0;
}

/* A record at c[pos]: signature, sane size, and the size repeated at its end. */
static uint32_t record_at(const uint8_t *c, size_t pos, size_t end)
{
	uint32_t sz;

	if (pos + REC_MIN > end || memcmp(c + pos, "\x2a\x2a\0\0", 4) != 0)
		return 0;
	sz = ll_le32(c + pos + 4);
	if (sz < REC_MIN || sz > end - pos || ll_le32(c + pos + sz - 4) != sz)
		return 0;
	return sz;
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
		size_t end, pos, live_end;
		uint32_t freeoff;

		if (got < CHUNK_HEADER)
			break;
		if (memcmp(c, "ElfChnk\0", 8) != 0)
			continue;
		end = (size_t)got;
		freeoff = ll_le32(c + 48);
		live_end = freeoff >= CHUNK_HEADER && freeoff <= end ? freeoff : end;
		pos = CHUNK_HEADER;
		while (pos < live_end) {
			uint32_t sz = record_at(c, pos, live_end);

			if (!sz)
				break;
			if ((rc = add(m, c + pos, base + pos, true)) < 0)
				goto out;
			pos += sz;
		}
		/* recovered records: signatures in the rest of the chunk */
		for (pos = pos < live_end ? pos + 1 : live_end; pos + REC_MIN <= end;) {
			const uint8_t *s = memchr(c + pos, 0x2a, end - pos);
			uint32_t sz;

			if (!s)
				break;
			pos = (size_t)(s - c);
			if ((sz = record_at(c, pos, end))) {
				if ((rc = add(m, c + pos, base + pos, false)) < 0)
					goto out;
				pos += sz;
			} else {
				pos++;
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
