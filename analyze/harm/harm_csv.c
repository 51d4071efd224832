/* SPDX-License-Identifier: Apache-2.0 */
/* Reader of the hospital CSV files (lifeline-harm/1, -disruption/1, -metric/1, -systems/1). */
#include "core/compat.h"
#include "analyze/harm/harm_csv.h"

#include "analyze/harm/csv.h"
#include "analyze/harm/harm.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/evidence.h"

#define MAX_FILE (UINT64_C(512) << 20)

/* The header must have a `schema` column and a known schema id must follow. */
static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	const char *p = (const char *)head, *end = (const char *)head + len, *nl;
	bool has_schema = false;

	LL_UNUSED(file_size);
	if (len >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
		p += 3;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return 0;
	for (const char *f = p; f < nl;) {
		const char *comma = memchr(f, ',', (size_t)(nl - f));
		const char *fe = comma ? comma : nl;
		size_t fl = (size_t)(fe - f);

		if (fl && f[fl - 1] == '\r')
			fl--;
		if ((fl == 6 && memcmp(f, "schema", 6) == 0) ||
		    (fl == 8 && memcmp(f, "\"schema\"", 8) == 0))
			has_schema = true;
		if (!comma)
			break;
		f = comma + 1;
	}
	if (!has_schema)
		return 0;
	for (int k = 0; k < LL_HARM_KIND_COUNT; k++) {
		const char *id = ll_harm_schema_id((enum ll_harm_kind)k);
		size_t il = strlen(id);

		for (const char *q = nl; q + il <= end; q++)
			if (memcmp(q, id, il) == 0)
				return 95;
	}
	return 0;
}

int ll_harm_read_file(struct ll_buf *out, const char *path)
{
	struct ll_input *in = NULL;
	char chunk[65536];
	int64_t n;
	int rc;

	if ((rc = ll_input_open(&in, path)) < 0)
		return rc;
	while ((n = ll_input_read(in, chunk, sizeof(chunk))) > 0) {
		if (out->len + (uint64_t)n > MAX_FILE) {
			rc = ll_error_set(LL_EUNSUPPORTED, "larger than %" PRIu64 " MiB", MAX_FILE >> 20);
			goto out;
		}
		if ((rc = ll_buf_put(out, chunk, (size_t)n)) < 0)
			goto out;
	}
	if (n < 0)
		rc = (int)n;
out:
	ll_input_close(in);
	return rc;
}

int ll_harm_csv_import(struct ll_source_ctx *ctx, const char *data, size_t len)
{
	struct ll_harm_batch batch;
	struct ll_csv csv;
	struct ll_csv_record rec;
	char **header = NULL;
	size_t nh = 0, schema_col = SIZE_MAX;
	int kind = -1;
	uint64_t rows = 0;
	int rc;

	ll_csv_init(&csv, data, len);
	ll_harm_batch_init(&batch, ctx);
	if ((rc = ll_csv_next(&rec, &csv)) <= 0) {
		if (rc == 0)
			rc = ll_error_set(LL_ECORRUPT, "line 1: no header row");
		goto fail;
	}
	nh = rec.n;
	header = ll_calloc(nh, sizeof(*header));
	if (!header) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nh; i++) {
		if (!(header[i] = ll_strdup(rec.fields[i]))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto fail;
		}
		if (strcmp(header[i], "schema") == 0)
			schema_col = i;
	}
	if (schema_col == SIZE_MAX) {
		rc = ll_error_set(LL_ECORRUPT, "line 1: column 'schema': required but missing");
		goto fail;
	}
	while ((rc = ll_csv_next(&rec, &csv)) > 0) {
		char loc[1100], where[32];
		json_t *row = NULL;

		if (rec.n == 1 && rec.fields[0][0] == '\0')
			continue; /* a blank line */
		if (rec.n != nh) {
			rc = ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": %zu fields, the header has %zu",
					  rec.line, rec.n, nh);
			goto fail;
		}
		if (kind < 0) {
			kind = ll_harm_kind_from_schema(rec.fields[schema_col]);
			if (kind < 0) {
				rc = ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": column 'schema': unknown schema '%.80s'",
						  rec.line, rec.fields[schema_col]);
				goto fail;
			}
			if ((rc = ll_harm_check_header((enum ll_harm_kind)kind, header, nh)) < 0) {
				ll_error_context("line 1");
				goto fail;
			}
		}
		if ((rc = ll_harm_validate_row(&row, (enum ll_harm_kind)kind, header,
					       rec.fields, nh)) < 0) {
			ll_error_context("line %" PRIu64, rec.line);
			goto fail;
		}
		snprintf(loc, sizeof(loc), "%s:%" PRIu64, ctx->rel_path, rec.line);
		snprintf(where, sizeof(where), "line %" PRIu64, rec.line);
		rc = ll_harm_batch_row(&batch, (enum ll_harm_kind)kind, row, header, rec.fields,
				       nh, loc, where);
		json_decref(row);
		if (rc < 0) {
			ll_error_context("line %" PRIu64, rec.line);
			goto fail;
		}
		rows++;
	}
	if (rc < 0)
		goto fail;
	if (kind < 0) {
		/* a header alone: nothing to import, but the header must still be sound */
		for (size_t i = 0; i < nh; i++) {
			const char *what = ll_harm_pii_column(header[i]);

			if (what) {
				rc = ll_error_set(LL_ECORRUPT, "line 1: column '%s': identifying data (%s) must not leave the hospital",
						  header[i], what);
				goto fail;
			}
		}
		ll_source_warn(ctx, "'%s': a header and no rows", ctx->rel_path);
	}
	rc = 0;
fail:
	for (size_t i = 0; header && i < nh; i++)
		ll_free(header[i]);
	ll_free(header);
	ll_harm_batch_release(&batch);
	ll_csv_release(&csv);
	return rc;
}

int ll_harm_run(struct ll_source_ctx *ctx,
		int (*import)(struct ll_source_ctx *ctx, const char *data, size_t len))
{
	struct ll_buf data = LL_BUF_INIT;
	int rc;

	if ((rc = ll_harm_read_file(&data, ctx->path)) < 0)
		goto out;
	rc = import(ctx, data.ptr, data.len);
out:
	ll_buf_release(&data);
	return rc;
}

static int run(struct ll_source_ctx *ctx)
{
	return ll_harm_run(ctx, ll_harm_csv_import);
}

const struct ll_source_kind ll_source_harm_csv = {
	.name = "harm-csv",
	.probe = probe,
	.run = run,
	.clear = ll_harm_clear,
	.whole_item = false,
	.worker = true,
};
