/* SPDX-License-Identifier: Apache-2.0 */
/* Virtual disks through libtsk's image layer (tsk_vdisk.h). */
#include "core/compat.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/tsk_walk.h"

#include <sys/stat.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/reader.h"
#include "core/endian.h"
#include "analyze/vdisk_parent.h"
#include "analyze/vdisk_sets.h"

#define DESCRIPTOR "# Disk DescriptorFile"

enum ll_vdisk ll_vdisk_of(const uint8_t *head, size_t len, const uint8_t *tail)
{
	struct ll_reader h;

	ll_reader_init(&h, head, len);
	if (ll_reader_match(&h, 0, "KDMV", 4) ||
	    ll_reader_match(&h, 0, DESCRIPTOR, sizeof(DESCRIPTOR) - 1))
		return LL_VDISK_VMDK;
	if (ll_reader_match(&h, 0, "vhdxfile", 8))
		return LL_VDISK_VHDX;
	if (ll_reader_match(&h, 0, "QFI\xfb", 4))
		return LL_VDISK_QCOW;
	/* a dynamic VHD starts with a copy of its footer; a fixed one has only the footer */
	if (ll_reader_match(&h, 0, "conectix", 8))
		return LL_VDISK_VHD;
	if (tail && !memcmp(tail, "conectix", 8))
		return LL_VDISK_VHD;
	return LL_VDISK_NONE;
}

enum ll_vdisk ll_vdisk_of_file(const char *path)
{
	uint8_t head[64] = { 0 }, tail[512];
	size_t hl;
	bool has_tail = false;
	struct stat sb;
	FILE *f = fopen(path, "rb");

	if (!f)
		return LL_VDISK_NONE;
	hl = fread(head, 1, sizeof(head), f);
	if (fstat(fileno(f), &sb) == 0 && sb.st_size >= 1024 &&
	    fseeko(f, sb.st_size - 512, SEEK_SET) == 0)
		has_tail = fread(tail, 1, sizeof(tail), f) == sizeof(tail);
	fclose(f);
	return ll_vdisk_of(head, hl, has_tail ? tail : NULL);
}

const char *ll_vdisk_name(enum ll_vdisk v)
{
	switch (v) {
	case LL_VDISK_VMDK:
		return "vmdk";
	case LL_VDISK_VHD:
		return "vhd";
	case LL_VDISK_VHDX:
		return "vhdx";
	case LL_VDISK_QCOW:
		return "qcow";
	case LL_VDISK_NONE:
		break;
	}
	return NULL;
}

struct names {
	const char *base;
	size_t n, other;
	char first_other[256];
};

static void on_name(const char *name, uint64_t sectors, size_t line, void *payload)
{
	LL_UNUSED(sectors);
	LL_UNUSED(line);
	struct names *x = payload;

	x->n++;
	if (strcmp(name, x->base) && !x->other++)
		snprintf(x->first_other, sizeof(x->first_other), "%s", name);
}

/*
 * A monolithic sparse VMDK's embedded descriptor names its own extent by
 * the name it was made with, and libvmdk opens that name next to it: a
 * copy renamed since would be read from another file of that name, or not
 * at all. Refused, saying so, rather than read from the wrong bytes.
 */
static int check_sparse_names(const char *path)
{
	uint8_t hdr[64], *d = NULL;
	const char *slash = strrchr(path, '/');
	struct names x = { slash ? slash + 1 : path, 0, 0, "" };
	uint64_t off, len;
	size_t got = 0;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (!f)
		return 0; /* libvmdk says why */
	if (fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) && !memcmp(hdr, "KDMV", 4)) {
		off = ll_le64(hdr + 28);
		len = ll_le64(hdr + 36);
		if (off && len && len <= 128 && off <= (uint64_t)INT64_MAX / 512 &&
		    (d = ll_malloc((size_t)len * 512)) && fseeko(f, (off_t)(off * 512), SEEK_SET) == 0)
			got = fread(d, 1, (size_t)len * 512, f);
	}
	fclose(f);
	if (got)
		ll_vmdk_descriptor_extents(d, got, on_name, &x);
	ll_free(d);
	if (x.other)
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "vmdk image '%s': its descriptor (at sector %" PRIu64 ") names its extent '%s', "
				  "not '%s': the file was renamed after it was made; read under that name",
				  path, ll_le64(hdr + 28), x.first_other, x.base);
	return rc;
}

