/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A differencing VMDK, VHD or VHDX read through its parents: libvmdk or libvhdi
 * opened directly on each layer, each given its parent (libvmdk's
 * set_parent_handle, libvhdi's set_parent_file), the child given to libtsk
 * as an external image. The parents are the item's other files, found by
 * the names each layer records (analyze/vdisk_parent.h) as the collection
 * found them. Every layer is opened here, before a worker's lock-down.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/vchain_lib.h"
#include "analyze/tsk/tsk_internal.h"

#include "analyze/vdisk_parent.h"
#include "core/alloc.h"
#include "core/error.h"

#define CHAIN_MAX 16

/* TSK_IMG_INFO must come first (tsk_img_open_external). */
struct vchain_img {
	TSK_IMG_INFO info;
	enum ll_vdisk kind;
	void *layers[CHAIN_MAX + 1]; /* [0] the child, then its parents: kept open */
	size_t n;
};

static const char *one_line(char *buf)
{
	for (char *c = buf; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return buf[0] ? buf : "unknown error";
}

/* The library's error as one line into why, then freed. */
static const char *why_of(enum ll_vdisk kind, void **e, char *why, size_t len)
{
	why[0] = '\0';
	if (e && *e && kind == LL_VDISK_VMDK) {
		ll_vmdk_api_get()->error_sprint(*e, why, len);
		ll_vmdk_api_get()->error_free((libvmdk_error_t **)e);
	} else if (e && *e) {
		ll_vhdi_api_get()->error_sprint(*e, why, len);
		ll_vhdi_api_get()->error_free((libvhdi_error_t **)e);
	}
	return one_line(why);
}

/* One layer opened alone, its media size in *size. */
static int open_layer(void **out, uint64_t *size, enum ll_vdisk kind, const char *path)
{
	void *e = NULL;
	size64_t s = 0;
	char why[512];

	*out = NULL;
	if (kind == LL_VDISK_VMDK) {
		const struct ll_vmdk_api *v = ll_vmdk_api_get();
		libvmdk_handle_t *h = NULL;

		if (!v)
			return ll_error_context("vmdk image '%s'", path);
		if (v->handle_initialize(&h, (libvmdk_error_t **)&e) == 1 &&
		    v->handle_open(h, path, LIBVMDK_OPEN_READ, (libvmdk_error_t **)&e) == 1 &&
		    v->handle_open_extent_data_files(h, (libvmdk_error_t **)&e) == 1 &&
		    v->handle_get_media_size(h, &s, (libvmdk_error_t **)&e) == 1) {
			*out = h;
			*size = s;
			return 0;
		}
		if (h)
			v->handle_free(&h, NULL);
	} else {
		const struct ll_vhdi_api *v = ll_vhdi_api_get();
		libvhdi_file_t *f = NULL;

		if (!v)
			return ll_error_context("vhd image '%s'", path);
		if (v->file_initialize(&f, (libvhdi_error_t **)&e) == 1 &&
		    v->file_open(f, path, LIBVHDI_OPEN_READ, (libvhdi_error_t **)&e) == 1 &&
		    v->file_get_media_size(f, &s, (libvhdi_error_t **)&e) == 1) {
			*out = f;
			*size = s;
			return 0;
		}
		if (f)
			v->file_free(&f, NULL);
	}
	return ll_error_set(LL_ECORRUPT, "%s image '%s': %s", ll_vdisk_name(kind), path,
			    why_of(kind, &e, why, sizeof(why)));
}

static void close_layer(enum ll_vdisk kind, void *h)
{
	if (!h)
		return;
	if (kind == LL_VDISK_VMDK) {
		libvmdk_handle_t *x = h;

		ll_vmdk_api_get()->handle_close(x, NULL);
		ll_vmdk_api_get()->handle_free(&x, NULL);
	} else {
		libvhdi_file_t *x = h;

		ll_vhdi_api_get()->file_close(x, NULL);
		ll_vhdi_api_get()->file_free(&x, NULL);
	}
}

static int set_parent(enum ll_vdisk kind, void *child, void *parent, char *why, size_t len)
{
	void *e = NULL;
	int ok = kind == LL_VDISK_VMDK
		 ? ll_vmdk_api_get()->handle_set_parent_handle(child, parent, (libvmdk_error_t **)&e)
		 : ll_vhdi_api_get()->file_set_parent_file(child, parent, (libvhdi_error_t **)&e);

	if (ok == 1)
		return 0;
	why_of(kind, &e, why, len);
	return -1;
}

static ssize_t vchain_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vchain_img *m = (struct vchain_img *)img;
	void *e = NULL;
	char why[512];
	ssize_t got;

	if (off < 0 || off >= img->size)
		return 0;
	got = m->kind == LL_VDISK_VMDK
	      ? ll_vmdk_api_get()->handle_read_buffer_at_offset(m->layers[0], buf, len, (off64_t)off,
								  (libvmdk_error_t **)&e)
	      : ll_vhdi_api_get()->file_read_buffer_at_offset(m->layers[0], buf, len, (off64_t)off,
								(libvhdi_error_t **)&e);
	if (got < 0) {
		tk->error_reset();
		tk->error_set_errno(TSK_ERR_IMG_READ);
		tk->error_set_errstr("%s read at offset %" PRId64 ": %s", ll_vdisk_name(m->kind),
				     (int64_t)off, why_of(m->kind, &e, why, sizeof(why)));
	}
	return got;
}

static void vchain_close(TSK_IMG_INFO *img)
{
	struct vchain_img *m = (struct vchain_img *)img;

	/* the child first: it holds its parent */
	for (size_t i = 0; i < m->n; i++)
		close_layer(m->kind, m->layers[i]);
	ll_free(m);
}

static void vchain_stat(TSK_IMG_INFO *img, FILE *f)
{
	fprintf(f, "differencing %s image (%zu layers)\n",
		ll_vdisk_name(((struct vchain_img *)img)->kind), ((struct vchain_img *)img)->n);
}

/* Each layer's parent opened and given to it, child to base. */
static int open_chain(struct vchain_img *m, const char *const *paths, size_t n, uint64_t size)
{
	size_t at = 0, idx[CHAIN_MAX + 1] = { 0 };
	char why[512];
	int rc;

	for (;;) {
		struct ll_vdisk_parent p, pp;
		uint64_t psize = 0;
		size_t k;

		if ((rc = ll_vdisk_parent_of_file(&p, paths[at])) < 0)
			return rc;
		if (!p.differencing)
			return 0;
		for (char *c = p.name; *c; c++)
			if (*c == '\'')
				*c = '?';
		if ((k = ll_vdisk_parent_in(paths, n, at, p.name)) == SIZE_MAX)
			return ll_error_set(LL_ENOTFOUND,
					    "%s image '%s': a differencing disk, its parent '%s' (its %s "
					    "at offset %" PRIu64 ") is not among the item's files (looked "
					    "for '%s' next to it)", p.format, paths[at], p.name, p.field,
					    p.offset, ll_vdisk_parent_base(p.name));
		for (size_t j = 0; j < m->n; j++)
			if (idx[j] == k)
				return ll_error_set(LL_ECORRUPT, "%s image '%s': its parent '%s' (%s) is "
						    "a layer of its own chain: a loop", p.format,
						    paths[at], p.name, paths[k]);
		if (m->n > CHAIN_MAX)
			return ll_error_set(LL_ECORRUPT, "%s image '%s': its parent '%s' makes the "
					    "chain deeper than %d layers", p.format, paths[at], p.name,
					    CHAIN_MAX);
		if (p.linkage[0] && ((rc = ll_vdisk_parent_of_file(&pp, paths[k])) < 0 ||
				     (rc = ll_vdisk_parent_link_check(&p, paths[at], &pp, paths[k])) < 0))
			return rc;
		if ((rc = open_layer(&m->layers[m->n], &psize, m->kind, paths[k])) < 0)
			return rc;
		idx[m->n++] = k;
		if (psize != size)
			return ll_error_set(LL_ECORRUPT,
					    "%s image '%s': its parent '%s' (%s) holds %" PRIu64 " bytes, "
					    "the disk %" PRIu64 ": a chain of layers of other sizes is not "
					    "read", p.format, paths[at], p.name, paths[k], psize, size);
		if (set_parent(m->kind, m->layers[m->n - 2], m->layers[m->n - 1], why, sizeof(why)) < 0)
			return ll_error_set(LL_ECORRUPT, "%s image '%s': its parent '%s' (%s) cannot "
					    "be set: %s", p.format, paths[at], p.name, paths[k], why);
		at = k;
	}
}

int ll_tsk_image_open_vchain(struct ll_tsk_image **out, const char *const *paths, size_t n,
			     enum ll_vdisk kind)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vchain_img *m;
	struct ll_tsk_image *img;
	uint64_t size = 0;
	TSK_IMG_INFO *ti;
	int rc;

	if (!tk)
		return ll_error_context("image '%s'", paths[0]);
	if (kind != LL_VDISK_VMDK && kind != LL_VDISK_VHD && kind != LL_VDISK_VHDX)
		return ll_error_set(LL_EINVAL, "'%s': not a VMDK, VHD or VHDX", paths[0]);
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	m->kind = kind;
	if ((rc = open_layer(&m->layers[0], &size, kind, paths[0])) < 0)
		goto fail;
	m->n = 1;
	if ((rc = open_chain(m, paths, n, size)) < 0)
		goto fail;
	if (size > (uint64_t)INT64_MAX) {
		rc = ll_error_set(LL_ECORRUPT, "%s image '%s': media size %" PRIu64 " too large",
				  ll_vdisk_name(kind), paths[0], size);
		goto fail;
	}
	m->info.tag = TSK_IMG_INFO_TAG;
	tk->error_reset();
	ti = tk->img_open_external(m, (TSK_OFF_T)size, 512, vchain_read, vchain_close, vchain_stat);
	if (!ti) {
		rc = ll_error_set(LL_ECORRUPT, "%s image '%s': %s", ll_vdisk_name(kind), paths[0],
				  tk->error_get());
		goto fail;
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	img->format = ll_vdisk_name(kind);
	*out = img;
	return 0;
fail:
	vchain_close(&m->info);
	return rc;
}
