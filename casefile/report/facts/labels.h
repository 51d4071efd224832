/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fact, record and opinion (issue #18, item 2). Every statement of the core
 * report carries one visible tag: Observed (read in an exhibit, at a
 * locator), Record (reported by the hospital: its file, row, source system,
 * reviewer) or Opinion (the examiner's inference, with its basis and its
 * strength on the verbal scale the legend defines once). A court must be
 * able to tell which is which without reading the method.
 */
#ifndef LL_CASEFILE_REPORT_LEGAL_LABELS_H
#define LL_CASEFILE_REPORT_LEGAL_LABELS_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_out;

enum ll_label {
	LL_LABEL_OBSERVED = 0, /* read in evidence; the locator says where */
	LL_LABEL_RECORD = 1,   /* the hospital's record, reported as received */
	LL_LABEL_OPINION = 2,  /* the examiner's inference; basis and strength given */
};

/* The tag's words: "Observed" / « Constat » … */
const char *ll_label_name(enum ll_label l, enum ll_lang lang);

/*
 * The label a chain link or an attack-path step earns from its basis, as the
 * correlation writes it: a hospital file or the inventory joined by the
 * names it gives ("documented reference", "inventory join") is a record; a
 * detection on the exhibits read ("finding", "observed") is observed; any
 * inference (an attack path, time overlap, a hypothesis) is an opinion. An
 * unknown basis is an opinion: calling an inference a fact is the error to
 * avoid, the other way round only costs a reader a second look.
 */
enum ll_label ll_label_for_basis(const char *basis);

/* <span class="lbl lbl-obs" data-label="observed">Observed</span> */
int ll_label_tag(struct ll_buf *b, enum ll_label l, enum ll_lang lang);

/* The same, through a sticky-error writer (out.h). */
void ll_label_out(struct ll_out *o, enum ll_label l, enum ll_lang lang);

/*
 * The confidence words of the findings and the correlation (high, medium,
 * low) on the report's verbal scale; NULL for a word not on it (shown as
 * found, not mapped).
 */
const char *ll_label_strength(const char *confidence, enum ll_lang lang);

/*
 * The legend: what each tag means, what a record carries, and the verbal
 * scale of opinions (defined once, no numbers); with the tags' CSS.
 */
int ll_label_legend(struct ll_buf *b, enum ll_lang lang);

#endif
