/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline case init|show: create and describe the case workspace. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/store.h"
#include "core/time.h"
#include "cli/expert_opts.h"
#include "cli/pg/cmd_case_pg.h"
#include "cli/pg/ws_hook.h"
#include "core/pg/pg_conn.h"
#include "cli/pg/cmd_case_query.h"

static const char case_usage[] =
	"usage: lifeline case <subcommand>\n"
	"\n"
	"  init DIR --case-id ID --title TEXT [--agency TEXT] [--authority TEXT]\n"
	"                [mandate options as for set]\n"
	"                [--store postgresql://...]\n"
	"                create a case workspace (case.db, evidence/, exports/)\n"
	"  set [--requesting-authority TEXT] [--basis TEXT] [--reference TEXT]\n"
	"      [--mandate-date YYYY-MM-DD] [--question TEXT]... [--jurisdiction fr|ew|us]\n"
	"                record the mandate of the examination\n"
	"  show          print the case, its evidence and the custody ledger head\n"
	"  push DIR --store postgresql://...\n"
	"                copy the case into a PostgreSQL store\n"
	"  export --store postgresql://... --case-id ID DIR\n"
	"                write a case of a PostgreSQL store as a case directory\n"
	"  attach DIR --store postgresql://... --case-id ID\n"
	"                a workspace that works on a PostgreSQL store's case\n"
	"  sync          pull the server's case into the attached workspace\n"
	"  status        whether the workspace is attached, and its last sync\n"
	"  query --store postgresql://... --case-id ID --from T --to T\n"
	"                the events of a time window, every host, from the server\n";

static const char init_usage[] =
	"usage: lifeline case init DIR --case-id ID --title TEXT [--agency TEXT] [--authority TEXT]\n"
	"                          [--requesting-authority TEXT] [--basis TEXT] [--reference TEXT]\n"
	"                          [--mandate-date YYYY-MM-DD] [--question TEXT]...\n"
	"                          [--jurisdiction fr|ew|us]\n"
	"                          [--store postgresql://USER@HOST[:PORT]/DB [--key FILE --cert FILE]]\n"
	"\n"
	"Creates the case workspace DIR: case.db (SQLite), evidence/ and exports/.\n"
	"Refuses a directory that already holds a case or any other file.\n"
	"With --store, the case is made in that PostgreSQL server too (as 'case\n"
	"push' does, its push entry signed by the examiner key) and DIR is attached\n"
	"to it: DIR/store.json names the server and the case, never a password.\n"
	"\n"
	"  --case-id ID      the case reference (e.g. the prosecutor's file number)\n"
	"  --title TEXT      a short title\n"
	"  --agency TEXT     the investigating agency\n"
	"  --authority TEXT  the legal authority for the examination (warrant, order)\n"
	"\n"
	"The mandate options are those of 'lifeline case set' (who instructed the\n"
	"examination, the legal basis, reference and date, the questions as put,\n"
	"the jurisdiction of the declaration); 'case set' changes them later with a\n"
	"custody entry.\n";

static int case_init(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "case-id", required_argument, NULL, 'i' },
		{ "title", required_argument, NULL, 't' },
		{ "agency", required_argument, NULL, 'a' },
		{ "authority", required_argument, NULL, 'A' },
		{ "store", required_argument, NULL, 'S' },
		LL_CLI_KEY_OPTIONS,
		LL_CLI_MANDATE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_case_info info = { 0 };
	struct ll_cli_mandate_args ma = { 0 };
	const char *store = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((rc = ll_cli_mandate_opt(cli, init_usage, &ma, c, optarg)) == 1)
			continue;
		if (rc)
			return rc;
		switch (c) {
		case 'i': info.case_id = optarg; break;
		case 't': info.title = optarg; break;
		case 'a': info.agency = optarg; break;
		case 'A': info.authority = optarg; break;
		case 'S': store = optarg; break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(init_usage);
		default: return ll_cli_usage(cli, init_usage, "bad option");
		}
	}
	if (optind != argc - 1)
		return ll_cli_usage(cli, init_usage, "one directory is required");
	if (!info.case_id || !info.title)
		return ll_cli_usage(cli, init_usage, "--case-id and --title are required");
	if ((rc = LL_CLI_TEXT_ARGS(cli, init_usage, { "--case-id", info.case_id },
				   { "--title", info.title }, { "--agency", info.agency },
				   { "--authority", info.authority })))
		return rc;
	if ((rc = ll_cli_mandate_check(cli, init_usage, &ma)))
		return rc;
	if (store && !ll_pg_is_url(store))
		return ll_cli_usage(cli, init_usage, "--store takes a postgresql:// URL");
	if ((rc = ll_case_init(argv[optind], &info)) < 0)
		return ll_cli_fail(cli, rc);
	/* checked above: a case is not left without the mandate it was created with */
	if (ll_mandate_update_any(&ma.u)) {
		struct ll_case *cs = NULL;

		if ((rc = ll_case_open(&cs, argv[optind])) == 0)
			rc = ll_mandate_apply(cs->store, &ma.u, cs->created_ns);
		ll_case_free(cs);
		if (rc < 0)
			return ll_cli_fail(cli, rc);
	}
	/* the case in the server too, the workspace attached to it (cli/pg/cmd_case_ws.c) */
	if (store && (rc = ll_case_init_store(cli, argv[optind], store)) < 0) {
		ll_error_context("the workspace %s was made but is not attached", argv[optind]);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:s}", "ok", 1, "case_id",
					info.case_id, "title", info.title, "dir",
					argv[optind]);

		return ll_cli_print_json(doc, "lifeline.case.init/1") ? LL_EXIT_OUTPUT : 0;
	}
	printf("created case %s in %s\n", ll_cli_q(info.case_id), ll_cli_qname(argv[optind]));
	return 0;
}

