/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export with the columns and order of `mactime -d -y`, from fs_entries. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <sqlite3.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

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

/*
 * The line is built in a buffer and written once: fprintf and putc per
 * character were a fifth of the export.
 */
static void put_i64(struct ll_buf *b, int64_t v)
{
	if (v < 0)
		ll_buf_putc(b, '-');
	ll_buf_put_u64(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

static void put_2(struct ll_buf *b, char sep, unsigned v)
{
	char d[3] = { sep, (char)('0' + v / 10 % 10), (char)('0' + v % 10) };

	ll_buf_put(b, d, 3);
}

static void put_date(struct ll_buf *b, int64_t t)
{
	int64_t days, rem, y;
	unsigned m, d;

	if (t == 0) {
		ll_buf_puts(b, "0000-00-00T00:00:00Z");
		return;
	}
	days = t / 86400;
	rem = t % 86400;
	ll_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		ll_buf_printf(b, "%lld", (long long)y);
	} else {
		char yy[4] = { (char)('0' + y / 1000), (char)('0' + y / 100 % 10),
			       (char)('0' + y / 10 % 10), (char)('0' + y % 10) };

		/* %lld of a year: no leading zeros */
		size_t skip = y >= 1000 ? 0 : y >= 100 ? 1 : y >= 10 ? 2 : 3;

		ll_buf_put(b, yy + skip, 4 - skip);
	}
	put_2(b, '-', m);
	put_2(b, '-', d);
	put_2(b, 'T', (unsigned)(rem / 3600));
	put_2(b, ':', (unsigned)(rem / 60 % 60));
	put_2(b, ':', (unsigned)(rem % 60));
	ll_buf_putc(b, 'Z');
}

static void put_quoted(struct ll_buf *b, const char *pre, const char *s)
{
	ll_buf_putc(b, '"');
	/*
	 * Names start with "/" (fls -m /) or an evidence id, which an examiner
	 * may choose: one that a spreadsheet reads as a formula gets ' (OWASP;
	 * docs/formats/timeline.md). No name that mactime prints changes.
	 */
	if (ll_export_formula_lead(*pre ? pre : s))
		ll_buf_putc(b, '\'');
	ll_buf_puts(b, pre);
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		ll_buf_put(b, s, (size_t)(q - s) + 1);
		ll_buf_putc(b, '"');
	}
	ll_buf_puts(b, s);
	ll_buf_putc(b, '"');
}

int ll_export_mactime(FILE *out, struct ll_store *st,
		      const struct ll_export_filter *f, uint64_t *rows)
{
	struct ll_buf sql = LL_BUF_INIT, line = LL_BUF_INIT;
	sqlite3_stmt *s = NULL, *meta = NULL;
	uint64_t nfs = 0;
	int rc, step, i = 3;

	if ((rc = ll_export_fs_count(&nfs, st, f)) < 0)
		return rc;
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
	rc = ll_buf_puts(&sql, nfs > 1
		? " GROUP BY printf('%010d', t) || ',' || inode || ',' || " FS_NAME " || body_name, ev, po, pb"
		  " ORDER BY printf('%010d', t) || ',' || inode || ',' || " FS_NAME " || body_name, ev, po, pb"
		: " GROUP BY t, inode, body_name, ev, po, pb"
		  " ORDER BY t, inode, body_name, ev, po, pb");
	if (rc < 0 || (rc = ll_store_prepare(&s, st, sql.ptr)) < 0 ||
	    (rc = ll_store_prepare(&meta, st, "SELECT mode, uid, gid, size FROM fs_entries"
					     " WHERE id = ?")) < 0) {
		ll_buf_release(&sql);
		sqlite3_finalize(s);
		return rc;
	}
	ll_buf_release(&sql);
	sqlite3_bind_int64(s, 1, f->has_from ? ll_export_body_seconds(false, f->from_ns) : 0);
	sqlite3_bind_int64(s, 2, f->has_to ? ll_export_body_seconds(false, f->to_ns) : INT64_MAX);
	if (f->evidence_id)
		sqlite3_bind_text(s, i++, f->evidence_id, -1, SQLITE_STATIC);
	if (f->has_part)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->part_offset);
	if (f->has_part && f->has_pool)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->pool_block);
	ll_buf_init(&line);
	fputs("Date,Size,Type,Mode,UID,GID,Meta,File Name\n", out);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int fl = sqlite3_column_int(s, 5);
		char pre[96] = "";

		sqlite3_reset(meta);
		sqlite3_bind_int64(meta, 1, sqlite3_column_int64(s, 6));
		if (sqlite3_step(meta) != SQLITE_ROW) {
			rc = ll_store_error(st, "reading a file-system entry");
			break;
		}
		ll_buf_reset(&line);
		put_date(&line, sqlite3_column_int64(s, 0));
		ll_buf_putc(&line, ',');
		put_i64(&line, sqlite3_column_int64(meta, 3));
		{
			char t[6] = { ',', fl & 1 ? 'm' : '.', fl & 2 ? 'a' : '.',
				      fl & 4 ? 'c' : '.', fl & 8 ? 'b' : '.', ',' };

			ll_buf_put(&line, t, sizeof(t));
		}
		ll_buf_puts(&line, ll_export_col(meta, 0));
		ll_buf_putc(&line, ',');
		put_i64(&line, sqlite3_column_int64(meta, 1));
		ll_buf_putc(&line, ',');
		put_i64(&line, sqlite3_column_int64(meta, 2));
		ll_buf_putc(&line, ',');
		ll_buf_puts(&line, ll_export_col(s, 1));
		ll_buf_putc(&line, ',');
		if (nfs > 1 && sqlite3_column_int64(s, 7) != 0)
			snprintf(pre, sizeof(pre), "%s@%lld:%lld", ll_export_col(s, 2),
				 (long long)sqlite3_column_int64(s, 3),
				 (long long)sqlite3_column_int64(s, 7));
		else if (nfs > 1)
			snprintf(pre, sizeof(pre), "%s@%lld", ll_export_col(s, 2),
				 (long long)sqlite3_column_int64(s, 3));
		put_quoted(&line, pre, ll_export_col(s, 4));
		if ((rc = ll_buf_putc(&line, '\n')) < 0)
			break;
		fwrite(line.ptr, 1, line.len, out);
		(*rows)++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "building the mactime timeline");
	sqlite3_finalize(s);
	sqlite3_finalize(meta);
	ll_buf_release(&line);
	return rc;
}
