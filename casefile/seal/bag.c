/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the BagIt tag files over a finished data/ folder. */
#include "core/compat.h"
#include "casefile/seal/bag.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "casefile/manifest.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan_dir(struct ll_manifest *m, const char *bagdir, const char *rel,
		    int depth)
{
	struct ll_buf full = LL_BUF_INIT, child = LL_BUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d = NULL;
	struct dirent *de;
	int rc = 0;

	if (depth > 64)
		return ll_error_set(LL_ECORRUPT, "'%s': folders nested too deep", rel);
	if ((rc = ll_buf_printf(&full, "%s/%s", bagdir, rel)) < 0)
		goto out;
	if (!(d = opendir(full.ptr))) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				  "cannot open '%s': %s", full.ptr, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			void *v = ll_reallocarray(names, nc, sizeof(*names));

			if (!v) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
			names = v;
			cap = nc;
		}
		if (!(names[n] = ll_strdup(de->d_name))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		ll_buf_reset(&child);
		if ((rc = ll_buf_printf(&child, "%s/%s", rel, names[i])) < 0)
			goto out;
		ll_buf_reset(&full);
		if ((rc = ll_buf_printf(&full, "%s/%s", bagdir, child.ptr)) < 0)
			goto out;
		if (lstat(full.ptr, &sb) != 0) {
			rc = ll_error_set(LL_EIO, "cannot stat '%s': %s", full.ptr,
					  strerror(errno));
			goto out;
		}
		if (!ll_manifest_path_ok(child.ptr)) {
			rc = ll_error_set(LL_ECORRUPT, "'%s': a name a manifest cannot carry",
					  child.ptr);
			goto out;
		}
		if (S_ISDIR(sb.st_mode)) {
			if ((rc = scan_dir(m, bagdir, child.ptr, depth + 1)) < 0)
				goto out;
		} else if (S_ISREG(sb.st_mode)) {
			char hex[65];
			uint64_t size = 0;

			if ((rc = ll_hash_file(full.ptr, LL_HASH_SHA256, NULL, NULL,
					       hex, &size)) < 0 ||
			    (rc = ll_manifest_add(m, child.ptr, hex, size)) < 0)
				goto out;
		} else {
			rc = ll_error_set(LL_ECORRUPT,
					  "'%s' is not a regular file (symlink or special file)",
					  child.ptr);
			goto out;
		}
	}
out:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		ll_free(names[i]);
	ll_free(names);
	ll_buf_release(&full);
	ll_buf_release(&child);
	return rc;
}

int ll_bag_scan(struct ll_manifest *out, const char *bagdir, const char *sub)
{
	int rc = scan_dir(out, bagdir, sub, 0);

	if (rc == 0)
		ll_manifest_sort(out);
	return rc;
}

int ll_bag_read(struct ll_buf *out, const char *bagdir, const char *name)
{
	struct ll_buf p = LL_BUF_INIT;
	int rc;

	if ((rc = ll_buf_printf(&p, "%s/%s", bagdir, name)) == 0)
		rc = ll_buf_read_file(out, p.ptr);
	ll_buf_release(&p);
	return rc;
}

static int write_tag(const char *bagdir, const char *name, const struct ll_buf *b,
		     struct ll_manifest *tags)
{
	struct ll_buf p = LL_BUF_INIT;
	char hex[65];
	int rc;

	if ((rc = ll_buf_printf(&p, "%s/%s", bagdir, name)) < 0 ||
	    (rc = ll_write_new_file(p.ptr, 0644, b->ptr, b->len)) < 0 ||
	    (rc = ll_sha256_hex(hex, b->ptr, b->len)) < 0)
		goto out;
	if (tags)
		rc = ll_manifest_add(tags, name, hex, b->len);
out:
	ll_buf_release(&p);
	return rc;
}

static int info_line(struct ll_buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return 0;
	/* a value is one line: fold newlines to spaces */
	if (ll_buf_printf(b, "%s: ", label) < 0)
		return LL_ENOMEM;
	for (const char *s = value; *s; s++)
		if (ll_buf_putc(b, (*s == '\n' || *s == '\r') ? ' ' : *s) < 0)
			return LL_ENOMEM;
	return ll_buf_putc(b, '\n');
}

int ll_bag_finish(char fingerprint[65], const char *bagdir,
		  const struct ll_bag_info *info)
{
	struct ll_manifest payload = LL_MANIFEST_INIT, tags = LL_MANIFEST_INIT;
	struct ll_buf b = LL_BUF_INIT;
	uint64_t bytes = 0;
	char oxum[64];
	int rc;

	if ((rc = ll_bag_scan(&payload, bagdir, "data")) < 0)
		goto out;
	for (size_t i = 0; i < payload.n; i++)
		bytes += payload.v[i].size;
	snprintf(oxum, sizeof(oxum), "%" PRIu64 ".%zu", bytes, payload.n);

	if ((rc = ll_buf_puts(&b, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")) < 0 ||
	    (rc = write_tag(bagdir, "bagit.txt", &b, &tags)) < 0)
		goto out;
	ll_buf_reset(&b);
	if ((rc = info_line(&b, "Source-Organization", info->source_organization)) < 0 ||
	    (rc = info_line(&b, "Contact-Name", info->contact_name)) < 0 ||
	    (rc = info_line(&b, "External-Identifier", info->external_identifier)) < 0 ||
	    (rc = info_line(&b, "External-Description", info->external_description)) < 0 ||
	    (rc = info_line(&b, "Bagging-Date", info->bagging_date)) < 0 ||
	    (rc = info_line(&b, "Payload-Oxum", oxum)) < 0 ||
	    (rc = info_line(&b, "Bag-Software-Agent", "lifeline " LL_VERSION)) < 0 ||
	    (rc = write_tag(bagdir, "bag-info.txt", &b, &tags)) < 0)
		goto out;
	ll_buf_reset(&b);
	if ((rc = ll_manifest_format(&b, &payload)) < 0 ||
	    (rc = write_tag(bagdir, LL_BAG_MANIFEST, &b, &tags)) < 0)
		goto out;
	ll_manifest_sort(&tags);
	ll_buf_reset(&b);
	if ((rc = ll_manifest_format(&b, &tags)) < 0 ||
	    (rc = write_tag(bagdir, LL_BAG_TAGMANIFEST, &b, NULL)) < 0 ||
	    (rc = ll_sha256_hex(fingerprint, b.ptr, b.len)) < 0)
		goto out;
	rc = ll_fsync_dir(bagdir);
out:
	ll_manifest_release(&payload);
	ll_manifest_release(&tags);
	ll_buf_release(&b);
	return rc;
}
