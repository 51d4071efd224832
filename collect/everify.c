/* SPDX-License-Identifier: Apache-2.0 */
/* Re-hashing evidence: container files by SHA-256, image media by MD5, SHA-1 and SHA-256. */
#include "core/compat.h"
#include "collect/everify.h"

#include "collect/reader.h"
#include "collect/source.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/hash.h"

const char *ll_evidence_state_label(const char *state)
{
	/* A run killed outright never got to say so: it stays 'acquiring'. */
	if (!strcmp(state, "acquiring"))
		return "incomplete (interrupted)";
	return state;
}

static void problem(struct ll_everify_report *rep, const char *fmt, ...) LL_PRINTF(2, 3);

#include <stdarg.h>
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

static int check_media(struct ll_everify_report *rep, struct ll_case *cs,
		       const struct ll_evidence *ev, volatile sig_atomic_t *stop)
{
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
	rc = ev->format && !strcmp(ev->format, "e01")
		     ? ll_source_open_ewf(&src, paths, ev->nfiles)
		     : ll_source_open_concat(&src, paths, ev->nfiles);
	if (rc == 0)
		rc = ll_source_hash(&rep->media, &rep->media_size, src, stop, NULL, NULL);
	if (rc == LL_EINTERRUPTED || rc == LL_ENOMEM)
		goto out;
	rep->media_checked = true;
	if (rc < 0) {
		problem(rep, "the media cannot be read back: %s", ll_error_message());
		rc = 0;
		goto out;
	}
	rep->media_ok = (ev->media_size < 0 || rep->media_size == (uint64_t)ev->media_size) &&
			!strcmp(rep->media.md5, ev->md5) && !strcmp(rep->media.sha1, ev->sha1) &&
			!strcmp(rep->media.sha256, ev->sha256);
	if (!rep->media_ok)
		problem(rep,
			"media hashes differ: recorded SHA-256 %s (%" PRId64 " bytes), found %s (%" PRIu64 " bytes)",
			ev->sha256, ev->media_size, rep->media.sha256, rep->media_size);
out:
	ll_source_free(src);
	for (size_t i = 0; i < ev->nfiles; i++)
		ll_free(paths[i]);
	ll_free(paths);
	return rc;
}

int ll_evidence_verify_item(struct ll_everify_report *rep, struct ll_case *cs,
			    const struct ll_evidence *ev, volatile sig_atomic_t *stop)
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
	for (size_t i = 0; i < ev->nfiles; i++) {
		struct ll_everify_file *f = &rep->files[i];
		char *abs = ll_case_path(cs, ev->files[i].path);
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
		}
		f->ok = !f->problem[0];
		if (!f->ok)
			problem(rep, "'%s': %s", f->path, f->problem);
	}
	if (!strcmp(ev->kind, "image") && ev->md5[0])
		return check_media(rep, cs, ev, stop);
	return 0;
}

void ll_everify_report_release(struct ll_everify_report *rep)
{
	ll_free(rep->files);
	memset(rep, 0, sizeof(*rep));
}
