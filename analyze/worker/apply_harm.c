/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of the HARM_ROW frame: a worker's hospital row checked again and stored. */
#include "core/compat.h"
#include "analyze/worker/apply_harm.h"

#include "analyze/harm/harm.h"
#include "analyze/harm/harm_csv.h"
#include "analyze/source.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/error.h"

/*
 * Who does what (issue #16). The worker parses (CSV quoting, FHIR's JSON),
 * validates each row and refuses identifying data (h0410-h0412) with the
 * reader's own messages, which reach the parent in END as before. The
 * parent trusts none of it: it runs the same schema checks on the same
 * cells, so a worker that skipped them (or lies) cannot store a column
 * the schema refuses, identifying data among them. The store, the
 * duplicate checks against the case and the case itself are the
 * parent's: harm_store.c stays the only writer of the hospital tables.
 *
 * No key material is involved on either side: the rows come pseudonymised
 * from the hospital (`harm pseudonymize`, run there with its own key), and
 * the readers check only the pseudonyms' form. Nothing of a row is
 * pseudonymised at import, so nothing secret would be for the worker to
 * see; should a case key ever be applied to rows at import, it belongs
 * here, between the checks and the batch, never in the worker.
 */

void ll_worker_harm_free(struct ll_harm_batch *batch)
{
	if (!batch)
		return;
	ll_harm_batch_release(batch);
	ll_free(batch);
}

int ll_worker_harm_apply(struct ll_harm_batch **batch,
	struct ll_source_ctx *ctx, const struct ll_source_kind *k,
	const struct ll_frame *f, bool *store_failed)
{
	enum ll_harm_kind kind = (enum ll_harm_kind)f->u.harm.kind;
	const char *c = f->u.harm.cells;
	char **names = NULL;
	json_t *row = NULL;
	int rc;

	if (k != &ll_source_harm_csv && k != &ll_source_fhir)
		return ll_error_set(LL_ECORRUPT,
			"worker stream: a hospital row from reader '%s'",
			k->name);
	if (!*batch) {
		if (!(*batch = ll_malloc(sizeof(**batch))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		ll_harm_batch_init(*batch, ctx);
	}
	/* names[0..n) then values[0..n), pointing into the decoder's arena */
	if (!(names = ll_calloc(2 * f->u.harm.ncells, sizeof(*names))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < 2 * f->u.harm.ncells; i++) {
		names[i / 2 + (i % 2) * f->u.harm.ncells] = (char *)c;
		c += strlen(c) + 1;
	}
	if ((rc = ll_harm_check_header(kind, names, f->u.harm.ncells)) < 0 ||
		(rc = ll_harm_validate_row(&row, kind, names,
			 names + f->u.harm.ncells, f->u.harm.ncells)) < 0) {
		/*
		 * The schema's message may quote a value, and this worker is
		 * hostile: nothing it sent is quoted into the record.
		 */
		if (rc != LL_ENOMEM)
			rc = ll_error_set(LL_ECORRUPT,
				"worker stream: a hospital row (HARM_ROW) "
				"fails %s in the parent",
				ll_harm_schema_id(kind));
		goto out;
	}
	if ((rc = ll_harm_batch_add(*batch, kind, row, f->u.harm.locator)) <
		0) {
		ll_error_context("%s", f->u.harm.where);
		*store_failed = true;
	}
out:
	json_decref(row);
	ll_free(names);
	return rc;
}
