/* SPDX-License-Identifier: Apache-2.0 */
/* The media inside an E01 segment set as a source, read through libewf (verification). */
#include "core/compat.h"
#include "collect/source.h"

#include "collect/ewf_util.h"
#include "core/error.h"

static ssize_t ewf_read(struct ll_source *s, void *buf, size_t len, uint64_t off)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_error_t *err = NULL;
	ssize_t n;

	if (s->size >= 0 && off >= (uint64_t)s->size)
		return 0;
	n = ew->handle_read_random(s->priv, buf, len, (off64_t)off, &err);
	if (n < 0)
		return ll_ewf_error(LL_ECORRUPT, &err, "reading the E01 media");
	return n;
}

static void ewf_close(struct ll_source *s)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_handle_t *h = s->priv;
	libewf_error_t *err = NULL;

	if (h) {
		ew->handle_close(h, &err);
		ew->error_free(&err);
		ew->handle_free(&h, &err);
		ew->error_free(&err);
	}
	s->priv = NULL;
}

static const struct ll_source_ops ewf_ops = { ewf_read, ewf_close };

void *ll_source_ewf_handle(const struct ll_source *s)
{
	return s && s->ops == &ewf_ops ? s->priv : NULL;
}

int ll_source_open_ewf(struct ll_source **out, char *const *files, size_t n)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	libewf_handle_t *h = NULL;
	libewf_error_t *err = NULL;
	struct ll_source *s = NULL;
	size64_t size = 0;
	uint32_t bps = 0;
	int rc;

	if (n == 0 || n > INT32_MAX)
		return ll_error_set(LL_EINVAL, "no E01 files to open");
	if (!ew) /* libewf.so.2 missing: the getter's error names it */
		return ll_error_context("cannot read '%s'", files[0]);
	if (ew->handle_initialize(&h, &err) != 1)
		return ll_ewf_error(LL_ENOMEM, &err, "libewf");
	if (ew->handle_open(h, files, (int)n, LIBEWF_OPEN_READ, &err) != 1) {
		rc = ll_ewf_error(LL_ECORRUPT, &err, files[0]);
		ew->handle_free(&h, NULL);
		return rc;
	}
	if (ew->handle_get_media_size(h, &size, &err) != 1 || size > INT64_MAX) {
		rc = ll_ewf_error(LL_ECORRUPT, &err, files[0]);
		ew->handle_close(h, NULL);
		ew->handle_free(&h, NULL);
		return rc;
	}
	if ((rc = ll_source_new(&s, files[0], &ewf_ops)) < 0) {
		ew->handle_close(h, NULL);
		ew->handle_free(&h, NULL);
		return rc;
	}
	s->priv = h;
	s->size = (int64_t)size;
	s->seekable = true;
	if (ew->handle_get_bytes_per_sector(h, &bps, &err) == 1 && bps >= 512)
		s->sector_size = bps;
	ew->error_free(&err);
	*out = s;
	return 0;
}
