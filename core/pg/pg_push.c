/* SPDX-License-Identifier: Apache-2.0 */
/* `case push`: a SQLite case into the PostgreSQL store, item by item. */
#include "core/compat.h"
#include "core/pg/pg_push.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_custody.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"
#include "core/time.h"

/* The session lock a pusher holds on its case: (class, key), apart from the chain's bigint key. */
#define PUSH_LOCK_CLASS "1280067440"

void ll_pg_push_result_release(struct ll_pg_push_result *r)
{
	for (size_t i = 0; r && i < r->ntables; i++)
		ll_free(r->tables[i].table);
	if (r) {
		ll_free(r->tables);
		r->tables = NULL;
		r->ntables = 0;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_count(struct ll_pg_push_result *res, const char *table, int64_t rows)
{
	struct ll_pg_table_count *t = ll_reallocarray(res->tables, res->ntables + 1, sizeof(*t));

	if (!t)
		return ll_error_set(LL_ENOMEM, "out of memory");
	res->tables = t;
	if (!(t[res->ntables].table = ll_strdup(table)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	t[res->ntables++].rows = rows;
	return 0;
}

/* Both lists hold the same names (sorted), else the first that differs is named. */
static int same_tables(struct ll_pg *pg, char **a, size_t na, char **b, size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na || j < nb) {
		int cmp = i == na ? 1 : j == nb ? -1 : strcmp(a[i], b[j]);

		if (cmp < 0)
			return ll_error_set(LL_EUNSUPPORTED,
					    "the case has a table %s that the %s's case schema lacks",
					    a[i], pg->where);
		if (cmp > 0)
			return ll_error_set(LL_EUNSUPPORTED,
					    "the %s's case schema has a table %s that the case lacks",
					    pg->where, b[j]);
		i++, j++;
	}
	return 0;
}

/*
 * The case row: new, or a half-loaded one whose pusher died (its session
 * lock is free), whose schema is dropped to start again. Inside the
 * caller's transaction; takes the pusher's session lock.
 */
static int claim_case(struct ll_pg_case *c, struct ll_pg *pg, const char *case_id)
{
	PGresult *r = NULL;
	char now[24];
	const char *p[2] = { case_id, now };
	char key[24];
	int rc;

	memset(c, 0, sizeof(*c));
	snprintf(now, sizeof(now), "%" PRId64, ll_time_now_ns());
	if ((rc = ll_pg_query(&r, pg, "looking the case up",
			      "SELECT case_key, state FROM public.lifeline_cases WHERE case_id = $1"
			      " FOR UPDATE", 1, p)) < 0)
		return rc;
	if (PQntuples(r) == 1) {
		c->key = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		if (!strcmp(PQgetvalue(r, 0, 1), "ready")) {
			ll_pg_clear(r);
			return ll_error_set(LL_EEXISTS, "the %s already has a case '%s'; it is not replaced",
					    pg->where, case_id);
		}
	}
	ll_pg_clear(r);
	r = NULL;
	if (!c->key) {
		if ((rc = ll_pg_query(&r, pg, "registering the case",
				      "INSERT INTO public.lifeline_cases(case_id, state, created_ns)"
				      " VALUES ($1, 'loading', $2) RETURNING case_key", 2, p)) < 0)
			return rc;
		c->key = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		ll_pg_clear(r);
		r = NULL;
	}
	snprintf(c->schema, sizeof(c->schema), "lifeline_case_%" PRId64, c->key);
	snprintf(c->state, sizeof(c->state), "loading");
	snprintf(key, sizeof(key), "%" PRId64, c->key % 2147483647);
	if ((rc = ll_pg_query(&r, pg, "locking the case for the push",
			      "SELECT pg_try_advisory_lock(" PUSH_LOCK_CLASS ", $1::integer)", 1,
			      (const char *const[]){ key })) < 0)
		return rc;
	if (strcmp(PQgetvalue(r, 0, 0), "t")) {
		ll_pg_clear(r);
		return ll_error_set(LL_EEXISTS,
				    "the case '%s' is being pushed into the %s by another process now",
				    case_id, pg->where);
	}
	ll_pg_clear(r);
	{
		struct ll_buf sql = LL_BUF_INIT;

		/* the schema name is digits only: built, not spliced from input */
		if ((rc = ll_buf_printf(&sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
					c->schema, c->schema)) == 0)
			rc = ll_pg_exec(pg, "creating the case schema", sql.ptr);
		ll_buf_release(&sql);
	}
	if (rc == 0 && (rc = ll_pg_use_case(pg, c, true)) == 0)
		rc = ll_pg_exec(pg, "creating the case tables", ll_pg_case_ddl);
	return rc;
}

/* Every table but events, in the open transaction. */
static int push_tables(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
		       const struct ll_pg_case *c)
{
	char **mine = NULL, **theirs = NULL;
	size_t nmine = 0, ntheirs = 0;
	int64_t rows;
	int rc;

	if ((rc = ll_pg_sqlite_tables(&mine, &nmine, st)) < 0 ||
	    (rc = ll_pg_server_tables(&theirs, &ntheirs, pg, c->schema)) < 0 ||
	    (rc = same_tables(pg, mine, nmine, theirs, ntheirs)) < 0)
		goto out;
	for (size_t i = 0; i < nmine; i++) {
		if (!strcmp(mine[i], "events"))
			continue;
		if ((rc = ll_pg_push_table(&rows, pg, st, c->schema, mine[i], mine[i], NULL, NULL,
					   NULL)) < 0 ||
		    (rc = add_count(res, mine[i], rows)) < 0) {
			ll_error_context("table %s", mine[i]);
			goto out;
		}
	}
out:
	ll_pg_names_free(mine, nmine);
	ll_pg_names_free(theirs, ntheirs);
	return rc;
}

struct events_progress {
	ll_pg_progress_cb cb;
	void *payload;
	uint64_t before, total;
};

static void events_rows(void *payload, uint64_t rows)
{
	struct events_progress *p = payload;

	if (p->cb)
		p->cb(p->payload, p->before + rows, p->total);
}

/*
 * One item's events: its partition made as a plain table, filled by COPY,
 * then attached (building its indexes once, not row by row), all in one
 * transaction: a loader killed at any point leaves no partition for it.
 */
static int push_item(int64_t *rows, struct ll_pg *pg, struct ll_store *st,
		     const struct ll_pg_case *c, const char *evidence_id, int64_t seq,
		     struct events_progress *prog)
{
	struct ll_buf sql = LL_BUF_INIT;
	char part[40], *lit = NULL;
	int rc;

	snprintf(part, sizeof(part), "events_p%" PRId64, seq);
	if (!(lit = ll_pg_literal(pg, evidence_id)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_pg_begin(pg)) < 0)
		goto out;
	if ((rc = ll_pg_use_case(pg, c, true)) < 0 ||
	    (rc = ll_buf_printf(&sql, "CREATE TABLE %s (LIKE events INCLUDING DEFAULTS)", part)) < 0 ||
	    (rc = ll_pg_exec(pg, "creating the item's partition", sql.ptr)) < 0 ||
	    (rc = ll_pg_push_table(rows, pg, st, c->schema, "events", part, evidence_id, events_rows,
				   prog)) < 0)
		goto fail;
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "ALTER TABLE events ATTACH PARTITION %s FOR VALUES IN (%s)",
				part, lit)) < 0 ||
	    (rc = ll_pg_exec(pg, "attaching the item's partition", sql.ptr)) < 0)
		goto fail;
	rc = ll_pg_commit(pg);
	goto out;
fail:
	ll_pg_rollback(pg);
out:
	if (rc < 0)
		ll_error_context("the events of evidence item %s", evidence_id);
	ll_buf_release(&sql);
	ll_free(lit);
	return rc;
}

