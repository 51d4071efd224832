/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline evidence list|verify: the items of the case, their hashes and state. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/check_worker.h"
#include "collect/everify.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/json.h"
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

static json_t *item_json(const struct ll_evidence *e)
{
	json_t *files = json_array();
	json_t *o;
	bool esc = ll_cli_name_needs_escape(e->source);

	/* names that are not UTF-8: escaped as in the custody entry (docs/formats/custody.md) */
	for (size_t i = 0; i < e->nfiles; i++)
		esc = esc || ll_cli_name_needs_escape(e->files[i].path) ||
		      ll_cli_name_needs_escape(e->files[i].orig_path);
	for (size_t i = 0; i < e->nfiles; i++) {
		json_t *f = json_pack("{s:o, s:s, s:I, s:s}", "path",
				      ll_cli_name_json(e->files[i].path, esc), "role",
				      e->files[i].role, "size", (json_int_t)e->files[i].size,
				      "sha256", e->files[i].sha256);

		json_object_set_new(f, "orig_path", ll_cli_name_json(e->files[i].orig_path, esc));
		json_array_append_new(files, f);
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I}", "id", e->id, "state", e->state,
		      "status", ll_evidence_state_label(e->state), "kind", e->kind, "files",
		      files, "unreadable_bytes", (json_int_t)e->unreadable_bytes);
	if (esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	json_object_set_new(o, "format", e->format ? json_string(e->format) : json_null());
	json_object_set_new(o, "description",
			    e->description ? json_string(e->description) : json_null());
	json_object_set_new(o, "source", ll_cli_name_json(e->source, esc));
	json_object_set_new(o, "host", e->host ? json_string(e->host) : json_null());
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
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	if ((rc = ll_evidence_list(&list, &n, cs->store, NULL, 0)) < 0)
		return ll_cli_fail(cli, rc);
	if (cli->json) {
		json_t *items = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, item_json(list[i]));
		rc = ll_cli_print_json(json_pack("{s:b, s:o}", "ok", 1, "items", items),
				       "lifeline.evidence.list/1")
			     ? LL_EXIT_OUTPUT
			     : 0;
	} else {
		if (n == 0)
			printf("(no evidence items)\n");
		for (size_t i = 0; i < n; i++) {
			const struct ll_evidence *e = list[i];
			int64_t bad = e->unreadable_bytes;

			printf("%-8s %-24s %s/%s", ll_cli_q(e->id), ll_evidence_state_label(e->state),
			       e->kind, e->format ? e->format : "-");
			if (e->media_size >= 0)
				printf(" %" PRId64 " bytes", e->media_size);
			printf("  %s\n", ll_cli_q(e->description));
			if (e->host)
				printf("         host %s (collect --host)\n", e->host);
			if (e->md5[0])
				printf("         md5 %s  sha1 %s\n         sha256 %s\n", e->md5,
				       e->sha1, e->sha256);
			if (bad)
				printf("         unreadable: %" PRId64 " bytes (zero-filled)\n", bad);
			for (size_t j = 0; j < e->nfiles; j++)
				printf("         %s  %s\n", e->files[j].sha256,
				       ll_cli_qname(e->files[j].path));
		}
		rc = 0;
	}
	ll_evidence_list_free(list, n);
	return rc;
}

static const char verify_usage[] =
	"usage: lifeline evidence verify [ID...] [--key FILE] [--cert FILE] [--json]\n"
	"\n"
	"Checks the custody ledger, then re-hashes the stored files of each item\n"
	"(all, or the IDs given) and compares size and SHA-256 with what the\n"
	"item's signed 'register' or 'collect' custody entry recorded and with the\n"
	"case record (which must agree with the ledger); for images, and virtual\n"
	"disks collected as files, it also reads the media back (E01 through\n"
	"libewf, a VMDK/VHD/VHDX/QCOW through libtsk's image layer) and compares\n"
	"MD5, SHA-1 and SHA-256.\n"
	"Appends one signed 'verify' custody entry with the result of every item,\n"
	"a failed verification included, and prints the new head.\n"
	"Exits 1 when anything differs or a named item is not registered, 6 when\n"
	"the custody ledger itself does not verify (nothing is appended then).\n"
	"\n"
	"  --key FILE, --cert FILE\n"
	"                        the examiner key\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	LL_UNUSED(sig);
	stop_flag = 1;
}

