/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A FILE record of a loose $MFT (mft_record.h). Layout (NTFS 3.1, as
 * libtsk's tsk_ntfs.h and Linux's fs/ntfs3/ntfs.h give it): "FILE", the
 * update sequence array's offset and count at 4 and 6, the sequence number
 * at 0x10, the first attribute's offset at 0x14, the flags at 0x16, the
 * bytes in use at 0x18 and allocated at 0x1C, the base record at 0x20.
 * Each attribute: type, length, non-resident flag; a resident one's value
 * length at 0x10 and offset at 0x14. $FILE_NAME (0x30): the parent
 * reference at 0, the name's length in characters at 0x40, its namespace
 * at 0x41, the UTF-16LE name from 0x42.
 */
#include "core/compat.h"
#include "analyze/usn/mft_record.h"

#include "core/error.h"
#include "core/reader.h"

#define ATTR_FILE_NAME 0x30
#define ATTR_END 0xFFFFFFFFu
#define NS_DOS 2

static uint16_t u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int ll_mft_record_size(uint32_t *out, const uint8_t *rec, size_t len)
{
	struct ll_reader r;
	uint32_t size;

	ll_reader_init(&r, rec, len);
	if (ll_reader_seek(&r, 0x1C) < 0 || ll_reader_u32le(&size, &r) < 0)
		return ll_error_set(LL_ECORRUPT, "$MFT record 0: cut at %zu bytes, before its "
				    "allocated size (offset 0x1c)", len);
	if (size < LL_MFT_RECORD_MIN || size > LL_MFT_RECORD_MAX || (size & (size - 1)))
		return ll_error_set(LL_ECORRUPT, "$MFT record 0: allocated size %" PRIu32
				    " (offset 0x1c) is not a record size (1024, 2048 or 4096)", size);
	*out = size;
	return 0;
}

/* Checks every sector's last two bytes against the update sequence number and puts theirs back. */
static int fixup(uint8_t *rec, size_t len, uint64_t off)
{
	uint16_t usa_off = u16(rec + 4), usa_n = u16(rec + 6);
	size_t sectors = len / LL_MFT_SECTOR;

	if (usa_n != sectors + 1 || usa_off < 0x28 || usa_off & 1 ||
	    (size_t)usa_off + 2u * usa_n > len)
		return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": update sequence "
				    "array of %" PRIu16 " entries at %" PRIu16 " does not fit %zu "
				    "sectors of a %zu-byte record", off, usa_n, usa_off, sectors, len);
	for (size_t i = 1; i <= sectors; i++) {
		uint8_t *end = rec + i * LL_MFT_SECTOR - 2;

		/* a torn write: this sector is not of the same write as the record's header */
		if (u16(end) != u16(rec + usa_off))
			return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": sector %zu "
					    "fails its update sequence check (offset %" PRIu64 ": %04x, "
					    "not %04x)", off, i - 1, off + i * LL_MFT_SECTOR - 2,
					    u16(end), u16(rec + usa_off));
		end[0] = rec[usa_off + 2 * i];
		end[1] = rec[usa_off + 2 * i + 1];
	}
	return 0;
}

/* A resident $FILE_NAME's value at `v` (`n` bytes, at offset `at`): kept unless a better name is. */
static int file_name(struct ll_mft_record *o, const uint8_t *v, size_t n, uint64_t at)
{
	struct ll_reader r;
	uint64_t ref;
	uint8_t chars, ns;
	const uint8_t *name;

	ll_reader_init_at(&r, v, n, at);
	if (ll_reader_u64le(&ref, &r) < 0 || ll_reader_seek(&r, 0x40) < 0 ||
	    ll_reader_u8(&chars, &r) < 0 || ll_reader_u8(&ns, &r) < 0 ||
	    ll_reader_bytes(&name, &r, 2u * chars) < 0)
		return ll_error_set(LL_ECORRUPT, "$FILE_NAME at offset %" PRIu64 ": %zu bytes, too "
				    "short for its name", at, n);
	if (chars == 0)
		return ll_error_set(LL_ECORRUPT, "$FILE_NAME at offset %" PRIu64 ": empty name", at);
	if (o->has_name && (ns == NS_DOS || o->name_space != NS_DOS))
		return 0; /* a DOS 8.3 alias after the long name, or a second long name */
	o->has_name = true;
	o->parent = ref & UINT64_C(0xFFFFFFFFFFFF);
	o->parent_seq = (uint16_t)(ref >> 48);
	o->name_space = ns;
	o->name = name;
	o->name_len = 2u * chars;
	return 0;
}

