/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline case push|export: a case between its SQLite workspace and a PostgreSQL store. */
#include "core/compat.h"
#include "cli/pg/cmd_case_pg.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/progress.h"
#include "core/case.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_push.h"
#include "cli/pg/push_jobs.h"

static const char ll_case_push_usage[] =
	"usage: lifeline case push DIR --store postgresql://USER[:PASSWORD]@HOST[:PORT]/DB\n"
	"                          [--jobs N] [--key FILE --cert FILE] [--json]\n"
	"\n"
	"Copies the SQLite case in DIR into the PostgreSQL store as the case of\n"
	"the same case id: every table, every row, values unchanged (integers,\n"
	"text and blobs byte for byte), custody signatures kept. Refused when the\n"
	"server already has that case id. Each evidence item's events are loaded\n"
	"in one transaction (a push that dies leaves no partial item; pushing again\n"
	"starts over). Ends with a signed 'push' entry in the server's custody\n"
	"chain. The local case is not changed.\n"
	"\n"
	"  --store URL   the server (libpq URL; the password is never printed)\n"
	"  --jobs N      load the items' events on N streams (connections) at\n"
	"                once, 1..8 (default 1); each item still in one\n"
	"                transaction, the push entry once at the end\n"
	"  --key FILE, --cert FILE\n"
	"                the examiner key that signs the push entry\n"
	"  --json        a summary: rows per table, events, events/s, and per\n"
	"                stream its events and events/s\n";

static const char ll_case_export_usage[] =
	"usage: lifeline case export --store postgresql://... --case-id ID DIR [--json]\n"
	"\n"
	"Writes the server's case ID as a new SQLite case directory DIR (absent or\n"
	"empty): every table, row ids and custody signatures kept, so 'custody\n"
	"verify' passes on it and every timeline export is the same as the pushed\n"
	"case's. The chain is verified before the case is kept: a chain that does\n"
	"not verify leaves nothing (exit 6).\n"
	"\n"
	"  --store URL    the server (libpq URL; the password is never printed)\n"
	"  --case-id ID   the case to export\n"
	"  --json         a summary: rows per table\n";

struct bar {
	struct ll_progress p;
	bool started;
	const char *label;
	bool quiet;
};

static void progress(void *payload, uint64_t done, uint64_t total)
{
	struct bar *b = payload;

	if (!b->started) {
		ll_progress_init(&b->p, b->label, total, false, b->quiet);
		ll_progress_unit(&b->p, b->label);
		b->started = true;
	}
	ll_progress_update(&b->p, done);
}

static json_t *tables_json(const struct ll_pg_push_result *r)
{
	json_t *t = json_object();

	for (size_t i = 0; i < r->ntables; i++)
		json_object_set_new(t, r->tables[i].table, json_integer(r->tables[i].rows));
	return t;
}

