/* SPDX-License-Identifier: Apache-2.0 */
/* The static table of top-level commands (git's builtin table). */
#include "core/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"

/* "version" stays first: main() calls it for --version. */
const struct ll_cmd ll_commands[] = {
	{ "version", cmd_version, "print versions of lifeline and its libraries" },
	{ "help", cmd_help, "show help for a command" },
	{ "case", cmd_case, "create and show a case workspace" },
	{ "key", cmd_key, "create an examiner key and certificate" },
	{ "custody", cmd_custody, "the signed, hash-chained custody ledger" },
	{ "collect", cmd_collect, "acquire disk images, streams and files" },
	{ "evidence", cmd_evidence, "list and verify evidence items" },
	{ "analyze", cmd_analyze, "timeline, detection and correlation" },
	{ "harm", cmd_harm, "hospital data: pseudonymise before it leaves the hospital" },
	{ "timeline", cmd_timeline, "export the timeline (bodyfile, mactime, l2tcsv, jsonl, csv)" },
	{ "findings", cmd_findings, "list what detection found, with the events cited" },
	{ "casefile", cmd_casefile, "build and verify the sealed case file" },
};

const size_t ll_command_count = LL_ARRAY_SIZE(ll_commands);
