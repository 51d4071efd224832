/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The offences and their elements (annex_offences.c), kept apart from the
 * writer: legal texts and their sources change on their own calendar, and
 * docs/offences.md records where each quoted text was checked and when.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_ANNEX_OFFENCES_TEXT_H
#define LL_CASEFILE_REPORT_FACTS_ANNEX_OFFENCES_TEXT_H

#include "casefile/report/facts/annex_offences.h"

struct ll_offence {
	const char *jur;   /* fr, ew, us */
	const char *id;
	const char *title[2]; /* en, fr */
	const char *quote;    /* verbatim, in the language of the law; NULL: not quoted */
	const char *source;   /* URL */
	const char *status[2]; /* what was checked, when; en, fr */
};

struct ll_element {
	const char *offence; /* ll_offence.id */
	const char *id;
	const char *text[2]; /* the element, en, fr */
	unsigned facts;      /* enum ll_fact_kind bits */
	const char *open[2]; /* what the examination does not establish; en, fr */
};

extern const struct ll_offence ll_offences[];
extern const size_t ll_offences_n;
extern const struct ll_element ll_elements[];
extern const size_t ll_elements_n;

#endif
