/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline evidence list|verify: the items of the case, their hashes and state. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "collect/everify.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/store.h"

static const char evidence_usage[] =
	"usage: lifeline evidence <subcommand>\n"
	"\n"
	"  list          list the evidence items with their hashes and state\n"
	"  verify [ID...]\n"
	"                re-hash the stored files (and the media inside images)\n"
	"                and compare with what the ledger recorded\n";

static const char list_usage[] =
	"usage: lifeline evidence list [--json]\n"
	"\n"
	"Lists every evidence item: id, state, kind and format, size, media hashes\n"
	"(MD5, SHA-1, SHA-256 of the bytes read), unreadable bytes and the stored\n"
	"files with their SHA-256. An item whose acquisition was interrupted shows\n"
	"as incomplete.\n";

static int64_t unreadable_of(struct ll_case *cs, const char *id)
{
	sqlite3_stmt *s = NULL;
	int64_t v = 0;

	if (ll_store_prepare(&s, cs->store,
			     "SELECT unreadable_bytes FROM evidence WHERE id = ?") < 0)
		return 0;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static json_t *item_json(struct ll_case *cs, const struct ll_evidence *e)
{
	json_t *files = json_array();
	json_t *o;

	for (size_t i = 0; i < e->nfiles; i++) {
		json_t *f = json_pack("{s:s, s:s, s:I, s:s}", "path", e->files[i].path, "role",
				      e->files[i].role, "size", (json_int_t)e->files[i].size,
				      "sha256", e->files[i].sha256);

		json_object_set_new(f, "orig_path", e->files[i].orig_path
							    ? json_string(e->files[i].orig_path)
							    : json_null());
		json_array_append_new(files, f);
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I}", "id", e->id, "state", e->state,
		      "status", ll_evidence_state_label(e->state), "kind", e->kind, "files",
		      files, "unreadable_bytes", (json_int_t)unreadable_of(cs, e->id));
	json_object_set_new(o, "format", e->format ? json_string(e->format) : json_null());
	json_object_set_new(o, "description",
			    e->description ? json_string(e->description) : json_null());
	json_object_set_new(o, "source", e->source ? json_string(e->source) : json_null());
	json_object_set_new(o, "media_size",
			    e->media_size >= 0 ? json_integer(e->media_size) : json_null());
	json_object_set_new(o, "md5", e->md5[0] ? json_string(e->md5) : json_null());
	json_object_set_new(o, "sha1", e->sha1[0] ? json_string(e->sha1) : json_null());
	json_object_set_new(o, "sha256", e->sha256[0] ? json_string(e->sha256) : json_null());
	return o;
}

static int evidence_list(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_evidence **list = NULL;
	struct ll_case *cs = NULL;
	size_t n = 0;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return ll_cli_help(list_usage);
	if (argc > 1)
		return ll_cli_usage(cli, list_usage, "unexpected argument '%s'", argv[1]);
	if ((rc = ll_cli_open_case(cli, &cs)) < 0)
		return ll_cli_fail(cli, rc);
	if ((rc = ll_evidence_list(&list, &n, cs->store, NULL, 0)) < 0) {
		ll_case_free(cs);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json) {
		json_t *items = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, item_json(cs, list[i]));
		rc = ll_cli_print_json(json_pack("{s:b, s:o}", "ok", 1, "items", items),
				       "lifeline.evidence.list/1")
			     ? LL_EXIT_OUTPUT
			     : 0;
	} else {
		if (n == 0)
			printf("(no evidence items)\n");
		for (size_t i = 0; i < n; i++) {
			const struct ll_evidence *e = list[i];
			int64_t bad = unreadable_of(cs, e->id);

			printf("%-8s %-24s %s/%s", e->id, ll_evidence_state_label(e->state),
			       e->kind, e->format ? e->format : "-");
			if (e->media_size >= 0)
				printf(" %" PRId64 " bytes", e->media_size);
			printf("  %s\n", e->description ? e->description : "");
			if (e->md5[0])
				printf("         md5 %s  sha1 %s\n         sha256 %s\n", e->md5,
				       e->sha1, e->sha256);
			if (bad)
				printf("         unreadable: %" PRId64 " bytes (zero-filled)\n", bad);
			for (size_t j = 0; j < e->nfiles; j++)
				printf("         %s  %s\n", e->files[j].sha256, e->files[j].path);
		}
		rc = 0;
	}
	ll_evidence_list_free(list, n);
	ll_case_free(cs);
	return rc;
}

