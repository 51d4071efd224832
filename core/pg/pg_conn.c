/* SPDX-License-Identifier: Apache-2.0 */
/* libpq connection, statements and errors for the PostgreSQL case store. */
#include "core/compat.h"
#include "core/pg/pg_conn.h"

#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

bool ll_pg_is_url(const char *s)
{
	return s && (!strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11));
}

/*
 * postgresql://user:PASS@host:port/db?password=PASS&…: the userinfo's
 * password and a password parameter become ***. The userinfo ends at the
 * last @ of the whole text, not of the authority: a password typed with
 * an unescaped / or ? in it is still masked (an @ further on, in a
 * parameter, masks more than needed, never less). A connection string that
 * is not a URL is not shown at all.
 */
char *ll_pg_mask_url(const char *url)
{
	struct ll_buf b = LL_BUF_INIT;
	const char *p, *at, *q, *colon;

	if (!url)
		return ll_strdup("");
	if (!(p = strstr(url, "://")))
		return ll_strdup("(a connection string, not shown)");
	p += 3;
	at = strrchr(p, '@');
	ll_buf_put(&b, url, (size_t)(p - url));
	if (at && (colon = memchr(p, ':', (size_t)(at - p)))) {
		ll_buf_put(&b, p, (size_t)(colon - p));
		ll_buf_puts(&b, ":***");
		p = at;
	}
	/* host, port, path; then the parameters one by one */
	q = strchr(p, '?');
	if (!q) {
		ll_buf_puts(&b, p);
	} else {
		ll_buf_put(&b, p, (size_t)(q - p));
		while (*q) {
			size_t n = strcspn(q + 1, "&");

			ll_buf_putc(&b, *q);
			if (n >= 9 && !strncmp(q + 1, "password=", 9))
				ll_buf_puts(&b, "password=***");
			else
				ll_buf_put(&b, q + 1, n);
			q += 1 + n;
		}
	}
	if (!b.ptr)
		return ll_strdup("");
	return ll_buf_detach(&b);
}

/* "server HOST:PORT, database 'DB'" from the connection (or the parsed URL before it). */
static char *describe(PGconn *c, const char *url)
{
	struct ll_buf b = LL_BUF_INIT;
	const char *host = c ? PQhost(c) : NULL, *port = c ? PQport(c) : NULL;
	const char *db = c ? PQdb(c) : NULL;
	PQconninfoOption *opts = NULL;

	if ((!host || !*host || !db) && url && (opts = PQconninfoParse(url, NULL))) {
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			if (!strcmp(o->keyword, "host") && o->val && (!host || !*host))
				host = o->val;
			else if (!strcmp(o->keyword, "port") && o->val && (!port || !*port))
				port = o->val;
			else if (!strcmp(o->keyword, "dbname") && o->val && !db)
				db = o->val;
		}
	}
	ll_buf_printf(&b, "PostgreSQL server %s:%s, database '%s'", host && *host ? host : "localhost",
		      port && *port ? port : "5432", db ? db : "(default)");
	if (opts)
		PQconninfoFree(opts);
	return b.ptr ? ll_buf_detach(&b) : ll_strdup("PostgreSQL server");
}

/* libpq's message without its trailing newline, on one line. */
static void put_pq_message(struct ll_buf *b, const char *m)
{
	size_t n = m ? strlen(m) : 0;

	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n; i++) {
		if ((m[i] == '\n' || m[i] == '\t') && b->len && b->ptr[b->len - 1] == ' ')
			continue;
		ll_buf_putc(b, m[i] == '\n' || m[i] == '\t' ? ' ' : m[i]);
	}
}

/* The server's notices (DROP … IF EXISTS, shutdown warnings) are not the user's concern:
 * a failure comes back as an error with its statement. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int ll_pg_connect(struct ll_pg **out, const char *url)
{
	struct ll_pg *pg;
	struct ll_buf msg = LL_BUF_INIT;
	const char *enc;
	int rc;

	*out = NULL;
	if (!(pg = ll_calloc(1, sizeof(*pg))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	pg->url_masked = ll_pg_mask_url(url);
	pg->conn = PQconnectdb(url);
	pg->where = describe(pg->conn, url);
	if (!pg->url_masked || !pg->where) {
		ll_pg_free(pg);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
		put_pq_message(&msg, pg->conn ? PQerrorMessage(pg->conn) : "out of memory");
		rc = ll_error_set(LL_EIO, "cannot connect to the %s (%s): %s", pg->where,
				  pg->url_masked, msg.ptr ? msg.ptr : "");
		ll_buf_release(&msg);
		ll_pg_free(pg);
		return rc;
	}
	/* text in and out is UTF-8 whatever the client's locale; names resolve in public */
	PQsetNoticeProcessor(pg->conn, quiet_notice, NULL);
	/* UTF-8 text both ways; a SQL_ASCII database keeps bytes unchecked, and so must the client */
	enc = PQparameterStatus(pg->conn, "server_encoding");
	if (PQsetClientEncoding(pg->conn, enc && !strcmp(enc, "SQL_ASCII") ? "SQL_ASCII" : "UTF8") != 0)
		rc = ll_pg_fail(pg, NULL, "setting the client encoding", "SET client_encoding");
	else
		rc = ll_pg_exec(pg, "setting up the session",
				"SELECT pg_catalog.set_config('search_path', 'public', false)");
	if (rc < 0) {
		ll_pg_free(pg);
		return rc;
	}
	*out = pg;
	return 0;
}

