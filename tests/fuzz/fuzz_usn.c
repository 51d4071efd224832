/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the change journal's scan (analyze/usn/usn_parse.c): every record
 * handed out lies whole inside the input, on an 8-byte boundary, with its
 * name inside it; offsets only grow; a hole declared by next_data is never
 * read; the flag names are built for every record.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "core/compat.h"

#include "analyze/usn/usn_event.h"
#include "analyze/usn/usn_parse.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *data;
	size_t size;
	uint64_t hole;      /* bytes at the start declared sparse */
	uint64_t last;      /* the last record's offset + 1 */
	struct ll_buf names;
};

static int64_t rd(void *p, uint64_t off, void *buf, size_t n)
{
	struct mem *m = p;

	if (off < m->hole || off > m->size)
		__builtin_trap(); /* a hole is never read; nothing past the end asked */
	if (n > m->size - off)
		n = m->size - off;
	memcpy(buf, m->data + off, n);
	return (int64_t)n;
}

static uint64_t nd(void *p, uint64_t off)
{
	struct mem *m = p;

	return off < m->hole ? m->hole : off;
}

static int rec(const struct ll_usn_rec *r, void *p)
{
	struct mem *m = p;

	if (r->off % 8 || r->off + r->len > m->size || r->len > LL_USN_REC_MAX || r->off + 1 <= m->last ||
	    r->name_len > LL_USN_NAME_MAX || r->name_len > r->len - LL_USN_V2_FIXED)
		__builtin_trap();
	/* the name handed out is the input's bytes, inside the record */
	if (r->name_len && !memmem(m->data + r->off, r->len, r->name, r->name_len))
		__builtin_trap();
	m->last = r->off + 1;
	ll_buf_reset(&m->names);
	if (ll_usn_reason_names(&m->names, r->reason) < 0 ||
	    ll_usn_source_names(&m->names, r->source_info) < 0 ||
	    ll_usn_attr_names(&m->names, r->attributes) < 0)
		return -1;
	return 0;
}

static int damaged(uint64_t off, const char *why, void *p)
{
	struct mem *m = p;

	if (off > m->size || !why || !*why)
		__builtin_trap();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size, 0, 0, LL_BUF_INIT };
	struct ll_usn_scan_cb cb = { rd, NULL, &m, rec, damaged, &m };
	struct ll_usn_scan_stats st;

	ll_buf_init(&m.names);
	(void)ll_usn_probe(data, size);
	(void)ll_usn_scan(&st, size, &cb);
	/* again with the first 4 KiB (or half) declared a hole */
	m.hole = size > 8192 ? 4096 : (size / 2) & ~(size_t)7;
	m.last = 0;
	cb.next_data = nd;
	(void)ll_usn_scan(&st, size, &cb);
	ll_buf_release(&m.names);
	return 0;
}
