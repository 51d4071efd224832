/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifeline movements: the movement edges `analyze detect` built, with their
 * basis; and the build itself, which `analyze detect` calls at its end.
 */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyze/movement/movement.h"
#include "core/case.h"
#include "core/error.h"

static const char movements_usage[] =
	"usage: lifeline movements [--json] [--host H] [--from ADDR]\n"
	"\n"
	"Lists the movement edges the last 'analyze detect' built: each piece of\n"
	"evidence that an account reached a host from somewhere (Windows logons,\n"
	"RDP, shares, services and tasks installed by a session from another\n"
	"host, sshd, wtmp/btmp, audit logins, web requests), in time order: UTC\n"
	"time, kind, source (address, name, inventory host or 'external'), the\n"
	"host reached, account, and the sentence and event it rests on.\n"
	"\n"
	"  --host H     only edges to or from host H (no case, no domain)\n"
	"  --from ADDR  only edges whose source address, name or host is ADDR\n";

int cmd_movements_build(struct ll_cli *cli)
{
	struct ll_movement_report rep;
	const char *k;
	json_t *v;
	bool first = true;
	int rc;

	if ((rc = ll_movement_build(&rep, cli->cs->store)) < 0)
		return rc;
	/* --json: detect's document stays the only one on stdout; `movements --json` has them */
	if (!cli->json) {
		printf("%zu movement edges", rep.edges);
		json_object_foreach(rep.by_kind, k, v) {
			printf("%s %s %" JSON_INTEGER_FORMAT, first ? ":" : ",", k,
			       json_integer_value(v));
			first = false;
		}
		printf("\n");
		if ((v = json_object_get(rep.skipped, LL_MOVEMENT_UNTIED)))
			printf("%" JSON_INTEGER_FORMAT " service or task installs: no logon from another"
			       " host before them, no edge\n", json_integer_value(v));
	}
	json_object_foreach(rep.refused, k, v)
		fprintf(stderr, "lifeline: analyze detect: %" JSON_INTEGER_FORMAT
				" record%s refused for movement: %s\n", json_integer_value(v),
				json_integer_value(v) == 1 ? "" : "s", k);
	ll_movement_report_release(&rep);
	return 0;
}

static json_t *edge_json(const struct ll_movement_edge *e)
{
	char t[48];

	ll_cli_time(t, e->time_ns);
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:s, s:s?, s:o, s:b, s:I,"
			 " s:o, s:s?, s:s}",
			 "id", (json_int_t)e->id, "time", t, "kind", e->kind,
			 "from_addr", e->from_addr, "from_name", e->from_name,
			 "from_host", e->from_host, "external", ll_movement_external(e),
			 "to_host", e->to_host, "account", e->account,
			 "logon_type", e->logon_type >= 0 ? json_integer(e->logon_type) : json_null(),
			 "success", e->success, "event_id", (json_int_t)e->event_id,
			 "logon_event_id", e->logon_event_id ?
				json_integer(e->logon_event_id) : json_null(),
			 "evidence_id", e->evidence_id, "basis", e->basis);
}

static void edge_text(const struct ll_movement_edge *e)
{
	char t[48];

	ll_cli_time(t, e->time_ns);
	printf("%s  %-18s %s", t, e->kind, e->from_name ? ll_cli_q(e->from_name) : "");
	if (e->from_addr)
		printf("%s%s%s", e->from_name ? " (" : "", e->from_addr, e->from_name ? ")" : "");
	printf(" [%s] -> %s  %s%s\n",
	       e->from_host ? ll_cli_q(e->from_host)
			    : ll_movement_external(e) ? "external" : "unresolved",
	       ll_cli_q(e->to_host), e->account ? ll_cli_q(e->account) : "-",
	       e->success ? "" : "  (failed)");
	printf("    %s\n", ll_cli_q(e->basis));
}

int cmd_movements(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "from", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_movement_list l = { NULL, 0 };
	const char *host = NULL, *from = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'H': host = optarg; break;
		case 'f': from = optarg; break;
		case 'h': return ll_cli_help(movements_usage);
		default: return ll_cli_usage(cli, movements_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, movements_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	if ((rc = ll_movement_load(&l, cli->cs->store, host, from)) < 0)
		return ll_cli_fail(cli, rc);
	if (cli->json) {
		json_t *arr = json_array(), *doc;

		for (size_t i = 0; arr && i < l.n; i++)
			if (json_array_append_new(arr, edge_json(&l.v[i])) < 0) {
				json_decref(arr);
				arr = NULL;
			}
		doc = arr ? json_pack("{s:I, s:o}", "count", (json_int_t)l.n, "edges", arr) : NULL;
		ll_movement_list_release(&l);
		if (!doc)
			return ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
		return ll_cli_print_json(doc, "lifeline.movements/1") ? LL_EXIT_OUTPUT : 0;
	}
	for (size_t i = 0; i < l.n; i++)
		edge_text(&l.v[i]);
	if (l.n == 0)
		printf("(no movement edges)\n");
	ll_movement_list_release(&l);
	return 0;
}
