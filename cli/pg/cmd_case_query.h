/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline case query: a time window of a PostgreSQL store's case (cli/pg/cmd_case_query.c). */
#ifndef LL_CLI_PG_CMD_CASE_QUERY_H
#define LL_CLI_PG_CMD_CASE_QUERY_H

#include "cli/cli.h"

int ll_case_query(struct ll_cli *cli, int argc, char **argv);

#endif
