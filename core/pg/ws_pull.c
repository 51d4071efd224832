/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The pull of an attached workspace (pg_ws.h, docs/postgresql.md).
 *
 * Incremental: store.json keeps the chain's head (seq, hash) and the
 * server's change generation (ws_changes.c) of the last pull. In one
 * read-only snapshot of the server:
 *   - the server's entry at the kept seq must have the kept hash (its chain
 *     extends the kept head), and the workspace's must too;
 *   - the items stamped above the kept generation, and those only one side
 *     has, are the changed items: their rows of every item table are
 *     replaced (the events by item, as the server keeps them partitioned);
 *   - when anything was pushed since, the case-wide tables are copied whole
 *     (small: time rules, findings, correlation, the certificates …); after
 *     a case-wide push only the certificates and those the table record
 *     (ws_changes.c) names, when it has a row for every generation since;
 *   - the chain is copied whole (a few entries per command) and verified
 *     here, every entry, and must contain the kept head: the server is not
 *     trusted;
 *   - every table must then hold the server's number of rows.
 * All in one SQLite transaction: a failure leaves case.db as it was.
 *
 * Full: the server's case exported into DIR/.ll-pull, verified, renamed
 * over DIR/case.db; taken whenever the incremental pull cannot know what
 * changed (no kept state, a chain that does not extend the kept head, a
 * case-wide push without a table record, one naming a table that is no
 * case-wide table of the case, a command that stopped before its push, counts that
 * differ), the reason said.
 */
#include "core/compat.h"
#include "core/pg/pg_ws.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_push.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"
#include "core/time.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The rows written so far, over all tables. */
struct rows_progress {
	ll_ws_progress_cb cb;
	void *payload;
	uint64_t before;
};

static void rows_cb(void *payload, uint64_t rows)
{
	struct rows_progress *p = payload;

	if (p->cb)
		p->cb(p->payload, p->before + rows, 0);
}

/* ---- full ---- */

static void remove_pull_dir(const char *tmp)
{
	static const char *const files[] = { "case.db", "case.db-wal", "case.db-shm",
					     "case.db-journal", "evidence", "exports" };
	char p[4200];

	for (size_t i = 0; i < LL_ARRAY_SIZE(files); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmp, files[i]);
		if (unlink(p) != 0)
			rmdir(p);
	}
	rmdir(tmp);
}

static int full_pull(struct ll_ws_pull_result *res, struct ll_custody_report *rep,
		     struct ll_pg *pg, const struct ll_pg_case *c, const char *dir,
		     struct ll_ws_store *s, ll_ws_progress_cb cb, void *payload)
{
	struct ll_pg_push_result er = { 0 };
	struct ll_store *st = NULL;
	char tmp[4096], p[4200], db[4200];
	bool present;
	int rc;

	/* read before the export's snapshot: a push in between is pulled again next time */
	res->gen = -1;
	if ((rc = ll_ws_changes_present(&present, pg)) < 0 ||
	    (present && (rc = ll_ws_changes_gen(&res->gen, pg, c)) < 0))
		return rc;
	snprintf(tmp, sizeof(tmp), "%s/.ll-pull", dir);
	remove_pull_dir(tmp); /* left by a pull that died */
	rc = ll_pg_export(&er, rep, pg, s->case_id, tmp, cb, payload);
	for (size_t i = 0; i < er.ntables; i++)
		res->rows += er.tables[i].rows;
	ll_pg_push_result_release(&er);
	if (rc < 0)
		return rc;
	snprintf(p, sizeof(p), "%s/case.db", tmp);
	if ((rc = ll_store_open_readonly(&st, p)) == 0)
		rc = ll_custody_head(&s->head_seq, s->head, st);
	ll_store_free(st);
	if (rc < 0)
		goto out;
	/* an old WAL next to the new file would be replayed into it: it goes first */
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/case.db-%s", dir, i == 0 ? "wal" : i == 1 ? "shm" : "journal");
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/case.db", tmp);
	snprintf(db, sizeof(db), "%s/case.db", dir);
	if (rename(p, db) != 0) {
		rc = ll_error_set(LL_EIO, "cannot rename '%s' to '%s': %s", p, db, strerror(errno));
	} else {
		/* the whole case is the server's now: what a stopped command wrote is gone */
		snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_DIRTY_FILE);
		unlink(p);
	}
out:
	remove_pull_dir(tmp);
	return rc;
}

