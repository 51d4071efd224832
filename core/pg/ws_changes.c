/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's change record (pg_ws.h): public.lifeline_changes holds, per
 * case and evidence item, the generation of the last push that changed the
 * item's rows; the item "" stands for a case-wide push. Generations count
 * up per case: a push takes the case's highest + 1 under the case's
 * id-allocation lock, which every push of the case holds, so two pushes
 * never share one. A workspace keeps the highest generation its last pull
 * saw: the items stamped above it are the ones to pull again.
 *
 * A table in public, not in the case's schema: `case export` copies every
 * table of that schema into the SQLite case, which has no such table.
 * Items with no row (pushed with the case, or by an older lifeline before
 * the record existed) are generation 0.
 */
#include "core/compat.h"
#include "core/pg/pg_ws.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_schema.h"

static const char changes_ddl[] =
	"CREATE TABLE IF NOT EXISTS public.lifeline_changes ("
	"  case_key bigint NOT NULL, evidence_id text NOT NULL, gen bigint NOT NULL,"
	"  PRIMARY KEY (case_key, evidence_id))";

int ll_ws_changes_present(bool *out, struct ll_pg *pg)
{
	PGresult *r = NULL;
	int rc;

	*out = false;
	if ((rc = ll_pg_query(&r, pg, "looking for the change record",
			      "SELECT to_regclass('public.lifeline_changes') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	*out = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	ll_pg_clear(r);
	return 0;
}

int ll_ws_changes_init(struct ll_pg *pg)
{
	bool present;
	int rc;

	if ((rc = ll_ws_changes_present(&present, pg)) < 0 || present)
		return rc;
	/* the store layout's lock (pg_schema.c): two first pushes create it one after the other */
	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = ll_pg_exec(pg, "locking the store layout",
			     "SELECT pg_advisory_xact_lock(1280067399)")) < 0 ||
	    (rc = ll_pg_exec(pg, "creating the change record", changes_ddl)) < 0) {
		ll_pg_rollback(pg);
		return rc;
	}
	return ll_pg_commit(pg);
}

int ll_ws_changes_bump(struct ll_pg *pg, const struct ll_pg_case *c, const struct ll_ws_unit *u)
{
	struct ll_buf arr = LL_BUF_INIT;
	char key[24];
	int rc = 0;

	/* a text[] literal: each id quoted, its quotes and backslashes escaped */
	if ((rc = ll_buf_putc(&arr, '{')) < 0)
		goto out;
	for (size_t i = 0; i < (u->case_wide ? 1 : u->nitems) && rc == 0; i++) {
		const char *id = u->case_wide ? "" : u->items[i].id;

		if (i && (rc = ll_buf_putc(&arr, ',')) < 0)
			break;
		rc = ll_buf_putc(&arr, '"');
		for (const char *p = id; *p && rc == 0; p++) {
			if (*p == '"' || *p == '\\')
				rc = ll_buf_putc(&arr, '\\');
			if (rc == 0)
				rc = ll_buf_putc(&arr, *p);
		}
		if (rc == 0)
			rc = ll_buf_putc(&arr, '"');
	}
	if (rc < 0 || (rc = ll_buf_putc(&arr, '}')) < 0)
		goto out;
	if (!u->case_wide && !u->nitems)
		goto out; /* custody only: the chain says it */
	snprintf(key, sizeof(key), "%" PRId64, c->key);
	rc = ll_pg_query(NULL, pg, "stamping the change record",
			 "INSERT INTO public.lifeline_changes (case_key, evidence_id, gen)"
			 " SELECT $1::bigint, x, (SELECT coalesce(max(gen), 0) + 1"
			 "  FROM public.lifeline_changes WHERE case_key = $1::bigint)"
			 " FROM unnest($2::text[]) AS x"
			 " ON CONFLICT (case_key, evidence_id) DO UPDATE SET gen = EXCLUDED.gen",
			 2, (const char *const[]){ key, arr.ptr });
out:
	ll_buf_release(&arr);
	return rc;
}

int ll_ws_changes_gen(int64_t *out, struct ll_pg *pg, const struct ll_pg_case *c)
{
	PGresult *r = NULL;
	char key[24];
	int rc;

	*out = 0;
	snprintf(key, sizeof(key), "%" PRId64, c->key);
	if ((rc = ll_pg_query(&r, pg, "reading the change record",
			      "SELECT coalesce(max(gen), 0) FROM public.lifeline_changes"
			      " WHERE case_key = $1::bigint", 1, (const char *const[]){ key })) < 0)
		return rc;
	*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	ll_pg_clear(r);
	return 0;
}
