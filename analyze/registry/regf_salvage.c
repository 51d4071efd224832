/* SPDX-License-Identifier: Apache-2.0 */
/* The cell scan of a damaged or truncated hive (regf_salvage.h). */
#include "core/compat.h"
#include "analyze/registry/regf_salvage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/reader.h"

#define HBIN_HEADER 32
#define NK_FIXED 76          /* "nk" to the name */
#define NK_FLAG_ROOT 0x0004  /* KEY_HIVE_ENTRY */
#define NK_FLAG_ASCII 0x0020 /* KEY_COMP_NAME: the name is Latin-1 */
#define MAX_DEPTH 512

struct nk {
	uint32_t cell;    /* offset of the cell in the hive bins (the parents' unit) */
	uint32_t parent;
	uint64_t filetime;
	uint32_t nsub, nval;
	uint16_t flags;
	size_t name_at;   /* in the names buffer, NUL-terminated */
};

struct scan {
	const char *name;
	const struct ll_regf_salvage_ops *ops;
	void *payload;
	struct nk *nk;
	size_t n, cap;
	struct ll_buf names, msg;
};

static void warn(struct scan *s, const char *fmt, ...) LL_PRINTF(2, 3);
static void warn(struct scan *s, const char *fmt, ...)
{
	va_list ap;
	char m[512];

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	s->ops->warn(s->payload, m);
}

/* The key name: Latin-1 (compressed) or UTF-16LE, as UTF-8. */
static int put_name(struct ll_buf *b, const uint8_t *p, size_t len, bool ascii)
{
	int rc = 0;

	if (!ascii)
		return ll_regf_utf16_append(b, p, len);
	for (size_t i = 0; i < len && rc >= 0; i++) {
		if (p[i] < 0x80) {
			rc = ll_buf_putc(b, (char)p[i]);
		} else {
			char u[2] = { (char)(0xc0 | (p[i] >> 6)), (char)(0x80 | (p[i] & 0x3f)) };

			rc = ll_buf_put(b, u, 2);
		}
	}
	return rc;
}

/* One allocated cell whose data starts with "nk", at bins offset `cell`. */
static int named_key(struct scan *s, struct ll_reader *c, uint32_t cell)
{
	struct nk k = { .cell = cell };
	uint16_t name_len, class_len;
	const uint8_t *name;
	int rc;

	if (ll_reader_skip(c, 2) < 0 || ll_reader_u16le(&k.flags, c) < 0 ||
	    ll_reader_u64le(&k.filetime, c) < 0 || ll_reader_skip(c, 4) < 0 ||
	    ll_reader_u32le(&k.parent, c) < 0 || ll_reader_u32le(&k.nsub, c) < 0 ||
	    ll_reader_skip(c, 12) < 0 || ll_reader_u32le(&k.nval, c) < 0 ||
	    ll_reader_skip(c, 32) < 0 || ll_reader_u16le(&name_len, c) < 0 ||
	    ll_reader_u16le(&class_len, c) < 0 || ll_reader_bytes(&name, c, name_len) < 0) {
		warn(s, "'%s': named key cell at offset %" PRIu64 " cut short: skipped", s->name,
		     (uint64_t)cell + LL_REGF_BASE_BLOCK);
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct nk *p = ll_reallocarray(s->nk, cap, sizeof(*p));

		if (!p)
			return LL_ENOMEM;
		s->nk = p;
		s->cap = cap;
	}
	k.name_at = s->names.len;
	if ((rc = put_name(&s->names, name, name_len, k.flags & NK_FLAG_ASCII)) < 0 ||
	    (rc = ll_buf_putc(&s->names, '\0')) < 0)
		return rc;
	s->nk[s->n++] = k;
	return 0;
}

