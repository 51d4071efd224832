/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The timeline exports' reads of the case database: filtered, ordered,
 * streamed rows behind a cursor, the one place casefile/export/ speaks SQL.
 * The queries live here rather than with the tables' owners because they
 * are the exports' own: the harm redaction (casefile/redact.h) is an SQL
 * expression of the case file, and mactime's grouping is mactime's order;
 * casefile may not include analyze/tsk's store either.
 */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <sqlite3.h>

#include "casefile/redact.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"

struct ll_export_cursor {
	sqlite3_stmt *s;
	struct ll_store *st;
	const char *what; /* for the error of a failed step */
	const struct ll_export_filter *f; /* its progress callback, per row; NULL for none */
};

static int cursor_new(struct ll_export_cursor **out, struct ll_store *st, const char *sql,
		      const char *what)
{
	struct ll_export_cursor *c = ll_calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_store_prepare(&c->s, st, sql)) < 0) {
		ll_free(c);
		return rc;
	}
	c->st = st;
	c->what = what;
	*out = c;
	return 0;
}

void ll_export_cursor_free(struct ll_export_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->s);
	ll_free(c);
}

int ll_export_next(struct ll_export_cursor *c)
{
	int step = sqlite3_step(c->s);

	if (step == SQLITE_ROW) {
		if (c->f && c->f->progress)
			c->f->progress(c->f->progress_payload);
		return 1;
	}
	if (step == SQLITE_DONE)
		return 0;
	return ll_store_error(c->st, c->what);
}

const char *ll_export_text(struct ll_export_cursor *c, int col)
{
	return (const char *)sqlite3_column_text(c->s, col);
}

const char *ll_export_col(struct ll_export_cursor *c, int col)
{
	const unsigned char *t = sqlite3_column_text(c->s, col);

	return t ? (const char *)t : "";
}

size_t ll_export_bytes(struct ll_export_cursor *c, int col)
{
	return (size_t)sqlite3_column_bytes(c->s, col);
}

int64_t ll_export_int(struct ll_export_cursor *c, int col)
{
	return sqlite3_column_int64(c->s, col);
}

bool ll_export_is_null(struct ll_export_cursor *c, int col)
{
	return sqlite3_column_type(c->s, col) == SQLITE_NULL;
}

bool ll_export_is_int(struct ll_export_cursor *c, int col)
{
	return sqlite3_column_type(c->s, col) == SQLITE_INTEGER;
}

int ll_export_events_open(struct ll_export_cursor **out, struct ll_store *st,
			  const struct ll_export_filter *f)
{
	struct ll_buf sql = LL_BUF_INIT;
	struct ll_export_cursor *c = NULL;
	sqlite3_stmt *s;
	char lo[64], hi[64];
	int rc, i = 1;

	/* the rows come in time order from every item at once (core/store.h) */
	if ((rc = ll_store_scan_cache(st)) < 0)
		return rc;
	ll_buf_init(&sql);
	ll_buf_puts(&sql, "SELECT id, evidence_id, time_ns, orig_ns, time_desc, time_raw,"
			  " time_rule, source, parser, category, host, user, path,"
			  " event_code, locator, ");
	if (f->redact_harm)
		ll_buf_puts(&sql, "CASE WHEN category = 'harm' THEN " LL_REDACT_HARM_MESSAGE_SQL
				  " ELSE message END, CASE WHEN category = 'harm' THEN "
				  LL_REDACT_HARM_ATTRS_SQL " ELSE attrs END");
	else
		ll_buf_puts(&sql, "message, attrs");
	ll_buf_puts(&sql, " FROM events_full WHERE 1");
	if (f->evidence_id)
		ll_buf_puts(&sql, " AND evidence_id = ?");
	if (f->has_from)
		ll_buf_puts(&sql, " AND time_ns >= ?");
	if (f->has_to)
		ll_buf_puts(&sql, " AND time_ns <= ?");
	if (f->has_part)
		/* locators of fs events start "part_offset=N;[pool_block=B;]" (a prefix range) */
		ll_buf_puts(&sql, " AND source = 'fs' AND locator >= ? AND locator < ?");
	if ((rc = ll_buf_puts(&sql, " ORDER BY time_ns, id")) < 0 ||
	    (rc = cursor_new(&c, st, sql.ptr, "reading events")) < 0) {
		ll_buf_release(&sql);
		return rc;
	}
	ll_buf_release(&sql);
	c->f = f;
	s = c->s;
	if (f->evidence_id)
		sqlite3_bind_text(s, i++, f->evidence_id, -1, SQLITE_TRANSIENT);
	if (f->has_from)
		sqlite3_bind_int64(s, i++, f->from_ns);
	if (f->has_to)
		sqlite3_bind_int64(s, i++, f->to_ns);
	if (f->has_part && f->has_pool) {
		snprintf(lo, sizeof(lo), "part_offset=%" PRIu64 ";pool_block=%" PRIu64 ";",
			 f->part_offset, f->pool_block);
		snprintf(hi, sizeof(hi), "part_offset=%" PRIu64 ";pool_block=%" PRIu64 "<",
			 f->part_offset, f->pool_block);
		sqlite3_bind_text(s, i++, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, i++, hi, -1, SQLITE_TRANSIENT);
	} else if (f->has_part) {
		snprintf(lo, sizeof(lo), "part_offset=%" PRIu64 ";", f->part_offset);
		snprintf(hi, sizeof(hi), "part_offset=%" PRIu64 "<", f->part_offset);
		sqlite3_bind_text(s, i++, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, i++, hi, -1, SQLITE_TRANSIENT);
	}
	*out = c;
	return 0;
}