static int push_events(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
		       const struct ll_pg_case *c, ll_pg_progress_cb cb, void *payload)
{
	struct events_progress prog = { cb, payload, 0, 0 };
	sqlite3_stmt *s = NULL;
	int64_t total = 0, orphans = 0, rows;
	double t0;
	int rc, step;

	if ((rc = ll_store_get_int(&total, st, "SELECT count(*) FROM events", NULL,
				   "counting the events")) < 0 ||
	    (rc = ll_store_get_int(&orphans, st,
				   "SELECT count(*) FROM events WHERE evidence_id NOT IN (SELECT id FROM evidence)",
				   NULL, "checking the events' items")) < 0)
		return rc;
	if (orphans)
		return ll_error_set(LL_ECORRUPT,
				    "%" PRId64 " events name an evidence item the case does not have; "
				    "push would have no partition for them", orphans);
	prog.total = (uint64_t)total;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT e.id, e.seq, (SELECT count(*) FROM events v"
				   " WHERE v.evidence_id = e.id) FROM evidence e ORDER BY e.seq")) < 0)
		return rc;
	t0 = now_s();
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);

		if (sqlite3_column_int64(s, 2) == 0)
			continue; /* no events: no partition (made when its events are loaded) */
		if ((rc = push_item(&rows, pg, st, c, id, sqlite3_column_int64(s, 1), &prog)) < 0)
			goto out;
		prog.before += (uint64_t)rows;
		res->events += rows;
		res->partitions++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the evidence items");
	res->events_seconds = now_s() - t0;
	if (rc == 0)
		rc = add_count(res, "events", res->events);
