/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline version / help: what built this binary, for reports and bug reports. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyze/versions.h"
#include "casefile/versions.h"
#include "collect/versions.h"
#include "core/versions.h"

static const char version_usage[] =
	"usage: lifeline version [--json]\n"
	"\n"
	"Prints the version of lifeline and of every library it links, as\n"
	"recorded in custody entries and case-file reports.\n";

struct version_state {
	struct ll_cli *cli;
	json_t *libs;
};

static void add_version(const char *name, const char *version, void *payload)
{
	struct version_state *vs = payload;

	if (vs->cli->json)
		json_object_set_new(vs->libs, name, json_string(version));
	else
		printf("  %-10s %s\n", name, version);
}

int cmd_version(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct version_state vs = { cli, NULL };
	int c;

	/* An option or argument it does not know is a usage error like in
	 * every other command, not silently ignored. */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return ll_cli_help(version_usage);
		default: return ll_cli_usage(cli, version_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, version_usage, "unexpected argument '%s'", argv[optind]);
	if (cli->json)
		vs.libs = json_object();
	else
		printf("lifeline %s\n", LL_VERSION);
	ll_core_versions(add_version, &vs);
	ll_collect_versions(add_version, &vs);
	ll_analyze_versions(add_version, &vs);
	ll_casefile_versions(add_version, &vs);
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:s, s:o}", "version", LL_VERSION,
						   "libraries", vs.libs),
					 "lifeline.version/1") ? LL_EXIT_OUTPUT : 0;
	return 0;
}

static const char help_usage[] =
	"usage: lifeline help [<command> [<subcommand>]]\n"
	"\n"
	"Shows the help of a command (the same as '<command> --help').\n";

int cmd_help(struct ll_cli *cli, int argc, char **argv)
{
	char *args[4];

	if (argc < 2)
		return ll_cli_help(help_usage);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return ll_cli_help(help_usage);
	for (size_t i = 0; i < ll_command_count; i++) {
		if (strcmp(ll_commands[i].name, argv[1]) != 0)
			continue;
		args[0] = argv[1];
		if (argc > 2) {
			args[1] = argv[2];
			args[2] = (char *)"--help";
			args[3] = NULL;
			return ll_commands[i].fn(cli, 3, args);
		}
		args[1] = (char *)"--help";
		args[2] = NULL;
		return ll_commands[i].fn(cli, 2, args);
	}
	return ll_cli_usage(cli, help_usage, "no command '%s'", argv[1]);
}
