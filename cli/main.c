/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline entry point: global options, command dispatch, stdout check. */
#include "core/compat.h"
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/worker/worker.h"
#include "cli/check_worker.h"
#include "core/cmdline.h"
#include "cli/progress.h"
#include "core/error.h"
#include "core/json.h"

static const char usage[] =
	"usage: lifeline [-C DIR] [--json] [-q] [--progress MODE] <command> [<subcommand>] [options]\n"
	"\n"
	"Turns a cyber-attack on a hospital into evidence a court can use.\n"
	"\n"
	"Global options:\n"
	"  -C DIR     use the case in DIR (default: current directory or a parent)\n"
	"  --json     print one JSON document on stdout\n"
	"  -q         no progress or notes on stderr\n"
	"  --progress MODE  auto (a bar when stderr is a terminal), json (one JSON\n"
	"             object a line on stderr, always) or none\n"
	"  --version  print versions of lifeline and its libraries\n"
	"\n"
	"Commands:\n";

static void print_usage(FILE *f)
{
	fputs(usage, f);
	for (size_t i = 0; i < ll_command_count; i++)
		fprintf(f, "  %-10s %s\n", ll_commands[i].name, ll_commands[i].summary);
	fputs("\nRun 'lifeline <command> --help' for a command's options.\n", f);
}

/* Writes stdout out and reports a failure (full disk, closed pipe): exit 5. */
static int finish_stdout(int code);

/* A usage error of the command line itself: the message, the usage, and with --json its object. */
static int usage_error(const struct ll_cli *cli, const char *msg, bool show_usage)
{
	ll_cli_json_usage(cli, msg);
	fprintf(stderr, "lifeline: %s\n", msg);
	if (show_usage) {
		fputc('\n', stderr);
		print_usage(stderr);
	}
	return finish_stdout(LL_EXIT_USAGE);
}

static int finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "lifeline: cannot write output: %s\n", strerror(errno));
		return code ? code : LL_EXIT_OUTPUT;
	}
	return code;
}

#ifdef LL_TEST_HOOKS
/*
 * Test builds only: LIFELINE_TEST_MAPS=FILE receives this command's memory
 * map as it ends, so tests/hostile/h0541 can see which libraries the
 * process that holds the key and case.db loaded (none that reads evidence).
 */
static void test_maps(void)
{
	const char *to = getenv("LIFELINE_TEST_MAPS");
	FILE *in, *out;
	char buf[4096];
	size_t n;

	if (!to || !(in = fopen("/proc/self/maps", "r")))
		return;
	if ((out = fopen(to, "w"))) {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, out);
		fclose(out);
	}
	fclose(in);
}
#endif

int main(int argc, char **argv)
{
	struct ll_cli cli = { 0 };
	char **args;
	int n = 0, i;

	ll_json_init();
	ll_cmdline_set(argc, argv); /* the analyses record the command they ran as (core/cmdline.h) */
	/* a reader worker (analyze/worker/worker.h): hidden, started by analyze timeline */
	if (argc >= 2 && !strcmp(argv[1], "__worker"))
		return ll_worker_main(argc - 2, argv + 2);
	/* the check before reading of E01 containers (cli/check_worker.h): hidden, the same way */
	if (argc >= 2 && !strcmp(argv[1], "__check"))
		return ll_check_main(argc - 2, argv + 2);
	if (!(args = calloc((size_t)argc + 1, sizeof(*args))))
		return LL_EXIT_BUG;
	/* --json anywhere before "--": even a usage error answers in JSON */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			cli.json = true;
	/* global options before the command */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-C")) {
			if (++i >= argc) {
				free(args);
				return usage_error(&cli, "-C needs a directory", false);
			}
			cli.case_dir = argv[i];
		} else if (!strncmp(argv[i], "-C", 2) && argv[i][2]) {
			cli.case_dir = argv[i] + 2;
		} else if (!strcmp(argv[i], "--json")) {
			cli.json = true;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			cli.quiet = true;
		} else if (!strcmp(argv[i], "--progress") || !strncmp(argv[i], "--progress=", 11)) {
			const char *m = argv[i][10] == '=' ? argv[i] + 11 : (++i < argc ? argv[i] : NULL);
			enum ll_progress_mode mode;

			if (!m || ll_progress_parse_mode(m, &mode) < 0) {
				free(args);
				return usage_error(&cli, "--progress needs auto, json or none", false);
			}
			ll_progress_set_mode(mode);
		} else if (!strcmp(argv[i], "--version")) {
			args[0] = (char *)"version";
			free(args);
			return finish_stdout(ll_commands[0].fn(&cli, 1, (char *[]){ (char *)"version", NULL }));
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout);
			free(args);
			return finish_stdout(0);
		} else if (argv[i][0] == '-') {
			char msg[600];

			snprintf(msg, sizeof(msg), "unknown option '%s'", ll_cli_q(argv[i]));
			free(args);
			return usage_error(&cli, msg, true);
		} else {
			break;
		}
	}
	if (i >= argc) {
		free(args);
		return usage_error(&cli, "a command is required", true);
	}
	/* --json and -q are also accepted after the command (up to "--") */
	for (int j = i; j < argc; j++) {
		if (!strcmp(argv[j], "--")) {
			while (j < argc)
				args[n++] = argv[j++];
			break;
		}
		if (!strcmp(argv[j], "--json"))
			cli.json = true;
		else if (!strcmp(argv[j], "-q") && j > i)
			cli.quiet = true;
		else
			args[n++] = argv[j];
	}
	for (size_t k = 0; k < ll_command_count; k++) {
		if (strcmp(ll_commands[k].name, args[0]) == 0) {
			int rc;

			cli.cmd = ll_commands[k].name;
			rc = ll_cli_run(&cli, &ll_commands[k], n, args);
			free(args);
#ifdef LL_TEST_HOOKS
			test_maps();
#endif
			return finish_stdout(rc);
		}
	}
	{
		char msg[600];

		snprintf(msg, sizeof(msg), "'%s' is not a lifeline command; see 'lifeline --help'",
			 ll_cli_q(args[0]));
		free(args);
		return usage_error(&cli, msg, false);
	}
}