/* The cells of one hive bin (`bin` bytes at bins offset `at`). */
static int cells(struct scan *s, struct ll_reader *bin, uint32_t at, uint64_t max_keys)
{
	int rc = 0;

	if (ll_reader_skip(bin, HBIN_HEADER) < 0)
		return 0;
	while (ll_reader_remaining(bin) >= 8 && s->n < max_keys) {
		uint32_t cell = at + (uint32_t)ll_reader_pos(bin);
		struct ll_reader c;
		int32_t size;
		uint32_t abs;

		if (ll_reader_i32le(&size, bin) < 0)
			break;
		abs = size < 0 ? (uint32_t)-(int64_t)size : (uint32_t)size;
		if (abs < 8 || abs % 8 || abs - 4 > ll_reader_remaining(bin)) {
			warn(s, "'%s': cell at offset %" PRIu64 " has size %" PRId32 ": the rest of its hive bin skipped",
			     s->name, (uint64_t)cell + LL_REGF_BASE_BLOCK, size);
			break;
		}
		if (ll_reader_sub(&c, bin, abs - 4) < 0)
			break;
		/* only allocated cells: free ones may hold a deleted key's remains */
		if (size < 0 && ll_reader_match(&c, 0, "nk", 2) &&
		    (rc = named_key(s, &c, cell)) < 0)
			return rc;
	}
	return 0;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct nk *x = a, *y = b;

	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

static const struct nk *find(const struct scan *s, uint32_t cell)
{
	struct nk want = { .cell = cell };

	return bsearch(&want, s->nk, s->n, sizeof(*s->nk), cmp_cell);
}

/* The path of `k` into s->msg (reset): its ancestors' names, root first. */
static int path_of(struct scan *s, const struct nk *k, bool *orphan)
{
	const struct nk *chain[MAX_DEPTH];
	size_t depth = 0;
	int rc = 0;

	*orphan = false;
	ll_buf_reset(&s->msg);
	for (const struct nk *p = k; p; ) {
		if (depth == MAX_DEPTH) {
			*orphan = true; /* a loop or a chain past Windows' depth */
			break;
		}
		chain[depth++] = p;
		if (p->flags & NK_FLAG_ROOT)
			break;
		if (!(p = find(s, p->parent)) || p == chain[depth - 1]) {
			*orphan = true;
			break;
		}
	}
	if (*orphan)
		rc = ll_buf_puts(&s->msg, "?");
	for (size_t i = depth; i-- > 0 && rc >= 0;) {
		if ((*orphan || i + 1 < depth) && (rc = ll_buf_putc(&s->msg, '\\')) < 0)
			break;
		rc = ll_buf_puts(&s->msg, s->names.ptr + chain[i]->name_at);
	}
	return rc;
}

int ll_regf_salvage(uint64_t *found, const uint8_t *data, size_t len, const char *name,
		    uint64_t max_keys, const struct ll_regf_salvage_ops *ops, void *payload)
{
	struct scan s = { .name = name, .ops = ops, .payload = payload };
	struct ll_reader r, bins;
	uint32_t declared;
	size_t avail;
	int rc = 0;

	*found = 0;
	ll_buf_init(&s.names);
	ll_buf_init(&s.msg);
	ll_reader_init(&r, data, len);
	if (!ll_reader_match(&r, 0, "regf", 4) || ll_reader_skip(&r, 0x28) < 0 ||
	    ll_reader_u32le(&declared, &r) < 0 || len < LL_REGF_BASE_BLOCK)
		return ll_error_set(LL_ECORRUPT, "'%s': no registry hive base block", name);
	avail = len - LL_REGF_BASE_BLOCK;
	if (declared > avail)
		warn(&s, "'%s': hive cut short: %zu bytes of hive bins of the %" PRIu32 " its header declares (missing from offset %zu)",
		     name, avail, declared, len);
	else
		avail = declared;
	ll_reader_init_at(&bins, data + LL_REGF_BASE_BLOCK, avail, LL_REGF_BASE_BLOCK);
	while (ll_reader_remaining(&bins) >= HBIN_HEADER && s.n < max_keys) {
		uint32_t at = (uint32_t)ll_reader_pos(&bins), size;
		const uint8_t *hdr;
		struct ll_reader bin;

		if (ll_reader_peek(&hdr, &bins, 0, HBIN_HEADER) < 0 || memcmp(hdr, "hbin", 4) != 0) {
			warn(&s, "'%s': no hive bin at offset %" PRIu64 ": the scan stops there",
			     name, (uint64_t)at + LL_REGF_BASE_BLOCK);
			break;
		}
		size = (uint32_t)hdr[8] | (uint32_t)hdr[9] << 8 | (uint32_t)hdr[10] << 16 |
		       (uint32_t)hdr[11] << 24;
		if (size < 4096 || size % 4096) {
			warn(&s, "'%s': hive bin at offset %" PRIu64 " has size %" PRIu32 ": the scan stops there",
			     name, (uint64_t)at + LL_REGF_BASE_BLOCK, size);
			break;
		}
		if (size > ll_reader_remaining(&bins))
			size = (uint32_t)ll_reader_remaining(&bins); /* the last bin, cut: its whole cells */
		if (ll_reader_sub(&bin, &bins, size) < 0)
			break;
		if ((rc = cells(&s, &bin, at, max_keys)) < 0)
			goto out;
	}
	if (s.n >= max_keys)
		warn(&s, "'%s': more than %" PRIu64 " keys: the scan stopped", name, max_keys);
	if (s.n > 1)
		qsort(s.nk, s.n, sizeof(*s.nk), cmp_cell);
	for (size_t i = 0; i < s.n && rc >= 0; i++) {
		const struct nk *k = &s.nk[i];
		int64_t off = (int64_t)k->cell + LL_REGF_BASE_BLOCK + 4;
		struct ll_regf_key key = { 0 };
		bool orphan;

		if (ops->seen && ops->seen(payload, off))
			continue;
		if ((rc = path_of(&s, k, &orphan)) < 0)
			break;
		key.path = s.msg.ptr;
		{
			const char *sep = strchr(s.msg.ptr, '\\');

			key.rel = sep ? sep + 1 : "";
		}
		key.offset = off;
		key.filetime = k->filetime;
		key.nsubkeys = k->nsub;
		key.nvalues = k->nval;
		if ((rc = ops->key(payload, &key, orphan)) >= 0)
			(*found)++;
	}
out:
	ll_free(s.nk);
	ll_buf_release(&s.names);
	ll_buf_release(&s.msg);
	return rc;
}