/* One item's result, for the custody entry and --json. */
static json_t *result_json(const struct ll_evidence *ev, const struct ll_everify_report *rep,
			   const struct ll_everify_ledger *lg)
{
	json_t *files = json_array(), *o;
	bool esc = false;

	for (size_t j = 0; j < rep->nfiles; j++)
		esc = esc || ll_cli_name_needs_escape(rep->files[j].path);
	for (size_t j = 0; j < rep->nfiles; j++) {
		const struct ll_everify_file *f = &rep->files[j];
		json_t *fo = json_pack("{s:o, s:b, s:I}", "path", ll_cli_name_json(f->path, esc),
				       "ok", f->ok, "size", (json_int_t)f->size);

		json_object_set_new(fo, "sha256", f->sha256[0] ? json_string(f->sha256)
							       : json_null());
		if (!f->ok)
			json_object_set_new(fo, "problem", ll_json_string_lossy(f->problem,
										strlen(f->problem)));
		json_array_append_new(files, fo);
	}
	o = json_pack("{s:s, s:s, s:b, s:o}", "id", ev->id, "result",
		      rep->ok ? "ok" : "mismatch", "ok", rep->ok, "files", files);
	json_object_set_new(o, "ledger_entry", lg->found ? json_integer(lg->seq) : json_null());
	if (esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	if (rep->media_checked) {
		json_t *m = json_pack("{s:s, s:s, s:s, s:I, s:b}", "md5", rep->media.md5, "sha1",
				      rep->media.sha1, "sha256", rep->media.sha256, "size",
				      (json_int_t)rep->media_size, "ok", rep->media_ok);

		if (m && rep->media_problem[0])
			json_object_set_new(m, "problem",
					    ll_json_string_lossy(rep->media_problem,
								 strlen(rep->media_problem)));
		json_object_set_new(o, "media", m);
	}
	if (!rep->ok)
		json_object_set_new(o, "problem",
				    ll_json_string_lossy(rep->problem, strlen(rep->problem)));
	return o;
}

static void print_result(const struct ll_evidence *ev, const struct ll_everify_report *rep)
{
	if (rep->ok)
		printf("%-8s OK: %zu file(s)%s\n", ll_cli_q(ev->id), rep->nfiles,
		       rep->media_checked ? ", media MD5/SHA-1/SHA-256 match" : "");
	else
		printf("%-8s MISMATCH: %s\n", ll_cli_q(ev->id), ll_cli_q(rep->problem));
	for (size_t j = 0; j < rep->nfiles; j++)
		if (!rep->files[j].ok)
			printf("         %s: %s\n", ll_cli_qname(rep->files[j].path),
			       ll_cli_q(rep->files[j].problem));
	if (rep->media_problem[0] && strcmp(rep->media_problem, rep->problem))
		printf("         media: %s\n", ll_cli_q(rep->media_problem));
}

/* The signed 'verify' entry: what was checked, with what result, the hashes found. */
static int record_verify(struct ll_custody_entry *out, struct ll_case *cs,
			 const struct ll_signer *signer, json_t *items, size_t checked,
			 size_t bad, const char *only_id)
{
	struct ll_custody_request req = { 0 };
	json_t *d = json_pack("{s:O, s:I, s:I, s:s, s:s}", "items", items, "checked",
			      (json_int_t)checked, "failed", (json_int_t)bad, "result",
			      bad ? "mismatch" : "ok", "tool", "lifeline " LL_VERSION);
	char note[160], *txt = d ? ll_json_dump(d) : NULL;
	int rc;

	json_decref(d);
	if (!txt)
		return ll_error_set(LL_ENOMEM, "out of memory");
	snprintf(note, sizeof(note), "evidence verify: %zu item(s) checked, %zu failed", checked,
		 bad);
	req.action = "verify";
	req.evidence_id = only_id;
	req.note = note;
	req.details = txt;
	rc = ll_custody_append(out, cs->store, signer, &req);
	ll_free(txt);
	return rc;
}

static int evidence_verify(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_evidence **list = NULL;
	struct ll_case *cs = NULL;
	struct ll_signer *signer = NULL;
	struct ll_custody_report crep;
	struct ll_custody_entry entry = { 0 };
	const char *only_id = NULL;
	json_t *items = NULL;
	size_t n = 0, bad = 0, checked = 0;
	bool named;
	int c, rc = 0, code;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(verify_usage);
		default: return ll_cli_usage(cli, verify_usage, "bad option");
		}
	}
	named = optind < argc;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	signer = cli->signer;
	/* The ledger is the reference: it must hold before anything is compared with it. */
	if ((rc = ll_custody_verify(&crep, cs->store, NULL)) < 0) {
		if (rc == LL_EVERIFY)
			ll_error_set(rc, "the custody ledger does not verify (entry %" PRId64 ": %s); refusing to compare evidence with it",
				     crep.bad_seq, crep.reason);
		code = ll_cli_fail_code(cli, rc, rc == LL_EVERIFY ? LL_EXIT_INTEGRITY
								  : ll_cli_exit_code(rc));
		goto out;
	}
	items = json_array();
	if ((rc = ll_evidence_list(&list, &n, cs->store, argv + optind,
				   (size_t)(argc - optind))) < 0) {
		code = ll_cli_fail(cli, rc);
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ll_everify_report rep;
		struct ll_everify_ledger lg;
		/* an E01's media is hashed by libewf in a sandboxed worker, not here */
		struct ll_check_media mc = { .ev = list[i] };

		if ((rc = ll_everify_ledger_load(&lg, cs->store, list[i]->id)) < 0)
			break;
		rc = ll_evidence_verify_item_with(&rep, cs, list[i], &lg, &stop_flag,
						  ll_check_media_in_worker, &mc);
		if (rc < 0) {
			ll_everify_ledger_release(&lg);
			break;
		}
		if (!rep.registered && !named) {
			json_t *o = json_pack("{s:s, s:s, s:b}", "id", list[i]->id, "result",
					      "skipped", "ok", 1);

			if (!cli->json)
				printf("%-8s skipped: %s\n", ll_cli_q(list[i]->id),
				       ll_evidence_state_label(list[i]->state));
			json_object_set_new(o, "status",
					    json_string(ll_evidence_state_label(list[i]->state)));
			json_array_append_new(items, o);
		} else {
			checked++;
			if (!rep.ok)
				bad++;
			json_array_append_new(items, result_json(list[i], &rep, &lg));
			if (!cli->json)
				print_result(list[i], &rep);
		}
		ll_everify_report_release(&rep);
		ll_everify_ledger_release(&lg);
	}
	if (rc < 0) {
		/* Interrupted or unable to run: nothing was concluded, nothing is recorded. */
		code = ll_cli_fail(cli, rc);
		goto out;
	}
	if (n == 1)
		only_id = list[0]->id;
	/* A failed verification is recorded too: the result is part of the chain of custody. */
	if ((rc = record_verify(&entry, cs, signer, items, checked, bad, only_id)) < 0) {
		code = ll_cli_fail(cli, rc);
		goto out;
	}
	if (cli->json) {
		code = ll_cli_print_json(json_pack("{s:b, s:I, s:I, s:O, s:I, s:s}", "ok", bad == 0,
						   "checked", (json_int_t)checked, "failed",
						   (json_int_t)bad, "items", items, "verify_entry",
						   (json_int_t)entry.seq, "head", entry.hash),
					 "lifeline.evidence.verify/1")
			       ? LL_EXIT_OUTPUT
			       : 0;
	} else {
		printf("%zu item(s) checked, %zu failed\n", checked, bad);
		printf("custody entry %" PRId64 " (verify)\nhead %s\n", entry.seq, entry.hash);
		code = 0;
	}
	if (bad) {
		fprintf(stderr, "lifeline: evidence verify: %zu item(s) do not match the record\n",
			bad);
		code = LL_EXIT_NEGATIVE;
	}
out:
	json_decref(items);
	ll_evidence_list_free(list, n);
	return code;
}

int cmd_evidence(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "list", evidence_list, LL_CMD_CASE_RO, "list items" },
		{ "verify", evidence_verify,
		  LL_CMD_CASE | LL_CMD_UNIT_CASE | LL_CMD_EVIDENCE_FILES | LL_CMD_SIGNER,
		  "re-hash stored evidence" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), evidence_usage);
}
