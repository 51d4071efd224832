/* SPDX-License-Identifier: Apache-2.0 */
/* The static table of top-level commands (git's builtin table). */
#include "core/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"

/* "version" stays first: main() calls it for --version. */
const struct ll_cmd ll_commands[] = {
	{ "version", cmd_version, 0, "print versions of lifeline and its libraries" },
	{ "help", cmd_help, 0, "show help for a command" },
	{ "case", cmd_case, 0, "create and show a case workspace" },
	{ "key", cmd_key, 0, "create an examiner key and certificate" },
	{ "custody", cmd_custody, 0, "the signed, hash-chained custody ledger" },
	{ "collect", cmd_collect, 0, "acquire disk images, streams and files" },
	{ "evidence", cmd_evidence, 0, "list and verify evidence items" },
	{ "analyze", cmd_analyze, 0, "timeline, detection and correlation" },
	{ "harm", cmd_harm, 0, "hospital data: pseudonymise before it leaves the hospital" },
	{ "timeline", cmd_timeline, 0, "export the timeline (bodyfile, mactime, l2tcsv, jsonl, csv)" },
	{ "findings", cmd_findings, 0, "list what detection found, with the events cited" },
	{ "movements", cmd_movements, LL_CMD_CASE_RO, "movement edges: who reached which host from where" },
	{ "casefile", cmd_casefile, 0, "build and verify the sealed case file" },
	{ "validate", cmd_validate, 0, "run the validation suite against peer tools (validation.json)" },
};

const size_t ll_command_count = LL_ARRAY_SIZE(ll_commands);
