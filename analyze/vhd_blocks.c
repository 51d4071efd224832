/* SPDX-License-Identifier: Apache-2.0 */
/* A dynamic or differencing VHD's blocks, read with no library (vhd_blocks.h). */
#include "core/compat.h"
#include "analyze/vhd_blocks.h"

#include <limits.h>

#include "core/alloc.h"
#include "core/error.h"

#define UNALLOCATED UINT32_MAX
#define FOOTER 512u
#define HEADER 1024u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Exactly len bytes at off, or false. */
static bool read_all(const struct ll_vhd_blocks *b, uint64_t off, void *buf, size_t len)
{
	if (off > b->file_size || len > b->file_size - off)
		return false;
	return b->fn(b->payload, off, buf, len) == (ssize_t)len;
}

/* The format's checksum: the ones' complement of the sum of every byte but its own four. */
static bool checksum_ok(const uint8_t *p, size_t n, size_t at)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++)
		if (i < at || i >= at + 4)
			sum += p[i];
	return ~sum == be32(p + at);
}

static int footer_of(uint8_t foot[FOOTER], const struct ll_vhd_blocks *b)
{
	if (b->file_size < FOOTER || !read_all(b, b->file_size - FOOTER, foot, FOOTER) ||
	    memcmp(foot, "conectix", 8))
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': no footer (\"conectix\") in its "
				    "last 512 bytes (%" PRIu64 " bytes)", b->label, b->file_size);
	if (!checksum_ok(foot, FOOTER, 64))
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its footer's checksum (at offset %"
				    PRIu64 ") does not match its bytes: the footer is damaged",
				    b->label, b->file_size - FOOTER + 64);
	return 0;
}

int ll_vhd_footer_id(uint8_t id[16], ll_vdisk_read_fn fn, void *payload, uint64_t size,
		     const char *label)
{
	struct ll_vhd_blocks b = { .fn = fn, .payload = payload, .file_size = size, .label = label };
	uint8_t foot[FOOTER];
	int rc;

	if ((rc = footer_of(foot, &b)) < 0)
		return rc;
	memcpy(id, foot + 68, 16);
	return 0;
}

/* A block's or the metadata's bytes in the file, for the overlap check. */
struct extent {
	uint64_t start, end;
	uint32_t entry; /* the BAT entry, or UNALLOCATED for the metadata */
	const char *what;
};

