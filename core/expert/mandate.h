/* SPDX-License-Identifier: Apache-2.0 */
/* The mandate of a case: who asked, on what legal basis, and the questions as put. */
#ifndef LL_CORE_EXPERT_MANDATE_H
#define LL_CORE_EXPERT_MANDATE_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/* Limits that keep a mistyped file name out of a court document. */
#define LL_MANDATE_MAX_QUESTIONS 100
#define LL_MANDATE_MAX_TEXT 8000 /* bytes of one field or question */

/*
 * A change to the mandate. A NULL field is left as it is; "" clears it.
 * `questions`, when `set_questions`, replaces the whole list (the questions
 * as put form one instrument: they are never merged).
 */
struct ll_mandate_update {
	const char *requesting_authority; /* e.g. "Juge d'instruction, TJ de Paris" */
	const char *basis;                /* réquisition, ordonnance, warrant… */
	const char *reference;            /* the instrument's number */
	const char *date;                 /* YYYY-MM-DD, a real calendar day */
	const char *jurisdiction;         /* fr | ew | us */
	const char *const *questions;
	size_t nquestions;
	bool set_questions;
};

/* True when `u` changes anything. */
bool ll_mandate_update_any(const struct ll_mandate_update *u);

/*
 * Checks an update before anything is written: text is UTF-8 and at most
 * LL_MANDATE_MAX_TEXT bytes, the date a real YYYY-MM-DD day, the
 * jurisdiction one of fr, ew, us, no question empty. LL_EINVAL naming the
 * field (and the question's number) otherwise.
 */
int ll_mandate_check(const struct ll_mandate_update *u);

/* Applies a checked update (in the caller's transaction when there is one). */
int ll_mandate_apply(struct ll_store *st, const struct ll_mandate_update *u,
		     int64_t now_ns);

/*
 * The mandate as JSON: {requesting_authority, basis, reference, date,
 * jurisdiction, questions:[text…]} with null for unset fields, or JSON null
 * (*out still set) when the case has none. Caller decrefs.
 */
int ll_mandate_load(json_t **out, struct ll_store *st);

/* "fr", "ew", "us" or NULL: the jurisdiction's name for a reader. */
const char *ll_mandate_jurisdiction_name(const char *code);

#endif
