/* SPDX-License-Identifier: Apache-2.0 */
/* A hospital reader's rows: stored in-process, or sent to the parent from a reader worker. */
#include "core/compat.h"
#include "analyze/harm/harm.h"

#include "analyze/source.h"
#include "core/buf.h"
#include "core/error.h"

/*
 * Process-wide, as the input budget is (ll_input_budget_set): a worker
 * reads one file with one reader, and the readers' signatures stay those
 * of the in-process path.
 */
static ll_harm_row_sink_fn row_sink;
static void *row_sink_payload;

void ll_harm_set_row_sink(ll_harm_row_sink_fn fn, void *payload)
{
	row_sink = fn;
	row_sink_payload = payload;
}

int ll_harm_batch_row(struct ll_harm_batch *b, enum ll_harm_kind k,
	const json_t *row, char *const *names, char *const *values, size_t n,
	const char *locator, const char *where)
{
	struct ll_buf cells = LL_BUF_INIT;
	size_t ncells = 0;
	int rc = 0;

	if (b->ctx->cs)
		return ll_harm_batch_add(b, k, row, locator);
	/*
	 * The worker: parsing (CSV quoting, FHIR's JSON) and the checks of
	 * identifying data happened here, where a crafted file can harm
	 * nothing; the store, its duplicate checks and the case are the
	 * parent's. The cells are those the row kept: the non-empty ones.
	 */
	if (!row_sink)
		return ll_error_set(LL_EINTERNAL,
			"hospital rows without a case or a worker");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!values[i][0] || !json_object_get(row, names[i]))
			continue;
		if ((rc = ll_buf_put(&cells, names[i], strlen(names[i]) + 1)) ==
			0)
			rc = ll_buf_put(
				&cells, values[i], strlen(values[i]) + 1);
		ncells++;
	}
	if (rc == 0)
		rc = row_sink(
			row_sink_payload, k, cells.ptr, ncells, locator, where);
	ll_buf_release(&cells);
	return rc;
}