static int by_start(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* No two of the blocks and the metadata share a byte: one sector is never two sectors' bytes. */
static int check_overlaps(const struct ll_vhd_blocks *b, struct extent *e, size_t n)
{
	qsort(e, n, sizeof(*e), by_start);
	for (size_t i = 1; i < n; i++) {
		const struct extent *p = &e[i - 1], *c = &e[i];

		if (c->start >= p->end)
			continue;
		if (c->entry == UNALLOCATED || p->entry == UNALLOCATED) {
			const struct extent *blk = c->entry == UNALLOCATED ? p : c;
			const struct extent *meta = c->entry == UNALLOCATED ? c : p;

			return ll_error_set(LL_ECORRUPT,
					    "vhd image '%s': its BAT entry %" PRIu32 " (at offset %" PRIu64
					    ") puts a block at offset %" PRIu64 ", over its %s (offsets %"
					    PRIu64 " to %" PRIu64 ")", b->label, blk->entry,
					    b->table_offset + 4 * (uint64_t)blk->entry, blk->start,
					    meta->what, meta->start, meta->end);
		}
		return ll_error_set(LL_ECORRUPT,
				    "vhd image '%s': its BAT entries %" PRIu32 " and %" PRIu32
				    " (at offsets %" PRIu64 " and %" PRIu64 ") put blocks at offsets %"
				    PRIu64 " and %" PRIu64 " that overlap", b->label, p->entry, c->entry,
				    b->table_offset + 4 * (uint64_t)p->entry,
				    b->table_offset + 4 * (uint64_t)c->entry, p->start, c->start);
	}
	return 0;
}

/* Every allocated block's bitmap and data inside the file, before its footer, apart. */
static int check_blocks(struct ll_vhd_blocks *b, uint64_t dyn, uint64_t table_bytes)
{
	uint64_t data_end = b->file_size - FOOTER;
	struct extent *e = ll_calloc((size_t)b->nblocks + 3, sizeof(*e));
	size_t n = 0;
	int rc;

	if (!e)
		return ll_error_set(LL_ENOMEM, "out of memory");
	e[n++] = (struct extent){ 0, FOOTER, UNALLOCATED, "footer copy" };
	e[n++] = (struct extent){ dyn, dyn + HEADER, UNALLOCATED, "dynamic header" };
	e[n++] = (struct extent){ b->table_offset, b->table_offset + table_bytes, UNALLOCATED,
				  "block allocation table" };
	for (uint32_t i = 0; i < b->nblocks; i++) {
		uint64_t start = (uint64_t)b->bat[i] * LL_VHD_SECTOR;
		uint64_t first = (uint64_t)i * b->block_size;
		/* the last block may cover less than a block of the disk: only that much is read */
		uint64_t used = b->disk_size - first < b->block_size ? b->disk_size - first
								       : b->block_size;
		uint64_t len = b->bitmap_bytes + used;

		if (b->bat[i] == UNALLOCATED)
			continue;
		if (start > data_end || len > data_end - start) {
			rc = ll_error_set(LL_ECORRUPT,
					  "vhd image '%s': its BAT entry %" PRIu32 " (at offset %" PRIu64
					  ") puts block %" PRIu32 "'s bitmap and data (%" PRIu64 " bytes) at "
					  "offset %" PRIu64 ", past the end of its data (its footer at "
					  "offset %" PRIu64 ")", b->label, i,
					  b->table_offset + 4 * (uint64_t)i, i, len, start, data_end);
			goto out;
		}
		e[n++] = (struct extent){ start, start + len, i, "block" };
	}
	rc = check_overlaps(b, e, n);
out:
	ll_free(e);
	return rc;
}

static int read_table(struct ll_vhd_blocks *b)
{
	size_t bytes = (size_t)b->nblocks * 4;
	uint8_t *raw = ll_malloc(bytes ? bytes : 1);

	b->bat = ll_calloc(b->nblocks ? b->nblocks : 1, sizeof(*b->bat));
	if (!raw || !b->bat) {
		ll_free(raw);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (bytes && !read_all(b, b->table_offset, raw, bytes)) {
		ll_free(raw);
		return ll_error_set(LL_EIO, "vhd image '%s': cannot read its block allocation table "
				    "(%zu bytes at offset %" PRIu64 ")", b->label, bytes,
				    b->table_offset);
	}
	for (uint32_t i = 0; i < b->nblocks; i++)
		b->bat[i] = be32(raw + 4 * (size_t)i);
	ll_free(raw);
	return 0;
}

/* The dynamic header's table: where, how many entries, the block size; each checked. */
static int read_header(struct ll_vhd_blocks *b, uint64_t dyn, uint64_t *table_bytes)
{
	uint8_t hdr[HEADER];
	uint32_t entries, bs;
	uint64_t need;

	if (dyn > b->file_size - FOOTER || HEADER > b->file_size - FOOTER - dyn ||
	    !read_all(b, dyn, hdr, sizeof(hdr)) || memcmp(hdr, "cxsparse", 8))
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': no dynamic header (\"cxsparse\") at "
				    "offset %" PRIu64 " (its footer's data offset, at offset %" PRIu64
				    ")", b->label, dyn, b->file_size - FOOTER + 16);
	if (!checksum_ok(hdr, sizeof(hdr), 36))
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its dynamic header's checksum (at "
				    "offset %" PRIu64 ") does not match its bytes: the header is "
				    "damaged", b->label, dyn + 36);
	b->table_offset = be64(hdr + 16);
	entries = be32(hdr + 28);
	bs = be32(hdr + 32);
	memcpy(b->parent_id, hdr + 40, 16);
	if (bs < LL_VHD_SECTOR || bs > LL_VHD_BLOCK_MAX || (bs & (bs - 1)))
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its block size %" PRIu32 " (at "
				    "offset %" PRIu64 ") is not a power of two from 512 bytes to "
				    "%" PRIu32 " MiB", b->label, bs, dyn + 32,
				    LL_VHD_BLOCK_MAX >> 20);
	b->block_size = bs;
	/* one bit a sector, in whole sectors */
	b->bitmap_bytes = ((bs / LL_VHD_SECTOR + 7) / 8 + LL_VHD_SECTOR - 1) / LL_VHD_SECTOR *
			  LL_VHD_SECTOR;
	need = b->disk_size / bs + (b->disk_size % bs != 0);
	if (need > entries || need > LL_VHD_ENTRIES_MAX)
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its block allocation table holds "
				    "%" PRIu32 " entries (at offset %" PRIu64 "), its disk of %" PRIu64
				    " bytes needs %" PRIu64 " (at most %" PRIu32 " read)", b->label,
				    entries, dyn + 28, b->disk_size, need, LL_VHD_ENTRIES_MAX);
	b->nblocks = (uint32_t)need;
	*table_bytes = (uint64_t)entries * 4;
	if (b->table_offset > b->file_size - FOOTER ||
	    *table_bytes > b->file_size - FOOTER - b->table_offset)
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its block allocation table (%" PRIu32
				    " entries at offset %" PRIu64 ", its header's table offset at "
				    "offset %" PRIu64 ") runs past the end of its data (its footer at "
				    "offset %" PRIu64 ")", b->label, entries, b->table_offset, dyn + 16,
				    b->file_size - FOOTER);
	return 0;
}

