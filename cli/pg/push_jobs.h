/* SPDX-License-Identifier: Apache-2.0 */
/* `case push --jobs N`: the option and the per-stream figures of --json (push_jobs.c). */
#ifndef LL_CLI_PG_PUSH_JOBS_H
#define LL_CLI_PG_PUSH_JOBS_H

#include <jansson.h>

struct ll_pg_push_result;

/* "N" in 1..LL_PG_PUSH_JOBS_MAX, digits only; -1 otherwise. */
int ll_case_push_jobs_parse(int *out, const char *s);

/*
 * {"streams": N, "per_stream": [{"events", "seconds", "events_per_s"}...],
 *  "copy_seconds", "time_index_seconds", "attach_seconds"} (sums over the items).
 */
json_t *ll_case_push_streams_json(const struct ll_pg_push_result *r);

#endif
