/* SPDX-License-Identifier: Apache-2.0 */
/* The evidence tables and the custody ledger, changed together in single transactions. */
#include "core/compat.h"
#include "collect/register.h"

#include <sqlite3.h>

#include "collect/hashers.h"
#include "collect/sink.h"
#include "core/alloc.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/json.h"
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

int ll_register_check_id(struct ll_store *st, const char *id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!*id || strlen(id) > 64 || strchr(id, '/') || id[0] == '.')
		return ll_error_set(LL_EINVAL, "bad evidence id '%s' (1 to 64 characters, no '/')",
				    id);
	if ((rc = ll_store_prepare(&s, st, "SELECT state FROM evidence WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = ll_error_set(LL_EEXISTS,
				  "evidence item '%s' already exists (%s); choose another --exhibit",
				  id, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc;
}

int ll_register_retryable(bool *out, char state[16], struct ll_store *st, const char *id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = false;
	state[0] = '\0';
	if ((rc = ll_store_prepare(&s, st, "SELECT state, kind FROM evidence WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *st_ = (const char *)sqlite3_column_text(s, 0);
		const char *kind = (const char *)sqlite3_column_text(s, 1);

		snprintf(state, 16, "%s", st_ ? st_ : "");
		*out = kind && !strcmp(kind, "image") &&
		       (!strcmp(state, "incomplete") || !strcmp(state, "acquiring"));
	}
	sqlite3_finalize(s);
	return 0;
}

/* A retry: the unfinished row starts over as 'acquiring' with this attempt's values. */
/*
 * Binds the item's descriptive columns, in the order both the insert and the
 * retry's reset name them: format, description, notes, source, source_info,
 * media_size, started_ns, details, from parameter `first` on.
 */
static void bind_item(sqlite3_stmt *s, int first, const struct ll_item *it)
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

static int reset_row(struct ll_store *st, const struct ll_item *it)
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

int ll_register_open(struct ll_custody_entry *entry, struct ll_store *st,
		     const struct ll_signer *signer, const struct ll_item *it,
		     const char *action, const char *entry_details)
{
	struct ll_custody_request req = { 0 };
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if (it->retry) {
		if ((rc = reset_row(st, it)) < 0)
			goto fail;
		goto custody;
	}
	if ((rc = ll_register_check_id(st, it->id)) < 0)
		goto fail;
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO evidence(id, seq, kind, state, format, description,"
				   " notes, source, source_info, media_size, started_ns, details)"
				   " VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM evidence),"
				   " ?, 'acquiring', ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto fail;
	bind_text(s, 1, it->id);
	bind_text(s, 2, it->kind);
	bind_item(s, 3, it);
	if ((rc = step_done(st, s, "recording the evidence item")) < 0)
		goto fail;
custody:
	if (action) {
		req.action = action;
		req.evidence_id = it->id;
		req.note = it->description;
		req.details = entry_details;
		if ((rc = ll_custody_append(entry, st, signer, &req)) < 0)
			goto fail;
	}
	return ll_store_commit(st);
fail:
	ll_store_rollback(st);
	return rc;
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
			const struct ll_reg_file *f, size_t n)
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

int ll_register_close(struct ll_custody_entry *entry, struct ll_store *st,
		      const struct ll_signer *signer,
		      const struct ll_register_close_args *a)
{
	struct ll_custody_request req = { 0 };
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE evidence SET state = 'registered', md5 = ?, sha1 = ?,"
				   " sha256 = ?, media_size = ?, unreadable_bytes = ?,"
				   " registered_ns = ?, details = ? WHERE id = ? AND state = 'acquiring'")) < 0)
		goto fail;
	bind_text(s, 1, a->hashes ? a->hashes->md5 : NULL);
	bind_text(s, 2, a->hashes ? a->hashes->sha1 : NULL);
	bind_text(s, 3, a->hashes ? a->hashes->sha256 : NULL);
	sqlite3_bind_int64(s, 4, (int64_t)a->media_size);
	sqlite3_bind_int64(s, 5, (int64_t)a->unreadable);
	sqlite3_bind_int64(s, 6, ll_time_now_ns());
	bind_text(s, 7, a->item_details);
	bind_text(s, 8, a->id);
	if ((rc = step_done(st, s, "registering the evidence item")) < 0)
		goto fail;
	if (sqlite3_changes(st->db) != 1) {
		rc = ll_error_set(LL_EINTERNAL, "evidence item '%s' is not being acquired", a->id);
		goto fail;
	}
	if ((rc = insert_files(st, a->id, a->files, a->nfiles)) < 0 ||
	    (rc = insert_errors(st, a->id, a->errs, a->nerrs)) < 0)
		goto fail;
	req.action = a->action;
	req.evidence_id = a->id;
	req.details = a->entry_details;
	if ((rc = ll_custody_append(entry, st, signer, &req)) < 0)
		goto fail;
	return ll_store_commit(st);
fail:
	ll_store_rollback(st);
	return rc;
}

int ll_register_incomplete(struct ll_custody_entry *entry, struct ll_store *st,
			   const struct ll_signer *signer, const char *id,
			   const char *reason, uint64_t bytes_read,
			   const struct ll_range *errs, size_t nerrs)
{
	struct ll_custody_request req = { 0 };
	sqlite3_stmt *s = NULL;
	json_t *d = NULL;
	char *details = NULL;
	int rc;

	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if (!(d = json_pack("{s:s, s:s, s:I}", "state", "incomplete", "reason", reason,
			    "bytes_read", (json_int_t)bytes_read)) ||
	    !(details = ll_json_dump(d))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = ll_store_prepare(&s, st,
				   "UPDATE evidence SET state = 'incomplete',"
				   " details = json_set(COALESCE(details, '{}'), '$.incomplete', json(?))"
				   " WHERE id = ? AND state = 'acquiring'")) < 0)
		goto fail;
	bind_text(s, 1, details);
	bind_text(s, 2, id);
	if ((rc = step_done(st, s, "marking the evidence item incomplete")) < 0 ||
	    (rc = insert_errors(st, id, errs, nerrs)) < 0)
		goto fail;
	if (signer) {
		req.action = "note";
		req.evidence_id = id;
		req.note = reason;
		req.details = details;
		if ((rc = ll_custody_append(entry, st, signer, &req)) < 0)
			goto fail;
	}
	rc = ll_store_commit(st);
	json_decref(d);
	ll_free(details);
	return rc;
fail:
	ll_store_rollback(st);
	json_decref(d);
	ll_free(details);
	return rc;
}

void ll_reg_file_release(struct ll_reg_file *f)
{
	ll_free(f->path);
	ll_free(f->orig_path);
	ll_free(f->meta);
	memset(f, 0, sizeof(*f));
}
