/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export with the columns and order of `mactime -d -y`, from fs_entries. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"


#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

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
	struct ll_buf line = LL_BUF_INIT;
	struct ll_export_cursor *s = NULL, *meta = NULL;
	uint64_t nfs = 0;
	int rc, step;

	if ((rc = ll_export_fs_count(&nfs, st, f)) < 0)
		return rc;
	if ((rc = ll_export_mactime_open(&s, st, f, nfs > 1)) < 0)
		return rc;
	if ((rc = ll_export_entry_meta_open(&meta, st)) < 0) {
		ll_export_cursor_free(s);
		return rc;
	}
	ll_buf_init(&line);
	fputs("Date,Size,Type,Mode,UID,GID,Meta,File Name\n", out);
	while ((step = ll_export_next(s)) > 0) {
		int fl = (int)ll_export_int(s, 5);
		char pre[96] = "";

		if ((rc = ll_export_entry_meta(meta, ll_export_int(s, 6))) < 0)
			break;
		ll_buf_reset(&line);
		put_date(&line, ll_export_int(s, 0));
		ll_buf_putc(&line, ',');
		put_i64(&line, ll_export_int(meta, 3));
		{
			char t[6] = { ',', fl & 1 ? 'm' : '.', fl & 2 ? 'a' : '.',
				      fl & 4 ? 'c' : '.', fl & 8 ? 'b' : '.', ',' };

			ll_buf_put(&line, t, sizeof(t));
		}
		ll_buf_puts(&line, ll_export_col(meta, 0));
		ll_buf_putc(&line, ',');
		put_i64(&line, ll_export_int(meta, 1));
		ll_buf_putc(&line, ',');
		put_i64(&line, ll_export_int(meta, 2));
		ll_buf_putc(&line, ',');
		ll_buf_puts(&line, ll_export_col(s, 1));
		ll_buf_putc(&line, ',');
		if (nfs > 1 && ll_export_int(s, 7) != 0)
			snprintf(pre, sizeof(pre), "%s@%lld:%lld", ll_export_col(s, 2),
				 (long long)ll_export_int(s, 3),
				 (long long)ll_export_int(s, 7));
		else if (nfs > 1)
			snprintf(pre, sizeof(pre), "%s@%lld", ll_export_col(s, 2),
				 (long long)ll_export_int(s, 3));
		put_quoted(&line, pre, ll_export_col(s, 4));
		if ((rc = ll_buf_putc(&line, '\n')) < 0)
			break;
		fwrite(line.ptr, 1, line.len, out);
		(*rows)++;
	}
	if (rc == 0 && step < 0)
		rc = step;
	ll_export_cursor_free(s);
	ll_export_cursor_free(meta);
	ll_buf_release(&line);
	return rc;
}
