/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze correlate: chains from patient harm to the attacker, endangerment, statistics. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyze/correlate/correlate.h"
#include "cli/progress.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/time.h"

static const char correlate_usage[] =
	"usage: lifeline analyze correlate [--attack FROM/TO] [--baseline FROM/TO]...\n"
	"\n"
	"Links each documented patient harm event to the service disruptions it\n"
	"names (or that overlap it on its unit), the clinical systems and hosts\n"
	"behind them (systems.csv), the findings on those hosts before the\n"
	"disruption began, and the earliest intrusion finding; lists every\n"
	"disruption of a life-critical service (endangerment); and compares each\n"
	"operational metric in the attack window with baseline windows (rate\n"
	"ratios with 95% CI, differences of medians). Stores the result in the\n"
	"case with a signed custody entry. Run 'analyze timeline' (hospital data)\n"
	"and 'analyze detect' (findings) first.\n"
	"\n"
	"  --attack FROM/TO    attack window, RFC 3339 times or dates (UTC)\n"
	"                      (default: first disruption to last restoration)\n"
	"  --baseline FROM/TO  a baseline window; repeatable (default: the same\n"
	"                      length just before the attack, and the same\n"
	"                      calendar window one year earlier)\n"
	"  --key FILE, --cert FILE   the examiner key for the custody entry\n";

static int parse_time(int64_t *ns, const char *s, size_t len)
{
	char buf[64];
	bool zone;

	if (len == 0 || len >= 40)
		return -1;
	if (len == 10)
		snprintf(buf, sizeof(buf), "%.*sT00:00:00Z", (int)len, s);
	else
		snprintf(buf, sizeof(buf), "%.*s", (int)len, s);
	return ll_time_parse_rfc3339(ns, &zone, buf, false) < 0 ? -1 : 0;
}

static int parse_window(struct ll_window *w, const char *arg)
{
	const char *slash = strchr(arg, '/');

	if (!slash || parse_time(&w->from, arg, (size_t)(slash - arg)) < 0 ||
	    parse_time(&w->to, slash + 1, strlen(slash + 1)) < 0 || w->to <= w->from)
		return -1;
	return 0;
}

static const char *s_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	/* harm data and findings come from evidence: quoted for the terminal */
	return s ? ll_cli_q(s) : "-";
}

static void print_ids(const char *label, const json_t *arr)
{
	size_t i;
	json_t *x;

	if (!json_array_size(arr))
		return;
	printf(" %s", label);
	json_array_foreach(arr, i, x) {
		if (json_is_integer(x))
			printf("%s%" JSON_INTEGER_FORMAT, i ? "," : " ", json_integer_value(x));
		else
			printf("%s%s", i ? "," : " ", ll_cli_q(json_string_value(x)));
	}
}

static void print_links(const json_t *links)
{
	size_t i;
	json_t *l;

	json_array_foreach(links, i, l) {
		const json_t *from = json_object_get(l, "from"), *to = json_object_get(l, "to");
		const json_t *cites = json_object_get(l, "cites");

		printf("    %-18s ", s_of(l, "kind"));
		if (json_is_integer(from))
			printf("finding %" JSON_INTEGER_FORMAT, json_integer_value(from));
		else
			printf("%s", ll_cli_q(json_string_value(from)));
		if (json_is_integer(to))
			printf(" -> finding %" JSON_INTEGER_FORMAT, json_integer_value(to));
		else
			printf(" -> %s", ll_cli_q(json_string_value(to)));
		printf("  [%s, %s]", s_of(l, "basis"), s_of(l, "confidence"));
		print_ids("events", json_object_get(cites, "events"));
		print_ids("findings", json_object_get(cites, "findings"));
		print_ids("rows", json_object_get(cites, "rows"));
		printf("\n");
	}
}

/* Links that rest on time alone: listed apart, never part of the chain. */
static void print_hypotheses(const json_t *h)
{
	if (!json_array_size(h))
		return;
	printf("    hypotheses (time only, at most low; not links of the chain):\n");
	print_links(h);
}

static void print_steps(const char *label, const json_t *steps)
{
	size_t i;
	json_t *x;

	/* a basis quotes attacker-written commands: bidi and zero-width made visible too */
	json_array_foreach(steps, i, x)
		printf("    %s %zu  %s [%s] %s\n", label, i + 1, s_of(x, "time"), s_of(x, "confidence"),
		       ll_cli_qname(json_string_value(json_object_get(x, "basis"))));
}

