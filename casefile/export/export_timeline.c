/* SPDX-License-Identifier: Apache-2.0 */
/* Timeline export entry point: format names and dispatch to one writer per format. */
#include "core/compat.h"
#include "casefile/export/export.h"

#include <errno.h>

#include "casefile/export/export_rows.h"
#include "core/error.h"
#include "core/store.h"

static const struct {
	const char *name;
	enum ll_export_format fmt;
	int (*fn)(FILE *, struct ll_store *, const struct ll_export_filter *, uint64_t *);
} formats[] = {
	{ "bodyfile", LL_EXPORT_BODYFILE, ll_export_bodyfile },
	{ "mactime", LL_EXPORT_MACTIME, ll_export_mactime },
	{ "l2tcsv", LL_EXPORT_L2TCSV, ll_export_l2tcsv },
	{ "jsonl", LL_EXPORT_JSONL, ll_export_jsonl },
	{ "csv", LL_EXPORT_CSV, ll_export_csv },
	{ "jsonl-wide", LL_EXPORT_JSONL_WIDE, ll_export_jsonl_wide },
	/* a directory of request files only (ll_timeline_export_split) */
	{ "opensearch-bulk", LL_EXPORT_OSBULK, NULL },
};

int ll_export_format_parse(enum ll_export_format *out, const char *name)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(formats); i++)
		if (!strcmp(name, formats[i].name)) {
			*out = formats[i].fmt;
			return 0;
		}
	return ll_error_set(LL_EINVAL, "unknown export format '%s' (bodyfile, mactime, "
			    "l2tcsv, jsonl, csv, jsonl-wide or opensearch-bulk)", name);
}

int ll_timeline_export(FILE *out, struct ll_store *st, enum ll_export_format fmt,
		       const struct ll_export_filter *filter, uint64_t *rows_out)
{
	static const struct ll_export_filter none = { 0 };
	uint64_t rows = 0;
	int rc = LL_EINVAL;

	if (!filter)
		filter = &none;
	for (size_t i = 0; i < LL_ARRAY_SIZE(formats); i++)
		if (formats[i].fmt == fmt && !formats[i].fn) {
			return ll_error_set(LL_EINVAL, "%s is written as a directory of files "
					    "(--dir)", formats[i].name);
		} else if (formats[i].fmt == fmt) {
			/* one read transaction: a consistent snapshot while streaming */
			if ((rc = ll_store_exec(st, "BEGIN")) < 0)
				return rc;
			rc = formats[i].fn(out, st, filter, &rows);
			ll_store_exec(st, rc < 0 ? "ROLLBACK" : "COMMIT");
			break;
		}
	if (rc == LL_EINVAL)
		return ll_error_set(LL_EINVAL, "unknown export format %d", (int)fmt);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = ll_error_set(LL_EIO, "writing the export: %s", strerror(errno));
	if (rows_out)
		*rows_out = rows;
	return rc;
}
