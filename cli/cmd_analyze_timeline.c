/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze timeline: evidence items into timeline events. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/timeline.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"

static const char timeline_usage[] =
	"usage: lifeline analyze timeline [ID...] [--tz ZONE] [--year YYYY] [--clock-offset ID=SECONDS] [--mapping FILE]\n"
	"\n"
	"Turns every registered evidence item (or the items named) into timeline\n"
	"events: disk images through The Sleuth Kit (raw, split raw, E01, APFS\n"
	"pools), Windows event logs, systemd journal files, Linux login records\n"
	"(wtmp, btmp, utmp), syslog, web server logs, CSV/JSON Lines exports and\n"
	"hospital data, each file's reader chosen by its content (gzip is read\n"
	"transparently). Re-running replaces an item's events; each item's\n"
	"analysis is recorded with a signed custody entry.\n"
	"\n"
	"  --tz ZONE                 zone of times that carry none (FAT, RFC 3164\n"
	"                            syslog, CSV): IANA name or +HH:MM (default UTC)\n"
	"  --year YYYY               year of the last line of RFC 3164 syslog files\n"
	"                            (default: inferred from the file's times)\n"
	"  --clock-offset ID=SECONDS correction added to item ID's times (a host\n"
	"                            whose clock was wrong); originals are kept\n"
	"  --mapping FILE            column mapping for generic CSV/JSON Lines\n"
	"  --key FILE, --cert FILE   the examiner key for the custody entries\n";

struct progress_state {
	struct ll_cli *cli;
};

static void on_progress(const char *id, const char *file, uint64_t events,
			void *payload)
{
	struct progress_state *ps = payload;

	if (!ps->cli->quiet)
		fprintf(stderr, "  %s %s: %" PRIu64 " events so far\n", ll_cli_q(id),
			ll_cli_qname(file), events);
}

static int parse_offset(struct ll_clock_offset *o, char *arg)
{
	char *eq = strchr(arg, '='), *end;
	long long v;

	if (!eq || eq == arg)
		return -1;
	*eq = '\0';
	v = strtoll(eq + 1, &end, 10);
	if (*end || eq[1] == '\0')
		return -1;
	o->evidence_id = arg;
	o->seconds = v;
	return 0;
}

static void print_human(json_t *doc)
{
	size_t i, j;
	json_t *it, *f;

	json_array_foreach(json_object_get(doc, "items"), i, it) {
		const char *skipped = json_string_value(json_object_get(it, "skipped"));

		if (skipped) {
			printf("%-8s skipped: %s\n",
			       ll_cli_q(json_string_value(json_object_get(it, "id"))),
			       ll_cli_q(skipped));
			continue;
		}
		printf("%-8s %" JSON_INTEGER_FORMAT " events, %" JSON_INTEGER_FORMAT " rejected\n",
		       ll_cli_q(json_string_value(json_object_get(it, "id"))),
		       json_integer_value(json_object_get(it, "events")),
		       json_integer_value(json_object_get(it, "rejected")));
		json_array_foreach(json_object_get(it, "files"), j, f) {
			const char *r = json_string_value(json_object_get(f, "reader"));
			const char *seg = json_string_value(json_object_get(f, "segment_of"));
			size_t k;
			json_t *w;

			if (seg) {
				printf("  %-10s %8s         %s (segment, read with %s)\n", r, "",
				       ll_cli_qname(json_string_value(json_object_get(f, "path"))),
				       ll_cli_qname(seg));
				continue;
			}
			printf("  %-10s %8" JSON_INTEGER_FORMAT " events  %s\n", r ? r : "(none)",
			       json_integer_value(json_object_get(f, "events")),
			       ll_cli_qname(json_string_value(json_object_get(f, "path"))));
			json_array_foreach(json_object_get(f, "warnings"), k, w) {
				if (k == 20) {
					printf("    … %zu more warnings (see --json)\n",
					       json_array_size(json_object_get(f, "warnings")) - 20);
					break;
				}
				printf("    warning: %s\n", ll_cli_q(json_string_value(w)));
			}
		}
	}
	printf("total    %" JSON_INTEGER_FORMAT " events, %" JSON_INTEGER_FORMAT " rejected\n",
	       json_integer_value(json_object_get(doc, "events")),
	       json_integer_value(json_object_get(doc, "rejected")));
}

int cmd_analyze_timeline(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tz", required_argument, NULL, 'z' },
		{ "year", required_argument, NULL, 'y' },
		{ "clock-offset", required_argument, NULL, 'o' },
		{ "mapping", required_argument, NULL, 'm' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_timeline_run_opts ro = { 0 };
	struct ll_clock_offset *offs = NULL;
	struct progress_state ps = { cli };
	struct ll_signer *signer = NULL;
	struct ll_case *cs = NULL;
	const char *key = NULL, *cert = NULL;
	json_t *doc = NULL;
	int c, rc, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'z': ro.reader.tz = optarg; break;
		case 'y': {
			char *end;
			long y = strtol(optarg, &end, 10);

			if (*end || y < 1970 || y > 9999) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage, "bad --year '%s'", optarg);
			}
			ro.reader.year = (int)y;
			break;
		}
		case 'o': {
			void *p = ll_reallocarray(offs, ro.noffsets + 1, sizeof(*offs));

			if (!p) {
				ll_free(offs);
				return ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
			}
			offs = p;
			if (parse_offset(&offs[ro.noffsets], optarg) < 0) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage,
						    "--clock-offset needs ID=SECONDS, not '%s'", optarg);
			}
			ro.noffsets++;
			break;
		}
		case 'm': ro.reader.mapping = optarg; break;
		case LL_CLI_OPT_KEY: key = optarg; break;
		case LL_CLI_OPT_CERT: cert = optarg; break;
		case 'h': ll_free(offs); return ll_cli_help(timeline_usage);
		default: ll_free(offs); return ll_cli_usage(cli, timeline_usage, "bad option");
		}
	}
	ro.offsets = offs;
	ro.ids = argv + optind;
	ro.nids = (size_t)(argc - optind);
	ro.progress = on_progress;
	ro.payload = &ps;
	if ((rc = ll_cli_open_case(cli, &cs)) < 0 ||
	    (rc = ll_cli_load_signer(cli, &signer, key, cert)) < 0 ||
	    (rc = ll_timeline_run(&doc, cs, signer, &ro)) < 0) {
		ret = ll_cli_fail(cli, rc);
		goto out;
	}
	if (cli->json)
		ret = ll_cli_print_json(doc, "lifeline.analyze.timeline/1") ? LL_EXIT_OUTPUT : 0;
	else {
		print_human(doc);
		json_decref(doc);
		ret = 0;
	}
out:
	ll_signer_free(signer);
	ll_case_free(cs);
	ll_free(offs);
	return ret;
}
