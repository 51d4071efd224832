/* SPDX-License-Identifier: Apache-2.0 */
/* The frame decoder's field readers, shared by the row codecs of frame_*.c (private to analyze/worker/). */
#ifndef LL_ANALYZE_WORKER_FRAME_INT_H
#define LL_ANALYZE_WORKER_FRAME_INT_H

#include "core/compat.h"
#include "core/buf.h"
#include "core/reader.h"

struct ll_frame;
struct ll_frame_decoder;

/* What a string field must be (docs/formats/worker-frames.md, "Strings"). */
enum str_class {
	S_RAW,	 /* bytes as the evidence has them: no NUL */
	S_TEXT,	 /* UTF-8 */
	S_NAME,	 /* UTF-8, no control character, not empty */
	S_TOKEN, /* printable ASCII without space, not empty */
	S_JSON,	 /* UTF-8 text of a JSON object */
};

/*
 * The decoder's checks, for a payload decoder outside frame.c: each
 * returns LL_ECORRUPT with "field 'F': why" (the decoder prefixes the
 * frame; a codec's own checks say it the same way), or LL_ENOMEM. ll_frame_get_str copies the string with a NUL into
 * `arena`, which the decoder grew for the whole payload beforehand (so
 * the pointers stay put); *out is NULL for an absent string.
 */
int ll_frame_get_str(const char **out, struct ll_reader *r,
	struct ll_buf *arena, const char *field, enum str_class cls, size_t max,
	bool required);
/* LL_ECORRUPT unless a file is open (between FILE and END). */
int ll_frame_need_file(const struct ll_frame_decoder *d, const char *type);

/* The string writer of the encoder (NULL: absent). */
int ll_frame_put_str(struct ll_buf *out, const char *s);
int ll_frame_put_le(struct ll_buf *out, uint64_t v, size_t n);

/* frame_harm.c: the HARM_ROW payload (docs/formats/worker-frames.md, "Hospital rows"). */
int ll_frame_harm_put(struct ll_buf *out, const struct ll_frame *f);
int ll_frame_harm_decode(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r);

#endif
