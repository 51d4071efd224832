/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline findings list: what `analyze detect` found, with the events cited. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/case.h"
#include "core/error.h"
#include "core/store.h"

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

static json_t *event_ids(struct ll_store *st, sqlite3_stmt *ev, int64_t fid)
{
	json_t *a = json_array();

	LL_UNUSED(st);
	sqlite3_reset(ev);
	sqlite3_bind_int64(ev, 1, fid);
	while (sqlite3_step(ev) == SQLITE_ROW)
		json_array_append_new(a, json_integer(sqlite3_column_int64(ev, 0)));
	return a;
}

/*
 * Rule/event pairs `analyze detect` could not evaluate (a regular expression
 * that hit a PCRE2 limit): neither findings nor non-matches.
 */
static int list_unevaluated(json_t **out, struct ll_store *st, const char *rule)
{
	sqlite3_stmt *s = NULL;
	json_t *arr = json_array();
	int rc;

	if ((rc = ll_store_prepare(&s, st,
		"SELECT rule_id, title, event_id, error, ruleset FROM detect_unevaluated"
		" WHERE (?1 IS NULL OR rule_id = ?1) ORDER BY event_id, rule_id")) < 0) {
		json_decref(arr);
		return rc;
	}
	if (rule)
		sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:s, s:s}",
			"rule_id", (const char *)sqlite3_column_text(s, 0),
			"title", (const char *)sqlite3_column_text(s, 1),
			"event_id", (json_int_t)sqlite3_column_int64(s, 2),
			"error", (const char *)sqlite3_column_text(s, 3),
			"ruleset", (const char *)sqlite3_column_text(s, 4)));
	rc = rc == SQLITE_DONE ? 0 : ll_store_error(st, "reading rules not evaluated");
	sqlite3_finalize(s);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
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
	sqlite3_stmt *s = NULL, *ev = NULL;
	json_t *arr = json_array(), *une = NULL;
	size_t n = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rule = optarg; break;
		case 's':
			if ((min = sev_rank(optarg)) < 0) {
				json_decref(arr);
				return ll_cli_usage(cli, list_usage, "unknown severity '%s'", optarg);
			}
			break;
		case 'h': json_decref(arr); return ll_cli_help(list_usage);
		default: json_decref(arr); return ll_cli_usage(cli, list_usage, "bad option");
		}
	}
	if (optind != argc) {
		json_decref(arr);
		return ll_cli_usage(cli, list_usage, "unexpected argument '%s'", argv[optind]);
	}
	if ((rc = ll_cli_setup(cli)) < 0) {
		json_decref(arr);
		return ll_cli_fail(cli, rc);
	}
	cs = cli->cs;
	if ((rc = ll_store_prepare(&s, cs->store,
		"SELECT id, rule_id, title, source, severity, techniques, confidence, host,"
		" first_ns, last_ns, event_count, description, details, ruleset, ruleset_sha256"
		" FROM findings WHERE (?1 IS NULL OR rule_id = ?1)"
		" ORDER BY first_ns, id")) < 0 ||
	    (rc = ll_store_prepare(&ev, cs->store,
		"SELECT event_id FROM finding_events WHERE finding_id = ? ORDER BY event_id")) < 0)
		goto out;
	if (rule)
		sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *sev = (const char *)sqlite3_column_text(s, 4);
		const char *host = (const char *)sqlite3_column_text(s, 7);
		const char *tech = (const char *)sqlite3_column_text(s, 5);
		const char *desc = (const char *)sqlite3_column_text(s, 11);
		const char *det = (const char *)sqlite3_column_text(s, 12);
		int64_t fid = sqlite3_column_int64(s, 0);
		char t0[48], t1[48];
		json_t *ids, *techs;

		if (sev_rank(sev) < min)
			continue;
		techs = tech ? json_loads(tech, 0, NULL) : NULL;
		n++;
		ll_cli_time(t0, sqlite3_column_int64(s, 8));
		ll_cli_time(t1, sqlite3_column_int64(s, 9));
		ids = event_ids(cs->store, ev, fid);
		if (cli->json) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:s, s:s, s:I, s:s?, s:o, s:s, s:s?, s:o}",
				"id", (json_int_t)fid,
				"rule_id", (const char *)sqlite3_column_text(s, 1),
				"title", (const char *)sqlite3_column_text(s, 2),
				"source", (const char *)sqlite3_column_text(s, 3),
				"severity", sev, "techniques", techs ? techs : json_array(),
				"confidence", (const char *)sqlite3_column_text(s, 6),
				"host", host, "first", t0, "last", t1,
				"event_count", (json_int_t)sqlite3_column_int64(s, 10),
				"description", desc,
				"details", det ? json_loads(det, 0, NULL) : json_object(),
				"ruleset", (const char *)sqlite3_column_text(s, 13),
				"ruleset_sha256", (const char *)sqlite3_column_text(s, 14),
				"event_ids", ids);

			json_array_append_new(arr, o);
			continue;
		}
		printf("#%" PRId64 "  %-8s %-6s %s .. %s  %s\n", fid, ll_cli_q(sev),
		       ll_cli_q((const char *)sqlite3_column_text(s, 6)), t0, t1,
		       host ? ll_cli_q(host) : "-");
		printf("    %s  [%s]  %s\n", ll_cli_q((const char *)sqlite3_column_text(s, 2)),
		       ll_cli_q((const char *)sqlite3_column_text(s, 1)),
		       tech ? ll_cli_q(tech) : "[]");
		if (desc)
			printf("    %s\n", ll_cli_q(desc));
		printf("    events (%zu):", json_array_size(ids));
		for (size_t i = 0; i < json_array_size(ids) && i < 20; i++)
			printf(" %" JSON_INTEGER_FORMAT, json_integer_value(json_array_get(ids, i)));
		printf("%s\n", json_array_size(ids) > 20 ? " ..." : "");
		json_decref(ids);
		json_decref(techs);
	}
	rc = rc == SQLITE_DONE ? 0 : ll_store_error(cs->store, "reading findings");
	if (rc == 0)
		rc = list_unevaluated(&une, cs->store, rule);
out:
	sqlite3_finalize(s);
	sqlite3_finalize(ev);
	if (rc < 0) {
		json_decref(arr);
		json_decref(une);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:I, s:o, s:o}", "count", (json_int_t)n,
						   "findings", arr, "not_evaluated", une),
					 "lifeline.findings.list/1") ? LL_EXIT_OUTPUT : 0;
	json_decref(arr);
	if (n == 0)
		printf("(no findings)\n");
	{
		size_t i;
		json_t *u;

		json_array_foreach(une, i, u)
			printf("not evaluated: rule %s (%s) on event %" JSON_INTEGER_FORMAT ": %s\n",
			       ll_cli_q(json_string_value(json_object_get(u, "rule_id"))),
			       ll_cli_q(json_string_value(json_object_get(u, "title"))),
			       json_integer_value(json_object_get(u, "event_id")),
			       ll_cli_q(json_string_value(json_object_get(u, "error"))));
	}
	json_decref(une);
	return 0;
}

int cmd_findings(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "list", findings_list, LL_CMD_CASE_RO, "list findings" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), findings_usage);
}
