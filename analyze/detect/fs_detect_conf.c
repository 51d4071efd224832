/* SPDX-License-Identifier: Apache-2.0 */
/* Thresholds of the file-system detectors: defaults, `name=value` overrides. */
#include "core/compat.h"
#include "analyze/detect/detect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void ll_fs_thresholds_default(struct ll_fs_thresholds *t)
{
	t->bucket_s = 60;
	t->min_files = 50;
	t->factor = 20;
	t->ext_share = 0.5;
	t->ext_new = 0.1;
	t->merge_gap_s = 120;
	t->note_min_dirs = 10;
	t->note_window_s = 600;
	t->usn_window_s = 300;
	t->usn_min_files = 1000;
}

int ll_fs_thresholds_set(struct ll_fs_thresholds *t, const char *a)
{
	static const struct { const char *name; size_t off; bool real; double lo, hi; } keys[] = {
		{ "burst.bucket_s", offsetof(struct ll_fs_thresholds, bucket_s), false, 1, 86400 },
		{ "burst.min_files", offsetof(struct ll_fs_thresholds, min_files), false, 1, 1e9 },
		{ "burst.factor", offsetof(struct ll_fs_thresholds, factor), true, 0, 1e6 },
		{ "burst.ext_share", offsetof(struct ll_fs_thresholds, ext_share), true, 0, 1 },
		{ "burst.ext_new", offsetof(struct ll_fs_thresholds, ext_new), true, 0, 1e6 },
		{ "burst.merge_gap_s", offsetof(struct ll_fs_thresholds, merge_gap_s), false, 0, 86400 },
		{ "notes.min_dirs", offsetof(struct ll_fs_thresholds, note_min_dirs), false, 2, 1e9 },
		{ "notes.window_s", offsetof(struct ll_fs_thresholds, note_window_s), false, 1, 1e7 },
		{ "usn.window_s", offsetof(struct ll_fs_thresholds, usn_window_s), false, 1, 86400 },
		{ "usn.min_files", offsetof(struct ll_fs_thresholds, usn_min_files), false, 1, 1e9 },
	};
	const char *eq = strchr(a, '=');
	char *end;
	double v;

	if (!eq)
		return ll_error_set(LL_EINVAL, "threshold '%s': expected NAME=VALUE", a);
	for (size_t i = 0; i < LL_ARRAY_SIZE(keys); i++) {
		if (strlen(keys[i].name) != (size_t)(eq - a) || strncmp(keys[i].name, a, (size_t)(eq - a)))
			continue;
		errno = 0;
		v = strtod(eq + 1, &end);
		if (errno || end == eq + 1 || *end || v < keys[i].lo || v > keys[i].hi ||
		    (!keys[i].real && v != (double)(int64_t)v))
			return ll_error_set(LL_EINVAL, "threshold '%s': value out of range %g..%g%s",
					    a, keys[i].lo, keys[i].hi,
					    keys[i].real ? "" : " (an integer)");
		if (keys[i].real)
			*(double *)(void *)((char *)t + keys[i].off) = v;
		else
			*(int64_t *)(void *)((char *)t + keys[i].off) = (int64_t)v;
		return 0;
	}
	return ll_error_set(LL_EINVAL, "unknown threshold '%.*s' (see docs/rules.md)",
			    (int)(eq - a), a);
}

json_t *ll_fs_thresholds_json(const struct ll_fs_thresholds *t)
{
	return json_pack("{s:I, s:I, s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:I}",
			 "burst.bucket_s", (json_int_t)t->bucket_s,
			 "burst.min_files", (json_int_t)t->min_files,
			 "burst.factor", t->factor, "burst.ext_share", t->ext_share,
			 "burst.ext_new", t->ext_new,
			 "burst.merge_gap_s", (json_int_t)t->merge_gap_s,
			 "notes.min_dirs", (json_int_t)t->note_min_dirs,
			 "notes.window_s", (json_int_t)t->note_window_s,
			 "usn.window_s", (json_int_t)t->usn_window_s,
			 "usn.min_files", (json_int_t)t->usn_min_files);
}
