/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pull and push of an attached workspace (pg_ws.h, docs/postgresql.md).
 *
 * Push, in one server transaction under the id-allocation lock:
 *   - an item's unit: each table whose rows of the item changed since the
 *     pull (a digest of them) has those rows replaced on the server; rows
 *     an item's analysis wrote were numbered from the workspace's own
 *     highest id, so they are moved (here, in the workspace too) to start
 *     past the server's highest id of the other items' rows: what SQLite
 *     would have given had the work been done in one case in the order the
 *     pushes commit. Events are moved first and the hospital rows that
 *     point at them follow; the item's events partition is replaced whole;
 *     finding_events and detect_unevaluated rows citing the item's old
 *     events go, as SQLite's ON DELETE CASCADE removes them locally;
 *   - a case-wide unit (held under the exclusive case lock): what it
 *     records as changed (the case-wide tables whole, the (item table,
 *     item) pairs by item), every table when it was pushed again after a
 *     failure; the events partitions of the items whose events
 *     changed since the pull (by their digests), the others left as they
 *     are; the items and case-wide tables whose digests changed since the
 *     pull are recorded (ws_changes.c) for the other workspaces' pulls;
 *   - the command's custody entries, re-sealed by this examiner on the
 *     server's head (ll_pg_custody_append_tx).
 * The workspace's id moves are committed only once the server's is.
 */
#include "core/compat.h"
#include "core/pg/pg_ws.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_custody.h"
#include "core/pg/pg_push.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"

/* Two-int advisory key of the id allocation (class, case): pushes of one case commit one at a time. */
#define ALLOC_LOCK_CLASS "1280067442"

/* ---- the unit and its digests ---- */

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ll_free(v[i]);
	ll_free(v);
}