int ll_export_fs_count(uint64_t *out, struct ll_store *st,
		       const struct ll_export_filter *f)
{
	sqlite3_stmt *s = NULL;
	int rc, i = 1;
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fs_volumes WHERE fs_type IS NOT NULL%s%s%s",
		 f->evidence_id ? " AND evidence_id = ?" : "",
		 f->has_part ? " AND part_offset = ?" : "",
		 f->has_part && f->has_pool ? " AND pool_block = ?" : "");
	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	if (f->evidence_id)
		sqlite3_bind_text(s, i++, f->evidence_id, -1, SQLITE_STATIC);
	if (f->has_part)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->part_offset);
	if (f->has_part && f->has_pool)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->pool_block);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ll_store_error(st, "counting file systems");
	else
		*out = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

int ll_export_fs_entries_open(struct ll_export_cursor **out, struct ll_store *st,
			      const struct ll_export_filter *f, const char *evidence_id)
{
	bool pool = f->has_part && f->has_pool;
	struct ll_export_cursor *c = NULL;
	int rc;

	if ((rc = cursor_new(&c, st, pool
		? "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? AND part_offset = ? AND pool_block = ? ORDER BY id"
		: f->has_part
		? "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? AND part_offset = ? ORDER BY id"
		: "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? ORDER BY id", "reading file-system entries")) < 0)
		return rc;
	c->f = f;
	sqlite3_bind_text(c->s, 1, evidence_id, -1, SQLITE_TRANSIENT);
	if (f->has_part)
		sqlite3_bind_int64(c->s, 2, (sqlite3_int64)f->part_offset);
	if (pool)
		sqlite3_bind_int64(c->s, 3, (sqlite3_int64)f->pool_block);
	*out = c;
	return 0;
}

/* Body-file seconds of a ns column (floor; NULL is 0), as SQL. */
#define SEC(c) "(CASE WHEN " c " IS NULL THEN 0 WHEN " c " >= 0 THEN " c " / 1000000000" \
	       " ELSE -((-(" c " + 1)) / 1000000000) - 1 END)"

/*
 * mactime reads each body line, keeps the times >= 0 of lines that have a
 * non-zero one, merges the letters of equal "%010d,inode,name" keys, sorts
 * the keys as strings, and prints each key with the mode/uid/gid/size of
 * the LAST body line of that name. The query does the same with one sort
 * (SQLite's sorter spills to disk: memory stays bounded): the grouping key
 * is the sort key, the letters merge with max() (no DISTINCT, which costs
 * a temporary B-tree per group), and the last line of each name is a seek
 * in fs_entries_name per entry, read afterwards by row id. With one file
 * system the key is sorted as its parts: "%010d" of a time is ten digits
 * for every t >= 0 an int64 of ns can hold (< 9.3e9 s), so it sorts as the
 * number; inode text holds digits and '-' only, which sort after the ','
 * that ends it; so the order is the string's without building it.
 */
