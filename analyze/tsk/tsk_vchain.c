/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A differencing VMDK, VHD or VHDX read through its parents, the child
 * given to libtsk as an external image: a VMDK through libvmdk opened
 * directly on each layer, each given its parent (set_parent_handle); a
 * VHDX through libvhdi the same way (set_parent_file); a VHD through
 * lifeline's own block reader (analyze/vhd_blocks.h) down to its base,
 * which libvhdi reads alone (libvhdi's set_parent_file misreads VHD: below).
 * The parents are the item's other files, found by the names each layer
 * records (analyze/vdisk_parent.h) as the collection found them, a VHDX's
 * parent_linkage checked against its parent's DataWriteGuid. Every layer
 * is opened here, before a worker's lock-down.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/vchain_lib.h"
#include "analyze/tsk/tsk_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/vdisk_parent.h"
#include "analyze/vhd_blocks.h"
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

/*
 * The file of the item (paths, n) that layer paths[at] names as its parent
 * (*p, read here): *k. Refused when it is missing, already a layer of the
 * chain (idx[0..depth)): a loop, or when it makes the chain too deep.
 */
static int parent_index(size_t *k, struct ll_vdisk_parent *p, const char *const *paths, size_t n,
			size_t at, const size_t *idx, size_t depth)
{
	int rc;

	if ((rc = ll_vdisk_parent_of_file(p, paths[at])) < 0)
		return rc;
	if (!p->differencing)
		return 0;
	for (char *c = p->name; *c; c++)
		if (*c == '\'')
			*c = '?';
	if ((*k = ll_vdisk_parent_in(paths, n, at, p->name)) == SIZE_MAX)
		return ll_error_set(LL_ENOTFOUND,
				    "%s image '%s': a differencing disk, its parent '%s' (its %s "
				    "at offset %" PRIu64 ") is not among the item's files (looked "
				    "for '%s' next to it)", p->format, paths[at], p->name, p->field,
				    p->offset, ll_vdisk_parent_base(p->name));
	for (size_t j = 0; j < depth; j++)
		if (idx[j] == *k)
			return ll_error_set(LL_ECORRUPT, "%s image '%s': its parent '%s' (%s) is "
					    "a layer of its own chain: a loop", p->format,
					    paths[at], p->name, paths[*k]);
	if (depth > CHAIN_MAX)
		return ll_error_set(LL_ECORRUPT, "%s image '%s': its parent '%s' makes the "
				    "chain deeper than %d layers", p->format, paths[at], p->name,
				    CHAIN_MAX);
	/* a VHDX names its parent's DataWriteGuid: another disk of that name is refused */
	if (p->linkage[0]) {
		struct ll_vdisk_parent pp;

		if ((rc = ll_vdisk_parent_of_file(&pp, paths[*k])) < 0 ||
		    (rc = ll_vdisk_parent_link_check(p, paths[at], &pp, paths[*k])) < 0)
			return rc;
	}
	return 0;
}

/* Each layer's parent opened and given to it, child to base. */
static int open_chain(struct vchain_img *m, const char *const *paths, size_t n, uint64_t size)
{
	size_t at = 0, idx[CHAIN_MAX + 1] = { 0 };
	char why[512];
	int rc;

	for (;;) {
		struct ll_vdisk_parent p;
		uint64_t psize = 0;
		size_t k = SIZE_MAX;

		if ((rc = parent_index(&k, &p, paths, n, at, idx, m->n)) < 0)
			return rc;
		if (!p.differencing)
			return 0;
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

/*
 * A differencing VHD is read by lifeline's own block reader
 * (analyze/vhd_blocks.h), not by libvhdi given its parent, which reads as
 * zeros a parent's sector that follows a child's sector in a block (t2772):
 * each differencing layer's sectors its own where its bitmap says so, else
 * its parent's; the base (fixed or dynamic) read alone by libvhdi, which
 * reads those right. Each layer's parent checked to be the disk it names
 * by the unique id it records.
 */
struct vhd_layer {
	int fd;
	const char *path;          /* the item's, kept */
	struct ll_vhd_blocks b;    /* a differencing layer (b.bat set) */
	libvhdi_file_t *base;      /* or the base, fixed or dynamic */
	struct vhd_layer *parent;  /* the next layer, NULL for the base */
};

/* TSK_IMG_INFO must come first (tsk_img_open_external). */
struct vhd_img {
	TSK_IMG_INFO info;
	struct vhd_layer l[CHAIN_MAX + 1];
	size_t n;
};

/* The layer's view at off: the base through libvhdi, a differencing layer through its blocks. */
static ssize_t vhd_layer_read(void *payload, uint64_t off, void *buf, size_t len)
{
	struct vhd_layer *l = payload;
	void *e = NULL;
	char why[512];
	ssize_t got;

	if (!l->base)
		return ll_vhd_blocks_read(&l->b, off, buf, len, vhd_layer_read, l->parent);
	got = ll_vhdi_api_get()->file_read_buffer_at_offset(l->base, buf, len, (off64_t)off,
							    (libvhdi_error_t **)&e);
	if (got < 0)
		ll_error_set(LL_EIO, "vhd image '%s': cannot read %zu bytes at virtual offset %"
			     PRIu64 ": %s", l->path, len, off,
			     why_of(LL_VDISK_VHD, &e, why, sizeof(why)));
	return got;
}

static ssize_t vhd_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vhd_img *m = (struct vhd_img *)img;
	ssize_t got;

	if (off < 0 || off >= img->size)
		return 0;
	if ((got = vhd_layer_read(&m->l[0], (uint64_t)off, buf, len)) < 0) {
		tk->error_reset();
		tk->error_set_errno(TSK_ERR_IMG_READ);
		tk->error_set_errstr("%s", ll_error_message());
	}
	return got;
}

static void vhd_close(TSK_IMG_INFO *img)
{
	struct vhd_img *m = (struct vhd_img *)img;

	for (size_t i = 0; i < m->n; i++) {
		close_layer(LL_VDISK_VHD, m->l[i].base);
		ll_vhd_blocks_release(&m->l[i].b);
		if (m->l[i].fd >= 0)
			close(m->l[i].fd);
	}
	ll_free(m);
}

static void vhd_stat(TSK_IMG_INFO *img, FILE *f)
{
	fprintf(f, "differencing vhd image (%zu layers)\n", ((struct vhd_img *)img)->n);
}

static bool zero_id(const uint8_t id[16])
{
	for (size_t i = 0; i < 16; i++)
		if (id[i])
			return false;
	return true;
}

/* Layer l (paths[at]) opened: its blocks when differencing, else libvhdi on it; *size its disk's. */
static int vhd_open_layer(struct vhd_layer *l, uint64_t *size, uint8_t id[16], bool differencing)
{
	struct stat sb;
	int rc;

	if ((l->fd = open(l->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(l->fd, &sb) != 0)
		return ll_error_set(LL_EIO, "cannot open '%s': %s", l->path, strerror(errno));
	if (!differencing) {
		if ((rc = ll_vhd_footer_id(id, ll_vdisk_fd_read, &l->fd, (uint64_t)sb.st_size, l->path)) < 0)
			return rc;
		return open_layer((void **)&l->base, size, LL_VDISK_VHD, l->path);
	}
	if ((rc = ll_vhd_blocks_init(&l->b, ll_vdisk_fd_read, &l->fd, (uint64_t)sb.st_size, l->path)) < 0)
		return rc;
	memcpy(id, l->b.id, 16);
	*size = l->b.disk_size;
	return 0;
}

/* The chain from paths[0], child to base, each layer checked against the one naming it. */
static int vhd_open_chain(struct vhd_img *m, const char *const *paths, size_t n, uint64_t *size)
{
	size_t at = 0, idx[CHAIN_MAX + 1] = { 0 };
	struct ll_vdisk_parent p;
	int rc;

	if ((rc = ll_vdisk_parent_of_file(&p, paths[0])) < 0)
		return rc;
	for (;;) {
		struct vhd_layer *l = &m->l[m->n];
		uint64_t lsize = 0;
		uint8_t id[16];
		size_t k = SIZE_MAX;
		bool diff = p.differencing;

		l->path = paths[at];
		idx[m->n++] = at;
		if ((rc = vhd_open_layer(l, &lsize, id, diff)) < 0)
			return rc;
		if (m->n == 1) {
			*size = lsize;
		} else {
			const struct vhd_layer *child = l - 1;

			if (lsize != *size)
				return ll_error_set(LL_ECORRUPT,
						    "vhd image '%s': its parent '%s' holds %" PRIu64 " bytes, "
						    "the disk %" PRIu64 ": a chain of layers of other sizes "
						    "is not read", child->path, l->path, lsize, *size);
			/* a parent of the same name but another disk: its sectors are not the child's */
			if (!zero_id(child->b.parent_id) && memcmp(child->b.parent_id, id, 16))
				return ll_error_set(LL_ECORRUPT,
						    "vhd image '%s': its dynamic header's parent unique id "
						    "(at offset %" PRIu64 ") is not the unique id of '%s' (its "
						    "footer at offset 68 of its last 512 bytes): another disk "
						    "than its parent", child->path,
						    child->b.header_offset + 40, l->path);
			l[-1].parent = l;
		}
		if (!diff)
			return 0;
		if ((rc = parent_index(&k, &p, paths, n, at, idx, m->n)) < 0)
			return rc;
		if (!p.differencing) /* the layer said so when opened: it changed since */
			return ll_error_set(LL_EIO, "vhd image '%s' changed while it was opened",
					    paths[at]);
		at = k;
		if ((rc = ll_vdisk_parent_of_file(&p, paths[at])) < 0)
			return rc;
	}
}

static int open_vhd_chain(struct ll_tsk_image **out, const char *const *paths, size_t n)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vhd_img *m;
	struct ll_tsk_image *img;
	uint64_t size = 0;
	TSK_IMG_INFO *ti;
	int rc;

	if (!ll_vhdi_api_get())
		return ll_error_context("vhd image '%s'", paths[0]);
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i <= CHAIN_MAX; i++)
		m->l[i].fd = -1;
	if ((rc = vhd_open_chain(m, paths, n, &size)) < 0)
		goto fail;
	if (size > (uint64_t)INT64_MAX) {
		rc = ll_error_set(LL_ECORRUPT, "vhd image '%s': media size %" PRIu64 " too large",
				  paths[0], size);
		goto fail;
	}
	m->info.tag = TSK_IMG_INFO_TAG;
	tk->error_reset();
	ti = tk->img_open_external(m, (TSK_OFF_T)size, 512, vhd_read, vhd_close, vhd_stat);
	if (!ti) {
		rc = ll_error_set(LL_ECORRUPT, "vhd image '%s': %s", paths[0], tk->error_get());
		goto fail;
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	img->format = "vhd";
	*out = img;
	return 0;
fail:
	vhd_close(&m->info);
	return rc;
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
	if (kind == LL_VDISK_VHD)
		return open_vhd_chain(out, paths, n);
	if (kind != LL_VDISK_VMDK && kind != LL_VDISK_VHDX)
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
