/* SPDX-License-Identifier: Apache-2.0 */
/* The EWF 1 section chain (libewf's documentation, "Expert Witness Compression Format"). */
#include "core/compat.h"
#include "collect/ewf_sections.h"

#include <zlib.h>

#include "core/endian.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/reader.h"

/*
 * File header (13 bytes): signature "EVF\t\r\n\xff\0", fields start (1),
 * segment number (u16), end (u16 0). Section header (76 bytes): type[16],
 * next (u64, file offset of the next section header), size (u64, this
 * section with its header), padding[40], Adler-32 of bytes 0..71.
 */
#define FILE_HEADER 13
#define SECTION_HEADER 76
#define MAX_BODY ((size_t)16 << 20) /* tables of 16375 entries are 64 KiB; headers small */
#define MAX_SECTIONS 1000000

/* a table's entry count (u32) times 4 is a size without wrapping */
_Static_assert(SIZE_MAX / 4 >= UINT32_MAX, "size_t holds 4 * UINT32_MAX");

static const uint8_t ewf_sig[8] = { 'E', 'V', 'F', 0x09, 0x0d, 0x0a, 0xff, 0x00 };

static uint32_t adler(const uint8_t *p, size_t n)
{
	return (uint32_t)adler32(adler32(0L, Z_NULL, 0), p, (uInt)n);
}

static int read_exact(ll_ewf_read_at_fn read_at, void *payload, uint64_t off, void *buf,
		      size_t len)
{
	int64_t n = read_at(payload, off, buf, len);

	if (n < 0)
		return (int)n;
	if ((size_t)n != len)
		return ll_error_set(LL_EVERIFY, "E01 truncated: %zu bytes at file offset %" PRIu64
				    " are not there", len, off);
	return 0;
}

/*
 * Takes `at` bytes (*data) and the Adler-32 of them stored in the 4 bytes
 * after; false when they are not all there or the checksum differs.
 */
static bool take_summed(const uint8_t **data, struct ll_reader *r, size_t at)
{
	const uint8_t *p;
	uint32_t sum;

	if (ll_reader_bytes(&p, r, at) < 0 || ll_reader_u32le(&sum, r) < 0 || adler(p, at) != sum)
		return false;
	*data = p;
	return true;
}

static int bad(const char *type, uint64_t off, const char *why)
{
	return ll_error_set(LL_EVERIFY, "E01 section '%s' at file offset %" PRIu64 ": %s", type, off,
			    why);
}

/* The body (b, len) of section `type` whose header is at file offset `off`. */
static int check_body(struct ll_ewf_sections *out, const char *type, uint64_t off,
		      const uint8_t *b, size_t len)
{
	struct ll_reader r;
	const uint8_t *d;

	ll_reader_init_at(&r, b, len, off + SECTION_HEADER);
	if (!strcmp(type, "volume") || !strcmp(type, "disk") || !strcmp(type, "data")) {
		uint32_t chunks;
		uint64_t media_size;

		/* EnCase volume: 1052 bytes, Adler-32 of the first 1048 at 1048 */
		if (len < 1052 && len != 94)
			return bad(type, off, "too short for a volume section");
		/* SMART (S01) volume: 94 bytes, checksum at 90 */
		if (!take_summed(&d, &r, len == 94 ? 90 : 1048))
			return bad(type, off, "its checksum does not match");
		/* chunk count at 4, bytes per sector at 12, sector count at 16 */
		chunks = ll_le32(d + 4);
		media_size = ll_le64(d + 16) * ll_le32(d + 12);
		if (!strcmp(type, "data") && out->chunks) {
			if (chunks != out->chunks || media_size != out->media_size)
				return bad(type, off, "it disagrees with the volume section");
		} else if (strcmp(type, "data") || !out->chunks) {
			out->chunks = chunks;
			out->media_size = media_size;
		}
		return 0;
	}
	if (!strcmp(type, "table") || !strcmp(type, "table2")) {
		const uint8_t *e;
		uint32_t n, sum;

		/* header: count, pad, base offset, pad, Adler-32 of the first 20 */
		if (!take_summed(&d, &r, 20))
			return bad(type, off, "its table header checksum does not match");
		n = ll_le32(d);
		if (ll_reader_bytes(&e, &r, (size_t)n * 4) < 0)
			return bad(type, off, "more entries than the section holds");
		/* EnCase 6 and later: the entries' Adler-32 follows them (before, nothing may) */
		if (ll_reader_remaining(&r) >= 4 &&
		    (ll_reader_u32le(&sum, &r) < 0 || adler(e, (size_t)n * 4) != sum))
			return bad(type, off, "its entries' checksum does not match");
		return 0;
	}
	if (!strcmp(type, "hash")) {
		if (!take_summed(&d, &r, 32))
			return bad(type, off, "its checksum does not match");
		memcpy(out->md5, d, 16);
		out->has_md5 = true;
		return 0;
	}
	if (!strcmp(type, "digest")) {
		if (!take_summed(&d, &r, 76))
			return bad(type, off, "its checksum does not match");
		memcpy(out->md5, d, 16);
		memcpy(out->sha1, d + 16, 20);
		out->has_md5 = out->has_sha1 = true;
		return 0;
	}
	if (!strcmp(type, "header") || !strcmp(type, "header2")) {
		/* case data, a zlib stream: it must inflate to its end */
		z_stream z = { 0 };
		uint8_t sink[4096];
		int zr;

		if (inflateInit(&z) != Z_OK)
			return ll_error_set(LL_ENOMEM, "out of memory");
		z.next_in = (Bytef *)(uintptr_t)b;
		z.avail_in = (uInt)len;
		do {
			z.next_out = sink;
			z.avail_out = sizeof(sink);
			zr = inflate(&z, Z_NO_FLUSH);
		} while (zr == Z_OK && z.total_out < ((uLong)64 << 20));
		inflateEnd(&z);
		if (zr != Z_STREAM_END)
			return bad(type, off, "its compressed case data is corrupt");
		return 0;
	}
	return 0;
}