/* Per host behind a disrupted system, the attack path and its hypotheses. */
static void print_paths(const json_t *paths)
{
	size_t i;
	json_t *p;

	printf("\nattack paths (%zu):\n", json_array_size(paths));
	json_array_foreach(paths, i, p) {
		printf("  %s on %s, before %s: ", s_of(p, "system"), s_of(p, "host"), s_of(p, "until"));
		if (json_is_true(json_object_get(p, "complete")))
			printf("complete from %s, confidence %s%s\n", s_of(p, "actor"), s_of(p, "confidence"),
			       json_is_true(json_object_get(p, "impact_on_host")) ? ", impact on the host" : "");
		else
			printf("no connected path from a first access\n");
		print_steps("step", json_object_get(p, "steps"));
		print_steps("hypothesis", json_object_get(p, "hypotheses"));
	}
}

static void print_intrusion(const json_t *in)
{
	if (json_is_object(in))
		printf("    earliest intrusion: finding %" JSON_INTEGER_FORMAT " at %s on %s: %s\n",
		       json_integer_value(json_object_get(in, "finding")), s_of(in, "time"),
		       s_of(in, "host"), s_of(in, "title"));
}

static void print_stat(const json_t *e)
{
	const json_t *a = json_object_get(e, "attack"), *b = json_object_get(e, "baseline");
	const json_t *md = json_object_get(e, "median_difference");

	printf("  %s %s %s, baseline %s .. %s (%s):\n", s_of(e, "site_code"), s_of(e, "unit"),
	       s_of(e, "metric"), s_of(b, "from"), s_of(b, "to"), s_of(b, "label"));
	if (json_is_object(md)) {
		const json_t *ci = json_object_get(md, "ci95");

		printf("    median attack %.1f, baseline %.1f: difference %.1f (95%% CI %.1f to %.1f, bootstrap seed %" JSON_INTEGER_FORMAT ")\n",
		       json_number_value(json_object_get(md, "attack")),
		       json_number_value(json_object_get(md, "baseline")),
		       json_number_value(json_object_get(md, "difference")),
		       json_number_value(json_array_get(ci, 0)), json_number_value(json_array_get(ci, 1)),
		       json_integer_value(json_object_get(md, "bootstrap_seed")));
		return;
	}
	printf("    attack %" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(a, "count")));
	if (json_is_integer(json_object_get(a, "denominator")))
		printf("/%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(a, "denominator")));
	printf(" over %.1f d, baseline %" JSON_INTEGER_FORMAT,
	       json_number_value(json_object_get(a, "days")),
	       json_integer_value(json_object_get(b, "count")));
	if (json_is_integer(json_object_get(b, "denominator")))
		printf("/%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(b, "denominator")));
	printf(" over %.1f d: ", json_number_value(json_object_get(b, "days")));
	if (json_is_number(json_object_get(e, "rate_ratio")))
		printf("RR %.3f", json_number_value(json_object_get(e, "rate_ratio")));
	else
		printf("RR undefined (no baseline events)");
	{
		const json_t *ci = json_object_get(e, "ci95");

		printf(" (95%% CI %.3f-", json_number_value(json_array_get(ci, 0)));
		if (json_is_number(json_array_get(ci, 1)))
			printf("%.3f)", json_number_value(json_array_get(ci, 1)));
		else
			printf("inf)");
	}
	printf(", exact p %.2g\n    method: %s\n", json_number_value(json_object_get(e, "p_exact")),
	       s_of(e, "method"));
}

static void print_human(const json_t *doc)
{
	const json_t *aw = json_object_get(doc, "attack_window");
	size_t i;
	json_t *x;

	if (json_is_object(aw))
		printf("attack window %s .. %s (%s)\n", s_of(aw, "from"), s_of(aw, "to"), s_of(aw, "rule"));
	else
		printf("attack window: none (no disruptions and no --attack)\n");
	json_array_foreach(json_object_get(doc, "baseline_windows"), i, x)
		printf("baseline %zu    %s .. %s (%s)\n", i + 1, s_of(x, "from"), s_of(x, "to"),
		       s_of(x, "label"));
	printf("\nchains (%zu):\n", json_array_size(json_object_get(doc, "chains")));
	json_array_foreach(json_object_get(doc, "chains"), i, x) {
		size_t j;
		json_t *n;

		printf("  %s patient %s %s %s at %s: %s harm, %s, causality %s: %s, confidence %s\n",
		       s_of(x, "harm_event_id"), s_of(x, "patient"), s_of(x, "site_code"),
		       s_of(x, "unit"), s_of(x, "event_start"), s_of(x, "harm_level"),
		       s_of(x, "care_process"), s_of(x, "causality"), s_of(x, "status"),
		       s_of(x, "confidence"));
		print_links(json_object_get(x, "links"));
		print_hypotheses(json_object_get(x, "hypotheses"));
		print_intrusion(json_object_get(x, "earliest_intrusion"));
		json_array_foreach(json_object_get(x, "notes"), j, n)
			printf("    note: %s\n", ll_cli_q(json_string_value(n)));
	}
	printf("\nendangerment (%zu life-critical disruptions):\n",
	       json_array_size(json_object_get(doc, "endangerment")));
	json_array_foreach(json_object_get(doc, "endangerment"), i, x) {
		const char *k;
		json_t *v;

		printf("  %s %s %s %s .. %s (%" JSON_INTEGER_FORMAT " min)", s_of(x, "disruption_id"),
		       s_of(x, "type"), s_of(x, "service"), s_of(x, "start"), s_of(x, "end"),
		       json_integer_value(json_object_get(x, "duration_minutes")));
		json_object_foreach(json_object_get(x, "counts"), k, v)
			printf(", %" JSON_INTEGER_FORMAT " %s", json_integer_value(v), k);
		printf("; linked to attack: %s", json_is_true(json_object_get(x, "linked_to_attack"))
						  ? "yes" : "no");
		if (json_is_string(json_object_get(x, "confidence")))
			printf(" (%s)", s_of(x, "confidence"));
		print_ids("findings", json_object_get(x, "findings"));
		print_ids("harm events", json_object_get(x, "harm_events"));
		printf("\n");
		print_links(json_object_get(x, "links"));
		print_hypotheses(json_object_get(x, "hypotheses"));
		print_intrusion(json_object_get(x, "earliest_intrusion"));
	}
	print_paths(json_object_get(doc, "attack_paths"));
	printf("\nstatistics (%zu):\n", json_array_size(json_object_get(doc, "statistics")));
	json_array_foreach(json_object_get(doc, "statistics"), i, x)
		print_stat(x);
	json_array_foreach(json_object_get(doc, "notes"), i, x)
		printf("\nnote: %s", ll_cli_q(json_string_value(x)));
	printf("\n\nsha256 of the stored result %s\n", s_of(doc, "sha256"));
}

int cmd_analyze_correlate(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "attack", required_argument, NULL, 'a' },
		{ "baseline", required_argument, NULL, 'b' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_correlate_opts co = { 0 };
	struct ll_progress_cb pc;
	struct ll_window *bl = NULL;
	json_t *doc = NULL;
	int c, rc, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_window(&co.attack, optarg) < 0) {
				ll_free(bl);
				return ll_cli_usage(cli, correlate_usage, "bad --attack '%s' (FROM/TO, RFC 3339 with Z or offset, or dates)", optarg);
			}
			co.attack_set = true;
			break;
		case 'b': {
			struct ll_window *n = ll_reallocarray(bl, co.nbaselines + 1, sizeof(*n));

			if (!n) {
				ll_free(bl);
				return ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
			}
			bl = n;
			if (parse_window(&bl[co.nbaselines], optarg) < 0) {
				ll_free(bl);
				return ll_cli_usage(cli, correlate_usage, "bad --baseline '%s' (FROM/TO, RFC 3339 with Z or offset, or dates)", optarg);
			}
			co.nbaselines++;
			break;
		}
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': ll_free(bl); return ll_cli_help(correlate_usage);
		default: ll_free(bl); return ll_cli_usage(cli, correlate_usage, "bad option");
		}
	}
	if (optind != argc) {
		ll_free(bl);
		return ll_cli_usage(cli, correlate_usage, "unexpected argument '%s'", argv[optind]);
	}
	co.baselines = bl;
	ll_progress_cb_init(&pc, "correlate", "steps", cli->quiet);
	co.progress = ll_progress_cb_step; /* its steps, on stderr */
	co.progress_payload = &pc;
	if ((rc = ll_cli_setup(cli)) < 0 ||
	    (rc = ll_correlate_run(&doc, cli->cs, cli->signer, &co)) < 0) {
		ll_progress_cb_end(&pc);
		ret = ll_cli_fail(cli, rc);
		goto out;
	}
	ll_progress_cb_end(&pc);
	if (cli->json) {
		ret = ll_cli_print_json(doc, "lifeline.correlate/1") ? LL_EXIT_OUTPUT : 0;
	} else {
		print_human(doc);
		json_decref(doc);
		ret = 0;
	}
out:
	ll_free(bl);
	return ret;
}
