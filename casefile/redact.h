/* SPDX-License-Identifier: Apache-2.0 */
/* What of the hospital's harm rows stays in clear when the harm annex is encrypted. */
#ifndef LL_CASEFILE_REDACT_H
#define LL_CASEFILE_REDACT_H

#include "core/compat.h"

#include <jansson.h>

/*
 * With `casefile build --recipient`, a harm row (an event of category
 * `harm`, a correlation chain) keeps in clear only its case-local id
 * (H-…, or a FHIR resource's type and id), age band, harm level and times;
 * the rest (pseudonym, sex, unit, care process, clinical free text,
 * reviewer role, causality…) is only in the encrypted annex
 * (docs/formats/casefile.md, "What stays in clear").
 *
 * The two SQL expressions replace an event's `message` and `attrs` columns
 * (SQLite JSON1; `attrs` holds the row as imported).
 */
#define LL_REDACT_HARM_MESSAGE_SQL                                               \
	"(CASE WHEN json_valid(attrs) THEN"                                      \
	" COALESCE(json_extract(attrs, '$.event_id'),"                          \
	" json_extract(attrs, '$.resourceType') || ' ' || json_extract(attrs, '$.id'),"  \
	" 'harm event')"                                                         \
	" || COALESCE(': ' || json_extract(attrs, '$.harm_level') || ' harm', '')" \
	" ELSE 'harm event' END"                                                 \
	" || ' (details in the encrypted harm annex)')"

#define LL_REDACT_HARM_ATTRS_SQL                                                 \
	"(CASE WHEN json_valid(attrs) THEN json_patch('{}', json_object("        \
	"'event_id', json_extract(attrs, '$.event_id'),"                        \
	" 'resourceType', json_extract(attrs, '$.resourceType'),"               \
	" 'id', json_extract(attrs, '$.id'),"                                   \
	" 'age_band', json_extract(attrs, '$.age_band'),"                       \
	" 'harm_level', json_extract(attrs, '$.harm_level'),"                   \
	" 'event_start', json_extract(attrs, '$.event_start'),"                 \
	" 'event_end', json_extract(attrs, '$.event_end'),"                     \
	" 'detected_at', json_extract(attrs, '$.detected_at'),"                 \
	" 'recorded_at', json_extract(attrs, '$.recorded_at'),"                 \
	" 'time_precision', json_extract(attrs, '$.time_precision'),"           \
	" 'redacted', 'details in the encrypted harm annex'))"                  \
	" ELSE json_object('redacted', 'details in the encrypted harm annex') END)"

/*
 * Cuts each chain of a correlation document (docs/formats/correlation.md)
 * to the members that stay in clear: ids, age band, harm level, times,
 * and lifeline's own links, status and notes. Other members are removed.
 */
void ll_redact_correlation(json_t *doc);

/* What replaces each warning of an analysis of harm data. */
#define LL_REDACT_WARNING                                                        \
	"withheld: a warning on the hospital's data can quote it; the files are "  \
	"in the encrypted harm annex (analyze timeline on them shows it)"

/*
 * Replaces every warning of the analyses (model array) of the evidence items
 * in `harm_items` (ids of items whose files went into the encrypted annex):
 * a refused row's message quotes its value (a pseudonym, a clinical text).
 * Their number stays.
 */
void ll_redact_analyses(json_t *analyses, const json_t *harm_items);

#endif
