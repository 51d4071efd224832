/* SPDX-License-Identifier: Apache-2.0 */
/* The CASE/UCO 1.4 graph of a case file (data/case.jsonld). */
#ifndef LL_CASEFILE_CASE_JSONLD_H
#define LL_CASEFILE_CASE_JSONLD_H

#include "core/compat.h"

#include <jansson.h>

struct ll_casefile_model;
struct ll_manifest;

struct ll_jsonld_input {
	const struct ll_casefile_model *model;
	const json_t *versions;       /* {"library": "version"} */
	const json_t *config;         /* {"option": "value"}: how the build ran */
	const struct ll_manifest *files; /* data/ files already written */
	bool evidence_included;       /* evidence files copied into data/evidence */
};

/*
 * Builds the graph: Bundle, Investigation, Authorization, people and
 * roles, tools, disks and image files with media and container hashes,
 * acquisition, custody and analysis actions with provenance records,
 * findings as AnalyticResults, disruptions as Events. Every id is
 * "kb:<Class>-<UUIDv5>" over the case id and a stable key.
 */
int ll_case_jsonld_build(json_t **out, const struct ll_jsonld_input *in);

#endif
