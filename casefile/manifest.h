/* SPDX-License-Identifier: Apache-2.0 */
/*
 * BagIt manifests in sha256sum format: "<64 hex>  <path>\n", read and written;
 * in <path>, CR, LF and '%' are percent-encoded (RFC 8493 §2.1.3), other
 * bytes are written as they are.
 */
#ifndef LL_CASEFILE_MANIFEST_H
#define LL_CASEFILE_MANIFEST_H

#include "core/compat.h"

struct ll_buf;

struct ll_manifest_entry {
	char sha256[65];
	char *path; /* relative, '/'-separated */
	uint64_t size;
};

struct ll_manifest {
	struct ll_manifest_entry *v;
	size_t n, cap;
};

#define LL_MANIFEST_INIT { NULL, 0, 0 }

/* Hard cap on entries read from an untrusted manifest. */
#define LL_MANIFEST_MAX_ENTRIES 10000000u

void ll_manifest_release(struct ll_manifest *m);
/* Appends a copy of `path`; LL_ECORRUPT unless `sha256` is 64 lowercase hex digits. */
int ll_manifest_add(struct ll_manifest *m, const char *path,
		    const char sha256[65], uint64_t size);
/* Sorts by path, byte order (LC_ALL=C sort). */
void ll_manifest_sort(struct ll_manifest *m);
/* Index of `path` in a sorted manifest, or -1. */
ptrdiff_t ll_manifest_find(const struct ll_manifest *m, const char *path);

/*
 * True for a path a bag may hold: relative, no empty, "." or ".."
 * component. Any other byte is allowed (a file name on Linux is any bytes
 * but '/' and NUL); the manifest text percent-encodes CR, LF and '%'.
 */
bool ll_manifest_path_ok(const char *path);

/*
 * Parses an untrusted manifest. Lines must be exactly "<64 lowercase or
 * uppercase hex>  <path>" ended by "\n"; a bad line, an unsafe path, a '%'
 * other than %25, %0A, %0D, a raw CR or a duplicate gives LL_ECORRUPT naming
 * the line. Paths are decoded; the result is sorted.
 */
int ll_manifest_parse(struct ll_manifest *out, const char *data, size_t len);

/* Appends the sha256sum text of a (sorted) manifest to `out`. */
int ll_manifest_format(struct ll_buf *out, const struct ll_manifest *m);

#endif
