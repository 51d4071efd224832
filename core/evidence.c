/* SPDX-License-Identifier: Apache-2.0 */
/* Reading evidence items and their files from the case store. */
#include "core/compat.h"
#include "core/evidence.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"
#include "core/store.h"

bool ll_evidence_names_escaped(const struct ll_evidence *ev)
{
	for (size_t i = 0; i < ev->nfiles; i++)
		if (!ll_name_is_utf8(ev->files[i].path))
			return true;
	return false;
}

int ll_evidence_next_id(char **out, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	struct ll_buf b = LL_BUF_INIT;
	int64_t n = 1;
	int rc;

	/* The smallest E<n> above every existing E<n>, so ids are never reused. */
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT MAX(CAST(substr(id, 2) AS INTEGER)) FROM evidence"
				   " WHERE id GLOB 'E[0-9]*'")) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		n = sqlite3_column_int64(s, 0) + 1;
	sqlite3_finalize(s);
	if ((rc = ll_buf_printf(&b, "E%" PRId64, n)) < 0)
		return rc;
	*out = ll_buf_detach(&b);
	return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? ll_strdup(t) : NULL;
}

/* dup_col for a column that may be NULL: false when it is not NULL and the copy failed. */
static bool dup_opt(char **dst, sqlite3_stmt *s, int i)
{
	*dst = dup_col(s, i);
	return *dst || sqlite3_column_type(s, i) == SQLITE_NULL;
}

static void copy_col(char *dst, size_t len, sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	snprintf(dst, len, "%s", t ? t : "");
}

static int load_files(struct ll_evidence *e, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT path, orig_path, role, size, sha256, md5, sha1, meta"
				   " FROM evidence_files"
				   " WHERE evidence_id = ? ORDER BY path")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct ll_evidence_file *f;

		if (e->nfiles == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			void *p = ll_reallocarray(e->files, ncap, sizeof(*e->files));

			if (!p) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			e->files = p;
			cap = ncap;
		}
		f = &e->files[e->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = dup_col(s, 0);
		f->role = dup_col(s, 2);
		f->size = (uint64_t)sqlite3_column_int64(s, 3);
		copy_col(f->sha256, sizeof(f->sha256), s, 4);
		copy_col(f->md5, sizeof(f->md5), s, 5);
		copy_col(f->sha1, sizeof(f->sha1), s, 6);
		f->has_md5 = sqlite3_column_type(s, 5) != SQLITE_NULL;
		f->has_sha1 = sqlite3_column_type(s, 6) != SQLITE_NULL;
		if (!f->path || !f->role || !dup_opt(&f->orig_path, s, 1) ||
		    !dup_opt(&f->meta, s, 7)) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

static int load_errors(struct ll_evidence *e, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT offset, length FROM evidence_errors"
				   " WHERE evidence_id = ? ORDER BY offset")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (e->nerrors == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			void *p = ll_reallocarray(e->errors, ncap, sizeof(*e->errors));

			if (!p) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			e->errors = p;
			cap = ncap;
		}
		e->errors[e->nerrors].off = (uint64_t)sqlite3_column_int64(s, 0);
		e->errors[e->nerrors].len = (uint64_t)sqlite3_column_int64(s, 1);
		e->nerrors++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading the evidence item's read errors");
	sqlite3_finalize(s);
	return rc;
}

#define EVIDENCE_COLS \
	"SELECT id, kind, state, format, description, source, media_size, md5, sha1, sha256," \
	" unreadable_bytes, notes, source_info, details, started_ns, registered_ns, host FROM evidence"

