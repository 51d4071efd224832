/* SPDX-License-Identifier: Apache-2.0 */
/* Private to casefile/export_*.c: the filtered, ordered row queries and text helpers. */
#ifndef LL_CASEFILE_EXPORT_ROWS_H
#define LL_CASEFILE_EXPORT_ROWS_H

#include "core/compat.h"

#include <stdio.h>

#include "casefile/export/export.h"

struct ll_store;

/* Columns of the event query, in order. */
enum {
	LL_EV_ID, LL_EV_EVIDENCE, LL_EV_TIME, LL_EV_ORIG, LL_EV_DESC, LL_EV_RAW,
	LL_EV_RULE, LL_EV_SOURCE, LL_EV_PARSER, LL_EV_CATEGORY, LL_EV_HOST,
	LL_EV_USER, LL_EV_PATH, LL_EV_CODE, LL_EV_LOCATOR, LL_EV_MESSAGE,
	LL_EV_ATTRS
};

/*
 * A query's rows, streamed (casefile/export/export_store.c): step with
 * ll_export_next; the column getters read the current row, their text
 * borrowed until the next step.
 */
struct ll_export_cursor;

/*
 * The events matching `f` (events_full, the harm redaction applied when
 * asked), ordered by time then id: streamed from the time indexes, never
 * loaded whole. Columns LL_EV_*.
 */
int ll_export_events_open(struct ll_export_cursor **out, struct ll_store *st,
			  const struct ll_export_filter *f);

/*
 * The file-system entries of one item matching `f`'s partition and pool,
 * in walk order. Columns: part_offset, body_name, inode, mode, uid, gid,
 * size, atime_ns, mtime_ns, ctime_ns, crtime_ns, md5, pool_block.
 */
int ll_export_fs_entries_open(struct ll_export_cursor **out, struct ll_store *st,
			      const struct ll_export_filter *f, const char *evidence_id);

/*
 * mactime's rows, grouped and sorted as mactime does (with file-system
 * names in the key when `several_fs`). Columns: seconds, inode, evidence,
 * part_offset, body_name, MACB flags (m 1, a 2, c 4, b 8), the id of the
 * name's last entry, pool_block.
 */
int ll_export_mactime_open(struct ll_export_cursor **out, struct ll_store *st,
			   const struct ll_export_filter *f, bool several_fs);

/*
 * A cursor for ll_export_entry_meta: the mode, uid, gid and size (columns
 * 0-3) of the fs_entries row `id`, which must exist.
 */
int ll_export_entry_meta_open(struct ll_export_cursor **out, struct ll_store *st);
int ll_export_entry_meta(struct ll_export_cursor *meta, int64_t id);

/* 1: a row; 0: no more; negative: the error (message set). */
int ll_export_next(struct ll_export_cursor *c);
void ll_export_cursor_free(struct ll_export_cursor *c);

/* A column as text, "" for NULL. */
const char *ll_export_col(struct ll_export_cursor *c, int col);
/* A column as text, NULL for NULL; its length in bytes. */
const char *ll_export_text(struct ll_export_cursor *c, int col);
size_t ll_export_bytes(struct ll_export_cursor *c, int col);
int64_t ll_export_int(struct ll_export_cursor *c, int col);
bool ll_export_is_null(struct ll_export_cursor *c, int col);
/* True when the column holds an integer (not text, not NULL). */
bool ll_export_is_int(struct ll_export_cursor *c, int col);

/* Seconds of a ns time as the body file has them (floor; unset is 0). */
int64_t ll_export_body_seconds(bool is_null, int64_t ns);

/*
 * The prefix written before fs paths in bodyfile and mactime exports: ""
 * (fls -m /) when the export covers one file system, else
 * "<evidence>@<part_offset>" per file system (see docs/formats/timeline.md).
 */
int ll_export_fs_count(uint64_t *out, struct ll_store *st,
		       const struct ll_export_filter *f);

/* Writes an RFC 4180 field: quoted (with "" doubling) only when needed. */
void ll_export_csv_field(FILE *out, const char *s);

/*
 * True when a spreadsheet would read a cell starting like `s` as a formula:
 * it starts with = + - @ TAB or CR, or their full-width forms U+FF1D,
 * U+FF0B, U+FF0D, U+FF20 (OWASP "CSV Injection").
 */
bool ll_export_formula_lead(const char *s);

/*
 * A text cell from evidence or a user: as ll_export_csv_field, but a
 * formula lead is neutralised as OWASP advises: the cell is quoted and
 * starts with ' ("=1+1" is written "'=1+1"). docs/formats/timeline.md.
 */
void ll_export_csv_cell(FILE *out, const char *s);

struct ll_buf;

/*
 * One event (the current row of an events cursor) as the bounded JSON
 * document of the Timesketch and OpenSearch exports (export_bounded.c),
 * appended to `out` without a newline: only keys of ll_export_bounded_keys,
 * every per-source attribute packed in "attributes". A value longer than
 * its cap is cut at a UTF-8 boundary and the document says so in
 * "truncated"; `*truncated` is then set. A line never exceeds
 * LL_EXPORT_LINE_MAX bytes.
 */
#define LL_EXPORT_LINE_MAX 3000000u
int ll_export_bounded_doc(struct ll_buf *out, bool *truncated, struct ll_export_cursor *s);
extern const char *const ll_export_bounded_keys[];
extern const size_t ll_export_bounded_nkeys;

/* Per-format writers (casefile/export_<format>.c). */
int ll_export_bodyfile(FILE *out, struct ll_store *st,
		       const struct ll_export_filter *f, uint64_t *rows);
int ll_export_mactime(FILE *out, struct ll_store *st,
		      const struct ll_export_filter *f, uint64_t *rows);
int ll_export_l2tcsv(FILE *out, struct ll_store *st,
		     const struct ll_export_filter *f, uint64_t *rows);
int ll_export_jsonl(FILE *out, struct ll_store *st,
		    const struct ll_export_filter *f, uint64_t *rows);
int ll_export_csv(FILE *out, struct ll_store *st,
		  const struct ll_export_filter *f, uint64_t *rows);
int ll_export_jsonl_wide(FILE *out, struct ll_store *st,
			 const struct ll_export_filter *f, uint64_t *rows);

#endif
