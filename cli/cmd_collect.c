/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline collect image|files: acquire disks, streams and files as signed exhibits. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/check_worker.h"
#include "cli/progress.h"
#include "collect/acquire.h"
#include "collect/files.h"
#include "cli/vdisk_media.h"
#include "cli/vdisk/vdisk_chain.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/hostname.h"

static const char collect_usage[] =
	"usage: lifeline collect <subcommand>\n"
	"\n"
	"  image SOURCE   image a device, an image file or '-' (standard input) to\n"
	"                 E01 or raw, verified and registered with custody entries\n"
	"  files PATH...  copy logs, exports and documents into the case as one item\n";

static const char image_usage[] =
	"usage: lifeline collect image SOURCE [--format e01|raw] [--exhibit NUM] [--description TEXT] [--notes TEXT] [--host NAME] [--segment-size SIZE] [--compression none|fast|best] [--no-verify]\n"
	"\n"
	"Reads SOURCE once (a block device, an image file, or '-' for standard input,\n"
	"e.g. from ssh or netcat), computes MD5, SHA-1 and SHA-256 while writing\n"
	"evidence/<ID>/ in the case, re-reads the image to verify all three hashes,\n"
	"then registers the item with a signed 'register' custody entry (the\n"
	"'acquire' entry that opened it is named in the E01 notes). Unreadable\n"
	"sectors are retried, zero-filled and recorded. The source is only read.\n"
	"\n"
	"  --format e01|raw      EnCase 6 E01 through libewf (default) or raw\n"
	"  --exhibit NUM         the evidence id (default: the next E<n>); the id of\n"
	"                        an image left incomplete retries it (its files are\n"
	"                        kept as *.incomplete, the retry is on record)\n"
	"  --description TEXT    what the source is (E01 header and ledger)\n"
	"  --notes TEXT          free notes (E01 header)\n"
	"  --host NAME           the host the source belongs to (its events' host;\n"
	"                        docs/guides/analyst.md, \"Hosts\")\n"
	"  --segment-size SIZE   split the output (e.g. 2G; raw files .001, .002, ...)\n"
	"  --compression LEVEL   E01 deflate: none, fast (default) or best\n"
	"  --no-verify           skip the read-back verification\n"
	"  --key FILE, --cert FILE\n"
	"                        the examiner key (else LIFELINE_KEY/LIFELINE_CERT or\n"
	"                        the files 'key new' wrote)\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	LL_UNUSED(sig);
	stop_flag = 1;
}

/* No SA_RESTART: a read from a stream returns EINTR and the loop stops cleanly. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

struct prog {
	struct ll_progress bar;
	bool active;
	bool quiet;           /* -q: no bar */
};

static void prog_phase(void *payload, const char *name, int64_t total)
{
	struct prog *p = payload;

	if (p->active)
		ll_progress_finish(&p->bar);
	ll_progress_init(&p->bar, name, total > 0 ? (uint64_t)total : 0, true, p->quiet);
	p->active = true;
}

static void prog_update(void *payload, uint64_t done)
{
	struct prog *p = payload;

	if (p->active)
		ll_progress_update(&p->bar, done);
}

static json_t *errors_json(const struct ll_acquire_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nerrs; i++)
		json_array_append_new(a, json_pack("{s:I, s:I}", "offset",
						   (json_int_t)r->errs[i].off, "length",
						   (json_int_t)r->errs[i].len));
	return a;
}

