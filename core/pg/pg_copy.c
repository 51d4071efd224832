/* SPDX-License-Identifier: Apache-2.0 */
/* Rows of a case between SQLite and the PostgreSQL store, value for value. */
#include "core/compat.h"
#include "core/pg/pg_copy.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"
#include "core/pg/pg_conn.h"
#include "core/store.h"

/* A column of the server table: its name and what it holds. */
struct col {
	char *name;
	char kind; /* 'i' bigint, 'r' double precision, 't' text, 'b' bytea */
};

void ll_pg_names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		ll_free(names[i]);
	ll_free(names);
}

static int push_name(char ***names, size_t *n, const char *s)
{
	char **grown = ll_reallocarray(*names, *n + 1, sizeof(**names));

	if (!grown)
		return ll_error_set(LL_ENOMEM, "out of memory");
	*names = grown;
	if (!(grown[*n] = ll_strdup(s)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	(*n)++;
	return 0;
}

int ll_pg_sqlite_tables(char ***names, size_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	*names = NULL;
	*n = 0;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT name FROM sqlite_master WHERE type = 'table'"
				   " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = push_name(names, n, (const char *)sqlite3_column_text(s, 0))) < 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "listing the case's tables");
	sqlite3_finalize(s);
	if (rc < 0) {
		ll_pg_names_free(*names, *n);
		*names = NULL;
		*n = 0;
	}
	return rc;
}

int ll_pg_server_tables(char ***names, size_t *n, struct ll_pg *pg, const char *schema)
{
	PGresult *r = NULL;
	int rc;

	*names = NULL;
	*n = 0;
	if ((rc = ll_pg_query(&r, pg, "listing the case's tables",
			      "SELECT c.relname FROM pg_catalog.pg_class c"
			      " JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace"
			      " WHERE s.nspname = $1 AND c.relkind IN ('r', 'p')"
			      " AND NOT c.relispartition ORDER BY c.relname COLLATE \"C\"",
			      1, &schema)) < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++)
		rc = push_name(names, n, PQgetvalue(r, i, 0));
	ll_pg_clear(r);
	if (rc < 0) {
		ll_pg_names_free(*names, *n);
		*names = NULL;
		*n = 0;
	}
	return rc;
}

static void cols_free(struct col *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		ll_free(c[i].name);
	ll_free(c);
}

/*
 * The server table's columns after ll_rowid, checked against the SQLite
 * table's: the same set of names (the server's order is used for both).
 */
static int load_cols(struct col **out, size_t *nout, struct ll_pg *pg, struct ll_store *st,
		     const char *schema, const char *table)
{
	const char *params[2] = { schema, table };
	PGresult *r = NULL;
	sqlite3_stmt *s = NULL;
	struct col *c = NULL;
	size_t n = 0, nsqlite = 0;
	struct ll_buf sql = LL_BUF_INIT;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = ll_pg_query(&r, pg, "reading the table's columns",
			      "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
			      " FROM pg_catalog.pg_attribute a"
			      " JOIN pg_catalog.pg_class t ON t.oid = a.attrelid"
			      " JOIN pg_catalog.pg_namespace s ON s.oid = t.relnamespace"
			      " WHERE s.nspname = $1 AND t.relname = $2 AND a.attnum > 0"
			      " AND NOT a.attisdropped AND a.attname <> 'll_rowid' ORDER BY a.attnum",
			      2, params)) < 0)
		return rc;
	if (!PQntuples(r)) {
		rc = ll_error_set(LL_ECORRUPT, "the %s has no table %s.%s", pg->where, schema, table);
		goto out;
	}
	if (!(c = ll_calloc((size_t)PQntuples(r), sizeof(*c)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++, n++) {
		const char *type = PQgetvalue(r, i, 1);

		if (!(c[i].name = ll_strdup(PQgetvalue(r, i, 0)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		c[i].kind = !strcmp(type, "bigint")		? 'i'
			    : !strcmp(type, "double precision") ? 'r'
			    : !strcmp(type, "text")		? 't'
			    : !strcmp(type, "bytea")		? 'b'
								: 0;
		if (!c[i].kind) {
			rc = ll_error_set(LL_EUNSUPPORTED, "%s: column %s.%s has type %s, which lifeline does not store",
					  pg->where, table, c[i].name, type);
			goto out;
		}
	}
	/* every SQLite column is one of the server's, and there are as many */
	if ((rc = ll_buf_printf(&sql, "SELECT name FROM pragma_table_info('%s')", table)) < 0 ||
	    (rc = ll_store_prepare(&s, st, sql.ptr)) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		size_t i;

		nsqlite++;
		for (i = 0; i < n && strcmp(c[i].name, name); i++)
			;
		if (i == n) {
			rc = ll_error_set(LL_EUNSUPPORTED,
					  "the case's table %s has a column %s that the %s's does not",
					  table, name, pg->where);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = ll_store_error(st, "reading the table's columns");
		goto out;
	}
	rc = 0;
	if (nsqlite != n) {
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "the case's table %s has %zu columns, the %s's %zu", table, nsqlite,
				  pg->where, n);
		goto out;
	}
	*out = c;
	*nout = n;
	c = NULL;
out:
	sqlite3_finalize(s);
	ll_buf_release(&sql);
	ll_pg_clear(r);
	cols_free(c, n);
	return rc;
}

/* ll_rowid, "a", "b" … quoted by the server (pg) or, for SQLite, rowid, "a", "b" …
 * (names checked against the server's, which are plain words). */
static int col_list(struct ll_buf *b, struct ll_pg *pg, const struct col *c, size_t n,
		    const char *first)
{
	int rc = ll_buf_puts(b, first);

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (pg) {
			char *q = ll_pg_ident(pg, c[i].name);

			if (!q)
				return ll_error_set(LL_ENOMEM, "out of memory");
			rc = ll_buf_printf(b, ", %s", q);
			ll_free(q);
		} else {
			rc = ll_buf_printf(b, ", \"%s\"", c[i].name);
		}
	}
	return rc;
}

static const char *class_name(int t)
{
	switch (t) {
	case SQLITE_INTEGER: return "an integer";
	case SQLITE_FLOAT: return "a real";
	case SQLITE_TEXT: return "text";
	case SQLITE_BLOB: return "a blob";
	default: return "NULL";
	}
}

static const char *kind_name(char k)
{
	return k == 'i' ? "bigint" : k == 'r' ? "double precision" : k == 't' ? "text" : "bytea";
}

/*
 * One value in COPY text format. `utf8`: the server's database is UTF8 and
 * refuses text that is not; such text (a file name's raw bytes) is named
 * here, before the server's COPY error, with the way to keep it (a
 * SQL_ASCII database stores text bytes as they are).
 */
static int put_value(struct ll_buf *b, sqlite3_stmt *s, int i, const struct col *c,
		     const char *table, int64_t rowid, bool utf8)
{
	static const char hex[] = "0123456789abcdef";
	int t = sqlite3_column_type(s, i);
	char num[40];

	if (t == SQLITE_NULL)
		return ll_buf_put(b, "\\N", 2);
	if ((t == SQLITE_INTEGER && c->kind != 'i') || (t == SQLITE_FLOAT && c->kind != 'r') ||
	    (t == SQLITE_TEXT && c->kind != 't') || (t == SQLITE_BLOB && c->kind != 'b'))
		return ll_error_set(LL_EUNSUPPORTED,
				    "table %s, rowid %" PRId64 ", column %s: %s where the server keeps %s; "
				    "push copies values as they are and refuses to convert them",
				    table, rowid, c->name, class_name(t), kind_name(c->kind));
	if (t == SQLITE_INTEGER) {
		snprintf(num, sizeof(num), "%" PRId64, (int64_t)sqlite3_column_int64(s, i));
		return ll_buf_puts(b, num);
	}
	if (t == SQLITE_FLOAT) {
		/* 17 significant digits give every double back exactly */
		snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(s, i));
		return ll_buf_puts(b, num);
	}
	if (t == SQLITE_TEXT) {
		const unsigned char *p = sqlite3_column_text(s, i);
		int len = sqlite3_column_bytes(s, i);
		int rc = ll_buf_grow(b, (size_t)len * 2 + 1);

		if (rc < 0)
			return rc;
		if (utf8 && !ll_name_is_utf8((const char *)p) &&
		    strlen((const char *)p) == (size_t)len)
			return ll_error_set(LL_EUNSUPPORTED,
					    "table %s, rowid %" PRId64 ", column %s: text that is not UTF-8 "
					    "(byte %zu), which a UTF8 database refuses; push into a database "
					    "created with ENCODING 'SQL_ASCII' (docs/postgresql.md) to keep it "
					    "byte for byte", table, rowid, c->name,
					    ll_utf8_valid_prefix((const char *)p));
		for (int k = 0; k < len; k++) {
			unsigned char ch = p[k];

			switch (ch) {
			case 0:
				return ll_error_set(LL_EUNSUPPORTED,
						    "table %s, rowid %" PRId64 ", column %s: text with a NUL "
						    "byte at %d, which PostgreSQL text cannot hold",
						    table, rowid, c->name, k);
			case '\\': b->ptr[b->len++] = '\\'; b->ptr[b->len++] = '\\'; break;
			case '\t': b->ptr[b->len++] = '\\'; b->ptr[b->len++] = 't'; break;
			case '\n': b->ptr[b->len++] = '\\'; b->ptr[b->len++] = 'n'; break;
			case '\r': b->ptr[b->len++] = '\\'; b->ptr[b->len++] = 'r'; break;
			default: b->ptr[b->len++] = (char)ch;
			}
		}
		b->ptr[b->len] = '\0';
		return 0;
	}
	{
		const unsigned char *p = sqlite3_column_blob(s, i);
		int len = sqlite3_column_bytes(s, i);
		int rc = ll_buf_grow(b, (size_t)len * 2 + 4);

		if (rc < 0)
			return rc;
		/* bytea's hex form, its backslash doubled for COPY */
		memcpy(b->ptr + b->len, "\\\\x", 3);
		b->len += 3;
		for (int k = 0; k < len; k++) {
			b->ptr[b->len++] = hex[p[k] >> 4];
			b->ptr[b->len++] = hex[p[k] & 15];
		}
		b->ptr[b->len] = '\0';
		return 0;
	}
}

int ll_pg_push_table(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, const char *dest, const char *evidence_id,
		     ll_pg_rows_cb cb, void *payload)
{
	struct col *c = NULL;
	size_t n = 0;
	struct ll_buf copy = LL_BUF_INIT, sel = LL_BUF_INIT, b = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	char *qs = NULL, *qd = NULL;
	int64_t count = 0;
	int rc, step;
	bool copying = false;
	const char *enc = PQparameterStatus(pg->conn, "server_encoding");
	bool utf8 = !enc || strcmp(enc, "SQL_ASCII") != 0;

	*rows = 0;
	if ((rc = load_cols(&c, &n, pg, st, schema, table)) < 0)
		goto out;
	if (!(qs = ll_pg_ident(pg, schema)) || !(qd = ll_pg_ident(pg, dest))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_buf_printf(&copy, "COPY %s.%s (", qs, qd)) < 0 ||
	    (rc = col_list(&copy, pg, c, n, "ll_rowid")) < 0 ||
	    (rc = ll_buf_puts(&copy, ") FROM STDIN")) < 0 ||
	    (rc = ll_buf_puts(&sel, "SELECT ")) < 0 || (rc = col_list(&sel, NULL, c, n, "rowid")) < 0 ||
	    (rc = ll_buf_printf(&sel, " FROM \"%s\"%s ORDER BY rowid", table,
				!evidence_id ? "" :
				/* the item's own row is keyed by id; its other rows by evidence_id */
				!strcmp(table, "evidence") ? " WHERE id = ?1" : " WHERE evidence_id = ?1")) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, st, sel.ptr)) < 0)
		goto out;
	if (evidence_id)
		sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	{
		PGresult *r = PQexec((PGconn *)pg->conn, copy.ptr);

		if (PQresultStatus(r) != PGRES_COPY_IN) {
			rc = ll_pg_fail(pg, r, "starting the copy", copy.ptr);
			PQclear(r);
			goto out;
		}
		PQclear(r);
		copying = true;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t rowid = sqlite3_column_int64(s, 0);
		char num[24];

		snprintf(num, sizeof(num), "%" PRId64, rowid);
		if ((rc = ll_buf_puts(&b, num)) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if ((rc = ll_buf_putc(&b, '\t')) < 0 ||
			    (rc = put_value(&b, s, (int)i + 1, &c[i], table, rowid, utf8)) < 0)
				goto out;
		if ((rc = ll_buf_putc(&b, '\n')) < 0)
			goto out;
		count++;
		if (b.len >= (1u << 20)) {
			if ((rc = ll_pg_copy_put(pg, copy.ptr, b.ptr, b.len)) < 0)
				goto out;
			ll_buf_reset(&b);
			if (cb)
				cb(payload, (uint64_t)count);
		}
	}
	if (step != SQLITE_DONE) {
		rc = ll_store_error(st, "reading the case's rows");
		goto out;
	}
	if (b.len && (rc = ll_pg_copy_put(pg, copy.ptr, b.ptr, b.len)) < 0)
		goto out;
	copying = false;
	if ((rc = ll_pg_copy_end(pg, "copying the rows", copy.ptr)) < 0)
		goto out;
	if (cb)
		cb(payload, (uint64_t)count);
	*rows = count;
out:
	if (copying) {
		/* abandon the COPY: the server rolls the statement back */
		PGresult *r;

		PQputCopyEnd((PGconn *)pg->conn, "lifeline stopped the copy");
		while ((r = PQgetResult((PGconn *)pg->conn)))
			PQclear(r);
	}
	sqlite3_finalize(s);
	ll_buf_release(&copy);
	ll_buf_release(&sel);
	ll_buf_release(&b);
	ll_free(qs);
	ll_free(qd);
	cols_free(c, n);
	return rc;
}

static int64_t be64(const char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | (uint8_t)p[i];
	return (int64_t)v;
}

int ll_pg_pull_table(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, ll_pg_rows_cb cb, void *payload)
{
	return ll_pg_pull_where(rows, pg, st, schema, table, NULL, 0, NULL, cb, payload);
}

int ll_pg_pull_where(int64_t *rows, struct ll_pg *pg, struct ll_store *st, const char *schema,
		     const char *table, const char *where, int nparams, const char *const *params,
		     ll_pg_rows_cb cb, void *payload)
{
	PGconn *conn = (PGconn *)pg->conn;
	struct col *c = NULL;
	size_t n = 0;
	struct ll_buf sel = LL_BUF_INIT, ins = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	PGresult *r = NULL;
	char *qs = NULL, *qt = NULL;
	int64_t count = 0;
	bool sent = false;
	int rc;

	*rows = 0;
	if ((rc = load_cols(&c, &n, pg, st, schema, table)) < 0)
		goto out;
	if (!(qs = ll_pg_ident(pg, schema)) || !(qt = ll_pg_ident(pg, table))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_buf_puts(&sel, "SELECT ")) < 0 || (rc = col_list(&sel, pg, c, n, "ll_rowid")) < 0 ||
	    (rc = ll_buf_printf(&sel, " FROM %s.%s%s%s ORDER BY ll_rowid", qs, qt,
				where ? " WHERE " : "", where ? where : "")) < 0 ||
	    (rc = ll_buf_printf(&ins, "INSERT INTO \"%s\" (", table)) < 0 ||
	    (rc = col_list(&ins, NULL, c, n, "rowid")) < 0 || (rc = ll_buf_puts(&ins, ") VALUES (?")) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = ll_buf_puts(&ins, ", ?")) < 0)
			goto out;
	if ((rc = ll_buf_puts(&ins, ")")) < 0 || (rc = ll_store_prepare(&s, st, ins.ptr)) < 0)
		goto out;
	if (!PQsendQueryParams(conn, sel.ptr, nparams, NULL, params, NULL, NULL, 1) ||
	    !PQsetSingleRowMode(conn)) {
		rc = ll_pg_fail(pg, NULL, "reading the rows", sel.ptr);
		goto out;
	}
	sent = true;
	while ((r = PQgetResult(conn))) {
		ExecStatusType st_ = PQresultStatus(r);

		if (st_ == PGRES_TUPLES_OK) {
			PQclear(r);
			continue;
		}
		if (st_ != PGRES_SINGLE_TUPLE) {
			rc = ll_pg_fail(pg, r, "reading the rows", sel.ptr);
			goto out;
		}
		if (PQgetisnull(r, 0, 0) || PQgetlength(r, 0, 0) != 8) {
			rc = ll_error_set(LL_ECORRUPT, "%s: table %s: a row without its ll_rowid", pg->where, table);
			goto out;
		}
		sqlite3_bind_int64(s, 1, be64(PQgetvalue(r, 0, 0)));
		for (size_t i = 0; i < n; i++) {
			int f = (int)i + 1, len = PQgetlength(r, 0, f);
			const char *v = PQgetvalue(r, 0, f);

			if (PQgetisnull(r, 0, f)) {
				sqlite3_bind_null(s, f + 1);
			} else if (c[i].kind == 'i' || c[i].kind == 'r') {
				int64_t x;

				if (len != 8) {
					rc = ll_error_set(LL_ECORRUPT, "%s: table %s, column %s: %d bytes for an 8-byte value",
							  pg->where, table, c[i].name, len);
					goto out;
				}
				x = be64(v);
				if (c[i].kind == 'i') {
					sqlite3_bind_int64(s, f + 1, x);
				} else {
					double d;

					memcpy(&d, &x, sizeof(d));
					sqlite3_bind_double(s, f + 1, d);
				}
			} else if (c[i].kind == 't') {
				sqlite3_bind_text(s, f + 1, v, len, SQLITE_TRANSIENT);
			} else if (len == 0) {
				sqlite3_bind_zeroblob(s, f + 1, 0);
			} else {
				sqlite3_bind_blob(s, f + 1, v, len, SQLITE_TRANSIENT);
			}
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = ll_store_error(st, "writing the case's rows");
			ll_error_context("table %s", table);
			goto out;
		}
		sqlite3_reset(s);
		PQclear(r);
		r = NULL;
		if (++count % 65536 == 0 && cb)
			cb(payload, (uint64_t)count);
	}
	sent = false;
	if (cb)
		cb(payload, (uint64_t)count);
	*rows = count;
out:
	PQclear(r);
	if (sent) {
		/* drain what the server still sends, so the connection can be used again */
		PQrequestCancel(conn);
		while ((r = PQgetResult(conn)))
			PQclear(r);
	}
	sqlite3_finalize(s);
	ll_buf_release(&sel);
	ll_buf_release(&ins);
	ll_free(qs);
	ll_free(qt);
	cols_free(c, n);
	return rc;
}
