/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline findings list: what `analyze detect` found, with the events cited. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyze/detect/findings.h"
#include "core/case.h"
#include "core/error.h"

static const char findings_usage[] =
	"usage: lifeline findings <subcommand>\n"
	"\n"
	"  list [--rule ID] [--severity LEVEL] [--json]\n"
	"               the findings of 'analyze detect', in time order\n";

static const char list_usage[] =
	"usage: lifeline findings list [--rule ID] [--severity LEVEL] [--json]\n"
	"\n"
	"Lists the stored findings in time order: severity, confidence, UTC time\n"
	"span, host, rule, ATT&CK techniques and the ids of the events each rests\n"
	"on ('timeline' commands show those events).\n"
	"\n"
	"  --rule ID         only findings of this rule id\n"
	"  --severity LEVEL  only this severity or higher (informational, low,\n"
	"                    medium, high, critical)\n";

static int sev_rank(const char *s)
{
	static const char *const levels[] = { "informational", "low", "medium", "high", "critical" };

	for (size_t i = 0; s && i < LL_ARRAY_SIZE(levels); i++)
		if (!strcmp(levels[i], s))
			return (int)i;
	return -1;
}

/* One finding as `findings list --json` shows it. */
static int finding_json(json_t **out, const struct ll_finding_row *f)
{
	json_t *techs = f->techniques ? json_loads(f->techniques, 0, NULL) : NULL;
	json_t *det = f->details ? json_loads(f->details, 0, NULL) : json_object();
	json_t *ids = json_array();
	char t0[48], t1[48];

	if (!det) {
		json_decref(techs);
		json_decref(ids);
		return ll_error_set(LL_ECORRUPT, "finding %" PRId64 ": its details are not JSON",
				    f->id);
	}
	for (size_t i = 0; ids && i < f->nevents; i++)
		if (json_array_append_new(ids, json_integer(f->events[i])) < 0) {
			json_decref(ids);
			ids = NULL;
		}
	if (!techs)
		techs = json_array();
	ll_cli_time(t0, f->first_ns);
	ll_cli_time(t1, f->last_ns);
	/* json_pack takes the "o" values even when it fails */
	*out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:s, s:s, s:I, s:s?, s:o, s:s, s:s?, s:o}",
			 "id", (json_int_t)f->id, "rule_id", f->rule_id, "title", f->title,
			 "source", f->source, "severity", f->severity, "techniques", techs,
			 "confidence", f->confidence, "host", f->host, "first", t0, "last", t1,
			 "event_count", (json_int_t)f->event_count, "description", f->description,
			 "details", det, "ruleset", f->ruleset, "ruleset_sha256", f->ruleset_sha256,
			 "event_ids", ids);
	return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

static void print_finding(const struct ll_finding_row *f)
{
	char t0[48], t1[48];

	ll_cli_time(t0, f->first_ns);
	ll_cli_time(t1, f->last_ns);
	printf("#%" PRId64 "  %-8s %-6s %s .. %s  %s\n", f->id, ll_cli_q(f->severity),
	       ll_cli_q(f->confidence), t0, t1, f->host ? ll_cli_q(f->host) : "-");
	printf("    %s  [%s]  %s\n", ll_cli_q(f->title), ll_cli_q(f->rule_id),
	       f->techniques ? ll_cli_q(f->techniques) : "[]");
	if (f->description)
		printf("    %s\n", ll_cli_q(f->description));
	printf("    events (%zu):", f->nevents);
	for (size_t i = 0; i < f->nevents && i < 20; i++)
		printf(" %" PRId64, f->events[i]);
	printf("%s\n", f->nevents > 20 ? " ..." : "");
}

/*
 * Rule/event pairs `analyze detect` could not evaluate (a regular expression
 * that hit a PCRE2 limit): neither findings nor non-matches.
 */
static int unevaluated_json(json_t **out, const struct ll_unevaluated_list *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < l->n; i++) {
		const struct ll_unevaluated *u = &l->v[i];

		if (json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:s, s:s}",
			"rule_id", u->rule_id, "title", u->title,
			"event_id", (json_int_t)u->event_id, "error", u->error,
			"ruleset", u->ruleset)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	*out = arr;
	return arr ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

static int list_json(json_t **out, const struct ll_finding_list *fl,
		     const struct ll_unevaluated_list *ul, int min)
{
	json_t *arr = json_array(), *une = NULL, *o = NULL;
	size_t n = 0;
	int rc = 0;

	if (!arr)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < fl->n && rc == 0; i++) {
		if (sev_rank(fl->v[i].severity) < min)
			continue;
		n++;
		if ((rc = finding_json(&o, &fl->v[i])) == 0 && json_array_append_new(arr, o) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (rc < 0 || (rc = unevaluated_json(&une, ul)) < 0) {
		json_decref(arr);
		return rc;
	}
	if (!(*out = json_pack("{s:I, s:o, s:o}", "count", (json_int_t)n, "findings", arr,
			       "not_evaluated", une)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static void list_text(const struct ll_finding_list *fl, const struct ll_unevaluated_list *ul,
		      int min)
{
	size_t n = 0;

	for (size_t i = 0; i < fl->n; i++) {
		if (sev_rank(fl->v[i].severity) < min)
			continue;
		n++;
		print_finding(&fl->v[i]);
	}
	if (n == 0)
		printf("(no findings)\n");
	for (size_t i = 0; i < ul->n; i++)
		printf("not evaluated: rule %s (%s) on event %" PRId64 ": %s\n",
		       ll_cli_q(ul->v[i].rule_id), ll_cli_q(ul->v[i].title), ul->v[i].event_id,
		       ll_cli_q(ul->v[i].error));
}

static int findings_list(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rule", required_argument, NULL, 'r' },
		{ "severity", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rule = NULL;
	int min = 0, c, rc;
	struct ll_case *cs = NULL;
	struct ll_finding_list fl = { NULL, 0 };
	struct ll_unevaluated_list ul = { NULL, 0 };
	json_t *doc = NULL;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rule = optarg; break;
		case 's':
			if ((min = sev_rank(optarg)) < 0)
				return ll_cli_usage(cli, list_usage, "unknown severity '%s'", optarg);
			break;
		case 'h': return ll_cli_help(list_usage);
		default: return ll_cli_usage(cli, list_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, list_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	if ((rc = ll_findings_load(&fl, cs->store, rule, 0)) == 0)
		rc = ll_findings_unevaluated(&ul, cs->store, rule);
	if (rc == 0 && cli->json)
		rc = list_json(&doc, &fl, &ul, min);
	if (rc < 0)
		rc = ll_cli_fail(cli, rc);
	else if (cli->json)
		rc = ll_cli_print_json(doc, "lifeline.findings.list/1") ? LL_EXIT_OUTPUT : 0;
	else
		list_text(&fl, &ul, min);
	ll_finding_list_release(&fl);
	ll_unevaluated_list_release(&ul);
	return rc;
}

int cmd_findings(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "list", findings_list, LL_CMD_CASE_RO, "list findings" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), findings_usage);
}