static int load_row(struct ll_evidence **out, sqlite3_stmt *s, struct ll_store *st)
{
	struct ll_evidence *e = ll_calloc(1, sizeof(*e));
	bool ok;
	int rc;

	if (!e)
		return ll_error_set(LL_ENOMEM, "out of memory");
	e->id = dup_col(s, 0);
	e->kind = dup_col(s, 1);
	e->state = dup_col(s, 2);
	ok = dup_opt(&e->format, s, 3) & dup_opt(&e->description, s, 4) &
	     dup_opt(&e->source, s, 5);
	e->media_size = sqlite3_column_type(s, 6) == SQLITE_NULL ? -1
								  : sqlite3_column_int64(s, 6);
	copy_col(e->md5, sizeof(e->md5), s, 7);
	copy_col(e->sha1, sizeof(e->sha1), s, 8);
	copy_col(e->sha256, sizeof(e->sha256), s, 9);
	e->has_md5 = sqlite3_column_type(s, 7) != SQLITE_NULL;
	e->has_sha1 = sqlite3_column_type(s, 8) != SQLITE_NULL;
	e->has_sha256 = sqlite3_column_type(s, 9) != SQLITE_NULL;
	e->unreadable_bytes = sqlite3_column_int64(s, 10);
	ok &= dup_opt(&e->notes, s, 11) & dup_opt(&e->source_info, s, 12) &
	      dup_opt(&e->details, s, 13) & dup_opt(&e->host, s, 16);
	e->started_ns = sqlite3_column_int64(s, 14);
	e->has_registered = sqlite3_column_type(s, 15) != SQLITE_NULL;
	e->registered_ns = sqlite3_column_int64(s, 15);
	if (!e->id || !e->kind || !e->state || !ok) {
		ll_evidence_free(e);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if ((rc = load_files(e, st)) < 0 || (rc = load_errors(e, st)) < 0) {
		ll_evidence_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

int ll_evidence_get(struct ll_evidence **out, struct ll_store *st, const char *id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st, EVIDENCE_COLS " WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = load_row(out, s, st);
	else
		rc = ll_error_set(LL_ENOTFOUND, "no evidence item '%s' in this case", id);
	sqlite3_finalize(s);
	return rc;
}

int ll_evidence_list(struct ll_evidence ***out, size_t *n, struct ll_store *st,
		     char *const *ids, size_t nids)
{
	struct ll_evidence **list = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (nids) {
		if (!(list = ll_calloc(nids, sizeof(*list))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		for (size_t i = 0; i < nids; i++) {
			if ((rc = ll_evidence_get(&list[i], st, ids[i])) < 0) {
				ll_evidence_list_free(list, i);
				return rc;
			}
		}
		*out = list;
		*n = nids;
		return 0;
	}
	if ((rc = ll_store_prepare(&s, st, EVIDENCE_COLS " ORDER BY seq")) < 0)
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			void *p = ll_reallocarray(list, ncap, sizeof(*list));

			if (!p) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			list = p;
			cap = ncap;
		}
		if ((rc = load_row(&list[count], s, st)) < 0)
			break;
		count++;
	}
	sqlite3_finalize(s);
	if (rc < 0) {
		ll_evidence_list_free(list, count);
		return rc;
	}
	*out = list;
	*n = count;
	return 0;
}

void ll_evidence_free(struct ll_evidence *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nfiles; i++) {
		ll_free(e->files[i].path);
		ll_free(e->files[i].orig_path);
		ll_free(e->files[i].role);
		ll_free(e->files[i].meta);
	}
	ll_free(e->files);
	ll_free(e->errors);
	ll_free(e->notes);
	ll_free(e->host);
	ll_free(e->source_info);
	ll_free(e->details);
	ll_free(e->id);
	ll_free(e->kind);
	ll_free(e->state);
	ll_free(e->format);
	ll_free(e->description);
	ll_free(e->source);
	ll_free(e);
}

void ll_evidence_list_free(struct ll_evidence **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ll_evidence_free(list[i]);
	ll_free(list);
}

int ll_evidence_exists(struct ll_store *st, const char *id)
{
	char state[16], kind[16];
	int rc = ll_evidence_state(state, kind, st, id);

	if (rc == LL_ENOTFOUND)
		return ll_error_set(LL_ENOTFOUND, "no evidence item '%s' in this case", id);
	return rc;
}

int ll_evidence_state(char state[16], char kind[16], struct ll_store *st,
		      const char *id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	state[0] = kind[0] = '\0';
	if ((rc = ll_store_prepare(&s, st, "SELECT state, kind FROM evidence WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if ((rc = ll_store_step_row(st, s, "reading the evidence item")) > 0) {
		copy_col(state, 16, s, 0);
		copy_col(kind, 16, s, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = LL_ENOTFOUND;
	}
	sqlite3_finalize(s);
	return rc;
}

int ll_evidence_file_meta(char **out, struct ll_store *st, const char *id,
			  const char *path)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT meta FROM evidence_files WHERE evidence_id = ? AND path = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	if ((rc = ll_store_step_row(st, s, "reading the evidence file's record")) > 0) {
		rc = 0;
		if (sqlite3_column_type(s, 0) != SQLITE_NULL && !(*out = dup_col(s, 0)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	sqlite3_finalize(s);
	return rc;
}

int ll_evidence_acquired_ns(int64_t *out, struct ll_store *st, const char *id)
{
	return ll_store_get_int(out, st,
				"SELECT COALESCE(registered_ns, started_ns) FROM evidence WHERE id = ?",
				id, "reading the evidence item");
}