static int print_image(struct ll_cli *cli, const struct ll_acquire_result *r)
{
	if (cli->json) {
		json_t *files = json_array();

		for (size_t i = 0; i < r->nfiles; i++)
			json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path",
							       r->files[i].path, "size",
							       (json_int_t)r->files[i].size,
							       "sha256", r->files[i].sha256));
		return ll_cli_print_json(
			       json_pack("{s:b, s:s, s:s, s:s, s:I, s:{s:s, s:s, s:s}, s:I, s:o, s:o,"
					 " s:b, s:f, s:f, s:I, s:I, s:s, s:I, s:b}",
					 "ok", 1, "id", r->id, "state", r->state, "format",
					 r->format, "media_size", (json_int_t)r->media_size,
					 "media_hashes", "md5", r->hashes.md5, "sha1",
					 r->hashes.sha1, "sha256", r->hashes.sha256,
					 "unreadable_bytes", (json_int_t)r->unreadable, "errors",
					 errors_json(r), "files", files, "verified", r->verified,
					 "acquire_seconds", r->acquire_secs, "verify_seconds",
					 r->verify_secs, "acquire_entry", (json_int_t)r->acquire_seq,
					 "register_entry", (json_int_t)r->register_seq, "head",
					 r->head, "padded_bytes", (json_int_t)r->padded,
					 "retry", r->retried),
			       "lifeline.collect.image/1")
			       ? LL_EXIT_OUTPUT
			       : 0;
	}
	printf("evidence %s registered (%s, %" PRIu64 " bytes%s)\n", ll_cli_q(r->id), r->format,
	       r->media_size, r->verified ? ", verified" : ", NOT verified");
	printf("  md5     %s\n  sha1    %s\n  sha256  %s\n", r->hashes.md5, r->hashes.sha1,
	       r->hashes.sha256);
	if (r->retried)
		printf("  retry of an unfinished acquisition: its files are kept as *.incomplete\n");
	if (r->padded)
		printf("  note: the source ends mid-sector; the E01 media is padded with %" PRIu64
		       " zero bytes (hashes cover the padded media)\n", r->padded);
	if (r->unreadable)
		printf("  unreadable: %" PRIu64 " bytes in %zu range(s), zero-filled\n",
		       r->unreadable, r->nerrs);
	else
		printf("  unreadable: none\n");
	for (size_t i = 0; i < r->nfiles; i++)
		printf("  file    %s (%" PRIu64 " bytes, sha256 %s)\n", ll_cli_qname(r->files[i].path),
		       r->files[i].size, r->files[i].sha256);
	printf("  acquired in %.1f s (%.1f MB/s)", r->acquire_secs,
	       r->acquire_secs > 0 ? (double)r->media_size / 1e6 / r->acquire_secs : 0.0);
	if (r->verified)
		printf(", verified in %.1f s", r->verify_secs);
	printf("\n  custody entries %" PRId64 " (acquire) and %" PRId64 " (register)\nhead %s\n",
	       r->acquire_seq, r->register_seq, r->head);
	return 0;
}

/* --host NAME: a host name's syntax (core/hostname.h), or a usage error naming why. */
static int check_host(struct ll_cli *cli, const char *usage, const char *host)
{
	char why[128];

	if (host && ll_hostname_check(host, strlen(host), why, sizeof(why)) < 0)
		return ll_cli_usage(cli, usage, "--host is not a host name: %s", why);
	return 0;
}

static int collect_image(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "exhibit", required_argument, NULL, 'x' },
		{ "description", required_argument, NULL, 'd' },
		{ "notes", required_argument, NULL, 'n' },
		{ "host", required_argument, NULL, 'H' },
		{ "segment-size", required_argument, NULL, 's' },
		{ "compression", required_argument, NULL, 'c' },
		{ "no-verify", no_argument, NULL, 'V' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_acquire_opts o = { 0 };
	struct ll_acquire_result r;
	struct prog pr = { .quiet = cli->quiet };
	struct ll_check_media mc = { .progress = prog_update, .progress_payload = &pr };
	int c, rc, code;

	o.e01 = true;
	o.verify = true;
	o.compression = LL_COMPRESS_FAST;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "e01"))
				o.e01 = true;
			else if (!strcmp(optarg, "raw"))
				o.e01 = false;
			else
				return ll_cli_usage(cli, image_usage, "unknown format '%s'", optarg);
			break;
		case 'x': o.id = optarg; break;
		case 'd': o.description = optarg; break;
		case 'n': o.notes = optarg; break;
		case 'H': o.host = optarg; break;
		case 's':
			if (ll_cli_parse_size(&o.segment_size, optarg) < 0 || o.segment_size < 1 << 20)
				return ll_cli_usage(cli, image_usage,
						    "bad --segment-size '%s' (at least 1M)", optarg);
			break;
		case 'c':
			if (!strcmp(optarg, "none"))
				o.compression = LL_COMPRESS_NONE;
			else if (!strcmp(optarg, "fast"))
				o.compression = LL_COMPRESS_FAST;
			else if (!strcmp(optarg, "best"))
				o.compression = LL_COMPRESS_BEST;
			else
				return ll_cli_usage(cli, image_usage, "unknown compression '%s'", optarg);
			break;
		case 'V': o.verify = false; break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(image_usage);
		default: return ll_cli_usage(cli, image_usage, "bad option");
		}
	}
	if (optind != argc - 1)
		return ll_cli_usage(cli, image_usage, "one SOURCE is required");
	o.source = argv[optind];
	if ((rc = LL_CLI_TEXT_ARGS(cli, image_usage, { "--exhibit", o.id },
				   { "--description", o.description }, { "--notes", o.notes })))
		return rc;
	if ((rc = check_host(cli, image_usage, o.host)))
		return rc;
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	catch_signals();
	o.stop = &stop_flag;
	o.progress = prog_update;
	o.phase = prog_phase;
	o.progress_payload = &pr;
	/* the E01 written is read back by a check worker, not by this process (check_worker.h) */
	mc.id = o.id ? o.id : "new image";
	o.verify_media = ll_check_media_in_worker;
	o.verify_payload = &mc;
	rc = ll_acquire_image(&r, cli->cs, cli->signer, &o);
	if (pr.active)
		ll_progress_finish(&pr.bar);
	if (rc == 0) {
		code = print_image(cli, &r);
	} else {
		code = ll_cli_fail(cli, rc);
		if (!strcmp(r.state, "incomplete"))
			fprintf(stderr,
				"lifeline: %s: evidence %s is marked INCOMPLETE (%" PRIu64
				" bytes read); it is not registered\nhead %s\n",
				cli->cmd, ll_cli_q(r.id), r.media_size, r.head);
	}
	ll_acquire_result_release(&r);
	return code;
}

