/* SPDX-License-Identifier: Apache-2.0 */
/* USN_RECORD_V2/V3 records of $UsnJrnl:$J, checked and scanned (usn_parse.h). */
#include "core/compat.h"
#include "analyze/usn/usn_parse.h"

#include <stdio.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/reader.h"

/* Bytes read at once: records never straddle a refill (LL_USN_REC_MAX is kept ahead). */
#define CHUNK ((size_t)1 << 20)

static int bad(uint64_t off, const char *what, uint64_t v)
{
	return ll_error_set(LL_ECORRUPT, "USN record at offset %" PRIu64 ": %s (%" PRIu64 ")",
			    off, what, v);
}

/* An NTFS file reference: 48-bit MFT entry, 16-bit sequence. */
static void split_ref(uint64_t v, uint64_t *entry, uint16_t *seq)
{
	*entry = v & UINT64_C(0xFFFFFFFFFFFF);
	*seq = (uint16_t)(v >> 48);
}

/* The fields after the two references, common to V2 and V3. */
static int tail(struct ll_usn_rec *r, struct ll_reader *rd, uint32_t fixed)
{
	uint16_t noff;

	if (ll_reader_u64le(&r->usn, rd) < 0 || ll_reader_u64le(&r->filetime, rd) < 0 ||
	    ll_reader_u32le(&r->reason, rd) < 0 || ll_reader_u32le(&r->source_info, rd) < 0 ||
	    ll_reader_u32le(&r->security_id, rd) < 0 || ll_reader_u32le(&r->attributes, rd) < 0 ||
	    ll_reader_u16le(&r->name_len, rd) < 0 || ll_reader_u16le(&noff, rd) < 0)
		return bad(r->off, "fixed fields cut short", r->len);
	if (r->name_len > LL_USN_NAME_MAX || (r->name_len & 1))
		return bad(r->off, "file name length out of bounds", r->name_len);
	if (noff < fixed || (uint32_t)noff + r->name_len > r->len)
		return bad(r->off, "file name offset out of bounds", noff);
	if (ll_reader_seek(rd, noff) < 0 || ll_reader_bytes(&r->name, rd, r->name_len) < 0)
		return bad(r->off, "file name past the record", noff);
	return 0;
}

int ll_usn_rec_parse(struct ll_usn_rec *r, const uint8_t *data, size_t len, uint64_t off)
{
	struct ll_reader rd;
	uint64_t a, b;
	uint32_t fixed;

	memset(r, 0, sizeof(*r));
	r->off = off;
	ll_reader_init_at(&rd, data, len, off);
	if (ll_reader_u32le(&r->len, &rd) < 0 || ll_reader_u16le(&r->major, &rd) < 0 ||
	    ll_reader_u16le(&r->minor, &rd) < 0)
		return bad(off, "header cut short", len);
	switch (r->major) {
	case 2: fixed = LL_USN_V2_FIXED; break;
	case 3: fixed = LL_USN_V3_FIXED; break;
	case 4: fixed = LL_USN_V4_FIXED; break;
	default: return bad(off, "unknown major version", r->major);
	}
	if (r->minor != 0)
		return bad(off, "unknown minor version", r->minor);
	/* the record length bounds everything after it */
	if (r->len < fixed || r->len > LL_USN_REC_MAX || (r->len & 7))
		return bad(off, "record length out of bounds", r->len);
	if (r->len > len)
		return bad(off, "record longer than the journal left", r->len);
	ll_reader_init_at(&rd, data, r->len, off);
	if (ll_reader_skip(&rd, 8) < 0)
		return bad(off, "header cut short", r->len);
	if (r->major == 2) {
		if (ll_reader_u64le(&a, &rd) < 0 || ll_reader_u64le(&b, &rd) < 0)
			return bad(off, "references cut short", r->len);
		split_ref(a, &r->ref, &r->ref_seq);
		split_ref(b, &r->parent, &r->parent_seq);
		return tail(r, &rd, fixed);
	}
	if (r->major == 3) {
		uint64_t ah, bh;

		if (ll_reader_u64le(&a, &rd) < 0 || ll_reader_u64le(&ah, &rd) < 0 ||
		    ll_reader_u64le(&b, &rd) < 0 || ll_reader_u64le(&bh, &rd) < 0)
			return bad(off, "references cut short", r->len);
		split_ref(a, &r->ref, &r->ref_seq);
		split_ref(b, &r->parent, &r->parent_seq);
		r->ref_hi = ah;
		r->parent_hi = bh;
		return tail(r, &rd, fixed);
	}
	{ /* V4: range tracking, extents instead of a name */
		uint16_t next, esize;

		if (ll_reader_skip(&rd, 32 + 8) < 0 || ll_reader_u32le(&r->reason, &rd) < 0 ||
		    ll_reader_u32le(&r->source_info, &rd) < 0 || ll_reader_skip(&rd, 4) < 0 ||
		    ll_reader_u16le(&next, &rd) < 0 || ll_reader_u16le(&esize, &rd) < 0)
			return bad(off, "V4 fields cut short", r->len);
		if ((uint32_t)next * esize > r->len - fixed)
			return bad(off, "V4 extents past the record", next);
		return 1;
	}
}

