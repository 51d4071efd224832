/* SPDX-License-Identifier: Apache-2.0 */
/* `case export`: a case of the PostgreSQL store written back as a SQLite case. */
#include "core/compat.h"
#include "core/pg/pg_push.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool empty = true;

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

/* DIR, DIR/evidence, DIR/exports; *made says whether DIR itself was made. */
static int make_dirs(const char *dir, bool *made)
{
	struct ll_buf p = LL_BUF_INIT;
	struct stat sb;
	int rc = 0;

	*made = false;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode) || !dir_empty(dir))
			return ll_error_set(LL_EEXISTS, "'%s' exists and is not an empty directory", dir);
	} else if (mkdir(dir, 0755) != 0) {
		return ll_error_set(LL_EIO, "cannot create '%s': %s", dir, strerror(errno));
	} else {
		*made = true;
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		ll_buf_reset(&p);
		if ((rc = ll_buf_printf(&p, "%s/%s", dir, i ? "exports" : "evidence")) == 0 &&
		    mkdir(p.ptr, 0755) != 0)
			rc = ll_error_set(LL_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
	}
	ll_buf_release(&p);
	return rc;
}

/* What make_dirs and the store made, removed after a failure. */
static void unmake(const char *dir, bool made)
{
	static const char *const files[] = { "case.db", "case.db-wal", "case.db-shm",
					     "case.db-journal", "evidence", "exports" };
	char p[4096];

	for (size_t i = 0; i < LL_ARRAY_SIZE(files); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		if (unlink(p) != 0)
			rmdir(p);
	}
	if (made)
		rmdir(dir);
}

/* The rows written so far, all tables together (the total is not known up front). */
struct pull_progress {
	ll_pg_progress_cb cb;
	void *payload;
	uint64_t before;
};

static void pulled(void *payload, uint64_t rows)
{
	struct pull_progress *p = payload;

	if (p->cb)
		p->cb(p->payload, p->before + rows, 0);
}

int ll_pg_export(struct ll_pg_push_result *res, struct ll_custody_report *rep,
		 struct ll_pg *pg, const char *case_id, const char *dir,
		 ll_pg_progress_cb cb, void *payload)
{
	struct pull_progress prog = { cb, payload, 0 };
	struct ll_pg_case c;
	struct ll_store *st = NULL;
	struct ll_buf db = LL_BUF_INIT;
	char **theirs = NULL;
	size_t ntheirs = 0;
	bool made = false, pg_open = false, sq_open = false;
	double t0 = now_s();
	int64_t rows;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(rep, 0, sizeof(*rep));
	if ((rc = ll_pg_case_find(&c, pg, case_id)) < 0)
		return rc;
	if (strcmp(c.state, "ready"))
		return ll_error_set(LL_EUNSUPPORTED,
				    "the case '%s' in the %s is still being loaded (or its push died: "
				    "push it again)", case_id, pg->where);
	if ((rc = make_dirs(dir, &made)) < 0)
		return rc;
	if ((rc = ll_buf_printf(&db, "%s/case.db", dir)) < 0 || (rc = ll_store_create(&st, db.ptr)) < 0 ||
	    (rc = ll_store_bulk(st, true)) < 0)
		goto fail;
	/* one snapshot of the whole case */
	if ((rc = ll_pg_begin(pg)) < 0)
		goto fail;
	pg_open = true;
	if ((rc = ll_pg_exec(pg, "reading one snapshot",
			     "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) < 0 ||
	    (rc = ll_pg_server_tables(&theirs, &ntheirs, pg, c.schema)) < 0 ||
	    (rc = ll_store_begin(st)) < 0)
		goto fail;
	sq_open = true;
	for (size_t i = 0; i < ntheirs; i++) {
		if ((rc = ll_pg_pull_table(&rows, pg, st, c.schema, theirs[i], pulled, &prog)) < 0) {
			ll_error_context("table %s", theirs[i]);
			goto fail;
		}
		prog.before += (uint64_t)rows;
		if (!strcmp(theirs[i], "events"))
			res->events = rows;
		{
			struct ll_pg_table_count *t =
				ll_reallocarray(res->tables, res->ntables + 1, sizeof(*t));

			if (!t || !(t[res->ntables].table = ll_strdup(theirs[i]))) {
				if (t)
					res->tables = t;
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto fail;
			}
			res->tables = t;
			t[res->ntables++].rows = rows;
		}
	}
	ll_pg_rollback(pg);
	pg_open = false;
	/* the chain as written must verify, or no case is left behind */
	if ((rc = ll_custody_verify(rep, st, NULL)) < 0) {
		if (rc == LL_EVERIFY)
			ll_error_set(LL_EVERIFY,
				     "the custody chain of case '%s' in the %s does not verify: "
				     "entry %lld: %s; nothing exported",
				     case_id, pg->where, (long long)rep->bad_seq, rep->reason);
		goto fail;
	}
	if ((rc = ll_store_commit(st)) < 0)
		goto fail;
	sq_open = false;
	if ((rc = ll_store_bulk(st, false)) < 0)
		goto fail;
	ll_store_free(st);
	ll_pg_names_free(theirs, ntheirs);
	ll_buf_release(&db);
	res->seconds = now_s() - t0;
	return 0;
fail:
	if (pg_open)
		ll_pg_rollback(pg);
	if (sq_open)
		ll_store_rollback(st);
	ll_store_free(st);
	ll_pg_names_free(theirs, ntheirs);
	ll_buf_release(&db);
	unmake(dir, made);
	return rc;
}
