/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze detect: rules and fs detectors over the case's events. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/detect/detect.h"
#include "analyze/detect/first_logon.h"
#include "cli/progress.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"

int cmd_analyze_detect(struct ll_cli *cli, int argc, char **argv);

static const char detect_usage[] =
	"usage: lifeline analyze detect [--rules PATH] [--threshold NAME=VALUE]... [--no-fs] [--cluster-gap SECONDS] [--json]\n"
	"\n"
	"Runs Sigma rules over the case's Windows event-log events and Linux\n"
	"audit records, and the\n"
	"file-system detectors (encryption burst, ransom notes, deleted backups)\n"
	"over its file-system events, and stores findings that cite every event\n"
	"they rest on. A re-run replaces the findings of the same rule set; a\n"
	"signed 'detect' custody entry records the rule set and its SHA-256.\n"
	"Rules that cannot be evaluated are listed with the reason.\n"
	"\n"
	"  --rules PATH          a Sigma rule file or a directory of them (default:\n"
	"                        the built-in rules; LIFELINE_RULES_DIR moves them)\n"
	"  --threshold NAME=VAL  a detector threshold, e.g. burst.min_files=100\n"
	"                        (docs/rules.md lists them)\n"
	"  --no-fs               skip the file-system detectors\n"
	"  --cluster-gap SECONDS split one rule's matches on a host into separate\n"
	"                        findings at quiet gaps longer than this (3600)\n"
	"  --key FILE, --cert FILE\n"
	"                        the examiner key for the custody entry\n";

/*
 * Inside detect's transaction, before its signed custody entry: the
 * movement edges (issue 17: cli/cmd_movements.c), then the first logons
 * from new external addresses, which read the edges just built
 * (analyze/detect/first_logon.c). The entry counts the latter.
 */
static int edges_and_first_logons(void *payload, struct ll_detect_report *rep)
{
	struct ll_cli *cli = payload;
	int rc;

	if ((rc = cmd_movements_build(cli)) < 0)
		return rc;
	return ll_first_logon_run(cli->cs->store, rep->sha256, &rep->first_logon_findings);
}

int cmd_analyze_detect(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "threshold", required_argument, NULL, 't' },
		{ "no-fs", no_argument, NULL, 'n' },
		{ "cluster-gap", required_argument, NULL, 'g' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_detect_opts o = { 0 };
	struct ll_detect_report rep = { 0 };
	struct ll_progress_cb pc;
	size_t first_logons = 0;
	char *end;
	int c, rc;

	ll_fs_thresholds_default(&o.th);
	o.cluster_gap_s = 3600;
	o.workers = true; /* the rule files are parsed sandboxed, as the readers read (analyze timeline) */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.rules = optarg; break;
		case 't':
			if (ll_fs_thresholds_set(&o.th, optarg) < 0)
				return ll_cli_usage(cli, detect_usage, "%s", ll_error_message());
			break;
		case 'n': o.no_fs = true; break;
		case 'g':
			o.cluster_gap_s = strtoll(optarg, &end, 10);
			if (end == optarg || *end || o.cluster_gap_s <= 0)
				return ll_cli_usage(cli, detect_usage, "bad --cluster-gap '%s'", optarg);
			break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(detect_usage);
		default: return ll_cli_usage(cli, detect_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, detect_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	ll_progress_cb_init(&pc, "events", "events", cli->quiet);
	o.progress = ll_progress_cb; /* the events scanned by the rules */
	o.progress_payload = &pc;
	o.before_custody = edges_and_first_logons;
	o.before_custody_payload = cli;
	rc = ll_detect_run(&rep, cli->cs, cli->signer, &o);
	ll_progress_cb_end(&pc);
	if (rc < 0) {
		ll_detect_report_release(&rep);
		return ll_cli_fail(cli, rc);
	}
	first_logons = rep.first_logon_findings;
	/* a rule whose answer is unknown for an event: the result is partial (exit 4) */
	if (rep.not_evaluated)
		fprintf(stderr,
			"lifeline: analyze detect: %" PRIu64 " rule/event pair%s not evaluated (a regular expression hit a PCRE2 limit or failed); see %s and `findings list`\n",
			rep.not_evaluated, rep.not_evaluated == 1 ? "" : "s",
			cli->json ? "\"not_evaluated\"" : "below");
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:I, s:O}",
					"ok", 1, "ruleset", rep.ruleset, "ruleset_sha256", rep.sha256,
					"rule_files", (json_int_t)rep.files,
					"rules", (json_int_t)rep.rules,
					"events_scanned", (json_int_t)rep.events,
					"matches", (json_int_t)rep.matches,
					"findings", (json_int_t)rep.findings,
					"fs_findings", (json_int_t)rep.fs_findings,
					"first_logon_findings", (json_int_t)first_logons,
					"custody_seq", (json_int_t)rep.custody_seq,
					"skipped", rep.by_reason, "skipped_rules", rep.skips,
					"not_evaluated_count", (json_int_t)rep.not_evaluated,
					"not_evaluated", rep.unevaluated);
		bool partial = rep.not_evaluated > 0;

		ll_detect_report_release(&rep);
		if (ll_cli_print_json(doc, "lifeline.analyze.detect/1"))
			return LL_EXIT_OUTPUT;
		return partial ? LL_EXIT_CORRUPT : 0;
	}
	printf("rule set %s (sha256 %s)\n", rep.ruleset, rep.sha256);
	printf("%zu of %zu rule files loaded; %" PRIu64 " events scanned, %" PRIu64 " matches\n",
	       rep.rules, rep.files, rep.events, rep.matches);
	printf("%zu findings from rules, %zu from file-system detectors\n", rep.findings,
	       rep.fs_findings);
	printf("%zu first logon%s from a new external address\n", first_logons,
	       first_logons == 1 ? "" : "s");
	if (rep.skipped) {
		size_t i;
		json_t *s;

		fprintf(stderr, "lifeline: analyze detect: %zu rules not evaluated:\n", rep.skipped);
		json_array_foreach(rep.skips, i, s)
			fprintf(stderr, "  %s: %s\n",
				ll_cli_qname(json_string_value(json_object_get(s, "path"))),
				ll_cli_q(json_string_value(json_object_get(s, "detail"))));
	}
	if (rep.not_evaluated) {
		size_t i;
		json_t *u;

		printf("%" PRIu64 " rule/event pairs not evaluated:\n", rep.not_evaluated);
		json_array_foreach(rep.unevaluated, i, u)
			printf("  not evaluated: rule %s (%s) on event %" JSON_INTEGER_FORMAT ": %s\n",
			       ll_cli_q(json_string_value(json_object_get(u, "rule_id"))),
			       ll_cli_q(json_string_value(json_object_get(u, "title"))),
			       json_integer_value(json_object_get(u, "event_id")),
			       ll_cli_q(json_string_value(json_object_get(u, "error"))));
		if (rep.not_evaluated > json_array_size(rep.unevaluated))
			printf("  … and %" PRIu64 " more (findings list --json)\n",
			       rep.not_evaluated - json_array_size(rep.unevaluated));
		ll_detect_report_release(&rep);
		return LL_EXIT_CORRUPT;
	}
	ll_detect_report_release(&rep);
	return 0;
}
