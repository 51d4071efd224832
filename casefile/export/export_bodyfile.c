/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export as a TSK 3.x body file (what `fls -r -m /` prints), from fs_entries. */
#include "core/compat.h"
#include "casefile/export/export_rows.h"


#include "core/error.h"
#include "core/evidence.h"
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
	struct ll_export_cursor *s = NULL;
	int rc, step;

	if ((rc = ll_export_fs_entries_open(&s, st, f, evidence_id)) < 0)
		return rc;
	while ((step = ll_export_next(s)) > 0) {
		int64_t sec[4];

		for (int i = 0; i < 4; i++)
			sec[i] = ll_export_body_seconds(ll_export_is_null(s, 7 + i),
							ll_export_int(s, 7 + i));
		if (!in_range(f, sec))
			continue;
		fputs(ll_export_is_null(s, 11) ? "0" : ll_export_col(s, 11), out);
		putc('|', out);
		if (prefix && ll_export_int(s, 12) != 0)
			fprintf(out, "%s@%lld:%lld", evidence_id, (long long)ll_export_int(s, 0),
				(long long)ll_export_int(s, 12));
		else if (prefix)
			fprintf(out, "%s@%lld", evidence_id, (long long)ll_export_int(s, 0));
		put_name(out, ll_export_col(s, 1));
		fprintf(out, "|%s|%s|%lld|%lld|%lld|%lld|%lld|%lld|%lld\n",
			ll_export_col(s, 2), ll_export_col(s, 3),
			(long long)ll_export_int(s, 4),
			(long long)ll_export_int(s, 5),
			(long long)ll_export_int(s, 6),
			(long long)sec[0], (long long)sec[1], (long long)sec[2],
			(long long)sec[3]);
		(*rows)++;
	}
	if (step < 0)
		rc = step;
	ll_export_cursor_free(s);
	return rc;
}

int ll_export_bodyfile(FILE *out, struct ll_store *st,
		       const struct ll_export_filter *f, uint64_t *rows)
{
	struct ll_evidence **items = NULL;
	size_t n = 0;
	uint64_t nfs = 0;
	int rc;

	if ((rc = ll_export_fs_count(&nfs, st, f)) < 0)
		return rc;
	/* one item after another, each in walk order: no sort of the whole table */
	if ((rc = ll_evidence_list(&items, &n, st, NULL, 0)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (f->evidence_id && strcmp(items[i]->id, f->evidence_id))
			continue;
		if ((rc = export_item(out, st, f, items[i]->id, nfs > 1, rows)) < 0)
			break;
	}
	ll_evidence_list_free(items, n);
	return rc;
}
