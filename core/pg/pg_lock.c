/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The work units' locks of an attached workspace (docs/postgresql.md).
 * Session-level advisory locks, so a process that dies (kill -9, a lost
 * network) releases them with its session, plus a row in
 * public.lifeline_locks naming who holds them, so a refusal can say who:
 * a row whose session is gone (not in pg_stat_activity) is never named and
 * is removed by the next taker.
 *
 * Keys (single bigint; the chain's own xact lock is the bare case key and
 * the push's is the two-int form, so none of them meet):
 *   1<<61 | case             the case: shared by item work and registration,
 *                            exclusive for a case-wide command
 *   1<<62 | case<<24 | seq   one evidence item
 *   1<<60 | case             registration (one at a time, waited for)
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
#include "core/time.h"

static int64_t lock_key(const struct ll_pg_case *c, enum ll_ws_lock kind, int64_t seq)
{
	switch (kind) {
	case LL_WS_LOCK_ITEM: return (INT64_C(1) << 62) | (c->key << 24) | (seq & 0xffffff);
	case LL_WS_LOCK_REGISTER: return (INT64_C(1) << 60) | c->key;
	default: return (INT64_C(1) << 61) | c->key;
	}
}

/* The table of holders, made once (under a transaction lock: two first takers do not race). */
static int locks_table(struct ll_pg *pg)
{
	int rc;

	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = ll_pg_exec(pg, "creating the table of locks",
			     "SELECT pg_advisory_xact_lock(1280067441);"
			     "CREATE TABLE IF NOT EXISTS public.lifeline_locks ("
			     " case_key bigint NOT NULL, unit text NOT NULL, examiner text NOT NULL,"
			     " fpr text NOT NULL, host text NOT NULL, pid bigint NOT NULL,"
			     " since_ns bigint NOT NULL, backend integer NOT NULL,"
			     " PRIMARY KEY (case_key, unit, backend))")) < 0) {
		ll_pg_rollback(pg);
		return rc;
	}
	return ll_pg_commit(pg);
}

static const char *unit_name(char *out, size_t len, enum ll_ws_lock kind, const char *item)
{
	switch (kind) {
	case LL_WS_LOCK_ITEM: snprintf(out, len, "item:%s", item); break;
	case LL_WS_LOCK_REGISTER: snprintf(out, len, "register"); break;
	case LL_WS_LOCK_CASE: snprintf(out, len, "case"); break;
	default: snprintf(out, len, "case-shared"); break;
	}
	return out;
}

/* "Test Examiner (key 1a2b3c4d…) on host h, pid 12, since 2026-…" for the live holders of `unit`. */
static int holders(struct ll_buf *b, struct ll_pg *pg, const struct ll_pg_case *c, const char *unit)
{
	PGresult *r = NULL;
	char key[24];
	int rc;

	snprintf(key, sizeof(key), "%" PRId64, c->key);
	if ((rc = ll_pg_query(&r, pg, "reading who holds the lock",
			      "SELECT examiner, fpr, host, pid, since_ns, unit FROM public.lifeline_locks"
			      " WHERE case_key = $1::bigint AND ($2 = '*' OR unit = $2)"
			      " AND backend IN (SELECT pid FROM pg_stat_activity) ORDER BY since_ns",
			      2, (const char *const[]){ key, unit })) < 0)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		char t[48];

		ll_time_format(t, sizeof(t), strtoll(PQgetvalue(r, i, 4), NULL, 10), 0);
		if ((rc = ll_buf_printf(b, "%s%s (key %.16s) on host %s, pid %s, since %s (%s)",
					i ? "; " : "", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
					PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), t,
					PQgetvalue(r, i, 5))) < 0)
			break;
	}
	if (rc == 0 && PQntuples(r) == 0)
		rc = ll_buf_puts(b, "another session (it has not said who yet)");
	ll_pg_clear(r);
	return rc;
}

int ll_ws_lock(struct ll_pg *pg, const struct ll_pg_case *c, enum ll_ws_lock kind,
	       const char *item, int64_t seq, const struct ll_ws_holder *me)
{
	PGresult *r = NULL;
	char key[24], ck[24], unit[300], pid[24], since[24];
	const char *fn;
	int rc;

	if ((rc = locks_table(pg)) < 0)
		return rc;
	snprintf(key, sizeof(key), "%" PRId64, lock_key(c, kind, seq));
	unit_name(unit, sizeof(unit), kind, item);
	fn = kind == LL_WS_LOCK_REGISTER ? "SELECT pg_advisory_lock($1::bigint), true" :
	     kind == LL_WS_LOCK_CASE_SHARED ? "SELECT pg_try_advisory_lock_shared($1::bigint)" :
					      "SELECT pg_try_advisory_lock($1::bigint)";
	if ((rc = ll_pg_query(&r, pg, "taking the lock", fn, 1, (const char *const[]){ key })) < 0)
		return rc;
	if (strcmp(PQgetvalue(r, 0, PQnfields(r) - 1), "t") != 0) {
		struct ll_buf who = LL_BUF_INIT;

		ll_pg_clear(r);
		/* a refused case-wide command names whoever works in the case */
		if ((rc = holders(&who, pg, c,
				  kind == LL_WS_LOCK_CASE ? "*" :
				  kind == LL_WS_LOCK_CASE_SHARED ? "case" : unit)) == 0)
			rc = ll_error_set(LL_EEXISTS, "%s of case %" PRId64 " in the %s is locked by %s; "
					  "try again when it is done",
					  kind == LL_WS_LOCK_ITEM ? "evidence item" : "the case",
					  c->key, pg->where, who.ptr);
		if (kind == LL_WS_LOCK_ITEM)
			ll_error_context("evidence item %s", item);
		ll_buf_release(&who);
		return rc;
	}
	ll_pg_clear(r);
	snprintf(ck, sizeof(ck), "%" PRId64, c->key);
	snprintf(pid, sizeof(pid), "%ld", me->pid);
	snprintf(since, sizeof(since), "%" PRId64, ll_time_now_ns());
	/* rows of sessions that died go; then ours */
	return ll_pg_query(NULL, pg, "saying who holds the lock",
			   "WITH gone AS (DELETE FROM public.lifeline_locks WHERE case_key = $1::bigint"
			   " AND unit = $2 AND backend NOT IN (SELECT pid FROM pg_stat_activity))"
			   " INSERT INTO public.lifeline_locks VALUES ($1::bigint, $2, $3, $4, $5,"
			   " $6::bigint, $7::bigint, pg_backend_pid())"
			   " ON CONFLICT (case_key, unit, backend) DO UPDATE SET since_ns = EXCLUDED.since_ns",
			   7, (const char *const[]){ ck, unit, me->examiner, me->fpr, me->host, pid, since });
}

void ll_ws_unlock_all(struct ll_pg *pg)
{
	/* called on the way out of a failure: the failure's own error is the one to report */
	int code = ll_error_code();
	char msg[2048];

	snprintf(msg, sizeof(msg), "%s", ll_error_message());
	ll_pg_exec(pg, "releasing the locks",
		   "DELETE FROM public.lifeline_locks WHERE backend = pg_backend_pid();"
		   "SELECT pg_advisory_unlock_all()");
	if (code)
		ll_error_set(code, "%s", msg);
	else
		ll_error_clear();
}
