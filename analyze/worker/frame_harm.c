/* SPDX-License-Identifier: Apache-2.0 */
/* The HARM_ROW frame (docs/formats/worker-frames.md, "Hospital rows"): one hospital row, encoded and validated. */
#include "core/compat.h"
#include "analyze/worker/frame_codec.h"
#include "analyze/worker/frame_harm.h"
#include "core/reader.h"

#include "analyze/harm/harm.h"
#include "analyze/worker/frame.h"
#include "core/error.h"

/*
 * What crosses the pipe is the row as the reader read it: the non-empty
 * cells (column name and text) it validated, not the typed JSON it made of
 * them. So the parent validates the very same strings again with the same
 * function (ll_harm_validate_row) and stores exactly what an in-process
 * reader stored; nothing is parsed twice in two ways.
 */

int ll_frame_harm_put(struct ll_buf *out, const struct ll_frame *f)
{
	const char *c = f->u.harm.cells;
	int rc;

	if (f->u.harm.ncells < 1 || f->u.harm.ncells > LL_FRAME_HARM_MAX_CELLS)
		return ll_error_set(LL_EINVAL,
			"worker frame: %zu cells in a hospital row",
			f->u.harm.ncells);
	if ((rc = ll_frame_put_le(out, f->u.harm.kind, 1)) < 0 ||
		(rc = ll_frame_put_str(out, f->u.harm.locator)) < 0 ||
		(rc = ll_frame_put_str(out, f->u.harm.where)) < 0 ||
		(rc = ll_frame_put_le(out, f->u.harm.ncells, 2)) < 0)
		return rc;
	for (size_t i = 0; i < 2 * f->u.harm.ncells; i++) {
		if ((rc = ll_frame_put_str(out, c)) < 0)
			return rc;
		c += strlen(c) + 1;
	}
	return 0;
}

/* A name or value of a cell: UTF-8 (the reader's row is JSON), not empty. */
static int get_cell_str(const char **out, struct ll_reader *r,
	struct ll_frame_decoder *d, const char *field)
{
	int rc;

	if ((rc = ll_frame_get_str(out, r, d, field, LL_FRAME_S_TEXT,
		     LL_FRAME_MAX_PAYLOAD, true)) < 0)
		return rc;
	if (!**out)
		return ll_error_set(LL_ECORRUPT, "field '%s': empty", field);
	return 0;
}

int ll_frame_harm_decode(
	struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	const char *cell, *first = NULL;
	uint8_t kind;
	uint16_t n;
	int rc;

	if ((rc = ll_frame_need_file(d, "HARM_ROW")) < 0)
		return rc;
	if (ll_reader_u8(&kind, r) < 0)
		return ll_error_set(LL_ECORRUPT, "field 'kind': truncated");
	if (kind >= LL_HARM_KIND_COUNT)
		return ll_error_set(LL_ECORRUPT,
			"field 'kind': %u is not 0..%d", kind,
			LL_HARM_KIND_COUNT - 1);
	/* a locator holds the path as recorded (raw): the reader stored its bytes so */
	if ((rc = ll_frame_get_str(&f->u.harm.locator, r, d, "locator",
		     LL_FRAME_S_RAW, LL_FRAME_LOCATOR_MAX, true)) < 0 ||
		(rc = ll_frame_get_str(&f->u.harm.where, r, d, "where",
			 LL_FRAME_S_NAME, LL_FRAME_TEXT_MAX, true)) < 0)
		return rc;
	if (!f->u.harm.locator[0])
		return ll_error_set(LL_ECORRUPT, "field 'locator': empty");
	if (ll_reader_u16le(&n, r) < 0)
		return ll_error_set(LL_ECORRUPT, "field 'ncells': truncated");
	if (n < 1 || n > LL_FRAME_HARM_MAX_CELLS)
		return ll_error_set(LL_ECORRUPT,
			"field 'ncells': %u is not 1..%d", n,
			LL_FRAME_HARM_MAX_CELLS);
	/* the strings follow each other in the arena: the first name starts the cells */
	for (uint16_t i = 0; i < n; i++) {
		if ((rc = get_cell_str(&cell, r, d, "name")) < 0)
			return rc;
		if (!first)
			first = cell;
		if ((rc = get_cell_str(&cell, r, d, "value")) < 0)
			return rc;
	}
	f->u.harm.kind = kind;
	f->u.harm.ncells = n;
	f->u.harm.cells = first;
	return 0;
}
