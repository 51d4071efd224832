/* SPDX-License-Identifier: Apache-2.0 */
/* A strict RFC 4180 CSV reader over a memory buffer (quoted newlines, "" escapes). */
#ifndef LL_ANALYZE_CSV_H
#define LL_ANALYZE_CSV_H

#include "core/compat.h"

#include "core/buf.h"

#define LL_CSV_MAX_FIELDS 1024
#define LL_CSV_MAX_RECORD (1u << 20)
#define LL_CSV_MAX_RECORD_LINES 1000u /* lines one record (a quoted field) may span */

/*
 * The reader borrows `data` for its lifetime. Strict: a quote inside an
 * unquoted field, text after a closing quote, an unterminated quote, a bare
 * CR, a NUL byte or invalid UTF-8 is an error naming the line and field; a
 * quoted field still open after LL_CSV_MAX_RECORD bytes or
 * LL_CSV_MAX_RECORD_LINES lines is an error naming the line it opened on.
 * A UTF-8 byte-order mark at the start is skipped. Line ends are LF or CRLF.
 */
struct ll_csv {
	const char *data;
	size_t len;
	size_t pos;
	uint64_t line;       /* line number at `pos` (1-based) */
	struct ll_buf arena; /* unescaped fields, NUL-separated */
	size_t *offs;        /* field starts in arena */
	char **fields;       /* pointers into arena for the current record */
	size_t cap;
};

struct ll_csv_record {
	char **fields;      /* NUL-terminated, borrowed until the next call */
	size_t n;
	uint64_t line;      /* line where the record starts */
};

void ll_csv_init(struct ll_csv *c, const char *data, size_t len);
void ll_csv_release(struct ll_csv *c);

/*
 * The next record: 1 for a record, 0 at the end, LL_ECORRUPT with "line N,
 * field K: …" in the error message, or LL_ENOMEM.
 */
int ll_csv_next(struct ll_csv_record *rec, struct ll_csv *c);

/* Appends `s` to `b` as one CSV field, quoted when it has to be. */
int ll_csv_put_field(struct ll_buf *b, const char *s);

#endif