static const char sql_head[] =
	"WITH base AS ("
	"  SELECT evidence_id AS ev, part_offset AS po, pool_block AS pb, inode, body_name,"
	"   (SELECT max(h.id) FROM fs_entries h WHERE h.evidence_id = e.evidence_id"
	"    AND h.part_offset = e.part_offset AND h.pool_block = e.pool_block"
	"    AND h.body_name = e.body_name) AS last,"
	"   " SEC("atime_ns") " AS a, " SEC("mtime_ns") " AS m,"
	"   " SEC("ctime_ns") " AS c, " SEC("crtime_ns") " AS b"
	"  FROM fs_entries e WHERE 1";
/* "EVIDENCE@OFFSET", or "EVIDENCE@OFFSET:BLOCK" for a pool volume */
#define FS_NAME "ev || '@' || po || (CASE WHEN pb != 0 THEN ':' || pb ELSE '' END)"

static const char sql_tail[] =
	"), x AS ("
	"  SELECT ev, po, pb, inode, body_name, last, m AS t, 1 AS fl FROM base"
	"   WHERE m >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, pb, inode, body_name, last, a, 2 FROM base"
	"   WHERE a >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, pb, inode, body_name, last, c, 4 FROM base"
	"   WHERE c >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, pb, inode, body_name, last, b, 8 FROM base"
	"   WHERE b >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	")"
	" SELECT t, inode, ev, po, body_name,"
	"  max(fl = 1) + 2 * max(fl = 2) + 4 * max(fl = 4) + 8 * max(fl = 8), last, pb"
	" FROM x WHERE t >= ?1 AND t <= ?2";

int ll_export_mactime_open(struct ll_export_cursor **out, struct ll_store *st,
			   const struct ll_export_filter *f, bool several_fs)
{
	struct ll_buf sql = LL_BUF_INIT;
	struct ll_export_cursor *c = NULL;
	int rc, i = 3;

	ll_buf_init(&sql);
	ll_buf_puts(&sql, sql_head);
	if (f->evidence_id)
		ll_buf_puts(&sql, " AND evidence_id = ?3");
	if (f->has_part)
		ll_buf_puts(&sql, f->evidence_id ? " AND part_offset = ?4" : " AND part_offset = ?3");
	if (f->has_part && f->has_pool)
		ll_buf_puts(&sql, f->evidence_id ? " AND pool_block = ?5" : " AND pool_block = ?4");
	ll_buf_puts(&sql, sql_tail);
	/* the key mactime sorts on (with file-system names when several) */
	rc = ll_buf_puts(&sql, several_fs
		? " GROUP BY printf('%010d', t) || ',' || inode || ',' || " FS_NAME " || body_name, ev, po, pb"
		  " ORDER BY printf('%010d', t) || ',' || inode || ',' || " FS_NAME " || body_name, ev, po, pb"
		: " GROUP BY t, inode, body_name, ev, po, pb"
		  " ORDER BY t, inode, body_name, ev, po, pb");
	if (rc < 0 || (rc = cursor_new(&c, st, sql.ptr, "building the mactime timeline")) < 0) {
		ll_buf_release(&sql);
		return rc;
	}
	ll_buf_release(&sql);
	c->f = f;
	sqlite3_bind_int64(c->s, 1, f->has_from ? ll_export_body_seconds(false, f->from_ns) : 0);
	sqlite3_bind_int64(c->s, 2, f->has_to ? ll_export_body_seconds(false, f->to_ns) : INT64_MAX);
	if (f->evidence_id)
		sqlite3_bind_text(c->s, i++, f->evidence_id, -1, SQLITE_TRANSIENT);
	if (f->has_part)
		sqlite3_bind_int64(c->s, i++, (sqlite3_int64)f->part_offset);
	if (f->has_part && f->has_pool)
		sqlite3_bind_int64(c->s, i++, (sqlite3_int64)f->pool_block);
	*out = c;
	return 0;
}

int ll_export_entry_meta_open(struct ll_export_cursor **out, struct ll_store *st)
{
	return cursor_new(out, st, "SELECT mode, uid, gid, size FROM fs_entries WHERE id = ?",
			  "reading a file-system entry");
}

int ll_export_entry_meta(struct ll_export_cursor *meta, int64_t id)
{
	sqlite3_reset(meta->s);
	sqlite3_bind_int64(meta->s, 1, id);
	if (sqlite3_step(meta->s) != SQLITE_ROW)
		return ll_store_error(meta->st, meta->what);
	return 0;
}
