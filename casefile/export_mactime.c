/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export with the columns and order of `mactime -d -y`, from fs_entries. */
#include "core/compat.h"
#include "casefile/export_rows.h"

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
 * the LAST body line of that name. The query does the same in SQLite's
 * sorter (spills to disk: memory stays bounded).
 */
static const char sql_head[] =
	"WITH base AS ("
	"  SELECT evidence_id AS ev, part_offset AS po, inode, body_name,"
	"   " SEC("atime_ns") " AS a, " SEC("mtime_ns") " AS m,"
	"   " SEC("ctime_ns") " AS c, " SEC("crtime_ns") " AS b"
	"  FROM fs_entries WHERE 1";
static const char sql_tail[] =
	"), x AS ("
	"  SELECT ev, po, inode, body_name, m AS t, 1 AS fl FROM base"
	"   WHERE m >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, inode, body_name, a, 2 FROM base"
	"   WHERE a >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, inode, body_name, c, 4 FROM base"
	"   WHERE c >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"  UNION ALL SELECT ev, po, inode, body_name, b, 8 FROM base"
	"   WHERE b >= 0 AND (a != 0 OR m != 0 OR c != 0 OR b != 0)"
	"), g AS ("
	"  SELECT ev, po, t, inode, body_name, sum(DISTINCT fl) AS fl FROM x"
	"   WHERE t >= ?1 AND t <= ?2 GROUP BY ev, po, t, inode, body_name"
	")"
	" SELECT g.t, g.inode, g.ev, g.po, g.body_name, g.fl,"
	"  M.mode, M.uid, M.gid, M.size"
	" FROM g JOIN fs_entries M ON M.id = (SELECT h.id FROM fs_entries h"
	"  WHERE h.evidence_id = g.ev AND h.part_offset = g.po"
	"  AND h.body_name = g.body_name ORDER BY h.id DESC LIMIT 1)";

static void put_date(FILE *out, int64_t t)
{
	int64_t days, rem, y;
	unsigned m, d;

	if (t == 0) {
		fputs("0000-00-00T00:00:00Z", out);
		return;
	}
	days = t / 86400;
	rem = t % 86400;
	ll_civil_from_days(days, &y, &m, &d);
	fprintf(out, "%lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
		(int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

static void put_quoted(FILE *out, const char *pre, const char *s)
{
	putc('"', out);
	fputs(pre, out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

int ll_export_mactime(FILE *out, struct ll_store *st,
		      const struct ll_export_filter *f, uint64_t *rows)
{
	struct ll_buf sql = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
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
	ll_buf_puts(&sql, sql_tail);
	rc = ll_buf_puts(&sql, nfs > 1
		? " ORDER BY printf('%010d', g.t) || ',' || g.inode || ',' || g.ev || '@' || g.po || g.body_name"
		: " ORDER BY printf('%010d', g.t) || ',' || g.inode || ',' || g.body_name, g.ev, g.po");
	if (rc < 0 || (rc = ll_store_prepare(&s, st, sql.ptr)) < 0) {
		ll_buf_release(&sql);
		return rc;
	}
	ll_buf_release(&sql);
	sqlite3_bind_int64(s, 1, f->has_from ? ll_export_body_seconds(false, f->from_ns) : 0);
	sqlite3_bind_int64(s, 2, f->has_to ? ll_export_body_seconds(false, f->to_ns) : INT64_MAX);
	if (f->evidence_id)
		sqlite3_bind_text(s, i++, f->evidence_id, -1, SQLITE_STATIC);
	if (f->has_part)
		sqlite3_bind_int64(s, i++, (sqlite3_int64)f->part_offset);
	fputs("Date,Size,Type,Mode,UID,GID,Meta,File Name\n", out);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int fl = sqlite3_column_int(s, 5);
		char pre[96] = "";

		put_date(out, sqlite3_column_int64(s, 0));
		fprintf(out, ",%lld,%c%c%c%c,%s,%lld,%lld,%s,",
			(long long)sqlite3_column_int64(s, 9),
			fl & 1 ? 'm' : '.', fl & 2 ? 'a' : '.', fl & 4 ? 'c' : '.',
			fl & 8 ? 'b' : '.', ll_export_col(s, 6),
			(long long)sqlite3_column_int64(s, 7),
			(long long)sqlite3_column_int64(s, 8), ll_export_col(s, 1));
		if (nfs > 1)
			snprintf(pre, sizeof(pre), "%s@%lld", ll_export_col(s, 2),
				 (long long)sqlite3_column_int64(s, 3));
		put_quoted(out, pre, ll_export_col(s, 4));
		putc('\n', out);
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "building the mactime timeline");
	sqlite3_finalize(s);
	return rc;
}
