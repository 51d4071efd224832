/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline timeline export: the case's timeline in the formats analysts use. */
#include "core/compat.h"
#include "cli/commands.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "casefile/export/export.h"
#include "cli/progress.h"
#include "cli/timeline/export_split.h"
#include "core/case.h"
#include "core/error.h"
#include "core/time.h"

static const char timeline_usage[] =
	"usage: lifeline timeline <subcommand>\n"
	"\n"
	"  export --format FORMAT [--evidence ID] [--from T] [--to T] [-o FILE | --dir DIR]\n"
	"               the timeline as bodyfile, mactime, l2tcsv, jsonl, csv,\n"
	"               jsonl-wide or opensearch-bulk\n";

static const char export_usage[] =
	"usage: lifeline timeline export --format bodyfile|mactime|l2tcsv|jsonl|csv|jsonl-wide|opensearch-bulk [--evidence ID] [--partition OFFSET [--pool-block BLOCK]] [--from T] [--to T] [-o FILE [--force] | --dir DIR [--max-events N] [--max-bytes N] [--timeline-per host|item] [--index NAME]]\n"
	"\n"
	"Writes the case's timeline, streaming, to FILE or standard output.\n"
	"bodyfile and mactime come from the file-system entries of disk images\n"
	"and match `fls -r -m /` and `mactime -d -y` (docs/formats/timeline.md\n"
	"lists every difference); l2tcsv (plaso), jsonl (Timesketch) and csv\n"
	"hold the events of every source. jsonl has a bounded set of keys (the\n"
	"attributes of each source packed in \"attributes\"); jsonl-wide is the\n"
	"old form, one key per attribute. --dir writes files of bounded size and\n"
	"a manifest.json: jsonl as one timeline per host or item, opensearch-bulk\n"
	"as _bulk request bodies.\n"
	"\n"
	"  --format FORMAT     bodyfile, mactime, l2tcsv, jsonl, csv, jsonl-wide\n"
	"                      or opensearch-bulk (--dir only)\n"
	"  --evidence ID       only this evidence item\n"
	"  --partition OFFSET  only the file systems starting at this byte offset\n"
	"  --pool-block BLOCK  with --partition: only the APFS pool volume whose\n"
	"                      superblock is at BLOCK (fls -B BLOCK)\n"
	"  --from T, --to T    inclusive UTC range: RFC 3339 or YYYY-MM-DD\n"
	"                      (bodyfile and mactime: whole seconds)\n"
	"  -o FILE             write FILE (refused if it exists, unless --force)\n"
	"  --dir DIR           jsonl, opensearch-bulk: write split files and\n"
	"                      manifest.json into DIR (new or empty)\n"
	"  --max-events N      with --dir: events a file (default 50000)\n"
	"  --max-bytes N       with --dir: bytes a file, >= 4000000 (default\n"
	"                      100000000; opensearch-bulk 20000000, at most\n"
	"                      104857600)\n"
	"  --timeline-per host|item\n"
	"                      with --dir, jsonl: one timeline per host name\n"
	"                      (default) or per evidence item\n"
	"  --index NAME        opensearch-bulk: the index (default\n"
	"                      lifeline-<case id>)\n";