int ll_case_push(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_pg_push_result res = { 0 };
	struct bar bar = { .label = "events", .quiet = cli->quiet };
	struct ll_case *cs = NULL;
	struct ll_pg *pg = NULL;
	const char *url = NULL;
	char db[4096];
	int c, rc, code = 0, jobs = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': url = optarg; break;
		case 'j':
			if (ll_case_push_jobs_parse(&jobs, optarg) < 0)
				return ll_cli_usage(cli, ll_case_push_usage, "bad --jobs '%s' (1..%d)",
						    optarg, LL_PG_PUSH_JOBS_MAX);
			break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(ll_case_push_usage);
		default: return ll_cli_usage(cli, ll_case_push_usage, "bad option");
		}
	}
	if (optind != argc - 1)
		return ll_cli_usage(cli, ll_case_push_usage, "one case directory is required");
	if (!url)
		return ll_cli_usage(cli, ll_case_push_usage, "--store postgresql://... is required");
	if (!ll_pg_is_url(url))
		return ll_cli_usage(cli, ll_case_push_usage,
				    "--store takes a postgresql:// URL");
	if ((rc = ll_case_open_readonly(&cs, argv[optind])) < 0 || (rc = ll_cli_setup(cli)) < 0 ||
	    (rc = ll_pg_connect(&pg, url)) < 0)
		goto fail;
	snprintf(db, sizeof(db), "%s/case.db", cs->dir);
	rc = ll_pg_push_jobs(&res, pg, cs->store, cs->case_id, cli->signer, jobs, url, db, progress,
			     &bar);
	if (bar.started)
		ll_progress_finish(&bar.p);
	if (rc < 0)
		goto fail;
	{
		double eps = res.events_seconds > 0 ? (double)res.events / res.events_seconds : 0;

		if (cli->json) {
			json_t *doc = json_pack("{s:b, s:s, s:s, s:o, s:I, s:I, s:f, s:f, s:f, s:I, s:s}",
						"ok", 1, "case_id", cs->case_id, "store", pg->url_masked,
						"tables", tables_json(&res), "events", (json_int_t)res.events,
						"partitions", (json_int_t)res.partitions,
						"events_per_s", eps, "events_seconds", res.events_seconds,
						"seconds", res.seconds, "custody_seq",
						(json_int_t)res.entry.seq, "head", res.entry.hash);

			json_object_set_new(doc, "jobs", ll_case_push_streams_json(&res));
			code = ll_cli_print_json(doc, "lifeline.case.push/1") ? LL_EXIT_OUTPUT : 0;
		} else {
			printf("pushed case %s into %s: %zu tables, %" PRId64 " events in %" PRId64
			       " partitions (%.0f events/s)\nhead %s\n",
			       ll_cli_q(cs->case_id), pg->url_masked, res.ntables, res.events,
			       res.partitions, eps, res.entry.hash);
		}
	}
	ll_pg_push_result_release(&res);
	ll_pg_free(pg);
	ll_case_free(cs);
	return code;
fail:
	ll_pg_push_result_release(&res);
	ll_pg_free(pg);
	ll_case_free(cs);
	return ll_cli_fail(cli, rc);
}

int ll_pg_store_dir_args(struct ll_cli *cli, int argc, char **argv, const char *usage,
			 const char **url, const char **case_id, int *exit_code)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "case-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*url = *case_id = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': *url = optarg; break;
		case 'i': *case_id = optarg; break;
		case 'h': *exit_code = ll_cli_help(usage); return 1;
		default: *exit_code = ll_cli_usage(cli, usage, "bad option"); return 1;
		}
	}
	if (optind != argc - 1)
		*exit_code = ll_cli_usage(cli, usage, "one directory is required");
	else if (!*url || !*case_id)
		*exit_code = ll_cli_usage(cli, usage, "--store and --case-id are required");
	else if (!ll_pg_is_url(*url))
		*exit_code = ll_cli_usage(cli, usage, "--store takes a postgresql:// URL");
	else
		return 0;
	return 1;
}

int ll_case_export(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_pg_push_result res = { 0 };
	struct ll_custody_report rep;
	struct bar bar = { .label = "rows", .quiet = cli->quiet };
	struct ll_pg *pg = NULL;
	const char *url = NULL, *case_id = NULL;
	int rc, code = 0;

	if (ll_pg_store_dir_args(cli, argc, argv, ll_case_export_usage, &url, &case_id, &code))
		return code;
	if ((rc = ll_pg_connect(&pg, url)) < 0)
		goto fail;
	rc = ll_pg_export(&res, &rep, pg, case_id, argv[optind], progress, &bar);
	if (bar.started)
		ll_progress_finish(&bar.p);
	if (rc < 0)
		goto fail;
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:s, s:o, s:I, s:s, s:f}", "ok", 1, "case_id",
					case_id, "store", pg->url_masked, "dir", argv[optind],
					"tables", tables_json(&res), "events", (json_int_t)res.events,
					"head", rep.head, "seconds", res.seconds);

		code = ll_cli_print_json(doc, "lifeline.case.export/1") ? LL_EXIT_OUTPUT : 0;
	} else {
		printf("exported case %s from %s to %s: %zu tables, %" PRId64
		       " events; custody chain verified, head %s\n",
		       ll_cli_q(case_id), pg->url_masked, ll_cli_qname(argv[optind]), res.ntables,
		       res.events, rep.head);
	}
	ll_pg_push_result_release(&res);
	ll_pg_free(pg);
	return code;
fail:
	ll_pg_push_result_release(&res);
	ll_pg_free(pg);
	return rc == LL_EVERIFY ? ll_cli_fail_code(cli, rc, LL_EXIT_INTEGRITY) : ll_cli_fail(cli, rc);
}
