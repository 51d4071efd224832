/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the log readers: safe JSON building, UTF-8 repair, month names. */
#ifndef LL_ANALYZE_TEXTLOG_H
#define LL_ANALYZE_TEXTLOG_H

#include "core/compat.h"
#include "core/buf.h"

/*
 * Appends `len` bytes of hostile text as valid UTF-8: invalid sequences and
 * NUL bytes become U+FFFD. With `json`, the text is also escaped for a JSON
 * string body (quotes, backslashes, control characters).
 */
int ll_tl_put_text(struct ll_buf *b, const char *s, size_t len, bool json);

/*
 * A JSON object built by hand (faster than jansson on hot paths):
 * ll_tl_obj_begin, then keys, then ll_tl_obj_end. Keys and values may be
 * hostile; both are repaired and escaped. Errors stick in `err`.
 */
struct ll_tl_obj {
	struct ll_buf *b;
	bool first;
	int err;
};
void ll_tl_obj_begin(struct ll_tl_obj *o, struct ll_buf *b);
void ll_tl_obj_str(struct ll_tl_obj *o, const char *key, const char *v, size_t len);
void ll_tl_obj_cstr(struct ll_tl_obj *o, const char *key, const char *v);
void ll_tl_obj_int(struct ll_tl_obj *o, const char *key, int64_t v);
void ll_tl_obj_bool(struct ll_tl_obj *o, const char *key, bool v);
/* Appends "}" and returns o->err. */
int ll_tl_obj_end(struct ll_tl_obj *o);

/* "Jan".."Dec" (exact case, as syslog and Apache write them) → 1..12, else 0. */
unsigned ll_tl_month(const char *s);

/* Parses exactly `n` digits at `s`; -1 if any is not a digit. */
int64_t ll_tl_digits(const char *s, size_t n);

/* Byte length of `s` up to `max`, stopping at NUL. */
size_t ll_tl_strnlen(const char *s, size_t max);

#endif