static int timeline_export(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "partition", required_argument, NULL, 'p' },
		{ "pool-block", required_argument, NULL, 'B' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'x' },
		{ "dir", required_argument, NULL, 'D' },
		{ "max-events", required_argument, NULL, 'N' },
		{ "max-bytes", required_argument, NULL, 'M' },
		{ "timeline-per", required_argument, NULL, 'P' },
		{ "index", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_export_filter flt = { 0 };
	struct ll_export_split_opts so = { .max_events = LL_EXPORT_SPLIT_EVENTS };
	const char *dir = NULL, *per = NULL;
	uint64_t out_of_range = 0;
	struct ll_progress_cb pc;
	enum ll_export_format fmt = LL_EXPORT_CSV;
	const char *format = NULL, *path = NULL;
	struct ll_case *cs = NULL;
	bool force = false, created = false;
	FILE *out = stdout;
	uint64_t rows = 0;
	int c, rc, ret = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'e': flt.evidence_id = optarg; break;
		case 'p': {
			char *end;
			unsigned long long v;

			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-' || errno)
				return ll_cli_usage(cli, export_usage, "bad --partition '%s'", optarg);
			flt.has_part = true;
			flt.part_offset = v;
			break;
		}
		case 'B': {
			char *end;
			unsigned long long v;

			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-' || errno || v == 0)
				return ll_cli_usage(cli, export_usage, "bad --pool-block '%s'", optarg);
			flt.has_pool = true;
			flt.pool_block = v;
			break;
		}
		case 'F':
			if (ll_time_parse_bound(&flt.from_ns, optarg, false) < 0)
				return ll_cli_usage(cli, export_usage, "bad --from '%s'", optarg);
			flt.has_from = true;
			break;
		case 'T':
			if (ll_time_parse_bound(&flt.to_ns, optarg, true) < 0)
				return ll_cli_usage(cli, export_usage, "bad --to '%s'", optarg);
			flt.has_to = true;
			break;
		case 'o': path = optarg; break;
		case 'x': force = true; break;
		case 'D': dir = optarg; break;
		case 'N':
		case 'M': {
			char *end;
			unsigned long long v;

			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-' || errno || v == 0)
				return ll_cli_usage(cli, export_usage, "bad --max-%s '%s'",
						    c == 'N' ? "events" : "bytes", optarg);
			*(c == 'N' ? &so.max_events : &so.max_bytes) = v;
			break;
		}
		case 'P': per = optarg; break;
		case 'I': so.index = optarg; break;
		case 'h': return ll_cli_help(export_usage);
		default: return ll_cli_usage(cli, export_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, export_usage, "unexpected argument '%s'", argv[optind]);
	if (!format)
		return ll_cli_usage(cli, export_usage, "--format is required");
	if (flt.has_pool && !flt.has_part)
		return ll_cli_usage(cli, export_usage, "--pool-block needs --partition OFFSET "
				    "(the container's, as fls -o)");
	if (ll_export_format_parse(&fmt, format) < 0)
		return ll_cli_usage(cli, export_usage, "%s", ll_error_message());
	if (force && !path)
		return ll_cli_usage(cli, export_usage, "--force needs -o FILE");
	if (dir && path)
		return ll_cli_usage(cli, export_usage, "-o FILE or --dir DIR, not both");
	if (!dir && (fmt == LL_EXPORT_OSBULK || so.max_bytes || so.index || per ||
		     so.max_events != LL_EXPORT_SPLIT_EVENTS))
		return ll_cli_usage(cli, export_usage, fmt == LL_EXPORT_OSBULK
				    ? "opensearch-bulk is written with --dir DIR"
				    : "--max-events, --max-bytes, --timeline-per and --index need --dir DIR");
	if (dir && fmt != LL_EXPORT_JSONL && fmt != LL_EXPORT_OSBULK)
		return ll_cli_usage(cli, export_usage, "--dir writes jsonl or opensearch-bulk");
	if (dir) {
		uint64_t max = fmt == LL_EXPORT_OSBULK ? LL_EXPORT_BULK_BYTES_MAX : UINT64_MAX;

		so.fmt = fmt;
		if (!so.max_bytes)
			so.max_bytes = fmt == LL_EXPORT_OSBULK ? LL_EXPORT_BULK_BYTES
							  : LL_EXPORT_SPLIT_BYTES;
		if (so.max_bytes < LL_EXPORT_SPLIT_BYTES_MIN || so.max_bytes > max)
			return ll_cli_usage(cli, export_usage, fmt == LL_EXPORT_OSBULK
					    ? "--max-bytes must be %u..%" PRIu64 : "--max-bytes must be "
					    "at least %u", LL_EXPORT_SPLIT_BYTES_MIN, max);
		if (per && fmt == LL_EXPORT_OSBULK)
			return ll_cli_usage(cli, export_usage, "--timeline-per is for jsonl");
		if (so.index && fmt != LL_EXPORT_OSBULK)
			return ll_cli_usage(cli, export_usage, "--index is for opensearch-bulk");
		if (per && strcmp(per, "host") && strcmp(per, "item"))
			return ll_cli_usage(cli, export_usage, "bad --timeline-per '%s' (host or item)",
					    per);
		so.group = per && !strcmp(per, "item") ? LL_EXPORT_PER_ITEM : LL_EXPORT_PER_HOST;
		if (so.index && !ll_export_index_name_ok(so.index))
			return ll_cli_usage(cli, export_usage, "bad --index '%s' (1..255 of "
					    "a-z 0-9 . _ -, not starting with . _ -)", so.index);
	}
	if (flt.has_from && flt.has_to && flt.from_ns > flt.to_ns)
		return ll_cli_usage(cli, export_usage, "--from is after --to");
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	if (dir)
		return ll_cli_timeline_split(cli, dir, format, &so, &flt);
	flt.out_of_range = &out_of_range;
	if (path) {
		int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
				    (force ? O_TRUNC : O_EXCL), 0644);

		if (fd < 0) {
			rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
					  errno == EEXIST ? "'%s' exists; refusing to overwrite it (--force)"
							  : "cannot create '%s': %s",
					  path, strerror(errno));
			ret = ll_cli_fail(cli, rc);
			goto out;
		}
		created = true;
		if (!(out = fdopen(fd, "w"))) {
			close(fd);
			ret = ll_cli_fail(cli, ll_error_set(LL_EIO, "'%s': %s", path, strerror(errno)));
			goto out;
		}
		setvbuf(out, NULL, _IOFBF, 1 << 20);
	}
	ll_progress_cb_init(&pc, path ? path : "stdout", "rows", cli->quiet);
	flt.progress = ll_progress_cb_one; /* the rows read, on stderr */
	flt.progress_payload = &pc;
	rc = ll_timeline_export(out, cs->store, fmt, &flt, &rows);
	ll_progress_cb_end(&pc);
	if (rc == 0 && path && (fflush(out) != 0 || fsync(fileno(out)) != 0))
		rc = ll_error_set(LL_EIO, "writing '%s': %s", path, strerror(errno));
	if (path) {
		if (fclose(out) != 0 && rc == 0)
			rc = ll_error_set(LL_EIO, "closing '%s': %s", path, strerror(errno));
		out = NULL;
	}
	if (rc < 0) {
		if (created)
			unlink(path);
		ret = ll_cli_fail(cli, rc);
		goto out;
	}
	if (path && cli->json)
		ret = ll_cli_print_json(json_pack("{s:s, s:s, s:I}", "format", format,
						  "output", path, "rows", (json_int_t)rows),
					"lifeline.timeline.export/1") ? LL_EXIT_OUTPUT : 0;
	else if (!cli->quiet)
		fprintf(stderr, "%" PRIu64 " rows written%s%s\n", rows, path ? " to " : "",
			path ? path : "");
	if (out_of_range && !cli->quiet)
		fprintf(stderr, "warning: %" PRIu64 " events of a year outside %d..%d: "
			"Timesketch refuses this file (--dir puts them in a file apart)\n",
			out_of_range, LL_EXPORT_YEAR_MIN, LL_EXPORT_YEAR_MAX);
out:
	return ret;
}

int cmd_timeline(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "export", timeline_export, LL_CMD_CASE_RO, "the timeline in peer formats" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), timeline_usage);
}
