/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Annex O of the report: the facts mapped to the elements of the offences a
 * prosecutor may consider (issue #18, item 4), without a conclusion. Per
 * element: the facts and exhibits that bear on it (finding ids, attack
 * paths, disruption ids, chains and harm event ids, as in the report) and
 * what the examination does not establish. Whether an element is met, and
 * whether an offence is made out, is for the court: the annex never says.
 */
#ifndef LL_CASEFILE_REPORT_LEGAL_ANNEX_OFFENCES_H
#define LL_CASEFILE_REPORT_LEGAL_ANNEX_OFFENCES_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;

/* The annex's name in data/, linked from the report. */
#define LL_ANNEX_OFFENCES "annex-offences.html"
#define LL_ANNEX_OFFENCES_PDF "annex-offences.pdf" /* rendered by the build */

/* The kinds of fact an element can rest on (exposed for the unit test). */
enum ll_fact_kind {
	LL_FACT_ACCESS = 1u << 0,   /* findings of access: T1110, T1078, T1133, T1021 */
	LL_FACT_EXEC = 1u << 1,     /* commands, tools, services run: T1059, T1570, T1543, T1569, T1053 */
	LL_FACT_DATA = 1u << 2,     /* data written, deleted or altered: T1486, T1490, T1070, T1543 */
	LL_FACT_OBSTRUCT = 1u << 3, /* the system's working hindered: T1486, T1490, T1489, T1529, T1562 */
	LL_FACT_PATH = 1u << 4,     /* the attack paths (actor to host) */
	LL_FACT_DISRUPT = 1u << 5,  /* the hospital's service disruptions (endangerment) */
	LL_FACT_HARM = 1u << 6,     /* the harm events of the chains (hospital records) */
	LL_FACT_CHAIN = 1u << 7,    /* the chains from harm to the attack, with their confidence */
};

/*
 * The fact kinds element `element_id` rests on (0 for an element no digital
 * evidence bears on, or an unknown id). Ids are like "fr-323-2" (the table
 * in annex_offences.c; docs/offences.md lists them).
 */
unsigned ll_offence_element_facts(const char *element_id);

/*
 * The annex as a self-contained HTML page with the report's print CSS:
 * the jurisdiction of the case's mandate, or all three (said so) when none
 * is recorded; per offence the quoted text with its source and the date it
 * was checked, or why it is not quoted; per element its facts and what is
 * not established. Each element row has data-element and data-facts
 * ("F5 F6 D-0001 H-0001 C1 P1") so a test can check every id.
 */
int ll_annex_offences_html(struct ll_buf *out, const struct ll_casefile_model *model, enum ll_lang lang);

#endif
