/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze <subcommand>: the analysis steps over a case's events. */
#include "core/compat.h"
#include "cli/commands.h"

int cmd_analyze_detect(struct ll_cli *cli, int argc, char **argv);

static const char analyze_usage[] =
	"usage: lifeline analyze <subcommand>\n"
	"\n"
	"  detect [--rules PATH] [--threshold NAME=VALUE]... [--no-fs]\n"
	"               run Sigma rules and file-system detectors, store findings\n";

int cmd_analyze(struct ll_cli *cli, int argc, char **argv)
{
	/* one line per subcommand */
	static const struct ll_cmd subs[] = {
		{ "detect", cmd_analyze_detect, "run detection rules into findings" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), analyze_usage);
}