void ll_pg_free(struct ll_pg *pg)
{
	if (!pg)
		return;
	if (pg->conn)
		PQfinish(pg->conn);
	ll_free(pg->url_masked);
	ll_free(pg->where);
	ll_free(pg);
}

int ll_pg_fail(struct ll_pg *pg, struct pg_result *r, const char *what, const char *sql)
{
	struct ll_buf msg = LL_BUF_INIT;
	const char *detail = r ? PQresultErrorMessage(r) : NULL;
	int rc;

	if (!detail || !*detail)
		detail = PQerrorMessage(pg->conn);
	put_pq_message(&msg, detail);
	if (PQstatus(pg->conn) == CONNECTION_BAD)
		rc = ll_error_set(LL_EIO,
				  "the %s went away while %s (statement: %.200s): %s; "
				  "run the command again once the server is back",
				  pg->where, what, sql ? sql : "", msg.ptr ? msg.ptr : "");
	else
		rc = ll_error_set(LL_EIO, "%s: %s failed (statement: %.200s): %s", pg->where, what,
				  sql ? sql : "", msg.ptr ? msg.ptr : "");
	ll_buf_release(&msg);
	return rc;
}

int ll_pg_query(struct pg_result **out, struct ll_pg *pg, const char *what, const char *sql,
		int n, const char *const *params)
{
	PGresult *r = PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc;

	if (out)
		*out = NULL;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = ll_pg_fail(pg, r, what, sql);
		PQclear(r);
		return rc;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

int ll_pg_exec(struct ll_pg *pg, const char *what, const char *sql)
{
	PGresult *r = PQexec(pg->conn, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = ll_pg_fail(pg, r, what, sql);
	PQclear(r);
	return rc;
}

void ll_pg_clear(struct pg_result *r)
{
	PQclear(r);
}

static char *escaped(PGconn *c, const char *s, bool ident)
{
	char *e = ident ? PQescapeIdentifier(c, s, strlen(s)) : PQescapeLiteral(c, s, strlen(s));
	char *copy;

	if (!e)
		return NULL;
	copy = ll_strdup(e);
	PQfreemem(e);
	return copy;
}

char *ll_pg_ident(struct ll_pg *pg, const char *s)
{
	return escaped(pg->conn, s, true);
}

char *ll_pg_literal(struct ll_pg *pg, const char *s)
{
	return escaped(pg->conn, s, false);
}

int ll_pg_begin(struct ll_pg *pg)
{
	return ll_pg_exec(pg, "starting a transaction", "BEGIN");
}

int ll_pg_commit(struct ll_pg *pg)
{
	return ll_pg_exec(pg, "committing", "COMMIT");
}

void ll_pg_rollback(struct ll_pg *pg)
{
	PGresult *r;

	if (PQstatus(pg->conn) != CONNECTION_OK)
		return;
	r = PQexec(pg->conn, "ROLLBACK");
	PQclear(r);
}

int ll_pg_copy_put(struct ll_pg *pg, const char *sql, const void *data, size_t len)
{
	while (len) {
		int n = len > (1u << 30) ? (1 << 30) : (int)len;

		if (PQputCopyData(pg->conn, data, n) != 1)
			return ll_pg_fail(pg, NULL, "copying the rows", sql);
		data = (const char *)data + n;
		len -= (size_t)n;
	}
	return 0;
}

int ll_pg_copy_end(struct ll_pg *pg, const char *what, const char *sql)
{
	PGresult *r;
	int rc = 0;

	if (PQputCopyEnd(pg->conn, NULL) != 1)
		return ll_pg_fail(pg, NULL, what, sql);
	while ((r = PQgetResult(pg->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
			rc = ll_pg_fail(pg, r, what, sql);
		PQclear(r);
	}
	return rc;
}
