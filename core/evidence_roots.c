/* SPDX-License-Identifier: Apache-2.0 */
/* An item's files found where they were collected or under evidence roots, by hash. */
#include "core/compat.h"
#include "core/evidence_roots.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/fsutil.h"
#include "core/hash.h"

/* What the candidates of one file gave: the first file of other bytes, kept to name it. */
struct seen {
	char path[4096];
	char sha256[65];
	uint64_t size;
	bool other;
};

/*
 * One candidate: 1 when it is the recorded file, 0 when absent or other
 * bytes (noted in `s`), < 0 when it must be refused (a loop, not a file).
 */
static int try_candidate(const char *cand, const struct ll_evidence_file *f, struct seen *s)
{
	char sha[65];
	uint64_t size = 0;
	struct stat sb;
	int rc;

	if (stat(cand, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == ELOOP)
			return ll_error_set(LL_ECORRUPT, "'%s': a loop of symbolic links; refusing it "
					    "as the file of '%s'", cand, f->path);
		return ll_error_set(LL_EIO, "'%s': %s", cand, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return ll_error_set(LL_ECORRUPT, "'%s' is not a regular file; refusing it as the "
				    "file of '%s'", cand, f->path);
	if ((rc = ll_hash_file(cand, LL_HASH_SHA256, NULL, NULL, sha, &size)) < 0)
		return rc;
	if (size == f->size && !strcmp(sha, f->sha256))
		return 1;
	if (!s->other) {
		snprintf(s->path, sizeof(s->path), "%s", cand);
		memcpy(s->sha256, sha, sizeof(s->sha256));
		s->size = size;
		s->other = true;
	}
	return 0;
}

/* The candidates of one file in order; `found` gets the first that is the recorded file. */
static int find_file(char **found, const struct ll_evidence_file *f, char *const *roots,
		     size_t nroots, struct seen *s)
{
	struct ll_buf c = LL_BUF_INIT;
	int rc = 0;

	*found = NULL;
	if (f->orig_path && f->orig_path[0] == '/' &&
	    (rc = try_candidate(f->orig_path, f, s)) != 0) {
		if (rc > 0 && !(*found = ll_strdup(f->orig_path)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		return rc < 0 ? rc : 0;
	}
	for (size_t i = 0; i < nroots; i++) {
		const char *names[2] = { f->path, NULL };

		if (!strncmp(f->path, "evidence/", 9))
			names[1] = f->path + 9;
		for (size_t k = 0; k < 2 && names[k]; k++) {
			ll_buf_reset(&c);
			if ((rc = ll_buf_printf(&c, "%s/%s", roots[i], names[k])) < 0)
				goto out;
			if ((rc = try_candidate(c.ptr, f, s)) < 0)
				goto out;
			if (rc > 0) {
				rc = 0;
				*found = ll_buf_detach(&c);
				goto out;
			}
		}
	}
out:
	ll_buf_release(&c);
	return rc;
}

/* DIR/<path> made a symbolic link to the file found (its directory made first). */
static int link_in(const char *abs, const char *found)
{
	char *real = realpath(found, NULL), *dir = ll_strdup(abs), *slash;
	int rc = 0;

	if (!real || !dir) {
		rc = real ? ll_error_set(LL_ENOMEM, "out of memory")
			  : ll_error_set(LL_EIO, "'%s': %s", found, strerror(errno));
		goto out;
	}
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		if ((rc = ll_mkdirs(dir, 0755)) < 0)
			goto out;
	}
	if (symlink(real, abs) != 0)
		rc = ll_error_set(LL_EIO, "cannot link '%s' to '%s': %s", abs, real,
				  strerror(errno));
out:
	free(real);
	ll_free(dir);
	return rc;
}

int ll_evidence_locate(const struct ll_case *cs, const struct ll_evidence *ev,
		       char *const *roots, size_t nroots, size_t *linked)
{
	struct stat sb;
	int rc = 0;

	if (linked)
		*linked = 0;
	for (size_t i = 0; i < nroots; i++) {
		if (stat(roots[i], &sb) != 0)
			return ll_error_set(errno == ELOOP ? LL_ECORRUPT : LL_ENOTFOUND,
					    "evidence root '%s' (store.json): %s", roots[i],
					    strerror(errno));
		if (!S_ISDIR(sb.st_mode))
			return ll_error_set(LL_ECORRUPT, "evidence root '%s' (store.json) is not a "
					    "directory", roots[i]);
	}
	for (size_t i = 0; i < ev->nfiles && rc == 0; i++) {
		const struct ll_evidence_file *f = &ev->files[i];
		char *abs = ll_case_path(cs, f->path), *found = NULL;
		struct seen s = { .other = false };

		if (!abs)
			return ll_error_set(LL_ENOMEM, "out of memory");
		/* here (a file, or a link a colleague made): the verification judges it */
		if (lstat(abs, &sb) == 0 || (rc = find_file(&found, f, roots, nroots, &s)) < 0) {
			ll_free(abs);
			continue;
		}
		if (found) {
			if ((rc = link_in(abs, found)) == 0 && linked)
				(*linked)++;
		} else if (s.other) {
			rc = ll_error_set(LL_EVERIFY,
					  "item %s's '%s': '%s' has SHA-256 %s (%" PRIu64
					  " bytes), not the recorded %s (%" PRIu64 " bytes); refused",
					  ev->id, f->path, s.path, s.sha256, s.size, f->sha256,
					  f->size);
		}
		ll_free(found);
		ll_free(abs);
	}
	return rc;
}
