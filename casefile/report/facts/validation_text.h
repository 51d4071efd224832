/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The texts of a `lifeline validate` record (data/validation.json) in the
 * report's language (issue #18 item 8, annex V). cli/validate writes them in
 * English from a fixed set (what is compared, the known limits, why a check
 * did not run, the data made for the run, each result's note); the record
 * keeps them as written and annex V shows them in French from a table here,
 * keyed by the exact English. A text of another lifeline version, not in the
 * table, is shown as recorded and marked as the record's own English.
 */
#ifndef LL_CASEFILE_REPORT_FACTS_VALIDATION_TEXT_H
#define LL_CASEFILE_REPORT_FACTS_VALIDATION_TEXT_H

#include "core/compat.h"

struct ll_out;

enum ll_vtext_kind {
	LL_VTEXT_PROSE, /* compared, limits, reason, note: an unknown one is marked */
	LL_VTEXT_NAME,  /* a data item's name: an unknown one is a file name, as recorded */
};

/*
 * Writes `s` (text of the record: escaped and isolated) in the writer's
 * language; "—" when empty. A sigma-regression note "<files>; fired: <ids>;
 * missed N, extra M" keeps its files and ids and gets its fixed words.
 */
void ll_validation_text(struct ll_out *w, const char *s, enum ll_vtext_kind kind);

#endif
