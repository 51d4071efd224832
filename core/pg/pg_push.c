/* SPDX-License-Identifier: Apache-2.0 */
/* `case push`: a SQLite case into the PostgreSQL store, item by item. */
#include "core/compat.h"
#include "core/pg/pg_push.h"
#include "core/pg/pg_push_item.h"

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
 * its time_ns index built, then attached (the key's index built once, not
 * row by row), all in one transaction: a loader killed at any point leaves
 * no partition for it. The time index is made here, after the COPY, so it
 * is built once from sorted runs instead of updated row by row, and its
 * cost is measured apart (attach then adopts it as events_time's partition).
 */
int ll_pg_push_item(struct ll_pg_item_stats *out, struct ll_pg *pg, struct ll_store *st,
		    const struct ll_pg_case *c, const char *evidence_id, int64_t seq,
		    ll_pg_rows_cb cb, void *payload)
{
	struct ll_buf sql = LL_BUF_INIT;
	char part[40], *lit = NULL;
	double t0 = now_s(), t1 = 0, t2 = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(part, sizeof(part), "events_p%" PRId64, seq);
	if (!(lit = ll_pg_literal(pg, evidence_id)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_pg_begin(pg)) < 0)
		goto out;
	if ((rc = ll_pg_use_case(pg, c, true)) < 0 ||
	    (rc = ll_buf_printf(&sql, "CREATE TABLE %s (LIKE events INCLUDING DEFAULTS)", part)) < 0 ||
	    (rc = ll_pg_exec(pg, "creating the item's partition", sql.ptr)) < 0 ||
	    (rc = ll_pg_push_table(&out->rows, pg, st, c->schema, "events", part, evidence_id, cb,
				   payload)) < 0)
		goto fail;
	t1 = now_s();
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "CREATE INDEX %s_time ON %s(time_ns)", part, part)) < 0 ||
	    (rc = ll_pg_exec(pg, "indexing the item's partition by time", sql.ptr)) < 0)
		goto fail;
	t2 = now_s();
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "ALTER TABLE events ATTACH PARTITION %s FOR VALUES IN (%s)",
				part, lit)) < 0 ||
	    (rc = ll_pg_exec(pg, "attaching the item's partition", sql.ptr)) < 0)
		goto fail;
	rc = ll_pg_commit(pg);
	out->copy_s = t1 - t0;
	out->time_index_s = t2 - t1;
	out->attach_s = now_s() - t2;
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

static void todo_free(struct ll_pg_push_todo *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		ll_free(t[i].id);
	ll_free(t);
}

/* The items that have events, in evidence order. */
static int list_items(struct ll_pg_push_todo **out, size_t *nout, struct ll_store *st)
{
	struct ll_pg_push_todo *t = NULL;
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int rc = 0, step;

	*out = NULL;
	*nout = 0;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT e.id, e.seq, (SELECT count(*) FROM events v"
				   " WHERE v.evidence_id = e.id) FROM evidence e ORDER BY e.seq")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_pg_push_todo *g;

		if (sqlite3_column_int64(s, 2) == 0)
			continue; /* no events: no partition (made when its events are loaded) */
		if (!(g = ll_reallocarray(t, n + 1, sizeof(*t)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		t = g;
		t[n].seq = sqlite3_column_int64(s, 1);
		t[n].events = sqlite3_column_int64(s, 2);
		if (!(t[n].id = ll_strdup((const char *)sqlite3_column_text(s, 0)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the evidence items");
out:
	sqlite3_finalize(s);
	if (rc < 0) {
		todo_free(t, n);
		return rc;
	}
	*out = t;
	*nout = n;
	return 0;
}

static int push_events(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
		       const struct ll_pg_case *c, int jobs, const char *url, const char *db_path,
		       ll_pg_progress_cb cb, void *payload)
{
	struct events_progress prog = { cb, payload, 0, 0 };
	struct ll_pg_push_todo *todo = NULL;
	size_t ntodo = 0;
	int64_t total = 0, orphans = 0;
	double t0;
	int rc;

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
	if ((rc = list_items(&todo, &ntodo, st)) < 0)
		return rc;
	t0 = now_s();
	if (jobs > 1) {
		rc = ll_pg_push_par(res, url, db_path, c, todo, ntodo, jobs, cb, payload,
				    (uint64_t)total);
	} else {
		res->nstreams = 1;
		for (size_t i = 0; i < ntodo && rc == 0; i++) {
			struct ll_pg_item_stats is;

			if ((rc = ll_pg_push_item(&is, pg, st, c, todo[i].id, todo[i].seq, events_rows,
						  &prog)) < 0)
				break;
			prog.before += (uint64_t)is.rows;
			res->events += is.rows;
			res->partitions++;
			res->copy_seconds += is.copy_s;
			res->time_index_seconds += is.time_index_s;
			res->attach_seconds += is.attach_s;
		}
		res->stream_events[0] = res->events;
		res->stream_seconds[0] = now_s() - t0;
	}
	res->events_seconds = now_s() - t0;
	if (rc == 0)
		rc = add_count(res, "events", res->events);
	todo_free(todo, ntodo);
	return rc;
}

int ll_pg_push(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
	       const char *case_id, const struct ll_signer *signer, ll_pg_progress_cb cb,
	       void *payload)
{
	return ll_pg_push_jobs(res, pg, st, case_id, signer, 1, NULL, NULL, cb, payload);
}

int ll_pg_push_jobs(struct ll_pg_push_result *res, struct ll_pg *pg, struct ll_store *st,
		    const char *case_id, const struct ll_signer *signer, int jobs,
		    const char *url, const char *db_path, ll_pg_progress_cb cb, void *payload)
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
	if (jobs < 1 || jobs > LL_PG_PUSH_JOBS_MAX || (jobs > 1 && (!url || !db_path)))
		return ll_error_set(LL_EINVAL, "push on %d streams: 1..%d, each with the server's "
				    "URL and the case database", jobs, LL_PG_PUSH_JOBS_MAX);
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
	if ((rc = ll_pg_commit(pg)) < 0 || (rc = push_events(res, pg, st, &c, jobs, url, db_path, cb, payload)) < 0)
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
