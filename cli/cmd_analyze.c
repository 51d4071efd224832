/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline analyze: the analyst's commands, one subcommand per line. */
#include "core/compat.h"
#include "cli/commands.h"

static const char analyze_usage[] =
	"usage: lifeline analyze <subcommand>\n"
	"\n"
	"  timeline [ID...]   evidence items into timeline events\n"
	"  detect             findings from Sigma rules and file-system detectors\n"
	"  correlate          patient harm back to the attacker, endangerment, statistics\n";

int cmd_analyze(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "timeline", cmd_analyze_timeline,
		  LL_CMD_CASE | LL_CMD_UNIT_ITEMS | LL_CMD_EVIDENCE_FILES | LL_CMD_SIGNER,
		  "evidence into events" },
		{ "detect", cmd_analyze_detect, LL_CMD_CASE | LL_CMD_UNIT_CASE | LL_CMD_SIGNER,
		  "findings from rules" },
		{ "correlate", cmd_analyze_correlate, LL_CMD_CASE | LL_CMD_UNIT_CASE | LL_CMD_SIGNER,
		  "harm, disruption and attack, link by link" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), analyze_usage);
}
