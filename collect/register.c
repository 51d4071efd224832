/* SPDX-License-Identifier: Apache-2.0 */
/* The evidence tables and the custody ledger, changed together in single transactions. */
#include "core/compat.h"
#include "collect/register.h"

#include "collect/hashers.h"
#include "collect/sink.h"
#include "core/alloc.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

int ll_register_check_id(struct ll_store *st, const char *id)
{
	char state[16], kind[16];
	int rc;

	if (!*id || strlen(id) > 64 || strchr(id, '/') || id[0] == '.')
		return ll_error_set(LL_EINVAL, "bad evidence id '%s' (1 to 64 characters, no '/')",
				    id);
	rc = ll_evidence_state(state, kind, st, id);
	if (rc == 0)
		return ll_error_set(LL_EEXISTS,
				    "evidence item '%s' already exists (%s); choose another --exhibit",
				    id, state);
	return rc == LL_ENOTFOUND ? 0 : rc;
}

int ll_register_retryable(bool *out, char state[16], struct ll_store *st, const char *id)
{
	char kind[16];
	int rc;

	*out = false;
	rc = ll_evidence_state(state, kind, st, id);
	if (rc == LL_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	*out = !strcmp(kind, "image") &&
	       (!strcmp(state, "incomplete") || !strcmp(state, "acquiring"));
	return 0;
}

int ll_register_open(struct ll_custody_entry *entry, struct ll_store *st,
		     const struct ll_signer *signer, const struct ll_evidence_item *it,
		     const char *action, const char *entry_details)
{
	struct ll_custody_request req = { 0 };
	int rc;

	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if (!it->retry && (rc = ll_register_check_id(st, it->id)) < 0)
		goto fail;
	if ((rc = ll_evidence_open(st, it)) < 0)
		goto fail;
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

int ll_register_close(struct ll_custody_entry *entry, struct ll_store *st,
		      const struct ll_signer *signer,
		      const struct ll_register_close_args *a)
{
	struct ll_custody_request req = { 0 };
	struct ll_evidence_close c = { 0 };
	int rc;

	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	c.id = a->id;
	c.md5 = a->hashes ? a->hashes->md5 : NULL;
	c.sha1 = a->hashes ? a->hashes->sha1 : NULL;
	c.sha256 = a->hashes ? a->hashes->sha256 : NULL;
	c.media_size = a->media_size;
	c.unreadable = a->unreadable;
	c.details = a->item_details;
	c.files = a->files;
	c.nfiles = a->nfiles;
	c.errs = a->errs;
	c.nerrs = a->nerrs;
	if ((rc = ll_evidence_mark_registered(st, &c)) < 0)
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
	if ((rc = ll_evidence_mark_incomplete(st, id, details, errs, nerrs)) < 0)
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
