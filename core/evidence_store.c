/* SPDX-License-Identifier: Apache-2.0 */
/* Writing the evidence tables (evidence, evidence_files, evidence_errors): the one place that speaks their SQL. */
#include "core/compat.h"
#include "core/evidence.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static int step_done(struct ll_store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : ll_store_error(st, what);

	sqlite3_finalize(s);
	return rc;
}

/*
 * Binds the item's descriptive columns, in the order both the insert and the
 * retry's reset name them: format, description, notes, source, source_info,
 * media_size, started_ns, details, from parameter `first` on.
 */
static void bind_item(sqlite3_stmt *s, int first, const struct ll_evidence_item *it)
{
	bind_text(s, first, it->format);
	bind_text(s, first + 1, it->description);
	bind_text(s, first + 2, it->notes);
	bind_text(s, first + 3, it->source);
	bind_text(s, first + 4, it->source_info);
	if (it->media_size >= 0)
		sqlite3_bind_int64(s, first + 5, it->media_size);
	else
		sqlite3_bind_null(s, first + 5);
	sqlite3_bind_int64(s, first + 6, it->started_ns);
	bind_text(s, first + 7, it->details);
}

/* The host `collect … --host` named (a retry's own, or none). */
static int set_host(struct ll_store *st, const struct ll_evidence_item *it)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st, "UPDATE evidence SET host = ? WHERE id = ?")) < 0)
		return rc;
	bind_text(s, 1, it->host);
	bind_text(s, 2, it->id);
	return step_done(st, s, "recording the evidence item's host");
}

/* A retry: the unfinished row starts over as 'acquiring' with this attempt's values. */
static int reset_row(struct ll_store *st, const struct ll_evidence_item *it)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE evidence SET state = 'acquiring', format = ?, description = ?,"
				   " notes = ?, source = ?, source_info = ?, media_size = ?,"
				   " started_ns = ?, details = ?, md5 = NULL, sha1 = NULL, sha256 = NULL,"
				   " unreadable_bytes = 0, registered_ns = NULL"
				   " WHERE id = ? AND kind = 'image' AND state IN ('incomplete', 'acquiring')")) < 0)
		return rc;
	bind_item(s, 1, it);
	bind_text(s, 9, it->id);
	if ((rc = step_done(st, s, "resetting the evidence item for a retry")) < 0)
		return rc;
	if (sqlite3_changes(st->db) != 1)
		return ll_error_set(LL_EEXISTS, "evidence item '%s' is no longer unfinished", it->id);
	if ((rc = ll_store_prepare(&s, st, "DELETE FROM evidence_errors WHERE evidence_id = ?")) < 0)
		return rc;
	bind_text(s, 1, it->id);
	return step_done(st, s, "resetting the evidence item for a retry");
}

int ll_evidence_open(struct ll_store *st, const struct ll_evidence_item *it)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (it->retry)
		return (rc = reset_row(st, it)) < 0 ? rc : set_host(st, it);
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO evidence(id, seq, kind, state, format, description,"
				   " notes, source, source_info, media_size, started_ns, details)"
				   " VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM evidence),"
				   " ?, 'acquiring', ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		return rc;
	bind_text(s, 1, it->id);
	bind_text(s, 2, it->kind);
	bind_item(s, 3, it);
	if ((rc = step_done(st, s, "recording the evidence item")) < 0)
		return rc;
	return set_host(st, it);
}

static int insert_errors(struct ll_store *st, const char *id,
			 const struct ll_range *errs, size_t nerrs)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!nerrs)
		return 0;
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT OR REPLACE INTO evidence_errors(evidence_id, offset, length)"
				   " VALUES (?, ?, ?)")) < 0)
		return rc;
	for (size_t i = 0; i < nerrs; i++) {
		sqlite3_reset(s);
		bind_text(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)errs[i].off);
		sqlite3_bind_int64(s, 3, (int64_t)errs[i].len);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = ll_store_error(st, "recording read errors");
			break;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

static int insert_files(struct ll_store *st, const char *id,
			const struct ll_evidence_file_rec *f, size_t n)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO evidence_files(evidence_id, path, orig_path, role,"
				   " size, sha256, md5, sha1, meta) VALUES (?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		bind_text(s, 1, id);
		bind_text(s, 2, f[i].path);
		bind_text(s, 3, f[i].orig_path);
		bind_text(s, 4, f[i].role);
		sqlite3_bind_int64(s, 5, (int64_t)f[i].size);
		bind_text(s, 6, f[i].sha256);
		bind_text(s, 7, f[i].md5[0] ? f[i].md5 : NULL);
		bind_text(s, 8, f[i].sha1[0] ? f[i].sha1 : NULL);
		bind_text(s, 9, f[i].meta);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = ll_store_error(st, "recording evidence files");
			break;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

int ll_evidence_mark_registered(struct ll_store *st, const struct ll_evidence_close *c)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE evidence SET state = 'registered', md5 = ?, sha1 = ?,"
				   " sha256 = ?, media_size = ?, unreadable_bytes = ?,"
				   " registered_ns = ?, details = ? WHERE id = ? AND state = 'acquiring'")) < 0)
		return rc;
	bind_text(s, 1, c->md5);
	bind_text(s, 2, c->sha1);
	bind_text(s, 3, c->sha256);
	sqlite3_bind_int64(s, 4, (int64_t)c->media_size);
	sqlite3_bind_int64(s, 5, (int64_t)c->unreadable);
	sqlite3_bind_int64(s, 6, ll_time_now_ns());
	bind_text(s, 7, c->details);
	bind_text(s, 8, c->id);
	if ((rc = step_done(st, s, "registering the evidence item")) < 0)
		return rc;
	if (sqlite3_changes(st->db) != 1)
		return ll_error_set(LL_EINTERNAL, "evidence item '%s' is not being acquired", c->id);
	if ((rc = insert_files(st, c->id, c->files, c->nfiles)) < 0)
		return rc;
	return insert_errors(st, c->id, c->errs, c->nerrs);
}

int ll_evidence_mark_incomplete(struct ll_store *st, const char *id, const char *details,
				const struct ll_range *errs, size_t nerrs)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE evidence SET state = 'incomplete',"
				   " details = json_set(COALESCE(details, '{}'), '$.incomplete', json(?))"
				   " WHERE id = ? AND state = 'acquiring'")) < 0)
		return rc;
	bind_text(s, 1, details);
	bind_text(s, 2, id);
	if ((rc = step_done(st, s, "marking the evidence item incomplete")) < 0)
		return rc;
	return insert_errors(st, id, errs, nerrs);
}

void ll_evidence_file_rec_release(struct ll_evidence_file_rec *f)
{
	ll_free(f->path);
	ll_free(f->orig_path);
	ll_free(f->meta);
	memset(f, 0, sizeof(*f));
}