/* ---- incremental ---- */

struct inc {
	struct ll_pg *pg;
	const struct ll_pg_case *c;
	struct ll_store *st;
	struct ll_ws_pull_result *res;
	struct rows_progress prog;
	char **changed; /* the items to pull again */
	size_t nchanged;
	char **tables;  /* the item tables (ll_ws_item_tables) */
	size_t ntables;
	bool any_push;  /* a push stamped the record since the kept generation */
	bool case_wide; /* one of them was case-wide */
	bool all_tables; /* every case-wide table to copy (else `recorded` only) */
	char **recorded; /* the case-wide tables the pushes since recorded as changed */
	size_t nrecorded;
	char **pair_tables, **pair_items; /* (item table, item) they recorded as changed */
	size_t npairs;
	char **server;   /* the server's tables */
	size_t nserver;
};

static int add_name(char ***v, size_t *n, const char *s)
{
	char **nv;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return 0;
	if (!(nv = ll_reallocarray(*v, *n + 1, sizeof(*nv))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	*v = nv;
	if (!(nv[*n] = ll_strdup(s)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	(*n)++;
	return 0;
}

static bool has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* (table, item) to replace, once. */
static int add_pair(struct inc *in, const char *table, const char *item)
{
	size_t n = in->npairs;
	char **v;

	for (size_t i = 0; i < in->npairs; i++)
		if (!strcmp(in->pair_tables[i], table) && !strcmp(in->pair_items[i], item))
			return 0;
	if (!(v = ll_reallocarray(in->pair_items, n + 1, sizeof(*v))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	in->pair_items = v;
	if (!(v = ll_reallocarray(in->pair_tables, n + 1, sizeof(*v))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	in->pair_tables = v;
	in->pair_items[n] = ll_strdup(item);
	in->pair_tables[n] = ll_strdup(table);
	in->npairs++; /* both freed at the end, a NULL one too */
	return in->pair_items[n] && in->pair_tables[n] ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

static bool is_item_table(const struct inc *in, const char *t)
{
	return has(in->tables, in->ntables, t);
}

static const char *key_col(const char *table)
{
	return !strcmp(table, "evidence") ? "id" : "evidence_id";
}

/* One row, one column of the server, as text into out (empty when no row). */
static int server_text(char *out, size_t size, bool *found, struct ll_pg *pg, const char *what,
		       const char *sql, int n, const char *const *params)
{
	PGresult *r = NULL;
	int rc;

	*out = '\0';
	*found = false;
	if ((rc = ll_pg_query(&r, pg, what, sql, n, params)) < 0)
		return rc;
	if (PQntuples(r) >= 1 && !PQgetisnull(r, 0, 0)) {
		snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
		*found = true;
	}
	ll_pg_clear(r);
	return 0;
}

/*
 * A case-wide push since the kept generation: the table record of every
 * generation above it says which case-wide tables to copy. A generation
 * without a row (a push of an older lifeline, or one `case sync` pushed
 * again after it failed) or a row naming a table that is not a case-wide
 * table of the server's case: 1, *why saying it (a full pull).
 */
static int read_log(struct inc *in, int64_t kept, char *why, size_t whysize)
{
	char key[24], from[24];
	PGresult *r = NULL;
	int64_t want = kept + 1;
	bool present;
	int rc;

	if ((rc = server_text(key, sizeof(key), &present, in->pg, "looking for the table record",
			      "SELECT 1 WHERE to_regclass('public.lifeline_change_log') IS NOT NULL",
			      0, NULL)) < 0)
		return rc;
	if (!present) {
		snprintf(why, whysize, "a case-wide command changed the case since the last pull "
			 "(generation %" PRId64 ") and the server keeps no record of the tables it "
			 "changed (pushed by an older lifeline)", in->res->gen);
		return 1;
	}
	snprintf(key, sizeof(key), "%" PRId64, in->c->key);
	snprintf(from, sizeof(from), "%" PRId64, kept);
	if ((rc = ll_pg_query(&r, in->pg, "reading the table record",
			      "SELECT l.gen, l.tables IS NULL, t FROM public.lifeline_change_log l"
			      " LEFT JOIN LATERAL unnest(l.tables) AS t ON true"
			      " WHERE l.case_key = $1::bigint AND l.gen > $2::bigint ORDER BY l.gen", 2,
			      (const char *const[]){ key, from })) < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		int64_t g = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		const char *t = PQgetvalue(r, i, 2);

		if (g == want) {
			want++; /* the generations follow one another: each push takes the next */
		} else if (g > want) {
			break;
		}
		if (!strcmp(PQgetvalue(r, i, 1), "t")) {
			in->all_tables = true;
		} else if (!PQgetisnull(r, i, 2)) {
			if (!has(in->server, in->nserver, t) || !strcmp(t, "custody") ||
			    is_item_table(in, t)) {
				snprintf(why, whysize, "the server's table record names table '%.64s' at "
					 "generation %" PRId64 ", which is no case-wide table of this "
					 "lifeline's case", t, g);
				rc = 1;
			} else {
				rc = add_name(&in->recorded, &in->nrecorded, t);
			}
		}
	}
	ll_pg_clear(r);
	r = NULL;
	if (rc == 0 && want <= in->res->gen) {
		snprintf(why, whysize, "a case-wide command changed the case since the last pull and "
			 "the server keeps no record of the tables push %" PRId64 " changed (pushed by an "
			 "older lifeline, or again after a failed push)", want);
		rc = 1;
	}
	if (rc != 0 ||
	    (rc = ll_pg_query(&r, in->pg, "reading the table record",
			      "SELECT p.t, p.i, l.gen FROM public.lifeline_change_log l,"
			      " unnest(l.item_tables, l.items) AS p(t, i)"
			      " WHERE l.case_key = $1::bigint AND l.gen > $2::bigint ORDER BY l.gen", 2,
			      (const char *const[]){ key, from })) < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		const char *t = PQgetvalue(r, i, 0), *item = PQgetvalue(r, i, 1);

		if (PQgetisnull(r, i, 0) || PQgetisnull(r, i, 1) || !is_item_table(in, t)) {
			snprintf(why, whysize, "the server's table record names item table '%.64s' at "
				 "generation %s, which is no item table of this lifeline's case",
				 PQgetisnull(r, i, 0) ? "(null)" : t, PQgetvalue(r, i, 2));
			rc = 1;
		} else {
			rc = add_pair(in, t, item);
		}
	}
	ll_pg_clear(r);
	return rc;
}

/*
 * The items stamped since, and those only one side holds; the case-wide
 * tables to copy; *why set (and 1 returned) when what changed cannot be known.
 */
static int find_changed(struct inc *in, const struct ll_ws_store *s, char *why, size_t whysize)
{
	char key[24], gen[24], sql[256];
	PGresult *r = NULL;
	sqlite3_stmt *q = NULL;
	int rc, step;

	snprintf(key, sizeof(key), "%" PRId64, in->c->key);
	snprintf(gen, sizeof(gen), "%" PRId64, s->gen);
	if ((rc = ll_pg_query(&r, in->pg, "reading the change record",
			      "SELECT evidence_id, gen FROM public.lifeline_changes"
			      " WHERE case_key = $1::bigint ORDER BY gen", 1,
			      (const char *const[]){ key })) < 0)
		return rc;
	in->res->gen = 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		int64_t g = strtoll(PQgetvalue(r, i, 1), NULL, 10);

		if (g > in->res->gen)
			in->res->gen = g;
		if (g <= s->gen)
			continue;
		in->any_push = true;
		if (!*PQgetvalue(r, i, 0))
			in->case_wide = true; /* what it changed: the table record (read_log) */
		else
			rc = add_name(&in->changed, &in->nchanged, PQgetvalue(r, i, 0));
	}
	ll_pg_clear(r);
	r = NULL;
	if (rc != 0)
		return rc;
	if (in->res->gen < s->gen) {
		snprintf(why, whysize, "the server's change record is behind the workspace's "
			 "(generation %" PRId64 ", kept %" PRId64 "): it was reset", in->res->gen,
			 s->gen);
		return 1;
	}
	/* items one side has and the other not (registered or removed without a stamp) */
	snprintf(sql, sizeof(sql), "SELECT id FROM %s.evidence ORDER BY id", in->c->schema);
	if ((rc = ll_pg_query(&r, in->pg, "listing the server's evidence items", sql, 0, NULL)) < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		int64_t here = 0;

		if ((rc = ll_store_get_int(&here, in->st, "SELECT count(*) FROM evidence WHERE id = ?1",
					   PQgetvalue(r, i, 0), "looking for an item")) == 0 && !here)
			rc = add_name(&in->changed, &in->nchanged, PQgetvalue(r, i, 0));
	}
	if (rc == 0 && (rc = ll_store_prepare(&q, in->st, "SELECT id FROM evidence")) == 0) {
		while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(q, 0);
			bool there = false;

			for (int i = 0; i < PQntuples(r) && !there; i++)
				there = !strcmp(PQgetvalue(r, i, 0), id);
			if (!there)
				rc = add_name(&in->changed, &in->nchanged, id);
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = ll_store_error(in->st, "listing the workspace's evidence items");
	}
	sqlite3_finalize(q);
	ll_pg_clear(r);
	if (in->nchanged)
		in->any_push = true;
	/* without a case-wide push, as before the table record: all when anything was pushed */
	if (rc == 0 && !in->case_wide)
		in->all_tables = in->any_push;
	if (rc == 0 && in->case_wide)
		rc = read_log(in, s->gen, why, whysize);
	return rc;
}

/* The local rows of `table` (all, or the item's) replaced by the server's. */
static int replace_table(struct inc *in, const char *table, const char *item)
{
	struct ll_buf sql = LL_BUF_INIT, where = LL_BUF_INIT;
	const char *params[1] = { item };
	int64_t rows = 0;
	int rc;

	if ((rc = ll_buf_printf(&sql, "DELETE FROM \"%s\"%s%s%s", table, item ? " WHERE " : "",
				item ? key_col(table) : "", item ? " = ?1" : "")) < 0)
		goto out;
	if (item) {
		sqlite3_stmt *d = NULL;

		if ((rc = ll_store_prepare(&d, in->st, sql.ptr)) < 0)
			goto out;
		sqlite3_bind_text(d, 1, item, -1, SQLITE_STATIC);
		if (sqlite3_step(d) != SQLITE_DONE)
			rc = ll_store_error(in->st, "removing the item's old rows");
		sqlite3_finalize(d);
	} else {
		rc = ll_store_exec(in->st, sql.ptr);
	}
	if (rc < 0 || (item && (rc = ll_buf_printf(&where, "%s = $1", key_col(table))) < 0))
		goto out;
	rc = ll_pg_pull_where(&rows, in->pg, in->st, in->c->schema, table, item ? where.ptr : NULL,
			      item ? 1 : 0, item ? params : NULL, rows_cb,
			      &in->prog);
	in->prog.before += (uint64_t)rows;
	in->res->rows += rows;
out:
	if (rc < 0)
		ll_error_context("table %s%s%s", table, item ? ", evidence item " : "", item ? item : "");
	ll_buf_release(&sql);
	ll_buf_release(&where);
	return rc;
}

/* The whole chain copied from the server; the append-only trigger lifted for the copy only. */
static int replace_chain(struct inc *in)
{
	sqlite3_stmt *q = NULL;
	char *trigger = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&q, in->st, "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
				   " AND name = 'custody_no_delete'")) < 0)
		return rc;
	if ((step = sqlite3_step(q)) == SQLITE_ROW)
		trigger = ll_strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (step != SQLITE_ROW || !trigger)
		return ll_error_set(step == SQLITE_ROW ? LL_ENOMEM : LL_ECORRUPT,
				    "the workspace's case.db has no append-only trigger on its chain");
	if ((rc = ll_store_exec(in->st, "DROP TRIGGER custody_no_delete")) == 0 &&
	    (rc = ll_store_exec(in->st, "DELETE FROM custody")) == 0 &&
	    (rc = ll_store_exec(in->st, trigger)) == 0)
		rc = replace_table(in, "custody", NULL);
	ll_free(trigger);
	return rc;
}

/* Every table must hold the server's number of rows. */
static int same_counts(struct inc *in, char **names, size_t n, char *why, size_t whysize)
{
	struct ll_buf sql = LL_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		char count[24];
		int64_t here = 0, there;
		bool found;

		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "SELECT count(*) FROM %s.\"%s\"", in->c->schema,
					names[i])) < 0 ||
		    (rc = server_text(count, sizeof(count), &found, in->pg, "counting the rows",
				      sql.ptr, 0, NULL)) < 0)
			break;
		there = strtoll(count, NULL, 10);
		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "SELECT count(*) FROM \"%s\"",
					names[i])) < 0 ||
		    (rc = ll_store_get_int(&here, in->st, sql.ptr, NULL, "counting the rows")) < 0)
			break;
		if (here != there) {
			snprintf(why, whysize, "after pulling only what changed, table %s holds %" PRId64
				 " rows here and %" PRId64 " on the server", names[i], here, there);
			rc = 1;
		}
	}
	ll_buf_release(&sql);
	return rc;
}

