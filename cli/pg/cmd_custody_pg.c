/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline custody add|verify --store URL --case-id ID: the chain in a PostgreSQL store. */
#include "core/compat.h"
#include "cli/pg/cmd_case_pg.h"

#include <inttypes.h>
#include <stdio.h>
#include <libpq-fe.h>

#include "core/custody.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_custody.h"
#include "core/pg/pg_schema.h"

/* The item must be one of the case's, as 'custody add' checks on SQLite. */
static int evidence_exists(struct ll_pg *pg, const struct ll_pg_case *c, const char *id)
{
	struct pg_result *r = NULL;
	int rc;

	if ((rc = ll_pg_use_case(pg, c, false)) < 0 ||
	    (rc = ll_pg_query(&r, pg, "looking the evidence item up",
			      "SELECT 1 FROM evidence WHERE id = $1", 1, &id)) < 0)
		return rc;
	rc = PQntuples(r) ? 0 : ll_error_set(LL_ENOTFOUND, "no evidence item '%s' in the case", id);
	ll_pg_clear(r);
	return rc;
}

int ll_custody_pg_add(struct ll_cli *cli, const char *url, const char *case_id,
		      const struct ll_custody_request *req)
{
	struct ll_custody_entry out;
	struct ll_pg_case c;
	struct ll_pg *pg = NULL;
	int rc;

	cli->setup &= ~(unsigned)LL_CMD_CASE; /* the case is the server's: only the key */
	if ((rc = ll_pg_connect(&pg, url)) < 0 || (rc = ll_pg_case_find(&c, pg, case_id)) < 0 ||
	    (req->evidence_id && (rc = evidence_exists(pg, &c, req->evidence_id)) < 0) ||
	    (rc = ll_cli_setup(cli)) < 0 ||
	    (rc = ll_pg_custody_append(&out, pg, &c, cli->signer, req)) < 0) {
		ll_pg_free(pg);
		return ll_cli_fail(cli, rc);
	}
	ll_pg_free(pg);
	if (cli->json)
		return ll_cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "seq",
						   (json_int_t)out.seq, "head", out.hash),
					 "lifeline.custody.add/1") ? LL_EXIT_OUTPUT : 0;
	printf("entry %" PRId64 " appended\nhead %s\n", out.seq, out.hash);
	return 0;
}

int ll_custody_pg_verify(struct ll_cli *cli, const char *url, const char *case_id,
			 const char *head)
{
	struct ll_custody_report rep;
	struct ll_pg_case c;
	struct ll_pg *pg = NULL;
	int rc;

	if ((rc = ll_pg_connect(&pg, url)) < 0 || (rc = ll_pg_case_find(&c, pg, case_id)) < 0) {
		ll_pg_free(pg);
		return ll_cli_fail(cli, rc);
	}
	rc = ll_pg_custody_verify(&rep, pg, &c, head);
	ll_pg_free(pg);
	return ll_cli_custody_verified(cli, rc, &rep);
}
