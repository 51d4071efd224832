/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A connection to the PostgreSQL case store (libpq), and the statement
 * helpers every core/pg/ file uses. Every error names the server
 * (host:port), the database and the failing statement; the URL is never
 * printed with its password (ll_pg_mask_url). A server that goes away is
 * reported as such (LL_EIO), never a crash; running the command again
 * once the server is back works (a push resumes from scratch, see pg_push.c).
 */
#ifndef LL_CORE_PG_CONN_H
#define LL_CORE_PG_CONN_H

#include "core/compat.h"

struct pg_conn;
struct pg_result;

struct ll_pg {
	struct pg_conn *conn;
	char *url_masked; /* the URL with any password replaced by *** */
	char *where;      /* "server 127.0.0.1:5432, database 'cases'" */
};

/* True when `s` names the PostgreSQL store (postgresql:// or postgres://). */
bool ll_pg_is_url(const char *s);
/* The URL with the password (user:PASS@, ?password=PASS) replaced by ***; free with ll_free. */
char *ll_pg_mask_url(const char *url);

/* Connects; the session gets client_encoding UTF8 and search_path public. */
int ll_pg_connect(struct ll_pg **out, const char *url);
void ll_pg_free(struct ll_pg *pg);

/*
 * Runs `sql` with the `n` text parameters (NULL is SQL NULL) and text
 * results. `*out` (may be NULL: the result is dropped) receives the
 * result, freed with ll_pg_clear. `what` says what the statement was for.
 */
int ll_pg_query(struct pg_result **out, struct ll_pg *pg, const char *what, const char *sql,
		int n, const char *const *params);
int ll_pg_exec(struct ll_pg *pg, const char *what, const char *sql);
void ll_pg_clear(struct pg_result *r);
/* The error for a failed statement or result (r may be NULL). */
int ll_pg_fail(struct ll_pg *pg, struct pg_result *r, const char *what, const char *sql);

/* "identifier" quoted for SQL (ll_free); NULL when out of memory. */
char *ll_pg_ident(struct ll_pg *pg, const char *s);
/* 'literal' quoted for SQL (ll_free); NULL when out of memory. */
char *ll_pg_literal(struct ll_pg *pg, const char *s);

/* BEGIN / COMMIT / ROLLBACK (rollback reports nothing: it follows an error). */
int ll_pg_begin(struct ll_pg *pg);
int ll_pg_commit(struct ll_pg *pg);
void ll_pg_rollback(struct ll_pg *pg);

/* COPY … FROM STDIN (`sql`) already started: send `len` bytes; end it (errors name the statement). */
int ll_pg_copy_put(struct ll_pg *pg, const char *sql, const void *data, size_t len);
int ll_pg_copy_end(struct ll_pg *pg, const char *what, const char *sql);

#endif