int ll_ewf_sections_check(struct ll_ewf_sections *out, ll_ewf_read_at_fn read_at,
			  void *payload, uint64_t file_size)
{
	uint8_t hdr[SECTION_HEADER], fh[FILE_HEADER];
	uint8_t *body = NULL;
	uint64_t off = FILE_HEADER;
	int rc;

	memset(out, 0, sizeof(*out));
	if (file_size < FILE_HEADER)
		return ll_error_set(LL_EUNSUPPORTED, "not an E01 segment: %" PRIu64 " bytes", file_size);
	if ((rc = read_exact(read_at, payload, 0, fh, FILE_HEADER)) < 0)
		return rc == LL_EVERIFY ? LL_EUNSUPPORTED : rc;
	if (memcmp(fh, ewf_sig, sizeof(ewf_sig)))
		return ll_error_set(LL_EUNSUPPORTED, "not an E01 segment (no EVF signature)");
	if (fh[8] != 1 || fh[11] != 0 || fh[12] != 0 || ll_le16(fh + 9) == 0)
		return ll_error_set(LL_EVERIFY, "E01 file header (file offset 0) is damaged");
	for (;;) {
		char type[17];
		uint64_t next, size;

		if (++out->sections > MAX_SECTIONS) {
			rc = ll_error_set(LL_EVERIFY, "E01 has more than %d sections", MAX_SECTIONS);
			goto out;
		}
		if (off > file_size || file_size - off < SECTION_HEADER) {
			rc = ll_error_set(LL_EVERIFY,
					  "E01 ends at %" PRIu64 " bytes without a 'done' or 'next' section (the section header at file offset %" PRIu64 " is missing: truncated?)",
					  file_size, off);
			goto out;
		}
		if ((rc = read_exact(read_at, payload, off, hdr, SECTION_HEADER)) < 0)
			goto out;
		memcpy(type, hdr, 16);
		type[16] = '\0';
		for (char *c = type; *c; c++)
			if (*c < 0x20 || *c > 0x7e)
				*c = '?';
		if (adler(hdr, 72) != ll_le32(hdr + 72)) {
			rc = ll_error_set(LL_EVERIFY,
					  "E01 section header at file offset %" PRIu64 " fails its checksum",
					  off);
			goto out;
		}
		next = ll_le64(hdr + 16);
		size = ll_le64(hdr + 24);
		if (!strcmp(type, "done") || !strcmp(type, "next")) {
			out->done = !strcmp(type, "done");
			if (next != off || off + SECTION_HEADER + (size > SECTION_HEADER ? size - SECTION_HEADER : 0) > file_size) {
				rc = bad(type, off, "it does not end the file's section chain");
				goto out;
			}
			break;
		}
		if (next <= off || next > file_size || (size && size != next - off)) {
			rc = bad(type, off, "its next-section offset or size is impossible");
			goto out;
		}
		if (strcmp(type, "sectors") && strcmp(type, "ltree") && next - off > SECTION_HEADER) {
			size_t len = (size_t)(next - off - SECTION_HEADER);

			if (len > MAX_BODY) {
				rc = bad(type, off, "larger than any such section");
				goto out;
			}
			if (!(body = ll_malloc(len))) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
			if ((rc = read_exact(read_at, payload, off + SECTION_HEADER, body, len)) < 0 ||
			    (rc = check_body(out, type, off, body, len)) < 0)
				goto out;
			ll_free(body);
			body = NULL;
		}
		off = next;
	}
	rc = 0;
out:
	ll_free(body);
	return rc;
}
