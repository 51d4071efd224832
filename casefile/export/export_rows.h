/* SPDX-License-Identifier: Apache-2.0 */
/* Private to casefile/export_*.c: the filtered, ordered row queries and text helpers. */
#ifndef LL_CASEFILE_EXPORT_ROWS_H
#define LL_CASEFILE_EXPORT_ROWS_H

#include "core/compat.h"

#include <stdio.h>

#include "casefile/export/export.h"

struct ll_store;
struct sqlite3_stmt;

/* Columns of the event query, in order. */
enum {
	LL_EV_ID, LL_EV_EVIDENCE, LL_EV_TIME, LL_EV_ORIG, LL_EV_DESC, LL_EV_RAW,
	LL_EV_RULE, LL_EV_SOURCE, LL_EV_PARSER, LL_EV_CATEGORY, LL_EV_HOST,
	LL_EV_USER, LL_EV_PATH, LL_EV_CODE, LL_EV_LOCATOR, LL_EV_MESSAGE,
	LL_EV_ATTRS
};

/*
 * The events matching `f`, ordered by time then id (streamed from the time
 * indexes, never loaded whole). Step it with sqlite3_step.
 */
int ll_export_events_query(struct sqlite3_stmt **out, struct ll_store *st,
			   const struct ll_export_filter *f);

/* A column as text, "" for NULL. */
const char *ll_export_col(struct sqlite3_stmt *s, int col);

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

#endif