/* 0: pulled; 1: cannot be done incrementally (*why says why); < 0: an error. */
static int incremental(struct ll_ws_pull_result *res, struct ll_custody_report *rep,
		       struct ll_pg *pg, const struct ll_pg_case *c, const char *dir,
		       struct ll_ws_store *s, char *why, size_t whysize, ll_ws_progress_cb cb,
		       void *payload)
{
	struct inc in = { .pg = pg, .c = c, .res = res, .prog = { cb, payload, 0 } };
	char p[4200], hash[200], seq[24], sql[160];
	char **names = NULL;
	size_t nnames = 0;
	bool present, found, pg_open = false, sq_open = false, fk_off = false;
	int64_t here = 0;
	int version = 0, rc;

	if (s->gen < 0 || s->head_seq < 1 || strlen(s->head) != 64) {
		snprintf(why, whysize, "store.json keeps no head or change generation of a last "
			 "pull (a new workspace, or one attached by an older lifeline)");
		return 1;
	}
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_DIRTY_FILE);
	if (access(p, F_OK) == 0) {
		snprintf(why, whysize, "a command in the workspace stopped before its push "
			 "(killed?): what it wrote here is not known");
		return 1;
	}
	if ((rc = ll_pg_store_version(&version, pg)) < 0 ||
	    (rc = ll_ws_changes_present(&present, pg)) < 0)
		return rc;
	if (version < LL_PG_STORE_VERSION) {
		snprintf(why, whysize, "the server's store is of layout %d, made by an older lifeline, "
			 "which keeps no change record (the next push from here makes it layout %d)",
			 version, LL_PG_STORE_VERSION);
		return 1;
	}
	if (!present) {
		snprintf(why, whysize, "the server's store says layout %d but has no change record "
			 "(public.lifeline_changes was dropped; the next push makes it again)", version);
		return 1;
	}
	snprintf(p, sizeof(p), "%s/case.db", dir);
	if (ll_store_open(&in.st, p) < 0) {
		snprintf(why, whysize, "cannot open the workspace's case.db: %s", ll_error_message());
		return 1;
	}
	/* the workspace's chain must hold the kept head: store.json and case.db agree */
	snprintf(seq, sizeof(seq), "%" PRId64, s->head_seq);
	{
		sqlite3_stmt *q = NULL;

		if ((rc = ll_store_prepare(&q, in.st, "SELECT hash FROM custody WHERE seq = ?1")) < 0)
			goto out;
		sqlite3_bind_int64(q, 1, s->head_seq);
		here = sqlite3_step(q) == SQLITE_ROW &&
		       !strcmp((const char *)sqlite3_column_text(q, 0), s->head);
		sqlite3_finalize(q);
	}
	if (!here) {
		snprintf(why, whysize, "the workspace's chain has no entry %" PRId64 " of the kept "
			 "head %.16s… (store.json edited, or case.db replaced)", s->head_seq, s->head);
		rc = 1;
		goto out;
	}
	/* one snapshot of the server */
	if ((rc = ll_pg_begin(pg)) < 0)
		goto out;
	pg_open = true;
	if ((rc = ll_pg_exec(pg, "reading one snapshot",
			     "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) < 0)
		goto out;
	snprintf(sql, sizeof(sql), "SELECT hash FROM %s.custody WHERE seq = $1::bigint", c->schema);
	if ((rc = server_text(hash, sizeof(hash), &found, pg, "reading the server's chain", sql, 1,
			      (const char *const[]){ seq })) < 0)
		goto out;
	if (!found || strcmp(hash, s->head)) {
		snprintf(why, whysize, "the server's chain does not extend the kept head: its entry "
			 "%" PRId64 " is %.16s…, the workspace kept %.16s… (the chain was rewritten, "
			 "or the case made again)", s->head_seq, found ? hash : "absent", s->head);
		rc = 1;
		goto out;
	}
	if ((rc = ll_ws_item_tables(&in.tables, &in.ntables, in.st)) < 0 ||
	    (rc = ll_pg_server_tables(&names, &nnames, pg, c->schema)) < 0)
		goto out;
	in.server = names;
	in.nserver = nnames;
	if ((rc = find_changed(&in, s, why, whysize)) != 0)
		goto out;
	/* the rows go in as the export writes them: foreign keys off (outside a transaction) */
	if ((rc = ll_store_exec(in.st, "PRAGMA foreign_keys=OFF")) < 0)
		goto out;
	fk_off = true;
	if ((rc = ll_store_begin(in.st)) < 0)
		goto out;
	sq_open = true;
	for (size_t i = 0; i < in.nchanged && rc == 0; i++)
		for (size_t t = 0; t < in.ntables && rc == 0; t++)
			rc = replace_table(&in, in.tables[t], in.changed[i]);
	/* a case-wide push's items: only the tables it changed of theirs */
	for (size_t i = 0; i < in.npairs && rc == 0; i++)
		if (!has(in.changed, in.nchanged, in.pair_items[i]))
			rc = replace_table(&in, in.pair_tables[i], in.pair_items[i]);
	/* the certificates: of the examiners whose entries came, whatever the push */
	for (size_t i = 0; i < nnames && rc == 0 && in.any_push; i++)
		if (strcmp(names[i], "custody") && !is_item_table(&in, names[i]) &&
		    (in.all_tables || !strcmp(names[i], "certificates") ||
		     has(in.recorded, in.nrecorded, names[i])))
			rc = replace_table(&in, names[i], NULL);
	if (rc < 0 || (rc = replace_chain(&in)) < 0 ||
	    (rc = same_counts(&in, names, nnames, why, whysize)) != 0)
		goto out;
	ll_pg_rollback(pg);
	pg_open = false;
	/* every entry recomputed; the chain must still hold the kept head */
	if ((rc = ll_custody_verify(rep, in.st, s->head)) < 0) {
		if (rc == LL_EVERIFY)
			ll_error_set(LL_EVERIFY,
				     "the custody chain of case '%s' in the %s does not verify: "
				     "entry %lld: %s; the workspace is left as it was",
				     s->case_id, pg->where, (long long)rep->bad_seq, rep->reason);
		goto out;
	}
	if ((rc = ll_custody_head(&s->head_seq, s->head, in.st)) < 0 ||
	    (rc = ll_store_commit(in.st)) < 0)
		goto out;
	sq_open = false;
	res->items = (int64_t)in.nchanged;
out:
	if (sq_open)
		ll_store_rollback(in.st);
	if (fk_off)
		ll_store_exec(in.st, "PRAGMA foreign_keys=ON");
	if (pg_open)
		ll_pg_rollback(pg);
	ll_store_free(in.st);
	ll_pg_names_free(names, nnames);
	ll_pg_names_free(in.changed, in.nchanged);
	ll_pg_names_free(in.tables, in.ntables);
	ll_pg_names_free(in.recorded, in.nrecorded);
	ll_pg_names_free(in.pair_tables, in.npairs);
	ll_pg_names_free(in.pair_items, in.npairs);
	return rc;
}

int ll_ws_pull(struct ll_ws_pull_result *res, struct ll_custody_report *rep, struct ll_pg *pg,
	       const char *dir, struct ll_ws_store *s, ll_ws_progress_cb cb, void *payload)
{
	struct ll_pg_case c;
	char p[4200];
	double t0 = now_s();
	int64_t kept_seq;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(rep, 0, sizeof(*rep));
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	if (access(p, F_OK) == 0)
		return ll_error_set(LL_EEXISTS,
				    "%s: the workspace holds work not yet on the server (a push "
				    "failed); run 'lifeline case sync' to push it before anything else",
				    p);
	if ((rc = ll_pg_case_find(&c, pg, s->case_id)) < 0)
		return rc;
	kept_seq = s->head_seq;
	rc = incremental(res, rep, pg, &c, dir, s, res->why, sizeof(res->why), cb, payload);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		memset(rep, 0, sizeof(*rep));
		res->full = true;
		res->rows = 0;
		res->items = 0;
		if ((rc = full_pull(res, rep, pg, &c, dir, s, cb, payload)) < 0)
			return rc;
	}
	/* the entries past the head kept before this pull */
	res->entries = s->head_seq - (kept_seq > 0 && kept_seq <= s->head_seq ? kept_seq : 0);
	res->seconds = now_s() - t0;
	s->gen = res->gen;
	s->last_sync_ns = ll_time_now_ns();
	return ll_ws_store_write(dir, s);
}
