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
 * public.lifeline_change_log has a row per push of this lifeline, at its
 * generation: the case-wide tables it changed (NULL: every one, an item's
 * push) and, for a case-wide push, the (item table, item) pairs whose rows
 * it changed. A case-wide push still stamps "" (an older lifeline's pull
 * then pulls everything) and the items it registered; a pull trusts
 * the named tables only when every generation since its own has a row: a
 * gap is a push that did not say what it changed (ws_pull.c).
 *
 * A table in public, not in the case's schema: `case export` copies every
 * table of that schema into the SQLite case, which has no such table.
 * Items with no row (pushed with the case, or by an older lifeline before
 * the record existed) are generation 0.
 *
 * The record is the store's layout 2 (pg_schema.h): the first write of this
 * lifeline into a store of layout 1 makes it and says layout 2, after which
 * a lifeline of layout 1 (whose pushes would not stamp it) is refused,
 * naming the layout, instead of its pushes going unseen by the pulls.
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
	"  PRIMARY KEY (case_key, evidence_id));"
	/* a row per push (one generation each): the case-wide tables it changed, NULL every
	 * one; a case-wide push's (item table, item) pairs whose rows it changed */
	"CREATE TABLE IF NOT EXISTS public.lifeline_change_log ("
	"  case_key bigint NOT NULL, gen bigint NOT NULL, tables text[],"
	"  item_tables text[], items text[],"
	"  PRIMARY KEY (case_key, gen))";

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

int ll_ws_changes_upgrade_tx(struct ll_pg *pg)
{
	char v[16];
	int rc;

	/* the record is what layout 2 adds to layout 1: made, then the layout said */
	snprintf(v, sizeof(v), "%d", LL_PG_STORE_VERSION);
	if ((rc = ll_pg_exec(pg, "creating the change record", changes_ddl)) < 0)
		return rc;
	return ll_pg_query(NULL, pg, "recording the store layout version",
			   "UPDATE public.lifeline_store SET version = $1::integer WHERE version = 1",
			   1, (const char *const[]){ v });
}

int ll_ws_changes_init(struct ll_pg *pg)
{
	PGresult *r = NULL;
	bool present;
	int version = 0, rc;

	/* a store of layout 1 (or one whose record was dropped) is made layout 2 */
	if ((rc = ll_pg_store_version(&version, pg)) < 0 ||
	    (rc = ll_pg_query(&r, pg, "looking for the change record",
			      "SELECT to_regclass('public.lifeline_changes') IS NOT NULL"
			      " AND to_regclass('public.lifeline_change_log') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	present = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	ll_pg_clear(r);
	if (present && version == LL_PG_STORE_VERSION)
		return 0;
	/* the store layout's lock (pg_schema.c): two first pushes create it one after the other */
	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = ll_pg_exec(pg, "locking the store layout",
			     "SELECT pg_advisory_xact_lock(1280067399)")) < 0 ||
	    (rc = ll_ws_changes_upgrade_tx(pg)) < 0 || (rc = ll_pg_store_version(&version, pg)) < 0)
		goto fail;
	if (version != LL_PG_STORE_VERSION) {
		rc = ll_error_set(LL_EUNSUPPORTED, "the %s holds a lifeline store of layout %d; this "
				  "lifeline writes layout %d", pg->where, version,
				  LL_PG_STORE_VERSION);
		goto fail;
	}
	return ll_pg_commit(pg);
fail:
	ll_pg_rollback(pg);
	return rc;
}

/* A text[] literal of the names: each quoted, its quotes and backslashes escaped. */
static int text_array(struct ll_buf *arr, const char *const *names, size_t n)
{
	int rc;

	if ((rc = ll_buf_putc(arr, '{')) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i && (rc = ll_buf_putc(arr, ',')) < 0)
			break;
		rc = ll_buf_putc(arr, '"');
		for (const char *p = names[i]; *p && rc == 0; p++) {
			if (*p == '"' || *p == '\\')
				rc = ll_buf_putc(arr, '\\');
			if (rc == 0)
				rc = ll_buf_putc(arr, *p);
		}
		if (rc == 0)
			rc = ll_buf_putc(arr, '"');
	}
	return rc < 0 ? rc : ll_buf_putc(arr, '}');
}

int ll_ws_changes_bump(struct ll_pg *pg, const struct ll_pg_case *c, const struct ll_ws_unit *u)
{
	struct ll_buf arr = LL_BUF_INIT, tables = LL_BUF_INIT, itables = LL_BUF_INIT,
		      items = LL_BUF_INIT;
	const char **ids = NULL;
	size_t n = 0;
	PGresult *r = NULL;
	char key[24], gen[24];
	int rc = 0;

	if (!u->case_wide && !u->nitems)
		return 0; /* custody only: the chain says it */
	if (!(ids = ll_calloc(u->nitems + 1, sizeof(*ids))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* "" for a case-wide push: what a lifeline without the table record reads as "pull all" */
	if (u->case_wide)
		ids[n++] = "";
	for (size_t i = 0; i < u->nitems; i++)
		if (!u->case_wide || u->items[i].changed)
			ids[n++] = u->items[i].id;
	snprintf(key, sizeof(key), "%" PRId64, c->key);
	if ((rc = text_array(&arr, ids, n)) < 0 ||
	    (rc = ll_pg_query(&r, pg, "reading the change record",
			      "SELECT coalesce(max(gen), 0) + 1 FROM public.lifeline_changes"
			      " WHERE case_key = $1::bigint", 1, (const char *const[]){ key })) < 0)
		goto out;
	snprintf(gen, sizeof(gen), "%s", PQgetvalue(r, 0, 0));
	if ((rc = ll_pg_query(NULL, pg, "stamping the change record",
			      "INSERT INTO public.lifeline_changes (case_key, evidence_id, gen)"
			      " SELECT $1::bigint, x, $3::bigint FROM unnest($2::text[]) AS x"
			      " ON CONFLICT (case_key, evidence_id) DO UPDATE SET gen = EXCLUDED.gen",
			      3, (const char *const[]){ key, arr.ptr, gen })) < 0)
		goto out;
	/* a case-wide unit pushed again after a failed push knows not what it changed: no row */
	if (u->case_wide && !u->case_marked)
		goto out;
	if (u->case_wide &&
	    ((rc = text_array(&tables, (const char *const *)u->changed_tables,
			      u->nchanged_tables)) < 0 ||
	     (rc = text_array(&itables, (const char *const *)u->changed_item_tables,
			      u->nchanged_items)) < 0 ||
	     (rc = text_array(&items, (const char *const *)u->changed_items, u->nchanged_items)) < 0))
		goto out;
	rc = ll_pg_query(NULL, pg, "recording the tables the push changed",
			 "INSERT INTO public.lifeline_change_log (case_key, gen, tables, item_tables, items)"
			 " VALUES ($1::bigint, $2::bigint, $3::text[], $4::text[], $5::text[])", 5,
			 (const char *const[]){ key, gen, u->case_wide ? tables.ptr : NULL,
						u->case_wide ? itables.ptr : NULL,
						u->case_wide ? items.ptr : NULL });
out:
	ll_pg_clear(r);
	ll_free(ids);
	ll_buf_release(&arr);
	ll_buf_release(&tables);
	ll_buf_release(&itables);
	ll_buf_release(&items);
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
