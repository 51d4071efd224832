/* SPDX-License-Identifier: Apache-2.0 */
/* Growable, always NUL-terminated byte buffer (git's strbuf). */
#ifndef LL_CORE_BUF_H
#define LL_CORE_BUF_H

#include "core/compat.h"

struct ll_buf {
	char *ptr;  /* NUL-terminated; never NULL after ll_buf_init */
	size_t len;
	size_t cap;
};

#define LL_BUF_INIT { NULL, 0, 0 }

void ll_buf_init(struct ll_buf *b);
void ll_buf_release(struct ll_buf *b);
void ll_buf_reset(struct ll_buf *b);   /* len = 0, keeps memory */
int ll_buf_grow(struct ll_buf *b, size_t extra);
/* ll_buf_put when the buffer must grow first (or was never grown). */
int ll_buf_put_grow(struct ll_buf *b, const void *data, size_t len);
/*
 * Appends len bytes. Inline: the frame codec and the event writer append
 * a few bytes at a time, hundreds of times per event, and a call that
 * only learns there is room cost more than the copy (perf, bench/usn.sh).
 */
static inline int ll_buf_put(struct ll_buf *b, const void *data, size_t len)
{
	if (b->cap && len < b->cap - b->len) { /* room for the bytes and the NUL */
		if (len)
			memcpy(b->ptr + b->len, data, len);
		b->len += len;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return ll_buf_put_grow(b, data, len);
}
int ll_buf_puts(struct ll_buf *b, const char *s);
static inline int ll_buf_putc(struct ll_buf *b, char c)
{
	return ll_buf_put(b, &c, 1);
}
int ll_buf_printf(struct ll_buf *b, const char *fmt, ...) LL_PRINTF(2, 3);
/* Appends `v` in decimal (hot loops: no printf). */
/*
 * Writes v in decimal at the END of d[24] (no NUL); returns where the digits
 * start, their count in *len. For hot paths that format into fixed buffers.
 */
const char *ll_u64_dec(char d[24], uint64_t v, size_t *len);
int ll_buf_put_u64(struct ll_buf *b, uint64_t v);
/* Hands the string to the caller (free with ll_free) and re-inits `b`. */
char *ll_buf_detach(struct ll_buf *b);
/* Reads a whole file; LL_ENOTFOUND / LL_EIO with the path in the message. */
int ll_buf_read_file(struct ll_buf *b, const char *path);

#endif