/*
 * Every VHD ends with its footer; a dynamic one starts with a copy. The
 * copy without the footer is a file cut short: said so, with the offset
 * where the footer should be, before libvhdi says less.
 */
static int check_vhd_footer(const char *path)
{
	uint8_t tail[8];
	struct stat sb;
	FILE *f = fopen(path, "rb");
	bool ok = true;

	if (!f)
		return 0; /* libvhdi says why */
	if (fstat(fileno(f), &sb) == 0)
		ok = sb.st_size >= 1024 && fseeko(f, sb.st_size - 512, SEEK_SET) == 0 &&
		     fread(tail, 1, sizeof(tail), f) == sizeof(tail) && !memcmp(tail, "conectix", 8);
	fclose(f);
	if (!ok)
		return ll_error_set(LL_ECORRUPT,
				    "vhd image '%s': no footer (\"conectix\") at offset %lld, its last 512 bytes: "
				    "the file is truncated or damaged (%lld bytes)",
				    path, (long long)sb.st_size - 512, (long long)sb.st_size);
	return 0;
}

struct flat {
	const char *dir; /* the descriptor's directory, "" for the current one */
	int rc;
};

/*
 * A FLAT extent holds its sectors as they are: shorter than its descriptor
 * says is a file cut short, named with where it ends.
 */
static void on_flat(const char *name, uint64_t sectors, size_t line, void *payload)
{
	struct flat *x = payload;
	char path[PATH_MAX];
	struct stat sb;

	if (x->rc < 0 || !sectors || sectors > UINT64_MAX / 512)
		return;
	if (snprintf(path, sizeof(path), "%s%s", x->dir, name) >= (int)sizeof(path) ||
	    stat(path, &sb) != 0 || (uint64_t)sb.st_size >= sectors * 512)
		return;
	x->rc = ll_error_set(LL_ECORRUPT,
			     "vmdk extent '%s': %lld bytes, its descriptor (line %zu) says %" PRIu64
			     " sectors (%" PRIu64 " bytes): the extent ends early, at offset %lld",
			     path, (long long)sb.st_size, line, sectors, sectors * 512,
			     (long long)sb.st_size);
}

static bool has(const uint8_t *p, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (!memcmp(p + i, word, w))
			return true;
	return false;
}

/* A text descriptor's extents, as long as it says (flat ones: sparse ones hold less). */
static int check_extent_sizes(const char *path)
{
	uint8_t buf[65536];
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct flat x = { dir, 0 };
	size_t len = 0, type_ok = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (len < 21 || memcmp(buf, "# Disk DescriptorFile", 21))
		return 0;
	/* only flat extents are raw sectors: a descriptor with any sparse one is left to libvmdk */
	type_ok = has(buf, len, " FLAT ") && !has(buf, len, "SPARSE");
	if (!type_ok)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path + 1) : 0, path);
	ll_vmdk_descriptor_extents(buf, len, on_flat, &x);
	return x.rc;
}

