/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline case set: the mandate of the case (core/expert/mandate.h), recorded in the ledger. */
#include "core/compat.h"
#include "cli/commands.h"
#include "cli/expert_opts.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

int ll_cli_mandate_opt(struct ll_cli *cli, const char *usage, struct ll_cli_mandate_args *a,
		       int c, const char *arg)
{
	switch (c) {
	case LL_OPT_M_REQ: a->u.requesting_authority = arg; return 1;
	case LL_OPT_M_BASIS: a->u.basis = arg; return 1;
	case LL_OPT_M_REF: a->u.reference = arg; return 1;
	case LL_OPT_M_DATE: a->u.date = arg; return 1;
	case LL_OPT_M_JURIS: a->u.jurisdiction = arg; return 1;
	case LL_OPT_M_QUESTION:
		a->u.questions = a->questions;
		a->u.set_questions = true;
		return ll_cli_list_add(cli, usage, a->questions, &a->u.nquestions,
				       LL_MANDATE_MAX_QUESTIONS, "question", arg);
	default: return 0;
	}
}

void ll_cli_mandate_print(const json_t *m)
{
	static const char *const k[][2] = {
		{ "requesting_authority", "requested by" }, { "basis", "basis       " },
		{ "reference", "reference   " }, { "date", "dated       " },
		{ "jurisdiction", "jurisdiction" },
	};

	if (!json_is_object(m)) {
		printf("mandate    (none recorded: 'lifeline case set')\n");
		return;
	}
	ll_cli_print_fields(m, k, LL_ARRAY_SIZE(k), "questions", "question", true);
}

/* A usage error for a value the mandate refuses, before the case or key is touched. */
int ll_cli_mandate_check(struct ll_cli *cli, const char *usage, const struct ll_cli_mandate_args *a)
{
	int rc;

	if ((rc = LL_CLI_TEXT_ARGS(cli, usage, { "--requesting-authority", a->u.requesting_authority },
				   { "--basis", a->u.basis }, { "--reference", a->u.reference },
				   { "--mandate-date", a->u.date })))
		return rc;
	for (size_t i = 0; i < a->u.nquestions; i++)
		if ((rc = LL_CLI_TEXT_ARGS(cli, usage, { "--question", a->questions[i] })))
			return rc;
	if (ll_mandate_check(&a->u) < 0)
		return ll_cli_usage(cli, usage, "%s", ll_error_message());
	return 0;
}

static const char set_usage[] =
	"usage: lifeline case set [--requesting-authority TEXT] [--basis TEXT] [--reference TEXT]\n"
	"                         [--mandate-date YYYY-MM-DD] [--question TEXT]...\n"
	"                         [--jurisdiction fr|ew|us] [--json]\n"
	"\n"
	"Records the mandate of the examination in the case and a signed custody\n"
	"entry (action 'mandate') with the new mandate in its details. Options not\n"
	"given are kept; an empty value removes a field; --question (repeat it, in\n"
	"order) replaces the questions, which the report quotes verbatim, numbered.\n"
	"\n"
	"  --requesting-authority TEXT  who instructed the examination\n"
	"  --basis TEXT                 the legal basis (réquisition, ordonnance, warrant…)\n"
	"  --reference TEXT             the instrument's reference\n"
	"  --mandate-date YYYY-MM-DD    its date\n"
	"  --question TEXT              a question as put (repeatable)\n"
	"  --jurisdiction fr|ew|us      whose declaration and statement of truth the\n"
	"                               report uses (France, England and Wales, US)\n";

int cmd_case_set(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		LL_CLI_MANDATE_OPTIONS,
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_cli_mandate_args a = { 0 };
	struct ll_custody_request req = { 0 };
	struct ll_custody_entry e;
	struct ll_case *cs;
	json_t *m = NULL;
	char *details = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((rc = ll_cli_mandate_opt(cli, set_usage, &a, c, optarg)) == 1)
			continue;
		if (rc)
			return rc;
		switch (c) {
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(set_usage);
		default: return ll_cli_usage(cli, set_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, set_usage, "unexpected argument '%s'", argv[optind]);
	if (!ll_mandate_update_any(&a.u))
		return ll_cli_usage(cli, set_usage, "nothing to set");
	if ((rc = ll_cli_mandate_check(cli, set_usage, &a)))
		return rc;
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	/* the change and its ledger entry commit together, or neither */
	if ((rc = ll_store_begin(cs->store)) < 0)
		return ll_cli_fail(cli, rc);
	if ((rc = ll_mandate_apply(cs->store, &a.u, ll_time_now_ns())) < 0 ||
	    (rc = ll_mandate_load(&m, cs->store)) < 0)
		goto fail;
	{
		json_t *d = json_pack("{s:O}", "mandate", m);

		details = d ? ll_json_dump(d) : NULL;
		json_decref(d);
	}
	if (!details) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	req.action = "mandate";
	req.note = "mandate of the examination recorded";
	req.details = details;
	if ((rc = ll_custody_append(&e, cs->store, cli->signer, &req)) < 0)
		goto fail;
	if ((rc = ll_store_commit(cs->store)) < 0)
		goto fail_committed;
	ll_free(details);
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:I, s:s, s:O}", "ok", 1, "seq", (json_int_t)e.seq,
					"head", e.hash, "mandate", m);

		json_decref(m);
		return ll_cli_print_json(doc, "lifeline.case.set/1") ? LL_EXIT_OUTPUT : 0;
	}
	ll_cli_mandate_print(m);
	printf("ledger     entry %" PRId64 ", head %s\n", e.seq, e.hash);
	json_decref(m);
	return 0;
fail:
	ll_store_rollback(cs->store);
fail_committed:
	ll_free(details);
	json_decref(m);
	return ll_cli_fail(cli, rc);
}
