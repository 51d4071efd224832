/* SPDX-License-Identifier: Apache-2.0 */
/* The PostgreSQL store's commands (cli/pg/cmd_case_pg.c, cli/pg/cmd_custody_pg.c). */
#ifndef LL_CLI_CMD_CASE_PG_H
#define LL_CLI_CMD_CASE_PG_H

#include "cli/cli.h"

struct ll_custody_report;
struct ll_custody_request;

int ll_case_push(struct ll_cli *cli, int argc, char **argv);
int ll_case_export(struct ll_cli *cli, int argc, char **argv);

/*
 * The arguments `case export` and `case attach` share: `--store URL --case-id
 * ID DIR`, all three required, the URL a postgresql:// one. 0 when they are
 * there (*url, *case_id set; DIR is argv[optind]); else the exit code (help
 * printed, or the usage error).
 */
int ll_pg_store_dir_args(struct ll_cli *cli, int argc, char **argv, const char *usage,
			 const char **url, const char **case_id, int *exit_code);

/* custody add|verify --store URL --case-id ID: the chain in the server. */
int ll_custody_pg_add(struct ll_cli *cli, const char *url, const char *case_id,
		      const struct ll_custody_request *req);
int ll_custody_pg_verify(struct ll_cli *cli, const char *url, const char *case_id,
			 const char *head);
/* The verdict of either chain's check, printed; the exit code (cli/cmd_custody.c). */
int ll_cli_custody_verified(struct ll_cli *cli, int rc, const struct ll_custody_report *rep);

#endif