int ll_tsk_image_open_vdisk(struct ll_tsk_image **out, const char *const *all, size_t n,
			    enum ll_vdisk v)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const char *path = all[0];
	const char *paths[1] = { path };
	TSK_IMG_TYPE_ENUM type = v == LL_VDISK_VMDK ? TSK_IMG_TYPE_VMDK_VMDK : TSK_IMG_TYPE_VHD_VHD;
	struct ll_tsk_image *img;
	TSK_IMG_INFO *ti;
	int rc;

	if (!tk)
		return ll_error_context("image '%s'", path);
	if (v == LL_VDISK_NONE)
		return ll_error_set(LL_EINVAL, "'%s' is not a virtual disk", path);
	if (v == LL_VDISK_QCOW)
		return ll_tsk_image_open_qcow(out, all, n);
	/* a differencing VMDK, VHD or VHDX: libtsk would open it alone, its parent's blocks missing */
	if (v == LL_VDISK_VMDK || v == LL_VDISK_VHD || v == LL_VDISK_VHDX) {
		struct ll_vdisk_parent p;

		if ((rc = ll_vdisk_parent_of_file(&p, path)) < 0)
			return rc;
		if (p.differencing)
			return ll_tsk_image_open_vchain(out, all, n, v);
	}
	if (v == LL_VDISK_VMDK && (rc = check_sparse_names(path)) < 0)
		return rc;
	if (v == LL_VDISK_VMDK && (rc = check_extent_sizes(path)) < 0)
		return rc;
	if (v == LL_VDISK_VHD && (rc = check_vhd_footer(path)) < 0)
		return rc;
	tk->error_reset();
	ti = tk->img_open_utf8(1, paths, type, 0);
	if (!ti) {
		char why[900];

		snprintf(why, sizeof(why), "%s", tk->error_get() ? tk->error_get() : "cannot open");
		/* libyal's backtrace is one line per frame: one line here */
		for (char *c = why; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		return ll_error_set(LL_ECORRUPT, "%s image '%s': %s", ll_vdisk_name(v), path, why);
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	img->format = ll_vdisk_name(v);
	/*
	 * as for EWF (tsk_image.c): libtsk's file-system detection would open
	 * "IMAGE-yaffs2.config" by the image's name, which a locked-down
	 * worker must not; with no names it has none to build
	 */
	img->hidden_names = ti->num_img;
	ti->num_img = 0;
	*out = img;
	return 0;
}

#define HASH_CHUNK ((size_t)1 << 20)

int ll_tsk_image_hash(char md5[33], char sha1[41], char sha256[65], uint64_t *size,
		      struct ll_tsk_image *img, const char *name,
		      void (*progress)(void *payload, uint64_t done), void *payload)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct ll_multihash h;
	uint64_t total = img->img->size > 0 ? (uint64_t)img->img->size : 0, off = 0, told = 0;
	char *buf = NULL;
	int rc;

	if (!tk)
		return ll_error_context("image '%s'", name);
	/* md5 NULL: a read pass only (run_tsk: a container cut short is found before the walk) */
	if ((rc = ll_multihash_init(&h, md5 ? LL_HASH_ALL : 0)) < 0)
		return rc;
	if (!(buf = ll_malloc(HASH_CHUNK))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	while (off < total) {
		size_t want = total - off < HASH_CHUNK ? (size_t)(total - off) : HASH_CHUNK;
		ssize_t got;

		tk->error_reset();
		got = tk->img_read(img->img, (TSK_OFF_T)off, buf, want);
		/* a short read is a container cut short: never hashed as if whole */
		if (got != (ssize_t)want) {
			/* the first 512-byte sector that cannot be read, to name it */
			for (size_t at = 0; at < want; at += 512) {
				size_t w = want - at < 512 ? want - at : 512;

				ssize_t g;

				tk->error_reset();
				if ((g = tk->img_read(img->img, (TSK_OFF_T)(off + at), buf, w)) != (ssize_t)w) {
					got = g;
					off += at;
					want = w;
					break;
				}
			}
			rc = ll_error_set(LL_ECORRUPT,
					  "%s image '%s': cannot read %zu bytes at virtual offset %" PRIu64
					  " of %" PRIu64 ": %s",
					  ll_tsk_image_format(img), name, want, off, total,
					  got < 0 && tk->error_get() ? tk->error_get()
					  : "the container ends early");
			goto out;
		}
		if (md5 && (rc = ll_multihash_update(&h, buf, want)) < 0)
			goto out;
		off += want;
		if (progress && off - told >= ((uint64_t)64 << 20)) {
			told = off;
			progress(payload, off);
		}
	}
	if (md5 && (rc = ll_multihash_final(&h, md5, sha1, sha256)) < 0)
		goto out;
	*size = total;
out:
	ll_free(buf);
	ll_multihash_release(&h);
	return rc;
}
