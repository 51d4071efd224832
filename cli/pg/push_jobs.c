/* SPDX-License-Identifier: Apache-2.0 */
/* `case push --jobs N`: the option and the per-stream figures of --json. */
#include "core/compat.h"
#include "cli/pg/push_jobs.h"

#include <stdlib.h>

#include "core/pg/pg_push.h"

int ll_case_push_jobs_parse(int *out, const char *s)
{
	long v = 0;

	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > LL_PG_PUSH_JOBS_MAX)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > LL_PG_PUSH_JOBS_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

json_t *ll_case_push_streams_json(const struct ll_pg_push_result *r)
{
	json_t *per = json_array();

	for (int i = 0; i < r->nstreams; i++) {
		double s = r->stream_seconds[i];

		json_array_append_new(per, json_pack("{s:I, s:f, s:f}", "events",
						     (json_int_t)r->stream_events[i], "seconds", s,
						     "events_per_s",
						     s > 0 ? (double)r->stream_events[i] / s : 0.0));
	}
	return json_pack("{s:i, s:o, s:f, s:f, s:f}", "streams", r->nstreams, "per_stream", per,
			 "copy_seconds", r->copy_seconds, "time_index_seconds",
			 r->time_index_seconds, "attach_seconds", r->attach_seconds);
}
