/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A QCOW image (QEMU copy-on-write, versions 1 to 3) given to libtsk as an
 * external image: libtsk 4.11 has no QCOW support, libqcow reads it. The
 * file is opened here, before a worker's lock-down; libqcow keeps it open.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/qcow_lib.h"
#include "analyze/tsk/tsk_internal.h"

#include "core/alloc.h"
#include "core/error.h"

/* TSK_IMG_INFO must come first (tsk_img_open_external). */
struct qcow_img {
	TSK_IMG_INFO info;
	libqcow_file_t *file;
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
	ll_free(m);
}

static void qcow_stat(TSK_IMG_INFO *img, FILE *f)
{
	LL_UNUSED(img);
	fprintf(f, "qcow image (libqcow)\n");
}

int ll_tsk_image_open_qcow(struct ll_tsk_image **out, const char *path)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_qcow_api *q = ll_qcow_api_get();
	struct qcow_img *m = NULL;
	struct ll_tsk_image *img;
	libqcow_error_t *e = NULL;
	size64_t size = 0;
	size_t backing = 0;
	TSK_IMG_INFO *ti;
	char why[512];
	int rc;

	if (!tk || !q)
		return ll_error_context("qcow image '%s'", path);
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (q->file_initialize(&m->file, &e) != 1 ||
	    q->file_open(m->file, path, LIBQCOW_OPEN_READ, &e) != 1 ||
	    q->file_get_media_size(m->file, &size, &e) != 1) {
		rc = ll_error_set(LL_ECORRUPT, "qcow image '%s': %s", path,
				  qcow_why(why, sizeof(why), &e));
		goto fail;
	}
	/* a differencing image reads through its backing file: not read alone as if whole */
	if (q->file_get_utf8_backing_filename_size(m->file, &backing, &e) == 1 && backing > 1) {
		uint8_t name[256] = "";

		/* the name as the image records it (the evidence's bytes: quoted, bounded) */
		if (backing > sizeof(name) ||
		    q->file_get_utf8_backing_filename(m->file, name, backing, NULL) != 1)
			snprintf((char *)name, sizeof(name), "(a name of %zu bytes)", backing - 1);
		for (uint8_t *c = name; *c; c++)
			if (*c < 0x20 || *c == 0x7f || *c == '\'')
				*c = '?';
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "qcow image '%s': a differencing image, its backing file '%s' "
				  "(its parent chain is not read yet)", path, (const char *)name);
		goto fail;
	}
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
