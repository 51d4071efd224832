/* SPDX-License-Identifier: Apache-2.0 */
/* The expert report: one self-contained HTML page (inline CSS and SVG, no network). */
#ifndef LL_CASEFILE_REPORT_HTML_H
#define LL_CASEFILE_REPORT_HTML_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;
struct ll_manifest;
struct ll_report_custody_check;

struct ll_report_input {
	const struct ll_casefile_model *model;
	const json_t *versions;          /* {"library": "version"} */
	const json_t *config;            /* build options */
	const char *examiner;            /* signer's name */
	const char *examiner_fpr;        /* signer's certificate fingerprint */
	const struct ll_manifest *files; /* data/ files written before the report */
	const json_t *harm_files;        /* names in the harm annex */
	bool harm_encrypted;
	bool evidence_included;
	uint64_t timeline_rows;
	const char *zone;                /* local zone beside UTC, or NULL */
	bool pdf;                        /* data/report.pdf is rendered from this page */
	const json_t *validation;        /* validation.json (annex_validation.h), or NULL */
	enum ll_lang lang;               /* the language of every fixed text */
	const struct ll_report_custody_check *custody_check; /* annex_custody.h, or NULL */
};

/* Sections have stable ids: cover, summary, questions, evidence, custody,
 * methods, timeline, findings, chains, endangerment, statistics, events,
 * limitations, declaration, annexes. */
int ll_report_html(struct ll_buf *out, const struct ll_report_input *in);

#endif
