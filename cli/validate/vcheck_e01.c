/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (e): E01 acquisition against libewf's `ewfverify`. A source made here
 * is acquired with `collect image --format e01`; ewfverify must accept the
 * image and compute the same MD5 and SHA-256 over its media as lifeline
 * recorded, and lifeline's SHA-256 must equal the source's own (hashed here).
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"

static const char limits_e01[] =
	"One image of 2 MiB made for the run, in one segment; lifeline writes E01 through "
	"libewf, which ewfverify also uses, so a libewf error common to writing and reading "
	"is not detected; the SHA-256 of the source, computed independently, guards the media hash.";

/* The hex after `label` in ewfverify's output, or "". */
static void field(char *out, size_t len, const char *text, const char *label)
{
	const char *p = strstr(text, label);

	out[0] = '\0';
	if (!p)
		return;
	p += strlen(label);
	p += strspn(p, " \t");
	vfmt(out, len, "%.*s", (int)strspn(p, "0123456789abcdef"), p);
}

int vcheck_e01(struct vctx *c, json_t *checks)
{
	char *ver = vtool_version(c, "ewfverify");
	json_t *check = vcheck_new("e01-verify", "E01 images written by collect image, media hashes",
				   "ewfverify -d sha256", ver, limits_e01);
	char casedir[4096], src[4096], j[4096], out[4096], seg[4096];
	char md5[80], sha[80], src_sha[65];
	const char *col[] = { "lifeline", "-C", casedir, "--json", "collect", "image", src,
			      "--format", "e01", NULL };
	const char *ev[] = { "ewfverify", "-q", "-d", "sha256", seg, NULL };
	struct ll_buf b = LL_BUF_INIT, text = LL_BUF_INIT;
	json_t *doc = NULL, *mh;
	uint64_t eq = 0, n = 3;
	int rc, st;

	ll_free(ver);
	json_array_append_new(checks, check);
	if (!vtool_present("ewfverify")) {
		vcheck_not_run(check, "ewfverify missing (ewf-tools)");
		return 0;
	}
	vpath(c, src, sizeof(src), "source.raw");
	vpath(c, j, sizeof(j), "collect.json");
	vpath(c, out, sizeof(out), "ewfverify.txt");
	/* 2 MiB that does not compress to nothing: a counter stream */
	for (uint32_t i = 0; i < 2 * 1024 * 1024 / 4; i++) {
		uint32_t v = i * 2654435761u;

		if ((rc = ll_buf_put(&b, &v, sizeof(v))) < 0)
			goto out;
	}
	if ((rc = ll_write_new_file(src, 0644, b.ptr, b.len)) < 0 ||
	    (rc = ll_sha256_hex(src_sha, b.ptr, b.len)) < 0 ||
	    (rc = vcase_new(c, casedir, sizeof(casedir), "e01")) < 0)
		goto out;
	vsay(c, "e01: collect image --format e01, ewfverify");
	if (vrun_self(c, col, j) != 0 || !(doc = json_load_file(j, 0, NULL)) ||
	    !json_string_value(json_object_get(json_array_get(json_object_get(doc, "files"), 0),
					       "path"))) {
		rc = vdata_add(check, "2 MiB source made for the run", src, 0, 0, 0,
			       "collect image --format e01 failed");
		goto finish;
	}
	vfmt(seg, sizeof(seg), "%s/%s", casedir,
		 json_string_value(json_object_get(json_array_get(json_object_get(doc, "files"), 0),
						   "path")));
	st = vrun(c, ev, out, NULL);
	if ((rc = ll_buf_read_file(&text, out)) < 0)
		goto out;
	mh = json_object_get(doc, "media_hashes");
	field(md5, sizeof(md5), text.ptr, "MD5 hash calculated over data:");
	field(sha, sizeof(sha), text.ptr, "SHA256 hash calculated over data:");
	eq += !strcmp(md5, json_string_value(json_object_get(mh, "md5")) ?: "-");
	eq += !strcmp(sha, json_string_value(json_object_get(mh, "sha256")) ?: "-");
	eq += !strcmp(src_sha, json_string_value(json_object_get(mh, "sha256")) ?: "-");
	if (st != 0)
		rc = vdata_add(check, "2 MiB source made for the run", src, n, eq, n - eq + 1,
			       "ewfverify did not report SUCCESS");
	else
		rc = vdata_add(check, "2 MiB source made for the run", src, n, eq, n - eq,
			       "MD5 and SHA-256 by ewfverify; SHA-256 of the source");
finish:
	if (rc == 0)
		vcheck_finish(check);
out:
	json_decref(doc);
	ll_buf_release(&b);
	ll_buf_release(&text);
	return rc;
}