int ll_vhd_blocks_init(struct ll_vhd_blocks *b, ll_vdisk_read_fn fn, void *payload, uint64_t size,
		       const char *label)
{
	uint8_t foot[FOOTER];
	uint64_t dyn, table_bytes = 0;
	int rc;

	memset(b, 0, sizeof(*b));
	b->fn = fn;
	b->payload = payload;
	b->file_size = size;
	b->label = label;
	b->cached = UNALLOCATED;
	if ((rc = footer_of(foot, b)) < 0)
		return rc;
	b->disk_type = be32(foot + 60);
	b->disk_size = be64(foot + 48);
	memcpy(b->id, foot + 68, 16);
	if (b->disk_type == 2)
		return ll_error_set(LL_EUNSUPPORTED, "vhd image '%s': a fixed disk has no blocks",
				    label);
	if (b->disk_type != 3 && b->disk_type != 4)
		return ll_error_set(LL_ECORRUPT, "vhd image '%s': its disk type %" PRIu32 " (at offset "
				    "%" PRIu64 ") is none of fixed (2), dynamic (3), differencing (4)",
				    label, b->disk_type, size - FOOTER + 60);
	dyn = be64(foot + 16);
	b->header_offset = dyn;
	if ((rc = read_header(b, dyn, &table_bytes)) < 0 || (rc = read_table(b)) < 0 ||
	    (rc = check_blocks(b, dyn, table_bytes)) < 0 ||
	    !(b->bitmap = ll_malloc(b->bitmap_bytes))) {
		ll_vhd_blocks_release(b);
		return rc < 0 ? rc : ll_error_set(LL_ENOMEM, "out of memory");
	}
	return 0;
}

void ll_vhd_blocks_release(struct ll_vhd_blocks *b)
{
	ll_free(b->bat);
	ll_free(b->bitmap);
	b->bat = NULL;
	b->bitmap = NULL;
	b->cached = UNALLOCATED;
}

static bool child_has(const struct ll_vhd_blocks *b, uint64_t sector)
{
	return b->bitmap[sector / 8] & (0x80 >> (sector % 8));
}

ssize_t ll_vhd_blocks_read(struct ll_vhd_blocks *b, uint64_t off, void *buf, size_t len,
			   ll_vdisk_read_fn parent, void *parent_payload)
{
	uint8_t *out = buf;
	size_t done = 0;

	if (off >= b->disk_size)
		return 0;
	if (len > b->disk_size - off)
		len = (size_t)(b->disk_size - off);
	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	while (done < len) {
		uint64_t at = off + done;
		uint32_t blk = (uint32_t)(at / b->block_size);
		uint64_t in = at % b->block_size;
		size_t want = len - done, run;
		uint64_t src = UINT64_MAX; /* the file's bytes, or the parent's */

		if (want > b->block_size - in)
			want = (size_t)(b->block_size - in);
		if (b->bat[blk] == UNALLOCATED) {
			run = want; /* a block the child never wrote: all the parent's */
		} else {
			uint64_t base = (uint64_t)b->bat[blk] * LL_VHD_SECTOR, s = in / LL_VHD_SECTOR;
			bool own;

			if (b->cached != blk) {
				b->cached = UNALLOCATED;
				if (!read_all(b, base, b->bitmap, b->bitmap_bytes)) {
					ll_error_set(LL_EIO, "vhd image '%s': cannot read block %" PRIu32
						     "'s sector bitmap (%" PRIu32 " bytes at offset %"
						     PRIu64 ")", b->label, blk, b->bitmap_bytes, base);
					return -1;
				}
				b->cached = blk;
			}
			/* the sectors from here that come from the same place */
			own = child_has(b, s);
			run = LL_VHD_SECTOR - (size_t)(in % LL_VHD_SECTOR);
			while (run < want && child_has(b, ++s) == own)
				run += LL_VHD_SECTOR;
			if (run > want)
				run = want;
			if (own)
				src = base + b->bitmap_bytes + in;
		}
		if (src != UINT64_MAX) {
			if (!read_all(b, src, out + done, run)) {
				ll_error_set(LL_EIO, "vhd image '%s': cannot read %zu bytes of block %"
					     PRIu32 " at offset %" PRIu64, b->label, run, blk, src);
				return -1;
			}
		} else if (parent) {
			ssize_t got = parent(parent_payload, at, out + done, run);

			if (got < 0)
				return -1;
			if ((size_t)got != run) {
				ll_error_set(LL_ECORRUPT, "vhd image '%s': its parent's view ends at "
					     "virtual offset %" PRIu64 ", inside the disk (%" PRIu64
					     " bytes)", b->label, at + (uint64_t)got, b->disk_size);
				return -1;
			}
		} else {
			memset(out + done, 0, run); /* a dynamic disk's unwritten sectors */
		}
		done += run;
	}
	return (ssize_t)len;
}
