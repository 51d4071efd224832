/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline custody add|log|verify|export: the signed, hash-chained ledger. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/store.h"
#include "cli/pg/cmd_case_pg.h"

static const char custody_usage[] =
	"usage: lifeline custody <subcommand>\n"
	"\n"
	"  add --action ACTION [--evidence ID] [--to NAME] [--location TEXT] --note TEXT\n"
	"               append a signed entry (transfer, receive, note, ...)\n"
	"  log          list the entries\n"
	"  verify [--head HASH]\n"
	"               recompute every hash and signature\n"
	"  export DIR   write chain.tsv, signatures and certificates for\n"
	"               checking with sha256sum and openssl alone\n";

static const char add_usage[] =
	"usage: lifeline custody add --action ACTION [--evidence ID] [--to NAME] [--location TEXT] --note TEXT\n"
	"\n"
	"Appends one entry to the custody ledger, signed with the examiner key, and\n"
	"prints the new head hash (keep it: 'custody verify --head' uses it).\n"
	"\n"
	"  --action ACTION  transfer, receive, check-out, check-in, note, dispose, ...\n"
	"  --evidence ID    the evidence item concerned\n"
	"  --to NAME        the person receiving the evidence (transfer)\n"
	"  --location TEXT  where it happened\n"
	"  --note TEXT      why (required)\n"
	"  --key FILE, --cert FILE\n"
	"                   the examiner key (else LIFELINE_KEY/LIFELINE_CERT or\n"
	"                   the files 'key new' wrote)\n"
	"  --store URL --case-id ID\n"
	"                   append to the chain of case ID in a PostgreSQL store\n"
	"                   (under the chain's lock: appenders at once make one chain)\n";

static int custody_add(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "action", required_argument, NULL, 'a' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "to", required_argument, NULL, 't' },
		{ "location", required_argument, NULL, 'l' },
		{ "note", required_argument, NULL, 'n' },
		{ "store", required_argument, NULL, 's' },
		{ "case-id", required_argument, NULL, 'i' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_custody_request req = { 0 };
	struct ll_custody_entry out;
	struct ll_case *cs = NULL;
	const char *store = NULL, *case_id = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; break;
		case 'i': case_id = optarg; break;
		case 'a': req.action = optarg; break;
		case 'e': req.evidence_id = optarg; break;
		case 't': req.to_name = optarg; break;
		case 'l': req.location = optarg; break;
		case 'n': req.note = optarg; break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(add_usage);
		default: return ll_cli_usage(cli, add_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, add_usage, "unexpected argument '%s'", argv[optind]);
	if (!req.action || !req.note || !*req.note)
		return ll_cli_usage(cli, add_usage, "--action and --note are required");
	if (!ll_custody_action_valid(req.action))
		return ll_cli_usage(cli, add_usage, "unknown action '%s'", req.action);
	if ((rc = LL_CLI_TEXT_ARGS(cli, add_usage, { "--evidence", req.evidence_id },
				   { "--to", req.to_name }, { "--location", req.location },
				   { "--note", req.note })))
		return rc;
	if (!strcmp(req.action, "transfer") && !req.to_name)
		return ll_cli_usage(cli, add_usage, "a transfer needs --to NAME");
	if (store || case_id) {
		if (!store || !case_id)
			return ll_cli_usage(cli, add_usage, "--store and --case-id go together");
		return ll_custody_pg_add(cli, store, case_id, &req);
	}
	if ((rc = ll_cli_setup_case(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	/* a missing item is reported before a missing key, as it always was */
	if ((req.evidence_id && (rc = ll_evidence_exists(cs->store, req.evidence_id)) < 0) ||
	    (rc = ll_cli_setup(cli)) < 0 ||
	    (rc = ll_custody_append(&out, cs->store, cli->signer, &req)) < 0)
		return ll_cli_fail(cli, rc);
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "seq",
						   (json_int_t)out.seq, "head", out.hash),
					 "lifeline.custody.add/1") ? LL_EXIT_OUTPUT : 0;
	printf("entry %" PRId64 " appended\nhead %s\n", out.seq, out.hash);
	return 0;
}

static const char log_usage[] =
	"usage: lifeline custody log [--json]\n"
	"\n"
	"Lists every custody entry: number, UTC time, examiner, action, evidence,\n"
	"note and entry hash. It does not verify them: use 'custody verify'.\n";

struct log_state {
	struct ll_cli *cli;
	json_t *arr;
	int64_t count;
};

static int log_one(const struct ll_custody_entry *e, const uint8_t *sig,
		   size_t siglen, void *payload)
{
	struct log_state *ls = payload;
	char t[48];

	LL_UNUSED(sig);
	LL_UNUSED(siglen);
	ll_cli_time(t, e->time_ns);
	ls->count++;
	if (ls->cli->json) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
				      "seq", (json_int_t)e->seq, "time", t, "actor",
				      e->actor, "actor_fingerprint", e->actor_fpr,
				      "action", e->action, "host", e->host, "tool",
				      e->tool, "prev_hash", e->prev_hash, "hash", e->hash);
		json_t *d = json_loads(e->details ? e->details : "{}", 0, NULL);

		json_object_set_new(o, "evidence", e->evidence_id ? json_string(e->evidence_id) : json_null());
		json_object_set_new(o, "location", e->location ? json_string(e->location) : json_null());
		json_object_set_new(o, "to", e->to_name ? json_string(e->to_name) : json_null());
		json_object_set_new(o, "note", e->note ? json_string(e->note) : json_null());
		json_object_set_new(o, "details", d ? d : json_object());
		json_array_append_new(ls->arr, o);
		return 0;
	}
	printf("%4" PRId64 "  %s  %-10s %-8s %-20s %s\n      hash %s\n", e->seq, t,
	       ll_cli_q(e->action), e->evidence_id ? ll_cli_q(e->evidence_id) : "-",
	       ll_cli_q(e->actor), ll_cli_q(e->note), e->hash);
	if (e->to_name)
		printf("      to %s\n", ll_cli_q(e->to_name));
	if (e->location)
		printf("      at %s\n", ll_cli_q(e->location));
	return 0;
}

