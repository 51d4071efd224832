/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (d): tamper detection. A small case file is built here, then copies
 * of it each get one byte flipped — in a data file, in the payload manifest,
 * in the custody ledger inside — and `casefile verify` must refuse each; the
 * unaltered copy must verify (otherwise "caught" would mean nothing).
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fsutil.h"

static const char limits_tamper[] =
	"Three single-byte alterations of one small case file and the unaltered copy; a "
	"passing result shows these alterations are detected, not that every alteration "
	"is. The signer is identified here by the fingerprint of a key made for the run.";

/* XORs one byte in the middle of `path` (made writable first). */
static int flip(const char *path)
{
	struct stat sb;
	unsigned char ch;
	int fd, rc = 0;

	chmod(path, 0644);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0 || sb.st_size == 0)
		rc = ll_error_set(LL_EIO, "cannot alter '%s': %s", path, strerror(errno));
	else if (pread(fd, &ch, 1, sb.st_size / 2) != 1 ||
		 (ch ^= 0x01, pwrite(fd, &ch, 1, sb.st_size / 2) != 1))
		rc = ll_error_set(LL_EIO, "cannot alter '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* 1 when `casefile verify` refused the copy, 0 when it accepted it. */
static int verify_copy(struct vctx *c, const char *cf, const char *target, const char *why)
{
	char copy[4096], file[4096];
	const char *cp[] = { "cp", "-a", cf, copy, NULL };
	const char *ver[] = { "lifeline", "casefile", "verify", copy, "--signer-fingerprint",
			      c->key_fpr, NULL };
	int rc;

	vsay(c, "tamper: %s", why);
	vpath(c, copy, sizeof(copy), "cf-copy");
	if ((rc = vrun(c, cp, NULL, NULL)) != 0)
		return rc < 0 ? rc : ll_error_set(LL_EIO, "cp -a %s exited %d", cf, rc);
	if (target) {
		vfmt(file, sizeof(file), "%s/%s", copy, target);
		if ((rc = flip(file)) < 0)
			return rc;
	}
	rc = vrun_self(c, ver, NULL);
	return rc < 0 ? rc : rc != 0;
}

int vcheck_tamper(struct vctx *c, json_t *checks)
{
	static const struct {
		const char *name, *file;
	} targets[] = {
		{ "one byte of a data file (data/report.html)", "bag/data/report.html" },
		{ "one byte of the payload manifest (manifest-sha256.txt)", "bag/manifest-sha256.txt" },
		{ "one byte of the custody ledger inside (data/custody/chain.tsv)",
		  "bag/data/custody/chain.tsv" },
	};
	json_t *check = vcheck_new("tamper", "alterations of a sealed case file, one byte each",
				   "lifeline casefile verify", LL_VERSION, limits_tamper);
	char casedir[4096], note[4096], cf[4096], j[4096];
	const char *col[] = { "lifeline", "-C", casedir, "--json", "collect", "files", note, NULL };
	const char *bld[] = { "lifeline", "-C", casedir, "casefile", "build", "-o", cf, "--no-pdf",
			      NULL };
	uint64_t caught = 0;
	int rc;

	json_array_append_new(checks, check);
	json_object_set_new(json_object_get(check, "peer"), "note",
			    json_string("no external peer: the expected outcome (refused) is the oracle"));
	vpath(c, note, sizeof(note), "note.txt");
	vpath(c, cf, sizeof(cf), "casefile");
	vpath(c, j, sizeof(j), "collect.json");
	if ((rc = ll_write_new_file(note, 0644, "validation\n", 11)) < 0 ||
	    (rc = vcase_new(c, casedir, sizeof(casedir), "tamper")) < 0)
		return rc;
	if (vrun_self(c, col, j) != 0 || vrun_self(c, bld, NULL) != 0) {
		vdata_add(check, "a case file built for the run", NULL, 0, 0, 0,
			  "collect files or casefile build failed");
		vcheck_finish(check);
		return 0;
	}
	if ((rc = verify_copy(c, cf, NULL, "unaltered copy")) < 0)
		return rc;
	if ((rc = vdata_add(check, "the unaltered copy (must verify)", NULL, 1, rc == 0, rc != 0,
			    NULL)) < 0)
		return rc;
	for (size_t i = 0; i < LL_ARRAY_SIZE(targets); i++) {
		if ((rc = verify_copy(c, cf, targets[i].file, targets[i].name)) < 0)
			return rc;
		caught += (uint64_t)rc;
		if ((rc = vdata_add(check, targets[i].name, NULL, 1, (uint64_t)rc, (uint64_t)!rc,
				    rc ? "caught" : "NOT caught")) < 0)
			return rc;
	}
	json_object_set_new(check, "caught", json_integer((json_int_t)caught));
	json_object_set_new(check, "tried", json_integer((json_int_t)LL_ARRAY_SIZE(targets)));
	vcheck_finish(check);
	return 0;
}