static const char files_usage[] =
	"usage: lifeline collect files PATH... [--exhibit NUM] [--description TEXT] [--host NAME] [--parent-dir DIR]\n"
	"\n"
	"Copies each file (directories recursively) into evidence/<ID>/files/ in the\n"
	"case, hashing the source while copying and the copy afterwards (they must\n"
	"match), records original path, size, owner, mode and times, and writes\n"
	"one signed 'collect' custody entry with every file's hashes. Files are\n"
	"copied byte for byte (compressed logs stay compressed). Symbolic links and\n"
	"special files are not followed; they are listed as skipped. A differencing\n"
	"virtual disk (QCOW2 backing file, VMDK parentFileNameHint, VHD or VHDX\n"
	"parent locator) brings its parents, looked for by the names it records\n"
	"next to it: the chain child -> parent -> ... -> base is one item.\n"
	"\n"
	"  --exhibit NUM         the evidence id (default: the next E<n>)\n"
	"  --description TEXT    what was collected and why\n"
	"  --host NAME           the host the files come from (the host of their\n"
	"                        events that name none)\n"
	"  --parent-dir DIR      where else a differencing disk's parents are looked\n"
	"                        for (by the last component of the name recorded)\n"
	"  --key FILE, --cert FILE\n"
	"                        the examiner key\n";