out:
	sqlite3_finalize(s);
	return rc;
}

int ll_pg_push(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
	       const char *case_id, const struct ll_signer *signer, ll_pg_progress_cb cb,
	       void *payload)
{
	struct ll_pg_case c;
	struct ll_custody_request req = { 0 };
	struct ll_buf details = LL_BUF_INIT;
	int64_t seq = 0;
	char head[65];
	char key[24];
	double t0 = now_s();
	int rc;

	memset(res, 0, sizeof(*res));
	if (ll_store_schema_version(st) != LL_PG_SQLITE_SCHEMA)
		return ll_error_set(LL_EUNSUPPORTED,
				    "the case's schema is version %d; the PostgreSQL store holds "
				    "version %d cases", ll_store_schema_version(st), LL_PG_SQLITE_SCHEMA);
	if ((rc = ll_custody_head(&seq, head, st)) < 0 || (rc = ll_pg_store_init(pg)) < 0)
		return rc;
	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = claim_case(&c, pg, case_id)) < 0 || (rc = push_tables(res, pg, st, &c)) < 0) {
		ll_pg_rollback(pg);
		return rc;
	}
	if ((rc = ll_pg_commit(pg)) < 0 || (rc = push_events(res, pg, st, &c, cb, payload)) < 0)
		return rc;
	if ((rc = ll_buf_printf(&details,
				"{\"events\":%" PRId64 ",\"partitions\":%" PRId64
				",\"source_head\":\"%s\",\"source_seq\":%" PRId64 "}",
				res->events, res->partitions, head, seq)) < 0)
		return rc;
	req.action = "push";
	req.note = "case pushed into the PostgreSQL store";
	req.location = pg->url_masked;
	req.details = details.ptr;
	rc = ll_pg_custody_append(&res->entry, pg, &c, signer, &req);
	ll_buf_release(&details);
	if (rc < 0)
		return rc;
	snprintf(key, sizeof(key), "%" PRId64, c.key);
	if ((rc = ll_pg_query(NULL, pg, "marking the case ready",
			      "UPDATE public.lifeline_cases SET state = 'ready' WHERE case_key = $1::bigint",
			      1, (const char *const[]){ key })) < 0)
		return rc;
	snprintf(key, sizeof(key), "%" PRId64, c.key % 2147483647);
	ll_pg_query(NULL, pg, "unlocking the case",
		    "SELECT pg_advisory_unlock(" PUSH_LOCK_CLASS ", $1::integer)", 1,
		    (const char *const[]){ key });
	res->seconds = now_s() - t0;
	return 0;
}