static const char show_usage[] =
	"usage: lifeline case show [--json]\n"
	"\n"
	"Prints the case record, its evidence items with their state and media\n"
	"SHA-256, and the head of the custody ledger (keep that hash elsewhere:\n"
	"'custody verify --head HASH' checks that no entry was removed since).\n";

static int case_show(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_case *cs = NULL;
	struct ll_evidence **list = NULL;
	size_t n = 0;
	json_t *doc = NULL, *ev = NULL, *mandate = NULL;
	char head[65], t[48];
	int64_t seq;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return ll_cli_help(show_usage);
	if (argc > 1)
		return ll_cli_usage(cli, show_usage, "unexpected argument '%s'", argv[1]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	if ((rc = ll_custody_head(&seq, head, cs->store)) < 0)
		goto fail;
	if ((rc = ll_evidence_list(&list, &n, cs->store, NULL, 0)) < 0)
		goto fail;
	if ((rc = ll_mandate_load(&mandate, cs->store)) < 0)
		goto fail;
	ll_cli_time(t, cs->created_ns);
	ev = json_array();
	if (!cli->json) {
		printf("case       %s\ntitle      %s\n", ll_cli_q(cs->case_id), ll_cli_q(cs->title));
		if (cs->agency)
			printf("agency     %s\n", ll_cli_q(cs->agency));
		if (cs->authority)
			printf("authority  %s\n", ll_cli_q(cs->authority));
		printf("created    %s\ndirectory  %s\n", t, ll_cli_qname(cs->dir));
		ll_cli_mandate_print(mandate);
		printf("ledger     %" PRId64 " entries, head %s\n\nevidence\n", seq, head);
	}
	for (size_t i = 0; i < n; i++) {
		const char *id = list[i]->id;
		const char *kind = list[i]->kind;
		const char *state = list[i]->state;
		const char *fmt = list[i]->format;
		const char *sha = list[i]->has_sha256 ? list[i]->sha256 : NULL;
		const char *desc = list[i]->description;

		if (cli->json) {
			json_t *o = json_pack("{s:s, s:s, s:s}", "id", id, "kind", kind,
					      "state", state);

			json_object_set_new(o, "format", fmt ? json_string(fmt) : json_null());
			json_object_set_new(o, "media_size",
					    list[i]->media_size < 0
						    ? json_null()
						    : json_integer(list[i]->media_size));
			json_object_set_new(o, "sha256", sha ? json_string(sha) : json_null());
			json_object_set_new(o, "description", desc ? json_stringn(desc, strlen(desc)) : json_null());
			json_array_append_new(ev, o);
		} else {
			printf("  %-8s %-6s %-10s %s %s\n", ll_cli_q(id), kind, state,
			       sha ? sha : "-", ll_cli_q(desc));
		}
	}
	if (cli->json) {
		doc = json_pack("{s:s, s:s, s:s, s:s, s:{s:I, s:s}}", "case_id",
				cs->case_id, "title", cs->title, "created", t, "dir",
				cs->dir, "ledger", "entries", (json_int_t)seq, "head", head);
		json_object_set_new(doc, "agency", cs->agency ? json_string(cs->agency) : json_null());
		json_object_set_new(doc, "authority",
				    cs->authority ? json_string(cs->authority) : json_null());
		json_object_set_new(doc, "evidence", ev);
		json_object_set_new(doc, "mandate", mandate);
		ev = mandate = NULL;
		rc = ll_cli_print_json(doc, "lifeline.case.show/1");
	} else if (n == 0) {
		printf("  (none)\n");
	}
	json_decref(ev);
	json_decref(mandate);
	ll_evidence_list_free(list, n);
	return rc < 0 ? LL_EXIT_OUTPUT : 0;
fail:
	json_decref(ev);
	json_decref(mandate);
	ll_evidence_list_free(list, n);
	return ll_cli_fail(cli, rc);
}

int cmd_case(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "init", case_init, 0, "create a case workspace" },
		{ "set", cmd_case_set, LL_CMD_CASE | LL_CMD_UNIT_CASE | LL_CMD_SIGNER,
		  "record the mandate" },
		{ "show", case_show, LL_CMD_CASE_RO, "print the case" },
		{ "push", ll_case_push, LL_CMD_SIGNER, "copy the case into a PostgreSQL store" },
		{ "export", ll_case_export, 0, "a PostgreSQL store's case as a case directory" },
		{ "attach", ll_case_attach, 0, "a workspace of a PostgreSQL store's case" },
		{ "sync", ll_case_sync, 0, "pull the server's case into the workspace" },
		{ "status", ll_case_status, 0, "whether the workspace is attached, and its last sync" },
		{ "query", ll_case_query, 0, "a time window of a PostgreSQL store's case" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), case_usage);
}
