/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze timeline: evidence items into timeline events. */
#include "core/compat.h"
#include "cli/commands.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/segments.h"
#include "analyze/timeline.h"
#include "analyze/weblog/weblog_format.h"
#include "analyze/tsk/tsk_source.h"
#include "analyze/worker/worker.h"
#include "cli/check_worker.h"
#include "cli/progress.h"
#include "collect/everify.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

/* Per-item limits (docs/commands/analyze-timeline.md). */
#define DEFAULT_MAX_INFLATED ((uint64_t)1 << 30)  /* 1 GiB of inflated gzip data */
#define DEFAULT_MAX_EVENTS ((uint64_t)50000000)   /* 50 million events */
#define DEFAULT_MIN_FREE ((uint64_t)256 << 20)    /* 256 MiB left free */
#define MAX_JOBS 256                              /* --jobs: processes, pipes, spools */

static const char timeline_usage[] =
	"usage: lifeline analyze timeline [ID...] [--tz ZONE] [--year YYYY] [--clock-offset ID=SECONDS] [--mapping FILE] [--log-format SERVER:FORMAT] [--usn-journal] [--bde-recovery-key KEY] [--bde-password-file FILE] [--max-inflated SIZE] [--max-events N] [--min-free SIZE] [--jobs N] [--no-verify]\n"
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
	"  --log-format SERVER:FORMAT\n"
	"                            the web logs of this run are in this server's\n"
	"                            own format: 'nginx:<log_format string>' or\n"
	"                            'apache:<LogFormat string>'\n"
	"  --usn-journal             a file no reader recognises is read as an NTFS\n"
	"                            change journal ($UsnJrnl:$J, whose first\n"
	"                            record may lie past its sparse start)\n"
	"  --bde-recovery-key KEY    BitLocker recovery key (48 digits): its volumes\n"
	"                            are unlocked read-only and walked; never\n"
	"                            printed or stored (only that a key was given)\n"
	"  --bde-password-file FILE  the same with a password, the file's first line\n"
	"                            (without a key, a BitLocker volume is reported:\n"
	"                            offset, method, key protectors; not walked)\n"
	"  --max-inflated SIZE       bytes the gzip files of one item may inflate\n"
	"                            to (default 1G; 0 = no limit)\n"
	"  --max-events N            events stored per item (default 50000000;\n"
	"                            0 = no limit)\n"
	"  --min-free SIZE           stop when less is free in the case directory\n"
	"                            (default 256M; 0 = do not check)\n"
	"  --jobs N                  readers run in at most N sandboxed workers at\n"
	"                            once, for the files to come, while one file\n"
	"                            is stored (default: the number of CPUs);\n"
	"                            the result is the same for any N\n"
	"  --no-verify               skip re-hashing each item's files and checking\n"
	"                            its image containers before reading them\n"
	"  --key FILE, --cert FILE   the examiner key for the custody entries\n"
	"\n"
	"Exits 4 when an input was refused or only partly read (the rest is\n"
	"stored); --json lists them under \"partial\".\n";

/* --jobs by default: one worker per CPU online (the parent's storing overlaps them). */
static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

struct progress_state {
	struct ll_cli *cli;
	/* the item being read: its bar (bytes of its files read, events so far) */
	struct ll_progress bar;
	struct ll_evidence *ev;
	char item[128];
	uint64_t bytes;
	int64_t next_start; /* the next item's start: the end of the last item or check */
};

static int add_problem(json_t *problems, struct progress_state *ps,
		       const struct ll_evidence *ev, const char *reason, const char *path,
		       const char *fmt, ...) LL_PRINTF(6, 7);

/*
 * One problem of an item's check: into the list, and said at once on
 * stderr. The path is recorded exactly (percent-escaped when a name of the
 * item is not UTF-8, as the item's custody entry then says).
 */
