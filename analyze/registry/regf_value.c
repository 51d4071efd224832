/* SPDX-License-Identifier: Apache-2.0 */
/* Registry value data as text: UTF-16LE strings, numbers, hex (regf_key.h). */
#include "core/compat.h"
#include "analyze/registry/regf_key.h"

#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/reader.h"

const struct ll_regf_value *ll_regf_key_value(const struct ll_regf_key *k, const char *name)
{
	for (size_t i = 0; i < k->nvals_read; i++)
		if (!strcasecmp(k->values[i].name, name))
			return &k->values[i];
	return NULL;
}

static int put_cp(struct ll_buf *out, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return ll_buf_put(out, u, n);
}

/* Decodes one string; *used is the bytes consumed, its NUL included. */
static int utf16_one(struct ll_buf *out, const uint8_t *data, size_t len, size_t *used)
{
	struct ll_reader r;
	uint16_t u, lo;
	int rc = 0;

	ll_reader_init(&r, data, len);
	while (rc >= 0 && ll_reader_u16le(&u, &r) >= 0) {
		uint32_t cp = u;

		if (u == 0)
			break;
		if (u >= 0xd800 && u <= 0xdbff) {
			/* a high surrogate takes the next unit only if it is a low one */
			if (ll_reader_u16le(&lo, &r) >= 0) {
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					cp = 0x10000 + (((uint32_t)u - 0xd800) << 10) + (lo - 0xdc00);
				} else {
					/* not a pair: step back over the unit read ahead */
					if (ll_reader_seek(&r, ll_reader_pos(&r) - 2) < 0)
						return LL_EINTERNAL;
					cp = 0xfffd;
				}
			} else {
				cp = 0xfffd;
			}
		} else if (u >= 0xdc00 && u <= 0xdfff) {
			cp = 0xfffd;
		}
		rc = put_cp(out, cp);
	}
	*used = ll_reader_pos(&r);
	return rc;
}

int ll_regf_utf16_append(struct ll_buf *out, const uint8_t *data, size_t len)
{
	size_t used;

	return utf16_one(out, data, len, &used);
}

static int hex(struct ll_buf *out, const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = len > 64 ? 64 : len;
	int rc = 0;

	for (size_t i = 0; i < n && rc >= 0; i++) {
		char h[2] = { digits[data[i] >> 4], digits[data[i] & 15] };

		rc = ll_buf_put(out, h, 2);
	}
	if (rc >= 0 && n < len)
		rc = ll_buf_puts(out, "\xe2\x80\xa6");
	return rc;
}

static int multi_sz(struct ll_buf *out, const uint8_t *data, size_t len)
{
	size_t pos = 0, used;
	bool first = true;
	int rc = 0;

	while (rc >= 0 && pos + 2 <= len) {
		size_t before = out->len;

		if (!first && (rc = ll_buf_puts(out, "; ")) < 0)
			break;
		rc = utf16_one(out, data + pos, len - pos, &used);
		pos += used;
		if (rc >= 0 && used == 2) {
			/* an empty string ends the list */
			out->len = before;
			out->ptr[out->len] = '\0';
			break;
		}
		first = false;
	}
	return rc;
}

bool ll_regf_value_u32(uint32_t *out, const struct ll_regf_value *v)
{
	struct ll_reader r;

	if (!v || (v->type != LL_REG_DWORD && v->type != LL_REG_BINARY) || v->len != 4)
		return false;
	ll_reader_init(&r, v->data, v->len);
	return ll_reader_u32le(out, &r) >= 0;
}

int ll_regf_value_text(struct ll_buf *out, const struct ll_regf_value *v)
{
	struct ll_reader r;
	uint32_t u32;
	uint64_t u64;

	ll_reader_init(&r, v->data, v->len);
	switch (v->type) {
	case LL_REG_SZ:
	case LL_REG_EXPAND_SZ:
	case LL_REG_LINK:
		return ll_regf_utf16_append(out, v->data, v->len);
	case LL_REG_MULTI_SZ:
		return multi_sz(out, v->data, v->len);
	case LL_REG_DWORD:
		if (v->len == 4 && ll_reader_u32le(&u32, &r) >= 0)
			return ll_buf_printf(out, "%" PRIu32, u32);
		break;
	case LL_REG_DWORD_BE:
		if (v->len == 4)
			return ll_buf_printf(out, "%" PRIu32,
					     (uint32_t)v->data[0] << 24 | (uint32_t)v->data[1] << 16 |
						     (uint32_t)v->data[2] << 8 | v->data[3]);
		break;
	case LL_REG_QWORD:
		if (v->len == 8 && ll_reader_u64le(&u64, &r) >= 0)
			return ll_buf_printf(out, "%" PRIu64, u64);
		break;
	default:
		break;
	}
	return hex(out, v->data, v->len);
}
