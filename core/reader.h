/* SPDX-License-Identifier: Apache-2.0 */
/* A bounded cursor over untrusted bytes: every read checks what remains. */
#ifndef LL_CORE_READER_H
#define LL_CORE_READER_H

#include "core/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A result that must not be dropped (CONVENTIONS §3: errors never dropped). */
#if defined(__GNUC__)
#define LL_READER_CHECK __attribute__((warn_unused_result))
#else
#define LL_READER_CHECK
#endif

/*
 * A read-only cursor over (data, len), as OpenSSH's sshbuf or TSK's
 * tsk_getu32. The bytes are borrowed: they must outlive the cursor and any
 * sub-cursor or pointer taken from it. `base` is the offset of data[0] in
 * the enclosing input, so errors name offsets the examiner can find.
 *
 * The contract (fail soft):
 * - Every function returning int returns 0, or a negative LL_E* code with
 *   this thread's last error set (ll_error_set): LL_ECORRUPT naming the
 *   offset and the shortfall when fewer bytes remain than it needs,
 *   LL_ENOTFOUND from ll_reader_find. Nothing aborts, nothing reads past
 *   the end, and lengths near SIZE_MAX do not wrap the checks.
 * - A failed call changes nothing: the position and the out-parameters
 *   keep their values.
 * - Errors are not sticky: a failed read leaves the cursor usable (a
 *   shorter read may then succeed), so each result must be checked; the
 *   compiler warns when one is ignored. A parser that wants its own
 *   message (naming the record, the section) sets it over the cursor's.
 * - The bool predicates (ll_reader_match) never set the last error: a
 *   shortfall is simply "no", as a probe trying many signatures wants.
 * - Positions (pos, seek, peek offsets) count from data[0] of this cursor;
 *   ll_reader_offset adds `base` for messages.
 */
struct ll_reader {
	const uint8_t *data;
	size_t len;
	size_t pos;
	uint64_t base;
};

/* Starts a cursor at the beginning of (data, len); data may be NULL if len is 0. */
void ll_reader_init(struct ll_reader *r, const uint8_t *data, size_t len);

/*
 * As ll_reader_init, for bytes that lie at offset `base` of a larger input
 * (a chunk or a section read from a file): errors name base + position.
 */
void ll_reader_init_at(
	struct ll_reader *r, const uint8_t *data, size_t len, uint64_t base);

/* Position from the start of this cursor's bytes, and bytes left after it. */
static inline size_t ll_reader_pos(const struct ll_reader *r)
{
	return r->pos;
}

static inline size_t ll_reader_remaining(const struct ll_reader *r)
{
	return r->len - r->pos;
}

/* The position as an offset in the enclosing input (base + pos), for messages. */
static inline uint64_t ll_reader_offset(const struct ll_reader *r)
{
	return r->base + r->pos;
}

/* 0 if at least `n` bytes remain, else LL_ECORRUPT (for "need n" checks). */
LL_READER_CHECK int ll_reader_need(const struct ll_reader *r, size_t n);

LL_READER_CHECK int ll_reader_u8(uint8_t *out, struct ll_reader *r);
LL_READER_CHECK int ll_reader_u16le(uint16_t *out, struct ll_reader *r);
LL_READER_CHECK int ll_reader_u32le(uint32_t *out, struct ll_reader *r);
LL_READER_CHECK int ll_reader_u64le(uint64_t *out, struct ll_reader *r);
LL_READER_CHECK int ll_reader_i32le(int32_t *out, struct ll_reader *r);
LL_READER_CHECK int ll_reader_i64le(int64_t *out, struct ll_reader *r);

/* Points *out at the next `n` bytes (borrowed from the cursor's data) and steps over them. */
LL_READER_CHECK int ll_reader_bytes(
	const uint8_t **out, struct ll_reader *r, size_t n);

/* Steps over `n` bytes. */
LL_READER_CHECK int ll_reader_skip(struct ll_reader *r, size_t n);

/* Moves to `pos` from the start of the cursor; pos == len (the end) is allowed. */
LL_READER_CHECK int ll_reader_seek(struct ll_reader *r, size_t pos);

/*
 * Takes the next `n` bytes as a cursor of their own (its offsets in errors
 * still name the enclosing input) and steps the parent over them.
 */
LL_READER_CHECK int ll_reader_sub(
	struct ll_reader *out, struct ll_reader *r, size_t n);

/*
 * Points *out at the `n` bytes that start `off` bytes after the position,
 * without moving (a field read ahead, a checksum stored after its data).
 */
LL_READER_CHECK int ll_reader_peek(
	const uint8_t **out, const struct ll_reader *r, size_t off, size_t n);

/*
 * True if the `n` bytes `off` after the position equal `sig`; false when
 * they differ or are not all there. Never sets the last error.
 */
bool ll_reader_match(
	const struct ll_reader *r, size_t off, const void *sig, size_t n);

/*
 * Moves to the next place, from the position on, where the `n` bytes of
 * `needle` (n >= 1) lie whole; LL_ENOTFOUND (position unchanged) if none.
 */
LL_READER_CHECK int ll_reader_find(
	struct ll_reader *r, const void *needle, size_t n);

#endif