static int custody_log(struct ll_cli *cli, int argc, char **argv)
{
	struct log_state ls = { cli, NULL, 0 };
	struct ll_case *cs = NULL;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return ll_cli_help(log_usage);
	if (argc > 1)
		return ll_cli_usage(cli, log_usage, "unexpected argument '%s'", argv[1]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	ls.arr = json_array();
	rc = ll_custody_foreach(cs->store, log_one, &ls);
	if (rc < 0) {
		json_decref(ls.arr);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:o}", "entries", ls.arr),
					 "lifeline.custody.log/1") ? LL_EXIT_OUTPUT : 0;
	if (ls.count == 0)
		printf("(no custody entries)\n");
	json_decref(ls.arr);
	return 0;
}

/* The verdict of a chain's check, for the terminal or --json; the exit code (cli/pg/cmd_case_pg.h). */
int ll_cli_custody_verified(struct ll_cli *cli, int rc, const struct ll_custody_report *rep)
{
	if (rc < 0 && rc != LL_EVERIFY)
		return ll_cli_fail(cli, rc);
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:I, s:s, s:I}", "ok", rc == 0, "entries",
					(json_int_t)rep->entries, "head", rep->head,
					"signers", (json_int_t)rep->signers);

		if (rc < 0) {
			json_object_set_new(doc, "bad_entry", json_integer(rep->bad_seq));
			json_object_set_new(doc, "reason", json_string(rep->reason));
		}
		ll_cli_print_json(doc, "lifeline.custody.verify/1");
	}
	if (rc < 0) {
		fprintf(stderr, "lifeline: custody verify: entry %" PRId64 ": %s\n",
			rep->bad_seq, ll_cli_q(rep->reason));
		return LL_EXIT_NEGATIVE;
	}
	if (!cli->json)
		printf("custody ledger OK: %" PRId64 " entries, %" PRId64
		       " signer(s), head %s\n",
		       rep->entries, rep->signers, rep->head);
	return 0;
}

static const char verify_usage[] =
	"usage: lifeline custody verify [--head HASH] [--store URL --case-id ID] [--json]\n"
	"\n"
	"Recomputes every entry's canonical line, hash, chain link, certificate\n"
	"fingerprint and signature. Reports the first broken entry by number and\n"
	"why; exits 1 on any failure.\n"
	"\n"
	"  --head HASH  the head hash you kept from an earlier command (8 to 64\n"
	"               hex digits): the ledger must still contain it, which\n"
	"               catches entries removed from the end\n"
	"  --store URL --case-id ID\n"
	"               verify the chain of case ID in a PostgreSQL store\n";

static int custody_verify(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "head", required_argument, NULL, 'H' },
		{ "store", required_argument, NULL, 's' },
		{ "case-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_custody_report rep;
	struct ll_case *cs = NULL;
	const char *head = NULL, *store = NULL, *case_id = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'H': head = optarg; break;
		case 's': store = optarg; break;
		case 'i': case_id = optarg; break;
		case 'h': return ll_cli_help(verify_usage);
		default: return ll_cli_usage(cli, verify_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, verify_usage, "unexpected argument '%s'", argv[optind]);
	if (store || case_id) {
		if (!store || !case_id)
			return ll_cli_usage(cli, verify_usage, "--store and --case-id go together");
		return ll_custody_pg_verify(cli, store, case_id, head);
	}
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	rc = ll_custody_verify(&rep, cs->store, head);
	return ll_cli_custody_verified(cli, rc, &rep);
}

static const char export_usage[] =
	"usage: lifeline custody export DIR\n"
	"\n"
	"Writes the ledger to the new directory DIR as chain.tsv (one canonical\n"
	"line per entry), sig/<seq>.der (each entry's ECDSA signature) and\n"
	"certs/<fingerprint>.pem. docs/formats/custody.md shows how to check them\n"
	"with sha256sum and openssl alone.\n";

static int custody_export(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_case *cs = NULL;
	const char *dir;
	int c, rc;

	/* getopt, not a look at argv[1]: an unknown option must be a usage
	 * error, never the name of the directory the ledger is written to
	 * (a DIR that starts with '-' goes after "--"). */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return ll_cli_help(export_usage);
		default: return ll_cli_usage(cli, export_usage, "bad option");
		}
	}
	if (argc - optind != 1)
		return ll_cli_usage(cli, export_usage, "one directory is required");
	dir = argv[optind];
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	rc = ll_custody_export(cs->store, dir);
	if (rc < 0)
		return ll_cli_fail(cli, rc);
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:b, s:s}", "ok", 1, "dir", dir),
					 "lifeline.custody.export/1") ? LL_EXIT_OUTPUT : 0;
	printf("custody ledger exported to %s\n", ll_cli_qname(dir));
	return 0;
}

int cmd_custody(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "add", custody_add, LL_CMD_CASE | LL_CMD_UNIT_CUSTODY | LL_CMD_SIGNER,
		  "append an entry" },
		{ "log", custody_log, LL_CMD_CASE_RO, "list entries" },
		{ "verify", custody_verify, LL_CMD_CASE_RO, "verify the ledger" },
		{ "export", custody_export, LL_CMD_CASE_RO, "export for stock-tool checks" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), custody_usage);
}
