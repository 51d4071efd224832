/* SPDX-License-Identifier: Apache-2.0 */
/* Growable byte buffer. */
#include "core/compat.h"
#include "core/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

static char empty_buf[1];

void ll_buf_init(struct ll_buf *b)
{
	b->ptr = empty_buf;
	b->len = 0;
	b->cap = 0;
}

void ll_buf_release(struct ll_buf *b)
{
	if (b->cap)
		ll_free(b->ptr);
	ll_buf_init(b);
}

void ll_buf_reset(struct ll_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

int ll_buf_grow(struct ll_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (!b->ptr)
		ll_buf_init(b);
	if (extra > SIZE_MAX - b->len - 1)
		return ll_error_set(LL_ENOMEM, "buffer size overflow");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = b->cap ? ll_reallocarray(b->ptr, cap, 1) : ll_malloc(cap);
	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int ll_buf_put_grow(struct ll_buf *b, const void *data, size_t len)
{
	int rc;

	if ((rc = ll_buf_grow(b, len)) < 0)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int ll_buf_puts(struct ll_buf *b, const char *s)
{
	return ll_buf_put(b, s, strlen(s));
}

const char *ll_u64_dec(char d[24], uint64_t v, size_t *len)
{
	size_t n = 24;

	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	*len = 24 - n;
	return d + n;
}

int ll_buf_put_u64(struct ll_buf *b, uint64_t v)
{
	char d[24];
	size_t len;
	const char *p = ll_u64_dec(d, v, &len);

	return ll_buf_put(b, p, len);
}

int ll_buf_printf(struct ll_buf *b, const char *fmt, ...)
{
	size_t room = b->cap ? b->cap - b->len : 0; /* bytes left, the NUL's included */
	va_list ap;
	int n, rc;

	/*
	 * Formatted straight into the room left when it fits (most calls: the
	 * readers reuse one buffer per record), so vsnprintf runs once, not
	 * once to measure and once to write (perf: the change journal's
	 * messages spent half their time measuring).
	 */
	va_start(ap, fmt);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->ptr[b->len] = '\0'; /* what did not fit is not kept */
	if (n < 0)
		return ll_error_set(LL_EINTERNAL, "bad format");
	if ((rc = ll_buf_grow(b, (size_t)n)) < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *ll_buf_detach(struct ll_buf *b)
{
	char *p;

	if (!b->cap) {
		p = ll_strdup("");
	} else {
		p = b->ptr;
	}
	ll_buf_init(b);
	return p;
}

int ll_buf_read_file(struct ll_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((rc = ll_buf_put(b, chunk, n)) < 0)
			break;
	if (rc == 0 && ferror(f))
		rc = ll_error_set(LL_EIO, "cannot read '%s'", path);
	fclose(f);
	return rc;
}