int ll_mft_record_parse(struct ll_mft_record *out, uint8_t *rec, size_t len, uint64_t off)
{
	struct ll_mft_record o = { 0 };
	struct ll_reader r;
	uint16_t first, flags;
	uint32_t used;
	int rc;

	if (len < LL_MFT_RECORD_MIN || len > LL_MFT_RECORD_MAX || len % LL_MFT_SECTOR)
		return ll_error_set(LL_EINVAL, "$MFT record of %zu bytes", len);
	if (memcmp(rec, "FILE", 4))
		return ll_error_set(LL_ENOTFOUND, "$MFT record at offset %" PRIu64 ": no FILE "
				    "signature (never written, or marked bad)", off);
	if ((rc = fixup(rec, len, off)) < 0)
		return rc;
	o.seq = u16(rec + 0x10);
	first = u16(rec + 0x14);
	flags = u16(rec + 0x16);
	used = (uint32_t)rec[0x18] | (uint32_t)rec[0x19] << 8 | (uint32_t)rec[0x1A] << 16 |
	       (uint32_t)rec[0x1B] << 24;
	o.in_use = flags & 1;
	o.is_dir = flags & 2;
	for (int i = 0; i < 6; i++)
		o.base |= (uint64_t)rec[0x20 + i] << (8 * i);
	if (used > len || first < 0x2A || (size_t)first + 8 > used)
		return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": %" PRIu32
				    " bytes in use, first attribute at %" PRIu16 " (offset 0x14): "
				    "not inside the record", off, used, first);
	ll_reader_init_at(&r, rec, used, off);
	if (ll_reader_seek(&r, first) < 0)
		return ll_error_set(LL_EINTERNAL, "$MFT record: seek"); /* checked above */
	for (;;) {
		size_t at = ll_reader_pos(&r);
		uint32_t type, alen, vlen;
		uint16_t voff;
		uint8_t nonres;
		struct ll_reader a;

		if (ll_reader_u32le(&type, &r) < 0)
			return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": attributes "
					    "run past its %" PRIu32 " bytes in use without an end "
					    "marker (offset %" PRIu64 ")", off, used, off + at);
		if (type == ATTR_END)
			break;
		if (ll_reader_u32le(&alen, &r) < 0 || alen < 0x18 || alen & 7 ||
		    alen > used - at)
			return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": attribute "
					    "0x%" PRIx32 " at offset %" PRIu64 " has length %" PRIu32
					    ", not inside the record", off, type, off + at,
					    alen);
		if (ll_reader_seek(&r, at) < 0 || ll_reader_sub(&a, &r, alen) < 0)
			return ll_error_set(LL_EINTERNAL, "$MFT record: attribute"); /* checked */
		if (type != ATTR_FILE_NAME)
			continue;
		if (ll_reader_skip(&a, 8) < 0 || ll_reader_u8(&nonres, &a) < 0 || nonres ||
		    ll_reader_skip(&a, 7) < 0 || ll_reader_u32le(&vlen, &a) < 0 ||
		    ll_reader_u16le(&voff, &a) < 0 || voff > alen || vlen > alen - voff)
			return ll_error_set(LL_ECORRUPT, "$MFT record at offset %" PRIu64 ": $FILE_NAME "
					    "at offset %" PRIu64 " is not a resident value inside its "
					    "%" PRIu32 " bytes", off, off + at, alen);
		if ((rc = file_name(&o, rec + at + voff, vlen, off + at + voff)) < 0)
			return rc;
	}
	*out = o;
	return 0;
}
