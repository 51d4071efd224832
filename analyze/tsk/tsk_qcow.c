/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A QCOW image (QEMU copy-on-write, versions 1 to 3) given to libtsk as an
 * external image: libtsk 4.11 has no QCOW support, libqcow reads it. The
 * file is opened here, before a worker's lock-down; libqcow keeps it open.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/qcow_lib.h"
#include "analyze/tsk/qcow_zero.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/vdisk_parent.h"

#include "core/alloc.h"
#include "core/error.h"

/* The deepest backing chain read (as cli/vdisk/vdisk_chain.h collects). */
#define QCOW_CHAIN_MAX 16

/* TSK_IMG_INFO must come first (tsk_img_open_external). */
struct qcow_img {
	TSK_IMG_INFO info;
	libqcow_file_t *file;                  /* the child: its view is the disk */
	libqcow_file_t *layers[QCOW_CHAIN_MAX]; /* its parents, child's first, kept open */
	size_t nlayers;
};

/* libqcow's error as one line into buf, then freed. */
static const char *qcow_why(char *buf, size_t len, libqcow_error_t **e)
{
	const struct ll_qcow_api *q = ll_qcow_api_get();

	buf[0] = '\0';
	if (q && e && *e) {
		q->error_sprint(*e, buf, len);
		q->error_free(e);
	}
	for (char *c = buf; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return buf[0] ? buf : "unknown error";
}

static ssize_t qcow_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_qcow_api *q = ll_qcow_api_get();
	struct qcow_img *m = (struct qcow_img *)img;
	libqcow_error_t *e = NULL;
	char why[512];
	ssize_t got;

	if (off < 0 || off >= img->size)
		return 0;
	got = q->file_read_buffer_at_offset(m->file, buf, len, (off64_t)off, &e);
	if (got < 0) {
		tk->error_reset();
		tk->error_set_errno(TSK_ERR_IMG_READ);
		tk->error_set_errstr("qcow read at offset %" PRId64 ": %s", (int64_t)off,
				     qcow_why(why, sizeof(why), &e));
	}
	return got;
}

static void qcow_close(TSK_IMG_INFO *img)
{
	const struct ll_qcow_api *q = ll_qcow_api_get();
	struct qcow_img *m = (struct qcow_img *)img;

	if (m->file) {
		q->file_close(m->file, NULL);
		q->file_free(&m->file, NULL);
	}
	for (size_t i = 0; i < m->nlayers; i++) {
		q->file_close(m->layers[i], NULL);
		q->file_free(&m->layers[i], NULL);
	}
	ll_free(m);
}

static void qcow_stat(TSK_IMG_INFO *img, FILE *f)
{
	LL_UNUSED(img);
	fprintf(f, "qcow image (libqcow)\n");
}

