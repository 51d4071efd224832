/* SPDX-License-Identifier: Apache-2.0 */
/* Private to casefile/report/model*.c: the value helpers and the model's own reads. */
#ifndef LL_CASEFILE_MODEL_INT_H
#define LL_CASEFILE_MODEL_INT_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/* A time as the model prints it: RFC 3339 UTC, 6 digits unless whole seconds. */
json_t *ll_model_time(int64_t ns);

/* JSON text, parsed; unparsable text is kept as a string, NULL is null. */
json_t *ll_model_json_text(const char *t);

/*
 * casefile/report/model_store.c: the model's reads that are the case file's
 * own — rows of several owners' tables shaped for the report, or with the
 * harm redaction of casefile/redact.h (an SQL expression).
 */

/*
 * The analyses of every item, and per item the rules `analyze detect` could
 * not evaluate (kind "detect (not evaluated)"), ordered by item then kind:
 * [{evidence, kind, time, options, counts, warnings, command, warning_codes}].
 */
int ll_model_analyses(json_t **out, struct ll_store *st);

/*
 * The event whose id is the decimal text `id`, as a one-element array (empty
 * when there is none): {id, evidence, time, time_desc, source, parser,
 * category, host, user, path, event_code, locator, message}, the message of
 * a harm row cut down when `redact`.
 */
int ll_model_cited_event(json_t **out, struct ll_store *st, const char *id, bool redact);

#endif