static int collect_files(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exhibit", required_argument, NULL, 'x' },
		{ "description", required_argument, NULL, 'd' },
		{ "host", required_argument, NULL, 'H' },
		{ "parent-dir", required_argument, NULL, 'P' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_files_opts o = { 0 };
	struct ll_files_result r;
	struct ll_vdisk_chains ch = { 0 };
	const char *parent_dir = NULL;
	int c, rc, code = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'x': o.id = optarg; break;
		case 'd': o.description = optarg; break;
		case 'H': o.host = optarg; break;
		case 'P': parent_dir = optarg; break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(files_usage);
		default: return ll_cli_usage(cli, files_usage, "bad option");
		}
	}
	if (optind >= argc)
		return ll_cli_usage(cli, files_usage, "at least one PATH is required");
	o.paths = argv + optind;
	o.npaths = (size_t)(argc - optind);
	if ((rc = LL_CLI_TEXT_ARGS(cli, files_usage, { "--exhibit", o.id },
				   { "--description", o.description })))
		return rc;
	if ((rc = check_host(cli, files_usage, o.host)))
		return rc;
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	catch_signals();
	o.stop = &stop_flag;
	o.media = ll_cli_vdisk_media; /* a virtual disk's media hashes, by a check worker */
	/* a differencing disk's parents join the item before anything is copied */
	if ((rc = ll_vdisk_chains_find(&ch, o.paths, o.npaths, parent_dir)) < 0)
		return ll_cli_fail(cli, rc);
	o.paths = ch.paths;
	o.npaths = ch.npaths;
	o.chains_json = ch.json;
	rc = ll_collect_files(&r, cli->cs, cli->signer, &o);
	if (rc == 0 && r.media_problem[0])
		fprintf(stderr, "lifeline: %s: warning: evidence %s: no media hashes recorded: %s\n",
			cli->cmd, ll_cli_q(r.id), r.media_problem);
	if (rc < 0) {
		code = ll_cli_fail(cli, rc);
		if (r.id && !strcmp(r.state, "incomplete"))
			fprintf(stderr, "lifeline: %s: evidence %s is marked INCOMPLETE\n",
				cli->cmd, ll_cli_q(r.id));
	} else if (cli->json) {
		json_t *files = json_array(), *skipped = json_array(), *doc;
		bool esc = false;

		/* names as the custody entry records them (docs/formats/custody.md) */
		for (size_t i = 0; i < r.nfiles; i++)
			esc = esc || ll_cli_name_needs_escape(r.files[i].path) ||
			      ll_cli_name_needs_escape(r.files[i].orig_path);
		for (size_t i = 0; i < r.nskipped; i++)
			esc = esc || ll_cli_name_needs_escape(r.skipped[i]);
		for (size_t i = 0; i < r.nfiles; i++)
			json_array_append_new(files,
					      json_pack("{s:o, s:o, s:I, s:s, s:s, s:s}", "path",
							ll_cli_name_json(r.files[i].path, esc),
							"orig_path",
							ll_cli_name_json(r.files[i].orig_path, esc),
							"size", (json_int_t)r.files[i].size, "md5",
							r.files[i].md5, "sha1", r.files[i].sha1,
							"sha256", r.files[i].sha256));
		for (size_t i = 0; i < r.nskipped; i++)
			json_array_append_new(skipped, ll_cli_name_json(r.skipped[i], esc));
		doc = json_pack("{s:b, s:s, s:s, s:o, s:o, s:I, s:s}", "ok", 1, "id", r.id,
				"state", r.state, "files", files, "skipped", skipped,
				"collect_entry", (json_int_t)r.entry_seq, "head", r.head);
		if (doc && esc)
			json_object_set_new(doc, "name_encoding", json_string("percent"));
		if (doc && r.media_format)
			json_object_set_new(doc, "media",
					    json_pack("{s:s, s:I, s:s, s:s, s:s}", "format",
						      r.media_format, "size", (json_int_t)r.media_size,
						      "md5", r.media.md5, "sha1", r.media.sha1,
						      "sha256", r.media.sha256));
		if (doc && r.media_problem[0])
			json_object_set_new(doc, "warnings",
					    json_pack("[s]", r.media_problem));
		if (doc && r.media_layers) /* a chain's layers, each one's own media where it has one */
			json_object_set_new(doc, "layer_media", json_loads(r.media_layers, 0, NULL));
		code = ll_cli_print_json(doc, "lifeline.collect.files/1") ? LL_EXIT_OUTPUT : 0;
	} else {
		printf("evidence %s registered (%zu file(s), %" PRIu64 " bytes)\n", ll_cli_q(r.id),
		       r.nfiles, r.total_bytes);
		for (size_t i = 0; i < r.nfiles; i++)
			printf("  %s  %s\n      from %s\n", r.files[i].sha256,
			       ll_cli_qname(r.files[i].path), ll_cli_qname(r.files[i].orig_path));
		for (size_t i = 0; i < r.nskipped; i++)
			printf("  skipped %s (not a regular file or directory)\n",
			       ll_cli_qname(r.skipped[i]));
		if (r.media_format)
			printf("  %s media of %" PRIu64 " bytes: md5 %s\n      sha1 %s\n      sha256 %s\n",
			       r.media_format, r.media_size, r.media.md5, r.media.sha1, r.media.sha256);
		printf("  custody entry %" PRId64 " (collect)\nhead %s\n", r.entry_seq, r.head);
	}
	ll_files_result_release(&r);
	ll_vdisk_chains_release(&ch);
	return code;
}

int cmd_collect(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "image", collect_image, LL_CMD_CASE | LL_CMD_UNIT_REGISTER | LL_CMD_SIGNER,
		  "image a device or stream" },
		{ "files", collect_files, LL_CMD_CASE | LL_CMD_UNIT_REGISTER | LL_CMD_SIGNER,
		  "collect files" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), collect_usage);
}
