/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as a TSK 3.x body file (what `fls -r -m /` prints), from fs_entries. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * The name field. fls writes '|' raw, which shifts every later field for
 * mactime and other readers; mactime URL-decodes %XX in every field. So
 * '|' is written %7C and a '%' that would be decoded is written %25: the
 * body file then reads back to the true name through mactime.
 */
static void put_name(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("%7C", out);
		else if (*s == '%' && is_hex(s[1]) && is_hex(s[2]))
			fputs("%25", out);
		else
			putc(*s, out);
	}
}

static bool in_range(const struct ll_export_filter *f, const int64_t sec[4])
{
	int64_t lo = f->has_from ? ll_export_body_seconds(false, f->from_ns) : INT64_MIN;
	int64_t hi = f->has_to ? ll_export_body_seconds(false, f->to_ns) : INT64_MAX;

	if (!f->has_from && !f->has_to)
		return true;
	for (int i = 0; i < 4; i++)
		if (sec[i] != 0 && sec[i] >= lo && sec[i] <= hi)
			return true;
	return false;
}

static int export_item(FILE *out, struct ll_store *st, const struct ll_export_filter *f,
		       const char *evidence_id, bool prefix, uint64_t *rows)
{
	sqlite3_stmt *s = NULL;
	bool pool = f->has_part && f->has_pool;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st, pool
		? "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? AND part_offset = ? AND pool_block = ? ORDER BY id"
		: f->has_part
		? "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? AND part_offset = ? ORDER BY id"
		: "SELECT part_offset, body_name, inode, mode, uid, gid, size, atime_ns,"
		  " mtime_ns, ctime_ns, crtime_ns, md5, pool_block FROM fs_entries"
		  " WHERE evidence_id = ? ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	if (f->has_part)
		sqlite3_bind_int64(s, 2, (sqlite3_int64)f->part_offset);
	if (pool)
		sqlite3_bind_int64(s, 3, (sqlite3_int64)f->pool_block);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t sec[4];

		for (int i = 0; i < 4; i++)
			sec[i] = ll_export_body_seconds(sqlite3_column_type(s, 7 + i) == SQLITE_NULL,
							sqlite3_column_int64(s, 7 + i));
		if (!in_range(f, sec))
			continue;
		fputs(sqlite3_column_type(s, 11) == SQLITE_NULL ? "0" : ll_export_col(s, 11), out);
		putc('|', out);
		if (prefix && sqlite3_column_int64(s, 12) != 0)
			fprintf(out, "%s@%lld:%lld", evidence_id, (long long)sqlite3_column_int64(s, 0),
				(long long)sqlite3_column_int64(s, 12));
		else if (prefix)
			fprintf(out, "%s@%lld", evidence_id, (long long)sqlite3_column_int64(s, 0));
		put_name(out, ll_export_col(s, 1));
		fprintf(out, "|%s|%s|%lld|%lld|%lld|%lld|%lld|%lld|%lld\n",
			ll_export_col(s, 2), ll_export_col(s, 3),
			(long long)sqlite3_column_int64(s, 4),
			(long long)sqlite3_column_int64(s, 5),
			(long long)sqlite3_column_int64(s, 6),
			(long long)sec[0], (long long)sec[1], (long long)sec[2],
			(long long)sec[3]);
		(*rows)++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading file-system entries");
	sqlite3_finalize(s);
	return rc;
}

int ll_export_bodyfile(FILE *out, struct ll_store *st,
		       const struct ll_export_filter *f, uint64_t *rows)
{
	sqlite3_stmt *s = NULL;
	uint64_t nfs = 0;
	int rc, step;

	if ((rc = ll_export_fs_count(&nfs, st, f)) < 0)
		return rc;
	/* one item after another, each in walk order: no sort of the whole table */
	if ((rc = ll_store_prepare(&s, st, f->evidence_id
		? "SELECT id FROM evidence WHERE id = ?"
		: "SELECT id FROM evidence ORDER BY seq")) < 0)
		return rc;
	if (f->evidence_id)
		sqlite3_bind_text(s, 1, f->evidence_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = export_item(out, st, f, ll_export_col(s, 0), nfs > 1, rows)) < 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing evidence");
	sqlite3_finalize(s);
	return rc;
}