static bool zero8(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v == 0;
}

bool ll_usn_probe(const uint8_t *head, size_t len)
{
	struct ll_usn_rec r;
	size_t p = 0;

	while (p + 8 <= len && zero8(head + p))
		p += 8;
	if (p + 8 > len || ll_usn_rec_parse(&r, head + p, len - p, p) != 0)
		return false;
	/* a second record, when the head holds one, must be one too */
	p += r.len;
	while (p + 8 <= len && zero8(head + p))
		p += 8;
	if (p + LL_USN_REC_MAX <= len && ll_usn_rec_parse(&r, head + p, len - p, p) < 0)
		return false;
	return true;
}

/* The header's length and version could start a record (ll_usn_rec_parse decides). */
static bool plausible(const uint8_t *b, size_t avail)
{
	uint32_t len;
	unsigned major;

	if (avail < 8)
		return false;
	len = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	major = (unsigned)b[4] | (unsigned)b[5] << 8;
	return len >= LL_USN_V2_FIXED && len <= LL_USN_REC_MAX && !(len & 7) && major >= 2 &&
	       major <= 4 && !b[6] && !b[7];
}

struct win {
	uint8_t *buf;
	uint64_t base;
	size_t len;
};

/* Reads the window at `pos`; 0 bytes before the end is an unreadable journal. */
static int refill(struct win *w, uint64_t pos, uint64_t size, const struct ll_usn_scan_cb *cb)
{
	uint64_t want = size - pos < CHUNK ? size - pos : CHUNK;
	int64_t got = cb->read(cb->io, pos, w->buf, (size_t)want);

	w->base = pos;
	w->len = 0;
	if (got < 0)
		return (int)got;
	w->len = (size_t)got;
	return 0;
}

int ll_usn_scan(struct ll_usn_scan_stats *st, uint64_t size, const struct ll_usn_scan_cb *cb)
{
	struct win w = { 0 };
	uint64_t pos = 0;
	bool resync = false;
	bool at_gap = true; /* next_data is asked at the start, after zeros, before a read */
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->first_off = UINT64_MAX;
	if (!(w.buf = ll_malloc(CHUNK)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	while (pos < size) {
		size_t p, avail;
		struct ll_usn_rec r;
		int prc;
		/* keep a whole record ahead, unless the journal ends first */
		bool need = pos < w.base || pos >= w.base + w.len ||
			    (w.base + w.len - pos < LL_USN_REC_MAX && w.base + w.len < size);

		if (cb->next_data && (at_gap || need)) {
			uint64_t nd = cb->next_data(cb->io, pos) & ~(uint64_t)7;

			at_gap = false;
			if (nd > pos) {
				st->sparse_skipped += (nd < size ? nd : size) - pos;
				pos = nd;
				continue;
			}
		}
		if (need) {
			if ((rc = refill(&w, pos, size, cb)) < 0)
				break;
			if (w.len == 0) {
				char why[96];

				snprintf(why, sizeof(why), "cannot be read (%" PRIu64 " bytes left)",
					 size - pos);
				rc = cb->damaged ? cb->damaged(pos, why, cb->payload) : 0;
				st->damaged++;
				break;
			}
		}
		p = (size_t)(pos - w.base);
		avail = w.len - p;
		if (avail < 8 || zero8(w.buf + p)) {
			/* padding or the unused start: step over zeros, 8 bytes at a time */
			size_t q = p;

			while (q + 8 <= w.len && zero8(w.buf + q))
				q += 8;
			if (q + 8 > w.len && q < w.len && w.base + w.len >= size) {
				size_t z = q;

				while (z < w.len && !w.buf[z])
					z++;
				if (z == w.len) /* a zero tail shorter than a record header */
					q = w.len;
			}
			if (q == p) { /* fewer than 8 bytes left, not zero: cut short */
				if (!resync && cb->damaged &&
				    (rc = cb->damaged(pos, "record header cut short by the end",
						      cb->payload)) < 0)
					break;
				st->damaged += !resync;
				break;
			}
			st->zero_skipped += q - p;
			pos += q - p;
			at_gap = true;
			continue;
		}
		/* looking for the next record: a cheap look at the header first */
		if (resync && !plausible(w.buf + p, avail)) {
			pos += 8;
			continue;
		}
		prc = ll_usn_rec_parse(&r, w.buf + p, avail, pos);
		if (prc < 0) {
			if (!resync) {
				st->damaged++;
				if (cb->damaged &&
				    (rc = cb->damaged(pos, ll_error_message(), cb->payload)) < 0)
					break;
			}
			/* resume at the next 8-byte aligned plausible record */
			resync = true;
			pos += 8;
			continue;
		}
		resync = false;
		if (st->first_off == UINT64_MAX)
			st->first_off = pos;
		if (prc == 1) {
			st->v4++;
		} else {
			st->records++;
			if ((rc = cb->record(&r, cb->payload)) < 0)
				break;
		}
		pos += r.len;
	}
	ll_free(w.buf);
	return rc < 0 ? rc : 0;
}
