/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The record of one validation check (docs/formats/validation.md): what was
 * compared, with which peer, on which data, the counts, and pass or fail.
 * A check passes only when something was compared and nothing differed: a
 * check that compared nothing fails rather than passing vacuously.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include "core/hash.h"

json_t *vcheck_new(const char *id, const char *what, const char *tool, const char *version,
		   const char *limits)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s?}, s:s, s:s?, s:[], s:{s:I, s:I, s:I}, s:s}",
			 "id", id, "compared", what, "peer", "tool", tool, "version", version,
			 "status", "not run", "reason", NULL, "data", "counts", "compared",
			 (json_int_t)0, "equal", (json_int_t)0, "differing", (json_int_t)0,
			 "limits", limits);
}

void vcheck_not_run(json_t *check, const char *reason)
{
	json_object_set_new(check, "status", json_string("not run"));
	json_object_set_new(check, "reason", json_string(reason));
}

static void add_count(json_t *counts, const char *key, uint64_t v)
{
	json_int_t have = json_integer_value(json_object_get(counts, key));

	json_object_set_new(counts, key, json_integer(have + (json_int_t)v));
}

int vdata_add(json_t *check, const char *name, const char *path, uint64_t compared,
	      uint64_t equal, uint64_t differing, const char *note)
{
	char sha[65] = "";
	uint64_t size = 0;
	json_t *d, *counts = json_object_get(check, "counts");
	int rc;

	if (path && (rc = ll_hash_file(path, LL_HASH_SHA256, NULL, NULL, sha, &size)) < 0)
		return rc;
	d = json_pack("{s:s, s:s?, s:I, s:{s:I, s:I, s:I}, s:s, s:s?}", "name", name, "sha256",
		      path ? sha : NULL, "size", (json_int_t)size, "counts", "compared",
		      (json_int_t)compared, "equal", (json_int_t)equal, "differing",
		      (json_int_t)differing, "result",
		      compared > 0 && differing == 0 ? "pass" : "fail", "note", note);
	json_array_append_new(json_object_get(check, "data"), d);
	add_count(counts, "compared", compared);
	add_count(counts, "equal", equal);
	add_count(counts, "differing", differing);
	return 0;
}

void vcheck_finish(json_t *check)
{
	json_t *counts = json_object_get(check, "counts");
	json_t *data = json_object_get(check, "data");
	bool pass = json_integer_value(json_object_get(counts, "compared")) > 0 &&
		    json_integer_value(json_object_get(counts, "differing")) == 0;
	size_t i;
	json_t *d;

	/* every data item must pass on its own too (a "fail" note without a count) */
	json_array_foreach(data, i, d)
		if (strcmp(json_string_value(json_object_get(d, "result")), "pass"))
			pass = false;
	json_object_set_new(check, "status", json_string(pass ? "pass" : "fail"));
}
