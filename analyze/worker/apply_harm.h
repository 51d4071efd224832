/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of the HARM_ROW frame: a worker's hospital row checked again and stored. */
#ifndef LL_ANALYZE_WORKER_APPLY_HARM_H
#define LL_ANALYZE_WORKER_APPLY_HARM_H

#include "core/compat.h"

struct ll_frame;
struct ll_harm_batch;
struct ll_source_ctx;
struct ll_source_kind;

/*
 * Applies one decoded HARM_ROW frame of a worker reading with `k` for
 * ctx (its case, writer and item): checks the cells again against the
 * schema (ll_harm_check_header, ll_harm_validate_row) and adds the row
 * through the file's batch *batch, made on the first row (free it with
 * ll_worker_harm_free). Returns 0; LL_ECORRUPT when the worker is to
 * blame (a row from a reader of no hospital data, or that fails the
 * schema: the message quotes nothing the worker sent); LL_ENOMEM; or
 * the batch's error with the reader's context, *store_failed set (a
 * duplicate, a limit, the store), as the in-process reader returns it.
 */
int ll_worker_harm_apply(struct ll_harm_batch **batch,
	struct ll_source_ctx *ctx, const struct ll_source_kind *k,
	const struct ll_frame *f, bool *store_failed);

/* Frees a batch made by ll_worker_harm_apply; NULL is a no-op. */
void ll_worker_harm_free(struct ll_harm_batch *batch);

#endif
