/* SPDX-License-Identifier: Apache-2.0 */
/* Commands in an attached workspace (cli/pg/ws_hook.c) and the case commands for one (cmd_case_ws.c). */
#ifndef LL_CLI_PG_WS_HOOK_H
#define LL_CLI_PG_WS_HOOK_H

#include "cli/cli.h"

struct ll_pg;
struct ll_pg_case;
struct ll_ws_store;
struct ll_signer;

/* Called by ll_cli_setup_case around opening a case read-write, and by ll_cli_run after the command. */
int ll_ws_cli_begin(struct ll_cli *cli);
int ll_ws_cli_opened(struct ll_cli *cli);
int ll_ws_cli_end(struct ll_cli *cli, int code);

/* Connects and finds the workspace's case (refusing a key that is not store.json's). */
int ll_ws_connect(struct ll_pg **pg, struct ll_pg_case *c, const struct ll_ws_store *s,
		  const char *dir);
/* The workspace's own case record names store.json's case. */
int ll_ws_check_local(const char *dir, const struct ll_ws_store *s);
int ll_ws_load_signer(struct ll_signer **out, const char *key, const char *cert);
/*
 * DIR/.ll-unpushed: the unit of a command whose push failed (JSON), so that
 * `case sync` can take its locks again and push it (every table of its
 * items counted as changed).
 */
struct ll_ws_unit;
int ll_ws_write_unpushed(const char *dir, const struct ll_ws_unit *u);
int ll_ws_read_unpushed(struct ll_ws_unit *u, char ***items, size_t *nitems, const char *dir);
/* The server locks of unit `u` (its items given by id; added to u as locked). */
int ll_ws_take_locks(struct ll_pg *pg, const struct ll_pg_case *c, const char *case_id,
		     const struct ll_signer *signer, struct ll_ws_unit *u, char **items,
		     size_t nitems);
/*
 * The workspace's pull (core/pg/ws_pull.c) with its progress on stderr
 * (label "pull", unit "rows") and, unless quiet, why it was a full one.
 */
struct ll_ws_pull_result;
int ll_ws_pull_cli(struct ll_ws_pull_result *res, struct ll_pg *pg, struct ll_ws_store *s,
		   const char *dir, bool quiet);
/* After a push: the marker goes, the case is pulled, store.json says when. */
int ll_ws_after_push(struct ll_ws_pull_result *res, struct ll_pg *pg, struct ll_ws_store *s,
		     const char *dir, bool quiet);
/*
 * A read-only command in an attached workspace: a line on stderr saying
 * how old its last pull is (unless quiet or --progress json), kept for
 * the command's --json output (ll_ws_staleness_json).
 */
void ll_ws_note_staleness(struct ll_cli *cli);
/* {"last_pull": T, "age_seconds": N, "head_seq": H} or NULL outside a workspace (new ref). */
struct json_t *ll_ws_staleness_json(void);

/* case init --store URL (after the local init), case attach|sync|status. */
int ll_case_init_store(struct ll_cli *cli, const char *dir, const char *url);
int ll_case_attach(struct ll_cli *cli, int argc, char **argv);
int ll_case_sync(struct ll_cli *cli, int argc, char **argv);
int ll_case_status(struct ll_cli *cli, int argc, char **argv);

#endif