static int add_problem(json_t *problems, struct progress_state *ps,
		       const struct ll_evidence *ev, const char *reason, const char *path,
		       const char *fmt, ...)
{
	const char *id = ev->id;
	char msg[1024];
	va_list ap;
	json_t *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)ps;
	fprintf(stderr, "lifeline: analyze timeline: %s: %s; analysed as it is, marked partial\n",
		ll_cli_q(id), ll_cli_q(msg));
	p = json_pack("{s:s, s:o, s:o}", "reason", reason, "path",
		      ll_json_name(path, ll_evidence_names_escaped(ev)),
		      "message", ll_json_string_lossy(msg, strlen(msg)));
	if (!p || json_array_append_new(problems, p) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

/* The problem just added: its file is not read (timeline.c skips it). */
static int mark_unreadable(json_t *problems)
{
	json_t *p = json_array_get(problems, json_array_size(problems) - 1);

	if (!p || json_object_set_new(p, "unreadable", json_true()) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

/* True if the file starts with the EWF (E01) segment signature. */
static bool is_ewf(const char *abs)
{
	static const uint8_t sig[8] = { 'E', 'V', 'F', 0x09, 0x0d, 0x0a, 0xff, 0x00 };
	uint8_t head[8];
	FILE *f = fopen(abs, "rb");
	bool yes;

	if (!f)
		return false;
	yes = fread(head, 1, 8, f) == 8 && !memcmp(head, sig, 8);
	fclose(f);
	return yes;
}

/*
 * An E01 set's own checks (section chains, libewf's open, every chunk, the
 * media hashes it stores) run in a sandboxed worker (cli/check_main.c): its
 * problems are added here as they were when the parent checked, with the
 * path of the set's first segment. A worker that fails leaves the set
 * unchecked: "check-failed", and the set is not read.
 */
static int check_ewf_set(json_t *problems, struct progress_state *ps, struct ll_case *cs,
			 const struct ll_evidence *ev, const size_t *set, size_t n)
{
	char **paths = ll_calloc(n ? n : 1, sizeof(*paths));
	const char **rels = ll_calloc(n ? n : 1, sizeof(*rels));
	const char *first = ev->files[set[0]].path;
	struct ll_check_result res = { 0 };
	int rc = 0;

	if (!paths || !rels) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		rels[i] = ev->files[set[i]].path;
		if (!(paths[i] = ll_case_path(cs, rels[i]))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if ((rc = ll_check_run(&res, "ewf", ev->id, paths, rels, n, NULL, NULL)) < 0)
		goto out;
	if (res.failed || res.rc < 0) {
		rc = add_problem(problems, ps, ev, "check-failed", first,
				 "'%s': the container was not checked: %s; not read", first,
				 res.failed ? res.cause : res.message);
		if (rc == 0)
			rc = mark_unreadable(problems);
		goto out;
	}
	for (size_t i = 0; i < res.nproblems && rc == 0; i++) {
		rc = add_problem(problems, ps, ev, "damaged-container", first, "%s",
				 res.problems[i].message);
		if (rc == 0 && res.problems[i].unreadable)
			rc = mark_unreadable(problems);
	}
out:
	ll_check_result_release(&res);
	for (size_t i = 0; paths && i < n; i++)
		ll_free(paths[i]);
	ll_free(paths);
	ll_free(rels);
	return rc;
}

/*
 * Before an item is read: its files against the hashes recorded at
 * registration (and in the custody ledger), an image's media through its
 * container, and every E01 set among collected files by its chunk checksums.
 */
static int check_item(json_t *problems, bool *media_verified, struct ll_case *cs,
		      const struct ll_evidence *ev, void *payload)
{
	struct progress_state *ps = payload;
	struct ll_everify_ledger lg = { 0 };
	struct ll_everify_report rep = { 0 };
	struct ll_check_media mc = { .ev = ev };
	size_t *first = NULL, *set = NULL, n;
	int64_t t0 = ll_time_now_ns();
	bool any = false;
	bool image = !strcmp(ev->kind, "image");
	int rc;

	*media_verified = false;
	if ((rc = ll_everify_ledger_load(&lg, cs->store, ev->id)) < 0)
		return rc;
	if ((rc = ll_evidence_verify_item_with(&rep, cs, ev, lg.found ? &lg : NULL, NULL,
						ll_check_media_in_worker, &mc)) < 0)
		goto out;
	for (size_t i = 0; i < rep.nfiles && rc == 0; i++) {
		if (rep.files[i].ok)
			continue;
		any = true;
		rc = add_problem(problems, ps, ev, "changed-after-registration",
				 rep.files[i].path, "'%s': %s", rep.files[i].path,
				 rep.files[i].problem);
	}
	if (rc == 0 && rep.media_checked && !rep.media_ok) {
		const char *why = mc.failed ? "check-failed"
				  : strncmp(rep.media_problem, "media hashes differ", 19)
					  ? "damaged-container" : "changed-after-registration";
		const char *path = ev->nfiles ? ev->files[0].path : NULL;

		any = true;
		if (image)
			rc = add_problem(problems, ps, ev, why, path, "the image: %s",
					 rep.media_problem);
		else /* the whole disk is in question: its files all named, the first here */
			rc = add_problem(problems, ps, ev, why, path, "the virtual disk '%s'%s: %s",
					 path ? path : "", ev->nfiles > 1 ? " (and the item's other files)" : "",
					 rep.media_problem);
		/* a worker that failed on it: a reader is not given it either */
		if (rc == 0 && mc.failed)
			rc = mark_unreadable(problems);
	}
	if (rc == 0 && !rep.ok && !any)
		rc = add_problem(problems, ps, ev, "record-mismatch", NULL, "%s", rep.problem);
	/*
	 * A virtual disk (a `file` item `collect files` recorded media hashes
	 * for) whose every virtual byte was just read and hashed, equal to
	 * the collection's: the reader need not read it all again first.
	 * Only when nothing at all was found (rep.ok: its files, the record,
	 * the ledger and the media): else the reader's own pass says where.
	 */
	if (rc == 0 && !image && rep.media_checked && rep.ok)
		*media_verified = true;
	if (rc < 0 || rep.media_checked)
		goto out;
	/* images without recorded media hashes, and E01 sets collected as files */
	if (!strcmp(ev->kind, "image")) {
		char *abs = ev->nfiles ? ll_case_path(cs, ev->files[0].path) : NULL;
		bool ewf = abs && is_ewf(abs);

		ll_free(abs);
		if (ewf && (rc = ll_segments_set(&set, &n, ev, 0)) == 0)
			rc = check_ewf_set(problems, ps, cs, ev, set, n);
		goto out;
	}
	if ((rc = ll_segments_map(&first, ev)) < 0)
		goto out;
	for (size_t i = 0; i < ev->nfiles && rc == 0; i++) {
		char *abs;
		bool ewf;

		if (first[i] != i)
			continue;
		if (!(abs = ll_case_path(cs, ev->files[i].path))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		ewf = is_ewf(abs);
		ll_free(abs);
		if (!ewf)
			continue;
		ll_free(set);
		set = NULL;
		if ((rc = ll_segments_set(&set, &n, ev, i)) == 0)
			rc = check_ewf_set(problems, ps, cs, ev, set, n);
	}
out:
	if (rc == 0 && !ps->cli->quiet && !ll_progress_json())
		fprintf(stderr, "  %s checked in %.1f s\n", ll_cli_q(ev->id),
			(double)(ll_time_now_ns() - t0) / 1e9);
	ps->next_start = ll_progress_clock(); /* the item's reading starts now */
	ll_free(first);
	ll_free(set);
	ll_everify_report_release(&rep);
	ll_everify_ledger_release(&lg);
	return rc;
}

/* The item's bar ends: all its bytes read (an image's later segments give no call of their own). */
static void progress_end(struct progress_state *ps)
{
	if (!ps->ev)
		return;
	ll_progress_update(&ps->bar, ps->bar.total ? ps->bar.total : ps->bytes);
	ll_progress_finish(&ps->bar);
	ll_evidence_free(ps->ev);
	ps->ev = NULL;
	ps->next_start = ll_progress_clock();
}

/*
 * After each file: the item's progress in bytes of its files (their sizes
 * are recorded, so the total and an ETA are known), with its events and
 * events/s. On a terminal only, or as JSON lines with --progress json
 * (cli/progress.h); an item whose record cannot be read goes without.
 */
static void on_progress(const char *id, const char *file, uint64_t events,
			void *payload)
{
	struct progress_state *ps = payload;
	uint64_t total = 0;

	if (ps->ev && strcmp(ps->ev->id, id) != 0)
		progress_end(ps);
	if (!ps->ev) {
		if (ll_evidence_get(&ps->ev, ps->cli->cs->store, id) < 0) {
			ps->ev = NULL;
			return;
		}
		for (size_t i = 0; i < ps->ev->nfiles; i++)
			total += ps->ev->files[i].size;
		snprintf(ps->item, sizeof(ps->item), "%s", id);
		ps->bytes = 0;
		ll_progress_init(&ps->bar, ps->item, total, true, ps->cli->quiet);
		ps->bar.start_ns = ps->next_start; /* from the item's start, not its first file's end */
	}
	for (size_t i = 0; i < ps->ev->nfiles; i++)
		if (!strcmp(ps->ev->files[i].path, file))
			ps->bytes += ps->ev->files[i].size;
	if (!strcmp(ps->ev->kind, "image")) /* one medium, read whole */
		ps->bytes = ps->bar.total;
	ll_progress_events(&ps->bar, events);
	ll_progress_update(&ps->bar, ps->bytes);
}

static int parse_offset(struct ll_clock_offset *o, char *arg)
{
	char *eq = strchr(arg, '='), *end;
	long long v;

	if (!eq || eq == arg)
		return -1;
	*eq = '\0';
	errno = 0;
	v = strtoll(eq + 1, &end, 10);
	/* at most 100 years either way: a clock that far off is a wrong option */
	if (*end || eq[1] == '\0' || errno || v > INT64_C(3155760000) || v < -INT64_C(3155760000))
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
	json_array_foreach(json_object_get(doc, "hosts"), i, it)
		if (json_string_value(json_object_get(it, "host")))
			printf("host     %s %s (from %s)\n",
			       ll_cli_q(json_string_value(json_object_get(it, "id"))),
			       ll_cli_q(json_string_value(json_object_get(it, "host"))),
			       json_string_value(json_object_get(it, "from")));
	json_array_foreach(json_object_get(doc, "partial"), i, it)
		printf("partial  %s %s: %s\n", ll_cli_q(json_string_value(json_object_get(it, "id"))),
		       json_string_value(json_object_get(it, "reason")),
		       ll_cli_q(json_string_value(json_object_get(it, "message"))));
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
		{ "log-format", required_argument, NULL, 'L' },
		{ "usn-journal", no_argument, NULL, 'U' },
		{ "bde-recovery-key", required_argument, NULL, 'K' },
		{ "bde-password-file", required_argument, NULL, 'P' },
		{ "max-inflated", required_argument, NULL, 'I' },
		{ "max-events", required_argument, NULL, 'E' },
		{ "min-free", required_argument, NULL, 'F' },
		{ "no-verify", no_argument, NULL, 'V' },
		{ "jobs", required_argument, NULL, 'j' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_timeline_run_opts ro = { 0 };
	struct ll_clock_offset *offs = NULL;
	struct progress_state ps = { .cli = cli };
	json_t *doc = NULL;
	bool verify = true;
	size_t npartial;
	int c, rc, ret;

	ro.max_inflated = DEFAULT_MAX_INFLATED;
	ro.max_events = DEFAULT_MAX_EVENTS;
	/* the readers run sandboxed (in-process only for bench/, in test builds) */
	ro.workers = !ll_worker_bench_in_process();
	ro.jobs = default_jobs();
	ro.min_free = DEFAULT_MIN_FREE;
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
		case 'U': ro.reader.usn_journal = true; break;
		case 'L': {
			/* compiled here so that a bad definition is a usage error naming its part */
			struct ll_wf_format *wf = NULL;

			if (ll_wf_compile(&wf, optarg) < 0) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage, "bad --log-format: %s",
						    ll_error_message());
			}
			ll_wf_free(wf);
			ro.reader.log_format = optarg;
			break;
		}
		case 'K': ro.reader.bde_recovery_key = optarg; break;
		case 'P': {
			/* read now: a file that cannot be read is a usage error, its content never shown */
			ro.reader.bde_password_file = optarg;
			if (ll_tsk_bde_password_load(&ro.reader) < 0) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage, "%s", ll_error_message());
			}
			break;
		}
		case 'I':
		case 'F':
		case 'E': {
			uint64_t v;
			char *end;

			if (c == 'E') {
				v = strtoull(optarg, &end, 10);
				if (!*optarg || *optarg == '-' || *end)
					v = UINT64_MAX;
			} else if (ll_cli_parse_size(&v, optarg) < 0) {
				v = UINT64_MAX;
			}
			if (v == UINT64_MAX) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage, "bad --%s '%s'",
						    c == 'I' ? "max-inflated" :
						    c == 'E' ? "max-events" : "min-free", optarg);
			}
			*(c == 'I' ? &ro.max_inflated : c == 'E' ? &ro.max_events : &ro.min_free) = v;
			break;
		}
		case 'V': verify = false; break;
		case 'j': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (!isdigit((unsigned char)*optarg) || *end || v < 1 || v > MAX_JOBS) {
				ll_free(offs);
				return ll_cli_usage(cli, timeline_usage,
						    "bad --jobs '%s' (a number of workers, 1 to %d)",
						    optarg, MAX_JOBS);
			}
			ro.jobs = (unsigned)v;
			break;
		}
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': ll_free(offs); return ll_cli_help(timeline_usage);
		default: ll_free(offs); return ll_cli_usage(cli, timeline_usage, "bad option");
		}
	}
	ro.offsets = offs;
	ro.ids = argv + optind;
	ro.nids = (size_t)(argc - optind);
	cli->items = argv + optind; /* the items an attached workspace locks */
	cli->nitems = ro.nids;
	ro.progress = on_progress;
	ro.check_item = verify ? check_item : NULL;
	ro.payload = &ps;
	ps.next_start = ll_progress_clock();
	if ((rc = ll_cli_setup(cli)) < 0 ||
	    (rc = ll_timeline_run(&doc, cli->cs, cli->signer, &ro)) < 0) {
		progress_end(&ps);
		ret = ll_cli_fail(cli, rc);
		goto out;
	}
	progress_end(&ps);
	/* two sources naming different hosts for one item: said, never settled silently */
	{
		json_t *h, *cf;
		size_t i, j;

		json_array_foreach(json_object_get(doc, "hosts"), i, h)
			json_array_foreach(json_object_get(h, "conflicts"), j, cf)
				fprintf(stderr, "lifeline: analyze timeline: warning: %s\n",
					ll_cli_q(json_string_value(cf)));
	}
	/* an input refused or only partly read: the rest is stored, but say so (exit 4) */
	npartial = json_array_size(json_object_get(doc, "partial"));
	if (npartial)
		fprintf(stderr,
			"lifeline: analyze timeline: %zu input%s refused or only partly read; the rest is stored (see %s)\n",
			npartial, npartial == 1 ? "" : "s",
			cli->json ? "\"partial\"" : "the warnings above or --json");
	if (cli->json)
		ret = ll_cli_print_json(doc, "lifeline.analyze.timeline/1") ? LL_EXIT_OUTPUT : 0;
	else {
		print_human(doc);
		json_decref(doc);
		ret = 0;
	}
	if (ret == 0 && npartial)
		ret = LL_EXIT_CORRUPT;
out:
	ll_free(offs);
	return ret;
}
