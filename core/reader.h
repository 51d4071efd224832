/* SPDX-License-Identifier: Apache-2.0 */
/* A bounded cursor over untrusted bytes: every read checks what remains. */
#ifndef LL_CORE_READER_H
#define LL_CORE_READER_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A read-only cursor over (data, len), as OpenSSH's sshbuf or TSK's
 * tsk_getu32. The bytes are borrowed: they must outlive the cursor and any
 * sub-cursor or pointer taken from it. `base` is the offset of data[0] in
 * the enclosing input, so errors name offsets the examiner can find.
 *
 * Every read returns 0, or LL_ECORRUPT (message naming the offset and the
 * shortfall) when fewer bytes remain than it needs; a failed read leaves
 * the position and the out-parameter unchanged.
 */
struct ll_reader {
	const uint8_t *data;
	size_t len;
	size_t pos;
	uint64_t base;
};

/* Starts a cursor at the beginning of (data, len); data may be NULL if len is 0. */
void ll_reader_init(struct ll_reader *r, const uint8_t *data, size_t len);

/* Position from the start of this cursor's bytes, and bytes left after it. */
static inline size_t ll_reader_pos(const struct ll_reader *r)
{
	return r->pos;
}

static inline size_t ll_reader_remaining(const struct ll_reader *r)
{
	return r->len - r->pos;
}

/* 0 if at least `n` bytes remain, else LL_ECORRUPT (for "need n" checks). */
int ll_reader_need(const struct ll_reader *r, size_t n);

int ll_reader_u8(uint8_t *out, struct ll_reader *r);
int ll_reader_u16le(uint16_t *out, struct ll_reader *r);
int ll_reader_u32le(uint32_t *out, struct ll_reader *r);
int ll_reader_u64le(uint64_t *out, struct ll_reader *r);
int ll_reader_i32le(int32_t *out, struct ll_reader *r);
int ll_reader_i64le(int64_t *out, struct ll_reader *r);

/* Points *out at the next `n` bytes (borrowed from the cursor's data) and steps over them. */
int ll_reader_bytes(const uint8_t **out, struct ll_reader *r, size_t n);

/* Steps over `n` bytes. */
int ll_reader_skip(struct ll_reader *r, size_t n);

/* Moves to `pos` from the start of the cursor; pos == len (the end) is allowed. */
int ll_reader_seek(struct ll_reader *r, size_t pos);

/*
 * Takes the next `n` bytes as a cursor of their own (its offsets in errors
 * still name the enclosing input) and steps the parent over them.
 */
int ll_reader_sub(struct ll_reader *out, struct ll_reader *r, size_t n);

#endif