static int push_name(char ***v, size_t *n, const char *s)
{
	char **nv = ll_reallocarray(*v, *n + 1, sizeof(*nv));

	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	*v = nv;
	if (!(nv[*n] = ll_strdup(s)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	(*n)++;
	return 0;
}

static bool has_name(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

int ll_ws_unit_add_item(struct ll_ws_unit *u, const char *id)
{
	struct ll_ws_item *it = ll_reallocarray(u->items, u->nitems + 1, sizeof(*it));

	if (!it)
		return ll_error_set(LL_ENOMEM, "out of memory");
	u->items = it;
	memset(&it[u->nitems], 0, sizeof(*it));
	if (!(it[u->nitems].id = ll_strdup(id)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	u->nitems++;
	return 0;
}

void ll_ws_unit_release(struct ll_ws_unit *u)
{
	for (size_t i = 0; i < u->nitems; i++) {
		free_names(u->items[i].tables, u->items[i].tables ? u->ntables : 0);
		ll_free(u->items[i].id);
	}
	ll_free(u->items);
	free_names(u->known, u->nknown);
	free_names(u->tables, u->ntables);
	free_names(u->case_tables, u->ncase_tables);
	free_names(u->case_digests, u->case_digests ? u->ncase_tables : 0);
	free_names(u->changed_tables, u->nchanged_tables);
	free_names(u->changed_item_tables, u->nchanged_items);
	free_names(u->changed_items, u->nchanged_items);
	memset(u, 0, sizeof(*u));
}

static const char *key_col(const char *table)
{
	return !strcmp(table, "evidence") ? "id" : "evidence_id";
}

/* The tables holding an item's rows: evidence, then those with evidence_id but the case-wide ones. */
int ll_ws_item_tables(char ***v, size_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	*v = NULL;
	*n = 0;
	if ((rc = push_name(v, n, "evidence")) < 0 ||
	    (rc = ll_store_prepare(&s, st,
				   "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
				   " WHERE m.type = 'table' AND p.name = 'evidence_id'"
				   " AND m.name NOT IN ('custody', 'movement_edges') ORDER BY m.name")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = push_name(v, n, (const char *)sqlite3_column_text(s, 0))) < 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the item tables");
	sqlite3_finalize(s);
	return rc;
}

/* SHA-256 of the item's rows of `table` (rowid and every value, typed), hex; item NULL: all rows. */
static int rows_digest(char out[65], struct ll_store *st, const char *table, const char *item)
{
	struct ll_buf sql = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[32];
	int rc, step;

	if (!md)
		return ll_error_set(LL_ENOMEM, "out of memory");
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	if ((rc = ll_buf_printf(&sql, "SELECT rowid, * FROM \"%s\"%s%s%s ORDER BY rowid", table,
				item ? " WHERE " : "", item ? key_col(table) : "",
				item ? " = ?1" : "")) < 0 ||
	    (rc = ll_store_prepare(&s, st, sql.ptr)) < 0)
		goto out;
	if (item)
		sqlite3_bind_text(s, 1, item, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			unsigned char t = (unsigned char)sqlite3_column_type(s, i);
			const void *p = t == SQLITE_BLOB ? sqlite3_column_blob(s, i) :
					(const void *)sqlite3_column_text(s, i);
			uint64_t len = p ? (uint64_t)sqlite3_column_bytes(s, i) : 0;

			EVP_DigestUpdate(md, &t, 1);
			EVP_DigestUpdate(md, &len, sizeof(len));
			if (len)
				EVP_DigestUpdate(md, p, (size_t)len);
		}
	}
	if (step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the item's rows");
	EVP_DigestFinal_ex(md, h, NULL);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
out:
	EVP_MD_CTX_free(md);
	sqlite3_finalize(s);
	ll_buf_release(&sql);
	return rc;
}

static int mark_item(struct ll_ws_unit *u, struct ll_ws_item *it, struct ll_store *st)
{
	char d[65];
	int rc;

	if (!(it->tables = ll_calloc(u->ntables, sizeof(char *))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t t = 0; t < u->ntables; t++) {
		if ((rc = rows_digest(d, st, u->tables[t], it->id)) < 0)
			return rc;
		if (!(it->tables[t] = ll_strdup(d)))
			return ll_error_set(LL_ENOMEM, "out of memory");
	}
	return 0;
}

/* The ids of the evidence items, in order. */
static int evidence_ids(char ***v, size_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	*v = NULL;
	*n = 0;
	if ((rc = ll_store_prepare(&s, st, "SELECT id FROM evidence ORDER BY seq")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = push_name(v, n, (const char *)sqlite3_column_text(s, 0))) < 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the evidence items");
	sqlite3_finalize(s);
	return rc;
}

/* The tables without an item's rows, the chain and SQLite's own aside (sorted). */
static int case_tables(char ***v, size_t *n, const struct ll_ws_unit *u, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	*v = NULL;
	*n = 0;
	if ((rc = ll_store_prepare(&s, st, "SELECT name FROM sqlite_master WHERE type = 'table'"
				   " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name <> 'custody'"
				   " ORDER BY name")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (!has_name(u->tables, u->ntables, t) && (rc = push_name(v, n, t)) < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the case-wide tables");
	sqlite3_finalize(s);
	return rc;
}

/* A case-wide unit: every item, and the digest of every case-wide table. */
static int mark_case(struct ll_ws_unit *u, struct ll_store *st)
{
	char **ids = NULL, d[65];
	size_t n = 0;
	int rc;

	if ((rc = evidence_ids(&ids, &n, st)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ll_ws_unit_add_item(u, ids[i]);
	if (rc < 0 || (rc = case_tables(&u->case_tables, &u->ncase_tables, u, st)) < 0)
		goto out;
	if (!(u->case_digests = ll_calloc(u->ncase_tables ? u->ncase_tables : 1, sizeof(char *)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t t = 0; t < u->ncase_tables && rc == 0; t++)
		if ((rc = rows_digest(d, st, u->case_tables[t], NULL)) == 0 &&
		    !(u->case_digests[t] = ll_strdup(d)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	u->case_marked = rc == 0;
out:
	free_names(ids, n);
	return rc;
}

/* (table, item) appended to the unit's changed rows, both lists or neither. */
static int push_pair(struct ll_ws_unit *u, const char *table, const char *item)
{
	size_t n = u->nchanged_items;
	int rc;

	if ((rc = push_name(&u->changed_items, &n, item)) < 0)
		return rc;
	n = u->nchanged_items;
	if ((rc = push_name(&u->changed_item_tables, &n, table)) < 0) {
		ll_free(u->changed_items[n]);
		return rc;
	}
	u->nchanged_items = n;
	return 0;
}

int ll_ws_unit_case_changes(struct ll_ws_unit *u, struct ll_store *st)
{
	char **ids = NULL, **names = NULL, d[65];
	size_t nids = 0, nnames = 0;
	int rc;

	if (!u->case_wide || !u->case_marked)
		return 0;
	/* items the command registered have no marks: every row of theirs is new */
	if ((rc = evidence_ids(&ids, &nids, st)) < 0)
		goto out;
	for (size_t i = 0; i < nids && rc == 0; i++) {
		bool known = false;

		for (size_t k = 0; k < u->nitems && !known; k++)
			known = !strcmp(u->items[k].id, ids[i]);
		if (!known)
			rc = ll_ws_unit_add_item(u, ids[i]);
	}
	/* table by table: detect rewrites each item's `analyses` row, not its events */
	for (size_t i = 0; i < u->nitems && rc == 0; i++) {
		struct ll_ws_item *it = &u->items[i];

		it->changed = !it->tables;
		for (size_t t = 0; t < u->ntables && rc == 0 && !it->changed; t++)
			if ((rc = rows_digest(d, st, u->tables[t], it->id)) == 0 &&
			    strcmp(d, it->tables[t]))
				rc = push_pair(u, u->tables[t], it->id);
	}
	if (rc < 0 || (rc = case_tables(&names, &nnames, u, st)) < 0)
		goto out;
	for (size_t i = 0; i < nnames && rc == 0; i++) {
		const char *was = NULL;

		for (size_t t = 0; t < u->ncase_tables && !was; t++)
			if (!strcmp(u->case_tables[t], names[i]))
				was = u->case_digests[t];
		if ((rc = rows_digest(d, st, names[i], NULL)) == 0 && (!was || strcmp(d, was)))
			rc = push_name(&u->changed_tables, &u->nchanged_tables, names[i]);
	}
out:
	free_names(ids, nids);
	free_names(names, nnames);
	return rc;
}

int ll_ws_unit_mark(struct ll_ws_unit *u, struct ll_store *st)
{
	char head[65];
	int rc;

	if ((rc = ll_custody_head(&u->base_seq, head, st)) < 0 ||
	    (rc = ll_ws_item_tables(&u->tables, &u->ntables, st)) < 0 ||
	    (u->case_wide && (rc = mark_case(u, st)) < 0))
		return rc;
	for (size_t i = 0; i < u->nitems; i++)
		if ((rc = mark_item(u, &u->items[i], st)) < 0)
			return rc;
	if (u->registers)
		rc = evidence_ids(&u->known, &u->nknown, st);
	return rc;
}

/* ---- push ---- */

static int server_int(int64_t *out, struct ll_pg *pg, const char *what, const char *sql,
		      const char *arg)
{
	PGresult *r = NULL;
	const char *params[1] = { arg };
	int rc;

	if ((rc = ll_pg_query(&r, pg, what, sql, arg ? 1 : 0, arg ? params : NULL)) < 0)
		return rc;
	*out = PQntuples(r) && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	ll_pg_clear(r);
	return 0;
}

/*
 * Moves the item's rows of `table` (their rowids, in the workspace) so that
 * the first is the server's highest rowid of the other items' rows + 1;
 * `*delta` says by how much (0: nothing moved).
 */
static int move_rows(int64_t *delta, struct ll_pg *pg, struct ll_store *st, const char *table,
		     const char *item)
{
	struct ll_buf sql = LL_BUF_INIT;
	int64_t lmin = 0, smax = 0, n = 0;
	int rc;

	*delta = 0;
	if ((rc = ll_buf_printf(&sql, "SELECT count(*) FROM \"%s\" WHERE %s = ?1", table,
				key_col(table))) < 0 ||
	    (rc = ll_store_get_int(&n, st, sql.ptr, item, "counting the item's rows")) < 0 || !n)
		goto out;
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "SELECT min(rowid) FROM \"%s\" WHERE %s = ?1", table,
				key_col(table))) < 0 ||
	    (rc = ll_store_get_int(&lmin, st, sql.ptr, item, "the item's first row")) < 0)
		goto out;
	ll_buf_reset(&sql);
	/* names from the case's own schema, digits-free identifiers; the item is a parameter */
	if ((rc = ll_buf_printf(&sql, "SELECT max(ll_rowid) FROM \"%s\" WHERE %s IS DISTINCT FROM $1",
				table, key_col(table))) < 0 ||
	    (rc = server_int(&smax, pg, "the server's highest row id", sql.ptr, item)) < 0)
		goto out;
	*delta = smax + 1 - lmin;
	if (*delta == 0)
		goto out;
	ll_buf_reset(&sql);
	/* through negative ids: no row meets another on the way */
	if ((rc = ll_buf_printf(&sql,
				"UPDATE \"%s\" SET rowid = -rowid WHERE %s = ?1;", table,
				key_col(table))) < 0 ||
	    (rc = ll_store_run_text(st, sql.ptr, item, "moving the item's rows")) < 0)
		goto out;
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "UPDATE \"%s\" SET rowid = -rowid + %" PRId64
				" WHERE %s = ?1 AND rowid < 0", table, *delta, key_col(table))) < 0 ||
	    (rc = ll_store_run_text(st, sql.ptr, item, "moving the item's rows")) < 0)
		goto out;
out:
	ll_buf_release(&sql);
	return rc;
}

/*
 * Hospital rows of the item point at its events: they follow the move
 * (systems has no such column; it is listed so that its rows of the item,
 * written with the events, are pushed with them).
 */
static const struct {
	const char *table, *col;
} event_refs[] = {
	{ "systems", NULL },
	{ "disruptions", "event_id" },
	{ "disruptions", "end_event_id" },
	{ "harm_events", "event_id" },
	{ "metrics", "event_id" },
};

static int move_event_refs(struct ll_store *st, const char *item, int64_t delta)
{
	struct ll_buf sql = LL_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < LL_ARRAY_SIZE(event_refs) && rc == 0; i++) {
		if (!event_refs[i].col)
			continue;
		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "UPDATE \"%s\" SET %s = %s + %" PRId64
					" WHERE evidence_id = ?1 AND %s IS NOT NULL",
					event_refs[i].table, event_refs[i].col, event_refs[i].col,
					delta, event_refs[i].col)) == 0)
			rc = ll_store_run_text(st, sql.ptr, item, "moving the references to events");
	}
	ll_buf_release(&sql);
	return rc;
}

/*
 * time_rules is the case's dictionary of time rules (schema v2), numbered as
 * they are first used: two workspaces number their new rules alike. The
 * rules the item's events use are looked up on the server by text, the new
 * ones numbered there (under the allocation lock), the item's events made
 * to point at the server's numbers and the workspace's dictionary made the
 * server's (foreign keys checked at commit).
 */
static int merge_time_rules(struct ll_pg *pg, struct ll_store *st, const char *item)
{
	sqlite3_stmt *s = NULL, *ins = NULL;
	PGresult *r = NULL;
	struct ll_buf sql = LL_BUF_INIT;
	int rc, step;

	if ((rc = ll_store_exec(st, "PRAGMA defer_foreign_keys = ON")) < 0 ||
	    (rc = ll_store_prepare(&s, st,
				   "SELECT r.id, r.rule FROM time_rules r WHERE r.id IN"
				   " (SELECT rule_id FROM events WHERE evidence_id = ?1) ORDER BY r.id")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, item, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(s, 1);
		int64_t lid = sqlite3_column_int64(s, 0), sid = 0;

		if ((rc = server_int(&sid, pg, "finding the time rule",
				     "SELECT id FROM time_rules WHERE rule = $1", rule)) < 0)
			break;
		if (!sid) {
			if ((rc = server_int(&sid, pg, "numbering the time rule",
					     "INSERT INTO time_rules(ll_rowid, id, rule) SELECT n, n, $1 FROM"
					     " (SELECT coalesce(max(id), 0) + 1 AS n FROM time_rules) m"
					     " RETURNING id", rule)) < 0)
				break;
		}
		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "UPDATE events SET rule_id = %" PRId64
					" WHERE evidence_id = ?1 AND rule_id = %" PRId64, -sid, lid)) == 0)
			rc = ll_store_run_text(st, sql.ptr, item, "renumbering the item's time rules");
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the item's time rules");
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	if ((rc = ll_store_run_text(st, "UPDATE events SET rule_id = -rule_id"
				    " WHERE evidence_id = ?1 AND rule_id < 0", item,
				    "renumbering the item's time rules")) < 0 ||
	    (rc = ll_store_exec(st, "DELETE FROM time_rules")) < 0 ||
	    (rc = ll_pg_query(&r, pg, "reading the time rules", "SELECT id, rule FROM time_rules",
			      0, NULL)) < 0 ||
	    (rc = ll_store_prepare(&ins, st, "INSERT INTO time_rules(id, rule) VALUES (?1, ?2)")) < 0)
		goto out;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		sqlite3_bind_int64(ins, 1, strtoll(PQgetvalue(r, i, 0), NULL, 10));
		sqlite3_bind_text(ins, 2, PQgetvalue(r, i, 1), -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = ll_store_error(st, "copying the server's time rules");
		sqlite3_reset(ins);
	}
out:
	sqlite3_finalize(ins);
	ll_pg_clear(r);
	ll_buf_release(&sql);
	return rc;
}

/* The item's events partition on the server replaced by the workspace's rows. */
static int replace_partition(struct ll_pg *pg, struct ll_store *st, const struct ll_pg_case *c,
			     const char *item, int64_t seq)
{
	struct ll_buf sql = LL_BUF_INIT;
	char part[40], *lit = NULL;
	int64_t n = 0, rows = 0;
	int rc;

	snprintf(part, sizeof(part), "events_p%" PRId64, seq);
	if (!(lit = ll_pg_literal(pg, item)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* what SQLite's ON DELETE CASCADE removed in the workspace */
	if ((rc = ll_pg_query(NULL, pg, "removing the findings' links to the item's old events",
			      "DELETE FROM finding_events WHERE event_id IN"
			      " (SELECT id FROM events WHERE evidence_id = $1)", 1,
			      (const char *const[]){ item })) < 0 ||
	    (rc = ll_pg_query(NULL, pg, "removing the unevaluated pairs of the item's old events",
			      "DELETE FROM detect_unevaluated WHERE event_id IN"
			      " (SELECT id FROM events WHERE evidence_id = $1)", 1,
			      (const char *const[]){ item })) < 0 ||
	    (rc = ll_buf_printf(&sql, "DROP TABLE IF EXISTS %s", part)) < 0 ||
	    (rc = ll_pg_exec(pg, "dropping the item's old partition", sql.ptr)) < 0 ||
	    (rc = ll_store_get_int(&n, st, "SELECT count(*) FROM events WHERE evidence_id = ?1",
				   item, "counting the item's events")) < 0 || n == 0)
		goto out;
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "CREATE TABLE %s (LIKE events INCLUDING DEFAULTS)", part)) < 0 ||
	    (rc = ll_pg_exec(pg, "creating the item's partition", sql.ptr)) < 0 ||
	    (rc = ll_pg_push_table(&rows, pg, st, c->schema, "events", part, item, NULL, NULL)) < 0)
		goto out;
	ll_buf_reset(&sql);
	if ((rc = ll_buf_printf(&sql, "ALTER TABLE events ATTACH PARTITION %s FOR VALUES IN (%s)",
				part, lit)) == 0)
		rc = ll_pg_exec(pg, "attaching the item's partition", sql.ptr);
out:
	ll_buf_release(&sql);
	ll_free(lit);
	return rc;
}

static int replace_rows(struct ll_pg *pg, struct ll_store *st, const struct ll_pg_case *c,
			const char *table, const char *item)
{
	struct ll_buf sql = LL_BUF_INIT;
	int64_t rows;
	int rc;

	if ((rc = ll_buf_printf(&sql, "DELETE FROM \"%s\" WHERE %s = $1", table, key_col(table))) < 0 ||
	    (rc = ll_pg_query(NULL, pg, "removing the item's old rows", sql.ptr, 1,
			      (const char *const[]){ item })) < 0 ||
	    (rc = ll_pg_push_table(&rows, pg, st, c->schema, table, table, item, NULL, NULL)) < 0)
		ll_error_context("table %s", table);
	ll_buf_release(&sql);
	return rc;
}

static int push_item(struct ll_pg *pg, struct ll_store *st, const struct ll_pg_case *c,
		     const struct ll_ws_unit *u, const struct ll_ws_item *it)
{
	bool *changed = ll_calloc(u->ntables ? u->ntables : 1, sizeof(bool));
	int64_t seq = 0, delta = 0;
	char d[65];
	int rc = 0;

	if (!changed)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t t = 0; t < u->ntables && rc == 0; t++) {
		if ((rc = rows_digest(d, st, u->tables[t], it->id)) == 0)
			changed[t] = !it->tables || strcmp(d, it->tables[t]) != 0;
	}
	if (rc == 0)
		rc = ll_store_get_int(&seq, st, "SELECT seq FROM evidence WHERE id = ?1", it->id,
				      "the item's sequence");
	if (rc == 0 && !seq)
		rc = ll_error_set(LL_ENOTFOUND, "the workspace has no evidence item %s", it->id);
	/* events first: the rows that point at them follow */
	for (size_t t = 0; t < u->ntables && rc == 0; t++) {
		if (strcmp(u->tables[t], "events") || !changed[t])
			continue;
		if ((rc = move_rows(&delta, pg, st, "events", it->id)) == 0 && delta &&
		    (rc = move_event_refs(st, it->id, delta)) == 0) {
			for (size_t k = 0; k < u->ntables; k++)
				for (size_t r = 0; r < LL_ARRAY_SIZE(event_refs); r++)
					if (!strcmp(u->tables[k], event_refs[r].table))
						changed[k] = true;
		}
		if (rc == 0)
			rc = merge_time_rules(pg, st, it->id);
		if (rc == 0)
			rc = replace_partition(pg, st, c, it->id, seq);
	}
	for (size_t t = 0; t < u->ntables && rc == 0; t++) {
		const char *tb = u->tables[t];

		if (!changed[t] || !strcmp(tb, "events"))
			continue;
		/* the item's own row keeps its place (updated in place, or registered under the lock) */
		if (strcmp(tb, "evidence") && (rc = move_rows(&delta, pg, st, tb, it->id)) < 0)
			break;
		rc = replace_rows(pg, st, c, tb, it->id);
	}
	if (rc < 0)
		ll_error_context("evidence item %s", it->id);
	ll_free(changed);
	return rc;
}

/*
 * An item whose events a marked case-wide unit did not change (digests
 * equal at the pull and now, and the item known at the pull): the server's
 * partition holds those rows already, the case lock having kept everyone
 * else out since the pull.
 */
static bool events_unchanged(const struct ll_ws_unit *u, const char *item)
{
	bool known = false;

	if (!u->case_marked)
		return false; /* pushed again after a failed push: what changed is not known */
	for (size_t i = 0; i < u->nitems && !known; i++)
		if (!strcmp(u->items[i].id, item)) {
			if (u->items[i].changed)
				return false;
			known = true;
		}
	for (size_t i = 0; i < u->nchanged_items && known; i++)
		if (!strcmp(u->changed_items[i], item) && !strcmp(u->changed_item_tables[i], "events"))
			return false;
	return known;
}

/*
 * A marked case-wide unit's table: an item table's rows of the items whose
 * rows of it changed (or new), a case-wide table whole when it changed; the
 * others are the server's already (the case lock kept every other push out).
 */
static int push_changed(struct ll_pg *pg, struct ll_store *st, const struct ll_pg_case *c,
			const struct ll_ws_unit *u, const char *table)
{
	struct ll_buf sql = LL_BUF_INIT;
	int64_t rows;
	int rc = 0;

	if (!has_name(u->tables, u->ntables, table)) {
		if (!has_name(u->changed_tables, u->nchanged_tables, table))
			return 0;
		if ((rc = ll_buf_printf(&sql, "DELETE FROM \"%s\"", table)) < 0 ||
		    (rc = ll_pg_exec(pg, "emptying a table", sql.ptr)) < 0 ||
		    (rc = ll_pg_push_table(&rows, pg, st, c->schema, table, table, NULL, NULL,
					   NULL)) < 0)
			ll_error_context("table %s", table);
		ll_buf_release(&sql);
		return rc;
	}
	for (size_t i = 0; i < u->nitems && rc == 0; i++)
		if (u->items[i].changed)
			rc = replace_rows(pg, st, c, table, u->items[i].id);
	for (size_t i = 0; i < u->nchanged_items && rc == 0; i++)
		if (!strcmp(u->changed_item_tables[i], table))
			rc = replace_rows(pg, st, c, table, u->changed_items[i]);
	return rc;
}

/*
 * Case-wide: the tables but the chain and the events replaced (a marked
 * unit: only the rows it records as changed, push_changed); the events
 * partitions of the items whose events changed (or all, for a unit not
 * marked) made again, those of items gone dropped.
 */
static int push_case(struct ll_pg *pg, struct ll_store *st, const struct ll_pg_case *c,
		     const struct ll_ws_unit *u)
{
	char **names = NULL, **parts = NULL, **kept = NULL, part[40];
	size_t n = 0, nparts = 0, nkept = 0;
	sqlite3_stmt *s = NULL;
	PGresult *r = NULL;
	struct ll_buf sql = LL_BUF_INIT;
	int64_t rows;
	int rc, step = SQLITE_DONE;

	if ((rc = ll_pg_server_tables(&names, &n, pg, c->schema)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!strcmp(names[i], "custody") || !strcmp(names[i], "certificates") ||
		    !strcmp(names[i], "events"))
			continue;
		/* a marked unit: only what it records as changed, the record the pulls trust too */
		if (u->case_marked) {
			rc = push_changed(pg, st, c, u, names[i]);
			continue;
		}
		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "DELETE FROM \"%s\"", names[i])) < 0 ||
		    (rc = ll_pg_exec(pg, "emptying a table", sql.ptr)) < 0 ||
		    (rc = ll_pg_push_table(&rows, pg, st, c->schema, names[i], names[i], NULL, NULL,
					   NULL)) < 0)
			ll_error_context("table %s", names[i]);
	}
	ll_pg_names_free(names, n);
	if (rc < 0)
		goto out;
	if ((rc = ll_pg_query(&r, pg, "listing the partitions",
			      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
			      " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace s"
			      " ON s.oid = p.relnamespace WHERE s.nspname = $1 AND p.relname = 'events'",
			      1, (const char *const[]){ c->schema })) < 0)
		goto out;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++)
		rc = push_name(&parts, &nparts, PQgetvalue(r, i, 0));
	ll_pg_clear(r);
	if (rc < 0 ||
	    (rc = ll_store_prepare(&s, st,
				   "SELECT e.id, e.seq FROM evidence e WHERE EXISTS"
				   " (SELECT 1 FROM events v WHERE v.evidence_id = e.id) ORDER BY e.seq")) < 0)
		goto out;
	/* the partitions kept: an item with events, unchanged, whose partition the server has */
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(part, sizeof(part), "events_p%" PRId64, (int64_t)sqlite3_column_int64(s, 1));
		if (has_name(parts, nparts, part) &&
		    events_unchanged(u, (const char *)sqlite3_column_text(s, 0)))
			rc = push_name(&kept, &nkept, part);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the items with events");
	/* the others go: changed items' (made again below), and those of items gone */
	for (size_t i = 0; i < nparts && rc == 0; i++) {
		char *q;

		if (has_name(kept, nkept, parts[i]))
			continue;
		if (!(q = ll_pg_ident(pg, parts[i]))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		ll_buf_reset(&sql);
		if ((rc = ll_buf_printf(&sql, "DROP TABLE %s", q)) == 0)
			rc = ll_pg_exec(pg, "dropping a partition", sql.ptr);
		ll_free(q);
	}
	if (rc < 0)
		goto out;
	sqlite3_reset(s);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(part, sizeof(part), "events_p%" PRId64, (int64_t)sqlite3_column_int64(s, 1));
		if (!has_name(kept, nkept, part))
			rc = replace_partition(pg, st, c, (const char *)sqlite3_column_text(s, 0),
					       sqlite3_column_int64(s, 1));
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the items with events");
out:
	sqlite3_finalize(s);
	free_names(parts, nparts);
	free_names(kept, nkept);
	ll_buf_release(&sql);
	return rc;
}

/* The command's own custody entries, copied out of the workspace's chain. */
struct pending {
	struct ll_custody_request *req;
	char **strs; /* 6 per entry */
	size_t n;
	int64_t after;
};

static char *dup_or_null(const char *s, int *rc)
{
	char *d = s ? ll_strdup(s) : NULL;

	if (s && !d)
		*rc = ll_error_set(LL_ENOMEM, "out of memory");
	return d;
}

static int collect_entry(const struct ll_custody_entry *e, const uint8_t *sig, size_t siglen,
			 void *payload)
{
	struct pending *p = payload;
	struct ll_custody_request *r;
	char **s;
	int rc = 0;

	(void)sig;
	(void)siglen;
	if (e->seq <= p->after)
		return 0;
	if (!(r = ll_reallocarray(p->req, p->n + 1, sizeof(*r))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	p->req = r;
	if (!(s = ll_reallocarray(p->strs, (p->n + 1) * 6, sizeof(*s))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	p->strs = s;
	s += p->n * 6;
	s[0] = dup_or_null(e->action, &rc);
	s[1] = dup_or_null(e->evidence_id, &rc);
	s[2] = dup_or_null(e->location, &rc);
	s[3] = dup_or_null(e->to_name, &rc);
	s[4] = dup_or_null(e->note, &rc);
	s[5] = dup_or_null(e->details, &rc);
	r += p->n++;
	*r = (struct ll_custody_request){ .action = s[0], .evidence_id = s[1], .location = s[2],
					  .to_name = s[3], .note = s[4], .details = s[5] };
	return rc;
}

static void pending_release(struct pending *p)
{
	for (size_t i = 0; i < p->n * 6; i++)
		ll_free(p->strs[i]);
	ll_free(p->strs);
	ll_free(p->req);
}

static bool empty_text(const char *s)
{
	return !s || !*s;
}

int ll_ws_push(int64_t *entries, struct ll_pg *pg, const struct ll_pg_case *c,
	       struct ll_store *st, struct ll_ws_unit *u, const struct ll_signer *signer)
{
	struct pending p = { .after = u->base_seq };
	char key[24];
	bool local = false, server = false;
	int rc;

	*entries = 0;
	if ((rc = ll_custody_foreach(st, collect_entry, &p)) < 0 ||
	    (rc = ll_ws_changes_init(pg)) < 0) /* a store made by an older lifeline gets its record */
		goto out;
	/* registration: the items new since the pull are the unit */
	if (u->registers) {
		sqlite3_stmt *s = NULL;
		int step;

		if ((rc = ll_store_prepare(&s, st, "SELECT id FROM evidence ORDER BY seq")) < 0)
			goto out;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(s, 0);

			if (!has_name(u->known, u->nknown, id) &&
			    (rc = ll_ws_unit_add_item(u, id)) < 0)
				break;
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = ll_store_error(st, "listing the evidence items");
		sqlite3_finalize(s);
		if (rc < 0)
			goto out;
	}
	if ((rc = ll_store_begin(st)) < 0)
		goto out;
	local = true;
	if ((rc = ll_pg_begin(pg)) < 0)
		goto out;
	server = true;
	snprintf(key, sizeof(key), "%" PRId64, c->key % 2147483647);
	if ((rc = ll_pg_query(NULL, pg, "taking the id allocation lock",
			      "SELECT pg_advisory_xact_lock(" ALLOC_LOCK_CLASS ", $1::integer)", 1,
			      (const char *const[]){ key })) < 0 ||
	    (rc = ll_pg_use_case(pg, c, true)) < 0)
		goto out;
	if (u->case_wide && (rc = ll_ws_unit_case_changes(u, st)) == 0)
		rc = push_case(pg, st, c, u);
	for (size_t i = 0; i < u->nitems && rc == 0 && !u->case_wide; i++)
		rc = push_item(pg, st, c, u, &u->items[i]);
	/* the pulls of other workspaces learn from it what to pull again (ws_changes.c) */
	if (rc < 0 || (rc = ll_ws_changes_bump(pg, c, u)) < 0)
		goto out;
	for (size_t i = 0; i < p.n; i++) {
		struct ll_custody_request *r = &p.req[i];

		if (empty_text(r->details))
			r->details = NULL;
		if ((rc = ll_pg_custody_append_tx(NULL, pg, c, signer, r)) < 0) {
			ll_error_context("re-sealing the workspace's custody entry '%s' on the server",
					 r->action);
			goto out;
		}
		(*entries)++;
		/* the chain's search_path is the case's: set again for the next entry */
	}
	if ((rc = ll_pg_commit(pg)) < 0) {
		server = false;
		goto out;
	}
	server = false;
	rc = ll_store_commit(st);
	local = false;
out:
	if (server)
		ll_pg_rollback(pg);
	if (local)
		ll_store_rollback(st);
	pending_release(&p);
	return rc;
}
