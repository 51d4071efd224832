/* SPDX-License-Identifier: Apache-2.0 */
/* One entry function per top-level command, each in cli/cmd_<name>.c. */
#ifndef LL_CLI_COMMANDS_H
#define LL_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_version(struct ll_cli *cli, int argc, char **argv);
int cmd_help(struct ll_cli *cli, int argc, char **argv);
int cmd_case(struct ll_cli *cli, int argc, char **argv);
int cmd_key(struct ll_cli *cli, int argc, char **argv);
int cmd_custody(struct ll_cli *cli, int argc, char **argv);
int cmd_collect(struct ll_cli *cli, int argc, char **argv);
int cmd_evidence(struct ll_cli *cli, int argc, char **argv);
int cmd_analyze(struct ll_cli *cli, int argc, char **argv);
int cmd_analyze_timeline(struct ll_cli *cli, int argc, char **argv);
int cmd_analyze_detect(struct ll_cli *cli, int argc, char **argv);
int cmd_analyze_correlate(struct ll_cli *cli, int argc, char **argv);
int cmd_timeline(struct ll_cli *cli, int argc, char **argv);
int cmd_findings(struct ll_cli *cli, int argc, char **argv);
int cmd_movements(struct ll_cli *cli, int argc, char **argv);
/* The movement edges, built at the end of `analyze detect` (cli/cmd_movements.c). */
int cmd_movements_build(struct ll_cli *cli);
int cmd_harm(struct ll_cli *cli, int argc, char **argv);
int cmd_casefile(struct ll_cli *cli, int argc, char **argv);
int cmd_validate(struct ll_cli *cli, int argc, char **argv);

#endif
