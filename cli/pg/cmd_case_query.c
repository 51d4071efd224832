/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifeline case query: the events of a time window across every host of a
 * PostgreSQL store's case (issue #20 item 6). The window is read through
 * the partitions' time_ns indexes into an in-memory SQLite case store
 * (core/pg/pg_window.c) and written by the unchanged timeline exporter, so
 * the answer is byte-identical to `timeline export --from --to` of the
 * SQLite case.
 */
#include "core/compat.h"
#include "cli/pg/cmd_case_query.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "casefile/export/export.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_window.h"
#include "core/store.h"
#include "core/time.h"

static const char ll_case_query_usage[] =
	"usage: lifeline case query --store postgresql://... --case-id ID --from T --to T\n"
	"                           [--format jsonl|csv|l2tcsv|jsonl-wide] [-o FILE] [--json]\n"
	"\n"
	"Writes the events of every host and item of the server's case ID whose\n"
	"time is in the window FROM..TO, both bounds inclusive (an event at\n"
	"exactly FROM or TO is written), in the format of 'timeline export'\n"
	"(default jsonl) on standard output or FILE: byte for byte what\n"
	"'timeline export --from FROM --to TO' writes from the SQLite case. The\n"
	"server reads only the window, through each item's time index.\n"
	"\n"
	"  --store URL    the server (libpq URL; the password is never printed)\n"
	"  --case-id ID   the case to read\n"
	"  --from T, --to T\n"
	"                 the window, UTC: RFC 3339 (2024-06-03T14:00:00Z,\n"
	"                 fractions to the nanosecond) or a date (YYYY-MM-DD:\n"
	"                 from its first nanosecond, to its last)\n"
	"  --format F     jsonl (default), csv, l2tcsv or jsonl-wide\n"
	"  -o FILE        write to FILE (not overwritten if it exists)\n"
	"  --json         with -o: a summary on standard output (events, seconds)\n";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ll_case_query(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "case-id", required_argument, NULL, 'i' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_export_filter flt = { 0 };
	struct ll_pg_window_result wr;
	enum ll_export_format fmt = LL_EXPORT_JSONL;
	const char *url = NULL, *case_id = NULL, *format = "jsonl", *path = NULL;
	struct ll_store *st = NULL;
	struct ll_pg *pg = NULL;
	FILE *out = stdout;
	uint64_t rows = 0;
	bool created = false;
	double t0 = now_s(), t_exp;
	int c, rc, code = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's': url = optarg; break;
		case 'i': case_id = optarg; break;
		case 'F':
			if (ll_time_parse_bound(&flt.from_ns, optarg, false) < 0)
				return ll_cli_usage(cli, ll_case_query_usage, "bad --from '%s'", optarg);
			flt.has_from = true;
			break;
		case 'T':
			if (ll_time_parse_bound(&flt.to_ns, optarg, true) < 0)
				return ll_cli_usage(cli, ll_case_query_usage, "bad --to '%s'", optarg);
			flt.has_to = true;
			break;
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'h': return ll_cli_help(ll_case_query_usage);
		default: return ll_cli_usage(cli, ll_case_query_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, ll_case_query_usage, "unexpected argument '%s'", argv[optind]);
	if (!url || !case_id)
		return ll_cli_usage(cli, ll_case_query_usage, "--store and --case-id are required");
	if (!ll_pg_is_url(url))
		return ll_cli_usage(cli, ll_case_query_usage, "--store takes a postgresql:// URL");
	if (!flt.has_from || !flt.has_to)
		return ll_cli_usage(cli, ll_case_query_usage, "--from and --to are required");
	if (flt.from_ns > flt.to_ns)
		return ll_cli_usage(cli, ll_case_query_usage, "--from is after --to");
	if (ll_export_format_parse(&fmt, format) < 0 ||
	    (fmt != LL_EXPORT_JSONL && fmt != LL_EXPORT_CSV && fmt != LL_EXPORT_L2TCSV &&
	     fmt != LL_EXPORT_JSONL_WIDE))
		return ll_cli_usage(cli, ll_case_query_usage,
				    "bad --format '%s' (jsonl, csv, l2tcsv or jsonl-wide)", format);
	if (cli->json && !path)
		return ll_cli_usage(cli, ll_case_query_usage, "--json needs -o FILE (the events go there)");
	if ((rc = ll_pg_connect(&pg, url)) < 0 || (rc = ll_store_create(&st, ":memory:")) < 0 ||
	    (rc = ll_pg_window(&wr, pg, case_id, flt.from_ns, flt.to_ns, st)) < 0)
		goto fail;
	t_exp = now_s();
	if (path) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

		if (fd < 0) {
			rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
					  errno == EEXIST ? "'%s' exists; refusing to overwrite it"
							  : "cannot create '%s': %s", path, strerror(errno));
			goto fail;
		}
		created = true;
		if (!(out = fdopen(fd, "w"))) {
			close(fd);
			rc = ll_error_set(LL_EIO, "'%s': %s", path, strerror(errno));
			goto fail;
		}
	}
	rc = ll_timeline_export(out, st, fmt, &flt, &rows);
	if (path) {
		if (rc == 0 && (fflush(out) != 0 || fsync(fileno(out)) != 0))
			rc = ll_error_set(LL_EIO, "writing '%s': %s", path, strerror(errno));
		if (fclose(out) != 0 && rc == 0)
			rc = ll_error_set(LL_EIO, "closing '%s': %s", path, strerror(errno));
	} else if (rc == 0 && fflush(stdout) != 0) {
		rc = ll_error_set(LL_EIO, "writing the events: %s", strerror(errno));
	}
	if (rc < 0)
		goto fail;
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:f, s:f, s:f}",
					"ok", 1, "case_id", case_id, "store", pg->url_masked,
					"from_ns", (json_int_t)flt.from_ns, "to_ns",
					(json_int_t)flt.to_ns, "format", format, "output", path,
					"events", (json_int_t)wr.events, "rows", (json_int_t)rows,
					"query_seconds", wr.query_seconds, "export_seconds",
					now_s() - t_exp, "seconds", now_s() - t0);

		code = ll_cli_print_json(doc, "lifeline.case.query/1") ? LL_EXIT_OUTPUT : 0;
	} else if (!cli->quiet) {
		fprintf(stderr, "%" PRId64 " events of case %s between %" PRId64 " and %" PRId64
			" ns (inclusive) in %.3f s\n", wr.events, ll_cli_q(case_id), flt.from_ns,
			flt.to_ns, now_s() - t0);
	}
	ll_store_free(st);
	ll_pg_free(pg);
	return code;
fail:
	if (created)
		unlink(path);
	ll_store_free(st);
	ll_pg_free(pg);
	return ll_cli_fail(cli, rc);
}
