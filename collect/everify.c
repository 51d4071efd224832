/* SPDX-License-Identifier: Apache-2.0 */
/* Re-hashing evidence: container files by SHA-256, image media by MD5, SHA-1 and SHA-256. */
#include "core/compat.h"
#include "collect/everify.h"

#include <stdarg.h>

#include "collect/block_reader.h"
#include "collect/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"
#include "core/store.h"

const char *ll_evidence_state_label(const char *state)
{
	/* A run killed outright never got to say so: it stays 'acquiring'. */
	if (!strcmp(state, "acquiring"))
		return "incomplete (interrupted)";
	return state;
}

static void problem(struct ll_everify_report *rep, const char *fmt, ...) LL_PRINTF(2, 3);

static void problem(struct ll_everify_report *rep, const char *fmt, ...)
{
	va_list ap;

	rep->ok = false;
	if (rep->problem[0])
		return;
	va_start(ap, fmt);
	vsnprintf(rep->problem, sizeof(rep->problem), fmt, ap);
	va_end(ap);
}

static void copy_hex(char *out, size_t cap, json_t *v)
{
	const char *s = json_string_value(v);

	snprintf(out, cap, "%s", s && strlen(s) == cap - 1 ? s : "");
}

static int parse_ledger(struct ll_everify_ledger *lg, const char *details, int64_t seq)
{
	json_t *d = json_loads(details, 0, NULL), *mh, *files;
	bool esc;
	int rc = 0;

	if (!d || !json_is_object(d)) {
		json_decref(d);
		return ll_error_set(LL_ECORRUPT, "custody entry %" PRId64 ": details are not a JSON object",
				    seq);
	}
	lg->found = true;
	lg->seq = seq;
	lg->media_size = -1;
	if ((mh = json_object_get(d, "media_hashes")) && json_is_object(mh)) {
		lg->has_media = true;
		copy_hex(lg->md5, sizeof(lg->md5), json_object_get(mh, "md5"));
		copy_hex(lg->sha1, sizeof(lg->sha1), json_object_get(mh, "sha1"));
		copy_hex(lg->sha256, sizeof(lg->sha256), json_object_get(mh, "sha256"));
		if (json_is_integer(json_object_get(d, "media_size")))
			lg->media_size = json_integer_value(json_object_get(d, "media_size"));
	}
	files = json_object_get(d, "files");
	esc = json_is_string(json_object_get(d, "name_encoding"));
	if (esc && strcmp(json_string_value(json_object_get(d, "name_encoding")), "percent")) {
		rc = ll_error_set(LL_EUNSUPPORTED, "custody entry %" PRId64 ": unknown name_encoding '%s'",
				  seq, json_string_value(json_object_get(d, "name_encoding")));
		goto out;
	}
	if (json_is_array(files) && json_array_size(files)) {
		size_t n = json_array_size(files);

		if (!(lg->files = ll_calloc(n, sizeof(*lg->files)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *f = json_array_get(files, i);
			const char *path = json_string_value(json_object_get(f, "path"));
			json_t *size = json_object_get(f, "size");

			if (!path || !json_is_integer(size) || json_integer_value(size) < 0) {
				rc = ll_error_set(LL_ECORRUPT,
						  "custody entry %" PRId64 ": file %zu has no path or size",
						  seq, i);
				goto out;
			}
			if (esc) {
				/* the names were escaped (docs/formats/custody.md) */
				struct ll_buf raw = LL_BUF_INIT;

				if ((rc = ll_name_pct_decode(&raw, path)) < 0) {
					ll_buf_release(&raw);
					ll_error_context("custody entry %" PRId64 ": file %zu", seq, i);
					goto out;
				}
				lg->files[i].path = ll_buf_detach(&raw);
			} else {
				lg->files[i].path = ll_strdup(path);
			}
			if (!lg->files[i].path) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
			lg->nfiles++;
			lg->files[i].size = (uint64_t)json_integer_value(size);
			copy_hex(lg->files[i].sha256, sizeof(lg->files[i].sha256),
				 json_object_get(f, "sha256"));
		}
	}
out:
	json_decref(d);
	return rc;
}

int ll_everify_ledger_load(struct ll_everify_ledger *out, struct ll_store *st,
			   const char *id)
{
	char *details = NULL;
	int64_t seq;
	int rc;

	memset(out, 0, sizeof(*out));
	out->media_size = -1;
	if ((rc = ll_custody_registration(&seq, &details, st, id)) < 0)
		return rc;
	if (seq > 0)
		rc = parse_ledger(out, details, seq);
	ll_free(details);
	if (rc < 0)
		ll_everify_ledger_release(out);
	return rc;
}

void ll_everify_ledger_release(struct ll_everify_ledger *lg)
{
	for (size_t i = 0; i < lg->nfiles; i++)
		ll_free(lg->files[i].path);
	ll_free(lg->files);
	memset(lg, 0, sizeof(*lg));
}

static const struct ll_everify_lfile *ledger_file(const struct ll_everify_ledger *lg,
						  const char *path)
{
	for (size_t i = 0; i < lg->nfiles; i++)
		if (!strcmp(lg->files[i].path, path))
			return &lg->files[i];
	return NULL;
}

/* The evidence tables must say what the ledger says (a tamperer may edit both file and row). */
static void check_record(struct ll_everify_report *rep, const struct ll_evidence *ev,
			 const struct ll_everify_ledger *lg)
{
	if (!lg->found) {
		problem(rep, "the custody ledger has no register or collect entry for it");
		return;
	}
	for (size_t i = 0; i < ev->nfiles; i++) {
		const struct ll_everify_lfile *lf = ledger_file(lg, ev->files[i].path);

		if (!lf)
			problem(rep, "'%s' is in the case record but not in custody entry %" PRId64,
				ev->files[i].path, lg->seq);
		else if (lf->size != ev->files[i].size || strcmp(lf->sha256, ev->files[i].sha256))
			problem(rep,
				"the case record of '%s' (%" PRIu64 " bytes, SHA-256 %s) differs from custody entry %" PRId64 " (%" PRIu64 " bytes, SHA-256 %s)",
				ev->files[i].path, ev->files[i].size, ev->files[i].sha256, lg->seq,
				lf->size, lf->sha256);
	}
	for (size_t i = 0; i < lg->nfiles; i++) {
		bool there = false;

		for (size_t j = 0; j < ev->nfiles && !there; j++)
			there = !strcmp(ev->files[j].path, lg->files[i].path);
		if (!there)
			problem(rep, "'%s' of custody entry %" PRId64 " is missing from the case record",
				lg->files[i].path, lg->seq);
	}
	if (lg->has_media &&
	    (strcmp(lg->md5, ev->md5) || strcmp(lg->sha1, ev->sha1) ||
	     strcmp(lg->sha256, ev->sha256) ||
	     (lg->media_size >= 0 && lg->media_size != ev->media_size)))
		problem(rep,
			"the case record's media hashes (SHA-256 %s, %" PRId64 " bytes) differ from custody entry %" PRId64 " (SHA-256 %s, %" PRId64 " bytes)",
			ev->sha256, ev->media_size, lg->seq, lg->sha256, lg->media_size);
}

static int check_media(struct ll_everify_report *rep, struct ll_case *cs,
		       const struct ll_evidence *ev, const struct ll_everify_ledger *lg,
		       volatile sig_atomic_t *stop, ll_everify_media_fn media, void *payload)
{
	bool ewf = ev->format && !strcmp(ev->format, "e01");
	bool vdisk = strcmp(ev->kind, "image") != 0; /* a virtual disk collected as files */
	char **paths = ll_calloc(ev->nfiles ? ev->nfiles : 1, sizeof(*paths));
	struct ll_source *src = NULL;
	int rc = 0;

	if (!paths)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < ev->nfiles; i++)
		if (!(paths[i] = ll_case_path(cs, ev->files[i].path))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	if ((ewf || vdisk) && media)
		rc = media(&rep->media, &rep->media_size, paths, ev->nfiles, payload);
	else
		rc = ewf ? ll_source_open_ewf(&src, paths, ev->nfiles)
			 : ll_source_open_concat(&src, paths, ev->nfiles);
	if (rc == 0 && src)
		rc = ll_source_hash(&rep->media, &rep->media_size, src, stop, NULL, NULL);
	if (rc == LL_EINTERRUPTED || rc == LL_ENOMEM)
		goto out;
	rep->media_checked = true;
	if (rc < 0) {
		/* LL_EVERIFY: a chunk of an E01 failed its own checksum (which and where). */
		snprintf(rep->media_problem, sizeof(rep->media_problem), "%s%s",
			 rc == LL_EVERIFY ? "" : "the media cannot be read back: ",
			 ll_error_message());
		problem(rep, "%s", rep->media_problem);
		rc = 0;
		goto out;
	}
	rep->media_ok = (ev->media_size < 0 || rep->media_size == (uint64_t)ev->media_size) &&
			!strcmp(rep->media.md5, ev->md5) && !strcmp(rep->media.sha1, ev->sha1) &&
			!strcmp(rep->media.sha256, ev->sha256);
	if (lg && lg->has_media) {
		bool lok = (lg->media_size < 0 || rep->media_size == (uint64_t)lg->media_size) &&
			   !strcmp(rep->media.md5, lg->md5) && !strcmp(rep->media.sha1, lg->sha1) &&
			   !strcmp(rep->media.sha256, lg->sha256);

		if (!lok)
			problem(rep,
				"media hashes differ: custody entry %" PRId64 " recorded SHA-256 %s (%" PRId64 " bytes), found %s (%" PRIu64 " bytes)",
				lg->seq, lg->sha256, lg->media_size, rep->media.sha256, rep->media_size);
		rep->media_ok = rep->media_ok && lok;
	}
	if (!rep->media_ok) {
		snprintf(rep->media_problem, sizeof(rep->media_problem),
			 "media hashes differ: recorded SHA-256 %s (%" PRId64 " bytes), found %s (%" PRIu64 " bytes)",
			 ev->sha256, ev->media_size, rep->media.sha256, rep->media_size);
		problem(rep, "%s", rep->media_problem);
	}
out:
	ll_source_free(src);
	for (size_t i = 0; i < ev->nfiles; i++)
		ll_free(paths[i]);
	ll_free(paths);
	return rc;
}

int ll_evidence_verify_item(struct ll_everify_report *rep, struct ll_case *cs,
			    const struct ll_evidence *ev,
			    const struct ll_everify_ledger *lg,
			    volatile sig_atomic_t *stop)
{
	return ll_evidence_verify_item_with(rep, cs, ev, lg, stop, NULL, NULL);
}

int ll_evidence_verify_item_with(struct ll_everify_report *rep, struct ll_case *cs,
				 const struct ll_evidence *ev,
				 const struct ll_everify_ledger *lg,
				 volatile sig_atomic_t *stop, ll_everify_media_fn media,
				 void *payload)
{
	memset(rep, 0, sizeof(*rep));
	rep->ok = true;
	rep->registered = !strcmp(ev->state, "registered");
	if (!rep->registered) {
		problem(rep, "not registered: %s", ll_evidence_state_label(ev->state));
		return 0;
	}
	if (!(rep->files = ll_calloc(ev->nfiles ? ev->nfiles : 1, sizeof(*rep->files))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	rep->nfiles = ev->nfiles;
	if (lg)
		check_record(rep, ev, lg);
	for (size_t i = 0; i < ev->nfiles; i++) {
		struct ll_everify_file *f = &rep->files[i];
		char *abs = ll_case_path(cs, ev->files[i].path);
		const struct ll_everify_lfile *lf = lg ? ledger_file(lg, ev->files[i].path) : NULL;
		int rc;

		if (!abs)
			return ll_error_set(LL_ENOMEM, "out of memory");
		f->path = ev->files[i].path;
		rc = ll_hash_file(abs, LL_HASH_SHA256, NULL, NULL, f->sha256, &f->size);
		ll_free(abs);
		if (rc == LL_ENOMEM)
			return rc;
		if (rc < 0) {
			snprintf(f->problem, sizeof(f->problem), "%s", ll_error_message());
			f->sha256[0] = '\0';
		} else if (f->size != ev->files[i].size) {
			snprintf(f->problem, sizeof(f->problem),
				 "size %" PRIu64 " differs from the recorded %" PRIu64, f->size,
				 ev->files[i].size);
		} else if (strcmp(f->sha256, ev->files[i].sha256)) {
			snprintf(f->problem, sizeof(f->problem),
				 "SHA-256 %s differs from the recorded %s", f->sha256,
				 ev->files[i].sha256);
		} else if (lf && (f->size != lf->size || strcmp(f->sha256, lf->sha256))) {
			/* The table was changed to match the file: the ledger still knows. */
			snprintf(f->problem, sizeof(f->problem),
				 "SHA-256 %s differs from %s recorded in custody entry %" PRId64,
				 f->sha256, lf->sha256, lg->seq);
		}
		f->ok = !f->problem[0];
		if (!f->ok)
			problem(rep, "'%s': %s", f->path, f->problem);
	}
	/*
	 * A `file` item has media hashes only when `collect files` recorded
	 * them for a virtual disk: only the caller's `media` can read one
	 * (a sandboxed worker), so without it they are not checked here.
	 */
	if (ev->md5[0] && (!strcmp(ev->kind, "image") || media))
		return check_media(rep, cs, ev, lg, stop, media, payload);
	return 0;
}

void ll_everify_report_release(struct ll_everify_report *rep)
{
	ll_free(rep->files);
	memset(rep, 0, sizeof(*rep));
}
