/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline timeline export --dir DIR`: runs a split export and says what it wrote. */
#include "core/compat.h"
#include "cli/timeline/export_split.h"

#include <jansson.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "core/case.h"
#include "core/error.h"

/* "lifeline-" and the case id lowercased, anything but [a-z0-9._-] as '-' */
static void default_index(char *out, size_t outlen, const char *case_id)
{
	size_t n;

	snprintf(out, outlen, "lifeline-%s", case_id && *case_id ? case_id : "case");
	for (n = 0; out[n]; n++) {
		char c = out[n];

		if (c >= 'A' && c <= 'Z')
			out[n] = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
			   c == '_' || c == '-'))
			out[n] = '-';
	}
}

int ll_cli_timeline_split(struct ll_cli *cli, const char *dir, const char *format,
			  struct ll_export_split_opts *o, const struct ll_export_filter *filter)
{
	struct ll_export_filter f = *filter;
	struct ll_export_split_result r;
	struct ll_progress_cb pc;
	char index[200];
	int rc;

	if (o->fmt == LL_EXPORT_OSBULK && !o->index) {
		default_index(index, sizeof(index), cli->cs->case_id);
		o->index = index;
	}
	ll_progress_cb_init(&pc, dir, "rows", cli->quiet);
	f.progress = ll_progress_cb_one; /* the rows read, on stderr */
	f.progress_payload = &pc;
	rc = ll_timeline_export_split(&r, cli->cs->store, dir, o, &f);
	ll_progress_cb_end(&pc);
	if (rc < 0)
		return ll_cli_fail(cli, rc);
	if (!cli->quiet) {
		if (!cli->json)
			fprintf(stderr, "%" PRIu64 " rows written to %" PRIu64 " files of %" PRIu64
				" timelines in %s (manifest.json)\n", r.rows, r.files, r.timelines,
				dir);
		if (r.out_of_range)
			fprintf(stderr, "warning: %" PRIu64 " events of a year outside %d..%d, which "
				"Timesketch refuses, are in out-of-range-*.jsonl (not importable)\n",
				r.out_of_range, LL_EXPORT_YEAR_MIN, LL_EXPORT_YEAR_MAX);
		if (r.truncated)
			fprintf(stderr, "warning: %" PRIu64 " events had a value cut to its cap "
				"(their \"truncated\" key names it; the case and --format csv keep "
				"it whole)\n", r.truncated);
	}
	if (cli->json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "format", format,
				      "output", dir, "manifest", "manifest.json", "rows",
				      (json_int_t)r.rows, "files", (json_int_t)r.files,
				      "timelines", (json_int_t)r.timelines, "out_of_range",
				      (json_int_t)r.out_of_range, "truncated",
				      (json_int_t)r.truncated);

		if (j && o->fmt == LL_EXPORT_OSBULK)
			json_object_set_new(j, "index", json_string(o->index));
		return ll_cli_print_json(j, "lifeline.timeline.export/1") ? LL_EXIT_OUTPUT : 0;
	}
	return 0;
}