static const char verify_usage[] =
	"usage: lifeline evidence verify [ID...] [--json]\n"
	"\n"
	"Re-hashes the stored files of each item (all, or the IDs given) and\n"
	"compares size and SHA-256 with the case record; for images also reads the\n"
	"media back (E01 through libewf) and compares MD5, SHA-1 and SHA-256.\n"
	"Exits 1 when anything differs or a named item is not registered.\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	LL_UNUSED(sig);
	stop_flag = 1;
}

static int evidence_verify(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_evidence **list = NULL;
	struct ll_case *cs = NULL;
	json_t *items = NULL;
	size_t n = 0, bad = 0, checked = 0;
	bool named;
	int rc = 0;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return ll_cli_help(verify_usage);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return ll_cli_usage(cli, verify_usage, "unknown option '%s'", argv[i]);
	named = argc > 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if ((rc = ll_cli_open_case(cli, &cs)) < 0)
		return ll_cli_fail(cli, rc);
	items = json_array();
	if ((rc = ll_evidence_list(&list, &n, cs->store, argv + 1, (size_t)(argc - 1))) < 0) {
		ll_case_free(cs);
		json_decref(items);
		return ll_cli_fail(cli, rc);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ll_everify_report rep;
		json_t *o;

		if ((rc = ll_evidence_verify_item(&rep, cs, list[i], &stop_flag)) < 0)
			break;
		if (!rep.registered && !named) {
			if (!cli->json)
				printf("%-8s skipped: %s\n", list[i]->id,
				       ll_evidence_state_label(list[i]->state));
			o = json_pack("{s:s, s:s, s:b}", "id", list[i]->id, "result", "skipped",
				      "ok", 1);
			json_object_set_new(o, "status",
					    json_string(ll_evidence_state_label(list[i]->state)));
			json_array_append_new(items, o);
			ll_everify_report_release(&rep);
			continue;
		}
		checked++;
		if (!rep.ok)
			bad++;
		o = json_pack("{s:s, s:s, s:b, s:I}", "id", list[i]->id, "result",
			      rep.ok ? "ok" : "mismatch", "ok", rep.ok, "files",
			      (json_int_t)rep.nfiles);
		if (rep.media_checked)
			json_object_set_new(o, "media", json_pack("{s:s, s:s, s:s, s:I, s:b}", "md5",
								  rep.media.md5, "sha1",
								  rep.media.sha1, "sha256",
								  rep.media.sha256, "size",
								  (json_int_t)rep.media_size, "ok",
								  rep.media_ok));
		if (!rep.ok)
			json_object_set_new(o, "problem", json_string(rep.problem));
		json_array_append_new(items, o);
		if (!cli->json) {
			if (rep.ok)
				printf("%-8s OK: %zu file(s)%s\n", list[i]->id, rep.nfiles,
				       rep.media_checked ? ", media MD5/SHA-1/SHA-256 match" : "");
			else
				printf("%-8s MISMATCH: %s\n", list[i]->id, rep.problem);
			for (size_t j = 0; j < rep.nfiles; j++)
				if (!rep.files[j].ok)
					printf("         %s: %s\n", rep.files[j].path,
					       rep.files[j].problem);
		}
		ll_everify_report_release(&rep);
	}
	ll_evidence_list_free(list, n);
	ll_case_free(cs);
	if (rc < 0) {
		json_decref(items);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json)
		ll_cli_print_json(json_pack("{s:b, s:I, s:I, s:o}", "ok", bad == 0, "checked",
					    (json_int_t)checked, "failed", (json_int_t)bad,
					    "items", items),
				  "lifeline.evidence.verify/1");
	else {
		json_decref(items);
		printf("%zu item(s) checked, %zu failed\n", checked, bad);
	}
	if (bad)
		fprintf(stderr, "lifeline: evidence verify: %zu item(s) do not match the record\n",
			bad);
	return bad ? LL_EXIT_NEGATIVE : 0;
}

int cmd_evidence(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "list", evidence_list, "list items" },
		{ "verify", evidence_verify, "re-hash stored evidence" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), evidence_usage);
}
