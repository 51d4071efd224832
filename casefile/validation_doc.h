/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The validation.json of `lifeline validate` (docs/formats/validation.md) as
 * `casefile build --validation` takes it: read, parsed and checked before
 * anything is built, kept byte for byte as data/validation.json.
 */
#ifndef LL_CASEFILE_VALIDATION_DOC_H
#define LL_CASEFILE_VALIDATION_DOC_H

#include "core/compat.h"

#include <jansson.h>

struct ll_buf;

/* The schema it must name. */
#define LL_VALIDATION_SCHEMA "lifeline.validation/1"
/* Its name in the bag's data/. */
#define LL_VALIDATION_FILE "validation.json"

/*
 * Reads `path` into `raw` and its parsed document into `*out`. Refuses (LL_ECORRUPT,
 * naming the file and the line, column and byte offset, or the field) what is not
 * JSON, not the schema, lacks a field the annex shows, has a count that is not a
 * whole number >= 0, a status other than pass/fail/not run, or a status that
 * contradicts its counts ("pass" with a difference or with nothing compared).
 */
int ll_validation_load(json_t **out, struct ll_buf *raw, const char *path);
/* The same checks on `len` bytes of `text`; `path` names them in errors. */
int ll_validation_parse(json_t **out, const char *text, size_t len, const char *path);

#endif
