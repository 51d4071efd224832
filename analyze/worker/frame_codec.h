/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/worker/frame*.c: frame.c's field codec, for the frame types of other files. */
#ifndef LL_ANALYZE_WORKER_FRAME_CODEC_H
#define LL_ANALYZE_WORKER_FRAME_CODEC_H

#include "core/compat.h"
#include "core/buf.h"

struct ll_reader;
struct ll_frame_decoder;

/* String classes (docs/formats/worker-frames.md, "Strings"); frame.c's order. */
enum ll_frame_str_class {
	LL_FRAME_S_RAW,	  /* any bytes but NUL */
	LL_FRAME_S_TEXT,  /* UTF-8 */
	LL_FRAME_S_NAME,  /* UTF-8, no control character, not empty */
	LL_FRAME_S_TOKEN, /* printable ASCII without space, not empty */
	LL_FRAME_S_JSON,  /* UTF-8 text of a JSON object */
};

/* Encoder: `n` bytes of `v` little-endian; a string (NULL: absent); a time in ns. */
int ll_frame_put_le(struct ll_buf *out, uint64_t v, size_t n);
int ll_frame_put_str(struct ll_buf *out, const char *s);
int ll_frame_put_time(struct ll_buf *out, int64_t ns);

/*
 * Decoder, as frame.c decodes its own types: each returns 0 or LL_ECORRUPT
 * naming `field` (LL_ENOMEM for the arena). A string is copied into the
 * decoder's arena with a NUL; *out is NULL when absent (`required` refuses).
 */
int ll_frame_get_str(const char **out, struct ll_reader *r,
		     struct ll_frame_decoder *d, const char *field,
		     enum ll_frame_str_class cls, size_t max, bool required);
/* An unsigned integer of `n` bytes (4 or 8). */
int ll_frame_get_u(uint64_t *out, struct ll_reader *r, const char *field, size_t n);
/* A time (i64 seconds, u32 nanoseconds) in lifeline's range. */
int ll_frame_get_time(int64_t *out, struct ll_reader *r, const char *field);
/* LL_ECORRUPT: "field 'F': what". */
int ll_frame_bad(const char *field, const char *fmt, ...) LL_PRINTF(2, 3);
/* LL_ECORRUPT unless a file is open (FILE seen, END not yet). */
int ll_frame_need_file(const struct ll_frame_decoder *d, const char *type);

#endif