/* The recorded name, made printable for a message (the evidence's bytes: quoted, bounded). */
static void printable(char *name)
{
	for (unsigned char *c = (unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '\'')
			*c = '?';
}

/*
 * Each layer's backing file opened from the set and given to it
 * (libqcow_file_set_parent_file), child to base. A backing file not in
 * the set, a loop, a chain deeper than QCOW_CHAIN_MAX or a parent of
 * another size is refused, naming the layer and the name it records (a
 * smaller one: why, below).
 */
static int open_parents(struct qcow_img *m, const char *const *paths, size_t n, size64_t size)
{
	const struct ll_qcow_api *q = ll_qcow_api_get();
	libqcow_file_t *cur = m->file;
	libqcow_error_t *e = NULL;
	bool used[QCOW_CHAIN_MAX + 1] = { true };
	size_t at = 0;
	char why[512];
	int rc;

	for (;;) {
		char name[1024] = "";
		size_t len = 0, p;
		size64_t psize = 0;
		libqcow_file_t *parent = NULL;

		if (q->file_get_utf8_backing_filename_size(cur, &len, &e) != 1 || len <= 1) {
			if (e)
				q->error_free(&e);
			return 0; /* the base: no backing file */
		}
		if (len > sizeof(name) ||
		    q->file_get_utf8_backing_filename(cur, (uint8_t *)name, len, &e) != 1)
			return ll_error_set(LL_ECORRUPT,
					    "qcow image '%s': its backing file name (%zu bytes) cannot be "
					    "read: %s", paths[at], len - 1, qcow_why(why, sizeof(why), &e));
		printable(name);
		p = ll_vdisk_parent_in(paths, n, at, name);
		if (p == SIZE_MAX)
			return ll_error_set(LL_ENOTFOUND,
					    "qcow image '%s': a differencing image, its backing file '%s' "
					    "is not among the item's files (looked for '%s' next to it)",
					    paths[at], name, ll_vdisk_parent_base(name));
		if (m->nlayers == QCOW_CHAIN_MAX || (p <= QCOW_CHAIN_MAX && used[p]))
			return ll_error_set(LL_ECORRUPT,
					    "qcow image '%s': its backing file '%s' (%s) %s", paths[at],
					    name, paths[p], m->nlayers == QCOW_CHAIN_MAX
					    ? "makes the chain deeper than it is read"
					    : "is a layer of its own chain: a loop");
		if (p <= QCOW_CHAIN_MAX)
			used[p] = true;
		if ((rc = ll_qcow_zero_clusters_file(paths[p])) < 0)
			return rc;
		if (q->file_initialize(&parent, &e) != 1 ||
		    q->file_open(parent, paths[p], LIBQCOW_OPEN_READ, &e) != 1 ||
		    q->file_get_media_size(parent, &psize, &e) != 1) {
			rc = ll_error_set(LL_ECORRUPT, "qcow image '%s' (the backing file '%s' of "
					      "'%s'): %s", paths[p], name, paths[at],
					      qcow_why(why, sizeof(why), &e));

			if (parent)
				q->file_free(&parent, NULL);
			return rc;
		}
		m->layers[m->nlayers++] = parent;
		/*
		 * A backing file smaller than its overlay (an overlay grown by
		 * `qemu-img resize`): qemu reads past its end as zeros, but
		 * libqcow 20201213, given it, does not stop at its end: a read of
		 * the overlay past it loops without returning (issue #19, seen on
		 * a 1 MiB backing file under a 2 MiB overlay). libqcow will not
		 * read an overlay without its parent either ("missing parent
		 * file"), so the zeros cannot be had from it: refused, saying so.
		 */
		if (psize < size)
			return ll_error_set(LL_ECORRUPT,
					    "qcow image '%s': its backing file '%s' (%s) holds %" PRIu64
					    " bytes, the disk %" PRIu64 ": an overlay larger than its "
					    "backing file (grown by qemu-img resize; qemu reads past the "
					    "backing file's end as zeros) is not read: libqcow does not "
					    "stop at a smaller backing file's end (its read loops)",
					    paths[at], name, paths[p], (uint64_t)psize, (uint64_t)size);
		/* a larger one: not a chain lifeline was shown to read correctly, not guessed */
		if (psize != size)
			return ll_error_set(LL_ECORRUPT,
					    "qcow image '%s': its backing file '%s' (%s) holds %" PRIu64
					    " bytes, the disk %" PRIu64 ": a chain of layers of other "
					    "sizes is not read", paths[at], name, paths[p],
					    (uint64_t)psize, (uint64_t)size);
		if (q->file_set_parent_file(cur, parent, &e) != 1)
			return ll_error_set(LL_ECORRUPT,
					    "qcow image '%s': its backing file '%s' (%s) cannot be set: %s",
					    paths[at], name, paths[p], qcow_why(why, sizeof(why), &e));
		cur = parent;
		at = p;
	}
}

int ll_tsk_image_open_qcow(struct ll_tsk_image **out, const char *const *paths, size_t n)
{
	const char *path = paths[0];
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_qcow_api *q = ll_qcow_api_get();
	struct qcow_img *m = NULL;
	struct ll_tsk_image *img;
	libqcow_error_t *e = NULL;
	size64_t size = 0;
	TSK_IMG_INFO *ti;
	char why[512];
	int rc;

	if (!tk || !q)
		return ll_error_context("qcow image '%s'", path);
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* a v3 cluster marked zero would be read as other bytes (qcow_zero.h) */
	if ((rc = ll_qcow_zero_clusters_file(path)) < 0) {
		ll_free(m);
		return rc;
	}
	if (q->file_initialize(&m->file, &e) != 1 ||
	    q->file_open(m->file, path, LIBQCOW_OPEN_READ, &e) != 1 ||
	    q->file_get_media_size(m->file, &size, &e) != 1) {
		rc = ll_error_set(LL_ECORRUPT, "qcow image '%s': %s", path,
				  qcow_why(why, sizeof(why), &e));
		goto fail;
	}
	/* a differencing image reads through its backing files, the item's other files */
	if ((rc = open_parents(m, paths, n, size)) < 0)
		goto fail;
	if (e)
		q->error_free(&e);
	if (size > (size64_t)INT64_MAX) {
		rc = ll_error_set(LL_ECORRUPT, "qcow image '%s': media size %" PRIu64 " too large",
				  path, (uint64_t)size);
		goto fail;
	}
	m->info.tag = TSK_IMG_INFO_TAG;
	tk->error_reset();
	ti = tk->img_open_external(m, (TSK_OFF_T)size, 512, qcow_read, qcow_close, qcow_stat);
	if (!ti) {
		rc = ll_error_set(LL_ECORRUPT, "qcow image '%s': %s", path, tk->error_get());
		goto fail;
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	img->format = "qcow";
	*out = img;
	return 0;
fail:
	qcow_close(&m->info);
	return rc;
}
