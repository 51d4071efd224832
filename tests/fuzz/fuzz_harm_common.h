/* SPDX-License-Identifier: Apache-2.0 */
/* Shared set-up of the hospital-data fuzz targets: a scratch case with one evidence item. */
#ifndef LL_TESTS_FUZZ_HARM_COMMON_H
#define LL_TESTS_FUZZ_HARM_COMMON_H

#include "core/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "analyze/source.h"
#include "core/case.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/store.h"

static struct ll_case *fuzz_case;
static struct ll_evidence fuzz_ev = { .id = (char *)"E1" };
static char fuzz_dir[] = "/tmp/ll-fuzz-harm.XXXXXX";

/* At exit: the scratch case goes, so replays leave no /tmp/ll-fuzz-harm.* behind. */
static void fuzz_harm_cleanup(void)
{
	if (fuzz_case)
		ll_case_free(fuzz_case);
	fuzz_case = NULL;
	if (strcmp(fuzz_dir + sizeof(fuzz_dir) - 7, "XXXXXX") != 0) {
		char cmd[128];
		FILE *p;

		/* a test helper, not product code: the shell removes the tree */
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir);
		if (!(p = popen(cmd, "r")) || pclose(p) != 0)
			fprintf(stderr, "cannot remove '%s'\n", fuzz_dir);
	}
}

static struct ll_case *fuzz_harm_case(void)
{
	char *dir = fuzz_dir;
	struct ll_case_info info = { "FUZZ-1", "fuzz", NULL, NULL };
	char *cdir;

	if (fuzz_case)
		return fuzz_case;
	if (!mkdtemp(dir) || !(cdir = ll_case_path(&(struct ll_case){ .dir = dir }, "case")))
		abort();
	atexit(fuzz_harm_cleanup);
	if (ll_case_init(cdir, &info) < 0 || ll_case_open(&fuzz_case, cdir) < 0)
		abort();
	free(cdir);
	ll_store_exec(fuzz_case->store,
		      "INSERT INTO evidence(id, seq, kind, state, started_ns) VALUES ('E1', 1, 'file', 'registered', 0)");
	return fuzz_case;
}

/* Runs `import` inside a transaction that is always rolled back. */
static void fuzz_harm_run(int (*import)(struct ll_source_ctx *, const char *, size_t),
			  const uint8_t *data, size_t size)
{
	struct ll_case *cs = fuzz_harm_case();
	struct ll_event_writer w = { 0 };
	struct ll_source_stats stats = { 0 };
	struct ll_timeline_opts topts = { 0 };
	struct ll_source_ctx ctx = { 0 };

	stats.warnings = json_array();
	ctx.cs = cs;
	ctx.ev = &fuzz_ev;
	ctx.path = "fuzz";
	ctx.rel_path = "fuzz";
	ctx.w = &w;
	ctx.opts = &topts;
	ctx.stats = &stats;
	if (ll_store_begin(cs->store) < 0)
		abort();
	if (ll_event_writer_init(&w, cs->store, 0) < 0)
		abort();
	import(&ctx, (const char *)data, size);
	ll_event_writer_release(&w);
	ll_store_rollback(cs->store);
	json_decref(stats.warnings);
}

#endif
