/* SPDX-License-Identifier: Apache-2.0 */
/* Prefetch files inside a disk image, read from their bytes (pf_image.h). */
#include "core/compat.h"
#include "analyze/prefetch/pf_image.h"

#include <stdio.h>

#include "analyze/prefetch/pf_read.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

void ll_pf_image_preload(void)
{
	if (ll_scca_api_get())
		(void)ll_scca_bfio_api_get();
}

/* A Prefetch file of the image lost: said, counted, the image goes on. */
static int lost(struct ll_source_ctx *ctx, const char *label, const char *why)
{
	return ll_source_reject_artefact(ctx, "Prefetch file", label, why);
}

/*
 * Opens `data` (len bytes, then the walk's LL_TSK_ARTEFACT_SLACK zero bytes:
 * a reader that trusts a size in the file overruns into them, not past the
 * allocation) with libscca through a libbfio memory range, read in place.
 */
static int open_mem(libscca_file_t **f, libbfio_handle_t **h, const uint8_t *data, size_t len,
		    char *refused, size_t n)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	const struct ll_scca_bfio_api *lb = ll_scca_bfio_api_get();
	libbfio_error_t *berr = NULL;
	libscca_error_t *err = NULL;

	if (lb->memory_range_initialize(h, &berr) != 1 ||
	    lb->memory_range_set(*h, (uint8_t *)(uintptr_t)data, len, &berr) != 1) {
		lb->error_free(&berr);
		return ll_error_set(LL_ENOMEM, "libbfio: cannot make a memory range");
	}
	if (ls->file_initialize(f, &err) != 1) {
		ll_pf_scca_err(refused, n, &err);
		return ll_error_set(LL_ENOMEM, "libscca: %s", refused);
	}
	if (ls->file_open_file_io_handle(*f, *h, LIBSCCA_OPEN_READ, &err) != 1) {
		ll_pf_scca_err(refused, n, &err);
		if (!refused[0])
			snprintf(refused, n, "libscca cannot open it");
		ls->file_free(f, NULL);
	}
	return 0;
}

int ll_pf_image_read(struct ll_source_ctx *ctx, const struct ll_source_volume *vol,
		     const char *inode, const char *path, const uint8_t *data, size_t len,
		     uint64_t size)
{
	const struct ll_scca_api *ls = ll_scca_api_get(); /* preloaded */
	const struct ll_scca_bfio_api *lb = ls ? ll_scca_bfio_api_get() : NULL;
	struct ll_pf_info pi = { 0 };
	struct ll_pf_raw raw = { 0 };
	struct ll_buf label, prefix;
	libscca_file_t *f = NULL;
	libbfio_handle_t *h = NULL;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc;

	ll_buf_init(&label);
	ll_buf_init(&prefix);
	if ((rc = ll_source_artefact_names(&label, &prefix, ctx, vol, inode,
					   path)) < 0)
		goto out;
	if (!data) {
		rc = lost(ctx, label.ptr, size > LL_PF_IMAGE_MAX ? "larger than 16 MiB: not read"
							   : "its bytes could not be read from the image");
		goto out;
	}
	if (!ls || !lb) {
		rc = lost(ctx, label.ptr, ll_error_message());
		goto out;
	}
	/* no copy of its own: libscca reads `data` in place, as regf_image.c does a hive's */
	raw.hlen = len < sizeof(raw.head) ? len : sizeof(raw.head);
	memcpy(raw.head, data, raw.hlen);
	raw.size = len;
	pi.compressed = ll_pf_kind(raw.head, raw.hlen) == LL_PF_MAM;
	if ((rc = open_mem(&f, &h, data, len, raw.refused, sizeof(raw.refused))) < 0)
		goto out;
	if (f)
		rc = ll_pf_read_scca(&pi, f, ctx, label.ptr);
	else
		rc = ll_pf_fallback(&pi, &raw, ctx, label.ptr);
	if (rc == LL_ECORRUPT) { /* this file refused: the image goes on */
		char why[768];

		snprintf(why, sizeof(why), "%s", ll_error_message());
		rc = lost(ctx, label.ptr, why);
		goto out;
	}
	if (rc >= 0) {
		struct ll_pf_where w = { label.ptr, path, prefix.ptr, name };

		rc = ll_pf_emit(&pi, ctx, &w);
	}
out:
	if (f) {
		ls->file_close(f, NULL);
		ls->file_free(&f, NULL);
	}
	if (h)
		lb->handle_free(&h, NULL);
	ll_pf_info_release(&pi);
	ll_buf_release(&label);
	ll_buf_release(&prefix);
	return rc;
}
