/* SPDX-License-Identifier: Apache-2.0 */
/* Case workspace creation and discovery. */
#include "core/compat.h"
#include "core/case.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"
#include "core/store.h"
#include "core/time.h"

static bool dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool empty = true;

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

char *ll_case_path(const struct ll_case *c, const char *rel)
{
	struct ll_buf b = LL_BUF_INIT;

	if (ll_buf_printf(&b, "%s/%s", c->dir, rel) < 0)
		return NULL;
	return ll_buf_detach(&b);
}

int ll_case_init(const char *dir, const struct ll_case_info *info)
{
	struct ll_buf p = LL_BUF_INIT;
	struct ll_store *st = NULL;
	sqlite3_stmt *s = NULL;
	struct stat sb;
	int rc;

	if (!info->case_id || !*info->case_id || !info->title || !*info->title)
		return ll_error_set(LL_EINVAL, "a case needs --case-id and --title");
	if ((rc = ll_text_check("the case id", info->case_id)) < 0 ||
	    (rc = ll_text_check("the case title", info->title)) < 0 ||
	    (rc = ll_text_check("the agency", info->agency)) < 0 ||
	    (rc = ll_text_check("the authority", info->authority)) < 0)
		return rc;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return ll_error_set(LL_EEXISTS, "'%s' exists and is not a directory", dir);
		ll_buf_printf(&p, "%s/case.db", dir);
		if (stat(p.ptr, &sb) == 0) {
			ll_buf_release(&p);
			return ll_error_set(LL_EEXISTS, "'%s' already holds a case", dir);
		}
		ll_buf_release(&p);
		if (!dir_is_empty(dir))
			return ll_error_set(LL_EEXISTS,
					    "'%s' is not empty; a case needs a directory of its own", dir);
	} else if (mkdir(dir, 0755) != 0) {
		return ll_error_set(LL_EIO, "cannot create '%s': %s", dir, strerror(errno));
	}
	if ((rc = ll_buf_printf(&p, "%s/evidence", dir)) < 0)
		goto out;
	if (mkdir(p.ptr, 0755) != 0 && errno != EEXIST) {
		rc = ll_error_set(LL_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
		goto out;
	}
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/exports", dir)) < 0)
		goto out;
	if (mkdir(p.ptr, 0755) != 0 && errno != EEXIST) {
		rc = ll_error_set(LL_EIO, "cannot create '%s': %s", p.ptr, strerror(errno));
		goto out;
	}
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/case.db", dir)) < 0 ||
	    (rc = ll_store_create(&st, p.ptr)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO case_info(id, case_id, title, agency, authority, created_ns)"
				   " VALUES (1, ?, ?, ?, ?, ?)")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, info->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, info->title, -1, SQLITE_STATIC);
	if (info->agency)
		sqlite3_bind_text(s, 3, info->agency, -1, SQLITE_STATIC);
	if (info->authority)
		sqlite3_bind_text(s, 4, info->authority, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, ll_time_now_ns());
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "recording the case");
out:
	sqlite3_finalize(s);
	ll_store_free(st);
	ll_buf_release(&p);
	return rc;
}

static bool has_case_db(const char *dir)
{
	char p[PATH_MAX + 16];
	struct stat sb;

	/* no allocation here: an out-of-memory must not read as "no case" */
	snprintf(p, sizeof(p), "%s/case.db", dir);
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

int ll_case_find(char **out_dir, const char *dir)
{
	char path[PATH_MAX];

	if (dir) {
		if (!realpath(dir, path))
			return ll_error_set(LL_ENOTFOUND, "cannot find '%s': %s", dir,
					    strerror(errno));
		if (!has_case_db(path))
			return ll_error_set(LL_ENOTFOUND,
					    "'%s' is not a lifeline case (no case.db)", dir);
	} else {
		if (!getcwd(path, sizeof(path)))
			return ll_error_set(LL_EIO, "cannot read the current directory");
		for (;;) {
			char *slash;

			if (has_case_db(path))
				break;
			slash = strrchr(path, '/');
			if (!slash || path[1] == '\0')
				return ll_error_set(LL_ENOTFOUND,
						    "not in a lifeline case (or any parent); use -C DIR or 'lifeline case init'");
			if (slash == path)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
	}
	if (!(*out_dir = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? ll_strdup(t) : NULL;
}

int ll_case_load_record(struct ll_case *c, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT case_id, title, agency, authority, created_ns FROM case_info")) < 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		rc = LL_ENOTFOUND;
	} else if (rc != SQLITE_ROW) {
		rc = ll_store_error(st, "reading the case record");
	} else {
		rc = 0;
		c->case_id = dup_col(s, 0);
		c->title = dup_col(s, 1);
		c->agency = dup_col(s, 2);
		c->authority = dup_col(s, 3);
		c->created_ns = sqlite3_column_int64(s, 4);
		if (!c->case_id || !c->title ||
		    (!c->agency && sqlite3_column_type(s, 2) != SQLITE_NULL) ||
		    (!c->authority && sqlite3_column_type(s, 3) != SQLITE_NULL))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	sqlite3_finalize(s);
	return rc;
}

/* A writing command on a case it cannot write: say so before SQLite says "unable to open". */
static int check_writable(const char *dir, const char *db)
{
	const char *what = NULL;
	int e = 0;

	if (access(dir, W_OK) != 0)
		what = dir, e = errno;
	else if (access(db, W_OK) != 0)
		what = db, e = errno;
	if (!what)
		return 0;
	return ll_error_set(LL_EIO,
			    "the case '%s' cannot be written ('%s': %s): this command records in the case; "
			    "on read-only media only the reading commands work (case show, custody "
			    "log|verify|export, evidence list, findings list, timeline export)",
			    dir, what, strerror(e));
}

static int case_open(struct ll_case **out, const char *dir, bool readonly)
{
	struct ll_case *c = NULL;
	char *db = NULL;
	int rc;

	if (!(c = ll_calloc(1, sizeof(*c))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_case_find(&c->dir, dir)) < 0)
		goto fail;
	if (!(db = ll_case_path(c, "case.db"))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	if (readonly)
		rc = ll_store_open_readonly(&c->store, db);
	else if ((rc = check_writable(c->dir, db)) == 0)
		rc = ll_store_open(&c->store, db);
	if (rc < 0)
		goto fail;
	if ((rc = ll_case_load_record(c, c->store)) == LL_ENOTFOUND)
		rc = ll_error_set(LL_ECORRUPT, "'%s' has no case record", db);
	if (rc < 0)
		goto fail;
	ll_free(db);
	*out = c;
	return 0;
fail:
	ll_free(db);
	ll_case_free(c);
	return rc;
}

int ll_case_open(struct ll_case **out, const char *dir)
{
	return case_open(out, dir, false);
}

int ll_case_open_readonly(struct ll_case **out, const char *dir)
{
	return case_open(out, dir, true);
}

void ll_case_free(struct ll_case *c)
{
	if (!c)
		return;
	ll_store_free(c->store);
	ll_free(c->dir);
	ll_free(c->case_id);
	ll_free(c->title);
	ll_free(c->agency);
	ll_free(c->authority);
	ll_free(c);
}
