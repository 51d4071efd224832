/* SPDX-License-Identifier: Apache-2.0 */
/* The bounded cursor: each read checks what remains and fails soft with LL_ECORRUPT. */
#include "core/compat.h"
#include "core/reader.h"

#include <inttypes.h>
#include <string.h>

#include "core/endian.h"
#include "core/error.h"

void ll_reader_init(struct ll_reader *r, const uint8_t *data, size_t len)
{
	ll_reader_init_at(r, data, len, 0);
}

void ll_reader_init_at(
	struct ll_reader *r, const uint8_t *data, size_t len, uint64_t base)
{
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->base = base;
}

int ll_reader_need(const struct ll_reader *r, size_t n)
{
	if (n <= r->len - r->pos)
		return 0;
	return ll_error_set(LL_ECORRUPT,
		"truncated input: need %zu bytes at offset %" PRIu64
		", %zu left",
		n, r->base + r->pos, r->len - r->pos);
}

/* Checks for `n` bytes and returns a pointer to them, stepping over them. */
static int take(const uint8_t **out, struct ll_reader *r, size_t n)
{
	int rc = ll_reader_need(r, n);

	if (rc < 0)
		return rc;
	/* NULL + 0 is undefined, and an empty cursor may have no data */
	*out = r->data ? r->data + r->pos : r->data;
	r->pos += n;
	return 0;
}

int ll_reader_u8(uint8_t *out, struct ll_reader *r)
{
	const uint8_t *p;
	int rc = take(&p, r, 1);

	if (rc == 0)
		*out = p[0];
	return rc;
}

int ll_reader_u16le(uint16_t *out, struct ll_reader *r)
{
	const uint8_t *p;
	int rc = take(&p, r, 2);

	if (rc == 0)
		*out = ll_le16(p);
	return rc;
}

int ll_reader_u32le(uint32_t *out, struct ll_reader *r)
{
	const uint8_t *p;
	int rc = take(&p, r, 4);

	if (rc == 0)
		*out = ll_le32(p);
	return rc;
}

int ll_reader_u64le(uint64_t *out, struct ll_reader *r)
{
	const uint8_t *p;
	int rc = take(&p, r, 8);

	if (rc == 0)
		*out = ll_le64(p);
	return rc;
}

int ll_reader_i32le(int32_t *out, struct ll_reader *r)
{
	uint32_t v;
	int rc = ll_reader_u32le(&v, r);

	if (rc == 0)
		*out = (int32_t)v;
	return rc;
}

int ll_reader_i64le(int64_t *out, struct ll_reader *r)
{
	uint64_t v;
	int rc = ll_reader_u64le(&v, r);

	if (rc == 0)
		*out = (int64_t)v;
	return rc;
}

int ll_reader_bytes(const uint8_t **out, struct ll_reader *r, size_t n)
{
	return take(out, r, n);
}

int ll_reader_skip(struct ll_reader *r, size_t n)
{
	const uint8_t *p;

	return take(&p, r, n);
}

int ll_reader_seek(struct ll_reader *r, size_t pos)
{
	if (pos > r->len)
		return ll_error_set(LL_ECORRUPT,
			"offset %zu beyond the end at offset %" PRIu64, pos,
			r->base + r->len);
	r->pos = pos;
	return 0;
}

int ll_reader_sub(struct ll_reader *out, struct ll_reader *r, size_t n)
{
	uint64_t base = r->base + r->pos;
	const uint8_t *p;
	int rc = take(&p, r, n);

	if (rc < 0)
		return rc;
	out->data = p;
	out->len = n;
	out->pos = 0;
	out->base = base;
	return 0;
}

int ll_reader_peek(
	const uint8_t **out, const struct ll_reader *r, size_t off, size_t n)
{
	struct ll_reader ahead = *r;
	int rc;

	if ((rc = ll_reader_skip(&ahead, off)) < 0)
		return rc;
	return take(out, &ahead, n);
}

bool ll_reader_match(
	const struct ll_reader *r, size_t off, const void *sig, size_t n)
{
	size_t left = r->len - r->pos;

	/* no ll_reader_need here: a probe's miss is not an error to record */
	if (off > left || n > left - off)
		return false;
	return n == 0 || memcmp(r->data + r->pos + off, sig, n) == 0;
}

int ll_reader_find(struct ll_reader *r, const void *needle, size_t n)
{
	const uint8_t *first = needle;
	size_t at = r->pos;

	while (n && r->len - at >= n) {
		const uint8_t *p =
			memchr(r->data + at, first[0], r->len - at - n + 1);

		if (!p)
			break;
		at = (size_t)(p - r->data);
		if (memcmp(p, needle, n) == 0) {
			r->pos = at;
			return 0;
		}
		at++;
	}
	return ll_error_set(LL_ENOTFOUND,
		"%zu-byte pattern not found after offset %" PRIu64, n,
		r->base + r->pos);
}
